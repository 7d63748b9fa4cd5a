/* bn-stats-chart-view.h — how the neighbourhood is doing, on the connector
 * page: the chart, its legend, the tables, the notes and the exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_STATS_CHART_VIEW (bn_stats_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (BnStatsChartView, bn_stats_chart_view, BN, STATS_CHART_VIEW, GtkWidget)

GtkWidget     *bn_stats_chart_view_new        (BnSession        *session);
void           bn_stats_chart_view_reload     (BnStatsChartView *self);
const BnStats *bn_stats_chart_view_get_stats  (BnStatsChartView *self);
GtkWidget     *bn_stats_chart_view_get_chart  (BnStatsChartView *self);
void           bn_stats_chart_view_export     (BnStatsChartView *self,
                                               GFile            *file,
                                               gboolean          pdf);

G_END_DECLS
