/* bn-meetups-page.h — the neighbourhood's meetups, the soonest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_MEETUPS_PAGE (bn_meetups_page_get_type ())
G_DECLARE_FINAL_TYPE (BnMeetupsPage, bn_meetups_page, BN, MEETUPS_PAGE, GtkWidget)

guint bn_meetups_page_get_n_shown (BnMeetupsPage *self);

G_END_DECLS
