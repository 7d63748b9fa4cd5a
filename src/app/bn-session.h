/* bn-session.h — the app's one model: one data directory, its peer, and what
 * the windows show of it
 *
 * The session owns the BnHome and the BnSyncNode that shares it with the
 * neighbours. It keeps the list models every widget shows (posts, requests,
 * offers, neighbours, the connector's figures) and refreshes them once per
 * change of the store, whoever wrote (this process, the sync node's worker
 * threads, or another process such as buurtnet-cli on the same directory):
 * the node's ::store-changed says so, on the main thread, and the session's
 * ::changed follows, with the models already refreshed. Every write a person
 * makes goes through the session and runs on the node's writer thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-core.h"
#include "bn-post-item.h"
#include "bn-profile-item.h"
#include "bn-sync-node.h"

G_BEGIN_DECLS

#define BN_TYPE_SESSION (bn_session_get_type ())
G_DECLARE_FINAL_TYPE (BnSession, bn_session, BN, SESSION, GObject)

BnSession     *bn_session_new                  (BnHome             *home);
BnHome        *bn_session_get_home             (BnSession          *self);
BnSyncNode    *bn_session_get_sync_node        (BnSession          *self);
void           bn_session_start_peer           (BnSession          *self,
                                                int                 port,
                                                gboolean            use_mdns,
                                                const char *const  *peers);
void           bn_session_stop_peer            (BnSession          *self);
gboolean       bn_session_add_peer             (BnSession          *self,
                                                const char         *address,
                                                GError            **error);

const char    *bn_session_get_peer_id          (BnSession          *self);
const char    *bn_session_get_hood_name        (BnSession          *self);
gboolean       bn_session_has_hood             (BnSession          *self);
gboolean       bn_session_is_connector         (BnSession          *self);
gboolean       bn_session_is_joining           (BnSession          *self);
void           bn_session_stop_joining         (BnSession          *self);
BnMemberStatus bn_session_get_standing         (BnSession          *self,
                                                const char        **reason);
GPtrArray     *bn_session_list_connectors      (BnSession          *self);
BnInviteInfo  *bn_session_lookup_invite        (BnSession          *self,
                                                const char         *code);
BnProfileItem *bn_session_get_my_profile_item  (BnSession          *self);
BnProfile     *bn_session_get_my_profile       (BnSession          *self);

gboolean       bn_session_is_sharing           (BnSession          *self);
guint          bn_session_get_n_online         (BnSession          *self);
gint64         bn_session_get_last_sync        (BnSession          *self);
BnAvahiState   bn_session_get_avahi_state      (BnSession          *self);
guint          bn_session_get_port             (BnSession          *self);
GListModel    *bn_session_get_peers            (BnSession          *self);

gboolean       bn_session_is_loading           (BnSession          *self);
void           bn_session_finish_loading       (BnSession          *self);
GListModel    *bn_session_get_posts            (BnSession          *self);
GListModel    *bn_session_get_requests         (BnSession          *self);
GListModel    *bn_session_get_offers           (BnSession          *self);
GListModel    *bn_session_get_neighbours       (BnSession          *self);
GListModel    *bn_session_get_waiting_requests (BnSession          *self);
GListModel    *bn_session_get_category_stats   (BnSession          *self);
BnPostItem    *bn_session_lookup_post          (BnSession          *self,
                                                const char         *post_id);
const BnProfile *bn_session_lookup_profile     (BnSession          *self,
                                                const char         *peer_id);

gint64         bn_session_get_now              (BnSession          *self);
void           bn_session_set_now              (BnSession          *self,
                                                gint64              now_ms);
void           bn_session_update_figures       (BnSession          *self);
gboolean       bn_session_refresh              (BnSession          *self);

/* What a person does: each runs on the node's writer thread (see
 * bn-session-writes.c); writes that give nothing back end with
 * bn_session_write_finish(). */
void           bn_session_publish_post_async   (BnSession          *self,
                                                const BnPostDraft  *draft,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
char          *bn_session_publish_post_finish  (BnSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);
void           bn_session_edit_post_async      (BnSession          *self,
                                                const char         *post_id,
                                                const BnPostDraft  *changes,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_reply_async          (BnSession          *self,
                                                const char         *post_id,
                                                const char         *text,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_accept_async         (BnSession          *self,
                                                const char         *post_id,
                                                const char         *reply_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_set_status_async     (BnSession          *self,
                                                const char         *post_id,
                                                const char         *status,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_thank_async          (BnSession          *self,
                                                const char         *post_id,
                                                const char         *text,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_delete_async         (BnSession          *self,
                                                const char         *id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_publish_profile_async (BnSession         *self,
                                                const BnProfile    *profile,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_set_name_async       (BnSession          *self,
                                                const char         *name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_create_hood_async    (BnSession          *self,
                                                const char         *name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
char          *bn_session_create_hood_finish   (BnSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);
void           bn_session_join_hood_async      (BnSession          *self,
                                                const char         *code,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_make_invite_async    (BnSession          *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
char          *bn_session_make_invite_finish   (BnSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);
void           bn_session_appoint_async        (BnSession          *self,
                                                const char         *peer_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_dismiss_async        (BnSession          *self,
                                                const char         *peer_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_remove_member_async  (BnSession          *self,
                                                const char         *peer_id,
                                                const char         *reason,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_renew_key_async      (BnSession          *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_leave_async          (BnSession          *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean       bn_session_write_finish         (BnSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* Read from the store now: one post's details when a page shows them, and
 * checks after a write. */
BnPost        *bn_session_get_post             (BnSession          *self,
                                                const char         *post_id);
GPtrArray     *bn_session_list_posts           (BnSession          *self,
                                                const char         *kind);
GPtrArray     *bn_session_list_replies         (BnSession          *self,
                                                const char         *post_id);
GPtrArray     *bn_session_list_thanks          (BnSession          *self,
                                                const char         *post_id);

/* Conversations and meetups (bn-session-meet.c): read from the store now. */
GPtrArray     *bn_session_list_conversations   (BnSession          *self);
guint          bn_session_count_unread         (BnSession          *self);
GPtrArray     *bn_session_list_messages        (BnSession          *self,
                                                const char         *peer_id);
GPtrArray     *bn_session_list_events          (BnSession          *self);
BnEvent       *bn_session_get_event            (BnSession          *self,
                                                const char         *event_id);
BnEvent       *bn_session_get_event_on         (BnSession          *self,
                                                const char         *event_id,
                                                const char         *date);
GArray        *bn_session_list_event_dates     (BnSession          *self,
                                                const BnEvent      *event,
                                                guint               max);

/* My activity and "For you" (bn-session-meet.c): read from the store now. */
GPtrArray     *bn_session_list_my_posts        (BnSession          *self);
GPtrArray     *bn_session_list_helping         (BnSession          *self);
GPtrArray     *bn_session_list_for_you         (BnSession          *self);

/* Changing course, conversations and meetups: writes on the writer thread. */
void           bn_session_withdraw_reply_async (BnSession          *self,
                                                const char         *post_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_unaccept_async       (BnSession          *self,
                                                const char         *post_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_send_message_async   (BnSession          *self,
                                                const char         *peer_id,
                                                const char         *text,
                                                const char         *about_post_id,
                                                guint               expires_in_days,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_send_message_draft_async (BnSession      *self,
                                                const BnMessageDraft *draft,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
char          *bn_session_send_message_finish  (BnSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);
void           bn_session_delete_message_async (BnSession          *self,
                                                const char         *message_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_mark_read_async      (BnSession          *self,
                                                const char         *peer_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_create_event_async   (BnSession          *self,
                                                const BnEventDraft *draft,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
char          *bn_session_create_event_finish  (BnSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);
void           bn_session_edit_event_async     (BnSession          *self,
                                                const char         *event_id,
                                                const BnEventDraft *changes,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_cancel_event_async   (BnSession          *self,
                                                const char         *event_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_rsvp_on_async        (BnSession          *self,
                                                const char         *event_id,
                                                const char         *answer,
                                                guint               guests,
                                                const char         *date,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
void           bn_session_rsvp_async           (BnSession          *self,
                                                const char         *event_id,
                                                const char         *answer,
                                                guint               guests,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);

G_END_DECLS
