/* bn-neighbours-page.h — who lives here, near to far
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_NEIGHBOURS_PAGE (bn_neighbours_page_get_type ())
G_DECLARE_FINAL_TYPE (BnNeighboursPage, bn_neighbours_page, BN, NEIGHBOURS_PAGE, GtkWidget)

guint bn_neighbours_page_get_n_shown (BnNeighboursPage   *self);

G_END_DECLS
