/* bn-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-session.h"

#include <string.h>

/* Another process (buurtnet-cli, a second app window on the same directory)
 * writes through its own connection; SQLite's data_version is how we notice.
 * Checking it costs one PRAGMA, so once a second is cheap. */
#define POLL_INTERVAL_MS 1000

struct _BnSession
{
  GObject parent_instance;

  /* Owned */
  BnHome       *home;
  char         *peer_id;
  GMainContext *context;
  guint         poll_id;
  guint64       data_version;
  gint          emit_pending;   /* atomic: a ::changed is already queued */
};

G_DEFINE_FINAL_TYPE (BnSession, bn_session, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
emit_changed (gpointer data)
{
  BnSession *self = data;

  g_atomic_int_set (&self->emit_pending, 0);
  if (self->home != NULL)
    self->data_version = bn_store_data_version (bn_home_get_store (self->home));
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/**
 * bn_session_notify_changed:
 *
 * Queues one ::changed on the main context. Safe from any thread; calls made
 * before the queued emission runs are folded into it.
 */
void
bn_session_notify_changed (BnSession *self)
{
  g_autoptr(GSource) source = NULL;

  if (!g_atomic_int_compare_and_exchange (&self->emit_pending, 0, 1))
    return;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, emit_changed, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[buurtnet] session changed");
  g_source_attach (source, self->context);
}

/* May run on the sync worker's thread: touch nothing but the queue. */
static void
on_entries_added (BnStore   *store,
                  GPtrArray *entries,
                  BnSession *self)
{
  bn_session_notify_changed (self);
}

static gboolean
poll_data_version (gpointer data)
{
  BnSession *self = data;
  guint64 version = bn_store_data_version (bn_home_get_store (self->home));

  if (version != self->data_version)
    {
      self->data_version = version;
      bn_session_notify_changed (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
bn_session_dispose (GObject *object)
{
  BnSession *self = BN_SESSION (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->home != NULL)
    g_signal_handlers_disconnect_by_data (bn_home_get_store (self->home), self);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (bn_session_parent_class)->dispose (object);
}

static void
bn_session_finalize (GObject *object)
{
  BnSession *self = BN_SESSION (object);

  g_clear_pointer (&self->peer_id, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (bn_session_parent_class)->finalize (object);
}

static void
bn_session_class_init (BnSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_session_dispose;
  object_class->finalize = bn_session_finalize;

  /**
   * BnSession::changed:
   *
   * Something in the neighbourhood's state may have changed. Always on the
   * main thread.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bn_session_init (BnSession *self)
{
  self->context = g_main_context_ref_thread_default ();
}

/* Returns: (transfer full) */
BnSession *
bn_session_new (BnHome *home)
{
  BnSession *self = g_object_new (BN_TYPE_SESSION, NULL);
  BnStore *store = bn_home_get_store (home);

  self->home = g_object_ref (home);
  self->peer_id = bn_home_dup_peer_id (home);
  self->data_version = bn_store_data_version (store);
  g_signal_connect (store, "entries-added", G_CALLBACK (on_entries_added), self);
  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_data_version, self);
  return self;
}

BnHome *
bn_session_get_home (BnSession *self)
{
  return self->home;
}

const char *
bn_session_get_peer_id (BnSession *self)
{
  return self->peer_id;
}

gboolean
bn_session_has_hood (BnSession *self)
{
  return bn_home_get_hood (self->home) != NULL;
}

/* Returns: (nullable) */
const char *
bn_session_get_hood_name (BnSession *self)
{
  const BnHood *hood = bn_home_get_hood (self->home);
  return hood ? hood->name : NULL;
}

static const guint8 *
my_key (BnSession *self)
{
  return bn_home_get_identity (self->home)->public_key;
}

/* Returns: (transfer full) (element-type BnPost) */
GPtrArray *
bn_session_list_posts (BnSession  *self,
                       const char *kind)
{
  return bn_store_list_posts (bn_home_get_store (self->home), my_key (self), kind, NULL);
}

/* Returns: (transfer full) (element-type BnProfile) */
GPtrArray *
bn_session_list_profiles (BnSession *self)
{
  return bn_store_list_profiles (bn_home_get_store (self->home), my_key (self));
}

/* Returns: (transfer full) (nullable) */
BnProfile *
bn_session_get_profile (BnSession  *self,
                        const char *peer_id)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autoptr(BnProfile) mine = NULL;
  BnProfile *profile;

  if (peer_id == NULL || !bn_peer_id_to_key (peer_id, key))
    return NULL;
  profile = bn_store_get_profile (bn_home_get_store (self->home), key);
  if (profile == NULL)
    return NULL;
  mine = bn_session_get_my_profile (self);
  profile->proximity = bn_proximity_between (mine, profile);
  return profile;
}

/* Returns: (transfer full) (nullable) */
BnProfile *
bn_session_get_my_profile (BnSession *self)
{
  return bn_home_get_my_profile (self->home);
}

/* Whether my own profile says I am one of the neighbourhood's connectors. */
gboolean
bn_session_is_connector (BnSession *self)
{
  g_autoptr(BnProfile) mine = bn_session_get_my_profile (self);
  return mine != NULL && mine->connector;
}

/* Returns: (transfer full) (element-type BnCategoryStats) */
GPtrArray *
bn_session_list_category_stats (BnSession *self,
                                gint64     now_ms)
{
  return bn_store_list_category_stats (bn_home_get_store (self->home), now_ms);
}

/* Returns: (transfer full) (element-type BnWaitingRequest) */
GPtrArray *
bn_session_list_waiting_requests (BnSession *self,
                                  gint64     now_ms)
{
  return bn_store_list_waiting_requests (bn_home_get_store (self->home), my_key (self), now_ms);
}

/* Returns: (transfer full) (nullable): the post, or %NULL if gone */
BnPost *
bn_session_get_post (BnSession  *self,
                     const char *post_id)
{
  guint8 id[BN_HASH_LEN];

  if (post_id == NULL || !bn_hex_decode (post_id, id, BN_HASH_LEN))
    return NULL;
  return bn_store_get_post (bn_home_get_store (self->home), my_key (self), id);
}

static GPtrArray *
empty_notes (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_note_free);
}

/* Returns: (transfer full) (element-type BnNote) */
GPtrArray *
bn_session_list_replies (BnSession  *self,
                         const char *post_id)
{
  guint8 id[BN_HASH_LEN];

  if (post_id == NULL || !bn_hex_decode (post_id, id, BN_HASH_LEN))
    return empty_notes ();
  return bn_store_list_replies (bn_home_get_store (self->home), id);
}

/* Returns: (transfer full) (element-type BnNote) */
GPtrArray *
bn_session_list_thanks (BnSession  *self,
                        const char *post_id)
{
  guint8 id[BN_HASH_LEN];

  if (post_id == NULL || !bn_hex_decode (post_id, id, BN_HASH_LEN))
    return empty_notes ();
  return bn_store_list_thanks (bn_home_get_store (self->home), id);
}
