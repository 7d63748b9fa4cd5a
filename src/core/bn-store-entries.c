/* bn-store-entries.c — appending, verifying and inserting entries
 *
 * A batch is verified per author as runs: the chain of backlinks from the newest
 * trusted entry (or the neighbourhood anchor, for seq 1) plus the signature of the
 * newest header of the run, which commits to every header before it. One
 * transaction per batch, so a crash keeps whole batches only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-private.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-roster-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_REASONS 20

void
bn_insert_result_clear (BnInsertResult *result)
{
  g_clear_pointer (&result->reasons, g_ptr_array_unref);
  memset (result, 0, sizeof *result);
}

void
bn_insert_result_add_reason (BnInsertResult *result,
                             const char     *reason)
{
  if (result->reasons == NULL)
    result->reasons = g_ptr_array_new_with_free_func (g_free);
  if (result->reasons->len >= MAX_REASONS)
    return;
  for (guint i = 0; i < result->reasons->len; i++)
    if (g_str_equal (g_ptr_array_index (result->reasons, i), reason))
      return;
  g_ptr_array_add (result->reasons, g_strdup (reason));
}

static void
refuse (BnInsertResult *result, const BnEntry *entry, guint count, const char *why)
{
  g_autofree char *author = bn_entry_dup_author_id (entry);
  g_autofree char *line = g_strdup_printf ("%.8s… #%" G_GUINT64_FORMAT ": %s", author,
                                           entry->seq, why);
  result->refused += count;
  g_debug ("Refused %u entr%s from %s", count, count == 1 ? "y" : "ies", line);
  bn_insert_result_add_reason (result, line);
}

static BnEntry *
entry_from_row (sqlite3_stmt *stmt, int header_col, int payload_col)
{
  g_autoptr(GBytes) payload = NULL;

  if (sqlite3_column_type (stmt, payload_col) != SQLITE_NULL)
    payload = g_bytes_new (sqlite3_column_blob (stmt, payload_col),
                           sqlite3_column_bytes (stmt, payload_col));
  return bn_entry_new_from_header (sqlite3_column_blob (stmt, header_col),
                                   sqlite3_column_bytes (stmt, header_col), payload, NULL);
}

/* @without_payload: (out): whether we hold that entry without its payload */
static gboolean
get_id_at (BnStore *self, const guint8 *author, guint64 seq, guint8 id[BN_HASH_LEN],
           gboolean *without_payload)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT id, payload IS NULL FROM entries WHERE author = ? AND seq = ?");
  gboolean found = FALSE;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) seq);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
    {
      memcpy (id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      *without_payload = sqlite3_column_int (stmt, 1) != 0;
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

#define ENTRY_COLUMNS 6

/* Binds @entry to the ENTRY_COLUMNS parameters from @first on. */
static void
bind_entry_row (sqlite3_stmt *stmt, int first, BnEntry *entry)
{
  sqlite3_bind_blob (stmt, first, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 1, (sqlite3_int64) entry->seq);
  sqlite3_bind_blob (stmt, first + 2, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, first + 3, entry->raw, BN_HEADER_LEN, SQLITE_STATIC);
  if (entry->payload != NULL)
    sqlite3_bind_blob (stmt, first + 4, g_bytes_get_data (entry->payload, NULL),
                       (int) g_bytes_get_size (entry->payload), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 5, entry->timestamp_ms);
}

static gboolean
step_entry_rows (BnStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("storing an entry"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_entry_row (BnStore *self, BnEntry *entry, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO entries (author, seq, id, header, payload, timestamp) VALUES (?, ?, ?, ?, ?, ?)");

  bind_entry_row (stmt, 1, entry);
  return step_entry_rows (self, stmt, error);
}

/* Rows a catch-up stores with one statement: a statement's own cost (its
 * cursors on the table and both indexes opened and closed, its reset) was a
 * quarter of storing a row one by one. */
#define ENTRY_ROWS_AT_ONCE 32

/* The SQL that stores ENTRY_ROWS_AT_ONCE rows, made once: statements are kept
 * per connection by the address of their text (bn_store_prepare). OR FAIL, not
 * the default ABORT: a statement that writes many rows and may abort halfway
 * makes SQLite copy every page it touches to a statement journal first (a temp
 * file: 174,000 more writes of 16 KiB in a 100k catch-up). A failure fails the
 * batch's whole transaction anyway (bn_store_insert_verified_many rolls back). */
static const char *
many_entry_rows_sql (void)
{
  static gsize made = 0;
  static char *sql;

  if (g_once_init_enter (&made))
    {
      GString *text = g_string_new ("INSERT OR FAIL INTO entries (author, seq, id, header, payload, timestamp)"
                                    " VALUES (?, ?, ?, ?, ?, ?)");
      for (guint i = 1; i < ENTRY_ROWS_AT_ONCE; i++)
        g_string_append (text, ", (?, ?, ?, ?, ?, ?)");
      sql = g_string_free (text, FALSE);
      g_once_init_leave (&made, 1);
    }
  return sql;
}

/* Stores the first @count entries of @run, in their order (their rows' n follow it). */
static gboolean
write_entry_rows (BnStore *self, GPtrArray *run, guint count, GError **error)
{
  guint i = 0;

  for (; i + ENTRY_ROWS_AT_ONCE <= count; i += ENTRY_ROWS_AT_ONCE)
    {
      sqlite3_stmt *stmt = bn_store_prepare (self, many_entry_rows_sql ());

      for (guint k = 0; k < ENTRY_ROWS_AT_ONCE; k++)
        bind_entry_row (stmt, 1 + (int) k * ENTRY_COLUMNS, g_ptr_array_index (run, i + k));
      if (!step_entry_rows (self, stmt, error))
        return FALSE;
    }
  for (; i < count; i++)
    if (!write_entry_row (self, g_ptr_array_index (run, i), error))
      return FALSE;
  return TRUE;
}

/* @new_holes: how many of the entries up to @entry came without a payload */
static gboolean
write_head (BnStore *self, const BnEntry *entry, guint new_holes, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO heads (author, seq, id, holes) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (author) DO UPDATE SET seq = excluded.seq, id = excluded.id,"
      " holes = holes + excluded.holes");
  int rc;

  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) entry->seq);
  sqlite3_bind_blob (stmt, 3, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, new_holes);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("updating a log head"));
      return FALSE;
    }
  return TRUE;
}

/* Keeps both headers as proof and stops accepting the author's new entries. */
static gboolean
record_fork (BnStore *self, const BnEntry *theirs, const guint8 *ours_header, GError **error)
{
  sqlite3_stmt *stmt;
  const guint8 *headers[2] = { theirs->raw, ours_header };
  gint64 now = g_get_real_time () / 1000;

  for (guint i = 0; i < 2; i++)
    {
      if (headers[i] == NULL)
        continue;
      stmt = bn_store_prepare (self,
          "INSERT OR IGNORE INTO forks (author, seq, header, found) VALUES (?, ?, ?, ?)");
      sqlite3_bind_blob (stmt, 1, theirs->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) theirs->seq);
      sqlite3_bind_blob (stmt, 3, headers[i], BN_HEADER_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          bn_store_set_error (self, error, _("recording a fork"));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  stmt = bn_store_prepare (self, "UPDATE heads SET forked = 1 WHERE author = ?");
  sqlite3_bind_blob (stmt, 1, theirs->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  {
    g_autofree char *author = bn_peer_id_from_key (theirs->author);
    g_message ("Neighbour %.8s… published two different entries #%" G_GUINT64_FORMAT
               "; their log is frozen and both versions are kept as proof",
               author, theirs->seq);
  }
  return TRUE;
}

static const guint8 *
stored_header_at (BnStore *self, const guint8 *author, guint64 seq, guint8 buffer[BN_HEADER_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT header FROM entries WHERE author = ? AND seq = ?");
  const guint8 *found = NULL;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) seq);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_HEADER_LEN)
    {
      memcpy (buffer, sqlite3_column_blob (stmt, 0), BN_HEADER_LEN);
      found = buffer;
    }
  sqlite3_reset (stmt);
  return found;
}

/* One author's entries of a batch on their way in. The run holds the new entries
 * that extend the stored log, checked but for their signatures; they are stored
 * when the author's entries are all seen (or a fork stops them). */
typedef struct
{
  BnStore        *store;
  GPtrArray      *group;       /* BnEntry: the batch's entries of this author, by seq */
  BnInsertResult *result;
  GPtrArray      *added;       /* BnEntry: what was stored, for entries-added */
  BnHead          head;        /* the stored head before this batch */
  GPtrArray      *run;         /* BnEntry: new entries, contiguous from head.seq + 1 */
  guint8          prev_id[BN_HASH_LEN];   /* the newest entry of the chain so far */
} AuthorBatch;

/* What to do after one entry. */
typedef enum {
  TAKE_NEXT,     /* go on with the author's next entry */
  STOP,          /* refuse the rest; store the run's signed part */
  FORKED,        /* the run's signed part is stored and the log frozen: done */
} Step;

static guint64
next_seq (const AuthorBatch *batch)
{
  return batch->head.seq + 1 + batch->run->len;
}

/* Reads where the author's log stands. Returns FALSE (with the whole group
 * refused) when the log is frozen after a fork. */
static gboolean
author_batch_start (AuthorBatch *batch)
{
  const BnHood *hood = bn_store_get_hood (batch->store);
  BnEntry *first = g_ptr_array_index (batch->group, 0);

  bn_store_get_head (batch->store, first->author, &batch->head);
  if (batch->head.forked)
    {
      refuse (batch->result, first, batch->group->len,
              _("this neighbour’s log is frozen after a fork"));
      return FALSE;
    }
  /* A log starts from the neighbourhood's anchor. */
  if (batch->head.seq == 0 && hood != NULL)
    memcpy (batch->prev_id, hood->anchor, BN_HASH_LEN);
  else
    memcpy (batch->prev_id, batch->head.id, BN_HASH_LEN);
  batch->run = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  return TRUE;
}

static void
author_batch_clear (AuthorBatch *batch)
{
  g_clear_pointer (&batch->run, g_ptr_array_unref);
}

/* The signature of the newest header commits to every earlier one through the
 * backlinks; only when it fails do we look for the longest prefix that is signed. */
static guint
signed_prefix_length (GPtrArray *run)
{
  for (guint n = run->len; n > 0; n--)
    if (bn_entry_verify_signature (g_ptr_array_index (run, n - 1)))
      return n;
  return 0;
}

/* The payload must match its signed hash and be sealed with our neighbourhood's
 * key (checked by the AEAD tag, without parsing: folding parses it later). */
static gboolean
check_payload (BnStore *self, BnEntry *entry, GError **error)
{
  const BnHood *hood = bn_store_get_hood (self);

  if (entry->passed & BN_ENTRY_PAYLOAD_HOLDS)
    return TRUE;
  if (!bn_entry_check_payload (entry, error))
    return FALSE;
  return hood == NULL || bn_payload_check_envelope (hood->keys, entry, error);
}

/**
 * bn_store_check_ahead:
 * @keys: (nullable): the neighbourhood's keys; without them no payload passes
 * @entries: (element-type BnEntry): a batch on its way to bn_store_insert_verified()
 *
 * Does the checks of a batch that need no database, on the calling thread: each
 * payload against the hash in its header and the tag of its envelope, and the
 * signature of each author's newest entry in the batch (the one the store checks
 * for the run that ends there). What passes is noted in the entries, and the
 * store does not check it again; what does not pass is checked again there, to
 * be refused with its reason. A network thread calls this on a batch while the
 * writer thread stores the one before: the store's answer stays the same.
 */
void
bn_store_check_ahead (BnKeyring *keys,
                      GPtrArray *entries)
{
  g_autoptr(GHashTable) newest = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < entries->len; i++)
    {
      BnEntry *entry = g_ptr_array_index (entries, i);
      BnEntry *known = g_hash_table_lookup (newest, entry->author);

      if (keys != NULL && entry->payload != NULL && bn_entry_check_payload (entry, NULL)
          && bn_payload_envelope_holds (keys, entry))
        entry->passed |= BN_ENTRY_PAYLOAD_HOLDS;
      if (known == NULL || entry->seq > known->seq)
        g_hash_table_insert (newest, entry->author, entry);
    }
  g_hash_table_iter_init (&iter, newest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (bn_entry_verify_signature (value))
      ((BnEntry *) value)->passed |= BN_ENTRY_SIGNATURE_HOLDS;
}

static gboolean
store_run (BnStore *self, GPtrArray *run, guint count, GPtrArray *added, GError **error)
{
  guint holes = 0;

  if (!write_entry_rows (self, run, count, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      BnEntry *entry = g_ptr_array_index (run, i);

      holes += entry->payload == NULL ? 1 : 0;
      g_ptr_array_add (added, bn_entry_ref (entry));
    }
  if (count > 0)
    return write_head (self, g_ptr_array_index (run, count - 1), holes, error);
  return TRUE;
}

static gboolean
step_done (BnStore *self, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
was_erased (BnStore *self, const BnEntry *entry)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT 1 FROM erased WHERE id = ?");
  gboolean erased;

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  erased = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return erased;
}

/* An entry we hold header-only (it was pushed to us without its payload) came
 * again with a payload that matches its signed hash: keep the payload, and move
 * the entry past the fold watermark so that it is folded like a new one. A
 * payload erased on purpose (a deletion, an expiry) is never taken back.
 * Without this, a neighbour who pushes a header alone could hide an entry from
 * us for good, as both sides would then report the same heads (issue 9 (a)). */
static gboolean
fill_payload (BnStore *self, BnEntry *entry, BnInsertResult *result, GPtrArray *added,
              GError **error)
{
  g_autoptr(GError) payload_error = NULL;
  sqlite3_stmt *stmt;

  if (was_erased (self, entry) || bn_reducer_is_deleted (self, entry))
    {
      result->known++;
      return TRUE;
    }
  if (!check_payload (self, entry, &payload_error))
    {
      refuse (result, entry, 1, payload_error->message);
      return TRUE;
    }
  stmt = bn_store_prepare (self,
      "UPDATE entries SET payload = ?, n = (SELECT max(n) FROM entries) + 1"
      " WHERE id = ? AND payload IS NULL");
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (entry->payload, NULL),
                     (int) g_bytes_get_size (entry->payload), SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  if (!step_done (self, stmt, _("filling in an entry’s payload"), error))
    return FALSE;
  stmt = bn_store_prepare (self, "UPDATE heads SET holes = max(holes - 1, 0) WHERE author = ?");
  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (!step_done (self, stmt, _("filling in an entry’s payload"), error))
    return FALSE;
  result->added++;
  g_ptr_array_add (added, bn_entry_ref (entry));
  return TRUE;
}

/* Stores the part of the run that is signed and refuses the rest. */
static gboolean
store_signed_prefix (AuthorBatch *batch, GError **error)
{
  guint good = signed_prefix_length (batch->run);
  gboolean ok;

  if (good < batch->run->len)
    refuse (batch->result, g_ptr_array_index (batch->run, good), batch->run->len - good,
            _("bad signature"));
  ok = store_run (batch->store, batch->run, good, batch->added, error);
  batch->result->added += good;
  return ok;
}

/* Our header numbered like @seq, from this batch's run or from the store, with
 * its entry ID in @id; NULL when we have none. */
static const guint8 *
our_header_at (AuthorBatch *batch, guint64 seq, guint8 id[BN_HASH_LEN],
               guint8 buffer[BN_HEADER_LEN], gboolean *stored_without_payload)
{
  const guint8 *author = batch->head.author;

  *stored_without_payload = FALSE;
  if (seq > batch->head.seq)
    {
      BnEntry *mine = g_ptr_array_index (batch->run, seq - batch->head.seq - 1);

      memcpy (id, mine->id, BN_HASH_LEN);
      return mine->raw;
    }
  if (get_id_at (batch->store, author, seq, id, stored_without_payload))
    return stored_header_at (batch->store, author, seq, buffer);
  return NULL;
}

/* A second signed entry with a number we hold: the proof of a fork. */
static Step
take_fork (AuthorBatch *batch, guint index, const guint8 *ours, gboolean *ok, GError **error)
{
  BnEntry *entry = g_ptr_array_index (batch->group, index);
  guint rest = batch->group->len - index;
  guint good = signed_prefix_length (batch->run);

  /* Our copy from this batch is only signed if the run's signed prefix covers
   * it: a forged copy with a bad signature, sent ahead of the author's real
   * entry, must neither get stored nor freeze the author. */
  if (entry->seq > batch->head.seq && entry->seq - batch->head.seq > good)
    {
      refuse (batch->result, entry, rest,
              _("two different entries with one number, one of them unsigned"));
      return STOP;
    }
  /* Commit the signed part of what came before the fork, then freeze the log. */
  *ok = store_signed_prefix (batch, error) && record_fork (batch->store, entry, ours, error);
  batch->result->forks++;
  refuse (batch->result, entry, rest, _("two different entries with one number (a fork)"));
  return FORKED;
}

/* An entry numbered below the next one we expect: one we hold (known), one with
 * a bad signature (refused), or a fork. */
static Step
take_known (AuthorBatch *batch, guint index, gboolean *ok, GError **error)
{
  BnEntry *entry = g_ptr_array_index (batch->group, index);
  guint8 known_id[BN_HASH_LEN], buffer[BN_HEADER_LEN];
  gboolean without_payload;
  const guint8 *ours = our_header_at (batch, entry->seq, known_id, buffer, &without_payload);

  if (ours != NULL && memcmp (known_id, entry->id, BN_HASH_LEN) == 0)
    {
      /* Held header-only, and here comes the payload: fill it in. */
      if (without_payload && entry->payload != NULL)
        *ok = fill_payload (batch->store, entry, batch->result, batch->added, error);
      else
        batch->result->known++;
      return *ok ? TAKE_NEXT : STOP;
    }
  else if (!bn_entry_verify_signature (entry))
    refuse (batch->result, entry, 1, _("bad signature"));
  else
    return take_fork (batch, index, ours, ok, error);
  return TAKE_NEXT;
}

/* The next entry of the log: it joins the run if it follows the chain and its
 * payload is sound; else it and the rest are refused. */
static Step
take_new (AuthorBatch *batch, guint index)
{
  BnEntry *entry = g_ptr_array_index (batch->group, index);
  guint rest = batch->group->len - index;
  g_autoptr(GError) payload_error = NULL;

  if (entry->seq != next_seq (batch))
    {
      refuse (batch->result, entry, rest, _("earlier entries of this log are missing"));
      return STOP;
    }
  if (memcmp (entry->backlink, batch->prev_id, BN_HASH_LEN) != 0)
    {
      refuse (batch->result, entry, rest, entry->seq == 1 && bn_store_get_hood (batch->store)
              ? _("it belongs to another neighbourhood")
              : _("its link to the previous entry is broken"));
      return STOP;
    }
  if (!check_payload (batch->store, entry, &payload_error))
    {
      refuse (batch->result, entry, rest, payload_error->message);
      return STOP;
    }
  g_ptr_array_add (batch->run, bn_entry_ref (entry));
  memcpy (batch->prev_id, entry->id, BN_HASH_LEN);
  return TAKE_NEXT;
}

/* Handles one author's entries, sorted by seq. Returns FALSE on a database error
 * only; bad entries are counted in @result. */
static gboolean
insert_author (BnStore *self, GPtrArray *group, BnInsertResult *result, GPtrArray *added,
               GError **error)
{
  AuthorBatch batch = { self, group, result, added };
  Step step = TAKE_NEXT;
  gboolean ok = TRUE;

  if (!author_batch_start (&batch))
    return TRUE;
  for (guint i = 0; i < group->len && step == TAKE_NEXT; i++)
    {
      BnEntry *entry = g_ptr_array_index (group, i);

      if (entry->seq < next_seq (&batch))
        step = take_known (&batch, i, &ok, error);
      else
        step = take_new (&batch, i);
    }
  if (ok && step != FORKED && batch.run->len > 0)
    ok = store_signed_prefix (&batch, error);
  author_batch_clear (&batch);
  return ok;
}

static int
compare_by_author_seq (gconstpointer a, gconstpointer b)
{
  const BnEntry *x = *(BnEntry **) a, *y = *(BnEntry **) b;
  int c = memcmp (x->author, y->author, BN_PUBLIC_KEY_LEN);

  if (c != 0)
    return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

/* Verifies and stores a batch inside the caller's transaction; what was stored
 * is added to @added. FALSE on a database error only. */
static gboolean
insert_verified_locked (BnStore         *self,
                        GPtrArray       *entries,
                        BnInsertResult  *result,
                        GPtrArray       *added,
                        GError         **error)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_full (entries->len, (GDestroyNotify) bn_entry_unref);
  guint start = 0;

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (sorted, bn_entry_ref (g_ptr_array_index (entries, i)));
  g_ptr_array_sort (sorted, compare_by_author_seq);
  while (start < sorted->len)
    {
      BnEntry *first = g_ptr_array_index (sorted, start);
      guint end = start + 1;
      g_autoptr(GPtrArray) group = g_ptr_array_new ();

      while (end < sorted->len
             && memcmp (((BnEntry *) g_ptr_array_index (sorted, end))->author, first->author,
                        BN_PUBLIC_KEY_LEN) == 0)
        end++;
      for (guint i = start; i < end; i++)
        g_ptr_array_add (group, g_ptr_array_index (sorted, i));
      if (!insert_author (self, group, result, added, error))
        return FALSE;
      start = end;
    }
  return TRUE;
}

/**
 * bn_store_insert_verified_many:
 * @batches: (element-type GPtrArray): batches of entries from elsewhere, each
 *   in any order, taken in turn
 * @results: (array length=n_results) (out caller-allocates): one result per batch
 * @added: (element-type GPtrArray) (out caller-allocates): one array per batch,
 *   to which what that batch stored is added
 *
 * bn_store_insert_verified() for several batches in one transaction: one commit
 * writes the pages the batches share (the ID index's above all) once instead
 * of once per batch. Each batch is judged after the ones before it, as if they
 * came one after the other.
 *
 * Returns: %FALSE only when the database failed; nothing of any batch is kept then.
 */
gboolean
bn_store_insert_verified_many (BnStore         *self,
                               GPtrArray       *batches,
                               BnInsertResult  *results,
                               GPtrArray       *added,
                               GError         **error)
{
  for (guint b = 0; b < batches->len; b++)
    memset (&results[b], 0, sizeof results[b]);
  if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint b = 0; b < batches->len; b++)
    if (!insert_verified_locked (self, g_ptr_array_index (batches, b), &results[b],
                                 g_ptr_array_index (added, b), error))
      goto fail;
  if (!bn_store_exec (self, "COMMIT", error))
    goto fail;
  for (guint b = 0; b < batches->len; b++)
    bn_store_emit_entries_added (self, g_ptr_array_index (added, b));
  return TRUE;

fail:
  bn_store_exec (self, "ROLLBACK", NULL);
  for (guint b = 0; b < batches->len; b++)
    {
      results[b].added = 0;
      g_ptr_array_set_size (g_ptr_array_index (added, b), 0);
    }
  return FALSE;
}

/**
 * bn_store_insert_verified:
 * @entries: (element-type BnEntry): entries from elsewhere, in any order
 * @result: (out caller-allocates): counts of added, known and refused entries
 *
 * Verifies and stores a batch in one transaction, without folding it into the
 * derived state yet (see bn_store_fold_pending()): the fast path for bulk sync.
 * Refused entries are counted in @result and never touch the stored data.
 *
 * Returns: %FALSE only when the database failed; nothing of the batch is kept then.
 */
gboolean
bn_store_insert_verified (BnStore         *self,
                          GPtrArray       *entries,
                          BnInsertResult  *result,
                          GError         **error)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  memset (result, 0, sizeof *result);
  if (entries->len == 0)
    return TRUE;
  g_ptr_array_add (batches, entries);
  g_ptr_array_add (added, g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref));
  return bn_store_insert_verified_many (self, batches, result, added, error);
}

/**
 * bn_store_insert_entries:
 *
 * bn_store_insert_verified(), then folds what was added into the derived state,
 * so that lists and queries show it when this returns.
 */
gboolean
bn_store_insert_entries (BnStore         *self,
                         GPtrArray       *entries,
                         BnInsertResult  *result,
                         GError         **error)
{
  if (!bn_store_insert_verified (self, entries, result, error))
    return FALSE;
  return result->added == 0 || bn_store_fold_pending (self, error);
}

/* The key this peer seals its new entries with: the current epoch's as the
 * roster says it (docs/protocol.md §9.6), or K0 while there is no roster. */
static const BnEpochKey *
current_write_key (BnStore *self)
{
  const BnHood *hood = bn_store_get_hood (self);
  g_autofree char *hex = bn_store_get_meta (self, "current_key");
  guint8 id[BN_KEY_ID_LEN];
  const BnEpochKey *key = NULL;

  if (hex != NULL && bn_hex_decode (hex, id, BN_KEY_ID_LEN))
    {
      key = bn_keyring_lookup (hood->keys, id);
      if (key == NULL)
        {
          bn_store_load_keys (self);
          key = bn_keyring_lookup (hood->keys, id);
        }
    }
  return key != NULL ? key : bn_keyring_get_legacy (hood->keys);
}

/**
 * bn_store_append_local_with_key:
 * @object: the payload's JSON (with its "type")
 * @recipients: (nullable) (element-type guint8*): who may read the body; %NULL for all
 * @key: (nullable): the epoch key to seal with; %NULL for the current one
 *
 * Appends an entry to our own log. The head is read and written inside one
 * immediate transaction, so two processes on one data directory cannot fork it.
 *
 * Returns: (transfer full): the new entry
 */
/* Signs and writes one entry of mine after my head, inside the caller's
 * transaction. */
static BnEntry *
append_one_locked (BnStore          *self,
                   JsonObject       *object,
                   GPtrArray        *recipients,
                   const BnEpochKey *key,
                   GError          **error)
{
  const BnHood *hood = bn_store_get_hood (self);
  const BnIdentity *me = bn_store_get_identity (self);
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(BnEntry) entry = NULL;
  BnHead head;

  bn_store_get_head (self, me->public_key, &head);
  payload = bn_payload_encrypt (key != NULL ? key : current_write_key (self), me->public_key,
                                head.seq + 1, object, recipients, error);
  if (payload == NULL)
    return NULL;
  entry = bn_entry_new_signed (me, BN_ENTRY_VERSION, head.seq + 1,
                               head.seq == 0 ? hood->anchor : head.id,
                               g_get_real_time () / 1000, payload);
  if (!write_entry_row (self, entry, error) || !write_head (self, entry, 0, error))
    return NULL;
  return g_steal_pointer (&entry);
}

/**
 * bn_store_append_local_batch:
 * @objects: (element-type JsonObject): payloads readable by every member
 *
 * Appends one entry per payload in one transaction: all of them or none.
 */
gboolean
bn_store_append_local_batch (BnStore    *self,
                             GPtrArray  *objects,
                             GError    **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  if (bn_store_get_hood (self) == NULL || bn_store_get_identity (self) == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_HOOD,
                   _("Join or create a neighbourhood first"));
      return FALSE;
    }
  if (objects->len == 0)
    return TRUE;
  if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < objects->len; i++)
    {
      BnEntry *entry = append_one_locked (self, g_ptr_array_index (objects, i), NULL, NULL, error);
      if (entry == NULL)
        goto fail;
      g_ptr_array_add (added, entry);
    }
  if (!bn_store_fold_locked (self, error) || !bn_store_exec (self, "COMMIT", error))
    goto fail;
  bn_store_scrub_erasures (self);
  bn_store_emit_entries_added (self, added);
  return TRUE;

fail:
  bn_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

static JsonObject *
as_given (BnStore *self, gpointer object, const BnEntry *previous, const BnEpochKey **key,
          gboolean *last, GError **error)
{
  *last = TRUE;
  return json_object_ref (object);
}

BnEntry *
bn_store_append_local_with_key (BnStore           *self,
                                JsonObject        *object,
                                GPtrArray         *recipients,
                                const BnEpochKey  *key,
                                GError           **error)
{
  return bn_store_append_local_built (self, as_given, object, recipients, key, error);
}

/**
 * bn_store_append_local_built:
 * @build: makes each payload's JSON inside the transaction that appends it,
 *   where it sees the database as it is when the entry is written (no other
 *   process on this data directory writes in between), given the entry
 *   appended before it (%NULL for the first); it may seal it with another key
 *   (in/out: @key to begin with), and says which is the last
 * @key: (nullable): the epoch key to seal with; %NULL for the current one
 *
 * Appends one or more entries to our own log in one transaction, folded once.
 *
 * Returns: (transfer full): the last new entry
 */
BnEntry *
bn_store_append_local_built (BnStore           *self,
                             BnStoreBuildFunc   build,
                             gpointer           data,
                             GPtrArray         *recipients,
                             const BnEpochKey  *key,
                             GError           **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  const BnEntry *previous = NULL;
  gboolean last = FALSE;

  if (bn_store_get_hood (self) == NULL || bn_store_get_identity (self) == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_HOOD,
                   _("Join or create a neighbourhood first"));
      return NULL;
    }
  if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  while (!last)
    {
      const BnEpochKey *with = key;
      g_autoptr(JsonObject) object = build (self, data, previous, &with, &last, error);
      BnEntry *entry = object != NULL ? append_one_locked (self, object, recipients, with, error) : NULL;

      if (entry == NULL)
        goto fail;
      g_ptr_array_add (added, entry);
      previous = entry;
    }
  if (!bn_store_fold_locked (self, error) || !bn_store_exec (self, "COMMIT", error))
    goto fail;

  bn_store_scrub_erasures (self);
  bn_store_emit_entries_added (self, added);
  return bn_entry_ref ((BnEntry *) previous);

fail:
  bn_store_exec (self, "ROLLBACK", NULL);
  return NULL;
}

/**
 * bn_store_append_local:
 *
 * bn_store_append_local_with_key() with the current epoch's key.
 *
 * Returns: (transfer full): the new entry
 */
BnEntry *
bn_store_append_local (BnStore     *self,
                       JsonObject  *object,
                       GPtrArray   *recipients,
                       GError     **error)
{
  return bn_store_append_local_with_key (self, object, recipients, NULL, error);
}

/* Returns: (transfer full) (nullable) */
BnEntry *
bn_store_get_entry (BnStore      *self,
                    const guint8  id[BN_HASH_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT header, payload FROM entries WHERE id = ?");
  BnEntry *entry = NULL;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    entry = entry_from_row (stmt, 0, 1);
  sqlite3_reset (stmt);
  return entry;
}

/**
 * bn_store_get_entries_after:
 *
 * Returns: (transfer full) (element-type BnEntry): up to @limit entries of
 *   @author with seq > @after_seq, in order
 */
GPtrArray *
bn_store_get_entries_after (BnStore      *self,
                            const guint8  author[BN_PUBLIC_KEY_LEN],
                            guint64       after_seq,
                            guint         limit)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT header, payload FROM entries WHERE author = ? AND seq > ? ORDER BY seq LIMIT ?");
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) after_seq);
  sqlite3_bind_int64 (stmt, 3, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnEntry *entry = entry_from_row (stmt, 0, 1);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  return entries;
}

/**
 * bn_store_foreach_entry:
 * @func: (scope call): return %FALSE to stop
 *
 * Calls @func on every stored entry, ordered by author and seq.
 */
gboolean
bn_store_foreach_entry (BnStore      *self,
                        BnEntryFunc   func,
                        gpointer      user_data,
                        GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Not cached: the callback may use the cached statements. */
  if (sqlite3_prepare_v2 (bn_store_get_db (self),
                          "SELECT header, payload FROM entries ORDER BY author, seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      bn_store_set_error (self, error, _("reading entries"));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(BnEntry) entry = entry_from_row (stmt, 0, 1);
      if (entry != NULL && !func (entry, user_data))
        break;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("reading entries"));
      return FALSE;
    }
  return TRUE;
}
