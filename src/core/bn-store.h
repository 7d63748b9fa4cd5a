/* bn-store.h — the SQLite store: raw entries (the source of truth), heads, forks,
 * and the derived tables the reducer keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "bn-entry.h"
#include "bn-hood.h"
#include "bn-identity.h"

G_BEGIN_DECLS

#define BN_TYPE_STORE (bn_store_get_type ())
G_DECLARE_FINAL_TYPE (BnStore, bn_store, BN, STORE, GObject)

#define BN_STORE_SCHEMA_VERSION 15
/* SQLite's own WAL size limit, in pages (bn_store_set_autocheckpoint). */
#define BN_STORE_AUTOCHECKPOINT_DEFAULT 1000

typedef struct
{
  guint8  author[BN_PUBLIC_KEY_LEN];
  guint64 seq;
  guint8  id[BN_HASH_LEN];
  gboolean forked;
  guint32 holes;      /* entries of this author held without their payload */
} BnHead;

/**
 * BnInsertResult:
 * @added: entries stored for the first time
 * @known: entries we already had
 * @refused: entries refused (bad signature, broken chain, fork, foreign, ...)
 * @reasons: (element-type utf8): one line per distinct reason, for the log
 */
typedef struct
{
  guint      added;
  guint      known;
  guint      refused;
  guint      forks;
  GPtrArray *reasons;
} BnInsertResult;

void        bn_insert_result_clear  (BnInsertResult *result);
void        bn_insert_result_add_reason (BnInsertResult *result, const char *reason);

BnStore    *bn_store_open           (const char       *path,
                                     GError          **error);
BnStore    *bn_store_open_for_reading (const char     *path,
                                     GError          **error);
const char *bn_store_get_path       (BnStore          *self);
void        bn_store_set_keys       (BnStore          *self,
                                     const BnHood     *hood,
                                     const BnIdentity *identity);

char       *bn_store_get_meta       (BnStore          *self,
                                     const char       *key);
gboolean    bn_store_set_meta       (BnStore          *self,
                                     const char       *key,
                                     const char       *value,
                                     GError          **error);

gboolean    bn_store_get_head       (BnStore          *self,
                                     const guint8      author[BN_PUBLIC_KEY_LEN],
                                     BnHead           *head);
GArray     *bn_store_list_heads     (BnStore          *self);
guint64     bn_store_first_missing_payload (BnStore   *self,
                                     const guint8      author[BN_PUBLIC_KEY_LEN]);
guint64     bn_store_count_entries  (BnStore          *self);
guint64     bn_store_data_version   (BnStore          *self);

BnEntry    *bn_store_append_local   (BnStore          *self,
                                     JsonObject       *object,
                                     GPtrArray        *recipients,
                                     GError          **error);
BnEntry    *bn_store_append_local_with_key (BnStore   *self,
                                     JsonObject       *object,
                                     GPtrArray        *recipients,
                                     const BnEpochKey *key,
                                     GError          **error);
gboolean    bn_store_append_local_batch (BnStore      *self,
                                     GPtrArray        *objects,
                                     GError          **error);
gboolean    bn_store_insert_verified (BnStore         *self,
                                     GPtrArray        *entries,
                                     BnInsertResult   *result,
                                     GError          **error);
void        bn_store_check_ahead    (BnKeyring        *keys,
                                     GPtrArray        *entries);
gboolean    bn_store_insert_verified_many (BnStore     *self,
                                     GPtrArray        *batches,
                                     BnInsertResult   *results,
                                     GPtrArray        *added,
                                     GError          **error);
gboolean    bn_store_fold_pending   (BnStore          *self,
                                     GError          **error);
gboolean    bn_store_has_pending    (BnStore          *self);
gboolean    bn_store_insert_entries (BnStore          *self,
                                     GPtrArray        *entries,
                                     BnInsertResult   *result,
                                     GError          **error);

BnEntry    *bn_store_get_entry      (BnStore          *self,
                                     const guint8      id[BN_HASH_LEN]);
GPtrArray  *bn_store_get_entries_after (BnStore       *self,
                                     const guint8      author[BN_PUBLIC_KEY_LEN],
                                     guint64           after_seq,
                                     guint             limit);
typedef gboolean (*BnEntryFunc) (BnEntry *entry, gpointer user_data);
gboolean    bn_store_foreach_entry  (BnStore          *self,
                                     BnEntryFunc       func,
                                     gpointer          user_data,
                                     GError          **error);

gboolean    bn_store_erase_payload  (BnStore          *self,
                                     const guint8      id[BN_HASH_LEN],
                                     GError          **error);
guint       bn_store_expire         (BnStore          *self,
                                     gint64            now_ms,
                                     GError          **error);
gboolean    bn_store_rebuild        (BnStore          *self,
                                     GError          **error);
gboolean    bn_store_verify         (BnStore          *self,
                                     guint64          *checked,
                                     GError          **error);

void        bn_store_set_cache_size (BnStore          *self,
                                     guint             kib);

/* WAL checkpoints: a commit that crosses the WAL size limit checkpoints there
 * and then, fsync included; a sync node leaves that to a thread of its own. */
void        bn_store_set_autocheckpoint (BnStore      *self,
                                     guint             pages);
gboolean    bn_store_checkpoint     (BnStore          *self,
                                     GError          **error);

G_END_DECLS
