/* bn-type-hide.c — "hide" (a connector hides a post, a reply, thanks or all a
 * person posts for everyone; a post's author hides a reply or thanks on it)
 * and "unhide" (undoes the hides it names)
 *
 * Folding only records them: who is listened to is decided when read, on the
 * roster as it stands (bn-moderation-private.h), and the erasures a hide
 * orders are made by bn_store_apply_erasures_locked() (bn-moderation.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-error.h"
#include "bn-identity.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>

#define M_TARGET "target"
#define M_MEMBER "member"
#define M_REASON "reason"
#define M_ERASE "erase"
#define M_UPTO "upto"
#define M_HIDES "hides"

#define MAX_UNHIDES 256

void
bn_hide_payload_free (BnHidePayload *self)
{
  if (self == NULL)
    return;
  g_free (self->reason);
  g_free (self);
}

BnHidePayload *
bn_hide_payload_decode (const BnJsonFields *object,
                        const char        **why)
{
  g_autoptr(BnHidePayload) self = g_new0 (BnHidePayload, 1);
  gint64 upto = bn_json_fields_get_int (object, M_UPTO, 0);

  self->has_target = bn_hex_decode (bn_json_fields_get_string (object, M_TARGET), self->target, BN_HASH_LEN);
  self->has_member = !self->has_target
                     && bn_peer_id_to_key (bn_json_fields_get_string (object, M_MEMBER), self->member);
  if (!self->has_target && !self->has_member)
    {
      *why = "it names neither an entry nor a neighbour";
      return NULL;
    }
  self->reason = g_strdup (bn_json_fields_get_string (object, M_REASON));
  self->erase = bn_json_fields_get_bool (object, M_ERASE);
  self->upto = upto > 0 ? (guint64) upto : 0;
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_hide_payload_encode (const BnHidePayload *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "hide");
  if (self->has_target)
    {
      g_autofree char *hex = bn_hex_encode (self->target, BN_HASH_LEN);
      json_object_set_string_member (object, M_TARGET, hex);
    }
  else
    {
      g_autofree char *peer_id = bn_peer_id_from_key (self->member);
      json_object_set_string_member (object, M_MEMBER, peer_id);
    }
  if (self->reason != NULL)
    json_object_set_string_member (object, M_REASON, self->reason);
  if (self->erase)
    {
      json_object_set_boolean_member (object, M_ERASE, TRUE);
      if (self->has_member)
        json_object_set_int_member (object, M_UPTO, (gint64) self->upto);
    }
  return object;
}

gboolean
bn_hide_payload_check (const BnHidePayload *self,
                       GError             **error)
{
  g_autofree char *reason = g_strstrip (g_strdup (self->reason ? self->reason : ""));

  if (*reason == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Say why it is hidden: everyone reads the reason in the moderation log"));
      return FALSE;
    }
  if (!self->has_target && !self->has_member)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Say what to hide: a post, a reply or a neighbour"));
      return FALSE;
    }
  return TRUE;
}

void
bn_unhide_payload_free (BnUnhidePayload *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->hides, g_array_unref);
  g_free (self);
}

/* Elements that are not entry IDs are dropped; an unhide naming none is ignored. */
BnUnhidePayload *
bn_unhide_payload_decode (const BnJsonFields *object,
                          const char        **why)
{
  g_autoptr(BnUnhidePayload) self = g_new0 (BnUnhidePayload, 1);
  const BnJsonFields *element;
  BnJsonIter iter;

  bn_json_iter_init (&iter, bn_json_fields_get_array (object, M_HIDES));
  self->hides = g_array_new (FALSE, FALSE, BN_HASH_LEN);
  for (guint i = 0; i < MAX_UNHIDES && (element = bn_json_iter_next (&iter)) != NULL; i++)
    {
      const char *text = bn_json_value_get_raw_string (element);
      guint8 id[BN_HASH_LEN];

      if (text != NULL && bn_hex_decode (text, id, BN_HASH_LEN))
        g_array_append_vals (self->hides, id, 1);
    }
  if (self->hides->len == 0)
    {
      *why = "it names no hide";
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * bn_unhide_payload_encode:
 * @hide_ids: (element-type utf8): the hides' entry IDs, in hex
 *
 * Returns: (transfer full)
 */
JsonObject *
bn_unhide_payload_encode (GPtrArray *hide_ids)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  json_object_set_string_member (object, "type", "unhide");
  for (guint i = 0; i < hide_ids->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (hide_ids, i));
  json_object_set_array_member (object, M_HIDES, array);
  return object;
}

/* Folding */

static gboolean
apply_hide (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnHidePayload *hide = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO hides (id, author, ts, target, member, reason, erase, upto)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->timestamp_ms);
  if (hide->has_target)
    sqlite3_bind_blob (stmt, 4, hide->target, BN_HASH_LEN, SQLITE_STATIC);
  else
    sqlite3_bind_blob (stmt, 5, hide->member, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  bn_fold_bind_text (stmt, 6, hide->reason);
  sqlite3_bind_int (stmt, 7, hide->erase ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) hide->upto);
  return bn_fold_step (store, stmt, _("saving a hide"), error);
}

static gboolean
apply_unhide (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnUnhidePayload *unhide = payload;

  for (guint i = 0; i < unhide->hides->len; i++)
    {
      sqlite3_stmt *stmt = bn_store_prepare (store,
          "INSERT OR IGNORE INTO unhides (id, hide, author, ts) VALUES (?, ?, ?, ?)");

      sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 2, (const guint8 *) unhide->hides->data + i * BN_HASH_LEN,
                         BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
      if (!bn_fold_step (store, stmt, _("saving an unhide"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
forget_hide (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM hides WHERE id = ?", id, error);
}

static gboolean
forget_unhide (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM unhides WHERE id = ?", id, error);
}

static const BnDerivedTable hide_tables[] = { { "hides" }, { NULL } };
static const BnDerivedTable unhide_tables[] = { { "unhides" }, { NULL } };

const BnEntryType bn_entry_type_hide = {
  .name = "hide",
  .decode = (BnPayloadDecodeFunc) bn_hide_payload_decode,
  .free = (GDestroyNotify) bn_hide_payload_free,
  .apply = apply_hide,
  .forget = forget_hide,
  .tables = hide_tables,
};

const BnEntryType bn_entry_type_unhide = {
  .name = "unhide",
  .decode = (BnPayloadDecodeFunc) bn_unhide_payload_decode,
  .free = (GDestroyNotify) bn_unhide_payload_free,
  .apply = apply_unhide,
  .forget = forget_unhide,
  .tables = unhide_tables,
};
