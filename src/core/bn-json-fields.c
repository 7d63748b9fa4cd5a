/* bn-json-fields.c — a JSON object read flat (bn-json-fields.h)
 *
 * The text is read in one pass into a tape: one fixed-size record per value, in
 * the order the text has them, each container followed by its elements or
 * members, with the number of records it spans (so a sibling is one addition
 * away). Strings and member names are unescaped into one buffer allocated once.
 *
 * The pass reads the subset bn_json_parse_object()'s plain reader reads (JSON as
 * Buurtnet's json-glib generator writes it) and gives up where that reader gives
 * up: a \u escape, a fraction or an exponent, a duplicate member, a carriage
 * return, depth past 32, text after the object. Then json-glib reads the text as
 * it always has (bn_json_parse_object_json_glib()), and the tape is filled from
 * its tree, so whichever path read a text, the accessors give the same answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json-fields.h"
#include "bn-json.h"

#include <string.h>

#define PLAIN_MAX_DEPTH 32

struct _BnJsonFields
{
  guint8      kind;        /* BnJsonKind */
  guint8      utf8;        /* a string: whether it is UTF-8 (else it counts as absent) */
  guint32     span;        /* records this value takes, itself included */
  guint32     size;        /* a container: its elements or members */
  guint32     index;       /* its place on the tape, which finds the tape */
  const char *name;        /* a member: its name; %NULL for elements and the root */
  union
  {
    const char *string;
    gint64      integer;
    double      number;
    gboolean    boolean;
  } v;
};

typedef struct
{
  char       *text;        /* what was read, NUL-terminated; %NULL when from a tree */
  gsize       len;
  char       *strings;     /* the plain pass's unescaped strings and names */
  JsonObject *object;      /* the tree the tape was filled from, which holds its strings */
  gboolean    canonical;   /* the text is what json-glib's generator writes for it */
  guint       n_values;
  guint       capacity;
  BnJsonFields values[];
} Tape;

static Tape *
tape_of (const BnJsonFields *value)
{
  const BnJsonFields *first = value - value->index;
  return (Tape *) ((char *) first - G_STRUCT_OFFSET (Tape, values));
}

static Tape *
tape_new (guint capacity)
{
  /* Records are cleared as they are appended: only the header needs it. */
  Tape *tape = g_malloc (sizeof (Tape) + capacity * sizeof (BnJsonFields));

  memset (tape, 0, sizeof (Tape));
  tape->capacity = capacity;
  return tape;
}

static void
tape_free (Tape *tape)
{
  g_free (tape->text);
  g_free (tape->strings);
  g_clear_pointer (&tape->object, json_object_unref);
  g_free (tape);
}

/* Appends a record; returns its index (the tape may move). */
static guint
tape_push (Tape **tape, BnJsonKind kind, const char *name)
{
  BnJsonFields *value;
  guint index = (*tape)->n_values;

  if (index == (*tape)->capacity)
    {
      (*tape)->capacity *= 2;
      *tape = g_realloc (*tape, sizeof (Tape) + (*tape)->capacity * sizeof (BnJsonFields));
    }
  value = &(*tape)->values[index];
  memset (value, 0, sizeof *value);
  value->kind = kind;
  value->index = index;
  value->span = 1;
  value->name = name;
  (*tape)->n_values++;
  return index;
}

/* Appends a leaf record: valid until the next one is appended. */
static BnJsonFields *
tape_add (Tape **tape, BnJsonKind kind, const char *name)
{
  guint index = tape_push (tape, kind, name);
  return &(*tape)->values[index];
}

/* The plain pass */

typedef struct
{
  Tape       *tape;
  const char *p;
  const char *end;
  char       *out;         /* where the next string goes in tape->strings */
  guint       depth;
} Plain;

static gboolean plain_value (Plain *r, const char *name);

static void
plain_skip_space (Plain *r)
{
  const char *start = r->p;

  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t'))
    r->p++;
  if (r->p != start)
    r->tape->canonical = FALSE;
}

static gboolean
plain_take (Plain *r, char c)
{
  plain_skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

/* How plain_string() treats a byte of a string: most are copied as they are. */
enum
{
  BYTE_PLAIN,
  BYTE_STOP,       /* the closing quote, a backslash, a control character */
  BYTE_DEL,        /* json-glib's generator writes it as \u007f */
  BYTE_HIGH,       /* part of a multi-byte character: the string is checked to be UTF-8 */
};

static const guint8 byte_class[256] = {
  [0x00 ... 0x1f] = BYTE_STOP,
  ['"'] = BYTE_STOP,
  ['\\'] = BYTE_STOP,
  [0x7f] = BYTE_DEL,
  [0x80 ... 0xff] = BYTE_HIGH,
};

/* A string's content, unescaped and NUL-terminated, into the strings buffer: its
 * start, or %NULL. Only ASCII is read outside strings, so a text is UTF-8 when
 * each of its strings with a byte past ASCII is (a character never spans a quote
 * or a backslash). json-glib's generator writes DEL as \u007f and never escapes
 * '/': either in a string makes the text one it would write differently. */
static const char *
plain_string (Plain *r)
{
  char *start = r->out;
  const char *content;
  gboolean high = FALSE;

  if (!plain_take (r, '"'))
    return NULL;
  content = r->p;
  for (;;)
    {
      const char *run = r->p;
      guint8 kind;

      while (r->p < r->end && (kind = byte_class[(guchar) *r->p]) != BYTE_STOP)
        {
          if (G_UNLIKELY (kind != BYTE_PLAIN))
            {
              high |= kind == BYTE_HIGH;
              if (kind == BYTE_DEL)
                r->tape->canonical = FALSE;
            }
          r->p++;
        }
      memcpy (r->out, run, r->p - run);
      r->out += r->p - run;
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return NULL;
      if (*r->p++ == '"')
        {
          if (high && !g_utf8_validate (content, r->p - 1 - content, NULL))
            return NULL;
          *r->out++ = '\0';
          return start;
        }
      if (r->p >= r->end)
        return NULL;
      switch (*r->p++)
        {
        case '"': *r->out++ = '"'; break;
        case '\\': *r->out++ = '\\'; break;
        case '/': *r->out++ = '/'; r->tape->canonical = FALSE; break;
        case 'b': *r->out++ = '\b'; break;
        case 'f': *r->out++ = '\f'; break;
        case 'n': *r->out++ = '\n'; break;
        case 'r': *r->out++ = '\r'; break;
        case 't': *r->out++ = '\t'; break;
        default: return NULL;   /* \u and anything else: json-glib's job */
        }
    }
}

static gboolean
plain_integer (Plain *r, const char *name)
{
  gboolean negative = *r->p == '-';
  const char *first;
  guint digits = 0;
  guint64 value = 0;   /* 19 digits fit; more are never read */

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
    return FALSE;
  tape_add (&r->tape, BN_JSON_KIND_INTEGER, name)->v.integer
    = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

static gboolean
plain_word (Plain *r, const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return r->p >= r->end || strchr (",}] \n\t", *r->p) != NULL;
}

/* Whether the object at @object already has a member called @name. */
static gboolean
plain_has_member (const Tape *tape, guint object, const char *name)
{
  const BnJsonFields *member = &tape->values[object + 1];

  for (guint i = 0; i < tape->values[object].size; i++, member += member->span)
    if (member->name[0] == name[0] && strcmp (member->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* The members after the opening brace, up to the closing one. */
static gboolean
plain_members (Plain *r, guint object)
{
  if (plain_take (r, '}'))
    return TRUE;
  do
    {
      const char *name = plain_string (r);

      if (name == NULL || !plain_take (r, ':'))
        return FALSE;
      if (plain_has_member (r->tape, object, name))
        return FALSE;   /* a member named twice */
      if (!plain_value (r, name))
        return FALSE;
      r->tape->values[object].size++;
    }
  while (plain_take (r, ','));
  return plain_take (r, '}');
}

static gboolean
plain_elements (Plain *r, guint array)
{
  if (plain_take (r, ']'))
    return TRUE;
  do
    {
      if (!plain_value (r, NULL))
        return FALSE;
      r->tape->values[array].size++;
    }
  while (plain_take (r, ','));
  return plain_take (r, ']');
}

static gboolean
plain_container (Plain *r, const char *name, BnJsonKind kind)
{
  guint index = tape_push (&r->tape, kind, name);
  gboolean ok;

  r->p++;   /* { or [ */
  ok = kind == BN_JSON_KIND_OBJECT ? plain_members (r, index) : plain_elements (r, index);
  r->tape->values[index].span = r->tape->n_values - index;
  return ok;
}

static gboolean
plain_literal (Plain *r, const char *name, const char *word, BnJsonKind kind, gboolean value)
{
  if (!plain_word (r, word))
    return FALSE;
  tape_add (&r->tape, kind, name)->v.boolean = value;
  return TRUE;
}

static gboolean
plain_value (Plain *r, const char *name)
{
  gboolean ok = FALSE;

  plain_skip_space (r);
  if (r->p >= r->end || r->depth >= PLAIN_MAX_DEPTH)
    return FALSE;
  r->depth++;
  switch (*r->p)
    {
    case '{':
      ok = plain_container (r, name, BN_JSON_KIND_OBJECT);
      break;
    case '[':
      ok = plain_container (r, name, BN_JSON_KIND_ARRAY);
      break;
    case '"':
      {
        const char *string = plain_string (r);

        if ((ok = string != NULL))
          {
            BnJsonFields *value = tape_add (&r->tape, BN_JSON_KIND_STRING, name);
            value->v.string = string;
            value->utf8 = TRUE;
          }
      }
      break;
    case 't':
      ok = plain_literal (r, name, "true", BN_JSON_KIND_BOOLEAN, TRUE);
      break;
    case 'f':
      ok = plain_literal (r, name, "false", BN_JSON_KIND_BOOLEAN, FALSE);
      break;
    case 'n':
      ok = plain_literal (r, name, "null", BN_JSON_KIND_NULL, FALSE);
      break;
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        ok = plain_integer (r, name);
      break;
    }
  r->depth--;
  return ok;
}

/* The tape of @text, or %NULL to ask json-glib. Takes @text either way. */
static Tape *
plain_read (char *text, gsize len)
{
  Plain r = { NULL, text, text + len, NULL, 0 };

  /* UTF-8 is checked string by string (plain_string()). */
  if (len == 0 || text[0] != '{' || memchr (text, '\0', len) != NULL)
    return NULL;
  /* A value takes a byte of text at least; most payloads are a flat object of
   * a dozen members. */
  r.tape = tape_new (MIN (len, 16 + len / 16));
  r.tape->text = text;
  r.tape->len = len;
  r.tape->canonical = TRUE;
  /* Unescaped, a string is no longer than its text, and its NUL takes the place
   * of a quote. */
  r.out = r.tape->strings = g_malloc (len + 1);
  if (!plain_value (&r, NULL) || (plain_skip_space (&r), r.p != r.end))
    {
      r.tape->text = NULL;
      tape_free (r.tape);
      return NULL;
    }
  return r.tape;
}

/* Filling the tape from json-glib's tree */

static void
tree_value (Tape **tape, JsonNode *node, const char *name)
{
  guint index;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);

        index = tape_push (tape, BN_JSON_KIND_OBJECT, name);
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

        index = tape_push (tape, BN_JSON_KIND_ARRAY, name);
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
            value = tape_add (tape, BN_JSON_KIND_INTEGER, name);
            value->v.integer = json_node_get_int (node);
          }
        else if (type == G_TYPE_BOOLEAN)
          {
            value = tape_add (tape, BN_JSON_KIND_BOOLEAN, name);
            value->v.boolean = json_node_get_boolean (node);
          }
        else if (type == G_TYPE_DOUBLE)
          {
            value = tape_add (tape, BN_JSON_KIND_DOUBLE, name);
            value->v.number = json_node_get_double (node);
          }
        else if (type == G_TYPE_STRING)
          {
            value = tape_add (tape, BN_JSON_KIND_STRING, name);
            value->v.string = json_node_get_string (node);
            value->utf8 = value->v.string != NULL && g_utf8_validate (value->v.string, -1, NULL);
          }
        else
          tape_push (tape, BN_JSON_KIND_NULL, name);   /* no other type is ever parsed */
      }
      break;
    case JSON_NODE_NULL:
    default:
      tape_push (tape, BN_JSON_KIND_NULL, name);
      break;
    }
}

static Tape *
tree_read (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  Tape *tape = tape_new (16);

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
 * Returns: (transfer full) (nullable): %NULL when @text is not one JSON object
 */
BnJsonFields *
bn_json_fields_new_take (char  *text,
                         gsize  len)
{
  g_autoptr(JsonObject) object = NULL;
  Tape *tape;

  if (text == NULL)
    return NULL;
  if ((tape = plain_read (text, len)) != NULL)
    return tape->values;
  object = bn_json_parse_object_json_glib (text, len);
  if (object == NULL)
    {
      g_free (text);
      return NULL;
    }
  tape = tree_read (object);
  tape->text = text;
  tape->len = len;
  return tape->values;
}

/**
 * bn_json_fields_new:
 * @len: the length of @text, or -1 when it ends with a NUL
 *
 * Reads a JSON object as bn_json_parse_object() would, into the flat form.
 *
 * Returns: (transfer full) (nullable): %NULL when @text is not one JSON object
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
  tape_free (tape_of (fields));
}

/**
 * bn_json_fields_to_string:
 * @fields: what bn_json_fields_new() or its kin returned
 *
 * The object as bn_json_object_to_string() writes the tree bn_json_parse_object()
 * reads from the same text. The text itself when that is what json-glib's
 * generator would write (JSON as Buurtnet writes it), which it needs no tree for.
 *
 * Returns: (transfer full)
 */
char *
bn_json_fields_to_string (const BnJsonFields *fields)
{
  Tape *tape;
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (fields != NULL && fields->index == 0, NULL);
  tape = tape_of (fields);
  if (tape->object != NULL)
    return bn_json_object_to_string (tape->object);
  if (tape->canonical)
    return g_strndup (tape->text, tape->len);
  object = bn_json_parse_object (tape->text, (gssize) tape->len);
  return bn_json_object_to_string (object);
}

/* Whether the plain pass read it (for tests: json-glib read it otherwise). */
gboolean
bn_json_fields_came_plain (const BnJsonFields *fields)
{
  return tape_of (fields)->object == NULL;
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
  Tape *tape;

  g_return_val_if_fail (fields != NULL && fields->index == 0, NULL);
  tape = tape_of (fields);
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
