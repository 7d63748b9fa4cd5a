/* test-node.c — the BnSyncNode API as the app uses it, two nodes in one process on
 * loopback: start, link, live push, the peers model and its properties, one-off
 * sync, stop, and the errors a caller can act on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"
#include "bn-sync-server.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char       *root;
  BnHome     *a;
  BnHome     *b;
  BnSyncNode *node_a;
  BnSyncNode *node_b;
  guint       received_b;
  guint       changes_a;
  guint16     asked_port;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, "standard::name",
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                   NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static BnHome *
open_home (const char *root, const char *name)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);
  g_autoptr(GError) error = NULL;
  BnHome *home = bn_home_open (dir, TRUE, &error);

  g_assert_no_error (error);
  return home;
}

/* Every entry of @from into @to, as a log file would carry them. */
static void
copy_entries (BnHome *from, BnHome *to)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GError) error = NULL;
  GArray *heads = bn_store_list_heads (bn_home_get_store (from));
  BnInsertResult result = { 0 };

  for (guint i = 0; i < heads->len; i++)
    {
      g_autoptr(GPtrArray) log = bn_store_get_entries_after (bn_home_get_store (from),
                                                             g_array_index (heads, BnHead, i).author,
                                                             0, G_MAXINT);
      g_ptr_array_extend_and_steal (entries, g_steal_pointer (&log));
    }
  g_array_unref (heads);
  g_assert_true (bn_store_insert_entries (bn_home_get_store (to), entries, &result, &error));
  g_assert_no_error (error);
  bn_insert_result_clear (&result);
}

/* The two neighbours meet once: each has the other's log from the start. */
/* @b joins @a's neighbourhood the way two peers do: a request, an admission,
 * a welcome (docs/protocol.md §10). */
static void
join (BnHome *a, BnHome *b, const char *invite)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) welcome = NULL;

  g_assert_true (bn_home_join_hood (b, invite, &error));
  request = bn_home_get_join_request (b);
  welcome = bn_home_admit (a, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bn_home_accept_welcome (b, welcome, &error));
  g_assert_no_error (error);
}

static void
introduce (BnHome *a, BnHome *b)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_home_set_name (a, "A", &error));
  g_assert_true (bn_home_set_name (b, "B", &error));
  copy_entries (a, b);
  copy_entries (b, a);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *invite = NULL;

  f->root = g_dir_make_tmp ("bn-test-node-XXXXXX", &error);
  g_assert_no_error (error);
  f->a = open_home (f->root, "a");
  f->b = open_home (f->root, "b");
  g_free (bn_home_create_hood (f->a, "Teststraat", &error));
  g_assert_no_error (error);
  invite = bn_home_create_invite (f->a, 1, BN_INVITE_DEFAULT_MS, &error);
  g_assert_no_error (error);
  join (f->a, f->b, invite);
  introduce (f->a, f->b);
  f->node_a = bn_sync_node_new (f->a);
  f->node_b = bn_sync_node_new (f->b);
}

static void
node_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  guint *n_running = user_data;

  g_assert_true (bn_sync_node_stop_finish (BN_SYNC_NODE (source), result, NULL));
  (*n_running)--;
}

/* As serve does: every call a node started has ended before it is dropped. */
static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  guint n_running = 2;

  bn_sync_node_stop_async (f->node_a, node_stopped, &n_running);
  bn_sync_node_stop_async (f->node_b, node_stopped, &n_running);
  while (n_running > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->node_a);
  g_clear_object (&f->node_b);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  remove_tree (f->root);
  g_free (f->root);
}

static gboolean
timed_out (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so, for at most @seconds. */
static gboolean
wait_for (gboolean (*done) (Fixture *), Fixture *f, guint seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, timed_out, &expired);

  while (!done (f) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return done (f);
}

static gboolean
both_online (Fixture *f)
{
  return bn_sync_node_get_n_online (f->node_a) == 1 && bn_sync_node_get_n_online (f->node_b) == 1;
}

static gboolean
b_received_one (Fixture *f)
{
  return f->received_b >= 1;
}

static gboolean
both_synced (Fixture *f)
{
  return bn_sync_node_get_last_sync (f->node_a) > 0 && bn_sync_node_get_last_sync (f->node_b) > 0;
}

static void
count_received (BnSyncNode *node, GPtrArray *entries, Fixture *f)
{
  f->received_b += entries->len;
}

static void
start_linked (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  g_assert_true (bn_sync_node_start (f->node_a, 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bn_sync_node_get_port (f->node_a), >, 0);
  g_assert_true (bn_sync_node_start (f->node_b, 0, FALSE, &error));
  address = g_strdup_printf ("127.0.0.1:%u", bn_sync_node_get_port (f->node_a));
  g_assert_true (bn_sync_node_add_peer (f->node_b, address, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (both_online, f, 10));
}

static void
test_link_and_push (Fixture *f, gconstpointer data)
{
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Wie haalt brood?" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnPost) post = NULL;
  g_autofree char *id = NULL;
  GListModel *peers;
  g_autoptr(BnPeer) peer = NULL;
  g_autofree char *a_id = NULL;

  g_signal_connect (f->node_b, "entries-received", G_CALLBACK (count_received), f);
  start_linked (f);
  g_assert_cmpint (bn_sync_node_get_avahi_state (f->node_a), ==, BN_AVAHI_STATE_DISABLED);

  /* B's list: A, online, with A's peer ID learned from the greeting. */
  peers = bn_sync_node_get_peers (f->node_b);
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 1);
  peer = g_list_model_get_item (peers, 0);
  g_assert_true (bn_peer_get_online (peer));
  a_id = bn_home_dup_peer_id (f->a);
  g_assert_cmpstr (bn_peer_get_peer_id (peer), ==, a_id);

  f->received_b = 0;
  entry = bn_home_publish_post (f->a, &draft, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (b_received_one, f, 10));
  id = bn_entry_dup_id_hex (entry);
  post = bn_home_get_post (f->b, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (post->title, ==, "Wie haalt brood?");
  g_assert_cmpuint (bn_peer_get_entries_in (peer), >=, 1);

  /* Both sides know when they last synced: B ran the session, A was told. */
  g_assert_true (wait_for (both_synced, f, 10));

  bn_sync_node_stop (f->node_a);
  g_assert_false (bn_sync_node_is_running (f->node_a));
  g_assert_cmpuint (bn_sync_node_get_n_online (f->node_a), ==, 0);
}

typedef struct
{
  GMainLoop   *loop;
  BnSyncStats  stats;
  GError      *error;
} SyncResult;

static void
sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncResult *r = user_data;

  bn_sync_node_sync_finish (BN_SYNC_NODE (source), result, &r->stats, &r->error);
  g_main_loop_quit (r->loop);
}

static void
run_sync (BnSyncNode *node, const char *address, SyncResult *r)
{
  r->loop = g_main_loop_new (NULL, FALSE);
  bn_sync_node_sync_async (node, address, NULL, sync_done, r);
  g_main_loop_run (r->loop);
  g_main_loop_unref (r->loop);
}

static void
test_one_off_sync (Fixture *f, gconstpointer data)
{
  BnPostDraft draft = { .kind = "offer", .category = "garden", .title = "Snoeien" };
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  SyncResult first = { 0 }, again = { 0 };
  guint64 a_before, b_before, shared;

  /* What both hold already: the profiles they exchanged when they met. */
  shared = bn_store_count_entries (bn_home_get_store (f->a));
  g_assert_cmpuint (shared, ==, bn_store_count_entries (bn_home_get_store (f->b)));
  g_assert_true (bn_sync_node_start (f->node_a, 0, FALSE, &error));
  bn_entry_unref (bn_home_publish_post (f->a, &draft, &error));
  draft.title = "Ik zoek een ladder";
  draft.kind = "request";
  bn_entry_unref (bn_home_publish_post (f->b, &draft, &error));
  g_assert_no_error (error);
  address = g_strdup_printf ("127.0.0.1:%u", bn_sync_node_get_port (f->node_a));

  a_before = bn_store_count_entries (bn_home_get_store (f->a));
  b_before = bn_store_count_entries (bn_home_get_store (f->b));

  /* B is not running: a one-off sync needs no server of its own. */
  run_sync (f->node_b, address, &first);
  g_assert_no_error (first.error);
  g_assert_false (first.stats.in_sync);
  g_assert_cmpuint (first.stats.pulled, ==, a_before - shared);
  g_assert_cmpuint (first.stats.pushed, ==, b_before - shared);
  g_assert_cmpint (first.stats.visible_usec, >=, first.stats.stored_usec);
  run_sync (f->node_b, address, &again);
  g_assert_no_error (again.error);
  g_assert_true (again.stats.in_sync);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) lonely = open_home (f->root, "lonely");
  g_autoptr(BnSyncNode) node = bn_sync_node_new (lonely);
  SyncResult r = { 0 };

  g_assert_false (bn_sync_node_add_peer (f->node_a, "no-port-here", &error));
  g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_ADDRESS);
  g_clear_error (&error);
  g_assert_false (bn_sync_node_add_peer (f->node_a, "host:99999", &error));
  g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_ADDRESS);
  g_clear_error (&error);

  g_assert_false (bn_sync_node_start (node, 0, FALSE, &error));
  g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_NO_HOOD);
  g_clear_error (&error);

  /* Nobody listens there (a port we just had and gave back). */
  g_assert_true (bn_sync_node_start (f->node_a, 0, FALSE, &error));
  {
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", bn_sync_node_get_port (f->node_a));
    bn_sync_node_stop (f->node_a);
    run_sync (f->node_b, address, &r);
    /* The computer is there and refuses: not "no answer", which would send
     * the neighbour looking for a computer that is off. The reason alone:
     * whoever says it names the address ("Sync with X failed: …"). */
    g_assert_error (r.error, BN_NET_ERROR, BN_NET_ERROR_REFUSED);
    g_assert_cmpstr (bn_doctor_failure_kind (r.error), ==, "refused");
    g_assert_null (strstr (r.error->message, "127.0.0.1"));
  }
  g_clear_error (&r.error);
}

/* How a failure to connect is kept: refused apart from no answer, and the
 * reason without the host GLib names in it. */
static void
test_connect_errors (void)
{
  /* as GSocketClient words it: "Could not connect to nas.local: Connection refused" */
  g_autofree char *prefix = g_strdup_printf (g_dgettext ("glib20", "Could not connect to %s: "),
                                             "nas.local");
  g_autoptr(GError) refused = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                           "%sConnection refused", prefix);
  g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                     "Socket I/O timed out");
  g_autoptr(GError) kept = NULL;
  g_autoptr(GError) no_answer = NULL;

  kept = bn_sync_connect_error (refused, "nas.local:7447");
  g_assert_error (kept, BN_NET_ERROR, BN_NET_ERROR_REFUSED);
  g_assert_cmpstr (kept->message, ==, "Connection refused");
  g_assert_cmpstr (bn_doctor_failure_kind (kept), ==, "refused");

  no_answer = bn_sync_connect_error (timed_out, "192.168.1.20:7447");
  g_assert_error (no_answer, BN_NET_ERROR, BN_NET_ERROR_UNREACHABLE);
  g_assert_cmpstr (no_answer->message, ==, "Socket I/O timed out");
  g_assert_cmpstr (bn_doctor_failure_kind (no_answer), ==, "no-answer");
}

static void
test_port_taken (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_assert_true (bn_sync_node_start (f->node_a, 0, FALSE, &error));
  port = bn_sync_node_get_port (f->node_a);
  /* B asks for A's port: it gets another one and says so. */
  g_test_expect_message ("Buurtnet-Net", G_LOG_LEVEL_MESSAGE, "Port * is taken*");
  g_assert_true (bn_sync_node_start (f->node_b, port, FALSE, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (bn_sync_node_get_port (f->node_b), !=, port);
  g_assert_cmpuint (bn_sync_node_get_port (f->node_b), >, 0);
}

static gboolean
b_remembers_its_port (Fixture *f)
{
  return bn_sync_port_remembered (bn_home_get_store (f->b), f->asked_port) != 0;
}

/* A neighbour who wrote B's address down by hand finds B at the same port after
 * a restart: B keeps the port it fell back to, whether the one it asked for is
 * still taken or free again. */
static void
test_port_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint16 asked, got;

  g_assert_true (bn_sync_node_start (f->node_a, 0, FALSE, &error));
  asked = bn_sync_node_get_port (f->node_a);
  g_test_expect_message ("Buurtnet-Net", G_LOG_LEVEL_MESSAGE, "Port * is taken*");
  g_assert_true (bn_sync_node_start (f->node_b, asked, FALSE, &error));
  g_test_assert_expected_messages ();
  got = bn_sync_node_get_port (f->node_b);
  f->asked_port = asked;
  g_assert_true (wait_for (b_remembers_its_port, f, 10));
  g_assert_cmpuint (bn_sync_port_remembered (bn_home_get_store (f->b), asked), ==, got);

  /* Still taken: the same fallback, without trying the taken port first. */
  bn_sync_node_stop (f->node_b);
  g_assert_true (bn_sync_node_start (f->node_b, asked, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bn_sync_node_get_port (f->node_b), ==, got);

  /* Free again: still the port the neighbour wrote down. */
  bn_sync_node_stop (f->node_b);
  bn_sync_node_stop (f->node_a);
  g_assert_true (bn_sync_node_start (f->node_b, asked, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bn_sync_node_get_port (f->node_b), ==, got);
}

static void
count_change (BnSyncNode *node, Fixture *f)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  f->changes_a++;
}

static gboolean
a_changed (Fixture *f)
{
  return f->changes_a > 0;
}

/* Lets the main loop run for @ms, whatever happens. */
static void
settle (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add_once (ms, (GSourceOnceFunc) g_main_loop_quit, loop);
  g_main_loop_run (loop);
}

/* ::store-changed, whoever wrote, before the node even runs: one emission for a
 * burst of posts through the node's home, and one for a write by another
 * connection to the same data directory (another process, say). */
static void
test_store_changed (Fixture *f, gconstpointer data)
{
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Boodschappen" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->root, "a", NULL);
  g_autoptr(BnHome) other = NULL;

  g_signal_connect (f->node_a, "store-changed", G_CALLBACK (count_change), f);
  settle (100);
  g_assert_cmpuint (f->changes_a, ==, 0);

  for (guint i = 0; i < 3; i++)
    bn_entry_unref (bn_home_publish_post (f->a, &draft, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (a_changed, f, 10));
  settle (100);
  g_assert_cmpuint (f->changes_a, ==, 1);

  f->changes_a = 0;
  other = bn_home_open (dir, FALSE, &error);
  g_assert_no_error (error);
  bn_entry_unref (bn_home_publish_post (other, &draft, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (a_changed, f, 10));
}

static gpointer
publish_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_publish_post (home, data, error);
}

static void
published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
}

/* A post made on the node's writer thread, the way the app writes, goes out
 * over the live link at once and says ::store-changed. */
static void
test_write_on_writer (Fixture *f, gconstpointer data)
{
  static BnPostDraft draft = { .kind = "offer", .category = "garden", .title = "Snoeischaar" };
  g_autoptr(GPtrArray) posts = NULL;

  g_signal_connect (f->node_b, "entries-received", G_CALLBACK (count_received), f);
  g_signal_connect (f->node_a, "store-changed", G_CALLBACK (count_change), f);
  start_linked (f);
  f->received_b = 0;
  f->changes_a = 0;
  bn_store_worker_run_async (bn_sync_node_get_writer (f->node_a), publish_job, &draft, NULL,
                             (GDestroyNotify) bn_entry_unref, NULL, published, NULL);
  g_assert_true (wait_for (b_received_one, f, 10));
  g_assert_true (wait_for (a_changed, f, 10));
  posts = bn_store_list_posts (bn_home_get_store (f->b), NULL, "offer", NULL);
  g_assert_cmpuint (posts->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/buurtnet/net/node/link-and-push", test_link_and_push);
  ADD ("/buurtnet/net/node/one-off-sync", test_one_off_sync);
  ADD ("/buurtnet/net/node/errors", test_errors);
  g_test_add_func ("/buurtnet/net/node/connect-errors", test_connect_errors);
  ADD ("/buurtnet/net/node/port-taken", test_port_taken);
  ADD ("/buurtnet/net/node/port-kept", test_port_kept);
  ADD ("/buurtnet/net/node/store-changed", test_store_changed);
  ADD ("/buurtnet/net/node/write-on-writer", test_write_on_writer);
  return g_test_run ();
}
