/* bn-fold-filter.c — while a fold runs, "does any row name this ID?" answered
 * from memory for the questions the fold asks of every entry
 *
 * A fold asks of each entry whether a deletion names it, and of each new post
 * whether a change to it arrived first. A newcomer catching up asks 100,000
 * times of tables that hold a few hundred rows each; every question was a
 * SQLite lookup. After the first few questions of a fold, a filter reads the
 * IDs the table names once; an ID it does not hold is answered from memory,
 * and one it holds still asks the table (which checks the rest). The filter
 * lives inside the fold's write transaction, where only this connection
 * writes, and each row the fold adds goes into it too (bn_fold_filter_note()),
 * so it always holds at least every ID in the table: it may say "ask", never
 * "absent" wrongly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-private.h"

#define FILTER_AFTER 64   /* questions: a short fold asks the table, which costs less */

typedef struct
{
  guint       asked;
  GHashTable *ids;       /* owned 32-byte IDs; NULL until read */
} Filter;

struct _BnFoldFilters
{
  guint  depth;          /* nested folds */
  Filter filters[BN_N_FOLD_FILTERS];
};

/* The IDs each filter reads: every ID a row of its table names. */
static const char *const filter_sql[BN_N_FOLD_FILTERS] = {
  [BN_FOLD_FILTER_DELETIONS] = "SELECT target FROM deletions",
  [BN_FOLD_FILTER_POST_EVENTS] = "SELECT post_id FROM post_events",
};

void
bn_fold_filters_free (BnFoldFilters *filters)
{
  if (filters == NULL)
    return;
  for (guint i = 0; i < BN_N_FOLD_FILTERS; i++)
    g_clear_pointer (&filters->filters[i].ids, g_hash_table_unref);
  g_free (filters);
}

void
bn_fold_filters_begin (BnStore *self)
{
  BnFoldFilters **filters = bn_store_get_fold_filters (self);

  if (*filters == NULL)
    *filters = g_new0 (BnFoldFilters, 1);
  (*filters)->depth++;
}

void
bn_fold_filters_end (BnStore *self)
{
  BnFoldFilters **filters = bn_store_get_fold_filters (self);

  if (*filters != NULL && --(*filters)->depth == 0)
    g_clear_pointer (filters, bn_fold_filters_free);
}

static void
read_ids (BnStore *self, Filter *filter, const char *sql)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, sql);

  filter->ids = g_hash_table_new_full (bn_key_hash, (GEqualFunc) bn_same_key, g_free, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      g_hash_table_add (filter->ids, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
  sqlite3_reset (stmt);
}

/**
 * bn_fold_filter_surely_absent:
 *
 * Returns: %TRUE when no row of @kind's table names @id, known from memory;
 *   %FALSE when the caller must ask the table (outside a fold, early in one,
 *   or when a row may name it)
 */
gboolean
bn_fold_filter_surely_absent (BnStore         *self,
                              BnFoldFilterKind kind,
                              const guint8     id[BN_HASH_LEN])
{
  BnFoldFilters *filters = *bn_store_get_fold_filters (self);
  Filter *filter;

  if (filters == NULL)
    return FALSE;
  filter = &filters->filters[kind];
  if (filter->ids == NULL && ++filter->asked > FILTER_AFTER)
    read_ids (self, filter, filter_sql[kind]);
  return filter->ids != NULL && !g_hash_table_contains (filter->ids, id);
}

/* A row of @kind's table now names @id: call it for every row the fold adds. */
void
bn_fold_filter_note (BnStore         *self,
                     BnFoldFilterKind kind,
                     const guint8     id[BN_HASH_LEN])
{
  BnFoldFilters *filters = *bn_store_get_fold_filters (self);

  if (filters != NULL && filters->filters[kind].ids != NULL)
    g_hash_table_add (filters->filters[kind].ids, g_memdup2 (id, BN_HASH_LEN));
}
