/* bn-model.h — read models of the neighbourhood's state, for front ends
 *
 * Plain values, copied out of the derived tables: a front end can keep them as
 * long as it likes. Each has a to_json for scripts (buurtnet-cli --json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Near to far, in the order lists are sorted. */
typedef enum {
  BN_PROXIMITY_ME,
  BN_PROXIMITY_SAME_FLOOR,
  BN_PROXIMITY_SAME_BUILDING,
  BN_PROXIMITY_SAME_STREET,
  BN_PROXIMITY_FURTHER,
} BnProximity;

const char *bn_proximity_to_string (BnProximity proximity);

typedef struct
{
  char  *peer_id;
  char  *fingerprint;
  char  *name;
  char  *about;
  GStrv  talents;
  GStrv  needs;
  GStrv  languages;
  char  *street;
  char  *number;
  char  *building;
  char  *floor;
  gboolean connector;
  gint64 updated_ms;
  BnProximity proximity;
} BnProfile;

typedef struct
{
  char  *id;
  char  *author;
  char  *author_name;
  char  *kind;
  char  *category;
  char  *title;
  char  *body;
  char  *when;
  char  *urgency;
  char  *visibility;
  char  *on_behalf_of;
  gint64 expiry_ms;
  char  *status;
  char  *accepted_reply;
  char  *helper;
  char  *helper_name;
  gint64 created_ms;
  gint64 updated_ms;
  guint  n_replies;
  guint  n_thanks;
  BnProximity proximity;
} BnPost;

/* A reply ("I can help") or a thank-you note on a post. */
typedef struct
{
  char  *id;
  char  *post_id;
  char  *author;
  char  *author_name;
  char  *text;
  gint64 created_ms;
  gboolean accepted;
} BnNote;

/* Someone on the roster (docs/protocol.md §9): a member, or someone who was. */
typedef struct
{
  char    *peer_id;
  char    *fingerprint;
  char    *name;             /* from their profile, else the name they joined with */
  gboolean connector;
  char    *status;           /* "member", "removed", "left", "replaced" */
  char    *added_by;         /* peer ID of who admitted them (NULL for the founder) */
  gint64   since_ms;
  char    *ended_by;         /* who removed or replaced them, or themself for "left" */
  gint64   ended_ms;
  char    *reason;           /* a removal's reason: left, moved, lost-device, conduct */
  char    *replaced_by;      /* peer ID of their new identity */
} BnMember;

/* An invite a member made, as the roster sees it (the code itself is never stored). */
typedef struct
{
  char   *id;               /* invite ID, 32 hex */
  char   *inviter;          /* peer ID */
  char   *inviter_name;
  guint   uses;
  guint   used;
  gint64  created_ms;
  gint64  expires_ms;
  char   *state;            /* "open", "used", "expired", "revoked", "renewed" */
} BnInviteInfo;

BnProfile  *bn_profile_copy     (const BnProfile *self);
void        bn_profile_free     (BnProfile *self);
void        bn_post_free        (BnPost    *self);
void        bn_note_free        (BnNote    *self);
void        bn_member_free      (BnMember  *self);
void        bn_invite_info_free (BnInviteInfo *self);

JsonNode   *bn_profile_to_json  (const BnProfile *self);
JsonNode   *bn_post_to_json     (const BnPost    *self);
JsonNode   *bn_note_to_json     (const BnNote    *self);
JsonNode   *bn_member_to_json   (const BnMember  *self);
JsonNode   *bn_invite_info_to_json (const BnInviteInfo *self);

BnProximity bn_proximity_between (const BnProfile *me,
                                  const BnProfile *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnProfile, bn_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPost, bn_post_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnNote, bn_note_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnMember, bn_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnInviteInfo, bn_invite_info_free)

G_END_DECLS
