/* bn-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json.h"
#include "bn-json-fields.h"

#include <string.h>

/* Text that is not UTF-8 counts as absent. bn_json_parse_object() already
 * refuses a text that is not UTF-8 (and a \u escape of a lone surrogate); a
 * front end's own tree may hold anything. */
static const char *
node_get_text (JsonNode *node)
{
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  return text != NULL && g_utf8_validate (text, -1, NULL) ? text : NULL;
}

const char *
bn_json_get_string (JsonObject *object, const char *member)
{
  return node_get_text (object ? json_object_get_member (object, member) : NULL);
}

gint64
bn_json_get_int (JsonObject *object, const char *member, gint64 fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
bn_json_get_bool (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

JsonArray *
bn_json_get_array (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
bn_json_get_object (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Keeps the string elements only, joined by commas (category IDs have none). */
char *
bn_json_strings_to_csv (JsonArray *array)
{
  GString *out = g_string_new (NULL);
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *text = node_get_text (json_array_get_element (array, i));
      if (text == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

char *
bn_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/**
 * bn_json_parse_object:
 * @len: the length of @text, or -1 when it ends with a NUL
 *
 * Reads a payload's JSON object, sealed (immutable), as
 * json_parser_new_immutable() would: by the one reader of the fold
 * (bn-json-fields.c), so that a front end refuses exactly the texts the fold
 * refuses (docs/protocol.md §5), and reads the others the same way.
 *
 * Returns: (transfer full) (nullable): %NULL when @text is not a payload's JSON
 */
JsonObject *
bn_json_parse_object (const char *text,
                      gssize      len)
{
  g_autoptr(BnJsonFields) fields = bn_json_fields_new (text, len);

  return fields != NULL ? bn_json_fields_to_object (fields) : NULL;
}

/* Returns: (transfer full) (nullable) */
JsonObject *
bn_json_object_from_string (const char *text)
{
  return bn_json_parse_object (text, -1);
}

/* Returns: (transfer full): a new array of the strings in @values (may be %NULL) */
JsonArray *
bn_json_array_from_strv (const char *const *values)
{
  JsonArray *array = json_array_new ();
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  return array;
}
