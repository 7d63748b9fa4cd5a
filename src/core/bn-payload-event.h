/* bn-payload-event.h — the payloads of meetups: "event", the organiser's
 * "event-edit" and "event-cancel", and everyone's "rsvp" (docs/protocol.md §6.6)
 *
 * Core-internal, like bn-payload-types.h: front ends publish through BnHome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-crypto.h"
#include "bn-json-fields.h"
#include "bn-events.h"

G_BEGIN_DECLS

#define BN_RSVP_GUESTS_MAX 20

/* "event", and the fields an "event-edit" sets (each unset one %NULL, 0 or FALSE). */
typedef struct
{
  char     *title;
  char     *details;
  gint64    start_ms;      /* 0: unset (edit) */
  gint64    end_ms;        /* 0: unset (edit); an event's end is never before its start */
  char     *place;
  char     *category;      /* coffee | walk | workshop | info | party | repair | other */
  gboolean  has_capacity;
  guint     capacity;      /* 0: no limit */
  BnRepeat  repeat;
  gboolean  has_repeat;
  GDate     until;         /* valid when given */
} BnEventPayload;

/* "event-edit" and "event-cancel": changes only the organiser may make. */
typedef struct
{
  char           *type;    /* interned */
  guint8          event[BN_HASH_LEN];
  BnEventPayload *set;     /* edit */
  char           *data;    /* the change's JSON, as the fold reads it back */
} BnEventChangePayload;

/* "rsvp": yes, maybe or no, with guests; the newest in its author's log counts. */
typedef struct
{
  guint8  event[BN_HASH_LEN];
  char   *answer;
  guint   guests;
  char   *date;     /* YYYY-MM-DD: the one date it answers for, or %NULL: every date */
} BnRsvpPayload;


BnEventPayload *bn_event_payload_decode     (const BnJsonFields *object, const char **why);
BnEventPayload *bn_event_payload_decode_fields (const BnJsonFields *object);
JsonObject     *bn_event_payload_encode     (const BnEventPayload *self);
void            bn_event_payload_encode_fields (const BnEventPayload *self, JsonObject *object);
gboolean        bn_event_payload_check      (const BnEventPayload *self,
                                             gboolean              creating,
                                             GError              **error);
void            bn_event_payload_free       (BnEventPayload *self);

BnEventChangePayload *bn_event_change_payload_decode (const BnJsonFields *object, const char **why);
void            bn_event_change_payload_free (BnEventChangePayload *self);
JsonObject     *bn_event_edit_payload_encode (const char *event_id, const BnEventPayload *set);
JsonObject     *bn_event_cancel_payload_encode (const char *event_id);

BnRsvpPayload  *bn_rsvp_payload_decode      (const BnJsonFields *object, const char **why);
JsonObject     *bn_rsvp_payload_encode      (const char *event_id, const char *answer, guint guests,
                                             const char *date);
void            bn_rsvp_payload_free        (BnRsvpPayload *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnEventPayload, bn_event_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnEventChangePayload, bn_event_change_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnRsvpPayload, bn_rsvp_payload_free)

G_END_DECLS
