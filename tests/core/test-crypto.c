/* test-crypto.c — base32 (peer IDs), hex (entry IDs) and fingerprints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

static void
test_base32_round_trip (void)
{
  /* Every length up to a few blocks, so each of the five tail shapes is covered. */
  for (gsize len = 0; len <= 41; len++)
    {
      g_autofree guint8 *data = g_malloc (len + 1);
      g_autofree guint8 *back = g_malloc (len + 1);
      g_autofree char *text = NULL;

      randombytes_buf (data, len);
      text = bn_base32_encode (data, len);
      g_assert_cmpuint (strlen (text), ==, (len * 8 + 4) / 5);
      for (const char *p = text; *p; p++)
        g_assert_true ((*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7'));
      g_assert_true (bn_base32_decode (text, back, len));
      g_assert_cmpmem (back, len, data, len);
    }
}

static void
test_base32_known_value (void)
{
  /* RFC 4648 test vector, lower case and without padding. */
  g_autofree char *text = bn_base32_encode ((const guint8 *) "foobar", 6);
  guint8 out[6];

  g_assert_cmpstr (text, ==, "mzxw6ytboi");
  g_assert_true (bn_base32_decode ("mzxw6ytboi", out, sizeof out));
  g_assert_cmpmem (out, 6, "foobar", 6);
}

static void
test_base32_refuses_bad_text (void)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  guint8 out[BN_PUBLIC_KEY_LEN];
  g_autofree char *good = NULL;

  randombytes_buf (key, sizeof key);
  good = bn_base32_encode (key, sizeof key);
  g_assert_cmpuint (strlen (good), ==, 52);

  g_assert_false (bn_base32_decode (NULL, out, sizeof out));
  g_assert_false (bn_base32_decode ("", out, sizeof out));
  /* One character short, one too many. */
  {
    g_autofree char *shorter = g_strndup (good, 51);
    g_autofree char *longer = g_strconcat (good, "a", NULL);
    g_assert_false (bn_base32_decode (shorter, out, sizeof out));
    g_assert_false (bn_base32_decode (longer, out, sizeof out));
  }
  /* Characters outside the alphabet at every position: 0, 1, 8, 9 are not
   * base32 (they look like O, I, B, g), nor are punctuation and spaces. */
  for (gsize i = 0; i < 52; i++)
    for (const char *bad = "0189=- !é"; *bad; bad++)
      {
        g_autofree char *text = g_strdup (good);
        text[i] = *bad;
        g_assert_false (bn_base32_decode (text, out, sizeof out));
      }
}

static void
test_base32_refuses_trailing_bits (void)
{
  guint8 key[BN_PUBLIC_KEY_LEN] = { 0 };
  guint8 out[BN_PUBLIC_KEY_LEN];
  g_autofree char *text = NULL;
  guint last_value;

  /* 32 bytes = 256 bits in 52 characters = 260 bits: the last character
   * carries 4 padding bits that must be zero, so one key has one spelling. */
  randombytes_buf (key, sizeof key);
  text = bn_base32_encode (key, sizeof key);
  last_value = (guint) (strchr ("abcdefghijklmnopqrstuvwxyz234567", text[51]) -
                        "abcdefghijklmnopqrstuvwxyz234567");
  g_assert_cmpuint (last_value & 0x0f, ==, 0);
  for (guint pad = 1; pad < 16; pad++)
    {
      g_autofree char *other = g_strdup (text);
      other[51] = "abcdefghijklmnopqrstuvwxyz234567"[last_value | pad];
      g_assert_false (bn_base32_decode (other, out, sizeof out));
    }
  g_assert_true (bn_base32_decode (text, out, sizeof out));
  g_assert_cmpmem (out, sizeof out, key, sizeof key);
}

static void
test_base32_refuses_upper_case (void)
{
  guint8 key[BN_PUBLIC_KEY_LEN], out[BN_PUBLIC_KEY_LEN];
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;

  randombytes_buf (key, sizeof key);
  text = bn_base32_encode (key, sizeof key);
  upper = g_ascii_strup (text, -1);
  /* One key, one spelling (docs/protocol.md §1): a peer ID in capitals is not a
   * peer ID, neither whole nor one letter at a time. */
  g_assert_false (bn_base32_decode (upper, out, sizeof out));
  g_assert_false (bn_peer_id_to_key (upper, out));
  for (gsize i = 0; i < 52; i++)
    if (g_ascii_islower (text[i]))
      {
        g_autofree char *one = g_strdup (text);
        one[i] = g_ascii_toupper (one[i]);
        g_assert_false (bn_base32_decode (one, out, sizeof out));
      }
  g_assert_true (bn_peer_id_to_key (text, out));
  g_assert_cmpmem (out, sizeof out, key, sizeof key);
}

static void
test_hex (void)
{
  guint8 id[BN_HASH_LEN], out[BN_HASH_LEN];
  g_autofree char *text = NULL;

  randombytes_buf (id, sizeof id);
  text = bn_hex_encode (id, sizeof id);
  g_assert_cmpuint (strlen (text), ==, 64);
  for (const char *p = text; *p; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
  g_assert_true (bn_hex_decode (text, out, sizeof out));
  g_assert_cmpmem (out, sizeof out, id, sizeof id);

  g_assert_false (bn_hex_decode (NULL, out, sizeof out));
  g_assert_false (bn_hex_decode ("", out, sizeof out));
  {
    g_autofree char *shorter = g_strndup (text, 63);
    g_autofree char *odd_longer = g_strconcat (text, "a", NULL);
    g_autofree char *longer = g_strconcat (text, "ab", NULL);
    g_assert_false (bn_hex_decode (shorter, out, sizeof out));
    g_assert_false (bn_hex_decode (odd_longer, out, sizeof out));
    g_assert_false (bn_hex_decode (longer, out, sizeof out));
  }
  for (gsize i = 0; i < 64; i++)
    for (const char *bad = "gz :x-"; *bad; bad++)
      {
        g_autofree char *other = g_strdup (text);
        other[i] = *bad;
        g_assert_false (bn_hex_decode (other, out, sizeof out));
      }
}

static void
test_fingerprint (void)
{
  g_autoptr(BnIdentity) identity = bn_identity_new_random ();
  g_autoptr(BnIdentity) other = bn_identity_new_random ();
  g_autofree char *peer_id = bn_identity_get_peer_id (identity);
  g_autofree char *fingerprint = bn_identity_get_fingerprint (identity);
  g_autofree char *other_fingerprint = bn_identity_get_fingerprint (other);
  guint8 key[BN_PUBLIC_KEY_LEN];

  /* "abcd efgh": the first eight characters of the peer ID, in two groups. */
  g_assert_cmpuint (strlen (fingerprint), ==, 9);
  g_assert_cmpint (fingerprint[4], ==, ' ');
  g_assert_true (strncmp (fingerprint, peer_id, 4) == 0);
  g_assert_true (strncmp (fingerprint + 5, peer_id + 4, 4) == 0);
  g_assert_cmpstr (fingerprint, !=, other_fingerprint);

  /* The peer ID is the public key, and only that key. */
  g_assert_cmpuint (strlen (peer_id), ==, 52);
  g_assert_true (bn_peer_id_to_key (peer_id, key));
  g_assert_cmpmem (key, sizeof key, identity->public_key, BN_PUBLIC_KEY_LEN);
  g_assert_false (bn_peer_id_to_key (fingerprint, key));
}

static void
test_big_endian (void)
{
  guint8 buf[8];

  bn_put_u64 (buf, G_GUINT64_CONSTANT (0x0102030405060708));
  g_assert_cmpmem (buf, 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
  g_assert_cmphex (bn_get_u64 (buf), ==, G_GUINT64_CONSTANT (0x0102030405060708));
  bn_put_u32 (buf, 0xa0b0c0d0);
  g_assert_cmpmem (buf, 4, "\xa0\xb0\xc0\xd0", 4);
  g_assert_cmphex (bn_get_u32 (buf), ==, 0xa0b0c0d0);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add_func ("/buurtnet/core/crypto/base32-round-trip", test_base32_round_trip);
  g_test_add_func ("/buurtnet/core/crypto/base32-known-value", test_base32_known_value);
  g_test_add_func ("/buurtnet/core/crypto/base32-refuses-bad-text", test_base32_refuses_bad_text);
  g_test_add_func ("/buurtnet/core/crypto/base32-refuses-trailing-bits", test_base32_refuses_trailing_bits);
  g_test_add_func ("/buurtnet/core/crypto/base32-refuses-upper-case", test_base32_refuses_upper_case);
  g_test_add_func ("/buurtnet/core/crypto/hex", test_hex);
  g_test_add_func ("/buurtnet/core/crypto/fingerprint", test_fingerprint);
  g_test_add_func ("/buurtnet/core/crypto/big-endian", test_big_endian);

  return g_test_run ();
}
