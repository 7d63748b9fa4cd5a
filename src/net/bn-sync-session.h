/* bn-sync-session.h — one sync with one neighbour, from our side: the in-sync
 * check, then pull what we lack and push what they lack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "bn-store-worker.h"
#include "bn-sync-node.h"
#include "bn-wire.h"

G_BEGIN_DECLS

/* Called on the main context after each pulled batch is stored. */
typedef void (*BnSessionBatchFunc) (BnInsertOutcome *outcome,
                                    gpointer         user_data);

typedef struct
{
  SoupSession        *http;
  BnHome             *home;
  const char         *peer_id;    /* who we expect at the address; NULL: learn it */
  BnStoreWorker      *writer;
  BnStoreWorker      *reader;
  BnSessionBatchFunc  on_batch;
  gpointer            on_batch_data;
} BnSessionContext;

void      bn_sync_session_run_async  (const BnSessionContext *context,
                                      const char             *address,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data);
gboolean  bn_sync_session_run_finish (GAsyncResult           *result,
                                      BnSyncStats            *stats,
                                      char                  **peer_id,
                                      GError                **error);

G_END_DECLS
