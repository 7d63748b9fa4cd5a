/* bn-type-message.c — "message": a conversation between two neighbours
 *
 * A message is sealed (docs/protocol.md §5.1) to its author and the neighbour
 * it is for: everyone else stores and forwards it unread. Only those two fold
 * it. It may name the post it is about and a time after which both forget it,
 * propose a time to meet or say that the other's proposed time suits;
 * its author may erase it everywhere with a "delete" (bn-type-delete.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-error.h"
#include "bn-event-time.h"
#include "bn-identity.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_TO "to"
#define M_TEXT "text"
#define M_ABOUT "about"
#define M_EXPIRY "expiry"
#define M_PROPOSES "proposes"
#define M_AGREES "agrees"

/* What one message may hold; the fold cuts longer text there too. */
#define MESSAGE_TEXT_MAX 4000

void
bn_message_payload_free (BnMessagePayload *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

/* A time as meetups write it (docs/protocol.md §6.6): with its offset, else absent. */
static gint64
time_member (const BnJsonFields *object, const char *member)
{
  const char *text = bn_json_fields_get_string (object, member);
  gsize len = text ? strlen (text) : 0;
  gint64 ms = 0;

  if (len < 17 || !(text[len - 1] == 'Z' || text[len - 6] == '+' || text[len - 6] == '-'))
    return 0;
  return bn_event_time_parse (text, &ms) && ms > 0 ? ms : 0;
}

/* A message needs whom it is for and some text; an "about" or "agrees" that is
 * not an ID, an expiry that is not a positive integer, or a "proposes" that is
 * not a time with its offset reads as absent. */
BnMessagePayload *
bn_message_payload_decode (const BnJsonFields *object,
                           const char        **why)
{
  g_autoptr(BnMessagePayload) self = g_new0 (BnMessagePayload, 1);
  const char *text = bn_json_fields_get_string (object, M_TEXT);
  gint64 expiry = bn_json_fields_get_int (object, M_EXPIRY, 0);

  if (!bn_peer_id_to_key (bn_json_fields_get_string (object, M_TO), self->to)
      || text == NULL || *text == '\0')
    {
      *why = "it names no neighbour or has no text";
      return NULL;
    }
  self->text = g_strdup (text);
  self->has_about = bn_hex_decode (bn_json_fields_get_string (object, M_ABOUT), self->about, BN_HASH_LEN);
  self->expiry_ms = expiry > 0 ? expiry : 0;
  self->proposes_ms = time_member (object, M_PROPOSES);
  self->has_agrees = bn_hex_decode (bn_json_fields_get_string (object, M_AGREES), self->agrees, BN_HASH_LEN);
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_message_payload_encode (const BnMessagePayload *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *to = bn_peer_id_from_key (self->to);

  json_object_set_string_member (object, "type", "message");
  json_object_set_string_member (object, M_TO, to);
  json_object_set_string_member (object, M_TEXT, self->text);
  if (self->has_about)
    {
      g_autofree char *about = bn_hex_encode (self->about, BN_HASH_LEN);
      json_object_set_string_member (object, M_ABOUT, about);
    }
  if (self->expiry_ms > 0)
    json_object_set_int_member (object, M_EXPIRY, self->expiry_ms);
  if (self->proposes_ms > 0)
    {
      g_autofree char *when = bn_event_time_format (self->proposes_ms);
      json_object_set_string_member (object, M_PROPOSES, when);
    }
  if (self->has_agrees)
    {
      g_autofree char *agrees = bn_hex_encode (self->agrees, BN_HASH_LEN);
      json_object_set_string_member (object, M_AGREES, agrees);
    }
  return object;
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* What this program lets a neighbour send. */
gboolean
bn_message_payload_check (const BnMessagePayload  *self,
                          GError                 **error)
{
  if (!has_text (self->text))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Write a few words in your message"));
      return FALSE;
    }
  if (strlen (self->text) > MESSAGE_TEXT_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("This message is too long; send it in two parts"));
      return FALSE;
    }
  return TRUE;
}

/* Folding */

static gboolean
apply_message (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnMessagePayload *message = payload;
  const guint8 *me = bn_store_get_identity (store)->public_key;
  sqlite3_stmt *stmt;

  /* Sealed to someone else while naming me, or to me while naming someone
   * else: a conversation is between its author and whom it names, no one else. */
  if (!bn_same_key (me, entry->author) && !bn_same_key (me, message->to))
    {
      bn_fold_log_ignored (entry, "message", "it is between two other neighbours");
      return TRUE;
    }
  if (bn_same_key (entry->author, message->to))
    {
      bn_fold_log_ignored (entry, "message", "it is addressed to its own author");
      return TRUE;
    }
  stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO messages (id, author, recipient, ts, seq, text, about, expiry,"
      " proposes, agrees) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, message->to, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  sqlite3_bind_int64 (stmt, 5, (gint64) entry->seq);
  bn_fold_bind_text (stmt, 6, message->text);
  if (message->has_about)
    sqlite3_bind_blob (stmt, 7, message->about, BN_HASH_LEN, SQLITE_STATIC);
  if (message->expiry_ms > 0)
    sqlite3_bind_int64 (stmt, 8, message->expiry_ms);
  if (message->proposes_ms > 0)
    sqlite3_bind_int64 (stmt, 9, message->proposes_ms);
  if (message->has_agrees)
    sqlite3_bind_blob (stmt, 10, message->agrees, BN_HASH_LEN, SQLITE_STATIC);
  return bn_fold_step (store, stmt, _("saving a message"), error);
}

/* An erased message leaves nothing: not its text, not that it was read. */
static gboolean
forget_message (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM messages WHERE id = ?", id, error)
         && bn_fold_delete_by_id (store, "DELETE FROM messages_read WHERE id = ?", id, error);
}

/* "Disappears after N days": both parties erase it at its expiry. Peers that
 * cannot open it keep it sealed until its author deletes it. */
static gboolean
expire_messages (BnStore *store, gint64 now_ms, GPtrArray *erase, guint *newly, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT id FROM messages WHERE expiry IS NOT NULL AND expiry > 0 AND expiry <= ?");

  sqlite3_bind_int64 (stmt, 1, now_ms);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      {
        g_ptr_array_add (erase, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
        (*newly)++;
      }
  sqlite3_reset (stmt);
  return TRUE;
}

/* messages_read is not derived (what I have read is no entry): a rebuild keeps it. */
static const BnDerivedTable message_tables[] = { { "messages" }, { NULL } };

const BnEntryType bn_entry_type_message = {
  .name = "message",
  .decode = (BnPayloadDecodeFunc) bn_message_payload_decode,
  .free = (GDestroyNotify) bn_message_payload_free,
  .apply = apply_message,
  .forget = forget_message,
  .tables = message_tables,
  .expire = expire_messages,
};
