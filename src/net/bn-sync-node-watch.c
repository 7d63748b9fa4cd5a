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

/* Sources of the node's main context, kept by pointer: that context need not be
 * the global default one. */
static GSource *
attach_source (BnSyncNode *self, GSource *source, GSourceFunc func, const char *name)
{
  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
emit_store_changed (gpointer user_data)
{
  BnSyncNode *self = user_data;

  g_clear_pointer (&self->store_changed, g_source_unref);
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
  GSource *source;

  if (self->store_changed != NULL)
    return;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  self->store_changed = attach_source (self, source, emit_store_changed,
                                       "[buurtnet] store changed");
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

/* From the node's creation: nothing of the network is needed to notice changes. */
void
_bn_sync_node_watch_start (BnSyncNode *self)
{
  BnStore *store = bn_home_get_store (self->home);

  self->data_version = bn_store_data_version (store);
  self->store_added_id = g_signal_connect (store, "entries-added",
                                           G_CALLBACK (on_store_added), self);
  self->poll = attach_source (self, g_timeout_source_new (BN_NODE_POLL_MS), poll_data_version,
                              "[buurtnet] data_version poll");
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
  g_clear_pointer (&self->poll, destroy_source);
  g_clear_pointer (&self->store_changed, destroy_source);
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
  self->checkpoint = attach_source (self, g_timeout_source_new (BN_NODE_CHECKPOINT_MS),
                                   checkpoint_tick, "[buurtnet] WAL checkpoint");
}

void
_bn_sync_node_checkpoints_stop (BnSyncNode *self)
{
  g_clear_pointer (&self->checkpoint, destroy_source);
  bn_store_set_autocheckpoint (bn_home_get_store (self->home), BN_STORE_AUTOCHECKPOINT_DEFAULT);
}
