/* bn-json-read.c — the one reader of payloads: RFC 8259's grammar and the
 * refusals docs/protocol.md §5.2 adds, in one pass from the text to the tape
 * of a BnJsonFields (bn-json-fields-private.h)
 *
 * It decides alone whether a plaintext is a payload: it reads all of RFC 8259
 * that a payload can hold (escapes, surrogate pairs, fractions and exponents)
 * and refuses besides an integer past 64 bits, a number past a double's range,
 * a member named twice, nesting past BN_JSON_MAX_DEPTH and a string holding
 * U+0000. It also notes whether the text is what json-glib's generator would
 * write for it (canonical), so that bn_json_fields_to_string() may hand the
 * text back as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json-fields-private.h"

#include <math.h>
#include <stdlib.h>

typedef struct
{
  BnJsonTape *tape;
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
      bn_json_tape_add (&r->tape, BN_JSON_KIND_INTEGER, name)->v.integer
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
      bn_json_tape_add (&r->tape, BN_JSON_KIND_DOUBLE, name)->v.number = number;
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
plain_has_member (const BnJsonTape *tape, guint object, const char *name)
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
plain_names_unique (const BnJsonTape *tape, guint object)
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
  index = bn_json_tape_push (&r->tape, kind, name);
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
  bn_json_tape_add (&r->tape, kind, name)->v.boolean = value;
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
        value = bn_json_tape_add (&r->tape, BN_JSON_KIND_STRING, name);
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

/**
 * bn_json_tape_read:
 * @text: (transfer full): a JSON text, g_malloc()ed, with a NUL after @len bytes
 *
 * Returns: (nullable): the tape of @text, or %NULL when it is not a payload's
 *   JSON (docs/protocol.md §5); takes @text either way
 */
BnJsonTape *
bn_json_tape_read (char  *text,
                   gsize  len)
{
  Plain r = { NULL, text, text + len, NULL, 0 };

  /* A value takes a byte of text at least; most payloads are a flat object of
   * a dozen members. */
  r.tape = bn_json_tape_new (MIN (len + 1, 16 + len / 16));
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
      bn_json_tape_free (r.tape);
      return NULL;
    }
  return r.tape;
}
