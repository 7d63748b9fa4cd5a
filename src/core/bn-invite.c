/* bn-invite.c — invite codes, version 2 (docs/protocol.md §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-invite.h"
#include "bn-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SEED_CONTEXT "buurtnet/2 invite\n"
#define PROOF_CONTEXT "buurtnet/2 admit\n"

/* ---- GF(32) and the Reed–Solomon check symbols (§3.2) ---- */

#define GF_POLY 0x25            /* x^5 + x^2 + 1 */
#define GF_ORDER 31             /* alpha = 2 generates the 31 non-zero elements */
#define GF_ALPHA 2
/* g(x) = (x + alpha)(x + alpha^2) = x^2 + G1 x + G0 */
#define G1 6                    /* alpha + alpha^2 */
#define G0 8                    /* alpha^3 */

static guint8
gf_mul (guint8 a,
        guint8 b)
{
  guint8 product = 0;

  for (; b != 0; b >>= 1)
    {
      if (b & 1)
        product ^= a;
      a <<= 1;
      if (a & 0x20)
        a ^= GF_POLY;
    }
  return product;
}

static guint8
gf_pow (guint8 a,
        guint  n)
{
  guint8 result = 1;

  while (n-- > 0)
    result = gf_mul (result, a);
  return result;
}

/* a^30 = a^-1 for every non-zero a, since the multiplicative group has order 31. */
static guint8
gf_inverse (guint8 a)
{
  return gf_pow (a, GF_ORDER - 1);
}

/* C(x) evaluated at @x by Horner's rule; the first symbol is the highest degree. */
static guint8
evaluate (const guint8 values[BN_INVITE_SYMBOLS],
          guint8       x)
{
  guint8 sum = 0;

  for (guint i = 0; i < BN_INVITE_SYMBOLS; i++)
    sum = gf_mul (sum, x) ^ values[i];
  return sum;
}

/* The remainder of D(x)·x^2 divided by g(x), by the usual division register. */
static void
compute_check_symbols (guint8 values[BN_INVITE_SYMBOLS])
{
  guint8 high = 0, low = 0;

  for (guint i = 0; i < BN_INVITE_DATA_SYMBOLS; i++)
    {
      guint8 feedback = values[i] ^ high;

      high = low ^ gf_mul (feedback, G1);
      low = gf_mul (feedback, G0);
    }
  values[BN_INVITE_DATA_SYMBOLS] = high;
  values[BN_INVITE_DATA_SYMBOLS + 1] = low;
}

/* Where a single changed symbol would be, from the syndromes S1 = C(alpha) and
 * S2 = C(alpha^2): the error e at position p gives S1 = e·alpha^j and
 * S2 = e·alpha^2j with j = 19 - p, so S2 / S1 = alpha^j.
 * Returns: the position (0-based from the left), or -1 when no single error explains
 *   the syndromes (two or more changes). */
static int
locate_single_error (guint8 s1,
                     guint8 s2)
{
  guint8 ratio, power = 1;

  if (s1 == 0 || s2 == 0)
    return -1;
  ratio = gf_mul (s2, gf_inverse (s1));
  for (guint j = 0; j < BN_INVITE_SYMBOLS; j++)
    {
      if (power == ratio)
        return BN_INVITE_SYMBOLS - 1 - j;
      power = gf_mul (power, GF_ALPHA);
    }
  return -1;
}

/* ---- Derivations (§3.3–3.5) ---- */

static void
derive_seed (const BnInviteCode *self,
             guint8              seed[crypto_sign_SEEDBYTES])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, crypto_sign_SEEDBYTES);
  crypto_generichash_update (&state, (const guint8 *) SEED_CONTEXT, strlen (SEED_CONTEXT));
  crypto_generichash_update (&state, (const guint8 *) self->symbols, BN_INVITE_DATA_SYMBOLS);
  crypto_generichash_final (&state, seed, crypto_sign_SEEDBYTES);
  sodium_memzero (&state, sizeof state);
}

/* The invite key pair; the caller zeroes @secret_key after use. */
static void
derive_key_pair (const BnInviteCode *self,
                 guint8              public_key[BN_PUBLIC_KEY_LEN],
                 guint8              secret_key[BN_SECRET_KEY_LEN])
{
  guint8 seed[crypto_sign_SEEDBYTES];

  derive_seed (self, seed);
  crypto_sign_seed_keypair (public_key, secret_key, seed);
  sodium_memzero (seed, sizeof seed);
}

/**
 * bn_invite_id_for_key:
 *
 * The invite ID of @invite_pk: BLAKE2b with a 16-byte output, unkeyed.
 */
void
bn_invite_id_for_key (const guint8 invite_pk[BN_PUBLIC_KEY_LEN],
                      guint8       invite_id[BN_INVITE_ID_LEN])
{
  crypto_generichash (invite_id, BN_INVITE_ID_LEN, invite_pk, BN_PUBLIC_KEY_LEN, NULL, 0);
}

/* "buurtnet/2 admit\n" | invite_id | member_pk: what the proof signs. */
#define PROOF_MESSAGE_LEN (sizeof PROOF_CONTEXT - 1 + BN_INVITE_ID_LEN + BN_PUBLIC_KEY_LEN)

static void
build_proof_message (guint8       message[PROOF_MESSAGE_LEN],
                     const guint8 invite_id[BN_INVITE_ID_LEN],
                     const guint8 member_pk[BN_PUBLIC_KEY_LEN])
{
  gsize context_len = strlen (PROOF_CONTEXT);

  memcpy (message, PROOF_CONTEXT, context_len);
  memcpy (message + context_len, invite_id, BN_INVITE_ID_LEN);
  memcpy (message + context_len + BN_INVITE_ID_LEN, member_pk, BN_PUBLIC_KEY_LEN);
}

/* ---- The code as a value ---- */

/* @values holds the 18 data symbols; their check symbols are (re)computed into it. */
static BnInviteCode *
invite_code_new_from_values (guint8 values[BN_INVITE_SYMBOLS])
{
  BnInviteCode *self = g_new0 (BnInviteCode, 1);
  guint8 secret_key[BN_SECRET_KEY_LEN];

  compute_check_symbols (values);
  for (guint i = 0; i < BN_INVITE_SYMBOLS; i++)
    self->symbols[i] = BN_INVITE_ALPHABET[values[i]];
  derive_key_pair (self, self->invite_pk, secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
  bn_invite_id_for_key (self->invite_pk, self->invite_id);
  return self;
}

/**
 * bn_invite_code_new_random:
 *
 * Returns: (transfer full): a new code: 18 random symbols (90 bits) and their 2 check
 *   symbols
 */
BnInviteCode *
bn_invite_code_new_random (void)
{
  guint8 values[BN_INVITE_SYMBOLS];
  BnInviteCode *self;

  for (guint i = 0; i < BN_INVITE_DATA_SYMBOLS; i++)
    values[i] = (guint8) randombytes_uniform (32);
  self = invite_code_new_from_values (values);
  sodium_memzero (values, sizeof values);
  return self;
}

/**
 * bn_invite_code_new_from_data:
 * @data_text: the 18 data symbols, exactly as the alphabet spells them (upper case,
 *   no separators)
 *
 * The code with these data symbols: for test vectors and tools, not for people.
 *
 * Returns: (transfer full) (nullable): the code, or %NULL when @data_text is not
 *   18 symbols of %BN_INVITE_ALPHABET
 */
BnInviteCode *
bn_invite_code_new_from_data (const char *data_text)
{
  guint8 values[BN_INVITE_SYMBOLS] = { 0 };

  if (data_text == NULL || strlen (data_text) != BN_INVITE_DATA_SYMBOLS)
    return NULL;
  for (guint i = 0; i < BN_INVITE_DATA_SYMBOLS; i++)
    {
      const char *found = strchr (BN_INVITE_ALPHABET, data_text[i]);

      if (found == NULL)
        return NULL;
      values[i] = (guint8) (found - BN_INVITE_ALPHABET);
    }
  return invite_code_new_from_values (values);
}

void
bn_invite_code_free (BnInviteCode *self)
{
  if (self == NULL)
    return;
  sodium_memzero (self, sizeof *self);
  g_free (self);
}

/**
 * bn_invite_code_format:
 *
 * Returns: (transfer full): the code as people see it: 5 groups of 4 symbols joined by
 *   "-", upper case (the QR code holds the same text). It is the secret.
 */
char *
bn_invite_code_format (const BnInviteCode *self)
{
  char *text = g_malloc (BN_INVITE_TEXT_LEN + 1);
  gsize out = 0;

  for (guint i = 0; i < BN_INVITE_SYMBOLS; i++)
    {
      if (i > 0 && i % BN_INVITE_GROUP_LEN == 0)
        text[out++] = '-';
      text[out++] = self->symbols[i];
    }
  text[out] = '\0';
  return text;
}

/**
 * bn_invite_code_make_proof:
 * @member_pk: the newcomer's identity
 * @proof: (out caller-allocates): the Ed25519 signature by the invite key over
 *   "buurtnet/2 admit\n" | invite_id | @member_pk
 */
void
bn_invite_code_make_proof (const BnInviteCode *self,
                           const guint8        member_pk[BN_PUBLIC_KEY_LEN],
                           guint8              proof[BN_INVITE_PROOF_LEN])
{
  guint8 public_key[BN_PUBLIC_KEY_LEN];
  guint8 secret_key[BN_SECRET_KEY_LEN];
  guint8 message[PROOF_MESSAGE_LEN];

  derive_key_pair (self, public_key, secret_key);
  build_proof_message (message, self->invite_id, member_pk);
  crypto_sign_detached (proof, NULL, message, sizeof message, secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
}

/**
 * bn_invite_verify_proof:
 * @invite_pk: the invite's public key, from its `invite` roster entry
 * @invite_id: the invite ID the proof claims
 *
 * Returns: %TRUE when @invite_id is the ID of @invite_pk and @proof is the invite
 *   key's signature admitting @member_pk
 */
gboolean
bn_invite_verify_proof (const guint8 invite_pk[BN_PUBLIC_KEY_LEN],
                        const guint8 invite_id[BN_INVITE_ID_LEN],
                        const guint8 member_pk[BN_PUBLIC_KEY_LEN],
                        const guint8 proof[BN_INVITE_PROOF_LEN])
{
  guint8 expected_id[BN_INVITE_ID_LEN];
  guint8 message[PROOF_MESSAGE_LEN];

  bn_invite_id_for_key (invite_pk, expected_id);
  if (memcmp (expected_id, invite_id, BN_INVITE_ID_LEN) != 0)
    return FALSE;
  build_proof_message (message, invite_id, member_pk);
  return crypto_sign_verify_detached (proof, message, sizeof message, invite_pk) == 0;
}

/* ---- Reading what a person typed (§3.1) ---- */

typedef struct
{
  guint8 values[BN_INVITE_SYMBOLS];
  gsize  count;        /* letters and digits read, whatever their number */
  guint  bad_groups;   /* bit g: group g holds a character outside the alphabet */
} TypedCode;

/* The value of an ASCII letter or digit, read the way people mistype: any case,
 * I and L as 1, O as 0. Returns -1 for U, the one letter the alphabet lacks. */
static int
ascii_symbol_value (char c)
{
  const char *found;

  c = g_ascii_toupper (c);
  if (c == 'I' || c == 'L')
    c = '1';
  else if (c == 'O')
    c = '0';
  found = strchr (BN_INVITE_ALPHABET, c);
  return found != NULL ? (int) (found - BN_INVITE_ALPHABET) : -1;
}

static void
note_symbol (TypedCode *typed,
             int        value)
{
  if (typed->count < BN_INVITE_SYMBOLS)
    {
      if (value < 0)
        typed->bad_groups |= 1u << (typed->count / BN_INVITE_GROUP_LEN);
      typed->values[typed->count] = value < 0 ? 0 : (guint8) value;
    }
  typed->count++;
}

/* Every letter or digit counts as a character of the code, in any script (an "é"
 * or a byte that is not UTF-8 is a character the alphabet lacks); everything else
 * (spaces, dashes, dots, line breaks) is a separator and dropped. */
static void
read_typed_code (const char *text,
                 TypedCode  *typed)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          note_symbol (typed, -1);
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      if (!g_unichar_isalnum (c))
        continue;
      note_symbol (typed, c < 0x80 ? ascii_symbol_value ((char) c) : -1);
    }
}

static void
set_length_error (GError **error,
                  gsize    count)
{
  guint shown = (guint) MIN (count, G_MAXUINT);

  if (count == 0)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                 _("Type the invite code a neighbour gave you: 20 characters, in 5 groups of 4"));
  else
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                 g_dngettext (GETTEXT_PACKAGE,
                              "This code has %u character, but an invite code has 20 "
                              "(5 groups of 4); check that none is missing or extra",
                              "This code has %u characters, but an invite code has 20 "
                              "(5 groups of 4); check that none is missing or extra",
                              shown),
                 shown);
}

/* @group is 0-based, or -1 when the mistake cannot be placed. */
static void
set_typo_error (GError **error,
                int      group)
{
  if (group >= 0)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO,
                 _("Group %d of this code looks wrong; check it with the neighbour who gave "
                   "you the code"),
                 group + 1);
  else
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO,
                 _("This code has a typo; check it with the neighbour who gave it"));
}

/* The group whose bit is the only one set in @groups, or -1. */
static int
only_group (guint groups)
{
  for (int g = 0; g < BN_INVITE_GROUPS; g++)
    if (groups == 1u << g)
      return g;
  return -1;
}

/**
 * bn_invite_code_parse:
 * @text: what a person typed or a QR code held
 *
 * Reads a code leniently (docs/protocol.md §3.1): separators dropped, any case,
 * I and L read as 1, O as 0. A code of the wrong length is refused with
 * %BN_CORE_ERROR_INVALID and says how many characters it has; a code whose check
 * symbols do not match with %BN_CORE_ERROR_TYPO, naming the group that looks wrong
 * when one changed symbol explains the mistake.
 *
 * Returns: (transfer full) (nullable): the code, or %NULL with @error set
 */
BnInviteCode *
bn_invite_code_parse (const char  *text,
                      GError     **error)
{
  TypedCode typed = { 0 };
  BnInviteCode *self = NULL;
  guint8 s1, s2;

  read_typed_code (text != NULL ? text : "", &typed);
  if (typed.count != BN_INVITE_SYMBOLS)
    {
      set_length_error (error, typed.count);
      goto out;
    }
  if (typed.bad_groups != 0)
    {
      set_typo_error (error, only_group (typed.bad_groups));
      goto out;
    }
  s1 = evaluate (typed.values, GF_ALPHA);
  s2 = evaluate (typed.values, gf_mul (GF_ALPHA, GF_ALPHA));
  if (s1 != 0 || s2 != 0)
    {
      int position = locate_single_error (s1, s2);

      set_typo_error (error, position >= 0 ? position / BN_INVITE_GROUP_LEN : -1);
      goto out;
    }
  self = invite_code_new_from_values (typed.values);

out:
  sodium_memzero (&typed, sizeof typed);
  return self;
}
