/* bn-fuzz.h — what the libFuzzer targets share: one neighbourhood with fixed keys,
 * honest logs every store starts from, and the checks a store must pass after
 * whatever a target fed it
 *
 * Everything is deterministic (fixed identities, fixed timestamps, nonces derived
 * from the content), so the same input always takes the same path, entry IDs in
 * the seed corpora stay valid from run to run, and a crash reproduces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include "bn-core.h"
#include "bn-invite.h"

G_BEGIN_DECLS

/* The data symbols of the invite (version 2) that join requests are checked against. */
#define BN_FUZZ_INVITE_DATA "B77RTNETF7ZZ000000"

/* Author 0 is the store's own identity ("me") and the founder; 1 and 2 are
 * neighbours it admitted; 3 is a newcomer nobody admitted yet. */
#define BN_FUZZ_AUTHORS 4
#define BN_FUZZ_ME 0
#define BN_FUZZ_NEWCOMER 3
/* The timestamp of the first honest entry; each later one is a second on. */
#define BN_FUZZ_EPOCH_MS G_GINT64_CONSTANT (1767225600000)   /* 2026-01-01 */

typedef struct
{
  BnHood       *hood;
  BnEpochKey    key;          /* K0, the epoch key everything is sealed with */
  BnInviteCode *invite;       /* the invite the founder admitted 1 and 2 with */
  BnIdentity   *authors[BN_FUZZ_AUTHORS];
  GPtrArray  *baseline;       /* BnEntry: the honest logs, by author and seq */
  GPtrArray  *baseline_ids;   /* char *: hex IDs of the baseline, for placeholders */
} BnFuzzWorld;

/* The world, made on first use. */
const BnFuzzWorld *bn_fuzz_world          (void);

/* The payload of @json as @author's entry @seq (version 2): the envelope under
 * K0, with a nonce derived from the content. With @sealed, the body is a private
 * body (docs/protocol.md §5.1) sealed to the author and to me. */
GBytes     *bn_fuzz_seal_payload          (guint           author,
                                           guint64         seq,
                                           const void     *json,
                                           gsize           len,
                                           gboolean        sealed);
/* A signed entry of protocol version @version. */
BnEntry    *bn_fuzz_sign                  (guint           author,
                                           guint8          version,
                                           guint64         seq,
                                           const guint8    backlink[BN_HASH_LEN],
                                           gint64          timestamp_ms,
                                           GBytes         *payload);
/* The head of @author in the baseline: seq and ID (the anchor before seq 1). */
guint64     bn_fuzz_baseline_head         (guint           author,
                                           guint8          id[BN_HASH_LEN]);

/* A store in a temporary data directory holding the baseline, fresh for each
 * input. Closed (and checked) with bn_fuzz_store_close(). */
BnStore    *bn_fuzz_store_open            (void);
/* Aborts unless `verify` passes and every baseline header is still stored: bad
 * input is refused, it never corrupts or loses what was there. Then closes. */
void        bn_fuzz_store_close           (BnStore        *store);

/* The import of a log file, as `buurtnet-cli log import` does it. */
void        bn_fuzz_import_log            (BnStore        *store,
                                           const guint8   *data,
                                           gsize           len);

/* @text with placeholders replaced, so that inputs can point at real things:
 * "@eN@" the hex ID of honest entry N, "@aN@" the peer ID of author N, "@k0@" the
 * key ID of K0, "@i0@" the invite's ID, "@i1@" its public key, "@pN@" the proof
 * that admits author N with it. */
char       *bn_fuzz_expand_placeholders   (const char     *text,
                                           gsize           len,
                                           gsize          *out_len);

/* Drops the product's refusal messages (there are many under fuzzing) and makes
 * warnings and criticals fatal. */
void        bn_fuzz_init                  (void);

G_END_DECLS
