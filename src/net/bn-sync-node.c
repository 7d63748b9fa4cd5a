/* bn-sync-node.c — one running peer: life cycle, properties, signals and the
 * public API, and the one place its worker threads and HTTP client are made
 *
 * Noticing changes to the store is in bn-sync-node-watch.c, forwarding new entries
 * in bn-sync-node-forward.c, the peer manager in bn-sync-node-peers.c and its live
 * links in bn-sync-node-links.c; bn-sync-node-private.h says who calls what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-node-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (BnSyncNode, bn_sync_node, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (BnAvahiState, bn_avahi_state,
                    G_DEFINE_ENUM_VALUE (BN_AVAHI_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (BN_AVAHI_STATE_NOT_RUNNING, "not-running"),
                    G_DEFINE_ENUM_VALUE (BN_AVAHI_STATE_DISABLED, "disabled"))

enum {
  PROP_0,
  PROP_N_ONLINE,
  PROP_LAST_SYNC,
  PROP_AVAHI_STATE,
  PROP_PORT,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ENTRIES_RECEIVED,
  STORE_CHANGED,
  JOINED,
  JOIN_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bn_sync_node_dispose (GObject *object)
{
  BnSyncNode *self = BN_SYNC_NODE (object);

  bn_sync_node_stop (self);
  _bn_sync_node_watch_stop (self);
  g_clear_object (&self->writer);
  g_clear_object (&self->reader);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (bn_sync_node_parent_class)->dispose (object);
}

static void
bn_sync_node_finalize (GObject *object)
{
  BnSyncNode *self = BN_SYNC_NODE (object);

  g_clear_object (&self->peers);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->pending_links, g_ptr_array_unref);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_clear_pointer (&self->identities, g_hash_table_unref);
  g_clear_pointer (&self->join_candidates, g_hash_table_unref);
  g_clear_pointer (&self->stopping, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (bn_sync_node_parent_class)->finalize (object);
}

static void
bn_sync_node_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BnSyncNode *self = BN_SYNC_NODE (object);

  switch (prop_id)
    {
    case PROP_N_ONLINE:
      g_value_set_uint (value, self->n_online);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_AVAHI_STATE:
      g_value_set_enum (value, bn_sync_node_get_avahi_state (self));
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_sync_node_class_init (BnSyncNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = bn_sync_node_dispose;
  object_class->finalize = bn_sync_node_finalize;
  object_class->get_property = bn_sync_node_get_property;

  properties[PROP_N_ONLINE] = g_param_spec_uint ("n-online", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_AVAHI_STATE] = g_param_spec_enum ("avahi-state", NULL, NULL, BN_TYPE_AVAHI_STATE,
                                                    BN_AVAHI_STATE_DISABLED, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BnSyncNode::entries-received:
   * @entries: (element-type BnEntry): entries from neighbours, stored for the first time
   *
   * Emitted on the main loop after a batch from the network was stored.
   */
  signals[ENTRIES_RECEIVED] = g_signal_new ("entries-received", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /**
   * BnSyncNode::store-changed:
   *
   * The data directory's store changed, whoever wrote: this process (its home,
   * the node's writer thread, entries from neighbours) or another process on
   * the same directory. Always emitted on the thread-default main context of the
   * thread that made the node, coalesced (changes close together make one
   * emission), from bn_sync_node_new() on, whether or not the node runs.
   */
  signals[STORE_CHANGED] = g_signal_new ("store-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);

  /**
   * BnSyncNode::joined:
   *
   * A neighbour's peer admitted this newcomer (the data directory now belongs
   * to a neighbourhood); the node runs as a member from now on.
   */
  signals[JOINED] = g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BnSyncNode::join-failed:
   * @message: why, in words a person can act on
   *
   * The code admits no one any more (used, expired, withdrawn or renewed).
   */
  signals[JOIN_FAILED] = g_signal_new ("join-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bn_sync_node_init (BnSyncNode *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->peers = g_list_store_new (BN_TYPE_PEER);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) _bn_peer_state_free);
  self->pending_links = g_ptr_array_new_with_free_func (g_object_unref);
  self->announced = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify) g_bytes_unref, g_free);
  self->identities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->join_candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stopping = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * bn_sync_node_new:
 *
 * Returns: (transfer full): a node for @home, not yet started
 */
BnSyncNode *
bn_sync_node_new (BnHome *home)
{
  BnSyncNode *self = g_object_new (BN_TYPE_SYNC_NODE, NULL);

  self->home = g_object_ref (home);
  _bn_sync_node_watch_start (self);
  return self;
}

BnHome *
bn_sync_node_get_home (BnSyncNode *self)
{
  return self->home;
}

/* Entries from neighbours, stored for the first time. */
void
_bn_sync_node_emit_received (BnSyncNode *self,
                             GPtrArray  *added)
{
  if (added->len == 0)
    return;
  g_signal_emit (self, signals[ENTRIES_RECEIVED], 0, added);
  _bn_sync_node_store_changed (self);
}

/* The roster's upkeep (bn_home_tend_roster(): keys for members who lack them,
 * an upgraded neighbourhood's root) runs on the writer a moment after the
 * store changed, while the node runs: it writes only when there is upkeep. */
#define TEND_DELAY_MS 1500

static gpointer
tend_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_tend_roster (home, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
tend_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error) == NULL && error != NULL)
    g_message ("Could not look after the list of members: %s", error->message);
}

static gboolean
tend_roster (gpointer user_data)
{
  BnSyncNode *self = user_data;

  self->tend_id = 0;
  if (self->running && self->writer != NULL)
    bn_store_worker_run_async (self->writer, tend_job, NULL, NULL, NULL, NULL, tend_done, NULL);
  return G_SOURCE_REMOVE;
}

/* A removal or a renewal may have started a new key epoch: the mDNS tag follows. */
static void
refresh_discovery_keys (BnSyncNode *self)
{
  g_autoptr(GPtrArray) keys = NULL;

  if (self->discovery == NULL || self->joining)   /* a newcomer's search has no tag */
    return;
  keys = bn_home_list_discovery_keys (self->home);
  if (keys != NULL && keys->len > 0)
    bn_discovery_set_keys (self->discovery, keys);
}

void
_bn_sync_node_emit_store_changed (BnSyncNode *self)
{
  refresh_discovery_keys (self);
  if (self->running && self->tend_id == 0)
    self->tend_id = g_timeout_add (TEND_DELAY_MS, tend_roster, self);
  g_signal_emit (self, signals[STORE_CHANGED], 0);
}

/* A call out whose callback reaches into the node (calling a neighbour, a sync,
 * asking to join) holds it from the start of the call to the end of its
 * callback, whatever the outcome: the node and its peer states outlive every
 * callback, and bn_sync_node_stop_async() knows when the last one ran. */
void
_bn_sync_node_hold (BnSyncNode *self)
{
  g_object_ref (self);
  self->in_flight++;
}

void
_bn_sync_node_release (BnSyncNode *self)
{
  g_assert (self->in_flight > 0);
  if (--self->in_flight == 0)
    {
      g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->stopping);

      self->stopping = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < waiting->len; i++)
        g_task_return_boolean (g_ptr_array_index (waiting, i), TRUE);
    }
  g_object_unref (self);
}

/* For a node that just joined: the next start opens new database threads. */
void
_bn_sync_node_drop_workers (BnSyncNode *self)
{
  if (self->writer != NULL)
    g_signal_handlers_disconnect_by_data (self->writer, self);
  g_clear_object (&self->writer);
  g_clear_object (&self->reader);
}

static gboolean
resync_tick (gpointer user_data)
{
  _bn_sync_node_peers_resync_due (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_link_opened (BnSyncServer *server, BnLink *link, BnSyncNode *self)
{
  _bn_sync_node_links_incoming (self, link);
}

static void
on_pushed (BnSyncServer *server, gpointer outcome, const char *host, BnSyncNode *self)
{
  _bn_sync_node_links_pushed (self, outcome, host);
}

static void
on_avahi_state (BnDiscovery *discovery, GParamSpec *pspec, BnSyncNode *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAHI_STATE]);
}

static void
on_discovered (BnDiscovery *discovery, const char *address, BnSyncNode *self)
{
  BnPeerState *state = _bn_sync_node_peers_ensure (self, address, BN_PEER_SOURCE_MDNS);

  if (state != NULL)
    _bn_sync_node_peers_connect (state);
}

static void
start_discovery (BnSyncNode *self)
{
  g_autoptr(GPtrArray) keys = bn_home_list_discovery_keys (self->home);

  self->discovery = bn_discovery_new (keys);
  g_signal_connect (self->discovery, "notify::state", G_CALLBACK (on_avahi_state), self);
  g_signal_connect (self->discovery, "found", G_CALLBACK (on_discovered), self);
  bn_discovery_start (self->discovery, self->port);
}

/* The one place the node's database threads are made: the writer, the one thread
 * that writes this process's entries (and, with manual checkpoints, never waits
 * for a WAL checkpoint), and the reader for pull batches and the checkpoints. */
void
_bn_sync_node_ensure_workers (BnSyncNode *self)
{
  const char *data_dir = bn_home_get_data_dir (self->home);

  if (self->writer != NULL)
    return;
  self->writer = bn_store_worker_new (data_dir, "bn-sync-writer",
                                      BN_STORE_WORKER_MANUAL_CHECKPOINTS
                                      | BN_STORE_WORKER_BULK_WRITES);
  self->reader = bn_store_worker_new (data_dir, "bn-sync-reader", BN_STORE_WORKER_DEFAULT);
  _bn_sync_node_watch_writer (self);
}

/* The one place the node's HTTP client is made, for live links and sessions alike. */
void
_bn_sync_node_ensure_http (BnSyncNode *self)
{
  if (self->http != NULL)
    return;
  self->http = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 4,
                                              "timeout", 30, "idle-timeout", 60, NULL);
  /* Our bodies are sealed (incompressible): asking for gzip only costs header bytes. */
  soup_session_remove_feature_by_type (self->http, SOUP_TYPE_CONTENT_DECODER);
  /* Neighbours are called directly, never through a system HTTP proxy (one would not
   * reach a LAN address anyway). This also keeps GIO's default proxy resolver out:
   * no libproxy and dconf set-up (~40 ms) at the first call, no trip through its
   * thread for every connection. */
  soup_session_set_proxy_resolver (self->http, NULL);
}

/**
 * bn_sync_node_get_writer:
 *
 * The node's writer thread, made on first use (the node need not be running):
 * the one thread that writes this process's entries. Run a person's writes on
 * it with bn_store_worker_run_async(); what they store goes out to linked
 * neighbours when the job is done, as BnStoreWorker::entries-added says, and
 * ::store-changed follows. Its commits never checkpoint the WAL: the running
 * node does that once a second on its reader (what is written while the node
 * does not run is checkpointed once it runs, or when the process ends).
 *
 * Returns: (transfer none): the writer
 */
BnStoreWorker *
bn_sync_node_get_writer (BnSyncNode *self)
{
  _bn_sync_node_ensure_workers (self);
  return self->writer;
}

/**
 * bn_sync_node_start:
 * @port: the port to listen on (BN_SYNC_DEFAULT_PORT; 0 for any free port); when it
 *   is taken, any free port is used
 * @use_mdns: publish and browse with Avahi
 *
 * Starts serving, discovering and syncing on the thread-default main context.
 */
typedef struct
{
  guint16 asked;
  guint16 got;
} PortChoice;

static gpointer
remember_port_job (BnHome *home, gpointer data, GError **error)
{
  PortChoice *choice = data;

  return bn_sync_port_remember (bn_home_get_store (home), choice->asked, choice->got, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
remember_port_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error) == NULL)
    g_message ("Could not remember the port for next time: %s", error->message);
}

/* A port a neighbour wrote down by hand must still be right after a restart:
 * the one we fell back to is tried first next time (the writer stores it). */
static void
remember_port (BnSyncNode *self, guint16 asked, guint16 got)
{
  PortChoice *choice = g_new0 (PortChoice, 1);

  choice->asked = asked;
  choice->got = got;
  bn_store_worker_run_async (self->writer, remember_port_job, choice, g_free, NULL, NULL,
                             remember_port_done, NULL);
}

gboolean
bn_sync_node_start (BnSyncNode  *self,
                    guint16      port,
                    gboolean     use_mdns,
                    GError     **error)
{
  guint16 remembered;

  g_return_val_if_fail (!self->running, FALSE);
  if (bn_home_get_hood (self->home) == NULL)
    {
      g_autoptr(GBytes) request = bn_home_get_join_request (self->home);

      if (request != NULL && !self->joining)
        {
          /* A code was given: ask neighbours' peers to admit us, then run. */
          _bn_sync_node_join_start (self, port, use_mdns);
          return TRUE;
        }
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_NO_HOOD,
                   _("Join or create a neighbourhood before syncing with neighbours"));
      return FALSE;
    }
  _bn_sync_node_ensure_workers (self);
  self->server = bn_sync_server_new (self->home, self->writer, self->reader);
  remembered = bn_sync_port_remembered (bn_home_get_store (self->home), port);
  if (!bn_sync_server_listen (self->server, port, remembered, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  g_signal_connect (self->server, "link-opened", G_CALLBACK (on_link_opened), self);
  g_signal_connect (self->server, "entries-stored", G_CALLBACK (on_pushed), self);
  self->port = bn_sync_server_get_port (self->server);
  if (port != 0 && self->port != (remembered != 0 ? remembered : port))
    remember_port (self, port, self->port);
  _bn_sync_node_ensure_http (self);
  self->running = TRUE;
  self->use_mdns = use_mdns;

  _bn_sync_node_mark_all_announced (self);
  self->resync_id = g_timeout_add_seconds (5, resync_tick, self);
  _bn_sync_node_checkpoints_start (self);
  _bn_sync_node_peers_load (self);
  _bn_sync_node_peers_connect_all (self);
  if (use_mdns)
    start_discovery (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAHI_STATE]);
  return TRUE;
}

void
bn_sync_node_stop (BnSyncNode *self)
{
  _bn_sync_node_join_stop (self);
  g_clear_handle_id (&self->tend_id, g_source_remove);
  if (!self->running)
    return;
  self->running = FALSE;
  g_clear_handle_id (&self->resync_id, g_source_remove);
  _bn_sync_node_checkpoints_stop (self);
  if (self->discovery != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->discovery, self);
      bn_discovery_stop (self->discovery);
      g_clear_object (&self->discovery);
    }
  _bn_sync_node_peers_stop (self);
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      bn_sync_server_stop (self->server);
      g_clear_object (&self->server);
    }
  if (self->http != NULL)
    soup_session_abort (self->http);
  g_clear_object (&self->http);
  _bn_sync_node_update_n_online (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAHI_STATE]);
}

/**
 * bn_sync_node_stop_async:
 *
 * Stops the node as bn_sync_node_stop() does, then completes once every call it
 * had started (connections being opened, syncs, join requests) has seen its
 * cancellation through: nothing of the node's is left in flight, and a process
 * may exit cleanly. Runs on the node's main context.
 */
void
bn_sync_node_stop_async (BnSyncNode          *self,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, bn_sync_node_stop_async);
  bn_sync_node_stop (self);
  if (self->in_flight == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (self->stopping, task);
}

gboolean
bn_sync_node_stop_finish (BnSyncNode    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bn_sync_node_is_running (BnSyncNode *self)
{
  return self->running;
}

/**
 * bn_sync_node_add_peer:
 * @typed: "host:port", or an address without the port (7447 then)
 *
 * Remembers a neighbour's address (in the data directory) and, when running,
 * connects to it now.
 */
gboolean
bn_sync_node_add_peer (BnSyncNode  *self,
                       const char  *typed,
                       GError     **error)
{
  g_autofree char *address = bn_sync_address_normalize (typed, error);
  BnPeerState *state;

  if (address == NULL)
    return FALSE;
  if (self->joining)
    {
      _bn_sync_node_join_add (self, address);
      return TRUE;
    }
  state = _bn_sync_node_peers_ensure (self, address, BN_PEER_SOURCE_MANUAL);
  if (state != NULL && self->running)
    _bn_sync_node_peers_connect (state);
  return TRUE;
}

/**
 * bn_sync_node_get_peers:
 *
 * Returns: (transfer none): a list model of #BnPeer
 */
GListModel *
bn_sync_node_get_peers (BnSyncNode *self)
{
  return G_LIST_MODEL (self->peers);
}

guint
bn_sync_node_get_n_online (BnSyncNode *self)
{
  return self->n_online;
}

void
_bn_sync_node_update_n_online (BnSyncNode *self)
{
  guint n = 0, n_lan = 0;
  guint count = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BnPeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);
      BnPeerSource source = bn_peer_get_source (peer);

      n += bn_peer_get_online (peer) ? 1 : 0;
      n_lan += bn_peer_get_online (peer) && (source == BN_PEER_SOURCE_MDNS
                                             || source == BN_PEER_SOURCE_INCOMING) ? 1 : 0;
    }
  if (self->discovery != NULL)
    bn_discovery_set_n_linked (self->discovery, n_lan);
  if (n == self->n_online)
    return;
  self->n_online = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ONLINE]);
}

gint64
bn_sync_node_get_last_sync (BnSyncNode *self)
{
  return self->last_sync;
}

void
_bn_sync_node_set_last_sync (BnSyncNode *self,
                             gint64      when)
{
  if (self->last_sync == when)
    return;
  self->last_sync = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

BnAvahiState
bn_sync_node_get_avahi_state (BnSyncNode *self)
{
  if (!self->running || !self->use_mdns || self->discovery == NULL)
    return BN_AVAHI_STATE_DISABLED;
  return bn_discovery_get_state (self->discovery);
}

guint16
bn_sync_node_get_port (BnSyncNode *self)
{
  return self->port;
}

static void
sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  BnSyncNode *self = g_task_get_source_object (task);
  BnSyncStats stats = { 0 };
  GError *error = NULL;
  g_autofree char *peer_id = NULL;

  if (!bn_sync_session_run_finish (result, &stats, &peer_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Who answers there: next time we name them, and an in-sync check is a 304. */
  if (peer_id != NULL)
    {
      _bn_sync_node_peers_remember_identity (self, g_object_get_data (G_OBJECT (task), "bn-address"),
                                             peer_id);
      g_hash_table_replace (self->identities,
                            g_strdup (g_object_get_data (G_OBJECT (task), "bn-address")),
                            g_steal_pointer (&peer_id));
    }
  g_task_set_task_data (task, g_memdup2 (&stats, sizeof stats), g_free);
  g_task_return_boolean (task, TRUE);
}

/**
 * bn_sync_node_sync_async:
 * @typed: "host:port", or an address without the port (7447 then)
 *
 * One sync with the neighbour at @address: the in-sync check, then pull and push.
 * Works whether or not the node is running (it needs no server of its own).
 */
void
bn_sync_node_sync_async (BnSyncNode          *self,
                         const char          *typed,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  g_task_set_source_tag (task, bn_sync_node_sync_async);
  if (bn_home_get_hood (self->home) == NULL)
    {
      g_task_return_new_error (task, BN_NET_ERROR, BN_NET_ERROR_NO_HOOD,
                               _("Join or create a neighbourhood before syncing with neighbours"));
      g_object_unref (task);
      return;
    }
  if ((address = bn_sync_address_normalize (typed, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "bn-address", g_strdup (address), g_free);
  _bn_sync_node_peers_run_session (self, address, cancellable, sync_done, task);
}

gboolean
bn_sync_node_sync_finish (BnSyncNode    *self,
                          GAsyncResult  *result,
                          BnSyncStats   *stats,
                          GError       **error)
{
  BnSyncStats *got = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (stats != NULL && got != NULL)
    *stats = *got;
  return TRUE;
}
