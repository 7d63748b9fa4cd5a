/* bn-post-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-item.h"

struct _BnPostItem
{
  GObject parent_instance;
  BnPost *post;   /* Owned, never changed: a new state is a new item */
};

G_DEFINE_FINAL_TYPE (BnPostItem, bn_post_item, G_TYPE_OBJECT)

static void
bn_post_item_finalize (GObject *object)
{
  g_clear_pointer (&BN_POST_ITEM (object)->post, bn_post_free);
  G_OBJECT_CLASS (bn_post_item_parent_class)->finalize (object);
}

static void
bn_post_item_class_init (BnPostItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_post_item_finalize;
}

static void
bn_post_item_init (BnPostItem *self)
{
}

/* @post: (transfer full) */
BnPostItem *
bn_post_item_new (BnPost *post)
{
  BnPostItem *self = g_object_new (BN_TYPE_POST_ITEM, NULL);
  self->post = post;
  return self;
}

const BnPost *
bn_post_item_get_post (BnPostItem *self)
{
  return self->post;
}

/* Whether a row showing @self would look the same for @other; lets a refresh
 * leave rows alone (and keyboard focus where it is) when nothing changed. */
gboolean
bn_post_item_same (BnPostItem *self,
                   BnPostItem *other)
{
  const BnPost *a = self->post, *b = other->post;

  return g_strcmp0 (a->id, b->id) == 0 && a->updated_ms == b->updated_ms
         && g_strcmp0 (a->status, b->status) == 0 && a->n_replies == b->n_replies
         && a->n_thanks == b->n_thanks && a->proximity == b->proximity
         && g_strcmp0 (a->author_name, b->author_name) == 0
         && g_strcmp0 (a->helper, b->helper) == 0;
}
