/* bn-cli-events.c — meetups: event (create, edit, show, cancel, ics), events
 * and rsvp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Expands a 12-character prefix (as `events` prints) to the full ID. */
static char *
resolve_event_id (BnHome *home, const char *given)
{
  g_autoptr(GPtrArray) events = NULL;
  char *found = NULL;

  if (strlen (given) >= 2 * BN_HASH_LEN || strlen (given) < 6)
    return g_strdup (given);
  events = bn_store_list_events (bn_home_get_store (home), NULL, 0);
  for (guint i = 0; i < events->len; i++)
    {
      const BnEvent *e = g_ptr_array_index (events, i);
      if (!g_str_has_prefix (e->id, given))
        continue;
      if (found != NULL)
        {
          g_free (found);
          return g_strdup (given);   /* ambiguous: let the full-ID check explain */
        }
      found = g_strdup (e->id);
    }
  return found ? found : g_strdup (given);
}

/* "2026-10-24 10:00", Brussels time. */
static char *
format_when (gint64 ms)
{
  g_autofree char *iso = bn_event_time_format (ms);

  iso[10] = ' ';
  iso[16] = '\0';
  return g_strdup (iso);
}

static const char *
answer_label (const char *answer)
{
  if (g_strcmp0 (answer, "yes") == 0)
    return C_("rsvp", "yes");
  if (g_strcmp0 (answer, "maybe") == 0)
    return C_("rsvp", "maybe");
  return C_("rsvp", "no");
}

static const char *
repeat_label (const char *repeat)
{
  if (g_strcmp0 (repeat, "weekly") == 0)
    return _("every week");
  if (g_strcmp0 (repeat, "biweekly") == 0)
    return _("every two weeks");
  if (g_strcmp0 (repeat, "monthly") == 0)
    return _("every month, on the same date");
  return _("every month, on the same weekday");
}

static char *
dup_attendance (const BnEvent *e)
{
  if (e->cancelled)
    return g_strdup (_("cancelled"));
  if (e->capacity == 0)
    return g_strdup_printf (_("going: %u"), e->going);
  return g_strdup_printf (_("going: %u of %u, waiting: %u"), e->going, e->capacity, e->waiting);
}

typedef struct
{
  char    *title, *details, *start, *end, *place, *category, *repeat, *until;
  int      capacity;
  gboolean json;
} EventOptions;

static void
event_options_clear (EventOptions *o)
{
  g_free (o->title);
  g_free (o->details);
  g_free (o->start);
  g_free (o->end);
  g_free (o->place);
  g_free (o->category);
  g_free (o->repeat);
  g_free (o->until);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EventOptions, event_options_clear)

static void
draft_from_options (BnEventDraft *draft, const EventOptions *o)
{
  draft->title = o->title;
  draft->details = o->details;
  draft->start = o->start;
  draft->end = o->end;
  draft->place = o->place;
  draft->category = o->category;
  draft->capacity = o->capacity;
  draft->repeat = o->repeat;
  draft->until = o->until;
}

static int
print_new_entry (BnEntry *entry, GError *error)
{
  g_autofree char *id = NULL;

  if (entry == NULL)
    return bn_cli_fail_error (error);
  id = bn_entry_dup_id_hex (entry);
  g_print ("%s\n", id);
  return 0;
}

static int
create_event (BnHome *home, const EventOptions *o)
{
  BnEventDraft draft = { 0 };
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (o->title == NULL || o->start == NULL || o->end == NULL || o->place == NULL)
    return bn_cli_fail (_("A meetup needs --title, --start, --end and --place"));
  draft_from_options (&draft, o);
  entry = bn_home_create_event (home, &draft, &error);
  return print_new_entry (entry, error);
}

static int
edit_event (BnHome *home, const char *id, const EventOptions *o)
{
  BnEventDraft draft = { 0 };
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  draft_from_options (&draft, o);
  entry = bn_home_edit_event (home, id, &draft, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", _("The meetup is changed; neighbours see it as it reaches them."));
  return 0;
}

static int
cancel_event (BnHome *home, const char *id)
{
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = bn_home_cancel_event (home, id, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", _("The meetup is cancelled; neighbours see it as it reaches them."));
  return 0;
}

static void
print_event (const BnEvent *e)
{
  g_autofree char *start = format_when (e->start_ms);
  g_autofree char *end = format_when (e->end_ms);
  g_autofree char *attendance = dup_attendance (e);

  g_print ("%s\n", e->title ? e->title : "");
  g_print (_("%s, organised by %s · %s\n"), bn_event_category_label (e->category),
           e->organiser_name ? e->organiser_name : _("a neighbour"), attendance);
  g_print (_("When: %s – %s\n"), start, end);
  if (g_strcmp0 (e->repeat, "none") != 0 && e->repeat != NULL)
    g_print (_("Repeats %s, until %s\n"), repeat_label (e->repeat),
             e->until ? e->until : _("a year on"));
  if (e->next_start_ms != 0 && e->next_start_ms != e->start_ms)
    {
      g_autofree char *next = format_when (e->next_start_ms);
      g_print (_("Next: %s\n"), next);
    }
  g_print (_("Where: %s\n"), e->place ? e->place : "");
  if (e->details)
    g_print ("\n%s\n", e->details);
  if (e->rsvps->len > 0)
    g_print ("\n");
  for (guint i = 0; i < e->rsvps->len; i++)
    {
      const BnRsvp *r = g_ptr_array_index (e->rsvps, i);
      g_autofree char *guests = r->guests ? g_strdup_printf (_(" (+%u)"), r->guests) : g_strdup ("");

      g_print ("  %s: %s%s%s\n", r->name ? r->name : _("a neighbour"), answer_label (r->answer),
               guests,
               g_strcmp0 (r->state, "confirmed") == 0 ? _(" — confirmed")
               : g_strcmp0 (r->state, "waitlisted") == 0 ? _(" — on the waiting list") : "");
    }
}

static int
show_event (BnHome *home, const char *id, gboolean json)
{
  g_autoptr(BnEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  if ((event = bn_home_get_event (home, id, &error)) == NULL)
    return bn_cli_fail_error (error);
  if (json)
    {
      g_autoptr(JsonNode) root = bn_event_to_json (event, TRUE);
      bn_cli_print_json (root);
    }
  else
    print_event (event);
  return 0;
}

static int
write_ics (BnHome *home, const char *id, const char *path)
{
  g_autoptr(BnEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if ((event = bn_home_get_event (home, id, &error)) == NULL)
    return bn_cli_fail_error (error);
  text = bn_event_to_ics (event, g_get_real_time () / 1000);
  if (!g_file_set_contents (path, text, -1, &error))
    return bn_cli_fail (_("Could not write %s: %s"), path, error->message);
  g_print (_("Written to %s; open it with your calendar.\n"), path);
  return 0;
}

/* event create [...] | edit ID [...] | show ID [--json] | cancel ID | ics ID FILE */
int
bn_cli_cmd_event (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  g_auto(EventOptions) o = { .capacity = -1 };
  const GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &o.title, N_("A short title"), N_("TEXT") },
    { "details", 0, 0, G_OPTION_ARG_STRING, &o.details, N_("Details"), N_("TEXT") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &o.start, N_("When it starts, Brussels time: 2026-10-24T10:00"), N_("ISO") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &o.end, N_("When it ends, Brussels time"), N_("ISO") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &o.place, N_("Where, in words: “the courtyard”"), N_("PLACE") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &o.category,
      N_("coffee, walk, workshop, info, party, repair or other"), N_("CAT") },
    { "capacity", 0, 0, G_OPTION_ARG_INT, &o.capacity, N_("How many people can come (0: no limit)"), N_("N") },
    { "repeat", 0, 0, G_OPTION_ARG_STRING, &o.repeat,
      N_("weekly, biweekly, monthly (same date) or monthly-nth (same weekday)"), N_("R") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o.until, N_("The last day it repeats, at most a year on"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autofree char *id = NULL;
  const char *verb;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc < 2)
    return bn_cli_fail_usage (self);
  verb = argv[1];
  if (g_str_equal (verb, "show"))
    {
      if (bn_cli_expect_args (self, argc, 3) || (home = bn_cli_open_home_for_reading (ctx)) == NULL)
        return 1;
      id = resolve_event_id (home, argv[2]);
      return show_event (home, id, o.json);
    }
  if (g_str_equal (verb, "ics"))
    {
      if (bn_cli_expect_args (self, argc, 4) || (home = bn_cli_open_home_for_reading (ctx)) == NULL)
        return 1;
      id = resolve_event_id (home, argv[2]);
      return write_ics (home, id, argv[3]);
    }
  if (!g_str_equal (verb, "create") && !g_str_equal (verb, "edit") && !g_str_equal (verb, "cancel"))
    return bn_cli_fail_usage (self);
  if (bn_cli_expect_args (self, argc, g_str_equal (verb, "create") ? 2 : 3)
      || (home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if (g_str_equal (verb, "create"))
    return create_event (home, &o);
  id = resolve_event_id (home, argv[2]);
  if (g_str_equal (verb, "edit"))
    return edit_event (home, id, &o);
  return cancel_event (home, id);
}

/* events [--json] */
int
bn_cli_cmd_events (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  events = bn_store_list_events (bn_home_get_store (home), bn_home_get_identity (home)->public_key,
                                 g_get_real_time () / 1000);
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < events->len; i++)
        json_array_add_element (array, bn_event_to_json (g_ptr_array_index (events, i), FALSE));
      json_node_take_array (root, array);
      bn_cli_print_json (root);
      return 0;
    }
  if (events->len == 0)
    g_print ("%s\n", _("No meetups planned. Organise one with “buurtnet-cli event create”."));
  for (guint i = 0; i < events->len; i++)
    {
      const BnEvent *e = g_ptr_array_index (events, i);
      g_autofree char *when = format_when (e->next_start_ms);
      g_autofree char *attendance = dup_attendance (e);

      g_print ("%.12s  %s  %s — %s (%s)\n", e->id, when, e->title ? e->title : "",
               e->place ? e->place : "", attendance);
    }
  return 0;
}

/* rsvp EVENT_ID yes|maybe|no [--guests N] [--date YYYY-MM-DD] */
int
bn_cli_cmd_rsvp (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  int guests = 0;
  g_autofree char *date = NULL;
  const GOptionEntry entries[] = {
    { "guests", 'g', 0, G_OPTION_ARG_INT, &guests, N_("How many people come with you"), N_("N") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("Answer for this one date of a repeated meetup only"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 3))
    return 1;
  if (guests < 0)
    return bn_cli_fail (_("--guests is a number, 0 or more"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  id = resolve_event_id (home, argv[1]);
  entry = bn_home_rsvp_on (home, id, argv[2], (guint) guests, date, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  event = bn_home_get_event (home, id, NULL);
  /* Where one stands is known for the next date; another date's list is in "event show". */
  if (event != NULL && date != NULL && g_strcmp0 (event->date, date) != 0)
    g_clear_pointer (&event, bn_event_free);
  for (guint i = 0; event != NULL && i < event->rsvps->len; i++)
    {
      const BnRsvp *r = g_ptr_array_index (event->rsvps, i);
      g_autofree char *me = bn_home_dup_peer_id (home);

      if (g_strcmp0 (r->peer_id, me) != 0 || r->state == NULL)
        continue;
      g_print ("%s\n", g_str_equal (r->state, "confirmed")
                       ? _("You’re on the list. (Others may still change it as their answers arrive.)")
                       : _("The meetup is full: you’re on the waiting list."));
    }
  return 0;
}
