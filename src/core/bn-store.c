/* bn-store.c — opening, migrating, and the raw-entry half of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-private.h"
#include "bn-store-schema.h"
#include "bn-error.h"
#include "bn-payload.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

struct _BnStore
{
  GObject parent_instance;

  char             *path;
  sqlite3          *db;
  GHashTable       *statements;   /* SQL text → sqlite3_stmt, finalized on dispose */
  const BnHood     *hood;         /* borrowed from the owner (BnHome) */
  const BnIdentity *identity;     /* borrowed from the owner (BnHome) */
  BnRosterCache    *roster;       /* bn-roster.c's, for this connection */
  BnFoldFilters    *fold_filters; /* bn-fold-filter.c's, while a fold runs */
  gboolean          erased;       /* a payload was erased since the last scrub */
};

G_DEFINE_FINAL_TYPE (BnStore, bn_store, G_TYPE_OBJECT)

enum {
  ENTRIES_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bn_store_finalize (GObject *object)
{
  BnStore *self = BN_STORE (object);

  g_clear_pointer (&self->roster, bn_roster_cache_free);
  g_clear_pointer (&self->fold_filters, bn_fold_filters_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bn_store_parent_class)->finalize (object);
}

static void
bn_store_class_init (BnStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_store_finalize;

  /**
   * BnStore::entries-added:
   * @entries: (element-type BnEntry): the entries stored for the first time
   *
   * Emitted after a commit that added entries, in the thread that added them.
   */
  signals[ENTRIES_ADDED] =
    g_signal_new ("entries-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
bn_store_init (BnStore *self)
{
  /* Keyed by the SQL text's address: callers pass string literals (or interned
   * strings), so hashing the pointer is enough and far cheaper than the text. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

/* SQLite reports a full disk as SQLITE_FULL when a database or WAL write finds no
 * room, but as an I/O error when growing the WAL index (the -shm file) does. */
static gboolean
is_disk_full (sqlite3 *db)
{
  int code = sqlite3_extended_errcode (db) & 0xff;
  int system_errno = sqlite3_system_errno (db);

  return code == SQLITE_FULL
         || (code == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EDQUOT));
}

/* Every database failure becomes a GError here, so that a full disk or a busy
 * database reads the same whichever statement met it. @what (nullable) says what
 * was being done, for the errors that have no plainer words. */
void
bn_store_set_error (BnStore *self, GError **error, const char *what)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;

  if (is_disk_full (self->db))
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                 _("The disk is full; free some space and try again (nothing was lost)"));
  else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                 _("The database is busy in another Buurtnet process; try again"));
  else if (what != NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                 _("Database error while %s: %s"), what, sqlite3_errmsg (self->db));
  else
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                 _("Database error: %s"), sqlite3_errmsg (self->db));
}

gboolean
bn_store_exec (BnStore     *self,
               const char  *sql,
               GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      bn_store_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Statements are prepared once per connection and reset on every use. */
sqlite3_stmt *
bn_store_prepare (BnStore    *self,
                  const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    g_error ("Buurtnet has a broken SQL statement (%s): %s", sqlite3_errmsg (self->db), sql);
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Set by a migration that left derived tables to fill; see bn_store_set_keys(). */
#define META_REBUILD_PENDING "rebuild_pending"

static gint64 query_int64 (BnStore *self, const char *sql);

static gboolean
migrate (BnStore *self, GError **error)
{
  int version = (int) query_int64 (self, "PRAGMA user_version");
  int latest = G_N_ELEMENTS (bn_store_migrations);

  if (version > latest)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                   _("This data was written by a newer Buurtnet (schema %d); update Buurtnet"),
                   version);
      return FALSE;
    }
  for (int v = version; v < latest; v++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      g_debug ("Migrating %s to schema %d", self->path, v + 1);
      if (!bn_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!bn_store_exec (self, bn_store_migrations[v], error)
          || !bn_store_exec (self, pragma, error))
        {
          bn_store_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, _("Could not upgrade the database: "));
          return FALSE;
        }
      if (!bn_store_exec (self, "COMMIT", error))
        return FALSE;
    }
  /* Derived tables that a migration just created (2) or re-created (4) start
   * empty. They cannot be filled yet: the payloads open only with the
   * neighbourhood's key, which the owner gives later (bn_store_set_keys()), so
   * the rebuild waits for it. */
  if (version >= 1 && version < 4)
    return bn_store_set_meta (self, META_REBUILD_PENDING, "1", error);
  /* 7 brought entry types (report, hide, ...) that older versions stored and
   * forwarded without folding them: fold everything again, once. */
  if (version >= 1 && version < 7)
    return bn_store_set_meta (self, META_REBUILD_PENDING, "1", error);
  /* 10 the same for services and referrals. */
  if (version >= 1 && version < 10)
    return bn_store_set_meta (self, META_REBUILD_PENDING, "1", error);
  /* 11 and 12 the same for messages, taken-back replies and meetups. */
  if (version >= 1 && version < 12)
    return bn_store_set_meta (self, META_REBUILD_PENDING, "1", error);
  /* 13 the same for proposed and agreed times in messages, 14 for RSVPs for one date. */
  if (version >= 1 && version < 14)
    return bn_store_set_meta (self, META_REBUILD_PENDING, "1", error);
  return TRUE;
}

static gboolean
open_connection (BnStore   *self,
                 int        flags,
                 GError   **error)
{
  if (sqlite3_open_v2 (self->path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_STORE,
                   _("Could not open the database %s: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);
  return TRUE;
}

static void
close_connection (BnStore *self)
{
  g_hash_table_remove_all (self->statements);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

/* The first statement that reads. Not through bn_store_prepare(), which treats a
 * statement that cannot be prepared as a bug: here it may be a disk that is full. */
static gboolean
read_schema_version (BnStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* A reader maps the WAL index (the -shm file); the first connection after all
 * others closed creates it and grows it to 32 KiB, which on a full disk fails.
 * A reader may then keep the index in its own memory instead (exclusive locking
 * mode), holding the database for the moment a reading command lasts. Other
 * processes that have it open already keep their index on disk and need none. */
static gboolean
start_reading (BnStore  *self,
               GError  **error)
{
  if (read_schema_version (self))
    return TRUE;
  if (!is_disk_full (self->db))
    {
      bn_store_set_error (self, error, _("reading the database"));
      return FALSE;
    }
  g_debug ("%s: the disk is full; reading with the WAL index in memory", self->path);
  close_connection (self);
  if (!open_connection (self, SQLITE_OPEN_READWRITE, error)
      || !bn_store_exec (self, "PRAGMA locking_mode = EXCLUSIVE", error))
    return FALSE;
  if (read_schema_version (self))
    return TRUE;
  bn_store_set_error (self, error, _("reading the database"));
  return FALSE;
}

/* A new database's page size, before anything is written (a database keeps the
 * one it was made with). SQLite's default is 4 KiB; with 16 KiB, catching up on
 * 100k entries makes 57k system calls instead of 177k (each WAL frame and each
 * read is one page), for the same bytes. */
#ifndef BN_STORE_PAGE_SIZE
#define BN_STORE_PAGE_SIZE 16384
#endif

static gboolean
set_new_page_size (BnStore  *self,
                   GError  **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA page_size = %d", BN_STORE_PAGE_SIZE);

  return bn_store_exec (self, sql, error);
}

static BnStore *
open_store (const char  *path,
            gboolean     for_reading,
            GError     **error)
{
  g_autoptr(BnStore) self = g_object_new (BN_TYPE_STORE, NULL);
  gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);

  self->path = g_strdup (path);
  if (!open_connection (self, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
    return NULL;
  if (!existed)
    g_chmod (path, 0600);
  if (!existed && !set_new_page_size (self, error))
    return NULL;
  /* A database that exists is in WAL mode already (the mode is kept in the file):
   * a reader need not ask for it, which would write when it is not. */
  if ((for_reading && existed
       ? !start_reading (self, error)
       : !bn_store_exec (self, "PRAGMA journal_mode = WAL", error))
      || !bn_store_exec (self, "PRAGMA synchronous = NORMAL", error)
      /* What is erased (a deletion, an expiry, a hide) is overwritten with
       * zeros in the file, not only unlinked: the bytes must not stay. */
      || !bn_store_exec (self, "PRAGMA secure_delete = ON", error)
      || !bn_store_exec (self, "PRAGMA foreign_keys = OFF", error)
      || !bn_store_exec (self, "PRAGMA cache_size = -65536", error)
      || !migrate (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * bn_store_open:
 *
 * Opens (creating if needed) the database at @path, readable by its owner only,
 * in WAL mode, and brings its schema up to date.
 *
 * Returns: (transfer full): the store
 */
BnStore *
bn_store_open (const char  *path,
               GError     **error)
{
  return open_store (path, FALSE, error);
}

/**
 * bn_store_open_for_reading:
 *
 * Opens the database at @path like bn_store_open() for a process that only
 * reads, and only briefly: it writes nothing (but for a schema upgrade after
 * Buurtnet itself was upgraded), so it works on a disk that is full. When the
 * disk is too full for the WAL index, the store holds the database to itself
 * until it is closed; a process that opens the database twice, or for long,
 * uses bn_store_open().
 *
 * Returns: (transfer full): the store
 */
BnStore *
bn_store_open_for_reading (const char  *path,
                           GError     **error)
{
  return open_store (path, TRUE, error);
}

sqlite3 *
bn_store_get_db (BnStore *self)
{
  return self->db;
}

const char *
bn_store_get_path (BnStore *self)
{
  return self->path;
}

/**
 * bn_store_set_keys:
 * @hood: (nullable): borrowed; must outlive the store
 * @identity: (nullable): borrowed; must outlive the store
 *
 * The keys the store checks envelopes with and the reducer opens bodies with.
 */
void
bn_store_set_keys (BnStore          *self,
                   const BnHood     *hood,
                   const BnIdentity *identity)
{
  g_autofree char *pending = NULL;

  self->hood = hood;
  self->identity = identity;
  /* Keys another connection or an earlier run added (the store's read-only
   * opening on a full disk must still read them). */
  if (hood != NULL)
    bn_store_load_keys (self);

  /* A migration left the derived tables empty: fill them now that payloads open. */
  if (hood != NULL && (pending = bn_store_get_meta (self, META_REBUILD_PENDING)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!bn_store_rebuild (self, &error)
          || !bn_store_exec (self, "DELETE FROM meta WHERE key = '" META_REBUILD_PENDING "'", &error))
        g_message ("%s: %s (will try again next time)", self->path, error->message);
    }
}

BnRosterCache **
bn_store_get_roster_cache (BnStore *self)
{
  return &self->roster;
}

BnFoldFilters **
bn_store_get_fold_filters (BnStore *self)
{
  return &self->fold_filters;
}

const BnHood *
bn_store_get_hood (BnStore *self)
{
  return self->hood;
}

const BnIdentity *
bn_store_get_identity (BnStore *self)
{
  return self->identity;
}

char *
bn_store_get_meta (BnStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT value FROM meta WHERE key = ?");
  char *value = NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
bn_store_set_meta (BnStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO meta (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  int rc;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, _("saving a setting"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bn_store_get_head (BnStore      *self,
                   const guint8  author[BN_PUBLIC_KEY_LEN],
                   BnHead       *head)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT seq, id, forked, holes FROM heads WHERE author = ?");
  gboolean found = FALSE;

  memset (head, 0, sizeof *head);
  memcpy (head->author, author, BN_PUBLIC_KEY_LEN);
  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      head->seq = (guint64) sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_bytes (stmt, 1) == BN_HASH_LEN)
        memcpy (head->id, sqlite3_column_blob (stmt, 1), BN_HASH_LEN);
      head->forked = sqlite3_column_int (stmt, 2) != 0;
      head->holes = (guint32) sqlite3_column_int64 (stmt, 3);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/**
 * bn_store_list_heads:
 *
 * Returns: (transfer full) (element-type BnHead): every author's head, ordered by author
 */
GArray *
bn_store_list_heads (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT author, seq, id, forked, holes FROM heads ORDER BY author");
  GArray *heads = g_array_new (FALSE, TRUE, sizeof (BnHead));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnHead head = { 0 };
      if (sqlite3_column_bytes (stmt, 0) != BN_PUBLIC_KEY_LEN
          || sqlite3_column_bytes (stmt, 2) != BN_HASH_LEN)
        continue;
      memcpy (head.author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      head.seq = (guint64) sqlite3_column_int64 (stmt, 1);
      memcpy (head.id, sqlite3_column_blob (stmt, 2), BN_HASH_LEN);
      head.forked = sqlite3_column_int (stmt, 3) != 0;
      head.holes = (guint32) sqlite3_column_int64 (stmt, 4);
      g_array_append_val (heads, head);
    }
  sqlite3_reset (stmt);
  return heads;
}

/**
 * bn_store_first_missing_payload:
 *
 * The lowest seq of @author's entries held without a payload that was not
 * erased on purpose: where a pull must start to fill the gap from a neighbour
 * who has the payload (docs/sync-protocol.md §4.1). 0 when there is none.
 */
guint64
bn_store_first_missing_payload (BnStore      *self,
                                const guint8  author[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT min(seq) FROM entries e WHERE author = ? AND payload IS NULL"
      " AND NOT EXISTS (SELECT 1 FROM erased x WHERE x.id = e.id)");
  guint64 seq = 0;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

static gint64
query_int64 (BnStore *self, const char *sql)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, sql);
  gint64 value = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

guint64
bn_store_count_entries (BnStore *self)
{
  return (guint64) query_int64 (self, "SELECT coalesce(sum(seq), 0) FROM heads");
}

/**
 * bn_store_set_autocheckpoint:
 * @pages: the WAL size, in pages, past which a commit checkpoints; 0: never
 */
/* The page cache of this connection, in KiB (every connection starts with 64 MiB). */
void
bn_store_set_cache_size (BnStore *self,
                         guint    kib)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%u", kib);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("%s: could not set the page cache: %s", self->path, sqlite3_errmsg (self->db));
}

void
bn_store_set_autocheckpoint (BnStore *self,
                             guint    pages)
{
  sqlite3_wal_autocheckpoint (self->db, (int) pages);
}

/* Copies what it can from the WAL into the database, without waiting for (or
 * blocking) anyone: PRAGMA wal_checkpoint(PASSIVE). */
gboolean
bn_store_checkpoint (BnStore  *self,
                     GError  **error)
{
  return bn_store_exec (self, "PRAGMA wal_checkpoint(PASSIVE)", error);
}

/* Erasing a payload in a transaction zeroes it in the pages it writes
 * (secure_delete), but the frames of earlier commits in the WAL still hold what
 * was erased until they are overwritten. */
void
bn_store_note_erasure (BnStore *self)
{
  self->erased = TRUE;
}

/* After a commit that erased something: copies the WAL into the database and
 * empties the WAL file, so no copy of what was erased stays on disk. A reader
 * in another process can make it wait (the busy timeout) or give up: then the
 * next erasure, or SQLite's own checkpoints, finish the job. */
void
bn_store_scrub_erasures (BnStore *self)
{
  if (!self->erased)
    return;
  self->erased = FALSE;
  if (sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("%s: could not empty the WAL after an erasure: %s", self->path, sqlite3_errmsg (self->db));
}

/* Changes when another connection (another process) commits: cheap to poll. */
guint64
bn_store_data_version (BnStore *self)
{
  return (guint64) query_int64 (self, "PRAGMA data_version");
}

void
bn_store_emit_entries_added (BnStore   *self,
                             GPtrArray *entries)
{
  if (entries->len > 0)
    g_signal_emit (self, signals[ENTRIES_ADDED], 0, entries);
}
