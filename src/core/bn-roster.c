/* bn-roster.c — the roster as this peer folds it: evaluating the roster entries
 * held (bn-roster-eval.c), writing the result into members and invites, taking
 * the epoch keys sealed to this peer, and folding or setting aside the entries
 * whose standing changed with it (docs/protocol.md §9.7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster.h"
#include "bn-roster-private.h"
#include "bn-entry-type.h"
#include "bn-error.h"
#include "bn-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Whether an author's entries are folded: all, none, or those up to a cut. */
typedef struct
{
  gboolean active;
  guint64  cut;          /* when not active: entries up to here are folded */
} Standing;

struct _BnRosterCache
{
  gboolean    dirty;      /* a roster entry was folded since the last evaluation */
  gboolean    loaded;
  guint64     data_version;   /* of the connection when loaded */
  gboolean    has_root;
  GHashTable *standing;   /* author (GBytes) → Standing */
  /* The last author bn_store_author_seq_may_fold() was asked about, and up to which
   * seq their entries are folded: a fold asks for every entry, and entries come
   * in runs of one author. Forgotten when standing is read again and when a
   * fold starts (bn_store_refresh_roster()). */
  guint8      last_author[BN_PUBLIC_KEY_LEN];
  guint64     last_upto;
  gboolean    has_last;
  /* The last roster evaluated on this connection, while it is the roster of
   * what roster_ops holds: no roster entry folded here since, no other
   * connection's commit (data_version), as many rows (a rollback takes rows
   * away), the same neighbourhood. The upkeep after every sync asks again and
   * again (0.1 CPU-s each at 5,000 members). */
  BnRoster     *roster;
  guint64       roster_version;
  gint64        roster_rows;
  guint8        roster_anchor[BN_HASH_LEN];   /* of the neighbourhood it is of */
};

static BnRosterCache *
cache_of (BnStore *self)
{
  BnRosterCache **slot = bn_store_get_roster_cache (self);

  if (*slot == NULL)
    {
      *slot = g_new0 (BnRosterCache, 1);
      (*slot)->standing = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                 (GDestroyNotify) g_bytes_unref, g_free);
    }
  return *slot;
}

void
bn_roster_cache_free (BnRosterCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->standing);
  g_clear_pointer (&cache->roster, bn_roster_free);
  g_free (cache);
}

void
bn_store_roster_changed (BnStore *self)
{
  BnRosterCache *cache = cache_of (self);

  cache->dirty = TRUE;
  g_clear_pointer (&cache->roster, bn_roster_free);
}

/* The members table as the last evaluation wrote it. */
static void
load_standing (BnStore *self, BnRosterCache *cache)
{
  sqlite3_stmt *stmt;
  g_autofree char *root = bn_store_get_meta (self, "roster_root");

  g_hash_table_remove_all (cache->standing);
  cache->has_last = FALSE;
  cache->data_version = bn_store_data_version (self);
  cache->has_root = g_strcmp0 (root, "1") == 0;
  stmt = bn_store_prepare (self, "SELECT key, status, cut FROM members");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
      {
        Standing *s = g_new0 (Standing, 1);
        s->active = sqlite3_column_int (stmt, 1) == BN_MEMBER_ACTIVE;
        s->cut = (guint64) sqlite3_column_int64 (stmt, 2);
        g_hash_table_insert (cache->standing,
                             g_bytes_new (sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN), s);
      }
  sqlite3_reset (stmt);
  cache->loaded = TRUE;
}

static BnRosterCache *
loaded_cache (BnStore *self)
{
  BnRosterCache *cache = cache_of (self);

  if (!cache->loaded)
    load_standing (self, cache);
  return cache;
}

/* The same, read again when another connection has committed since: it may
 * have evaluated the roster. */
static BnRosterCache *
fresh_cache (BnStore *self)
{
  BnRosterCache *cache = cache_of (self);

  if (!cache->loaded || cache->data_version != bn_store_data_version (self))
    {
      load_standing (self, cache);
      bn_store_load_keys (self);
    }
  return cache;
}

/* Until this peer holds the neighbourhood's root, who counts: in a
 * neighbourhood made before protocol version 2 (before its first peer
 * upgraded), everyone with a log here; in one made since, this peer, the
 * founder, and the member whose peer welcomed it (a newcomer that has not
 * synced yet: it learns the roster from them). */
static gboolean
legacy_member (BnStore *self, const guint8 *key)
{
  const BnHood *hood = bn_store_get_hood (self);
  const BnIdentity *me = bn_store_get_identity (self);
  g_autofree char *welcomed_by = NULL;
  guint8 by[BN_PUBLIC_KEY_LEN];
  BnHead head;

  if (me != NULL && memcmp (me->public_key, key, BN_PUBLIC_KEY_LEN) == 0)
    return TRUE;
  if (hood == NULL || !hood->has_founder)
    return bn_store_get_head (self, key, &head);
  if (memcmp (hood->founder, key, BN_PUBLIC_KEY_LEN) == 0)
    return TRUE;
  welcomed_by = bn_store_get_meta (self, "welcomed_by");
  return bn_peer_id_to_key (welcomed_by, by) && memcmp (by, key, BN_PUBLIC_KEY_LEN) == 0;
}

/* Up to which seq @author's entries are folded: all of a member's, none of
 * an identity that never was one, a former member's up to their cut. */
static guint64
folded_upto (BnStore *self, BnRosterCache *cache, const guint8 *author)
{
  g_autoptr(GBytes) key = NULL;
  const Standing *s;

  if (!cache->has_root)
    return legacy_member (self, author) ? G_MAXUINT64 : 0;
  key = g_bytes_new (author, BN_PUBLIC_KEY_LEN);
  s = g_hash_table_lookup (cache->standing, key);
  if (s == NULL)
    return 0;
  return s->active ? G_MAXUINT64 : s->cut;
}

/**
 * bn_store_author_seq_may_fold:
 *
 * Whether an entry by @author at @seq is folded: its author is a member, or a
 * former member and @seq is at or before their cut.
 */
gboolean
bn_store_author_seq_may_fold (BnStore      *self,
                              const guint8  author[BN_PUBLIC_KEY_LEN],
                              guint64       seq)
{
  BnRosterCache *cache = loaded_cache (self);

  if (!cache->has_last || memcmp (cache->last_author, author, BN_PUBLIC_KEY_LEN) != 0)
    {
      memcpy (cache->last_author, author, BN_PUBLIC_KEY_LEN);
      cache->last_upto = folded_upto (self, cache, author);
      cache->has_last = TRUE;
    }
  return seq <= cache->last_upto;
}

/* The same for @entry. */
gboolean
bn_store_author_may_fold (BnStore       *self,
                          const BnEntry *entry)
{
  return bn_store_author_seq_may_fold (self, entry->author, entry->seq);
}

gboolean
bn_store_hold_entry (BnStore       *self,
                     gint64         n,
                     const guint8  *author,
                     const guint8  *key_id,
                     GError       **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT OR REPLACE INTO held (n, author, key_id) VALUES (?, ?, ?)");

  sqlite3_bind_int64 (stmt, 1, n);
  if (author != NULL)
    sqlite3_bind_blob (stmt, 2, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (key_id != NULL)
    sqlite3_bind_blob (stmt, 3, key_id, BN_KEY_ID_LEN, SQLITE_STATIC);
  return bn_fold_step (self, stmt, _("setting an entry aside"), error);
}

/* Loading */

/* Did @author write a version 1 entry (before protocol version 2)? */
gboolean
bn_store_author_wrote_v1 (BnStore      *self,
                          const guint8  author[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT 1 FROM entries WHERE author = ? AND substr (header, 1, 1) = x'01' LIMIT 1");
  gboolean found;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* Returns: (transfer full) (element-type BnRosterOp): every roster entry held;
 * @stale gets the IDs of rows marked valid that no longer read as an entry */
static GPtrArray *
load_ops (BnStore *self, GPtrArray *stale)
{
  const BnHood *hood = bn_store_get_hood (self);
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT id, author, seq, ts, data, valid FROM roster_ops ORDER BY id");
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_roster_op_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(BnJsonFields) object = bn_json_fields_new ((const char *) sqlite3_column_text (stmt, 4), -1);
      const char *why = NULL;
      BnRosterOp *op = object ? bn_roster_op_decode (object, &why) : NULL;

      if (op == NULL || sqlite3_column_bytes (stmt, 0) != BN_HASH_LEN
          || sqlite3_column_bytes (stmt, 1) != BN_PUBLIC_KEY_LEN)
        {
          g_clear_pointer (&op, bn_roster_op_free);
          if (sqlite3_column_int (stmt, 5) != 0)
            g_ptr_array_add (stale, g_bytes_new (sqlite3_column_blob (stmt, 0),
                                                 sqlite3_column_bytes (stmt, 0)));
          continue;
        }
      memcpy (op->id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      memcpy (op->author, sqlite3_column_blob (stmt, 1), BN_PUBLIC_KEY_LEN);
      op->seq = (guint64) sqlite3_column_int64 (stmt, 2);
      op->timestamp_ms = sqlite3_column_int64 (stmt, 3);
      op->was_valid = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);
  /* Only an upgraded neighbourhood's roots ask who wrote version 1 entries. */
  if (hood != NULL && !hood->has_founder)
    for (guint i = 0; i < ops->len; i++)
      {
        BnRosterOp *op = g_ptr_array_index (ops, i);
        if (op->kind == BN_ROSTER_HOOD)
          op->author_has_v1 = bn_store_author_wrote_v1 (self, op->author);
      }
  return ops;
}

static gint64
count_roster_rows (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT count(*) FROM roster_ops");
  gint64 n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;

  sqlite3_reset (stmt);
  return n;
}

/* Evaluates the roster from what roster_ops holds now, and keeps it. */
static BnRoster *
evaluate_stored (BnStore *self, const BnHood *hood)
{
  BnRosterCache *cache = cache_of (self);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GPtrArray *ops = load_ops (self, stale);
  BnRoster *roster = bn_roster_evaluate (ops, hood->anchor, hood->secret,
                                         hood->has_founder ? hood->founder : NULL);

  roster->stale_valid = g_steal_pointer (&stale);
  g_clear_pointer (&cache->roster, bn_roster_free);
  /* An upgraded neighbourhood's roots ask who wrote version 1 entries, which
   * any entry folded may change: those rosters are not kept. */
  if (hood->has_founder)
    {
      cache->roster = bn_roster_ref (roster);
      cache->roster_version = bn_store_data_version (self);
      cache->roster_rows = count_roster_rows (self);
      memcpy (cache->roster_anchor, hood->anchor, BN_HASH_LEN);
    }
  return roster;
}

/**
 * bn_store_load_roster:
 *
 * Returns: (transfer full) (nullable): the roster as the entries held make it,
 *   or %NULL before this peer has a neighbourhood
 */
BnRoster *
bn_store_load_roster (BnStore *self)
{
  const BnHood *hood = bn_store_get_hood (self);
  BnRosterCache *cache = cache_of (self);

  if (hood == NULL)
    return NULL;
  if (cache->roster != NULL && hood->has_founder
      && memcmp (cache->roster_anchor, hood->anchor, BN_HASH_LEN) == 0
      && cache->roster_version == bn_store_data_version (self)
      && cache->roster_rows == count_roster_rows (self))
    return bn_roster_ref (cache->roster);
  return evaluate_stored (self, hood);
}

/* Writing a roster entry of our own */

/* The most IDs a roster entry's `after` names (67 bytes each in the JSON):
 * room to spare in an entry (64 KiB) for the rest of any roster entry. */
#define MAX_AFTER 512

typedef struct
{
  BnRosterOp     *op;
  const BnRoster *roster;
  GArray         *rest;          /* what is still to be named */
  guint8          before[BN_HASH_LEN];
  gboolean        has_before;    /* an entry of ours the next one must name */
} RosterAppend;

/* Our newest roster entry as roster_ops holds it now, if any. */
static gboolean
my_last_roster_op (BnStore *self, guint8 id[BN_HASH_LEN])
{
  const BnIdentity *me = bn_store_get_identity (self);
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT id FROM roster_ops WHERE author = ? ORDER BY seq DESC LIMIT 1");
  gboolean found;

  sqlite3_bind_blob (stmt, 1, me->public_key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN;
  if (found)
    memcpy (id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
  sqlite3_reset (stmt);
  return found;
}

static gboolean
roster_holds (const BnRoster *roster, const guint8 *id)
{
  for (guint i = 0; i < roster->ops->len; i++)
    if (memcmp (((const BnRosterOp *) g_ptr_array_index (roster->ops, i))->id, id, BN_HASH_LEN) == 0)
      return TRUE;
  return FALSE;
}

/* Our last chained roster entry in @roster, if any. */
static gboolean
my_last_chained (BnStore *self, const BnRoster *roster, guint8 id[BN_HASH_LEN])
{
  const guint8 *me = bn_store_get_identity (self)->public_key;
  const BnRosterOp *last = NULL;

  for (guint i = 0; i < roster->ops->len - roster->n_pending - roster->n_unchained; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);
      if (memcmp (op->author, me, BN_PUBLIC_KEY_LEN) == 0 && (last == NULL || op->seq > last->seq))
        last = op;
    }
  if (last != NULL)
    memcpy (id, last->id, BN_HASH_LEN);
  return last != NULL;
}

/* Names @id in @after too, where it sorts. */
static void
add_after (GArray *after, const guint8 *id)
{
  guint at = 0;

  while (at < after->len && memcmp (&g_array_index (after, guint8, at * BN_HASH_LEN), id,
                                    BN_HASH_LEN) < 0)
    at++;
  if (at < after->len && memcmp (&g_array_index (after, guint8, at * BN_HASH_LEN), id,
                                 BN_HASH_LEN) == 0)
    return;
  g_array_insert_vals (after, at, id, 1);
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, BN_HASH_LEN);
}

/* An empty share that names the entry before and the next of what is still to
 * be named. */
static JsonObject *
take_in_share (BnStore *self, RosterAppend *append)
{
  g_autoptr(BnRosterOp) share = bn_roster_op_new (BN_ROSTER_SHARE);
  guint take = MAX_AFTER - (append->has_before ? 1 : 0);

  if (append->roster->has_current_key)
    memcpy (share->key, append->roster->current_key, BN_KEY_ID_LEN);
  else
    memcpy (share->key, bn_keyring_get_legacy (bn_store_get_hood (self)->keys)->id, BN_KEY_ID_LEN);
  if (append->has_before)
    g_array_append_vals (share->after, append->before, 1);
  g_array_append_vals (share->after, append->rest->data, take);
  g_array_sort (share->after, compare_ids);
  g_array_remove_range (append->rest, 0, take);
  return bn_roster_op_encode (share);
}

/* Our roster entry, after what `after` names and what must come before it:
 * another process on this data directory (the app and buurtnet-cli, serve and
 * a command) may have written a roster entry of ours since the roster `after`
 * was taken from, and a frontier longer than MAX_AFTER is taken in first by
 * empty shares, each naming the one before (docs/protocol.md §9.1). */
static JsonObject *
build_roster_op (BnStore *self, gpointer data, const BnEntry *previous, const BnEpochKey **key,
                 gboolean *last, GError **error)
{
  RosterAppend *append = data;

  if (append->roster == NULL)
    {
      *last = TRUE;
      return bn_roster_op_encode (append->op);
    }
  if (previous != NULL)
    {
      memcpy (append->before, previous->id, BN_HASH_LEN);
      append->has_before = TRUE;
    }
  else if (my_last_roster_op (self, append->before) && !roster_holds (append->roster, append->before))
    append->has_before = TRUE;
  else if (append->rest->len > MAX_AFTER)
    append->has_before = my_last_chained (self, append->roster, append->before);
  if (append->rest->len + (append->has_before ? 1 : 0) > MAX_AFTER)
    {
      *key = NULL;
      return take_in_share (self, append);
    }
  g_array_set_size (append->op->after, 0);
  g_array_append_vals (append->op->after, append->rest->data, append->rest->len);
  if (append->has_before)
    add_after (append->op->after, append->before);
  *last = TRUE;
  return bn_roster_op_encode (append->op);
}

/**
 * bn_store_append_roster_op:
 * @roster: (nullable): the roster @op's `after` was taken from (%NULL: no
 *   roster yet, `after` as it is)
 * @key: (nullable): the epoch key to seal with; %NULL for the current one
 *
 * Appends a roster entry of ours. Each of our roster entries must come after
 * the one before (docs/protocol.md §9.3), and `after` names at most 512 (§9.1):
 * both are seen to in the transaction that writes it, which may write empty
 * shares before it.
 *
 * Returns: (transfer full): the new entry
 */
BnEntry *
bn_store_append_roster_op (BnStore          *self,
                           const BnRoster   *roster,
                           BnRosterOp       *op,
                           const BnEpochKey *key,
                           GError          **error)
{
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, BN_HASH_LEN);
  RosterAppend append = { op, roster, rest, { 0 }, FALSE };

  g_array_append_vals (rest, op->after->data, op->after->len);
  return bn_store_append_local_built (self, build_roster_op, &append, NULL, key, error);
}

/* Writing the result */

static void
bind_optional_key (sqlite3_stmt *stmt, int column, const guint8 *key, gsize len)
{
  if (key != NULL)
    sqlite3_bind_blob (stmt, column, key, (int) len, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
write_member (BnStore *self, const BnRosterMember *m, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO members (key, status, connector, cut, since, granted_by, ended_op,"
      " ended_by, ended_ts, reason, replaced_by, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, m->key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, m->status);
  sqlite3_bind_int (stmt, 3, m->connector);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) m->cut);
  if (m->granted != NULL)
    sqlite3_bind_int64 (stmt, 5, m->granted->timestamp_ms);
  bind_optional_key (stmt, 6, m->granted ? m->granted->author : NULL, BN_PUBLIC_KEY_LEN);
  bind_optional_key (stmt, 7, m->ended ? m->ended->id : NULL, BN_HASH_LEN);
  bind_optional_key (stmt, 8, m->ended ? m->ended->author : NULL, BN_PUBLIC_KEY_LEN);
  if (m->ended != NULL)
    sqlite3_bind_int64 (stmt, 9, m->ended->timestamp_ms);
  bn_fold_bind_text (stmt, 10, m->ended ? m->ended->reason : NULL);
  bind_optional_key (stmt, 11, m->has_replaced_by ? m->replaced_by : NULL, BN_PUBLIC_KEY_LEN);
  bn_fold_bind_text (stmt, 12, m->granted ? m->granted->name : NULL);
  return bn_fold_step (self, stmt, _("saving the list of members"), error);
}

static gboolean
write_invite (BnStore *self, const BnRosterInvite *invite, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO invites (id, op, inviter, uses, used, created, expires, revoked, key)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const BnRosterOp *op = invite->op;

  sqlite3_bind_blob (stmt, 1, op->invite, BN_INVITE_ID_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, op->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, op->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, op->uses);
  sqlite3_bind_int64 (stmt, 5, invite->used);
  sqlite3_bind_int64 (stmt, 6, op->timestamp_ms);
  sqlite3_bind_int64 (stmt, 7, op->expires_ms);
  sqlite3_bind_int (stmt, 8, invite->revoked);
  sqlite3_bind_blob (stmt, 9, op->key, BN_KEY_ID_LEN, SQLITE_STATIC);
  return bn_fold_step (self, stmt, _("saving the list of members"), error);
}

/* Writes the entries whose validity changed since @roster's entries were read
 * (in this transaction): one UPDATE per admission and appointment made since,
 * not one per valid entry every time. */
static gboolean
write_validity (BnStore *self, const BnRoster *roster, GError **error)
{
  for (guint i = 0; roster->stale_valid != NULL && i < roster->stale_valid->len; i++)
    {
      gsize len;
      const guint8 *id = g_bytes_get_data (g_ptr_array_index (roster->stale_valid, i), &len);
      sqlite3_stmt *stmt = bn_store_prepare (self, "UPDATE roster_ops SET valid = 0 WHERE id = ?");

      sqlite3_bind_blob (stmt, 1, id, (int) len, SQLITE_STATIC);
      if (!bn_fold_step (self, stmt, _("saving the list of members"), error))
        return FALSE;
    }
  for (guint i = 0; i < roster->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);
      gboolean valid = g_array_index (roster->valid, gboolean, i);
      sqlite3_stmt *stmt;

      if (valid == op->was_valid)
        continue;
      stmt = bn_store_prepare (self, "UPDATE roster_ops SET valid = ? WHERE id = ?");
      sqlite3_bind_int (stmt, 1, valid);
      sqlite3_bind_blob (stmt, 2, op->id, BN_HASH_LEN, SQLITE_STATIC);
      if (!bn_fold_step (self, stmt, _("saving the list of members"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_roster (BnStore *self, const BnRoster *roster, GError **error)
{
  GHashTableIter iter;
  gpointer value;

  if (!bn_store_exec (self, "DELETE FROM members", error)
      || !bn_store_exec (self, "DELETE FROM invites", error)
      || !write_validity (self, roster, error))
    return FALSE;
  g_hash_table_iter_init (&iter, roster->members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!write_member (self, value, error))
      return FALSE;
  g_hash_table_iter_init (&iter, roster->invites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!write_invite (self, value, error))
      return FALSE;
  if (!bn_store_set_meta (self, "roster_root", roster->has_root ? "1" : "0", error))
    return FALSE;
  if (roster->has_current_key)
    {
      g_autofree char *hex = bn_hex_encode (roster->current_key, BN_KEY_ID_LEN);
      if (!bn_store_set_meta (self, "current_key", hex, error))
        return FALSE;
    }
  return TRUE;
}

/* Keys */

/**
 * bn_store_add_key_locked:
 *
 * Keeps an epoch key this peer was given (in a welcome, an `epoch` or a
 * `share`), and folds the entries that waited for it.
 */
gboolean
bn_store_add_key_locked (BnStore       *self,
                         const guint8   secret[BN_KEY_LEN],
                         GError       **error)
{
  const BnHood *hood = bn_store_get_hood (self);
  const BnEpochKey *key;
  sqlite3_stmt *stmt;

  if (hood == NULL)
    return TRUE;
  key = bn_keyring_add (hood->keys, secret);
  stmt = bn_store_prepare (self, "INSERT OR IGNORE INTO keys (id, secret, added) VALUES (?, ?, ?)");
  sqlite3_bind_blob (stmt, 1, key->id, BN_KEY_ID_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, key->secret, BN_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / 1000);
  if (!bn_fold_step (self, stmt, _("saving a neighbourhood key"), error))
    return FALSE;
  if (sqlite3_changes (bn_store_get_db (self)) == 0)
    return TRUE;
  return bn_store_release_held_locked (self, "SELECT n FROM held WHERE key_id = ?",
                                       key->id, BN_KEY_ID_LEN, error);
}

/**
 * bn_store_load_keys:
 *
 * Puts every key stored in the database into the neighbourhood's keyring (a
 * key another process or thread added since).
 */
void
bn_store_load_keys (BnStore *self)
{
  const BnHood *hood = bn_store_get_hood (self);
  sqlite3_stmt *stmt;

  if (hood == NULL)
    return;
  stmt = bn_store_prepare (self, "SELECT secret FROM keys");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_KEY_LEN)
      bn_keyring_add (hood->keys, sqlite3_column_blob (stmt, 0));
  sqlite3_reset (stmt);
}

/* Every key sealed to me in an `epoch` or a `share` I hold, valid or not: it
 * opens what was sealed with it, whatever the roster says of the entry. */
static gboolean
take_sealed_keys (BnStore *self, const BnRoster *roster, GError **error)
{
  const BnIdentity *me = bn_store_get_identity (self);
  const BnHood *hood = bn_store_get_hood (self);

  for (guint i = 0; me != NULL && i < roster->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);
      guint8 secret[BN_KEY_LEN];

      if ((op->kind != BN_ROSTER_EPOCH && op->kind != BN_ROSTER_SHARE)
          || bn_keyring_lookup (hood->keys, op->key) != NULL
          || !bn_roster_op_open_seal (op, me, secret))
        continue;
      if (!bn_store_add_key_locked (self, secret, error))
        {
          sodium_memzero (secret, sizeof secret);
          return FALSE;
        }
      sodium_memzero (secret, sizeof secret);
    }
  return TRUE;
}

/* Standing changes */

static Standing
standing_of (const BnRoster *roster, const guint8 *key)
{
  const BnRosterMember *m = bn_roster_get_member (roster, key);
  Standing s = { FALSE, 0 };

  if (m != NULL)
    {
      s.active = m->status == BN_MEMBER_ACTIVE;
      s.cut = s.active ? 0 : m->cut;
    }
  return s;
}

/* Entries of an author that are folded and no longer may be: forget what they
 * gave and set them aside, in case the standing turns again. */
static gboolean
set_aside (BnStore *self, const guint8 *author, guint64 after_seq, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT n, id FROM entries WHERE author = ? AND seq > ? AND payload IS NOT NULL"
      " AND n NOT IN (SELECT n FROM held)");
  g_autoptr(GArray) ns = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) after_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 1) == BN_HASH_LEN)
      {
        gint64 n = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ns, n);
        g_ptr_array_add (ids, g_memdup2 (sqlite3_column_blob (stmt, 1), BN_HASH_LEN));
      }
  sqlite3_reset (stmt);
  for (guint i = 0; i < ns->len; i++)
    if (!bn_reducer_forget (self, g_ptr_array_index (ids, i), error)
        || !bn_store_hold_entry (self, g_array_index (ns, gint64, i), author, NULL, error))
      return FALSE;
  return TRUE;
}

/* Compares each author's standing before and after, and folds or sets aside
 * what changed. */
static gboolean
apply_standing_changes (BnStore *self, BnRosterCache *cache, const BnRoster *roster,
                        gboolean had_root, GPtrArray *improved, GError **error)
{
  g_autoptr(GHashTable) authors = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, cache->standing);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (authors, key);
  g_hash_table_iter_init (&iter, roster->members);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (authors, key);

  g_hash_table_iter_init (&iter, authors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const guint8 *author = g_bytes_get_data (key, NULL);
      Standing *was = g_hash_table_lookup (cache->standing, key);
      Standing now = standing_of (roster, author);
      Standing before = was ? *was : (Standing) { FALSE, 0 };

      if (!had_root)
        before = (Standing) { legacy_member (self, author), 0 };
      if ((before.active && !now.active) || (!before.active && !now.active && now.cut < before.cut))
        {
          if (!set_aside (self, author, now.cut, error))
            return FALSE;
        }
      else if ((!before.active && now.active) || (!now.active && now.cut > before.cut))
        g_ptr_array_add (improved, g_memdup2 (author, BN_PUBLIC_KEY_LEN));
    }
  return TRUE;
}

/* Folds what waits for authors who may now be folded further; what still may
 * not be is held again by the fold itself. */
static gboolean
release_authors (BnStore *self, GPtrArray *authors, GError **error)
{
  for (guint i = 0; i < authors->len; i++)
    if (!bn_store_release_held_locked (self, "SELECT n FROM held WHERE author = ?",
                                       g_ptr_array_index (authors, i), BN_PUBLIC_KEY_LEN, error))
      return FALSE;
  return TRUE;
}

/* Who replaced whom, as the members table says now: member key → the key of the
 * identity that replaced them. */
static GHashTable *
load_successors (BnStore *self)
{
  GHashTable *successors = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                  (GDestroyNotify) g_bytes_unref,
                                                  (GDestroyNotify) g_bytes_unref);
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT key, replaced_by FROM members WHERE replaced_by IS NOT NULL");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN
        && sqlite3_column_bytes (stmt, 1) == BN_PUBLIC_KEY_LEN)
      g_hash_table_insert (successors,
                           g_bytes_new (sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN),
                           g_bytes_new (sqlite3_column_blob (stmt, 1), BN_PUBLIC_KEY_LEN));
  sqlite3_reset (stmt);
  return successors;
}

/* A replacement that became valid or void: what the replaced member made is
 * folded again, so that the new identity acts for them (or no longer does). */
static gboolean
fold_successor_changes (BnStore *self, GHashTable *before, GHashTable *after, GError **error)
{
  GHashTable *sides[] = { before, after };

  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, sides[s]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GBytes *other = g_hash_table_lookup (sides[1 - s], key);

          if (other != NULL && (s == 1 || g_bytes_equal (other, value)))
            continue;   /* unchanged, or changed and already done from before's side */
          if (!bn_reducer_successor_changed (self, g_bytes_get_data (key, NULL), error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
evaluate_once (BnStore *self, BnRosterCache *cache, GError **error)
{
  g_autoptr(GHashTable) successors_before = NULL;
  g_autoptr(GHashTable) successors_after = NULL;
  const BnHood *hood = bn_store_get_hood (self);
  /* Evaluated afresh: write_validity() goes by what each entry's row says now. */
  g_autoptr(BnRoster) roster = hood != NULL ? evaluate_stored (self, hood) : NULL;
  g_autoptr(GPtrArray) improved = g_ptr_array_new_with_free_func (g_free);
  gboolean had_root;

  cache->dirty = FALSE;
  if (roster == NULL)
    return TRUE;
  if (!cache->loaded)
    load_standing (self, cache);
  had_root = cache->has_root;
  successors_before = load_successors (self);
  if (!take_sealed_keys (self, roster, error)
      || !write_roster (self, roster, error))
    return FALSE;
  if (roster->has_root && !apply_standing_changes (self, cache, roster, had_root, improved, error))
    return FALSE;
  load_standing (self, cache);
  if (!release_authors (self, improved, error))
    return FALSE;
  successors_after = load_successors (self);
  return fold_successor_changes (self, successors_before, successors_after, error);
}

/**
 * bn_store_update_roster_locked:
 *
 * When roster entries were folded since the last time, evaluates the roster
 * again and brings the rest of the state in line with it, inside the caller's
 * transaction. Folding what it releases may fold roster entries in turn, so it
 * goes on until the roster no longer changes.
 */
gboolean
bn_store_update_roster_locked (BnStore  *self,
                               GError  **error)
{
  BnRosterCache *cache = cache_of (self);

  for (guint rounds = 0; cache->dirty; rounds++)
    {
      if (rounds > 64)
        {
          g_warning ("The roster did not settle after %u rounds; trying again later", rounds);
          return TRUE;
        }
      if (!evaluate_once (self, cache, error))
        return FALSE;
    }
  return TRUE;
}

/* Public questions */

/**
 * bn_store_get_member_status:
 * @cut_seq: (out) (optional): for an identity no longer a member, the last seq
 *   of its log that stays valid; 0 otherwise
 *
 * Where @key stands on this peer's roster. Until the neighbourhood has a root
 * (an upgraded neighbourhood before its first peer upgraded), every identity
 * with a log here, and this peer's own, counts as a member.
 */
BnMemberStatus
bn_store_get_member_status (BnStore      *self,
                            const guint8  key[BN_PUBLIC_KEY_LEN],
                            guint64      *cut_seq)
{
  BnRosterCache *cache = fresh_cache (self);
  sqlite3_stmt *stmt;
  BnMemberStatus status = BN_MEMBER_UNKNOWN;

  if (cut_seq)
    *cut_seq = 0;
  if (!cache->has_root)
    return legacy_member (self, key) ? BN_MEMBER_ACTIVE : BN_MEMBER_UNKNOWN;
  stmt = bn_store_prepare (self, "SELECT status, cut FROM members WHERE key = ?");
  sqlite3_bind_blob (stmt, 1, key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      status = sqlite3_column_int (stmt, 0);
      if (cut_seq)
        *cut_seq = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return status;
}

/**
 * bn_store_refresh_roster:
 *
 * Forgets what this connection knew of the roster, so the next question reads
 * the tables again (another connection evaluated it since).
 */
void
bn_store_refresh_roster (BnStore *self)
{
  fresh_cache (self)->has_last = FALSE;
}
