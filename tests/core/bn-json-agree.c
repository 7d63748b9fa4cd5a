/* bn-json-agree.c — the flat form against json-glib's tree (bn-json-agree.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json-agree.h"

#include "bn-json-check.h"

#include <string.h>

static char *value_agrees (JsonNode *node, const BnJsonFields *value, const char *path);

static char *
members_agree (JsonObject *object, const BnJsonFields *value, const char *path)
{
  g_autoptr(GList) names = json_object_get_members (object);
  const BnJsonFields *member;
  BnJsonIter iter;

  if (bn_json_value_get_kind (value) != BN_JSON_KIND_OBJECT
      || bn_json_value_get_size (value) != json_object_get_size (object))
    return g_strdup_printf ("%s: not an object of %u members", path, json_object_get_size (object));
  bn_json_iter_init (&iter, value);
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *inner = g_strdup_printf ("%s.%s", path, (const char *) l->data);
      char *why;

      member = bn_json_iter_next (&iter);
      if (g_strcmp0 (bn_json_value_get_name (member), l->data) != 0)
        return g_strdup_printf ("%s: member “%s” where json-glib has “%s”", path,
                                bn_json_value_get_name (member), (const char *) l->data);
      if (bn_json_fields_get_member (value, l->data) != member)
        return g_strdup_printf ("%s: looked up, another member", inner);
      if ((why = value_agrees (json_object_get_member (object, l->data), member, inner)) != NULL)
        return why;
    }
  return NULL;
}

static char *
elements_agree (JsonArray *array, const BnJsonFields *value, const char *path)
{
  const BnJsonFields *element;
  BnJsonIter iter;
  guint n = json_array_get_length (array);

  if (bn_json_value_get_kind (value) != BN_JSON_KIND_ARRAY || bn_json_value_get_size (value) != n)
    return g_strdup_printf ("%s: not an array of %u elements", path, n);
  bn_json_iter_init (&iter, value);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *inner = g_strdup_printf ("%s[%u]", path, i);
      char *why;

      element = bn_json_iter_next (&iter);
      if (bn_json_value_get_name (element) != NULL)
        return g_strdup_printf ("%s: an element with a name", inner);
      if ((why = value_agrees (json_array_get_element (array, i), element, inner)) != NULL)
        return why;
    }
  return bn_json_iter_next (&iter) == NULL ? NULL : g_strdup_printf ("%s: more elements", path);
}

static char *
scalar_agrees (JsonNode *node, const BnJsonFields *value, const char *path)
{
  GType type = json_node_get_value_type (node);
  BnJsonKind kind = bn_json_value_get_kind (value);

  if (type == G_TYPE_INT64)
    return kind == BN_JSON_KIND_INTEGER && bn_json_value_get_int (value) == json_node_get_int (node)
           ? NULL : g_strdup_printf ("%s: not the integer %" G_GINT64_FORMAT, path,
                                     json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return kind == BN_JSON_KIND_DOUBLE
           && memcmp (&(double) { bn_json_value_get_double (value) },
                      &(double) { json_node_get_double (node) }, sizeof (double)) == 0
           ? NULL : g_strdup_printf ("%s: not the number %g", path, json_node_get_double (node));
  if (type == G_TYPE_BOOLEAN)
    return kind == BN_JSON_KIND_BOOLEAN && bn_json_value_get_bool (value) == json_node_get_boolean (node)
           ? NULL : g_strdup_printf ("%s: not the boolean", path);
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      gboolean utf8 = g_utf8_validate (text, -1, NULL);

      if (kind != BN_JSON_KIND_STRING || g_strcmp0 (bn_json_value_get_raw_string (value), text) != 0)
        return g_strdup_printf ("%s: not the string “%s”", path, text);
      if ((bn_json_value_get_string (value) != NULL) != utf8)
        return g_strdup_printf ("%s: UTF-8 or not, not as json-glib's", path);
      return NULL;
    }
  return g_strdup_printf ("%s: a value of type %s", path, g_type_name (type));
}

static char *
value_agrees (JsonNode *node, const BnJsonFields *value, const char *path)
{
  if (value == NULL)
    return g_strdup_printf ("%s: missing", path);
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return members_agree (json_node_get_object (node), value, path);
    case JSON_NODE_ARRAY:
      return elements_agree (json_node_get_array (node), value, path);
    case JSON_NODE_NULL:
      return bn_json_value_get_kind (value) == BN_JSON_KIND_NULL
             ? NULL : g_strdup_printf ("%s: not null", path);
    case JSON_NODE_VALUE:
    default:
      return scalar_agrees (node, value, path);
    }
}

/* The accessors the decoders use, member by member, against bn_json_get_*(). */
static char *
accessors_agree (JsonObject *object, const BnJsonFields *fields)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_strcmp0 (bn_json_get_string (object, name), bn_json_fields_get_string (fields, name)) != 0
          || bn_json_get_int (object, name, -7) != bn_json_fields_get_int (fields, name, -7)
          || bn_json_get_bool (object, name) != bn_json_fields_get_bool (fields, name)
          || (bn_json_get_array (object, name) == NULL) != (bn_json_fields_get_array (fields, name) == NULL)
          || (bn_json_get_object (object, name) == NULL) != (bn_json_fields_get_object (fields, name) == NULL))
        return g_strdup_printf ("the accessors disagree on “%s”", name);
      if (bn_json_get_array (object, name) != NULL)
        {
          g_autofree char *a = bn_json_strings_to_csv (bn_json_get_array (object, name));
          g_autofree char *b = bn_json_fields_strings_to_csv (bn_json_fields_get_array (fields, name));
          if (g_strcmp0 (a, b) != 0)
            return g_strdup_printf ("the strings of “%s” disagree", name);
        }
    }
  return NULL;
}

/* json-glib's own reading of @text, with no check of ours before it. */
static JsonNode *
json_glib_reading (const char *text, gssize len)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_ref (root);
}

char *
bn_json_agree (const char *text,
               gssize      len)
{
  g_autoptr(BnJsonFields) fields = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) root = NULL, glib_root = NULL;
  g_autoptr(BnJsonFields) from_tree = NULL, again = NULL;
  g_autofree char *written = NULL, *written_flat = NULL;
  const char *refused;
  char *why;

  if (len < 0)
    len = (gssize) strlen (text);
  fields = bn_json_fields_new (text, len);
  object = bn_json_parse_object (text, len);
  refused = bn_json_check (text, (gsize) len);
  if ((fields == NULL) != (refused != NULL))
    return g_strdup_printf ("the reader %s it, the second judge %s",
                            fields == NULL ? "refuses" : "reads",
                            refused != NULL ? refused : "reads it");
  if ((object == NULL) != (fields == NULL))
    return g_strdup (object == NULL ? "only the flat reader reads it" : "only the tree reads it");
  if (fields == NULL)
    return NULL;

  /* What the reader reads, json-glib reads too, to the same values. */
  if ((glib_root = json_glib_reading (text, len)) == NULL)
    return g_strdup ("json-glib refuses it");
  if ((why = value_agrees (glib_root, fields, "$")) != NULL
      || (why = accessors_agree (json_node_get_object (glib_root), fields)) != NULL)
    return why;
  root = json_node_init_object (json_node_alloc (), object);
  if ((why = value_agrees (root, fields, "$ (bn_json_parse_object)")) != NULL)
    return why;
  if (!json_object_is_immutable (object))
    return g_strdup ("bn_json_parse_object() gives a tree that is not sealed");

  /* Written back: JSON that reads back to the same values, and json-glib's
   * own text whenever json-glib writes JSON (never for 1e+22, say). */
  written = bn_json_object_to_string (object);
  written_flat = bn_json_fields_to_string (fields);
  again = bn_json_fields_new (written_flat, -1);
  if (again == NULL || (why = value_agrees (root, again, "$ (written back)")) != NULL)
    return why != NULL ? why : g_strdup_printf ("written back as %s, which is not read", written_flat);
  if (bn_json_check (written, strlen (written)) == NULL && g_strcmp0 (written, written_flat) != 0)
    return g_strdup_printf ("written back as %s, where json-glib writes %s", written_flat, written);
  from_tree = bn_json_fields_new_from_object (object);
  if ((why = value_agrees (root, from_tree, "$ (from the tree)")) != NULL)
    return why;
  return NULL;
}
