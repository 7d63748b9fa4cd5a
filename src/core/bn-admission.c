/* bn-admission.c — answers to a newcomer's join request and a removed member's
 * call (docs/sync-protocol.md §4.5, §3): the sync server's two questions that
 * are about joining and leaving rather than about entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-admission.h"
#include "bn-store-private.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-queries.h"
#include "bn-roster-private.h"

static BnJoinAnswer
answer_of (BnInviteState state)
{
  switch (state)
    {
    case BN_INVITE_EXPIRED: return BN_JOIN_EXPIRED;
    case BN_INVITE_USED: return BN_JOIN_USED_UP;
    case BN_INVITE_REVOKED: return BN_JOIN_REVOKED;
    case BN_INVITE_RENEWED: return BN_JOIN_RENEWED;
    case BN_INVITE_OPEN:
    case BN_INVITE_UNKNOWN:
    default: return BN_JOIN_UNKNOWN_INVITE;
    }
}

/**
 * bn_home_answer_join:
 * @request: invite_id 16 | member_pk 32 | proof 64 | name_len u8 | name
 * @welcome: (out) (transfer full) (optional): for %BN_JOIN_WELCOME, the welcome
 *
 * Checks the invite the request names and the proof, writes the admission and
 * makes the welcome sealed to the newcomer (bn_home_admit()). A request that
 * does not parse or whose proof fails is answered as an unknown invite: a
 * stranger learns nothing from the answer.
 */
BnJoinAnswer
bn_home_answer_join (BnHome  *self,
                     GBytes  *request,
                     GBytes **welcome)
{
  g_autoptr(GError) error = NULL;
  BnInviteState state = BN_INVITE_UNKNOWN;
  GBytes *answer = bn_home_admit (self, request, &state, &error);

  if (welcome != NULL)
    *welcome = answer;
  else
    g_clear_pointer (&answer, g_bytes_unref);
  if (welcome != NULL && *welcome != NULL)
    return BN_JOIN_WELCOME;
  if (error != NULL)
    g_debug ("A join request was not answered with a welcome: %s", error->message);
  return answer_of (state);
}

/**
 * bn_store_get_removal_notice:
 *
 * Returns: (transfer full): frames of the roster entries that ended @key's
 *   membership, for the 401 a removed member gets (empty when none is known)
 */
GBytes *
bn_store_get_removal_notice (BnStore      *self,
                             const guint8  key[BN_PUBLIC_KEY_LEN])
{
  g_autoptr(GByteArray) frames = g_byte_array_new ();
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT e.header, e.payload FROM members m JOIN entries e ON e.id = m.ended_op"
      " WHERE m.key = ? AND m.status > 1");

  sqlite3_bind_blob (stmt, 1, key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(BnEntry) entry = NULL;

      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        payload = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      entry = bn_entry_new_from_header (sqlite3_column_blob (stmt, 0),
                                        sqlite3_column_bytes (stmt, 0), payload, NULL);
      if (entry != NULL)
        bn_entry_write_frame (entry, frames);
    }
  sqlite3_reset (stmt);
  return g_byte_array_free_to_bytes (g_steal_pointer (&frames));
}

/**
 * bn_store_take_removal_notice:
 * @frames: the body of a 401: frames of the roster entries that ended this
 *   peer's membership, as the answering peer stores them
 *
 * A removed member's peer learns from the first peer that refuses it why: each
 * entry is checked on its own (its signature, a payload this peer can open with
 * the keys of its time, a removal or replacement of this identity written by
 * someone this peer's roster knows as a connector) and the first that holds is
 * kept, for bn_home_get_standing(). Anything else in @frames is ignored.
 *
 * Returns: whether a notice was taken
 */
gboolean
bn_store_take_removal_notice (BnStore *self,
                              GBytes  *frames)
{
  const BnHood *hood = bn_store_get_hood (self);
  const BnIdentity *me = bn_store_get_identity (self);
  gsize len = 0;
  const guint8 *data = frames ? g_bytes_get_data (frames, &len) : NULL;
  gsize offset = 0;

  while (hood != NULL && me != NULL && offset < len)
    {
      gsize consumed = 0;
      g_autoptr(BnEntry) entry = bn_entry_read_frame (data + offset, len - offset, &consumed, NULL);
      g_autoptr(BnJsonFields) object = NULL;
      g_autoptr(BnRosterOp) op = NULL;
      const char *why = NULL;

      if (consumed == 0)
        break;
      offset += consumed;
      if (entry == NULL || !bn_entry_verify_signature (entry) || !bn_entry_check_payload (entry, NULL))
        continue;
      object = bn_payload_decrypt_fields (hood->keys, me, entry, NULL, NULL);
      op = object ? bn_roster_op_decode (object, &why) : NULL;
      if (op == NULL)
        continue;
      /* Removed or replaced by a connector, or gone by our own leave. */
      if (((op->kind == BN_ROSTER_REMOVE || op->kind == BN_ROSTER_REPLACE)
           && bn_same_key (op->member, me->public_key)
           && bn_store_is_connector (self, entry->author))
          || (op->kind == BN_ROSTER_LEAVE && bn_same_key (entry->author, me->public_key)))
        {
          g_autoptr(JsonObject) notice = json_object_new ();
          g_autofree char *by = bn_peer_id_from_key (entry->author);
          g_autofree char *text = NULL;

          json_object_set_string_member (notice, "kind", bn_roster_kind_to_string (op->kind));
          json_object_set_string_member (notice, "by", by);
          if (op->reason != NULL)
            json_object_set_string_member (notice, "reason", op->reason);
          json_object_set_int_member (notice, "ts", entry->timestamp_ms);
          text = bn_json_object_to_string (notice);
          return bn_store_set_meta (self, "removed_notice", text, NULL);
        }
    }
  return FALSE;
}
