/* bn-peer-private.h — what the sync node changes on a peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-peer.h"

G_BEGIN_DECLS

BnPeer   *bn_peer_new               (const char   *address,
                                     BnPeerSource  source);
void      bn_peer_set_peer_id       (BnPeer       *self,
                                     const char   *peer_id);
void      bn_peer_set_online        (BnPeer       *self,
                                     gboolean      online);
void      bn_peer_set_last_sync     (BnPeer       *self,
                                     gint64        last_sync);
void      bn_peer_add_entries       (BnPeer       *self,
                                     guint64       in,
                                     guint64       out);
void      bn_peer_set_entries       (BnPeer       *self,
                                     guint64       in,
                                     guint64       out);
void      bn_peer_set_source        (BnPeer       *self,
                                     BnPeerSource  source);
const char *bn_peer_source_to_string (BnPeerSource source);
BnPeerSource bn_peer_source_from_string (const char *text);

G_END_DECLS
