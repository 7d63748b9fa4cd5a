/* bn-link.h — the live connection between two peers: a WebSocket over which both
 * sides push new entries the moment they are stored, and prove every few seconds
 * that they are still there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "bn-wire.h"

G_BEGIN_DECLS

/* A peer silent for longer than this is gone. The client pings every half of it
 * and the server answers each ping: an idle link costs each side one wakeup per
 * ping, and a vanished peer is noticed within this long. */
#define BN_LINK_DEAD_AFTER_MS 8000
/* WebSocket close code: "we keep the other link between us" (private use range). */
#define BN_LINK_CLOSE_DUPLICATE 4001

#define BN_TYPE_LINK (bn_link_get_type ())
G_DECLARE_FINAL_TYPE (BnLink, bn_link, BN, LINK, GObject)

BnLink       *bn_link_new              (SoupWebsocketConnection *connection,
                                        const BnPairKeys        *keys,
                                        const guint8            *link_nonce,
                                        gboolean                 is_client,
                                        const guint8            *peer_key,
                                        guint16                  my_port,
                                        const char              *remote_host);
gboolean      bn_link_is_client        (BnLink                  *self);
gboolean      bn_link_is_ready         (BnLink                  *self);
gboolean      bn_link_is_closed        (BnLink                  *self);
const char   *bn_link_get_peer_id      (BnLink                  *self);
const guint8 *bn_link_get_peer_key     (BnLink                  *self);
guint16       bn_link_get_peer_port    (BnLink                  *self);
const char   *bn_link_get_remote_host  (BnLink                  *self);

gboolean      bn_link_send_entries     (BnLink                  *self,
                                        GPtrArray               *entries);
void          bn_link_send_sync        (BnLink                  *self);
void          bn_link_send_synced      (BnLink                  *self);
void          bn_link_send_peers       (BnLink                  *self,
                                        const char * const      *addresses);
void          bn_link_close            (BnLink                  *self);
void          bn_link_close_duplicate  (BnLink                  *self);
gboolean      bn_link_was_duplicate    (BnLink                  *self);

G_END_DECLS
