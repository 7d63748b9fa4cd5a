/* test-roster-hostile.c — a member who writes a thousand roster entries that
 * leave each other out (docs/protocol.md §9.3, chained entries): every peer
 * leaves all but the first out of the roster, in whatever order the entries
 * arrive; the graph of the roster stays small; and the others can still
 * invite, and remove that member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-testgen.h"
#include "bn-roster-private.h"
#include "bn-store-private.h"

#include <string.h>

#define N_HOSTILE 1200   /* their `after` lists alone, by another member: 80 KiB */

typedef struct
{
  char   *dir;
  BnHome *anna;    /* the founder, a connector */
  BnHome *bram;
} HostileFixture;

static void
fixture_setup (HostileFixture *f,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->anna = bn_test_open_home (f->dir, "Anna");
  f->bram = bn_test_open_home (f->dir, "Bram");
  code = bn_home_create_hood (f->anna, "Rabot", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->anna, f->bram, code);
}

static void
fixture_teardown (HostileFixture *f,
                  gconstpointer   data)
{
  g_clear_object (&f->anna);
  g_clear_object (&f->bram);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

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

/* What a store keeps of its roster's evaluation: which roster entries are
 * valid, the members, the invites. */
static void
assert_same_roster_tables (BnStore *store, BnStore *reference)
{
  static const char *const tables[] = {
    "SELECT group_concat (hex (id) || ':' || valid, ',') FROM (SELECT * FROM roster_ops ORDER BY id)",
    "SELECT group_concat (hex (key) || ':' || status || ':' || connector || ':' || cut || ':'"
    " || ifnull (hex (granted_by), '') || ':' || ifnull (hex (ended_op), ''), ',')"
    " FROM (SELECT * FROM members ORDER BY key)",
    "SELECT group_concat (hex (id) || ':' || hex (op) || ':' || used || ':' || revoked, ',')"
    " FROM (SELECT * FROM invites ORDER BY id)",
  };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *mine = query_text (store, tables[t]);
      g_autofree char *theirs = query_text (reference, tables[t]);
      g_assert_cmpstr (mine, ==, theirs);
    }
}

/* Mallory's entries but the first take no part, and the graph keeps its short
 * lists of concurrent entries, not a bit set per entry. */
static void
assert_bounded (BnStore *store, guint n_unchained)
{
  g_autoptr(BnRoster) roster = bn_store_load_roster (store);

  g_assert_cmpuint (roster->n_unchained, ==, n_unchained);
  g_assert_cmpuint (roster->n_pending, ==, 0);
  g_assert_false (roster->graph_bit_sets);
}

static void
insert_in_batches (BnStore *store, GPtrArray *entries, guint batch)
{
  for (guint from = 0; from < entries->len; from += batch)
    {
      g_autoptr(GPtrArray) some = g_ptr_array_new ();
      BnInsertResult result = { 0 };

      for (guint i = from; i < MIN (from + batch, entries->len); i++)
        g_ptr_array_add (some, g_ptr_array_index (entries, i));
      bn_test_insert (store, some, &result);
      g_assert_cmpuint (result.added, ==, some->len);
      bn_insert_result_clear (&result);
    }
}

/* A fresh store that gets @from's entries author by author, the authors in
 * the reverse of the order @from lists them: Anna's removal of Mallory before
 * Mallory's entries, which it names in `after`. */
static BnStore *
copy_by_author_reversed (HostileFixture *f, BnHome *from)
{
  BnStore *store = bn_test_store_new (f->dir, "reversed.db", bn_home_get_hood (from),
                                      bn_home_get_identity (from));
  g_autoptr(GPtrArray) all = bn_test_store_entries (bn_home_get_store (from));
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < all->len; i++)
    {
      BnEntry *entry = g_ptr_array_index (all, i);
      GPtrArray *run = runs->len > 0 ? g_ptr_array_index (runs, runs->len - 1) : NULL;

      if (run == NULL || memcmp (((BnEntry *) g_ptr_array_index (run, 0))->author, entry->author,
                                 BN_PUBLIC_KEY_LEN) != 0)
        {
          run = g_ptr_array_new ();
          g_ptr_array_add (runs, run);
        }
      g_ptr_array_add (run, entry);
    }
  g_assert_cmpuint (runs->len, ==, 2);   /* Anna and Mallory (Bram wrote nothing) */
  for (guint r = runs->len; r > 0; r--)
    insert_in_batches (store, g_ptr_array_index (runs, r - 1), 5000);
  g_assert_cmpuint (bn_store_count_entries (store), ==, all->len);
  return store;
}

static void
test_hostile_roster (HostileFixture *f,
                     gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mallory = bn_testgen_hostile_roster (f->anna, N_HOSTILE, FALSE);
  const BnEntry *first = g_ptr_array_index (mallory, 0);
  g_autofree char *mallory_id = bn_peer_id_from_key (first->author);
  g_autofree char *code = NULL;
  g_autoptr(BnStore) reversed = NULL;

  /* Anna gets them a few hundred at a time, as syncs bring them. */
  insert_in_batches (bn_home_get_store (f->anna), mallory, 300);
  assert_bounded (bn_home_get_store (f->anna), N_HOSTILE - 1);
  /* Her next roster entries name one of Mallory's, not all of them (whose IDs
   * alone are more than an entry may hold): she can invite, and remove her. */
  code = bn_home_create_invite (f->anna, 1, 3600 * 1000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  g_assert_true (bn_home_remove_member (f->anna, mallory_id, "conduct", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bn_store_get_member_status (bn_home_get_store (f->anna), first->author, NULL),
                   ==, BN_MEMBER_REMOVED);
  assert_bounded (bn_home_get_store (f->anna), N_HOSTILE - 1);

  /* Bram gets everything at once; another peer Anna's removal first. */
  bn_test_sync_homes (f->anna, f->bram);
  reversed = copy_by_author_reversed (f, f->anna);
  assert_bounded (bn_home_get_store (f->bram), N_HOSTILE - 1);
  assert_bounded (reversed, N_HOSTILE - 1);
  assert_same_roster_tables (bn_home_get_store (f->bram), bn_home_get_store (f->anna));
  assert_same_roster_tables (reversed, bn_home_get_store (f->anna));
  g_assert_cmpint (bn_store_get_member_status (bn_home_get_store (f->bram), first->author, NULL),
                   ==, BN_MEMBER_REMOVED);
}

/* The same number of entries written as a peer writes them, each after the one
 * before: all chained, all evaluated; the graph's lists stay short. */
static void
test_chained_roster (HostileFixture *f,
                     gconstpointer   data)
{
  g_autoptr(GPtrArray) mallory = bn_testgen_hostile_roster (f->anna, N_HOSTILE, TRUE);
  g_autoptr(BnRoster) roster = NULL;
  guint valid = 0;

  insert_in_batches (bn_home_get_store (f->anna), mallory, 300);
  assert_bounded (bn_home_get_store (f->anna), 0);
  roster = bn_store_load_roster (bn_home_get_store (f->anna));
  for (guint i = 0; i < roster->valid->len; i++)
    valid += g_array_index (roster->valid, gboolean, i);
  /* The root, Bram's invite and admission, Mallory's invite (from
   * bn_testgen_admit) and admission, and hers. */
  g_assert_cmpuint (valid, ==, 5 + N_HOSTILE);
}

/* A member who admits a thousand identities of their own, each of which
 * writes one entry after its own admission only: all chained, a thousand
 * concurrent. The others' frontier is then longer than one `after` may be;
 * their peers take it in with empty shares first (§9.1), so they can still
 * invite, and remove that member. */
static void
test_puppets (HostileFixture *f,
              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = bn_testgen_puppet_roster (f->anna, 1000);
  const BnEntry *first = g_ptr_array_index (entries, 0);
  g_autofree char *mallory_id = bn_peer_id_from_key (first->author);
  BnStore *store = bn_home_get_store (f->anna);
  g_autoptr(BnRoster) before = NULL;
  g_autoptr(BnRoster) after = NULL;
  g_autoptr(GArray) frontier = NULL;
  g_autofree char *code = NULL;
  guint shares = 0;

  insert_in_batches (store, entries, 2001);
  before = bn_store_load_roster (store);
  frontier = bn_roster_frontier (before);
  g_assert_cmpuint (before->n_unchained, ==, 0);
  g_assert_cmpuint (frontier->len, ==, 1000);
  code = bn_home_create_invite (f->anna, 1, 3600 * 1000, &error);
  g_assert_no_error (error);
  after = bn_store_load_roster (store);
  g_assert_cmpuint (after->n_unchained, ==, 0);
  for (guint i = 0; i < after->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (after->ops, i);

      g_assert_cmpuint (op->after->len, <=, 512);
      if (op->kind == BN_ROSTER_SHARE && g_hash_table_size (op->seals) == 0
          && memcmp (op->author, bn_home_get_identity (f->anna)->public_key, BN_PUBLIC_KEY_LEN) == 0)
        shares++;
    }
  /* One share names Anna's last entry and 511 of the 1,000 heads; the invite
   * that share and the other 489. */
  g_assert_cmpuint (shares, ==, 1);
  g_assert_nonnull (code);
  /* The removal is written and counts on every peer. (The new key that
   * follows it is sealed to 1,001 members, which is more than one entry
   * holds: bn_home_remove_member() reports that apart.) */
  bn_home_remove_member (f->anna, mallory_id, "conduct", NULL);
  g_assert_cmpint (bn_store_get_member_status (store, first->author, NULL), ==, BN_MEMBER_REMOVED);
  bn_test_sync_homes (f->anna, f->bram);
  assert_same_roster_tables (bn_home_get_store (f->bram), store);
  g_assert_cmpint (bn_store_get_member_status (bn_home_get_store (f->bram), first->author, NULL),
                   ==, BN_MEMBER_REMOVED);
}

/* Two writers on one data directory (the app and buurtnet-cli): one writes a
 * roster entry while the other goes by the roster it read before that. The
 * second entry still comes after the first, so it is chained (§9.1). */
static void
test_two_writers_one_directory (HostileFixture *f,
                                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) other = bn_home_open (bn_home_get_data_dir (f->anna), FALSE, &error);
  BnStore *store = bn_home_get_store (f->anna);
  g_autoptr(BnRoster) before = bn_store_load_roster (store);
  g_autoptr(GArray) frontier = bn_roster_frontier (before);
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_DISMISS);
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnRoster) after = NULL;
  g_autofree char *code = NULL;

  g_assert_no_error (error);
  code = bn_home_create_invite (other, 1, 3600 * 1000, &error);
  g_assert_no_error (error);
  memcpy (op->member, bn_home_get_identity (f->anna)->public_key, BN_PUBLIC_KEY_LEN);
  g_array_append_vals (op->after, frontier->data, frontier->len);
  entry = bn_store_append_roster_op (store, before, op, NULL, &error);
  g_assert_no_error (error);
  after = bn_store_load_roster (store);
  g_assert_cmpuint (after->ops->len, ==, before->ops->len + 2);
  g_assert_cmpuint (after->n_unchained, ==, 0);
  g_assert_cmpuint (op->after->len, ==, frontier->len + 1);
  /* Stepping down counted: Anna is no longer a connector. */
  g_assert_false (bn_store_is_connector (store, bn_home_get_identity (f->anna)->public_key));
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  g_test_add ("/buurtnet/core/roster-hostile/concurrent", HostileFixture, NULL,
              fixture_setup, test_hostile_roster, fixture_teardown);
  g_test_add ("/buurtnet/core/roster-hostile/chained", HostileFixture, NULL,
              fixture_setup, test_chained_roster, fixture_teardown);
  g_test_add ("/buurtnet/core/roster-hostile/puppets", HostileFixture, NULL,
              fixture_setup, test_puppets, fixture_teardown);
  g_test_add ("/buurtnet/core/roster-hostile/two-writers-one-directory", HostileFixture, NULL,
              fixture_setup, test_two_writers_one_directory, fixture_teardown);
  return g_test_run ();
}
