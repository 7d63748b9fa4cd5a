/* bn-post-row.c
 *
 * One row widget shows one post at a time: the list's factory builds a few,
 * as many as fit on the screen, and gives each the item it shows now (a
 * neighbourhood of 20,000 posts still has a screenful of rows). What the row
 * shows comes from its item's properties, bound in bn-post-row.ui; only the
 * line with the clock in it ("5 minutes ago") and the sentence for screen
 * readers are written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-row.h"
#include "bn-closures.h"
#include "bn-format.h"
#include "bn-widget.h"

#include <glib/gi18n.h>

struct _BnPostRow
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel   *subtitle;

  /* Owned */
  BnPostItem *item;
  gulong      changed_id;
  char       *sentence;    /* what a screen reader reads for the post shown */
  GtkWidget  *announced;   /* weak: the widget a screen reader reads the sentence on */
};

G_DEFINE_FINAL_TYPE (BnPostRow, bn_post_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ITEM, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* One sentence for screen readers instead of six fragments: what, who, how
 * near, when, its status; the replies only when the row shows them (others'
 * replies are sealed to the post's author: "0 replies" would not be true). */
static char *
accessible_sentence (BnPostItem *item,
                     const char *meta)
{
  const BnPost *post = bn_post_item_get_post (item);
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;

  g_object_get (item, "title", &title, "when", &when, NULL);
  if (post->n_replies == 0)
    /* Translators: category: title. who · how near · how long ago. when. status. */
    return g_strdup_printf (_("%s: %s. %s. %s. %s."), bn_category_label (post->category), title,
                            meta, when, bn_format_status (post->status));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s: %s. %s. %s. %s, %u reply.",
                                       "%s: %s. %s. %s. %s, %u replies.",
                                       post->n_replies),
                          bn_category_label (post->category), title, meta, when,
                          bn_format_status (post->status), post->n_replies);
}

/* Writes the lines that depend on the clock ("5 minutes ago"). */
void
bn_post_row_update (BnPostRow *self)
{
  const BnPost *post;
  g_autofree char *who = NULL;
  g_autofree char *proximity = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *sentence = NULL;

  if (self->item == NULL)
    return;
  post = bn_post_item_get_post (self->item);
  g_object_get (self->item, "who", &who, "proximity-label", &proximity, NULL);
  meta = bn_closure_post_meta (NULL, who, proximity, post->created_ms);
  gtk_label_set_label (self->subtitle, meta);

  sentence = accessible_sentence (self->item, meta);
  if (g_strcmp0 (sentence, self->sentence) == 0)
    return;
  g_free (self->sentence);
  self->sentence = g_steal_pointer (&sentence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->sentence, -1);
  if (self->announced != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->announced),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, self->sentence, -1);
}

/**
 * bn_post_row_set_announced:
 * @announced: (nullable): the widget that takes the focus for this row
 *
 * A list view's row (the widget around this one) is what takes the keyboard
 * focus, so it is the one a screen reader reads: it gets the same sentence.
 */
void
bn_post_row_set_announced (BnPostRow *self,
                           GtkWidget *announced)
{
  if (!g_set_weak_pointer (&self->announced, announced) || announced == NULL)
    return;
  /* The sentence of the post shown now: written when the item was set. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (announced), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->sentence != NULL ? self->sentence : "", -1);
}

/**
 * bn_post_row_set_item:
 * @item: (nullable): the post to show now, or %NULL while the row waits
 */
void
bn_post_row_set_item (BnPostRow  *self,
                      BnPostItem *item)
{
  if (self->item == item)
    return;
  if (self->item != NULL)
    g_clear_signal_handler (&self->changed_id, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->changed_id = g_signal_connect_swapped (item, "changed",
                                                 G_CALLBACK (bn_post_row_update), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  bn_post_row_update (self);
}

BnPostItem *
bn_post_row_get_item (BnPostRow *self)
{
  return self->item;
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
      bn_post_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The width the rows of a list were last given, kept on the list. */
#define ROW_WIDTH_KEY "bn-post-row-width"

/* A height for no width in particular is asked of every row a list holds
 * (about 200 in GTK 4.8, most of them out of sight) each time any row
 * changes: the scrolled window around the list measures it so for its own
 * size, and does not use the answer. GTK would answer with the height at the
 * row's minimum width, where every label wraps to its last line. The height
 * at the width the list gives its rows is the one the list lays the row out
 * with next: measured once, it is the answer to both. */
static void
bn_post_row_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    {
      GtkWidget *list = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);

      for_size = list != NULL ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list), ROW_WIDTH_KEY))
                              : 0;
      if (for_size <= 0)
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &for_size, NULL, NULL);
    }
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static GtkSizeRequestMode
bn_post_row_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
bn_post_row_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  GtkWidget *list = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);

  if (list != NULL)
    g_object_set_data (G_OBJECT (list), ROW_WIDTH_KEY, GINT_TO_POINTER (width));
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
bn_post_row_dispose (GObject *object)
{
  BnPostRow *self = BN_POST_ROW (object);

  bn_post_row_set_item (self, NULL);
  g_clear_weak_pointer (&self->announced);
  g_clear_pointer (&self->sentence, g_free);
  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_POST_ROW);
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
  /* No layout manager: GTK would measure through it and never ask the
   * measure below. */
  widget_class->measure = bn_post_row_measure;
  widget_class->size_allocate = bn_post_row_size_allocate;
  widget_class->get_request_mode = bn_post_row_get_request_mode;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BN_TYPE_POST_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "bn-post-row");
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

/* @item: (nullable) */
GtkWidget *
bn_post_row_new (BnPostItem *item)
{
  return g_object_new (BN_TYPE_POST_ROW, "item", item, NULL);
}

const char *
bn_post_row_get_post_id (BnPostRow *self)
{
  return self->item != NULL ? bn_post_item_get_id (self->item) : NULL;
}
