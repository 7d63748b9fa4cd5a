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

BnProfilePayload   *bn_profile_payload_decode    (JsonObject *object, const char **why);
JsonObject         *bn_profile_payload_encode    (const BnProfilePayload *self);
gboolean            bn_profile_payload_check     (const BnProfilePayload *self, GError **error);
void                bn_profile_payload_free      (BnProfilePayload *self);

BnPostPayload      *bn_post_payload_decode       (JsonObject *object, const char **why);
BnPostPayload      *bn_post_payload_decode_fields (JsonObject *object);
JsonObject         *bn_post_payload_encode       (const BnPostPayload *self);
void                bn_post_payload_encode_fields (const BnPostPayload *self, JsonObject *object);
gboolean            bn_post_payload_check        (const BnPostPayload *self,
                                                  gboolean             creating,
                                                  GError             **error);
void                bn_post_payload_free         (BnPostPayload *self);

BnPostEventPayload *bn_post_event_payload_decode (JsonObject *object, const char **why);
void                bn_post_event_payload_free   (BnPostEventPayload *self);
JsonObject         *bn_edit_payload_encode       (const char *post_id, const BnPostPayload *set);
JsonObject         *bn_status_payload_encode     (const char *post_id, const char *status);
JsonObject         *bn_accept_payload_encode     (const char *post_id,
                                                  const char *reply_id,
                                                  const char *helper_peer_id);

BnNotePayload      *bn_note_payload_decode       (JsonObject *object, const char **why);
JsonObject         *bn_note_payload_encode       (const char *type, const char *post_id, const char *text);
void                bn_note_payload_free         (BnNotePayload *self);

BnDeletePayload    *bn_delete_payload_decode     (JsonObject *object, const char **why);
JsonObject         *bn_delete_payload_encode     (const char *target_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnProfilePayload, bn_profile_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPostPayload, bn_post_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPostEventPayload, bn_post_event_payload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnNotePayload, bn_note_payload_free)

G_END_DECLS
