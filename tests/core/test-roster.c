/* test-roster.c — who may read, who may stay (docs/protocol.md §9): appointed
 * connectors, admission with an invite, removal with a new key, and the rules
 * for concurrent changes, checked on real data directories that exchange their
 * entries as peers do, in every order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-invite.h"
#include "bn-join-request.h"
#include "bn-roster-private.h"
#include "bn-store-private.h"

#include <string.h>

typedef struct
{
  char   *dir;
  BnHome *anna;    /* the founder, a connector */
  BnHome *bram;
  BnHome *cas;
} RosterFixture;

static void
fixture_setup (RosterFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *second = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->anna = bn_test_open_home (f->dir, "Anna");
  f->bram = bn_test_open_home (f->dir, "Bram");
  f->cas = bn_test_open_home (f->dir, "Cas");
  code = bn_home_create_hood (f->anna, "Rabot", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->anna, f->bram, code);
  second = bn_test_invite (f->anna);
  bn_test_join_home (f->anna, f->cas, second);
  bn_test_sync_homes (f->bram, f->anna);
  bn_test_sync_homes (f->cas, f->anna);
  bn_test_sync_homes (f->anna, f->bram);
  bn_test_sync_homes (f->anna, f->cas);
}

static void
fixture_teardown (RosterFixture *f,
                  gconstpointer  data)
{
  g_clear_object (&f->anna);
  g_clear_object (&f->bram);
  g_clear_object (&f->cas);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static char *
peer_id (BnHome *home)
{
  return bn_home_dup_peer_id (home);
}

static BnMemberStatus
status_of (BnHome *on, BnHome *who)
{
  return bn_store_get_member_status (bn_home_get_store (on), bn_home_get_identity (who)->public_key,
                                     NULL);
}

static gboolean
is_connector (BnHome *on, BnHome *who)
{
  return bn_store_is_connector (bn_home_get_store (on), bn_home_get_identity (who)->public_key);
}

/* Everything any of them holds, to every one of them. */
static void
sync_all (BnHome **homes, guint n)
{
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n; i++)
      for (guint j = 0; j < n; j++)
        if (i != j)
          {
            g_autoptr(GPtrArray) entries = bn_test_store_entries (bn_home_get_store (homes[i]));
            BnInsertResult result = { 0 };
            bn_test_insert (bn_home_get_store (homes[j]), entries, &result);
            bn_insert_result_clear (&result);
          }
}

static BnEntry *
publish (BnHome *home, const char *title, const char *visibility)
{
  BnPostDraft draft = { .kind = "request", .category = "company", .title = title,
                        .visibility = visibility };
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_publish_post (home, &draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static gboolean
sees_post (BnHome *home, const char *title)
{
  g_autoptr(GPtrArray) posts = bn_store_list_posts (bn_home_get_store (home), NULL, NULL, NULL);

  for (guint i = 0; i < posts->len; i++)
    if (g_strcmp0 (((BnPost *) g_ptr_array_index (posts, i))->title, title) == 0)
      return TRUE;
  return FALSE;
}

/* The founder is the first connector; the others are members; the roster is
 * the same on every peer. */
static void
test_founder_and_members (RosterFixture *f,
                          gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };

  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_cmpint (status_of (homes[i], f->anna), ==, BN_MEMBER_ACTIVE);
      g_assert_cmpint (status_of (homes[i], f->bram), ==, BN_MEMBER_ACTIVE);
      g_assert_cmpint (status_of (homes[i], f->cas), ==, BN_MEMBER_ACTIVE);
      g_assert_true (is_connector (homes[i], f->anna));
      g_assert_false (is_connector (homes[i], f->bram));
    }
}

/* Anyone can become a connector no more: the profile flag grants nothing, and
 * an appointment by a non-connector is ignored by every peer, including the
 * writer's own. Only the connectors read what is for them. */
static void
test_only_connectors_appoint (RosterFixture *f,
                              gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnProfile) mallory = bn_home_get_my_profile (f->cas);
  g_autofree char *cas_id = peer_id (f->cas);
  g_autofree char *bram_id = peer_id (f->bram);
  g_autoptr(BnEntry) secret = NULL;

  mallory->connector = TRUE;
  g_assert_true (bn_home_publish_profile (f->cas, mallory, &error));
  g_assert_false (bn_home_appoint (f->cas, cas_id, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_assert_nonnull (strstr (error->message, "Anna"));
  g_clear_error (&error);

  /* Anna appoints Bram; Bram's discreet request reaches the connectors only. */
  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  g_assert_no_error (error);
  sync_all (homes, G_N_ELEMENTS (homes));
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_true (is_connector (homes[i], f->bram));
      g_assert_false (is_connector (homes[i], f->cas));
    }
  secret = publish (f->bram, "Ik voel me eenzaam", "connectors");
  sync_all (homes, G_N_ELEMENTS (homes));
  g_assert_true (sees_post (f->anna, "Ik voel me eenzaam"));
  g_assert_true (sees_post (f->bram, "Ik voel me eenzaam"));
  g_assert_false (sees_post (f->cas, "Ik voel me eenzaam"));
}

/* A roster entry written by hand by a non-connector (as a modified client
 * would), appointing themself and removing the founder: stored and forwarded
 * like any entry, and changes nothing on any peer. */
static void
test_forged_roster_entries_ignored (RosterFixture *f,
                                    gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autofree char *cas_id = peer_id (f->cas);
  g_autofree char *anna_id = peer_id (f->anna);
  g_autofree char *appoint = g_strdup_printf ("{\"type\":\"appoint\",\"after\":[],\"member\":\"%s\"}", cas_id);
  g_autofree char *remove = g_strdup_printf ("{\"type\":\"remove\",\"after\":[],\"member\":\"%s\",\"upto\":1}", anna_id);
  g_autoptr(JsonObject) a = bn_test_json (appoint);
  g_autoptr(JsonObject) r = bn_test_json (remove);
  g_autoptr(BnEntry) e1 = bn_store_append_local (bn_home_get_store (f->cas), a, NULL, NULL);
  g_autoptr(BnEntry) e2 = bn_store_append_local (bn_home_get_store (f->cas), r, NULL, NULL);

  g_assert_nonnull (e1);
  g_assert_nonnull (e2);
  sync_all (homes, G_N_ELEMENTS (homes));
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_false (is_connector (homes[i], f->cas));
      g_assert_true (is_connector (homes[i], f->anna));
      g_assert_cmpint (status_of (homes[i], f->anna), ==, BN_MEMBER_ACTIVE);
    }
}

/* Removing Bram: a new key, sealed to Anna and Cas; from then on Bram reads
 * nothing new, his new entries are not folded anywhere, and he knows he was
 * removed (he can read the removal, written in the old epoch). */
static void
test_removal_starts_an_epoch (RosterFixture *f,
                              gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autofree char *bram_id = peer_id (f->bram);
  g_autoptr(BnEntry) before = publish (f->cas, "Before the removal", NULL);
  g_autoptr(BnEntry) after = NULL;
  g_autoptr(BnEntry) late = NULL;
  g_autoptr(JsonObject) opened = NULL;
  g_autofree char *reason = NULL;

  sync_all (homes, G_N_ELEMENTS (homes));
  g_assert_true (sees_post (f->bram, "Before the removal"));
  g_assert_true (bn_home_remove_member (f->anna, bram_id, "moved", &error));
  g_assert_no_error (error);
  /* Cas learns of it (through Anna), then writes. */
  bn_test_sync_homes (f->anna, f->cas);
  after = publish (f->cas, "After the removal", NULL);
  /* Bram, not knowing yet, writes too; then everything reaches everyone. */
  late = publish (f->bram, "Bram did not know", NULL);
  sync_all (homes, G_N_ELEMENTS (homes));

  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    g_assert_cmpint (status_of (homes[i], f->bram), ==, BN_MEMBER_REMOVED);
  g_assert_true (sees_post (f->anna, "After the removal"));
  g_assert_false (sees_post (f->bram, "After the removal"));
  g_assert_false (sees_post (f->anna, "Bram did not know"));
  g_assert_false (sees_post (f->cas, "Bram did not know"));
  /* What Bram had before stays readable to him. */
  g_assert_true (sees_post (f->bram, "Before the removal"));
  opened = bn_payload_decrypt (bn_home_get_hood (f->bram)->keys, bn_home_get_identity (f->bram),
                               after, NULL, &error);
  g_assert_null (opened);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_KEY);
  g_assert_cmpint (bn_home_get_standing (f->bram, &reason, NULL), ==, BN_MEMBER_REMOVED);
  g_assert_cmpstr (reason, ==, "moved");
}

/* Two connectors remove each other at the same time: both are removed. */
static void
test_mutual_removals_both_apply (RosterFixture *f,
                                 gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autofree char *anna_id = peer_id (f->anna);
  g_autofree char *bram_id = peer_id (f->bram);
  g_autofree char *cas_id = peer_id (f->cas);

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  g_assert_true (bn_home_appoint (f->anna, cas_id, &error));
  sync_all (homes, G_N_ELEMENTS (homes));
  g_assert_true (is_connector (f->bram, f->bram));
  /* Apart, each removes the other. */
  g_assert_true (bn_home_remove_member (f->anna, bram_id, "conduct", &error));
  g_assert_true (bn_home_remove_member (f->bram, anna_id, "conduct", &error));
  g_assert_no_error (error);
  sync_all (homes, G_N_ELEMENTS (homes));
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_cmpint (status_of (homes[i], f->anna), ==, BN_MEMBER_REMOVED);
      g_assert_cmpint (status_of (homes[i], f->bram), ==, BN_MEMBER_REMOVED);
      g_assert_cmpint (status_of (homes[i], f->cas), ==, BN_MEMBER_ACTIVE);
    }
}

/* Dismissing a connector voids what they did at the same time: Bram, dismissed
 * by Anna, appoints Cas concurrently; Cas is not a connector anywhere. */
static void
test_dismissed_connector_acts_void (RosterFixture *f,
                                    gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autofree char *bram_id = peer_id (f->bram);
  g_autofree char *cas_id = peer_id (f->cas);

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  sync_all (homes, G_N_ELEMENTS (homes));
  g_assert_true (bn_home_dismiss (f->anna, bram_id, &error));
  g_assert_true (bn_home_appoint (f->bram, cas_id, &error));
  g_assert_no_error (error);
  sync_all (homes, G_N_ELEMENTS (homes));
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_false (is_connector (homes[i], f->bram));
      g_assert_false (is_connector (homes[i], f->cas));
      g_assert_cmpint (status_of (homes[i], f->bram), ==, BN_MEMBER_ACTIVE);
    }
}

/* A removal wins over a concurrent admission: Bram admits Dora with a code
 * while Anna removes Dora's... Dora is never a member once a removal of her
 * stands, whatever the order. Here: Anna removes Cas while Cas, not knowing,
 * admits Dora; Cas's admission is void with Cas, and Dora is no member. */
static void
test_removal_wins_over_concurrent_admission (RosterFixture *f,
                                             gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autofree char *cas_id = peer_id (f->cas);
  g_autoptr(BnHome) dora = bn_test_open_home (f->dir, "Dora");
  g_autofree char *code = bn_test_invite (f->cas);

  bn_test_sync_homes (f->cas, f->anna);
  g_assert_true (bn_home_remove_member (f->anna, cas_id, "conduct", &error));
  g_assert_no_error (error);
  bn_test_join_home (f->cas, dora, code);
  sync_all (homes, G_N_ELEMENTS (homes));
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_cmpint (status_of (homes[i], f->cas), ==, BN_MEMBER_REMOVED);
      g_assert_cmpint (status_of (homes[i], dora), !=, BN_MEMBER_ACTIVE);
    }
}

/* One code used on two partitions at once: after they meet, one newcomer is a
 * member and the other is not, the same one on every peer. */
static void
test_one_code_two_partitions (RosterFixture *f,
                              gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(BnHome) dora = bn_test_open_home (f->dir, "Dora");
  g_autoptr(BnHome) eli = bn_test_open_home (f->dir, "Eli");
  g_autofree char *code = bn_test_invite (f->anna);
  BnMemberStatus dora_status, eli_status;

  /* Bram and Cas both hold the invite; they are apart when the two come. */
  sync_all (homes, G_N_ELEMENTS (homes));
  bn_test_join_home (f->bram, dora, code);
  bn_test_join_home (f->cas, eli, code);
  sync_all (homes, G_N_ELEMENTS (homes));
  dora_status = status_of (f->anna, dora);
  eli_status = status_of (f->anna, eli);
  g_assert_true ((dora_status == BN_MEMBER_ACTIVE) != (eli_status == BN_MEMBER_ACTIVE));
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_assert_cmpint (status_of (homes[i], dora), ==, dora_status);
      g_assert_cmpint (status_of (homes[i], eli), ==, eli_status);
    }
}

/* Fresh stores fed every entry @from holds, one by one in a shuffled order,
 * then again until everything is in (as repeated syncs do). */
static BnStore *
shuffled_copy (RosterFixture *f, BnHome *from, guint round)
{
  g_autofree char *name = g_strdup_printf ("copy-%u.db", round);
  BnStore *store = bn_test_store_new (f->dir, name, bn_home_get_hood (from),
                                      bn_home_get_identity (from));
  g_autoptr(GPtrArray) all = bn_test_store_entries (bn_home_get_store (from));
  BnInsertResult result = { 0 };

  for (guint i = all->len; i > 1; i--)
    {
      guint j = g_random_int_range (0, (gint) i);
      gpointer t = all->pdata[i - 1];
      all->pdata[i - 1] = all->pdata[j];
      all->pdata[j] = t;
    }
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_ptr_array_add (one, g_ptr_array_index (all, i));
      bn_test_insert (store, one, &result);
      bn_insert_result_clear (&result);
    }
  for (guint pass = 0; pass < all->len && bn_store_count_entries (store) < all->len; pass++)
    {
      bn_test_insert (store, all, &result);
      bn_insert_result_clear (&result);
    }
  g_assert_cmpuint (bn_store_count_entries (store), ==, all->len);
  return store;
}

/* One text of what a query gives (its rows' single column), to compare stores. */
static char *
query_text (BnStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* What the store keeps of its roster's evaluation: which roster entries are
 * valid, the members table, the invites. */
static const char *const roster_tables[] = {
  "SELECT group_concat (hex (id) || ':' || valid, ',') FROM (SELECT * FROM roster_ops ORDER BY id)",
  "SELECT group_concat (hex (key) || ':' || status || ':' || connector || ':' || cut || ':'"
  " || ifnull (hex (granted_by), '') || ':' || ifnull (hex (ended_op), '') || ':'"
  " || ifnull (hex (replaced_by), ''), ',') FROM (SELECT * FROM members ORDER BY key)",
  "SELECT group_concat (hex (id) || ':' || hex (op) || ':' || used || ':' || revoked, ',')"
  " FROM (SELECT * FROM invites ORDER BY id)",
};

static void assert_same_roster_tables (BnStore *store, BnStore *reference);

/* The roster and everything folded with it are the same whatever order the
 * entries arrive in: twenty shuffles of every entry into fresh stores, each
 * evaluating the roster again with every entry that arrives. */
static void
test_same_roster_in_any_order (RosterFixture *f,
                               gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autofree char *bram_id = peer_id (f->bram);
  g_autofree char *cas_id = peer_id (f->cas);
  g_autoptr(GPtrArray) reference = NULL;

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  bn_entry_unref (publish (f->bram, "Soep voor iedereen", "connectors"));
  bn_entry_unref (publish (f->cas, "Tuinstoelen te leen", NULL));
  g_assert_true (bn_home_remove_member (f->anna, cas_id, "left", &error));
  g_assert_no_error (error);
  bn_entry_unref (publish (f->anna, "Na het vertrek", NULL));
  sync_all (homes, G_N_ELEMENTS (homes));
  reference = bn_store_list_members (bn_home_get_store (f->anna), TRUE);
  /* Cas's post came after the last entry of hers Anna held when she removed
   * her: it is beyond Cas's cut, on every peer. */
  g_assert_true (sees_post (f->anna, "Soep voor iedereen"));
  g_assert_true (sees_post (f->anna, "Na het vertrek"));
  g_assert_false (sees_post (f->anna, "Tuinstoelen te leen"));

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(BnStore) store = shuffled_copy (f, f->anna, round);
      g_autoptr(GPtrArray) members = NULL;
      g_autoptr(GPtrArray) posts = NULL;

      members = bn_store_list_members (store, TRUE);
      g_assert_cmpuint (members->len, ==, reference->len);
      for (guint i = 0; i < members->len; i++)
        {
          const BnMember *a = g_ptr_array_index (members, i), *b = g_ptr_array_index (reference, i);
          g_assert_cmpstr (a->peer_id, ==, b->peer_id);
          g_assert_cmpstr (a->status, ==, b->status);
          g_assert_cmpint (a->connector, ==, b->connector);
        }
      assert_same_roster_tables (store, bn_home_get_store (f->anna));
      posts = bn_store_list_posts (store, NULL, NULL, NULL);
      g_assert_cmpuint (posts->len, ==, 2);
      for (guint i = 0; i < posts->len; i++)
        g_assert_true (sees_post (f->anna, ((BnPost *) g_ptr_array_index (posts, i))->title));
    }
}

static void
assert_same_roster_tables (BnStore *store, BnStore *reference)
{
  for (guint t = 0; t < G_N_ELEMENTS (roster_tables); t++)
    {
      g_autofree char *mine = query_text (store, roster_tables[t]);
      g_autofree char *theirs = query_text (reference, roster_tables[t]);
      g_assert_cmpstr (mine, ==, theirs);
    }
}

/* Concurrent acts, in any arrival order: apart, Anna removes Cas and dismisses
 * Bram, while Bram, still a connector as far as he knows, appoints Cas, and
 * Cas admits Dora. Every peer ends with the same roster whatever reached it
 * first, though many orders make Bram's appointment and Dora's admission valid
 * for a while before the removal and the dismissal arrive and void them. */
static void
test_concurrent_acts_in_any_order (RosterFixture *f,
                                   gconstpointer  data)
{
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  g_autoptr(GError) error = NULL;
  g_autofree char *bram_id = peer_id (f->bram);
  g_autofree char *cas_id = peer_id (f->cas);
  g_autoptr(BnHome) dora = bn_test_open_home (f->dir, "Dora");
  g_autofree char *code = NULL;

  g_assert_true (bn_home_appoint (f->anna, bram_id, &error));
  code = bn_test_invite (f->cas);
  sync_all (homes, G_N_ELEMENTS (homes));
  g_assert_true (bn_home_remove_member (f->anna, cas_id, "conduct", &error));
  g_assert_true (bn_home_dismiss (f->anna, bram_id, &error));
  g_assert_true (bn_home_appoint (f->bram, cas_id, &error));
  g_assert_no_error (error);
  bn_test_join_home (f->cas, dora, code);
  sync_all (homes, G_N_ELEMENTS (homes));
  g_assert_cmpint (status_of (f->anna, f->cas), ==, BN_MEMBER_REMOVED);
  g_assert_cmpint (status_of (f->anna, dora), !=, BN_MEMBER_ACTIVE);
  g_assert_false (is_connector (f->anna, f->bram));
  g_assert_false (is_connector (f->anna, f->cas));
  /* (Cas, removed, cannot read what Anna wrote with the new key.) */
  assert_same_roster_tables (bn_home_get_store (f->bram), bn_home_get_store (f->anna));

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(BnStore) store = shuffled_copy (f, f->anna, round);
      assert_same_roster_tables (store, bn_home_get_store (f->anna));
    }
}

static gboolean
roster_says_connector (BnHome *on, BnHome *who)
{
  g_autoptr(BnRoster) roster = bn_store_load_roster (bn_home_get_store (on));
  const BnRosterMember *m = bn_roster_get_member (roster, bn_home_get_identity (who)->public_key);

  return m != NULL && m->connector;
}

/* A store keeps the roster it evaluated last only while it is the roster of
 * what the database holds: another connection's commit (here a second Anna on
 * the same data directory, as the app's writer thread or a CLI beside `serve`
 * would be) or a roster entry folded on this one makes it evaluate again. */
static void
test_kept_roster_follows_the_database (RosterFixture *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "Anna", NULL);
  g_autoptr(BnHome) other = bn_home_open (path, TRUE, &error);
  g_autofree char *bram_id = peer_id (f->bram);

  g_assert_no_error (error);
  g_assert_false (roster_says_connector (f->anna, f->bram));
  g_assert_false (roster_says_connector (f->anna, f->bram));   /* the kept one */
  g_assert_true (bn_home_appoint (other, bram_id, &error));
  g_assert_no_error (error);
  g_assert_true (roster_says_connector (f->anna, f->bram));
  g_assert_true (roster_says_connector (other, f->bram));
  g_assert_true (bn_home_dismiss (f->anna, bram_id, &error));
  g_assert_no_error (error);
  g_assert_false (roster_says_connector (f->anna, f->bram));
  g_assert_false (roster_says_connector (other, f->bram));
}

/* An upgraded neighbourhood (made before protocol version 2): its roster starts
 * from the version 1 logs, with the connectors their profiles named; a
 * connector's peer renews the key at once. */
static void
test_upgraded_neighbourhood (void)
{
  g_autofree char *dir = bn_test_make_tmpdir ();
  g_autoptr(BnHood) hood = bn_hood_new_random ("Oude buurt", NULL);
  g_autoptr(BnTestLog) ann = bn_test_log_new (hood, 1700000000000);
  g_autoptr(BnTestLog) ben = bn_test_log_new (hood, 1700000000000);
  g_autoptr(BnEntry) p1 = bn_test_log_append_text (ann, "{\"type\":\"profile\",\"name\":\"Ann\",\"connector\":true}",
                                                   strlen ("{\"type\":\"profile\",\"name\":\"Ann\",\"connector\":true}"));
  g_autoptr(BnEntry) p2 = bn_test_log_append_text (ben, "{\"type\":\"profile\",\"name\":\"Ben\"}",
                                                   strlen ("{\"type\":\"profile\",\"name\":\"Ben\"}"));
  g_autoptr(BnStore) store = bn_test_store_new (dir, "old.db", hood, ann->identity);
  g_autoptr(GPtrArray) batch = bn_test_entries (p1, p2, NULL);
  BnInsertResult result = { 0 };

  bn_test_insert (store, batch, &result);
  g_assert_cmpuint (result.added, ==, 2);
  bn_insert_result_clear (&result);
  /* No root yet: the old rules hold (everyone with a log, the profile's flag). */
  g_assert_cmpint (bn_store_get_member_status (store, ben->identity->public_key, NULL), ==,
                   BN_MEMBER_ACTIVE);
  g_assert_true (bn_store_is_connector (store, ann->identity->public_key));
  g_clear_object (&store);

  /* Ann's peer upgrades: her data directory holds that neighbourhood (as an
   * earlier Buurtnet stored it) and her own version 1 log. */
  {
    g_autoptr(BnHome) home = bn_test_open_home (dir, "ann-home");
    g_autofree char *secret = bn_hex_encode (hood->secret, BN_KEY_LEN);
    g_autofree char *path = g_strdup (bn_home_get_data_dir (home));
    g_autoptr(BnTestLog) mine = bn_test_log_new (hood, 1700000000000);
    g_autoptr(BnEntry) own = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) members = NULL;
    g_autofree char *current = NULL;
    g_autofree char *k0 = NULL;
    BnStore *s;

    memcpy (mine->identity, bn_home_get_identity (home), sizeof (BnIdentity));
    own = bn_test_log_append_text (mine, "{\"type\":\"profile\",\"name\":\"Ann\",\"connector\":true}",
                                   strlen ("{\"type\":\"profile\",\"name\":\"Ann\",\"connector\":true}"));
    g_assert_true (bn_store_set_meta (bn_home_get_store (home), "hood_name", "Oude buurt", &error));
    g_assert_true (bn_store_set_meta (bn_home_get_store (home), "hood_secret", secret, &error));
    g_clear_object (&home);
    home = bn_home_open (path, FALSE, &error);
    g_assert_no_error (error);
    g_assert_false (bn_home_get_hood (home)->has_founder);
    s = bn_home_get_store (home);
    entries = bn_test_entries (own, p2, NULL);
    bn_test_insert (s, entries, &result);
    g_assert_cmpuint (result.refused, ==, 0);
    bn_insert_result_clear (&result);

    g_assert_true (bn_home_tend_roster (home, &error));
    g_assert_no_error (error);
    members = bn_store_list_members (s, FALSE);
    g_assert_cmpuint (members->len, ==, 2);
    g_assert_true (bn_store_is_connector (s, mine->identity->public_key));
    g_assert_false (bn_store_is_connector (s, ben->identity->public_key));
    g_assert_cmpint (bn_store_get_member_status (s, ben->identity->public_key, NULL), ==,
                     BN_MEMBER_ACTIVE);
    /* The key the old codes carried is left behind at once. */
    current = bn_store_get_meta (s, "current_key");
    k0 = bn_hex_encode (bn_keyring_get_legacy (bn_home_get_hood (home)->keys)->id, BN_KEY_ID_LEN);
    g_assert_nonnull (current);
    g_assert_cmpstr (current, !=, k0);
    /* Upkeep again writes nothing. */
    {
      guint64 before = bn_store_count_entries (s);
      g_assert_true (bn_home_tend_roster (home, &error));
      g_assert_cmpuint (bn_store_count_entries (s), ==, before);
    }
  }
  bn_test_remove_tree (dir);
}

/* A welcome whose anchor does not match its first key is refused, and the
 * newcomer stays outside. */
static void
test_welcome_must_hold_together (RosterFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(BnHome) dora = bn_test_open_home (f->dir, "Dora");
  g_autoptr(BnHome) zoe = bn_test_open_home (f->dir, "Zoe");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = bn_test_invite (f->anna);
  g_autofree char *other = bn_home_create_hood (zoe, "Elders", &error);
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) theirs = NULL;

  g_assert_true (bn_home_join_hood (dora, code, &error));
  request = bn_home_get_join_request (dora);
  /* Zoe, of another neighbourhood, does not know the invite. */
  theirs = bn_home_admit (zoe, request, NULL, &error);
  g_assert_null (theirs);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A welcome sealed to someone else does not open. */
  {
    g_autoptr(GBytes) not_mine = bn_home_make_welcome (f->anna, bn_home_get_identity (f->bram)->public_key);
    g_assert_false (bn_home_accept_welcome (dora, not_mine, &error));
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
    g_assert_null (bn_home_get_hood (dora));
  }
}

/* An entry sealed with a key that reaches a peer later (the epoch entry comes
 * after, from another author's log) waits, and shows once the key is there. */
static void
test_entries_wait_for_their_key (RosterFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) fresh = NULL;
  g_autoptr(GPtrArray) cas_log = NULL;
  BnInsertResult result = { 0 };

  g_assert_true (bn_home_renew_key (f->anna, &error));
  g_assert_no_error (error);
  bn_test_sync_homes (f->anna, f->cas);
  fresh = publish (f->cas, "Sealed with the new key", NULL);
  /* Bram gets Cas's log first, then Anna's. */
  cas_log = bn_store_get_entries_after (bn_home_get_store (f->cas),
                                        bn_home_get_identity (f->cas)->public_key, 0, G_MAXUINT);
  bn_test_insert (bn_home_get_store (f->bram), cas_log, &result);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
  g_assert_false (sees_post (f->bram, "Sealed with the new key"));
  bn_test_sync_homes (f->anna, f->bram);
  g_assert_true (sees_post (f->bram, "Sealed with the new key"));
}

/* A lost laptop (docs/protocol.md §9.7): the identity that replaced Cas may
 * withdraw what Cas posted, and its profile carries over what Cas's said; the
 * others may not touch her posts; every peer agrees, whatever the order. */
static void
test_replaced_members_items (RosterFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cas_id = peer_id (f->cas);
  g_autofree char *code = bn_test_invite (f->anna);
  g_autofree char *post_id = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr(BnHome) cas_new = bn_test_open_home (f->dir, "cas-new");
  g_autoptr(BnEntry) post = NULL;
  g_autoptr(BnEntry) withdrawn = NULL;
  g_autoptr(BnProfile) profile = g_new0 (BnProfile, 1);
  g_autoptr(BnProfile) carried = NULL;
  BnHome *homes[] = { f->anna, f->bram, f->cas };
  const char *talents[] = { "errands", NULL };

  profile->name = g_strdup ("Cas");
  profile->about = g_strdup ("Ik fiets graag");
  profile->talents = g_strdupv ((char **) talents);
  g_assert_true (bn_home_publish_profile (f->cas, profile, &error));
  g_assert_no_error (error);
  post = publish (f->cas, "Fietspomp gezocht", NULL);
  post_id = bn_hex_encode (post->id, BN_HASH_LEN);
  sync_all (homes, G_N_ELEMENTS (homes));

  /* Her new computer joins with a name of its own and nothing else. */
  g_assert_true (bn_home_set_name (cas_new, "Cas", &error));
  bn_test_join_home (f->anna, cas_new, code);
  new_id = peer_id (cas_new);
  g_assert_true (bn_home_replace_member (f->anna, cas_id, new_id, &error));
  g_assert_no_error (error);
  bn_test_sync_homes (f->anna, cas_new);
  g_assert_true (bn_home_tend_roster (cas_new, &error));
  g_assert_no_error (error);
  carried = bn_store_get_profile (bn_home_get_store (cas_new),
                                  bn_home_get_identity (cas_new)->public_key);
  g_assert_nonnull (carried);
  g_assert_cmpstr (carried->about, ==, "Ik fiets graag");
  g_assert_nonnull (carried->talents);
  g_assert_cmpstr (carried->talents[0], ==, "errands");

  withdrawn = bn_home_set_status (cas_new, post_id, "withdrawn", &error);
  g_assert_no_error (error);
  g_assert_nonnull (withdrawn);
  bn_test_sync_homes (f->anna, f->bram);
  g_assert_null (bn_home_set_status (f->bram, post_id, "done", &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  bn_test_sync_homes (cas_new, f->anna);
  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(BnStore) store = shuffled_copy (f, f->anna, round);
      g_autoptr(BnPost) seen = bn_store_get_post (store, bn_home_get_identity (f->anna)->public_key, post->id);
      g_autoptr(BnProfile) shown = bn_store_get_profile (store, bn_home_get_identity (cas_new)->public_key);

      g_assert_nonnull (seen);
      g_assert_cmpstr (seen->status, ==, "withdrawn");
      g_assert_nonnull (shown);
      g_assert_cmpstr (shown->about, ==, "Ik fiets graag");
    }
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/roster/" path, RosterFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("founder-and-members", test_founder_and_members);
  ADD ("only-connectors-appoint", test_only_connectors_appoint);
  ADD ("forged-roster-entries-ignored", test_forged_roster_entries_ignored);
  ADD ("removal-starts-an-epoch", test_removal_starts_an_epoch);
  ADD ("mutual-removals-both-apply", test_mutual_removals_both_apply);
  ADD ("dismissed-connector-acts-void", test_dismissed_connector_acts_void);
  ADD ("removal-wins-over-concurrent-admission", test_removal_wins_over_concurrent_admission);
  ADD ("one-code-two-partitions", test_one_code_two_partitions);
  ADD ("same-roster-in-any-order", test_same_roster_in_any_order);
  ADD ("concurrent-acts-in-any-order", test_concurrent_acts_in_any_order);
  ADD ("kept-roster-follows-the-database", test_kept_roster_follows_the_database);
  ADD ("welcome-must-hold-together", test_welcome_must_hold_together);
  ADD ("entries-wait-for-their-key", test_entries_wait_for_their_key);
  ADD ("replaced-members-items", test_replaced_members_items);
  g_test_add_func ("/buurtnet/core/roster/upgraded-neighbourhood", test_upgraded_neighbourhood);
  return g_test_run ();
}
