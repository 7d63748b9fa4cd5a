/* bn-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json.h"

/* Text that is not UTF-8 counts as absent: json-glib turns a \u escape of a
 * lone surrogate followed by another character into such bytes. */
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

/* Returns: (transfer full) (nullable) */
JsonObject *
bn_json_object_from_string (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
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
