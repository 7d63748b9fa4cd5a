/* bn-sync-node-join.c — a node whose data directory waits to join (a code was
 * given, no welcome yet): it asks every peer it can find to admit it, and runs
 * as a member once one does (docs/protocol.md §10)
 *
 * Candidates are the addresses given by hand (serve --peer, "Add a neighbour by
 * address") and every Buurtnet peer on the local network: a newcomer cannot tell
 * its neighbourhood's tag yet, and a peer of another neighbourhood answers 404.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-node-private.h"
#include "bn-join.h"

#include <glib/gi18n-lib.h>

/* Ask the candidates again this often: a member's peer may not know the invite
 * yet, or may only now come online. */
#define JOIN_RETRY_SECONDS 3

static void ask_all (BnSyncNode *self);

static void
finish_joining (BnSyncNode *self)
{
  self->joining = FALSE;
  g_clear_handle_id (&self->join_tick_id, g_source_remove);
  g_cancellable_cancel (self->join_cancellable);
  g_clear_object (&self->join_cancellable);
  if (self->discovery != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->discovery, self);
      bn_discovery_stop (self->discovery);
      g_clear_object (&self->discovery);
    }
  g_hash_table_remove_all (self->join_candidates);
}

typedef struct
{
  BnSyncNode *node;
  char       *address;
} Asking;

static void
asking_free (Asking *asking)
{
  _bn_sync_node_release (asking->node);
  g_free (asking->address);
  g_free (asking);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Asking, asking_free)

static void
ask_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Asking) asking = user_data;
  BnSyncNode *self = asking->node;
  const char *address = asking->address;
  g_autoptr(GError) error = NULL;
  BnJoinOutcome outcome = bn_join_ask_finish (result, &error);

  if (!self->joining)
    return;
  g_hash_table_replace (self->join_candidates, g_strdup (address), GINT_TO_POINTER (FALSE));
  if (outcome == BN_JOIN_OUTCOME_JOINED)
    {
      g_autoptr(GError) start_error = NULL;
      guint16 port = self->join_port;
      gboolean use_mdns = self->use_mdns;

      g_message ("Joined the neighbourhood “%s” through %s",
                 bn_home_get_hood (self->home)->name, address);
      finish_joining (self);
      /* The database threads opened the directory before it had a
       * neighbourhood: new ones open it with its keys. */
      _bn_sync_node_drop_workers (self);
      /* The neighbour who admitted us is the first to sync with. */
      _bn_sync_node_peers_ensure (self, address, BN_PEER_SOURCE_MANUAL);
      if (!bn_sync_node_start (self, port, use_mdns, &start_error))
        g_message ("Joined, but could not start syncing: %s", start_error->message);
      /* After the start: whoever hears it finds the node listening (its port). */
      g_signal_emit_by_name (self, "joined");
      return;
    }
  if (outcome == BN_JOIN_OUTCOME_CLOSED)
    {
      g_message ("%s: %s", address, error->message);
      finish_joining (self);
      g_signal_emit_by_name (self, "join-failed", error->message);
    }
}

static void
ask (BnSyncNode *self, const char *address)
{
  if (GPOINTER_TO_INT (g_hash_table_lookup (self->join_candidates, address)))
    return;   /* asked already, no answer yet */
  Asking *asking = g_new0 (Asking, 1);

  /* A copy first: replacing the entry frees the key @address may point to. */
  _bn_sync_node_hold (self);
  asking->node = self;
  asking->address = g_strdup (address);
  g_hash_table_replace (self->join_candidates, g_strdup (asking->address), GINT_TO_POINTER (TRUE));
  bn_join_ask_async (self->home, self->http, asking->address, self->join_cancellable, ask_done,
                     asking);
}

static void
ask_all (BnSyncNode *self)
{
  g_autoptr(GList) addresses = g_hash_table_get_keys (self->join_candidates);

  for (GList *l = addresses; l != NULL; l = l->next)
    ask (self, l->data);
}

static gboolean
join_tick (gpointer user_data)
{
  ask_all (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_found (BnDiscovery *discovery, const char *address, guint unused, BnSyncNode *self)
{
  if (!g_hash_table_contains (self->join_candidates, address))
    g_hash_table_insert (self->join_candidates, g_strdup (address), GINT_TO_POINTER (FALSE));
  ask (self, address);
}

/* Addresses given by hand: this run's, and those remembered in the store. */
static void
add_manual_candidates (BnSyncNode *self)
{
  g_autoptr(GPtrArray) records = bn_store_list_peers (bn_home_get_store (self->home));
  GHashTableIter iter;
  gpointer address;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, &address, NULL))
    if (!g_hash_table_contains (self->join_candidates, address))
      g_hash_table_insert (self->join_candidates, g_strdup (address), GINT_TO_POINTER (FALSE));

  for (guint i = 0; i < records->len; i++)
    {
      const BnPeerRecord *record = g_ptr_array_index (records, i);
      if (record->source == BN_PEER_SOURCE_MANUAL
          && !g_hash_table_contains (self->join_candidates, record->address))
        g_hash_table_insert (self->join_candidates, g_strdup (record->address), GINT_TO_POINTER (FALSE));
    }
}

/* Starts asking; bn_sync_node_start() calls it for a data directory that waits
 * to join. */
void
_bn_sync_node_join_start (BnSyncNode *self,
                          guint16     port,
                          gboolean    use_mdns)
{
  g_autoptr(GPtrArray) no_keys = g_ptr_array_new ();

  _bn_sync_node_ensure_http (self);
  self->joining = TRUE;
  self->join_port = port;
  self->use_mdns = use_mdns;
  self->join_cancellable = g_cancellable_new ();
  add_manual_candidates (self);
  if (use_mdns)
    {
      self->discovery = bn_discovery_new (no_keys);
      g_signal_connect (self->discovery, "found", G_CALLBACK (on_found), self);
      bn_discovery_start (self->discovery, 0);
    }
  self->join_tick_id = g_timeout_add_seconds (JOIN_RETRY_SECONDS, join_tick, self);
  ask_all (self);
}

/* A neighbour's address given by hand while joining: asked at once. */
void
_bn_sync_node_join_add (BnSyncNode *self,
                        const char *address)
{
  if (!g_hash_table_contains (self->join_candidates, address))
    g_hash_table_insert (self->join_candidates, g_strdup (address), GINT_TO_POINTER (FALSE));
  ask (self, address);
}

void
_bn_sync_node_join_stop (BnSyncNode *self)
{
  if (self->joining)
    finish_joining (self);
}

static void
join_once_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  BnJoinOutcome outcome = bn_join_ask_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (outcome == BN_JOIN_OUTCOME_JOINED)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED, "%s",
                             _("This neighbour’s computer could not let you in (it does not "
                               "know your invite code yet, or could not be reached); try again "
                               "later or with the neighbour who invited you"));
}

/**
 * bn_sync_node_join_async:
 * @address: `host:port` of a member's peer
 *
 * For a data directory that waits to join: asks the peer at @address to admit
 * it, once (`buurtnet-cli sync` does this before syncing).
 */
void
bn_sync_node_join_async (BnSyncNode          *self,
                         const char          *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bn_sync_node_join_async);
  _bn_sync_node_ensure_http (self);
  bn_join_ask_async (self->home, self->http, address, cancellable, join_once_done, task);
}

gboolean
bn_sync_node_join_finish (BnSyncNode    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bn_sync_node_is_joining (BnSyncNode *self)
{
  return self->joining;
}
