/* bn-home-events.c — what a neighbour does with meetups: organise one, change
 * or cancel it (the organiser only), and answer yes, maybe or no
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-error.h"
#include "bn-events.h"
#include "bn-payload-event.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* The draft's times, read as Brussels time unless they say their offset. */
static gboolean
parse_time (const char *text, gint64 *ms, GError **error)
{
  if (text == NULL)
    {
      *ms = 0;
      return TRUE;
    }
  if (bn_event_time_parse (text, ms))
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("“%s” is not a date and time; write it as 2026-10-24T10:00"), text);
  return FALSE;
}

static BnEventPayload *
payload_from_draft (const BnEventDraft *draft, GError **error)
{
  g_autoptr(BnEventPayload) payload = g_new0 (BnEventPayload, 1);

  g_date_clear (&payload->until, 1);
  if (!parse_time (draft->start, &payload->start_ms, error)
      || !parse_time (draft->end, &payload->end_ms, error))
    return NULL;
  if (draft->repeat != NULL)
    {
      payload->repeat = bn_repeat_from_string (draft->repeat);
      payload->has_repeat = TRUE;
      if (payload->repeat == BN_REPEAT_NONE && !g_str_equal (draft->repeat, "none"))
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("A meetup repeats “weekly”, “biweekly”, “monthly” or “monthly-nth”"));
          return NULL;
        }
    }
  if (draft->until != NULL && !bn_event_date_parse (draft->until, &payload->until))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a date; write it as 2027-06-30"), draft->until);
      return NULL;
    }
  payload->title = g_strdup (draft->title);
  payload->details = g_strdup (draft->details);
  payload->place = g_strdup (draft->place);
  payload->category = g_strdup (draft->category);
  payload->has_capacity = draft->capacity >= 0;
  payload->capacity = draft->capacity >= 0 ? (guint) draft->capacity : 0;
  return g_steal_pointer (&payload);
}

/**
 * bn_home_create_event:
 *
 * Organises a meetup, for the whole neighbourhood to see.
 *
 * Returns: (transfer full): the event's entry; its ID is the meetup's ID
 */
BnEntry *
bn_home_create_event (BnHome              *self,
                      const BnEventDraft  *draft,
                      GError             **error)
{
  g_autoptr(BnEventPayload) payload = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (!_bn_home_require_hood (self, error) || (payload = payload_from_draft (draft, error)) == NULL)
    return NULL;
  if (payload->category == NULL)
    payload->category = g_strdup ("other");
  if (!bn_event_payload_check (payload, TRUE, error))
    return NULL;
  object = bn_event_payload_encode (payload);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/**
 * bn_home_get_event:
 *
 * Returns: (transfer full): the meetup with this ID, with who comes
 */
BnEvent *
bn_home_get_event (BnHome      *self,
                   const char  *event_id,
                   GError     **error)
{
  return bn_home_get_event_on (self, event_id, NULL, error);
}

/**
 * bn_home_get_event_on:
 * @date: (nullable): YYYY-MM-DD: who comes on that date; %NULL for the next date
 *
 * Returns: (transfer full) (nullable): the meetup
 */
BnEvent *
bn_home_get_event_on (BnHome      *self,
                      const char  *event_id,
                      const char  *date,
                      GError     **error)
{
  BnEvent *event = NULL;
  guint8 id[BN_HASH_LEN];

  if (bn_hex_decode (event_id, id, BN_HASH_LEN))
    event = bn_store_get_event_on (bn_home_get_store (self),
                                   bn_home_get_identity (self)->public_key, id, now_ms (), date);
  if (event == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("No meetup %.12s… here; it may not have reached you yet"), event_id);
  return event;
}

static BnEvent *
get_my_event (BnHome *self, const char *event_id, GError **error)
{
  g_autoptr(BnEvent) event = bn_home_get_event (self, event_id, error);
  g_autofree char *me = bn_home_dup_peer_id (self);

  if (event == NULL)
    return NULL;
  if (g_strcmp0 (event->organiser, me) != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("Only the neighbour who organises this meetup can change or cancel it"));
      return NULL;
    }
  if (event->cancelled)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("This meetup is cancelled already"));
      return NULL;
    }
  return g_steal_pointer (&event);
}

/* Changes what the draft gives (the rest stays); the organiser only. */
BnEntry *
bn_home_edit_event (BnHome              *self,
                    const char          *event_id,
                    const BnEventDraft  *changes,
                    GError             **error)
{
  g_autoptr(BnEvent) event = get_my_event (self, event_id, error);
  g_autoptr(BnEventPayload) set = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (event == NULL || (set = payload_from_draft (changes, error)) == NULL)
    return NULL;
  /* The checks see the meetup as it would be after the change. */
  {
    g_autoptr(BnEventPayload) after = g_new0 (BnEventPayload, 1);
    after->start_ms = set->start_ms ? set->start_ms : event->start_ms;
    after->end_ms = set->end_ms ? set->end_ms : event->end_ms;
    after->category = g_strdup (set->category);
    after->has_capacity = set->has_capacity;
    after->capacity = set->capacity;
    after->repeat = set->has_repeat ? set->repeat : bn_repeat_from_string (event->repeat);
    if (g_date_valid (&set->until))
      after->until = set->until;
    else
      g_date_clear (&after->until, 1);
    if (!bn_event_payload_check (after, FALSE, error))
      return NULL;
  }
  object = bn_event_edit_payload_encode (event->id, set);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

BnEntry *
bn_home_cancel_event (BnHome      *self,
                      const char  *event_id,
                      GError     **error)
{
  g_autoptr(BnEvent) event = get_my_event (self, event_id, error);
  g_autoptr(JsonObject) object = NULL;

  if (event == NULL)
    return NULL;
  object = bn_event_cancel_payload_encode (event->id);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/* Whether the meetup happens on @date (YYYY-MM-DD, Brussels). */
static gboolean
happens_on (const BnEvent *event, const char *date)
{
  GDate until;
  g_autoptr(GArray) all = NULL;

  bn_event_date_parse (event->until, &until);
  all = bn_event_occurrences (event->start_ms, event->end_ms, bn_repeat_from_string (event->repeat),
                              &until, 0, 400);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *day = bn_event_date_of (g_array_index (all, BnOccurrence, i).start_ms);
      if (g_strcmp0 (day, date) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * bn_home_rsvp_on:
 * @answer: "yes", "maybe" or "no"
 * @guests: how many come along (0 to BN_RSVP_GUESTS_MAX)
 * @date: (nullable): YYYY-MM-DD, one date the meetup happens on (Brussels), to
 *   answer for that date only; %NULL answers for every date
 *
 * Returns: (transfer full): the RSVP's entry
 */
BnEntry *
bn_home_rsvp_on (BnHome      *self,
                 const char  *event_id,
                 const char  *answer,
                 guint        guests,
                 const char  *date,
                 GError     **error)
{
  g_autoptr(BnEvent) event = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *canonical = NULL;
  GDate day;

  if (g_strcmp0 (answer, "yes") != 0 && g_strcmp0 (answer, "maybe") != 0
      && g_strcmp0 (answer, "no") != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Answer “yes”, “maybe” or “no”"));
      return NULL;
    }
  if (guests > BN_RSVP_GUESTS_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("You can bring up to %d guests"), BN_RSVP_GUESTS_MAX);
      return NULL;
    }
  if ((event = bn_home_get_event (self, event_id, error)) == NULL)
    return NULL;
  if (event->cancelled)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("This meetup is cancelled"));
      return NULL;
    }
  if (date != NULL && bn_event_date_parse (date, &day))
    date = canonical = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&day),
                                        g_date_get_month (&day), g_date_get_day (&day));
  if (date != NULL && !happens_on (event, date))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("This meetup does not take place on %s; see “buurtnet-cli event show”"), date);
      return NULL;
    }
  object = bn_rsvp_payload_encode (event->id, answer, g_str_equal (answer, "no") ? 0 : guests, date);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/**
 * bn_home_rsvp:
 * @answer: "yes", "maybe" or "no"
 * @guests: how many come along (0 to BN_RSVP_GUESTS_MAX)
 *
 * Answers for every date of the meetup.
 *
 * Returns: (transfer full): the RSVP's entry
 */
BnEntry *
bn_home_rsvp (BnHome      *self,
              const char  *event_id,
              const char  *answer,
              guint        guests,
              GError     **error)
{
  return bn_home_rsvp_on (self, event_id, answer, guests, NULL, error);
}
