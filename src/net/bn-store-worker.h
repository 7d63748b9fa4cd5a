/* bn-store-worker.h — one thread with its own connection to a data directory's
 * database, running database jobs in order off the main loop
 *
 * A BnStore connection belongs to one thread; this gives bulk sync work (verifying
 * and inserting thousands of entries, reading pull batches) its own connection, so
 * the main loop never waits for it. Results come back on the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-home.h"

G_BEGIN_DECLS

#define BN_TYPE_STORE_WORKER (bn_store_worker_get_type ())
G_DECLARE_FINAL_TYPE (BnStoreWorker, bn_store_worker, BN, STORE_WORKER, GObject)

/* Runs in the worker thread with the worker's own store. */
typedef gpointer (*BnStoreJobFunc) (BnStore   *store,
                                    gpointer   data,
                                    GError   **error);

BnStoreWorker *bn_store_worker_new        (BnHome              *home,
                                           const char          *name,
                                           gboolean             no_autocheckpoint);
void           bn_store_worker_checkpoint_async (BnStoreWorker *self,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
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
