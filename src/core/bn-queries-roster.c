/* bn-queries-roster.c — reading the roster: members, connectors, invites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-queries.h"
#include "bn-identity.h"
#include "bn-roster.h"
#include "bn-store-private.h"

#include <string.h>

static char *
column_peer_id (sqlite3_stmt *stmt, int column)
{
  if (sqlite3_column_bytes (stmt, column) != BN_PUBLIC_KEY_LEN)
    return NULL;
  return bn_peer_id_from_key (sqlite3_column_blob (stmt, column));
}

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? g_strdup ((const char *) text) : NULL;
}

static const char *
status_name (BnMemberStatus status)
{
  switch (status)
    {
    case BN_MEMBER_ACTIVE: return "member";
    case BN_MEMBER_REMOVED: return "removed";
    case BN_MEMBER_LEFT: return "left";
    case BN_MEMBER_REPLACED: return "replaced";
    case BN_MEMBER_UNKNOWN:
    default: return "unknown";
    }
}

static int
compare_members (gconstpointer a, gconstpointer b)
{
  const BnMember *x = *(BnMember **) a, *y = *(BnMember **) b;
  gboolean x_in = g_str_equal (x->status, "member"), y_in = g_str_equal (y->status, "member");
  int by_name;

  if (x_in != y_in)
    return x_in ? -1 : 1;
  if (x->connector != y->connector)
    return x->connector ? -1 : 1;
  by_name = g_utf8_collate (x->name ? x->name : "", y->name ? y->name : "");
  return by_name != 0 ? by_name : g_strcmp0 (x->peer_id, y->peer_id);
}

/**
 * bn_store_list_members:
 * @include_former: also those removed, replaced or gone
 *
 * Returns: (transfer full) (element-type BnMember): the roster: members first,
 *   connectors first among them, then by name
 */
GPtrArray *
bn_store_list_members (BnStore  *self,
                       gboolean  include_former)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT m.key, coalesce (p.name, m.name), m.connector, m.status, m.granted_by, m.since,"
      " m.ended_by, m.ended_ts, m.reason, m.replaced_by"
      " FROM members m LEFT JOIN profiles p ON p.author = m.key"
      " WHERE m.status = 1 OR (?1 AND m.status > 1)");
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_member_free);

  sqlite3_bind_int (stmt, 1, include_former);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnMember *m;

      if (sqlite3_column_bytes (stmt, 0) != BN_PUBLIC_KEY_LEN)
        continue;
      m = g_new0 (BnMember, 1);
      m->peer_id = column_peer_id (stmt, 0);
      m->fingerprint = bn_fingerprint_from_key (sqlite3_column_blob (stmt, 0));
      m->name = column_text (stmt, 1);
      m->connector = sqlite3_column_int (stmt, 2) != 0 && sqlite3_column_int (stmt, 3) == BN_MEMBER_ACTIVE;
      m->status = g_strdup (status_name (sqlite3_column_int (stmt, 3)));
      m->added_by = column_peer_id (stmt, 4);
      m->since_ms = sqlite3_column_int64 (stmt, 5);
      m->ended_by = column_peer_id (stmt, 6);
      m->ended_ms = sqlite3_column_int64 (stmt, 7);
      m->reason = column_text (stmt, 8);
      m->replaced_by = column_peer_id (stmt, 9);
      /* The founder added themself. */
      if (g_strcmp0 (m->added_by, m->peer_id) == 0)
        g_clear_pointer (&m->added_by, g_free);
      g_ptr_array_add (members, m);
    }
  sqlite3_reset (stmt);
  g_ptr_array_sort (members, compare_members);
  return members;
}

/* Whether @key is a connector on this peer's roster (or, before the
 * neighbourhood has a roster, says so in their profile). */
gboolean
bn_store_is_connector (BnStore      *self,
                       const guint8  key[BN_PUBLIC_KEY_LEN])
{
  g_autoptr(GPtrArray) connectors = bn_store_list_connectors (self);
  g_autofree char *peer_id = bn_peer_id_from_key (key);

  for (guint i = 0; i < connectors->len; i++)
    if (g_strcmp0 (((BnProfile *) g_ptr_array_index (connectors, i))->peer_id, peer_id) == 0)
      return TRUE;
  return FALSE;
}

static const char *
invite_state (sqlite3_stmt *stmt, const char *current_key, gint64 now_ms)
{
  g_autofree char *key = NULL;

  if (sqlite3_column_int (stmt, 7) != 0)
    return "revoked";
  /* A code that admitted all it may is "used", renewal or not. */
  if (sqlite3_column_int64 (stmt, 4) >= sqlite3_column_int64 (stmt, 3))
    return "used";
  if (sqlite3_column_bytes (stmt, 8) == 8)
    key = bn_hex_encode (sqlite3_column_blob (stmt, 8), 8);
  if (current_key != NULL && g_strcmp0 (key, current_key) != 0)
    return "renewed";
  if (now_ms >= sqlite3_column_int64 (stmt, 6))
    return "expired";
  return "open";
}

/**
 * bn_store_list_invites:
 *
 * Returns: (transfer full) (element-type BnInviteInfo): every invite on the
 *   roster, newest first, with where it stands at @now_ms
 */
GPtrArray *
bn_store_list_invites (BnStore *self,
                       gint64   now_ms)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT i.id, i.inviter, pr.name, i.uses, i.used, i.created, i.expires, i.revoked, i.key"
      " FROM invites i LEFT JOIN profiles pr ON pr.author = i.inviter ORDER BY i.created DESC");
  g_autofree char *current_key = bn_store_get_meta (self, "current_key");
  GPtrArray *invites = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_invite_info_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnInviteInfo *info = g_new0 (BnInviteInfo, 1);

      info->id = bn_hex_encode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      info->inviter = column_peer_id (stmt, 1);
      info->inviter_name = column_text (stmt, 2);
      info->uses = (guint) sqlite3_column_int (stmt, 3);
      info->used = (guint) sqlite3_column_int (stmt, 4);
      info->created_ms = sqlite3_column_int64 (stmt, 5);
      info->expires_ms = sqlite3_column_int64 (stmt, 6);
      info->state = g_strdup (invite_state (stmt, current_key, now_ms));
      g_ptr_array_add (invites, info);
    }
  sqlite3_reset (stmt);
  return invites;
}
