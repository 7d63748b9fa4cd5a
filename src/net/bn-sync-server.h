/* bn-sync-server.h — the HTTP side every peer runs: heads, pull, push and the
 * live link, each request signed by a member's identity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "bn-link.h"
#include "bn-store-worker.h"
#include "bn-wire.h"

G_BEGIN_DECLS

#define BN_TYPE_SYNC_SERVER (bn_sync_server_get_type ())
G_DECLARE_FINAL_TYPE (BnSyncServer, bn_sync_server, BN, SYNC_SERVER, GObject)

BnSyncServer *bn_sync_server_new            (BnHome         *home,
                                             BnStoreWorker  *writer,
                                             BnStoreWorker  *reader);
gboolean      bn_sync_server_listen         (BnSyncServer   *self,
                                             guint16         port,
                                             guint16         remembered,
                                             GError        **error);
guint16       bn_sync_server_get_port       (BnSyncServer   *self);
void          bn_sync_server_stop           (BnSyncServer   *self);
void          bn_sync_server_heads_changed  (BnSyncServer   *self);

guint16       bn_sync_port_remembered       (BnStore        *store,
                                             guint16         port);
gboolean      bn_sync_port_remember         (BnStore        *store,
                                             guint16         port,
                                             guint16         got,
                                             GError        **error);

/* Reader job: frames of what a pull's wants ask for, capped. Returns
 * flags u8 | frames. */
typedef struct
{
  GArray *wants;     /* BnHead: author, after seq */
  gsize   cap;
  guint   max_entries;
} BnPullRequest;

void          bn_pull_request_free          (BnPullRequest  *request);
gpointer      bn_sync_read_batch_job        (BnHome         *home,
                                             gpointer        data,
                                             GError        **error);

G_END_DECLS
