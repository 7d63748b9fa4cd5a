/* bn-post-row.h — one request or offer in a list, reused for another as the
 * list scrolls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-post-item.h"

G_BEGIN_DECLS

#define BN_TYPE_POST_ROW (bn_post_row_get_type ())
G_DECLARE_FINAL_TYPE (BnPostRow, bn_post_row, BN, POST_ROW, GtkWidget)

GtkWidget  *bn_post_row_new           (BnPostItem *item);
BnPostItem *bn_post_row_get_item      (BnPostRow  *self);
void        bn_post_row_set_item      (BnPostRow  *self,
                                       BnPostItem *item);
void        bn_post_row_set_announced (BnPostRow  *self,
                                       GtkWidget  *announced);
const char *bn_post_row_get_post_id   (BnPostRow  *self);
void        bn_post_row_update        (BnPostRow  *self);

G_END_DECLS
