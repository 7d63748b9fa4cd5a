/* bn-queries-events.c — meetups as read models (bn-events.h)
 *
 * Who is confirmed when a meetup has a capacity is worked out from every RSVP
 * kept, the same way on every peer (docs/protocol.md §6.6): each neighbour's
 * answer is their newest; the people who say yes queue by when their current
 * run of yes answers began (their clock, never before the meetup was posted),
 * then by public key, then by seq; each party (1 + guests) is confirmed when
 * it fits in the places left, else it waits. Blocking hides a neighbour's
 * answer here and changes nobody's place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-events.h"
#include "bn-queries.h"
#include "bn-event-time.h"
#include "bn-payload-event.h"
#include "bn-store-private.h"
#include "bn-moderation-private.h"
#include "bn-identity.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define NAME_OF(key) \
  "coalesce ((SELECT nm.name FROM profiles nm WHERE nm.author = " key ")," \
  " (SELECT nr.name FROM members nr WHERE nr.key = " key "))"

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? g_strdup ((const char *) text) : NULL;
}

void
bn_rsvp_free (BnRsvp *self)
{
  if (self == NULL)
    return;
  g_free (self->peer_id);
  g_free (self->name);
  g_free (self->answer);
  g_free (self->state);
  g_free (self);
}

void
bn_event_free (BnEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->organiser);
  g_free (self->organiser_name);
  g_free (self->title);
  g_free (self->details);
  g_free (self->start);
  g_free (self->end);
  g_free (self->place);
  g_free (self->category);
  g_free (self->repeat);
  g_free (self->until);
  g_free (self->my_answer);
  g_free (self->date);
  g_clear_pointer (&self->rsvps, g_ptr_array_unref);
  g_free (self);
}

/* Who comes */

typedef struct
{
  guint8  author[BN_PUBLIC_KEY_LEN];
  char   *name;
  char   *answer;
  guint   guests;
  gint64  key_ts;
  gint64  key_seq;
  gboolean dated;       /* the answer standing is for this one date */
} Answer;

static void
answer_free (Answer *a)
{
  g_free (a->name);
  g_free (a->answer);
  g_free (a);
}

static int
compare_queue (gconstpointer pa, gconstpointer pb)
{
  const Answer *a = *(Answer **) pa, *b = *(Answer **) pb;
  int rank_a = g_str_equal (a->answer, "yes") ? 0 : g_str_equal (a->answer, "maybe") ? 1 : 2;
  int rank_b = g_str_equal (b->answer, "yes") ? 0 : g_str_equal (b->answer, "maybe") ? 1 : 2;
  int c;

  if (rank_a != rank_b)
    return rank_a - rank_b;
  if (a->key_ts != b->key_ts)
    return a->key_ts < b->key_ts ? -1 : 1;
  if ((c = memcmp (a->author, b->author, BN_PUBLIC_KEY_LEN)) != 0)
    return c;
  return a->key_seq < b->key_seq ? -1 : a->key_seq > b->key_seq;
}

/* Each neighbour's standing answer for @date, from all their RSVPs for every
 * date or for @date, in their log order. */
static GPtrArray *
collect_answers (BnStore *self, const guint8 *event_id, gint64 posted_ms, const char *date)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT r.author, " NAME_OF ("r.author") ", r.seq, r.ts, r.answer, r.guests, r.date"
      " FROM rsvps r WHERE r.event_id = ?1 AND (r.date IS NULL OR r.date = ?2)"
      " ORDER BY r.author, r.seq");
  GPtrArray *answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);
  Answer *current = NULL;

  sqlite3_bind_blob (stmt, 1, event_id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *answer = (const char *) sqlite3_column_text (stmt, 4);
      gboolean was_yes;

      if (sqlite3_column_bytes (stmt, 0) != BN_PUBLIC_KEY_LEN || answer == NULL)
        continue;
      if (current == NULL || memcmp (current->author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN) != 0)
        {
          current = g_new0 (Answer, 1);
          memcpy (current->author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
          current->name = column_text (stmt, 1);
          g_ptr_array_add (answers, current);
        }
      was_yes = g_strcmp0 (current->answer, "yes") == 0;
      g_free (current->answer);
      current->answer = g_strdup (answer);
      current->guests = (guint) sqlite3_column_int (stmt, 5);
      current->dated = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
      /* Changing the number of guests keeps one's place; saying maybe or no
       * and then yes again queues anew. */
      if (!was_yes)
        {
          current->key_ts = MAX (sqlite3_column_int64 (stmt, 3), posted_ms);
          current->key_seq = sqlite3_column_int64 (stmt, 2);
        }
    }
  sqlite3_reset (stmt);
  g_ptr_array_sort (answers, compare_queue);
  return answers;
}

static void
fill_rsvps (BnStore *self, BnEvent *event, const guint8 *event_id, const guint8 *me)
{
  g_autoptr(GPtrArray) answers = collect_answers (self, event_id, event->created_ms, event->date);
  guint left = event->capacity;

  event->rsvps = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_rsvp_free);
  for (guint i = 0; i < answers->len; i++)
    {
      Answer *a = g_ptr_array_index (answers, i);
      guint party = 1 + a->guests;
      BnRsvp *r;

      if (me != NULL && bn_same_key (a->author, me))
        {
          event->my_answer = g_strdup (a->answer);
          event->my_answer_dated = a->dated;
        }
      if (g_str_equal (a->answer, "maybe"))
        event->maybe += party;
      if (g_str_equal (a->answer, "yes") && (event->capacity == 0 || party <= left))
        {
          event->going += party;
          left -= event->capacity ? party : 0;
          if (bn_store_is_blocked (self, a->author))
            continue;
          r = g_new0 (BnRsvp, 1);
          r->state = g_strdup ("confirmed");
        }
      else if (g_str_equal (a->answer, "yes"))
        {
          event->waiting += party;
          if (bn_store_is_blocked (self, a->author))
            continue;
          r = g_new0 (BnRsvp, 1);
          r->state = g_strdup ("waitlisted");
        }
      else if (bn_store_is_blocked (self, a->author))
        continue;
      else
        r = g_new0 (BnRsvp, 1);
      r->peer_id = bn_peer_id_from_key (a->author);
      r->name = g_strdup (a->name);
      r->answer = g_strdup (a->answer);
      r->guests = a->guests;
      r->since_ms = g_str_equal (a->answer, "yes") ? a->key_ts : 0;
      g_ptr_array_add (event->rsvps, r);
    }
}

/* Reading */

#define EVENT_SELECT \
  "SELECT e.id, e.author, " NAME_OF ("e.author") ", e.title, e.details, e.start_ms, e.end_ms," \
  " e.place, e.category, e.capacity, e.repeat, e.until, e.cancelled, e.changes, e.ts, e.updated" \
  " FROM events e"

static GDate
until_date (const char *text)
{
  GDate date;
  bn_event_date_parse (text, &date);
  return date;
}

static BnEvent *
event_from_row (BnStore *self, sqlite3_stmt *stmt, const guint8 *me, gint64 now_ms,
                const char *date)
{
  BnEvent *e = g_new0 (BnEvent, 1);
  g_autoptr(GArray) next = NULL;
  GDate until;

  e->id = bn_hex_encode (sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
  e->organiser = bn_peer_id_from_key (sqlite3_column_blob (stmt, 1));
  e->organiser_name = column_text (stmt, 2);
  e->title = column_text (stmt, 3);
  e->details = column_text (stmt, 4);
  e->start_ms = sqlite3_column_int64 (stmt, 5);
  e->end_ms = sqlite3_column_int64 (stmt, 6);
  e->start = bn_event_time_format (e->start_ms);
  e->end = bn_event_time_format (e->end_ms);
  e->place = column_text (stmt, 7);
  e->category = column_text (stmt, 8);
  e->capacity = (guint) sqlite3_column_int (stmt, 9);
  e->repeat = column_text (stmt, 10);
  e->until = column_text (stmt, 11);
  e->cancelled = sqlite3_column_int (stmt, 12) != 0;
  e->changes = (guint) sqlite3_column_int (stmt, 13);
  e->created_ms = sqlite3_column_int64 (stmt, 14);
  e->updated_ms = sqlite3_column_int64 (stmt, 15);

  until = until_date (e->until);
  next = bn_event_occurrences (e->start_ms, e->end_ms, bn_repeat_from_string (e->repeat),
                               &until, now_ms, 1);
  if (next->len > 0)
    {
      e->next_start_ms = g_array_index (next, BnOccurrence, 0).start_ms;
      e->next_end_ms = g_array_index (next, BnOccurrence, 0).end_ms;
    }
  e->date = date != NULL ? g_strdup (date)
                         : bn_event_date_of (e->next_start_ms > 0 ? e->next_start_ms : e->start_ms);
  fill_rsvps (self, e, sqlite3_column_blob (stmt, 0), me);
  return e;
}

static int
compare_events (gconstpointer a, gconstpointer b)
{
  const BnEvent *x = *(BnEvent **) a, *y = *(BnEvent **) b;

  if (x->next_start_ms != y->next_start_ms)
    return x->next_start_ms < y->next_start_ms ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/**
 * bn_store_list_events:
 * @now_ms: meetups all over before this are left out
 *
 * Returns: (transfer full) (element-type BnEvent): the meetups to come (or
 *   under way), the soonest first; none organised by a neighbour blocked here
 */
GPtrArray *
bn_store_list_events (BnStore      *self,
                      const guint8  me[BN_PUBLIC_KEY_LEN],
                      gint64        now_ms)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      EVENT_SELECT " WHERE e.deleted = 0 AND " BN_SQL_NOT_BLOCKED ("e.author"));
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_event_free);

  /* Read the rows first: filling the RSVPs prepares statements of its own. */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      g_ptr_array_add (all, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
  sqlite3_reset (stmt);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree guint8 *id = g_ptr_array_index (all, i);
      BnEvent *event = bn_store_get_event (self, me, id, now_ms);

      if (event != NULL && event->next_start_ms != 0)
        g_ptr_array_add (events, event);
      else
        bn_event_free (event);
    }
  g_ptr_array_sort (events, compare_events);
  return events;
}

/**
 * bn_store_get_event_on:
 * @date: (nullable): YYYY-MM-DD: whose answers to read (who comes on that
 *   date); %NULL for the next date
 *
 * Returns: (transfer full) (nullable): one meetup, with who comes
 */
BnEvent *
bn_store_get_event_on (BnStore      *self,
                       const guint8  me[BN_PUBLIC_KEY_LEN],
                       const guint8  id[BN_HASH_LEN],
                       gint64        now_ms,
                       const char   *date)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, EVENT_SELECT " WHERE e.id = ? AND e.deleted = 0");
  BnEvent *event = NULL;
  guint8 id_copy[BN_HASH_LEN];
  gboolean found;

  memcpy (id_copy, id, BN_HASH_LEN);
  sqlite3_bind_blob (stmt, 1, id_copy, BN_HASH_LEN, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 1) == BN_PUBLIC_KEY_LEN;
  if (found)
    event = event_from_row (self, stmt, me, now_ms, date);
  sqlite3_reset (stmt);
  return event;
}

/* Returns: (transfer full) (nullable): one meetup, with who comes on its next date */
BnEvent *
bn_store_get_event (BnStore      *self,
                    const guint8  me[BN_PUBLIC_KEY_LEN],
                    const guint8  id[BN_HASH_LEN],
                    gint64        now_ms)
{
  return bn_store_get_event_on (self, me, id, now_ms, NULL);
}

/* JSON */

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_rsvps (JsonBuilder *b, GPtrArray *rsvps)
{
  json_builder_set_member_name (b, "rsvps");
  json_builder_begin_array (b);
  for (guint i = 0; rsvps != NULL && i < rsvps->len; i++)
    {
      const BnRsvp *r = g_ptr_array_index (rsvps, i);
      json_builder_begin_object (b);
      add_string (b, "peer", r->peer_id);
      add_string (b, "name", r->name);
      add_string (b, "answer", r->answer);
      add_int (b, "guests", r->guests);
      add_string (b, "state", r->state);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_occurrences (JsonBuilder *b, const BnEvent *e)
{
  GDate until = until_date (e->until);
  g_autoptr(GArray) list = bn_event_occurrences (e->start_ms, e->end_ms,
                                                 bn_repeat_from_string (e->repeat), &until, 0, 60);

  json_builder_set_member_name (b, "occurrences");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      const BnOccurrence *o = &g_array_index (list, BnOccurrence, i);
      g_autofree char *start = bn_event_time_format (o->start_ms);
      g_autofree char *end = bn_event_time_format (o->end_ms);

      json_builder_begin_object (b);
      add_string (b, "start", start);
      add_string (b, "end", end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Returns: (transfer full) */
JsonNode *
bn_event_to_json (const BnEvent *self,
                  gboolean       with_occurrences)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *next = self->next_start_ms ? bn_event_time_format (self->next_start_ms) : NULL;

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "organiser", self->organiser);
  add_string (b, "organiser_name", self->organiser_name);
  add_string (b, "title", self->title);
  add_string (b, "details", self->details);
  add_string (b, "start", self->start);
  add_string (b, "end", self->end);
  add_string (b, "place", self->place);
  add_string (b, "category", self->category);
  add_int (b, "capacity", self->capacity);
  add_string (b, "repeat", self->repeat);
  add_string (b, "until", self->until);
  json_builder_set_member_name (b, "cancelled");
  json_builder_add_boolean_value (b, self->cancelled);
  add_string (b, "next", next);
  add_int (b, "going", self->going);
  add_int (b, "waiting", self->waiting);
  add_int (b, "maybe", self->maybe);
  add_string (b, "date", self->date);
  add_string (b, "my_answer", self->my_answer);
  add_int (b, "created", self->created_ms);
  add_int (b, "updated", self->updated_ms);
  add_rsvps (b, self->rsvps);
  if (with_occurrences)
    add_occurrences (b, self);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * bn_event_to_ics:
 *
 * Returns: (transfer full): the meetup as an iCalendar file (RFC 5545), with
 *   reminders a day and an hour before
 */
char *
bn_event_to_ics (const BnEvent *self,
                 gint64         now_ms)
{
  GDate until = until_date (self->until);
  g_autofree char *reminder = g_strdup_printf (_("Meetup: %s"), self->title ? self->title : "");
  BnIcsEvent ics = {
    .uid = self->id,
    .title = self->title,
    .details = self->details,
    .place = self->place,
    .category = bn_event_category_label (self->category),
    .start_ms = self->start_ms,
    .end_ms = self->end_ms,
    .repeat = bn_repeat_from_string (self->repeat),
    .until = g_date_valid (&until) ? &until : NULL,
    .cancelled = self->cancelled,
    .sequence = self->changes,
    .stamp_ms = now_ms,
    .reminder = reminder,
  };

  return bn_ics_write (&ics);
}
