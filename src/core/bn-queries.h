/* bn-queries.h — reading the derived state as read models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-model.h"
#include "bn-store.h"

G_BEGIN_DECLS

/* What a connector sees. Replies are sealed to a post's author, so a connector
 * cannot know whether anyone replied to someone else's request: "waiting" means
 * open (no helper chosen yet) and older than BN_WAITING_AFTER_MS. */
#define BN_WAITING_AFTER_MS  (G_GINT64_CONSTANT (2) * 24 * 3600 * 1000)
#define BN_RECENT_MS         (G_GINT64_CONSTANT (30) * 24 * 3600 * 1000)

/* One help category's figures, as signals for partners and the municipality. */
typedef struct
{
  const char *category;        /* a category ID (static) */
  guint       open_requests;
  guint       open_offers;
  guint       helped_recently; /* requests matched or done, changed in the last BN_RECENT_MS */
  guint       waiting;         /* open requests older than BN_WAITING_AFTER_MS */
  guint       talents;         /* neighbours who like to help with it */
} BnCategoryStats;

/* An open request nobody has been chosen for yet, and who could help. */
typedef struct
{
  BnPost    *post;
  GPtrArray *helpers;          /* (element-type BnProfile): near to far from the asker */
} BnWaitingRequest;

void       bn_waiting_request_free (BnWaitingRequest *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnWaitingRequest, bn_waiting_request_free)

BnProfile *bn_store_get_profile    (BnStore      *self,
                                    const guint8  author[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_list_profiles  (BnStore      *self,
                                    const guint8  me[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_list_posts     (BnStore      *self,
                                    const guint8  me[BN_PUBLIC_KEY_LEN],
                                    const char   *kind,
                                    const char   *category);
BnPost    *bn_store_get_post       (BnStore      *self,
                                    const guint8  me[BN_PUBLIC_KEY_LEN],
                                    const guint8  id[BN_HASH_LEN]);

/* A post's place in bn_store_list_posts()'s order, without the post: a list can
 * read the posts its first screen shows first, and the rest afterwards. */
typedef struct
{
  guint8      id[BN_HASH_LEN];
  gint64      created_ms;
  BnProximity proximity;
} BnPostKey;

GArray    *bn_store_list_post_keys (BnStore         *self,
                                    const guint8     me[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_get_posts      (BnStore         *self,
                                    const guint8     me[BN_PUBLIC_KEY_LEN],
                                    const BnPostKey *keys,
                                    guint            n_keys);
GPtrArray *bn_store_list_replies   (BnStore      *self,
                                    const guint8  post_id[BN_HASH_LEN]);
GPtrArray *bn_store_list_thanks    (BnStore      *self,
                                    const guint8  post_id[BN_HASH_LEN]);
GPtrArray *bn_store_list_connectors (BnStore     *self);
gboolean   bn_store_is_connector   (BnStore      *self,
                                    const guint8  key[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_list_members   (BnStore      *self,
                                    gboolean      include_former);
GPtrArray *bn_store_list_invites   (BnStore      *self,
                                    gint64        now_ms);

/* Moderation (bn-queries-moderation.c, bn-moderation.c; docs/protocol.md §6.2) */
GPtrArray  *bn_store_list_reports       (BnStore      *self);
GPtrArray  *bn_store_list_moderation    (BnStore      *self);
GPtrArray  *bn_store_list_hides_to_undo (BnStore      *self,
                                         const guint8 *target,
                                         const guint8 *member,
                                         const guint8  me[BN_PUBLIC_KEY_LEN]);
const char *bn_store_get_item_kind      (BnStore      *self,
                                         const guint8  id[BN_HASH_LEN]);
char       *bn_store_complete_id        (BnStore      *self,
                                         const char   *prefix);
/* Blocking is local: a table of this data directory, no entry. */
GPtrArray  *bn_store_list_blocked       (BnStore      *self);
gboolean    bn_store_is_blocked         (BnStore      *self,
                                         const guint8  key[BN_PUBLIC_KEY_LEN]);
gboolean    bn_store_set_blocked        (BnStore      *self,
                                         const guint8  key[BN_PUBLIC_KEY_LEN],
                                         gboolean      blocked,
                                         GError      **error);

/* My activity and what is for me (bn-queries.c) */
GPtrArray *bn_store_list_my_posts          (BnStore      *self,
                                            const guint8  me[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_list_helping           (BnStore      *self,
                                            const guint8  me[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_list_for_you           (BnStore      *self,
                                            const guint8  me[BN_PUBLIC_KEY_LEN],
                                            gint64        now_ms);

GPtrArray *bn_store_list_category_stats    (BnStore      *self,
                                            gint64        now_ms);
GPtrArray *bn_store_list_waiting_requests  (BnStore      *self,
                                            const guint8  me[BN_PUBLIC_KEY_LEN],
                                            gint64        now_ms);

G_END_DECLS
