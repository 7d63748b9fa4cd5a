/* test-wire.c — the sync protocol's bytes: MACs, sealed bodies, heads, wants,
 * frames and live-link messages, including what tampering does to each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-wire.h"
#include "bn-sync-node.h"

#include <string.h>

typedef struct
{
  BnHood     *hood;
  BnWireKeys  keys;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->hood = bn_hood_new_random ("Teststraat", NULL);
  bn_wire_keys_init (&f->keys, f->hood);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  bn_hood_free (f->hood);
}

static void
test_request_mac (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("frames", 6);
  g_autoptr(GBytes) other = g_bytes_new_static ("frameZ", 6);
  g_autofree char *mac = bn_wire_request_mac (&f->keys, "POST", "/v1/pull", "1000", "aa", NULL, body);
  g_autofree char *same = bn_wire_request_mac (&f->keys, "POST", "/v1/pull", "1000", "aa", "", body);
  g_autofree char *method = bn_wire_request_mac (&f->keys, "GET", "/v1/pull", "1000", "aa", NULL, body);
  g_autofree char *path = bn_wire_request_mac (&f->keys, "POST", "/v1/push", "1000", "aa", NULL, body);
  g_autofree char *time = bn_wire_request_mac (&f->keys, "POST", "/v1/pull", "1001", "aa", NULL, body);
  g_autofree char *nonce = bn_wire_request_mac (&f->keys, "POST", "/v1/pull", "1000", "ab", NULL, body);
  g_autofree char *tampered = bn_wire_request_mac (&f->keys, "POST", "/v1/pull", "1000", "aa", NULL, other);
  g_autoptr(BnHood) stranger = bn_hood_new_random ("Elders", NULL);
  BnWireKeys stranger_keys;
  g_autofree char *foreign = NULL;

  bn_wire_keys_init (&stranger_keys, stranger);
  foreign = bn_wire_request_mac (&stranger_keys, "POST", "/v1/pull", "1000", "aa", NULL, body);
  g_assert_cmpuint (strlen (mac), ==, 2 * BN_WIRE_MAC_LEN);
  g_assert_true (bn_wire_mac_equal (mac, same));
  g_assert_false (bn_wire_mac_equal (mac, method));
  g_assert_false (bn_wire_mac_equal (mac, path));
  g_assert_false (bn_wire_mac_equal (mac, time));
  g_assert_false (bn_wire_mac_equal (mac, nonce));
  g_assert_false (bn_wire_mac_equal (mac, tampered));
  g_assert_false (bn_wire_mac_equal (mac, foreign));
  g_assert_false (bn_wire_mac_equal (mac, NULL));
  g_assert_false (bn_wire_mac_equal (mac, "short"));
}

static void
test_response_mac_bound_to_request (Fixture *f, gconstpointer data)
{
  g_autofree char *a = bn_wire_response_mac (&f->keys, 304, "n1", "5", "r", "\"e\"", NULL);
  g_autofree char *b = bn_wire_response_mac (&f->keys, 304, "n2", "5", "r", "\"e\"", NULL);
  g_autofree char *c = bn_wire_response_mac (&f->keys, 200, "n1", "5", "r", "\"e\"", NULL);
  g_autofree char *d = bn_wire_response_mac (&f->keys, 304, "n1", "5", "r", "\"f\"", NULL);

  g_assert_false (bn_wire_mac_equal (a, b));   /* replaying an answer to another request */
  g_assert_false (bn_wire_mac_equal (a, c));
  g_assert_false (bn_wire_mac_equal (a, d));
}

static void
test_time_window (void)
{
  gint64 parsed = 0;
  gint64 now = 1700000000000;
  g_autofree char *ok = g_strdup_printf ("%" G_GINT64_FORMAT, now - 5000);
  g_autofree char *old = g_strdup_printf ("%" G_GINT64_FORMAT, now - BN_WIRE_WINDOW_MS - 1);

  g_assert_true (bn_wire_time_acceptable (ok, now, &parsed));
  g_assert_false (bn_wire_time_acceptable (old, now, &parsed));
  g_assert_false (bn_wire_time_acceptable ("12x", now, &parsed));
  g_assert_false (bn_wire_time_acceptable (NULL, now, &parsed));
}

static void
test_seal (Fixture *f, gconstpointer data)
{
  g_autofree char *nonce = bn_wire_new_nonce ();
  const char *text = "a plaintext title nobody on the wire may read";
  g_autoptr(GBytes) plain = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) sealed = bn_wire_seal (&f->keys, nonce, plain);
  g_autoptr(GBytes) opened = bn_wire_seal (&f->keys, nonce, sealed);

  g_assert_null (g_strstr_len (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), "plaintext"));
  g_assert_true (g_bytes_equal (plain, opened));
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

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new_static ("payload", 7);
      g_autoptr(BnEntry) entry = bn_entry_new_signed (me, BN_ENTRY_VERSION, i, link, 1000 + i, payload);
      memcpy (link, entry->id, BN_HASH_LEN);
      bn_entry_write_frame (entry, out);
    }
  decoded = bn_wire_decode_frames (out->data, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->len, ==, 3);
  g_assert_cmpuint (bn_wire_frame_size (g_ptr_array_index (decoded, 0)), ==, 1 + BN_HEADER_LEN + 7);
  /* A batch cut short keeps the whole frames before the cut and says why. */
  cut = bn_wire_decode_frames (out->data, out->len - 3, &error);
  g_assert_cmpuint (cut->len, ==, 2);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
}

static void
test_link_messages (Fixture *f, gconstpointer data)
{
  g_autofree char *nonce = bn_wire_new_nonce ();
  guint8 client[BN_KEY_LEN], server[BN_KEY_LEN];
  g_autoptr(GBytes) m0 = NULL, m1 = NULL, opened = NULL;
  g_autoptr(GError) error = NULL;

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

  g_test_add ("/buurtnet/net/wire/request-mac", Fixture, NULL, fixture_set_up, test_request_mac, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/response-mac", Fixture, NULL, fixture_set_up, test_response_mac_bound_to_request, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/time-window", test_time_window);
  g_test_add ("/buurtnet/net/wire/seal", Fixture, NULL, fixture_set_up, test_seal, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/heads", Fixture, NULL, fixture_set_up, test_heads, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/wants", test_wants);
  g_test_add ("/buurtnet/net/wire/frames", Fixture, NULL, fixture_set_up, test_frames, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/link-messages", Fixture, NULL, fixture_set_up, test_link_messages, fixture_tear_down);
  return g_test_run ();
}
