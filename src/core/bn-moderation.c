/* bn-moderation.c — the erasures connectors' hides order, and the neighbours
 * this computer blocks
 *
 * A hide with "erase" by a connector (on the roster as it stands) erases the
 * payload of what it names on every peer, through bn_store_erase_payload() as a
 * deletion does: headers stay, chains stay verifiable, and the payload is never
 * taken back from a neighbour. Only content is erased (posts, their events,
 * replies, thanks, and private bodies this peer cannot read), never a profile
 * or a roster entry. See docs/protocol.md §6.2.
 *
 * Blocking is this computer's alone: no entry, nobody is told.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-moderation-private.h"
#include "bn-entry-type.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-queries.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Payload types a hide may erase; sealed bodies are private posts, replies and
 * their events, which a peer that is not a recipient cannot tell apart. */
static const char *const erasable_types[] = {
  "post", "edit", "status", "accept", "reply", "thanks", "sealed", NULL
};

gboolean
bn_store_was_erased (BnStore      *self,
                     const guint8  id[BN_HASH_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT 1 FROM erased WHERE id = ?");
  gboolean erased;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  erased = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return erased;
}

/* Whether a hide may erase @entry: content only. A payload under a key this
 * peer does not hold yet is left until it does. */
static gboolean
is_erasable (BnStore *self, BnEntry *entry)
{
  const BnHood *hood = bn_store_get_hood (self);
  g_autoptr(BnJsonFields) object = NULL;
  gboolean was_sealed = FALSE;

  if (hood == NULL || entry->payload == NULL)
    return FALSE;
  object = bn_payload_decrypt_fields (hood->keys, bn_store_get_identity (self), entry,
                                      &was_sealed, NULL);
  if (was_sealed)
    return TRUE;
  return object != NULL && bn_json_fields_get_string (object, "type") != NULL
         && g_strv_contains (erasable_types, bn_json_fields_get_string (object, "type"));
}

static void
collect_ids (sqlite3_stmt *stmt, GPtrArray *ids)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      g_ptr_array_add (ids, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
  sqlite3_reset (stmt);
}

/* An entry, and when it is a post its author's events on it (an edit holds its
 * text too), that still have their payload. */
static void
collect_target (BnStore *self, const guint8 *target, GPtrArray *ids)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT e.id FROM entries e WHERE e.payload IS NOT NULL AND (e.id = ?1 OR e.id IN"
      " (SELECT pe.id FROM post_events pe WHERE pe.post_id = ?1"
      "  AND pe.author = (SELECT t.author FROM entries t WHERE t.id = ?1)))");

  sqlite3_bind_blob (stmt, 1, target, BN_HASH_LEN, SQLITE_STATIC);
  collect_ids (stmt, ids);
}

/* A person's entries up to what the connector held when hiding them. */
static void
collect_member (BnStore *self, const guint8 *member, gint64 upto, GPtrArray *ids)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT id FROM entries WHERE author = ? AND seq <= ? AND payload IS NOT NULL");

  sqlite3_bind_blob (stmt, 1, member, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, upto);
  collect_ids (stmt, ids);
}

/* Every entry an erasing hide in force names and that still has its payload. */
static GPtrArray *
collect_erasures (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT h.target, h.member, h.upto FROM hides h WHERE h.erase = 1"
      " AND " BN_SQL_IS_CONNECTOR ("h.author"));
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) uptos = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      g_ptr_array_add (targets, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
    else if (sqlite3_column_bytes (stmt, 1) == BN_PUBLIC_KEY_LEN)
      {
        gint64 upto = sqlite3_column_int64 (stmt, 2);
        g_ptr_array_add (members, g_memdup2 (sqlite3_column_blob (stmt, 1), BN_PUBLIC_KEY_LEN));
        g_array_append_val (uptos, upto);
      }
  sqlite3_reset (stmt);
  for (guint i = 0; i < targets->len; i++)
    collect_target (self, g_ptr_array_index (targets, i), ids);
  for (guint i = 0; i < members->len; i++)
    collect_member (self, g_ptr_array_index (members, i), g_array_index (uptos, gint64, i), ids);
  return ids;
}

/* What a report quoted of it goes with it. */
static gboolean
forget_quotes (BnStore *self, const guint8 *id, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "UPDATE reports SET quote = NULL WHERE target = ?");

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  return bn_fold_step (self, stmt, _("erasing an entry"), error);
}

gboolean
bn_store_apply_erasures_locked (BnStore  *self,
                                GError  **error)
{
  g_autoptr(GPtrArray) ids = collect_erasures (self);

  for (guint i = 0; i < ids->len; i++)
    {
      const guint8 *id = g_ptr_array_index (ids, i);
      g_autoptr(BnEntry) entry = bn_store_get_entry (self, id);

      if (entry == NULL || !is_erasable (self, entry))
        continue;
      g_debug ("Erasing an entry a connector hid with erase");
      if (!bn_store_erase_payload (self, id, error) || !forget_quotes (self, id, error))
        return FALSE;
    }
  return TRUE;
}

/* Blocking */

/**
 * bn_store_is_blocked:
 *
 * Returns: whether this computer blocks @key
 */
gboolean
bn_store_is_blocked (BnStore      *self,
                     const guint8  key[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT 1 FROM blocked WHERE key = ?");
  gboolean blocked;

  sqlite3_bind_blob (stmt, 1, key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  blocked = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return blocked;
}

/**
 * bn_store_set_blocked:
 * @blocked: %TRUE to block @key, %FALSE to unblock
 *
 * Blocks or unblocks a neighbour on this computer only: no entry is written.
 */
gboolean
bn_store_set_blocked (BnStore       *self,
                      const guint8   key[BN_PUBLIC_KEY_LEN],
                      gboolean       blocked,
                      GError       **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, blocked
      ? "INSERT OR IGNORE INTO blocked (key, since) VALUES (?, ?)"
      : "DELETE FROM blocked WHERE key = ?");

  sqlite3_bind_blob (stmt, 1, key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (blocked)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / 1000);
  return bn_fold_step (self, stmt, blocked ? _("blocking a neighbour") : _("unblocking a neighbour"),
                       error);
}
