/* bn-local-networks.h — whether an address is on a network this machine is on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bn_address_is_on_local_network (const char *host);

G_END_DECLS
