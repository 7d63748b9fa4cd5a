/* bn-type-delete.c — "delete": an author erases one of their earlier entries on
 * every peer. Deletions are sticky and may arrive before what they delete; only
 * the target's author may delete it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_TARGET "target"

BnDeletePayload *
bn_delete_payload_decode (const BnJsonFields *object,
                          const char        **why)
{
  g_autofree BnDeletePayload *self = g_new0 (BnDeletePayload, 1);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_TARGET), self->target, BN_HASH_LEN))
    {
      *why = "it names no entry";
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_delete_payload_encode (const char *target_id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "delete");
  json_object_set_string_member (object, M_TARGET, target_id);
  return object;
}

static gboolean
apply_delete (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnDeletePayload *delete = payload;
  guint8 author[BN_PUBLIC_KEY_LEN];

  if (!bn_reducer_record_deletion (store, delete->target, entry->author, error))
    return FALSE;

  if (!bn_fold_entry_author (store, delete->target, author))
    return TRUE;   /* it will be erased when it arrives */
  if (memcmp (author, entry->author, BN_PUBLIC_KEY_LEN) != 0)
    {
      bn_fold_log_ignored (entry, "delete", "only an entry’s author may delete it");
      return TRUE;
    }
  return bn_store_erase_payload (store, delete->target, error);
}

static const BnDerivedTable delete_tables[] = { { "deletions" }, { NULL } };

const BnEntryType bn_entry_type_delete = {
  .name = "delete",
  .decode = (BnPayloadDecodeFunc) bn_delete_payload_decode,
  .free = g_free,
  .apply = apply_delete,
  .tables = delete_tables,
};
