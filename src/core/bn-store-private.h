/* bn-store-private.h — what the store's own files share, and raw SQL for the core
 * files that read and write the store's tables
 *
 * Nothing outside src/core includes this: other layers use the typed calls of
 * bn-store.h, bn-store-peers.h and bn-queries.h. (Tests that must damage a
 * database on purpose are the exception.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>
#include "bn-json-fields.h"
#include "bn-store.h"

G_BEGIN_DECLS

sqlite3          *bn_store_get_db             (BnStore     *self);
/* @sql must be a string literal or an interned string: prepared statements are
 * cached by its address. */
gboolean          bn_store_exec               (BnStore     *self,
                                               const char  *sql,
                                               GError     **error);
sqlite3_stmt     *bn_store_prepare            (BnStore     *self,
                                               const char  *sql);

void              bn_store_set_error          (BnStore     *self,
                                               GError     **error,
                                               const char  *what);
const BnHood     *bn_store_get_hood           (BnStore     *self);
const BnIdentity *bn_store_get_identity       (BnStore     *self);
void              bn_store_emit_entries_added (BnStore     *self,
                                               GPtrArray   *entries);
/* bn-store.c: noted by every erasure; the scrub, after a commit, empties the
 * WAL of what was erased. */
void              bn_store_note_erasure       (BnStore     *self);
void              bn_store_scrub_erasures     (BnStore     *self);
/* Appending with payloads made inside the append's transaction. */
typedef JsonObject *(*BnStoreBuildFunc) (BnStore           *self,
                                         gpointer           data,
                                         const BnEntry     *previous,
                                         const BnEpochKey **key,
                                         gboolean          *last,
                                         GError           **error);
BnEntry          *bn_store_append_local_built (BnStore          *self,
                                               BnStoreBuildFunc  build,
                                               gpointer          data,
                                               GPtrArray        *recipients,
                                               const BnEpochKey *key,
                                               GError          **error);
/* Folds entries stored but not yet folded, inside the caller's transaction. */
gboolean          bn_store_fold_locked        (BnStore     *self,
                                               GError     **error);

/* bn-reducer.c: folds one stored entry into the derived tables. @object is the
 * opened payload read flat, or NULL when it is erased or sealed to others. */
gboolean          bn_reducer_apply            (BnStore     *self,
                                               BnEntry     *entry,
                                               const BnJsonFields *object,
                                               GError     **error);
gboolean          bn_reducer_is_deleted       (BnStore     *self,
                                               const BnEntry *entry);
gboolean          bn_reducer_record_deletion  (BnStore     *self,
                                               const guint8 target[BN_HASH_LEN],
                                               const guint8 author[BN_PUBLIC_KEY_LEN],
                                               GError     **error);

/* bn-fold-filter.c: while a fold runs, the questions it asks of every entry
 * answered from memory when the answer is "no row names it". */
typedef enum {
  BN_FOLD_FILTER_DELETIONS,      /* deletions.target */
  BN_FOLD_FILTER_POST_EVENTS,    /* post_events.post_id */
  BN_N_FOLD_FILTERS
} BnFoldFilterKind;
typedef struct _BnFoldFilters BnFoldFilters;
BnFoldFilters   **bn_store_get_fold_filters   (BnStore     *self);
void              bn_fold_filters_free        (BnFoldFilters *filters);
void              bn_fold_filters_begin       (BnStore     *self);
void              bn_fold_filters_end         (BnStore     *self);
gboolean          bn_fold_filter_surely_absent (BnStore    *self,
                                                BnFoldFilterKind kind,
                                                const guint8 id[BN_HASH_LEN]);
void              bn_fold_filter_note         (BnStore     *self,
                                               BnFoldFilterKind kind,
                                               const guint8 id[BN_HASH_LEN]);
gboolean          bn_reducer_successor_changed (BnStore    *self,
                                                const guint8 author[BN_PUBLIC_KEY_LEN],
                                                GError     **error);
gboolean          bn_reducer_forget           (BnStore     *self,
                                               const guint8 id[BN_HASH_LEN],
                                               GError     **error);
gboolean          bn_reducer_clear            (BnStore     *self,
                                               GError     **error);
gboolean          bn_reducer_collect_expired  (BnStore     *self,
                                               gint64       now_ms,
                                               GPtrArray   *erase,
                                               guint       *newly,
                                               GError     **error);

/* bn-roster.c: the roster as this connection folds it. */
typedef struct _BnRosterCache BnRosterCache;
BnRosterCache   **bn_store_get_roster_cache   (BnStore     *self);
void              bn_roster_cache_free        (BnRosterCache *cache);
void              bn_store_roster_changed     (BnStore     *self);
gboolean          bn_store_update_roster_locked (BnStore   *self,
                                               GError     **error);
gboolean          bn_store_author_seq_may_fold (BnStore     *self,
                                               const guint8 author[BN_PUBLIC_KEY_LEN],
                                               guint64      seq);
gboolean          bn_store_author_may_fold    (BnStore     *self,
                                               const BnEntry *entry);
gboolean          bn_store_hold_entry         (BnStore     *self,
                                               gint64       n,
                                               const guint8 *author,
                                               const guint8 *key_id,
                                               GError     **error);
gboolean          bn_store_add_key_locked     (BnStore     *self,
                                               const guint8 secret[BN_KEY_LEN],
                                               GError     **error);
void              bn_store_load_keys          (BnStore     *self);
void              bn_store_refresh_roster     (BnStore     *self);

/* bn-store-maintenance.c: folds the held entries @sql selects (one parameter,
 * @key of @key_len bytes), after taking them out of held. */
gboolean          bn_store_release_held_locked (BnStore    *self,
                                               const char  *sql,
                                               const guint8 *key,
                                               gsize        key_len,
                                               GError     **error);

G_END_DECLS
