/* bn-connector-page.c
 *
 * A connector cannot read replies to other neighbours' posts (they are sealed
 * to the asker), so "waiting" here means what the connector can see: open, and
 * no helper chosen yet. The words say so. Above them, the reports to the
 * connectors (BnModerationPage without its log).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-connector-page.h"
#include "bn-format.h"
#include "bn-moderation-page.h"
#include "bn-referral-suggest.h"
#include "bn-rows.h"
#include "bn-stats-chart-view.h"
#include "bn-stats-item.h"
#include "bn-waiting-item.h"
#include "bn-widget.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnConnectorPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkListBox *waiting_list;
  GtkListBox *stats_list;
  BnModerationPage *reports;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  char         *shown;      /* what the rows show, to leave them alone when that holds */
  guint         n_waiting;
  guint         n_stats;
};

G_DEFINE_FINAL_TYPE (BnConnectorPage, bn_connector_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gint64
now_ms (BnConnectorPage *self)
{
  return bn_session_get_now (self->session);
}

static GtkWidget *
make_waiting_row (BnConnectorPage *self, const BnWaitingRequest *request)
{
  const BnPost *post = request->post;
  const char *me = bn_session_get_peer_id (self->session);
  g_autofree char *who = bn_format_who (post, me);
  g_autofree char *waiting = bn_format_waiting (post->created_ms, now_ms (self));
  g_autofree char *helpers = bn_format_helpers (request->helpers, me);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s\n%s", who,
                                               bn_category_label (post->category), waiting,
                                               helpers);
  GtkWidget *row = bn_action_row_new (post->title, subtitle);
  GtkWidget *suggest;

  /* The post itself is one click away: its details, and whether it changed. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-post");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", post->id);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* Pass it on, sealed, to one of them: "Suggest to…" */
  if ((suggest = bn_suggest_button_new (self->session, request)) != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suggest);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static GtkWidget *
make_stats_row (const BnCategoryStats *stats, const char *counts)
{
  GtkWidget *row = bn_action_row_new (bn_category_label (stats->category), counts);
  g_autofree char *icon_name = g_strdup_printf ("bn-category-%s-symbolic", stats->category);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, "bn-category-bubble");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Everything the rows say, to leave them (and the reader's focus) alone when a
 * sync changed nothing here. */
static char *
describe (BnConnectorPage *self, GListModel *waiting, GListModel *stats)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (waiting); i++)
    {
      g_autoptr(BnWaitingItem) item = g_list_model_get_item (waiting, i);
      const BnWaitingRequest *request = bn_waiting_item_get_request (item);
      g_autofree char *row = bn_format_waiting (request->post->created_ms, now_ms (self));
      g_string_append_printf (out, "%s/%" G_GINT64_FORMAT "/%s/", request->post->id,
                              request->post->updated_ms, row);
      for (guint j = 0; j < request->helpers->len; j++)
        {
          const BnProfile *helper = g_ptr_array_index (request->helpers, j);
          g_string_append_printf (out, "%s,%s,", helper->peer_id, helper->name ? helper->name : "");
        }
      g_string_append_c (out, ';');
    }
  for (guint i = 0; i < g_list_model_get_n_items (stats); i++)
    {
      g_autoptr(BnStatsItem) item = g_list_model_get_item (stats, i);
      const BnCategoryStats *s = bn_stats_item_get_stats (item);
      g_string_append_printf (out, "%u,%u,%u,%u,%u;", s->open_requests, s->open_offers,
                              s->helped_recently, s->waiting, s->talents);
    }
  return g_string_free (out, FALSE);
}

/* Reports to read are reason enough to show the page, even with nothing counted. */
static void
show_dashboard_or_empty (BnConnectorPage *self)
{
  gboolean any = self->n_stats > 0 || bn_moderation_page_get_n_reports (self->reports) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "dashboard" : "empty");
}

static void
fill (BnConnectorPage *self, GListModel *waiting, GListModel *stats)
{
  guint n_waiting = g_list_model_get_n_items (waiting);
  guint n_stats = 0;

  clear_list (self->waiting_list);
  clear_list (self->stats_list);
  for (guint i = 0; i < n_waiting; i++)
    {
      g_autoptr(BnWaitingItem) item = g_list_model_get_item (waiting, i);
      gtk_list_box_append (self->waiting_list,
                           make_waiting_row (self, bn_waiting_item_get_request (item)));
    }
  if (n_waiting == 0)
    gtk_list_box_append (self->waiting_list,
                         bn_action_row_new (_("No request has waited more than two days"), NULL));
  for (guint i = 0; i < g_list_model_get_n_items (stats); i++)
    {
      g_autoptr(BnStatsItem) item = g_list_model_get_item (stats, i);
      const BnCategoryStats *s = bn_stats_item_get_stats (item);
      g_autofree char *counts = bn_format_category_counts (s);
      if (counts == NULL)
        continue;
      gtk_list_box_append (self->stats_list, make_stats_row (s, counts));
      n_stats++;
    }
  self->n_waiting = n_waiting;
  self->n_stats = n_stats;
  show_dashboard_or_empty (self);
}

/* Shows the session's figures; only a connector looks at this page, and the
 * session counts them only for a connector. */
static void
reload (BnConnectorPage *self)
{
  GListModel *waiting, *stats;
  g_autofree char *shown = NULL;

  if (self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  waiting = bn_session_get_waiting_requests (self->session);
  stats = bn_session_get_category_stats (self->session);
  shown = describe (self, waiting, stats);
  if (g_strcmp0 (shown, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);
  fill (self, waiting, stats);
}

static void
bn_connector_page_map (GtkWidget *widget)
{
  BnConnectorPage *self = BN_CONNECTOR_PAGE (widget);

  GTK_WIDGET_CLASS (bn_connector_page_parent_class)->map (widget);
  /* Days pass while the page is hidden, too. */
  if (self->session != NULL)
    bn_session_update_figures (self->session);
  reload (self);
}

static void
set_session (BnConnectorPage *self, BnSession *session)
{
  if (!g_set_object (&self->session, session))
    return;
  /* Show the store as it is now, even if it was written since the last refresh. */
  if (session != NULL)
    bn_session_refresh (session);
  g_signal_group_set_target (self->session_signals, session);
  g_object_set (self->reports, "session", session, NULL);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* How many requests wait for a helper, as last shown. */
guint
bn_connector_page_get_n_waiting (BnConnectorPage *self)
{
  return self->n_waiting;
}

static void
bn_connector_page_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  BnConnectorPage *self = BN_CONNECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_connector_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  BnConnectorPage *self = BN_CONNECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_connector_page_dispose (GObject *object)
{
  BnConnectorPage *self = BN_CONNECTOR_PAGE (object);

  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_CONNECTOR_PAGE);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (bn_connector_page_parent_class)->dispose (object);
}

static void
bn_connector_page_class_init (BnConnectorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_connector_page_get_property;
  object_class->set_property = bn_connector_page_set_property;
  object_class->dispose = bn_connector_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = bn_connector_page_map;
  g_type_ensure (BN_TYPE_STATS_CHART_VIEW);
  g_type_ensure (BN_TYPE_MODERATION_PAGE);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-connector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, stats_list);
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, reports);
}

static void
bn_connector_page_init (BnConnectorPage *self)
{
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed", G_CALLBACK (reload), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::now", G_CALLBACK (reload), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
  g_signal_connect_object (self->reports, "notify::n-reports",
                           G_CALLBACK (show_dashboard_or_empty), self, G_CONNECT_SWAPPED);
}
