/* bn-stats-item.h — one help category's figures in a list model (the
 * connector's page)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_STATS_ITEM (bn_stats_item_get_type ())
G_DECLARE_FINAL_TYPE (BnStatsItem, bn_stats_item, BN, STATS_ITEM, GObject)

BnStatsItem           *bn_stats_item_new       (const BnCategoryStats *stats);
const BnCategoryStats *bn_stats_item_get_stats (BnStatsItem           *self);
gboolean               bn_stats_item_same      (BnStatsItem           *self,
                                                BnStatsItem           *other);

G_END_DECLS
