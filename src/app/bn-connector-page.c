/* bn-connector-page.c
 *
 * A connector cannot read replies to other neighbours' posts (they are sealed
 * to the asker), so "waiting" here means what the connector can see: open, and
 * no helper chosen yet. The words say so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-connector-page.h"
#include "bn-format.h"
#include "bn-rows.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnConnectorPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkListBox *waiting_list;
  GtkListBox *stats_list;

  /* Owned */
  BnSession  *session;
  char       *shown;      /* what the rows show, to leave them alone when that holds */
  gint64      now_ms;     /* a fixed clock (tests, screenshots), or 0 */
  guint       n_waiting;
  gboolean    stale;      /* changed while off screen */
};

G_DEFINE_FINAL_TYPE (BnConnectorPage, bn_connector_page, GTK_TYPE_WIDGET)

static gint64
now_ms (BnConnectorPage *self)
{
  return self->now_ms != 0 ? self->now_ms : g_get_real_time () / 1000;
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

  /* The post itself is one click away: its details, and whether it changed. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-post");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", post->id);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
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
describe (BnConnectorPage *self, GPtrArray *waiting, GPtrArray *stats)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < waiting->len; i++)
    {
      const BnWaitingRequest *request = g_ptr_array_index (waiting, i);
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
  for (guint i = 0; i < stats->len; i++)
    {
      const BnCategoryStats *s = g_ptr_array_index (stats, i);
      g_string_append_printf (out, "%u,%u,%u,%u,%u;", s->open_requests, s->open_offers,
                              s->helped_recently, s->waiting, s->talents);
    }
  return g_string_free (out, FALSE);
}

static void
fill (BnConnectorPage *self, GPtrArray *waiting, GPtrArray *stats)
{
  guint n_stats = 0;

  clear_list (self->waiting_list);
  clear_list (self->stats_list);
  for (guint i = 0; i < waiting->len; i++)
    gtk_list_box_append (self->waiting_list, make_waiting_row (self, g_ptr_array_index (waiting, i)));
  if (waiting->len == 0)
    gtk_list_box_append (self->waiting_list,
                         bn_action_row_new (_("No request has waited more than two days"), NULL));
  for (guint i = 0; i < stats->len; i++)
    {
      const BnCategoryStats *s = g_ptr_array_index (stats, i);
      g_autofree char *counts = bn_format_category_counts (s);
      if (counts == NULL)
        continue;
      gtk_list_box_append (self->stats_list, make_stats_row (s, counts));
      n_stats++;
    }
  self->n_waiting = waiting->len;
  gtk_stack_set_visible_child_name (self->stack, n_stats > 0 ? "dashboard" : "empty");
}

static void
reload (BnConnectorPage *self)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autofree char *shown = NULL;

  if (self->session == NULL || !bn_session_has_hood (self->session))
    return;
  /* Only a connector looks at this page: nobody else pays for its queries. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  waiting = bn_session_list_waiting_requests (self->session, now_ms (self));
  stats = bn_session_list_category_stats (self->session, now_ms (self));
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
  reload (self);
}

void
bn_connector_page_set_session (BnConnectorPage *self,
                               BnSession       *session)
{
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

/* @now_ms: the time to count ages from, or 0 for the clock's */
void
bn_connector_page_set_now (BnConnectorPage *self,
                           gint64           now_ms)
{
  self->now_ms = now_ms;
  reload (self);
}

/* How many requests wait for a helper, as last shown. */
guint
bn_connector_page_get_n_waiting (BnConnectorPage *self)
{
  return self->n_waiting;
}

static void
bn_connector_page_dispose (GObject *object)
{
  BnConnectorPage *self = BN_CONNECTOR_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_CONNECTOR_PAGE);
  /* The template's root widget is not a bound child: unparent it by hand. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (bn_connector_page_parent_class)->dispose (object);
}

static void
bn_connector_page_class_init (BnConnectorPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bn_connector_page_dispose;
  widget_class->map = bn_connector_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-connector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, BnConnectorPage, stats_list);
}

static void
bn_connector_page_init (BnConnectorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
