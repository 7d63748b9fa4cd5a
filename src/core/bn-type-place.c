/* bn-type-place.c — "place": house number, box (bus, boîte) and floor, sealed to
 * the neighbours one is matched with (docs/protocol.md §6.1). Only they fold
 * it; the newest a peer can open per author wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>

#define M_NUMBER "number"
#define M_BOX "box"
#define M_FLOOR "floor"

void
bn_place_payload_free (BnPlacePayload *self)
{
  if (self == NULL)
    return;
  g_free (self->number);
  g_free (self->box);
  g_free (self->floor);
  g_free (self);
}

/* Lenient: each member of the wrong type is absent. A floor is a number. */
BnPlacePayload *
bn_place_payload_decode (const BnJsonFields *object,
                         const char        **why)
{
  BnPlacePayload *self = g_new0 (BnPlacePayload, 1);
  gint64 floor = bn_json_fields_get_int (object, M_FLOOR, G_MININT64);

  self->number = g_strdup (bn_json_fields_get_string (object, M_NUMBER));
  self->box = g_strdup (bn_json_fields_get_string (object, M_BOX));
  if (floor > -10 && floor < 200)
    self->floor = g_strdup_printf ("%" G_GINT64_FORMAT, floor);
  return self;
}

/* Returns: (transfer full) */
JsonObject *
bn_place_payload_encode (const BnPlacePayload *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "place");
  if (self->number != NULL && *self->number)
    json_object_set_string_member (object, M_NUMBER, self->number);
  if (self->box != NULL && *self->box)
    json_object_set_string_member (object, M_BOX, self->box);
  if (self->floor != NULL && *self->floor)
    json_object_set_int_member (object, M_FLOOR, g_ascii_strtoll (self->floor, NULL, 10));
  return object;
}

static gboolean
apply_place (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnPlacePayload *p = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT INTO places (author, entry_id, seq, number, box, floor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (author) DO UPDATE SET entry_id = excluded.entry_id, seq = excluded.seq,"
      "  number = excluded.number, box = excluded.box, floor = excluded.floor"
      " WHERE excluded.seq > places.seq");

  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) entry->seq);
  bn_fold_bind_text (stmt, 4, p->number);
  bn_fold_bind_text (stmt, 5, p->box);
  bn_fold_bind_text (stmt, 6, p->floor);
  return bn_fold_step (store, stmt, _("saving where a neighbour lives"), error);
}

/* An erased place is simply gone (the previous one is not brought back: who
 * erases their place wants it gone). */
static gboolean
forget_place (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM places WHERE entry_id = ?", id, error);
}

static const BnDerivedTable place_tables[] = { { "places" }, { NULL } };

const BnEntryType bn_entry_type_place = {
  .name = "place",
  .decode = (BnPayloadDecodeFunc) bn_place_payload_decode,
  .free = (GDestroyNotify) bn_place_payload_free,
  .apply = apply_place,
  .forget = forget_place,
  .tables = place_tables,
};
