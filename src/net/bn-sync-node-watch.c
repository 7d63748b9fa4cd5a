/* bn-sync-node-watch.c — the node's watch on its data directory: noticing every
 * change to the store, saying so once (::store-changed), handing new entries to
 * forwarding, and the WAL checkpoints that keep commits short
 *
 * A change is noticed three ways, from the node's creation to its disposal:
 * - this process's own connection (BnStore::entries-added of the home's store:
 *   posts made on the main thread), at once;
 * - the node's writer thread (BnStoreWorker::entries-added: a person's writes run
 *   there; insert jobs report through their own callbacks), at once;
 * - PRAGMA data_version, polled every BN_NODE_POLL_MS on the main connection:
 *   commits by any other connection, that is the node's worker threads (folds,
 *   batches from neighbours) and other processes on the same data directory (a
 *   CLI post or `peer add` while `serve` or the app runs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-node-private.h"

static gboolean
emit_store_changed (gpointer user_data)
{
  BnSyncNode *self = user_data;

  self->store_changed_id = 0;
  _bn_sync_node_emit_store_changed (self);
  return G_SOURCE_REMOVE;
}

/**
 * _bn_sync_node_store_changed:
 *
 * Queues one ::store-changed on the node's main context; calls made before it
 * runs are folded into it. Main context only.
 */
void
_bn_sync_node_store_changed (BnSyncNode *self)
{
  g_autoptr(GSource) source = NULL;

  if (self->store_changed_id != 0)
    return;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, emit_store_changed, self, NULL);
  g_source_set_static_name (source, "[buurtnet] store changed");
  self->store_changed_id = g_source_attach (source, self->context);
}

/* Posts made on the main thread, through the home's own connection. */
static void
on_store_added (BnStore *store, GPtrArray *entries, BnSyncNode *self)
{
  if (self->running)
    _bn_sync_node_forward (self, entries, NULL);
  _bn_sync_node_store_changed (self);
}

/* Writes a person made on the writer thread. */
static void
on_writer_added (BnStoreWorker *writer, GPtrArray *entries, BnSyncNode *self)
{
  if (self->running)
    _bn_sync_node_forward (self, entries, NULL);
  _bn_sync_node_store_changed (self);
}

static gboolean
poll_data_version (gpointer user_data)
{
  BnSyncNode *self = user_data;
  guint64 version = bn_store_data_version (bn_home_get_store (self->home));

  if (version == self->data_version)
    return G_SOURCE_CONTINUE;
  self->data_version = version;
  if (self->running)
    {
      _bn_sync_node_forward_new_heads (self);
      _bn_sync_node_peers_load (self);
    }
  _bn_sync_node_store_changed (self);
  return G_SOURCE_CONTINUE;
}

static guint
add_timeout (BnSyncNode *self, guint ms, GSourceFunc func)
{
  g_autoptr(GSource) source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  return g_source_attach (source, self->context);
}

static void
remove_source (BnSyncNode *self, guint *id)
{
  GSource *source;

  if (*id == 0)
    return;
  source = g_main_context_find_source_by_id (self->context, *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

/* From the node's creation: nothing of the network is needed to notice changes. */
void
_bn_sync_node_watch_start (BnSyncNode *self)
{
  BnStore *store = bn_home_get_store (self->home);

  self->data_version = bn_store_data_version (store);
  self->store_added_id = g_signal_connect (store, "entries-added",
                                           G_CALLBACK (on_store_added), self);
  self->poll_id = add_timeout (self, BN_NODE_POLL_MS, poll_data_version);
}

void
_bn_sync_node_watch_writer (BnSyncNode *self)
{
  g_signal_connect (self->writer, "entries-added", G_CALLBACK (on_writer_added), self);
}

void
_bn_sync_node_watch_stop (BnSyncNode *self)
{
  if (self->home != NULL)
    g_clear_signal_handler (&self->store_added_id, bn_home_get_store (self->home));
  if (self->writer != NULL)
    g_signal_handlers_disconnect_by_func (self->writer, on_writer_added, self);
  remove_source (self, &self->poll_id);
  remove_source (self, &self->store_changed_id);
}

static void
checkpoint_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnSyncNode) self = user_data;
  g_autoptr(GError) error = NULL;

  self->checkpointing = FALSE;
  if (bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error) == NULL)
    g_debug ("WAL checkpoint: %s", error->message);
}

/* WAL checkpoints (with their fsync) happen here, on the reader thread, instead of
 * inside whichever commit crosses the limit: the writer's and the main loop's
 * connections have automatic checkpoints off while the node runs. */
static gboolean
checkpoint_tick (gpointer user_data)
{
  BnSyncNode *self = user_data;

  if (!self->checkpointing)
    {
      self->checkpointing = TRUE;
      bn_store_worker_checkpoint_async (self->reader, checkpoint_done, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* While the node runs (the writer exists then). */
void
_bn_sync_node_checkpoints_start (BnSyncNode *self)
{
  bn_store_set_autocheckpoint (bn_home_get_store (self->home), 0);
  self->checkpoint_id = add_timeout (self, BN_NODE_CHECKPOINT_MS, checkpoint_tick);
}

void
_bn_sync_node_checkpoints_stop (BnSyncNode *self)
{
  remove_source (self, &self->checkpoint_id);
  bn_store_set_autocheckpoint (bn_home_get_store (self->home), BN_STORE_AUTOCHECKPOINT_DEFAULT);
}
