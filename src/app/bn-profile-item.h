/* bn-profile-item.h — a neighbour's profile in a list model, and whether they
 * are connected right now
 *
 * Items never change: a new state is a new item, so a list can tell which
 * rows to rebuild by comparing items (bn_profile_item_same).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_PROFILE_ITEM (bn_profile_item_get_type ())
G_DECLARE_FINAL_TYPE (BnProfileItem, bn_profile_item, BN, PROFILE_ITEM, GObject)

BnProfileItem   *bn_profile_item_new         (BnProfile     *profile,
                                              gboolean       online);
const BnProfile *bn_profile_item_get_profile (BnProfileItem *self);
gboolean         bn_profile_item_get_online  (BnProfileItem *self);
gboolean         bn_profile_item_same        (BnProfileItem *self,
                                              BnProfileItem *other);

G_END_DECLS
