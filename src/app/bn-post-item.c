/* bn-post-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-item.h"
#include "bn-format.h"
#include "bn-moderation.h"

#include <glib/gi18n.h>

struct _BnPostItem
{
  GObject parent_instance;

  BnPost     *post;          /* Owned: replaced by bn_post_item_update() */
  const char *my_peer_id;    /* interned */
};

G_DEFINE_FINAL_TYPE (BnPostItem, bn_post_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_IS_REQUEST,
  PROP_MINE,
  PROP_TITLE,
  PROP_BODY,
  PROP_CATEGORY,
  PROP_CATEGORY_LABEL,
  PROP_ICON_NAME,
  PROP_WHEN,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_WHO,
  PROP_PROXIMITY_LABEL,
  PROP_VISIBILITY_LABEL,
  PROP_ON_BEHALF_OF,
  PROP_AUTHOR_NAME,
  PROP_HELPER,
  PROP_HELPER_NAME,
  PROP_N_REPLIES,
  PROP_N_THANKS,
  PROP_CREATED_MS,
  PROP_UPDATED_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Strings many posts share (kind, category, status, who wrote it, ...) are
 * kept once, interned: 20,000 posts of 500 neighbours hold 500 names, not
 * 20,000. The post's other strings stay its own. */
static const gsize shared_fields[] = {
  G_STRUCT_OFFSET (BnPost, author), G_STRUCT_OFFSET (BnPost, author_name),
  G_STRUCT_OFFSET (BnPost, kind), G_STRUCT_OFFSET (BnPost, category),
  G_STRUCT_OFFSET (BnPost, when), G_STRUCT_OFFSET (BnPost, urgency),
  G_STRUCT_OFFSET (BnPost, visibility), G_STRUCT_OFFSET (BnPost, status),
  G_STRUCT_OFFSET (BnPost, helper), G_STRUCT_OFFSET (BnPost, helper_name),
  G_STRUCT_OFFSET (BnPost, hidden_by), G_STRUCT_OFFSET (BnPost, hidden_by_name),
};

static BnPost *
share_strings (BnPost *post)
{
  for (guint i = 0; i < G_N_ELEMENTS (shared_fields); i++)
    {
      char **field = G_STRUCT_MEMBER_P (post, shared_fields[i]);
      char *own = *field;

      *field = (char *) g_intern_string (own);
      g_free (own);
    }
  return post;
}

/* Frees a post whose shared strings were interned by share_strings(). */
static void
free_shared_post (BnPost *post)
{
  for (guint i = 0; i < G_N_ELEMENTS (shared_fields); i++)
    *(char **) G_STRUCT_MEMBER_P (post, shared_fields[i]) = NULL;
  bn_post_free (post);
}

static char *
dup_icon_name (const BnPost *post)
{
  return g_strdup_printf ("bn-category-%s-symbolic",
                          bn_category_is_valid (post->category) ? post->category : "other");
}

/* The proximity of my own post says nothing: no words for it. */
static const char *
proximity_label (const BnPost *post)
{
  return post->proximity == BN_PROXIMITY_ME ? NULL : bn_format_proximity (post->proximity);
}

static void
bn_post_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BnPostItem *self = BN_POST_ITEM (object);
  const BnPost *post = self->post;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, post->id);
      break;
    case PROP_KIND:
      g_value_set_string (value, post->kind);
      break;
    case PROP_IS_REQUEST:
      g_value_set_boolean (value, bn_post_item_is_request (self));
      break;
    case PROP_MINE:
      g_value_set_boolean (value, bn_post_item_is_mine (self));
      break;
    case PROP_TITLE:
      /* A hidden post says so, in the place of its title, wherever it shows. */
      if (post->hidden_by != NULL)
        g_value_take_string (value, bn_moderation_dup_hidden_label (post->hidden_by_name,
                                                                    post->hidden_reason));
      else
        g_value_set_string (value, post->title);
      break;
    case PROP_BODY:
      g_value_set_string (value, post->body);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, post->category);
      break;
    case PROP_CATEGORY_LABEL:
      g_value_set_string (value, bn_category_label (post->category));
      break;
    case PROP_ICON_NAME:
      g_value_take_string (value, dup_icon_name (post));
      break;
    case PROP_WHEN:
      g_value_take_string (value, bn_format_when (post->when,
                                                  bn_post_item_is_mine (self)));
      break;
    case PROP_STATUS:
      g_value_set_string (value, post->status ? post->status : "open");
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, bn_format_status (post->status));
      break;
    case PROP_WHO:
      g_value_take_string (value, bn_format_who (post, self->my_peer_id));
      break;
    case PROP_PROXIMITY_LABEL:
      g_value_set_string (value, proximity_label (post));
      break;
    case PROP_VISIBILITY_LABEL:
      g_value_set_string (value, bn_format_visibility (post->visibility));
      break;
    case PROP_ON_BEHALF_OF:
      g_value_set_string (value, post->on_behalf_of);
      break;
    case PROP_AUTHOR_NAME:
      g_value_set_string (value, post->author_name);
      break;
    case PROP_HELPER:
      g_value_set_string (value, post->helper);
      break;
    case PROP_HELPER_NAME:
      g_value_set_string (value, post->helper_name);
      break;
    case PROP_N_REPLIES:
      g_value_set_uint (value, post->n_replies);
      break;
    case PROP_N_THANKS:
      g_value_set_uint (value, post->n_thanks);
      break;
    case PROP_CREATED_MS:
      g_value_set_int64 (value, post->created_ms);
      break;
    case PROP_UPDATED_MS:
      g_value_set_int64 (value, post->updated_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_item_finalize (GObject *object)
{
  g_clear_pointer (&BN_POST_ITEM (object)->post, free_shared_post);
  G_OBJECT_CLASS (bn_post_item_parent_class)->finalize (object);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
time_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
bn_post_item_class_init (BnPostItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bn_post_item_get_property;
  object_class->finalize = bn_post_item_finalize;

  properties[PROP_ID] = string_property ("id");
  properties[PROP_KIND] = string_property ("kind");
  properties[PROP_IS_REQUEST] = boolean_property ("is-request");
  properties[PROP_MINE] = boolean_property ("mine");
  properties[PROP_TITLE] = string_property ("title");
  properties[PROP_BODY] = string_property ("body");
  properties[PROP_CATEGORY] = string_property ("category");
  properties[PROP_CATEGORY_LABEL] = string_property ("category-label");
  properties[PROP_ICON_NAME] = string_property ("icon-name");
  /* "Whenever it suits", "Saturday 12 March" */
  properties[PROP_WHEN] = string_property ("when");
  properties[PROP_STATUS] = string_property ("status");
  properties[PROP_STATUS_LABEL] = string_property ("status-label");
  /* "You", "Anna, for Jef", "Someone on your floor" */
  properties[PROP_WHO] = string_property ("who");
  /* "On your floor"; %NULL for my own posts */
  properties[PROP_PROXIMITY_LABEL] = string_property ("proximity-label");
  properties[PROP_VISIBILITY_LABEL] = string_property ("visibility-label");
  properties[PROP_ON_BEHALF_OF] = string_property ("on-behalf-of");
  properties[PROP_AUTHOR_NAME] = string_property ("author-name");
  properties[PROP_HELPER] = string_property ("helper");
  properties[PROP_HELPER_NAME] = string_property ("helper-name");
  properties[PROP_N_REPLIES] = uint_property ("n-replies");
  properties[PROP_N_THANKS] = uint_property ("n-thanks");
  properties[PROP_CREATED_MS] = time_property ("created-ms");
  properties[PROP_UPDATED_MS] = time_property ("updated-ms");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BnPostItem::changed:
   *
   * The post changed; emitted once per update, after the notifications of
   * the properties that changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bn_post_item_init (BnPostItem *self)
{
}

/**
 * bn_post_item_new:
 * @post: (transfer full): the post's state now
 * @my_peer_id: (nullable): who is looking, for "You" and "mine"
 */
BnPostItem *
bn_post_item_new (BnPost     *post,
                  const char *my_peer_id)
{
  BnPostItem *self = g_object_new (BN_TYPE_POST_ITEM, NULL);

  self->post = share_strings (post);
  self->my_peer_id = g_intern_string (my_peer_id);
  return self;
}

const BnPost *
bn_post_item_get_post (BnPostItem *self)
{
  return self->post;
}

const char *
bn_post_item_get_id (BnPostItem *self)
{
  return self->post->id;
}

gboolean
bn_post_item_is_mine (BnPostItem *self)
{
  return g_strcmp0 (self->post->author, self->my_peer_id) == 0;
}

gboolean
bn_post_item_is_request (BnPostItem *self)
{
  return g_strcmp0 (self->post->kind, "offer") != 0;
}

/* Whether I am the neighbour the author accepted. */
gboolean
bn_post_item_is_helper (BnPostItem *self)
{
  return self->post->helper != NULL && g_strcmp0 (self->post->helper, self->my_peer_id) == 0;
}

static gboolean
same_strings (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Every field a property or a page shows is compared: cheap, and most posts
 * stay as they were from one change to the next. */
static gboolean
same_post (const BnPost *a, const BnPost *b)
{
  return same_strings (a->id, b->id) && same_strings (a->author, b->author)
         && same_strings (a->author_name, b->author_name) && same_strings (a->kind, b->kind)
         && same_strings (a->category, b->category) && same_strings (a->title, b->title)
         && same_strings (a->body, b->body) && same_strings (a->when, b->when)
         && same_strings (a->urgency, b->urgency) && same_strings (a->visibility, b->visibility)
         && same_strings (a->on_behalf_of, b->on_behalf_of) && a->expiry_ms == b->expiry_ms
         && same_strings (a->status, b->status)
         && same_strings (a->accepted_reply, b->accepted_reply)
         && same_strings (a->helper, b->helper) && same_strings (a->helper_name, b->helper_name)
         && a->created_ms == b->created_ms && a->updated_ms == b->updated_ms
         && a->n_replies == b->n_replies && a->n_thanks == b->n_thanks
         && a->proximity == b->proximity && same_strings (a->hidden_by, b->hidden_by)
         && same_strings (a->hidden_by_name, b->hidden_by_name)
         && same_strings (a->hidden_reason, b->hidden_reason);
}

/**
 * bn_post_item_update:
 * @post: (transfer full): the post's state now
 *
 * Notifies each property whose value changed, then emits ::changed.
 *
 * Returns: whether anything changed
 */
gboolean
bn_post_item_update (BnPostItem *self,
                     BnPost     *post)
{
  GValue before[N_PROPS] = { G_VALUE_INIT };

  g_return_val_if_fail (g_strcmp0 (self->post->id, post->id) == 0, FALSE);

  if (same_post (self->post, post))
    {
      bn_post_free (post);
      return FALSE;
    }
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&before[i], properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &before[i]);
    }
  free_shared_post (self->post);
  self->post = share_strings (post);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto(GValue) after = G_VALUE_INIT;

      g_value_init (&after, properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &after);
      if (g_param_values_cmp (properties[i], &before[i], &after) != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
      g_value_unset (&before[i]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
