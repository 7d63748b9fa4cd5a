/* bn-sync-node-watch.c — the node's watch on its data directory: noticing every
 * change to the store, saying so once (::store-changed), handing new entries to
 * forwarding, and the WAL checkpoints that keep commits short
 *
 * A change is noticed three ways, from the node's creation to its disposal:
 * - this process's own connection (BnStore::entries-added of the home's store:
 *   posts made on the main thread), at once;
 * - the node's writer thread (BnStoreWorker::entries-added: a person's writes run
 *   there; insert jobs report through their own callbacks), at once;
 * - PRAGMA data_version on the main connection, which counts the commits of every
 *   other connection: the node's worker threads (folds, batches from neighbours)
 *   and other processes on the same data directory (a CLI post or `peer add`
 *   while `serve` or the app runs). It is read when the database's WAL file
 *   changes (a GFileMonitor: every commit writes the WAL), and once more
 *   BN_NODE_RECHECK_MS later, since a commit becomes visible only after its last
 *   write to the WAL. Nothing is polled: an idle peer sleeps.
 *
 * WAL checkpoints run BN_NODE_CHECKPOINT_MS after entries were committed, and
 * within BN_NODE_IDLE_CHECKPOINT_MS of any other write; never on a clock.
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
    {
      _bn_sync_node_forward (self, entries, NULL);
      _bn_sync_node_checkpoint_soon (self);
    }
  _bn_sync_node_store_changed (self);
}

/* Writes a person made on the writer thread. */
static void
on_writer_added (BnStoreWorker *writer, GPtrArray *entries, BnSyncNode *self)
{
  if (self->running)
    {
      _bn_sync_node_forward (self, entries, NULL);
      _bn_sync_node_checkpoint_soon (self);
    }
  _bn_sync_node_store_changed (self);
}

static void arm_checkpoint (BnSyncNode *self, guint delay_ms);

/* Reads PRAGMA data_version: another connection committed when it moved. */
static void
check_data_version (BnSyncNode *self)
{
  guint64 version = bn_store_data_version (bn_home_get_store (self->home));

  if (version == self->data_version)
    return;
  self->data_version = version;
  if (self->running)
    {
      _bn_sync_node_forward_new_heads (self);
      _bn_sync_node_peers_load (self);
      _bn_sync_node_checkpoint_soon (self);
    }
  _bn_sync_node_store_changed (self);
}

static gboolean
recheck_data_version (gpointer user_data)
{
  BnSyncNode *self = user_data;

  g_clear_pointer (&self->recheck, g_source_unref);
  check_data_version (self);
  return G_SOURCE_REMOVE;
}

/* The WAL file was written (by anyone: a commit, a checkpoint) or made anew.
 * What is committed by the time we look is taken now; a commit whose last
 * write we saw before it became visible is taken by the recheck. */
static void
on_wal_changed (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other,
                GFileMonitorEvent  event,
                BnSyncNode        *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;
  check_data_version (self);
  /* Whoever wrote, the WAL grew: entries are checkpointed soon (above), small
   * writes of our own (the peers table) with the next ones or within a minute.
   * A PASSIVE checkpoint does not write the WAL, so this does not go round. */
  arm_checkpoint (self, BN_NODE_IDLE_CHECKPOINT_MS);
  if (self->recheck == NULL)
    self->recheck = attach_source (self, g_timeout_source_new (BN_NODE_RECHECK_MS),
                                   recheck_data_version, "[buurtnet] data_version recheck");
}

/* The monitor reports on the thread-default main context of its maker: made
 * with the node's. Without it (no file monitoring on this system), the node
 * still hears of its own writes, and of others' with the next of its own. */
static void
watch_wal (BnSyncNode *self)
{
  g_autofree char *path = g_strconcat (bn_store_get_path (bn_home_get_store (self->home)),
                                       "-wal", NULL);
  g_autoptr(GFile) wal = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  self->wal_monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, NULL, &error);
  g_main_context_pop_thread_default (self->context);
  if (self->wal_monitor == NULL)
    {
      g_warning ("Changes other programs make to %s will be noticed late: %s", path,
                 error->message);
      return;
    }
  /* Changes close together are told at most this often (the first at once). */
  g_file_monitor_set_rate_limit (self->wal_monitor, BN_NODE_RECHECK_MS);
  g_signal_connect (self->wal_monitor, "changed", G_CALLBACK (on_wal_changed), self);
}

/* From the node's creation: nothing of the network is needed to notice changes. */
void
_bn_sync_node_watch_start (BnSyncNode *self)
{
  BnStore *store = bn_home_get_store (self->home);

  self->data_version = bn_store_data_version (store);
  self->store_added_id = g_signal_connect (store, "entries-added",
                                           G_CALLBACK (on_store_added), self);
  watch_wal (self);
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
  if (self->wal_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->wal_monitor, self);
      g_file_monitor_cancel (self->wal_monitor);
      g_clear_object (&self->wal_monitor);
    }
  g_clear_pointer (&self->recheck, destroy_source);
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
 * connections have automatic checkpoints off while the node runs. One is due a
 * moment after something was committed, and none while nothing is. */
static gboolean
checkpoint_due (gpointer user_data)
{
  BnSyncNode *self = user_data;

  g_clear_pointer (&self->checkpoint, g_source_unref);
  if (self->checkpointing)
    arm_checkpoint (self, BN_NODE_CHECKPOINT_MS);   /* the last one is still at it */
  else
    {
      self->checkpointing = TRUE;
      bn_store_worker_checkpoint_async (self->reader, checkpoint_done, g_object_ref (self));
    }
  return G_SOURCE_REMOVE;
}

/* A checkpoint within @delay_ms, unless one is due sooner already. */
static void
arm_checkpoint (BnSyncNode *self, guint delay_ms)
{
  gint64 due = g_get_monotonic_time () + (gint64) delay_ms * 1000;

  if (!self->running || self->reader == NULL)
    return;
  if (self->checkpoint != NULL && self->checkpoint_at <= due)
    return;
  g_clear_pointer (&self->checkpoint, destroy_source);
  self->checkpoint_at = due;
  self->checkpoint = attach_source (self, g_timeout_source_new (delay_ms), checkpoint_due,
                                    "[buurtnet] WAL checkpoint");
}

/* Entries were committed: a checkpoint soon, one for all that come meanwhile. */
void
_bn_sync_node_checkpoint_soon (BnSyncNode *self)
{
  arm_checkpoint (self, BN_NODE_CHECKPOINT_MS);
}

/* While the node runs (the writer exists then). */
void
_bn_sync_node_checkpoints_start (BnSyncNode *self)
{
  bn_store_set_autocheckpoint (bn_home_get_store (self->home), 0);
  _bn_sync_node_checkpoint_soon (self);
}

void
_bn_sync_node_checkpoints_stop (BnSyncNode *self)
{
  g_clear_pointer (&self->checkpoint, destroy_source);
  bn_store_set_autocheckpoint (bn_home_get_store (self->home), BN_STORE_AUTOCHECKPOINT_DEFAULT);
}
