/* bn-network-button.h — the header's view of the peer: who is connected,
 * when we last synced, whether Avahi works, and adding a neighbour by address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BN_TYPE_NETWORK_BUTTON (bn_network_button_get_type ())
G_DECLARE_FINAL_TYPE (BnNetworkButton, bn_network_button, BN, NETWORK_BUTTON, GtkWidget)

const char *bn_network_button_get_summary (BnNetworkButton *self);
void        bn_network_button_popup       (BnNetworkButton *self);
gboolean    bn_network_button_add_address (BnNetworkButton *self,
                                           const char      *address,
                                           GError         **error);
char       *bn_network_describe           (guint            n_online,
                                           gint64           last_sync_us,
                                           gint64           now_us,
                                           char           **synced);

G_END_DECLS
