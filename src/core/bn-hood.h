/* bn-hood.h — a neighbourhood: its secret, its name and the keys derived from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-crypto.h"
#include "bn-keyring.h"

G_BEGIN_DECLS

#define BN_HOOD_NAME_MAX 64
#define BN_DISCOVERY_TAG_LEN 6

typedef struct _BnHood BnHood;

struct _BnHood
{
  char      *name;
  guint8     secret[BN_KEY_LEN];        /* K0, the first epoch key */
  /* Derived with crypto_kdf from @secret; see docs/protocol.md §2. */
  guint8     content_key[BN_KEY_LEN];
  guint8     auth_key[BN_KEY_LEN];
  guint8     discovery_key[BN_KEY_LEN];
  guint8     anchor[BN_HASH_LEN];
  gboolean   has_founder;               /* made with protocol version 2 */
  guint8     founder[BN_PUBLIC_KEY_LEN];
  BnKeyring *keys;                      /* every epoch key held, K0 first; shared by threads */
};

BnHood   *bn_hood_new_random        (const char   *name,
                                     GError      **error);
BnHood   *bn_hood_new_founded       (const char   *name,
                                     const guint8  founder[BN_PUBLIC_KEY_LEN],
                                     GError      **error);
BnHood   *bn_hood_new_with_founder  (const char   *name,
                                     const guint8  secret[BN_KEY_LEN],
                                     const guint8  founder[BN_PUBLIC_KEY_LEN]);
gboolean  bn_hood_check_anchor      (const guint8  anchor[BN_HASH_LEN],
                                     const guint8  secret[BN_KEY_LEN],
                                     const guint8 *founder);
BnHood   *bn_hood_new_from_secret   (const char   *name,
                                     const guint8  secret[BN_KEY_LEN]);
void      bn_hood_free              (BnHood       *self);

char     *bn_hood_make_invite       (const BnHood *self);
BnHood   *bn_hood_parse_invite      (const char   *code,
                                     GError      **error);

char     *bn_hood_discovery_tag     (const BnHood *self,
                                     GDateTime    *when);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnHood, bn_hood_free)

G_END_DECLS
