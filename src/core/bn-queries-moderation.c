/* bn-queries-moderation.c — reading moderation: reports, the moderation log,
 * the hides a neighbour may undo, and the neighbours this computer blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-queries.h"
#include "bn-identity.h"
#include "bn-moderation-private.h"

#include <string.h>

/* A neighbour's name: their profile's, else the name they joined with. */
#define NAME_OF(key) \
  "coalesce ((SELECT nm.name FROM profiles nm WHERE nm.author = " key ")," \
  " (SELECT nr.name FROM members nr WHERE nr.key = " key "))"

/* Whom an item is about: its author, from the entry's header (held by every
 * peer, even one that cannot read the entry). */
#define AUTHOR_OF_ENTRY(id) "(SELECT ea.author FROM entries ea WHERE ea.id = " id ")"

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? g_strdup ((const char *) text) : NULL;
}

static char *
column_hex (sqlite3_stmt *stmt, int column, gsize len)
{
  if (sqlite3_column_bytes (stmt, column) != (int) len)
    return NULL;
  return bn_hex_encode (sqlite3_column_blob (stmt, column), len);
}

static char *
column_peer_id (sqlite3_stmt *stmt, int column)
{
  if (sqlite3_column_bytes (stmt, column) != BN_PUBLIC_KEY_LEN)
    return NULL;
  return bn_peer_id_from_key (sqlite3_column_blob (stmt, column));
}

/* Reports */

static BnReport *
report_from_row (sqlite3_stmt *stmt)
{
  BnReport *r = g_new0 (BnReport, 1);

  r->id = column_hex (stmt, 0, BN_HASH_LEN);
  r->author = column_peer_id (stmt, 1);
  r->author_name = column_text (stmt, 2);
  r->target = column_hex (stmt, 3, BN_HASH_LEN);
  r->target_kind = column_text (stmt, 4);
  r->subject = column_peer_id (stmt, 5);
  r->subject_name = column_text (stmt, 6);
  r->reason = column_text (stmt, 7);
  r->text = column_text (stmt, 8);
  r->quote = column_text (stmt, 9);
  r->created_ms = sqlite3_column_int64 (stmt, 10);
  r->handled_by = column_peer_id (stmt, 11);
  r->handled_by_name = column_text (stmt, 12);
  r->handled_ms = sqlite3_column_int64 (stmt, 13);
  return r;
}

/**
 * bn_store_list_reports:
 *
 * The reports this peer can read: on a connector's peer every report made
 * since they became one, on anyone else's their own. A report is handled once
 * a connector (on the roster as it stands) marked it so.
 *
 * Returns: (transfer full) (element-type BnReport): open reports first, then
 *   handled ones, newest first in each
 */
GPtrArray *
bn_store_list_reports (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT r.id, r.author, " NAME_OF ("r.author") ", r.target,"
      " CASE WHEN r.target IS NULL THEN NULL"
      "  WHEN EXISTS (SELECT 1 FROM posts k WHERE k.id = r.target AND k.deleted = 0) THEN 'post'"
      "  WHEN EXISTS (SELECT 1 FROM replies k WHERE k.id = r.target) THEN 'reply'"
      "  WHEN EXISTS (SELECT 1 FROM thanks k WHERE k.id = r.target) THEN 'thanks' END,"
      " r.subject, " NAME_OF ("r.subject") ", r.reason, r.text, r.quote, r.ts,"
      " hd.author, " NAME_OF ("hd.author") ", hd.ts"
      " FROM (SELECT *, coalesce (member, " AUTHOR_OF_ENTRY ("target") ") AS subject"
      "  FROM reports) r"
      " LEFT JOIN reports_handled hd ON hd.id = (SELECT x.id FROM reports_handled x"
      "  WHERE x.report = r.id AND " BN_SQL_IS_CONNECTOR ("x.author") " ORDER BY x.id LIMIT 1)"
      " ORDER BY hd.id IS NOT NULL, r.ts DESC, r.id");
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_report_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (reports, report_from_row (stmt));
  sqlite3_reset (stmt);
  return reports;
}

/* The moderation log */

static BnModerationAct *
act_from_row (sqlite3_stmt *stmt, const char *action)
{
  BnModerationAct *act = g_new0 (BnModerationAct, 1);

  act->id = column_hex (stmt, 0, BN_HASH_LEN);
  act->action = g_strdup (action);
  act->actor = column_peer_id (stmt, 1);
  act->actor_name = column_text (stmt, 2);
  act->target = column_hex (stmt, 3, BN_HASH_LEN);
  act->member = column_peer_id (stmt, 4);
  act->member_name = column_text (stmt, 5);
  act->reason = column_text (stmt, 6);
  act->erase = sqlite3_column_int (stmt, 7) != 0;
  act->undone = sqlite3_column_int (stmt, 8) != 0;
  act->when_ms = sqlite3_column_int64 (stmt, 9);
  return act;
}

/* The hides that count: a connector's, or a post's author's on a reply or
 * thanks on that post. */
static void
add_hides (BnStore *self, GPtrArray *acts)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT h.id, h.author, " NAME_OF ("h.author") ", h.target, h.subject, "
      NAME_OF ("h.subject") ", h.reason, h.erase, " BN_SQL_HIDE_UNDONE ("h") ", h.ts"
      " FROM (SELECT *, coalesce (member, " AUTHOR_OF_ENTRY ("target") ") AS subject"
      "  FROM hides) h"
      " WHERE " BN_SQL_IS_CONNECTOR ("h.author") " OR " BN_SQL_HIDE_BY_POST_AUTHOR ("h"));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (acts, act_from_row (stmt, "hide"));
  sqlite3_reset (stmt);
}

/* The unhides that undo something, one line each (an unhide names every hide
 * on its item its author knew). */
static void
add_unhides (BnStore *self, GPtrArray *acts)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT g.id, g.author, " NAME_OF ("g.author") ", g.target, g.subject, "
      NAME_OF ("g.subject") ", NULL, 0, 0, g.ts"
      " FROM (SELECT u.id, u.author, u.ts, min (h.target) AS target, min (h.subject) AS subject"
      "  FROM unhides u JOIN (SELECT *, coalesce (member, " AUTHOR_OF_ENTRY ("target") ")"
      "   AS subject FROM hides) h ON h.id = u.hide"
      "  WHERE u.author = h.author"
      "   OR (" BN_SQL_IS_CONNECTOR ("u.author") " AND " BN_SQL_IS_CONNECTOR ("h.author") ")"
      "  GROUP BY u.id) g");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (acts, act_from_row (stmt, "unhide"));
  sqlite3_reset (stmt);
}

static char *
name_of (BnStore *self, const guint8 key[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT " NAME_OF ("?1"));
  char *name = NULL;

  sqlite3_bind_blob (stmt, 1, key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

/* Role changes and removals: the valid roster entries that make them. */
static void
add_roster_changes (BnStore *self, GPtrArray *acts)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT r.id, r.author, " NAME_OF ("r.author") ", r.type,"
      " json_extract (r.data, '$.member'), json_extract (r.data, '$.reason'), r.ts"
      " FROM roster_ops r WHERE r.valid = 1 AND r.type IN ('appoint', 'dismiss', 'remove', 'replace')");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnModerationAct *act = g_new0 (BnModerationAct, 1);
      const char *type = (const char *) sqlite3_column_text (stmt, 3);
      const char *member = (const char *) sqlite3_column_text (stmt, 4);
      guint8 key[BN_PUBLIC_KEY_LEN];

      act->id = column_hex (stmt, 0, BN_HASH_LEN);
      act->actor = column_peer_id (stmt, 1);
      act->actor_name = column_text (stmt, 2);
      if (member != NULL && bn_peer_id_to_key (member, key))
        {
          act->member = g_strdup (member);
          act->member_name = name_of (self, key);
        }
      /* A connector who dismisses themself steps down. */
      act->action = g_strdup (g_strcmp0 (type, "dismiss") == 0 && g_strcmp0 (member, act->actor) == 0
                              ? "step-down" : type);
      act->reason = column_text (stmt, 5);
      act->when_ms = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (acts, act);
    }
  sqlite3_reset (stmt);
}

static int
compare_acts (gconstpointer a, gconstpointer b)
{
  const BnModerationAct *x = *(BnModerationAct **) a, *y = *(BnModerationAct **) b;

  if (x->when_ms != y->when_ms)
    return x->when_ms > y->when_ms ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/**
 * bn_store_list_moderation:
 *
 * The moderation log every member can read: each hide and unhide that counts
 * on the roster as it stands, each removal and each change of role, with who
 * did it, when (their clock) and why.
 *
 * Returns: (transfer full) (element-type BnModerationAct): newest first
 */
GPtrArray *
bn_store_list_moderation (BnStore *self)
{
  GPtrArray *acts = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_moderation_act_free);

  add_hides (self, acts);
  add_unhides (self, acts);
  add_roster_changes (self, acts);
  g_ptr_array_sort (acts, compare_acts);
  return acts;
}

/* Undoing */

/**
 * bn_store_list_hides_to_undo:
 * @target: (nullable): an entry ID (32 bytes)
 * @member: (nullable): or a neighbour's key
 * @me: who would undo them
 *
 * The hides in force on @target (or of everything @member posts) that @me may
 * undo: their own, and a connector's when @me is a connector.
 *
 * Returns: (transfer full) (element-type utf8): the hides' IDs, in hex
 */
GPtrArray *
bn_store_list_hides_to_undo (BnStore      *self,
                             const guint8 *target,
                             const guint8 *member,
                             const guint8  me[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT h.id FROM hides h WHERE (h.target = ?1 OR h.member = ?2)"
      " AND (" BN_SQL_IS_CONNECTOR ("h.author") " OR " BN_SQL_HIDE_BY_POST_AUTHOR ("h") ")"
      " AND NOT " BN_SQL_HIDE_UNDONE ("h")
      " AND (h.author = ?3 OR (" BN_SQL_IS_CONNECTOR ("?3") " AND " BN_SQL_IS_CONNECTOR ("h.author") "))"
      " ORDER BY h.id");
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (target != NULL)
    sqlite3_bind_blob (stmt, 1, target, BN_HASH_LEN, SQLITE_STATIC);
  if (member != NULL)
    sqlite3_bind_blob (stmt, 2, member, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *id = column_hex (stmt, 0, BN_HASH_LEN);
      if (id != NULL)
        g_ptr_array_add (ids, id);
    }
  sqlite3_reset (stmt);
  return ids;
}

/**
 * bn_store_get_item_kind:
 *
 * Returns: (nullable): "post", "reply" or "thanks" when @id is one this peer
 *   can read, else %NULL
 */
const char *
bn_store_get_item_kind (BnStore      *self,
                        const guint8  id[BN_HASH_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT 'post' FROM posts WHERE id = ?1 AND deleted = 0"
      " UNION ALL SELECT 'reply' FROM replies WHERE id = ?1"
      " UNION ALL SELECT 'thanks' FROM thanks WHERE id = ?1");
  const char *kind = NULL;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kind = g_intern_string ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return kind;
}

/**
 * bn_store_complete_id:
 * @prefix: the start of an ID, as lists print it (12 characters or more is safe)
 *
 * Completes the ID of a post, reply, thanks, report, hide or message this peer
 * holds.
 *
 * Returns: (transfer full) (nullable): the whole ID in hex, or %NULL when no
 *   item or more than one starts so
 */
char *
bn_store_complete_id (BnStore    *self,
                      const char *prefix)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT DISTINCT id FROM (SELECT id FROM posts WHERE deleted = 0"
      " UNION ALL SELECT id FROM replies UNION ALL SELECT id FROM thanks"
      " UNION ALL SELECT id FROM reports UNION ALL SELECT id FROM hides"
      " UNION ALL SELECT id FROM messages UNION ALL SELECT id FROM events WHERE deleted = 0)"
      " WHERE hex (id) LIKE ?1 || '%' LIMIT 2");
  g_autofree char *upper = g_ascii_strup (prefix, -1);
  char *found = NULL;
  guint n = 0;

  if (strlen (prefix) < 6 || strspn (prefix, "0123456789abcdefABCDEF") != strlen (prefix))
    return NULL;
  sqlite3_bind_text (stmt, 1, upper, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW && ++n == 1)
    found = column_hex (stmt, 0, BN_HASH_LEN);
  sqlite3_reset (stmt);
  if (n > 1)
    g_clear_pointer (&found, g_free);
  return found;
}

/* Blocking */

/**
 * bn_store_list_blocked:
 *
 * Returns: (transfer full) (element-type BnBlocked): the neighbours this
 *   computer blocks, by name
 */
GPtrArray *
bn_store_list_blocked (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT b.key, " NAME_OF ("b.key") ", b.since FROM blocked b"
      " ORDER BY 2 COLLATE NOCASE, b.key");
  GPtrArray *blocked = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_blocked_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
      {
        BnBlocked *b = g_new0 (BnBlocked, 1);

        b->peer_id = column_peer_id (stmt, 0);
        b->fingerprint = bn_fingerprint_from_key (sqlite3_column_blob (stmt, 0));
        b->name = column_text (stmt, 1);
        b->since_ms = sqlite3_column_int64 (stmt, 2);
        g_ptr_array_add (blocked, b);
      }
  sqlite3_reset (stmt);
  return blocked;
}
