/* fuzz-json.c — the one reader of payloads (bn-json-fields.c), judged on any
 * text: a second judge written apart from it (tests/core/bn-json-check.c)
 * refuses exactly what it refuses, and whatever it reads, json-glib reads to the
 * same members and values, bn_json_parse_object()'s tree too, and the text
 * written back reads back the same (tests/core/bn-json-agree.c). Then the
 * decoder of the type the payload names reads the flat form, as the fold hands
 * it over, and the same object from a front end's tree: both decode it or
 * neither does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-json-agree.h"
#include "bn-entry-type.h"

/* Whether the type @fields names decodes it, as bn_reducer_apply() asks. */
static gboolean
decodes (const BnJsonFields *fields)
{
  const BnEntryType *type = bn_entry_type_find (bn_json_fields_get_string (fields, "type"));
  const char *why = NULL;
  gpointer payload = type != NULL ? type->decode (fields, &why) : NULL;

  if (payload == NULL)
    return FALSE;
  type->free (payload);
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *why = bn_json_agree ((const char *) data, (gssize) size);
  g_autoptr(BnJsonFields) fields = NULL;
  g_autoptr(JsonObject) tree = NULL;
  g_autoptr(BnJsonFields) from_tree = NULL;

  if (why != NULL)
    g_error ("the reader, the second judge and json-glib disagree: %s", why);
  fields = bn_json_fields_new ((const char *) data, (gssize) size);
  if (fields == NULL)
    return 0;
  tree = bn_json_parse_object ((const char *) data, (gssize) size);
  from_tree = bn_json_fields_new_from_object (tree);
  if (decodes (fields) != decodes (from_tree))
    g_error ("a payload decodes from one reading and not from the other");
  return 0;
}
