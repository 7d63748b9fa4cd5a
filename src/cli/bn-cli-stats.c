/* bn-cli-stats.c — stats: how the neighbourhood is doing, as tables in words,
 * JSON, CSV and a printable PDF report for partners (docs/statistics.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-cli-stats-pdf.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* The report is the only thing this process draws, and the command ends with
 * it: cairo's caches of fonts and fontconfig's configuration are released, the
 * way cairo's own test programs end, so that the process ends owning nothing
 * and a leak checker sees only what is really lost. Only here, not in the
 * app, which shares the report's code but goes on drawing. */
static void
release_font_caches (void)
{
  cairo_debug_reset_static_data ();
  FcFini ();
}

static char *
pad (const char *text, guint width, gboolean right)
{
  guint len = (guint) g_utf8_strlen (text, -1);
  int fill = (int) (width > len ? width - len : 0);

  return right ? g_strdup_printf ("%*s%s", fill, "", text) : g_strdup_printf ("%s%*s", text, fill, "");
}

/* One table: a row per line (@months or the categories), the counts across. */
static void
print_table (const BnStats *stats, gboolean by_month)
{
  guint n_categories, n_lines;
  const BnCategory *categories = bn_categories (&n_categories);
  guint label_width = 0;

  n_lines = by_month ? stats->months->len : n_categories;
  for (guint i = 0; i <= n_lines; i++)
    {
      const char *label = i == n_lines ? _("All")
                          : by_month ? g_ptr_array_index (stats->months, i)
                          : g_dgettext (GETTEXT_PACKAGE, categories[i].label);
      label_width = MAX (label_width, (guint) g_utf8_strlen (label, -1));
    }
  {
    g_autofree char *head = pad (by_month ? _("Month") : _("Category"), label_width, FALSE);
    g_print ("%s", head);
  }
  for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
    g_print (" | %s", bn_stats_count_label (k));
  g_print (" | %s | %s\n", _("Hours to a first reply"), _("Hours to a match"));
  for (guint i = 0; i <= n_lines; i++)
    {
      const BnStatsRow *row = by_month ? bn_stats_get_row (stats, i, n_categories)
                                       : bn_stats_get_row (stats, stats->months->len, i);
      const char *label = i == n_lines ? _("All")
                          : by_month ? g_ptr_array_index (stats->months, i)
                          : g_dgettext (GETTEXT_PACKAGE, categories[i].label);
      g_autofree char *first = pad (label, label_width, FALSE);
      g_autofree char *reply = bn_stats_format_median (row->n_replied, row->median_reply_hours);
      g_autofree char *match = bn_stats_format_median (row->n_matched_timed, row->median_match_hours);
      g_autofree char *reply_cell = pad (reply, g_utf8_strlen (_("Hours to a first reply"), -1), TRUE);
      g_autofree char *match_cell = pad (match, g_utf8_strlen (_("Hours to a match"), -1), TRUE);

      g_print ("%s", first);
      for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
        {
          g_autofree char *value = bn_stats_format_count (row, k);
          g_autofree char *cell = pad (value, g_utf8_strlen (bn_stats_count_label (k), -1), TRUE);
          g_print (" | %s", cell);
        }
      g_print (" | %s | %s\n", reply_cell, match_cell);
    }
}

static void
print_words (const BnStats *stats)
{
  const char *const *notes = bn_stats_notes ();

  /* Translators: the period of the figures, from one month to another. */
  g_print (_("From %s to %s\n\n"), stats->from, stats->to);
  print_table (stats, TRUE);
  g_print ("\n");
  print_table (stats, FALSE);
  g_print ("\n");
  for (guint i = 0; notes[i] != NULL; i++)
    g_print ("%s\n", notes[i]);
}

/* stats [--from YYYY-MM] [--to YYYY-MM] [--json|--csv] [--pdf FILE] */
int
bn_cli_cmd_stats (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  g_autofree char *from = NULL, *to = NULL, *pdf = NULL;
  gboolean json = FALSE, csv = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first month (default: the first with a post)"), N_("YYYY-MM") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last month (default: the last with a post)"), N_("YYYY-MM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV for a spreadsheet"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write a printable report to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if (json && csv)
    return bn_cli_fail (_("Choose one of --json and --csv"));
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  stats = bn_store_compute_stats (bn_home_get_store (home), from, to, g_get_real_time () / 1000, &error);
  if (stats == NULL && error != NULL)
    return bn_cli_fail_error (error);
  if (stats == NULL)
    {
      g_print (_("Nothing to count yet: no requests or offers.\n"));
      return 0;
    }
  if (pdf != NULL)
    {
      const BnHood *hood = bn_home_get_hood (home);
      gboolean written = bn_cli_stats_write_pdf (stats, hood != NULL ? hood->name : "", pdf,
                                                 &error);

      release_font_caches ();
      if (!written)
        return bn_cli_fail_error (error);
    }
  if (json)
    {
      g_autoptr(JsonNode) root = bn_stats_to_json (stats);
      bn_cli_print_json (root);
    }
  else if (csv)
    {
      g_autofree char *text = bn_stats_to_csv (stats);
      fwrite (text, 1, strlen (text), stdout);
    }
  else if (pdf != NULL)
    g_print (_("Wrote the report to %s.\n"), pdf);
  else
    print_words (stats);
  return 0;
}
