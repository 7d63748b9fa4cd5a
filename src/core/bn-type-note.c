/* bn-type-note.c — "reply" ("I can help", sealed to the post's author and the
 * replier) and "thanks" (public): a few words on a post, each its author's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>

#define M_POST "post"
#define M_TEXT "text"

void
bn_note_payload_free (BnNotePayload *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

BnNotePayload *
bn_note_payload_decode (const BnJsonFields *object,
                        const char        **why)
{
  g_autoptr(BnNotePayload) self = g_new0 (BnNotePayload, 1);
  const char *text = bn_json_fields_get_string (object, M_TEXT);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_POST), self->post, BN_HASH_LEN) || text == NULL)
    {
      *why = "it names no post or has no text";
      return NULL;
    }
  self->text = g_strdup (text);
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_note_payload_encode (const char *type,
                        const char *post_id,
                        const char *text)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, M_POST, post_id);
  json_object_set_string_member (object, M_TEXT, text);
  return object;
}

static gboolean
insert_note (BnStore *store, const char *sql, BnEntry *entry, const BnNotePayload *note,
             GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, sql);

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, note->post, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  bn_fold_bind_text (stmt, 5, note->text);
  return bn_fold_step (store, stmt, _("saving a reply"), error);
}

static gboolean
apply_reply (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  return insert_note (store,
                      "INSERT OR IGNORE INTO replies (id, post_id, author, ts, text) VALUES (?, ?, ?, ?, ?)",
                      entry, payload, error);
}

static gboolean
apply_thanks (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  return insert_note (store,
                      "INSERT OR IGNORE INTO thanks (id, post_id, author, ts, text) VALUES (?, ?, ?, ?, ?)",
                      entry, payload, error);
}

static gboolean
forget_reply (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM replies WHERE id = ?", id, error);
}

static gboolean
forget_thanks (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM thanks WHERE id = ?", id, error);
}

static const BnDerivedTable reply_tables[] = { { "replies" }, { NULL } };
static const BnDerivedTable thanks_tables[] = { { "thanks" }, { NULL } };

/* Replies and thanks expire with their post (bn-type-post.c). */
const BnEntryType bn_entry_type_reply = {
  .name = "reply",
  .decode = (BnPayloadDecodeFunc) bn_note_payload_decode,
  .free = (GDestroyNotify) bn_note_payload_free,
  .apply = apply_reply,
  .forget = forget_reply,
  .tables = reply_tables,
};

const BnEntryType bn_entry_type_thanks = {
  .name = "thanks",
  .decode = (BnPayloadDecodeFunc) bn_note_payload_decode,
  .free = (GDestroyNotify) bn_note_payload_free,
  .apply = apply_thanks,
  .forget = forget_thanks,
  .tables = thanks_tables,
};
