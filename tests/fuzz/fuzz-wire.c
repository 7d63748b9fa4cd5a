/* fuzz-wire.c — the sync protocol's own encodings (src/net/bn-wire.c): heads lists,
 * pull requests (wants), nonces, signatures, timestamps and peer IDs from request
 * headers, neighbours' addresses, sealed bodies and sealed live-link messages
 *
 * The first byte picks the decoder, the rest is its input. Oracles: heads and
 * wants that decode re-encode to the same bytes; a body or live message sealed
 * here opens to what was sealed (a live message only at its counter).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-sync-request.h"
#include "bn-wire.h"

#include <string.h>

static void
same_bytes (GBytes *a, const guint8 *data, gsize size, const char *what)
{
  if (g_bytes_get_size (a) != size || (size > 0 && memcmp (g_bytes_get_data (a, NULL), data, size) != 0))
    g_error ("%s do not re-encode to the bytes they were read from", what);
}

static void
heads (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GArray) decoded = bn_wire_decode_heads (bytes, NULL);
  g_autoptr(GBytes) again = NULL;

  if (decoded == NULL)
    return;
  again = bn_wire_encode_heads (decoded);
  same_bytes (again, data, size, "heads");
}

static void
wants (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  guint32 max_bytes = 0;
  g_autoptr(GArray) decoded = bn_wire_decode_wants (bytes, &max_bytes, NULL);
  g_autoptr(GBytes) again = NULL;

  if (decoded == NULL)
    return;
  again = bn_wire_encode_wants (decoded, max_bytes);
  same_bytes (again, data, size, "wants");
}

static void
headers (const guint8 *data, gsize size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  guint8 nonce[BN_WIRE_NONCE_LEN];
  guint8 signature[BN_WIRE_SIG_LEN];
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autofree char *host = NULL;
  guint16 port = 0;
  gint64 parsed = 0;

  bn_wire_parse_nonce (text, nonce);
  bn_wire_parse_signature (text, signature);
  bn_wire_time_acceptable (text, BN_FUZZ_EPOCH_MS, &parsed);
  bn_sync_peer_key_from_id (text, key);
  /* A neighbour's address, as typed or as a live link's PEERS message lists them. */
  bn_sync_parse_address (text, &host, &port, NULL);
}

/* The keys of the pair (author 0 as the server, author 1 as its client). */
static void
pair_keys (BnPairKeys *keys)
{
  const BnFuzzWorld *world = bn_fuzz_world ();

  if (!bn_wire_pair_keys (keys, world->authors[BN_FUZZ_ME], world->authors[1]->public_key, FALSE))
    g_error ("no pair keys for two good identities");
}

/* A request or response body as it arrives: opened with the pair's key, refused
 * unless it was sealed with it; sealed here, it opens to what was sealed. */
static void
body (const guint8 *data, gsize size)
{
  BnPairKeys keys;
  guint8 nonce[BN_WIRE_NONCE_LEN] = { 7 }, signature[BN_WIRE_SIG_LEN] = { 9 };
  g_autoptr(GBytes) given = g_bytes_new (data, size);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) again = NULL;

  pair_keys (&keys);
  opened = bn_wire_open_body (keys.request_body, nonce, signature, given, NULL);
  sealed = bn_wire_seal_body (keys.request_body, nonce, signature, given);
  again = bn_wire_open_body (keys.request_body, nonce, signature, sealed, NULL);
  if (again == NULL || !g_bytes_equal (again, given))
    g_error ("a sealed body does not open to what was sealed");
}

static void
link_message (const guint8 *data, gsize size)
{
  static const guint8 link_nonce[BN_WIRE_NONCE_LEN] = { 1, 2, 3 };
  BnPairKeys keys;
  guint8 key[BN_KEY_LEN];
  g_autoptr(GBytes) message = g_bytes_new (data, size);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GBytes) replayed = NULL;
  guint64 counter = size >= 8 ? bn_get_u64 (data) : 0;

  pair_keys (&keys);
  bn_wire_link_key (&keys, link_nonce, TRUE, key);
  /* As received: refused unless sealed with this link's key. */
  plain = bn_wire_link_open (key, counter, message, NULL);
  /* Sealed here: opens to the same type and data, once, at its counter. */
  sealed = bn_wire_link_seal (key, counter, size > 0 ? data[0] : 0, size > 0 ? data + 1 : NULL,
                              size > 0 ? size - 1 : 0);
  opened = bn_wire_link_open (key, counter, sealed, NULL);
  if (opened == NULL || g_bytes_get_size (opened) != MAX (size, 1)
      || (size > 0 && memcmp (g_bytes_get_data (opened, NULL), data, size) != 0))
    g_error ("a sealed live message does not open to what was sealed");
  replayed = bn_wire_link_open (key, counter + 1, sealed, NULL);
  if (replayed != NULL)
    g_error ("a live message opens at another counter (a replay)");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  bn_fuzz_init ();
  if (size < 1)
    return 0;
  switch (data[0] % 5)
    {
    case 0:
      heads (data + 1, size - 1);
      break;
    case 1:
      wants (data + 1, size - 1);
      break;
    case 2:
      headers (data + 1, size - 1);
      break;
    case 3:
      link_message (data + 1, size - 1);
      break;
    default:
      body (data + 1, size - 1);
    }
  return 0;
}
