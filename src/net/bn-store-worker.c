/* bn-store-worker.c — a database thread with its own connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-worker.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>

struct _BnStoreWorker
{
  GObject parent_instance;

  BnHome       *home;      /* keeps the hood and identity the thread borrows alive */
  char         *db_path;
  GThread      *thread;
  GAsyncQueue  *jobs;      /* GTask, or &stop_sentinel to end the thread */
  gint          pending;   /* atomic */
  gboolean      no_autocheckpoint;
};

G_DEFINE_FINAL_TYPE (BnStoreWorker, bn_store_worker, G_TYPE_OBJECT)

typedef struct
{
  BnStoreJobFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
run_job (BnStoreWorker *self, BnStore *store, GError *open_error, GTask *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result;

  if (open_error != NULL)
    g_task_return_error (task, g_error_copy (open_error));
  else if (g_task_return_error_if_cancelled (task))
    ;
  else if ((result = job->func (store, job->data, &error)) != NULL || error == NULL)
    g_task_return_pointer (task, result, job->result_free);
  else
    g_task_return_error (task, error);
  g_atomic_int_dec_and_test (&self->pending);
}

static int stop_sentinel;

static gpointer
worker_main (gpointer user_data)
{
  BnStoreWorker *self = user_data;
  g_autoptr(GAsyncQueue) jobs = g_async_queue_ref (self->jobs);
  g_autoptr(GError) open_error = NULL;
  g_autoptr(BnStore) store = bn_store_open (self->db_path, &open_error);

  if (store != NULL)
    bn_store_set_keys (store, bn_home_get_hood (self->home), bn_home_get_identity (self->home));
  /* A commit that crosses the WAL size limit checkpoints there and then, fsync
   * included: milliseconds a live entry would wait. The node checkpoints on the
   * reader thread instead (bn_store_worker_checkpoint_async). */
  if (store != NULL && self->no_autocheckpoint)
    bn_store_set_autocheckpoint (store, 0);
  for (;;)
    {
      gpointer item = g_async_queue_pop (jobs);
      g_autoptr(GTask) task = NULL;

      /* Every queued task holds a reference to the worker, so when the sentinel
       * comes, @self may be gone: touch nothing of it after that. */
      if (item == &stop_sentinel)
        break;
      task = item;
      run_job (self, store, open_error, task);
    }
  return NULL;
}

static void
bn_store_worker_finalize (GObject *object)
{
  BnStoreWorker *self = BN_STORE_WORKER (object);

  /* The last reference can be dropped by a finished job on the worker thread
   * itself; that thread must not wait for itself. */
  if (self->thread != NULL && self->thread != g_thread_self ())
    {
      g_async_queue_push (self->jobs, &stop_sentinel);
      g_thread_join (self->thread);
    }
  else if (self->thread != NULL)
    {
      g_async_queue_push (self->jobs, &stop_sentinel);
      g_thread_unref (self->thread);
    }
  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (bn_store_worker_parent_class)->finalize (object);
}

static void
bn_store_worker_class_init (BnStoreWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_store_worker_finalize;
}

static void
bn_store_worker_init (BnStoreWorker *self)
{
  self->jobs = g_async_queue_new ();
}

/**
 * bn_store_worker_new:
 * @name: the thread's name (for debuggers)
 * @no_autocheckpoint: leave WAL checkpoints to bn_store_worker_checkpoint_async()
 *
 * Returns: (transfer full): a worker with its thread started
 */
BnStoreWorker *
bn_store_worker_new (BnHome     *home,
                     const char *name,
                     gboolean    no_autocheckpoint)
{
  BnStoreWorker *self = g_object_new (BN_TYPE_STORE_WORKER, NULL);

  self->home = g_object_ref (home);
  self->no_autocheckpoint = no_autocheckpoint;
  self->db_path = g_strdup (bn_store_get_path (bn_home_get_store (home)));
  self->thread = g_thread_new (name, worker_main, self);
  return self;
}

void
bn_store_worker_run_async (BnStoreWorker       *self,
                           BnStoreJobFunc       func,
                           gpointer             data,
                           GDestroyNotify       data_free,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  g_task_set_source_tag (task, bn_store_worker_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_atomic_int_inc (&self->pending);
  g_async_queue_push (self->jobs, task);
}

gpointer
bn_store_worker_run_finish (BnStoreWorker  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
bn_store_worker_get_pending (BnStoreWorker *self)
{
  return (guint) g_atomic_int_get (&self->pending);
}

void
bn_insert_outcome_free (BnInsertOutcome *outcome)
{
  bn_insert_result_clear (&outcome->counts);
  g_clear_pointer (&outcome->added, g_ptr_array_unref);
  g_free (outcome);
}

static void
collect_added (BnStore *store, GPtrArray *entries, GPtrArray *added)
{
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (added, bn_entry_ref (g_ptr_array_index (entries, i)));
}

typedef struct
{
  GPtrArray   *entries;
  BnFoldMode   fold;
  GAsyncQueue *jobs;      /* the worker's queue: is more work waiting? */
} InsertJob;

static void
insert_job_free (InsertJob *job)
{
  g_ptr_array_unref (job->entries);
  g_async_queue_unref (job->jobs);
  g_free (job);
}

/* Bulk batches are only verified and stored; the derived state (posts, profiles)
 * is folded later, once, instead of after every batch: when the writer has nothing
 * else queued (the batch that folds is the last to report, so when it comes back
 * everything is visible), or when the session that pulled them says so. */
static gpointer
insert_job (BnStore *store, gpointer data, GError **error)
{
  InsertJob *job = data;
  g_autoptr(BnInsertOutcome) outcome = g_new0 (BnInsertOutcome, 1);
  gulong handler;
  gboolean ok;

  outcome->added = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  handler = g_signal_connect (store, "entries-added", G_CALLBACK (collect_added), outcome->added);
  if (job->fold == BN_FOLD_NOW)
    ok = bn_store_insert_entries (store, job->entries, &outcome->counts, error);
  else
    ok = bn_store_insert_verified (store, job->entries, &outcome->counts, error);
  g_signal_handler_disconnect (store, handler);
  if (ok && job->fold == BN_FOLD_WHEN_IDLE && g_async_queue_length (job->jobs) <= 0
      && bn_store_has_pending (store))
    ok = bn_store_fold_pending (store, error);
  if (!ok)
    {
      g_prefix_error (error, _("Could not store entries from a neighbour: "));
      return NULL;
    }
  return g_steal_pointer (&outcome);
}

/**
 * bn_store_worker_insert_async:
 * @entries: (element-type BnEntry) (transfer none): a batch, any order
 * @fold: when the derived state (posts, profiles, ...) takes them in
 *
 * Verifies and stores @entries in one transaction on the worker thread.
 */
void
bn_store_worker_insert_async (BnStoreWorker       *self,
                              GPtrArray           *entries,
                              BnFoldMode           fold,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  InsertJob *job = g_new0 (InsertJob, 1);

  job->entries = g_ptr_array_ref (entries);
  job->fold = fold;
  job->jobs = g_async_queue_ref (self->jobs);
  bn_store_worker_run_async (self, insert_job, job, (GDestroyNotify) insert_job_free,
                             (GDestroyNotify) bn_insert_outcome_free,
                             cancellable, callback, user_data);
}

BnInsertOutcome *
bn_store_worker_insert_finish (BnStoreWorker  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  return bn_store_worker_run_finish (self, result, error);
}

static gpointer
fold_job (BnStore *store, gpointer data, GError **error)
{
  if (bn_store_has_pending (store) && !bn_store_fold_pending (store, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

/* Folds whatever bulk inserts left unfolded; completes when it is visible. */
void
bn_store_worker_fold_async (BnStoreWorker       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  bn_store_worker_run_async (self, fold_job, NULL, NULL, NULL, cancellable, callback, user_data);
}

static gpointer
checkpoint_job (BnStore *store, gpointer data, GError **error)
{
  if (!bn_store_checkpoint (store, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

void
bn_store_worker_checkpoint_async (BnStoreWorker       *self,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  bn_store_worker_run_async (self, checkpoint_job, NULL, NULL, NULL, NULL, callback, user_data);
}
