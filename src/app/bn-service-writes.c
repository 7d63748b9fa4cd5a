/* bn-service-writes.c — services and referrals: reads from the session's
 * home, writes as jobs on the node's writer thread
 *
 * Like bn-session-writes.c: the main thread never waits for a transaction,
 * and the callback comes once the entry is stored, with the session refreshed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-service-writes.h"
#include "bn-session-private.h"

/* The services in force, by name; @category may be %NULL. */
GPtrArray *
bn_session_list_services (BnSession  *self,
                          const char *category)
{
  return bn_store_list_services (bn_home_get_store (bn_session_get_home (self)), category,
                                 bn_session_get_now (self));
}

/* The referrals of @post_id I may read, oldest first. */
GPtrArray *
bn_session_list_referrals_for (BnSession  *self,
                               const char *post_id)
{
  g_autoptr(GPtrArray) all = bn_store_list_referrals (bn_home_get_store (bn_session_get_home (self)));
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_referral_free);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (((BnReferral *) g_ptr_array_index (all, i))->post, post_id) == 0)
      g_ptr_array_add (mine, g_ptr_array_steal_index (all, i--));
  return mine;
}

typedef struct
{
  char      *first;       /* a service, post or referral ID */
  char      *second;      /* a service ID, a status */
  char      *consent;
  char      *note;
  BnService *service;
  GBytes    *csv;
} JobData;

typedef struct
{
  guint added, changed, unchanged;
} ImportCounts;

static void
job_data_free (JobData *data)
{
  g_free (data->first);
  g_free (data->second);
  g_free (data->consent);
  g_free (data->note);
  g_clear_pointer (&data->service, bn_service_free);
  g_clear_pointer (&data->csv, g_bytes_unref);
  g_free (data);
}

static JobData *
job_data_new (const char *first, const char *second)
{
  JobData *data = g_new0 (JobData, 1);

  data->first = g_strdup (first);
  data->second = g_strdup (second);
  return data;
}

#define DONE GINT_TO_POINTER (1)

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  gpointer value = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error);

  if (value == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The caller sees its write in the models as it hears it is done. */
  _bn_session_mark_stale (self);
  bn_session_refresh (self);
  if (value == DONE)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, value, g_free);
}

static void
run_job (BnSession           *self,
         BnStoreJobFunc       job,
         JobData             *data,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  bn_store_worker_run_async (bn_sync_node_get_writer (bn_session_get_sync_node (self)), job, data,
                             (GDestroyNotify) job_data_free, g_free, cancellable,
                             job_done, task);
}

static gpointer
entry_done (BnEntry *entry)
{
  if (entry == NULL)
    return NULL;
  bn_entry_unref (entry);
  return DONE;
}

static gpointer
add_service_job (BnHome *home, gpointer data, GError **error)
{
  return entry_done (bn_home_add_service (home, ((JobData *) data)->service, error));
}

/* A connector adds a service to the directory; @service is copied. */
void
bn_session_add_service_async (BnSession           *self,
                              const BnService     *service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  JobData *data = job_data_new (NULL, NULL);

  data->service = bn_service_copy (service);
  run_job (self, add_service_job, data, bn_session_add_service_async, cancellable, callback,
           user_data);
}

static gpointer
edit_service_job (BnHome *home, gpointer data, GError **error)
{
  JobData *job = data;

  return entry_done (bn_home_edit_service (home, job->first, job->service, error));
}

/* A new version of the service @id; @service is copied. */
void
bn_session_edit_service_async (BnSession           *self,
                               const char          *id,
                               const BnService     *service,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  JobData *data = job_data_new (id, NULL);

  data->service = bn_service_copy (service);
  run_job (self, edit_service_job, data, bn_session_edit_service_async, cancellable, callback,
           user_data);
}

static gpointer
remove_service_job (BnHome *home, gpointer data, GError **error)
{
  return entry_done (bn_home_remove_service (home, ((JobData *) data)->first, error));
}

void
bn_session_remove_service_async (BnSession           *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run_job (self, remove_service_job, job_data_new (id, NULL), bn_session_remove_service_async,
           cancellable, callback, user_data);
}

static gpointer
import_services_job (BnHome *home, gpointer data, GError **error)
{
  JobData *job = data;
  ImportCounts *counts = g_new0 (ImportCounts, 1);
  gsize len = 0;
  const char *csv = g_bytes_get_data (job->csv, &len);

  if (!bn_home_import_services (home, csv, len, &counts->added, &counts->changed,
                                &counts->unchanged, error))
    {
      g_free (counts);
      return NULL;
    }
  return counts;
}

/* The whole file is checked first: all of it comes in, or none. */
void
bn_session_import_services_async (BnSession           *self,
                                  GBytes              *csv,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  JobData *data = job_data_new (NULL, NULL);

  data->csv = g_bytes_ref (csv);
  run_job (self, import_services_job, data, bn_session_import_services_async, cancellable,
           callback, user_data);
}

gboolean
bn_session_import_services_finish (BnSession     *self,
                                   GAsyncResult  *result,
                                   guint         *added,
                                   guint         *changed,
                                   guint         *unchanged,
                                   GError       **error)
{
  g_autofree ImportCounts *counts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  counts = g_task_propagate_pointer (G_TASK (result), error);
  if (counts == NULL)
    return FALSE;
  if (added != NULL)
    *added = counts->added;
  if (changed != NULL)
    *changed = counts->changed;
  if (unchanged != NULL)
    *unchanged = counts->unchanged;
  return TRUE;
}

static gpointer
refer_job (BnHome *home, gpointer data, GError **error)
{
  JobData *job = data;

  return entry_done (bn_home_refer (home, job->first, job->second, job->consent, job->note,
                                    error));
}

/* A connector refers a request to a service, with the asker's consent as it
 * was given (in-person, phone, message, writing). */
void
bn_session_refer_async (BnSession           *self,
                        const char          *post_id,
                        const char          *service_id,
                        const char          *consent,
                        const char          *note,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  JobData *data = job_data_new (post_id, service_id);

  data->consent = g_strdup (consent);
  data->note = g_strdup (note != NULL && *note != '\0' ? note : NULL);
  run_job (self, refer_job, data, bn_session_refer_async, cancellable, callback, user_data);
}

static gpointer
referral_status_job (BnHome *home, gpointer data, GError **error)
{
  JobData *job = data;

  return entry_done (bn_home_set_referral_status (home, job->first, job->second, error));
}

/* The asker or a connector says how a referral goes. */
void
bn_session_set_referral_status_async (BnSession           *self,
                                      const char          *referral_id,
                                      const char          *status,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_job (self, referral_status_job, job_data_new (referral_id, status),
           bn_session_set_referral_status_async, cancellable, callback, user_data);
}

static gpointer
suggest_job (BnHome *home, gpointer data, GError **error)
{
  JobData *job = data;

  return entry_done (bn_home_send_message (home, job->first, job->note, job->second, 0, error));
}

/* A connector passes a request on to one neighbour: a message about the post,
 * sealed to the two of them. */
void
bn_session_suggest_async (BnSession           *self,
                          const char          *peer_id,
                          const char          *text,
                          const char          *post_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  JobData *data = job_data_new (peer_id, post_id);

  data->note = g_strdup (text);
  run_job (self, suggest_job, data, bn_session_suggest_async, cancellable, callback, user_data);
}
