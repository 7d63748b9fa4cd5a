/* bn-waiting-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-waiting-item.h"

struct _BnWaitingItem
{
  GObject parent_instance;

  BnWaitingRequest *request;   /* Owned, never changed */
};

G_DEFINE_FINAL_TYPE (BnWaitingItem, bn_waiting_item, G_TYPE_OBJECT)

static void
bn_waiting_item_finalize (GObject *object)
{
  g_clear_pointer (&BN_WAITING_ITEM (object)->request, bn_waiting_request_free);
  G_OBJECT_CLASS (bn_waiting_item_parent_class)->finalize (object);
}

static void
bn_waiting_item_class_init (BnWaitingItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_waiting_item_finalize;
}

static void
bn_waiting_item_init (BnWaitingItem *self)
{
}

/* @request: (transfer full) */
BnWaitingItem *
bn_waiting_item_new (BnWaitingRequest *request)
{
  BnWaitingItem *self = g_object_new (BN_TYPE_WAITING_ITEM, NULL);

  self->request = request;
  return self;
}

const BnWaitingRequest *
bn_waiting_item_get_request (BnWaitingItem *self)
{
  return self->request;
}

/* Whether a row for @self would say the same as one for @other. */
gboolean
bn_waiting_item_same (BnWaitingItem *self,
                      BnWaitingItem *other)
{
  const BnWaitingRequest *a = self->request, *b = other->request;

  if (g_strcmp0 (a->post->id, b->post->id) != 0 || a->post->updated_ms != b->post->updated_ms
      || g_strcmp0 (a->post->author_name, b->post->author_name) != 0
      || a->helpers->len != b->helpers->len)
    return FALSE;
  for (guint i = 0; i < a->helpers->len; i++)
    {
      const BnProfile *x = g_ptr_array_index (a->helpers, i);
      const BnProfile *y = g_ptr_array_index (b->helpers, i);
      if (g_strcmp0 (x->peer_id, y->peer_id) != 0 || g_strcmp0 (x->name, y->name) != 0)
        return FALSE;
    }
  return TRUE;
}
