/* bn-activity-page.h — my requests, offers, what I help with and my meetups,
 * and "For You": open requests in what I like to help with, meetups coming up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_ACTIVITY_PAGE (bn_activity_page_get_type ())
G_DECLARE_FINAL_TYPE (BnActivityPage, bn_activity_page, BN, ACTIVITY_PAGE, GtkWidget)

guint bn_activity_page_get_n_shown (BnActivityPage *self,
                                    guint           section);
void  bn_activity_page_refresh     (BnActivityPage *self);

G_END_DECLS
