/* test-session.c — the app's model without a window: writes on the writer
 * thread, models that follow the store, whoever wrote to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-session.h"

#include <string.h>

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
got_result (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;
  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

/* Iterates the main loop until the write's callback came. */
static GAsyncResult *
wait_for (Wait *wait)
{
  g_assert_true (bn_test_wait_until (has_result, wait, 5000));
  return wait->result;
}

static BnSession *
fresh_session (const char *name)
{
  g_autofree char *dir = bn_test_make_dir (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) home = bn_home_open (dir, TRUE, &error);

  g_assert_no_error (error);
  return bn_session_new (home);
}

static void
count (guint *counter)
{
  (*counter)++;
}

/* Starting a neighbourhood from the app: the writer stores it, the session
 * opens the data directory again and says it has a neighbourhood. */
static BnSession *
session_with_hood (const char *name, char **invite)
{
  BnSession *session = fresh_session (name);
  g_autoptr(GError) error = NULL;
  Wait named = { 0 }, created = { 0 };
  guint has_hood_changes = 0;

  g_signal_connect_swapped (session, "notify::has-hood", G_CALLBACK (count), &has_hood_changes);
  bn_session_set_name_async (session, "Anna", NULL, got_result, &named);
  bn_session_create_hood_async (session, "Kerkstraat", NULL, got_result, &created);
  g_assert_true (bn_session_write_finish (session, wait_for (&named), &error));
  *invite = bn_session_create_hood_finish (session, wait_for (&created), &error);
  g_assert_no_error (error);
  g_assert_nonnull (*invite);
  g_assert_true (bn_session_has_hood (session));
  g_assert_cmpstr (bn_session_get_hood_name (session), ==, "Kerkstraat");
  g_assert_cmpuint (has_hood_changes, ==, 1);
  g_signal_handlers_disconnect_by_data (session, &has_hood_changes);
  g_clear_object (&named.result);
  g_clear_object (&created.result);
  return session;
}

static void
test_hood_and_posts (void)
{
  g_autofree char *invite = NULL;
  g_autoptr(BnSession) session = session_with_hood ("writes", &invite);
  g_autoptr(GError) error = NULL;
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Groceries" };
  Wait published = { 0 }, withdrawn = { 0 }, deleted = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(BnPostItem) item = NULL;
  guint status_changes = 0;

  /* The name given before the neighbourhood became the first profile. */
  g_assert_nonnull (bn_session_get_my_profile_item (session));

  bn_session_publish_post_async (session, &draft, NULL, got_result, &published);
  id = bn_session_publish_post_finish (session, wait_for (&published), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  /* When the callback comes, the models show it already. */
  g_assert_cmpuint (g_list_model_get_n_items (bn_session_get_requests (session)), ==, 1);
  item = g_object_ref (bn_session_lookup_post (session, id));
  g_assert_cmpstr (bn_post_item_get_id (item), ==, id);

  /* A change updates the same item, and says what changed. */
  g_signal_connect_swapped (item, "notify::status", G_CALLBACK (count), &status_changes);
  bn_session_set_status_async (session, id, "withdrawn", NULL, got_result, &withdrawn);
  g_assert_true (bn_session_write_finish (session, wait_for (&withdrawn), &error));
  g_assert_true (bn_session_lookup_post (session, id) == item);
  g_assert_cmpstr (bn_post_item_get_post (item)->status, ==, "withdrawn");
  g_assert_cmpuint (status_changes, ==, 1);

  bn_session_delete_async (session, id, NULL, got_result, &deleted);
  g_assert_true (bn_session_write_finish (session, wait_for (&deleted), &error));
  g_assert_null (bn_session_lookup_post (session, id));
  g_assert_cmpuint (g_list_model_get_n_items (bn_session_get_requests (session)), ==, 0);

  g_clear_object (&published.result);
  g_clear_object (&withdrawn.result);
  g_clear_object (&deleted.result);
}

/* A write that cannot be made says why, in words, through the callback. */
static void
test_write_refused (void)
{
  g_autoptr(BnSession) session = fresh_session ("refused");
  g_autoptr(GError) error = NULL;
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Groceries" };
  Wait published = { 0 }, joined = { 0 };
  g_autofree char *id = NULL;

  bn_session_publish_post_async (session, &draft, NULL, got_result, &published);
  id = bn_session_publish_post_finish (session, wait_for (&published), &error);
  g_assert_null (id);
  g_assert_nonnull (error);
  g_test_message ("without a neighbourhood: %s", error->message);
  g_clear_error (&error);

  bn_session_join_hood_async (session, "buurt1-not-a-code", NULL, got_result, &joined);
  g_assert_false (bn_session_write_finish (session, wait_for (&joined), &error));
  g_assert_nonnull (error);
  g_assert_false (bn_session_has_hood (session));
  g_clear_object (&published.result);
  g_clear_object (&joined.result);
}

static gboolean
has_requests (gpointer session)
{
  return g_list_model_get_n_items (bn_session_get_requests (session)) > 0;
}

/* What a window sees: the has-hood property, notified at the refresh after
 * the welcome (bn_session_has_hood() reads the home, which knows at once). */
static gboolean
has_hood_notified (gpointer counter)
{
  return *(guint *) counter > 0;
}

typedef struct
{
  char *message;
} Failure;

static void
record_failure (BnSession *session, const char *message, Failure *failure)
{
  g_free (failure->message);
  failure->message = g_strdup (message);
}

static gboolean
has_failed (gpointer data)
{
  return ((Failure *) data)->message != NULL;
}

/* A newcomer whose peer asks Anna's (over loopback) to let them in with
 * @invite; returns once the request is made and the peer asks. */
static BnSession *
newcomer_asks (const char *name, guint16 anna_port, const char *invite,
               guint *has_hood_changes, Failure *failure)
{
  BnSession *session = fresh_session (name);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", anna_port);
  const char *peers[] = { address, NULL };
  g_autoptr(GError) error = NULL;
  Wait asked = { 0 };

  /* Before asking: the answer may come while the request is stored. */
  g_signal_connect_swapped (session, "notify::has-hood", G_CALLBACK (count), has_hood_changes);
  g_signal_connect (session, "join-failed", G_CALLBACK (record_failure), failure);
  bn_session_start_peer (session, 0, FALSE, peers);
  g_assert_false (bn_session_is_joining (session));   /* nothing to join with yet */
  bn_session_join_hood_async (session, invite, NULL, got_result, &asked);
  g_assert_true (bn_session_write_finish (session, wait_for (&asked), &error));
  g_assert_no_error (error);
  g_clear_object (&asked.result);
  return session;
}

/* Joining with a code: the newcomer's peer asks Anna's to let them in, over
 * loopback, and the session has a neighbourhood once a welcome came; a code
 * used already is refused in words. Then a post written by another program
 * on the same data directory (buurtnet-cli, say) reaches the models by itself. */
static void
test_join_and_other_writers (void)
{
  g_autofree char *invite = NULL;
  g_autoptr(BnSession) anna = session_with_hood ("other-anna", &invite);
  g_autoptr(BnSession) bram = NULL;
  g_autoptr(BnSession) chris = NULL;
  g_autoptr(BnHome) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = NULL;
  BnPostDraft draft = { .kind = "request", .category = "garden", .title = "Hedge" };
  Failure failure = { 0 };
  guint changed = 0, has_hood_changes = 0;

  bn_session_start_peer (anna, 0, FALSE, NULL);
  g_assert_true (bn_session_is_sharing (anna));
  g_assert_cmpuint (bn_session_get_port (anna), >, 0);

  bram = newcomer_asks ("other-bram", bn_session_get_port (anna), invite, &has_hood_changes, &failure);
  g_assert_true (bn_test_wait_until (has_hood_notified, &has_hood_changes, 10000));
  g_assert_true (bn_session_has_hood (bram));
  g_assert_cmpstr (bn_session_get_hood_name (bram), ==, "Kerkstraat");
  g_assert_false (bn_session_is_joining (bram));
  g_assert_true (bn_session_is_sharing (bram));   /* now as a member */
  g_assert_cmpuint (has_hood_changes, ==, 1);
  g_assert_null (failure.message);

  /* The code let one neighbour in: it lets no one else in, and says so. */
  has_hood_changes = 0;
  chris = newcomer_asks ("other-chris", bn_session_get_port (anna), invite, &has_hood_changes, &failure);
  g_assert_true (bn_test_wait_until (has_failed, &failure, 10000));
  g_test_message ("a used code: %s", failure.message);
  g_assert_nonnull (strstr (failure.message, "already been used"));
  g_assert_false (bn_session_has_hood (chris));
  g_assert_false (bn_session_is_joining (chris));
  g_assert_cmpuint (has_hood_changes, ==, 0);
  g_free (failure.message);

  other = bn_home_open (bn_home_get_data_dir (bn_session_get_home (anna)), FALSE, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (anna, "changed", G_CALLBACK (count), &changed);
  entry = bn_home_publish_post (other, &draft, &error);
  g_assert_no_error (error);
  g_assert_true (bn_test_wait_until (has_requests, anna, 5000));
  g_assert_cmpuint (changed, >=, 1);
  bn_session_stop_peer (chris);
  bn_session_stop_peer (bram);
  bn_session_stop_peer (anna);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add_func ("/buurtnet/app/session/hood-and-posts", test_hood_and_posts);
  g_test_add_func ("/buurtnet/app/session/write-refused", test_write_refused);
  g_test_add_func ("/buurtnet/app/session/join-and-other-writers", test_join_and_other_writers);
  return g_test_run ();
}
