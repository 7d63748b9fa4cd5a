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
  char  *box;           /* bus / boîte */
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
  /* Hidden for everyone (docs/protocol.md §6.2): title is then empty and body,
   * when and on_behalf_of %NULL; front ends show "Hidden by NAME: REASON". */
  char  *hidden_by;          /* peer ID of who hid it, or %NULL */
  char  *hidden_by_name;
  char  *hidden_reason;
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
  gboolean withdrawn;        /* a reply its author took back ("I can't make it after all") */
  char  *hidden_by;          /* as in BnPost; text is then empty */
  char  *hidden_by_name;
  char  *hidden_reason;
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

/* A report to the connectors, as a connector (or the reporter) reads it. */
typedef struct
{
  char    *id;
  char    *author;           /* the reporter's peer ID */
  char    *author_name;
  char    *target;           /* the entry reported (64 hex), or %NULL for a person */
  char    *target_kind;      /* "post", "reply", "thanks", or %NULL when not readable here */
  char    *subject;          /* peer ID of whom it is about: the target's author, or the person */
  char    *subject_name;
  char    *reason;           /* spam, harassment, privacy, unsafe, other */
  char    *text;             /* the reporter's words */
  char    *quote;            /* what was reported, as the reporter read it; %NULL once erased */
  gint64   created_ms;
  char    *handled_by;       /* peer ID of the connector who marked it handled, or %NULL */
  char    *handled_by_name;
  gint64   handled_ms;
} BnReport;

/* One line of the moderation log everyone can read. */
typedef struct
{
  char    *id;               /* the entry that did it */
  char    *action;           /* hide, unhide, remove, appoint, dismiss, step-down, replace */
  char    *actor;            /* peer ID */
  char    *actor_name;
  char    *target;           /* hide and unhide of one item: its entry ID */
  char    *member;           /* peer ID of whom it concerns (an item's author), or %NULL */
  char    *member_name;
  char    *reason;
  gboolean erase;            /* a hide that erased what it hid */
  gboolean undone;           /* a hide undone since */
  gint64   when_ms;
} BnModerationAct;

/* A neighbour this computer blocks. */
typedef struct
{
  char    *peer_id;
  char    *fingerprint;
  char    *name;
  gint64   since_ms;
} BnBlocked;

BnProfile  *bn_profile_copy     (const BnProfile *self);
void        bn_profile_free     (BnProfile *self);
void        bn_post_free        (BnPost    *self);
void        bn_note_free        (BnNote    *self);
void        bn_member_free      (BnMember  *self);
void        bn_invite_info_free (BnInviteInfo *self);
void        bn_report_free      (BnReport  *self);
void        bn_moderation_act_free (BnModerationAct *self);
void        bn_blocked_free     (BnBlocked *self);

JsonNode   *bn_profile_to_json  (const BnProfile *self);
JsonNode   *bn_post_to_json     (const BnPost    *self);
JsonNode   *bn_note_to_json     (const BnNote    *self);
JsonNode   *bn_member_to_json   (const BnMember  *self);
JsonNode   *bn_invite_info_to_json (const BnInviteInfo *self);
JsonNode   *bn_report_to_json   (const BnReport *self);
JsonNode   *bn_moderation_act_to_json (const BnModerationAct *self);
JsonNode   *bn_blocked_to_json  (const BnBlocked *self);

BnProximity bn_proximity_between (const BnProfile *me,
                                  const BnProfile *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnProfile, bn_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPost, bn_post_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnNote, bn_note_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnMember, bn_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnInviteInfo, bn_invite_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnReport, bn_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnModerationAct, bn_moderation_act_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnBlocked, bn_blocked_free)

G_END_DECLS
