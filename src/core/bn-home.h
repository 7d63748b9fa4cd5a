/* bn-home.h — one data directory: who I am, my neighbourhood, my store, and the
 * actions a neighbour takes (post, reply, accept, thank, ...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-entry.h"
#include "bn-events.h"
#include "bn-hood.h"
#include "bn-identity.h"
#include "bn-messages.h"
#include "bn-model.h"
#include "bn-queries.h"
#include "bn-roster.h"
#include "bn-store.h"

G_BEGIN_DECLS

#define BN_TYPE_HOME (bn_home_get_type ())
G_DECLARE_FINAL_TYPE (BnHome, bn_home, BN, HOME, GObject)

#define BN_IDENTITY_FILE "identity.key"
#define BN_DATABASE_FILE "buurtnet.db"
/* An invite admits one neighbour and is valid a week, unless asked otherwise. */
#define BN_INVITE_DEFAULT_USES 1
#define BN_INVITE_DEFAULT_MS (G_GINT64_CONSTANT (7) * 24 * 3600 * 1000)

/* What a neighbour fills in to ask or offer. Strings are borrowed. */
typedef struct
{
  const char *kind;          /* "request" or "offer" */
  const char *category;
  const char *title;
  const char *body;          /* nullable */
  const char *when;          /* nullable: "flexible", "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD" */
  const char *urgency;       /* nullable: flexible, soon, urgent */
  const char *visibility;    /* nullable: neighbourhood (default), connectors, people */
  const char *const *to;     /* peer IDs, for visibility "people" */
  const char *on_behalf_of;  /* nullable: asking for someone else */
  gint64      expiry_ms;     /* 0: none */
} BnPostDraft;

char             *bn_home_default_data_dir (void);

BnHome           *bn_home_open          (const char    *data_dir,
                                         gboolean       create,
                                         GError       **error);
BnHome           *bn_home_open_untidied (const char   *data_dir,
                                        gboolean       create,
                                        GError       **error);
BnHome           *bn_home_open_for_reading (const char *data_dir,
                                         GError       **error);
const char       *bn_home_get_data_dir  (BnHome        *self);
BnStore          *bn_home_get_store     (BnHome        *self);
const BnIdentity *bn_home_get_identity  (BnHome        *self);
const BnHood     *bn_home_get_hood      (BnHome        *self);
GPtrArray        *bn_home_list_discovery_keys (BnHome      *self);
char             *bn_home_dup_peer_id   (BnHome        *self);
char             *bn_home_dup_name      (BnHome        *self);

gboolean          bn_home_set_name      (BnHome        *self,
                                         const char    *name,
                                         GError       **error);
char             *bn_home_create_hood   (BnHome        *self,
                                         const char    *name,
                                         GError       **error);
gboolean          bn_home_join_hood     (BnHome        *self,
                                         const char    *invite,
                                         GError       **error);
/* The roster (bn-home-roster.c; docs/protocol.md §9, §10). */
char             *bn_home_create_invite (BnHome        *self,
                                         guint          uses,
                                         gint64         valid_ms,
                                         GError       **error);
gboolean          bn_home_revoke_invite (BnHome        *self,
                                         const char    *code_or_id,
                                         GError       **error);
GBytes           *bn_home_admit         (BnHome        *self,
                                         GBytes        *join_request,
                                         BnInviteState *state,
                                         GError       **error);
GBytes           *bn_home_make_welcome  (BnHome        *self,
                                         const guint8   member[BN_PUBLIC_KEY_LEN]);
GBytes           *bn_home_get_join_request (BnHome     *self);
gboolean          bn_home_accept_welcome (BnHome       *self,
                                         GBytes        *sealed,
                                         GError       **error);
gboolean          bn_home_appoint       (BnHome        *self,
                                         const char    *peer_id,
                                         GError       **error);
gboolean          bn_home_dismiss       (BnHome        *self,
                                         const char    *peer_id,
                                         GError       **error);
gboolean          bn_home_remove_member (BnHome        *self,
                                         const char    *peer_id,
                                         const char    *reason,
                                         GError       **error);
gboolean          bn_home_replace_member (BnHome       *self,
                                         const char    *old_peer_id,
                                         const char    *new_peer_id,
                                         GError       **error);
gboolean          bn_home_leave         (BnHome        *self,
                                         GError       **error);
gboolean          bn_home_renew_key     (BnHome        *self,
                                         GError       **error);
gboolean          bn_home_tend_roster   (BnHome        *self,
                                         GError       **error);
gboolean          bn_home_share_place   (BnHome        *self,
                                         const char    *peer_id,
                                         GError       **error);
GPtrArray        *bn_home_list_my_admissions (BnHome   *self,
                                         gint64         since_ms);
GPtrArray        *bn_home_make_my_welcomes (BnHome     *self,
                                         gint64         since_ms);
BnMemberStatus    bn_home_get_standing  (BnHome        *self,
                                         char         **reason,
                                         char         **by);

BnProfile        *bn_home_get_my_profile (BnHome       *self);
gboolean          bn_home_publish_profile (BnHome      *self,
                                         const BnProfile *profile,
                                         GError       **error);

BnEntry          *bn_home_publish_post  (BnHome        *self,
                                         const BnPostDraft *draft,
                                         GError       **error);
BnEntry          *bn_home_edit_post     (BnHome        *self,
                                         const char    *post_id,
                                         const BnPostDraft *changes,
                                         GError       **error);
BnEntry          *bn_home_reply         (BnHome        *self,
                                         const char    *post_id,
                                         const char    *text,
                                         GError       **error);
BnEntry          *bn_home_accept        (BnHome        *self,
                                         const char    *post_id,
                                         const char    *reply_id,
                                         GError       **error);
BnEntry          *bn_home_set_status    (BnHome        *self,
                                         const char    *post_id,
                                         const char    *status,
                                         GError       **error);
BnEntry          *bn_home_thank         (BnHome        *self,
                                         const char    *post_id,
                                         const char    *text,
                                         GError       **error);
BnEntry          *bn_home_delete        (BnHome        *self,
                                         const char    *id,
                                         GError       **error);

/* Changing course (bn-home-posts.c; docs/protocol.md §6.5) */
BnEntry          *bn_home_withdraw_reply (BnHome       *self,
                                         const char    *post_id,
                                         GError       **error);
BnEntry          *bn_home_unaccept      (BnHome        *self,
                                         const char    *post_id,
                                         GError       **error);

/* Conversations (bn-home-messages.c; docs/protocol.md §6.5) */
BnEntry          *bn_home_send_message  (BnHome        *self,
                                         const char    *peer_id,
                                         const char    *text,
                                         const char    *about_post_id,
                                         guint          expires_in_days,
                                         GError       **error);
BnEntry          *bn_home_send_message_draft (BnHome   *self,
                                         const BnMessageDraft *draft,
                                         GError       **error);
GPtrArray        *bn_home_read_conversation (BnHome    *self,
                                         const char    *peer_id,
                                         gboolean       mark_read,
                                         GError       **error);
BnEntry          *bn_home_delete_message (BnHome       *self,
                                         const char    *message_id,
                                         GError       **error);

/* Meetups (bn-home-events.c; docs/protocol.md §6.6) */
BnEntry          *bn_home_create_event  (BnHome        *self,
                                         const BnEventDraft *draft,
                                         GError       **error);
BnEntry          *bn_home_edit_event    (BnHome        *self,
                                         const char    *event_id,
                                         const BnEventDraft *changes,
                                         GError       **error);
BnEntry          *bn_home_cancel_event  (BnHome        *self,
                                         const char    *event_id,
                                         GError       **error);
BnEvent          *bn_home_get_event_on  (BnHome        *self,
                                         const char    *event_id,
                                         const char    *date,
                                         GError       **error);
BnEntry          *bn_home_rsvp_on       (BnHome        *self,
                                         const char    *event_id,
                                         const char    *answer,
                                         guint          guests,
                                         const char    *date,
                                         GError       **error);
BnEntry          *bn_home_rsvp          (BnHome        *self,
                                         const char    *event_id,
                                         const char    *answer,
                                         guint          guests,
                                         GError       **error);
BnEvent          *bn_home_get_event     (BnHome        *self,
                                         const char    *event_id,
                                         GError       **error);

/* Moderation (bn-home-moderation.c; docs/protocol.md §6.2) */
BnEntry          *bn_home_report        (BnHome        *self,
                                         const char    *target,
                                         const char    *reason,
                                         const char    *text,
                                         GError       **error);
BnEntry          *bn_home_mark_report_handled (BnHome  *self,
                                         const char    *report_id,
                                         GError       **error);
BnEntry          *bn_home_hide          (BnHome        *self,
                                         const char    *target,
                                         const char    *reason,
                                         gboolean       erase,
                                         GError       **error);
BnEntry          *bn_home_unhide        (BnHome        *self,
                                         const char    *target,
                                         GError       **error);
gboolean          bn_home_block         (BnHome        *self,
                                         const char    *peer_id,
                                         GError       **error);
gboolean          bn_home_unblock       (BnHome        *self,
                                         const char    *peer_id,
                                         GError       **error);

BnPost           *bn_home_get_post      (BnHome        *self,
                                         const char    *post_id,
                                         GError       **error);

G_END_DECLS
