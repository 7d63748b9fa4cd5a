/* bn-service-writes.h — the connector's toolkit in the app: the directory of
 * services and referrals, read from the session's home and written on the
 * node's writer thread like every other write (bn-session-writes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-session.h"

G_BEGIN_DECLS

/* Reading, on the main thread (reads never wait for the writer). */
GPtrArray  *bn_session_list_services       (BnSession          *self,
                                            const char         *category);
GPtrArray  *bn_session_list_referrals_for  (BnSession          *self,
                                            const char         *post_id);

/* Writing: each ends with bn_session_write_finish() but the import. */
void        bn_session_add_service_async   (BnSession          *self,
                                            const BnService    *service,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void        bn_session_edit_service_async  (BnSession          *self,
                                            const char         *id,
                                            const BnService    *service,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void        bn_session_remove_service_async (BnSession         *self,
                                            const char         *id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void        bn_session_import_services_async (BnSession        *self,
                                            GBytes             *csv,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean    bn_session_import_services_finish (BnSession       *self,
                                            GAsyncResult       *result,
                                            guint              *added,
                                            guint              *changed,
                                            guint              *unchanged,
                                            GError            **error);
void        bn_session_refer_async         (BnSession          *self,
                                            const char         *post_id,
                                            const char         *service_id,
                                            const char         *consent,
                                            const char         *note,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void        bn_session_set_referral_status_async (BnSession    *self,
                                            const char         *referral_id,
                                            const char         *status,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void        bn_session_suggest_async       (BnSession          *self,
                                            const char         *peer_id,
                                            const char         *text,
                                            const char         *post_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);

G_END_DECLS
