/* bn-hood.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-hood.h"
#include "bn-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define KDF_CONTEXT "buurtnet"
enum {
  KDF_ID_CONTENT = 1,
  KDF_ID_AUTH = 2,
  KDF_ID_DISCOVERY = 3,
  KDF_ID_ANCHOR = 4,
};

#define INVITE_PREFIX "buurt1"
#define INVITE_VERSION 1
#define INVITE_CHECKSUM_LEN 4
#define INVITE_GROUP 5

static gboolean
validate_name (const char  *name,
               GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (name ? name : ""));

  if (*copy == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Give the neighbourhood a name"));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL) || strlen (name) > BN_HOOD_NAME_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("The neighbourhood name is too long; keep it under %d characters"),
                   BN_HOOD_NAME_MAX);
      return FALSE;
    }
  return TRUE;
}

#define ANCHOR_LABEL "buurtnet/2 anchor"

static BnHood *
hood_new (const char *name, const guint8 secret[BN_KEY_LEN])
{
  BnHood *self = g_new0 (BnHood, 1);

  self->name = g_strdup (name);
  memcpy (self->secret, secret, BN_KEY_LEN);
  crypto_kdf_derive_from_key (self->content_key, BN_KEY_LEN, KDF_ID_CONTENT, KDF_CONTEXT, secret);
  crypto_kdf_derive_from_key (self->auth_key, BN_KEY_LEN, KDF_ID_AUTH, KDF_CONTEXT, secret);
  crypto_kdf_derive_from_key (self->discovery_key, BN_KEY_LEN, KDF_ID_DISCOVERY, KDF_CONTEXT, secret);
  self->keys = bn_keyring_new ();
  bn_keyring_set_legacy (self->keys, secret);
  return self;
}

/* The anchor of a neighbourhood made with protocol version 2 (docs/protocol.md §2.2). */
static void
founded_anchor (const guint8 secret[BN_KEY_LEN], const guint8 founder[BN_PUBLIC_KEY_LEN],
                guint8 anchor[BN_HASH_LEN])
{
  guint8 message[sizeof ANCHOR_LABEL - 1 + BN_PUBLIC_KEY_LEN];

  memcpy (message, ANCHOR_LABEL, sizeof ANCHOR_LABEL - 1);
  memcpy (message + sizeof ANCHOR_LABEL - 1, founder, BN_PUBLIC_KEY_LEN);
  bn_keyed_hash (anchor, BN_HASH_LEN, message, sizeof message, secret);
}

/* A neighbourhood made before protocol version 2: its anchor is K0's subkey 4. */
BnHood *
bn_hood_new_from_secret (const char   *name,
                         const guint8  secret[BN_KEY_LEN])
{
  BnHood *self = hood_new (name, secret);

  crypto_kdf_derive_from_key (self->anchor, BN_HASH_LEN, KDF_ID_ANCHOR, KDF_CONTEXT, secret);
  return self;
}

BnHood *
bn_hood_new_with_founder (const char   *name,
                          const guint8  secret[BN_KEY_LEN],
                          const guint8  founder[BN_PUBLIC_KEY_LEN])
{
  BnHood *self = hood_new (name, secret);

  self->has_founder = TRUE;
  memcpy (self->founder, founder, BN_PUBLIC_KEY_LEN);
  founded_anchor (secret, founder, self->anchor);
  return self;
}

/* Is @anchor the one of a neighbourhood with first key @secret and @founder (or,
 * without a founder, of one made before protocol version 2)? */
gboolean
bn_hood_check_anchor (const guint8  anchor[BN_HASH_LEN],
                      const guint8  secret[BN_KEY_LEN],
                      const guint8 *founder)
{
  guint8 expected[BN_HASH_LEN];

  if (founder != NULL)
    founded_anchor (secret, founder, expected);
  else
    crypto_kdf_derive_from_key (expected, BN_HASH_LEN, KDF_ID_ANCHOR, KDF_CONTEXT, secret);
  return sodium_memcmp (expected, anchor, BN_HASH_LEN) == 0;
}

/* A new neighbourhood founded by @founder, with a random first key. */
BnHood *
bn_hood_new_founded (const char    *name,
                     const guint8   founder[BN_PUBLIC_KEY_LEN],
                     GError       **error)
{
  guint8 secret[BN_KEY_LEN];
  BnHood *self;
  g_autofree char *stripped = NULL;

  if (!validate_name (name, error))
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  crypto_kdf_keygen (secret);
  self = bn_hood_new_with_founder (stripped, secret, founder);
  sodium_memzero (secret, sizeof secret);
  return self;
}

BnHood *
bn_hood_new_random (const char  *name,
                    GError     **error)
{
  guint8 secret[BN_KEY_LEN];
  BnHood *self;
  g_autofree char *stripped = NULL;

  if (!validate_name (name, error))
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  crypto_kdf_keygen (secret);
  self = bn_hood_new_from_secret (stripped, secret);
  sodium_memzero (secret, sizeof secret);
  return self;
}

void
bn_hood_free (BnHood *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->keys, bn_keyring_unref);
  sodium_memzero (self, sizeof *self);
  g_free (self);
}

/* Invite code: "buurt1-" then base32 of
 *   version u8 | secret 32 | name_len u8 | name | checksum 4 (BLAKE2b of the rest)
 * in groups of five, so it can be read out and typed; see docs/protocol.md §3. */
char *
bn_hood_make_invite (const BnHood *self)
{
  gsize name_len = strlen (self->name);
  gsize len = 1 + BN_KEY_LEN + 1 + name_len + INVITE_CHECKSUM_LEN;
  g_autofree guint8 *raw = g_malloc (len);
  g_autofree char *encoded = NULL;
  GString *out = g_string_new (INVITE_PREFIX);
  guint8 sum[BN_HASH_LEN];

  raw[0] = INVITE_VERSION;
  memcpy (raw + 1, self->secret, BN_KEY_LEN);
  raw[1 + BN_KEY_LEN] = (guint8) name_len;
  memcpy (raw + 2 + BN_KEY_LEN, self->name, name_len);
  bn_hash (sum, raw, len - INVITE_CHECKSUM_LEN);
  memcpy (raw + len - INVITE_CHECKSUM_LEN, sum, INVITE_CHECKSUM_LEN);

  encoded = bn_base32_encode (raw, len);
  for (gsize i = 0; encoded[i]; i++)
    {
      if (i % INVITE_GROUP == 0)
        g_string_append_c (out, '-');
      g_string_append_c (out, encoded[i]);
    }
  sodium_memzero (raw, len);
  return g_string_free (out, FALSE);
}

/* Lenient about what people do when copying a code by hand (spaces, line breaks,
 * upper case, missing dashes), strict about its content. */
static char *
normalise_invite (const char *code)
{
  GString *out = g_string_new (NULL);
  for (const char *p = code; *p; p++)
    {
      if (g_ascii_isspace (*p) || *p == '-')
        continue;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_base32_text (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7')))
      return FALSE;
  return TRUE;
}

BnHood *
bn_hood_parse_invite (const char  *code,
                      GError     **error)
{
  g_autofree char *text = normalise_invite (code ? code : "");
  const char *body;
  gsize body_len, raw_len, name_len;
  g_autofree guint8 *raw = NULL;
  g_autofree char *name = NULL;
  guint8 sum[BN_HASH_LEN];
  BnHood *hood;

  if (!g_str_has_prefix (text, INVITE_PREFIX))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("This is not a Buurtnet invite code; it starts with “buurt1-”"));
      return NULL;
    }
  body = text + strlen (INVITE_PREFIX);
  body_len = strlen (body);
  raw_len = body_len * 5 / 8;
  if (!is_base32_text (body) || raw_len < 2 + BN_KEY_LEN + INVITE_CHECKSUM_LEN
      || (raw_len * 8 + 4) / 5 != body_len)
    goto typo;

  raw = g_malloc (raw_len);
  if (!bn_base32_decode (body, raw, raw_len))
    goto typo;
  bn_hash (sum, raw, raw_len - INVITE_CHECKSUM_LEN);
  if (sodium_memcmp (sum, raw + raw_len - INVITE_CHECKSUM_LEN, INVITE_CHECKSUM_LEN) != 0)
    goto typo;

  if (raw[0] != INVITE_VERSION)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("This invite code is from a newer Buurtnet; update Buurtnet and try again"));
      return NULL;
    }
  name_len = raw[1 + BN_KEY_LEN];
  if (2 + BN_KEY_LEN + name_len + INVITE_CHECKSUM_LEN != raw_len)
    goto typo;
  name = g_strndup ((const char *) raw + 2 + BN_KEY_LEN, name_len);
  if (!g_utf8_validate (name, -1, NULL) || !validate_name (name, NULL))
    goto typo;

  hood = bn_hood_new_from_secret (name, raw + 1);
  sodium_memzero (raw, raw_len);
  return hood;

typo:
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO,
               _("This invite code has a typo; check it letter by letter with the neighbour who gave it"));
  return NULL;
}

/* The tag published in mDNS: a keyed hash of the UTC date, so members recognise
 * each other while strangers see a value that changes every day. */
char *
bn_hood_discovery_tag (const BnHood *self,
                       GDateTime    *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *day = g_date_time_format (utc, "%Y-%m-%d");
  guint8 tag[crypto_generichash_BYTES_MIN];

  bn_keyed_hash (tag, sizeof tag, (const guint8 *) day, strlen (day), self->discovery_key);
  return bn_hex_encode (tag, BN_DISCOVERY_TAG_LEN);
}
