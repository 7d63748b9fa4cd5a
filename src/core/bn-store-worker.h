/* bn-store-worker.h — one thread with its own BnHome on a data directory,
 * running database jobs in order off the main loop
 *
 * A BnStore connection belongs to one thread. A worker opens the data directory
 * again inside its own thread (a BnHome with a store of its own, see
 * bn_home_open()) and runs the jobs given to it there, one at a time, in the
 * order they were given. Results come back on the thread-default main context of
 * the thread that gave the job, like any GTask.
 *
 * The sync node keeps two (bn_sync_node_get_writer()): a writer, the one thread
 * that writes this process's entries (bulk inserts from neighbours and, in the
 * app, every write a person makes), and a reader for large reads. A write a
 * person makes in the app runs on the writer like this, so a click never waits
 * for a transaction in flight:
 *
 *   static gpointer
 *   publish_job (BnHome *home, gpointer data, GError **error)
 *   {
 *     return bn_home_publish_post (home, data, error);   // on the writer thread
 *   }
 *
 *   bn_store_worker_run_async (bn_sync_node_get_writer (node), publish_job,
 *                              draft, (GDestroyNotify) draft_free,
 *                              (GDestroyNotify) bn_entry_unref,
 *                              cancellable, published, self);
 *   ... and in published(), on the main context:
 *   g_autoptr(BnEntry) entry = bn_store_worker_run_finish (worker, result, &error);
 *
 * A job touches only its @home and its @data: nothing of the main thread's home,
 * no widgets. Everything it needs is copied into @data beforehand.
 *
 * The worker's home reads the neighbourhood from the database when it opens.
 * While it has none, it opens again before each job, so a neighbourhood created
 * or joined through another home reaches it; the other way round, a home opened
 * earlier elsewhere does not see one created by a job until it is opened again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-home.h"

G_BEGIN_DECLS

#define BN_TYPE_STORE_WORKER (bn_store_worker_get_type ())
G_DECLARE_FINAL_TYPE (BnStoreWorker, bn_store_worker, BN, STORE_WORKER, GObject)

/**
 * BnStoreJobFunc:
 * @home: the worker thread's own home; bn_home_get_store() is its connection
 * @data: what bn_store_worker_run_async() was given
 *
 * Runs in the worker thread. Returns the job's result (%NULL with @error set on
 * failure; a job with no result to give returns any non-%NULL pointer).
 */
typedef gpointer (*BnStoreJobFunc) (BnHome    *home,
                                    gpointer   data,
                                    GError   **error);

/**
 * BnStoreWorkerFlags:
 * @BN_STORE_WORKER_DEFAULT: SQLite checkpoints the WAL when a commit crosses its limit
 * @BN_STORE_WORKER_MANUAL_CHECKPOINTS: commits never checkpoint; someone calls
 *   bn_store_worker_checkpoint_async() on another worker instead
 * @BN_STORE_WORKER_BULK_WRITES: a page cache of BN_STORE_WORKER_BULK_CACHE_KIB
 *   instead of 64 MiB: a writer of catch-ups writes each page of the entries
 *   once and needs the pages of the indexes it inserts into; a cache the size
 *   of the database costs a page fault for every page it grows by, and
 *   memory, for pages never read again
 */
typedef enum {
  BN_STORE_WORKER_DEFAULT            = 0,
  BN_STORE_WORKER_MANUAL_CHECKPOINTS = 1 << 0,
  BN_STORE_WORKER_BULK_WRITES        = 1 << 1,
} BnStoreWorkerFlags;

#define BN_STORE_WORKER_BULK_CACHE_KIB (16 * 1024)

BnStoreWorker *bn_store_worker_new        (const char          *data_dir,
                                           const char          *name,
                                           BnStoreWorkerFlags   flags);
void           bn_store_worker_run_async  (BnStoreWorker       *self,
                                           BnStoreJobFunc       func,
                                           gpointer             data,
                                           GDestroyNotify       data_free,
                                           GDestroyNotify       result_free,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gpointer       bn_store_worker_run_finish (BnStoreWorker       *self,
                                           GAsyncResult        *result,
                                           GError             **error);
guint          bn_store_worker_get_pending (BnStoreWorker      *self);
void           bn_store_worker_checkpoint_async (BnStoreWorker *self,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

/* Insert jobs: verify and store a batch; the result says what happened.
 * When the derived state (posts, profiles) is updated from it: */
typedef enum {
  BN_FOLD_NOW,        /* in the same call: live entries, shown at once */
  BN_FOLD_WHEN_IDLE,  /* when the writer has nothing else queued: pushed batches */
  BN_FOLD_LATER,      /* when asked (bn_store_worker_fold_async): a session's pulls */
} BnFoldMode;

typedef struct
{
  BnInsertResult  counts;
  GPtrArray      *added;   /* BnEntry: stored for the first time */
} BnInsertOutcome;

void             bn_insert_outcome_free  (BnInsertOutcome *outcome);
void             bn_store_worker_insert_async (BnStoreWorker      *self,
                                           GPtrArray           *entries,
                                           BnFoldMode           fold,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
BnInsertOutcome *bn_store_worker_insert_finish (BnStoreWorker   *self,
                                           GAsyncResult        *result,
                                           GError             **error);

void             bn_store_worker_fold_async (BnStoreWorker     *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnInsertOutcome, bn_insert_outcome_free)

G_END_DECLS
