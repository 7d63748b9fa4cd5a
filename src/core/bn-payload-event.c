/* bn-payload-event.c — the payloads of meetups ("event", "event-edit",
 * "event-cancel", "rsvp"): JSON members, lenient decoding, and the checks of
 * what this program lets a neighbour publish. Folding is in bn-type-event.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-payload-event.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_TITLE "title"
#define M_DETAILS "details"
#define M_START "start"
#define M_END "end"
#define M_PLACE "place"
#define M_CATEGORY "category"
#define M_CAPACITY "capacity"
#define M_REPEAT "repeat"
#define M_UNTIL "until"
#define M_EVENT "event"
#define M_SET "set"
#define M_ANSWER "answer"
#define M_GUESTS "guests"
#define M_DATE "date"

#define CAPACITY_MAX 100000
#define REPEAT_MAX_DAYS 366

static const char *const category_ids[] = {
  "coffee", "walk", "workshop", "info", "party", "repair", "other", NULL
};

static const char *const category_labels[] = {
  N_("Coffee morning"), N_("Walk"), N_("Workshop"), N_("Info session"),
  N_("Street party"), N_("Repair café"), N_("Other"),
};

gboolean
bn_event_category_is_valid (const char *category)
{
  return category != NULL && g_strv_contains (category_ids, category);
}

const char *const *
bn_event_category_ids (void)
{
  return category_ids;
}

/* Returns: (transfer none): the category's name in the user's language */
const char *
bn_event_category_label (const char *category)
{
  for (guint i = 0; category_ids[i] != NULL; i++)
    if (g_strcmp0 (category, category_ids[i]) == 0)
      return g_dgettext (GETTEXT_PACKAGE, category_labels[i]);
  return g_dgettext (GETTEXT_PACKAGE, category_labels[G_N_ELEMENTS (category_labels) - 1]);
}

void
bn_event_payload_free (BnEventPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->details);
  g_free (self->place);
  g_free (self->category);
  g_free (self);
}

static gint64
time_member (const BnJsonFields *object, const char *member)
{
  const char *text = bn_json_fields_get_string (object, member);
  gint64 ms = 0;
  gsize len = text ? strlen (text) : 0;

  /* On the wire a time always says its offset: a reader never guesses a zone. */
  if (len < 17 || !(text[len - 1] == 'Z' || text[len - 6] == '+' || text[len - 6] == '-'))
    return 0;
  return bn_event_time_parse (text, &ms) ? ms : 0;
}

/**
 * bn_event_payload_decode_fields:
 *
 * The fields an event or an edit sets, each only when valid (an unknown
 * category, a capacity below 0, a time without its offset are left out).
 *
 * Returns: (transfer full)
 */
BnEventPayload *
bn_event_payload_decode_fields (const BnJsonFields *object)
{
  BnEventPayload *self = g_new0 (BnEventPayload, 1);
  const char *value;
  gint64 capacity = bn_json_fields_get_int (object, M_CAPACITY, -1);

  if ((value = bn_json_fields_get_string (object, M_TITLE)) && *value)
    self->title = g_strdup (value);
  self->details = g_strdup (bn_json_fields_get_string (object, M_DETAILS));
  self->place = g_strdup (bn_json_fields_get_string (object, M_PLACE));
  if ((value = bn_json_fields_get_string (object, M_CATEGORY)) && bn_event_category_is_valid (value))
    self->category = g_strdup (value);
  self->start_ms = time_member (object, M_START);
  self->end_ms = time_member (object, M_END);
  if (capacity >= 0 && capacity <= CAPACITY_MAX)
    {
      self->has_capacity = TRUE;
      self->capacity = (guint) capacity;
    }
  self->repeat = bn_repeat_from_string (bn_json_fields_get_string (object, M_REPEAT));
  self->has_repeat = bn_json_fields_get_string (object, M_REPEAT) != NULL;
  bn_event_date_parse (bn_json_fields_get_string (object, M_UNTIL), &self->until);
  return self;
}

/* An event needs a title and a start; an end before the start reads as the start. */
BnEventPayload *
bn_event_payload_decode (const BnJsonFields *object,
                         const char        **why)
{
  BnEventPayload *self = bn_event_payload_decode_fields (object);

  if (self->title == NULL || self->start_ms == 0)
    {
      bn_event_payload_free (self);
      *why = "it has no title or no start";
      return NULL;
    }
  if (self->end_ms < self->start_ms)
    self->end_ms = self->start_ms;
  if (self->category == NULL)
    self->category = g_strdup ("other");
  return self;
}

static void
set_optional (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

static void
set_time (JsonObject *object, const char *member, gint64 ms)
{
  g_autofree char *text = NULL;

  if (ms == 0)
    return;
  text = bn_event_time_format (ms);
  json_object_set_string_member (object, member, text);
}

void
bn_event_payload_encode_fields (const BnEventPayload *self,
                                JsonObject           *object)
{
  set_optional (object, M_TITLE, self->title);
  set_optional (object, M_DETAILS, self->details);
  set_time (object, M_START, self->start_ms);
  set_time (object, M_END, self->end_ms);
  set_optional (object, M_PLACE, self->place);
  set_optional (object, M_CATEGORY, self->category);
  if (self->has_capacity)
    json_object_set_int_member (object, M_CAPACITY, self->capacity);
  if (self->repeat != BN_REPEAT_NONE)
    json_object_set_string_member (object, M_REPEAT, bn_repeat_to_string (self->repeat));
  if (g_date_valid (&self->until))
    {
      char until[16];
      g_date_strftime (until, sizeof until, "%Y-%m-%d", &self->until);
      json_object_set_string_member (object, M_UNTIL, until);
    }
}

/* Returns: (transfer full) */
JsonObject *
bn_event_payload_encode (const BnEventPayload *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "event");
  bn_event_payload_encode_fields (self, object);
  return object;
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
fail (GError **error, const char *message)
{
  g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, message);
  return FALSE;
}

/* Repetition until at most a year after the first meetup. */
static gboolean
check_until (const BnEventPayload *self, GError **error)
{
  g_autoptr(GDateTime) start = NULL;
  GDate first;

  if (!g_date_valid (&self->until))
    return TRUE;
  if (self->repeat == BN_REPEAT_NONE)
    return fail (error, _("--until goes with --repeat: say how the meetup repeats"));
  start = g_date_time_new_from_unix_utc (self->start_ms / 1000
                                         + bn_brussels_offset_s (self->start_ms / 1000));
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, (GDateDay) g_date_time_get_day_of_month (start),
                  (GDateMonth) g_date_time_get_month (start), (GDateYear) g_date_time_get_year (start));
  if (g_date_compare (&self->until, &first) < 0)
    return fail (error, _("The last meetup (--until) comes before the first"));
  g_date_add_days (&first, REPEAT_MAX_DAYS);
  if (g_date_compare (&self->until, &first) > 0)
    return fail (error, _("A meetup repeats for at most a year; choose an earlier --until"));
  return TRUE;
}

/**
 * bn_event_payload_check:
 * @creating: a new event (title, start, end and place required), else an edit
 *
 * What this program lets a neighbour publish.
 */
gboolean
bn_event_payload_check (const BnEventPayload  *self,
                        gboolean               creating,
                        GError               **error)
{
  if (creating && !has_text (self->title))
    return fail (error, _("Give your meetup a short title"));
  if (creating && (self->start_ms == 0 || self->end_ms == 0))
    return fail (error, _("A meetup needs a start and an end, such as 2026-10-24T10:00"));
  if (creating && !has_text (self->place))
    return fail (error, _("Say where the meetup is, in words (“the courtyard”)"));
  if (self->start_ms != 0 && self->end_ms != 0 && self->end_ms <= self->start_ms)
    return fail (error, _("A meetup ends after it starts"));
  if (self->category != NULL && !bn_event_category_is_valid (self->category))
    {
      g_autofree char *ids = g_strjoinv (", ", (char **) category_ids);
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a kind of meetup; use one of: %s"), self->category, ids);
      return FALSE;
    }
  if (self->has_capacity && self->capacity > CAPACITY_MAX)
    return fail (error, _("That many places is more than a neighbourhood meetup holds"));
  return check_until (self, error);
}

/* Changes only the organiser may make */

void
bn_event_change_payload_free (BnEventChangePayload *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->set, bn_event_payload_free);
  g_free (self->data);
  g_free (self);
}

BnEventChangePayload *
bn_event_change_payload_decode (const BnJsonFields *object,
                                const char        **why)
{
  g_autoptr(BnEventChangePayload) self = g_new0 (BnEventChangePayload, 1);
  const char *type = bn_json_fields_get_string (object, "type");
  const BnJsonFields *set = bn_json_fields_get_object (object, M_SET);

  self->type = (char *) g_intern_string (type);
  if (!bn_hex_decode (bn_json_fields_get_string (object, M_EVENT), self->event, BN_HASH_LEN))
    {
      *why = "it names no meetup";
      return NULL;
    }
  if (g_str_equal (type, "event-edit") && set != NULL)
    self->set = bn_event_payload_decode_fields (set);
  self->data = bn_json_fields_to_string (object);
  return g_steal_pointer (&self);
}

static JsonObject *
new_change (const char *type, const char *event_id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, M_EVENT, event_id);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_event_edit_payload_encode (const char           *event_id,
                              const BnEventPayload *set)
{
  JsonObject *object = new_change ("event-edit", event_id);
  JsonObject *fields = json_object_new ();

  bn_event_payload_encode_fields (set, fields);
  json_object_set_object_member (object, M_SET, fields);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_event_cancel_payload_encode (const char *event_id)
{
  return new_change ("event-cancel", event_id);
}

/* RSVPs */

void
bn_rsvp_payload_free (BnRsvpPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->answer);
  g_free (self->date);
  g_free (self);
}

static gboolean
answer_is_valid (const char *answer)
{
  return g_strcmp0 (answer, "yes") == 0 || g_strcmp0 (answer, "maybe") == 0
         || g_strcmp0 (answer, "no") == 0;
}

/* An RSVP needs its meetup and an answer; guests outside 0–20 read as none; a
 * date that is no real YYYY-MM-DD reads as absent (every date). */
BnRsvpPayload *
bn_rsvp_payload_decode (const BnJsonFields *object,
                        const char        **why)
{
  g_autoptr(BnRsvpPayload) self = g_new0 (BnRsvpPayload, 1);
  const char *answer = bn_json_fields_get_string (object, M_ANSWER);
  gint64 guests = bn_json_fields_get_int (object, M_GUESTS, 0);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_EVENT), self->event, BN_HASH_LEN)
      || !answer_is_valid (answer))
    {
      *why = "it names no meetup or has no valid answer";
      return NULL;
    }
  self->answer = g_strdup (answer);
  self->guests = guests >= 0 && guests <= BN_RSVP_GUESTS_MAX ? (guint) guests : 0;
  {
    const char *date = bn_json_fields_get_string (object, M_DATE);
    GDate parsed;

    /* Written again the one way, so that every reader compares the same text. */
    if (bn_event_date_parse (date, &parsed))
      self->date = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&parsed),
                                    g_date_get_month (&parsed), g_date_get_day (&parsed));
  }
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_rsvp_payload_encode (const char *event_id,
                        const char *answer,
                        guint       guests,
                        const char *date)
{
  JsonObject *object = new_change ("rsvp", event_id);

  json_object_set_string_member (object, M_ANSWER, answer);
  if (guests > 0)
    json_object_set_int_member (object, M_GUESTS, guests);
  if (date != NULL)
    json_object_set_string_member (object, M_DATE, date);
  return object;
}
