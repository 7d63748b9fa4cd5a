/* bn-wire.c — the bytes of the sync protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-wire.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define LABEL_MAC_KEY "buurtnet/1 request mac key"
#define LABEL_BODY_KEY "buurtnet/1 body key"

G_DEFINE_QUARK (bn-net-error-quark, bn_net_error)

static void
derive (guint8 out[BN_KEY_LEN], const guint8 key[BN_KEY_LEN], const char *label)
{
  bn_keyed_hash (out, BN_KEY_LEN, (const guint8 *) label, strlen (label), key);
}

/* Two keys from the hood's auth key, so the MAC key never doubles as a cipher key. */
void
bn_wire_keys_init (BnWireKeys   *keys,
                   const BnHood *hood)
{
  derive (keys->mac_key, hood->auth_key, LABEL_MAC_KEY);
  derive (keys->body_key, hood->auth_key, LABEL_BODY_KEY);
}

static char *
body_hash_hex (GBytes *body)
{
  guint8 hash[BN_HASH_LEN];
  gsize len = 0;
  const guint8 *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  bn_hash (hash, data != NULL ? data : (const guint8 *) "", len);
  return bn_hex_encode (hash, BN_HASH_LEN);
}

static char *
mac_of_lines (const BnWireKeys *keys, const char *const *lines)
{
  g_autofree char *text = g_strjoinv ("\n", (char **) lines);
  guint8 mac[BN_WIRE_MAC_LEN];

  bn_keyed_hash (mac, sizeof mac, (const guint8 *) text, strlen (text), keys->mac_key);
  return bn_hex_encode (mac, sizeof mac);
}

char *
bn_wire_request_mac (const BnWireKeys *keys,
                     const char       *method,
                     const char       *path,
                     const char       *time,
                     const char       *nonce,
                     const char       *if_none_match,
                     GBytes           *body)
{
  g_autofree char *hash = body_hash_hex (body);
  const char *lines[] = { "buurtnet/" BN_WIRE_VERSION " request", method, path, time, nonce,
                          if_none_match ? if_none_match : "", hash, NULL };

  return mac_of_lines (keys, lines);
}

char *
bn_wire_response_mac (const BnWireKeys *keys,
                      guint             status,
                      const char       *request_nonce,
                      const char       *time,
                      const char       *nonce,
                      const char       *etag,
                      GBytes           *body)
{
  g_autofree char *hash = body_hash_hex (body);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  const char *lines[] = { "buurtnet/" BN_WIRE_VERSION " response", status_text, request_nonce,
                          time, nonce, etag ? etag : "", hash, NULL };

  return mac_of_lines (keys, lines);
}

gboolean
bn_wire_mac_equal (const char *expected,
                   const char *given)
{
  gsize len = strlen (expected);

  if (given == NULL || strlen (given) != len)
    return FALSE;
  return sodium_memcmp (expected, given, len) == 0;
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
  return ABS (now_ms - (gint64) value) <= BN_WIRE_WINDOW_MS;
}

GBytes *
bn_wire_seal (const BnWireKeys *keys,
              const char       *nonce,
              GBytes           *plain)
{
  guint8 raw_nonce[BN_WIRE_NONCE_LEN];
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (plain, &len);
  guint8 *out;

  if (!bn_wire_parse_nonce (nonce, raw_nonce))
    g_return_val_if_reached (NULL);
  if (len == 0)
    return g_bytes_new (NULL, 0);
  out = g_malloc (len);
  crypto_stream_xchacha20_xor (out, data, len, raw_nonce, keys->body_key);
  return g_bytes_new_take (out, len);
}

GBytes *
bn_wire_encode_heads (GArray *heads)
{
  GByteArray *out = g_byte_array_sized_new (heads->len * BN_WIRE_HEAD_LEN);

  for (guint i = 0; i < heads->len; i++)
    {
      const BnHead *head = &g_array_index (heads, BnHead, i);
      guint8 seq[8];

      bn_put_u64 (seq, head->seq);
      g_byte_array_append (out, head->author, BN_PUBLIC_KEY_LEN);
      g_byte_array_append (out, seq, 8);
      g_byte_array_append (out, head->id, BN_HASH_LEN);
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
      g_array_append_val (heads, head);
    }
  return heads;
}

/* Keyed, so the ETag a stranger sees says nothing they could check a guess against. */
char *
bn_wire_heads_etag (const BnWireKeys *keys,
                    GBytes           *encoded_heads)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (encoded_heads, &len);
  guint8 digest[BN_WIRE_DIGEST_LEN];
  g_autofree char *hex = NULL;

  bn_keyed_hash (digest, sizeof digest, data != NULL ? data : (const guint8 *) "", len,
                 keys->mac_key);
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
      || (len - 4) / BN_WIRE_WANT_LEN > BN_WIRE_MAX_WANTS)
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
                       GError       **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  gsize off = 0;

  while (off < len)
    {
      gsize consumed = 0;
      BnEntry *entry = bn_entry_read_frame (data + off, len - off, &consumed, error);

      if (entry == NULL)
        {
          g_prefix_error (error, _("Entry %u of a batch: "), entries->len + 1);
          break;
        }
      g_ptr_array_add (entries, entry);
      off += consumed;
    }
  return entries;
}

gsize
bn_wire_frame_size (const BnEntry *entry)
{
  return 1 + BN_HEADER_LEN + (entry->payload != NULL ? g_bytes_get_size (entry->payload) : 0);
}

void
bn_wire_link_key (const BnWireKeys *keys,
                  const char       *link_nonce,
                  gboolean          from_client,
                  guint8            key[BN_KEY_LEN])
{
  g_autofree char *label = g_strdup_printf ("buurtnet/1 link %s %s",
                                            from_client ? "client" : "server", link_nonce);
  derive (key, keys->body_key, label);
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
                   _("A live message does not carry this neighbourhood's key"));
      return NULL;
    }
  return g_bytes_new_take (plain, plen);
}
