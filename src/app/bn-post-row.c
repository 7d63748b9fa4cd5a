/* bn-post-row.c
 *
 * What the row shows comes from its item's properties, bound in
 * bn-post-row.ui; only the line with the clock in it ("5 minutes ago") and
 * the sentence for screen readers are written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-row.h"
#include "bn-closures.h"
#include "bn-format.h"

#include <glib/gi18n.h>

struct _BnPostRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkLabel   *subtitle;

  /* Owned */
  BnPostItem *item;
};

G_DEFINE_FINAL_TYPE (BnPostRow, bn_post_row, GTK_TYPE_LIST_BOX_ROW)

enum { PROP_0, PROP_ITEM, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Writes the lines that depend on the clock ("5 minutes ago"). */
void
bn_post_row_update (BnPostRow *self)
{
  const BnPost *post = bn_post_item_get_post (self->item);
  g_autofree char *who = NULL;
  g_autofree char *proximity = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *title = NULL;

  g_object_get (self->item, "who", &who, "proximity-label", &proximity, "when", &when,
                "title", &title, NULL);
  subtitle = bn_closure_post_meta (NULL, who, proximity, post->created_ms);
  gtk_label_set_label (self->subtitle, subtitle);

  /* One sentence for screen readers instead of six fragments. */
  accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s: %s. %s. %s. %s, %u reply.",
                                             "%s: %s. %s. %s. %s, %u replies.",
                                             post->n_replies),
                                bn_category_label (post->category), title, subtitle, when,
                                bn_format_status (post->status), post->n_replies);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
set_item (BnPostRow *self, BnPostItem *item)
{
  g_return_if_fail (BN_IS_POST_ITEM (item));

  self->item = g_object_ref (item);
  g_signal_connect_object (item, "changed", G_CALLBACK (bn_post_row_update), self,
                           G_CONNECT_SWAPPED);
  bn_post_row_update (self);
}

static void
bn_post_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnPostRow *self = BN_POST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_row_set_property (GObject *object, guint prop_id, const GValue *value,
                          GParamSpec *pspec)
{
  BnPostRow *self = BN_POST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_row_dispose (GObject *object)
{
  BnPostRow *self = BN_POST_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_POST_ROW);
  g_clear_object (&self->item);
  G_OBJECT_CLASS (bn_post_row_parent_class)->dispose (object);
}

static void
bn_post_row_class_init (BnPostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_post_row_get_property;
  object_class->set_property = bn_post_row_set_property;
  object_class->dispose = bn_post_row_dispose;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BN_TYPE_POST_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BnPostRow, subtitle);
  bn_closures_add_to_class (widget_class);
}

static void
bn_post_row_init (BnPostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bn_post_row_new (BnPostItem *item)
{
  return g_object_new (BN_TYPE_POST_ROW, "item", item, NULL);
}

const char *
bn_post_row_get_post_id (BnPostRow *self)
{
  return bn_post_item_get_id (self->item);
}
