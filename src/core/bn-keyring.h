/* bn-keyring.h — the neighbourhood's epoch keys this peer holds (docs/protocol.md §2)
 *
 * One keyring per data directory, shared by every thread's store: keys are only
 * ever added, so a key looked up stays valid as long as the keyring lives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-crypto.h"

G_BEGIN_DECLS

#define BN_KEY_ID_LEN 8

typedef struct
{
  guint8 id[BN_KEY_ID_LEN];
  guint8 secret[BN_KEY_LEN];
  guint8 content_key[BN_KEY_LEN];
  guint8 discovery_key[BN_KEY_LEN];
} BnEpochKey;

typedef struct _BnKeyring BnKeyring;

void              bn_epoch_key_derive_id   (const guint8  secret[BN_KEY_LEN],
                                            guint8        id[BN_KEY_ID_LEN]);
void              bn_epoch_key_derive      (const guint8  secret[BN_KEY_LEN],
                                            BnEpochKey   *key);

BnKeyring        *bn_keyring_new           (void);
BnKeyring        *bn_keyring_ref           (BnKeyring    *self);
void              bn_keyring_unref         (BnKeyring    *self);
const BnEpochKey *bn_keyring_add           (BnKeyring    *self,
                                            const guint8  secret[BN_KEY_LEN]);
const BnEpochKey *bn_keyring_lookup        (BnKeyring    *self,
                                            const guint8  id[BN_KEY_ID_LEN]);
guint             bn_keyring_get_size      (BnKeyring    *self);
void              bn_keyring_set_legacy    (BnKeyring    *self,
                                            const guint8  secret[BN_KEY_LEN]);
const BnEpochKey *bn_keyring_get_legacy    (BnKeyring    *self);
GPtrArray        *bn_keyring_list          (BnKeyring    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnKeyring, bn_keyring_unref)

G_END_DECLS
