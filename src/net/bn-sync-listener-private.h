/* bn-sync-listener-private.h — what the listener and the streams it hands to
 * libsoup share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-sync-listener.h"

G_BEGIN_DECLS

#define BN_TYPE_SERVER_STREAM (bn_server_stream_get_type ())
G_DECLARE_FINAL_TYPE (BnServerStream, bn_server_stream, BN, SERVER_STREAM, GIOStream)

GIOStream *bn_server_stream_new            (BnSyncListener    *listener,
                                            GSocketConnection *base,
                                            const char        *host);

/* bn-sync-listener.c */
void       _bn_sync_listener_release_slot  (BnSyncListener    *self,
                                            const char        *host);

G_END_DECLS
