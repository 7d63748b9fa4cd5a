/* bn-queries.h — reading the derived state as read models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-model.h"
#include "bn-store.h"

G_BEGIN_DECLS

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
GPtrArray *bn_store_list_replies   (BnStore      *self,
                                    const guint8  post_id[BN_HASH_LEN]);
GPtrArray *bn_store_list_thanks    (BnStore      *self,
                                    const guint8  post_id[BN_HASH_LEN]);
GPtrArray *bn_store_list_connectors (BnStore     *self);

G_END_DECLS
