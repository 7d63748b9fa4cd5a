/* bn-peer.h — a neighbour's machine as the peer manager knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BnPeerSource:
 * @BN_PEER_SOURCE_MANUAL: added by hand ("host:port")
 * @BN_PEER_SOURCE_MDNS: found on the local network with Avahi
 * @BN_PEER_SOURCE_INCOMING: it connected to us and told us its port
 * @BN_PEER_SOURCE_STORED: remembered from an earlier run
 */
typedef enum {
  BN_PEER_SOURCE_MANUAL,
  BN_PEER_SOURCE_MDNS,
  BN_PEER_SOURCE_INCOMING,
  BN_PEER_SOURCE_STORED,
} BnPeerSource;

#define BN_TYPE_PEER (bn_peer_get_type ())
G_DECLARE_FINAL_TYPE (BnPeer, bn_peer, BN, PEER, GObject)

/* Read-only for the UI; the sync node keeps them up to date (properties notify). */
const char   *bn_peer_get_address     (BnPeer *self);   /* "host:port" */
const char   *bn_peer_get_peer_id     (BnPeer *self);   /* nullable until first contact */
gboolean      bn_peer_get_online      (BnPeer *self);
gint64        bn_peer_get_last_sync   (BnPeer *self);   /* µs since the epoch, 0: never */
guint64       bn_peer_get_entries_in  (BnPeer *self);
guint64       bn_peer_get_entries_out (BnPeer *self);
BnPeerSource  bn_peer_get_source      (BnPeer *self);

G_END_DECLS
