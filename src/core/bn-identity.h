/* bn-identity.h — this install's Ed25519 key pair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-crypto.h"

G_BEGIN_DECLS

typedef struct _BnIdentity BnIdentity;

struct _BnIdentity
{
  guint8 public_key[BN_PUBLIC_KEY_LEN];
  guint8 secret_key[BN_SECRET_KEY_LEN];
};

BnIdentity *bn_identity_load_or_create (const char  *path,
                                        gboolean     create,
                                        GError     **error);
BnIdentity *bn_identity_new_random     (void);
void        bn_identity_free           (BnIdentity  *self);

char       *bn_peer_id_from_key        (const guint8 public_key[BN_PUBLIC_KEY_LEN]);
gboolean    bn_peer_id_to_key          (const char  *peer_id,
                                        guint8       public_key[BN_PUBLIC_KEY_LEN]);
char       *bn_fingerprint_from_key    (const guint8 public_key[BN_PUBLIC_KEY_LEN]);

char       *bn_identity_get_peer_id    (const BnIdentity *self);
char       *bn_identity_get_fingerprint (const BnIdentity *self);

gboolean    bn_write_private_file      (const char   *path,
                                        const void   *data,
                                        gsize         len,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnIdentity, bn_identity_free)

G_END_DECLS
