/* bn-sync-server-private.h — what the sync server's files share
 *
 * BnSyncServer is one object split by concern:
 *   bn-sync-server.c            life cycle, listening, handing admitted requests
 *                               to libsoup, signed answers, the live link
 *   bn-sync-server-gate.c       judging a request by its head, before any of its
 *                               body is read (docs/sync-protocol.md §3)
 *   bn-sync-server-endpoints.c  heads, pull, push and join
 * The accept loop and the connection limits are BnSyncListener's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-request-guard.h"
#include "bn-sync-listener.h"
#include "bn-sync-server.h"

G_BEGIN_DECLS

struct _BnSyncServer
{
  GObject parent_instance;

  BnHome         *home;
  char           *my_id;
  BnStoreWorker  *writer;
  BnStoreWorker  *reader;
  SoupServer     *soup;
  BnSyncListener *listener;
  guint16         port;

  BnRequestGuard *guard;
  guint           n_links;
  GHashTable     *pair_keys;   /* peer ID → BnPairKeys */

  GBytes         *heads;       /* cached, NULL when stale */
  GPtrArray      *earlier_heads;  /* GBytes: heads we had before, the newest first */
  GHashTable     *etags;       /* peer ID → ETag of the cached heads for that pair */
};

typedef enum {
  BN_ENDPOINT_HEADS,
  BN_ENDPOINT_PULL,
  BN_ENDPOINT_PUSH,
  BN_ENDPOINT_EVENTS,
  BN_ENDPOINT_JOIN,
  BN_ENDPOINT_SKETCH,
  BN_ENDPOINT_DELTA,
} BnEndpoint;

/* Earlier heads kept for GET /v2/delta: at most this many, this many bytes in all. */
#define BN_DELTA_VERSIONS 8
#define BN_DELTA_BYTES (8 * 1024 * 1024)
/* Entries a delta sends along, at most (one is always sent when any is due). */
#define BN_DELTA_AHEAD_BYTES (256 * 1024)

/* What the gate proved about a request, kept with it until it is handled. A
 * join request proves no identity: only its endpoint is set. */
typedef struct
{
  BnEndpoint endpoint;
  guint8     peer[BN_PUBLIC_KEY_LEN];
  char      *peer_id;
  gboolean   has_to;
  guint8     nonce[BN_WIRE_NONCE_LEN];
  guint8     sig[BN_WIRE_SIG_LEN];
} BnRequestAuth;

/* bn-sync-server-gate.c */
int           _bn_sync_server_find_endpoint (const char          *method,
                                             const char          *path);
void          _bn_sync_server_judge         (const BnRequestHead *head,
                                             BnHeadVerdict       *verdict,
                                             gpointer             user_data);
void          _bn_request_auth_free         (BnRequestAuth       *auth);

/* bn-sync-server.c */
const BnPairKeys *_bn_sync_server_pair_keys (BnSyncServer        *self,
                                             const BnRequestAuth *auth);
void          _bn_sync_server_respond       (BnSyncServer        *self,
                                             SoupServerMessage   *msg,
                                             guint                status,
                                             GBytes              *plain,
                                             const char          *etag);
void          _bn_sync_server_refuse        (BnSyncServer        *self,
                                             SoupServerMessage   *msg,
                                             guint                status,
                                             const char          *why);
GBytes       *_bn_sync_server_open_request  (BnSyncServer        *self,
                                             SoupServerMessage   *msg);

/* bn-sync-server-endpoints.c */
void          _bn_sync_server_handle_heads  (BnSyncServer        *self,
                                             SoupServerMessage   *msg,
                                             BnRequestAuth       *auth);
void          _bn_sync_server_handle_delta  (BnSyncServer        *self,
                                             SoupServerMessage   *msg,
                                             BnRequestAuth       *auth);
void          _bn_sync_server_handle_sketch (BnSyncServer        *self,
                                             SoupServerMessage   *msg,
                                             BnRequestAuth       *auth);
void          _bn_sync_server_handle_pull   (BnSyncServer        *self,
                                             SoupServerMessage   *msg);
void          _bn_sync_server_handle_push   (BnSyncServer        *self,
                                             SoupServerMessage   *msg);
void          _bn_sync_server_handle_join   (BnSyncServer        *self,
                                             SoupServerMessage   *msg);
void          _bn_sync_server_emit_stored   (BnSyncServer        *self,
                                             BnInsertOutcome     *outcome,
                                             const char          *host);

G_END_DECLS
