/* bn-stats-chart.h — how the neighbourhood is doing, drawn: requests by month,
 * stacked by category; and the same figures as tables a screen reader reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_STATS_CHART (bn_stats_chart_get_type ())
G_DECLARE_FINAL_TYPE (BnStatsChart, bn_stats_chart, BN, STATS_CHART, GtkDrawingArea)

GtkWidget     *bn_stats_chart_new        (void);
/* @stats: (transfer full) (nullable) */
void           bn_stats_chart_set_stats  (BnStatsChart  *self,
                                          BnStats       *stats);
const BnStats *bn_stats_chart_get_stats  (BnStatsChart  *self);
/* What the chart shows, in words: its accessible description. */
char          *bn_stats_chart_describe   (const BnStats *stats);
/* The colour of category @index (bn_categories() order; n_categories: the
 * hidden rest), holding 4.5:1 against the window's background. */
void           bn_stats_chart_colour     (guint          index,
                                          gboolean       dark,
                                          GdkRGBA       *colour);
/* What a figure counts: the tooltip of its column. */
const char    *bn_stats_count_meaning    (BnStatsCount   count);

/* The figures as tables: by month (the chart's months and the whole period),
 * and by category over the period. Every cell says what it is to a screen
 * reader ("Requests, 2026-11: 12"). */
GtkWidget     *bn_stats_table_new        (const BnStats *stats,
                                          gboolean       by_month);
/* What a screen reader hears of a cell ("Requests, November 2026: 12");
 * @category: n_categories for all; @month: months->len for the period. */
char          *bn_stats_cell_label       (const BnStats *stats,
                                          guint          month,
                                          guint          category,
                                          BnStatsCount   count);
/* The legend: a swatch and a name for each category in the chart. */
GtkWidget     *bn_stats_legend_new       (const BnStats *stats);

G_END_DECLS
