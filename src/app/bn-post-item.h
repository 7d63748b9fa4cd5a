/* bn-post-item.h — a BnPost in a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_POST_ITEM (bn_post_item_get_type ())
G_DECLARE_FINAL_TYPE (BnPostItem, bn_post_item, BN, POST_ITEM, GObject)

BnPostItem   *bn_post_item_new      (BnPost     *post);
const BnPost *bn_post_item_get_post (BnPostItem *self);
gboolean      bn_post_item_same     (BnPostItem *self,
                                     BnPostItem *other);

G_END_DECLS
