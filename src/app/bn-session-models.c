/* bn-session-models.c — the list models every window shows, refreshed once
 * per change of the store
 *
 * A refresh reads each derived table once (posts, profiles, and for a
 * connector the figures) and changes each model only where the store did: a
 * post that changed is updated in place (its item notifies), new and gone
 * posts are spliced in and out, a profile that changed replaces its item. A
 * sync that changed nothing a page shows leaves its rows, and a screen-reader
 * user's focus, where they were.
 *
 * When the session starts, the posts the first screen shows are read before
 * the window paints, and the rest a few hundred at a time while the main loop
 * has nothing else to do, in the lists' order, appended after those shown
 * (the property "loading" says it is under way). A change of the store in the
 * meantime, or a post asked for that is not read yet, reads the rest at once
 * first: nothing is missed, nothing shown twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-session-private.h"
#include "bn-stats-item.h"
#include "bn-waiting-item.h"

/* Done posts stay in the lists a week for the thanks to be seen, then make room. */
#define DONE_SHOWN_MS (G_GINT64_CONSTANT (7) * 24 * 3600 * 1000)
/* Posts read before the first frame: more than a tall window shows. Every one
 * becomes a row then (a list makes up to 200 before it knows its height). */
#define FIRST_PAGE 50
/* Posts read per idle turn afterwards: a few milliseconds of work. */
#define LOAD_CHUNK 250

typedef gboolean (*SameFunc) (gpointer a, gpointer b);

void
_bn_session_models_init (BnSession *self)
{
  self->posts = g_list_store_new (BN_TYPE_POST_ITEM);
  self->requests = g_list_store_new (BN_TYPE_POST_ITEM);
  self->offers = g_list_store_new (BN_TYPE_POST_ITEM);
  self->post_items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->neighbours = g_list_store_new (BN_TYPE_PROFILE_ITEM);
  self->waiting = g_list_store_new (BN_TYPE_WAITING_ITEM);
  self->stats = g_list_store_new (BN_TYPE_STATS_ITEM);
}

static void stop_loading (BnSession *self);

void
_bn_session_models_clear (BnSession *self)
{
  stop_loading (self);
  g_clear_object (&self->posts);
  g_clear_object (&self->requests);
  g_clear_object (&self->offers);
  g_clear_pointer (&self->post_items, g_hash_table_unref);
  g_clear_object (&self->neighbours);
  g_clear_object (&self->waiting);
  g_clear_object (&self->stats);
  g_clear_object (&self->my_profile);
}

static gboolean
same_object (gpointer a, gpointer b)
{
  return a == b;
}

/* Replaces only the items that changed: a sync that brings one post should
 * not rebuild a thousand rows (nor move the keyboard focus). */
static void
splice_changes (GListStore *store,
                GPtrArray  *items,
                SameFunc    same)
{
  GListModel *model = G_LIST_MODEL (store);
  guint old_len = g_list_model_get_n_items (model);
  guint prefix = 0, suffix = 0;

  while (prefix < old_len && prefix < items->len)
    {
      g_autoptr(GObject) old = g_list_model_get_item (model, prefix);
      if (!same (old, g_ptr_array_index (items, prefix)))
        break;
      prefix++;
    }
  while (suffix < old_len - prefix && suffix < items->len - prefix)
    {
      g_autoptr(GObject) old = g_list_model_get_item (model, old_len - 1 - suffix);
      if (!same (old, g_ptr_array_index (items, items->len - 1 - suffix)))
        break;
      suffix++;
    }
  if (prefix == old_len && prefix == items->len)
    return;
  g_list_store_splice (store, prefix, old_len - prefix - suffix,
                       items->pdata + prefix, items->len - prefix - suffix);
}

static const guint8 *
my_key (BnSession *self)
{
  return bn_home_get_identity (self->home)->public_key;
}

/* Withdrawn posts are the asker's to see, not the neighbourhood's; done ones
 * stay a week for the thanks to be seen. */
static gboolean
listed (BnPostItem *item,
        gint64      now_ms)
{
  const BnPost *post = bn_post_item_get_post (item);

  if (bn_post_item_is_mine (item))
    return TRUE;
  if (g_strcmp0 (post->status, "withdrawn") == 0)
    return FALSE;
  return !(g_strcmp0 (post->status, "done") == 0 && post->updated_ms < now_ms - DONE_SHOWN_MS);
}

/* Keeps one item per post: known posts are updated in place. */
static GPtrArray *
update_post_items (BnSession *self,
                   GPtrArray *posts)
{
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GPtrArray *order = g_ptr_array_new ();

  for (guint i = 0; i < posts->len; i++)
    {
      BnPost *post = g_steal_pointer (&posts->pdata[i]);
      BnPostItem *item = g_hash_table_lookup (self->post_items, post->id);

      if (item != NULL)
        {
          g_object_ref (item);
          bn_post_item_update (item, post);
        }
      else
        item = bn_post_item_new (post, self->peer_id);
      g_hash_table_replace (items, g_strdup (bn_post_item_get_id (item)), item);
      g_ptr_array_add (order, item);
    }
  g_hash_table_unref (self->post_items);
  self->post_items = items;
  return order;
}

static void finish_loading (BnSession *self);

static void
reload_posts (BnSession *self)
{
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();
  g_autoptr(GPtrArray) offers = g_ptr_array_new ();
  gint64 now_ms = g_get_real_time () / 1000;

  /* The posts the session started with first, as they would have come: then
   * only what changed since is new (to the notifier too). */
  finish_loading (self);
  if (self->has_hood)
    posts = bn_store_list_posts (bn_home_get_store (self->home), my_key (self), NULL, NULL);
  else
    posts = g_ptr_array_new ();
  all = update_post_items (self, posts);
  for (guint i = 0; i < all->len; i++)
    {
      BnPostItem *item = g_ptr_array_index (all, i);

      if (!listed (item, now_ms))
        continue;
      g_ptr_array_add (bn_post_item_is_request (item) ? requests : offers, item);
    }
  splice_changes (self->posts, all, same_object);
  splice_changes (self->requests, requests, same_object);
  splice_changes (self->offers, offers, same_object);
}

/* Makes items of @posts, read in the lists' order, for show_read_posts(). A
 * post asked for by ID is found among them already. */
static void
read_posts (BnSession *self,
            GPtrArray *posts)
{
  for (guint i = 0; i < posts->len; i++)
    {
      BnPostItem *item = bn_post_item_new (g_steal_pointer (&posts->pdata[i]), self->peer_id);

      g_hash_table_replace (self->post_items, g_strdup (bn_post_item_get_id (item)),
                            g_object_ref (item));
      g_ptr_array_add (self->load_items, item);
    }
}

static void
append_to (GListStore *store, GPtrArray *items)
{
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                       items->pdata, items->len);
}

/* Appends the items read after those the models show: in one go, as each
 * change of a list's length costs it a new layout and a frame. */
static void
show_read_posts (BnSession *self)
{
  /* Taken first: a handler of the models' change that looks a post up (and so
   * reads the rest) must not show these a second time. */
  g_autoptr(GPtrArray) items = g_steal_pointer (&self->load_items);
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();
  g_autoptr(GPtrArray) offers = g_ptr_array_new ();
  gint64 now_ms = g_get_real_time () / 1000;

  self->load_items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      BnPostItem *item = g_ptr_array_index (items, i);

      if (listed (item, now_ms))
        g_ptr_array_add (bn_post_item_is_request (item) ? requests : offers, item);
    }
  append_to (self->posts, items);
  append_to (self->requests, requests);
  append_to (self->offers, offers);
}

/* Reads up to @n more of the posts the session started with. */
static void
load_next_posts (BnSession *self,
                 guint      n)
{
  guint count = MIN (n, self->load_keys->len - self->load_next);
  g_autoptr(GPtrArray) posts = NULL;

  posts = bn_store_get_posts (bn_home_get_store (self->home), my_key (self),
                              &g_array_index (self->load_keys, BnPostKey, self->load_next),
                              count);
  self->load_next += count;
  read_posts (self, posts);
}

static void
stop_loading (BnSession *self)
{
  g_clear_handle_id (&self->load_id, g_source_remove);
  g_clear_pointer (&self->load_keys, g_array_unref);
  g_clear_pointer (&self->load_items, g_ptr_array_unref);
}

/* Every post is read: into the models, and what waited for them comes now. */
static void
end_loading (BnSession *self)
{
  show_read_posts (self);
  stop_loading (self);
  _bn_session_notify (self, BN_SESSION_PROP_LOADING);
  bn_session_update_figures (self);
}

static gboolean
load_more (gpointer data)
{
  BnSession *self = data;

  load_next_posts (self, LOAD_CHUNK);
  if (self->load_next < self->load_keys->len)
    return G_SOURCE_CONTINUE;
  self->load_id = 0;
  g_debug ("All %u posts shown", self->load_keys->len);
  end_loading (self);
  return G_SOURCE_REMOVE;
}

static void
finish_loading (BnSession *self)
{
  if (self->load_keys == NULL)
    return;
  load_next_posts (self, G_MAXUINT);
  end_loading (self);
}

/* The first screen's posts now, the others from the main loop's idle time:
 * a neighbourhood of 20,000 posts opens as fast as one of fifty. */
static void
start_loading (BnSession *self)
{
  stop_loading (self);
  if (!self->has_hood || g_list_model_get_n_items (G_LIST_MODEL (self->posts)) > 0)
    {
      reload_posts (self);
      return;
    }
  self->load_keys = bn_store_list_post_keys (bn_home_get_store (self->home), my_key (self));
  self->load_items = g_ptr_array_new_with_free_func (g_object_unref);
  self->load_next = 0;
  load_next_posts (self, FIRST_PAGE);
  show_read_posts (self);
  if (self->load_next == self->load_keys->len)
    {
      stop_loading (self);
      return;
    }
  g_debug ("%u of %u posts shown, the others follow", self->load_next, self->load_keys->len);
  self->load_id = g_idle_add_full (G_PRIORITY_LOW, load_more, self, NULL);
  _bn_session_notify (self, BN_SESSION_PROP_LOADING);
}

gboolean
bn_session_is_loading (BnSession *self)
{
  return self->load_keys != NULL;
}

/**
 * bn_session_finish_loading:
 *
 * Reads the posts not read yet now, for what needs them all at once: the
 * end of a list, a search.
 */
void
bn_session_finish_loading (BnSession *self)
{
  finish_loading (self);
}

static gboolean
is_online (BnSession *self, const char *peer_id)
{
  return self->online != NULL && g_strv_contains ((const char *const *) self->online, peer_id);
}

static void
set_my_profile (BnSession *self, BnProfileItem *mine)
{
  if (mine != NULL && self->my_profile != NULL && bn_profile_item_same (mine, self->my_profile))
    return;
  if (mine == NULL && self->my_profile == NULL)
    return;
  g_set_object (&self->my_profile, mine);
  _bn_session_notify (self, BN_SESSION_PROP_MY_PROFILE);
}

/* The peer IDs of the roster's members; %NULL before the neighbourhood has a
 * roster (an older one not upgraded yet), when every profile counts. */
static GHashTable *
list_member_ids (BnSession *self)
{
  g_autoptr(GPtrArray) members = bn_store_list_members (bn_home_get_store (self->home), FALSE);
  GHashTable *ids;

  if (members->len == 0)
    return NULL;
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < members->len; i++)
    g_hash_table_add (ids, g_strdup (((BnMember *) g_ptr_array_index (members, i))->peer_id));
  return ids;
}

/* Neighbours near to far, and who is online among them. Someone removed, or
 * who left, is no neighbour any more, though their profile is still stored. */
static void
reload_neighbours (BnSession *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) members = NULL;
  BnProfileItem *mine = NULL;

  if (self->has_hood)
    {
      profiles = bn_store_list_profiles (bn_home_get_store (self->home), my_key (self));
      members = list_member_ids (self);
    }
  else
    profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_profile_free);
  for (guint i = 0; i < profiles->len; i++)
    {
      BnProfile *profile = g_ptr_array_index (profiles, i);
      BnProfileItem *item;

      if (members != NULL && !g_hash_table_contains (members, profile->peer_id)
          && g_strcmp0 (profile->peer_id, self->peer_id) != 0)
        continue;
      item = bn_profile_item_new (g_steal_pointer (&profiles->pdata[i]),
                                  is_online (self, profile->peer_id));

      if (g_strcmp0 (profile->peer_id, self->peer_id) == 0)
        mine = item;
      g_ptr_array_add (items, item);
    }
  splice_changes (self->neighbours, items, (SameFunc) bn_profile_item_same);
  set_my_profile (self, mine);
}

/**
 * bn_session_lookup_profile:
 *
 * Returns: (transfer none) (nullable): a neighbour's profile as the models
 *   show it, with its proximity to me
 */
const BnProfile *
bn_session_lookup_profile (BnSession  *self,
                           const char *peer_id)
{
  GListModel *model = G_LIST_MODEL (self->neighbours);

  for (guint i = 0; peer_id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BnProfileItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (bn_profile_item_get_profile (item)->peer_id, peer_id) == 0)
        return bn_profile_item_get_profile (item);
    }
  return NULL;
}

/**
 * bn_session_update_figures:
 *
 * Reads the connector's figures again. They count ages from the clock, so
 * the connector page calls this when it is shown; a change of the store does
 * too, while my profile says I am a connector (nobody else pays for them).
 */
void
bn_session_update_figures (BnSession *self)
{
  BnStore *store = bn_home_get_store (self->home);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GPtrArray) waiting_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stats_items = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now_ms = bn_session_get_now (self);

  if (!self->has_hood || !self->is_connector)
    return;
  waiting = bn_store_list_waiting_requests (store, my_key (self), now_ms);
  stats = bn_store_list_category_stats (store, now_ms);
  for (guint i = 0; i < waiting->len; i++)
    g_ptr_array_add (waiting_items, bn_waiting_item_new (g_steal_pointer (&waiting->pdata[i])));
  for (guint i = 0; i < stats->len; i++)
    g_ptr_array_add (stats_items, bn_stats_item_new (g_ptr_array_index (stats, i)));
  splice_changes (self->waiting, waiting_items, (SameFunc) bn_waiting_item_same);
  splice_changes (self->stats, stats_items, (SameFunc) bn_stats_item_same);
}

/* My place on the roster, and whether it names me a connector. */
static void
reload_roster (BnSession *self)
{
  g_autofree char *reason = NULL;
  BnMemberStatus standing = BN_MEMBER_UNKNOWN;
  gboolean connector = FALSE;

  if (self->has_hood)
    {
      standing = bn_home_get_standing (self->home, &reason, NULL);
      connector = standing <= BN_MEMBER_ACTIVE
                  && bn_store_is_connector (bn_home_get_store (self->home), my_key (self));
    }
  if (self->standing != standing || g_strcmp0 (self->standing_reason, reason) != 0)
    {
      self->standing = standing;
      g_free (self->standing_reason);
      self->standing_reason = g_steal_pointer (&reason);
      _bn_session_notify (self, BN_SESSION_PROP_STANDING);
    }
  if (self->is_connector != connector)
    {
      self->is_connector = connector;
      _bn_session_notify (self, BN_SESSION_PROP_IS_CONNECTOR);
    }
}

static void
reload_hood (BnSession *self)
{
  gboolean has_hood = bn_session_has_hood (self);

  if (self->has_hood == has_hood)
    return;
  self->has_hood = has_hood;
  _bn_session_notify (self, BN_SESSION_PROP_HOOD_NAME);
  _bn_session_notify (self, BN_SESSION_PROP_HAS_HOOD);
}

/* Reads everything the models show once, and changes them where it differs. */
void
_bn_session_reload (BnSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  reload_hood (self);
  reload_roster (self);
  reload_neighbours (self);
  reload_posts (self);
  bn_session_update_figures (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The session's first read: as _bn_session_reload(), but only the first
 * screen's posts before returning; the connector's figures once all are in. */
void
_bn_session_load (BnSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  reload_hood (self);
  reload_roster (self);
  reload_neighbours (self);
  start_loading (self);
  if (!bn_session_is_loading (self))
    bn_session_update_figures (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Who the peer is connected to changed: the neighbours' "online now". */
void
_bn_session_update_online (BnSession *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GListModel *peers = bn_session_get_peers (self);
  g_auto(GStrv) online = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(BnPeer) peer = g_list_model_get_item (peers, i);
      if (bn_peer_get_online (peer) && bn_peer_get_peer_id (peer) != NULL)
        g_strv_builder_add (builder, bn_peer_get_peer_id (peer));
    }
  online = g_strv_builder_end (builder);
  if (self->online != NULL && g_strv_equal ((const char *const *) self->online,
                                            (const char *const *) online))
    return;
  g_strfreev (self->online);
  self->online = g_steal_pointer (&online);
  reload_neighbours (self);
}

/**
 * bn_session_lookup_post:
 *
 * Returns: (transfer none) (nullable): the item showing the post, as long as
 *   the post exists; %NULL when it is gone or has not reached us
 */
BnPostItem *
bn_session_lookup_post (BnSession  *self,
                        const char *post_id)
{
  BnPostItem *item;

  if (post_id == NULL)
    return NULL;
  item = g_hash_table_lookup (self->post_items, post_id);
  if (item == NULL && bn_session_is_loading (self))
    {
      /* Asked for by ID (a notification, a link): it may be among those not read yet. */
      finish_loading (self);
      item = g_hash_table_lookup (self->post_items, post_id);
    }
  return item;
}

GListModel *
bn_session_get_posts (BnSession *self)
{
  return G_LIST_MODEL (self->posts);
}

GListModel *
bn_session_get_requests (BnSession *self)
{
  return G_LIST_MODEL (self->requests);
}

GListModel *
bn_session_get_offers (BnSession *self)
{
  return G_LIST_MODEL (self->offers);
}

GListModel *
bn_session_get_neighbours (BnSession *self)
{
  return G_LIST_MODEL (self->neighbours);
}

GListModel *
bn_session_get_waiting_requests (BnSession *self)
{
  return G_LIST_MODEL (self->waiting);
}

GListModel *
bn_session_get_category_stats (BnSession *self)
{
  return G_LIST_MODEL (self->stats);
}
