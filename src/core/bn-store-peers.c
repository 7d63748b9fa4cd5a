/* bn-store-peers.c — the peers table: neighbours' addresses and what we know of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-peers.h"
#include "bn-store-private.h"

#include <glib/gi18n-lib.h>

void
bn_peer_record_free (BnPeerRecord *record)
{
  g_free (record->address);
  g_free (record->source);
  g_free (record->peer_id);
  g_free (record->failure);
  g_free (record->failure_message);
  g_free (record);
}

/**
 * bn_store_save_peer:
 * @record: what we know of the address now; a %NULL @peer_id keeps the stored one
 *
 * Remembers an address, or merges @record into what is remembered: times and
 * entry counts only grow (another process on the same data directory may have
 * saved newer ones), the failure count is replaced.
 */
gboolean
bn_store_save_peer (BnStore             *self,
                    const BnPeerRecord  *record,
                    GError             **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO peers (address, source, peer_id, last_seen, last_sync, failures, entries_in, "
      "entries_out) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (address) DO UPDATE SET "
      "peer_id = coalesce(excluded.peer_id, peer_id), last_seen = max(last_seen, excluded.last_seen), "
      "last_sync = max(last_sync, excluded.last_sync), failures = excluded.failures, "
      "entries_in = max(entries_in, excluded.entries_in), "
      "entries_out = max(entries_out, excluded.entries_out)");
  int rc;

  sqlite3_bind_text (stmt, 1, record->address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record->source, -1, SQLITE_STATIC);
  if (record->peer_id != NULL)
    sqlite3_bind_text (stmt, 3, record->peer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, record->last_seen);
  sqlite3_bind_int64 (stmt, 5, record->last_sync);
  sqlite3_bind_int (stmt, 6, (int) record->failures);
  sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) record->entries_in);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) record->entries_out);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("remembering a neighbour’s address"));
      return FALSE;
    }
  return TRUE;
}

/**
 * bn_store_list_peers:
 *
 * Returns: (transfer full) (element-type BnPeerRecord): every remembered address,
 *   in the order they were first remembered
 */
GPtrArray *
bn_store_list_peers (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT address, source, peer_id, last_seen, last_sync, failures, entries_in, entries_out, "
      "failure, failure_at, failure_message FROM peers ORDER BY rowid");
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_peer_record_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnPeerRecord *record = g_new0 (BnPeerRecord, 1);

      record->address = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      record->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      record->peer_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      record->last_seen = sqlite3_column_int64 (stmt, 3);
      record->last_sync = sqlite3_column_int64 (stmt, 4);
      record->failures = (guint) sqlite3_column_int (stmt, 5);
      record->entries_in = (guint64) sqlite3_column_int64 (stmt, 6);
      record->entries_out = (guint64) sqlite3_column_int64 (stmt, 7);
      record->failure = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      record->failure_at = sqlite3_column_int64 (stmt, 9);
      record->failure_message = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  return records;
}

/**
 * bn_store_note_peer_failure:
 * @address: a remembered address ("host:port"); nothing happens for another
 * @failure: why, in a word (see #BnPeerRecord)
 * @message: (nullable): the error in words, for whoever helps
 * @when_ms: when, in ms since the epoch
 *
 * Remembers why the last attempt to reach @address failed. An older failure
 * than the one remembered (another process on the same data directory) is
 * not kept.
 */
gboolean
bn_store_note_peer_failure (BnStore     *self,
                            const char  *address,
                            const char  *failure,
                            const char  *message,
                            gint64       when_ms,
                            GError     **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "UPDATE peers SET failure = ?2, failure_message = ?3, failure_at = ?4 "
      "WHERE address = ?1 AND failure_at <= ?4");
  int rc;

  sqlite3_bind_text (stmt, 1, address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, failure, -1, SQLITE_STATIC);
  if (message != NULL)
    sqlite3_bind_text (stmt, 3, message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, when_ms);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("remembering why a neighbour could not be reached"));
      return FALSE;
    }
  return TRUE;
}
