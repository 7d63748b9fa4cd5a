/* bn-queries-messages.c — conversations as read models (bn-messages.h)
 *
 * Only the two parties of a message fold it (bn-type-message.c), so the
 * messages table holds exactly what this neighbour may read. A blocked
 * neighbour's conversation does not show; a message past its expiry does not
 * show either, even before the next writing open erases it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-messages.h"
#include "bn-store-private.h"
#include "bn-moderation-private.h"
#include "bn-event-time.h"
#include "bn-identity.h"

#include <glib/gi18n-lib.h>

/* A neighbour's name: their profile's, else the name they joined with. */
#define NAME_OF(key) \
  "coalesce ((SELECT nm.name FROM profiles nm WHERE nm.author = " key ")," \
  " (SELECT nr.name FROM members nr WHERE nr.key = " key "))"

#define NOT_EXPIRED(alias) "(" alias ".expiry IS NULL OR " alias ".expiry > ?3)"
#define UNREAD(alias) \
  "(" alias ".recipient = ?1 AND " alias ".id NOT IN (SELECT mr.id FROM messages_read mr))"

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

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

void
bn_message_free (BnMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->author);
  g_free (self->author_name);
  g_free (self->to);
  g_free (self->to_name);
  g_free (self->text);
  g_free (self->about);
  g_free (self->agrees);
  g_free (self);
}

void
bn_conversation_free (BnConversation *self)
{
  if (self == NULL)
    return;
  g_free (self->peer_id);
  g_free (self->name);
  g_free (self->last_text);
  g_free (self);
}

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

/* A time as the protocol writes it (Brussels, with its offset), or null. */
static void
add_time (JsonBuilder *b, const char *member, gint64 ms)
{
  g_autofree char *text = ms > 0 ? bn_event_time_format (ms) : NULL;

  add_string (b, member, text);
}

/* Returns: (transfer full) */
JsonNode *
bn_message_to_json (const BnMessage *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "author", self->author);
  add_string (b, "author_name", self->author_name);
  add_string (b, "to", self->to);
  add_string (b, "to_name", self->to_name);
  add_string (b, "text", self->text);
  add_string (b, "about", self->about);
  add_int (b, "created", self->created_ms);
  add_int (b, "expiry", self->expiry_ms);
  json_builder_set_member_name (b, "mine");
  json_builder_add_boolean_value (b, self->mine);
  json_builder_set_member_name (b, "unread");
  json_builder_add_boolean_value (b, self->unread);
  add_time (b, "proposes", self->proposes_ms);
  add_string (b, "agrees", self->agrees);
  add_time (b, "agreed", self->agreed_ms);
  json_builder_set_member_name (b, "answered");
  json_builder_add_boolean_value (b, self->answered);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Returns: (transfer full) */
JsonNode *
bn_conversation_to_json (const BnConversation *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "peer", self->peer_id);
  add_string (b, "name", self->name);
  add_int (b, "messages", self->n_messages);
  add_int (b, "unread", self->n_unread);
  add_int (b, "last", self->last_ms);
  add_string (b, "last_text", self->last_text);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* An answer agrees to a proposal the other party of the same conversation
 * wrote (docs/protocol.md §6.5); any other "agrees" names nothing. */
#define SAME_PAIR(answer, proposal) \
  proposal ".author = " answer ".recipient AND " proposal ".recipient = " answer ".author"

#define MESSAGE_SELECT \
  "SELECT m.id, m.author, " NAME_OF ("m.author") ", m.recipient, " NAME_OF ("m.recipient") "," \
  " m.text, m.about, m.ts, m.expiry, " UNREAD ("m") ", m.proposes, m.agrees," \
  " (SELECT p.proposes FROM messages p WHERE p.id = m.agrees AND " SAME_PAIR ("m", "p") ")," \
  " m.proposes IS NOT NULL AND EXISTS (SELECT 1 FROM messages a WHERE a.agrees = m.id" \
  "   AND " SAME_PAIR ("a", "m") ")" \
  " FROM messages m"

static BnMessage *
message_from_row (sqlite3_stmt *stmt, const guint8 me[BN_PUBLIC_KEY_LEN])
{
  BnMessage *m = g_new0 (BnMessage, 1);

  m->id = column_hex (stmt, 0, BN_HASH_LEN);
  m->author = column_peer_id (stmt, 1);
  m->author_name = column_text (stmt, 2);
  m->to = column_peer_id (stmt, 3);
  m->to_name = column_text (stmt, 4);
  m->text = column_text (stmt, 5);
  m->about = column_hex (stmt, 6, BN_HASH_LEN);
  m->created_ms = sqlite3_column_int64 (stmt, 7);
  m->expiry_ms = sqlite3_column_int64 (stmt, 8);
  m->unread = sqlite3_column_int (stmt, 9) != 0;
  m->proposes_ms = sqlite3_column_int64 (stmt, 10);
  m->agrees = column_hex (stmt, 11, BN_HASH_LEN);
  m->agreed_ms = sqlite3_column_int64 (stmt, 12);
  m->answered = sqlite3_column_int (stmt, 13) != 0;
  m->mine = sqlite3_column_bytes (stmt, 1) == BN_PUBLIC_KEY_LEN
            && bn_same_key (sqlite3_column_blob (stmt, 1), me);
  return m;
}

/**
 * bn_store_list_conversations:
 *
 * Returns: (transfer full) (element-type BnConversation): one per neighbour I
 *   exchanged messages with, the most recent first; none with a neighbour
 *   blocked here
 */
GPtrArray *
bn_store_list_conversations (BnStore      *self,
                             const guint8  me[BN_PUBLIC_KEY_LEN])
{
  /* SQLite takes the bare column text from the row that holds max (ts). */
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT partner, " NAME_OF ("partner") ", count(*), sum(unread), max(ts), text FROM"
      " (SELECT CASE WHEN m.author = ?1 THEN m.recipient ELSE m.author END AS partner,"
      "   m.ts, m.text, " UNREAD ("m") " AS unread FROM messages m"
      "   WHERE (m.author = ?1 OR m.recipient = ?1) AND " NOT_EXPIRED ("m") ")"
      " WHERE " BN_SQL_NOT_BLOCKED ("partner")
      " GROUP BY partner ORDER BY max(ts) DESC, partner");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_conversation_free);

  sqlite3_bind_blob (stmt, 1, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now_ms ());
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnConversation *c = g_new0 (BnConversation, 1);

      c->peer_id = column_peer_id (stmt, 0);
      c->name = column_text (stmt, 1);
      c->n_messages = (guint) sqlite3_column_int (stmt, 2);
      c->n_unread = (guint) sqlite3_column_int (stmt, 3);
      c->last_ms = sqlite3_column_int64 (stmt, 4);
      c->last_text = column_text (stmt, 5);
      if (c->peer_id != NULL)
        g_ptr_array_add (list, c);
      else
        bn_conversation_free (c);
    }
  sqlite3_reset (stmt);
  return list;
}

/**
 * bn_store_list_messages:
 * @peer: the other neighbour
 *
 * Returns: (transfer full) (element-type BnMessage): the conversation with
 *   @peer, oldest first (by their authors' clocks); empty when @peer is blocked here
 */
GPtrArray *
bn_store_list_messages (BnStore      *self,
                        const guint8  me[BN_PUBLIC_KEY_LEN],
                        const guint8  peer[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      MESSAGE_SELECT
      " WHERE ((m.author = ?1 AND m.recipient = ?2) OR (m.author = ?2 AND m.recipient = ?1))"
      " AND " NOT_EXPIRED ("m") " AND " BN_SQL_NOT_BLOCKED ("?2")
      " ORDER BY m.ts, m.author, m.seq");
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_message_free);

  sqlite3_bind_blob (stmt, 1, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, peer, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now_ms ());
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, message_from_row (stmt, me));
  sqlite3_reset (stmt);
  return list;
}

/* Returns: (transfer full) (nullable): one message I can read, by ID */
BnMessage *
bn_store_get_message (BnStore      *self,
                      const guint8  me[BN_PUBLIC_KEY_LEN],
                      const guint8  id[BN_HASH_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      MESSAGE_SELECT " WHERE m.id = ?2 AND " NOT_EXPIRED ("m"));
  BnMessage *message = NULL;

  sqlite3_bind_blob (stmt, 1, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now_ms ());
  if (sqlite3_step (stmt) == SQLITE_ROW)
    message = message_from_row (stmt, me);
  sqlite3_reset (stmt);
  return message;
}

/* Marks every message @peer sent me as read here (no entry: it is mine alone). */
gboolean
bn_store_mark_messages_read (BnStore       *self,
                             const guint8   me[BN_PUBLIC_KEY_LEN],
                             const guint8   peer[BN_PUBLIC_KEY_LEN],
                             GError       **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT OR IGNORE INTO messages_read (id)"
      " SELECT id FROM messages WHERE author = ?2 AND recipient = ?1");
  int rc;

  sqlite3_bind_blob (stmt, 1, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, peer, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("marking messages read"));
      return FALSE;
    }
  return TRUE;
}
