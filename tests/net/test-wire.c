/* test-wire.c — the sync protocol's bytes: MACs, sealed bodies, heads, wants,
 * frames and live-link messages, including what tampering does to each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-wire.h"
#include "bn-sync-node.h"

#include <string.h>

/* docs/protocol.md, appendix A.3 */
#define VECTOR_CLIENT_ID "rkeohxlubhyzl7ks3mwtzos5olfgocn7dwkbeg7toseadnapn5oa"
#define VECTOR_SERVER_ID "qe4xodvipulv6vvdkrtmgtd6ztfy3curwtxdpis56yhvxd6jwoka"
#define VECTOR_PAIR "f7cfb0c379123dd7c71da7dcb3d7202e221515e46d9cca419ead86a90757277d"
#define VECTOR_REQUEST_BODY_KEY "7f30b4d20e2703635e1bba96a31fe2bf6662ec31f8a0bba315bc2727b50631b8"
#define VECTOR_SIGNATURE "6ec632c9ab76f091e97707ba5abc0f56331db546e65eca82df5b81bd449a7670d339a6b7ed7f443e4768dcaa625952af7e79665aceb8014bb4830404e89b630c"
#define VECTOR_SEALED "cd1b4c43752187490fce067f2ca370ff0c49f6f9"
#define VECTOR_EMPTY_ETAG "\"64d91107694ac31a6e29b8104b409a8b\""

/* Two identities from fixed seeds, so that the vectors of docs/protocol.md A.3
 * come out the same every time. */
typedef struct
{
  BnIdentity client;
  BnIdentity server;
  BnPairKeys keys;
} Fixture;

static void
identity_from_seed (BnIdentity *identity, guint8 fill)
{
  guint8 seed[crypto_sign_SEEDBYTES];

  memset (seed, fill, sizeof seed);
  crypto_sign_seed_keypair (identity->public_key, identity->secret_key, seed);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  identity_from_seed (&f->client, 0x01);
  identity_from_seed (&f->server, 0x02);
  g_assert_true (bn_wire_pair_keys (&f->keys, &f->client, f->server.public_key, TRUE));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
}

static char *
hex (const guint8 *data, gsize len)
{
  return bn_hex_encode (data, len);
}

/* Both sides compute the same pair key; a third identity another one. */
static void
test_pair_key (Fixture *f, gconstpointer data)
{
  BnPairKeys server_side, third_side;
  BnIdentity third;
  guint8 low_order[BN_PUBLIC_KEY_LEN] = { 0 };

  g_assert_true (bn_wire_pair_keys (&server_side, &f->server, f->client.public_key, FALSE));
  g_assert_cmpmem (&server_side, sizeof server_side, &f->keys, sizeof f->keys);
  identity_from_seed (&third, 0x07);
  g_assert_true (bn_wire_pair_keys (&third_side, &third, f->server.public_key, TRUE));
  g_assert_true (memcmp (third_side.pair, f->keys.pair, BN_KEY_LEN) != 0);
  /* The identity point (all zeros but the first byte 1) and zeros make no key. */
  g_assert_false (bn_wire_pair_keys (&third_side, &f->client, low_order, TRUE));
  low_order[0] = 1;
  g_assert_false (bn_wire_pair_keys (&third_side, &f->client, low_order, TRUE));
}

/* The vectors of docs/protocol.md, appendix A.3. */
static void
test_vectors (Fixture *f, gconstpointer data)
{
  g_autofree char *client_id = bn_peer_id_from_key (f->client.public_key);
  g_autofree char *server_id = bn_peer_id_from_key (f->server.public_key);
  g_autofree char *pair = hex (f->keys.pair, BN_KEY_LEN);
  g_autofree char *request_key = hex (f->keys.request_body, BN_KEY_LEN);
  g_autofree char *text = NULL, *sig_hex = NULL, *sealed_hex = NULL, *etag = NULL;
  guint8 sig[BN_WIRE_SIG_LEN], nonce[BN_WIRE_NONCE_LEN];
  g_autoptr(GBytes) plain = g_bytes_new_static ("\0\0\0\0", 4);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  memset (nonce, 0x03, sizeof nonce);
  text = bn_wire_request_text ("POST", "/v2/pull", client_id, server_id, "1700000000000",
                               "030303030303030303030303030303030303030303030303", NULL,
                               4 + BN_WIRE_TAG_LEN);
  bn_wire_sign (&f->client, text, sig);
  sig_hex = hex (sig, sizeof sig);
  sealed = bn_wire_seal_body (f->keys.request_body, nonce, sig, plain);
  sealed_hex = hex (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  etag = bn_wire_heads_etag (&f->keys, empty);
  if (g_getenv ("BN_PRINT_VECTORS") != NULL)
    g_printerr ("client %s\nserver %s\npair %s\nrequest body key %s\ntext <<%s>>\nsig %s\n"
                "sealed %s\netag %s\n", client_id, server_id, pair, request_key, text, sig_hex,
                sealed_hex, etag);
  g_assert_cmpstr (client_id, ==, VECTOR_CLIENT_ID);
  g_assert_cmpstr (server_id, ==, VECTOR_SERVER_ID);
  g_assert_cmpstr (pair, ==, VECTOR_PAIR);
  g_assert_cmpstr (request_key, ==, VECTOR_REQUEST_BODY_KEY);
  g_assert_cmpstr (sig_hex, ==, VECTOR_SIGNATURE);
  g_assert_cmpstr (sealed_hex, ==, VECTOR_SEALED);
  g_assert_cmpstr (etag, ==, VECTOR_EMPTY_ETAG);
}

/* Every line the signature covers changes it. */
static void
test_request_signature (Fixture *f, gconstpointer data)
{
  g_autofree char *base = bn_wire_request_text ("POST", "/v2/pull", "c", "s", "1000", "aa", NULL, 20);
  const char *variants[][8] = {
    { "GET", "/v2/pull", "c", "s", "1000", "aa", "", "20" },
    { "POST", "/v2/push", "c", "s", "1000", "aa", "", "20" },
    { "POST", "/v2/pull", "d", "s", "1000", "aa", "", "20" },
    { "POST", "/v2/pull", "c", "", "1000", "aa", "", "20" },
    { "POST", "/v2/pull", "c", "s", "1001", "aa", "", "20" },
    { "POST", "/v2/pull", "c", "s", "1000", "ab", "", "20" },
    { "POST", "/v2/pull", "c", "s", "1000", "aa", "\"e\"", "20" },
    { "POST", "/v2/pull", "c", "s", "1000", "aa", "", "21" },
  };
  guint8 sig[BN_WIRE_SIG_LEN];

  bn_wire_sign (&f->client, base, sig);
  g_assert_true (bn_wire_verify (f->client.public_key, base, sig));
  g_assert_false (bn_wire_verify (f->server.public_key, base, sig));
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *text = bn_wire_request_text (variants[i][0], variants[i][1], variants[i][2],
                                                    variants[i][3], variants[i][4], variants[i][5],
                                                    variants[i][6],
                                                    g_ascii_strtoull (variants[i][7], NULL, 10));
      g_assert_false (bn_wire_verify (f->client.public_key, text, sig));
    }
}

static void
test_response_bound_to_request (Fixture *f, gconstpointer data)
{
  g_autofree char *a = bn_wire_response_text (304, "n1", "s", "5", "r", "\"e\"", 0);
  g_autofree char *b = bn_wire_response_text (304, "n2", "s", "5", "r", "\"e\"", 0);
  guint8 sig[BN_WIRE_SIG_LEN];

  bn_wire_sign (&f->server, a, sig);
  g_assert_true (bn_wire_verify (f->server.public_key, a, sig));
  /* Replaying an answer to another request. */
  g_assert_false (bn_wire_verify (f->server.public_key, b, sig));
}

static void
test_time_window (void)
{
  gint64 parsed = 0;
  gint64 now = 1700000000000;
  g_autofree char *ok = g_strdup_printf ("%" G_GINT64_FORMAT, now - 5000);
  g_autofree char *old = g_strdup_printf ("%" G_GINT64_FORMAT, now - BN_LIMIT_CLOCK_SKEW_MS - 1);

  g_assert_true (bn_wire_time_acceptable (ok, now, &parsed));
  g_assert_false (bn_wire_time_acceptable (old, now, &parsed));
  g_assert_false (bn_wire_time_acceptable ("12x", now, &parsed));
  g_assert_false (bn_wire_time_acceptable (NULL, now, &parsed));
}

static void
test_seal (Fixture *f, gconstpointer data)
{
  const char *text = "a plaintext title nobody on the wire may read";
  g_autoptr(GBytes) plain = g_bytes_new_static (text, strlen (text));
  guint8 nonce[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN], other_sig[BN_WIRE_SIG_LEN];
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;
  GByteArray *flipped;

  randombytes_buf (nonce, sizeof nonce);
  randombytes_buf (sig, sizeof sig);
  memcpy (other_sig, sig, sizeof sig);
  other_sig[5] ^= 1;
  sealed = bn_wire_seal_body (f->keys.request_body, nonce, sig, plain);
  g_assert_cmpuint (g_bytes_get_size (sealed), ==, strlen (text) + BN_WIRE_TAG_LEN);
  g_assert_null (g_strstr_len (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), "plaintext"));
  opened = bn_wire_open_body (f->keys.request_body, nonce, sig, sealed, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (plain, opened));
  /* Another signature (the AD), another key, one flipped bit: it does not open. */
  g_assert_null (bn_wire_open_body (f->keys.request_body, nonce, other_sig, sealed, &error));
  g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (bn_wire_open_body (f->keys.response_body, nonce, sig, sealed, NULL));
  flipped = g_bytes_unref_to_array (g_bytes_ref (sealed));
  flipped->data[3] ^= 0x10;
  {
    g_autoptr(GBytes) bad = g_byte_array_free_to_bytes (flipped);
    g_assert_null (bn_wire_open_body (f->keys.request_body, nonce, sig, bad, NULL));
  }
}

static GArray *
some_heads (guint n)
{
  GArray *heads = g_array_new (FALSE, TRUE, sizeof (BnHead));

  for (guint i = 0; i < n; i++)
    {
      BnHead head = { 0 };
      head.author[0] = (guint8) i;
      head.seq = 1000 + i;
      head.holes = i % 3;
      randombytes_buf (head.id, sizeof head.id);
      g_array_append_val (heads, head);
    }
  return heads;
}

static void
test_heads (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) heads = some_heads (100);
  g_autoptr(GBytes) encoded = bn_wire_encode_heads (heads);
  g_autoptr(GArray) decoded = bn_wire_decode_heads (encoded, NULL);
  g_autofree char *etag = bn_wire_heads_etag (&f->keys, encoded);
  g_autofree char *holes_etag = NULL;
  g_autoptr(GBytes) torn = g_bytes_new_from_bytes (encoded, 0, g_bytes_get_size (encoded) - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *other_etag = NULL;

  g_assert_cmpuint (decoded->len, ==, 100);
  g_assert_cmpmem (decoded->data, 100 * sizeof (BnHead), heads->data, 100 * sizeof (BnHead));
  /* Constant size, whatever the number of authors: "…" around 32 hex digits. */
  g_assert_cmpuint (strlen (etag), ==, 2 + 2 * BN_WIRE_DIGEST_LEN);
  g_array_index (heads, BnHead, 50).seq++;
  {
    g_autoptr(GBytes) changed = bn_wire_encode_heads (heads);
    other_etag = bn_wire_heads_etag (&f->keys, changed);
  }
  g_assert_cmpstr (etag, !=, other_etag);
  /* A payload filled in (one hole fewer) changes the ETag too. */
  g_array_index (heads, BnHead, 50).seq--;
  g_array_index (heads, BnHead, 1).holes--;
  {
    g_autoptr(GBytes) changed = bn_wire_encode_heads (heads);
    holes_etag = bn_wire_heads_etag (&f->keys, changed);
  }
  g_assert_cmpstr (etag, !=, holes_etag);
  g_assert_cmpuint (g_bytes_get_size (encoded), ==, 100 * 76);
  g_assert_null (bn_wire_decode_heads (torn, &error));
  g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL);
}

static void
test_wants (void)
{
  g_autoptr(GArray) wants = some_heads (7);
  g_autoptr(GBytes) encoded = bn_wire_encode_wants (wants, 12345);
  guint32 cap = 0;
  g_autoptr(GArray) decoded = bn_wire_decode_wants (encoded, &cap, NULL);
  g_autoptr(GBytes) junk = g_bytes_new_static ("xyz", 3);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (encoded), ==, 4 + 7 * BN_WIRE_WANT_LEN);
  g_assert_cmpuint (decoded->len, ==, 7);
  g_assert_cmpuint (cap, ==, 12345);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpmem (g_array_index (decoded, BnHead, i).author, BN_PUBLIC_KEY_LEN,
                       g_array_index (wants, BnHead, i).author, BN_PUBLIC_KEY_LEN);
      g_assert_cmpuint (g_array_index (decoded, BnHead, i).seq, ==, g_array_index (wants, BnHead, i).seq);
    }
  g_assert_null (bn_wire_decode_wants (junk, NULL, &error));
}

static void
test_frames (Fixture *f, gconstpointer data)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GPtrArray) decoded = NULL;
  g_autoptr(GPtrArray) cut = NULL;
  g_autoptr(GError) error = NULL;
  guint8 link[BN_HASH_LEN] = { 0 };
  guint refused = 0;

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new_static ("payload", 7);
      g_autoptr(BnEntry) entry = bn_entry_new_signed (me, BN_ENTRY_VERSION, i, link, 1000 + i, payload);
      memcpy (link, entry->id, BN_HASH_LEN);
      bn_entry_write_frame (entry, out);
    }
  decoded = bn_wire_decode_frames (out->data, out->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->len, ==, 3);
  g_assert_cmpuint (bn_wire_frame_size (g_ptr_array_index (decoded, 0)), ==, 1 + BN_HEADER_LEN + 7);
  /* A batch cut short keeps the whole frames before the cut and says why. */
  cut = bn_wire_decode_frames (out->data, out->len - 3, &refused, &error);
  g_assert_cmpuint (cut->len, ==, 2);
  g_assert_cmpuint (refused, ==, 1);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&cut, g_ptr_array_unref);
  /* [good, bad, good]: two read, one refused (issue 9 (b)). */
  out->data[1 + BN_HEADER_LEN + 7] = 0x81;   /* unknown flag bits, payload bit kept */
  cut = bn_wire_decode_frames (out->data, out->len, &refused, &error);
  g_assert_cmpuint (cut->len, ==, 2);
  g_assert_cmpuint (refused, ==, 1);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
}

static void
test_link_messages (Fixture *f, gconstpointer data)
{
  guint8 nonce[BN_WIRE_NONCE_LEN];
  guint8 client[BN_KEY_LEN], server[BN_KEY_LEN];
  g_autoptr(GBytes) m0 = NULL, m1 = NULL, opened = NULL;
  g_autoptr(GError) error = NULL;

  randombytes_buf (nonce, sizeof nonce);
  bn_wire_link_key (&f->keys, nonce, TRUE, client);
  bn_wire_link_key (&f->keys, nonce, FALSE, server);
  g_assert_cmpmem (client, 8, client, 8);
  g_assert_true (memcmp (client, server, BN_KEY_LEN) != 0);

  m0 = bn_wire_link_seal (client, 0, BN_LINK_MSG_PING, NULL, 0);
  m1 = bn_wire_link_seal (client, 1, BN_LINK_MSG_ENTRIES, (const guint8 *) "abc", 3);
  opened = bn_wire_link_open (client, 0, m0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (opened, NULL))[0], ==, BN_LINK_MSG_PING);
  g_clear_pointer (&opened, g_bytes_unref);

  /* Replayed (counter 0 again where 1 is due), reflected (other direction), skipped. */
  g_assert_null (bn_wire_link_open (client, 1, m0, &error));
  g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (bn_wire_link_open (server, 1, m1, &error));
  g_clear_error (&error);
  g_assert_null (bn_wire_link_open (client, 2, m1, &error));
  g_clear_error (&error);
  opened = bn_wire_link_open (client, 1, m1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), 4, "\002abc", 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (bn_crypto_init ());

  g_test_add ("/buurtnet/net/wire/pair-key", Fixture, NULL, fixture_set_up, test_pair_key, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/vectors", Fixture, NULL, fixture_set_up, test_vectors, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/request-signature", Fixture, NULL, fixture_set_up, test_request_signature, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/response-bound-to-request", Fixture, NULL, fixture_set_up, test_response_bound_to_request, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/time-window", test_time_window);
  g_test_add ("/buurtnet/net/wire/seal", Fixture, NULL, fixture_set_up, test_seal, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/heads", Fixture, NULL, fixture_set_up, test_heads, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/wants", test_wants);
  g_test_add ("/buurtnet/net/wire/frames", Fixture, NULL, fixture_set_up, test_frames, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/link-messages", Fixture, NULL, fixture_set_up, test_link_messages, fixture_tear_down);
  return g_test_run ();
}
