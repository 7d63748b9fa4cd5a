/* bn-wire.h — the bytes of the sync protocol: request and response MACs, sealed
 * bodies, heads lists, pull requests, entry batches and live-link messages
 *
 * Everything here is a pure function of its inputs, so it is tested on its own
 * (tests/net/test-wire.c). docs/sync-protocol.md is the normative description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_WIRE_VERSION "1"
#define BN_WIRE_NONCE_LEN 24
#define BN_WIRE_MAC_LEN 32
#define BN_WIRE_DIGEST_LEN 16
/* A request whose clock is further off than this is refused (replay window). */
#define BN_WIRE_WINDOW_MS (120 * 1000)

#define BN_WIRE_HEADER_TIME "Bn-Time"
#define BN_WIRE_HEADER_NONCE "Bn-Nonce"
#define BN_WIRE_HEADER_MAC "Bn-Mac"

/* Limits (docs/sync-protocol.md §5). */
#define BN_WIRE_MAX_REQUEST (8 * 1024 * 1024)
#define BN_WIRE_MAX_RESPONSE (16 * 1024 * 1024)
#define BN_WIRE_PULL_CAP (4 * 1024 * 1024)
#define BN_WIRE_PULL_FIRST_CAP (256 * 1024)
#define BN_WIRE_PULL_MIN_CAP (64 * 1024)
#define BN_WIRE_PULL_MAX_ENTRIES 16384
#define BN_WIRE_PUSH_CAP (4 * 1024 * 1024)
#define BN_WIRE_MAX_WANTS 65536
#define BN_WIRE_LIVE_MAX_ENTRIES 64
#define BN_WIRE_LIVE_MAX_BYTES (512 * 1024)
#define BN_WIRE_MAX_EXCHANGED_PEERS 64

#define BN_WIRE_HEAD_LEN (BN_PUBLIC_KEY_LEN + 8 + BN_HASH_LEN)
#define BN_WIRE_WANT_LEN (BN_PUBLIC_KEY_LEN + 8)
#define BN_WIRE_PULL_MORE 0x01
/* libsoup 3.2 has no name for it (RFC 6585). */
#define BN_HTTP_TOO_MANY_REQUESTS 429

/* Live-link message types (the first plaintext byte). */
typedef enum {
  BN_LINK_MSG_HELLO = 1,    /* peer key 32 | listening port u16 */
  BN_LINK_MSG_ENTRIES = 2,  /* frames */
  BN_LINK_MSG_SYNC = 3,     /* "client of this link: run a sync with me" */
  BN_LINK_MSG_PING = 4,     /* empty; any message proves liveness */
  BN_LINK_MSG_PEERS = 5,    /* "host:port" lines: neighbours found on this LAN */
  BN_LINK_MSG_SYNCED = 6,   /* empty: "my session with you just completed" */
} BnLinkMsgType;

/**
 * BnWireKeys:
 *
 * The keys one neighbourhood's peers share, derived from the hood's auth key:
 * @mac_key signs requests and responses, @body_key encrypts bodies.
 */
typedef struct
{
  guint8 mac_key[BN_KEY_LEN];
  guint8 body_key[BN_KEY_LEN];
} BnWireKeys;

void        bn_wire_keys_init        (BnWireKeys       *keys,
                                      const BnHood     *hood);

/* MACs, returned as lowercase hex. @body is the sealed body (may be NULL). */
char       *bn_wire_request_mac      (const BnWireKeys *keys,
                                      const char       *method,
                                      const char       *path,
                                      const char       *time,
                                      const char       *nonce,
                                      const char       *if_none_match,
                                      GBytes           *body);
char       *bn_wire_response_mac     (const BnWireKeys *keys,
                                      guint             status,
                                      const char       *request_nonce,
                                      const char       *time,
                                      const char       *nonce,
                                      const char       *etag,
                                      GBytes           *body);
gboolean    bn_wire_mac_equal        (const char       *expected,
                                      const char       *given);
char       *bn_wire_new_nonce        (void);
gboolean    bn_wire_parse_nonce      (const char       *hex,
                                      guint8            nonce[BN_WIRE_NONCE_LEN]);
gboolean    bn_wire_time_acceptable  (const char       *time,
                                      gint64            now_ms,
                                      gint64           *parsed_ms);

/* Bodies: XChaCha20 with @nonce (hex); the same call seals and opens. */
GBytes     *bn_wire_seal             (const BnWireKeys *keys,
                                      const char       *nonce,
                                      GBytes           *plain);

/* Heads: n × (author 32 | seq u64 | id 32), sorted by author. */
GBytes     *bn_wire_encode_heads     (GArray           *heads);
GArray     *bn_wire_decode_heads     (GBytes           *bytes,
                                      GError          **error);
char       *bn_wire_heads_etag       (const BnWireKeys *keys,
                                      GBytes           *encoded_heads);

/* Pull request: max_bytes u32 (0: the server's cap) | n × (author 32 | after_seq u64). */
GBytes     *bn_wire_encode_wants     (GArray           *wants,
                                      guint32           max_bytes);
GArray     *bn_wire_decode_wants     (GBytes           *bytes,
                                      guint32          *max_bytes,
                                      GError          **error);

/* Entry batches: frames back to back (bn_entry_write_frame). Decoding stops at the
 * first bad frame and says why in @error, returning what came before. */
GPtrArray  *bn_wire_decode_frames    (const guint8     *data,
                                      gsize             len,
                                      GError          **error);
gsize       bn_wire_frame_size       (const BnEntry    *entry);

/* Live-link messages: counter u64 | XChaCha20-Poly1305(counter as AD). */
void        bn_wire_link_key         (const BnWireKeys *keys,
                                      const char       *link_nonce,
                                      gboolean          from_client,
                                      guint8            key[BN_KEY_LEN]);
GBytes     *bn_wire_link_seal        (const guint8      key[BN_KEY_LEN],
                                      guint64           counter,
                                      guint8            type,
                                      const guint8     *data,
                                      gsize             len);
GBytes     *bn_wire_link_open        (const guint8      key[BN_KEY_LEN],
                                      guint64           expected_counter,
                                      GBytes           *message,
                                      GError          **error);

G_END_DECLS
