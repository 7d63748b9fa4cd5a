/* bn-json-fields.c — a JSON object read flat (bn-json-fields.h)
 *
 * The text is read in one pass into a tape: one fixed-size record per value, in
 * the order the text has them, each container followed by its elements or
 * members, with the number of records it spans (so a sibling is one addition
 * away). Strings and member names are unescaped into one buffer allocated once.
 *
 * A text is read by the one reader of payloads (bn-json-read.c: RFC 8259 and
 * docs/protocol.md §5.2); a front end's tree is copied onto a tape here, and
 * bn_json_parse_object() builds json-glib's tree from a text's tape, so a
 * front end refuses exactly what the fold refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json-fields-private.h"
#include "bn-json.h"

void
bn_json_tape_free (BnJsonTape *tape)
{
  g_free (tape->text);
  g_free (tape->strings);
  g_clear_pointer (&tape->object, json_object_unref);
  g_free (tape);
}

/* Filling the tape from json-glib's tree */

static void
tree_value (BnJsonTape **tape, JsonNode *node, const char *name)
{
  guint index;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);

        index = bn_json_tape_push (tape, BN_JSON_KIND_OBJECT, name);
        for (GList *l = names; l != NULL; l = l->next)
          {
            tree_value (tape, json_object_get_member (object, l->data), l->data);
            (*tape)->values[index].size++;
          }
        (*tape)->values[index].span = (*tape)->n_values - index;
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        index = bn_json_tape_push (tape, BN_JSON_KIND_ARRAY, name);
        for (guint i = 0; i < n; i++)
          tree_value (tape, json_array_get_element (array, i), NULL);
        (*tape)->values[index].size = n;
        (*tape)->values[index].span = (*tape)->n_values - index;
      }
      break;
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);
        BnJsonFields *value;

        if (type == G_TYPE_INT64)
          {
            value = bn_json_tape_add (tape, BN_JSON_KIND_INTEGER, name);
            value->v.integer = json_node_get_int (node);
          }
        else if (type == G_TYPE_BOOLEAN)
          {
            value = bn_json_tape_add (tape, BN_JSON_KIND_BOOLEAN, name);
            value->v.boolean = json_node_get_boolean (node);
          }
        else if (type == G_TYPE_DOUBLE)
          {
            value = bn_json_tape_add (tape, BN_JSON_KIND_DOUBLE, name);
            value->v.number = json_node_get_double (node);
          }
        else if (type == G_TYPE_STRING)
          {
            value = bn_json_tape_add (tape, BN_JSON_KIND_STRING, name);
            value->v.string = json_node_get_string (node);
            value->utf8 = value->v.string != NULL && g_utf8_validate (value->v.string, -1, NULL);
          }
        else
          bn_json_tape_push (tape, BN_JSON_KIND_NULL, name);   /* no other type is ever parsed */
      }
      break;
    case JSON_NODE_NULL:
    default:
      bn_json_tape_push (tape, BN_JSON_KIND_NULL, name);
      break;
    }
}

static BnJsonTape *
tree_read (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  BnJsonTape *tape = bn_json_tape_new (16);

  tape->object = json_object_ref (object);
  tree_value (&tape, root, NULL);
  return tape;
}

/**
 * bn_json_fields_new_take:
 * @text: (transfer full): a JSON text, g_malloc()ed, with a NUL after @len bytes
 *
 * bn_json_fields_new() on a text it takes and frees: the decrypted payload the
 * fold reads is not copied again.
 *
 * Returns: (transfer full) (nullable): %NULL when @text is not a payload's JSON
 *   (docs/protocol.md §5)
 */
BnJsonFields *
bn_json_fields_new_take (char  *text,
                         gsize  len)
{
  BnJsonTape *tape;

  if (text == NULL)
    return NULL;
  tape = bn_json_tape_read (text, len);
  return tape != NULL ? tape->values : NULL;
}

/**
 * bn_json_fields_new:
 * @len: the length of @text, or -1 when it ends with a NUL
 *
 * Reads a payload's JSON object (docs/protocol.md §5) into the flat form.
 *
 * Returns: (transfer full) (nullable): %NULL when @text is not a payload's JSON
 */
BnJsonFields *
bn_json_fields_new (const char *text,
                    gssize      len)
{
  char *copy;

  if (text == NULL)
    return NULL;
  if (len < 0)
    len = (gssize) strlen (text);
  copy = g_malloc ((gsize) len + 1);
  memcpy (copy, text, (gsize) len);
  copy[len] = '\0';
  return bn_json_fields_new_take (copy, (gsize) len);
}

/**
 * bn_json_fields_new_from_object:
 *
 * The flat form of a tree already read (it keeps a reference to @object).
 *
 * Returns: (transfer full)
 */
BnJsonFields *
bn_json_fields_new_from_object (JsonObject *object)
{
  g_return_val_if_fail (object != NULL, NULL);
  return tree_read (object)->values;
}

void
bn_json_fields_free (BnJsonFields *fields)
{
  if (fields == NULL)
    return;
  g_return_if_fail (fields->index == 0);
  bn_json_tape_free (bn_json_tape_of (fields));
}

/* Writing back, as json-glib's generator writes the tree of the same text */

static void
write_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* A double as json-glib writes it (the shortest text that reads back the
 * same, with ".0" when it would read as an integer), but never json-glib's
 * "1e+22.0", which is not JSON: 1e+22 is already a double. */
static void
write_double (GString *out, double number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buf, sizeof buf, number);
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static const BnJsonFields *
write_value (GString *out, const BnJsonFields *value)
{
  const BnJsonFields *next = value + 1;

  if (value->name != NULL)
    {
      write_string (out, value->name);
      g_string_append_c (out, ':');
    }
  switch (value->kind)
    {
    case BN_JSON_KIND_OBJECT:
    case BN_JSON_KIND_ARRAY:
      g_string_append_c (out, value->kind == BN_JSON_KIND_OBJECT ? '{' : '[');
      for (guint i = 0; i < value->size; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          next = write_value (out, next);
        }
      g_string_append_c (out, value->kind == BN_JSON_KIND_OBJECT ? '}' : ']');
      break;
    case BN_JSON_KIND_STRING:
      write_string (out, value->v.string);
      break;
    case BN_JSON_KIND_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->v.integer);
      break;
    case BN_JSON_KIND_DOUBLE:
      write_double (out, value->v.number);
      break;
    case BN_JSON_KIND_BOOLEAN:
      g_string_append (out, value->v.boolean ? "true" : "false");
      break;
    case BN_JSON_KIND_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
  return value + value->span;
}

/**
 * bn_json_fields_to_string:
 * @fields: what bn_json_fields_new() or its kin returned
 *
 * The object as bn_json_object_to_string() writes the tree bn_json_parse_object()
 * reads from the same text (compact, members in the text's order), and always
 * JSON that reads back to the same values. The text itself when that is what
 * json-glib's generator would write (JSON as Buurtnet writes it).
 *
 * Returns: (transfer full)
 */
char *
bn_json_fields_to_string (const BnJsonFields *fields)
{
  BnJsonTape *tape;
  GString *out;

  g_return_val_if_fail (fields != NULL && fields->index == 0, NULL);
  tape = bn_json_tape_of (fields);
  if (tape->object != NULL)
    return bn_json_object_to_string (tape->object);
  if (tape->canonical)
    return g_strndup (tape->text, tape->len);
  out = g_string_sized_new (tape->len);
  write_value (out, fields);
  return g_string_free (out, FALSE);
}

/* The tree of the flat form */

static JsonNode *
tree_of (const BnJsonFields *value)
{
  JsonNode *node = json_node_alloc ();
  const BnJsonFields *next = value + 1;

  switch (value->kind)
    {
    case BN_JSON_KIND_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->size; i++, next += next->span)
          json_object_set_member (object, next->name, tree_of (next));
        json_node_init_object (node, object);
        json_object_unref (object);
      }
      break;
    case BN_JSON_KIND_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->size);

        for (guint i = 0; i < value->size; i++, next += next->span)
          json_array_add_element (array, tree_of (next));
        json_node_init_array (node, array);
        json_array_unref (array);
      }
      break;
    case BN_JSON_KIND_STRING:
      json_node_init_string (node, value->v.string);
      break;
    case BN_JSON_KIND_INTEGER:
      json_node_init_int (node, value->v.integer);
      break;
    case BN_JSON_KIND_DOUBLE:
      json_node_init_double (node, value->v.number);
      break;
    case BN_JSON_KIND_BOOLEAN:
      json_node_init_boolean (node, value->v.boolean);
      break;
    case BN_JSON_KIND_NULL:
    default:
      json_node_init_null (node);
      break;
    }
  return node;
}

/**
 * bn_json_fields_to_object:
 * @fields: what bn_json_fields_new() or its kin returned
 *
 * json-glib's tree of the flat form, sealed (immutable) as
 * json_parser_new_immutable() makes it: for front ends, which hold trees.
 *
 * Returns: (transfer full)
 */
JsonObject *
bn_json_fields_to_object (const BnJsonFields *fields)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (fields != NULL && fields->kind == BN_JSON_KIND_OBJECT, NULL);
  if (fields->index == 0 && bn_json_tape_of (fields)->object != NULL)
    return json_object_ref (bn_json_tape_of (fields)->object);
  root = tree_of (fields);
  json_node_seal (root);
  return json_object_ref (json_node_get_object (root));
}

/**
 * bn_json_fields_get_text:
 * @fields: what bn_json_fields_new() or its kin returned
 * @len: (out): its length
 *
 * Returns: (nullable): the text @fields was read from (NUL-terminated);
 *   %NULL when it was made from a tree
 */
const char *
bn_json_fields_get_text (const BnJsonFields *fields,
                         gsize              *len)
{
  BnJsonTape *tape;

  g_return_val_if_fail (fields != NULL && fields->index == 0, NULL);
  tape = bn_json_tape_of (fields);
  *len = tape->len;
  return tape->text;
}

/* Accessors */

/**
 * bn_json_fields_get_member:
 *
 * Returns: (nullable) (transfer none): the value of @object's member @member
 */
const BnJsonFields *
bn_json_fields_get_member (const BnJsonFields *object,
                           const char         *member)
{
  const BnJsonFields *value;

  if (object == NULL || object->kind != BN_JSON_KIND_OBJECT)
    return NULL;
  value = object + 1;
  for (guint i = 0; i < object->size; i++, value += value->span)
    if (value->name[0] == member[0] && strcmp (value->name, member) == 0)
      return value;
  return NULL;
}

/* Returns: (nullable): a string member that is UTF-8 (else it counts as absent) */
const char *
bn_json_fields_get_string (const BnJsonFields *object,
                           const char         *member)
{
  return bn_json_value_get_string (bn_json_fields_get_member (object, member));
}

/* An integer member; @fallback when absent or of another kind (a fraction too). */
gint64
bn_json_fields_get_int (const BnJsonFields *object,
                        const char         *member,
                        gint64              fallback)
{
  const BnJsonFields *value = bn_json_fields_get_member (object, member);
  return value != NULL && value->kind == BN_JSON_KIND_INTEGER ? value->v.integer : fallback;
}

gboolean
bn_json_fields_get_bool (const BnJsonFields *object,
                         const char         *member)
{
  return bn_json_value_get_bool (bn_json_fields_get_member (object, member));
}

/* Returns: (nullable) (transfer none) */
const BnJsonFields *
bn_json_fields_get_object (const BnJsonFields *object,
                           const char         *member)
{
  const BnJsonFields *value = bn_json_fields_get_member (object, member);
  return value != NULL && value->kind == BN_JSON_KIND_OBJECT ? value : NULL;
}

/* Returns: (nullable) (transfer none) */
const BnJsonFields *
bn_json_fields_get_array (const BnJsonFields *object,
                          const char         *member)
{
  const BnJsonFields *value = bn_json_fields_get_member (object, member);
  return value != NULL && value->kind == BN_JSON_KIND_ARRAY ? value : NULL;
}

/* bn_json_strings_to_csv(): the UTF-8 string elements of @array (nullable),
 * joined by commas. */
char *
bn_json_fields_strings_to_csv (const BnJsonFields *array)
{
  GString *out = g_string_new (NULL);
  BnJsonIter iter;
  const BnJsonFields *element;

  bn_json_iter_init (&iter, array);
  while ((element = bn_json_iter_next (&iter)) != NULL)
    {
      const char *text = bn_json_value_get_string (element);

      if (text == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

BnJsonKind
bn_json_value_get_kind (const BnJsonFields *value)
{
  return value->kind;
}

/* Returns: (nullable): a member's name; %NULL for an element */
const char *
bn_json_value_get_name (const BnJsonFields *value)
{
  return value->name;
}

/* Returns: (nullable): @value (nullable) when it is a string of UTF-8 */
const char *
bn_json_value_get_string (const BnJsonFields *value)
{
  return value != NULL && value->kind == BN_JSON_KIND_STRING && value->utf8 ? value->v.string : NULL;
}

/* Returns: (nullable): @value (nullable) when it is a string, UTF-8 or not, as
 * json_node_get_string() gives it */
const char *
bn_json_value_get_raw_string (const BnJsonFields *value)
{
  return value != NULL && value->kind == BN_JSON_KIND_STRING ? value->v.string : NULL;
}

gint64
bn_json_value_get_int (const BnJsonFields *value)
{
  return value->kind == BN_JSON_KIND_INTEGER ? value->v.integer : 0;
}

double
bn_json_value_get_double (const BnJsonFields *value)
{
  return value->kind == BN_JSON_KIND_DOUBLE ? value->v.number : 0.0;
}

gboolean
bn_json_value_get_bool (const BnJsonFields *value)
{
  return value != NULL && value->kind == BN_JSON_KIND_BOOLEAN && value->v.boolean;
}

/* The number of elements or members of a container; 0 for anything else. */
guint
bn_json_value_get_size (const BnJsonFields *value)
{
  return value->kind == BN_JSON_KIND_ARRAY || value->kind == BN_JSON_KIND_OBJECT ? value->size : 0;
}

/* @container (nullable): an array or an object; anything else has nothing to walk */
void
bn_json_iter_init (BnJsonIter         *iter,
                   const BnJsonFields *container)
{
  if (container == NULL || (container->kind != BN_JSON_KIND_ARRAY
                            && container->kind != BN_JSON_KIND_OBJECT))
    {
      iter->next = NULL;
      iter->left = 0;
      return;
    }
  iter->next = container + 1;
  iter->left = container->size;
}

/* Returns: (nullable) (transfer none): the next element or member, %NULL after
 * the last */
const BnJsonFields *
bn_json_iter_next (BnJsonIter *iter)
{
  const BnJsonFields *value = iter->next;

  if (iter->left == 0)
    return NULL;
  iter->left--;
  iter->next = value + value->span;
  return value;
}
