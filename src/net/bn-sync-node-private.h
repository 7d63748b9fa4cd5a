/* bn-sync-node-private.h — what the sync node's files share
 *
 * bn-sync-node.c: life cycle, properties, noticing new entries and forwarding them.
 * bn-sync-node-peers.c: the peer manager (addresses, calling out, backoff, sessions).
 * bn-sync-node-links.c: live links (greeting, one per pair, live entries, exchange).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-discovery.h"
#include "bn-link.h"
#include "bn-peer-private.h"
#include "bn-store-worker.h"
#include "bn-sync-node.h"
#include "bn-sync-server.h"
#include "bn-sync-request.h"
#include "bn-sync-session.h"

G_BEGIN_DECLS

#define BN_NODE_MAX_OUTGOING 32
#define BN_NODE_BACKOFF_MIN_MS 500
#define BN_NODE_BACKOFF_MAX_MS 60000
/* A safety net under the live links: a sync (usually one 304) this often. */
#define BN_NODE_RESYNC_SECONDS 60
#define BN_NODE_POLL_MS 20
#define BN_NODE_CHECKPOINT_MS 1000
#define BN_NODE_DUPLICATE_GRACE_MS 2000

/* What the manager knows about one address. */
typedef struct
{
  BnSyncNode   *node;           /* borrowed */
  BnPeer       *peer;
  BnLink       *link;           /* the active live link, ready or on its way */
  GCancellable *cancellable;    /* for the connect and the sync in flight */
  gboolean      connecting;
  gboolean      syncing;
  gboolean      sync_again;
  gboolean      is_self;        /* our own server, reached by another address */
  guint         failures;
  guint         retry_id;
  gint64        next_resync;    /* monotonic µs */
  gboolean      unauthorized_logged;
} BnPeerState;

struct _BnSyncNode
{
  GObject parent_instance;

  BnHome         *home;
  BnWireKeys      keys;
  BnStoreWorker  *writer;
  BnStoreWorker  *reader;
  BnSyncServer   *server;
  SoupSession    *http;
  BnDiscovery    *discovery;
  GListStore     *peers;          /* BnPeer, for the UI */
  GHashTable     *states;         /* address → BnPeerState */
  GPtrArray      *pending_links;  /* incoming links not yet ready */
  GHashTable     *announced;      /* author (GBytes) → seq we have forwarded up to */

  gboolean        running;
  gboolean        use_mdns;
  guint16         port;
  guint           n_online;
  gint64          last_sync;
  guint64         data_version;
  guint           poll_id;
  guint           resync_id;
  guint           checkpoint_id;
  gboolean        checkpointing;
  gulong          entries_added_id;
};

void          bn_sync_node_emit_received    (BnSyncNode   *self,
                                             GPtrArray    *added);
void          bn_sync_node_forward          (BnSyncNode   *self,
                                             GPtrArray    *entries,
                                             BnPeerState  *source);
void          bn_sync_node_set_last_sync    (BnSyncNode   *self,
                                             gint64        when);
void          bn_sync_node_update_n_online  (BnSyncNode   *self);
void          bn_sync_node_ensure_workers   (BnSyncNode   *self);
void          bn_sync_node_ensure_http      (BnSyncNode   *self);

/* bn-sync-node-forward.c */
void          bn_node_forward_local         (BnStore      *store,
                                             GPtrArray    *entries,
                                             BnSyncNode   *self);
gboolean      bn_node_forward_poll          (gpointer      user_data);
gboolean      bn_node_forward_checkpoint    (gpointer      user_data);
void          bn_node_forward_mark_all      (BnSyncNode   *self);

/* bn-sync-node-peers.c */
void          bn_node_peers_save            (BnSyncNode   *self,
                                             BnPeerState  *state,
                                             gboolean      synced);
void          bn_node_peers_schedule_retry  (BnPeerState  *state);
BnPeerState  *bn_node_peers_find_linked     (BnSyncNode   *self,
                                             const guint8 *key,
                                             BnPeerState  *except);
void          bn_node_peers_mark_synced     (BnPeerState  *state);
BnPeerState  *bn_node_peers_ensure          (BnSyncNode   *self,
                                             const char   *address,
                                             BnPeerSource  source);
void          bn_node_peers_load            (BnSyncNode   *self);
void          bn_node_peers_connect         (BnPeerState  *state);
void          bn_node_peers_connect_all     (BnSyncNode   *self);
void          bn_node_peers_request_sync    (BnPeerState  *state);
void          bn_node_peers_link_opened     (BnSyncNode   *self,
                                             BnLink       *link);
void          bn_node_peers_pushed          (BnSyncNode   *self,
                                             BnInsertOutcome *outcome,
                                             const char   *host);
void          bn_node_peers_resync_due      (BnSyncNode   *self);
void          bn_node_peers_stop            (BnSyncNode   *self);
void          bn_peer_state_free            (BnPeerState  *state);

/* bn-sync-node-links.c */
void          bn_node_links_attach          (BnPeerState  *state,
                                             BnLink       *link);
void          bn_node_links_detach          (BnPeerState  *state);
void          bn_node_peers_run_session     (BnSyncNode   *self,
                                             const char   *address,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer      user_data);

G_END_DECLS
