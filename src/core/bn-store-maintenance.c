/* bn-store-maintenance.c — erasing payloads, expiry, rebuilding derived state and
 * the full verification of what is stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-private.h"
#include "bn-error.h"
#include "bn-payload.h"
#include "bn-entry-type.h"
#include "bn-json.h"
#include "bn-roster-private.h"
#include "bn-moderation-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define FOLD_CHUNK 2000
#define META_FOLDED_UPTO "folded_upto"

/* Removes the payload, keeps the header: the chain stays verifiable. */
gboolean
bn_store_erase_payload (BnStore       *self,
                        const guint8   id[BN_HASH_LEN],
                        GError       **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "UPDATE entries SET payload = NULL WHERE id = ? AND payload IS NOT NULL");
  int rc, changed;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  changed = sqlite3_changes (bn_store_get_db (self));
  /* The author's count of payload-less entries (a head's "holes"), and a mark
   * that this one went on purpose: no neighbour may give it back. */
  if (rc == SQLITE_DONE && changed > 0)
    {
      stmt = bn_store_prepare (self, "UPDATE heads SET holes = holes + 1"
                               " WHERE author = (SELECT author FROM entries WHERE id = ?)");
      sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  if (rc == SQLITE_DONE)
    {
      stmt = bn_store_prepare (self, "INSERT OR IGNORE INTO erased (id) VALUES (?)");
      sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("erasing an entry"));
      return FALSE;
    }
  bn_store_note_erasure (self);
  return bn_reducer_forget (self, id, error);
}

/**
 * bn_store_expire:
 *
 * Erases the payloads of items whose time has passed (each entry type says
 * which: posts at their expiry, with everything that hangs on them). Every peer
 * does the same at the same time, so the neighbourhood forgets them together.
 *
 * Returns: how many items expired (this time), or 0 with @error set
 */
guint
bn_store_expire (BnStore  *self,
                 gint64    now_ms,
                 GError  **error)
{
  g_autoptr(GPtrArray) erase = g_ptr_array_new_with_free_func (g_free);
  guint newly = 0;

  if (!bn_reducer_collect_expired (self, now_ms, erase, &newly, error) || erase->len == 0)
    return 0;
  if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
    return 0;
  /* Each goes through bn_store_erase_payload() so that its text leaves the
   * derived tables too, not only the entries table. */
  for (guint i = 0; i < erase->len; i++)
    if (!bn_store_erase_payload (self, g_ptr_array_index (erase, i), error))
      {
        bn_store_exec (self, "ROLLBACK", NULL);
        return 0;
      }
  if (!bn_store_exec (self, "COMMIT", error))
    {
      bn_store_exec (self, "ROLLBACK", NULL);
      return 0;
    }
  bn_store_scrub_erasures (self);
  return newly;
}

static gboolean bn_store_fold_locked_reset (BnStore *self, GError **error);

/**
 * bn_store_rebuild:
 *
 * Drops the derived tables' rows and folds every stored entry into them again.
 */
gboolean
bn_store_rebuild (BnStore  *self,
                  GError  **error)
{
  if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!bn_reducer_clear (self, error))
    goto fail;
  /* The reducer is order-independent, so arrival order is as good as any. */
  if (!bn_store_fold_locked_reset (self, error) || !bn_store_exec (self, "COMMIT", error))
    goto fail;
  bn_store_scrub_erasures (self);
  return TRUE;

fail:
  bn_store_exec (self, "ROLLBACK", NULL);
  g_prefix_error (error, _("Could not rebuild the neighbourhood’s state: "));
  return FALSE;
}

typedef struct
{
  BnStore *store;
  guint8   prev_author[BN_PUBLIC_KEY_LEN];
  guint8   prev_id[BN_HASH_LEN];
  guint64  prev_seq;
  BnEntry *last_of_author;
  guint64  checked;
  GError  *error;
} VerifyState;

static gboolean
verify_author_end (VerifyState *state)
{
  BnHead head;

  if (state->last_of_author == NULL)
    return TRUE;
  if (!bn_entry_verify_signature (state->last_of_author))
    {
      g_autofree char *author = bn_entry_dup_author_id (state->last_of_author);
      g_set_error (&state->error, BN_CORE_ERROR, BN_CORE_ERROR_SIGNATURE,
                   _("The newest entry of %.8s… has a bad signature"), author);
      return FALSE;
    }
  if (!bn_store_get_head (state->store, state->last_of_author->author, &head)
      || head.seq != state->last_of_author->seq
      || memcmp (head.id, state->last_of_author->id, BN_HASH_LEN) != 0)
    {
      g_autofree char *author = bn_entry_dup_author_id (state->last_of_author);
      g_set_error (&state->error, BN_CORE_ERROR, BN_CORE_ERROR_CHAIN,
                   _("The recorded head of %.8s… does not match its log"), author);
      return FALSE;
    }
  g_clear_pointer (&state->last_of_author, bn_entry_unref);
  return TRUE;
}

static gboolean
verify_one (BnEntry *entry, gpointer user_data)
{
  VerifyState *state = user_data;
  const BnHood *hood = bn_store_get_hood (state->store);
  gboolean new_author = state->last_of_author == NULL
                        || memcmp (entry->author, state->prev_author, BN_PUBLIC_KEY_LEN) != 0;
  const guint8 *expected_link;
  g_autofree char *author = bn_entry_dup_author_id (entry);

  if (new_author && !verify_author_end (state))
    return FALSE;
  if (new_author)
    {
      memcpy (state->prev_author, entry->author, BN_PUBLIC_KEY_LEN);
      state->prev_seq = 0;
    }
  expected_link = state->prev_seq == 0 ? (hood ? hood->anchor : NULL) : state->prev_id;
  if (entry->seq != state->prev_seq + 1
      || (expected_link != NULL && memcmp (entry->backlink, expected_link, BN_HASH_LEN) != 0))
    {
      g_set_error (&state->error, BN_CORE_ERROR, BN_CORE_ERROR_CHAIN,
                   _("The log of %.8s… is broken at entry #%llu"), author,
                   (unsigned long long) entry->seq);
      return FALSE;
    }
  if (!bn_entry_check_payload (entry, &state->error)
      || (hood != NULL && !bn_payload_check_envelope (hood->keys, entry, &state->error)))
    {
      g_prefix_error (&state->error, _("Entry #%llu of %.8s…: "),
                      (unsigned long long) entry->seq, author);
      return FALSE;
    }
  memcpy (state->prev_id, entry->id, BN_HASH_LEN);
  state->prev_seq = entry->seq;
  g_clear_pointer (&state->last_of_author, bn_entry_unref);
  state->last_of_author = bn_entry_ref (entry);
  state->checked++;
  return TRUE;
}

/**
 * bn_store_verify:
 * @checked: (out) (optional): how many entries were checked
 *
 * Checks every stored log from seq 1: contiguous numbers, the anchor and the
 * backlinks, each payload against its hash and the neighbourhood key, the newest
 * signature per author, heads, and SQLite's own integrity check.
 */
gboolean
bn_store_verify (BnStore  *self,
                 guint64  *checked,
                 GError  **error)
{
  VerifyState state = { .store = self };
  sqlite3_stmt *stmt = bn_store_prepare (self, "PRAGMA integrity_check");
  gboolean ok = FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW
      || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                   _("The database file is damaged: %s"),
                   (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (!bn_store_foreach_entry (self, verify_one, &state, error))
    goto out;
  if (state.error == NULL)
    verify_author_end (&state);
  if (state.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&state.error));
      goto out;
    }
  stmt = bn_store_prepare (self, "SELECT count(*) FROM heads h WHERE holes != (SELECT count(*)"
                           " FROM entries e WHERE e.author = h.author AND e.payload IS NULL)");
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_CHAIN,
                   _("A recorded count of erased payloads does not match the log"));
      goto out;
    }
  sqlite3_reset (stmt);
  stmt = bn_store_prepare (self, "SELECT count(*) FROM heads h WHERE NOT EXISTS "
                           "(SELECT 1 FROM entries e WHERE e.author = h.author AND e.seq = h.seq)");
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_CHAIN,
                   _("A recorded head points at an entry that is not stored"));
      goto out;
    }
  sqlite3_reset (stmt);
  ok = TRUE;

out:
  if (checked)
    *checked = state.checked;
  g_clear_pointer (&state.last_of_author, bn_entry_unref);
  g_clear_error (&state.error);
  return ok;
}

static gint64
get_folded_upto (BnStore *self)
{
  g_autofree char *value = bn_store_get_meta (self, META_FOLDED_UPTO);
  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* Folds one stored entry (number @n in arrival order): an entry deleted before
 * it arrived is erased instead; one sealed with a key this peer does not hold
 * yet, or written by someone who is not (yet) a member, waits in held until
 * that changes (docs/protocol.md §9.7). Roster entries are folded whoever wrote
 * them: the roster's evaluation judges them. */
static gboolean
fold_one (BnStore *self, gint64 n, BnEntry *entry, GError **error)
{
  const BnHood *hood = bn_store_get_hood (self);
  g_autoptr(BnJsonFields) object = NULL;
  g_autoptr(GError) open_error = NULL;
  guint8 key_id[BN_KEY_ID_LEN];

  if (bn_reducer_is_deleted (self, entry))
    return entry->payload == NULL || bn_store_erase_payload (self, entry->id, error);
  if (entry->payload == NULL || hood == NULL)
    return TRUE;
  object = bn_payload_decrypt_fields (hood->keys, bn_store_get_identity (self), entry, NULL,
                                     &open_error);
  if (object == NULL && g_error_matches (open_error, BN_CORE_ERROR, BN_CORE_ERROR_NO_KEY)
      && bn_payload_get_key_id (entry, key_id))
        return bn_store_hold_entry (self, n, NULL, key_id, error);
  if (object != NULL && !bn_roster_is_type (bn_json_fields_get_string (object, "type"))
      && !bn_store_author_may_fold (self, entry))
        return bn_store_hold_entry (self, n, entry->author, NULL, error);
  return bn_reducer_apply (self, entry, object, error);
}

/* An entry from its stored header, payload and ID (columns @header, +1, +2). */
static BnEntry *
entry_from_columns (sqlite3_stmt *stmt, int header)
{
  g_autoptr(GBytes) payload = NULL;
  int payload_column = header + 1, id_column = header + 2;

  if (sqlite3_column_bytes (stmt, id_column) != BN_HASH_LEN)
    return NULL;
  if (sqlite3_column_type (stmt, payload_column) != SQLITE_NULL)
    payload = g_bytes_new (sqlite3_column_blob (stmt, payload_column),
                           sqlite3_column_bytes (stmt, payload_column));
  return bn_entry_new_stored (sqlite3_column_blob (stmt, header),
                              sqlite3_column_bytes (stmt, header), payload,
                              sqlite3_column_blob (stmt, id_column));
}

/**
 * bn_store_release_held_locked:
 *
 * Takes the held entries @sql selects out of held and folds them again (those
 * that still may not be folded are held again).
 */
gboolean
bn_store_release_held_locked (BnStore       *self,
                              const char    *sql,
                              const guint8  *key,
                              gsize          key_len,
                              GError       **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) ns = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Outside a fold too (a key that arrived): whose entries fold is asked anew. */
  bn_store_refresh_roster (self);
  stmt = bn_store_prepare (self, sql);
  sqlite3_bind_blob (stmt, 1, key, (int) key_len, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ns, n);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < ns->len; i++)
    {
      gint64 n = g_array_index (ns, gint64, i);
      g_autoptr(BnEntry) entry = NULL;
      sqlite3_stmt *row;

      stmt = bn_store_prepare (self, "DELETE FROM held WHERE n = ?");
      sqlite3_bind_int64 (stmt, 1, n);
      if (!bn_fold_step (self, stmt, _("folding an entry that waited"), error))
        return FALSE;
      row = bn_store_prepare (self, "SELECT header, payload, id FROM entries WHERE n = ?");
      sqlite3_bind_int64 (row, 1, n);
      if (sqlite3_step (row) == SQLITE_ROW)
        entry = entry_from_columns (row, 0);
      sqlite3_reset (row);
      if (entry != NULL && !fold_one (self, n, entry, error))
        return FALSE;
    }
  return TRUE;
}

/* Whether to leave the entry in @row (columns n, author, seq, header, payload) for
 * fold_deferred(): its author may not be folded yet (not a member, or past
 * their cut), so folding it now would most likely decrypt it only to set it
 * aside in held, and decrypt it again when the roster admits its author.
 * Decided from the columns, before the entry is built: a newcomer catching up
 * defers nearly every entry, as the admissions come among the last. The roster
 * changes only between chunks (settle_chunk()), so deciding when the chunk is
 * read is deciding when each entry's turn comes. */
static gboolean
defer_row (BnStore *self, sqlite3_stmt *row)
{
  return sqlite3_column_type (row, 4) != SQLITE_NULL && bn_store_get_hood (self) != NULL
         && sqlite3_column_bytes (row, 1) == BN_PUBLIC_KEY_LEN
         && !bn_store_author_seq_may_fold (self, sqlite3_column_blob (row, 1),
                                           (guint64) sqlite3_column_int64 (row, 2));
}

/* After each chunk: the roster, then the erasures hides order (a hide counts
 * once its author is a connector, and may come before or after what it names). */
static gboolean
settle_chunk (BnStore *self, GError **error)
{
  return bn_store_update_roster_locked (self, error) && bn_store_apply_erasures_locked (self, error);
}

/* Folds the entries bn_store_fold_locked() left for later, in arrival order, now
 * that the roster took in everything else: a newcomer catching up gets the
 * logs in any order, and the admissions that make their authors members are
 * often among the last. What still may not be folded is held as before. The
 * result is the same as folding in arrival order (folding does not depend on
 * the order entries arrive in). */
static gboolean
fold_deferred (BnStore *self, GArray *deferred, GError **error)
{
  g_autoptr(GPtrArray) chunk = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint start = 0; start < deferred->len; start += FOLD_CHUNK)
    {
      guint end = MIN (start + FOLD_CHUNK, deferred->len), next = start;
      sqlite3_stmt *stmt = bn_store_prepare (self,
          "SELECT n, header, payload, id FROM entries WHERE n BETWEEN ? AND ? ORDER BY n");

      g_ptr_array_set_size (chunk, 0);
      g_array_set_size (numbers, 0);
      /* One range read per chunk: deferred entries come in runs (an author's log). */
      sqlite3_bind_int64 (stmt, 1, g_array_index (deferred, gint64, start));
      sqlite3_bind_int64 (stmt, 2, g_array_index (deferred, gint64, end - 1));
      while (next < end && sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 n = sqlite3_column_int64 (stmt, 0);
          BnEntry *entry;

          while (next < end && g_array_index (deferred, gint64, next) < n)
            next++;
          if (next == end || g_array_index (deferred, gint64, next) != n
              || (entry = entry_from_columns (stmt, 1)) == NULL)
            continue;
          g_ptr_array_add (chunk, entry);
          g_array_append_val (numbers, n);
          next++;
        }
      sqlite3_reset (stmt);
      for (guint i = 0; i < chunk->len; i++)
        if (!fold_one (self, g_array_index (numbers, gint64, i), g_ptr_array_index (chunk, i), error))
          return FALSE;
      if (!settle_chunk (self, error))
        return FALSE;
    }
  return TRUE;
}

/* Folds every entry past the watermark, inside the caller's transaction, and
 * evaluates the roster again after each chunk that brought roster entries.
 * The watermark moves in the same transaction, so after a crash folding
 * resumes exactly where the last commit left it. */
static gboolean fold_locked (BnStore *self, GError **error);

gboolean
bn_store_fold_locked (BnStore  *self,
                      GError  **error)
{
  gboolean ok;

  bn_fold_filters_begin (self);
  ok = fold_locked (self, error);
  bn_fold_filters_end (self);
  return ok;
}

static gboolean
fold_locked (BnStore  *self,
             GError  **error)
{
  gint64 upto = get_folded_upto (self);
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) chunk = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) deferred = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *value = NULL;

  bn_store_refresh_roster (self);
  for (;;)
    {
      g_ptr_array_set_size (chunk, 0);
      g_array_set_size (numbers, 0);
      gint64 chunk_start = upto;

      stmt = bn_store_prepare (self,
          "SELECT n, author, seq, header, payload, id FROM entries WHERE n > ? ORDER BY n LIMIT ?");
      sqlite3_bind_int64 (stmt, 1, upto);
      sqlite3_bind_int (stmt, 2, FOLD_CHUNK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          BnEntry *entry;

          upto = sqlite3_column_int64 (stmt, 0);
          if (defer_row (self, stmt))
            g_array_append_val (deferred, upto);
          else if ((entry = entry_from_columns (stmt, 3)) != NULL)
            {
              g_ptr_array_add (chunk, entry);
              g_array_append_val (numbers, upto);
            }
        }
      sqlite3_reset (stmt);
      if (upto == chunk_start)
        break;
      for (guint i = 0; i < chunk->len; i++)
        if (!fold_one (self, g_array_index (numbers, gint64, i), g_ptr_array_index (chunk, i), error))
          return FALSE;
      if (!settle_chunk (self, error))
        return FALSE;
    }
  if (!fold_deferred (self, deferred, error))
    return FALSE;
  bn_store_refresh_roster (self);   /* what it remembers holds for this fold only */
  value = g_strdup_printf ("%" G_GINT64_FORMAT, upto);
  return bn_store_set_meta (self, META_FOLDED_UPTO, value, error);
}

gboolean
bn_store_has_pending (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT coalesce(max(n), 0) FROM entries");
  gint64 last = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return last > get_folded_upto (self);
}

/**
 * bn_store_fold_pending:
 *
 * Folds entries that bn_store_insert_verified() stored into the derived state
 * (posts, replies, profiles, ...), in one transaction.
 */
gboolean
bn_store_fold_pending (BnStore  *self,
                       GError  **error)
{
  if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!bn_store_fold_locked (self, error) || !bn_store_exec (self, "COMMIT", error))
    {
      bn_store_exec (self, "ROLLBACK", NULL);
      g_prefix_error (error, _("Could not update the neighbourhood’s state: "));
      return FALSE;
    }
  bn_store_scrub_erasures (self);
  return TRUE;
}

static gboolean
bn_store_fold_locked_reset (BnStore *self, GError **error)
{
  return bn_store_set_meta (self, META_FOLDED_UPTO, "0", error)
         && bn_store_fold_locked (self, error);
}
