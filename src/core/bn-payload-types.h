/* bn-payload-types.h — the payload of each entry type as a typed struct
 *
 * One struct per type, with its JSON encoding (what an author writes), its
 * lenient decoding (what a reader accepts; see docs/protocol.md §6) and its
 * strict check (what this program lets a neighbour publish, with a sentence
 * that says what to change). The member names live here and nowhere else.
 *
 * Core-internal: front ends publish through BnHome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-crypto.h"
#include "bn-json-fields.h"

G_BEGIN_DECLS

/* "profile": the whole profile; the newest in its author's log wins. */
typedef struct
{
  char    *name;
  char    *about;
  GStrv    talents;     /* category IDs */
  GStrv    needs;       /* category IDs */
  GStrv    languages;
  char    *street;
  char    *number;
  char    *building;
  char    *floor;
  gboolean connector;
} BnProfilePayload;

/* "place": where exactly one lives, sealed to whom it concerns (§6.1). */
typedef struct
{
  char *number;
  char *box;
  char *floor;          /* a whole number, as text */
} BnPlacePayload;

/* "post", and the set of fields an "edit" changes (every member nullable there). */
typedef struct
{
  char   *kind;          /* request | offer */
  char   *category;
  char   *title;
  char   *body;
  char   *when;          /* flexible, YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD */
  char   *urgency;       /* flexible | soon | urgent */
  char   *visibility;    /* neighbourhood | connectors | people */
  GStrv   to;            /* peer IDs, for visibility "people" */
  char   *on_behalf_of;
  gint64  expiry_ms;     /* 0: none */
} BnPostPayload;

/* "edit", "status", "accept": events on a post that only its author may make. */
typedef struct
{
  char          *type;    /* interned: "edit", "status" or "accept" */
  guint8         post[BN_HASH_LEN];
  BnPostPayload *set;     /* edit: the fields it changes */
  char          *status;  /* status */
  guint8         reply[BN_HASH_LEN];               /* accept */
  gboolean       has_helper;                       /* accept */
  guint8         helper[BN_PUBLIC_KEY_LEN];        /* accept */
  char          *data;    /* the event's JSON, as the post's fold reads it back */
} BnPostEventPayload;

/* "reply" and "thanks": a few words on a post, each its author's own. */
typedef struct
{
  guint8  post[BN_HASH_LEN];
  char   *text;
} BnNotePayload;

/* "delete": the author erases one of their earlier entries everywhere. */
typedef struct
{
  guint8 target[BN_HASH_LEN];
} BnDeletePayload;

/* "report": a neighbour tells the connectors about a post, a reply, thanks, or
 * a person; sealed to the connectors and the reporter. */
typedef struct
{
  gboolean has_target;
  guint8   target[BN_HASH_LEN];          /* the entry reported */
  gboolean has_member;
  guint8   member[BN_PUBLIC_KEY_LEN];    /* or the neighbour reported */
  char    *reason;                       /* spam | harassment | privacy | unsafe | other */
  char    *text;                         /* nullable: the reporter's words */
  char    *quote;                        /* nullable: what was reported, as the reporter read it */
} BnReportPayload;

/* "report-handled": a connector marks a report handled. */
typedef struct
{
  guint8 report[BN_HASH_LEN];
} BnReportHandledPayload;

/* "hide": a post, a reply or thanks, or everything a person posts, hidden for
 * everyone; with erase, the payloads are erased on every peer. */
typedef struct
{
  gboolean has_target;
  guint8   target[BN_HASH_LEN];
  gboolean has_member;
  guint8   member[BN_PUBLIC_KEY_LEN];
  char    *reason;                       /* nullable */
  gboolean erase;
  guint64  upto;                         /* a person's erase: their entries up to this seq */
} BnHidePayload;

/* "unhide": undoes the hides it names. */
typedef struct
{
  GArray *hides;                         /* guint8[BN_HASH_LEN] each */
} BnUnhidePayload;

/* "message": a few words between two neighbours, sealed to the two of them. */
typedef struct
{
  guint8   to[BN_PUBLIC_KEY_LEN];
  char    *text;
  gboolean has_about;
  guint8   about[BN_HASH_LEN];   /* the post it is about */
  gint64   expiry_ms;            /* 0: kept until deleted */
  gint64   proposes_ms;          /* 0, or the time it asks the other whether it suits */
  gboolean has_agrees;
  guint8   agrees[BN_HASH_LEN];  /* the proposal whose time suits its author */
} BnMessagePayload;

/* "reply-withdraw": a helper takes back their reply ("I can't make it after all"). */
typedef struct
{
  guint8 post[BN_HASH_LEN];
  guint8 reply[BN_HASH_LEN];
} BnReplyWithdrawPayload;

BnProfilePayload   *bn_profile_payload_decode    (const BnJsonFields *object, const char **why);
JsonObject         *bn_profile_payload_encode    (const BnProfilePayload *self);
gboolean            bn_profile_payload_check     (const BnProfilePayload *self, GError **error);
void                bn_profile_payload_free      (BnProfilePayload *self);

BnPlacePayload     *bn_place_payload_decode      (const BnJsonFields *object, const char **why);
JsonObject         *bn_place_payload_encode      (const BnPlacePayload *self);
void                bn_place_payload_free        (BnPlacePayload *self);

BnPostPayload      *bn_post_payload_decode       (const BnJsonFields *object, const char **why);
BnPostPayload      *bn_post_payload_decode_fields (const BnJsonFields *object);
JsonObject         *bn_post_payload_encode       (const BnPostPayload *self);
void                bn_post_payload_encode_fields (const BnPostPayload *self, JsonObject *object);
gboolean            bn_post_payload_check        (const BnPostPayload *self,
                                                  gboolean             creating,
                                                  GError             **error);
void                bn_post_payload_free         (BnPostPayload *self);

BnPostEventPayload *bn_post_event_payload_decode (const BnJsonFields *object, const char **why);
void                bn_post_event_payload_free   (BnPostEventPayload *self);
JsonObject         *bn_edit_payload_encode       (const char *post_id, const BnPostPayload *set);
JsonObject         *bn_status_payload_encode     (const char *post_id, const char *status);
JsonObject         *bn_accept_payload_encode     (const char *post_id,
                                                  const char *reply_id,
                                                  const char *helper_peer_id);

BnNotePayload      *bn_note_payload_decode       (const BnJsonFields *object, const char **why);
JsonObject         *bn_note_payload_encode       (const char *type, const char *post_id, const char *text);
void                bn_note_payload_free         (BnNotePayload *self);

BnDeletePayload    *bn_delete_payload_decode     (const BnJsonFields *object, const char **why);
JsonObject         *bn_delete_payload_encode     (const char *target_id);

gboolean            bn_report_reason_is_valid    (const char *reason);
BnReportPayload    *bn_report_payload_decode     (const BnJsonFields *object, const char **why);
JsonObject         *bn_report_payload_encode     (const BnReportPayload *self);
gboolean            bn_report_payload_check      (const BnReportPayload *self, GError **error);
void                bn_report_payload_free       (BnReportPayload *self);
BnReportHandledPayload *bn_report_handled_payload_decode (const BnJsonFields *object, const char **why);
JsonObject         *bn_report_handled_payload_encode (const char *report_id);

BnHidePayload      *bn_hide_payload_decode       (const BnJsonFields *object, const char **why);
JsonObject         *bn_hide_payload_encode       (const BnHidePayload *self);
gboolean            bn_hide_payload_check        (const BnHidePayload *self, GError **error);
void                bn_hide_payload_free         (BnHidePayload *self);
BnUnhidePayload    *bn_unhide_payload_decode     (const BnJsonFields *object, const char **why);
JsonObject         *bn_unhide_payload_encode     (GPtrArray *hide_ids);
void                bn_unhide_payload_free       (BnUnhidePayload *self);

BnMessagePayload   *bn_message_payload_decode    (const BnJsonFields *object, const char **why);
JsonObject         *bn_message_payload_encode    (const BnMessagePayload *self);
gboolean            bn_message_payload_check     (const BnMessagePayload *self, GError **error);
void                bn_message_payload_free      (BnMessagePayload *self);
BnReplyWithdrawPayload *bn_reply_withdraw_payload_decode (const BnJsonFields *object, const char **why);
JsonObject         *bn_reply_withdraw_payload_encode (const char *post_id, const char *reply_id);
JsonObject         *bn_unaccept_payload_encode   (const char *post_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnMessagePayload, bn_message_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnProfilePayload, bn_profile_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPostPayload, bn_post_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPlacePayload, bn_place_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPostEventPayload, bn_post_event_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnNotePayload, bn_note_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnReportPayload, bn_report_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnHidePayload, bn_hide_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnUnhidePayload, bn_unhide_payload_free)

G_END_DECLS
