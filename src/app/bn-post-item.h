/* bn-post-item.h — a post as the app shows it, in list models and pages
 *
 * One item per post for as long as the post exists: when the post changes
 * (a reply, an edit, accepted, done), the session updates the item in place,
 * which notifies the properties that changed and emits ::changed once. Rows
 * and the post page bind to the properties in their .ui files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_POST_ITEM (bn_post_item_get_type ())
G_DECLARE_FINAL_TYPE (BnPostItem, bn_post_item, BN, POST_ITEM, GObject)

BnPostItem   *bn_post_item_new         (BnPost     *post,
                                        const char *my_peer_id);
const BnPost *bn_post_item_get_post    (BnPostItem *self);
const char   *bn_post_item_get_id      (BnPostItem *self);
gboolean      bn_post_item_is_mine     (BnPostItem *self);
gboolean      bn_post_item_is_request  (BnPostItem *self);
gboolean      bn_post_item_is_helper   (BnPostItem *self);
gboolean      bn_post_item_update      (BnPostItem *self,
                                        BnPost     *post);

G_END_DECLS
