/* test-store.c — the store takes verified runs only, keeps forks as proof,
 * erases what is deleted or expired, and notices tampering and old schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-store-schema.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)
#define HOUR G_GINT64_CONSTANT (3600000)

typedef struct
{
  char       *dir;
  BnHood     *hood;
  BnIdentity *observer;   /* whose key the store opens sealed bodies with */
  BnStore    *store;
} StoreFixture;

static void
fixture_setup (StoreFixture  *f,
               gconstpointer  data)
{
  f->dir = bn_test_make_tmpdir ();
  f->hood = bn_hood_new_random ("Rabot", NULL);
  f->observer = bn_identity_new_random ();
  f->store = bn_test_store_new (f->dir, "main.db", f->hood, f->observer);
}

static void
fixture_teardown (StoreFixture  *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->observer, bn_identity_free);
  g_clear_pointer (&f->hood, bn_hood_free);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static BnEntry *
append_profile (BnTestLog *log, const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"profile\",\"name\":\"%s\"}", name);
  return bn_test_log_append_json (log, json);
}

static BnEntry *
append_post (BnTestLog *log, const char *title, gint64 expiry)
{
  g_autofree char *json = g_strdup_printf (
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"errands\",\"title\":\"%s\","
      "\"visibility\":\"neighbourhood\",\"expiry\":%" G_GINT64_FORMAT "}", title, expiry);
  return bn_test_log_append_json (log, json);
}

static BnEntry *
append_on_post (BnTestLog *log, const char *type, const BnEntry *post, const char *text)
{
  g_autofree char *id = bn_entry_dup_id_hex (post);
  g_autofree char *json = g_strdup_printf ("{\"type\":\"%s\",\"post\":\"%s\",\"text\":\"%s\"}",
                                           type, id, text);
  return bn_test_log_append_json (log, json);
}

static BnEntry *
append_delete (BnTestLog *log, const BnEntry *target)
{
  g_autofree char *id = bn_entry_dup_id_hex (target);
  g_autofree char *json = g_strdup_printf ("{\"type\":\"delete\",\"target\":\"%s\"}", id);
  return bn_test_log_append_json (log, json);
}

/* Appends @n profile entries to @log, returning them all. */
static GPtrArray *
make_run (BnTestLog *log, guint n)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Neighbour %u", i);
      g_ptr_array_add (entries, append_profile (log, name));
    }
  return entries;
}

static void
insert_expecting (BnStore *store, GPtrArray *entries, guint added, guint known, guint refused)
{
  BnInsertResult result = { 0 };

  bn_test_insert (store, entries, &result);
  g_assert_cmpuint (result.added, ==, added);
  g_assert_cmpuint (result.known, ==, known);
  g_assert_cmpuint (result.refused, ==, refused);
  bn_insert_result_clear (&result);
}

static guint64
head_seq (BnStore *store, BnTestLog *log)
{
  BnHead head;

  if (!bn_store_get_head (store, bn_test_log_key (log), &head))
    return 0;
  return head.seq;
}

static gboolean
payload_erased (BnStore *store, const BnEntry *entry)
{
  g_autoptr(BnEntry) stored = bn_store_get_entry (store, entry->id);

  g_assert_nonnull (stored);
  return stored->payload == NULL;
}

static void
test_run_of_a_thousand (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = make_run (log, 1000);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) shuffled = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1000);

  /* In any order within the batch: the store sorts by seq. */
  for (guint i = 0; i < run->len; i++)
    g_ptr_array_add (shuffled, bn_entry_ref (g_ptr_array_index (run, i)));
  for (guint i = shuffled->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i + 1);
      gpointer t = shuffled->pdata[i];
      shuffled->pdata[i] = shuffled->pdata[j];
      shuffled->pdata[j] = t;
    }
  insert_expecting (f->store, shuffled, 1000, 0, 0);
  g_assert_cmpuint (head_seq (f->store, log), ==, 1000);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 1000);
  bn_test_assert_verifies (f->store);

  /* What comes back out is byte for byte what went in. */
  back = bn_store_get_entries_after (f->store, bn_test_log_key (log), 0, 5000);
  g_assert_cmpuint (back->len, ==, 1000);
  for (guint i = 0; i < 1000; i++)
    {
      BnEntry *a = g_ptr_array_index (run, i), *b = g_ptr_array_index (back, i);
      g_assert_cmpmem (a->raw, BN_HEADER_LEN, b->raw, BN_HEADER_LEN);
      g_assert_true (g_bytes_equal (a->payload, b->payload));
    }
  {
    g_autoptr(GPtrArray) page = bn_store_get_entries_after (f->store, bn_test_log_key (log), 990, 5);
    g_assert_cmpuint (page->len, ==, 5);
    g_assert_cmpuint (((BnEntry *) g_ptr_array_index (page, 0))->seq, ==, 991);
  }

  /* The same batch again: all known, nothing new. */
  insert_expecting (f->store, run, 0, 1000, 0);
}

/* ARCHITECTURE §4: a run is verified by the newest header's signature plus the
 * backlinks. A run whose older headers carry broken signatures but whose newest
 * is signed is the author's own, committed to by that last signature. */
static void
test_newest_signature_commits_to_run (StoreFixture  *f,
                                      gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  g_ptr_array_add (run, append_profile (log, "One"));
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (run, bn_test_log_append_bad_signature (log, "{\"type\":\"profile\",\"name\":\"x\"}"));
  g_ptr_array_add (run, append_profile (log, "Ten"));
  insert_expecting (f->store, run, 10, 0, 0);
  bn_test_assert_verifies (f->store);
}

static void
test_signed_prefix_accepted (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = make_run (log, 7);
  BnInsertResult result = { 0 };

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (run, bn_test_log_append_bad_signature (log, "{\"type\":\"profile\",\"name\":\"x\"}"));
  bn_test_insert (f->store, run, &result);
  g_assert_cmpuint (result.added, ==, 7);
  g_assert_cmpuint (result.refused, ==, 3);
  g_assert_true (bn_test_result_has_reason (&result, "bad signature"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (head_seq (f->store, log), ==, 7);
  bn_test_assert_verifies (f->store);
}

static void
test_middle_header_flip (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = make_run (log, 10);
  g_autoptr(GPtrArray) tampered = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnInsertResult result = { 0 };

  for (guint i = 0; i < run->len; i++)
    {
      BnEntry *e = g_ptr_array_index (run, i);
      if (e->seq == 5)
        {
          guint8 raw[BN_HEADER_LEN];
          memcpy (raw, e->raw, BN_HEADER_LEN);
          raw[BN_HEADER_OFF_TIMESTAMP + 7] ^= 1;
          g_ptr_array_add (tampered, bn_test_entry_with_header (e, raw));
        }
      else
        g_ptr_array_add (tampered, bn_entry_ref (e));
      if (e->seq >= 5)
        g_ptr_array_add (rest, bn_entry_ref (e));
    }

  /* #5's own signature fails and #6's backlink no longer matches: 1–4 get in. */
  bn_test_insert (f->store, tampered, &result);
  g_assert_cmpuint (result.added, ==, 4);
  g_assert_cmpuint (result.refused, ==, 6);
  g_assert_true (bn_test_result_has_reason (&result, "link to the previous entry is broken"));
  g_assert_true (bn_test_result_has_reason (&result, "bad signature"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (head_seq (f->store, log), ==, 4);
  bn_test_assert_verifies (f->store);

  insert_expecting (f->store, rest, 6, 0, 0);
  g_assert_cmpuint (head_seq (f->store, log), ==, 10);
  bn_test_assert_verifies (f->store);
}

static void
test_broken_chain (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) good = make_run (log, 3);
  g_autoptr(BnEntry) broken = NULL;
  g_autoptr(BnEntry) after = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  BnInsertResult result = { 0 };

  insert_expecting (f->store, good, 3, 0, 0);
  /* Properly signed by the author, but linked to something that is not #3. */
  randombytes_buf (log->prev_id, BN_HASH_LEN);
  broken = append_profile (log, "Four");
  after = append_profile (log, "Five");
  batch = bn_test_entries (broken, after, NULL);
  g_assert_true (bn_entry_verify_signature (broken));

  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 2);
  g_assert_true (bn_test_result_has_reason (&result, "link to the previous entry is broken"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (head_seq (f->store, log), ==, 3);
  bn_test_assert_verifies (f->store);
}

static void
test_gap (StoreFixture  *f,
          gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = make_run (log, 6);
  g_autoptr(GPtrArray) first = bn_test_entries (run->pdata[0], run->pdata[1], run->pdata[2], NULL);
  g_autoptr(GPtrArray) later = bn_test_entries (run->pdata[4], run->pdata[5], NULL);
  g_autoptr(GPtrArray) missing = bn_test_entries (run->pdata[3], run->pdata[4], run->pdata[5], NULL);
  g_autoptr(GPtrArray) not_first = bn_test_entries (run->pdata[1], NULL);
  BnInsertResult result = { 0 };

  /* Without #1, nothing of the log can be checked against the anchor. */
  bn_test_insert (f->store, not_first, &result);
  g_assert_cmpuint (result.refused, ==, 1);
  g_assert_true (bn_test_result_has_reason (&result, "earlier entries of this log are missing"));
  bn_insert_result_clear (&result);

  insert_expecting (f->store, first, 3, 0, 0);
  bn_test_insert (f->store, later, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 2);
  g_assert_true (bn_test_result_has_reason (&result, "earlier entries of this log are missing"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (head_seq (f->store, log), ==, 3);

  insert_expecting (f->store, missing, 3, 0, 0);
  g_assert_cmpuint (head_seq (f->store, log), ==, 6);
  bn_test_assert_verifies (f->store);
}

static void
assert_fork_proof (StoreFixture *f, BnTestLog *log, guint64 seq, const BnEntry *a, const BnEntry *b)
{
  sqlite3_stmt *stmt = NULL;
  gboolean saw_a = FALSE, saw_b = FALSE;
  guint rows = 0;
  BnHead head;

  g_assert_true (bn_store_get_head (f->store, bn_test_log_key (log), &head));
  g_assert_true (head.forked);

  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (f->store),
                   "SELECT seq, header FROM forks WHERE author = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, bn_test_log_key (log), BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const guint8 *header = sqlite3_column_blob (stmt, 1);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, (gint64) seq);
      g_assert_cmpint (sqlite3_column_bytes (stmt, 1), ==, BN_HEADER_LEN);
      saw_a |= memcmp (header, a->raw, BN_HEADER_LEN) == 0;
      saw_b |= memcmp (header, b->raw, BN_HEADER_LEN) == 0;
      rows++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_true (saw_a && saw_b);
  /* Both are signed by the author: the proof stands on its own. */
  g_assert_true (bn_entry_verify_signature (a));
  g_assert_true (bn_entry_verify_signature (b));
}

static void
test_fork_against_stored (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) common = make_run (log, 2);
  g_autoptr(BnTestLog) branch = bn_test_log_fork (log);
  g_autoptr(BnEntry) a3 = append_profile (log, "Honest three");
  g_autoptr(BnEntry) a4 = append_profile (log, "Honest four");
  g_autoptr(BnEntry) b3 = append_profile (branch, "Other three");
  g_autoptr(BnEntry) b4 = append_profile (branch, "Other four");
  g_autoptr(GPtrArray) mine = bn_test_entries (a3, NULL);
  g_autoptr(GPtrArray) theirs = bn_test_entries (b3, b4, NULL);
  g_autoptr(GPtrArray) later = bn_test_entries (a4, NULL);
  BnInsertResult result = { 0 };

  insert_expecting (f->store, common, 2, 0, 0);
  insert_expecting (f->store, mine, 1, 0, 0);

  bn_test_insert (f->store, theirs, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 2);
  g_assert_cmpuint (result.forks, ==, 1);
  g_assert_true (bn_test_result_has_reason (&result, "fork"));
  bn_insert_result_clear (&result);
  assert_fork_proof (f, log, 3, a3, b3);

  /* Frozen: even the honest-looking continuation is refused now. */
  bn_test_insert (f->store, later, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 1);
  g_assert_true (bn_test_result_has_reason (&result, "frozen"));
  bn_insert_result_clear (&result);

  /* What was stored before the fork is intact and verifies. */
  g_assert_cmpuint (head_seq (f->store, log), ==, 3);
  g_assert_false (payload_erased (f->store, a3));
  bn_test_assert_verifies (f->store);
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (log));
    g_assert_cmpstr (profile->name, ==, "Honest three");
  }
}

static void
test_fork_within_batch (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) batch = make_run (log, 2);
  g_autoptr(BnTestLog) branch = bn_test_log_fork (log);
  g_autoptr(BnEntry) a3 = append_profile (log, "One three");
  g_autoptr(BnEntry) b3 = append_profile (branch, "Another three");
  BnInsertResult result = { 0 };

  g_ptr_array_add (batch, bn_entry_ref (a3));
  g_ptr_array_add (batch, bn_entry_ref (b3));
  bn_test_insert (f->store, batch, &result);
  /* Whichever #3 came first is kept with #1 and #2; the other is the proof. */
  g_assert_cmpuint (result.added, ==, 3);
  g_assert_cmpuint (result.refused, ==, 1);
  g_assert_cmpuint (result.forks, ==, 1);
  bn_insert_result_clear (&result);
  assert_fork_proof (f, log, 3, a3, b3);
  g_assert_cmpuint (head_seq (f->store, log), ==, 3);
  bn_test_assert_verifies (f->store);
}

/* Someone who holds an author's entries but not their key makes an unsigned #3
 * and sends it in one batch with the author's real #3. That is no proof of a
 * fork: the author's log must not be frozen, and the forgery must not be kept. */
static void
test_forgery_is_not_a_fork (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) common = make_run (log, 2);
  g_autoptr(BnTestLog) forger = bn_test_log_fork (log);
  g_autoptr(BnEntry) forged = bn_test_log_append_bad_signature (forger, "{\"type\":\"profile\",\"name\":\"Forged\"}");
  g_autoptr(BnEntry) forged4 = bn_test_log_append_bad_signature (forger, "{\"type\":\"profile\",\"name\":\"Forged 4\"}");
  g_autoptr(BnEntry) real3 = append_profile (log, "Real three");
  g_autoptr(BnEntry) real4 = append_profile (log, "Real four");
  g_autoptr(GPtrArray) attack = bn_test_entries (forged, real3, forged4, NULL);
  g_autoptr(GPtrArray) honest = bn_test_entries (real3, real4, NULL);
  BnInsertResult result = { 0 };
  BnHead head;

  insert_expecting (f->store, common, 2, 0, 0);
  bn_test_insert (f->store, attack, &result);
  g_assert_cmpuint (result.forks, ==, 0);
  bn_insert_result_clear (&result);

  g_assert_true (bn_store_get_head (f->store, bn_test_log_key (log), &head));
  g_assert_false (head.forked);
  g_assert_cmpuint (bn_test_count_rows (f->store, "SELECT count(*) FROM forks"), ==, 0);
  /* Whatever got in is the author's real #3, never the forgery. */
  if (head.seq == 3)
    g_assert_cmpmem (head.id, BN_HASH_LEN, real3->id, BN_HASH_LEN);
  else
    g_assert_cmpuint (head.seq, ==, 2);
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (log));
    g_assert_cmpstr (profile->name, !=, "Forged");
  }

  /* The author's real entries still get in. */
  bn_test_insert (f->store, honest, &result);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
  g_assert_cmpuint (head_seq (f->store, log), ==, 4);
  bn_test_assert_verifies (f->store);
}

static void
test_duplicates_in_batch (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = make_run (log, 3);
  g_autoptr(GPtrArray) batch = bn_test_entries (run->pdata[2], run->pdata[0], run->pdata[1],
                                                run->pdata[0], run->pdata[2], NULL);

  insert_expecting (f->store, batch, 3, 2, 0);
  g_assert_cmpuint (head_seq (f->store, log), ==, 3);
  bn_test_assert_verifies (f->store);
}

/* A fork freezes the forking author only: the others in the same batch are
 * stored as usual. */
static void
test_fork_does_not_block_others (StoreFixture  *f,
                                 gconstpointer  data)
{
  g_autoptr(BnTestLog) cheat = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) honest = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) common = make_run (cheat, 1);
  g_autoptr(BnTestLog) branch = bn_test_log_fork (cheat);
  g_autoptr(BnEntry) a2 = append_profile (cheat, "A");
  g_autoptr(BnEntry) b2 = append_profile (branch, "B");
  g_autoptr(GPtrArray) others = make_run (honest, 4);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnInsertResult result = { 0 };

  insert_expecting (f->store, common, 1, 0, 0);
  g_ptr_array_add (batch, bn_entry_ref (a2));
  g_ptr_array_add (batch, bn_entry_ref (b2));
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (batch, bn_entry_ref (g_ptr_array_index (others, i)));
  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.forks, ==, 1);
  g_assert_cmpuint (result.added, ==, 5);
  g_assert_cmpuint (result.refused, ==, 1);
  bn_insert_result_clear (&result);
  g_assert_cmpuint (head_seq (f->store, honest), ==, 4);
  bn_test_assert_verifies (f->store);
}

static void
test_wrong_neighbourhood (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(BnHood) elsewhere = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnTestLog) stranger = bn_test_log_new (elsewhere, T0);
  g_autoptr(BnStore) their_store = bn_test_store_new (f->dir, "theirs.db", elsewhere, stranger->identity);
  g_autoptr(GPtrArray) theirs = make_run (stranger, 3);
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GPtrArray) header_only = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnInsertResult result = { 0 };

  g_ptr_array_add (theirs, append_post (stranger, "Help with moving", 0));
  insert_expecting (their_store, theirs, 4, 0, 0);
  exported = bn_test_store_entries (their_store);

  bn_test_insert (f->store, exported, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 4);
  g_assert_true (bn_test_result_has_reason (&result, "another neighbourhood"));
  bn_insert_result_clear (&result);

  /* Not even as bare headers, where no payload could give it away. */
  for (guint i = 0; i < exported->len; i++)
    g_ptr_array_add (header_only, bn_entry_without_payload (g_ptr_array_index (exported, i)));
  bn_test_insert (f->store, header_only, &result);
  g_assert_cmpuint (result.refused, ==, 4);
  g_assert_true (bn_test_result_has_reason (&result, "another neighbourhood"));
  bn_insert_result_clear (&result);

  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 0);
  {
    g_autoptr(GPtrArray) posts = bn_store_list_posts (f->store, f->observer->public_key, NULL, NULL);
    g_assert_cmpuint (posts->len, ==, 0);
  }
  bn_test_assert_verifies (f->store);
}

static void
test_payload_mismatch (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = append_profile (log, "An");
  g_autoptr(BnEntry) e2 = append_post (log, "Groceries", 0);
  g_autoptr(GBytes) same_len = NULL;
  g_autoptr(GBytes) longer = NULL;
  g_autoptr(GBytes) other_entrys = NULL;
  GBytes *payloads[3];
  gsize len = g_bytes_get_size (e2->payload);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (e2->payload, NULL), len);
  g_autoptr(GPtrArray) first = bn_test_entries (e1, NULL);
  g_autoptr(GPtrArray) good = bn_test_entries (e2, NULL);

  insert_expecting (f->store, first, 1, 0, 0);

  bytes[len / 2] ^= 0x20;
  same_len = g_bytes_new (bytes, len);
  bytes[len / 2] ^= 0x20;
  {
    g_autofree guint8 *more = g_malloc0 (len + 1);
    memcpy (more, bytes, len);
    longer = g_bytes_new (more, len + 1);
  }
  other_entrys = g_bytes_ref (e1->payload);
  payloads[0] = same_len;
  payloads[1] = longer;
  payloads[2] = other_entrys;

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) swapped = bn_entry_new_from_header (e2->raw, BN_HEADER_LEN, payloads[i], &error);
      g_autoptr(GPtrArray) batch = bn_test_entries (swapped, NULL);
      BnInsertResult result = { 0 };

      g_assert_no_error (error);
      g_assert_false (bn_entry_check_payload (swapped, NULL));
      bn_test_insert (f->store, batch, &result);
      g_assert_cmpuint (result.refused, ==, 1);
      g_assert_cmpuint (result.added, ==, 0);
      g_assert_true (bn_test_result_has_reason (&result, "payload"));
      bn_insert_result_clear (&result);
    }

  g_assert_cmpuint (head_seq (f->store, log), ==, 1);
  insert_expecting (f->store, good, 1, 0, 0);
  bn_test_assert_verifies (f->store);
}

/* A member of the neighbourhood signs a payload that is not a sealed envelope of
 * the neighbourhood: its hash matches, but it cannot be opened. */
static void
test_payload_not_an_envelope (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  guint8 junk[200];
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  BnInsertResult result = { 0 };

  randombytes_buf (junk, sizeof junk);
  payload = g_bytes_new (junk, sizeof junk);
  entry = bn_entry_new_signed (log->identity, 1, f->hood->anchor, T0, payload);
  batch = bn_test_entries (entry, NULL);
  g_assert_true (bn_entry_check_payload (entry, NULL));
  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.refused, ==, 1);
  g_assert_true (bn_test_result_has_reason (&result, "cannot be opened"));
  bn_insert_result_clear (&result);
}

static void
test_erased_payload_accepted (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = append_profile (log, "An");
  g_autoptr(BnEntry) e2 = append_post (log, "Soup for a week", 0);
  g_autoptr(BnEntry) e3 = append_profile (log, "Anna");
  g_autoptr(BnEntry) bare2 = bn_entry_without_payload (e2);
  g_autoptr(GPtrArray) batch = bn_test_entries (e1, bare2, e3, NULL);
  g_autoptr(GPtrArray) posts = NULL;

  insert_expecting (f->store, batch, 3, 0, 0);
  g_assert_true (payload_erased (f->store, e2));
  g_assert_false (payload_erased (f->store, e3));
  bn_test_assert_verifies (f->store);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 0);
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (log));
    g_assert_cmpstr (profile->name, ==, "Anna");
  }
}

static void
test_delete_erases_everywhere (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 500);
  g_autoptr(BnEntry) post = append_post (alice, "Lift to the hospital", 0);
  g_autoptr(BnEntry) keep = append_post (alice, "Borrow a drill", 0);
  g_autoptr(BnEntry) thanks = append_on_post (bob, "thanks", keep, "Thanks for the drill");
  g_autoptr(BnEntry) bob_delete = append_delete (bob, keep);     /* not his to delete */
  g_autoptr(BnEntry) del = append_delete (alice, post);
  g_autoptr(GPtrArray) all = bn_test_entries (post, keep, thanks, bob_delete, del, NULL);
  const char *orders[] = { "separately", "one batch", "bob first" };

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autofree char *name = g_strdup_printf ("delete-%u.db", o);
      g_autoptr(BnStore) store = bn_test_store_new (f->dir, name, f->hood, f->observer);
      g_autoptr(GPtrArray) posts = NULL;
      g_autoptr(GPtrArray) forwarded = NULL;

      g_test_message ("order: %s", orders[o]);
      if (o == 0)
        {
          g_autoptr(GPtrArray) b1 = bn_test_entries (post, keep, NULL);
          g_autoptr(GPtrArray) b2 = bn_test_entries (thanks, bob_delete, NULL);
          g_autoptr(GPtrArray) b3 = bn_test_entries (del, NULL);
          insert_expecting (store, b1, 2, 0, 0);
          g_assert_false (payload_erased (store, post));
          insert_expecting (store, b2, 2, 0, 0);
          insert_expecting (store, b3, 1, 0, 0);
        }
      else if (o == 1)
        insert_expecting (store, all, 5, 0, 0);
      else
        {
          /* Bob's delete of Alice's post arrives before the post itself. */
          g_autoptr(GPtrArray) b1 = bn_test_entries (thanks, bob_delete, NULL);
          g_autoptr(GPtrArray) b2 = bn_test_entries (post, keep, del, NULL);
          insert_expecting (store, b1, 2, 0, 0);
          insert_expecting (store, b2, 3, 0, 0);
        }

      g_assert_true (payload_erased (store, post));
      g_assert_false (payload_erased (store, keep));
      g_assert_false (payload_erased (store, del));
      posts = bn_store_list_posts (store, NULL, NULL, NULL);
      g_assert_cmpuint (posts->len, ==, 1);
      g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Borrow a drill");
      g_assert_null (bn_store_get_post (store, NULL, post->id));
      bn_test_assert_verifies (store);

      /* It is forwarded as a bare header; a peer that gets it so stays consistent. */
      forwarded = bn_store_get_entries_after (store, bn_test_log_key (alice), 0, 10);
      g_assert_cmpuint (forwarded->len, ==, 3);
      g_assert_null (((BnEntry *) g_ptr_array_index (forwarded, 0))->payload);
      {
        g_autofree char *next_name = g_strdup_printf ("next-%u.db", o);
        g_autoptr(BnStore) next = bn_test_store_new (f->dir, next_name, f->hood, f->observer);
        insert_expecting (next, forwarded, 3, 0, 0);
        g_assert_true (payload_erased (next, post));
        bn_test_assert_verifies (next);
      }
    }
}

/* The delete reaches a store that got the post earlier from someone else, in a
 * batch of its own; and a reply is deleted by the neighbour who wrote it. */
static void
test_delete_reply (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 500);
  g_autoptr(BnEntry) post = append_post (alice, "Walk the dog", 0);
  g_autoptr(BnEntry) reply = append_on_post (bob, "reply", post, "I can on Tuesday");
  g_autoptr(BnEntry) reply2 = append_on_post (bob, "reply", post, "Or Wednesday");
  g_autoptr(BnEntry) del = append_delete (bob, reply);
  g_autoptr(GPtrArray) first = bn_test_entries (post, reply, reply2, NULL);
  g_autoptr(GPtrArray) second = bn_test_entries (del, NULL);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(BnPost) shown = NULL;

  insert_expecting (f->store, first, 3, 0, 0);
  replies = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (replies->len, ==, 2);
  g_clear_pointer (&replies, g_ptr_array_unref);

  insert_expecting (f->store, second, 1, 0, 0);
  g_assert_true (payload_erased (f->store, reply));
  g_assert_false (payload_erased (f->store, reply2));
  replies = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (replies->len, ==, 1);
  g_assert_cmpstr (((BnNote *) g_ptr_array_index (replies, 0))->text, ==, "Or Wednesday");
  shown = bn_store_get_post (f->store, NULL, post->id);
  g_assert_cmpuint (shown->n_replies, ==, 1);
  bn_test_assert_verifies (f->store);
}

static void
test_expiry (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 100);
  g_autoptr(BnEntry) soon = append_post (alice, "Bread today", T0 + HOUR);
  g_autoptr(BnEntry) later = append_post (alice, "Bread next week", T0 + 100 * HOUR);
  g_autoptr(BnEntry) never = append_post (alice, "Ladder to lend", 0);
  g_autoptr(BnEntry) reply = append_on_post (bob, "reply", soon, "I bake tonight");
  g_autoptr(BnEntry) thanks = append_on_post (bob, "thanks", soon, "Lovely");
  g_autoptr(BnEntry) other_reply = append_on_post (bob, "reply", never, "Yes please");
  g_autoptr(BnEntry) edit = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  guint expired;

  {
    g_autofree char *id = bn_entry_dup_id_hex (soon);
    g_autofree char *json = g_strdup_printf (
        "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"body\":\"Sourdough\"}}", id);
    edit = bn_test_log_append_json (alice, json);
  }
  all = bn_test_entries (soon, later, never, reply, thanks, other_reply, edit, NULL);
  insert_expecting (f->store, all, 7, 0, 0);

  /* Nothing has expired an hour before. */
  g_assert_cmpuint (bn_store_expire (f->store, T0, &error), ==, 0);
  g_assert_no_error (error);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 3);
  g_clear_pointer (&posts, g_ptr_array_unref);

  expired = bn_store_expire (f->store, T0 + 2 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expired, ==, 1);

  /* The expired post and everything hanging on it are gone, payloads included. */
  g_assert_true (payload_erased (f->store, soon));
  g_assert_true (payload_erased (f->store, reply));
  g_assert_true (payload_erased (f->store, thanks));
  g_assert_true (payload_erased (f->store, edit));
  g_assert_false (payload_erased (f->store, later));
  g_assert_false (payload_erased (f->store, never));
  g_assert_false (payload_erased (f->store, other_reply));
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 2);
  notes = bn_store_list_replies (f->store, soon->id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bn_store_list_thanks (f->store, soon->id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bn_store_list_replies (f->store, never->id);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpuint (bn_test_count_rows (f->store,
      "SELECT count(*) FROM replies WHERE text LIKE '%bake%'"), ==, 0);
  g_assert_cmpuint (bn_test_count_rows (f->store,
      "SELECT count(*) FROM thanks WHERE text = 'Lovely'"), ==, 0);
  bn_test_assert_verifies (f->store);

  /* Expiring again finds nothing new; the chain still verifies. */
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 3 * HOUR, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 200 * HOUR, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&posts, g_ptr_array_unref);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  bn_test_assert_verifies (f->store);
}

/* A reply or thanks that reaches us after its post expired here (sent by a peer
 * that had not expired it yet) is forgotten by the next expiry too. */
static void
test_expiry_late_arrivals (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 100);
  g_autoptr(BnEntry) post = append_post (alice, "Bread today", T0 + HOUR);
  g_autoptr(BnEntry) reply = append_on_post (bob, "reply", post, "I bake tonight");
  g_autoptr(BnEntry) thanks = append_on_post (bob, "thanks", post, "Lovely");
  g_autoptr(GPtrArray) first = bn_test_entries (post, NULL);
  g_autoptr(GPtrArray) late = bn_test_entries (reply, thanks, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  insert_expecting (f->store, first, 1, 0, 0);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 2 * HOUR, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (payload_erased (f->store, post));

  insert_expecting (f->store, late, 2, 0, 0);
  /* Nothing new expired (the count is of posts), but the late notes are gone. */
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 3 * HOUR, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (payload_erased (f->store, reply));
  g_assert_true (payload_erased (f->store, thanks));
  notes = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bn_store_list_thanks (f->store, post->id);
  g_assert_cmpuint (notes->len, ==, 0);
  bn_test_assert_verifies (f->store);
}

typedef struct
{
  BnStore   *store;
  GPtrArray *entries;
} Importer;

static gpointer
import_in_batches (gpointer data)
{
  Importer *importer = data;

  for (guint i = 0; i < importer->entries->len; i += 25)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      BnInsertResult result = { 0 };
      g_autoptr(GError) error = NULL;

      for (guint j = i; j < MIN (i + 25, importer->entries->len); j++)
        g_ptr_array_add (batch, bn_entry_ref (g_ptr_array_index (importer->entries, j)));
      if (!bn_store_insert_entries (importer->store, batch, &result, &error))
        g_error ("import failed: %s", error->message);
      if (result.added != batch->len)
        g_error ("import added %u of %u", result.added, batch->len);
      bn_insert_result_clear (&result);
    }
  return NULL;
}

/* The window and the sync worker each hold a connection to one database: a
 * neighbour posting while a catch-up is imported loses nothing of either. */
static void
test_two_connections_at_once (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) backlog = make_run (bob, 600);
  g_autoptr(BnStore) worker = bn_test_store_new (f->dir, "main.db", f->hood, f->observer);
  Importer importer = { worker, backlog };
  GThread *thread;
  BnHead head;

  thread = g_thread_new ("import", import_in_batches, &importer);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *json = g_strdup_printf (
          "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\",\"title\":\"Soup %u\"}", i);
      g_autoptr(JsonObject) object = bn_test_json (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) entry = bn_store_append_local (f->store, object, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (entry->seq, ==, i + 1);
    }
  g_thread_join (thread);

  g_assert_true (bn_store_get_head (f->store, f->observer->public_key, &head));
  g_assert_cmpuint (head.seq, ==, 60);
  g_assert_true (bn_store_get_head (f->store, bn_test_log_key (bob), &head));
  g_assert_cmpuint (head.seq, ==, 600);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 660);
  {
    g_autoptr(GPtrArray) posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
    g_autoptr(BnProfile) profile = bn_store_get_profile (worker, bn_test_log_key (bob));
    g_assert_cmpuint (posts->len, ==, 60);
    g_assert_cmpstr (profile->name, ==, "Neighbour 599");
  }
  bn_test_assert_verifies (f->store);
  bn_test_assert_verifies (worker);
}

static void
exec_sql (BnStore *store, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (bn_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Flips one bit of a blob in a row (by author and seq) behind the store's back:
 * read it, flip it in C, write it back. */
static void
tamper_blob (BnStore *store, const char *column, const BnEntry *entry, guint offset)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM entries WHERE author = ? AND seq = ?", column);
  g_autofree char *update = g_strdup_printf ("UPDATE entries SET %s = ? WHERE author = ? AND seq = ?", column);
  g_autofree guint8 *blob = NULL;
  int len;

  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (store), select, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) entry->seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  len = sqlite3_column_bytes (stmt, 0);
  g_assert_cmpint ((int) offset, <, len);
  blob = g_memdup2 (sqlite3_column_blob (stmt, 0), (gsize) len);
  sqlite3_finalize (stmt);

  blob[offset] ^= 0x01;
  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (store), update, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, blob, len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) entry->seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
assert_verify_fails (BnStore *store, const char *what)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("tampered: %s", what);
  g_assert_false (bn_store_verify (store, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BN_CORE_ERROR);
  g_test_message ("verify says: %s", error->message);
}

static void
test_verify_notices_tampering (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) a = make_run (alice, 5);
  g_autoptr(GPtrArray) b = make_run (bob, 5);
  BnEntry *middle = g_ptr_array_index (a, 2);
  BnEntry *newest = g_ptr_array_index (b, 4);
  struct { const char *column; BnEntry *entry; guint offset; const char *what; } cases[] = {
    { "header", middle, BN_HEADER_OFF_TIMESTAMP + 7, "a middle header's timestamp" },
    { "header", middle, BN_HEADER_OFF_PAYLOAD_HASH, "a middle header's payload hash" },
    { "header", newest, BN_HEADER_OFF_SIGNATURE + 3, "the newest header's signature" },
    { "header", newest, BN_HEADER_OFF_TIMESTAMP + 7, "the newest header's timestamp" },
    { "header", g_ptr_array_index (a, 0), BN_HEADER_OFF_BACKLINK, "the first backlink" },
    { "payload", middle, 30, "a payload" },
    { "payload", newest, 0, "a payload's nonce" },
  };

  insert_expecting (f->store, a, 5, 0, 0);
  insert_expecting (f->store, b, 5, 0, 0);
  bn_test_assert_verifies (f->store);

  /* Each tampering is undone by flipping the same bit back. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      tamper_blob (f->store, cases[i].column, cases[i].entry, cases[i].offset);
      assert_verify_fails (f->store, cases[i].what);
      tamper_blob (f->store, cases[i].column, cases[i].entry, cases[i].offset);
      bn_test_assert_verifies (f->store);
    }

  /* A middle entry removed; a head moved; a head moved back and the newest removed. */
  exec_sql (f->store, "CREATE TABLE saved AS SELECT * FROM entries");
  exec_sql (f->store, "DELETE FROM entries WHERE seq = 3");
  assert_verify_fails (f->store, "a missing middle entry");
  exec_sql (f->store, "INSERT INTO entries SELECT * FROM saved WHERE seq = 3");
  bn_test_assert_verifies (f->store);

  exec_sql (f->store, "UPDATE heads SET seq = 4");
  assert_verify_fails (f->store, "heads pointing to an older entry");
  exec_sql (f->store, "UPDATE heads SET seq = 5");
  bn_test_assert_verifies (f->store);

  exec_sql (f->store, "DELETE FROM entries WHERE seq = 5");
  assert_verify_fails (f->store, "the newest entries gone");
  exec_sql (f->store, "INSERT INTO entries SELECT * FROM saved WHERE seq = 5");
  exec_sql (f->store, "DROP TABLE saved");
  bn_test_assert_verifies (f->store);
}

static void
write_v1_database (const char *path, BnStore *source)
{
  g_autoptr(GPtrArray) entries = bn_test_store_entries (source);
  g_autoptr(GArray) heads = bn_store_list_heads (source);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bn_store_migrations[0], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO entries (author, seq, id, header, payload, timestamp)"
                                       " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < entries->len; i++)
    {
      BnEntry *e = g_ptr_array_index (entries, i);
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, e->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) e->seq);
      sqlite3_bind_blob (stmt, 3, e->id, BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, e->raw, BN_HEADER_LEN, SQLITE_STATIC);
      if (e->payload != NULL)
        sqlite3_bind_blob (stmt, 5, g_bytes_get_data (e->payload, NULL),
                           (int) g_bytes_get_size (e->payload), SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_int64 (stmt, 6, e->timestamp_ms);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO heads (author, seq, id) VALUES (?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < heads->len; i++)
    {
      BnHead *h = &g_array_index (heads, BnHead, i);
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, h->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) h->seq);
      sqlite3_bind_blob (stmt, 3, h->id, BN_HASH_LEN, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static int
user_version (BnStore *store)
{
  return (int) bn_test_count_rows (store, "PRAGMA user_version");
}

static void
test_migrate_from_v1 (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) profile = append_profile (alice, "Alice");
  g_autoptr(BnEntry) post = append_post (alice, "Paint the fence", 0);
  g_autoptr(BnEntry) reply = append_on_post (bob, "thanks", post, "Looks great");
  g_autoptr(GPtrArray) all = bn_test_entries (profile, post, reply, NULL);
  g_autofree char *path = g_build_filename (f->dir, "v1.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStore) migrated = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  insert_expecting (f->store, all, 3, 0, 0);
  write_v1_database (path, f->store);

  migrated = bn_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (migrated), ==, BN_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (bn_store_derived_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf (
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
          bn_store_derived_tables[i]);
      g_assert_cmpuint (bn_test_count_rows (migrated, sql), ==, 1);
    }
  bn_store_set_keys (migrated, f->hood, f->observer);

  /* The derived state is there as if the entries had arrived today. */
  posts = bn_store_list_posts (migrated, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Paint the fence");
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->author_name, ==, "Alice");
  g_assert_cmpuint (((BnPost *) g_ptr_array_index (posts, 0))->n_thanks, ==, 1);
  g_assert_cmpuint (bn_store_count_entries (migrated), ==, 3);
  bn_test_assert_verifies (migrated);

  /* Closed and opened again: nothing migrates twice, nothing is lost. */
  g_clear_object (&migrated);
  g_clear_pointer (&posts, g_ptr_array_unref);
  migrated = bn_test_store_new (f->dir, "v1.db", f->hood, f->observer);
  g_assert_cmpint (user_version (migrated), ==, BN_STORE_SCHEMA_VERSION);
  posts = bn_store_list_posts (migrated, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  bn_test_assert_verifies (migrated);
}

/* The schema the first core wrote (commit ceac492), before schema 1 gained the
 * arrival number entries.n and posts lost their stored base: data directories
 * made then must still open and work. */
static const char *const first_core_schema =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE entries ("
  "  author BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL UNIQUE,"
  "  header BLOB NOT NULL, payload BLOB, timestamp INTEGER NOT NULL,"
  "  PRIMARY KEY (author, seq)) WITHOUT ROWID;"
  "CREATE TABLE heads ("
  "  author BLOB PRIMARY KEY, seq INTEGER NOT NULL, id BLOB NOT NULL,"
  "  forked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE TABLE forks ("
  "  author BLOB NOT NULL, seq INTEGER NOT NULL, header BLOB NOT NULL,"
  "  found INTEGER NOT NULL, PRIMARY KEY (author, seq, header));"
  "CREATE TABLE profiles ("
  "  author BLOB PRIMARY KEY, entry_id BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  name TEXT, about TEXT, talents TEXT, needs TEXT, languages TEXT,"
  "  street TEXT, number TEXT, building TEXT, floor TEXT, connector INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE posts ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL, base TEXT NOT NULL,"
  "  kind TEXT, category TEXT, title TEXT, body TEXT, when_text TEXT, urgency TEXT,"
  "  visibility TEXT, on_behalf_of TEXT, expiry INTEGER, status TEXT NOT NULL DEFAULT 'open',"
  "  accepted_reply BLOB, helper BLOB, updated INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX posts_kind ON posts (kind, deleted);"
  "CREATE TABLE post_events ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  type TEXT NOT NULL, data TEXT NOT NULL);"
  "CREATE INDEX post_events_post ON post_events (post_id);"
  "CREATE TABLE replies ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX replies_post ON replies (post_id);"
  "CREATE TABLE thanks ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX thanks_post ON thanks (post_id);"
  "CREATE TABLE deletions ("
  "  target BLOB NOT NULL, author BLOB NOT NULL, PRIMARY KEY (target, author)) WITHOUT ROWID;"
  "CREATE TABLE peers ("
  "  address TEXT PRIMARY KEY, source TEXT NOT NULL, peer_id TEXT,"
  "  last_seen INTEGER NOT NULL DEFAULT 0, last_sync INTEGER NOT NULL DEFAULT 0,"
  "  failures INTEGER NOT NULL DEFAULT 0, entries_in INTEGER NOT NULL DEFAULT 0,"
  "  entries_out INTEGER NOT NULL DEFAULT 0);"
  "PRAGMA user_version = 3;";

static void
test_first_core_database (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) profile = append_profile (alice, "Alice");
  g_autoptr(BnEntry) post = append_post (alice, "Paint the fence", 0);
  g_autoptr(GPtrArray) old = bn_test_entries (profile, post, NULL);
  g_autoptr(BnEntry) later = append_post (alice, "Mow the lawn", 0);
  g_autoptr(GPtrArray) batch = bn_test_entries (later, NULL);
  g_autofree char *path = g_build_filename (f->dir, "first.db", NULL);
  g_autoptr(BnStore) store = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Entries, head and derived rows as the first core stored them. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, first_core_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO entries (author, seq, id, header, payload, timestamp)"
                                       " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < old->len; i++)
    {
      BnEntry *e = g_ptr_array_index (old, i);
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, e->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) e->seq);
      sqlite3_bind_blob (stmt, 3, e->id, BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, e->raw, BN_HEADER_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 5, g_bytes_get_data (e->payload, NULL),
                         (int) g_bytes_get_size (e->payload), SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, e->timestamp_ms);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO heads (author, seq, id) VALUES (?, 2, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, post->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, post->id, BN_HASH_LEN, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = bn_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (store), ==, BN_STORE_SCHEMA_VERSION);
  bn_store_set_keys (store, f->hood, f->observer);
  bn_test_assert_verifies (store);

  /* What was there shows, and what comes next is stored and shows too. */
  insert_expecting (store, batch, 1, 0, 0);
  posts = bn_store_list_posts (store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 2);
  g_assert_cmpuint (head_seq (store, alice), ==, 3);
  {
    g_autoptr(BnProfile) p = bn_store_get_profile (store, bn_test_log_key (alice));
    g_assert_cmpstr (p->name, ==, "Alice");
  }
  bn_test_assert_verifies (store);
}

static void
test_too_new_schema (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "future.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", BN_STORE_SCHEMA_VERSION + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStore) store = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); INSERT INTO future VALUES (42);", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = bn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer Buurtnet"));

  /* The newer data is left exactly as it was. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, BN_STORE_SCHEMA_VERSION + 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT x FROM future", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 42);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A file that is not a database (a half-copied backup, the wrong file): a
 * clear error naming it, and the file left alone. */
static void
test_not_a_database (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *junk = g_strnfill (8192, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStore) store = NULL;
  g_autofree char *after = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (path, junk, 8192, NULL));
  store = bn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpmem (after, len, junk, 8192);
}

static void
test_reopen_keeps_data (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = make_run (alice, 20);
  g_autofree char *path = g_strdup (bn_store_get_path (f->store));

  g_ptr_array_add (run, append_post (alice, "Tomatoes to share", 0));
  insert_expecting (f->store, run, 21, 0, 0);
  g_clear_object (&f->store);

  f->store = bn_test_store_new (f->dir, "main.db", f->hood, f->observer);
  g_assert_cmpstr (bn_store_get_path (f->store), ==, path);
  g_assert_cmpint (user_version (f->store), ==, BN_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 21);
  g_assert_cmpuint (head_seq (f->store, alice), ==, 21);
  {
    g_autoptr(GPtrArray) posts = bn_store_list_posts (f->store, NULL, "request", NULL);
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (alice));
    g_assert_cmpuint (posts->len, ==, 1);
    g_assert_cmpstr (profile->name, ==, "Neighbour 19");
  }
  bn_test_assert_verifies (f->store);
  /* And the log goes on from where it was. */
  {
    g_autoptr(BnEntry) next = append_profile (alice, "Alice");
    g_autoptr(GPtrArray) batch = bn_test_entries (next, NULL);
    insert_expecting (f->store, batch, 1, 0, 0);
  }
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/store/" path, StoreFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("run-of-a-thousand", test_run_of_a_thousand);
  ADD ("newest-signature-commits-to-run", test_newest_signature_commits_to_run);
  ADD ("signed-prefix-accepted", test_signed_prefix_accepted);
  ADD ("middle-header-flip", test_middle_header_flip);
  ADD ("broken-chain", test_broken_chain);
  ADD ("gap", test_gap);
  ADD ("fork-against-stored", test_fork_against_stored);
  ADD ("fork-within-batch", test_fork_within_batch);
  ADD ("forgery-is-not-a-fork", test_forgery_is_not_a_fork);
  ADD ("fork-does-not-block-others", test_fork_does_not_block_others);
  ADD ("duplicates-in-batch", test_duplicates_in_batch);
  ADD ("wrong-neighbourhood", test_wrong_neighbourhood);
  ADD ("payload-mismatch", test_payload_mismatch);
  ADD ("payload-not-an-envelope", test_payload_not_an_envelope);
  ADD ("erased-payload-accepted", test_erased_payload_accepted);
  ADD ("delete-erases-everywhere", test_delete_erases_everywhere);
  ADD ("delete-reply", test_delete_reply);
  ADD ("expiry", test_expiry);
  ADD ("expiry-late-arrivals", test_expiry_late_arrivals);
  ADD ("verify-notices-tampering", test_verify_notices_tampering);
  ADD ("migrate-from-v1", test_migrate_from_v1);
  ADD ("first-core-database", test_first_core_database);
  ADD ("too-new-schema", test_too_new_schema);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);
  ADD ("not-a-database", test_not_a_database);
  ADD ("two-connections-at-once", test_two_connections_at_once);
#undef ADD

  return g_test_run ();
}
