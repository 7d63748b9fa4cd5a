/* bn-wire.c — the bytes of the sync protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-wire.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define LABEL_PAIR "buurtnet/2 pair"
#define LABEL_REQUEST_BODY "buurtnet/2 request body"
#define LABEL_RESPONSE_BODY "buurtnet/2 response body"
#define LABEL_ETAG "buurtnet/2 etag"
#define LABEL_LINK_CLIENT "buurtnet/2 link client"
#define LABEL_LINK_SERVER "buurtnet/2 link server"

G_DEFINE_QUARK (bn-net-error-quark, bn_net_error)

static void
derive (guint8 out[BN_KEY_LEN], const guint8 key[BN_KEY_LEN], const guint8 *label, gsize len)
{
  bn_keyed_hash (out, BN_KEY_LEN, label, len, key);
}

static void
derive_text (guint8 out[BN_KEY_LEN], const guint8 key[BN_KEY_LEN], const char *label)
{
  derive (out, key, (const guint8 *) label, strlen (label));
}

/**
 * bn_wire_pair_keys:
 * @other: the other side's Ed25519 public key
 * @i_am_client: whether @me is the client of the pair (the client's key comes
 *   first in the derivation, whoever computes it)
 *
 * P = BLAKE2b-256 keyed with X25519(my x_sk, other x_pk) of
 * "buurtnet/2 pair" || client pk || server pk, and its sub-keys.
 *
 * Returns: %FALSE when @other is not a usable key (not a curve point, or a
 *   low-order point that makes the agreement all zeros)
 */
gboolean
bn_wire_pair_keys (BnPairKeys       *keys,
                   const BnIdentity *me,
                   const guint8      other[BN_PUBLIC_KEY_LEN],
                   gboolean          i_am_client)
{
  guint8 my_x_sk[crypto_scalarmult_SCALARBYTES], other_x_pk[crypto_scalarmult_BYTES];
  guint8 shared[crypto_scalarmult_BYTES];
  guint8 text[sizeof LABEL_PAIR - 1 + 2 * BN_PUBLIC_KEY_LEN];
  const guint8 *client = i_am_client ? me->public_key : other;
  const guint8 *server = i_am_client ? other : me->public_key;
  gboolean ok;

  ok = crypto_sign_ed25519_pk_to_curve25519 (other_x_pk, other) == 0
       && crypto_sign_ed25519_sk_to_curve25519 (my_x_sk, me->secret_key) == 0
       && crypto_scalarmult (shared, my_x_sk, other_x_pk) == 0
       && !sodium_is_zero (shared, sizeof shared);
  sodium_memzero (my_x_sk, sizeof my_x_sk);
  if (!ok)
    {
      sodium_memzero (shared, sizeof shared);
      return FALSE;
    }
  memcpy (text, LABEL_PAIR, sizeof LABEL_PAIR - 1);
  memcpy (text + sizeof LABEL_PAIR - 1, client, BN_PUBLIC_KEY_LEN);
  memcpy (text + sizeof LABEL_PAIR - 1 + BN_PUBLIC_KEY_LEN, server, BN_PUBLIC_KEY_LEN);
  derive (keys->pair, shared, text, sizeof text);
  sodium_memzero (shared, sizeof shared);
  derive_text (keys->request_body, keys->pair, LABEL_REQUEST_BODY);
  derive_text (keys->response_body, keys->pair, LABEL_RESPONSE_BODY);
  derive_text (keys->etag, keys->pair, LABEL_ETAG);
  return TRUE;
}

static char *
join_lines (const char *const *lines)
{
  return g_strjoinv ("\n", (char **) lines);
}

/* Returns: (transfer full): the text a request's Bn-Sig signs */
char *
bn_wire_request_text (const char *method,
                      const char *path,
                      const char *peer,
                      const char *to,
                      const char *time,
                      const char *nonce,
                      const char *if_none_match,
                      gsize       content_length)
{
  g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, content_length);
  const char *lines[] = { "buurtnet/" BN_WIRE_VERSION " request", method, path, peer,
                          to ? to : "", time, nonce, if_none_match ? if_none_match : "",
                          length, NULL };

  return join_lines (lines);
}

/* Returns: (transfer full): the text a response's Bn-Sig signs */
char *
bn_wire_response_text (guint       status,
                       const char *request_nonce,
                       const char *peer,
                       const char *time,
                       const char *nonce,
                       const char *etag,
                       gsize       content_length)
{
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, content_length);
  const char *lines[] = { "buurtnet/" BN_WIRE_VERSION " response", status_text, request_nonce,
                          peer, time, nonce, etag ? etag : "", length, NULL };

  return join_lines (lines);
}

void
bn_wire_sign (const BnIdentity *me,
              const char       *text,
              guint8            signature[BN_WIRE_SIG_LEN])
{
  crypto_sign_detached (signature, NULL, (const guint8 *) text, strlen (text), me->secret_key);
}

gboolean
bn_wire_verify (const guint8  key[BN_PUBLIC_KEY_LEN],
                const char   *text,
                const guint8  signature[BN_WIRE_SIG_LEN])
{
  return crypto_sign_verify_detached (signature, (const guint8 *) text, strlen (text), key) == 0;
}

gboolean
bn_wire_parse_signature (const char *hex,
                         guint8      signature[BN_WIRE_SIG_LEN])
{
  return hex != NULL && strlen (hex) == 2 * BN_WIRE_SIG_LEN
         && bn_hex_decode (hex, signature, BN_WIRE_SIG_LEN);
}

char *
bn_wire_new_nonce (void)
{
  guint8 nonce[BN_WIRE_NONCE_LEN];

  randombytes_buf (nonce, sizeof nonce);
  return bn_hex_encode (nonce, sizeof nonce);
}

gboolean
bn_wire_parse_nonce (const char *hex,
                     guint8      nonce[BN_WIRE_NONCE_LEN])
{
  return hex != NULL && strlen (hex) == 2 * BN_WIRE_NONCE_LEN
         && bn_hex_decode (hex, nonce, BN_WIRE_NONCE_LEN);
}

gboolean
bn_wire_time_acceptable (const char *time,
                         gint64      now_ms,
                         gint64     *parsed_ms)
{
  guint64 value;

  if (time == NULL || !g_ascii_string_to_unsigned (time, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *parsed_ms = (gint64) value;
  return ABS (now_ms - (gint64) value) <= BN_LIMIT_CLOCK_SKEW_MS;
}

/* Returns: (transfer full): ciphertext || tag of @plain */
GBytes *
bn_wire_seal_body (const guint8  key[BN_KEY_LEN],
                   const guint8  nonce[BN_WIRE_NONCE_LEN],
                   const guint8  signature[BN_WIRE_SIG_LEN],
                   GBytes       *plain)
{
  gsize len = 0;
  const guint8 *data = plain != NULL ? g_bytes_get_data (plain, &len) : NULL;
  guint8 *out = g_malloc (len + BN_WIRE_TAG_LEN);
  unsigned long long out_len = 0;

  crypto_aead_xchacha20poly1305_ietf_encrypt (out, &out_len, data, len, signature,
                                              BN_WIRE_SIG_LEN, NULL, nonce, key);
  return g_bytes_new_take (out, out_len);
}

/* Returns: (transfer full) (nullable): the plaintext, or %NULL when the tag fails */
GBytes *
bn_wire_open_body (const guint8   key[BN_KEY_LEN],
                   const guint8   nonce[BN_WIRE_NONCE_LEN],
                   const guint8   signature[BN_WIRE_SIG_LEN],
                   GBytes        *sealed,
                   GError       **error)
{
  gsize len = 0;
  const guint8 *data = sealed != NULL ? g_bytes_get_data (sealed, &len) : NULL;
  guint8 *out;
  unsigned long long out_len = 0;

  if (len < BN_WIRE_TAG_LEN)
    goto fail;
  out = g_malloc (len - BN_WIRE_TAG_LEN + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (out, &out_len, NULL, data, len, signature,
                                                  BN_WIRE_SIG_LEN, nonce, key) != 0)
    {
      g_free (out);
      goto fail;
    }
  return g_bytes_new_take (out, out_len);

fail:
  g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
               _("A sealed body does not open with the key of this pair of neighbours"));
  return NULL;
}

GBytes *
bn_wire_encode_heads (GArray *heads)
{
  GByteArray *out = g_byte_array_sized_new (heads->len * BN_WIRE_HEAD_LEN);

  for (guint i = 0; i < heads->len; i++)
    {
      const BnHead *head = &g_array_index (heads, BnHead, i);
      guint8 seq[8], holes[4];

      bn_put_u64 (seq, head->seq);
      bn_put_u32 (holes, head->holes);
      g_byte_array_append (out, head->author, BN_PUBLIC_KEY_LEN);
      g_byte_array_append (out, seq, 8);
      g_byte_array_append (out, head->id, BN_HASH_LEN);
      g_byte_array_append (out, holes, 4);
    }
  return g_byte_array_free_to_bytes (out);
}

GArray *
bn_wire_decode_heads (GBytes  *bytes,
                      GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GArray *heads;

  if (len % BN_WIRE_HEAD_LEN != 0)
    {
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                   _("A list of log heads has a torn record (%zu bytes)"), len);
      return NULL;
    }
  heads = g_array_sized_new (FALSE, TRUE, sizeof (BnHead), len / BN_WIRE_HEAD_LEN);
  for (gsize off = 0; off < len; off += BN_WIRE_HEAD_LEN)
    {
      BnHead head = { 0 };

      memcpy (head.author, data + off, BN_PUBLIC_KEY_LEN);
      head.seq = bn_get_u64 (data + off + BN_PUBLIC_KEY_LEN);
      memcpy (head.id, data + off + BN_PUBLIC_KEY_LEN + 8, BN_HASH_LEN);
      head.holes = bn_get_u32 (data + off + BN_PUBLIC_KEY_LEN + 8 + BN_HASH_LEN);
      g_array_append_val (heads, head);
    }
  return heads;
}

/* Keyed with the pair's ETag key: a third party who sees the ETag cannot check
 * a guess of the heads against it, and it says nothing to another member. */
char *
bn_wire_heads_etag (const BnPairKeys *keys,
                    GBytes           *encoded_heads)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (encoded_heads, &len);
  guint8 digest[BN_WIRE_DIGEST_LEN];
  g_autofree char *hex = NULL;

  bn_keyed_hash (digest, sizeof digest, data != NULL ? data : (const guint8 *) "", len,
                 keys->etag);
  hex = bn_hex_encode (digest, sizeof digest);
  return g_strdup_printf ("\"%s\"", hex);
}

GBytes *
bn_wire_encode_wants (GArray  *wants,
                      guint32  max_bytes)
{
  GByteArray *out = g_byte_array_sized_new (4 + wants->len * BN_WIRE_WANT_LEN);
  guint8 cap[4];

  bn_put_u32 (cap, max_bytes);
  g_byte_array_append (out, cap, 4);
  for (guint i = 0; i < wants->len; i++)
    {
      const BnHead *want = &g_array_index (wants, BnHead, i);
      guint8 seq[8];

      bn_put_u64 (seq, want->seq);
      g_byte_array_append (out, want->author, BN_PUBLIC_KEY_LEN);
      g_byte_array_append (out, seq, 8);
    }
  return g_byte_array_free_to_bytes (out);
}

GArray *
bn_wire_decode_wants (GBytes   *bytes,
                      guint32  *max_bytes,
                      GError  **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GArray *wants;

  if (len < 4 || (len - 4) % BN_WIRE_WANT_LEN != 0
      || (len - 4) / BN_WIRE_WANT_LEN > BN_LIMIT_WANTS)
    {
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                   _("A pull request is malformed (%zu bytes)"), len);
      return NULL;
    }
  if (max_bytes != NULL)
    *max_bytes = bn_get_u32 (data);
  wants = g_array_sized_new (FALSE, TRUE, sizeof (BnHead), (len - 4) / BN_WIRE_WANT_LEN);
  for (gsize off = 4; off < len; off += BN_WIRE_WANT_LEN)
    {
      BnHead want = { 0 };

      memcpy (want.author, data + off, BN_PUBLIC_KEY_LEN);
      want.seq = bn_get_u64 (data + off + BN_PUBLIC_KEY_LEN);
      g_array_append_val (wants, want);
    }
  return wants;
}

GPtrArray *
bn_wire_decode_frames (const guint8  *data,
                       gsize          len,
                       guint         *refused,
                       GError       **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  guint bad = 0;

  bn_entry_read_frames (data, len, entries, &bad, error);
  if (refused != NULL)
    *refused = bad;
  return entries;
}

gsize
bn_wire_frame_size (const BnEntry *entry)
{
  return 1 + BN_HEADER_LEN + (entry->payload != NULL ? g_bytes_get_size (entry->payload) : 0);
}

/* K = BLAKE2b-256 keyed with P of "buurtnet/2 link client" (or "server") || the
 * upgrade request's 24 nonce bytes: one key per link and direction. */
void
bn_wire_link_key (const BnPairKeys *keys,
                  const guint8      link_nonce[BN_WIRE_NONCE_LEN],
                  gboolean          from_client,
                  guint8            key[BN_KEY_LEN])
{
  const char *label = from_client ? LABEL_LINK_CLIENT : LABEL_LINK_SERVER;
  gsize label_len = strlen (label);
  guint8 text[sizeof LABEL_LINK_CLIENT - 1 + BN_WIRE_NONCE_LEN];

  memcpy (text, label, label_len);
  memcpy (text + label_len, link_nonce, BN_WIRE_NONCE_LEN);
  derive (key, keys->pair, text, label_len + BN_WIRE_NONCE_LEN);
}

static void
link_nonce_for (guint64 counter, guint8 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES])
{
  memset (nonce, 0, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  bn_put_u64 (nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES - 8, counter);
}

GBytes *
bn_wire_link_seal (const guint8  key[BN_KEY_LEN],
                   guint64       counter,
                   guint8        type,
                   const guint8 *data,
                   gsize         len)
{
  gsize out_len = 8 + 1 + len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  guint8 *out = g_malloc (out_len);
  guint8 *plain = g_malloc (1 + len);
  guint8 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  unsigned long long clen = 0;

  bn_put_u64 (out, counter);
  plain[0] = type;
  if (len > 0)
    memcpy (plain + 1, data, len);
  link_nonce_for (counter, nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + 8, &clen, plain, 1 + len, out, 8, NULL,
                                              nonce, key);
  g_free (plain);
  return g_bytes_new_take (out, 8 + clen);
}

/* Returns: (transfer full): type byte followed by the message's data */
GBytes *
bn_wire_link_open (const guint8  key[BN_KEY_LEN],
                   guint64       expected_counter,
                   GBytes       *message,
                   GError      **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (message, &len);
  guint8 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  unsigned long long plen = 0;
  guint8 *plain;

  if (len < 8 + 1 + crypto_aead_xchacha20poly1305_ietf_ABYTES
      || bn_get_u64 (data) != expected_counter)
    {
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
                   _("A live message is out of order or cut short"));
      return NULL;
    }
  plain = g_malloc (len);
  link_nonce_for (expected_counter, nonce);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &plen, NULL, data + 8, len - 8,
                                                  data, 8, nonce, key) != 0)
    {
      g_free (plain);
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
                   _("A live message does not carry this neighbourhood’s key"));
      return NULL;
    }
  return g_bytes_new_take (plain, plen);
}

/* BLAKE2b-16 keyed with the discovery key of the UTC date "YYYY-MM-DD"; its
 * first 6 bytes in hex. */
char *
bn_wire_discovery_tag (const guint8  key[BN_KEY_LEN],
                       GDateTime    *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *day = g_date_time_format (utc, "%Y-%m-%d");
  guint8 tag[crypto_generichash_BYTES_MIN];

  bn_keyed_hash (tag, sizeof tag, (const guint8 *) day, strlen (day), key);
  return bn_hex_encode (tag, BN_DISCOVERY_TAG_LEN);
}
