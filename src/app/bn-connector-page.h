/* bn-connector-page.h — the connector's dashboard: requests waiting for a
 * helper, and figures by category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_CONNECTOR_PAGE (bn_connector_page_get_type ())
G_DECLARE_FINAL_TYPE (BnConnectorPage, bn_connector_page, BN, CONNECTOR_PAGE, GtkWidget)

guint bn_connector_page_get_n_waiting (BnConnectorPage *self);

G_END_DECLS
