/* bn-stats-chart.c — requests by month, stacked by category, in cairo
 *
 * The figures are the core's (bn-stats.c), safe to hand over: a category's
 * count from 1 to 4 ("<5") or hidden to protect one ("x") gets no segment of
 * its own; what the month's total holds beyond the shown categories is one
 * grey segment, "hidden counts", which the tables give away no more than the
 * total does. A month whose total is itself hidden gets no bar, only its
 * "<5" or "x". The colours hold 4.5:1 against the window's background in
 * light and in dark (tested); segments are parted by a line of background.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-stats-chart.h"
#include "bn-date-words.h"
#include "bn-widget.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#define CHART_HEIGHT 220
#define AXIS_LEFT 36.0
#define AXIS_BOTTOM 22.0
#define TOP_ROOM 16.0

struct _BnStatsChart
{
  GtkDrawingArea parent_instance;

  BnStats *stats;
};

G_DEFINE_FINAL_TYPE (BnStatsChart, bn_stats_chart, GTK_TYPE_DRAWING_AREA)

/* Light, then dark: from the GNOME palette's hues, made darker (light) or
 * lighter (dark) until they hold 4.6:1 against #fafafa and #363636. */
static const guint32 palette[][2] = {
  { 0x1d73ca, 0x61a5e8 },
  { 0x17833b, 0x20b853 },
  { 0xad5d0e, 0xed861e },
  { 0xa347d1, 0xc489e1 },
  { 0xda2b2b, 0xe98383 },
  { 0x167f7f, 0x1fb2b2 },
  { 0x867107, 0xbc9e0a },
  { 0xc83296, 0xdf81c0 },
  { 0x408020, 0x5ab42d },
  { 0x6666cc, 0x9a9add },
  { 0xc44b23, 0xe58869 },
  { 0x2b8063, 0x3cb38b },
};
static const guint32 hidden_colour[2] = { 0x727272, 0xa0a0a0 };

void
bn_stats_chart_colour (guint     index,
                       gboolean  dark,
                       GdkRGBA  *colour)
{
  guint n_categories;
  guint32 rgb;

  bn_categories (&n_categories);
  rgb = index >= n_categories ? hidden_colour[dark ? 1 : 0]
                              : palette[index % G_N_ELEMENTS (palette)][dark ? 1 : 0];
  colour->red = ((rgb >> 16) & 0xff) / 255.0;
  colour->green = ((rgb >> 8) & 0xff) / 255.0;
  colour->blue = (rgb & 0xff) / 255.0;
  colour->alpha = 1;
}

const char *
bn_stats_count_meaning (BnStatsCount count)
{
  switch (count)
    {
    case BN_STATS_REQUESTS:
      return _("Requests posted in the month, whatever became of them");
    case BN_STATS_OFFERS:
      return _("Offers of help posted in the month");
    case BN_STATS_MATCHED:
      return _("Posts of the month for which a helper was chosen, done or not");
    case BN_STATS_DONE:
      return _("Posts of the month marked done");
    case BN_STATS_WITHDRAWN:
      return _("Posts of the month their authors withdrew");
    case BN_STATS_EXPIRED:
      return _("Posts of the month that expired while still open: nobody was chosen");
    case BN_STATS_REFERRED:
      return _("Requests of the month referred to a service");
    case BN_STATS_ASKERS:
      return _("Different neighbours who asked for help: each counts once");
    case BN_STATS_HELPERS:
      return _("Different neighbours chosen to help, and those whose offer was taken up");
    case BN_STATS_N_COUNTS:
    default:
      break;
    }
  return "";
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static guint
n_categories (void)
{
  guint n;

  bn_categories (&n);
  return n;
}

/* "Nov" under each month, with the year under January and the first month. */
static char *
month_label (const char *month, gboolean with_year)
{
  int year = 0, mon = 0;
  g_autoptr(GDateTime) date = NULL;

  if (sscanf (month, "%d-%d", &year, &mon) != 2)
    return g_strdup (month);
  date = g_date_time_new_utc (year, mon, 1, 0, 0, 0);
  if (!with_year)
    return g_strdup (bn_date_words_short_month (date));
  /* Translators: under a chart's bar, a month and its year: "Jan 2026" */
  return g_strdup_printf (C_("short month and year", "%1$s %2$d"), bn_date_words_short_month (date),
                          year);
}

static guint
scale_top (const BnStats *stats)
{
  guint top = 1;

  for (guint m = 0; m < stats->months->len; m++)
    {
      const BnStatsRow *row = bn_stats_get_row (stats, m, n_categories ());
      if (row->marks[BN_STATS_REQUESTS] == BN_STATS_SHOWN)
        top = MAX (top, row->counts[BN_STATS_REQUESTS]);
    }
  return top;
}

static void
show_text (cairo_t *cr, GtkWidget *widget, double x, double y, const char *text,
           double align)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * align, y - height);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_bar (cairo_t *cr, const BnStats *stats, guint m, double x, double width, double base,
          double per_unit, gboolean dark, GdkRGBA *background)
{
  const BnStatsRow *total = bn_stats_get_row (stats, m, n_categories ());
  double y = base;
  guint shown = 0;
  GdkRGBA colour;

  if (total->marks[BN_STATS_REQUESTS] != BN_STATS_SHOWN)
    return;
  for (guint c = 0; c < n_categories (); c++)
    {
      const BnStatsRow *row = bn_stats_get_row (stats, m, c);
      double h;

      if (row->marks[BN_STATS_REQUESTS] != BN_STATS_SHOWN || row->counts[BN_STATS_REQUESTS] == 0)
        continue;
      h = row->counts[BN_STATS_REQUESTS] * per_unit;
      bn_stats_chart_colour (c, dark, &colour);
      gdk_cairo_set_source_rgba (cr, &colour);
      cairo_rectangle (cr, x, y - h, width, h);
      cairo_fill (cr);
      /* A line of background between segments. */
      gdk_cairo_set_source_rgba (cr, background);
      cairo_rectangle (cr, x, y - h, width, 1);
      cairo_fill (cr);
      y -= h;
      shown += row->counts[BN_STATS_REQUESTS];
    }
  if (total->counts[BN_STATS_REQUESTS] > shown)
    {
      double h = (total->counts[BN_STATS_REQUESTS] - shown) * per_unit;
      bn_stats_chart_colour (n_categories (), dark, &colour);
      gdk_cairo_set_source_rgba (cr, &colour);
      cairo_rectangle (cr, x, y - h, width, h);
      cairo_fill (cr);
    }
}

static void
draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  BnStatsChart *self = BN_STATS_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  const BnStats *stats = self->stats;
  gboolean dark = is_dark ();
  GdkRGBA fg, background = { dark ? 0x24 / 255. : 0xfa / 255., dark ? 0x24 / 255. : 0xfa / 255.,
                             dark ? 0x24 / 255. : 0xfa / 255., 1 };
  double base = height - AXIS_BOTTOM, plot_w = width - AXIS_LEFT - 4;
  double slot, bar, per_unit;
  guint top, n;

  if (stats == NULL || stats->months->len == 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  n = stats->months->len;
  slot = plot_w / n;
  bar = MIN (slot * 0.6, 36);
  top = scale_top (stats);
  per_unit = (base - TOP_ROOM - 4) / top;

  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, AXIS_LEFT - 0.5, TOP_ROOM);
  cairo_line_to (cr, AXIS_LEFT - 0.5, base + 0.5);
  cairo_line_to (cr, width, base + 0.5);
  cairo_stroke (cr);
  show_text (cr, widget, AXIS_LEFT - 6, base + 8, "0", 1);
  /* The scale's top is a count that is shown, so 5 or more. */
  if (top >= BN_STATS_THRESHOLD)
    {
      g_autofree char *label = g_strdup_printf ("%u", top);
      show_text (cr, widget, AXIS_LEFT - 6, base - top * per_unit + 8, label, 1);
    }

  for (guint m = 0; m < n; m++)
    {
      const BnStatsRow *total = bn_stats_get_row (stats, m, n_categories ());
      const char *month = g_ptr_array_index (stats->months, m);
      double x = AXIS_LEFT + m * slot + (slot - bar) / 2;
      double h = total->marks[BN_STATS_REQUESTS] == BN_STATS_SHOWN
                 ? total->counts[BN_STATS_REQUESTS] * per_unit : 0;
      g_autofree char *count = bn_stats_format_count (total, BN_STATS_REQUESTS);
      g_autofree char *label = month_label (month, FALSE);

      draw_bar (cr, stats, m, x, bar, base, per_unit, dark, &background);
      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (cr, widget, x + bar / 2, base - h - 2, count, 0.5);
      /* Every month when there is room, else every other. */
      if (slot >= 30 || m % 2 == 0)
        show_text (cr, widget, x + bar / 2, height, label, 0.5);
    }
}

static gboolean
query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
               gpointer data)
{
  BnStatsChart *self = BN_STATS_CHART (widget);
  const BnStats *stats = self->stats;
  double slot;
  guint m;
  GString *text;
  const BnStatsRow *total;

  if (stats == NULL || stats->months->len == 0 || x < AXIS_LEFT)
    return FALSE;
  slot = (gtk_widget_get_width (widget) - AXIS_LEFT - 4) / stats->months->len;
  m = (guint) ((x - AXIS_LEFT) / slot);
  if (m >= stats->months->len)
    return FALSE;
  total = bn_stats_get_row (stats, m, n_categories ());
  text = g_string_new (NULL);
  {
    g_autofree char *count = bn_stats_format_count (total, BN_STATS_REQUESTS);
    g_autofree char *month = month_label (g_ptr_array_index (stats->months, m), TRUE);
    /* Translators: a month, then a count ("12", "<5") */
    g_string_append_printf (text, _("%s: %s requests"), month, count);
  }
  for (guint c = 0; c < n_categories (); c++)
    {
      const BnStatsRow *row = bn_stats_get_row (stats, m, c);
      g_autofree char *count = bn_stats_format_count (row, BN_STATS_REQUESTS);
      if (row->marks[BN_STATS_REQUESTS] == BN_STATS_SHOWN && row->counts[BN_STATS_REQUESTS] == 0)
        continue;
      g_string_append_printf (text, "\n%s: %s", bn_category_label (row->category), count);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

char *
bn_stats_chart_describe (const BnStats *stats)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Requests by month and category, from %s to %s."),
                          stats->from, stats->to);
  for (guint m = 0; m < stats->months->len; m++)
    {
      const BnStatsRow *total = bn_stats_get_row (stats, m, n_categories ());
      g_autofree char *count = bn_stats_format_count (total, BN_STATS_REQUESTS);
      g_autofree char *month = month_label (g_ptr_array_index (stats->months, m), TRUE);
      g_string_append_printf (out, " %s: %s.", month, count);
    }
  g_string_append_c (out, ' ');
  g_string_append (out, _("The tables below give every figure."));
  return g_string_free (out, FALSE);
}

void
bn_stats_chart_set_stats (BnStatsChart *self,
                          BnStats      *stats)
{
  g_clear_pointer (&self->stats, bn_stats_free);
  self->stats = stats;
  if (stats != NULL)
    {
      g_autofree char *description = bn_stats_chart_describe (stats);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const BnStats *
bn_stats_chart_get_stats (BnStatsChart *self)
{
  return self->stats;
}

GtkWidget *
bn_stats_chart_new (void)
{
  return g_object_new (BN_TYPE_STATS_CHART, NULL);
}

static void
on_dark_changed (BnStatsChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bn_stats_chart_finalize (GObject *object)
{
  BnStatsChart *self = BN_STATS_CHART (object);

  g_clear_pointer (&self->stats, bn_stats_free);
  G_OBJECT_CLASS (bn_stats_chart_parent_class)->finalize (object);
}

static void
bn_stats_chart_class_init (BnStatsChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_stats_chart_finalize;
}

static void
bn_stats_chart_init (BnStatsChart *self)
{
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), CHART_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chart of requests by month and category"), -1);
}

/* The tables */

static const char *
median_heading (gboolean reply)
{
  return reply ? _("Hours to a first reply") : _("Hours to a helper");
}

static const char *
median_meaning (gboolean reply)
{
  return reply ? _("Median hours from a post to its first reply, given from five posts on; "
                   "only replies this computer can read")
               : _("Median hours from a post to choosing a helper, given from five posts on");
}

static GtkWidget *
cell (const char *text, const char *spoken, const char *tooltip, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), heading ? 0 : 1);
  if (heading)
    {
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
      gtk_widget_set_valign (label, GTK_ALIGN_END);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
  if (spoken != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    spoken, -1);
  return label;
}

/* The row's name: a month, the whole period, or a category. */
static char *
row_name (const BnStats *stats, guint month, guint category)
{
  if (category < n_categories ())
    return g_strdup (bn_category_label (bn_stats_get_row (stats, month, category)->category));
  if (month < stats->months->len)
    return month_label (g_ptr_array_index (stats->months, month), TRUE);
  return g_strdup (_("Whole period"));
}

char *
bn_stats_cell_label (const BnStats *stats,
                     guint          month,
                     guint          category,
                     BnStatsCount   count)
{
  const BnStatsRow *row = bn_stats_get_row (stats, month, category);
  g_autofree char *name = row_name (stats, month, category);
  g_autofree char *value = bn_stats_format_count (row, count);

  /* Translators: what is counted, where (a month or a category), the count */
  return g_strdup_printf (_("%s, %s: %s"), bn_stats_count_label (count), name, value);
}

static void
add_figures (GtkGrid *grid, int line, const BnStats *stats, guint month, guint category)
{
  const BnStatsRow *row = bn_stats_get_row (stats, month, category);
  g_autofree char *name = row_name (stats, month, category);

  gtk_grid_attach (grid, cell (name, NULL, NULL, TRUE), 0, line, 1, 1);
  for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
    {
      g_autofree char *value = bn_stats_format_count (row, k);
      char *spoken = bn_stats_cell_label (stats, month, category, k);
      GtkWidget *label = cell (value, spoken, bn_stats_count_meaning (k), FALSE);

      g_object_set_data_full (G_OBJECT (label), "bn-spoken", spoken, g_free);
      gtk_grid_attach (grid, label, k + 1, line, 1, 1);
    }
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *value = k == 0 ? bn_stats_format_median (row->n_replied,
                                                                row->median_reply_hours)
                                      : bn_stats_format_median (row->n_matched_timed,
                                                                row->median_match_hours);
      g_autofree char *spoken = g_strdup_printf (_("%s, %s: %s"), median_heading (k == 0), name,
                                                 *value ? value : "–");
      gtk_grid_attach (grid, cell (*value ? value : "–", spoken, median_meaning (k == 0), FALSE),
                       BN_STATS_N_COUNTS + 1 + k, line, 1, 1);
    }
}

static gboolean
row_is_empty (const BnStatsRow *row)
{
  for (guint k = 0; k < BN_STATS_N_ADDITIVE; k++)
    if (row->counts[k] > 0 || row->marks[k] != BN_STATS_SHOWN)
      return FALSE;
  return TRUE;
}

GtkWidget *
bn_stats_table_new (const BnStats *stats,
                    gboolean       by_month)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  guint n = n_categories ();
  int line = 1;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  g_object_set (grid, "margin-start", 6, "margin-end", 6, "margin-top", 6, "margin-bottom", 6,
                NULL);
  gtk_grid_attach (GTK_GRID (grid), cell (by_month ? _("Month") : _("Category"), NULL, NULL, TRUE),
                   0, 0, 1, 1);
  for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
    gtk_grid_attach (GTK_GRID (grid), cell (bn_stats_count_label (k), NULL,
                                            bn_stats_count_meaning (k), TRUE), k + 1, 0, 1, 1);
  for (guint k = 0; k < 2; k++)
    gtk_grid_attach (GTK_GRID (grid), cell (median_heading (k == 0), NULL, median_meaning (k == 0),
                                            TRUE), BN_STATS_N_COUNTS + 1 + k, 0, 1, 1);
  if (by_month)
    for (guint m = 0; m <= stats->months->len; m++, line++)
      add_figures (GTK_GRID (grid), line, stats, m, n);
  else
    for (guint c = 0; c < n; c++)
      {
        if (row_is_empty (bn_stats_get_row (stats, stats->months->len, c)))
          continue;
        add_figures (GTK_GRID (grid), line++, stats, stats->months->len, c);
      }
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  by_month ? _("Figures by month") : _("Figures by category"), -1);
  /* Nothing in the table takes the focus. GTK 4.8's scrolled window then
   * "grabs" it for itself, and when it is not focusable keeps Tab there for
   * good without moving it: nothing in here can focus, not even the window.
   * The same figures are in the CSV for whoever cannot scroll. */
  gtk_widget_set_can_focus (scrolled, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scrolled), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  by_month ? _("Figures by month") : _("Figures by category"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  GdkRGBA colour;

  bn_stats_chart_colour (GPOINTER_TO_UINT (data), is_dark (), &colour);
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

static void
add_key (GtkFlowBox *legend, guint index, const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  GUINT_TO_POINTER (index), NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), swatch, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), gtk_label_new (name));
  bn_layout_flow_box_append (legend, box, name);
}

GtkWidget *
bn_stats_legend_new (const BnStats *stats)
{
  GtkWidget *legend = bn_layout_flow_box_new ();
  guint n = n_categories ();

  /* Words and colours only: as the tables, nothing in it can take the focus. */
  gtk_widget_set_can_focus (legend, FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (legend), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (legend), 12);
  for (guint c = 0; c < n; c++)
    {
      const BnStatsRow *row = bn_stats_get_row (stats, stats->months->len, c);
      if (row->marks[BN_STATS_REQUESTS] == BN_STATS_SHOWN && row->counts[BN_STATS_REQUESTS] > 0)
        add_key (GTK_FLOW_BOX (legend), c, bn_category_label (row->category));
    }
  add_key (GTK_FLOW_BOX (legend), n, _("Hidden counts (under 5)"));
  return legend;
}
