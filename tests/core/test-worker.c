/* test-worker.c — a store worker runs jobs on a thread of its own, with a home of
 * its own on the same data directory: a person's write made there shows in the
 * main thread's home, and the entries it stored are announced on the main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

typedef struct
{
  BnTmpFixture   base;
  BnHome        *home;
  BnStoreWorker *worker;
  GMainLoop     *loop;
  GThread       *job_thread;
  BnEntry       *result;
  GError        *error;
  GPtrArray     *announced;   /* BnEntry, from ::entries-added */
  gboolean       done_before_announced;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  bn_tmp_fixture_setup (&f->base, data);
  f->home = bn_test_open_home (f->base.dir, "anna");
  if (data == NULL)
    {
      g_free (bn_home_create_hood (f->home, "Teststraat", &error));
      g_assert_no_error (error);
    }
  dir = g_build_filename (f->base.dir, "anna", NULL);
  f->worker = bn_store_worker_new (dir, "bn-test-worker", BN_STORE_WORKER_DEFAULT);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->announced = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->worker);
  g_clear_object (&f->home);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->result, bn_entry_unref);
  g_clear_error (&f->error);
  g_clear_pointer (&f->announced, g_ptr_array_unref);
  bn_tmp_fixture_teardown (&f->base, data);
}

static gpointer
publish_job (BnHome *home, gpointer data, GError **error)
{
  Fixture *f = data;
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Groceries" };

  f->job_thread = g_thread_self ();
  return bn_home_publish_post (home, &draft, error);
}

static void
published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &f->error);
  f->done_before_announced = f->announced->len == 0;
  if (f->result == NULL)
    g_main_loop_quit (f->loop);   /* nothing to announce: the test says why */
}

static void
on_entries_added (BnStoreWorker *worker, GPtrArray *entries, Fixture *f)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (f->announced, bn_entry_ref (g_ptr_array_index (entries, i)));
  g_main_loop_quit (f->loop);
}

static void
publish_on_worker (Fixture *f)
{
  g_signal_connect (f->worker, "entries-added", G_CALLBACK (on_entries_added), f);
  bn_store_worker_run_async (f->worker, publish_job, f, NULL, (GDestroyNotify) bn_entry_unref,
                             NULL, published, f);
  g_main_loop_run (f->loop);
}

/* A post made on the worker thread is in the main home's lists, and the entry it
 * stored is announced on the main context after the job's own callback. */
static void
test_write_on_worker (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) posts = NULL;

  publish_on_worker (f);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->result);
  g_assert_true (f->job_thread != g_thread_self ());
  g_assert_true (f->done_before_announced);
  g_assert_cmpuint (f->announced->len, ==, 1);
  g_assert_true (g_ptr_array_index (f->announced, 0) != NULL);
  g_assert_cmpmem (((BnEntry *) g_ptr_array_index (f->announced, 0))->id, BN_HASH_LEN,
                   f->result->id, BN_HASH_LEN);
  posts = bn_store_list_posts (bn_home_get_store (f->home), NULL, "request", NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Groceries");
}

/* A worker whose home opened before the neighbourhood existed sees it once it
 * is created through another home. */
static void
test_hood_created_later (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_free (bn_home_create_hood (f->home, "Teststraat", &error));
  g_assert_no_error (error);
  publish_on_worker (f);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->result);
}

static void
cancelled_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &f->error);
  g_main_loop_quit (f->loop);
}

/* A job cancelled before it starts does not run. */
static void
test_cancelled_before_start (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) posts = NULL;

  g_cancellable_cancel (cancellable);
  bn_store_worker_run_async (f->worker, publish_job, f, NULL, (GDestroyNotify) bn_entry_unref,
                             cancellable, cancelled_done, f);
  g_main_loop_run (f->loop);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->job_thread);
  posts = bn_store_list_posts (bn_home_get_store (f->home), NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add ("/buurtnet/core/worker/write-on-worker", Fixture, NULL,
              setup, test_write_on_worker, teardown);
  g_test_add ("/buurtnet/core/worker/hood-created-later", Fixture, "no hood",
              setup, test_hood_created_later, teardown);
  g_test_add ("/buurtnet/core/worker/cancelled-before-start", Fixture, NULL,
              setup, test_cancelled_before_start, teardown);

  return g_test_run ();
}
