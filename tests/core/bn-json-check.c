/* bn-json-check.c — whether a text is a payload's JSON, decided a second way
 * (bn-json-check.h)
 *
 * Written apart from bn-json-fields.c and on purpose unlike it: positions
 * instead of pointers, its own UTF-8 decoder instead of g_utf8_validate(),
 * integers compared as digit strings instead of computed, names kept in a hash
 * table. It builds nothing; it only says yes or no, and why not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-json-check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const guchar *s;
  gsize         n;
  gsize         i;
  guint         depth;
  const char   *why;
} Check;

static gboolean check_value (Check *c);

static gboolean
fail (Check *c, const char *why)
{
  if (c->why == NULL)
    c->why = why;
  return FALSE;
}

static int
peek (Check *c)
{
  return c->i < c->n ? c->s[c->i] : -1;
}

static void
space (Check *c)
{
  while (peek (c) == 0x20 || peek (c) == 0x09 || peek (c) == 0x0A || peek (c) == 0x0D)
    c->i++;
}

/* One UTF-8 character of RFC 3629 (no overlong form, no surrogate, nothing past
 * U+10FFFF) at c->i, appended to @out; FALSE when the bytes are not one. */
static gboolean
utf8_char (Check *c, GString *out)
{
  guchar b = c->s[c->i];
  guint need, cp, min;

  if (b < 0x80)
    need = 0, cp = b, min = 0;
  else if (b >= 0xC2 && b <= 0xDF)
    need = 1, cp = b & 0x1F, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF)
    need = 2, cp = b & 0x0F, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4)
    need = 3, cp = b & 0x07, min = 0x10000;
  else
    return fail (c, "not UTF-8");
  if (c->i + need >= c->n)
    return fail (c, "not UTF-8");
  for (guint k = 1; k <= need; k++)
    {
      guchar cont = c->s[c->i + k];

      if ((cont & 0xC0) != 0x80)
        return fail (c, "not UTF-8");
      cp = (cp << 6) | (cont & 0x3F);
    }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return fail (c, "not UTF-8");
  g_string_append_len (out, (const char *) c->s + c->i, need + 1);
  c->i += need + 1;
  return TRUE;
}

static gboolean
hex4 (Check *c, guint *unit)
{
  *unit = 0;
  for (guint k = 0; k < 4; k++)
    {
      int h = peek (c);

      if (h >= '0' && h <= '9')
        *unit = *unit * 16 + (guint) (h - '0');
      else if (h >= 'a' && h <= 'f')
        *unit = *unit * 16 + (guint) (h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        *unit = *unit * 16 + (guint) (h - 'A' + 10);
      else
        return fail (c, "a \\u escape that is not four hex digits");
      c->i++;
    }
  return TRUE;
}

/* A string from its opening quote; its content, unescaped, into @out (nullable). */
static gboolean
check_string (Check *c, GString *out)
{
  g_autoptr(GString) ignored = out == NULL ? g_string_new (NULL) : NULL;

  if (out == NULL)
    out = ignored;
  g_string_truncate (out, 0);
  if (peek (c) != '"')
    return fail (c, "a member name that is not a string");
  c->i++;
  for (;;)
    {
      int b = peek (c);

      if (b < 0)
        return fail (c, "a string that does not end");
      if (b == '"')
        {
          c->i++;
          return TRUE;
        }
      if (b < 0x20)
        return fail (c, "a control character in a string");
      if (b != '\\')
        {
          if (!utf8_char (c, out))
            return FALSE;
          continue;
        }
      c->i++;
      b = peek (c);
      c->i++;
      if (b >= 0 && b != '\0' && strchr ("\"\\/bfnrt", b) != NULL)
        {
          static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";

          g_string_append_c (out, to[strchr (from, b) - from]);
          continue;
        }
      if (b != 'u')
        return fail (c, "an escape that is not JSON");
      {
        guint unit, low;
        gunichar cp;

        if (!hex4 (c, &unit))
          return FALSE;
        if (unit == 0)
          return fail (c, "U+0000 in a string");
        if (unit >= 0xDC00 && unit <= 0xDFFF)
          return fail (c, "a lone low surrogate");
        cp = unit;
        if (unit >= 0xD800 && unit <= 0xDBFF)
          {
            if (peek (c) != '\\' || c->i + 1 >= c->n || c->s[c->i + 1] != 'u')
              return fail (c, "a lone high surrogate");
            c->i += 2;
            if (!hex4 (c, &low))
              return FALSE;
            if (low < 0xDC00 || low > 0xDFFF)
              return fail (c, "a lone high surrogate");
            cp = 0x10000 + (unit - 0xD800) * 0x400 + (low - 0xDC00);
          }
        g_string_append_unichar (out, cp);
      }
    }
}

static gsize
digits (Check *c)
{
  gsize start = c->i;

  while (peek (c) >= '0' && peek (c) <= '9')
    c->i++;
  return c->i - start;
}

/* Whether the digits of an integer's magnitude exceed @limit, both without
 * leading zeros: by length first, then as strings. */
static gboolean
digits_exceed (const guchar *d, gsize len, const char *limit)
{
  gsize limit_len = strlen (limit);

  if (len != limit_len)
    return len > limit_len;
  return memcmp (d, limit, len) > 0;
}

static gboolean
check_number (Check *c)
{
  gsize start = c->i, first;
  gboolean negative = FALSE, fraction = FALSE, exponent = FALSE;

  if (peek (c) == '-')
    {
      negative = TRUE;
      c->i++;
    }
  first = c->i;
  if (peek (c) == '0')
    c->i++;
  else if (digits (c) == 0)
    return fail (c, "not a number");
  if (peek (c) == '.')
    {
      c->i++;
      fraction = TRUE;
      if (digits (c) == 0)
        return fail (c, "a fraction without digits");
    }
  if (peek (c) == 'e' || peek (c) == 'E')
    {
      c->i++;
      exponent = TRUE;
      if (peek (c) == '+' || peek (c) == '-')
        c->i++;
      if (digits (c) == 0)
        return fail (c, "an exponent without digits");
    }
  if (!fraction && !exponent)
    {
      if (digits_exceed (c->s + first, c->i - first,
                         negative ? "9223372036854775808" : "9223372036854775807"))
        return fail (c, "an integer outside 64 bits");
      return TRUE;
    }
  {
    g_autofree char *copy = g_strndup ((const char *) c->s + start, c->i - start);
    double value = g_ascii_strtod (copy, NULL);

    if (!isfinite (value))
      return fail (c, "a number past a double's range");
  }
  return TRUE;
}

static gboolean
literal (Check *c, const char *word)
{
  gsize len = strlen (word);

  if (c->n - c->i < len || memcmp (c->s + c->i, word, len) != 0)
    return fail (c, "not a value");
  c->i += len;
  return TRUE;
}

static gboolean
check_object (Check *c)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) name = g_string_new (NULL);

  c->i++;
  space (c);
  if (peek (c) == '}')
    {
      c->i++;
      return TRUE;
    }
  for (;;)
    {
      space (c);
      if (!check_string (c, name))
        return FALSE;
      if (!g_hash_table_add (names, g_strdup (name->str)))
        return fail (c, "a member named twice");
      space (c);
      if (peek (c) != ':')
        return fail (c, "no colon after a name");
      c->i++;
      if (!check_value (c))
        return FALSE;
      space (c);
      if (peek (c) == '}')
        {
          c->i++;
          return TRUE;
        }
      if (peek (c) != ',')
        return fail (c, "no comma between members");
      c->i++;
    }
}

static gboolean
check_array (Check *c)
{
  c->i++;
  space (c);
  if (peek (c) == ']')
    {
      c->i++;
      return TRUE;
    }
  for (;;)
    {
      if (!check_value (c))
        return FALSE;
      space (c);
      if (peek (c) == ']')
        {
          c->i++;
          return TRUE;
        }
      if (peek (c) != ',')
        return fail (c, "no comma between elements");
      c->i++;
    }
}

static gboolean
check_value (Check *c)
{
  gboolean ok;

  space (c);
  switch (peek (c))
    {
    case '{':
    case '[':
      if (++c->depth > BN_JSON_CHECK_MAX_DEPTH)
        return fail (c, "nested too deep");
      ok = peek (c) == '{' ? check_object (c) : check_array (c);
      c->depth--;
      return ok;
    case '"':
      return check_string (c, NULL);
    case 't':
      return literal (c, "true");
    case 'f':
      return literal (c, "false");
    case 'n':
      return literal (c, "null");
    default:
      if (peek (c) == '-' || (peek (c) >= '0' && peek (c) <= '9'))
        return check_number (c);
      return fail (c, "not a value");
    }
}

const char *
bn_json_check (const char *text,
               gsize       len)
{
  Check c = { (const guchar *) text, len, 0, 0, NULL };

  space (&c);
  if (peek (&c) != '{')
    return "not an object";
  if (!check_value (&c))
    return c.why;
  space (&c);
  if (c.i != c.n)
    return "something after the object";
  return NULL;
}
