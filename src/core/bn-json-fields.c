/* bn-json-fields.c — a JSON object read flat (bn-json-fields.h)
 *
 * The text is read in one pass into a tape: one fixed-size record per value, in
 * the order the text has them, each container followed by its elements or
 * members, with the number of records it spans (so a sibling is one addition
 * away). Strings and member names are unescaped into one buffer allocated once.
 *
 * The pass is the one reader of JSON from other machines: it decides by RFC
 * 8259's grammar whether a text is a payload (docs/protocol.md §5), and refuses
 * besides what §5 adds (an integer past 64 bits, a number past a double's range,
 * a member named twice, nesting past BN_JSON_MAX_DEPTH, a string holding
 * U+0000). bn_json_parse_object() builds json-glib's tree from the tape, so a
 * front end refuses exactly what the fold refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json-fields.h"
#include "bn-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* The pass: RFC 8259's grammar, and the refusals docs/protocol.md §5 adds */

typedef struct
{
  Tape       *tape;
  const char *p;
  const char *end;
  char       *out;         /* where the next string goes in tape->strings */
  guint       depth;       /* containers open, the payload object included */
} Plain;

static gboolean plain_value (Plain *r, const char *name);

/* JSON's white space is these four and no other (RFC 8259 §2). json-glib's
 * generator writes none, so a text with any is not written back as it is. */
static void
plain_skip_space (Plain *r)
{
  const char *start = r->p;

  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
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

/* Four hex digits at r->p, as a UTF-16 code unit. */
static gboolean
plain_code_unit (Plain *r, gunichar *unit)
{
  *unit = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (*r->p++);

      if (digit < 0)
        return FALSE;
      *unit = *unit * 16 + (guint) digit;
    }
  return TRUE;
}

/* The character of a \u escape, after the u, as UTF-8 into the strings buffer.
 * A surrogate half must be the high one followed by a \u escape of the low one
 * (a lone half is no character, and no UTF-8 holds it); U+0000 is refused, as
 * our strings end with it. Six bytes of text become at most three, and twelve
 * at most four: the buffer is always long enough. */
static gboolean
plain_escaped_char (Plain *r)
{
  gunichar c, low;

  if (!plain_code_unit (r, &c) || c == 0 || (c >= 0xDC00 && c <= 0xDFFF))
    return FALSE;
  if (c >= 0xD800 && c <= 0xDBFF)
    {
      if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
        return FALSE;
      r->p += 2;
      if (!plain_code_unit (r, &low) || low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
    }
  r->out += g_unichar_to_utf8 (c, r->out);
  r->tape->canonical = FALSE;
  return TRUE;
}

/* A string's content, unescaped and NUL-terminated, into the strings buffer: its
 * start, or %NULL. Only ASCII is read outside strings, so a text is UTF-8 when
 * each of its strings with a byte past ASCII is (a character never spans a quote
 * or a backslash). json-glib's generator writes DEL as \u007f, escapes '/' never
 * and other characters only with the short escapes or below U+0020: a string
 * with any of those is written back by bn_json_fields_to_string(). */
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
        case 'u':
          if (!plain_escaped_char (r))
            return NULL;
          break;
        default: return NULL;   /* \x, \', \a and the like are not JSON */
        }
    }
}

static void
plain_digits (Plain *r)
{
  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
}

/* A number as RFC 8259 §6 writes it: -? (0 | [1-9][0-9]*) (. [0-9]+)?
 * ([eE] [+-]? [0-9]+)?. One without a fraction or an exponent is an integer,
 * and must fit in 64 bits (a reader that wrapped it around would fold another
 * value than a reader that did not); any other is the nearest double, and must
 * be finite (1E400 is no double). -0 is the integer 0. */
static gboolean
plain_number (Plain *r, const char *name)
{
  const char *start = r->p;
  gboolean negative = *r->p == '-';
  gboolean integer = TRUE;
  const char *digits;
  guint64 value = 0;

  if (negative)
    r->p++;
  digits = r->p;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    plain_digits (r);
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      plain_digits (r);
      integer = FALSE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      plain_digits (r);
      integer = FALSE;
    }
  if (integer)
    {
      /* Up to 2^63 - 1, or 2^63 when negative. */
      guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

      for (const char *d = digits; d < r->p; d++)
        {
          guint digit = *d - '0';

          if (value > (limit - digit) / 10)
            return FALSE;
          value = value * 10 + digit;
        }
      if (negative)
        r->tape->canonical = r->tape->canonical && value != 0;
      tape_add (&r->tape, BN_JSON_KIND_INTEGER, name)->v.integer
        = negative ? (gint64) -value : (gint64) value;
      return TRUE;
    }
  else
    {
      char *stop = NULL;
      /* The text ends with a NUL (bn_json_fields_new_take()), and a number
       * the grammar took is followed by punctuation strtod() does not read. */
      double number = g_ascii_strtod (start, &stop);

      if (stop != r->p || !isfinite (number))
        return FALSE;
      tape_add (&r->tape, BN_JSON_KIND_DOUBLE, name)->v.number = number;
      r->tape->canonical = FALSE;
      return TRUE;
    }
}

static gboolean
plain_word (Plain *r, const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
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

/* Up to this many members, a name is looked for among those before it; past
 * it, the names are sorted once the object is read: a 64 KiB payload of 6,600
 * members took 144 ms to check the first way, and a member could send many. */
#define PLAIN_SCAN_MEMBERS 16

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Whether the object at @object names no member twice (names hold no NUL). */
static gboolean
plain_names_unique (const Tape *tape, guint object)
{
  guint n = tape->values[object].size;
  g_autofree const char **names = g_new (const char *, n);
  const BnJsonFields *member = &tape->values[object + 1];

  for (guint i = 0; i < n; i++, member += member->span)
    names[i] = member->name;
  qsort (names, n, sizeof *names, compare_names);
  for (guint i = 1; i < n; i++)
    if (strcmp (names[i - 1], names[i]) == 0)
      return FALSE;
  return TRUE;
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
      if (r->tape->values[object].size < PLAIN_SCAN_MEMBERS
          && plain_has_member (r->tape, object, name))
        return FALSE;   /* a member named twice */
      if (!plain_value (r, name))
        return FALSE;
      r->tape->values[object].size++;
    }
  while (plain_take (r, ','));
  if (!plain_take (r, '}'))
    return FALSE;
  return r->tape->values[object].size <= PLAIN_SCAN_MEMBERS
         || plain_names_unique (r->tape, object);
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
  guint index;
  gboolean ok;

  if (r->depth == BN_JSON_MAX_DEPTH)
    return FALSE;
  r->depth++;
  index = tape_push (&r->tape, kind, name);
  r->p++;   /* { or [ */
  ok = kind == BN_JSON_KIND_OBJECT ? plain_members (r, index) : plain_elements (r, index);
  r->tape->values[index].span = r->tape->n_values - index;
  r->depth--;
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
  plain_skip_space (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '{':
      return plain_container (r, name, BN_JSON_KIND_OBJECT);
    case '[':
      return plain_container (r, name, BN_JSON_KIND_ARRAY);
    case '"':
      {
        const char *string = plain_string (r);
        BnJsonFields *value;

        if (string == NULL)
          return FALSE;
        value = tape_add (&r->tape, BN_JSON_KIND_STRING, name);
        value->v.string = string;
        value->utf8 = TRUE;
        return TRUE;
      }
    case 't':
      return plain_literal (r, name, "true", BN_JSON_KIND_BOOLEAN, TRUE);
    case 'f':
      return plain_literal (r, name, "false", BN_JSON_KIND_BOOLEAN, FALSE);
    case 'n':
      return plain_literal (r, name, "null", BN_JSON_KIND_NULL, FALSE);
    default:
      return (*r->p == '-' || g_ascii_isdigit (*r->p)) && plain_number (r, name);
    }
}

/* The tape of @text, or %NULL when it is not a payload's JSON. Takes @text
 * either way. */
static Tape *
plain_read (char *text, gsize len)
{
  Plain r = { NULL, text, text + len, NULL, 0 };

  /* A value takes a byte of text at least; most payloads are a flat object of
   * a dozen members. */
  r.tape = tape_new (MIN (len + 1, 16 + len / 16));
  r.tape->text = text;
  r.tape->len = len;
  r.tape->canonical = TRUE;
  /* Unescaped, a string is no longer than its text, and its NUL takes the place
   * of a quote. */
  r.out = r.tape->strings = g_malloc (len + 1);
  /* Exactly one object, with nothing but white space around it; UTF-8 is
   * checked string by string (plain_string()). */
  plain_skip_space (&r);
  if (r.p >= r.end || *r.p != '{' || !plain_value (&r, NULL)
      || (plain_skip_space (&r), r.p != r.end))
    {
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
 * Returns: (transfer full) (nullable): %NULL when @text is not a payload's JSON
 *   (docs/protocol.md §5)
 */
BnJsonFields *
bn_json_fields_new_take (char  *text,
                         gsize  len)
{
  Tape *tape;

  if (text == NULL)
    return NULL;
  tape = plain_read (text, len);
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
  tape_free (tape_of (fields));
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
  Tape *tape;
  GString *out;

  g_return_val_if_fail (fields != NULL && fields->index == 0, NULL);
  tape = tape_of (fields);
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
  if (fields->index == 0 && tape_of (fields)->object != NULL)
    return json_object_ref (tape_of (fields)->object);
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
