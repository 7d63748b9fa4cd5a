/* bn-entry-type.h — the registry of payload types: one row per type, saying how
 * its payload is read, folded into the derived tables, forgotten when erased,
 * emptied for a rebuild and expired
 *
 * The reducer (bn-reducer.c), erasure and rebuild (bn-store-maintenance.c) go
 * through this table only; nothing else in core knows the list of types. Adding a
 * type is a new bn-type-*.c file, a row in bn-entry-types.c and, when it owns
 * derived tables, a migration in bn-store-schema.h (see src/core/README.md).
 *
 * Core-internal: front ends use BnHome and the queries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-json-fields.h"
#include "bn-store-private.h"

G_BEGIN_DECLS

/**
 * BnPayloadDecodeFunc:
 * @object: the payload's JSON object, as its author wrote it, read flat
 * @why: (out): when the payload is ignored, a short reason for the log
 *
 * Reads a payload into its typed struct. Decoders are lenient in the way each
 * type documents in docs/protocol.md §6 (an optional member that is not valid
 * is dropped) and strict about what the type cannot do without.
 *
 * Returns: (transfer full) (nullable): the typed payload, or %NULL to ignore it
 */
typedef gpointer (*BnPayloadDecodeFunc) (const BnJsonFields  *object,
                                         const char         **why);

/* Folds one decoded payload into the derived tables, inside the caller's
 * transaction. Only database failures are errors; an entry that may not do
 * what it asks is logged (bn_fold_log_ignored) and kept. */
typedef gboolean (*BnFoldApplyFunc)  (BnStore       *store,
                                      BnEntry       *entry,
                                      gconstpointer  payload,
                                      GError       **error);

/* Removes what an erased entry contributed to the derived tables. Called with
 * every erased entry's ID (its type is no longer known once erased): a forget
 * function does nothing for IDs that are not its own. */
typedef gboolean (*BnFoldForgetFunc) (BnStore       *store,
                                      const guint8   id[BN_HASH_LEN],
                                      GError       **error);

/* Adds to @erase (element-type guint8[BN_HASH_LEN], g_free'd) the entries whose
 * time has passed at @now_ms, in the order they must be erased, and counts in
 * @newly the items that expire for the first time. */
typedef gboolean (*BnExpireFunc)     (BnStore       *store,
                                      gint64         now_ms,
                                      GPtrArray     *erase,
                                      guint         *newly,
                                      GError       **error);

/* Who may act for @author changed: a `replace` of @author became valid (its
 * new identity now acts for it) or void again. Refolds what depends on it,
 * inside the caller's transaction (docs/protocol.md §9.7). */
typedef gboolean (*BnFoldAuthorFunc) (BnStore       *store,
                                      const guint8   author[BN_PUBLIC_KEY_LEN],
                                      GError       **error);

/* A derived table a type owns: a rebuild empties it, but for the rows that
 * match @keep_on_rebuild (an SQL condition, or %NULL). */
typedef struct
{
  const char *name;
  const char *keep_on_rebuild;
} BnDerivedTable;

typedef struct
{
  const char          *name;          /* the payload's "type" member */
  BnPayloadDecodeFunc  decode;
  GDestroyNotify       free;          /* frees what decode returned */
  BnFoldApplyFunc      apply;
  BnFoldForgetFunc     forget;        /* nullable: nothing derived, or another row's */
  const BnDerivedTable *tables;       /* nullable, ends with { NULL }: the tables it owns */
  BnExpireFunc         expire;        /* nullable: never expires */
  BnFoldAuthorFunc     successor_changed;  /* nullable: nothing depends on it */
} BnEntryType;

const BnEntryType *bn_entry_type_find (const char *name);
const BnEntryType *const *bn_entry_types (guint *n_types);
GPtrArray         *bn_entry_types_list_tables (void);

/* Shared by the fold functions of every type. */
gboolean  bn_fold_step         (BnStore       *store,
                                sqlite3_stmt  *stmt,
                                const char    *what,
                                GError       **error);
void      bn_fold_bind_text    (sqlite3_stmt  *stmt,
                                int            column,
                                const char    *text);
void      bn_fold_bind_text_static (sqlite3_stmt *stmt,
                                int            column,
                                const char    *text);
void      bn_fold_log_ignored  (const BnEntry *entry,
                                const char    *type,
                                const char    *why);
gboolean  bn_fold_entry_author (BnStore       *store,
                                const guint8   id[BN_HASH_LEN],
                                guint8         author[BN_PUBLIC_KEY_LEN]);
gboolean  bn_fold_delete_by_id (BnStore       *store,
                                const char    *sql,
                                const guint8   id[BN_HASH_LEN],
                                GError       **error);
BnJsonFields *bn_fold_open_entry (BnStore     *store,
                                  BnEntry     *entry);
GPtrArray *bn_fold_acting_authors (BnStore      *store,
                                   const guint8  author[BN_PUBLIC_KEY_LEN]);
gboolean   bn_fold_may_act_for    (BnStore      *store,
                                   const guint8  author[BN_PUBLIC_KEY_LEN],
                                   const guint8  actor[BN_PUBLIC_KEY_LEN]);

G_END_DECLS
