/* bn-test-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-store-private.h"   /* raw SQL: counting rows */

#include <glib/gstdio.h>
#include <string.h>

void
bn_test_init (int    *argc,
              char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_assert_true (bn_crypto_init ());
}

char *
bn_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("buurtnet-core-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
bn_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      bn_test_remove_tree (child);
    }
  g_rmdir (path);
}

void
bn_tmp_fixture_setup (BnTmpFixture  *fixture,
                      gconstpointer  data)
{
  fixture->dir = bn_test_make_tmpdir ();
}

void
bn_tmp_fixture_teardown (BnTmpFixture  *fixture,
                         gconstpointer  data)
{
  bn_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

JsonObject *
bn_test_json (const char *text)
{
  JsonObject *object = bn_json_object_from_string (text);

  g_assert_nonnull (object);
  return object;
}

BnTestLog *
bn_test_log_new (const BnHood *hood,
                 gint64        clock_ms)
{
  BnTestLog *log = g_new0 (BnTestLog, 1);

  log->identity = bn_identity_new_random ();
  log->hood = hood;
  log->clock_ms = clock_ms;
  log->step_ms = 1000;
  memcpy (log->prev_id, hood->anchor, BN_HASH_LEN);
  return log;
}

void
bn_test_log_free (BnTestLog *log)
{
  if (log == NULL)
    return;
  bn_identity_free (log->identity);
  g_free (log);
}

guint8 *
bn_test_log_key (BnTestLog *log)
{
  return log->identity->public_key;
}

/* Returns: (transfer full): the same author at the same point of its log, so
 * the two can go on differently (a fork). */
BnTestLog *
bn_test_log_fork (const BnTestLog *log)
{
  BnTestLog *copy = g_memdup2 (log, sizeof *log);

  copy->identity = g_memdup2 (log->identity, sizeof *log->identity);
  return copy;
}

static void
log_advance (BnTestLog *log, const BnEntry *entry)
{
  memcpy (log->prev_id, entry->id, BN_HASH_LEN);
  log->seq = entry->seq;
  log->clock_ms += log->step_ms;
}

/* Returns: (transfer full): the next entry of @log, carrying @object */
BnEntry *
bn_test_log_append (BnTestLog  *log,
                    JsonObject *object,
                    GPtrArray  *recipients)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = bn_payload_encrypt (bn_keyring_get_legacy ((log->hood)->keys), log->identity->public_key,
                                                  log->seq + 1, object, recipients, &error);
  BnEntry *entry;

  g_assert_no_error (error);
  entry = bn_entry_new_signed (log->identity, BN_ENTRY_VERSION, log->seq + 1, log->prev_id, log->clock_ms, payload);
  log_advance (log, entry);
  return entry;
}

BnEntry *
bn_test_log_append_json (BnTestLog  *log,
                         const char *json)
{
  g_autoptr(JsonObject) object = bn_test_json (json);
  return bn_test_log_append (log, object, NULL);
}

/* The next entry, with @text as its payload's plain text exactly as given (not
 * re-serialised by json-glib): what a careless or hostile client could send.
 * It is a version 1 entry, whose envelope docs/protocol.md §5 describes:
 * nonce | XChaCha20-Poly1305 under K0's content key, with author and seq
 * (big-endian) as associated data. */
BnEntry *
bn_test_log_append_text (BnTestLog  *log,
                         const char *text,
                         gsize       len)
{
  guint8 ad[BN_PUBLIC_KEY_LEN + 8];
  gsize out_len = BN_PAYLOAD_OVERHEAD + len;
  guint8 *out = g_malloc (out_len);
  unsigned long long ct_len = 0;
  g_autoptr(GBytes) payload = NULL;
  BnEntry *entry;

  memcpy (ad, log->identity->public_key, BN_PUBLIC_KEY_LEN);
  bn_put_u64 (ad + BN_PUBLIC_KEY_LEN, log->seq + 1);
  randombytes_buf (out, BN_PAYLOAD_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + BN_PAYLOAD_NONCE_LEN, &ct_len,
                                              (const guint8 *) text, len, ad, sizeof ad,
                                              NULL, out, log->hood->content_key);
  payload = g_bytes_new_take (out, BN_PAYLOAD_NONCE_LEN + ct_len);
  entry = bn_entry_new_signed (log->identity, BN_ENTRY_VERSION_LEGACY, log->seq + 1, log->prev_id, log->clock_ms, payload);
  log_advance (log, entry);
  return entry;
}

/* The next entry, signed with a broken signature; later entries link to it as it
 * is, so only its own signature is wrong. */
BnEntry *
bn_test_log_append_bad_signature (BnTestLog  *log,
                                  const char *json)
{
  g_autoptr(JsonObject) object = bn_test_json (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = bn_payload_encrypt (bn_keyring_get_legacy ((log->hood)->keys), log->identity->public_key,
                                                  log->seq + 1, object, NULL, &error);
  g_autoptr(BnEntry) good = NULL;
  guint8 raw[BN_HEADER_LEN];
  BnEntry *bad;

  g_assert_no_error (error);
  good = bn_entry_new_signed (log->identity, BN_ENTRY_VERSION, log->seq + 1, log->prev_id, log->clock_ms, payload);
  memcpy (raw, good->raw, BN_HEADER_LEN);
  raw[BN_HEADER_OFF_SIGNATURE + 10] ^= 0x40;
  bad = bn_test_entry_with_header (good, raw);
  g_assert_false (bn_entry_verify_signature (bad));
  log_advance (log, bad);
  return bad;
}

/* Returns: (transfer full): @entry's payload under another (raw) header */
BnEntry *
bn_test_entry_with_header (const BnEntry *entry,
                           const guint8  *raw)
{
  g_autoptr(GError) error = NULL;
  BnEntry *copy = bn_entry_new_from_header (raw, BN_HEADER_LEN, entry->payload, &error);

  g_assert_no_error (error);
  return copy;
}

/* Returns: (transfer full): the entries, each referenced once more */
GPtrArray *
bn_test_entries (BnEntry *first,
                 ...)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  va_list args;

  va_start (args, first);
  for (BnEntry *e = first; e != NULL; e = va_arg (args, BnEntry *))
    g_ptr_array_add (entries, bn_entry_ref (e));
  va_end (args);
  return entries;
}

BnStore *
bn_test_store_new (const char       *dir,
                   const char       *name,
                   const BnHood     *hood,
                   const BnIdentity *identity)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  BnStore *store = bn_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  bn_store_set_keys (store, hood, identity);
  return store;
}

/* Inserts, asserting the database itself did not fail; @result is the caller's
 * to clear. */
void
bn_test_insert (BnStore        *store,
                GPtrArray      *entries,
                BnInsertResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_store_insert_entries (store, entries, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->added + result->known + result->refused, ==, entries->len);
}

/* Stores @first, then @then, as a sync does (each pulled batch stored, nothing
 * folded yet), then folds once: what arrived later may be folded first. */
void
bn_test_store_then_fold (BnStore   *store,
                         GPtrArray *first,
                         GPtrArray *then)
{
  GPtrArray *batches[] = { first, then };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (batches); i++)
    {
      BnInsertResult result = { 0 };

      g_assert_true (bn_store_insert_verified (store, batches[i], &result, &error));
      g_assert_no_error (error);
      bn_insert_result_clear (&result);
    }
  g_assert_true (bn_store_fold_pending (store, &error));
  g_assert_no_error (error);
}

gboolean
bn_test_result_has_reason (const BnInsertResult *result,
                           const char           *needle)
{
  for (guint i = 0; result->reasons != NULL && i < result->reasons->len; i++)
    if (strstr (g_ptr_array_index (result->reasons, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
collect_entry (BnEntry *entry, gpointer user_data)
{
  g_ptr_array_add (user_data, bn_entry_ref (entry));
  return TRUE;
}

/* Returns: (transfer full): every stored entry, by author and seq */
GPtrArray *
bn_test_store_entries (BnStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  g_assert_true (bn_store_foreach_entry (store, collect_entry, entries, &error));
  g_assert_no_error (error);
  return entries;
}

void
bn_test_assert_verifies (BnStore *store)
{
  g_autoptr(GError) error = NULL;
  guint64 checked = 0;

  g_assert_true (bn_store_verify (store, &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (checked, ==, bn_store_count_entries (store));
}

guint
bn_test_count_rows (BnStore    *store,
                    const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

char *
bn_test_hex (const guint8 *id)
{
  return bn_hex_encode (id, BN_HASH_LEN);
}

/* The store fixture and shortcuts for building histories. */

void
bn_store_fixture_setup (BnStoreFixture *f,
                        gconstpointer   data)
{
  f->dir = bn_test_make_tmpdir ();
  f->hood = bn_hood_new_random ("Rabot", NULL);
  f->observer = bn_identity_new_random ();
  f->store = bn_test_store_new (f->dir, "main.db", f->hood, f->observer);
}

void
bn_store_fixture_teardown (BnStoreFixture *f,
                           gconstpointer   data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->observer, bn_identity_free);
  g_clear_pointer (&f->hood, bn_hood_free);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

BnEntry *
bn_test_append_profile (BnTestLog *log, const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"profile\",\"name\":\"%s\"}", name);
  return bn_test_log_append_json (log, json);
}

BnEntry *
bn_test_append_post (BnTestLog *log, const char *title, gint64 expiry)
{
  g_autofree char *json = g_strdup_printf (
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"errands\",\"title\":\"%s\","
      "\"visibility\":\"neighbourhood\",\"expiry\":%" G_GINT64_FORMAT "}", title, expiry);
  return bn_test_log_append_json (log, json);
}

BnEntry *
bn_test_append_on_post (BnTestLog *log, const char *type, const BnEntry *post, const char *text)
{
  g_autofree char *id = bn_entry_dup_id_hex (post);
  g_autofree char *json = g_strdup_printf ("{\"type\":\"%s\",\"post\":\"%s\",\"text\":\"%s\"}",
                                           type, id, text);
  return bn_test_log_append_json (log, json);
}

BnEntry *
bn_test_append_delete (BnTestLog *log, const BnEntry *target)
{
  g_autofree char *id = bn_entry_dup_id_hex (target);
  g_autofree char *json = g_strdup_printf ("{\"type\":\"delete\",\"target\":\"%s\"}", id);
  return bn_test_log_append_json (log, json);
}

/* Returns: (transfer full): @n profile entries appended to @log */
GPtrArray *
bn_test_make_run (BnTestLog *log, guint n)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Neighbour %u", i);
      g_ptr_array_add (entries, bn_test_append_profile (log, name));
    }
  return entries;
}

void
bn_test_insert_expecting (BnStore *store, GPtrArray *entries, guint added, guint known, guint refused)
{
  BnInsertResult result = { 0 };

  bn_test_insert (store, entries, &result);
  g_assert_cmpuint (result.added, ==, added);
  g_assert_cmpuint (result.known, ==, known);
  g_assert_cmpuint (result.refused, ==, refused);
  bn_insert_result_clear (&result);
}

guint64
bn_test_head_seq (BnStore *store, BnTestLog *log)
{
  BnHead head;

  if (!bn_store_get_head (store, bn_test_log_key (log), &head))
    return 0;
  return head.seq;
}

gboolean
bn_test_payload_erased (BnStore *store, const BnEntry *entry)
{
  g_autoptr(BnEntry) stored = bn_store_get_entry (store, entry->id);

  g_assert_nonnull (stored);
  return stored->payload == NULL;
}

/* A data directory DIR/NAME, created, with NAME as the neighbour's name. */
BnHome *
bn_test_open_home (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  BnHome *home = bn_home_open (path, TRUE, &error);

  g_assert_no_error (error);
  g_assert_true (bn_home_set_name (home, name, &error));
  g_assert_no_error (error);
  return home;
}

/* Everything @from stores, offered to @to as one batch; nothing may be refused. */
void
bn_test_sync_homes (BnHome *from,
                    BnHome *to)
{
  g_autoptr(GPtrArray) entries = bn_test_store_entries (bn_home_get_store (from));
  BnInsertResult result = { 0 };

  bn_test_insert (bn_home_get_store (to), entries, &result);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
}

/* @newcomer joins @member's neighbourhood with @code, the way two peers do it
 * (docs/protocol.md §10): a join request, an admission and a welcome; then
 * @newcomer gets everything @member holds. Returns the newcomer's join. */
void
bn_test_join_home (BnHome     *member,
                   BnHome     *newcomer,
                   const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) welcome = NULL;

  g_assert_true (bn_home_join_hood (newcomer, code, &error));
  g_assert_no_error (error);
  request = bn_home_get_join_request (newcomer);
  g_assert_nonnull (request);
  welcome = bn_home_admit (member, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (welcome);
  g_assert_true (bn_home_accept_welcome (newcomer, welcome, &error));
  g_assert_no_error (error);
  bn_test_sync_homes (member, newcomer);
}

/* A new invite code from @member, for one neighbour. */
char *
bn_test_invite (BnHome *member)
{
  g_autoptr(GError) error = NULL;
  char *code = bn_home_create_invite (member, 1, BN_INVITE_DEFAULT_MS, &error);

  g_assert_no_error (error);
  return code;
}
