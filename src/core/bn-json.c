/* bn-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json.h"

#include <string.h>

/* Text that is not UTF-8 counts as absent. bn_json_parse_object() already
 * refuses what json-glib would turn into such bytes (a \u escape of a lone
 * surrogate); this stays as the last word on what a front end is handed. */
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

/* The plain reader: JSON as Buurtnet writes it (json-glib's generator), read
 * in one pass without json-glib's scanner, which costs about a third of folding
 * a payload. It reads a subset on purpose: objects, arrays, strings of valid
 * UTF-8 with the short escapes, integers of up to 18 digits, true, false and
 * null, no member named twice. Anything else (a \u escape, a fraction or an
 * exponent, a duplicate member, a carriage return, depth past 32, text after
 * the object) makes it give up, and json-glib reads the text instead: every
 * text gives the same tree either way, sealed (immutable) like json-glib's. */
#define PLAIN_MAX_DEPTH 32

typedef struct
{
  const char *p;
  const char *end;
  GString    *scratch;
  guint       depth;
} PlainReader;

static JsonNode *plain_value (PlainReader *r);

static void
plain_skip_space (PlainReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t'))
    r->p++;
}

static gboolean
plain_take (PlainReader *r, char c)
{
  plain_skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

/* A string's content into r->scratch; the text was checked to be UTF-8. */
static gboolean
plain_string (PlainReader *r)
{
  const char *start;

  g_string_truncate (r->scratch, 0);
  if (!plain_take (r, '"'))
    return FALSE;
  for (;;)
    {
      start = r->p;
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (r->scratch, start, r->p - start);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p++ == '"')
        return TRUE;
      if (r->p >= r->end)
        return FALSE;
      switch (*r->p++)
        {
        case '"': g_string_append_c (r->scratch, '"'); break;
        case '\\': g_string_append_c (r->scratch, '\\'); break;
        case '/': g_string_append_c (r->scratch, '/'); break;
        case 'b': g_string_append_c (r->scratch, '\b'); break;
        case 'f': g_string_append_c (r->scratch, '\f'); break;
        case 'n': g_string_append_c (r->scratch, '\n'); break;
        case 'r': g_string_append_c (r->scratch, '\r'); break;
        case 't': g_string_append_c (r->scratch, '\t'); break;
        default: return FALSE;   /* \u and anything else: json-glib's job */
        }
    }
}

static JsonNode *
plain_integer (PlainReader *r)
{
  gboolean negative = *r->p == '-';
  const char *first;
  guint digits = 0;
  guint64 value = 0;   /* 19 digits fit; more are never read */
  JsonNode *node;

  if (negative)
    r->p++;
  first = r->p;
  while (r->p < r->end && g_ascii_isdigit (*r->p) && digits <= 18)
    {
      value = value * 10 + (*r->p++ - '0');
      digits++;
    }
  /* No leading zeros, no -0, no more than 18 digits, and nothing glued on
   * (a fraction, an exponent, a letter). */
  if (digits == 0 || digits > 18 || (digits > 1 && *first == '0')
      || (negative && value == 0)
      || (r->p < r->end && !strchr (",}] \n\t", *r->p)))
    return NULL;
  node = json_node_alloc ();
  json_node_init_int (node, negative ? -(gint64) value : (gint64) value);
  return node;
}

static gboolean
plain_word (PlainReader *r, const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return r->p >= r->end || strchr (",}] \n\t", *r->p) != NULL;
}

/* The members after the opening brace, up to the closing one. */
static gboolean
plain_members (PlainReader *r, JsonObject *object)
{
  if (plain_take (r, '}'))
    return TRUE;
  do
    {
      /* The name outlives the scratch buffer the value is read into. Member
       * names are short: most are kept on the stack. */
      char small[64];
      g_autofree char *large = NULL;
      const char *name = small;
      guint size = json_object_get_size (object);
      JsonNode *member;

      if (!plain_string (r) || !plain_take (r, ':'))
        return FALSE;
      if (r->scratch->len < sizeof small)
        memcpy (small, r->scratch->str, r->scratch->len + 1);
      else
        name = large = g_strndup (r->scratch->str, r->scratch->len);
      if ((member = plain_value (r)) == NULL)
        return FALSE;
      json_object_set_member (object, name, member);
      if (json_object_get_size (object) == size)
        return FALSE;   /* a member named twice */
    }
  while (plain_take (r, ','));
  return plain_take (r, '}');
}

static JsonNode *
plain_object (PlainReader *r)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = NULL;

  r->p++;   /* { */
  if (plain_members (r, object))
    node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static JsonNode *
plain_array (PlainReader *r)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  r->p++;   /* [ */
  if (!plain_take (r, ']'))
    {
      do
        {
          JsonNode *element = plain_value (r);

          if (element == NULL)
            goto fail;
          json_array_add_element (array, element);
        }
      while (plain_take (r, ','));
      if (!plain_take (r, ']'))
        goto fail;
    }
  node = json_node_alloc ();
  json_node_init_array (node, array);
  json_array_unref (array);
  return node;
fail:
  json_array_unref (array);
  return NULL;
}

static JsonNode *
plain_value (PlainReader *r)
{
  JsonNode *node = NULL;

  plain_skip_space (r);
  if (r->p >= r->end || r->depth >= PLAIN_MAX_DEPTH)
    return NULL;
  r->depth++;
  switch (*r->p)
    {
    case '{':
      node = plain_object (r);
      break;
    case '[':
      node = plain_array (r);
      break;
    case '"':
      if (plain_string (r))
        node = json_node_init_string (json_node_alloc (), r->scratch->str);
      break;
    case 't':
      if (plain_word (r, "true"))
        node = json_node_init_boolean (json_node_alloc (), TRUE);
      break;
    case 'f':
      if (plain_word (r, "false"))
        node = json_node_init_boolean (json_node_alloc (), FALSE);
      break;
    case 'n':
      if (plain_word (r, "null"))
        node = json_node_init_null (json_node_alloc ());
      break;
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        node = plain_integer (r);
      break;
    }
  r->depth--;
  return node;
}

/* Returns: (transfer full) (nullable): the object, or %NULL to ask json-glib */
static JsonObject *
plain_read_object (const char *text, gsize len)
{
  g_autoptr(GString) scratch = NULL;
  PlainReader r = { text, text + len, NULL, 0 };
  g_autoptr(JsonNode) root = NULL;

  if (len == 0 || text[0] != '{' || memchr (text, '\0', len) != NULL
      || !g_utf8_validate (text, (gssize) len, NULL))
    return NULL;
  r.scratch = scratch = g_string_sized_new (256);
  root = plain_value (&r);
  if (root == NULL)
    return NULL;
  plain_skip_space (&r);
  if (r.p != r.end)
    return NULL;
  json_node_seal (root);
  return json_object_ref (json_node_get_object (root));
}

/* Four hex digits at @p, as a UTF-16 code unit. */
static gboolean
read_code_unit (const char *p, const char *end, guint *unit)
{
  *unit = 0;
  if (end - p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);
      if (digit < 0)
        return FALSE;
      *unit = *unit * 16 + (guint) digit;
    }
  return TRUE;
}

/* Past one string, from its opening quote to its closing one (left at *p).
 * A \u escape must be four hex digits, and a surrogate half must be the first
 * of a pair (json-glib 1.6 leaks when it meets a broken pair). */
static gboolean
skip_string (const char **at, const char *end)
{
  const char *p = *at + 1;
  guint unit, low;

  for (; p < end && *p != '"'; p++)
    {
      if (*p == '\0')
        return FALSE;
      if (*p != '\\')
        continue;
      if (++p == end || *p == '\0')
        return FALSE;
      if (*p != 'u')
        continue;
      if (!read_code_unit (p + 1, end, &unit) || (unit >= 0xDC00 && unit <= 0xDFFF))
        return FALSE;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          if (end - p < 11 || p[5] != '\\' || p[6] != 'u'
              || !read_code_unit (p + 7, end, &low) || low < 0xDC00 || low > 0xDFFF)
            return FALSE;
          p += 6;
        }
      p += 4;
    }
  *at = p;
  return p < end;
}

/* Whether @text holds exactly one JSON object and nothing but JSON whitespace
 * around it, judged before json-glib sees the text. json-glib 1.6 (Debian 12)
 * reads a text of several top-level values ("{...}{...}", "\"to\"{...}",
 * "var x = {...};") as its last value and leaks the others, so such a text
 * must never reach it. Outside strings only the characters of JSON's
 * punctuation, numbers and literals may appear: a comment, a single-quoted
 * string or a NUL, which json-glib would read differently from this scan,
 * refuses the text instead. */
static gboolean
is_one_object_text (const char *text,
                    gsize       len)
{
  const char *p = text;
  const char *end = text + len;
  gsize depth = 0;

  while (p < end && *p != '\0' && strchr (" \t\n\r", *p) != NULL)
    p++;
  if (p == end || *p != '{')
    return FALSE;
  for (; p < end; p++)
    {
      if (*p == '"')
        {
          if (!skip_string (&p, end))
            return FALSE;
        }
      else if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        {
          if (--depth == 0)
            break;
        }
      else if (*p == '\0' || (strchr (" \t\n\r:,-+.", *p) == NULL && !g_ascii_isalnum (*p)))
        return FALSE;
    }
  if (p == end)
    return FALSE;
  for (p++; p < end; p++)
    if (*p == '\0' || strchr (" \t\n\r", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * bn_json_parse_object:
 * @len: the length of @text, or -1 when it ends with a NUL
 *
 * Reads a JSON object, sealed (immutable), as json_parser_new_immutable()
 * would, and faster for the JSON Buurtnet itself writes. The text must be
 * that one object with only JSON whitespace around it (docs/protocol.md §5).
 *
 * Returns: (transfer full) (nullable): %NULL when @text is not one JSON object
 */
JsonObject *
bn_json_parse_object (const char *text,
                      gssize      len)
{
  JsonObject *object;

  if (text == NULL)
    return NULL;
  if (len < 0)
    len = (gssize) strlen (text);
  if ((object = plain_read_object (text, (gsize) len)) != NULL)
    return object;
  return bn_json_parse_object_json_glib (text, (gsize) len);
}

/**
 * bn_json_parse_object_json_glib:
 *
 * What bn_json_parse_object() does with a text its plain reader leaves:
 * json-glib reads it, once the text is known to be one object. For the flat
 * reader (bn-json-fields.c), which leaves the same texts.
 *
 * Returns: (transfer full) (nullable): %NULL when @text is not one JSON object
 */
JsonObject *
bn_json_parse_object_json_glib (const char *text,
                                gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (!is_one_object_text (text, len))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
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
