/* test-vectors.c — the test vectors of docs/protocol.md appendix A.2 (epoch
 * keys, anchors, a version 2 entry and its payload), computed here from fixed
 * inputs the way the document says, opened and rebuilt by the code, and found
 * in the document. `test-vectors --print-vectors` prints them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

#define TIMESTAMP G_GINT64_CONSTANT (1780000000000)
#define POST_JSON "{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Soep\"}"

typedef struct
{
  guint8      k[BN_KEY_LEN];
  guint8      seed[32];
  guint8      nonce[24];
  BnEpochKey  key;
  BnIdentity  founder;
  guint8      anchor[BN_HASH_LEN];
  guint8      legacy_anchor[BN_HASH_LEN];
  GBytes     *payload;
  BnEntry    *entry;
} Vectors;

static void
fill (guint8 *out, gsize len, guint8 first)
{
  for (gsize i = 0; i < len; i++)
    out[i] = (guint8) (first + i);
}

/* The version 2 payload of docs/protocol.md §5, built from libsodium alone:
 * key ID | nonce | XChaCha20-Poly1305(JSON), AD = author | seq | key ID. */
static GBytes *
make_payload (const Vectors *v)
{
  gsize json_len = strlen (POST_JSON);
  gsize len = BN_KEY_ID_LEN + sizeof v->nonce + json_len + 16;
  guint8 *out = g_malloc (len);
  guint8 ad[BN_PUBLIC_KEY_LEN + 8 + BN_KEY_ID_LEN];
  unsigned long long ct_len = 0;

  memcpy (ad, v->founder.public_key, BN_PUBLIC_KEY_LEN);
  bn_put_u64 (ad + BN_PUBLIC_KEY_LEN, 1);
  memcpy (ad + BN_PUBLIC_KEY_LEN + 8, v->key.id, BN_KEY_ID_LEN);
  memcpy (out, v->key.id, BN_KEY_ID_LEN);
  memcpy (out + BN_KEY_ID_LEN, v->nonce, sizeof v->nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + BN_KEY_ID_LEN + sizeof v->nonce, &ct_len,
                                              (const guint8 *) POST_JSON, json_len, ad, sizeof ad,
                                              NULL, v->nonce, v->key.content_key);
  return g_bytes_new_take (out, len);
}

static void
vectors_make (Vectors *v)
{
  g_autoptr(BnHood) founded = NULL;
  g_autoptr(BnHood) legacy = NULL;

  fill (v->k, sizeof v->k, 0x00);
  fill (v->seed, sizeof v->seed, 0x20);
  fill (v->nonce, sizeof v->nonce, 0x40);
  bn_epoch_key_derive (v->k, &v->key);
  crypto_sign_seed_keypair (v->founder.public_key, v->founder.secret_key, v->seed);
  founded = bn_hood_new_with_founder ("Rabot", v->k, v->founder.public_key);
  legacy = bn_hood_new_from_secret ("Rabot", v->k);
  memcpy (v->anchor, founded->anchor, BN_HASH_LEN);
  memcpy (v->legacy_anchor, legacy->anchor, BN_HASH_LEN);
  v->payload = make_payload (v);
  v->entry = bn_entry_new_signed (&v->founder, BN_ENTRY_VERSION, 1, v->anchor, TIMESTAMP, v->payload);
}

static void
vectors_clear (Vectors *v)
{
  g_clear_pointer (&v->payload, g_bytes_unref);
  g_clear_pointer (&v->entry, bn_entry_unref);
}

static char *
hex (const guint8 *data, gsize len)
{
  return bn_hex_encode (data, len);
}

/* name → lowercase hex, in the order the appendix lists them */
static GPtrArray *
vectors_list (const Vectors *v)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

#define ADD(name, data, len) \
  g_ptr_array_add (list, g_strdup (name)); g_ptr_array_add (list, hex (data, len))
  ADD ("K", v->k, sizeof v->k);
  ADD ("content_key", v->key.content_key, BN_KEY_LEN);
  ADD ("discovery_key", v->key.discovery_key, BN_KEY_LEN);
  ADD ("key_id", v->key.id, BN_KEY_ID_LEN);
  ADD ("legacy_anchor", v->legacy_anchor, BN_HASH_LEN);
  ADD ("founder_seed", v->seed, sizeof v->seed);
  ADD ("founder_pk", v->founder.public_key, BN_PUBLIC_KEY_LEN);
  ADD ("anchor", v->anchor, BN_HASH_LEN);
  ADD ("nonce", v->nonce, sizeof v->nonce);
  ADD ("payload", g_bytes_get_data (v->payload, NULL), g_bytes_get_size (v->payload));
  ADD ("header", v->entry->raw, BN_HEADER_LEN);
  ADD ("entry_id", v->entry->id, BN_HASH_LEN);
#undef ADD
  return list;
}

/* The code opens the documented payload and reads the post back. */
static void
test_code_opens_the_payload (void)
{
  Vectors v = { 0 };
  g_autoptr(BnKeyring) keys = bn_keyring_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  vectors_make (&v);
  bn_keyring_add (keys, v.k);
  object = bn_payload_decrypt (keys, &v.founder, v.entry, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bn_json_get_string (object, "title"), ==, "Soep");
  g_assert_true (bn_entry_verify_signature (v.entry));
  g_assert_true (bn_entry_check_payload (v.entry, NULL));
  g_assert_true (bn_hood_check_anchor (v.anchor, v.k, v.founder.public_key));
  g_assert_true (bn_hood_check_anchor (v.legacy_anchor, v.k, NULL));
  vectors_clear (&v);
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

/* Every value is in appendix A.2 of docs/protocol.md. */
static void
test_values_in_the_document (void)
{
  Vectors v = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *appendix = NULL;
  g_autoptr(GError) error = NULL;
  const char *start, *end;

  g_file_get_contents (BN_PROTOCOL_DOC, &doc, NULL, &error);
  g_assert_no_error (error);
  start = strstr (doc, "### A.2");
  g_assert_nonnull (start);
  end = strstr (start + 1, "\n### ");
  appendix = without_white_space (end ? g_strndup (start, end - start) : start);
  vectors_make (&v);
  list = vectors_list (&v);
  for (guint i = 0; i < list->len; i += 2)
    if (strstr (appendix, g_ptr_array_index (list, i + 1)) == NULL)
      g_error ("appendix A.2 lacks %s = %s", (char *) g_ptr_array_index (list, i),
               (char *) g_ptr_array_index (list, i + 1));
  vectors_clear (&v);
}

int
main (int argc, char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--print-vectors"))
    {
      Vectors v = { 0 };
      g_autoptr(GPtrArray) list = NULL;

      bn_crypto_init ();
      vectors_make (&v);
      list = vectors_list (&v);
      for (guint i = 0; i < list->len; i += 2)
        g_print ("%-14s %s\n", (char *) g_ptr_array_index (list, i),
                 (char *) g_ptr_array_index (list, i + 1));
      vectors_clear (&v);
      return 0;
    }
  bn_test_init (&argc, &argv);
  g_test_add_func ("/buurtnet/core/vectors/code-opens-the-payload", test_code_opens_the_payload);
  g_test_add_func ("/buurtnet/core/vectors/values-in-the-document", test_values_in_the_document);
  return g_test_run ();
}
