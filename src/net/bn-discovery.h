/* bn-discovery.h — finding neighbours on the local network with Avahi (mDNS),
 * on the GLib main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-hood.h"
#include "bn-sync-node.h"

G_BEGIN_DECLS

#define BN_DISCOVERY_SERVICE_TYPE "_buurtnet._tcp"
#define BN_WIRE_VERSION_TXT "2"

#define BN_TYPE_DISCOVERY (bn_discovery_get_type ())
G_DECLARE_FINAL_TYPE (BnDiscovery, bn_discovery, BN, DISCOVERY, GObject)

BnDiscovery  *bn_discovery_new        (GPtrArray    *keys);
void          bn_discovery_start      (BnDiscovery  *self,
                                       guint16       port);
void          bn_discovery_stop       (BnDiscovery  *self);
BnAvahiState  bn_discovery_get_state  (BnDiscovery  *self);
void          bn_discovery_set_n_linked (BnDiscovery *self,
                                         guint        n_linked);
void          bn_discovery_set_keys   (BnDiscovery  *self,
                                       GPtrArray    *keys);

G_END_DECLS
