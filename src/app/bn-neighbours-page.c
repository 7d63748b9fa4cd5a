/* bn-neighbours-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-neighbours-page.h"
#include "bn-format.h"
#include "bn-moderation-actions.h"
#include "bn-rows.h"
#include "bn-widget.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnNeighboursPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkLabel     *summary;
  GtkListBox   *list;

  /* Owned */
  BnSession    *session;
  GSignalGroup *neighbours_signals;
};

G_DEFINE_FINAL_TYPE (BnNeighboursPage, bn_neighbours_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
add_detail (AdwExpanderRow *row, const char *title, const char *value, const char *icon)
{
  GtkWidget *detail;

  if (value == NULL || *value == '\0')
    return;
  detail = bn_action_row_new (title, value);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (detail), icon);
  gtk_widget_add_css_class (detail, "property");
  adw_expander_row_add_row (row, detail);
}

static GtkWidget *
make_row (gpointer item, gpointer data)
{
  const BnProfile *profile = bn_profile_item_get_profile (item);
  GtkWidget *row;
  gboolean me = profile->proximity == BN_PROXIMITY_ME;
  gboolean online = bn_profile_item_get_online (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *talents = bn_format_categories ((const char *const *) profile->talents);
  g_autofree char *needs = bn_format_categories ((const char *const *) profile->needs);
  g_autofree char *fingerprint = bn_format_fingerprint (profile->fingerprint);

  title = me ? g_strdup_printf (_("%s (you)"), profile->name) : g_strdup (profile->name);
  if (online && !me)
    subtitle = g_strdup_printf ("%s · %s", bn_format_proximity (profile->proximity), _("Online now"));
  else
    subtitle = g_strdup (me ? _("This is how neighbours see you") : bn_format_proximity (profile->proximity));
  row = bn_expander_row_new (title, subtitle);
  if (online && !me)
    {
      GtkWidget *dot = gtk_image_new_from_icon_name ("user-available-symbolic");
      gtk_widget_add_css_class (dot, "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Online now"), -1);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), dot);
    }
  if (!me)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 bn_moderation_neighbour_button_new (((BnNeighboursPage *) data)->session,
                                                                     profile));
  add_detail (ADW_EXPANDER_ROW (row), _("Likes to help with"), talents, "emote-love-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("Could use help with"), needs, "chat-message-new-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("About"), profile->about, "user-info-symbolic");
  /* Compare it in person: it shows this really is the neighbour you met. */
  add_detail (ADW_EXPANDER_ROW (row), _("Fingerprint"), fingerprint,
              "channel-secure-symbolic");
  return row;
}

/* The rows follow the session's model (only those that changed are built
 * again); the words above them follow its size. */
static void
update_summary (BnNeighboursPage *self)
{
  GListModel *neighbours = self->session ? bn_session_get_neighbours (self->session) : NULL;
  guint n = neighbours ? g_list_model_get_n_items (neighbours) : 0;
  guint others = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnProfileItem) item = g_list_model_get_item (neighbours, i);
      if (bn_profile_item_get_profile (item)->proximity != BN_PROXIMITY_ME)
        others++;
    }
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u neighbour in %s, nearest first.",
                                          "%u neighbours in %s, nearest first.", others),
                             others, self->session ? bn_session_get_hood_name (self->session) : "");
  gtk_label_set_label (self->summary, summary);
  gtk_stack_set_visible_child_name (self->stack, others > 0 ? "list" : "alone");
}

static void
set_session (BnNeighboursPage *self, BnSession *session)
{
  GListModel *neighbours;

  if (!g_set_object (&self->session, session))
    return;
  /* Show the store as it is now, even if it was written since the last refresh. */
  if (session != NULL)
    bn_session_refresh (session);
  neighbours = session != NULL ? bn_session_get_neighbours (session) : NULL;
  gtk_list_box_bind_model (self->list, neighbours, make_row, self, NULL);
  g_signal_group_set_target (self->neighbours_signals, neighbours);
  update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* How many neighbours the list shows, me included. */
guint
bn_neighbours_page_get_n_shown (BnNeighboursPage *self)
{
  return self->session ? g_list_model_get_n_items (bn_session_get_neighbours (self->session)) : 0;
}

static void
bn_neighbours_page_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

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
bn_neighbours_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

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
bn_neighbours_page_dispose (GObject *object)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_NEIGHBOURS_PAGE);
  g_clear_object (&self->neighbours_signals);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bn_neighbours_page_parent_class)->dispose (object);
}

static void
bn_neighbours_page_class_init (BnNeighboursPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_neighbours_page_get_property;
  object_class->set_property = bn_neighbours_page_set_property;
  object_class->dispose = bn_neighbours_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-neighbours-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BnNeighboursPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BnNeighboursPage, summary);
  gtk_widget_class_bind_template_child (widget_class, BnNeighboursPage, list);
}

static void
bn_neighbours_page_init (BnNeighboursPage *self)
{
  self->neighbours_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->neighbours_signals, "items-changed",
                                  G_CALLBACK (update_summary), self);
  gtk_widget_init_template (GTK_WIDGET (self));
}
