/* bn-test-helpers.h — what the core tests share: temporary directories, hand-made
 * logs (entries signed and encrypted without a store) and store shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

/* A fixture that is only a fresh temporary directory, removed in teardown. */
typedef struct
{
  char *dir;
} BnTmpFixture;

void        bn_tmp_fixture_setup    (BnTmpFixture  *fixture,
                                     gconstpointer  data);
void        bn_tmp_fixture_teardown (BnTmpFixture  *fixture,
                                     gconstpointer  data);

void        bn_test_init            (int           *argc,
                                     char        ***argv);
char       *bn_test_make_tmpdir     (void);
void        bn_test_remove_tree     (const char    *path);

JsonObject *bn_test_json            (const char    *text);

/**
 * BnTestLog:
 *
 * One author's log built by hand, the way a peer would build it: each entry's
 * payload is encrypted under @hood with author and seq as associated data, and
 * the header is signed and linked to the previous one (or the anchor).
 * Timestamps come from @clock_ms, which advances by @step_ms per entry, so
 * histories are reproducible.
 */
typedef struct
{
  BnIdentity   *identity;
  const BnHood *hood;
  guint64       seq;
  guint8        prev_id[BN_HASH_LEN];
  gint64        clock_ms;
  gint64        step_ms;
} BnTestLog;

BnTestLog  *bn_test_log_new         (const BnHood  *hood,
                                     gint64         clock_ms);
void        bn_test_log_free        (BnTestLog     *log);
BnEntry    *bn_test_log_append      (BnTestLog     *log,
                                     JsonObject    *object,
                                     GPtrArray     *recipients);
BnEntry    *bn_test_log_append_json (BnTestLog     *log,
                                     const char    *json);
BnEntry    *bn_test_log_append_text (BnTestLog     *log,
                                     const char    *text,
                                     gsize          len);
BnEntry    *bn_test_log_append_bad_signature (BnTestLog *log,
                                     const char    *json);
guint8     *bn_test_log_key         (BnTestLog     *log);
BnTestLog  *bn_test_log_fork        (const BnTestLog *log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnTestLog, bn_test_log_free)

BnEntry    *bn_test_entry_with_header (const BnEntry *entry,
                                       const guint8  *raw);
GPtrArray  *bn_test_entries         (BnEntry       *first,
                                     ...) G_GNUC_NULL_TERMINATED;

BnStore    *bn_test_store_new       (const char       *dir,
                                     const char       *name,
                                     const BnHood     *hood,
                                     const BnIdentity *identity);
void        bn_test_insert          (BnStore          *store,
                                     GPtrArray        *entries,
                                     BnInsertResult   *result);
gboolean    bn_test_result_has_reason (const BnInsertResult *result,
                                       const char           *needle);
GPtrArray  *bn_test_store_entries   (BnStore          *store);
void        bn_test_assert_verifies (BnStore          *store);

BnHome     *bn_test_open_home       (const char       *dir,
                                     const char       *name);
void        bn_test_sync_homes      (BnHome           *from,
                                     BnHome           *to);
guint       bn_test_count_rows      (BnStore          *store,
                                     const char       *sql);
char       *bn_test_hex             (const guint8     *id);

/* A fresh store in a temporary directory, in a new neighbourhood, opening
 * sealed bodies with @observer's key. */
typedef struct
{
  char       *dir;
  BnHood     *hood;
  BnIdentity *observer;
  BnStore    *store;
} BnStoreFixture;

void        bn_store_fixture_setup    (BnStoreFixture *f,
                                       gconstpointer   data);
void        bn_store_fixture_teardown (BnStoreFixture *f,
                                       gconstpointer   data);

BnEntry    *bn_test_append_profile  (BnTestLog        *log,
                                     const char       *name);
BnEntry    *bn_test_append_post     (BnTestLog        *log,
                                     const char       *title,
                                     gint64            expiry);
BnEntry    *bn_test_append_on_post  (BnTestLog        *log,
                                     const char       *type,
                                     const BnEntry    *post,
                                     const char       *text);
BnEntry    *bn_test_append_delete   (BnTestLog        *log,
                                     const BnEntry    *target);
GPtrArray  *bn_test_make_run        (BnTestLog        *log,
                                     guint             n);
void        bn_test_store_then_fold (BnStore         *store,
                                     GPtrArray       *first,
                                     GPtrArray       *then);
void        bn_test_insert_expecting (BnStore         *store,
                                      GPtrArray       *entries,
                                      guint            added,
                                      guint            known,
                                      guint            refused);
guint64     bn_test_head_seq        (BnStore          *store,
                                     BnTestLog        *log);
gboolean    bn_test_payload_erased  (BnStore          *store,
                                     const BnEntry    *entry);

void      bn_test_join_home     (BnHome        *member,
                                 BnHome        *newcomer,
                                 const char    *code);
char     *bn_test_invite        (BnHome        *member);

G_END_DECLS
