/* test-database.c — the SQLite file: tampering noticed by verify, migrations
 * from old schemas, a schema too new, not a database, reopening, two
 * connections at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-store-private.h"   /* raw SQL: old schemas and damaged rows on purpose */
#include "bn-store-schema.h"
#include "bn-entry-type.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)
#define HOUR G_GINT64_CONSTANT (3600000)

typedef struct
{
  BnStore   *store;
  GPtrArray *entries;
} Importer;

static gpointer
import_in_batches (gpointer data)
{
  Importer *importer = data;

  for (guint i = 0; i < importer->entries->len; i += 25)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      BnInsertResult result = { 0 };
      g_autoptr(GError) error = NULL;

      for (guint j = i; j < MIN (i + 25, importer->entries->len); j++)
        g_ptr_array_add (batch, bn_entry_ref (g_ptr_array_index (importer->entries, j)));
      if (!bn_store_insert_entries (importer->store, batch, &result, &error))
        g_error ("import failed: %s", error->message);
      if (result.added != batch->len)
        g_error ("import added %u of %u", result.added, batch->len);
      bn_insert_result_clear (&result);
    }
  return NULL;
}

/* The window and the sync worker each hold a connection to one database: a
 * neighbour posting while a catch-up is imported loses nothing of either. */
static void
test_two_connections_at_once (BnStoreFixture *f,
                              gconstpointer   data)
{
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) backlog = bn_test_make_run (bob, 600);
  g_autoptr(BnStore) worker = bn_test_store_new (f->dir, "main.db", f->hood, f->observer);
  Importer importer = { worker, backlog };
  GThread *thread;
  BnHead head;

  thread = g_thread_new ("import", import_in_batches, &importer);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *json = g_strdup_printf (
          "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\",\"title\":\"Soup %u\"}", i);
      g_autoptr(JsonObject) object = bn_test_json (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) entry = bn_store_append_local (f->store, object, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (entry->seq, ==, i + 1);
    }
  g_thread_join (thread);

  g_assert_true (bn_store_get_head (f->store, f->observer->public_key, &head));
  g_assert_cmpuint (head.seq, ==, 60);
  g_assert_true (bn_store_get_head (f->store, bn_test_log_key (bob), &head));
  g_assert_cmpuint (head.seq, ==, 600);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 660);
  {
    g_autoptr(GPtrArray) posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
    g_autoptr(BnProfile) profile = bn_store_get_profile (worker, bn_test_log_key (bob));
    g_assert_cmpuint (posts->len, ==, 60);
    g_assert_cmpstr (profile->name, ==, "Neighbour 599");
  }
  bn_test_assert_verifies (f->store);
  bn_test_assert_verifies (worker);
}

static void
exec_sql (BnStore *store, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (bn_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Flips one bit of a blob in a row (by author and seq) behind the store's back:
 * read it, flip it in C, write it back. */
static void
tamper_blob (BnStore *store, const char *column, const BnEntry *entry, guint offset)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM entries WHERE author = ? AND seq = ?", column);
  g_autofree char *update = g_strdup_printf ("UPDATE entries SET %s = ? WHERE author = ? AND seq = ?", column);
  g_autofree guint8 *blob = NULL;
  int len;

  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (store), select, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) entry->seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  len = sqlite3_column_bytes (stmt, 0);
  g_assert_cmpint ((int) offset, <, len);
  blob = g_memdup2 (sqlite3_column_blob (stmt, 0), (gsize) len);
  sqlite3_finalize (stmt);

  blob[offset] ^= 0x01;
  g_assert_cmpint (sqlite3_prepare_v2 (bn_store_get_db (store), update, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, blob, len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) entry->seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
assert_verify_fails (BnStore *store, const char *what)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("tampered: %s", what);
  g_assert_false (bn_store_verify (store, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BN_CORE_ERROR);
  g_test_message ("verify says: %s", error->message);
}

static void
test_verify_notices_tampering (BnStoreFixture *f,
                               gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) a = bn_test_make_run (alice, 5);
  g_autoptr(GPtrArray) b = bn_test_make_run (bob, 5);
  BnEntry *middle = g_ptr_array_index (a, 2);
  BnEntry *newest = g_ptr_array_index (b, 4);
  struct { const char *column; BnEntry *entry; guint offset; const char *what; } cases[] = {
    { "header", middle, BN_HEADER_OFF_TIMESTAMP + 7, "a middle header's timestamp" },
    { "header", middle, BN_HEADER_OFF_PAYLOAD_HASH, "a middle header's payload hash" },
    { "header", newest, BN_HEADER_OFF_SIGNATURE + 3, "the newest header's signature" },
    { "header", newest, BN_HEADER_OFF_TIMESTAMP + 7, "the newest header's timestamp" },
    { "header", g_ptr_array_index (a, 0), BN_HEADER_OFF_BACKLINK, "the first backlink" },
    { "payload", middle, 30, "a payload" },
    { "payload", newest, 0, "a payload's nonce" },
  };

  bn_test_insert_expecting (f->store, a, 5, 0, 0);
  bn_test_insert_expecting (f->store, b, 5, 0, 0);
  bn_test_assert_verifies (f->store);

  /* Each tampering is undone by flipping the same bit back. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      tamper_blob (f->store, cases[i].column, cases[i].entry, cases[i].offset);
      assert_verify_fails (f->store, cases[i].what);
      tamper_blob (f->store, cases[i].column, cases[i].entry, cases[i].offset);
      bn_test_assert_verifies (f->store);
    }

  /* A middle entry removed; a head moved; a head moved back and the newest removed. */
  exec_sql (f->store, "CREATE TABLE saved AS SELECT * FROM entries");
  exec_sql (f->store, "DELETE FROM entries WHERE seq = 3");
  assert_verify_fails (f->store, "a missing middle entry");
  exec_sql (f->store, "INSERT INTO entries SELECT * FROM saved WHERE seq = 3");
  bn_test_assert_verifies (f->store);

  exec_sql (f->store, "UPDATE heads SET seq = 4");
  assert_verify_fails (f->store, "heads pointing to an older entry");
  exec_sql (f->store, "UPDATE heads SET seq = 5");
  bn_test_assert_verifies (f->store);

  exec_sql (f->store, "DELETE FROM entries WHERE seq = 5");
  assert_verify_fails (f->store, "the newest entries gone");
  exec_sql (f->store, "INSERT INTO entries SELECT * FROM saved WHERE seq = 5");
  exec_sql (f->store, "DROP TABLE saved");
  bn_test_assert_verifies (f->store);
}

static void
write_v1_database (const char *path, BnStore *source)
{
  g_autoptr(GPtrArray) entries = bn_test_store_entries (source);
  g_autoptr(GArray) heads = bn_store_list_heads (source);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bn_store_migrations[0], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO entries (author, seq, id, header, payload, timestamp)"
                                       " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < entries->len; i++)
    {
      BnEntry *e = g_ptr_array_index (entries, i);
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, e->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) e->seq);
      sqlite3_bind_blob (stmt, 3, e->id, BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, e->raw, BN_HEADER_LEN, SQLITE_STATIC);
      if (e->payload != NULL)
        sqlite3_bind_blob (stmt, 5, g_bytes_get_data (e->payload, NULL),
                           (int) g_bytes_get_size (e->payload), SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_int64 (stmt, 6, e->timestamp_ms);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO heads (author, seq, id) VALUES (?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < heads->len; i++)
    {
      BnHead *h = &g_array_index (heads, BnHead, i);
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, h->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) h->seq);
      sqlite3_bind_blob (stmt, 3, h->id, BN_HASH_LEN, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static int
user_version (BnStore *store)
{
  return (int) bn_test_count_rows (store, "PRAGMA user_version");
}

static void
test_migrate_from_v1 (BnStoreFixture *f,
                      gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) profile = bn_test_append_profile (alice, "Alice");
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Paint the fence", 0);
  g_autoptr(BnEntry) reply = bn_test_append_on_post (bob, "thanks", post, "Looks great");
  g_autoptr(GPtrArray) all = bn_test_entries (profile, post, reply, NULL);
  g_autofree char *path = g_build_filename (f->dir, "v1.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStore) migrated = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) derived_tables = bn_entry_types_list_tables ();

  bn_test_insert_expecting (f->store, all, 3, 0, 0);
  write_v1_database (path, f->store);

  migrated = bn_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (migrated), ==, BN_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < derived_tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf (
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
          (const char *) g_ptr_array_index (derived_tables, i));
      g_assert_cmpuint (bn_test_count_rows (migrated, sql), ==, 1);
    }
  bn_store_set_keys (migrated, f->hood, f->observer);

  /* The derived state is there as if the entries had arrived today. */
  posts = bn_store_list_posts (migrated, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Paint the fence");
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->author_name, ==, "Alice");
  g_assert_cmpuint (((BnPost *) g_ptr_array_index (posts, 0))->n_thanks, ==, 1);
  g_assert_cmpuint (bn_store_count_entries (migrated), ==, 3);
  bn_test_assert_verifies (migrated);

  /* Closed and opened again: nothing migrates twice, nothing is lost. */
  g_clear_object (&migrated);
  g_clear_pointer (&posts, g_ptr_array_unref);
  migrated = bn_test_store_new (f->dir, "v1.db", f->hood, f->observer);
  g_assert_cmpint (user_version (migrated), ==, BN_STORE_SCHEMA_VERSION);
  posts = bn_store_list_posts (migrated, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  bn_test_assert_verifies (migrated);
}

/* The schema the first core wrote (commit ceac492), before schema 1 gained the
 * arrival number entries.n and posts lost their stored base: data directories
 * made then must still open and work. */
static const char *const first_core_schema =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE entries ("
  "  author BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL UNIQUE,"
  "  header BLOB NOT NULL, payload BLOB, timestamp INTEGER NOT NULL,"
  "  PRIMARY KEY (author, seq)) WITHOUT ROWID;"
  "CREATE TABLE heads ("
  "  author BLOB PRIMARY KEY, seq INTEGER NOT NULL, id BLOB NOT NULL,"
  "  forked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE TABLE forks ("
  "  author BLOB NOT NULL, seq INTEGER NOT NULL, header BLOB NOT NULL,"
  "  found INTEGER NOT NULL, PRIMARY KEY (author, seq, header));"
  "CREATE TABLE profiles ("
  "  author BLOB PRIMARY KEY, entry_id BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  name TEXT, about TEXT, talents TEXT, needs TEXT, languages TEXT,"
  "  street TEXT, number TEXT, building TEXT, floor TEXT, connector INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE posts ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL, base TEXT NOT NULL,"
  "  kind TEXT, category TEXT, title TEXT, body TEXT, when_text TEXT, urgency TEXT,"
  "  visibility TEXT, on_behalf_of TEXT, expiry INTEGER, status TEXT NOT NULL DEFAULT 'open',"
  "  accepted_reply BLOB, helper BLOB, updated INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX posts_kind ON posts (kind, deleted);"
  "CREATE TABLE post_events ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  type TEXT NOT NULL, data TEXT NOT NULL);"
  "CREATE INDEX post_events_post ON post_events (post_id);"
  "CREATE TABLE replies ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX replies_post ON replies (post_id);"
  "CREATE TABLE thanks ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX thanks_post ON thanks (post_id);"
  "CREATE TABLE deletions ("
  "  target BLOB NOT NULL, author BLOB NOT NULL, PRIMARY KEY (target, author)) WITHOUT ROWID;"
  "CREATE TABLE peers ("
  "  address TEXT PRIMARY KEY, source TEXT NOT NULL, peer_id TEXT,"
  "  last_seen INTEGER NOT NULL DEFAULT 0, last_sync INTEGER NOT NULL DEFAULT 0,"
  "  failures INTEGER NOT NULL DEFAULT 0, entries_in INTEGER NOT NULL DEFAULT 0,"
  "  entries_out INTEGER NOT NULL DEFAULT 0);"
  "PRAGMA user_version = 3;";

static void
test_first_core_database (BnStoreFixture *f,
                          gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnEntry) profile = bn_test_append_profile (alice, "Alice");
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Paint the fence", 0);
  g_autoptr(GPtrArray) old = bn_test_entries (profile, post, NULL);
  g_autoptr(BnEntry) later = bn_test_append_post (alice, "Mow the lawn", 0);
  g_autoptr(GPtrArray) batch = bn_test_entries (later, NULL);
  g_autofree char *path = g_build_filename (f->dir, "first.db", NULL);
  g_autoptr(BnStore) store = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Entries, head and derived rows as the first core stored them. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, first_core_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO entries (author, seq, id, header, payload, timestamp)"
                                       " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < old->len; i++)
    {
      BnEntry *e = g_ptr_array_index (old, i);
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, e->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) e->seq);
      sqlite3_bind_blob (stmt, 3, e->id, BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, e->raw, BN_HEADER_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 5, g_bytes_get_data (e->payload, NULL),
                         (int) g_bytes_get_size (e->payload), SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, e->timestamp_ms);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO heads (author, seq, id) VALUES (?, 2, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, post->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, post->id, BN_HASH_LEN, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = bn_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (store), ==, BN_STORE_SCHEMA_VERSION);
  bn_store_set_keys (store, f->hood, f->observer);
  bn_test_assert_verifies (store);

  /* What was there shows, and what comes next is stored and shows too. */
  bn_test_insert_expecting (store, batch, 1, 0, 0);
  posts = bn_store_list_posts (store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 2);
  g_assert_cmpuint (bn_test_head_seq (store, alice), ==, 3);
  {
    g_autoptr(BnProfile) p = bn_store_get_profile (store, bn_test_log_key (alice));
    g_assert_cmpstr (p->name, ==, "Alice");
  }
  bn_test_assert_verifies (store);
}

static void
test_too_new_schema (BnStoreFixture *f,
                     gconstpointer   data)
{
  g_autofree char *path = g_build_filename (f->dir, "future.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", BN_STORE_SCHEMA_VERSION + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStore) store = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); INSERT INTO future VALUES (42);", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = bn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "newer Buurtnet"));

  /* The newer data is left exactly as it was. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, BN_STORE_SCHEMA_VERSION + 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT x FROM future", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 42);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A file that is not a database (a half-copied backup, the wrong file): a
 * clear error naming it, and the file left alone. */
static void
test_not_a_database (BnStoreFixture *f,
                     gconstpointer   data)
{
  g_autofree char *path = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *junk = g_strnfill (8192, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStore) store = NULL;
  g_autofree char *after = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (path, junk, 8192, NULL));
  store = bn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpmem (after, len, junk, 8192);
}

static void
test_reopen_keeps_data (BnStoreFixture *f,
                        gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) run = bn_test_make_run (alice, 20);
  g_autofree char *path = g_strdup (bn_store_get_path (f->store));

  g_ptr_array_add (run, bn_test_append_post (alice, "Tomatoes to share", 0));
  bn_test_insert_expecting (f->store, run, 21, 0, 0);
  g_clear_object (&f->store);

  f->store = bn_test_store_new (f->dir, "main.db", f->hood, f->observer);
  g_assert_cmpstr (bn_store_get_path (f->store), ==, path);
  g_assert_cmpint (user_version (f->store), ==, BN_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 21);
  g_assert_cmpuint (bn_test_head_seq (f->store, alice), ==, 21);
  {
    g_autoptr(GPtrArray) posts = bn_store_list_posts (f->store, NULL, "request", NULL);
    g_autoptr(BnProfile) profile = bn_store_get_profile (f->store, bn_test_log_key (alice));
    g_assert_cmpuint (posts->len, ==, 1);
    g_assert_cmpstr (profile->name, ==, "Neighbour 19");
  }
  bn_test_assert_verifies (f->store);
  /* And the log goes on from where it was. */
  {
    g_autoptr(BnEntry) next = bn_test_append_profile (alice, "Alice");
    g_autoptr(GPtrArray) batch = bn_test_entries (next, NULL);
    bn_test_insert_expecting (f->store, batch, 1, 0, 0);
  }
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/database/" path, BnStoreFixture, NULL, \
              bn_store_fixture_setup, func, bn_store_fixture_teardown)
  ADD ("two-connections-at-once", test_two_connections_at_once);
  ADD ("verify-notices-tampering", test_verify_notices_tampering);
  ADD ("migrate-from-v1", test_migrate_from_v1);
  ADD ("first-core-database", test_first_core_database);
  ADD ("too-new-schema", test_too_new_schema);
  ADD ("not-a-database", test_not_a_database);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);
#undef ADD

  return g_test_run ();
}
