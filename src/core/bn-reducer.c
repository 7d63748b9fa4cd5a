/* bn-reducer.c — folds entries into the derived tables, through the registry of
 * payload types (bn-entry-types.c)
 *
 * Every type's rules are commutative, so the same entries give the same state
 * whatever order they arrive in. Only an item's author may change it: other
 * entries are kept (stored and forwarded) but never applied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"

#include <glib/gi18n-lib.h>

gboolean
bn_reducer_apply (BnStore     *self,
                  BnEntry     *entry,
                  const BnJsonFields *object,
                  GError     **error)
{
  const char *name, *why = NULL;
  const BnEntryType *type;
  gpointer payload;
  gboolean ok;

  if (object == NULL)
    return TRUE;   /* erased, or sealed to other neighbours: stored and forwarded only */
  name = bn_json_fields_get_string (object, "type");
  if (name == NULL)
    {
      bn_fold_log_ignored (entry, "?", "it has no type");
      return TRUE;
    }
  type = bn_entry_type_find (name);
  if (type == NULL)
    {
      g_debug ("Stored an entry of a type this version does not fold: %s", name);
      return TRUE;
    }
  payload = type->decode (object, &why);
  if (payload == NULL)
    {
      bn_fold_log_ignored (entry, type->name, why ? why : "it is not valid");
      return TRUE;
    }
  ok = type->apply (self, entry, payload, error);
  type->free (payload);
  return ok;
}

gboolean
bn_reducer_is_deleted (BnStore       *self,
                       const BnEntry *entry)
{
  sqlite3_stmt *stmt;
  gboolean deleted;

  if (bn_fold_filter_surely_absent (self, BN_FOLD_FILTER_DELETIONS, entry->id))
    return FALSE;
  stmt = bn_store_prepare (self, "SELECT 1 FROM deletions WHERE target = ? AND author = ?");
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  deleted = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return deleted;
}

/* Notes that @author deleted @target: in the table, and in the fold's filter. */
gboolean
bn_reducer_record_deletion (BnStore       *self,
                            const guint8   target[BN_HASH_LEN],
                            const guint8   author[BN_PUBLIC_KEY_LEN],
                            GError       **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT OR IGNORE INTO deletions (target, author) VALUES (?, ?)");

  sqlite3_bind_blob (stmt, 1, target, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  bn_fold_filter_note (self, BN_FOLD_FILTER_DELETIONS, target);
  return bn_fold_step (self, stmt, _("recording a deletion"), error);
}

/* Removes what an erased entry contributed to the derived state: every type
 * forgets the ID if it is one of its own. */
gboolean
bn_reducer_forget (BnStore       *self,
                   const guint8   id[BN_HASH_LEN],
                   GError       **error)
{
  guint n_types;
  const BnEntryType *const *types = bn_entry_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    if (types[i]->forget != NULL && !types[i]->forget (self, id, error))
      return FALSE;
  return TRUE;
}

/* A `replace` of @author became valid or void: every type that lets a new
 * identity act for the one it replaced folds again what it derived for @author. */
gboolean
bn_reducer_successor_changed (BnStore       *self,
                              const guint8   author[BN_PUBLIC_KEY_LEN],
                              GError       **error)
{
  guint n_types;
  const BnEntryType *const *types = bn_entry_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    if (types[i]->successor_changed != NULL && !types[i]->successor_changed (self, author, error))
      return FALSE;
  return TRUE;
}

/* Empties what every type derived, for a rebuild (inside its transaction). */
gboolean
bn_reducer_clear (BnStore  *self,
                  GError  **error)
{
  guint n_types;
  const BnEntryType *const *types = bn_entry_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    for (const BnDerivedTable *t = types[i]->tables; t != NULL && t->name != NULL; t++)
      {
        g_autofree char *sql = g_strdup_printf ("DELETE FROM %s%s%s", t->name,
                                                t->keep_on_rebuild ? " WHERE NOT " : "",
                                                t->keep_on_rebuild ? t->keep_on_rebuild : "");
        if (!bn_store_exec (self, sql, error))
          return FALSE;
      }
  return TRUE;
}

/* Collects, type by type, the entries whose time has passed, in the order they
 * must be erased. */
gboolean
bn_reducer_collect_expired (BnStore    *self,
                            gint64      now_ms,
                            GPtrArray  *erase,
                            guint      *newly,
                            GError    **error)
{
  guint n_types;
  const BnEntryType *const *types = bn_entry_types (&n_types);

  for (guint i = 0; i < n_types; i++)
    if (types[i]->expire != NULL && !types[i]->expire (self, now_ms, erase, newly, error))
      return FALSE;
  return TRUE;
}
