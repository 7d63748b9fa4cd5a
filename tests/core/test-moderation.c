/* test-moderation.c — when a neighbour misbehaves (docs/protocol.md §6.2):
 * reports sealed to the connectors, hides that count only from connectors (and
 * from a post's author on their own post), unhides that converge, erasure on
 * every peer, blocking on one computer, and the moderation log; checked on real
 * data directories that exchange their entries as peers do, in every order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

typedef struct
{
  char   *dir;
  BnHome *anna;    /* the founder, a connector */
  BnHome *bram;
  BnHome *cas;
  BnHome *dora;
} ModFixture;

#define N_HOMES 4

static void
fixture_setup (ModFixture   *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  BnHome **homes[] = { &f->bram, &f->cas, &f->dora };
  const char *names[] = { "Bram", "Cas", "Dora" };

  f->dir = bn_test_make_tmpdir ();
  f->anna = bn_test_open_home (f->dir, "Anna");
  code = bn_home_create_hood (f->anna, "Rabot", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_autofree char *invite = i == 0 ? g_strdup (code) : bn_test_invite (f->anna);
      *homes[i] = bn_test_open_home (f->dir, names[i]);
      bn_test_join_home (f->anna, *homes[i], invite);
    }
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    bn_test_sync_homes (*homes[i], f->anna);
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    bn_test_sync_homes (f->anna, *homes[i]);
}

static void
fixture_teardown (ModFixture   *f,
                  gconstpointer data)
{
  g_clear_object (&f->anna);
  g_clear_object (&f->bram);
  g_clear_object (&f->cas);
  g_clear_object (&f->dora);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static void
homes_of (ModFixture *f, BnHome **homes)
{
  homes[0] = f->anna;
  homes[1] = f->bram;
  homes[2] = f->cas;
  homes[3] = f->dora;
}

/* Everything any of them holds, to every one of them. */
static void
sync_all (ModFixture *f)
{
  BnHome *homes[N_HOMES];

  homes_of (f, homes);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < N_HOMES; i++)
      for (guint j = 0; j < N_HOMES; j++)
        if (i != j)
          bn_test_sync_homes (homes[i], homes[j]);
}

/* Only what @from holds, to @to. */
static void
sync_one (BnHome *from, BnHome *to)
{
  bn_test_sync_homes (from, to);
}

static char *
peer_id (BnHome *home)
{
  return bn_home_dup_peer_id (home);
}

static BnEntry *
publish (BnHome *home, const char *title, const char *visibility)
{
  BnPostDraft draft = { .kind = "request", .category = "company", .title = title,
                        .body = "Details for the neighbours", .visibility = visibility };
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_publish_post (home, &draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static char *
hex (BnEntry *entry)
{
  return bn_entry_dup_id_hex (entry);
}

/* The post titled @title as @home lists it, or NULL. */
static BnPost *
find_post (BnHome *home, BnEntry *post)
{
  g_autoptr(GPtrArray) posts = bn_store_list_posts (bn_home_get_store (home), NULL, NULL, NULL);
  g_autofree char *id = hex (post);

  for (guint i = 0; i < posts->len; i++)
    if (g_strcmp0 (((BnPost *) g_ptr_array_index (posts, i))->id, id) == 0)
      return g_ptr_array_steal_index (posts, i);
  return NULL;
}

static BnNote *
find_reply (BnHome *home, BnEntry *post, BnEntry *reply)
{
  g_autoptr(GPtrArray) replies = bn_store_list_replies (bn_home_get_store (home), post->id);
  g_autofree char *id = hex (reply);

  for (guint i = 0; i < replies->len; i++)
    if (g_strcmp0 (((BnNote *) g_ptr_array_index (replies, i))->id, id) == 0)
      return g_ptr_array_steal_index (replies, i);
  return NULL;
}

static gboolean
shows_post (BnHome *home, BnEntry *post)
{
  g_autoptr(BnPost) shown = find_post (home, post);
  return shown != NULL;
}

static gboolean
shows_reply (BnHome *home, BnEntry *post, BnEntry *reply)
{
  g_autoptr(BnNote) shown = find_reply (home, post, reply);
  return shown != NULL;
}

static void
assert_hidden_by (BnHome *home, BnEntry *post, const char *name, const char *reason)
{
  g_autoptr(BnPost) shown = find_post (home, post);

  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->hidden_by_name, ==, name);
  g_assert_cmpstr (shown->hidden_reason, ==, reason);
  if (name != NULL)
    {
      g_assert_cmpstr (shown->title, ==, "");
      g_assert_null (shown->body);
    }
}

static void
assert_shown (BnHome *home, BnEntry *post, const char *title)
{
  g_autoptr(BnPost) shown = find_post (home, post);

  g_assert_nonnull (shown);
  g_assert_null (shown->hidden_by);
  g_assert_cmpstr (shown->title, ==, title);
}

static BnEntry *
append_json (BnHome *home, const char *json)
{
  g_autoptr(JsonObject) object = bn_test_json (json);
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_store_append_local (bn_home_get_store (home), object, NULL, &error);

  g_assert_no_error (error);
  return entry;
}

static guint
count_log (BnHome *home, const char *action)
{
  g_autoptr(GPtrArray) acts = bn_store_list_moderation (bn_home_get_store (home));
  guint n = 0;

  for (guint i = 0; i < acts->len; i++)
    n += g_strcmp0 (((BnModerationAct *) g_ptr_array_index (acts, i))->action, action) == 0;
  return n;
}

/* Cas is no connector: her peer refuses to hide for everyone, and a hide she
 * writes by hand (a modified client) is stored, forwarded, and ignored by every
 * peer, hers included; it is not in anyone's moderation log. */
static void
test_non_connector_hide_ignored (ModFixture   *f,
                                 gconstpointer data)
{
  BnHome *homes[N_HOMES];
  g_autoptr(BnEntry) post = publish (f->bram, "Drill to lend", NULL);
  g_autofree char *post_id = hex (post);
  g_autofree char *bram_id = peer_id (f->bram);
  g_autofree char *forged = g_strdup_printf ("{\"type\":\"hide\",\"target\":\"%s\","
                                             "\"reason\":\"I say so\",\"erase\":true}", post_id);
  g_autofree char *forged_member = g_strdup_printf ("{\"type\":\"hide\",\"member\":\"%s\","
                                                    "\"reason\":\"I say so\"}", bram_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) e1 = NULL, e2 = NULL;

  sync_all (f);
  g_assert_null (bn_home_hide (f->cas, post_id, "I say so", FALSE, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (bn_home_hide (f->cas, bram_id, "I say so", FALSE, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  e1 = append_json (f->cas, forged);
  e2 = append_json (f->cas, forged_member);
  sync_all (f);
  homes_of (f, homes);
  for (guint i = 0; i < N_HOMES; i++)
    {
      assert_shown (homes[i], post, "Drill to lend");
      g_assert_false (bn_test_payload_erased (bn_home_get_store (homes[i]), post));
      g_assert_cmpuint (count_log (homes[i], "hide"), ==, 0);
    }
}

/* Anna's hide reaches everyone, with her name and reason, and is logged; her
 * unhide shows the post again. A hide of a person covers all they post. */
static void
test_connector_hide_and_unhide (ModFixture   *f,
                                gconstpointer data)
{
  BnHome *homes[N_HOMES];
  g_autoptr(BnEntry) post = publish (f->bram, "Cheap watches", NULL);
  g_autoptr(BnEntry) other = publish (f->bram, "Cheaper watches", NULL);
  g_autoptr(BnEntry) hide = NULL, unhide = NULL, person = NULL;
  g_autofree char *post_id = hex (post);
  g_autofree char *bram_id = peer_id (f->bram);
  g_autoptr(GError) error = NULL;

  sync_all (f);
  hide = bn_home_hide (f->anna, post_id, "Advertising", FALSE, &error);
  g_assert_no_error (error);
  sync_all (f);
  homes_of (f, homes);
  for (guint i = 0; i < N_HOMES; i++)
    {
      assert_hidden_by (homes[i], post, "Anna", "Advertising");
      assert_shown (homes[i], other, "Cheaper watches");
      g_assert_cmpuint (count_log (homes[i], "hide"), ==, 1);
    }

  unhide = bn_home_unhide (f->anna, post_id, &error);
  g_assert_no_error (error);
  person = bn_home_hide (f->anna, bram_id, "Keeps selling", FALSE, &error);
  g_assert_no_error (error);
  sync_all (f);
  for (guint i = 0; i < N_HOMES; i++)
    {
      assert_hidden_by (homes[i], post, "Anna", "Keeps selling");
      assert_hidden_by (homes[i], other, "Anna", "Keeps selling");
      g_assert_cmpuint (count_log (homes[i], "unhide"), ==, 1);
    }
  g_clear_pointer (&unhide, bn_entry_unref);
  unhide = bn_home_unhide (f->anna, bram_id, &error);
  g_assert_no_error (error);
  sync_all (f);
  for (guint i = 0; i < N_HOMES; i++)
    assert_shown (homes[i], post, "Cheap watches");
  /* Nothing is hidden any more: nothing to undo. */
  g_assert_null (bn_home_unhide (f->anna, bram_id, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND);
}

/* A post's author hides a reply on their own post: it shows as hidden to those
 * who can read it, replier included; nobody else may hide it. */
static void
test_post_author_hides_reply (ModFixture   *f,
                              gconstpointer data)
{
  g_autoptr(BnEntry) post = publish (f->bram, "Help with the garden", NULL);
  g_autofree char *post_id = hex (post);
  g_autoptr(BnEntry) reply = NULL, hide = NULL, thanks = NULL;
  g_autofree char *reply_id = NULL, *thanks_id = NULL;
  g_autoptr(BnNote) note = NULL;
  g_autoptr(GError) error = NULL;

  sync_all (f);
  reply = bn_home_reply (f->cas, post_id, "Something rude", &error);
  g_assert_no_error (error);
  thanks = bn_home_thank (f->cas, post_id, "Nice garden", &error);
  g_assert_no_error (error);
  reply_id = hex (reply);
  thanks_id = hex (thanks);
  sync_all (f);
  g_assert_null (bn_home_hide (f->dora, thanks_id, "Not mine", FALSE, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (bn_home_hide (f->bram, reply_id, "Rude", TRUE, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  hide = bn_home_hide (f->bram, reply_id, "Rude", FALSE, &error);
  g_assert_no_error (error);
  sync_all (f);

  note = find_reply (f->bram, post, reply);
  g_assert_cmpstr (note->hidden_by_name, ==, "Bram");
  g_assert_cmpstr (note->hidden_reason, ==, "Rude");
  g_assert_cmpstr (note->text, ==, "");
  g_clear_pointer (&note, bn_note_free);
  note = find_reply (f->cas, post, reply);
  g_assert_cmpstr (note->hidden_by_name, ==, "Bram");
  g_assert_cmpuint (count_log (f->bram, "hide"), ==, 1);
}

/* Two connectors at once: Bram undoes Anna's hide while Anna, not having seen
 * that, hides the post again. An unhide undoes the hides it names only, so the
 * later hide stands on every peer, whatever the order the entries come in. */
static void
test_concurrent_hide_unhide_converge (ModFixture   *f,
                                      gconstpointer data)
{
  g_autoptr(BnEntry) post = publish (f->cas, "Selling puppies", NULL);
  g_autofree char *post_id = hex (post);
  g_autofree char *bram_id = peer_id (f->bram);
  g_autoptr(BnEntry) h1 = NULL, h2 = NULL, u1 = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  g_assert_no_error (error);
  sync_all (f);
  h1 = bn_home_hide (f->anna, post_id, "Not help", FALSE, &error);
  g_assert_no_error (error);
  sync_one (f->anna, f->bram);
  /* Apart: Bram undoes it, Anna hides it again. */
  u1 = bn_home_unhide (f->bram, post_id, &error);
  g_assert_no_error (error);
  assert_shown (f->bram, post, "Selling puppies");
  h2 = bn_home_hide (f->anna, post_id, "Still not help", FALSE, &error);
  g_assert_no_error (error);
  sync_all (f);
  assert_hidden_by (f->anna, post, "Anna", "Still not help");
  assert_hidden_by (f->bram, post, "Anna", "Still not help");

  all = bn_test_store_entries (bn_home_get_store (f->anna));
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *name = g_strdup_printf ("order-%u.db", round);
      g_autoptr(BnStore) store = bn_test_store_new (f->dir, name, bn_home_get_hood (f->dora),
                                                    bn_home_get_identity (f->dora));
      g_autoptr(GPtrArray) posts = NULL;
      BnInsertResult result = { 0 };

      for (guint i = all->len; i > 1; i--)
        {
          guint j = g_random_int_range (0, (gint) i);
          gpointer t = all->pdata[i - 1];
          all->pdata[i - 1] = all->pdata[j];
          all->pdata[j] = t;
        }
      for (guint pass = 0; pass < all->len && bn_store_count_entries (store) < all->len; pass++)
        for (guint i = 0; i < all->len; i++)
          {
            g_autoptr(GPtrArray) one = g_ptr_array_new ();
            g_ptr_array_add (one, g_ptr_array_index (all, i));
            bn_test_insert (store, one, &result);
            bn_insert_result_clear (&result);
          }
      g_assert_cmpuint (bn_store_count_entries (store), ==, all->len);
      posts = bn_store_list_posts (store, NULL, NULL, NULL);
      for (guint i = 0; i < posts->len; i++)
        {
          BnPost *p = g_ptr_array_index (posts, i);
          if (g_strcmp0 (p->id, post_id) == 0)
            g_assert_cmpstr (p->hidden_reason, ==, "Still not help");
        }
    }
}

/* Anna's hide with erase: the post's payload (and its author's edit) is erased
 * on every peer, its header kept, the chains verifiable; a peer that was away
 * when she hid it erases it too, and so does a fresh peer that gets the hide
 * before the post. */
static void
test_erase_everywhere (ModFixture   *f,
                       gconstpointer data)
{
  BnHome *homes[N_HOMES];
  g_autoptr(BnEntry) post = publish (f->cas, "Jan's phone number is 0470", NULL);
  g_autofree char *post_id = hex (post);
  BnPostDraft edit = { .body = "and his address" };
  g_autoptr(BnEntry) edited = NULL, hide = NULL;
  g_autoptr(GPtrArray) cas_before = NULL;
  g_autoptr(GError) error = NULL;

  edited = bn_home_edit_post (f->cas, post_id, &edit, &error);
  g_assert_no_error (error);
  sync_all (f);
  cas_before = bn_store_get_entries_after (bn_home_get_store (f->cas),
                                           bn_home_get_identity (f->cas)->public_key, 0, 100);
  /* Dora is away: she has the post, not the hide. */
  hide = bn_home_hide (f->anna, post_id, "Private details", TRUE, &error);
  g_assert_no_error (error);
  sync_one (f->anna, f->bram);
  sync_one (f->anna, f->cas);
  g_assert_false (bn_test_payload_erased (bn_home_get_store (f->dora), post));
  sync_one (f->bram, f->dora);

  homes_of (f, homes);
  for (guint i = 0; i < N_HOMES; i++)
    {
      BnStore *store = bn_home_get_store (homes[i]);

      g_assert_true (bn_test_payload_erased (store, post));
      g_assert_true (bn_test_payload_erased (store, edited));
      g_assert_false (bn_test_payload_erased (store, hide));
      g_assert_null (find_post (homes[i], post));
      g_assert_cmpuint (bn_test_count_rows (store, "SELECT count(*) FROM posts WHERE title IS NOT NULL"
                                                   " AND title LIKE '%0470%'"), ==, 0);
      g_assert_cmpuint (bn_test_count_rows (store, "SELECT count(*) FROM post_events"), ==, 0);
      g_assert_cmpuint (count_log (homes[i], "hide"), ==, 1);
      bn_test_assert_verifies (store);
    }

  /* A fresh peer gets Anna's log (the hide) first, then Cas's log as Cas
   * held it before the hide (the post with its payload): erased on arrival. */
  {
    g_autoptr(BnStore) fresh = bn_test_store_new (f->dir, "fresh.db", bn_home_get_hood (f->bram),
                                                  bn_home_get_identity (f->bram));
    g_autoptr(GPtrArray) anna = bn_test_store_entries (bn_home_get_store (f->anna));
    g_autoptr(GPtrArray) first = g_ptr_array_new ();
    BnInsertResult result = { 0 };

    for (guint i = 0; i < anna->len; i++)
      if (!bn_same_key (((BnEntry *) g_ptr_array_index (anna, i))->author,
                        bn_home_get_identity (f->cas)->public_key))
        g_ptr_array_add (first, g_ptr_array_index (anna, i));
    bn_test_insert (fresh, first, &result);
    bn_insert_result_clear (&result);
    bn_test_insert (fresh, cas_before, &result);
    g_assert_cmpuint (result.refused, ==, 0);
    bn_insert_result_clear (&result);
    g_assert_true (bn_test_payload_erased (fresh, post));
    g_assert_true (bn_test_payload_erased (fresh, edited));
    g_assert_cmpuint (bn_test_count_rows (fresh, "SELECT count(*) FROM posts WHERE title LIKE '%0470%'"),
                      ==, 0);
    bn_test_assert_verifies (fresh);
  }
}

static gboolean
file_holds (const char *path, const char *text)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  gsize n = strlen (text);

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (contents + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

/* What an erasing hide erased leaves no bytes behind: not in the database file
 * (secure_delete), not in the WAL, where the commits that first stored it are
 * (emptied after the erasing commit). Checkpoints are off here, as in a sync
 * node, so the WAL would otherwise keep every frame. */
static void
test_erase_leaves_no_bytes (ModFixture   *f,
                            gconstpointer data)
{
  BnHome *homes[N_HOMES];
  const char *secret = "Marie-at-0470-98-76-54";
  g_autoptr(BnEntry) post = NULL, hide = NULL;
  g_autofree char *post_id = NULL;
  g_autoptr(GError) error = NULL;

  homes_of (f, homes);
  for (guint i = 0; i < N_HOMES; i++)
    bn_store_set_autocheckpoint (bn_home_get_store (homes[i]), 0);
  post = publish (f->cas, secret, NULL);
  post_id = hex (post);
  sync_all (f);
  for (guint i = 0; i < N_HOMES; i++)
    {
      g_autofree char *wal = g_strconcat (bn_store_get_path (bn_home_get_store (homes[i])), "-wal", NULL);
      g_assert_true (file_holds (wal, secret));
    }
  hide = bn_home_hide (f->anna, post_id, "Private details", TRUE, &error);
  g_assert_no_error (error);
  sync_all (f);
  for (guint i = 0; i < N_HOMES; i++)
    {
      const char *db = bn_store_get_path (bn_home_get_store (homes[i]));
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);

      g_assert_true (bn_test_payload_erased (bn_home_get_store (homes[i]), post));
      g_assert_false (file_holds (db, secret));
      g_assert_false (file_holds (wal, secret));
    }
}

/* A hide with erase of a person: their posts, replies and thanks are erased on
 * every peer, their profile and roster entries stay (they remain a member). */
static void
test_erase_person (ModFixture   *f,
                   gconstpointer data)
{
  BnHome *homes[N_HOMES];
  g_autoptr(BnEntry) ask = publish (f->anna, "Soup for the street", NULL);
  g_autofree char *ask_id = hex (ask);
  g_autoptr(BnEntry) spam1 = publish (f->dora, "Buy now", NULL);
  g_autoptr(BnEntry) spam2 = publish (f->dora, "Buy more", "connectors");
  g_autoptr(BnEntry) reply = NULL, hide = NULL, later = NULL;
  g_autofree char *dora_id = peer_id (f->dora);
  g_autoptr(GError) error = NULL;

  sync_all (f);
  reply = bn_home_reply (f->dora, ask_id, "Buy my soup", &error);
  g_assert_no_error (error);
  sync_all (f);
  hide = bn_home_hide (f->anna, dora_id, "Spam", TRUE, &error);
  g_assert_no_error (error);
  sync_all (f);
  /* What she posts after the hide is hidden, not erased. */
  later = publish (f->dora, "Buy again", NULL);
  sync_all (f);

  homes_of (f, homes);
  for (guint i = 0; i < N_HOMES; i++)
    {
      BnStore *store = bn_home_get_store (homes[i]);
      g_autoptr(BnProfile) profile = bn_store_get_profile (store, bn_home_get_identity (f->dora)->public_key);

      g_assert_true (bn_test_payload_erased (store, spam1));
      g_assert_true (bn_test_payload_erased (store, spam2));
      g_assert_true (bn_test_payload_erased (store, reply));
      g_assert_false (bn_test_payload_erased (store, later));
      assert_hidden_by (homes[i], later, "Anna", "Spam");
      g_assert_nonnull (profile);
      g_assert_cmpstr (profile->name, ==, "Dora");
      g_assert_cmpint (bn_store_get_member_status (store, bn_home_get_identity (f->dora)->public_key,
                                                   NULL), ==, BN_MEMBER_ACTIVE);
      bn_test_assert_verifies (store);
    }
  g_assert_null (find_reply (f->anna, ask, reply));
}

/* Cas reports Bram's post: sealed to Anna (the connector) and Cas; Dora stores
 * and forwards it unread, and Anna gets it through her; Bram, whom it is about,
 * cannot read it. Anna marks it handled and Cas reads that. */
static void
test_report_sealed_and_handled (ModFixture   *f,
                                gconstpointer data)
{
  g_autoptr(BnEntry) post = publish (f->bram, "Loud party tonight", NULL);
  g_autofree char *post_id = hex (post);
  g_autoptr(BnEntry) report = NULL, handled = NULL;
  g_autofree char *report_id = NULL;
  g_autoptr(GPtrArray) at_anna = NULL, at_cas = NULL, at_dora = NULL, at_bram = NULL;
  g_autoptr(GError) error = NULL;

  sync_all (f);
  g_assert_null (bn_home_report (f->cas, post_id, "annoying", NULL, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);
  report = bn_home_report (f->cas, post_id, "harassment", "Every week", &error);
  g_assert_no_error (error);
  report_id = hex (report);
  sync_one (f->cas, f->dora);
  sync_one (f->dora, f->anna);
  sync_one (f->dora, f->bram);

  at_dora = bn_store_list_reports (bn_home_get_store (f->dora));
  at_bram = bn_store_list_reports (bn_home_get_store (f->bram));
  at_anna = bn_store_list_reports (bn_home_get_store (f->anna));
  g_assert_cmpuint (at_dora->len, ==, 0);
  g_assert_cmpuint (at_bram->len, ==, 0);
  g_assert_cmpuint (at_anna->len, ==, 1);
  {
    BnReport *r = g_ptr_array_index (at_anna, 0);
    g_autofree char *bram_id = peer_id (f->bram);
    g_assert_cmpstr (r->id, ==, report_id);
    g_assert_cmpstr (r->reason, ==, "harassment");
    g_assert_cmpstr (r->text, ==, "Every week");
    g_assert_cmpstr (r->author_name, ==, "Cas");
    g_assert_cmpstr (r->subject, ==, bram_id);
    g_assert_cmpstr (r->target_kind, ==, "post");
    g_assert_nonnull (strstr (r->quote, "Loud party tonight"));
    g_assert_null (r->handled_by);
  }
  /* Nothing happens on its own. */
  assert_shown (f->anna, post, "Loud party tonight");

  g_assert_null (bn_home_mark_report_handled (f->dora, report_id, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  handled = bn_home_mark_report_handled (f->anna, report_id, &error);
  g_assert_no_error (error);
  sync_all (f);
  at_cas = bn_store_list_reports (bn_home_get_store (f->cas));
  g_assert_cmpuint (at_cas->len, ==, 1);
  g_assert_cmpstr (((BnReport *) g_ptr_array_index (at_cas, 0))->handled_by_name, ==, "Anna");
  g_clear_pointer (&at_bram, g_ptr_array_unref);
  at_bram = bn_store_list_reports (bn_home_get_store (f->bram));
  g_assert_cmpuint (at_bram->len, ==, 0);
}

/* Anna blocks Cas on her computer: Cas's new reply does not show there, nor
 * her posts and thanks; Dora blocks Bram, a connector, and her next post for
 * the connectors is not sealed to him. Nobody else's view changes. */
static void
test_block (ModFixture   *f,
            gconstpointer data)
{
  g_autoptr(BnEntry) ask = publish (f->anna, "Help moving a sofa", NULL);
  g_autofree char *ask_id = hex (ask);
  g_autofree char *cas_id = peer_id (f->cas);
  g_autofree char *bram_id = peer_id (f->bram);
  g_autoptr(BnEntry) cas_post = publish (f->cas, "Cas's offer", NULL);
  g_autoptr(BnEntry) reply = NULL, secret = NULL;
  g_autoptr(BnPost) shown = NULL;
  g_autoptr(GPtrArray) blocked = NULL;
  g_autoptr(GError) error = NULL;
  const char *to[] = { NULL, NULL };

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  sync_all (f);
  g_assert_true (bn_home_block (f->anna, cas_id, &error));
  g_assert_no_error (error);
  reply = bn_home_reply (f->cas, ask_id, "I can help on Sunday", &error);
  g_assert_no_error (error);
  sync_all (f);
  g_assert_null (find_reply (f->anna, ask, reply));
  g_assert_null (find_post (f->anna, cas_post));
  shown = find_post (f->anna, ask);
  g_assert_cmpuint (shown->n_replies, ==, 0);
  g_assert_true (shows_post (f->bram, cas_post));
  blocked = bn_store_list_blocked (bn_home_get_store (f->anna));
  g_assert_cmpuint (blocked->len, ==, 1);
  g_assert_cmpstr (((BnBlocked *) g_ptr_array_index (blocked, 0))->name, ==, "Cas");

  /* Chosen people: naming someone blocked is refused. */
  to[0] = cas_id;
  {
    BnPostDraft draft = { .kind = "request", .category = "other", .title = "For Cas",
                          .visibility = "people", .to = to };
    g_assert_null (bn_home_publish_post (f->anna, &draft, &error));
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
    g_clear_error (&error);
  }

  g_assert_true (bn_home_block (f->dora, bram_id, &error));
  secret = publish (f->dora, "I feel lonely", "connectors");
  sync_all (f);
  g_assert_true (shows_post (f->anna, secret));
  g_assert_null (find_post (f->bram, secret));

  /* Unblocking shows Cas again. */
  g_assert_true (bn_home_unblock (f->anna, cas_id, &error));
  g_assert_true (shows_reply (f->anna, ask, reply));
}

/* Role changes and removals are in the log, with who, when and why. */
static void
test_log_roster_changes (ModFixture   *f,
                         gconstpointer data)
{
  g_autofree char *bram_id = peer_id (f->bram);
  g_autofree char *dora_id = peer_id (f->dora);
  g_autoptr(GPtrArray) acts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saw_appoint = FALSE, saw_remove = FALSE, saw_step_down = FALSE;

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  g_assert_true (bn_home_remove_member (f->anna, dora_id, "conduct", &error));
  sync_all (f);
  g_assert_true (bn_home_dismiss (f->bram, bram_id, &error));
  g_assert_no_error (error);
  sync_all (f);
  acts = bn_store_list_moderation (bn_home_get_store (f->cas));
  for (guint i = 0; i < acts->len; i++)
    {
      BnModerationAct *act = g_ptr_array_index (acts, i);

      if (g_str_equal (act->action, "appoint"))
        saw_appoint = g_strcmp0 (act->member_name, "Bram") == 0 && g_strcmp0 (act->actor_name, "Anna") == 0;
      else if (g_str_equal (act->action, "remove"))
        saw_remove = g_strcmp0 (act->member, dora_id) == 0 && g_strcmp0 (act->reason, "conduct") == 0;
      else if (g_str_equal (act->action, "step-down"))
        saw_step_down = g_strcmp0 (act->actor_name, "Bram") == 0;
    }
  g_assert_true (saw_appoint);
  g_assert_true (saw_remove);
  g_assert_true (saw_step_down);
}

/* A connector who steps down no longer speaks for everyone: their hides lapse
 * (the roster as it stands decides), and another connector confirms what
 * should stay hidden. */
static void
test_hides_follow_the_roster (ModFixture   *f,
                              gconstpointer data)
{
  g_autofree char *bram_id = peer_id (f->bram);
  g_autoptr(BnEntry) post = publish (f->cas, "Flyers", NULL);
  g_autofree char *post_id = hex (post);
  g_autoptr(BnEntry) hide = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  sync_all (f);
  hide = bn_home_hide (f->bram, post_id, "Advertising", FALSE, &error);
  g_assert_no_error (error);
  sync_all (f);
  assert_hidden_by (f->dora, post, "Bram", "Advertising");
  g_assert_true (bn_home_dismiss (f->anna, bram_id, &error));
  sync_all (f);
  assert_shown (f->dora, post, "Flyers");
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add ("/buurtnet/core/moderation/" path, ModFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("non-connector-hide-ignored", test_non_connector_hide_ignored);
  ADD ("connector-hide-and-unhide", test_connector_hide_and_unhide);
  ADD ("post-author-hides-reply", test_post_author_hides_reply);
  ADD ("concurrent-hide-unhide-converge", test_concurrent_hide_unhide_converge);
  ADD ("erase-everywhere", test_erase_everywhere);
  ADD ("erase-person", test_erase_person);
  ADD ("erase-leaves-no-bytes", test_erase_leaves_no_bytes);
  ADD ("report-sealed-and-handled", test_report_sealed_and_handled);
  ADD ("block", test_block);
  ADD ("log-roster-changes", test_log_roster_changes);
  ADD ("hides-follow-the-roster", test_hides_follow_the_roster);
#undef ADD
  return g_test_run ();
}
