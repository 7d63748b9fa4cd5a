/* bn-moderation.h — when a neighbour misbehaves, as the app sees it: the
 * reports I may read, the moderation log, whom this computer blocks, and the
 * writes that report, hide, unhide, block and mark a report handled
 *
 * One BnModeration per session (bn_moderation_get()). It reads the store again
 * after each of the session's ::changed and after its own writes, and emits
 * ::changed only when what it holds changed. Its writes run on the sync node's
 * writer thread, like every other write of the app (bn-session-writes.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_MODERATION (bn_moderation_get_type ())
G_DECLARE_FINAL_TYPE (BnModeration, bn_moderation, BN, MODERATION, GObject)

BnModeration *bn_moderation_get            (BnSession     *session);
BnSession    *bn_moderation_get_session    (BnModeration  *self);
GPtrArray    *bn_moderation_get_reports    (BnModeration  *self);
GPtrArray    *bn_moderation_get_log        (BnModeration  *self);
guint         bn_moderation_get_n_open     (BnModeration  *self);
gboolean      bn_moderation_is_blocked     (BnModeration  *self,
                                            const char    *peer_id);
char         *bn_moderation_dup_blocked_author (BnModeration *self,
                                            const char    *entry_id,
                                            char         **name);
gboolean      bn_moderation_reload         (BnModeration  *self);

char         *bn_moderation_dup_hidden_label (const char  *by_name,
                                            const char    *reason);
const char   *bn_moderation_reason_label   (const char    *reason);

/* Writes; each ends with bn_moderation_write_finish(). */
void          bn_moderation_report_async   (BnModeration  *self,
                                            const char    *target,
                                            const char    *reason,
                                            const char    *text,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
void          bn_moderation_mark_handled_async (BnModeration *self,
                                            const char    *report_id,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
void          bn_moderation_hide_async     (BnModeration  *self,
                                            const char    *target,
                                            const char    *reason,
                                            gboolean       erase,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
void          bn_moderation_unhide_async   (BnModeration  *self,
                                            const char    *target,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
void          bn_moderation_block_async    (BnModeration  *self,
                                            const char    *peer_id,
                                            gboolean       block,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
gboolean      bn_moderation_write_finish   (BnModeration  *self,
                                            GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
