/* test-invite.c — invite codes, version 2: the checksum, what people type, the proof,
 * the join request, and the test vectors of docs/protocol.md appendix A.1
 *
 * Run with --print-vectors to print the vectors as the code computes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

/* ---- The vectors of docs/protocol.md A.1 (the test below checks both agree) ---- */

#define VECTOR_DATA "0123456789ABCDEFGH"
#define VECTOR_CODE "0123-4567-89AB-CDEF-GH8B"
#define VECTOR_SEED "fd6434839ddd1a26255682af399b8f9934cead8cc069df386544aed6d5e9414c"
#define VECTOR_INVITE_PK "1083bec485bb28ccdeb3553af821fd99ed913082e677c42e721e13e691cc7d7c"
#define VECTOR_INVITE_ID "fe8dc8b0e68bd2dc8ebade86f46c1ce2"
#define VECTOR_MEMBER_PK "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
#define VECTOR_PROOF \
  "90a8626e0566d8ace269396e22bcd62438f61bf6a3f7f1406c62b2f0f0042081" \
  "2d4185185b29993d4c46cac89f327c00c2557c3bffad19a87b55e64f859d7004"
#define VECTOR_NAME "Anna"
#define VECTOR_JOIN_REQUEST \
  "fe8dc8b0e68bd2dc8ebade86f46c1ce2" \
  "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20" \
  "90a8626e0566d8ace269396e22bcd62438f61bf6a3f7f1406c62b2f0f0042081" \
  "2d4185185b29993d4c46cac89f327c00c2557c3bffad19a87b55e64f859d7004" \
  "04416e6e61"
/* One changed symbol: position 11 ('B' typed as '8'), in group 3. */
#define VECTOR_TYPO_CODE "0123-4567-89A8-CDEF-GH8B"
#define VECTOR_TYPO_GROUP 3
/* Two symbols swapped, positions 9 and 10: refused, no group named. */
#define VECTOR_SWAP_CODE "0123-4567-8A9B-CDEF-GH8B"
#define VECTOR_SWAP_GROUP 0
/* Positions 5 and 6 swapped: refused, and the syndromes point at position 19, so the
 * message names group 5 though the swap is in group 2 (the group is a hint). */
#define VECTOR_SWAP_ELSEWHERE_CODE "0123-4657-89AB-CDEF-GH8B"
#define VECTOR_SWAP_ELSEWHERE_GROUP 5
/* One symbol left out; and look-alikes, case and spaces that read as VECTOR_CODE. */
#define VECTOR_SHORT_CODE "0123-4567-89AB-CDEF-GH8"
#define VECTOR_LENIENT_CODE "oI23 4567 89ab cdef gh8b"

static void
vector_member_pk (guint8 member_pk[BN_PUBLIC_KEY_LEN])
{
  for (guint i = 0; i < BN_PUBLIC_KEY_LEN; i++)
    member_pk[i] = (guint8) (i + 1);
}

/* seed = BLAKE2b-256 ("buurtnet/2 invite\n" | data text), computed here from the
 * text of §3.3 rather than through the code under test. */
static void
vector_seed (guint8 seed[crypto_sign_SEEDBYTES])
{
  const char *input = "buurtnet/2 invite\n" VECTOR_DATA;

  crypto_generichash (seed, crypto_sign_SEEDBYTES, (const guint8 *) input, strlen (input),
                      NULL, 0);
}

static char *
hex (const guint8 *data,
     gsize         len)
{
  return bn_hex_encode (data, len);
}

/* ---- Helpers ---- */

static const char *alphabet = BN_INVITE_ALPHABET;

/* The code's 20 symbols without separators. */
static char *
bare_symbols (const BnInviteCode *code)
{
  g_autofree char *text = bn_invite_code_format (code);
  g_auto(GStrv) groups = g_strsplit (text, "-", -1);

  return g_strjoinv ("", groups);
}

static void
assert_same_code (const BnInviteCode *a,
                  const BnInviteCode *b)
{
  g_autofree char *text_a = bn_invite_code_format (a);
  g_autofree char *text_b = bn_invite_code_format (b);

  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpmem (a->invite_pk, BN_PUBLIC_KEY_LEN, b->invite_pk, BN_PUBLIC_KEY_LEN);
  g_assert_cmpmem (a->invite_id, BN_INVITE_ID_LEN, b->invite_id, BN_INVITE_ID_LEN);
}

static BnInviteCode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  BnInviteCode *code = bn_invite_code_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (code);
  return code;
}

/* @group: 1..5 for the group the message must name, 0 for the message that names none */
static void
assert_typo (const char *text,
             guint       group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInviteCode) code = bn_invite_code_parse (text, &error);

  g_assert_null (code);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO);
  if (group > 0)
    {
      g_autofree char *named = g_strdup_printf ("Group %u of this code looks wrong", group);
      g_assert_true (g_str_has_prefix (error->message, named));
    }
  else
    {
      g_assert_null (strstr (error->message, "Group"));
      g_assert_nonnull (strstr (error->message, "typo"));
    }
  g_assert_nonnull (strstr (error->message, "neighbour who gave"));
}

static void
assert_wrong_length (const char *text,
                     guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInviteCode) code = bn_invite_code_parse (text, &error);
  g_autofree char *said = NULL;

  g_assert_null (code);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "20"));
  g_assert_nonnull (strstr (error->message, "5 groups of 4"));
  if (count == 0)
    return;
  said = g_strdup_printf ("This code has %u character%s,", count, count == 1 ? "" : "s");
  g_assert_true (g_str_has_prefix (error->message, said));
}

/* ---- The code ---- */

static void
test_format_and_round_trip (void)
{
  for (guint n = 0; n < 200; n++)
    {
      g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
      g_autofree char *text = bn_invite_code_format (code);
      g_autoptr(BnInviteCode) parsed = NULL;
      guint8 expected_id[BN_INVITE_ID_LEN];

      g_assert_cmpuint (strlen (text), ==, BN_INVITE_TEXT_LEN);
      for (guint i = 0; i < BN_INVITE_TEXT_LEN; i++)
        {
          if (i % 5 == 4)
            g_assert_cmpint (text[i], ==, '-');
          else
            g_assert_nonnull (strchr (alphabet, text[i]));
        }
      parsed = parse_ok (text);
      assert_same_code (code, parsed);
      bn_invite_id_for_key (code->invite_pk, expected_id);
      g_assert_cmpmem (code->invite_id, BN_INVITE_ID_LEN, expected_id, BN_INVITE_ID_LEN);
    }
}

static void
test_random_codes_differ (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint n = 0; n < 1000; n++)
    {
      g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
      g_assert_true (g_hash_table_add (seen, bn_invite_code_format (code)));
    }
}

static void
test_from_data_strict (void)
{
  const char *refused[] = {
    NULL, "", "0123456789ABCDEFG", "0123456789ABCDEFGHJ", "0123456789abcdefgh",
    "0123456789ABCDEFGU", "0123456789ABCDEFGI", "0123-456789ABCDEFG",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_null (bn_invite_code_new_from_data (refused[i]));
}

/* Every symbol in every position replaced by each of the 31 others: refused, and the
 * message names the group the change is in. Also by the letters outside the
 * alphabet (U, and é) which name their group in the same way. */
static void
check_every_substitution (const BnInviteCode *code)
{
  g_autofree char *bare = bare_symbols (code);
  const char *outside[] = { "U", "u", "é", "\xff" };

  for (guint p = 0; p < BN_INVITE_SYMBOLS; p++)
    {
      guint group = p / BN_INVITE_GROUP_LEN + 1;

      for (const char *s = alphabet; *s; s++)
        {
          g_autofree char *typo = g_strdup (bare);

          if (*s == bare[p])
            continue;
          typo[p] = *s;
          assert_typo (typo, group);
        }
      for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
        {
          g_autofree char *typo = g_strdup_printf ("%.*s%s%s", (int) p, bare, outside[i],
                                                   bare + p + 1);
          assert_typo (typo, group);
        }
    }
}

static void
test_every_substitution_located (void)
{
  g_autoptr(BnInviteCode) vector = bn_invite_code_new_from_data (VECTOR_DATA);

  check_every_substitution (vector);
  for (guint n = 0; n < 20; n++)
    {
      g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
      check_every_substitution (code);
    }
}

/* Any two different symbols swapped, adjacent or not: refused as a typo. */
static void
check_every_swap (const BnInviteCode *code,
                  guint              *swaps)
{
  g_autofree char *bare = bare_symbols (code);

  for (guint i = 0; i < BN_INVITE_SYMBOLS; i++)
    for (guint j = i + 1; j < BN_INVITE_SYMBOLS; j++)
      {
        g_autofree char *swapped = g_strdup (bare);
        g_autoptr(GError) error = NULL;
        g_autoptr(BnInviteCode) parsed = NULL;

        if (bare[i] == bare[j])
          continue;
        swapped[i] = bare[j];
        swapped[j] = bare[i];
        parsed = bn_invite_code_parse (swapped, &error);
        g_assert_null (parsed);
        g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO);
        (*swaps)++;
      }
}

static void
test_every_swap_detected (void)
{
  g_autoptr(BnInviteCode) vector = bn_invite_code_new_from_data (VECTOR_DATA);
  guint swaps = 0;

  check_every_swap (vector, &swaps);
  for (guint n = 0; n < 50; n++)
    {
      g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
      check_every_swap (code, &swaps);
    }
  g_assert_cmpuint (swaps, >, 50 * 150);
  g_test_message ("%u swaps refused", swaps);
}

/* 1, l, L, i and I are one symbol; so are 0, o and O; letter case does not matter. */
static void
test_look_alikes_read_the_same (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_from_data (VECTOR_DATA);
  const char *variants[] = {
    "0l23-4567-89AB-CDEF-GH8B", "0L23-4567-89AB-CDEF-GH8B", "0i23-4567-89AB-CDEF-GH8B",
    "0I23-4567-89AB-CDEF-GH8B", "o123-4567-89AB-CDEF-GH8B", "O123-4567-89AB-CDEF-GH8B",
    "OI23-4567-89ab-cdef-gh8b", "ol23-4567-89Ab-cDeF-gH8b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(BnInviteCode) parsed = parse_ok (variants[i]);
      assert_same_code (code, parsed);
    }
}

static void
test_separators_ignored (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  g_autofree char *text = bn_invite_code_format (code);
  g_auto(GStrv) groups = g_strsplit (text, "-", -1);
  g_autofree char *spaced = g_strjoinv (" ", groups);
  g_autofree char *joined = g_strjoinv ("", groups);
  g_autofree char *lines = g_strjoinv ("\n  ", groups);
  g_autofree char *dots = g_strjoinv (".", groups);
  g_autofree char *dashes = g_strjoinv (" — ", groups);       /* an em dash, as editors do */
  g_autofree char *nbsp = g_strjoinv ("\xc2\xa0", groups);    /* no-break space */
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autofree char *padded = g_strdup_printf ("  \t%s \r\n", text);
  g_autofree char *quoted = g_strdup_printf ("“%s”.", text);
  g_autofree char *by_two = NULL;
  GString *pairs = g_string_new (NULL);
  const char *variants[] = { spaced, joined, lines, dots, dashes, nbsp, lower, padded, quoted, NULL };

  for (const char *p = joined; *p; p++)
    {
      g_string_append_c (pairs, *p);
      if ((p - joined) % 2 == 1)
        g_string_append (pairs, "-_/ ");
    }
  by_two = g_string_free (pairs, FALSE);
  variants[G_N_ELEMENTS (variants) - 1] = by_two;

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(BnInviteCode) parsed = parse_ok (variants[i]);
      assert_same_code (code, parsed);
    }
}

static void
test_wrong_lengths (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  g_autofree char *bare = bare_symbols (code);
  g_autofree char *text = bn_invite_code_format (code);

  assert_wrong_length (NULL, 0);
  assert_wrong_length ("", 0);
  assert_wrong_length (" - -- ", 0);
  for (guint n = 1; n <= 40; n++)
    {
      g_autofree char *typed = NULL;

      if (n == BN_INVITE_SYMBOLS)
        continue;
      typed = n < BN_INVITE_SYMBOLS ? g_strndup (bare, n) : g_strconcat (bare, bare, NULL);
      typed[n] = '\0';
      assert_wrong_length (typed, n);
    }
  /* One character dropped or added, in the formatted text. */
  for (guint i = 0; i < BN_INVITE_TEXT_LEN; i++)
    {
      g_autofree char *dropped = g_strdup (text);
      g_autofree char *added = g_strdup_printf ("%.*sK%s", (int) i, text, text + i);

      if (text[i] == '-')
        continue;
      memmove (dropped + i, dropped + i + 1, strlen (dropped + i));
      assert_wrong_length (dropped, 19);
      assert_wrong_length (added, 21);
    }
  /* The old version-1 codes are far too long, and say so. */
  assert_wrong_length ("buurt1-ahx6o-qprol-6qwda-ahx6o-qprol-6qwda-ahx6o", 41);
}

/* ---- The proof ---- */

static void
test_proof (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  g_autoptr(BnInviteCode) other = bn_invite_code_new_random ();
  guint8 member_pk[BN_PUBLIC_KEY_LEN], member_sk[BN_SECRET_KEY_LEN];
  guint8 someone_pk[BN_PUBLIC_KEY_LEN], someone_sk[BN_SECRET_KEY_LEN];
  guint8 proof[BN_INVITE_PROOF_LEN], again[BN_INVITE_PROOF_LEN];

  crypto_sign_keypair (member_pk, member_sk);
  crypto_sign_keypair (someone_pk, someone_sk);
  bn_invite_code_make_proof (code, member_pk, proof);
  g_assert_true (bn_invite_verify_proof (code->invite_pk, code->invite_id, member_pk, proof));

  /* Ed25519 is deterministic: the same code and member give the same proof. */
  bn_invite_code_make_proof (code, member_pk, again);
  g_assert_cmpmem (proof, sizeof proof, again, sizeof again);

  /* Another member key, another invite's ID or key: no. */
  g_assert_false (bn_invite_verify_proof (code->invite_pk, code->invite_id, someone_pk, proof));
  g_assert_false (bn_invite_verify_proof (code->invite_pk, other->invite_id, member_pk, proof));
  g_assert_false (bn_invite_verify_proof (other->invite_pk, other->invite_id, member_pk, proof));
  g_assert_false (bn_invite_verify_proof (other->invite_pk, code->invite_id, member_pk, proof));

  /* Every bit flipped, in the proof and in the member key. */
  for (guint i = 0; i < BN_INVITE_PROOF_LEN * 8; i++)
    {
      guint8 flipped[BN_INVITE_PROOF_LEN];

      memcpy (flipped, proof, sizeof proof);
      flipped[i / 8] ^= 1u << (i % 8);
      g_assert_false (bn_invite_verify_proof (code->invite_pk, code->invite_id, member_pk,
                                              flipped));
    }
  for (guint i = 0; i < BN_PUBLIC_KEY_LEN; i++)
    {
      guint8 flipped[BN_PUBLIC_KEY_LEN];

      memcpy (flipped, member_pk, sizeof member_pk);
      flipped[i] ^= 0x80;
      g_assert_false (bn_invite_verify_proof (code->invite_pk, code->invite_id, flipped, proof));
    }
  /* A proof of the other invite, for the same member, is the other invite's. */
  bn_invite_code_make_proof (other, member_pk, again);
  g_assert_false (bn_invite_verify_proof (code->invite_pk, code->invite_id, member_pk, again));
  sodium_memzero (member_sk, sizeof member_sk);
  sodium_memzero (someone_sk, sizeof someone_sk);
}

/* ---- The join request ---- */

static GBytes *
hand_made_request (guint8      name_len_byte,
                   const char *name,
                   gsize       name_len)
{
  GByteArray *raw = g_byte_array_new ();
  guint8 fixed[BN_JOIN_REQUEST_FIXED_LEN - 1];

  randombytes_buf (fixed, sizeof fixed);
  g_byte_array_append (raw, fixed, sizeof fixed);
  g_byte_array_append (raw, &name_len_byte, 1);
  g_byte_array_append (raw, (const guint8 *) name, name_len);
  return g_byte_array_free_to_bytes (raw);
}

static void
assert_decode_refused (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(BnJoinRequest) request = bn_join_request_decode (data, len, &error);

  g_assert_null (request);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_join_request_round_trip (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  g_autoptr(BnInviteCode) other = bn_invite_code_new_random ();
  guint8 member_pk[BN_PUBLIC_KEY_LEN];
  const char *names[] = { "Anna", "Ørjan Ølstrøm", "Fatima-Zahra El Idrissi", "x" };

  randombytes_buf (member_pk, sizeof member_pk);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnJoinRequest) request = bn_join_request_new (code, member_pk, names[i], &error);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(BnJoinRequest) decoded = NULL;
      gsize len;
      const guint8 *data;

      g_assert_no_error (error);
      bytes = bn_join_request_encode (request);
      data = g_bytes_get_data (bytes, &len);
      g_assert_cmpuint (len, ==, BN_JOIN_REQUEST_FIXED_LEN + strlen (names[i]));
      decoded = bn_join_request_decode (data, len, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (decoded->invite_id, BN_INVITE_ID_LEN, code->invite_id, BN_INVITE_ID_LEN);
      g_assert_cmpmem (decoded->member_pk, BN_PUBLIC_KEY_LEN, member_pk, BN_PUBLIC_KEY_LEN);
      g_assert_cmpmem (decoded->proof, BN_INVITE_PROOF_LEN, request->proof, BN_INVITE_PROOF_LEN);
      g_assert_cmpstr (decoded->name, ==, names[i]);

      g_assert_true (bn_join_request_verify (decoded, code->invite_pk, &error));
      g_assert_no_error (error);
      g_assert_false (bn_join_request_verify (decoded, other->invite_pk, &error));
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_SIGNATURE);
    }
}

static void
test_join_request_refuses_truncation (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  guint8 member_pk[BN_PUBLIC_KEY_LEN];
  g_autoptr(BnJoinRequest) request = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) longer = NULL;
  g_autofree guint8 *plus_one = NULL;
  const guint8 *data;
  gsize len;

  randombytes_buf (member_pk, sizeof member_pk);
  request = bn_join_request_new (code, member_pk, "Marie-Claire", NULL);
  bytes = bn_join_request_encode (request);
  data = g_bytes_get_data (bytes, &len);

  /* Every cut, down to nothing (a NULL pointer with length 0 too). */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      assert_decode_refused (part);
    }
  g_assert_null (bn_join_request_decode (NULL, 0, NULL));

  /* One byte too many is as wrong as one too few. */
  plus_one = g_malloc (len + 1);
  memcpy (plus_one, data, len);
  plus_one[len] = 'x';
  longer = g_bytes_new (plus_one, len + 1);
  assert_decode_refused (longer);
}

static void
test_join_request_names (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  guint8 member_pk[BN_PUBLIC_KEY_LEN];
  g_autofree char *longest = g_strnfill (BN_JOIN_NAME_MAX, 'a');
  g_autofree char *too_long = g_strnfill (BN_JOIN_NAME_MAX + 1, 'a');
  g_autofree char *accents = g_strnfill (BN_JOIN_NAME_MAX - 1, 'e');
  g_autoptr(BnJoinRequest) ok = NULL;
  const char *refused[] = { "", too_long, "Anna\nBob", "Anna\x1b[31m", "\xff\xfe",
                            "Ann\xc3", "x\xc2\x85y" /* U+0085, a C1 control */ };
  g_autoptr(GError) error = NULL;

  randombytes_buf (member_pk, sizeof member_pk);
  ok = bn_join_request_new (code, member_pk, longest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok->name, ==, longest);

  /* 63 bytes and then a two-byte letter is 65 bytes: too long, though 64 letters. */
  {
    g_autofree char *over = g_strconcat (accents, "é", NULL);
    g_autoptr(BnJoinRequest) r = bn_join_request_new (code, member_pk, over, &error);
    g_assert_null (r);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(BnJoinRequest) r = bn_join_request_new (code, member_pk, refused[i], &error);
      g_autoptr(GBytes) raw = NULL;

      g_assert_null (r);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      g_clear_error (&error);

      /* The same names built by hand, as a peer might send them, are refused too. */
      raw = hand_made_request ((guint8) strlen (refused[i]), refused[i], strlen (refused[i]));
      assert_decode_refused (raw);
    }

  /* A name length over 64 with as many bytes behind it, up to 255. */
  for (guint n = BN_JOIN_NAME_MAX + 1; n <= 255; n++)
    {
      g_autofree char *name = g_strnfill (n, 'b');
      g_autoptr(GBytes) raw = hand_made_request ((guint8) n, name, n);
      assert_decode_refused (raw);
    }
  /* A name length of zero, with or without bytes behind it. */
  {
    g_autoptr(GBytes) empty = hand_made_request (0, "", 0);
    g_autoptr(GBytes) trailing = hand_made_request (0, "Anna", 4);
    assert_decode_refused (empty);
    assert_decode_refused (trailing);
  }
}

/* ---- The vectors ---- */

static GBytes *
vector_join_request (const BnInviteCode *code)
{
  guint8 member_pk[BN_PUBLIC_KEY_LEN];
  g_autoptr(GError) error = NULL;
  g_autoptr(BnJoinRequest) request = NULL;

  vector_member_pk (member_pk);
  request = bn_join_request_new (code, member_pk, VECTOR_NAME, &error);
  g_assert_no_error (error);
  return bn_join_request_encode (request);
}

static void
test_vectors (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_from_data (VECTOR_DATA);
  g_autoptr(BnInviteCode) parsed = parse_ok (VECTOR_CODE);
  g_autofree char *text = bn_invite_code_format (code);
  guint8 seed[crypto_sign_SEEDBYTES], pk[BN_PUBLIC_KEY_LEN], sk[BN_SECRET_KEY_LEN];
  guint8 member_pk[BN_PUBLIC_KEY_LEN], proof[BN_INVITE_PROOF_LEN];
  g_autofree char *seed_hex = NULL;
  g_autofree char *pk_hex = hex (code->invite_pk, BN_PUBLIC_KEY_LEN);
  g_autofree char *id_hex = hex (code->invite_id, BN_INVITE_ID_LEN);
  g_autofree char *proof_hex = NULL;
  g_autofree char *request_hex = NULL;
  g_autoptr(GBytes) request = vector_join_request (code);

  g_assert_cmpstr (text, ==, VECTOR_CODE);
  assert_same_code (code, parsed);

  /* The seed, computed from the spec's words, gives the code's invite key. */
  vector_seed (seed);
  seed_hex = hex (seed, sizeof seed);
  g_assert_cmpstr (seed_hex, ==, VECTOR_SEED);
  crypto_sign_seed_keypair (pk, sk, seed);
  g_assert_cmpmem (pk, sizeof pk, code->invite_pk, BN_PUBLIC_KEY_LEN);
  g_assert_cmpstr (pk_hex, ==, VECTOR_INVITE_PK);
  g_assert_cmpstr (id_hex, ==, VECTOR_INVITE_ID);

  vector_member_pk (member_pk);
  {
    g_autofree char *member_hex = hex (member_pk, sizeof member_pk);
    g_assert_cmpstr (member_hex, ==, VECTOR_MEMBER_PK);
  }
  bn_invite_code_make_proof (code, member_pk, proof);
  proof_hex = hex (proof, sizeof proof);
  g_assert_cmpstr (proof_hex, ==, VECTOR_PROOF);
  g_assert_true (bn_invite_verify_proof (code->invite_pk, code->invite_id, member_pk, proof));

  request_hex = hex (g_bytes_get_data (request, NULL), g_bytes_get_size (request));
  g_assert_cmpstr (request_hex, ==, VECTOR_JOIN_REQUEST);

  assert_typo (VECTOR_TYPO_CODE, VECTOR_TYPO_GROUP);
  assert_typo (VECTOR_SWAP_CODE, VECTOR_SWAP_GROUP);
  assert_typo (VECTOR_SWAP_ELSEWHERE_CODE, VECTOR_SWAP_ELSEWHERE_GROUP);
  assert_wrong_length (VECTOR_SHORT_CODE, 19);
  {
    g_autoptr(BnInviteCode) lenient = parse_ok (VECTOR_LENIENT_CODE);
    assert_same_code (code, lenient);
  }
  sodium_memzero (sk, sizeof sk);
}

static char *
without_white_space (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* docs/protocol.md holds the same values (line breaks and spaces aside). */
static void
test_vectors_in_protocol_doc (void)
{
  const char *values[] = {
    VECTOR_DATA, VECTOR_CODE, VECTOR_SEED, VECTOR_INVITE_PK, VECTOR_INVITE_ID,
    VECTOR_MEMBER_PK, VECTOR_PROOF, VECTOR_JOIN_REQUEST, VECTOR_TYPO_CODE, VECTOR_SWAP_CODE,
    VECTOR_SWAP_ELSEWHERE_CODE, VECTOR_SHORT_CODE, VECTOR_LENIENT_CODE,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *appendix = NULL;
  const char *start;

  g_file_get_contents (BN_PROTOCOL_DOC, &doc, NULL, &error);
  g_assert_no_error (error);
  start = strstr (doc, "### A.1 Invite code");
  g_assert_nonnull (start);
  appendix = without_white_space (start);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *value = without_white_space (values[i]);

      if (strstr (appendix, value) == NULL)
        g_error ("docs/protocol.md A.1 lacks %s", values[i]);
    }
}

static void
print_vectors (void)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_new_from_data (VECTOR_DATA);
  g_autofree char *text = bn_invite_code_format (code);
  g_autoptr(GBytes) request = vector_join_request (code);
  guint8 seed[crypto_sign_SEEDBYTES], member_pk[BN_PUBLIC_KEY_LEN], proof[BN_INVITE_PROOF_LEN];
  g_autofree char *seed_hex = NULL;
  g_autofree char *pk_hex = hex (code->invite_pk, BN_PUBLIC_KEY_LEN);
  g_autofree char *id_hex = hex (code->invite_id, BN_INVITE_ID_LEN);
  g_autofree char *member_hex = NULL;
  g_autofree char *proof_hex = NULL;
  g_autofree char *request_hex = hex (g_bytes_get_data (request, NULL), g_bytes_get_size (request));
  const char *typos[] = { VECTOR_TYPO_CODE, VECTOR_SWAP_CODE, VECTOR_SWAP_ELSEWHERE_CODE };

  vector_seed (seed);
  seed_hex = hex (seed, sizeof seed);
  vector_member_pk (member_pk);
  member_hex = hex (member_pk, sizeof member_pk);
  bn_invite_code_make_proof (code, member_pk, proof);
  proof_hex = hex (proof, sizeof proof);

  g_print ("data        %s\ncode        %s\nseed        %s\ninvite_pk   %s\n"
           "invite_id   %s\nmember_pk   %s\nproof       %s\njoin        %s\n",
           VECTOR_DATA, text, seed_hex, pk_hex, id_hex, member_hex, proof_hex, request_hex);
  for (guint i = 0; i < G_N_ELEMENTS (typos); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnInviteCode) none = bn_invite_code_parse (typos[i], &error);
      g_print ("%s  %s\n", typos[i], error != NULL ? error->message : "(accepted)");
    }
}

int
main (int argc, char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--print-vectors"))
    {
      g_assert_true (bn_crypto_init ());
      print_vectors ();
      return 0;
    }
  bn_test_init (&argc, &argv);

  g_test_add_func ("/buurtnet/core/invite/format-and-round-trip", test_format_and_round_trip);
  g_test_add_func ("/buurtnet/core/invite/random-codes-differ", test_random_codes_differ);
  g_test_add_func ("/buurtnet/core/invite/from-data-strict", test_from_data_strict);
  g_test_add_func ("/buurtnet/core/invite/every-substitution-located",
                   test_every_substitution_located);
  g_test_add_func ("/buurtnet/core/invite/every-swap-detected", test_every_swap_detected);
  g_test_add_func ("/buurtnet/core/invite/look-alikes-read-the-same",
                   test_look_alikes_read_the_same);
  g_test_add_func ("/buurtnet/core/invite/separators-ignored", test_separators_ignored);
  g_test_add_func ("/buurtnet/core/invite/wrong-lengths", test_wrong_lengths);
  g_test_add_func ("/buurtnet/core/invite/proof", test_proof);
  g_test_add_func ("/buurtnet/core/invite/join-request-round-trip", test_join_request_round_trip);
  g_test_add_func ("/buurtnet/core/invite/join-request-refuses-truncation",
                   test_join_request_refuses_truncation);
  g_test_add_func ("/buurtnet/core/invite/join-request-names", test_join_request_names);
  g_test_add_func ("/buurtnet/core/invite/vectors", test_vectors);
  g_test_add_func ("/buurtnet/core/invite/vectors-in-protocol-doc", test_vectors_in_protocol_doc);

  return g_test_run ();
}
