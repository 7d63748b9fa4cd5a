/* bn-crypto.h — small wrappers over libsodium used across the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sodium.h>

G_BEGIN_DECLS

#define BN_HASH_LEN 32
#define BN_KEY_LEN 32
#define BN_PUBLIC_KEY_LEN 32
#define BN_SECRET_KEY_LEN 64
#define BN_SIGNATURE_LEN 64

gboolean bn_crypto_init        (void);

void     bn_hash               (guint8       out[BN_HASH_LEN],
                                const guint8 *data,
                                gsize         len);
void     bn_keyed_hash         (guint8       *out,
                                gsize         out_len,
                                const guint8 *data,
                                gsize         len,
                                const guint8 key[BN_KEY_LEN]);

char    *bn_base32_encode      (const guint8 *data,
                                gsize         len);
gboolean bn_base32_decode      (const char   *text,
                                guint8       *out,
                                gsize         out_len);

char    *bn_hex_encode         (const guint8 *data,
                                gsize         len);
gboolean bn_hex_decode         (const char   *text,
                                guint8       *out,
                                gsize         out_len);

guint    bn_key_hash           (gconstpointer key);
gboolean bn_same_key           (const guint8 *a,
                                const guint8 *b);

void     bn_put_u32            (guint8 *p, guint32 v);
void     bn_put_u64            (guint8 *p, guint64 v);
guint32  bn_get_u32            (const guint8 *p);
guint64  bn_get_u64            (const guint8 *p);

G_END_DECLS
