/* test-events.c — meetups (docs/protocol.md §6.6): Brussels time across the
 * changes of hour, repetition, only the organiser changes a meetup, and the
 * same confirmed people after folding again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-event-time.h"
#include "bn-payload-event.h"

#include <string.h>

static gint64
utc_ms (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000;
}

static void
test_brussels_offsets (void)
{
  gint64 ms = 0;
  g_autofree char *text = NULL;

  g_assert_cmpint (bn_brussels_offset_s (utc_ms ("2026-03-29T00:59:59Z") / 1000), ==, 3600);
  g_assert_cmpint (bn_brussels_offset_s (utc_ms ("2026-03-29T01:00:00Z") / 1000), ==, 7200);
  g_assert_cmpint (bn_brussels_offset_s (utc_ms ("2026-10-25T00:59:59Z") / 1000), ==, 7200);
  g_assert_cmpint (bn_brussels_offset_s (utc_ms ("2026-10-25T01:00:00Z") / 1000), ==, 3600);
  /* Without an offset: Brussels time. The repeated autumn hour is the first. */
  g_assert_true (bn_event_time_parse ("2026-10-25T02:30", &ms));
  g_assert_cmpint (ms, ==, utc_ms ("2026-10-25T00:30:00Z"));
  /* The missing spring hour reads an hour on, in summer time. */
  g_assert_true (bn_event_time_parse ("2026-03-29T02:30", &ms));
  g_assert_cmpint (ms, ==, utc_ms ("2026-03-29T01:30:00Z"));
  g_assert_true (bn_event_time_parse ("2026-07-01T10:00:00-04:00", &ms));
  text = bn_event_time_format (ms);
  g_assert_cmpstr (text, ==, "2026-07-01T16:00:00+02:00");
  g_assert_false (bn_event_time_parse ("tomorrow", &ms));
}

static void
assert_starts (GArray *list, const char *const *expected)
{
  g_assert_cmpuint (list->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *start = bn_event_time_format (g_array_index (list, BnOccurrence, i).start_ms);
      g_assert_cmpstr (start, ==, expected[i]);
    }
}

static void
test_repetition (void)
{
  static const char *const monthly[] = {
    "2027-01-31T10:00:00+01:00", "2027-03-31T10:00:00+02:00", "2027-05-31T10:00:00+02:00", NULL
  };
  static const char *const biweekly[] = {
    "2026-10-17T09:00:00+02:00", "2026-10-31T09:00:00+01:00", NULL
  };
  gint64 start = 0;
  GDate until;
  g_autoptr(GArray) a = NULL, b = NULL, c = NULL;

  bn_event_time_parse ("2027-01-31T10:00", &start);
  bn_event_date_parse ("2027-05-31", &until);
  a = bn_event_occurrences (start, start + 3600000, BN_REPEAT_MONTHLY, &until, 0, 50);
  assert_starts (a, monthly);

  bn_event_time_parse ("2026-10-17T09:00", &start);
  bn_event_date_parse ("2026-11-13", &until);
  b = bn_event_occurrences (start, start + 3600000, BN_REPEAT_BIWEEKLY, &until, 0, 50);
  assert_starts (b, biweekly);

  /* Whatever until says, a year at most. */
  bn_event_date_parse ("2031-01-01", &until);
  c = bn_event_occurrences (start, start + 3600000, BN_REPEAT_WEEKLY, &until, 0, 100);
  g_assert_cmpuint (c->len, ==, 53);
}

static void
test_ics_folding (void)
{
  g_autofree char *title = g_strnfill (200, 'x');
  BnIcsEvent e = { .uid = "abc", .title = "Café, thé; soupe\nensemble", .details = title,
                   .start_ms = utc_ms ("2026-10-21T17:00:00Z"), .end_ms = utc_ms ("2026-10-21T19:00:00Z"),
                   .stamp_ms = utc_ms ("2026-10-01T00:00:00Z") };
  g_autofree char *ics = bn_ics_write (&e);
  g_auto(GStrv) lines = g_strsplit (ics, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, 75);
  g_assert_nonnull (strstr (ics, "SUMMARY:Café\\, thé\\; soupe\\nensemble\r\n"));
  g_assert_nonnull (strstr (ics, "DTSTART;TZID=Europe/Brussels:20261021T190000\r\n"));
  g_assert_nonnull (strstr (ics, "TRIGGER:-PT1H\r\n"));
}

/* Homes: only the organiser changes a meetup; RSVPs fold the same again. */

typedef struct
{
  char   *dir;
  BnHome *ann;
  BnHome *bob;
  BnHome *cas;
} EventFixture;

static void
carry (BnHome *from, BnHome *to)
{
  g_autoptr(GPtrArray) entries = bn_test_store_entries (bn_home_get_store (from));
  BnInsertResult result = { 0 };

  bn_test_insert (bn_home_get_store (to), entries, &result);
  bn_insert_result_clear (&result);
}

static void
fixture_setup (EventFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL, *second = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->ann = bn_test_open_home (f->dir, "Ann");
  f->bob = bn_test_open_home (f->dir, "Bob");
  f->cas = bn_test_open_home (f->dir, "Cas");
  code = bn_home_create_hood (f->ann, "Rue Haute", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->ann, f->bob, code);
  second = bn_test_invite (f->ann);
  bn_test_join_home (f->ann, f->cas, second);
  carry (f->ann, f->bob);
  carry (f->ann, f->cas);
}

static void
fixture_teardown (EventFixture *f, gconstpointer data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_object (&f->cas);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static char *
create_event (BnHome *home, int capacity)
{
  BnEventDraft draft = { .title = "Soup", .start = "2030-06-01T12:00", .end = "2030-06-01T14:00",
                         .place = "the courtyard", .capacity = capacity };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_home_create_event (home, &draft, &error);

  g_assert_no_error (error);
  return bn_entry_dup_id_hex (entry);
}

static void
test_only_organiser (EventFixture *f, gconstpointer data)
{
  g_autofree char *id = create_event (f->ann, -1);
  g_autoptr(JsonObject) forged = bn_event_cancel_payload_encode (id);
  g_autoptr(BnEntry) entry = NULL, refused = NULL;
  g_autoptr(BnEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  carry (f->ann, f->bob);
  refused = bn_home_cancel_event (f->bob, id, &error);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  entry = bn_store_append_local (bn_home_get_store (f->bob), forged, NULL, &error);
  g_assert_no_error (error);
  carry (f->bob, f->ann);
  event = bn_home_get_event (f->ann, id, &error);
  g_assert_false (event->cancelled);
  g_clear_pointer (&event, bn_event_free);
  g_clear_pointer (&entry, bn_entry_unref);
  entry = bn_home_cancel_event (f->ann, id, &error);
  g_assert_no_error (error);
  carry (f->ann, f->bob);
  event = bn_home_get_event (f->bob, id, &error);
  g_assert_true (event->cancelled);
}

static char *
queue_of (BnHome *home, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEvent) event = bn_home_get_event (home, id, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < event->rsvps->len; i++)
    {
      const BnRsvp *r = g_ptr_array_index (event->rsvps, i);
      g_string_append_printf (out, "%s:%s:%s ", r->name, r->answer, r->state ? r->state : "-");
    }
  return g_string_free (out, FALSE);
}

static void
rsvp (BnHome *home, const char *id, const char *answer, guint guests)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_home_rsvp (home, id, answer, guests, &error);

  g_assert_no_error (error);
  g_usleep (2000);   /* a queue place per millisecond of the authors' clocks */
}

/* Who comes on @date, as @home reads it. */
static char *
queue_on (BnHome *home, const char *id, const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEvent) event = bn_home_get_event_on (home, id, date, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (event->date, ==, date);
  for (guint i = 0; i < event->rsvps->len; i++)
    {
      const BnRsvp *r = g_ptr_array_index (event->rsvps, i);
      g_string_append_printf (out, "%s:%s:%s ", r->name, r->answer, r->state ? r->state : "-");
    }
  return g_string_free (out, FALSE);
}

static void
rsvp_on (BnHome *home, const char *id, const char *answer, const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_home_rsvp_on (home, id, answer, 0, date, &error);

  g_assert_no_error (error);
  g_usleep (2000);
}

/* A weekly meetup with one place: Ann comes every week, Bob too (he waits);
 * Ann can't on the 8th, so Bob has that one; Ann's yes for every date again
 * takes it back; a date it does not happen on is refused, and the same on
 * every peer after a rebuild. */
static void
test_rsvp_per_date (EventFixture *f, gconstpointer data)
{
  BnEventDraft draft = { .title = "Walk", .start = "2030-06-01T10:00", .end = "2030-06-01T11:00",
                         .place = "the park", .capacity = 1, .repeat = "weekly",
                         .until = "2030-06-29" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_home_create_event (f->ann, &draft, &error);
  g_autofree char *id = bn_entry_dup_id_hex (entry);
  g_autoptr(BnEntry) refused = NULL;
  g_autoptr(BnEvent) next = NULL;
  g_autofree char *first = NULL, *eighth = NULL, *fifteenth = NULL, *on_bob = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  carry (f->ann, f->bob);
  rsvp (f->ann, id, "yes", 0);
  rsvp (f->bob, id, "yes", 0);
  rsvp_on (f->ann, id, "no", "2030-06-08");
  carry (f->bob, f->ann);
  carry (f->ann, f->bob);

  first = queue_on (f->ann, id, "2030-06-01");
  eighth = queue_on (f->ann, id, "2030-06-08");
  fifteenth = queue_on (f->ann, id, "2030-06-15");
  g_assert_cmpstr (first, ==, "Ann:yes:confirmed Bob:yes:waitlisted ");
  g_assert_cmpstr (eighth, ==, "Bob:yes:confirmed Ann:no:- ");
  g_assert_cmpstr (fifteenth, ==, first);
  on_bob = queue_on (f->bob, id, "2030-06-08");
  g_assert_cmpstr (on_bob, ==, eighth);
  next = bn_home_get_event (f->ann, id, &error);
  g_assert_cmpstr (next->date, ==, "2030-06-01");
  g_assert_false (next->my_answer_dated);

  /* Not a date of this meetup (a Sunday; after its last date). */
  refused = bn_home_rsvp_on (f->bob, id, "yes", 0, "2030-06-09", &error);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_assert_null (refused);
  g_clear_error (&error);
  refused = bn_home_rsvp_on (f->bob, id, "yes", 0, "2030-07-06", &error);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A later answer for every date counts for the 8th too; a yes anew queues anew. */
  rsvp (f->ann, id, "yes", 0);
  g_assert_true (bn_store_rebuild (bn_home_get_store (f->ann), &error));
  again = queue_on (f->ann, id, "2030-06-08");
  g_assert_cmpstr (again, ==, "Bob:yes:confirmed Ann:yes:waitlisted ");
}

static void
test_capacity_after_rebuild (EventFixture *f, gconstpointer data)
{
  g_autofree char *id = create_event (f->ann, 2);
  g_autofree char *before = NULL, *after = NULL, *on_bob = NULL;
  g_autoptr(GError) error = NULL;

  carry (f->ann, f->bob);
  carry (f->ann, f->cas);
  rsvp (f->cas, id, "yes", 0);
  rsvp (f->bob, id, "yes", 1);
  rsvp (f->cas, id, "yes", 0);     /* the same answer again keeps Cas's place */
  rsvp (f->ann, id, "maybe", 0);
  carry (f->bob, f->ann);
  carry (f->cas, f->ann);
  before = queue_of (f->ann, id);
  g_assert_cmpstr (before, ==, "Cas:yes:confirmed Bob:yes:waitlisted Ann:maybe:- ");
  g_assert_true (bn_store_rebuild (bn_home_get_store (f->ann), &error));
  after = queue_of (f->ann, id);
  g_assert_cmpstr (after, ==, before);
  carry (f->ann, f->bob);
  on_bob = queue_of (f->bob, id);
  g_assert_cmpstr (on_bob, ==, before);
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  g_test_add_func ("/buurtnet/core/events/brussels-offsets", test_brussels_offsets);
  g_test_add_func ("/buurtnet/core/events/repetition", test_repetition);
  g_test_add_func ("/buurtnet/core/events/ics-folding", test_ics_folding);
#define ADD(path, func) \
  g_test_add ("/buurtnet/core/events/" path, EventFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("only-organiser", test_only_organiser);
  ADD ("capacity-after-rebuild", test_capacity_after_rebuild);
  ADD ("rsvp-per-date", test_rsvp_per_date);
  return g_test_run ();
}
