/* bn-neighbours-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-neighbours-page.h"
#include "bn-format.h"
#include "bn-rows.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnNeighboursPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkLabel   *summary;
  GtkListBox *list;

  /* Owned */
  BnSession  *session;
  GStrv       online;     /* peer IDs connected right now */
  guint       n_shown;
  char       *shown;      /* what the rows show, to leave them alone when that holds */
};

G_DEFINE_FINAL_TYPE (BnNeighboursPage, bn_neighbours_page, GTK_TYPE_WIDGET)

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
make_row (BnNeighboursPage *self, const BnProfile *profile)
{
  GtkWidget *row;
  gboolean me = profile->proximity == BN_PROXIMITY_ME;
  gboolean online = self->online != NULL
                    && g_strv_contains ((const char *const *) self->online, profile->peer_id);
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
  add_detail (ADW_EXPANDER_ROW (row), _("Likes to help with"), talents, "emote-love-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("Could use help with"), needs, "chat-message-new-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("About"), profile->about, "user-info-symbolic");
  /* Compare it in person: it shows this really is the neighbour you met. */
  add_detail (ADW_EXPANDER_ROW (row), _("Fingerprint"), fingerprint,
              "channel-secure-symbolic");
  return row;
}

/* Sync brings changes many times a minute; rebuilding the rows each time
 * would fold open rows and move the keyboard focus under the reader. */
static char *
describe_rows (BnNeighboursPage *self, GPtrArray *profiles)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < profiles->len; i++)
    {
      const BnProfile *p = g_ptr_array_index (profiles, i);
      gboolean online = self->online != NULL
                        && g_strv_contains ((const char *const *) self->online, p->peer_id);
      g_string_append_printf (out, "%s/%" G_GINT64_FORMAT "/%d/%d;", p->peer_id, p->updated_ms,
                              p->proximity, online);
    }
  return g_string_free (out, FALSE);
}

static void
reload (BnNeighboursPage *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  GtkWidget *child;
  guint others = 0;
  g_autofree char *summary = NULL;
  g_autofree char *shown = NULL;

  if (self->session == NULL || !bn_session_has_hood (self->session))
    return;
  profiles = bn_session_list_profiles (self->session);
  shown = describe_rows (self, profiles);
  if (g_strcmp0 (shown, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < profiles->len; i++)
    {
      const BnProfile *profile = g_ptr_array_index (profiles, i);
      if (profile->proximity != BN_PROXIMITY_ME)
        others++;
      gtk_list_box_append (self->list, make_row (self, profile));
    }
  self->n_shown = profiles->len;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u neighbour in %s, nearest first.",
                                          "%u neighbours in %s, nearest first.", others),
                             others, bn_session_get_hood_name (self->session));
  gtk_label_set_label (self->summary, summary);
  gtk_stack_set_visible_child_name (self->stack, others > 0 ? "list" : "alone");
}

void
bn_neighbours_page_set_session (BnNeighboursPage *self,
                                BnSession        *session)
{
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

/* @peer_ids: (nullable): who the sync node is connected to */
void
bn_neighbours_page_set_online (BnNeighboursPage   *self,
                               const char *const  *peer_ids)
{
  if (self->online == NULL && peer_ids == NULL)
    return;
  if (self->online != NULL && peer_ids != NULL
      && g_strv_equal ((const char *const *) self->online, peer_ids))
    return;
  g_strfreev (self->online);
  self->online = g_strdupv ((char **) peer_ids);
  reload (self);
}

guint
bn_neighbours_page_get_n_shown (BnNeighboursPage *self)
{
  return self->n_shown;
}

static void
bn_neighbours_page_dispose (GObject *object)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_NEIGHBOURS_PAGE);
  {
    GtkWidget *child;
    /* The template's root widget is not a bound child: unparent it by hand. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->session);
  g_clear_pointer (&self->online, g_strfreev);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (bn_neighbours_page_parent_class)->dispose (object);
}

static void
bn_neighbours_page_class_init (BnNeighboursPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bn_neighbours_page_dispose;
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
  gtk_widget_init_template (GTK_WIDGET (self));
}
