/* bn-session.h — the app's model: one data directory, kept fresh
 *
 * Widgets read the neighbourhood through the session and listen to its
 * ::changed signal, which is always emitted on the main thread, coalesced,
 * whoever wrote to the store (this process, the sync worker, or another
 * process such as buurtnet-cli on the same data directory).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_SESSION (bn_session_get_type ())
G_DECLARE_FINAL_TYPE (BnSession, bn_session, BN, SESSION, GObject)

BnSession  *bn_session_new            (BnHome      *home);
BnHome     *bn_session_get_home       (BnSession   *self);
const char *bn_session_get_peer_id    (BnSession   *self);
const char *bn_session_get_hood_name  (BnSession   *self);
gboolean    bn_session_has_hood       (BnSession   *self);
void        bn_session_notify_changed (BnSession   *self);

GPtrArray  *bn_session_list_posts     (BnSession   *self,
                                       const char  *kind);
GPtrArray  *bn_session_list_profiles  (BnSession   *self);
BnProfile  *bn_session_get_profile    (BnSession   *self,
                                       const char  *peer_id);
BnProfile  *bn_session_get_my_profile (BnSession   *self);
gboolean    bn_session_is_connector   (BnSession   *self);
GPtrArray  *bn_session_list_category_stats   (BnSession *self,
                                              gint64     now_ms);
GPtrArray  *bn_session_list_waiting_requests (BnSession *self,
                                              gint64     now_ms);
BnPost     *bn_session_get_post       (BnSession   *self,
                                       const char  *post_id);
GPtrArray  *bn_session_list_replies   (BnSession   *self,
                                       const char  *post_id);
GPtrArray  *bn_session_list_thanks    (BnSession   *self,
                                       const char  *post_id);

G_END_DECLS
