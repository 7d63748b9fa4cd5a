/* test-store.c — the store takes verified runs only: signatures, chains, gaps,
 * forks kept as proof, entries of other neighbourhoods, payloads and hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-store-private.h"   /* raw SQL: the forks table kept as proof */

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)
#define HOUR G_GINT64_CONSTANT (3600000)

static void
test_run_of_a_thousand (BnStoreFixture *f,
                        gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (log, 1000);
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
  bn_test_insert_expecting (f->store, shuffled, 1000, 0, 0);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 1000);
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
  bn_test_insert_expecting (f->store, run, 0, 1000, 0);
}

/* ARCHITECTURE §4: a run is verified by the newest header's signature plus the
 * backlinks. A run whose older headers carry broken signatures but whose newest
 * is signed is the author's own, committed to by that last signature. */
static void
test_newest_signature_commits_to_run (BnStoreFixture *f,
                                      gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  g_ptr_array_add (run, bn_test_append_profile (log, "One"));
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (run, bn_test_log_append_bad_signature (log, "{\"type\":\"profile\",\"name\":\"x\"}"));
  g_ptr_array_add (run, bn_test_append_profile (log, "Ten"));
  bn_test_insert_expecting (f->store, run, 10, 0, 0);
  bn_test_assert_verifies (f->store);
}

static void
test_signed_prefix_accepted (BnStoreFixture *f,
                             gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (log, 7);
  BnInsertResult result = { 0 };

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (run, bn_test_log_append_bad_signature (log, "{\"type\":\"profile\",\"name\":\"x\"}"));
  bn_test_insert (f->store, run, &result);
  g_assert_cmpuint (result.added, ==, 7);
  g_assert_cmpuint (result.refused, ==, 3);
  g_assert_true (bn_test_result_has_reason (&result, "bad signature"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 7);
  bn_test_assert_verifies (f->store);
}

static void
test_middle_header_flip (BnStoreFixture *f,
                         gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (log, 10);
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
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 4);
  bn_test_assert_verifies (f->store);

  bn_test_insert_expecting (f->store, rest, 6, 0, 0);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 10);
  bn_test_assert_verifies (f->store);
}

static void
test_broken_chain (BnStoreFixture *f,
                   gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) good = bn_test_make_run (log, 3);
  g_autoptr(BnEntry) broken = NULL;
  g_autoptr(BnEntry) after = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  BnInsertResult result = { 0 };

  bn_test_insert_expecting (f->store, good, 3, 0, 0);
  /* Properly signed by the author, but linked to something that is not #3. */
  randombytes_buf (log->prev_id, BN_HASH_LEN);
  broken = bn_test_append_profile (log, "Four");
  after = bn_test_append_profile (log, "Five");
  batch = bn_test_entries (broken, after, NULL);
  g_assert_true (bn_entry_verify_signature (broken));

  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 2);
  g_assert_true (bn_test_result_has_reason (&result, "link to the previous entry is broken"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 3);
  bn_test_assert_verifies (f->store);
}

static void
test_gap (BnStoreFixture *f,
          gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (log, 6);
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

  bn_test_insert_expecting (f->store, first, 3, 0, 0);
  bn_test_insert (f->store, later, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.refused, ==, 2);
  g_assert_true (bn_test_result_has_reason (&result, "earlier entries of this log are missing"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 3);

  bn_test_insert_expecting (f->store, missing, 3, 0, 0);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 6);
  bn_test_assert_verifies (f->store);
}

static void
assert_fork_proof (BnStoreFixture *f, BnTestLog *log, guint64 seq, const BnEntry *a, const BnEntry *b)
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
test_fork_against_stored (BnStoreFixture *f,
                          gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) common = bn_test_make_run (log, 2);
  g_autoptr(BnTestLog) branch = bn_test_log_fork (log);
  g_autoptr(BnEntry) a3 = bn_test_append_profile (log, "Honest three");
  g_autoptr(BnEntry) a4 = bn_test_append_profile (log, "Honest four");
  g_autoptr(BnEntry) b3 = bn_test_append_profile (branch, "Other three");
  g_autoptr(BnEntry) b4 = bn_test_append_profile (branch, "Other four");
  g_autoptr(GPtrArray) mine = bn_test_entries (a3, NULL);
  g_autoptr(GPtrArray) theirs = bn_test_entries (b3, b4, NULL);
  g_autoptr(GPtrArray) later = bn_test_entries (a4, NULL);
  BnInsertResult result = { 0 };

  bn_test_insert_expecting (f->store, common, 2, 0, 0);
  bn_test_insert_expecting (f->store, mine, 1, 0, 0);

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
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 3);
  g_assert_false (bn_test_payload_erased (f->store, a3));
  bn_test_assert_verifies (f->store);
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (log));
    g_assert_cmpstr (profile->name, ==, "Honest three");
  }
}

static void
test_fork_within_batch (BnStoreFixture *f,
                        gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) batch = bn_test_make_run (log, 2);
  g_autoptr(BnTestLog) branch = bn_test_log_fork (log);
  g_autoptr(BnEntry) a3 = bn_test_append_profile (log, "One three");
  g_autoptr(BnEntry) b3 = bn_test_append_profile (branch, "Another three");
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
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 3);
  bn_test_assert_verifies (f->store);
}

/* Someone who holds an author's entries but not their key makes an unsigned #3
 * and sends it in one batch with the author's real #3. That is no proof of a
 * fork: the author's log must not be frozen, and the forgery must not be kept. */
static void
test_forgery_is_not_a_fork (BnStoreFixture *f,
                            gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) common = bn_test_make_run (log, 2);
  g_autoptr(BnTestLog) forger = bn_test_log_fork (log);
  g_autoptr(BnEntry) forged = bn_test_log_append_bad_signature (forger, "{\"type\":\"profile\",\"name\":\"Forged\"}");
  g_autoptr(BnEntry) forged4 = bn_test_log_append_bad_signature (forger, "{\"type\":\"profile\",\"name\":\"Forged 4\"}");
  g_autoptr(BnEntry) real3 = bn_test_append_profile (log, "Real three");
  g_autoptr(BnEntry) real4 = bn_test_append_profile (log, "Real four");
  g_autoptr(GPtrArray) attack = bn_test_entries (forged, real3, forged4, NULL);
  g_autoptr(GPtrArray) honest = bn_test_entries (real3, real4, NULL);
  BnInsertResult result = { 0 };
  BnHead head;

  bn_test_insert_expecting (f->store, common, 2, 0, 0);
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
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 4);
  bn_test_assert_verifies (f->store);
}

static void
test_duplicates_in_batch (BnStoreFixture *f,
                          gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (log, 3);
  g_autoptr(GPtrArray) batch = bn_test_entries (run->pdata[2], run->pdata[0], run->pdata[1],
                                                run->pdata[0], run->pdata[2], NULL);

  bn_test_insert_expecting (f->store, batch, 3, 2, 0);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 3);
  bn_test_assert_verifies (f->store);
}

/* A fork freezes the forking author only: the others in the same batch are
 * stored as usual. */
static void
test_fork_does_not_block_others (BnStoreFixture *f,
                                 gconstpointer   data)
{
  g_autoptr(BnTestLog) cheat = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) honest = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) common = bn_test_make_run (cheat, 1);
  g_autoptr(BnTestLog) branch = bn_test_log_fork (cheat);
  g_autoptr(BnEntry) a2 = bn_test_append_profile (cheat, "A");
  g_autoptr(BnEntry) b2 = bn_test_append_profile (branch, "B");
  g_autoptr(GPtrArray) others = bn_test_make_run (honest, 4);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnInsertResult result = { 0 };

  bn_test_insert_expecting (f->store, common, 1, 0, 0);
  g_ptr_array_add (batch, bn_entry_ref (a2));
  g_ptr_array_add (batch, bn_entry_ref (b2));
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (batch, bn_entry_ref (g_ptr_array_index (others, i)));
  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.forks, ==, 1);
  g_assert_cmpuint (result.added, ==, 5);
  g_assert_cmpuint (result.refused, ==, 1);
  bn_insert_result_clear (&result);
  g_assert_cmpuint (bn_test_head_seq (f->store, honest), ==, 4);
  bn_test_assert_verifies (f->store);
}

static void
test_wrong_neighbourhood (BnStoreFixture *f,
                          gconstpointer   data)
{
  g_autoptr(BnHood) elsewhere = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnTestLog) stranger = bn_test_log_new (elsewhere, T0);
  g_autoptr(BnStore) their_store = bn_test_store_new (f->dir, "theirs.db", elsewhere, stranger->identity);
  g_autoptr(GPtrArray) theirs = bn_test_make_run (stranger, 3);
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GPtrArray) header_only = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnInsertResult result = { 0 };

  g_ptr_array_add (theirs, bn_test_append_post (stranger, "Help with moving", 0));
  bn_test_insert_expecting (their_store, theirs, 4, 0, 0);
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
test_payload_mismatch (BnStoreFixture *f,
                       gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = bn_test_append_profile (log, "An");
  g_autoptr(BnEntry) e2 = bn_test_append_post (log, "Groceries", 0);
  g_autoptr(GBytes) same_len = NULL;
  g_autoptr(GBytes) longer = NULL;
  g_autoptr(GBytes) other_entrys = NULL;
  GBytes *payloads[3];
  gsize len = g_bytes_get_size (e2->payload);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (e2->payload, NULL), len);
  g_autoptr(GPtrArray) first = bn_test_entries (e1, NULL);
  g_autoptr(GPtrArray) good = bn_test_entries (e2, NULL);

  bn_test_insert_expecting (f->store, first, 1, 0, 0);

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

  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 1);
  bn_test_insert_expecting (f->store, good, 1, 0, 0);
  bn_test_assert_verifies (f->store);
}

/* A member of the neighbourhood signs a payload that is not a sealed envelope of
 * the neighbourhood: its hash matches and it names a key this peer holds, but it
 * cannot be opened. */
static void
test_payload_not_an_envelope (BnStoreFixture *f,
                              gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  guint8 junk[200];
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  BnInsertResult result = { 0 };

  randombytes_buf (junk, sizeof junk);
  memcpy (junk, bn_keyring_get_legacy (f->hood->keys)->id, BN_KEY_ID_LEN);
  payload = g_bytes_new (junk, sizeof junk);
  entry = bn_entry_new_signed (log->identity, BN_ENTRY_VERSION, 1, f->hood->anchor, T0, payload);
  batch = bn_test_entries (entry, NULL);
  g_assert_true (bn_entry_check_payload (entry, NULL));
  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.refused, ==, 1);
  g_assert_true (bn_test_result_has_reason (&result, "cannot be opened"));
  bn_insert_result_clear (&result);
}

/* A payload sealed with an epoch key this peer does not hold (a renewal that has
 * not reached it) is stored and forwarded unread (docs/protocol.md §4.2), and
 * shows nothing until the key arrives. */
static void
test_payload_under_unknown_key (BnStoreFixture *f,
                                gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(JsonObject) object = bn_test_json ("{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Soup\"}");
  BnEpochKey later = { 0 };
  guint8 secret[BN_KEY_LEN];
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  BnInsertResult result = { 0 };

  randombytes_buf (secret, sizeof secret);
  bn_epoch_key_derive (secret, &later);
  payload = bn_payload_encrypt (&later, log->identity->public_key, 1, object, NULL, NULL);
  entry = bn_entry_new_signed (log->identity, BN_ENTRY_VERSION, 1, f->hood->anchor, T0, payload);
  batch = bn_test_entries (entry, NULL);
  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.added, ==, 1);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 0);
  bn_test_assert_verifies (f->store);
}

static void
test_erased_payload_accepted (BnStoreFixture *f,
                              gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = bn_test_append_profile (log, "An");
  g_autoptr(BnEntry) e2 = bn_test_append_post (log, "Soup for a week", 0);
  g_autoptr(BnEntry) e3 = bn_test_append_profile (log, "Anna");
  g_autoptr(BnEntry) bare2 = bn_entry_without_payload (e2);
  g_autoptr(GPtrArray) batch = bn_test_entries (e1, bare2, e3, NULL);
  g_autoptr(GPtrArray) posts = NULL;

  bn_test_insert_expecting (f->store, batch, 3, 0, 0);
  g_assert_true (bn_test_payload_erased (f->store, e2));
  g_assert_false (bn_test_payload_erased (f->store, e3));
  bn_test_assert_verifies (f->store);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 0);
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (log));
    g_assert_cmpstr (profile->name, ==, "Anna");
  }
}

static guint32
holes_of (BnStore *store, BnTestLog *log)
{
  BnHead head;

  g_assert_true (bn_store_get_head (store, bn_test_log_key (log), &head));
  return head.holes;
}

/* Issue 9 (a): an entry pushed header-only, then with its payload: the payload
 * is filled in and folded, and the head's count of holes goes back down. */
static void
test_header_only_then_payload (BnStoreFixture *f,
                               gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = bn_test_append_profile (log, "An");
  g_autoptr(BnEntry) e2 = bn_test_append_post (log, "Soup for a week", 0);
  g_autoptr(BnEntry) bare2 = bn_entry_without_payload (e2);
  g_autoptr(GPtrArray) first = bn_test_entries (e1, bare2, NULL);
  g_autoptr(GPtrArray) again = bn_test_entries (e2, NULL);
  g_autoptr(GPtrArray) posts = NULL;

  bn_test_insert_expecting (f->store, first, 2, 0, 0);
  g_assert_cmpuint (holes_of (f->store, log), ==, 1);
  g_assert_cmpuint (bn_store_first_missing_payload (f->store, bn_test_log_key (log)), ==, 2);
  bn_test_insert_expecting (f->store, again, 1, 0, 0);
  g_assert_false (bn_test_payload_erased (f->store, e2));
  g_assert_cmpuint (holes_of (f->store, log), ==, 0);
  g_assert_cmpuint (bn_store_first_missing_payload (f->store, bn_test_log_key (log)), ==, 0);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  bn_test_assert_verifies (f->store);
  /* Once more: known, nothing changes. */
  bn_test_insert_expecting (f->store, again, 0, 1, 0);
}

/* A post held without its payload, a change to it, and then its payload, all
 * stored before anything is folded (as a sync does): the post is folded after
 * its change, and shows it — whether the fold asks the post_events table (a
 * short fold) or bn-fold-filter.c's filter (a long one, which must learn of the
 * change it just folded). */
static void
test_change_before_its_post (BnStoreFixture *f,
                             gconstpointer   data)
{
  const guint fillers[] = { 0, 100 };

  for (guint k = 0; k < G_N_ELEMENTS (fillers); k++)
    {
      g_autofree char *name = g_strdup_printf ("change-first-%u.db", k);
      g_autoptr(BnStore) store = bn_test_store_new (f->dir, name, f->hood, f->observer);
      g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
      g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      g_autoptr(GPtrArray) then = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      g_autoptr(BnEntry) post = NULL;
      g_autoptr(BnPost) folded = NULL;
      g_autofree char *post_hex = NULL;
      g_autofree char *status = NULL;

      g_test_message ("%u posts before", fillers[k]);
      for (guint i = 0; i < fillers[k]; i++)
        g_ptr_array_add (first, bn_test_append_post (log, "Borrow a ladder", 0));
      post = bn_test_append_post (log, "Soup for a week", 0);
      post_hex = bn_entry_dup_id_hex (post);
      status = g_strdup_printf ("{\"type\":\"status\",\"post\":\"%s\",\"status\":\"done\"}", post_hex);
      g_ptr_array_add (first, bn_entry_without_payload (post));
      g_ptr_array_add (first, bn_test_log_append_json (log, status));
      g_ptr_array_add (then, bn_entry_ref (post));

      bn_test_store_then_fold (store, first, then);

      folded = bn_store_get_post (store, NULL, post->id);
      g_assert_nonnull (folded);
      g_assert_cmpstr (folded->title, ==, "Soup for a week");
      g_assert_cmpstr (folded->status, ==, "done");
      bn_test_assert_verifies (store);
    }
}

/* A payload that does not match the stored header's hash is refused; a payload
 * erased by its author's deletion is never taken back. */
static void
test_erased_payload_stays_erased (BnStoreFixture *f,
                                  gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = bn_test_append_post (log, "Soup for a week", 0);
  g_autoptr(BnEntry) e2 = bn_test_append_delete (log, e1);
  g_autoptr(GPtrArray) batch = bn_test_entries (e1, e2, NULL);
  g_autoptr(GPtrArray) again = bn_test_entries (e1, NULL);
  g_autoptr(GPtrArray) posts = NULL;

  bn_test_insert_expecting (f->store, batch, 2, 0, 0);
  g_assert_true (bn_test_payload_erased (f->store, e1));
  g_assert_cmpuint (holes_of (f->store, log), ==, 1);
  g_assert_cmpuint (bn_store_first_missing_payload (f->store, bn_test_log_key (log)), ==, 0);
  bn_test_insert_expecting (f->store, again, 0, 1, 0);
  g_assert_true (bn_test_payload_erased (f->store, e1));
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 0);
  bn_test_assert_verifies (f->store);
}

static void
test_filled_payload_must_match (BnStoreFixture *f,
                                gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) e1 = bn_test_append_post (log, "Soup for a week", 0);
  g_autoptr(BnEntry) bare = bn_entry_without_payload (e1);
  g_autoptr(GBytes) other = g_bytes_new_static ("not the payload", 15);
  g_autoptr(BnEntry) swapped = bn_entry_new_from_header (e1->raw, BN_HEADER_LEN, other, NULL);
  g_autoptr(GPtrArray) first = bn_test_entries (bare, NULL);
  g_autoptr(GPtrArray) bad = bn_test_entries (swapped, NULL);

  bn_test_insert_expecting (f->store, first, 1, 0, 0);
  bn_test_insert_expecting (f->store, bad, 0, 0, 1);
  g_assert_true (bn_test_payload_erased (f->store, e1));
  g_assert_cmpuint (holes_of (f->store, log), ==, 1);
}

/* Checks done ahead on another thread (bn_store_check_ahead) change nothing the
 * store answers: good entries are noted as passed and taken without a second
 * check, and every bad one is refused for its own reason as before. */
static void
test_checked_ahead (BnStoreFixture *f,
                    gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) other = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) stranger = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) batch = bn_test_make_run (log, 7);
  g_autoptr(JsonObject) object = bn_test_json ("{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Soup\"}");
  g_autoptr(BnEntry) good = bn_test_append_profile (other, "Good");
  g_autoptr(BnEntry) next = bn_test_append_post (other, "Groceries", 0);
  g_autoptr(BnEntry) swapped = NULL;
  g_autoptr(BnEntry) unread = NULL;
  g_autoptr(GBytes) payload = NULL;
  BnEpochKey later = { 0 };
  guint8 secret[BN_KEY_LEN];
  BnInsertResult result = { 0 };
  g_autoptr(GError) error = NULL;

  /* 7 good entries of one log, then 3 whose signatures fail; a second log
   * whose #2 carries #1's payload; a third under a key this peer lacks. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (batch, bn_test_log_append_bad_signature (log, "{\"type\":\"profile\",\"name\":\"x\"}"));
  swapped = bn_entry_new_from_header (next->raw, BN_HEADER_LEN, good->payload, &error);
  g_assert_no_error (error);
  g_ptr_array_add (batch, bn_entry_ref (good));
  g_ptr_array_add (batch, bn_entry_ref (swapped));
  randombytes_buf (secret, sizeof secret);
  bn_epoch_key_derive (secret, &later);
  payload = bn_payload_encrypt (&later, stranger->identity->public_key, 1, object, NULL, NULL);
  unread = bn_entry_new_signed (stranger->identity, BN_ENTRY_VERSION, 1, f->hood->anchor, T0, payload);
  g_ptr_array_add (batch, bn_entry_ref (unread));

  bn_store_check_ahead (f->hood->keys, batch);
  for (guint i = 0; i < 7; i++)
    g_assert_true (((BnEntry *) g_ptr_array_index (batch, i))->passed & BN_ENTRY_PAYLOAD_HOLDS);
  g_assert_false (((BnEntry *) g_ptr_array_index (batch, 6))->passed & BN_ENTRY_SIGNATURE_HOLDS);
  g_assert_false (((BnEntry *) g_ptr_array_index (batch, 9))->passed & BN_ENTRY_SIGNATURE_HOLDS);
  g_assert_false (swapped->passed & BN_ENTRY_PAYLOAD_HOLDS);
  g_assert_true (good->passed & BN_ENTRY_PAYLOAD_HOLDS);
  /* Not read here, so not passed: the store judges it with its own keys. */
  g_assert_false (unread->passed & BN_ENTRY_PAYLOAD_HOLDS);
  g_assert_true (unread->passed & BN_ENTRY_SIGNATURE_HOLDS);

  bn_test_insert (f->store, batch, &result);
  g_assert_cmpuint (result.added, ==, 7 + 1 + 1);
  g_assert_cmpuint (result.refused, ==, 3 + 1);
  g_assert_true (bn_test_result_has_reason (&result, "bad signature"));
  g_assert_true (bn_test_result_has_reason (&result, "payload"));
  bn_insert_result_clear (&result);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 7);
  g_assert_cmpuint (bn_test_head_seq (f->store, other), ==, 1);
  bn_test_assert_verifies (f->store);
}

/* Several batches in one transaction: each is judged after the ones before it
 * (the second continues the first's log), and each gets its own counts and
 * its own list of what it stored. */
static void
test_batches_in_one_transaction (BnStoreFixture *f,
                                 gconstpointer   data)
{
  g_autoptr(BnTestLog) log = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (log, 10);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) gap = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) batches = g_ptr_array_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  BnInsertResult results[3];
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) skipped = NULL;

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (i < 5 ? first : second, bn_entry_ref (g_ptr_array_index (run, i)));
  skipped = bn_test_append_profile (log, "Eleven");
  g_ptr_array_add (gap, bn_test_append_profile (log, "Twelve"));
  g_ptr_array_add (batches, second);   /* before the first: refused, its seq 6 has no 5 */
  g_ptr_array_add (batches, first);
  g_ptr_array_add (batches, gap);
  for (guint i = 0; i < batches->len; i++)
    g_ptr_array_add (added, g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref));

  g_assert_true (bn_store_insert_verified_many (f->store, batches, results, added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (results[0].added, ==, 0);
  g_assert_cmpuint (results[0].refused, ==, 5);
  g_assert_cmpuint (results[1].added, ==, 5);
  g_assert_cmpuint (results[2].refused, ==, 1);
  g_assert_true (bn_test_result_has_reason (&results[2], "missing"));
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (added, 0))->len, ==, 0);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (added, 1))->len, ==, 5);
  for (guint i = 0; i < 3; i++)
    bn_insert_result_clear (&results[i]);

  /* In turn, the second after the first: all of it. */
  g_ptr_array_set_size (batches, 0);
  g_ptr_array_add (batches, second);
  g_ptr_array_set_size (added, 1);
  g_assert_true (bn_store_insert_verified_many (f->store, batches, results, added, &error));
  g_assert_cmpuint (results[0].added, ==, 5);
  bn_insert_result_clear (&results[0]);
  g_assert_cmpuint (bn_test_head_seq (f->store, log), ==, 10);
  bn_test_assert_verifies (f->store);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/store/" path, BnStoreFixture, NULL, \
              bn_store_fixture_setup, func, bn_store_fixture_teardown)
  ADD ("run-of-a-thousand", test_run_of_a_thousand);
  ADD ("newest-signature-commits-to-run", test_newest_signature_commits_to_run);
  ADD ("signed-prefix-accepted", test_signed_prefix_accepted);
  ADD ("middle-header-flip", test_middle_header_flip);
  ADD ("broken-chain", test_broken_chain);
  ADD ("gap", test_gap);
  ADD ("fork-against-stored", test_fork_against_stored);
  ADD ("fork-within-batch", test_fork_within_batch);
  ADD ("forgery-is-not-a-fork", test_forgery_is_not_a_fork);
  ADD ("duplicates-in-batch", test_duplicates_in_batch);
  ADD ("fork-does-not-block-others", test_fork_does_not_block_others);
  ADD ("wrong-neighbourhood", test_wrong_neighbourhood);
  ADD ("payload-mismatch", test_payload_mismatch);
  ADD ("payload-not-an-envelope", test_payload_not_an_envelope);
  ADD ("payload-under-unknown-key", test_payload_under_unknown_key);
  ADD ("erased-payload-accepted", test_erased_payload_accepted);
  ADD ("header-only-then-payload", test_header_only_then_payload);
  ADD ("change-before-its-post", test_change_before_its_post);
  ADD ("erased-payload-stays-erased", test_erased_payload_stays_erased);
  ADD ("filled-payload-must-match", test_filled_payload_must_match);
  ADD ("checked-ahead", test_checked_ahead);
  ADD ("batches-in-one-transaction", test_batches_in_one_transaction);
#undef ADD

  return g_test_run ();
}
