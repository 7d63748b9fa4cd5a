/* bn-payload.c
 *
 * A version 2 payload is key ID | nonce | XChaCha20-Poly1305(JSON) under the
 * content key of the epoch key it names, with author, seq and key ID as
 * associated data, so an entry cannot be replayed under another author, position
 * or key. Version 1 payloads (before epochs) have no key ID and use K0's content
 * key (docs/protocol.md §5). A private body (visibility
 * "connectors" or "people") goes one level deeper: the envelope then holds
 *   {"type":"sealed","keys":[...],"box":"..."}
 * where "box" is the real JSON under a random key and "keys" is that key sealed
 * (crypto_box_seal) to each recipient's X25519 key, converted from Ed25519.
 * Everyone can check the envelope; only recipients read the body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-payload.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define AD_MAX (BN_PUBLIC_KEY_LEN + 8 + BN_KEY_ID_LEN)

/* The associated data: author | seq, and the key ID in version 2. */
typedef struct
{
  guint8 bytes[AD_MAX];
  gsize  len;
} Ad;

static void
make_ad (Ad *ad, const guint8 author[BN_PUBLIC_KEY_LEN], guint64 seq, const guint8 *key_id)
{
  memcpy (ad->bytes, author, BN_PUBLIC_KEY_LEN);
  bn_put_u64 (ad->bytes + BN_PUBLIC_KEY_LEN, seq);
  ad->len = BN_PUBLIC_KEY_LEN + 8;
  if (key_id != NULL)
    {
      memcpy (ad->bytes + ad->len, key_id, BN_KEY_ID_LEN);
      ad->len += BN_KEY_ID_LEN;
    }
}

/* nonce | ciphertext, after @prefix_len bytes of @prefix (the key ID, or none). */
static GBytes *
aead_encrypt (const guint8 key[BN_KEY_LEN], const Ad *ad, const guint8 *prefix, gsize prefix_len,
              const guint8 *plain, gsize plain_len)
{
  gsize out_len = prefix_len + BN_PAYLOAD_OVERHEAD + plain_len;
  guint8 *out = g_malloc (out_len);
  guint8 *nonce = out + prefix_len;
  unsigned long long ct_len = 0;

  if (prefix_len > 0)
    memcpy (out, prefix, prefix_len);
  randombytes_buf (nonce, BN_PAYLOAD_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt (nonce + BN_PAYLOAD_NONCE_LEN, &ct_len, plain,
                                              plain_len, ad->bytes, ad->len, NULL, nonce, key);
  return g_bytes_new_take (out, prefix_len + BN_PAYLOAD_NONCE_LEN + ct_len);
}

static guint8 *
aead_decrypt (const guint8 key[BN_KEY_LEN], const Ad *ad,
              const guint8 *data, gsize len, gsize *plain_len)
{
  g_autofree guint8 *plain = NULL;
  unsigned long long out_len = 0;

  if (len < BN_PAYLOAD_OVERHEAD)
    return NULL;
  plain = g_malloc (len - BN_PAYLOAD_OVERHEAD + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &out_len, NULL,
                                                  data + BN_PAYLOAD_NONCE_LEN,
                                                  len - BN_PAYLOAD_NONCE_LEN, ad->bytes,
                                                  ad->len, data, key) != 0)
    return NULL;
  plain[out_len] = '\0';
  *plain_len = out_len;
  return g_steal_pointer (&plain);
}

/* Whether nonce | ciphertext | tag was sealed with @key and @ad, without
 * decrypting it: the Poly1305 tag of XChaCha20-Poly1305-IETF (RFC 8439's
 * construction, with libsodium's HChaCha20 sub-key) computed over the
 * ciphertext and compared. The store checks every payload this way when it
 * takes an entry; only the fold decrypts, once. */
static gboolean
aead_tag_holds (const guint8 key[BN_KEY_LEN], const Ad *ad, const guint8 *data, gsize len)
{
  static const guint8 zeros[16] = { 0 };
  const guint8 *ciphertext = data + BN_PAYLOAD_NONCE_LEN;
  gsize ct_len;
  guint8 subkey[crypto_core_hchacha20_OUTPUTBYTES];
  guint8 npub[crypto_stream_chacha20_ietf_NONCEBYTES] = { 0 };
  guint8 block0[64], lengths[16], tag[crypto_onetimeauth_poly1305_BYTES];
  crypto_onetimeauth_poly1305_state state;
  gboolean holds;

  if (len < BN_PAYLOAD_OVERHEAD)
    return FALSE;
  ct_len = len - BN_PAYLOAD_OVERHEAD;
  crypto_core_hchacha20 (subkey, data, key, NULL);
  memcpy (npub + 4, data + 16, 8);
  crypto_stream_chacha20_ietf (block0, sizeof block0, npub, subkey);
  crypto_onetimeauth_poly1305_init (&state, block0);
  crypto_onetimeauth_poly1305_update (&state, ad->bytes, ad->len);
  crypto_onetimeauth_poly1305_update (&state, zeros, (0x10 - ad->len) & 0xf);
  crypto_onetimeauth_poly1305_update (&state, ciphertext, ct_len);
  crypto_onetimeauth_poly1305_update (&state, zeros, (0x10 - ct_len) & 0xf);
  for (guint i = 0; i < 8; i++)
    {
      lengths[i] = (guint8) ((guint64) ad->len >> (8 * i));
      lengths[8 + i] = (guint8) ((guint64) ct_len >> (8 * i));
    }
  crypto_onetimeauth_poly1305_update (&state, lengths, sizeof lengths);
  crypto_onetimeauth_poly1305_final (&state, tag);
  holds = crypto_verify_16 (tag, ciphertext + ct_len) == 0;
  sodium_memzero (subkey, sizeof subkey);
  sodium_memzero (block0, sizeof block0);
  sodium_memzero (&state, sizeof state);
  return holds;
}

static char *
object_to_json (JsonObject *object, gsize *len)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  *len = strlen (text);
  return text;
}

static JsonObject *
make_sealed_envelope (const Ad *ad, const char *inner, gsize inner_len,
                      GPtrArray *recipients)
{
  guint8 body_key[BN_KEY_LEN];
  g_autoptr(GBytes) box = NULL;
  JsonObject *envelope = json_object_new ();
  JsonArray *keys = json_array_new ();

  crypto_aead_xchacha20poly1305_ietf_keygen (body_key);
  box = aead_encrypt (body_key, ad, NULL, 0, (const guint8 *) inner, inner_len);

  for (guint i = 0; i < recipients->len; i++)
    {
      const guint8 *ed_pk = g_ptr_array_index (recipients, i);
      guint8 x_pk[crypto_box_PUBLICKEYBYTES];
      guint8 sealed[crypto_box_SEALBYTES + BN_KEY_LEN];
      g_autofree char *b64 = NULL;

      if (crypto_sign_ed25519_pk_to_curve25519 (x_pk, ed_pk) != 0)
        continue;
      crypto_box_seal (sealed, body_key, BN_KEY_LEN, x_pk);
      b64 = g_base64_encode (sealed, sizeof sealed);
      json_array_add_string_element (keys, b64);
    }
  sodium_memzero (body_key, sizeof body_key);

  json_object_set_string_member (envelope, "type", "sealed");
  json_object_set_array_member (envelope, "keys", keys);
  {
    gsize box_len = 0;
    const guint8 *box_data = g_bytes_get_data (box, &box_len);
    g_autofree char *b64 = g_base64_encode (box_data, box_len);
    json_object_set_string_member (envelope, "box", b64);
  }
  return envelope;
}

static GBytes *
encrypt_payload (const BnEpochKey *key, gboolean name_key, const guint8 author[BN_PUBLIC_KEY_LEN],
                 guint64 seq, JsonObject *object, GPtrArray *recipients, GError **error)
{
  Ad ad;
  gsize len = 0;
  g_autofree char *json = object_to_json (object, &len);
  g_autoptr(GBytes) payload = NULL;

  make_ad (&ad, author, seq, name_key ? key->id : NULL);
  if (recipients != NULL)
    {
      g_autoptr(JsonObject) envelope = make_sealed_envelope (&ad, json, len, recipients);
      g_free (json);
      json = object_to_json (envelope, &len);
    }

  payload = aead_encrypt (key->content_key, &ad, name_key ? key->id : NULL,
                          name_key ? BN_KEY_ID_LEN : 0, (const guint8 *) json, len);
  if (g_bytes_get_size (payload) > BN_PAYLOAD_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE,
                   _("This is too long to send (%zu bytes; the limit is %d); shorten it"),
                   g_bytes_get_size (payload), BN_PAYLOAD_MAX);
      return NULL;
    }
  return g_steal_pointer (&payload);
}

/**
 * bn_payload_encrypt:
 * @key: the epoch key to seal with (the current one, but for docs/protocol.md §5's
 *   exceptions)
 * @recipients: (nullable) (element-type guint8*): Ed25519 public keys (32 bytes
 *   each) that may read the body; %NULL for the whole neighbourhood
 *
 * Returns: (transfer full): the version 2 payload bytes to sign
 */
GBytes *
bn_payload_encrypt (const BnEpochKey  *key,
                    const guint8       author[BN_PUBLIC_KEY_LEN],
                    guint64            seq,
                    JsonObject        *object,
                    GPtrArray         *recipients,
                    GError           **error)
{
  return encrypt_payload (key, TRUE, author, seq, object, recipients, error);
}

/* A version 1 payload under K0, as written before epochs: for tests and tools
 * that make the data of an earlier Buurtnet. */
GBytes *
bn_payload_encrypt_v1 (const BnEpochKey  *legacy,
                       const guint8       author[BN_PUBLIC_KEY_LEN],
                       guint64            seq,
                       JsonObject        *object,
                       GPtrArray         *recipients,
                       GError           **error)
{
  return encrypt_payload (legacy, FALSE, author, seq, object, recipients, error);
}

/* The private body of @envelope, when it is sealed to @me: its JSON text. */
static char *
open_sealed (const BnIdentity *me, const Ad *ad, const BnJsonFields *envelope, gsize *text_len,
             GError **error)
{
  const BnJsonFields *keys = bn_json_fields_get_array (envelope, "keys");
  const char *box_b64 = bn_json_fields_get_string (envelope, "box");
  guint8 x_pk[crypto_box_PUBLICKEYBYTES], x_sk[crypto_box_SECRETKEYBYTES];
  guint8 body_key[BN_KEY_LEN];
  gboolean found = FALSE;
  const BnJsonFields *element;
  BnJsonIter iter;

  if (keys == NULL || box_b64 == NULL || me == NULL)
    goto sealed;

  if (crypto_sign_ed25519_pk_to_curve25519 (x_pk, me->public_key) != 0)
    goto sealed;
  crypto_sign_ed25519_sk_to_curve25519 (x_sk, me->secret_key);
  bn_json_iter_init (&iter, keys);
  while (!found && (element = bn_json_iter_next (&iter)) != NULL)
    {
      const char *b64 = bn_json_value_get_raw_string (element);
      gsize sealed_len = 0;
      g_autofree guint8 *sealed = b64 ? g_base64_decode (b64, &sealed_len) : NULL;

      if (sealed_len == crypto_box_SEALBYTES + BN_KEY_LEN
          && crypto_box_seal_open (body_key, sealed, sealed_len, x_pk, x_sk) == 0)
        found = TRUE;
    }
  sodium_memzero (x_sk, sizeof x_sk);
  if (found)
    {
      gsize box_len = 0;
      g_autofree guint8 *box = g_base64_decode (box_b64, &box_len);
      guint8 *plain = aead_decrypt (body_key, ad, box, box_len, text_len);

      sodium_memzero (body_key, sizeof body_key);
      if (plain == NULL)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_PAYLOAD,
                       _("A private entry’s body is damaged"));
          return NULL;
        }
      return (char *) plain;
    }

sealed:
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_SEALED,
               _("This entry is private to other neighbours"));
  return NULL;
}

/**
 * bn_payload_get_key_id:
 *
 * Returns: whether @entry is a version 2 entry with a payload, whose key ID
 *   is then in @id
 */
gboolean
bn_payload_get_key_id (const BnEntry *entry,
                       guint8         id[BN_KEY_ID_LEN])
{
  gsize len = 0;
  const guint8 *data;

  if (entry->version < 2 || entry->payload == NULL)
    return FALSE;
  data = g_bytes_get_data (entry->payload, &len);
  if (len < BN_KEY_ID_LEN)
    return FALSE;
  memcpy (id, data, BN_KEY_ID_LEN);
  return TRUE;
}

/* The key a present payload is sealed with, and its ciphertext; %NULL with
 * BN_CORE_ERROR_NO_KEY when this peer does not hold that key. */
static const BnEpochKey *
find_key (BnKeyring *keys, const BnEntry *entry, Ad *ad, const guint8 **data, gsize *len,
          GError **error)
{
  const BnEpochKey *key;

  *data = g_bytes_get_data (entry->payload, len);
  if (entry->version < 2)
    {
      key = bn_keyring_get_legacy (keys);
      make_ad (ad, entry->author, entry->seq, NULL);
    }
  else
    {
      if (*len < BN_KEY_ID_LEN)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_PAYLOAD,
                       _("An entry’s payload is too short to name its key"));
          return NULL;
        }
      key = bn_keyring_lookup (keys, *data);
      make_ad (ad, entry->author, entry->seq, *data);
      *data += BN_KEY_ID_LEN;
      *len -= BN_KEY_ID_LEN;
    }
  if (key == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_KEY,
                 _("This entry is sealed with a neighbourhood key this computer does not have (yet)"));
  return key;
}

/* Decrypts the envelope of a present payload; %NULL with an error when the
 * key it names is not held, or does not open it. */
static guint8 *
decrypt_envelope (BnKeyring *keys, const BnEntry *entry, Ad *ad, gsize *plain_len,
                  GError **error)
{
  gsize len = 0;
  const guint8 *data = NULL;
  const BnEpochKey *key = find_key (keys, entry, ad, &data, &len, error);
  guint8 *plain;

  if (key == NULL)
    return NULL;
  plain = aead_decrypt (key->content_key, ad, data, len, plain_len);
  if (plain == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_FOREIGN,
                 _("An entry’s payload cannot be opened with this neighbourhood’s key; "
                   "it belongs to another neighbourhood or was tampered with"));
  return plain;
}

/* The decrypted envelope of a present payload: its JSON text, NUL-terminated. */
static char *
open_envelope (BnKeyring *keys, const BnEntry *entry, Ad *ad, gsize *len, GError **error)
{
  if (entry->payload == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("This entry’s content has been erased"));
      return NULL;
    }
  return (char *) decrypt_envelope (keys, entry, ad, len, error);
}

/* For the store: is this payload sealed with one of our neighbourhood's keys?
 * Checks the AEAD tag only; parsing waits for the reducer, off the
 * verification path. A payload under a key this peer does not hold yet is
 * accepted unread (docs/protocol.md §4.2). */
gboolean
bn_payload_check_envelope (BnKeyring      *keys,
                           const BnEntry  *entry,
                           GError        **error)
{
  Ad ad;
  gsize len = 0;
  const guint8 *data = NULL;
  const BnEpochKey *key;
  g_autoptr(GError) local_error = NULL;

  if (entry->payload == NULL)
    return TRUE;
  key = find_key (keys, entry, &ad, &data, &len, &local_error);
  if (key == NULL)
    {
      if (g_error_matches (local_error, BN_CORE_ERROR, BN_CORE_ERROR_NO_KEY))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!aead_tag_holds (key->content_key, &ad, data, len))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_FOREIGN,
                   _("An entry’s payload cannot be opened with this neighbourhood’s key; "
                     "it belongs to another neighbourhood or was tampered with"));
      return FALSE;
    }
  return TRUE;
}

/**
 * bn_payload_envelope_holds:
 *
 * Whether @entry's payload is sealed with a key this peer holds, its tag
 * checked: bn_payload_check_envelope() without the payloads it lets through
 * unread (a key not held) and without the reason.
 */
gboolean
bn_payload_envelope_holds (BnKeyring     *keys,
                           const BnEntry *entry)
{
  Ad ad;
  gsize len = 0;
  const guint8 *data = NULL;
  const BnEpochKey *key;

  if (entry->payload == NULL)
    return FALSE;
  key = find_key (keys, entry, &ad, &data, &len, NULL);
  return key != NULL && aead_tag_holds (key->content_key, &ad, data, len);
}

static BnJsonFields *
read_fields (char *text, gsize len, GError **error)
{
  BnJsonFields *fields = bn_json_fields_new_take (text, len);

  if (fields == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_PAYLOAD,
                 _("An entry’s payload is not a JSON object"));
  return fields;
}

/**
 * bn_payload_decrypt_fields:
 * @me: (nullable): whose key opens sealed bodies
 * @was_sealed: (out) (optional): whether the body was private
 *
 * bn_payload_decrypt(), read flat: what the fold reads, with no tree built.
 *
 * Returns: (transfer full): the payload's JSON object, read flat
 */
BnJsonFields *
bn_payload_decrypt_fields (BnKeyring         *keys,
                           const BnIdentity  *me,
                           const BnEntry     *entry,
                           gboolean          *was_sealed,
                           GError           **error)
{
  Ad ad;
  gsize len = 0;
  char *text = open_envelope (keys, entry, &ad, &len, error);
  g_autoptr(BnJsonFields) envelope = NULL;

  if (was_sealed)
    *was_sealed = FALSE;
  if (text == NULL || (envelope = read_fields (text, len, error)) == NULL)
    return NULL;
  if (g_strcmp0 (bn_json_fields_get_string (envelope, "type"), "sealed") != 0)
    return g_steal_pointer (&envelope);
  if (was_sealed)
    *was_sealed = TRUE;
  text = open_sealed (me, &ad, envelope, &len, error);
  return text != NULL ? read_fields (text, len, error) : NULL;
}

/**
 * bn_payload_decrypt:
 * @me: (nullable): whose key opens sealed bodies
 * @was_sealed: (out) (optional): whether the body was private
 *
 * Returns: (transfer full): the payload's JSON object. A body sealed to others
 *   fails with %BN_CORE_ERROR_SEALED, one under an epoch key not held (yet)
 *   with %BN_CORE_ERROR_NO_KEY.
 */
JsonObject *
bn_payload_decrypt (BnKeyring         *keys,
                    const BnIdentity  *me,
                    const BnEntry     *entry,
                    gboolean          *was_sealed,
                    GError           **error)
{
  g_autoptr(BnJsonFields) fields = bn_payload_decrypt_fields (keys, me, entry, was_sealed, error);
  gsize len = 0;
  const char *text;

  if (fields == NULL)
    return NULL;
  text = bn_json_fields_get_text (fields, &len);
  return bn_json_parse_object (text, (gssize) len);
}
