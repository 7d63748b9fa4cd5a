/* bn-crypto.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-crypto.h"
#include "bn-error.h"

#include <string.h>

G_DEFINE_QUARK (bn-core-error-quark, bn_core_error)

static const char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

gboolean
bn_crypto_init (void)
{
  return sodium_init () >= 0;
}

void
bn_hash (guint8        out[BN_HASH_LEN],
         const guint8 *data,
         gsize         len)
{
  crypto_generichash (out, BN_HASH_LEN, data, len, NULL, 0);
}

void
bn_keyed_hash (guint8       *out,
               gsize         out_len,
               const guint8 *data,
               gsize         len,
               const guint8  key[BN_KEY_LEN])
{
  crypto_generichash (out, out_len, data, len, key, BN_KEY_LEN);
}

/* RFC 4648 base32, lowercase, no padding: what a peer ID looks like. */
char *
bn_base32_encode (const guint8 *data,
                  gsize         len)
{
  GString *out = g_string_sized_new ((len * 8 + 4) / 5 + 1);
  guint buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, base32_alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 31]);

  return g_string_free (out, FALSE);
}

/* Lower case only: "ABC" and "abc" would otherwise be two spellings of one key.
 * Readers of what a person typed (invite codes) fold the case themselves first. */
static int
base32_value (char c)
{
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '2' && c <= '7')
    return c - '2' + 26;
  return -1;
}

/* Decodes exactly @out_len bytes; anything else (wrong length, stray characters,
 * non-zero trailing bits) is refused so two spellings never name one key. */
gboolean
bn_base32_decode (const char *text,
                  guint8     *out,
                  gsize       out_len)
{
  gsize expected = (out_len * 8 + 4) / 5;
  guint buffer = 0;
  int bits = 0;
  gsize n = 0;

  if (text == NULL || strlen (text) != expected)
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      int v = base32_value (*p);
      if (v < 0)
        return FALSE;
      buffer = (buffer << 5) | (guint) v;
      bits += 5;
      if (bits >= 8)
        {
          out[n++] = (buffer >> (bits - 8)) & 0xff;
          bits -= 8;
        }
    }
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0)
    return FALSE;

  return n == out_len;
}

char *
bn_hex_encode (const guint8 *data,
               gsize         len)
{
  char *out = g_malloc (len * 2 + 1);
  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

gboolean
bn_hex_decode (const char *text,
               guint8     *out,
               gsize       out_len)
{
  size_t bin_len = 0;
  const char *end = NULL;

  if (text == NULL || strlen (text) != out_len * 2)
    return FALSE;
  if (sodium_hex2bin (out, out_len, text, out_len * 2, NULL, &bin_len, &end) != 0)
    return FALSE;
  return bin_len == out_len && *end == '\0';
}

void
bn_put_u32 (guint8 *p, guint32 v)
{
  v = GUINT32_TO_BE (v);
  memcpy (p, &v, 4);
}

void
bn_put_u64 (guint8 *p, guint64 v)
{
  v = GUINT64_TO_BE (v);
  memcpy (p, &v, 8);
}

guint32
bn_get_u32 (const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return GUINT32_FROM_BE (v);
}

guint64
bn_get_u64 (const guint8 *p)
{
  guint64 v;
  memcpy (&v, p, 8);
  return GUINT64_FROM_BE (v);
}

/* A 32-byte public key's hash for a GHashTable keyed by keys, with
 * bn_same_key() as its GEqualFunc: public keys are as good as random, so
 * their first bytes will do. */
guint
bn_key_hash (gconstpointer key)
{
  guint h;

  memcpy (&h, key, sizeof h);
  return h;
}

/* Two 32-byte public keys are the same (a GEqualFunc for arrays of keys). */
gboolean
bn_same_key (const guint8 *a,
             const guint8 *b)
{
  return memcmp (a, b, BN_PUBLIC_KEY_LEN) == 0;
}
