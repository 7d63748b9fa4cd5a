/* bn-sync-node.h — one running Buurtnet peer: sync server, sync client, live push,
 * Avahi discovery and the peer manager behind one object
 *
 * The GTK app and `buurtnet-cli serve` both hold one BnSyncNode per data directory.
 * Everything runs on the thread-default main context of the thread that made the
 * node and started it (the main loop); database work runs on the node's worker
 * threads, each with its own connection to the same database: the writer
 * (bn_sync_node_get_writer(), for a person's writes too) and a reader.
 * ::store-changed is the process's one notice that the store changed, whoever
 * wrote. src/net/README.md follows a post out and in, function by function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-home.h"
#include "bn-peer.h"
#include "bn-store-worker.h"

G_BEGIN_DECLS

/* The fixed port a household firewall rule can name; when it is taken the node
 * falls back to any free port (see docs/sync-protocol.md). */
#define BN_SYNC_DEFAULT_PORT 7447

#define BN_NET_ERROR (bn_net_error_quark ())

/**
 * BnNetError:
 * @BN_NET_ERROR_FAILED: something else went wrong
 * @BN_NET_ERROR_ADDRESS: a peer address is not "host:port"
 * @BN_NET_ERROR_UNREACHABLE: the peer could not be reached
 * @BN_NET_ERROR_UNAUTHORIZED: the peer is not in our neighbourhood (401), or we are not in its
 * @BN_NET_ERROR_PROTOCOL: the peer sent something that does not follow the protocol
 * @BN_NET_ERROR_BUSY: the peer asks us to slow down (429)
 * @BN_NET_ERROR_NO_HOOD: this data directory has not joined a neighbourhood yet
 * @BN_NET_ERROR_LISTEN: no port to listen on
 * @BN_NET_ERROR_REMOVED: the peer says we are no longer a member (a 401 with the removal notice)
 * @BN_NET_ERROR_CLOCK: the peer refused us, and its clock is more than the 120 s a
 *   request may be off from ours
 * @BN_NET_ERROR_REFUSED: the computer at the address refused the connection: nothing
 *   listens on that port (@BN_NET_ERROR_UNREACHABLE: no answer at all)
 */
typedef enum {
  BN_NET_ERROR_FAILED,
  BN_NET_ERROR_ADDRESS,
  BN_NET_ERROR_UNREACHABLE,
  BN_NET_ERROR_UNAUTHORIZED,
  BN_NET_ERROR_PROTOCOL,
  BN_NET_ERROR_BUSY,
  BN_NET_ERROR_NO_HOOD,
  BN_NET_ERROR_LISTEN,
  BN_NET_ERROR_REMOVED,
  BN_NET_ERROR_CLOCK,
  BN_NET_ERROR_REFUSED,
} BnNetError;

GQuark bn_net_error_quark (void);

/**
 * BnAvahiState:
 * @BN_AVAHI_STATE_RUNNING: publishing and browsing on the local network
 * @BN_AVAHI_STATE_NOT_RUNNING: discovery wanted, but avahi-daemon is not running (yet);
 *   known and manual peers still sync
 * @BN_AVAHI_STATE_DISABLED: discovery switched off (no mDNS)
 */
typedef enum {
  BN_AVAHI_STATE_RUNNING,
  BN_AVAHI_STATE_NOT_RUNNING,
  BN_AVAHI_STATE_DISABLED,
} BnAvahiState;

GType bn_avahi_state_get_type (void) G_GNUC_CONST;
#define BN_TYPE_AVAHI_STATE (bn_avahi_state_get_type ())

/**
 * BnSyncStats:
 * @pulled: entries we stored for the first time
 * @pushed: entries the peer stored for the first time
 * @refused: entries refused (ours or theirs)
 * @in_sync: the heads matched at the first look (one round trip)
 * @stored_usec: how long the pull took until everything was stored
 * @visible_usec: how long until everything pulled showed in lists
 */
typedef struct
{
  guint    pulled;
  guint    pushed;
  guint    refused;
  gboolean in_sync;
  gint64   stored_usec;    /* from the start until every pulled entry was verified and stored */
  gint64   visible_usec;   /* ...and folded into posts and profiles, so lists show it */
} BnSyncStats;

#define BN_TYPE_SYNC_NODE (bn_sync_node_get_type ())
G_DECLARE_FINAL_TYPE (BnSyncNode, bn_sync_node, BN, SYNC_NODE, GObject)

BnSyncNode   *bn_sync_node_new            (BnHome              *home);
BnHome       *bn_sync_node_get_home       (BnSyncNode          *self);
BnStoreWorker *bn_sync_node_get_writer    (BnSyncNode          *self);

gboolean      bn_sync_node_start          (BnSyncNode          *self,
                                           guint16              port,
                                           gboolean             use_mdns,
                                           GError             **error);
void          bn_sync_node_stop           (BnSyncNode          *self);
void          bn_sync_node_stop_async     (BnSyncNode          *self,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      bn_sync_node_stop_finish    (BnSyncNode          *self,
                                           GAsyncResult        *result,
                                           GError             **error);
gboolean      bn_sync_node_is_running     (BnSyncNode          *self);

gboolean      bn_sync_node_add_peer       (BnSyncNode          *self,
                                           const char          *address,
                                           GError             **error);
GListModel   *bn_sync_node_get_peers      (BnSyncNode          *self);

guint         bn_sync_node_get_n_online   (BnSyncNode          *self);
gint64        bn_sync_node_get_last_sync  (BnSyncNode          *self);
BnAvahiState  bn_sync_node_get_avahi_state (BnSyncNode         *self);
guint16       bn_sync_node_get_port       (BnSyncNode          *self);

void          bn_sync_node_join_async     (BnSyncNode          *self,
                                           const char          *address,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      bn_sync_node_join_finish    (BnSyncNode          *self,
                                           GAsyncResult        *result,
                                           GError             **error);
gboolean      bn_sync_node_is_joining     (BnSyncNode          *self);

void          bn_sync_node_sync_async     (BnSyncNode          *self,
                                           const char          *address,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      bn_sync_node_sync_finish    (BnSyncNode          *self,
                                           GAsyncResult        *result,
                                           BnSyncStats         *stats,
                                           GError             **error);

G_END_DECLS
