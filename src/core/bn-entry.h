/* bn-entry.h — signed, hash-chained log entries and their wire frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-crypto.h"
#include "bn-identity.h"

G_BEGIN_DECLS

/* Entries this version writes; version 1 entries (before epochs) are still read. */
#define BN_ENTRY_VERSION 2
#define BN_ENTRY_VERSION_LEGACY 1
#define BN_HEADER_LEN 181
#define BN_PAYLOAD_MAX 65536

/* Offsets in the header; see docs/protocol.md §4. */
#define BN_HEADER_OFF_VERSION 0
#define BN_HEADER_OFF_AUTHOR 1
#define BN_HEADER_OFF_SEQ 33
#define BN_HEADER_OFF_BACKLINK 41
#define BN_HEADER_OFF_TIMESTAMP 73
#define BN_HEADER_OFF_PAYLOAD_LEN 81
#define BN_HEADER_OFF_PAYLOAD_HASH 85
#define BN_HEADER_OFF_SIGNATURE 117
#define BN_HEADER_SIGNED_LEN BN_HEADER_OFF_SIGNATURE

/**
 * BnEntry:
 *
 * An immutable, reference-counted log entry: the raw header exactly as signed, the
 * fields decoded from it, its ID (BLAKE2b-256 of the header) and the payload, which
 * is %NULL once erased (deleted or expired).
 */
typedef struct _BnEntry BnEntry;

struct _BnEntry
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public, read-only >*/
  guint8  raw[BN_HEADER_LEN];
  guint8  version;
  guint8  id[BN_HASH_LEN];
  guint8  author[BN_PUBLIC_KEY_LEN];
  guint64 seq;
  guint8  backlink[BN_HASH_LEN];
  gint64  timestamp_ms;
  guint32 payload_len;
  guint8  payload_hash[BN_HASH_LEN];
  GBytes *payload;

  /*< private >*/
  guint8  passed;   /* BnEntryChecks this entry passed already (bn_store_check_ahead) */
};

/* Checks an entry passed, noted so that the store need not do them again. */
typedef enum {
  BN_ENTRY_SIGNATURE_HOLDS = 1 << 0,   /* the header's signature */
  BN_ENTRY_PAYLOAD_HOLDS   = 1 << 1,   /* the payload's hash, and its envelope's tag */
} BnEntryChecks;

GType     bn_entry_get_type           (void) G_GNUC_CONST;
#define BN_TYPE_ENTRY (bn_entry_get_type ())

BnEntry  *bn_entry_new_signed         (const BnIdentity *identity,
                                       guint8            version,
                                       guint64           seq,
                                       const guint8      backlink[BN_HASH_LEN],
                                       gint64            timestamp_ms,
                                       GBytes           *payload);
BnEntry  *bn_entry_new_from_header    (const guint8     *raw,
                                       gsize             len,
                                       GBytes           *payload,
                                       GError          **error);
BnEntry  *bn_entry_new_stored         (const guint8     *raw,
                                       gsize             len,
                                       GBytes           *payload,
                                       const guint8      id[BN_HASH_LEN]);
BnEntry  *bn_entry_ref                (BnEntry          *self);
void      bn_entry_unref              (BnEntry          *self);

BnEntry  *bn_entry_without_payload    (BnEntry          *self);
gboolean  bn_entry_verify_signature   (const BnEntry    *self);
gboolean  bn_entry_check_payload      (const BnEntry    *self,
                                       GError          **error);
char     *bn_entry_dup_id_hex         (const BnEntry    *self);
char     *bn_entry_dup_author_id      (const BnEntry    *self);

/* Wire frames: flags u8 (bit 0 = payload follows) | header | payload. */
#define BN_FRAME_HAS_PAYLOAD 0x01
/* Log files (docs/protocol.md §7): version 2 also carries join messages. */
#define BN_LOG_FILE_MAGIC "BNLOG2\n"
#define BN_LOG_FILE_MAGIC_V1 "BNLOG1\n"
#define BN_LOG_FILE_MAGIC_LEN 8
#define BN_LOG_MESSAGE_JOIN_REQUEST 0x80
#define BN_LOG_MESSAGE_WELCOME 0x81

void      bn_entry_write_frame        (const BnEntry    *self,
                                       GByteArray       *out);
BnEntry  *bn_entry_read_frame         (const guint8     *data,
                                       gsize             len,
                                       gsize            *consumed,
                                       GError          **error);
gboolean  bn_entry_read_frames        (const guint8     *data,
                                       gsize             len,
                                       GPtrArray        *entries,
                                       guint            *refused,
                                       GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnEntry, bn_entry_unref)

G_END_DECLS
