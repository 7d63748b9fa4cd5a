/* bn-cli-stats-pdf.c — the statistics as a printable report: cairo's PDF
 * surface, A4, with the neighbourhood's name, the period, a bar chart of
 * requests and offers by month, the tables by month and by category, and the
 * footer that says what is not counted
 *
 * A hidden count ("<5", "x") gets no bar: its height would tell it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli-stats-pdf.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 40.0
#define FONT "DejaVu Sans"

typedef struct
{
  cairo_t           *cr;
  double             y;
  /* Made once for the whole report and destroyed with it, not made again by
   * cairo_select_font_face() at every change of size. */
  cairo_font_face_t *regular;
  cairo_font_face_t *bold;
} Page;

static void
set_font (Page *page, double size, gboolean bold)
{
  cairo_set_font_face (page->cr, bold ? page->bold : page->regular);
  cairo_set_font_size (page->cr, size);
}

static double
text_width (cairo_t *cr, const char *text)
{
  cairo_text_extents_t ext;

  cairo_text_extents (cr, text, &ext);
  return ext.x_advance;
}

static void
show_at (cairo_t *cr, double x, double y, const char *text)
{
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* Starts a new page when fewer than @needed points are left. */
static void
ensure_room (Page *page, double needed)
{
  if (page->y + needed <= PAGE_H - MARGIN)
    return;
  cairo_show_page (page->cr);
  page->y = MARGIN;
}

/* Writes @text wrapped to @width; returns the lines' count. */
static guint
show_wrapped (Page *page, double x, double width, double line_height, const char *text,
              gboolean draw)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint lines = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *tried = line->len ? g_strdup_printf ("%s %s", line->str, words[i])
                                         : g_strdup (words[i]);
      if (line->len > 0 && text_width (page->cr, tried) > width)
        {
          if (draw)
            {
              ensure_room (page, line_height);
              show_at (page->cr, x, page->y, line->str);
              page->y += line_height;
            }
          lines++;
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, tried);
    }
  if (line->len > 0)
    {
      if (draw)
        {
          ensure_room (page, line_height);
          show_at (page->cr, x, page->y, line->str);
          page->y += line_height;
        }
      lines++;
    }
  return lines;
}

/* Requests and offers by month, side by side; hidden counts without a bar. */
static void
draw_chart (Page *page, const BnStats *stats)
{
  cairo_t *cr = page->cr;
  guint n_categories, n = stats->months->len;
  const double height = 170, left = MARGIN + 24, width = PAGE_W - MARGIN - left;
  const double base = page->y + height;
  double slot = width / MAX (n, 1), bar = MIN (slot * 0.35, 18);
  guint max = 1;
  const BnStatsCount shown[] = { BN_STATS_REQUESTS, BN_STATS_OFFERS };
  const double colours[][3] = { { 0.21, 0.52, 0.89 }, { 0.20, 0.65, 0.32 } };

  bn_categories (&n_categories);
  for (guint m = 0; m < n; m++)
    for (guint s = 0; s < 2; s++)
      {
        const BnStatsRow *row = bn_stats_get_row (stats, m, n_categories);
        if (row->marks[shown[s]] == BN_STATS_SHOWN)
          max = MAX (max, row->counts[shown[s]]);
      }

  cairo_set_line_width (cr, 0.6);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  cairo_move_to (cr, left, page->y);
  cairo_line_to (cr, left, base);
  cairo_line_to (cr, PAGE_W - MARGIN, base);
  cairo_stroke (cr);
  set_font (page, 7, FALSE);
  /* The scale's top is a count that is shown, so 5 or more. */
  if (max >= BN_STATS_THRESHOLD)
    {
      g_autofree char *top = g_strdup_printf ("%u", max);
      show_at (cr, left - 4 - text_width (cr, top), page->y + 6, top);
    }
  show_at (cr, left - 4 - text_width (cr, "0"), base, "0");

  for (guint m = 0; m < n; m++)
    {
      const BnStatsRow *row = bn_stats_get_row (stats, m, n_categories);
      double x0 = left + m * slot + (slot - 2 * bar) / 2;
      const char *month = g_ptr_array_index (stats->months, m);

      for (guint s = 0; s < 2; s++)
        {
          double x = x0 + s * bar;
          g_autofree char *label = bn_stats_format_count (row, shown[s]);

          cairo_set_source_rgb (cr, colours[s][0], colours[s][1], colours[s][2]);
          if (row->marks[shown[s]] == BN_STATS_SHOWN && row->counts[shown[s]] > 0)
            {
              double h = (height - 12) * row->counts[shown[s]] / max;
              cairo_rectangle (cr, x, base - h, bar - 1, h);
              cairo_fill (cr);
              cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
              show_at (cr, x + (bar - 1 - text_width (cr, label)) / 2, base - h - 2, label);
            }
          else
            {
              cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
              show_at (cr, x + (bar - 1 - text_width (cr, label)) / 2, base - 2, label);
            }
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      /* Every month when there is room, else every few. */
      if (slot >= text_width (cr, month) + 2 || m % (guint) (1 + (text_width (cr, month) + 2) / slot) == 0)
        show_at (cr, left + m * slot + (slot - text_width (cr, month)) / 2, base + 10, month);
    }

  page->y = base + 24;
  for (guint s = 0; s < 2; s++)
    {
      double x = left + s * 110;
      cairo_set_source_rgb (cr, colours[s][0], colours[s][1], colours[s][2]);
      cairo_rectangle (cr, x, page->y - 7, 8, 8);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      set_font (page, 8, FALSE);
      show_at (cr, x + 12, page->y, bn_stats_count_label (shown[s]));
    }
  page->y += 22;
}

#define N_TABLE_COLUMNS (BN_STATS_N_COUNTS + 2)

static const char *
column_heading (guint column)
{
  if (column < BN_STATS_N_COUNTS)
    return bn_stats_count_label (column);
  return column == BN_STATS_N_COUNTS ? _("Hours to a first reply") : _("Hours to a match");
}

static char *
cell_text (const BnStatsRow *row, guint column)
{
  if (column < BN_STATS_N_COUNTS)
    return bn_stats_format_count (row, column);
  if (column == BN_STATS_N_COUNTS)
    return bn_stats_format_median (row->n_replied, row->median_reply_hours);
  return bn_stats_format_median (row->n_matched_timed, row->median_match_hours);
}

/* A table by month (@by_month) or by category over the period. */
static void
draw_table (Page *page, const BnStats *stats, const char *title, gboolean by_month)
{
  cairo_t *cr = page->cr;
  guint n_categories, n_lines;
  const BnCategory *categories = bn_categories (&n_categories);
  const double first = 88, col = (PAGE_W - 2 * MARGIN - first) / N_TABLE_COLUMNS, line = 11;
  guint heading_lines = 1;

  n_lines = by_month ? stats->months->len : n_categories;
  set_font (page, 11, TRUE);
  ensure_room (page, 60);
  show_at (cr, MARGIN, page->y, title);
  page->y += 16;

  set_font (page, 5.8, TRUE);
  for (guint c = 0; c < N_TABLE_COLUMNS; c++)
    heading_lines = MAX (heading_lines, show_wrapped (page, 0, col - 3, 8, column_heading (c), FALSE));
  {
    double top = page->y;
    for (guint c = 0; c < N_TABLE_COLUMNS; c++)
      {
        page->y = top;
        show_wrapped (page, MARGIN + first + c * col, col - 3, 8, column_heading (c), TRUE);
      }
    page->y = top;
    show_at (cr, MARGIN, page->y, by_month ? _("Month") : _("Category"));
    page->y = top + heading_lines * 8 + 2;
  }

  set_font (page, 7.5, FALSE);
  for (guint i = 0; i <= n_lines; i++)
    {
      const BnStatsRow *row = by_month ? bn_stats_get_row (stats, i, n_categories)
                                       : bn_stats_get_row (stats, stats->months->len, i);
      const char *label = i == n_lines ? _("All")
                          : by_month ? g_ptr_array_index (stats->months, i)
                          : g_dgettext (GETTEXT_PACKAGE, categories[i].label);

      ensure_room (page, line);
      if (i % 2 == 0 || i == n_lines)
        {
          cairo_set_source_rgb (cr, i == n_lines ? 0.88 : 0.95, i == n_lines ? 0.88 : 0.95,
                                i == n_lines ? 0.88 : 0.95);
          cairo_rectangle (cr, MARGIN, page->y - 8, PAGE_W - 2 * MARGIN, line);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        }
      show_at (cr, MARGIN + 2, page->y, label);
      for (guint c = 0; c < N_TABLE_COLUMNS; c++)
        {
          g_autofree char *text = cell_text (row, c);
          show_at (cr, MARGIN + first + (c + 1) * col - 6 - text_width (cr, text), page->y, text);
        }
      page->y += line;
    }
  page->y += 14;
}

/**
 * bn_cli_stats_write_pdf:
 * @hood_name: the neighbourhood's name, for the title
 *
 * Writes the report to @path.
 */
gboolean
bn_cli_stats_write_pdf (const BnStats  *stats,
                        const char     *hood_name,
                        const char     *path,
                        GError        **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  cairo_status_t status;
  const char *const *notes = bn_stats_notes ();
  g_autofree char *period = NULL;
  Page page = { 0 };

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("How the neighbourhood is doing"));
  page.cr = cairo_create (surface);
  page.y = MARGIN + 16;
  page.regular = cairo_toy_font_face_create (FONT, CAIRO_FONT_SLANT_NORMAL,
                                             CAIRO_FONT_WEIGHT_NORMAL);
  page.bold = cairo_toy_font_face_create (FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_source_rgb (page.cr, 0.1, 0.1, 0.1);

  set_font (&page, 18, TRUE);
  show_at (page.cr, MARGIN, page.y, _("How the neighbourhood is doing"));
  page.y += 22;
  set_font (&page, 13, FALSE);
  show_at (page.cr, MARGIN, page.y, hood_name);
  page.y += 18;
  period = g_strdup_printf (_("From %s to %s"), stats->from, stats->to);
  set_font (&page, 10, FALSE);
  show_at (page.cr, MARGIN, page.y, period);
  page.y += 20;

  draw_chart (&page, stats);
  draw_table (&page, stats, _("By month"), TRUE);
  draw_table (&page, stats, _("By category"), FALSE);

  set_font (&page, 7.5, FALSE);
  cairo_set_source_rgb (page.cr, 0.25, 0.25, 0.25);
  for (guint i = 0; notes[i] != NULL; i++)
    {
      show_wrapped (&page, MARGIN, PAGE_W - 2 * MARGIN, 10, notes[i], TRUE);
      page.y += 2;
    }

  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  cairo_font_face_destroy (page.regular);
  cairo_font_face_destroy (page.bold);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
