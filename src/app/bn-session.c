/* bn-session.c — life cycle, properties, the peer, and noticing changes; the
 * list models are in bn-session-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-session-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (BnSession, bn_session, G_TYPE_OBJECT)

static GParamSpec *properties[BN_SESSION_N_PROPS];

enum { CHANGED, JOIN_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
_bn_session_notify (BnSession         *self,
                    BnSessionProperty  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * bn_session_refresh:
 *
 * Brings the models up to date with the store, if it changed since the last
 * refresh. Each model changes only where the store did; properties notify
 * only when their value changed.
 *
 * Returns: whether the store had changed
 */
gboolean
bn_session_refresh (BnSession *self)
{
  guint64 version = bn_store_data_version (bn_home_get_store (self->home));
  gboolean hinted = g_atomic_int_compare_and_exchange (&self->stale, 1, 0);

  if (!hinted && version == self->data_version)
    return FALSE;
  self->data_version = version;
  _bn_session_reload (self);
  return TRUE;
}

/* The store changed: the next refresh reads it again. Any thread. */
void
_bn_session_mark_stale (BnSession *self)
{
  g_atomic_int_set (&self->stale, 1);
}

/* Something was stored through this process's own connection to the store
 * (bn_home_* on the session's home: the tests, and data written before the
 * session took over). data_version counts only other connections' commits, so
 * the next refresh needs to be told. Any thread: it only marks. */
static void
on_entries_added (BnStore   *store,
                  GPtrArray *entries,
                  BnSession *self)
{
  _bn_session_mark_stale (self);
}

/* The one notification of changes in this process (the node's): coalesced,
 * on the main context, whoever wrote. */
static void
on_store_changed (BnSession *self)
{
  _bn_session_mark_stale (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The default handler of ::changed: the models are fresh before anyone hears. */
static void
bn_session_real_changed (BnSession *self)
{
  bn_session_refresh (self);
}

/* The sync node's state, mirrored so widgets need not know whether it runs;
 * each property notifies only when its value changed. */
static void
sync_node_state (BnSession *self)
{
  BnSyncNode *node = self->node;
  gboolean sharing = node != NULL && bn_sync_node_is_running (node);
  guint port = node != NULL ? bn_sync_node_get_port (node) : 0;
  BnAvahiState avahi = node != NULL ? bn_sync_node_get_avahi_state (node) : BN_AVAHI_STATE_DISABLED;
  gint64 last_sync = node != NULL ? bn_sync_node_get_last_sync (node) : 0;
  guint n_online = node != NULL ? bn_sync_node_get_n_online (node) : 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->sharing != sharing)
    {
      self->sharing = sharing;
      _bn_session_notify (self, BN_SESSION_PROP_SHARING);
    }
  if (self->port != port)
    {
      self->port = port;
      _bn_session_notify (self, BN_SESSION_PROP_PORT);
    }
  if (self->avahi_state != avahi)
    {
      self->avahi_state = avahi;
      _bn_session_notify (self, BN_SESSION_PROP_AVAHI_STATE);
    }
  if (self->last_sync != last_sync)
    {
      self->last_sync = last_sync;
      _bn_session_notify (self, BN_SESSION_PROP_LAST_SYNC);
    }
  if (self->n_online != n_online)
    {
      self->n_online = n_online;
      _bn_session_update_online (self);
      _bn_session_notify (self, BN_SESSION_PROP_N_ONLINE);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
add_peers (BnSession *self)
{
  for (guint i = 0; self->peer_addresses != NULL && self->peer_addresses[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      if (!bn_sync_node_add_peer (self->node, self->peer_addresses[i], &error))
        g_warning ("Could not add the neighbour at %s: %s", self->peer_addresses[i],
                   error->message);
    }
}

static void
set_joining (BnSession *self, gboolean joining)
{
  if (self->joining == joining)
    return;
  self->joining = joining;
  _bn_session_notify (self, BN_SESSION_PROP_JOINING);
}

/* A code was given and no welcome came yet (bn_home_join_hood()). */
static gboolean
waits_to_join (BnSession *self)
{
  g_autoptr(GBytes) request = bn_home_get_join_request (self->home);

  return request != NULL;
}

/* Starts the peer once it is wanted and there is a neighbourhood to share,
 * or a code to join one with: then the node first asks the neighbours' peers
 * it finds to let us in (::joined or ::join-failed tell how it went). */
static void
maybe_start_peer (BnSession *self)
{
  g_autoptr(GError) error = NULL;
  guint16 port = self->peer_port >= 0 ? (guint16) self->peer_port : BN_SYNC_DEFAULT_PORT;

  if (!self->peer_wanted || bn_sync_node_is_running (self->node)
      || bn_sync_node_is_joining (self->node))
    return;
  if (!bn_session_has_hood (self) && !waits_to_join (self))
    return;
  if (!bn_sync_node_start (self->node, port, self->use_mdns, &error))
    {
      /* The app stays useful without the network: say so in the log, and the
       * header shows that nothing is being shared. */
      g_warning ("Could not start sharing with neighbours: %s", error->message);
      return;
    }
  add_peers (self);
  set_joining (self, bn_sync_node_is_joining (self->node));
  sync_node_state (self);
}

/* After bn_home_join_hood() stored a request: ask the neighbours now. */
void
_bn_session_start_joining (BnSession *self)
{
  maybe_start_peer (self);
}

/* A neighbour's peer let us in: the node adopted the neighbourhood on this
 * session's home and runs as a member (it starts itself right after
 * ::joined, hence the idle). The models follow. */
static gboolean
follow_join (gpointer data)
{
  BnSession *self = data;

  set_joining (self, FALSE);
  if (bn_sync_node_is_running (self->node))
    /* The addresses given by hand were asked to let us in; now they are peers. */
    add_peers (self);
  _bn_session_mark_stale (self);
  bn_session_refresh (self);
  sync_node_state (self);
  return G_SOURCE_REMOVE;
}

static void
on_node_joined (BnSession *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, follow_join, g_object_ref (self), g_object_unref);
}

static void
on_node_join_failed (BnSession  *self,
                     const char *message)
{
  set_joining (self, FALSE);
  g_signal_emit (self, signals[JOIN_FAILED], 0, message);
}

/**
 * bn_session_stop_joining:
 *
 * Stops asking the neighbours' peers to let us in (the person wants to type
 * another code). A new bn_session_join_hood_async() starts again.
 */
void
bn_session_stop_joining (BnSession *self)
{
  if (!bn_sync_node_is_joining (self->node))
    return;
  bn_sync_node_stop (self->node);
  set_joining (self, FALSE);
  sync_node_state (self);
}

static void
on_has_hood (BnSession *self)
{
  maybe_start_peer (self);
}

/**
 * bn_session_start_peer:
 * @port: the port to listen on, 0 for any free one, -1 for the default
 * @use_mdns: find neighbours on the local network with Avahi
 * @peers: (nullable): addresses ("host:port") to sync with as well
 *
 * Runs this neighbour's peer, the same one `buurtnet-cli serve` runs, as soon
 * as there is a neighbourhood: now, or once one is created or joined. When it
 * cannot start, the app goes on without sharing and says so in the log.
 */
void
bn_session_start_peer (BnSession         *self,
                       int                port,
                       gboolean           use_mdns,
                       const char *const *peers)
{
  self->peer_wanted = TRUE;
  self->peer_port = port;
  self->use_mdns = use_mdns;
  g_strfreev (self->peer_addresses);
  self->peer_addresses = g_strdupv ((char **) peers);
  maybe_start_peer (self);
}

void
bn_session_stop_peer (BnSession *self)
{
  self->peer_wanted = FALSE;
  if (self->node != NULL)
    bn_sync_node_stop (self->node);
}

/**
 * bn_session_add_peer:
 * @address: "host:port"
 *
 * Remembers a neighbour's address and connects to it now.
 */
gboolean
bn_session_add_peer (BnSession   *self,
                     const char  *address,
                     GError     **error)
{
  return bn_sync_node_add_peer (self->node, address, error);
}

static void
bn_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BnSession *self = BN_SESSION (object);

  switch ((BnSessionProperty) prop_id)
    {
    case BN_SESSION_PROP_HOME:
      g_value_set_object (value, self->home);
      break;
    case BN_SESSION_PROP_SYNC_NODE:
      g_value_set_object (value, self->node);
      break;
    case BN_SESSION_PROP_PEER_ID:
      g_value_set_string (value, self->peer_id);
      break;
    case BN_SESSION_PROP_HOOD_NAME:
      g_value_set_string (value, bn_session_get_hood_name (self));
      break;
    case BN_SESSION_PROP_HAS_HOOD:
      g_value_set_boolean (value, self->has_hood);
      break;
    case BN_SESSION_PROP_JOINING:
      g_value_set_boolean (value, self->joining);
      break;
    case BN_SESSION_PROP_STANDING:
      g_value_set_uint (value, self->standing);
      break;
    case BN_SESSION_PROP_IS_CONNECTOR:
      g_value_set_boolean (value, self->is_connector);
      break;
    case BN_SESSION_PROP_MY_PROFILE:
      g_value_set_object (value, self->my_profile);
      break;
    case BN_SESSION_PROP_SHARING:
      g_value_set_boolean (value, self->sharing);
      break;
    case BN_SESSION_PROP_N_ONLINE:
      g_value_set_uint (value, self->n_online);
      break;
    case BN_SESSION_PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case BN_SESSION_PROP_AVAHI_STATE:
      g_value_set_enum (value, self->avahi_state);
      break;
    case BN_SESSION_PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case BN_SESSION_PROP_PEERS:
      g_value_set_object (value, bn_session_get_peers (self));
      break;
    case BN_SESSION_PROP_NOW:
      g_value_set_int64 (value, self->now_ms);
      break;
    case BN_SESSION_PROP_POSTS:
      g_value_set_object (value, self->posts);
      break;
    case BN_SESSION_PROP_REQUESTS:
      g_value_set_object (value, self->requests);
      break;
    case BN_SESSION_PROP_OFFERS:
      g_value_set_object (value, self->offers);
      break;
    case BN_SESSION_PROP_NEIGHBOURS:
      g_value_set_object (value, self->neighbours);
      break;
    case BN_SESSION_PROP_WAITING_REQUESTS:
      g_value_set_object (value, self->waiting);
      break;
    case BN_SESSION_PROP_CATEGORY_STATS:
      g_value_set_object (value, self->stats);
      break;
    case BN_SESSION_PROP_LOADING:
      g_value_set_boolean (value, bn_session_is_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The home and the node that shares it go together: a new home (see
 * _bn_session_reopen_home_async()) gets a new node. */
static void
set_home (BnSession *self, BnHome *home)
{
  BnStore *store = bn_home_get_store (home);

  if (self->node != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->node, self);
      bn_sync_node_stop (self->node);
      g_clear_object (&self->node);
    }
  if (self->home != NULL)
    g_signal_handlers_disconnect_by_data (bn_home_get_store (self->home), self);
  g_set_object (&self->home, home);
  g_free (self->peer_id);
  self->peer_id = bn_home_dup_peer_id (home);
  self->data_version = bn_store_data_version (store);
  g_signal_connect_object (store, "entries-added", G_CALLBACK (on_entries_added), self, 0);

  self->node = bn_sync_node_new (home);
  g_signal_connect_object (self->node, "notify", G_CALLBACK (sync_node_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->node, "store-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->node, "joined", G_CALLBACK (on_node_joined), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->node, "join-failed", G_CALLBACK (on_node_join_failed), self,
                           G_CONNECT_SWAPPED);
}

static void
reopen_thread (GTask        *task,
               gpointer      source,
               gpointer      data_dir,
               GCancellable *cancellable)
{
  GError *error = NULL;
  BnHome *home = bn_home_open (data_dir, FALSE, &error);

  if (home == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, home, g_object_unref);
}

/*
 * _bn_session_reopen_home_async:
 *
 * Opens the data directory again, after a neighbourhood was created or joined
 * on the writer's own home: this home read none when it opened. The session
 * then reads through the new home, and shares it with a new node. Opening
 * tidies the store (expired posts), so it happens on a thread of its own.
 */
void
_bn_session_reopen_home_async (BnSession           *self,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, _bn_session_reopen_home_async);
  g_task_set_task_data (task, g_strdup (bn_home_get_data_dir (self->home)), g_free);
  g_task_run_in_thread (task, reopen_thread);
}

gboolean
_bn_session_reopen_home_finish (BnSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(BnHome) home = g_task_propagate_pointer (G_TASK (result), error);

  if (home == NULL)
    return FALSE;
  set_home (self, home);
  _bn_session_mark_stale (self);
  g_object_freeze_notify (G_OBJECT (self));
  _bn_session_notify (self, BN_SESSION_PROP_HOME);
  _bn_session_notify (self, BN_SESSION_PROP_SYNC_NODE);
  _bn_session_notify (self, BN_SESSION_PROP_PEERS);
  sync_node_state (self);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

static void
bn_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BnSession *self = BN_SESSION (object);

  switch ((BnSessionProperty) prop_id)
    {
    case BN_SESSION_PROP_HOME:
      set_home (self, g_value_get_object (value));
      break;
    case BN_SESSION_PROP_NOW:
      bn_session_set_now (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_session_constructed (GObject *object)
{
  BnSession *self = BN_SESSION (object);

  G_OBJECT_CLASS (bn_session_parent_class)->constructed (object);

  g_return_if_fail (self->home != NULL);
  g_signal_connect (self, "notify::has-hood", G_CALLBACK (on_has_hood), NULL);
  _bn_session_load (self);
}

static void
bn_session_dispose (GObject *object)
{
  BnSession *self = BN_SESSION (object);

  if (self->node != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->node, self);
      bn_sync_node_stop (self->node);
      g_clear_object (&self->node);
    }
  _bn_session_models_clear (self);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (bn_session_parent_class)->dispose (object);
}

static void
bn_session_finalize (GObject *object)
{
  BnSession *self = BN_SESSION (object);

  g_clear_pointer (&self->peer_id, g_free);
  g_clear_pointer (&self->standing_reason, g_free);
  g_clear_pointer (&self->peer_addresses, g_strfreev);
  g_clear_pointer (&self->online, g_strfreev);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (bn_session_parent_class)->finalize (object);
}

static GParamSpec *
model_property (const char *name)
{
  return g_param_spec_object (name, NULL, NULL, G_TYPE_LIST_MODEL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
bn_session_class_init (BnSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = bn_session_get_property;
  object_class->set_property = bn_session_set_property;
  object_class->constructed = bn_session_constructed;
  object_class->dispose = bn_session_dispose;
  object_class->finalize = bn_session_finalize;

  properties[BN_SESSION_PROP_HOME] =
    g_param_spec_object ("home", NULL, NULL, BN_TYPE_HOME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[BN_SESSION_PROP_SYNC_NODE] =
    g_param_spec_object ("sync-node", NULL, NULL, BN_TYPE_SYNC_NODE, flags);
  properties[BN_SESSION_PROP_PEER_ID] = g_param_spec_string ("peer-id", NULL, NULL, NULL, flags);
  properties[BN_SESSION_PROP_HOOD_NAME] =
    g_param_spec_string ("hood-name", NULL, NULL, NULL, flags);
  properties[BN_SESSION_PROP_HAS_HOOD] =
    g_param_spec_boolean ("has-hood", NULL, NULL, FALSE, flags);
  properties[BN_SESSION_PROP_JOINING] =
    g_param_spec_boolean ("joining", NULL, NULL, FALSE, flags);
  properties[BN_SESSION_PROP_STANDING] =
    g_param_spec_uint ("standing", NULL, NULL, BN_MEMBER_UNKNOWN, BN_MEMBER_REPLACED,
                       BN_MEMBER_UNKNOWN, flags);
  properties[BN_SESSION_PROP_IS_CONNECTOR] =
    g_param_spec_boolean ("is-connector", NULL, NULL, FALSE, flags);
  properties[BN_SESSION_PROP_MY_PROFILE] =
    g_param_spec_object ("my-profile", NULL, NULL, BN_TYPE_PROFILE_ITEM, flags);
  properties[BN_SESSION_PROP_SHARING] =
    g_param_spec_boolean ("sharing", NULL, NULL, FALSE, flags);
  properties[BN_SESSION_PROP_N_ONLINE] =
    g_param_spec_uint ("n-online", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[BN_SESSION_PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[BN_SESSION_PROP_AVAHI_STATE] =
    g_param_spec_enum ("avahi-state", NULL, NULL, BN_TYPE_AVAHI_STATE, BN_AVAHI_STATE_DISABLED,
                       flags);
  properties[BN_SESSION_PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[BN_SESSION_PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[BN_SESSION_PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[BN_SESSION_PROP_POSTS] = model_property ("posts");
  properties[BN_SESSION_PROP_REQUESTS] = model_property ("requests");
  properties[BN_SESSION_PROP_OFFERS] = model_property ("offers");
  properties[BN_SESSION_PROP_NEIGHBOURS] = model_property ("neighbours");
  properties[BN_SESSION_PROP_WAITING_REQUESTS] = model_property ("waiting-requests");
  properties[BN_SESSION_PROP_CATEGORY_STATS] = model_property ("category-stats");
  /* The first screen's posts are in the models, the others still coming. */
  properties[BN_SESSION_PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, BN_SESSION_N_PROPS, properties);

  /**
   * BnSession::changed:
   *
   * The store changed. Always on the main thread; the default handler
   * refreshes the models first, so handlers see them up to date.
   */
  signals[CHANGED] =
    g_signal_new_class_handler ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_FIRST,
                                G_CALLBACK (bn_session_real_changed),
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BnSession::join-failed:
   * @message: why, in words the person can act on
   *
   * The invite code being joined with admits no one (used, expired, withdrawn,
   * or the neighbourhood's key was renewed). The session no longer asks.
   */
  signals[JOIN_FAILED] =
    g_signal_new ("join-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bn_session_init (BnSession *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->peer_port = -1;
  self->avahi_state = BN_AVAHI_STATE_DISABLED;
  _bn_session_models_init (self);
}

/* Returns: (transfer full) */
BnSession *
bn_session_new (BnHome *home)
{
  return g_object_new (BN_TYPE_SESSION, "home", home, NULL);
}

BnHome *
bn_session_get_home (BnSession *self)
{
  return self->home;
}

/* Returns: (transfer none): the peer that shares this data directory, running
 *   or not; its writer runs the session's writes */
BnSyncNode *
bn_session_get_sync_node (BnSession *self)
{
  return self->node;
}

const char *
bn_session_get_peer_id (BnSession *self)
{
  return self->peer_id;
}

/* Read from the home, so it holds right after the welcome pages created or
 * joined a neighbourhood; the property notifies at the next refresh. */
gboolean
bn_session_has_hood (BnSession *self)
{
  return self->home != NULL && bn_home_get_hood (self->home) != NULL;
}

/* Returns: (nullable) */
const char *
bn_session_get_hood_name (BnSession *self)
{
  const BnHood *hood = self->home != NULL ? bn_home_get_hood (self->home) : NULL;
  return hood ? hood->name : NULL;
}

/* Whether the roster names me one of the neighbourhood's connectors. */
gboolean
bn_session_is_connector (BnSession *self)
{
  return self->is_connector;
}

/* Whether the peer is asking the neighbours' peers to let us in. */
gboolean
bn_session_is_joining (BnSession *self)
{
  return self->joining;
}

/**
 * bn_session_get_standing:
 * @reason: (out) (optional) (transfer none): the reason a connector gave when
 *   removing me (left, moved, lost-device, conduct), or %NULL
 *
 * Returns: my place on my own roster, as of the last refresh
 */
BnMemberStatus
bn_session_get_standing (BnSession   *self,
                         const char **reason)
{
  if (reason != NULL)
    *reason = self->standing_reason;
  return self->standing;
}

/* Returns: (transfer full) (element-type BnProfile): the connectors, read now */
GPtrArray *
bn_session_list_connectors (BnSession *self)
{
  if (!bn_session_has_hood (self))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_profile_free);
  return bn_store_list_connectors (bn_home_get_store (self->home));
}

/**
 * bn_session_lookup_invite:
 * @code: an invite code made here
 *
 * Returns: (transfer full) (nullable): how long it is valid and for how many
 *   neighbours, read now; %NULL when the roster does not know it
 */
BnInviteInfo *
bn_session_lookup_invite (BnSession  *self,
                          const char *code)
{
  g_autoptr(BnInviteCode) parsed = bn_invite_code_parse (code, NULL);
  g_autoptr(GPtrArray) invites = NULL;
  g_autofree char *id = NULL;

  if (parsed == NULL || !bn_session_has_hood (self))
    return NULL;
  id = bn_hex_encode (parsed->invite_id, BN_INVITE_ID_LEN);
  invites = bn_store_list_invites (bn_home_get_store (self->home), g_get_real_time () / 1000);
  for (guint i = 0; i < invites->len; i++)
    if (g_str_equal (((BnInviteInfo *) g_ptr_array_index (invites, i))->id, id))
      return g_ptr_array_steal_index (invites, i);
  return NULL;
}

/* Returns: (transfer none) (nullable): my profile as the models show it */
BnProfileItem *
bn_session_get_my_profile_item (BnSession *self)
{
  return self->my_profile;
}

/* Returns: (transfer full) (nullable): my profile, read from the store now */
BnProfile *
bn_session_get_my_profile (BnSession *self)
{
  return bn_home_get_my_profile (self->home);
}

gboolean
bn_session_is_sharing (BnSession *self)
{
  return self->sharing;
}

guint
bn_session_get_n_online (BnSession *self)
{
  return self->n_online;
}

/* µs since the epoch of the last sync with anyone; 0 for never */
gint64
bn_session_get_last_sync (BnSession *self)
{
  return self->last_sync;
}

BnAvahiState
bn_session_get_avahi_state (BnSession *self)
{
  return self->avahi_state;
}

guint
bn_session_get_port (BnSession *self)
{
  return self->port;
}

/* Returns: (transfer none): BnPeer, the neighbours’ machines the peer knows */
GListModel *
bn_session_get_peers (BnSession *self)
{
  return bn_sync_node_get_peers (self->node);
}

/* The time ages are counted from (ms since the epoch). */
gint64
bn_session_get_now (BnSession *self)
{
  return self->now_ms != 0 ? self->now_ms : g_get_real_time () / 1000;
}

/**
 * bn_session_set_now:
 * @now_ms: a fixed time to count ages from, or 0 for the clock's
 *
 * For tests and screenshots: "waiting for 3 days" without waiting three days.
 */
void
bn_session_set_now (BnSession *self,
                    gint64     now_ms)
{
  if (self->now_ms == now_ms)
    return;
  self->now_ms = now_ms;
  bn_session_update_figures (self);
  _bn_session_notify (self, BN_SESSION_PROP_NOW);
}

static const guint8 *
my_key (BnSession *self)
{
  return bn_home_get_identity (self->home)->public_key;
}

/* Returns: (transfer full) (nullable): the post, read from the store now, or %NULL if gone */
BnPost *
bn_session_get_post (BnSession  *self,
                     const char *post_id)
{
  guint8 id[BN_HASH_LEN];

  if (post_id == NULL || !bn_hex_decode (post_id, id, BN_HASH_LEN))
    return NULL;
  return bn_store_get_post (bn_home_get_store (self->home), my_key (self), id);
}

/* Returns: (transfer full) (element-type BnPost): the posts of @kind (or all),
 *   read from the store now */
GPtrArray *
bn_session_list_posts (BnSession  *self,
                       const char *kind)
{
  return bn_store_list_posts (bn_home_get_store (self->home), my_key (self), kind, NULL);
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
