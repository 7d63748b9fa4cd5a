/* test-wire.c — the sync protocol's bytes: MACs, sealed bodies, heads, wants,
 * frames and live-link messages, including what tampering does to each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-wire.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <string.h>

/* Two identities from fixed seeds (docs/sync-protocol.md A.3). */
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

/* ---- The vectors of docs/sync-protocol.md, appendix A.3 ----
 *
 * Computed here from fixed inputs the way docs/sync-protocol.md says, and
 * compared with the values the appendix holds (read from the document, not
 * copied here). `test-wire --print-vectors` prints them in the appendix's form. */

#define VECTOR_TIME "1700000000000"
#define VECTOR_ANSWER_TIME "1700000000001"
/* docs/protocol.md A.2: the discovery key (subkey 3) of the epoch key 00 01 … 1f */
#define VECTOR_DISCOVERY_KEY "ad5b7bae92b7956ee541b25e2001c1899a329cc480e8cf78cfdf8161784fb88d"

static char *
hex_of_bytes (GBytes *bytes)
{
  return bn_hex_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
nonce_filled (guint8 fill, guint8 nonce[BN_WIRE_NONCE_LEN])
{
  memset (nonce, fill, BN_WIRE_NONCE_LEN);
  return bn_hex_encode (nonce, BN_WIRE_NONCE_LEN);
}

#define ADD(label, value) (g_ptr_array_add (list, g_strdup (label)), g_ptr_array_add (list, (value)))

/* The pair of peers: keys, X25519 agreement, pair key and its sub-keys (§2). */
static void
add_key_vectors (GPtrArray *list, const Fixture *f)
{
  guint8 client_x[crypto_scalarmult_BYTES], server_x[crypto_scalarmult_BYTES];
  guint8 client_x_sk[crypto_scalarmult_SCALARBYTES], shared[crypto_scalarmult_BYTES];

  g_assert_cmpint (crypto_sign_ed25519_pk_to_curve25519 (client_x, f->client.public_key), ==, 0);
  g_assert_cmpint (crypto_sign_ed25519_pk_to_curve25519 (server_x, f->server.public_key), ==, 0);
  g_assert_cmpint (crypto_sign_ed25519_sk_to_curve25519 (client_x_sk, f->client.secret_key), ==, 0);
  g_assert_cmpint (crypto_scalarmult (shared, client_x_sk, server_x), ==, 0);
  ADD ("client_pk", hex (f->client.public_key, BN_PUBLIC_KEY_LEN));
  ADD ("client_id", bn_peer_id_from_key (f->client.public_key));
  ADD ("server_pk", hex (f->server.public_key, BN_PUBLIC_KEY_LEN));
  ADD ("server_id", bn_peer_id_from_key (f->server.public_key));
  ADD ("client_x_pk", hex (client_x, sizeof client_x));
  ADD ("server_x_pk", hex (server_x, sizeof server_x));
  ADD ("shared", hex (shared, sizeof shared));
  ADD ("pair", hex (f->keys.pair, BN_KEY_LEN));
  ADD ("request_key", hex (f->keys.request_body, BN_KEY_LEN));
  ADD ("response_key", hex (f->keys.response_body, BN_KEY_LEN));
  ADD ("etag_key", hex (f->keys.etag, BN_KEY_LEN));
  sodium_memzero (client_x_sk, sizeof client_x_sk);
  sodium_memzero (shared, sizeof shared);
}

/* The client's heads and their ETag; GET /v2/heads with it in If-None-Match,
 * and the server's 304 (§3.1, §3.3, §4.1). */
static void
add_heads_vectors (GPtrArray *list, const Fixture *f)
{
  g_autofree char *client_id = bn_peer_id_from_key (f->client.public_key);
  g_autofree char *server_id = bn_peer_id_from_key (f->server.public_key);
  g_autofree char *nonce = NULL, *answer_nonce = NULL, *etag = NULL;
  g_autoptr(GArray) heads = g_array_new (FALSE, TRUE, sizeof (BnHead));
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  guint8 raw[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN];
  char *text;
  BnHead head = { 0 };

  memcpy (head.author, f->client.public_key, BN_PUBLIC_KEY_LEN);
  head.seq = 7;
  memset (head.id, 0x05, sizeof head.id);
  head.holes = 1;
  g_array_append_val (heads, head);
  encoded = bn_wire_encode_heads (heads);
  etag = bn_wire_heads_etag (&f->keys, encoded);
  ADD ("heads", hex_of_bytes (encoded));
  ADD ("etag", g_strdup (etag));
  ADD ("empty_etag", bn_wire_heads_etag (&f->keys, empty));

  nonce = nonce_filled (0x03, raw);
  text = bn_wire_request_text ("GET", "/v2/heads", client_id, server_id, VECTOR_TIME, nonce,
                               etag, 0);
  bn_wire_sign (&f->client, text, sig);
  ADD ("heads_text", text);
  ADD ("heads_sig", hex (sig, sizeof sig));

  answer_nonce = nonce_filled (0x06, raw);
  text = bn_wire_response_text (304, nonce, server_id, VECTOR_ANSWER_TIME, answer_nonce, etag, 0);
  bn_wire_sign (&f->server, text, sig);
  ADD ("not_modified_text", text);
  ADD ("not_modified_sig", hex (sig, sizeof sig));
}

/* POST /v2/pull with a sealed body, and the server's 200 with its sealed
 * answer (§3.1, §3.3, §3.4, §4.2). */
static void
add_pull_vectors (GPtrArray *list, const Fixture *f)
{
  g_autofree char *client_id = bn_peer_id_from_key (f->client.public_key);
  g_autofree char *server_id = bn_peer_id_from_key (f->server.public_key);
  g_autofree char *nonce = NULL, *answer_nonce = NULL;
  g_autoptr(GArray) wants = g_array_new (FALSE, TRUE, sizeof (BnHead));
  g_autoptr(GBytes) body = NULL, sealed = NULL, answer_sealed = NULL;
  g_autoptr(GBytes) answer = g_bytes_new_static ("\0", 1);
  guint8 raw[BN_WIRE_NONCE_LEN], answer_raw[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN];
  char *text;
  BnHead want = { 0 };

  memcpy (want.author, f->server.public_key, BN_PUBLIC_KEY_LEN);
  want.seq = 0;
  g_array_append_val (wants, want);
  body = bn_wire_encode_wants (wants, 256 * 1024);
  ADD ("pull_body", hex_of_bytes (body));

  nonce = nonce_filled (0x04, raw);
  text = bn_wire_request_text ("POST", "/v2/pull", client_id, server_id, VECTOR_TIME, nonce,
                               NULL, g_bytes_get_size (body) + BN_WIRE_TAG_LEN);
  bn_wire_sign (&f->client, text, sig);
  sealed = bn_wire_seal_body (f->keys.request_body, raw, sig, body);
  ADD ("pull_text", text);
  ADD ("pull_sig", hex (sig, sizeof sig));
  ADD ("pull_sealed", hex_of_bytes (sealed));

  answer_nonce = nonce_filled (0x07, answer_raw);
  text = bn_wire_response_text (200, nonce, server_id, VECTOR_ANSWER_TIME, answer_nonce, NULL,
                                g_bytes_get_size (answer) + BN_WIRE_TAG_LEN);
  bn_wire_sign (&f->server, text, sig);
  answer_sealed = bn_wire_seal_body (f->keys.response_body, answer_raw, sig, answer);
  ADD ("answer_text", text);
  ADD ("answer_sig", hex (sig, sizeof sig));
  ADD ("answer_sealed", hex_of_bytes (answer_sealed));
}

/* The live link opened by a GET /v2/events whose Bn-Nonce is 24 × 08: its two
 * keys, the client's HELLO and the server's first PING (§2, §6); and the mDNS
 * tag of the discovery key of docs/protocol.md A.2 on 2026-12-04 (§7). */
static void
add_link_vectors (GPtrArray *list, const Fixture *f)
{
  guint8 link_nonce[BN_WIRE_NONCE_LEN], to_server[BN_KEY_LEN], to_client[BN_KEY_LEN];
  guint8 hello[2] = { BN_SYNC_DEFAULT_PORT >> 8, BN_SYNC_DEFAULT_PORT & 0xff };
  guint8 discovery[BN_KEY_LEN];
  g_autofree char *nonce = nonce_filled (0x08, link_nonce);
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 12, 4, 23, 59, 59);
  g_autoptr(GBytes) hello_sealed = NULL, ping_sealed = NULL;

  bn_wire_link_key (&f->keys, link_nonce, TRUE, to_server);
  bn_wire_link_key (&f->keys, link_nonce, FALSE, to_client);
  ADD ("link_client", hex (to_server, sizeof to_server));
  ADD ("link_server", hex (to_client, sizeof to_client));
  hello_sealed = bn_wire_link_seal (to_server, 0, BN_LINK_MSG_HELLO, hello, sizeof hello);
  ping_sealed = bn_wire_link_seal (to_client, 0, BN_LINK_MSG_PING, NULL, 0);
  ADD ("hello", hex_of_bytes (hello_sealed));
  ADD ("ping", hex_of_bytes (ping_sealed));
  g_assert_true (bn_hex_decode (VECTOR_DISCOVERY_KEY, discovery, sizeof discovery));
  ADD ("tag", bn_wire_discovery_tag (discovery, day));
}

/* The sketch of the client's heads above (§4.7): the element of its one record,
 * the element of a newer record of the same author on the server, a sketch
 * request of 3 cells, and the answer that names the difference. */
static void
add_sketch_vectors (GPtrArray *list, const Fixture *f)
{
  g_autoptr(GArray) heads = g_array_new (FALSE, TRUE, sizeof (BnHead));
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GArray) server_only = g_array_new (FALSE, TRUE, sizeof (BnHead));
  g_autoptr(GBytes) table = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GByteArray) answer = NULL;
  guint8 x[BN_SKETCH_AUTHOR_TAG_LEN], e[BN_SKETCH_ELEMENT_LEN], flags = 0;
  BnHead head = { 0 }, newer = { 0 };

  memcpy (head.author, f->client.public_key, BN_PUBLIC_KEY_LEN);
  head.seq = 7;
  memset (head.id, 0x05, sizeof head.id);
  head.holes = 1;
  g_array_append_val (heads, head);
  newer = head;
  newer.seq = 8;
  memset (newer.id, 0x06, sizeof newer.id);
  newer.holes = 0;
  g_array_append_val (server_only, newer);
  bn_sketch_author_tag (&f->keys, head.author, x);
  ADD ("sketch_author", hex (x, sizeof x));
  elements = bn_sketch_elements (&f->keys, heads);
  ADD ("sketch_element", hex ((const guint8 *) elements->data, BN_SKETCH_ELEMENT_LEN));
  bn_sketch_element (&f->keys, &newer, e);
  ADD ("sketch_newer", hex (e, sizeof e));
  table = bn_sketch_table (elements, 3);
  body = bn_wire_encode_sketch_request (262144, 1, table);
  ADD ("sketch_body", hex_of_bytes (body));
  answer = bn_wire_encode_sketch_answer (server_only, elements);
  g_byte_array_append (answer, &flags, 1);
  ADD ("sketch_answer", hex (answer->data, answer->len));
}

#undef ADD

/* label → value, in the appendix's order */
static GPtrArray *
compute_vectors (const Fixture *f)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  add_key_vectors (list, f);
  add_heads_vectors (list, f);
  add_pull_vectors (list, f);
  add_sketch_vectors (list, f);
  add_link_vectors (list, f);
  return list;
}

/* The appendix's section A.3: "label value" lines in its code blocks, a value
 * that is long going on over the lines below it (indented, joined without
 * spaces); a signed text is the whole of a code block that follows a line
 * naming it ("… `label_text` …:"). */
static GHashTable *
read_appendix (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *label = NULL;
  g_autofree char *text_label = NULL;
  GString *text = NULL;
  gboolean in_appendix = FALSE, in_block = FALSE;

  g_file_get_contents (BN_SYNC_PROTOCOL_DOC, &doc, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (doc, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "#"))
        in_appendix = g_str_has_prefix (line, "### A.3 ");
      if (!in_appendix)
        continue;
      if (g_str_has_prefix (line, "```"))
        {
          in_block = !in_block;
          if (!in_block && text != NULL)
            {
              g_string_truncate (text, text->len > 0 ? text->len - 1 : 0);
              g_hash_table_replace (values, g_steal_pointer (&text_label),
                                    g_string_free (g_steal_pointer (&text), FALSE));
            }
          else if (in_block && text_label != NULL)
            text = g_string_new (NULL);
          g_clear_pointer (&label, g_free);
          continue;
        }
      if (!in_block)
        {
          /* "The text `heads_text` that Bn-Sig signs:" names the text block below. */
          const char *tick = strchr (line, '`');
          const char *close = tick != NULL ? strchr (tick + 1, '`') : NULL;
          g_autofree char *name = close != NULL ? g_strndup (tick + 1, close - tick - 1) : NULL;

          if (name != NULL && g_str_has_suffix (name, "_text") && g_str_has_suffix (line, ":"))
            {
              g_free (text_label);
              text_label = g_steal_pointer (&name);
            }
          continue;
        }
      if (text != NULL)
        {
          g_string_append_printf (text, "%s\n", line);
          continue;
        }
      if (line[0] != ' ' && line[0] != '\0')
        {
          g_auto(GStrv) parts = g_strsplit_set (line, " ", 2);

          g_free (label);
          label = g_strdup (parts[0]);
          g_hash_table_replace (values, g_strdup (label),
                                g_strdup (parts[1] != NULL ? g_strstrip (parts[1]) : ""));
        }
      else if (label != NULL && line[0] == ' ')
        {
          g_autofree char *more = g_strstrip (g_strdup (line));
          const char *was = g_hash_table_lookup (values, label);

          g_hash_table_replace (values, g_strdup (label), g_strconcat (was, more, NULL));
        }
    }
  return values;
}

static void
test_vectors (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = compute_vectors (f);
  g_autoptr(GHashTable) appendix = read_appendix ();

  for (guint i = 0; i < list->len; i += 2)
    {
      const char *label = g_ptr_array_index (list, i);
      const char *value = g_ptr_array_index (list, i + 1);
      const char *written = g_hash_table_lookup (appendix, label);

      if (g_strcmp0 (written, value) != 0)
        g_error ("docs/sync-protocol.md A.3: %s is “%s” there, but the code makes “%s”", label,
                 written ? written : "(missing)", value);
    }
  g_assert_cmpuint (g_hash_table_size (appendix), ==, list->len / 2);
}

/* Prints the vectors the way the appendix writes them: values over 64 hex
 * digits go on over indented lines; signed texts as blocks of their own. */
static void
print_vectors (void)
{
  Fixture f;
  g_autoptr(GPtrArray) list = NULL;

  fixture_set_up (&f, NULL);
  list = compute_vectors (&f);
  for (guint i = 0; i < list->len; i += 2)
    {
      const char *label = g_ptr_array_index (list, i);
      const char *value = g_ptr_array_index (list, i + 1);
      gsize len = strlen (value);

      if (g_str_has_suffix (label, "_text"))
        {
          g_print ("\nThe text `%s` that Bn-Sig signs:\n\n```\n%s\n```\n\n", label, value);
          continue;
        }
      g_print ("%-18s %.64s\n", label, value);
      for (gsize off = 64; off < len; off += 64)
        g_print ("%-18s %.64s\n", "", value + off);
    }
}

/* ---- The limits of docs/sync-protocol.md §9, as the code has them ---- */

static const struct
{
  const char *name;
  gint64      value;
} limits[] = {
#define LIMIT(name) { #name, name }
  LIMIT (BN_LIMIT_CONNECTIONS_PER_ADDRESS),
  LIMIT (BN_LIMIT_CONNECTIONS),
  LIMIT (BN_LIMIT_HEAD_BYTES),
  LIMIT (BN_LIMIT_HEAD_TIMEOUT_MS),
  LIMIT (BN_LIMIT_DISCARD_BYTES),
  LIMIT (BN_LIMIT_IDLE_TIMEOUT_S),
  LIMIT (BN_LIMIT_ACCEPT_PAUSE_MS),
  LIMIT (BN_LIMIT_REQUESTS_PER_SECOND),
  LIMIT (BN_LIMIT_REQUEST_BURST),
  LIMIT (BN_LIMIT_JOINS_PER_MINUTE),
  LIMIT (BN_LIMIT_CLOCK_SKEW_MS),
  LIMIT (BN_LIMIT_NONCES),
  LIMIT (BN_LIMIT_ADDRESSES),
  LIMIT (BN_LIMIT_PAIR_KEYS),
  LIMIT (BN_LIMIT_WANTS),
  LIMIT (BN_LIMIT_PULL_BODY),
  LIMIT (BN_LIMIT_SKETCH_CELLS),
  LIMIT (BN_LIMIT_SKETCH_BODY),
  LIMIT (BN_LIMIT_PUSH_BYTES),
  LIMIT (BN_LIMIT_PUSH_BODY),
  LIMIT (BN_LIMIT_JOIN_BODY),
  LIMIT (BN_LIMIT_ANSWER_BYTES),
  LIMIT (BN_LIMIT_WELCOME_BYTES),
  LIMIT (BN_LIMIT_BATCH_BYTES),
  LIMIT (BN_LIMIT_BATCH_MIN_BYTES),
  LIMIT (BN_LIMIT_BATCH_ENTRIES),
  LIMIT (BN_LIMIT_LINKS_OUT),
  LIMIT (BN_LIMIT_LINKS_IN),
  LIMIT (BN_LIMIT_LIVE_ENTRIES),
  LIMIT (BN_LIMIT_LIVE_BYTES),
  LIMIT (BN_LIMIT_LINK_MESSAGES_PER_SECOND),
  LIMIT (BN_LIMIT_SYNC_INTERVAL_MS),
  LIMIT (BN_LIMIT_EXCHANGED_PEERS),
  LIMIT (BN_LIMIT_EXCHANGED_ADDRESSES),
#undef LIMIT
};

/* "| what | 16,384 bytes | `BN_LIMIT_HEAD_BYTES` |" → name and number */
static gboolean
parse_limit_row (const char *line, char **name, gint64 *value)
{
  g_auto(GStrv) cells = g_strsplit (line, "|", -1);
  guint n = g_strv_length (cells);
  g_autofree char *constant = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);

  if (n < 5)
    return FALSE;
  constant = g_strstrip (g_strdup (cells[n - 2]));
  if (!g_str_has_prefix (constant, "`BN_LIMIT_") || !g_str_has_suffix (constant, "`"))
    return FALSE;
  for (const char *p = g_strstrip (cells[n - 3]); *p != '\0' && *p != ' '; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
    else if (*p != ',')
      return FALSE;
  *name = g_strndup (constant + 1, strlen (constant) - 2);
  *value = g_ascii_strtoll (digits->str, NULL, 10);
  return digits->len > 0;
}

/* The table of §9 holds every limit, with the number the code uses, in the
 * order of bn-limits.h. */
static void
test_limits_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_limits = FALSE;
  guint row = 0;

  g_file_get_contents (BN_SYNC_PROTOCOL_DOC, &doc, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (doc, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      gint64 value = 0;

      if (g_str_has_prefix (lines[i], "#"))
        in_limits = g_str_has_prefix (lines[i], "## 9. ");
      if (!in_limits || !g_str_has_prefix (lines[i], "|")
          || !parse_limit_row (lines[i], &name, &value))
        continue;
      if (row >= G_N_ELEMENTS (limits))
        g_error ("docs/sync-protocol.md §9 lists %s, which the code does not have", name);
      if (g_strcmp0 (name, limits[row].name) != 0)
        g_error ("docs/sync-protocol.md §9: row %u is %s, bn-limits.h has %s there", row + 1,
                 name, limits[row].name);
      if (value != limits[row].value)
        g_error ("docs/sync-protocol.md §9: %s is %" G_GINT64_FORMAT " there, %" G_GINT64_FORMAT
                 " in the code", name, value, limits[row].value);
      row++;
    }
  g_assert_cmpuint (row, ==, G_N_ELEMENTS (limits));
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

/* n random heads; a copy where the first @behind authors are one entry further
 * on (the server's), and @extra authors only the server has. */
static void
random_heads (guint n, guint behind, guint extra, GArray **client, GArray **server)
{
  *client = g_array_new (FALSE, TRUE, sizeof (BnHead));
  *server = g_array_new (FALSE, TRUE, sizeof (BnHead));
  for (guint i = 0; i < n + extra; i++)
    {
      BnHead head = { 0 };

      randombytes_buf (head.author, sizeof head.author);
      randombytes_buf (head.id, sizeof head.id);
      head.seq = 1 + randombytes_uniform (1000);
      if (i < n)
        g_array_append_val (*client, head);
      if (i < behind)
        {
          head.seq++;
          randombytes_buf (head.id, sizeof head.id);
        }
      g_array_append_val (*server, head);
    }
}

/* A sketch of 12 cells finds one or two changed logs among 5,000 authors, and
 * a new author; it says "too different" rather than guess when many changed. */
static void
test_sketch (Fixture *f, gconstpointer data)
{
  guint failures = 0;

  for (guint round = 0; round < 2000; round++)
    {
      guint behind = 1 + round % 2, extra = round % 3 == 0 ? 1 : 0;
      g_autoptr(GArray) client = NULL;
      g_autoptr(GArray) server = NULL;
      g_autoptr(GArray) client_elements = NULL;
      g_autoptr(GArray) server_elements = NULL;
      g_autoptr(GBytes) client_table = NULL;
      g_autoptr(GBytes) server_table = NULL;
      g_autoptr(GArray) client_only = NULL;
      g_autoptr(GArray) server_only = NULL;

      random_heads (round < 20 ? 5000 : 200, behind, extra, &client, &server);
      client_elements = bn_sketch_elements (&f->keys, client);
      server_elements = bn_sketch_elements (&f->keys, server);
      client_table = bn_sketch_table (client_elements, 12);
      server_table = bn_sketch_table (server_elements, 12);
      if (!bn_sketch_peel (client_table, server_table, &client_only, &server_only))
        {
          failures++;
          continue;
        }
      g_assert_cmpuint (client_only->len, ==, behind);
      g_assert_cmpuint (server_only->len, ==, behind + extra);
      for (guint i = 0; i < behind; i++)
        {
          const guint8 *e = (const guint8 *) client_only->data + i * BN_SKETCH_ELEMENT_LEN;
          gboolean found = FALSE;

          for (guint j = 0; j < behind; j++)
            found |= memcmp (e, client_elements->data + j * BN_SKETCH_ELEMENT_LEN,
                             BN_SKETCH_ELEMENT_LEN) == 0;
          g_assert_true (found);
        }
    }
  /* A table of 12 cells with 2 to 5 differing elements fails to peel in about
   * 2.7 % of rounds (two elements sharing all three cells, or three covering
   * each other's cells): 651 in 24,000 rounds measured (54 per 2,000).
   * At most 90 (4.5 %) fails by chance less than once in a million runs (five
   * standard deviations), and still catches a sketch that peels worse. With 200
   * rounds and at most 10, one run in fifty or so failed by chance. */
  g_assert_cmpuint (failures, <=, 90);

  /* The same heads: nothing differs. */
  {
    g_autoptr(GArray) client = NULL;
    g_autoptr(GArray) server = NULL;
    g_autoptr(GArray) elements = NULL;
    g_autoptr(GBytes) table = NULL;
    g_autoptr(GArray) client_only = NULL;
    g_autoptr(GArray) server_only = NULL;

    random_heads (300, 0, 0, &client, &server);
    elements = bn_sketch_elements (&f->keys, client);
    table = bn_sketch_table (elements, 12);
    g_assert_true (bn_sketch_peel (table, table, &client_only, &server_only));
    g_assert_cmpuint (client_only->len + server_only->len, ==, 0);
  }
  /* 40 changed logs in 12 cells: too different, and said so. */
  {
    g_autoptr(GArray) client = NULL;
    g_autoptr(GArray) server = NULL;
    g_autoptr(GArray) ce = NULL;
    g_autoptr(GArray) se = NULL;
    g_autoptr(GBytes) ct = NULL;
    g_autoptr(GBytes) st = NULL;
    GArray *client_only = NULL, *server_only = NULL;

    random_heads (300, 40, 0, &client, &server);
    ce = bn_sketch_elements (&f->keys, client);
    se = bn_sketch_elements (&f->keys, server);
    ct = bn_sketch_table (ce, 12);
    st = bn_sketch_table (se, 12);
    g_assert_false (bn_sketch_peel (ct, st, &client_only, &server_only));
    g_assert_null (client_only);
  }
}

/* Sketch requests and answers: exact lengths, cell counts within the limits,
 * and an answer that reads back what was written. */
static void
test_sketch_bytes (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) client = NULL;
  g_autoptr(GArray) server = NULL;
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GBytes) table = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) read_table = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GBytes) answer_bytes = NULL;
  g_autoptr(GArray) heads_back = NULL;
  g_autoptr(GArray) elements_back = NULL;
  g_autoptr(GError) error = NULL;
  guint32 max_bytes = 0, n = 0;
  guint status = 99;
  gsize offset = 0;
  guint8 flags = 0;

  random_heads (50, 3, 0, &client, &server);
  elements = bn_sketch_elements (&f->keys, client);
  table = bn_sketch_table (elements, 12);
  body = bn_wire_encode_sketch_request (4096, client->len, table);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 10 + 12 * 22);
  g_assert_true (bn_wire_decode_sketch_request (body, &max_bytes, &n, &read_table, &error));
  g_assert_cmpuint (max_bytes, ==, 4096);
  g_assert_cmpuint (n, ==, 50);
  g_assert_true (g_bytes_equal (read_table, table));
  for (guint cut = 0; cut < g_bytes_get_size (body); cut += 7)
    {
      g_autoptr(GBytes) torn = g_bytes_new_from_bytes (body, 0, cut);
      g_autoptr(GBytes) none = NULL;
      g_assert_false (bn_wire_decode_sketch_request (torn, &max_bytes, &n, &none, NULL));
    }
  g_array_set_size (server, 3);
  answer = bn_wire_encode_sketch_answer (server, elements);
  g_byte_array_append (answer, &flags, 1);
  answer_bytes = g_bytes_new (answer->data, answer->len);
  g_assert_true (bn_wire_decode_sketch_answer (answer_bytes, &status, &heads_back, &elements_back,
                                               &offset, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, BN_SKETCH_DECODED);
  g_assert_cmpuint (heads_back->len, ==, 3);
  g_assert_cmpmem (heads_back->data, 3 * sizeof (BnHead), server->data, 3 * sizeof (BnHead));
  g_assert_cmpuint (elements_back->len, ==, 50);
  g_assert_cmpuint (offset, ==, answer->len - 1);
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

/* Addresses as people type them: the port may be left out (7447). */
static void
test_address_normalize (void)
{
  const struct { const char *typed, *want; } cases[] = {
    { "192.168.1.20", "192.168.1.20:7447" },
    { " 192.168.1.20:8000 ", "192.168.1.20:8000" },
    { "fe80::1", "[fe80::1]:7447" },
    { "[fe80::1]", "[fe80::1]:7447" },
    { "[::1]:9000", "[::1]:9000" },
    { "anna.local:7447", "anna.local:7447" },
  };
  const char *refused[] = { "", "nonsense", "192.168.1.20:", "192.168.1.20:99999", "[nonsense]" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = bn_sync_address_normalize (cases[i].typed, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (address, ==, cases[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = bn_sync_address_normalize (refused[i], &error);
      g_assert_null (address);
      g_assert_error (error, BN_NET_ERROR, BN_NET_ERROR_ADDRESS);
      g_assert_nonnull (strstr (error->message, "192.168.1.20"));
    }
}


int
main (int argc, char **argv)
{
  if (argc == 2 && g_str_equal (argv[1], "--print-vectors"))
    {
      g_assert_true (bn_crypto_init ());
      print_vectors ();
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_assert_true (bn_crypto_init ());

  g_test_add ("/buurtnet/net/wire/pair-key", Fixture, NULL, fixture_set_up, test_pair_key, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/vectors", Fixture, NULL, fixture_set_up, test_vectors, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/limits-table", test_limits_table);
  g_test_add ("/buurtnet/net/wire/request-signature", Fixture, NULL, fixture_set_up, test_request_signature, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/response-bound-to-request", Fixture, NULL, fixture_set_up, test_response_bound_to_request, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/time-window", test_time_window);
  g_test_add ("/buurtnet/net/wire/seal", Fixture, NULL, fixture_set_up, test_seal, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/heads", Fixture, NULL, fixture_set_up, test_heads, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/sketch", Fixture, NULL, fixture_set_up, test_sketch, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/sketch-bytes", Fixture, NULL, fixture_set_up, test_sketch_bytes, fixture_tear_down);
  g_test_add_func ("/buurtnet/net/wire/wants", test_wants);
  g_test_add_func ("/buurtnet/net/wire/address-normalize", test_address_normalize);
  g_test_add ("/buurtnet/net/wire/frames", Fixture, NULL, fixture_set_up, test_frames, fixture_tear_down);
  g_test_add ("/buurtnet/net/wire/link-messages", Fixture, NULL, fixture_set_up, test_link_messages, fixture_tear_down);
  return g_test_run ();
}
