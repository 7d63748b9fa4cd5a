/* test-home.c — the data directory and the actions a neighbour takes: one
 * neighbourhood per directory, only authors change their items, clear errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

typedef struct
{
  char   *dir;
  BnHome *ann;
  BnHome *bob;
  char   *invite;
} HomeFixture;

static void
fixture_setup (HomeFixture   *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->ann = bn_test_open_home (f->dir, "Ann");
  f->bob = bn_test_open_home (f->dir, "Bob");
  f->invite = bn_home_create_hood (f->ann, "Rabot", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->ann, f->bob, f->invite);
  bn_test_sync_homes (f->bob, f->ann);
}

static void
fixture_teardown (HomeFixture   *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_pointer (&f->invite, g_free);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* An error a person can act on: one sentence, no code, no raw SQL. */
static void
assert_sentence (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_ascii_isupper (error->message[0]) || (guchar) error->message[0] >= 0x80);
  g_assert_null (strstr (error->message, "SQL"));
  g_assert_null (strchr (error->message, '\n'));
}

static BnEntry *
publish (BnHome *home, const char *title)
{
  BnPostDraft draft = { .kind = "request", .category = "garden", .title = title };
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_publish_post (home, &draft, &error);

  g_assert_no_error (error);
  return entry;
}

static void
test_second_hood_refused (HomeFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *again = bn_home_create_hood (f->ann, "Brugse Poort", &error);
  g_autoptr(BnHome) zoe = bn_test_open_home (f->dir, "Zoe");
  g_autofree char *other_invite = bn_home_create_hood (zoe, "Elsewhere", NULL);
  g_autofree char *invite_after = NULL;

  g_assert_null (again);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_EXISTS);
  assert_sentence (error);
  g_assert_nonnull (strstr (error->message, "Rabot"));
  g_clear_error (&error);

  g_assert_false (bn_home_join_hood (f->bob, other_invite, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (bn_home_join_hood (f->bob, f->invite, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Still the first neighbourhood, here and after reopening; it still invites. */
  g_assert_cmpstr (bn_home_get_hood (f->ann)->name, ==, "Rabot");
  invite_after = bn_home_create_invite (f->ann, 1, BN_INVITE_DEFAULT_MS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (invite_after);
  {
    g_autofree char *path = g_strdup (bn_home_get_data_dir (f->bob));
    g_autoptr(BnHome) reopened = NULL;
    g_autofree char *bob_id = bn_home_dup_peer_id (f->bob);
    g_autofree char *reopened_id = NULL;

    g_clear_object (&f->bob);
    reopened = bn_home_open (path, FALSE, &error);
    g_assert_no_error (error);
    reopened_id = bn_home_dup_peer_id (reopened);
    g_assert_cmpstr (reopened_id, ==, bob_id);
    g_assert_nonnull (bn_home_get_hood (reopened));
    g_assert_cmpmem (bn_home_get_hood (reopened)->secret, BN_KEY_LEN,
                     bn_home_get_hood (f->ann)->secret, BN_KEY_LEN);
  }
}

static void
test_join_with_typo (HomeFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(BnHome) carl = bn_test_open_home (f->dir, "Carl");
  g_autofree char *invite = bn_test_invite (f->ann);
  g_autofree char *typo = g_strdup (invite);
  g_autoptr(GError) error = NULL;
  gsize i = strlen (typo) - 4;

  typo[i] = typo[i] == 'A' ? 'B' : 'A';
  g_assert_false (bn_home_join_hood (carl, typo, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO);
  assert_sentence (error);
  g_clear_error (&error);
  g_assert_null (bn_home_get_hood (carl));

  /* Nothing was half-adopted: the right code still works. */
  bn_test_join_home (f->ann, carl, invite);
  g_assert_cmpstr (bn_home_get_hood (carl)->name, ==, "Rabot");
}

static void
test_no_hood_yet (HomeFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(BnHome) carl = bn_test_open_home (f->dir, "Carl");
  BnPostDraft draft = { .kind = "offer", .category = "meals", .title = "Soup" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_home_publish_post (carl, &draft, &error);
  g_autofree char *invite = NULL;

  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_HOOD);
  assert_sentence (error);
  g_clear_error (&error);
  invite = bn_home_create_invite (carl, 1, BN_INVITE_DEFAULT_MS, &error);
  g_assert_null (invite);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_HOOD);
  g_assert_cmpuint (bn_store_count_entries (bn_home_get_store (carl)), ==, 0);
}

static void
test_missing_data_dir (HomeFixture   *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nobody", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) home = bn_home_open (path, FALSE, &error);

  g_assert_null (home);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND);
  assert_sentence (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_help_story (HomeFixture   *f,
                 gconstpointer  data)
{
  g_autoptr(BnEntry) post = publish (f->ann, "Prune the apple tree");
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) reply = NULL;
  g_autofree char *reply_id = NULL;
  g_autoptr(BnEntry) accept = NULL;
  g_autoptr(BnEntry) done = NULL;
  g_autoptr(BnEntry) thanks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnPost) seen = NULL;
  g_autofree char *bob_id = bn_home_dup_peer_id (f->bob);

  bn_test_sync_homes (f->ann, f->bob);
  reply = bn_home_reply (f->bob, post_id, "I have shears", &error);
  g_assert_no_error (error);
  reply_id = bn_entry_dup_id_hex (reply);
  bn_test_sync_homes (f->bob, f->ann);

  accept = bn_home_accept (f->ann, post_id, reply_id, &error);
  g_assert_no_error (error);
  done = bn_home_set_status (f->ann, post_id, "done", &error);
  g_assert_no_error (error);
  thanks = bn_home_thank (f->ann, post_id, "The tree looks great", &error);
  g_assert_no_error (error);
  bn_test_sync_homes (f->ann, f->bob);

  seen = bn_home_get_post (f->bob, post_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->status, ==, "done");
  g_assert_cmpstr (seen->accepted_reply, ==, reply_id);
  g_assert_cmpstr (seen->helper, ==, bob_id);
  g_assert_cmpstr (seen->helper_name, ==, "Bob");
  g_assert_cmpuint (seen->n_thanks, ==, 1);
}

static void
test_only_author_changes (HomeFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(BnEntry) post = publish (f->ann, "Water my plants");
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) reply = NULL;
  g_autofree char *reply_id = NULL;
  g_autoptr(GError) error = NULL;
  BnPostDraft change = { .title = "Mine now" };
  guint64 before;
  BnEntry *entry;

  bn_test_sync_homes (f->ann, f->bob);
  reply = bn_home_reply (f->bob, post_id, "I can", &error);
  g_assert_no_error (error);
  reply_id = bn_entry_dup_id_hex (reply);
  before = bn_store_count_entries (bn_home_get_store (f->bob));

  entry = bn_home_accept (f->bob, post_id, reply_id, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  assert_sentence (error);
  g_clear_error (&error);

  entry = bn_home_set_status (f->bob, post_id, "withdrawn", &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  entry = bn_home_edit_post (f->bob, post_id, &change, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  entry = bn_home_delete (f->bob, post_id, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  assert_sentence (error);
  g_clear_error (&error);

  /* Nothing was written by any of those attempts. */
  g_assert_cmpuint (bn_store_count_entries (bn_home_get_store (f->bob)), ==, before);
}

static void
test_reply_to_own_post (HomeFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(BnEntry) post = publish (f->ann, "Borrow a tent");
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(GError) error = NULL;
  guint64 before = bn_store_count_entries (bn_home_get_store (f->ann));
  g_autoptr(BnEntry) reply = bn_home_reply (f->ann, post_id, "Me!", &error);

  g_assert_null (reply);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  assert_sentence (error);
  g_assert_cmpuint (bn_store_count_entries (bn_home_get_store (f->ann)), ==, before);
}

static void
test_bad_ids (HomeFixture   *f,
              gconstpointer  data)
{
  g_autoptr(BnEntry) post = publish (f->ann, "Fix a chair");
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  const char *bad[] = {
    "", "abc", "not an id at all",
    "zz0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00",
    NULL,
  };
  guint64 before = bn_store_count_entries (bn_home_get_store (f->ann));
  BnPostDraft change = { .body = "x" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      BnPost *seen;
      BnEntry *entry;

#define EXPECT_INVALID(call) \
      G_STMT_START { \
        entry = (call); \
        g_assert_null (entry); \
        g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID); \
        assert_sentence (error); \
        g_clear_error (&error); \
      } G_STMT_END
      seen = bn_home_get_post (f->ann, bad[i], &error);
      g_assert_null (seen);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      assert_sentence (error);
      g_assert_nonnull (strstr (error->message, "64 hexadecimal"));
      g_clear_error (&error);
      EXPECT_INVALID (bn_home_reply (f->bob, bad[i], "hello", &error));
      EXPECT_INVALID (bn_home_accept (f->ann, bad[i], post_id, &error));
      EXPECT_INVALID (bn_home_accept (f->ann, post_id, bad[i], &error));
      EXPECT_INVALID (bn_home_set_status (f->ann, bad[i], "done", &error));
      EXPECT_INVALID (bn_home_edit_post (f->ann, bad[i], &change, &error));
      EXPECT_INVALID (bn_home_thank (f->ann, bad[i], "thanks", &error));
      EXPECT_INVALID (bn_home_delete (f->ann, bad[i], &error));
#undef EXPECT_INVALID
    }

  /* A well-formed ID of nothing we have: not found, also a sentence. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BnPost) seen = bn_home_get_post (f->ann, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &error);
    g_assert_null (seen);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND);
    assert_sentence (error);
  }
  g_assert_cmpuint (bn_store_count_entries (bn_home_get_store (f->ann)), ==, before);
}

static void
test_bad_drafts (HomeFixture   *f,
                 gconstpointer  data)
{
  const BnPostDraft drafts[] = {
    { .kind = "sell", .category = "garden", .title = "Bike" },
    { .kind = NULL, .category = "garden", .title = "Bike" },
    { .kind = "offer", .category = "weapons", .title = "Bike" },
    { .kind = "offer", .category = NULL, .title = "Bike" },
    { .kind = "offer", .category = "garden", .title = "   " },
    { .kind = "offer", .category = "garden", .title = NULL },
    { .kind = "offer", .category = "garden", .title = "Bike", .urgency = "yesterday" },
    { .kind = "offer", .category = "garden", .title = "Bike", .visibility = "everyone" },
    { .kind = "offer", .category = "garden", .title = "Bike", .visibility = "people" },
    { .kind = "offer", .category = "garden", .title = "Bike", .visibility = "people",
      .to = (const char *const[]) { "not-a-peer-id", NULL } },
    { .kind = "offer", .category = "garden", .title = "Bike", .visibility = "connectors" },
  };
  guint64 before = bn_store_count_entries (bn_home_get_store (f->ann));

  for (guint i = 0; i < G_N_ELEMENTS (drafts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) entry = bn_home_publish_post (f->ann, &drafts[i], &error);

      g_assert_null (entry);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      assert_sentence (error);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BnEntry) entry = NULL;
    g_autofree char *huge = g_strnfill (BN_PAYLOAD_MAX, 'x');
    BnPostDraft draft = { .kind = "offer", .category = "garden", .title = "Bike", .body = huge };

    entry = bn_home_publish_post (f->ann, &draft, &error);
    g_assert_null (entry);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE);
    assert_sentence (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BnPost) seen = NULL;
    g_autoptr(BnEntry) post = publish (f->ann, "Rake leaves");
    g_autofree char *post_id = bn_entry_dup_id_hex (post);
    g_autoptr(BnEntry) entry = bn_home_set_status (f->ann, post_id, "finished", &error);

    g_assert_null (entry);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
    assert_sentence (error);
    seen = bn_home_get_post (f->ann, post_id, NULL);
    g_assert_cmpstr (seen->status, ==, "open");
    g_assert_cmpuint (bn_store_count_entries (bn_home_get_store (f->ann)), ==, before + 1);
  }
  {
    g_autoptr(GError) error = NULL;
    char *talents[] = { "garden", "juggling", NULL };
    BnProfile profile = { .name = "Ann", .talents = talents };

    g_assert_false (bn_home_publish_profile (f->ann, &profile, &error));
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
    assert_sentence (error);
  }
}

/* The author of a private post changes it like any other: the change is sealed
 * to the same people, who see it. */
static void
test_private_post_changes (HomeFixture   *f,
                           gconstpointer  data)
{
  g_autofree char *bob_id = bn_home_dup_peer_id (f->bob);
  const char *to[] = { bob_id, NULL };
  BnPostDraft draft = {
    .kind = "request", .category = "paperwork", .title = "Help with a form",
    .visibility = "people", .to = to,
  };
  BnPostDraft change = { .body = "The one from the city" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) post = bn_home_publish_post (f->ann, &draft, &error);
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) edit = NULL;
  g_autoptr(BnEntry) status = NULL;
  g_autoptr(BnPost) seen = NULL;
  g_autoptr(BnHome) carl = bn_test_open_home (f->dir, "Carl");

  g_assert_no_error (error);
  edit = bn_home_edit_post (f->ann, post_id, &change, &error);
  g_assert_no_error (error);
  g_assert_nonnull (edit);
  status = bn_home_set_status (f->ann, post_id, "withdrawn", &error);
  g_assert_no_error (error);
  g_assert_nonnull (status);

  bn_test_sync_homes (f->ann, f->bob);
  seen = bn_home_get_post (f->bob, post_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->body, ==, "The one from the city");
  g_assert_cmpstr (seen->status, ==, "withdrawn");

  /* The edit is as private as the post: a neighbour who was not chosen
   * cannot open it. */
  {
    g_autofree char *invite = bn_test_invite (f->ann);
    bn_test_join_home (f->ann, carl, invite);
  }
  {
    g_autoptr(BnEntry) stored = bn_store_get_entry (bn_home_get_store (carl), edit->id);
    g_autoptr(JsonObject) opened = bn_payload_decrypt ((bn_home_get_hood (carl))->keys,
                                                       bn_home_get_identity (carl),
                                                       stored, NULL, &error);
    g_assert_null (opened);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_SEALED);
  }
}

/* Zoe's data directory belongs to another neighbourhood of the same name: none
 * of her entries gets into Ann's, and Ann's store is intact. */
static void
test_other_neighbourhood_refused (HomeFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(BnHome) zoe = bn_test_open_home (f->dir, "Zoe");
  g_autoptr(GError) error = NULL;
  g_autofree char *invite = bn_home_create_hood (zoe, "Rabot", &error);
  g_autoptr(BnEntry) post = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  BnInsertResult result = { 0 };
  guint64 before = bn_store_count_entries (bn_home_get_store (f->ann));

  g_assert_no_error (error);
  post = publish (zoe, "Buy my bike");
  entries = bn_test_store_entries (bn_home_get_store (zoe));
  bn_test_insert (bn_home_get_store (f->ann), entries, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, entries->len);
  g_assert_true (bn_test_result_has_reason (&result, "another neighbourhood"));
  bn_insert_result_clear (&result);

  g_assert_cmpuint (bn_store_count_entries (bn_home_get_store (f->ann)), ==, before);
  posts = bn_store_list_posts (bn_home_get_store (f->ann), NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 0);
  bn_test_assert_verifies (bn_home_get_store (f->ann));
}

static void
on_entries_added (BnStore *store, GPtrArray *entries, gpointer user_data)
{
  GPtrArray *seen = user_data;

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (seen, bn_entry_ref (g_ptr_array_index (entries, i)));
}

/* Front ends refresh on "entries-added": it names exactly the new entries. */
static void
test_entries_added_signal (HomeFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(BnEntry) post = NULL;
  g_autoptr(GPtrArray) all = NULL;
  BnInsertResult result = { 0 };
  gulong handler = g_signal_connect (bn_home_get_store (f->bob), "entries-added",
                                     G_CALLBACK (on_entries_added), seen);

  /* Everything again: all known, no signal. */
  all = bn_test_store_entries (bn_home_get_store (f->ann));
  bn_test_insert (bn_home_get_store (f->bob), all, &result);
  g_assert_cmpuint (result.added, ==, 0);
  bn_insert_result_clear (&result);
  g_assert_cmpuint (seen->len, ==, 0);
  g_clear_pointer (&all, g_ptr_array_unref);

  post = publish (f->ann, "Walk the dog");
  all = bn_test_store_entries (bn_home_get_store (f->ann));
  bn_test_insert (bn_home_get_store (f->bob), all, &result);
  g_assert_cmpuint (result.added, ==, 1);
  bn_insert_result_clear (&result);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpmem (((BnEntry *) g_ptr_array_index (seen, 0))->id, BN_HASH_LEN, post->id, BN_HASH_LEN);
  g_signal_handler_disconnect (bn_home_get_store (f->bob), handler);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/home/" path, HomeFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("second-hood-refused", test_second_hood_refused);
  ADD ("join-with-typo", test_join_with_typo);
  ADD ("no-hood-yet", test_no_hood_yet);
  ADD ("missing-data-dir", test_missing_data_dir);
  ADD ("help-story", test_help_story);
  ADD ("only-author-changes", test_only_author_changes);
  ADD ("reply-to-own-post", test_reply_to_own_post);
  ADD ("bad-ids", test_bad_ids);
  ADD ("bad-drafts", test_bad_drafts);
  ADD ("private-post-changes", test_private_post_changes);
  ADD ("other-neighbourhood-refused", test_other_neighbourhood_refused);
  ADD ("entries-added-signal", test_entries_added_signal);
#undef ADD

  return g_test_run ();
}
