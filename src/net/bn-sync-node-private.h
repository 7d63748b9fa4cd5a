/* bn-sync-node-private.h — what the sync node's files share
 *
 * BnSyncNode is one object split by concern; its files call each other through
 * the underscored functions below, grouped by the file that defines them:
 *   bn-sync-node.c          life cycle, properties, signals, public API; makes
 *                           the worker threads and the HTTP client
 *   bn-sync-node-watch.c    noticing changes to the store, ::store-changed, WAL
 *                           checkpoints
 *   bn-sync-node-forward.c  forwarding new entries over every live link
 *   bn-sync-node-peers.c    the peer manager: addresses, calling out, backoff,
 *                           sessions
 *   bn-sync-node-links.c    live links: greeting, one per pair, live entries,
 *                           peer exchange, links neighbours open to us
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

#define BN_NODE_BACKOFF_MIN_MS 500
#define BN_NODE_BACKOFF_MAX_MS 60000
/* A safety net under the live links: a sync (usually one 304) this often. */
#define BN_NODE_RESYNC_SECONDS 300
/* A linked peer's last_seen is written this often (each write wakes the WAL
 * watch and leads to a checkpoint); `buurtnet-cli peers` allows for it. */
#define BN_NODE_SEEN_SAVE_SECONDS 120
/* After the WAL file changed, PRAGMA data_version is read at once and again this
 * much later (a commit is visible only after its last write to the WAL). */
#define BN_NODE_RECHECK_MS 50
/* A WAL checkpoint this long after entries were committed, and at the latest
 * this long after any other write (a peer's last_seen, every 120 s per link). */
#define BN_NODE_CHECKPOINT_MS 1000
#define BN_NODE_IDLE_CHECKPOINT_MS 60000
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
  gint64        seen_saved;     /* monotonic µs last_seen was last written */
  gboolean      unauthorized_logged;
  gboolean      exchanged;      /* learned from a neighbour's PEERS, not linked yet */
} BnPeerState;

struct _BnSyncNode
{
  GObject parent_instance;

  /* Owned */
  BnHome         *home;
  GMainContext   *context;        /* where the node was made: signals, the watch */
  BnStoreWorker  *writer;
  BnStoreWorker  *reader;
  SoupSession    *http;
  GListStore     *peers;          /* BnPeer, for the UI */
  GHashTable     *states;         /* address → BnPeerState */
  GHashTable     *announced;      /* author (GBytes) → seq we have forwarded up to */
  GHashTable     *identities;     /* address → peer ID that answered there (one-off syncs) */

  /* While running */
  BnSyncServer   *server;
  BnDiscovery    *discovery;
  GPtrArray      *pending_links;  /* incoming links not yet ready */
  gboolean        running;
  gboolean        use_mdns;
  guint16         port;
  guint           n_online;
  gint64          last_sync;
  guint           resync_id;
  GSource        *checkpoint;
  gint64          checkpoint_at;   /* monotonic µs it is due */
  gboolean        checkpointing;
  guint           tend_id;        /* the roster's upkeep, due soon */
  guint           in_flight;      /* calls out that hold the node (_bn_sync_node_hold) */
  GPtrArray      *stopping;       /* GTask: bn_sync_node_stop_async() waiting for them */

  /* Waiting to join (bn-sync-node-join.c) */
  gboolean        joining;
  guint16         join_port;
  GHashTable     *join_candidates;  /* address → an ask in flight (gboolean) */
  GCancellable   *join_cancellable;
  guint           join_tick_id;

  /* The watch on the store (bn-sync-node-watch.c) */
  guint64         data_version;
  GFileMonitor   *wal_monitor;     /* the database's WAL file */
  GSource        *recheck;         /* data_version once more, after a change */
  gulong          store_added_id;
  GSource        *store_changed;   /* the queued ::store-changed */
};

/* bn-sync-node-join.c */
void          _bn_sync_node_join_start          (BnSyncNode      *self,
                                                 guint16          port,
                                                 gboolean         use_mdns);
void          _bn_sync_node_join_add            (BnSyncNode      *self,
                                                 const char      *address);
void          _bn_sync_node_join_stop           (BnSyncNode      *self);

/* bn-sync-node.c */
void          _bn_sync_node_emit_received       (BnSyncNode      *self,
                                                 GPtrArray       *added);
void          _bn_sync_node_emit_store_changed  (BnSyncNode      *self);
void          _bn_sync_node_drop_workers        (BnSyncNode      *self);
void          _bn_sync_node_set_last_sync       (BnSyncNode      *self,
                                                 gint64           when);
void          _bn_sync_node_update_n_online     (BnSyncNode      *self);
void          _bn_sync_node_ensure_workers      (BnSyncNode      *self);
void          _bn_sync_node_ensure_http         (BnSyncNode      *self);
void          _bn_sync_node_hold                (BnSyncNode      *self);
void          _bn_sync_node_release             (BnSyncNode      *self);

/* bn-sync-node-watch.c */
void          _bn_sync_node_watch_start         (BnSyncNode      *self);
void          _bn_sync_node_watch_writer        (BnSyncNode      *self);
void          _bn_sync_node_watch_stop          (BnSyncNode      *self);
void          _bn_sync_node_store_changed       (BnSyncNode      *self);
void          _bn_sync_node_checkpoints_start   (BnSyncNode      *self);
void          _bn_sync_node_checkpoint_soon     (BnSyncNode      *self);
void          _bn_sync_node_checkpoints_stop    (BnSyncNode      *self);

/* bn-sync-node-forward.c */
void          _bn_sync_node_forward             (BnSyncNode      *self,
                                                 GPtrArray       *entries,
                                                 BnPeerState     *source);
void          _bn_sync_node_forward_new_heads   (BnSyncNode      *self);
void          _bn_sync_node_mark_all_announced  (BnSyncNode      *self);

/* bn-sync-node-peers.c */
void          _bn_peer_state_free               (BnPeerState     *state);
BnPeerState  *_bn_sync_node_peers_ensure        (BnSyncNode      *self,
                                                 const char      *address,
                                                 BnPeerSource     source);
void          _bn_sync_node_peers_load          (BnSyncNode      *self);
void          _bn_sync_node_peers_save          (BnSyncNode      *self,
                                                 BnPeerState     *state,
                                                 gboolean         synced);
BnPeerState  *_bn_sync_node_peers_find_linked   (BnSyncNode      *self,
                                                 const guint8    *key,
                                                 BnPeerState     *except);
void          _bn_sync_node_peers_connect       (BnPeerState     *state);
void          _bn_sync_node_peers_connect_all   (BnSyncNode      *self);
void          _bn_sync_node_peers_retry_after   (BnPeerState     *state,
                                                 guint            delay_ms);
void          _bn_sync_node_peers_schedule_retry (BnPeerState    *state);
void          _bn_sync_node_peers_mark_synced   (BnPeerState     *state);
void          _bn_sync_node_peers_request_sync  (BnPeerState     *state);
void          _bn_sync_node_peers_run_session   (BnSyncNode      *self,
                                                 const char      *address,
                                                 GCancellable    *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer         user_data);
void          _bn_sync_node_peers_remember_identity (BnSyncNode  *self,
                                                     const char  *address,
                                                     const char  *peer_id);
void          _bn_sync_node_peers_resync_due    (BnSyncNode      *self);
void          _bn_sync_node_peers_stop          (BnSyncNode      *self);

/* bn-sync-node-links.c */
void          _bn_sync_node_links_attach        (BnPeerState     *state,
                                                 BnLink          *link);
void          _bn_sync_node_links_detach        (BnPeerState     *state);
void          _bn_sync_node_links_incoming      (BnSyncNode      *self,
                                                 BnLink          *link);
void          _bn_sync_node_links_pushed        (BnSyncNode      *self,
                                                 BnInsertOutcome *outcome,
                                                 const char      *host);

G_END_DECLS
