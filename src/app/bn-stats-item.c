/* bn-stats-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-stats-item.h"

struct _BnStatsItem
{
  GObject parent_instance;

  BnCategoryStats stats;   /* a copy; its category ID is static */
};

G_DEFINE_FINAL_TYPE (BnStatsItem, bn_stats_item, G_TYPE_OBJECT)

static void
bn_stats_item_class_init (BnStatsItemClass *klass)
{
}

static void
bn_stats_item_init (BnStatsItem *self)
{
}

BnStatsItem *
bn_stats_item_new (const BnCategoryStats *stats)
{
  BnStatsItem *self = g_object_new (BN_TYPE_STATS_ITEM, NULL);

  self->stats = *stats;
  return self;
}

const BnCategoryStats *
bn_stats_item_get_stats (BnStatsItem *self)
{
  return &self->stats;
}

gboolean
bn_stats_item_same (BnStatsItem *self,
                    BnStatsItem *other)
{
  const BnCategoryStats *a = &self->stats, *b = &other->stats;

  return g_strcmp0 (a->category, b->category) == 0 && a->open_requests == b->open_requests
         && a->open_offers == b->open_offers && a->helped_recently == b->helped_recently
         && a->waiting == b->waiting && a->talents == b->talents;
}
