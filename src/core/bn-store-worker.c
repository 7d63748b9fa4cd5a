/* bn-store-worker.c — a database thread with its own home on the data directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-worker.h"

#include <glib/gi18n-lib.h>

struct _BnStoreWorker
{
  GObject parent_instance;

  char               *data_dir;
  GMainContext       *owner;     /* where ::entries-added is emitted */
  GThread            *thread;
  GAsyncQueue        *jobs;      /* GTask, or &stop_sentinel to end the thread */
  gint                pending;   /* atomic */
  BnStoreWorkerFlags  flags;
};

G_DEFINE_FINAL_TYPE (BnStoreWorker, bn_store_worker, G_TYPE_OBJECT)

enum {
  ENTRIES_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BnStoreJobFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  gboolean        reports_added;   /* its result lists what it stored: no ::entries-added */
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* What the worker thread holds: its home, and what the running job stored. */
typedef struct
{
  BnStoreWorker *self;       /* valid while a job runs (its task holds a reference) */
  BnHome        *home;
  GError        *open_error;
  GPtrArray     *added;      /* BnEntry, stored by the job running now */
} WorkerThread;

static void
collect_added (BnStore *store, GPtrArray *entries, GPtrArray *added)
{
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (added, bn_entry_ref (g_ptr_array_index (entries, i)));
}

static void
open_home (WorkerThread *thread)
{
  BnStore *store;

  g_clear_object (&thread->home);
  thread->home = bn_home_open (thread->self->data_dir, FALSE, &thread->open_error);
  if (thread->home == NULL)
    return;
  store = bn_home_get_store (thread->home);
  /* A commit that crosses the WAL size limit checkpoints there and then, fsync
   * included: milliseconds a live entry would wait. The node checkpoints on the
   * reader thread instead (bn_store_worker_checkpoint_async). */
  if (thread->self->flags & BN_STORE_WORKER_MANUAL_CHECKPOINTS)
    bn_store_set_autocheckpoint (store, 0);
  if (thread->self->flags & BN_STORE_WORKER_BULK_WRITES)
    bn_store_set_cache_size (store, BN_STORE_WORKER_BULK_CACHE_KIB);
  g_signal_connect (store, "entries-added", G_CALLBACK (collect_added), thread->added);
}

typedef struct
{
  BnStoreWorker *self;
  GPtrArray     *entries;
} Added;

static void
added_free (Added *added)
{
  g_object_unref (added->self);
  g_ptr_array_unref (added->entries);
  g_free (added);
}

static gboolean
emit_added (gpointer user_data)
{
  Added *added = user_data;

  g_signal_emit (added->self, signals[ENTRIES_ADDED], 0, added->entries);
  return G_SOURCE_REMOVE;
}

static gpointer
ref_entry (gconstpointer entry, gpointer unused)
{
  return bn_entry_ref ((BnEntry *) entry);
}

/* Queued after the job's own result, so its callback comes first. */
static void
emit_added_later (BnStoreWorker *self, GPtrArray *entries)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Added *added = g_new0 (Added, 1);

  added->self = g_object_ref (self);
  added->entries = g_ptr_array_copy (entries, ref_entry, NULL);
  /* Not g_main_context_invoke(): to a thread with no context of its own, the
   * global default context is its thread-default, and invoke would call
   * emit_added() right here whenever the main thread is between iterations. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_added, added, (GDestroyNotify) added_free);
  g_source_set_static_name (source, "[buurtnet] worker entries-added");
  g_source_attach (source, self->owner);
}

static void
run_job (WorkerThread *thread, GTask *task)
{
  BnStoreWorker *self = thread->self;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result;

  /* A home opened before the neighbourhood existed cannot open its entries. */
  if (thread->home != NULL && bn_home_get_hood (thread->home) == NULL)
    open_home (thread);
  if (thread->open_error != NULL)
    g_task_return_error (task, g_error_copy (thread->open_error));
  else if (g_task_return_error_if_cancelled (task))
    ;
  else if ((result = job->func (thread->home, job->data, &error)) != NULL || error == NULL)
    g_task_return_pointer (task, result, job->result_free);
  else
    g_task_return_error (task, error);
  if (thread->added->len > 0 && !job->reports_added)
    emit_added_later (self, thread->added);
  g_ptr_array_set_size (thread->added, 0);
  g_atomic_int_dec_and_test (&self->pending);
}

static int stop_sentinel;

static gboolean is_bulk_insert (gpointer item);
static void run_bulk_inserts (WorkerThread *thread, GPtrArray *tasks);

/* Bulk inserts queued right behind @first (at most MAX_MERGED_BATCHES in all),
 * taken off the queue to share its transaction; anything else stays first in
 * line. */
#define MAX_MERGED_BATCHES 4

static GPtrArray *
take_bulk_inserts (GAsyncQueue *jobs, GTask *first)
{
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  gpointer item;

  g_ptr_array_add (tasks, first);
  while (tasks->len < MAX_MERGED_BATCHES && (item = g_async_queue_try_pop (jobs)) != NULL)
    {
      if (item == &stop_sentinel || !is_bulk_insert (item))
        {
          g_async_queue_push_front (jobs, item);
          break;
        }
      g_ptr_array_add (tasks, item);
    }
  return tasks;
}

static gpointer
worker_main (gpointer user_data)
{
  g_autoptr(GAsyncQueue) jobs = g_async_queue_ref (((BnStoreWorker *) user_data)->jobs);
  WorkerThread thread = { user_data };

  thread.added = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  open_home (&thread);
  for (;;)
    {
      gpointer item = g_async_queue_pop (jobs);
      g_autoptr(GTask) task = NULL;

      /* Every queued task holds a reference to the worker, so when the sentinel
       * comes, the worker may be gone: touch nothing of it after that. */
      if (item == &stop_sentinel)
        break;
      thread.self = BN_STORE_WORKER (g_task_get_source_object (item));
      if (is_bulk_insert (item) && thread.home != NULL && bn_home_get_hood (thread.home) != NULL)
        {
          g_autoptr(GPtrArray) tasks = take_bulk_inserts (jobs, item);
          run_bulk_inserts (&thread, tasks);
          continue;
        }
      task = item;
      run_job (&thread, task);
    }
  g_clear_object (&thread.home);
  g_clear_error (&thread.open_error);
  g_ptr_array_unref (thread.added);
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
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->owner, g_main_context_unref);

  G_OBJECT_CLASS (bn_store_worker_parent_class)->finalize (object);
}

static void
bn_store_worker_class_init (BnStoreWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_store_worker_finalize;

  /**
   * BnStoreWorker::entries-added:
   * @entries: (element-type BnEntry): entries a job stored for the first time
   *
   * Emitted on the main context of the thread that created the worker, after
   * the job's own callback, for the entries each job stored (insert jobs
   * excepted: their result lists them).
   */
  signals[ENTRIES_ADDED] = g_signal_new ("entries-added", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
bn_store_worker_init (BnStoreWorker *self)
{
  self->jobs = g_async_queue_new ();
}

/**
 * bn_store_worker_new:
 * @data_dir: the data directory to open in the worker's thread
 * @name: the thread's name (for debuggers)
 *
 * Returns: (transfer full): a worker with its thread started
 */
BnStoreWorker *
bn_store_worker_new (const char         *data_dir,
                     const char         *name,
                     BnStoreWorkerFlags  flags)
{
  BnStoreWorker *self = g_object_new (BN_TYPE_STORE_WORKER, NULL);

  self->data_dir = g_strdup (data_dir);
  self->flags = flags;
  self->owner = g_main_context_ref_thread_default ();
  self->thread = g_thread_new (name, worker_main, self);
  return self;
}

static void
run_async (BnStoreWorker       *self,
           Job                 *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bn_store_worker_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_atomic_int_inc (&self->pending);
  g_async_queue_push (self->jobs, task);
}

/**
 * bn_store_worker_run_async:
 * @func: (scope async): the job, run in the worker's thread
 * @data: (transfer full): given to @func; freed with @data_free
 * @result_free: frees @func's result when nobody takes it (a cancelled caller)
 *
 * Queues @func behind the jobs already given. When the caller's @cancellable is
 * cancelled before the job starts, the job does not run; a job that ran has had
 * its effect, even if the caller hears it was cancelled.
 */
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
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  run_async (self, job, cancellable, callback, user_data);
}

/* Returns: (transfer full): the job's result */
gpointer
bn_store_worker_run_finish (BnStoreWorker  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Jobs given and not finished yet. */
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
insert_job (BnHome *home, gpointer data, GError **error)
{
  InsertJob *job = data;
  BnStore *store = bn_home_get_store (home);
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

static gboolean
is_bulk_insert (gpointer item)
{
  Job *job = g_task_get_task_data (item);

  return job->func == insert_job && ((InsertJob *) job->data)->fold == BN_FOLD_LATER;
}

/* A session's pulled batches, stored in one transaction when several wait at
 * once: each commit rewrites the pages of the random-keyed ID index that its
 * entries touch, so one commit for several batches writes most of them once.
 * Each task gets its own batch's outcome, after the commit. */
static void
run_bulk_inserts (WorkerThread *thread, GPtrArray *tasks)
{
  BnStore *store = bn_home_get_store (thread->home);
  g_autoptr(GPtrArray) batches = g_ptr_array_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GPtrArray) live = g_ptr_array_new ();
  g_autofree BnInsertResult *results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      /* A cancelled task's batch is not stored, as run_job() would not run it. */
      if (g_task_return_error_if_cancelled (task))
        {
          g_atomic_int_dec_and_test (&thread->self->pending);
          continue;
        }
      g_ptr_array_add (live, task);
    }
  if (live->len == 0)
    return;
  results = g_new0 (BnInsertResult, live->len);
  for (guint i = 0; i < live->len; i++)
    {
      InsertJob *job = ((Job *) g_task_get_task_data (g_ptr_array_index (live, i)))->data;

      g_ptr_array_add (batches, job->entries);
      g_ptr_array_add (added, g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref));
    }
  ok = bn_store_insert_verified_many (store, batches, results, added, &error);
  for (guint i = 0; i < live->len; i++)
    {
      GTask *task = g_ptr_array_index (live, i);
      BnInsertOutcome *outcome;

      if (!ok)
        {
          GError *copy = g_error_copy (error);

          bn_insert_result_clear (&results[i]);
          g_ptr_array_unref (g_ptr_array_index (added, i));
          g_prefix_error (&copy, _("Could not store entries from a neighbour: "));
          g_task_return_error (task, copy);
        }
      else
        {
          outcome = g_new0 (BnInsertOutcome, 1);
          outcome->counts = results[i];
          outcome->added = g_ptr_array_index (added, i);
          g_task_return_pointer (task, outcome, (GDestroyNotify) bn_insert_outcome_free);
        }
      g_atomic_int_dec_and_test (&thread->self->pending);
    }
  /* Insert jobs report what they stored through their results. */
  g_ptr_array_set_size (thread->added, 0);
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
  InsertJob *insert = g_new0 (InsertJob, 1);
  Job *job = g_new0 (Job, 1);

  insert->entries = g_ptr_array_ref (entries);
  insert->fold = fold;
  insert->jobs = g_async_queue_ref (self->jobs);
  job->func = insert_job;
  job->data = insert;
  job->data_free = (GDestroyNotify) insert_job_free;
  job->result_free = (GDestroyNotify) bn_insert_outcome_free;
  job->reports_added = TRUE;
  run_async (self, job, cancellable, callback, user_data);
}

BnInsertOutcome *
bn_store_worker_insert_finish (BnStoreWorker  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  return bn_store_worker_run_finish (self, result, error);
}

static gpointer
fold_job (BnHome *home, gpointer data, GError **error)
{
  BnStore *store = bn_home_get_store (home);

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
checkpoint_job (BnHome *home, gpointer data, GError **error)
{
  if (!bn_store_checkpoint (bn_home_get_store (home), error))
    return NULL;
  return GINT_TO_POINTER (1);
}

/* Checkpoints the WAL from this worker's connection, without waiting for (or
 * blocking) anyone: for workers made with BN_STORE_WORKER_MANUAL_CHECKPOINTS. */
void
bn_store_worker_checkpoint_async (BnStoreWorker       *self,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  bn_store_worker_run_async (self, checkpoint_job, NULL, NULL, NULL, NULL, callback, user_data);
}
