/* bn-post-list.h — the Requests or the Offers page: filter, search, rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_POST_LIST (bn_post_list_get_type ())
G_DECLARE_FINAL_TYPE (BnPostList, bn_post_list, BN, POST_LIST, GtkWidget)

const char *bn_post_list_get_category (BnPostList *self);
void        bn_post_list_set_category (BnPostList *self,
                                       const char *category);
void        bn_post_list_set_search   (BnPostList *self,
                                       const char *text);
void        bn_post_list_focus_search (BnPostList *self);
guint       bn_post_list_get_n_shown  (BnPostList *self);

G_END_DECLS
