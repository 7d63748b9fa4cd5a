/* bn-payload.h — payload encryption: the neighbourhood envelope and sealed bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-entry.h"
#include "bn-hood.h"
#include "bn-identity.h"
#include "bn-json-fields.h"
#include "bn-keyring.h"

G_BEGIN_DECLS

#define BN_PAYLOAD_NONCE_LEN 24
#define BN_PAYLOAD_OVERHEAD (BN_PAYLOAD_NONCE_LEN + 16)

GBytes     *bn_payload_encrypt (const BnEpochKey  *key,
                                const guint8       author[BN_PUBLIC_KEY_LEN],
                                guint64            seq,
                                JsonObject        *object,
                                GPtrArray         *recipients,
                                GError           **error);
GBytes     *bn_payload_encrypt_v1 (const BnEpochKey *legacy,
                                const guint8       author[BN_PUBLIC_KEY_LEN],
                                guint64            seq,
                                JsonObject        *object,
                                GPtrArray         *recipients,
                                GError           **error);
JsonObject *bn_payload_decrypt (BnKeyring         *keys,
                                const BnIdentity  *me,
                                const BnEntry     *entry,
                                gboolean          *was_sealed,
                                GError           **error);
BnJsonFields *bn_payload_decrypt_fields (BnKeyring      *keys,
                                         const BnIdentity *me,
                                         const BnEntry  *entry,
                                         gboolean       *was_sealed,
                                         GError        **error);
gboolean    bn_payload_check_envelope (BnKeyring     *keys,
                                       const BnEntry *entry,
                                       GError       **error);
gboolean    bn_payload_envelope_holds (BnKeyring     *keys,
                                       const BnEntry *entry);
gboolean    bn_payload_get_key_id (const BnEntry *entry,
                                   guint8         id[BN_KEY_ID_LEN]);

G_END_DECLS
