/* bn-stats-chart-view.c — how the neighbourhood is doing, on the connector page
 *
 * The last twelve months, as the core counts them (bn_store_compute_stats):
 * a chart of requests by month and category, and the same figures as tables;
 * the notes that say what is not counted; CSV and PDF for partners, written
 * by the same code as `buurtnet-cli stats`. Read again when the store
 * changes, and rebuilt only when a figure did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-stats-chart-view.h"
#include "bn-widget.h"
#include "bn-cli-stats-pdf.h"
#include "bn-stats-chart.h"
#include "bn-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#define N_MONTHS 12

struct _BnStatsChartView
{
  GtkWidget parent_instance;

  GtkWidget    *group;
  GtkWidget    *chart;
  GtkWidget    *empty;
  GtkWidget    *figures;      /* legend, tables, notes: rebuilt when the figures change */
  GtkWidget    *buttons;

  BnSession    *session;
  GSignalGroup *session_signals;
  char         *shown;        /* the figures as CSV, to leave the widgets alone */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (BnStatsChartView, bn_stats_chart_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The twelve months up to the session's today. */
static BnStats *
compute (BnStatsChartView *self)
{
  gint64 now = bn_session_get_now (self->session);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now / 1000);
  g_autoptr(GDateTime) first = g_date_time_add_months (today, -(N_MONTHS - 1));
  g_autofree char *from = g_date_time_format (first, "%Y-%m");
  g_autofree char *to = g_date_time_format (today, "%Y-%m");
  g_autoptr(GError) error = NULL;
  BnStats *stats = bn_store_compute_stats (bn_home_get_store (bn_session_get_home (self->session)),
                                           from, to, now, &error);

  if (error != NULL)
    g_warning ("Could not count: %s", error->message);
  return stats;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
fill_figures (BnStatsChartView *self, const BnStats *stats)
{
  GtkWidget *child;
  const char *const *notes = bn_stats_notes ();

  while ((child = gtk_widget_get_first_child (self->figures)) != NULL)
    gtk_box_remove (GTK_BOX (self->figures), child);
  gtk_box_append (GTK_BOX (self->figures), bn_stats_legend_new (stats));
  gtk_box_append (GTK_BOX (self->figures), heading (_("By Month")));
  gtk_box_append (GTK_BOX (self->figures), bn_stats_table_new (stats, TRUE));
  gtk_box_append (GTK_BOX (self->figures), heading (_("By Category, Over the Year")));
  gtk_box_append (GTK_BOX (self->figures), bn_stats_table_new (stats, FALSE));
  for (guint i = 0; notes[i] != NULL; i++)
    {
      GtkWidget *note = gtk_label_new (notes[i]);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_widget_add_css_class (note, "caption");
      gtk_box_append (GTK_BOX (self->figures), note);
    }
}

void
bn_stats_chart_view_reload (BnStatsChartView *self)
{
  BnStats *stats;
  g_autofree char *csv = NULL;

  if (self->session == NULL || !bn_session_is_connector (self->session))
    return;
  stats = compute (self);
  csv = stats != NULL ? bn_stats_to_csv (stats) : g_strdup ("");
  if (g_strcmp0 (csv, self->shown) == 0)
    {
      g_clear_pointer (&stats, bn_stats_free);
      return;
    }
  g_free (self->shown);
  self->shown = g_steal_pointer (&csv);
  gtk_widget_set_visible (self->empty, stats == NULL);
  gtk_widget_set_visible (self->chart, stats != NULL);
  gtk_widget_set_visible (self->figures, stats != NULL);
  gtk_widget_set_visible (self->buttons, stats != NULL);
  if (stats != NULL)
    fill_figures (self, stats);
  bn_stats_chart_set_stats (BN_STATS_CHART (self->chart), stats);
}

const BnStats *
bn_stats_chart_view_get_stats (BnStatsChartView *self)
{
  return bn_stats_chart_get_stats (BN_STATS_CHART (self->chart));
}

GtkWidget *
bn_stats_chart_view_get_chart (BnStatsChartView *self)
{
  return self->chart;
}

/* Exports */

static void
toast (BnStatsChartView *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
}

typedef struct
{
  BnStats *stats;
  char    *hood;
  GFile   *file;
  gboolean pdf;
} Export;

static void
export_free (Export *export)
{
  g_clear_pointer (&export->stats, bn_stats_free);
  g_free (export->hood);
  g_clear_object (&export->file);
  g_free (export);
}

/* In a thread of its own: cairo writes the PDF, or the CSV is written. */
static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Export *export = data;
  GError *error = NULL;
  gboolean done;

  if (export->pdf)
    {
      g_autofree char *path = g_file_get_path (export->file);
      done = path != NULL && bn_cli_stats_write_pdf (export->stats, export->hood, path, &error);
    }
  else
    {
      g_autofree char *csv = bn_stats_to_csv (export->stats);
      done = g_file_replace_contents (export->file, csv, strlen (csv), NULL, FALSE,
                                      G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error);
    }
  if (done)
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Choose a file on this computer"));
}

static void
exported (GObject *source, GAsyncResult *result, gpointer data)
{
  BnStatsChartView *self = BN_STATS_CHART_VIEW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the file: %s"), error->message);
      toast (self, message);
    }
  else
    toast (self, _("The figures are saved"));
}

void
bn_stats_chart_view_export (BnStatsChartView *self,
                            GFile            *file,
                            gboolean          pdf)
{
  Export *export = g_new0 (Export, 1);
  g_autoptr(GTask) task = g_task_new (self, NULL, exported, NULL);

  export->stats = compute (self);
  export->hood = g_strdup (bn_session_get_hood_name (self->session));
  export->file = g_object_ref (file);
  export->pdf = pdf;
  if (export->stats == NULL)
    {
      export_free (export);
      toast (self, _("Nothing to count yet"));
      return;
    }
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, BnStatsChartView *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "bn-pdf"));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    bn_stats_chart_view_export (self, file, pdf);
  g_clear_object (&self->chooser);
}

static void
choose_file (BnStatsChartView *self, gboolean pdf)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileFilter *filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Figures"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("Save"),
                                               _("Cancel"));
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV files"));
  gtk_file_filter_add_pattern (filter, pdf ? "*.pdf" : "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  /* Translators: a file name; keep it short, without spaces */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     pdf ? _("neighbourhood.pdf") : _("neighbourhood.csv"));
  g_object_set_data (G_OBJECT (self->chooser), "bn-pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_csv_clicked (BnStatsChartView *self)
{
  choose_file (self, FALSE);
}

static void
on_pdf_clicked (BnStatsChartView *self)
{
  choose_file (self, TRUE);
}

/* The widget */

static GtkWidget *
button (const char *label, GCallback callback, BnStatsChartView *self)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
build (BnStatsChartView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group),
                                   _("How the Neighbourhood Is Doing"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
    _("Requests month by month over the last year, by category, and every figure below: "
      "safe to hand to partners and the municipality. Hover over a figure to see what it "
      "counts."));
  self->chart = bn_stats_chart_new ();
  self->empty = gtk_label_new (_("Nothing to count in the last twelve months yet."));
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  self->figures = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Side by side, or one above the other on a phone. */
  self->buttons = bn_layout_flow_box_new ();
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->buttons), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->buttons), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->buttons), 12);
  gtk_widget_set_halign (self->buttons, GTK_ALIGN_CENTER);
  bn_layout_flow_box_append (GTK_FLOW_BOX (self->buttons),
                             button (_("Save as CSV…"), G_CALLBACK (on_csv_clicked), self),
                             _("Save as CSV…"));
  bn_layout_flow_box_append (GTK_FLOW_BOX (self->buttons),
                             button (_("Save as PDF…"), G_CALLBACK (on_pdf_clicked), self),
                             _("Save as PDF…"));
  gtk_box_append (GTK_BOX (box), self->chart);
  gtk_box_append (GTK_BOX (box), self->empty);
  gtk_box_append (GTK_BOX (box), self->figures);
  gtk_box_append (GTK_BOX (box), self->buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), box);
  gtk_widget_set_parent (self->group, GTK_WIDGET (self));
}

GtkWidget *
bn_stats_chart_view_new (BnSession *session)
{
  return g_object_new (BN_TYPE_STATS_CHART_VIEW, "session", session, NULL);
}

static void
bn_stats_chart_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bn_stats_chart_view_parent_class)->map (widget);
  bn_stats_chart_view_reload (BN_STATS_CHART_VIEW (widget));
}

static void
on_session_changed (BnStatsChartView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bn_stats_chart_view_reload (self);
}

static void
bn_stats_chart_view_get_property (GObject *object, guint prop_id, GValue *value,
                                  GParamSpec *pspec)
{
  BnStatsChartView *self = BN_STATS_CHART_VIEW (object);

  if (prop_id == PROP_SESSION)
    g_value_set_object (value, self->session);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
bn_stats_chart_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  BnStatsChartView *self = BN_STATS_CHART_VIEW (object);

  if (prop_id != PROP_SESSION)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (!g_set_object (&self->session, g_value_get_object (value)))
    return;
  g_signal_group_set_target (self->session_signals, self->session);
  g_clear_pointer (&self->shown, g_free);
  on_session_changed (self);
  g_object_notify_by_pspec (object, pspec);
}

static void
bn_stats_chart_view_dispose (GObject *object)
{
  BnStatsChartView *self = BN_STATS_CHART_VIEW (object);

  g_clear_pointer (&self->group, gtk_widget_unparent);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, g_free);
  G_OBJECT_CLASS (bn_stats_chart_view_parent_class)->dispose (object);
}

static void
bn_stats_chart_view_class_init (BnStatsChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_stats_chart_view_get_property;
  object_class->set_property = bn_stats_chart_view_set_property;
  object_class->dispose = bn_stats_chart_view_dispose;
  widget_class->map = bn_stats_chart_view_map;
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bn_stats_chart_view_init (BnStatsChartView *self)
{
  build (self);
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (on_session_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::now",
                                  G_CALLBACK (on_session_changed), self);
}
