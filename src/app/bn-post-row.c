/* bn-post-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-row.h"
#include "bn-format.h"

#include <glib/gi18n.h>

struct _BnPostRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkImage  *icon;
  GtkLabel  *title;
  GtkLabel  *subtitle;
  GtkLabel  *when;
  GtkLabel  *status;
  GtkWidget *replies_box;
  GtkLabel  *replies;

  /* Owned */
  char       *post_id;
  BnPostItem *item;
  char       *my_peer_id;
};

G_DEFINE_FINAL_TYPE (BnPostRow, bn_post_row, GTK_TYPE_LIST_BOX_ROW)

static void
bn_post_row_finalize (GObject *object)
{
  BnPostRow *self = BN_POST_ROW (object);

  g_clear_object (&self->item);
  g_clear_pointer (&self->my_peer_id, g_free);
  g_clear_pointer (&self->post_id, g_free);
  G_OBJECT_CLASS (bn_post_row_parent_class)->finalize (object);
}

static void
bn_post_row_class_init (BnPostRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bn_post_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, icon);
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, title);
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, when);
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, status);
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, replies_box);
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, replies);
}

static void
bn_post_row_init (BnPostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
bn_post_row_get_post_id (BnPostRow *self)
{
  return self->post_id;
}

static void
set_status (BnPostRow *self, const char *status)
{
  static const char *const classes[] = { "open", "matched", "done", "withdrawn" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), status ? status : "open");
  gtk_label_set_label (self->status, bn_format_status (status));
}

/* Writes the lines that depend on the clock ("5 minutes ago"). */
void
bn_post_row_update (BnPostRow *self)
{
  const BnPost *post = bn_post_item_get_post (self->item);
  g_autofree char *who = bn_format_who (post, self->my_peer_id);
  g_autofree char *ago = bn_format_relative (post->created_ms, g_get_real_time () / 1000);
  g_autofree char *when = bn_format_when (post->when);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;

  /* The proximity of my own post says nothing: leave it out. */
  if (post->proximity == BN_PROXIMITY_ME)
    subtitle = g_strdup_printf ("%s · %s", who, ago);
  else
    subtitle = g_strdup_printf ("%s · %s · %s", who, bn_format_proximity (post->proximity), ago);
  gtk_label_set_label (self->subtitle, subtitle);
  gtk_label_set_label (self->when, when);

  /* One sentence for screen readers instead of six fragments. */
  accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s: %s. %s. %s. %s, %u reply.",
                                             "%s: %s. %s. %s. %s, %u replies.",
                                             post->n_replies),
                                bn_category_label (post->category), post->title, subtitle, when,
                                bn_format_status (post->status), post->n_replies);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

GtkWidget *
bn_post_row_new (BnPostItem *item,
                 const char *my_peer_id)
{
  BnPostRow *self = g_object_new (BN_TYPE_POST_ROW, NULL);
  const BnPost *post = bn_post_item_get_post (item);
  g_autofree char *icon_name = g_strdup_printf ("bn-category-%s-symbolic",
                                                bn_category_is_valid (post->category)
                                                ? post->category : "other");
  g_autofree char *replies = g_strdup_printf ("%u", post->n_replies);

  self->item = g_object_ref (item);
  self->my_peer_id = g_strdup (my_peer_id);
  self->post_id = g_strdup (post->id);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_label (self->title, post->title);
  set_status (self, post->status);
  gtk_label_set_label (self->replies, replies);
  gtk_widget_set_visible (self->replies_box, post->n_replies > 0);
  bn_post_row_update (self);
  return GTK_WIDGET (self);
}
