/* bn-fuzz.c — the neighbourhood, the honest logs and the store checks every
 * fuzz target shares (see bn-fuzz.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-payload.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#define AD_LEN (BN_PUBLIC_KEY_LEN + 8 + BN_KEY_ID_LEN)

static BnFuzzWorld *world;
static char *work_dir;
static guint8 *baseline_db;
static gsize baseline_db_len;

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_standard_streams (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

void
bn_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_writer_func (quiet_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  if (!bn_crypto_init ())
    abort ();
}

static void
derive (guint8 *out, gsize out_len, const char *label, const void *a, gsize a_len,
        const void *b, gsize b_len)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, out_len);
  crypto_generichash_update (&state, (const guint8 *) label, strlen (label));
  crypto_generichash_update (&state, a, a_len);
  crypto_generichash_update (&state, b, b_len);
  crypto_generichash_final (&state, out, out_len);
}

static BnIdentity *
identity_from_seed (guint index)
{
  BnIdentity *identity = g_new0 (BnIdentity, 1);
  guint8 seed[crypto_sign_SEEDBYTES];

  derive (seed, sizeof seed, "buurtnet fuzz author", &index, sizeof index, NULL, 0);
  crypto_sign_seed_keypair (identity->public_key, identity->secret_key, seed);
  return identity;
}

/* author | seq | key ID (docs/protocol.md §5) */
static void
make_ad (guint8 ad[AD_LEN], guint author, guint64 seq)
{
  memcpy (ad, world->authors[author]->public_key, BN_PUBLIC_KEY_LEN);
  bn_put_u64 (ad + BN_PUBLIC_KEY_LEN, seq);
  memcpy (ad + BN_PUBLIC_KEY_LEN + 8, world->key.id, BN_KEY_ID_LEN);
}

/* [key ID |] nonce (24) | XChaCha20-Poly1305 of @plain, the nonce derived from
 * the content. The envelope names its key; a private body's box does not. */
static GBytes *
aead_seal (const guint8 key[BN_KEY_LEN], const guint8 ad[AD_LEN], gboolean name_key,
           const void *plain, gsize len)
{
  gsize prefix = name_key ? BN_KEY_ID_LEN : 0;
  guint8 *out = g_malloc (prefix + BN_PAYLOAD_OVERHEAD + len);
  guint8 *nonce = out + prefix;
  unsigned long long out_len = 0;

  memcpy (out, world->key.id, prefix);
  derive (nonce, BN_PAYLOAD_NONCE_LEN, "buurtnet fuzz nonce", ad, AD_LEN, plain, len);
  crypto_aead_xchacha20poly1305_ietf_encrypt (nonce + BN_PAYLOAD_NONCE_LEN, &out_len, plain, len,
                                              ad, AD_LEN, NULL, nonce, key);
  return g_bytes_new_take (out, prefix + BN_PAYLOAD_NONCE_LEN + out_len);
}

/* crypto_box_seal, with the ephemeral key derived instead of random: the same
 * bytes (epk | crypto_box_easy with nonce = BLAKE2b(epk | pk)), so the product's
 * crypto_box_seal_open opens it. */
static char *
seal_key_to (const guint8 body_key[BN_KEY_LEN], const guint8 ed_pk[BN_PUBLIC_KEY_LEN])
{
  guint8 x_pk[crypto_box_PUBLICKEYBYTES], eph_seed[crypto_box_SEEDBYTES];
  guint8 eph_pk[crypto_box_PUBLICKEYBYTES], eph_sk[crypto_box_SECRETKEYBYTES];
  guint8 nonce[crypto_box_NONCEBYTES];
  guint8 sealed[crypto_box_SEALBYTES + BN_KEY_LEN];

  if (crypto_sign_ed25519_pk_to_curve25519 (x_pk, ed_pk) != 0)
    abort ();
  derive (eph_seed, sizeof eph_seed, "buurtnet fuzz seal", body_key, BN_KEY_LEN, ed_pk,
          BN_PUBLIC_KEY_LEN);
  crypto_box_seed_keypair (eph_pk, eph_sk, eph_seed);
  derive (nonce, sizeof nonce, "", eph_pk, sizeof eph_pk, x_pk, sizeof x_pk);
  memcpy (sealed, eph_pk, sizeof eph_pk);
  if (crypto_box_easy (sealed + sizeof eph_pk, body_key, BN_KEY_LEN, nonce, x_pk, eph_sk) != 0)
    abort ();
  return g_base64_encode (sealed, sizeof sealed);
}

/* The private body of docs/protocol.md §5.1, for the author and me. */
static char *
sealed_envelope (const guint8 ad[AD_LEN], guint author, const void *inner, gsize len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) box = NULL;
  g_autofree char *box_b64 = NULL;
  guint8 body_key[BN_KEY_LEN];

  derive (body_key, sizeof body_key, "buurtnet fuzz body key", ad, AD_LEN, inner, len);
  box = aead_seal (body_key, ad, FALSE, inner, len);
  box_b64 = g_base64_encode (g_bytes_get_data (box, NULL), g_bytes_get_size (box));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "sealed");
  json_builder_set_member_name (builder, "keys");
  json_builder_begin_array (builder);
  for (guint who = 0; who < BN_FUZZ_AUTHORS; who++)
    if (who == author || who == BN_FUZZ_ME)
      {
        g_autofree char *key = seal_key_to (body_key, world->authors[who]->public_key);
        json_builder_add_string_value (builder, key);
      }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "box");
  json_builder_add_string_value (builder, box_b64);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GBytes *
bn_fuzz_seal_payload (guint        author,
                      guint64      seq,
                      const void  *json,
                      gsize        len,
                      gboolean     sealed)
{
  guint8 ad[AD_LEN];
  g_autofree char *envelope = NULL;

  make_ad (ad, author, seq);
  if (!sealed)
    return aead_seal (world->key.content_key, ad, TRUE, json, len);
  envelope = sealed_envelope (ad, author, json, len);
  return aead_seal (world->key.content_key, ad, TRUE, envelope, strlen (envelope));
}

BnEntry *
bn_fuzz_sign (guint          author,
              guint8         version,
              guint64        seq,
              const guint8   backlink[BN_HASH_LEN],
              gint64         timestamp_ms,
              GBytes        *payload)
{
  return bn_entry_new_signed (world->authors[author], version, seq, backlink, timestamp_ms,
                              payload);
}

/* The honest logs: the roster (the founder's root, an invite, two admissions),
 * profiles (one of a newcomer nobody admitted, held), posts (one private), a
 * reply, an accept, a status, thanks, an edit and a delete, so that hostile input
 * meets every kind of state. */
static const struct
{
  guint       author;
  gboolean    sealed;
  const char *json;   /* with placeholders for earlier entries (@eN@), authors (@aN@), ... */
} honest[] = {
  /* 0 */ { 0, FALSE, "{\"type\":\"hood\",\"name\":\"Fuzzstraat\",\"key\":\"@k0@\",\"after\":[]}" },
  /* 1 */ { 0, FALSE, "{\"type\":\"invite\",\"invite\":\"@i0@\",\"invite_key\":\"@i1@\","
                      "\"uses\":3,\"expires\":4102444800000,\"key\":\"@k0@\",\"after\":[\"@e0@\"]}" },
  /* 2 */ { 0, FALSE, "{\"type\":\"admit\",\"member\":\"@a1@\",\"invite\":\"@i0@\","
                      "\"proof\":\"@p1@\",\"name\":\"Bram\",\"keys\":[\"@k0@\"],\"after\":[\"@e1@\"]}" },
  /* 3 */ { 0, FALSE, "{\"type\":\"admit\",\"member\":\"@a2@\",\"invite\":\"@i0@\","
                      "\"proof\":\"@p2@\",\"keys\":[\"@k0@\"],\"after\":[\"@e2@\"]}" },
  /* 4 */ { 0, FALSE, "{\"type\":\"profile\",\"name\":\"Anna\",\"about\":\"Tweede verdieping\","
                      "\"talents\":[\"errands\",\"paperwork\"],\"needs\":[\"garden\"],"
                      "\"languages\":[\"nl\",\"fr\"],\"place\":{\"street\":\"Rue Haute\","
                      "\"number\":\"12\",\"building\":\"12\",\"floor\":\"2\"},\"connector\":true}" },
  /* 5 */ { 1, FALSE, "{\"type\":\"profile\",\"name\":\"Bram\",\"talents\":[\"repairs\"],"
                      "\"needs\":[],\"languages\":[\"nl\"],\"place\":{\"street\":\"Rue Haute\"},"
                      "\"connector\":false}" },
  /* 6 */ { 2, FALSE, "{\"type\":\"profile\",\"name\":\"Chloé\",\"talents\":[],\"needs\":[\"paperwork\"],"
                      "\"languages\":[\"fr\"],\"place\":{},\"connector\":false}" },
  /* 7 */ { 0, FALSE, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"errands\","
                      "\"title\":\"Groceries on Saturday\",\"body\":\"Milk and bread\","
                      "\"when\":\"flexible\",\"urgency\":\"soon\",\"visibility\":\"neighbourhood\"}" },
  /* 8 */ { 1, FALSE, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"repairs\","
                      "\"title\":\"A drill to lend\",\"when\":\"2026-02-01/2026-02-28\","
                      "\"visibility\":\"neighbourhood\",\"expiry\":4102444800000}" },
  /* 9 */ { 1, TRUE,  "{\"type\":\"reply\",\"post\":\"@e7@\",\"text\":\"I can help\"}" },
  /* 10 */ { 2, TRUE, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"paperwork\","
                      "\"title\":\"A form in Dutch\",\"visibility\":\"people\",\"to\":[\"@a0@\"],"
                      "\"on_behalf_of\":\"Marc\"}" },
  /* 11 */ { 0, FALSE, "{\"type\":\"accept\",\"post\":\"@e7@\",\"reply\":\"@e9@\",\"helper\":\"@a1@\"}" },
  /* 12 */ { 0, FALSE, "{\"type\":\"status\",\"post\":\"@e7@\",\"status\":\"done\"}" },
  /* 13 */ { 0, FALSE, "{\"type\":\"thanks\",\"post\":\"@e7@\",\"text\":\"Merci Bram !\"}" },
  /* 14 */ { 1, FALSE, "{\"type\":\"edit\",\"post\":\"@e8@\",\"set\":{\"title\":\"A drill and bits\"}}" },
  /* 15 */ { 2, FALSE, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\","
                       "\"title\":\"Soup on Sunday\",\"visibility\":\"connectors\"}" },
  /* 16 */ { 2, FALSE, "{\"type\":\"delete\",\"target\":\"@e15@\"}" },
  /* 17 */ { 3, FALSE, "{\"type\":\"profile\",\"name\":\"Zoë\",\"talents\":[\"meals\"],"
                       "\"needs\":[],\"languages\":[\"en\"],\"place\":{},\"connector\":false}" },
};

static int
compare_by_author_seq (gconstpointer a, gconstpointer b)
{
  const BnEntry *x = *(BnEntry **) a, *y = *(BnEntry **) b;
  int c = memcmp (x->author, y->author, BN_PUBLIC_KEY_LEN);

  return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void
make_baseline (void)
{
  guint64 seq[BN_FUZZ_AUTHORS] = { 0 };
  guint8 prev[BN_FUZZ_AUTHORS][BN_HASH_LEN];

  world->baseline = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  world->baseline_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    memcpy (prev[a], world->hood->anchor, BN_HASH_LEN);
  for (guint i = 0; i < G_N_ELEMENTS (honest); i++)
    {
      guint a = honest[i].author;
      gsize len = 0;
      g_autofree char *json = bn_fuzz_expand_placeholders (honest[i].json, strlen (honest[i].json),
                                                           &len);
      g_autoptr(GBytes) payload = bn_fuzz_seal_payload (a, ++seq[a], json, len, honest[i].sealed);
      BnEntry *entry = bn_fuzz_sign (a, 2, seq[a], prev[a], BN_FUZZ_EPOCH_MS + i * 1000, payload);

      memcpy (prev[a], entry->id, BN_HASH_LEN);
      g_ptr_array_add (world->baseline_ids, bn_entry_dup_id_hex (entry));
      g_ptr_array_add (world->baseline, entry);
    }
  g_ptr_array_sort (world->baseline, compare_by_author_seq);
}

guint64
bn_fuzz_baseline_head (guint   author,
                       guint8  id[BN_HASH_LEN])
{
  guint64 seq = 0;

  memcpy (id, world->hood->anchor, BN_HASH_LEN);
  for (guint i = 0; i < world->baseline->len; i++)
    {
      BnEntry *entry = g_ptr_array_index (world->baseline, i);

      if (memcmp (entry->author, world->authors[author]->public_key, BN_PUBLIC_KEY_LEN) == 0
          && entry->seq > seq)
        {
          seq = entry->seq;
          memcpy (id, entry->id, BN_HASH_LEN);
        }
    }
  return seq;
}

static void
remove_work_dir (void)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/buurtnet.db%s", work_dir, suffixes[i]);
      g_unlink (path);
    }
  g_rmdir (work_dir);
}

/* On tmpfs when there is one (and TMPDIR says nothing else): the store's fsyncs
 * cost nothing there, so a busy disk cannot stall an input past libFuzzer's
 * timeout, and the data directory is as real as on any other filesystem. */
static char *
make_work_dir (GError **error)
{
  if (g_getenv ("TMPDIR") == NULL && g_access ("/dev/shm", W_OK) == 0)
    {
      char *dir = g_build_filename ("/dev/shm", "bn-fuzz-XXXXXX", NULL);

      if (g_mkdtemp (dir) != NULL)
        return dir;
      g_free (dir);
    }
  return g_dir_make_tmp ("bn-fuzz-XXXXXX", error);
}

/* What the targets count on: the roster made 0, 1 and 2 members and left the
 * newcomer out, and the honest posts are folded. */
static void
check_baseline_state (BnStore *store)
{
  g_autoptr(GPtrArray) posts = bn_store_list_posts (store, world->authors[BN_FUZZ_ME]->public_key,
                                                    NULL, NULL);

  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    {
      BnMemberStatus status = bn_store_get_member_status (store, world->authors[a]->public_key,
                                                          NULL);

      if ((status == BN_MEMBER_ACTIVE) != (a != BN_FUZZ_NEWCOMER))
        g_error ("author %u has member status %d in the honest store", a, status);
    }
  if (posts->len < 3)
    g_error ("the honest store lists %u posts instead of 3", posts->len);
}

/* The baseline is stored once, and its database file copied for every input. */
static void
make_baseline_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BnInsertResult result = { 0 };
  BnStore *store;

  work_dir = make_work_dir (&error);
  if (work_dir == NULL)
    g_error ("%s", error->message);
  atexit (remove_work_dir);
  path = g_build_filename (work_dir, "buurtnet.db", NULL);
  store = bn_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  bn_store_set_keys (store, world->hood, world->authors[BN_FUZZ_ME]);
  if (!bn_store_insert_entries (store, world->baseline, &result, &error))
    g_error ("%s", error->message);
  if (result.added != world->baseline->len)
    g_error ("the honest logs were not all stored (%u of %u)", result.added,
             world->baseline->len);
  bn_insert_result_clear (&result);
  check_baseline_state (store);
  g_object_unref (store);   /* the last connection: SQLite folds the WAL into the file */
  if (!g_file_get_contents (path, (char **) &baseline_db, &baseline_db_len, &error))
    g_error ("%s", error->message);
}

const BnFuzzWorld *
bn_fuzz_world (void)
{
  static const guint8 secret[BN_KEY_LEN] = "buurtnet fuzzing neighbourhood!";

  if (world != NULL)
    return world;
  bn_fuzz_init ();
  world = g_new0 (BnFuzzWorld, 1);
  for (guint i = 0; i < BN_FUZZ_AUTHORS; i++)
    world->authors[i] = identity_from_seed (i);
  world->hood = bn_hood_new_with_founder ("Fuzzstraat", secret,
                                          world->authors[BN_FUZZ_ME]->public_key);
  bn_epoch_key_derive (secret, &world->key);
  world->invite = bn_invite_code_new_from_data (BN_FUZZ_INVITE_DATA);
  make_baseline ();
  make_baseline_store ();
  return world;
}

BnStore *
bn_fuzz_store_open (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  BnStore *store;

  bn_fuzz_world ();
  remove_work_dir ();
  if (g_mkdir (work_dir, 0700) != 0)
    g_error ("cannot make %s", work_dir);
  path = g_build_filename (work_dir, "buurtnet.db", NULL);
  if (!g_file_set_contents (path, (const char *) baseline_db, baseline_db_len, &error))
    g_error ("%s", error->message);
  store = bn_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  bn_store_set_keys (store, world->hood, world->authors[BN_FUZZ_ME]);
  return store;
}

void
bn_fuzz_store_close (BnStore *store)
{
  g_autoptr(GError) error = NULL;
  guint64 checked = 0;

  if (!bn_store_verify (store, &checked, &error))
    g_error ("the store no longer verifies after %" G_GUINT64_FORMAT " entries: %s", checked,
             error->message);
  if (checked < world->baseline->len)
    g_error ("the store holds %" G_GUINT64_FORMAT " entries, fewer than the %u it started with",
             checked, world->baseline->len);
  for (guint i = 0; i < world->baseline->len; i++)
    {
      BnEntry *honest_entry = g_ptr_array_index (world->baseline, i);
      g_autoptr(BnEntry) stored = bn_store_get_entry (store, honest_entry->id);

      if (stored == NULL || memcmp (stored->raw, honest_entry->raw, BN_HEADER_LEN) != 0)
        g_error ("honest entry %u is gone from the store", i);
    }
  g_object_unref (store);
}

void
bn_fuzz_import_log (BnStore      *store,
                    const guint8 *data,
                    gsize         len)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GError) error = NULL;
  gsize offset;

  if (len < BN_LOG_FILE_MAGIC_LEN
      || (memcmp (data, BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN) != 0
          && memcmp (data, BN_LOG_FILE_MAGIC_V1, BN_LOG_FILE_MAGIC_LEN) != 0))
    return;
  for (offset = BN_LOG_FILE_MAGIC_LEN; offset < len;)
    {
      gsize consumed = 0;
      BnEntry *entry;

      /* Join messages (type, length u16, body) are the CLI's business: skipped. */
      if (data[offset] == BN_LOG_MESSAGE_JOIN_REQUEST || data[offset] == BN_LOG_MESSAGE_WELCOME)
        {
          if (len - offset < 3 || len - offset < 3 + ((gsize) data[offset + 1] << 8 | data[offset + 2]))
            break;
          offset += 3 + ((gsize) data[offset + 1] << 8 | data[offset + 2]);
          continue;
        }
      /* As `log import`: a bad frame whose length is known costs only itself. */
      entry = bn_entry_read_frame (data + offset, len - offset, &consumed, NULL);
      if (entry != NULL)
        g_ptr_array_add (batch, entry);
      else if (consumed == 0)
        break;
      offset += consumed;
    }
  if (batch->len > 0)
    {
      BnInsertResult result = { 0 };

      if (!bn_store_insert_verified (store, batch, &result, &error)
          || !bn_store_fold_pending (store, &error))
        g_error ("a database error on a healthy disk: %s", error->message);
      bn_insert_result_clear (&result);
    }
}

/* Reads a placeholder ("@eN@", "@aN@", "@k0@", "@iN@", "@pN@") at @text; returns
 * its length, or 0 when there is none. */
static gsize
read_placeholder (const char *text, gsize len, char *kind, guint *n)
{
  gsize i = 2;

  if (len < 4 || text[0] != '@' || strchr ("eakip", text[1]) == NULL || text[1] == '\0')
    return 0;
  *kind = text[1];
  *n = 0;
  while (i < len && i < 5 && g_ascii_isdigit (text[i]))
    *n = *n * 10 + (guint) (text[i++] - '0');
  if (i == 2 || i >= len || text[i] != '@')
    return 0;
  switch (*kind)
    {
    case 'e':
      return world->baseline_ids != NULL && *n < world->baseline_ids->len ? i + 1 : 0;
    case 'a':
    case 'p':
      return *n < BN_FUZZ_AUTHORS ? i + 1 : 0;
    case 'k':
      return *n == 0 ? i + 1 : 0;
    default:
      return *n < 2 ? i + 1 : 0;
    }
}

static char *
placeholder_value (char kind, guint n)
{
  guint8 proof[BN_INVITE_PROOF_LEN];

  switch (kind)
    {
    case 'e':
      return g_strdup (g_ptr_array_index (world->baseline_ids, n));
    case 'a':
      return bn_identity_get_peer_id (world->authors[n]);
    case 'k':
      return bn_hex_encode (world->key.id, BN_KEY_ID_LEN);
    case 'i':
      return n == 0 ? bn_hex_encode (world->invite->invite_id, BN_INVITE_ID_LEN)
                    : bn_hex_encode (world->invite->invite_pk, BN_PUBLIC_KEY_LEN);
    default:
      bn_invite_code_make_proof (world->invite, world->authors[n]->public_key, proof);
      return bn_hex_encode (proof, sizeof proof);
    }
}

char *
bn_fuzz_expand_placeholders (const char *text,
                             gsize       len,
                             gsize      *out_len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len;)
    {
      char kind;
      guint n;
      gsize skip = read_placeholder (text + i, len - i, &kind, &n);

      if (skip == 0)
        g_string_append_c (out, text[i++]);
      else
        {
          g_autofree char *value = placeholder_value (kind, n);
          g_string_append (out, value);
          i += skip;
        }
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}
