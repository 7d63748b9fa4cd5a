/* bn-wire.h — the bytes of the sync protocol, version 2: pair keys, signed
 * requests and responses, sealed bodies, heads lists, pull requests, entry
 * batches, live-link messages and the mDNS tag
 *
 * Everything here is a pure function of its inputs, so it is tested on its own
 * (tests/net/test-wire.c). docs/sync-protocol.md is the normative description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-core.h"
#include "bn-limits.h"

G_BEGIN_DECLS

#define BN_WIRE_VERSION "2"
#define BN_WIRE_PREFIX "/v2/"
#define BN_WIRE_NONCE_LEN 24
#define BN_WIRE_SIG_LEN 64
#define BN_WIRE_TAG_LEN 16            /* the AEAD tag a sealed body grows by */
#define BN_WIRE_DIGEST_LEN 16

#define BN_WIRE_HEADER_PEER "Bn-Peer"
#define BN_WIRE_HEADER_TO "Bn-To"
#define BN_WIRE_HEADER_TIME "Bn-Time"
#define BN_WIRE_HEADER_NONCE "Bn-Nonce"
#define BN_WIRE_HEADER_SIG "Bn-Sig"

#define BN_WIRE_HEAD_LEN (BN_PUBLIC_KEY_LEN + 8 + BN_HASH_LEN + 4)
#define BN_WIRE_WANT_LEN (BN_PUBLIC_KEY_LEN + 8)
#define BN_WIRE_PULL_MORE 0x01
/* libsoup 3.2 has no name for it (RFC 6585). */
#define BN_HTTP_TOO_MANY_REQUESTS 429

/* Live-link message types (the first plaintext byte). */
typedef enum {
  BN_LINK_MSG_HELLO = 1,    /* listening port u16 (0: "I do not listen") */
  BN_LINK_MSG_ENTRIES = 2,  /* frames */
  BN_LINK_MSG_SYNC = 3,     /* "client of this link: run a sync with me" */
  BN_LINK_MSG_PING = 4,     /* empty; any message proves liveness */
  BN_LINK_MSG_PEERS = 5,    /* "host:port" lines: neighbours found on this LAN */
  BN_LINK_MSG_SYNCED = 6,   /* empty: "my session with you just completed" */
} BnLinkMsgType;

/**
 * BnPairKeys:
 *
 * The keys between one client and one server identity (docs/sync-protocol.md
 * §2): @pair from their X25519 agreement, and the sub-keys derived from it.
 * Neither a third member nor a stranger can compute them.
 */
typedef struct
{
  guint8 pair[BN_KEY_LEN];
  guint8 request_body[BN_KEY_LEN];
  guint8 response_body[BN_KEY_LEN];
  guint8 etag[BN_KEY_LEN];
} BnPairKeys;

gboolean    bn_wire_pair_keys        (BnPairKeys       *keys,
                                      const BnIdentity *me,
                                      const guint8      other[BN_PUBLIC_KEY_LEN],
                                      gboolean          i_am_client);

/* The texts that Bn-Sig signs. */
char       *bn_wire_request_text     (const char       *method,
                                      const char       *path,
                                      const char       *peer,
                                      const char       *to,
                                      const char       *time,
                                      const char       *nonce,
                                      const char       *if_none_match,
                                      gsize             content_length);
char       *bn_wire_response_text    (guint             status,
                                      const char       *request_nonce,
                                      const char       *peer,
                                      const char       *time,
                                      const char       *nonce,
                                      const char       *etag,
                                      gsize             content_length);
void        bn_wire_sign             (const BnIdentity *me,
                                      const char       *text,
                                      guint8            signature[BN_WIRE_SIG_LEN]);
gboolean    bn_wire_verify           (const guint8      key[BN_PUBLIC_KEY_LEN],
                                      const char       *text,
                                      const guint8      signature[BN_WIRE_SIG_LEN]);
gboolean    bn_wire_parse_signature  (const char       *hex,
                                      guint8            signature[BN_WIRE_SIG_LEN]);

char       *bn_wire_new_nonce        (void);
gboolean    bn_wire_parse_nonce      (const char       *hex,
                                      guint8            nonce[BN_WIRE_NONCE_LEN]);
gboolean    bn_wire_time_acceptable  (const char       *time,
                                      gint64            now_ms,
                                      gint64           *parsed_ms);

/* Bodies: XChaCha20-Poly1305-IETF, nonce = the message's Bn-Nonce, AD = its
 * signature. */
GBytes     *bn_wire_seal_body        (const guint8      key[BN_KEY_LEN],
                                      const guint8      nonce[BN_WIRE_NONCE_LEN],
                                      const guint8      signature[BN_WIRE_SIG_LEN],
                                      GBytes           *plain);
GBytes     *bn_wire_open_body        (const guint8      key[BN_KEY_LEN],
                                      const guint8      nonce[BN_WIRE_NONCE_LEN],
                                      const guint8      signature[BN_WIRE_SIG_LEN],
                                      GBytes           *sealed,
                                      GError          **error);

/* Heads: n × (author 32 | seq u64 | id 32 | holes u32), sorted by author. */
GBytes     *bn_wire_encode_heads     (GArray           *heads);
GArray     *bn_wire_decode_heads     (GBytes           *bytes,
                                      GError          **error);
char       *bn_wire_heads_etag       (const BnPairKeys *keys,
                                      GBytes           *encoded_heads);

/* Pull request: max_bytes u32 (0: the server's cap) | n × (author 32 | after_seq u64). */
GBytes     *bn_wire_encode_wants     (GArray           *wants,
                                      guint32           max_bytes);
GArray     *bn_wire_decode_wants     (GBytes           *bytes,
                                      guint32          *max_bytes,
                                      GError          **error);

/* Entry batches: frames back to back (bn_entry_write_frame). A bad frame is
 * counted in @refused and skipped; @error says why the first one was refused. */
GPtrArray  *bn_wire_decode_frames    (const guint8     *data,
                                      gsize             len,
                                      guint            *refused,
                                      GError          **error);
gsize       bn_wire_frame_size       (const BnEntry    *entry);

/* The sketch of a heads list (§4.7): elements, cells, the request and answer. */
#define BN_SKETCH_AUTHOR_TAG_LEN 8
#define BN_SKETCH_ELEMENT_LEN 16      /* author tag 8 | seq mod 2^32 | head tag 4 */
#define BN_SKETCH_CELL_LEN (2 + BN_SKETCH_ELEMENT_LEN + 4)
#define BN_SKETCH_MIN_CELLS 3
#define BN_SKETCH_REQUEST_HEAD_LEN 10 /* max_bytes u32 | n u32 | m u16 */
#define BN_SKETCH_DECODED 0
#define BN_SKETCH_TOO_DIFFERENT 1

void        bn_sketch_author_tag     (const BnPairKeys *keys,
                                      const guint8      author[BN_PUBLIC_KEY_LEN],
                                      guint8            x[BN_SKETCH_AUTHOR_TAG_LEN]);
void        bn_sketch_element        (const BnPairKeys *keys,
                                      const BnHead     *head,
                                      guint8            e[BN_SKETCH_ELEMENT_LEN]);
GArray     *bn_sketch_elements       (const BnPairKeys *keys,
                                      GArray           *heads);
GBytes     *bn_sketch_table          (GArray           *elements,
                                      guint             m);
gboolean    bn_sketch_peel           (GBytes           *client,
                                      GBytes           *server,
                                      GArray          **client_only,
                                      GArray          **server_only);
GBytes     *bn_wire_encode_sketch_request (guint32    max_bytes,
                                           guint32    n_heads,
                                           GBytes    *table);
gboolean    bn_wire_decode_sketch_request (GBytes    *bytes,
                                           guint32   *max_bytes,
                                           guint32   *n_heads,
                                           GBytes   **table,
                                           GError   **error);
GByteArray *bn_wire_encode_sketch_answer  (GArray    *server_heads,
                                           GArray    *client_elements);
gboolean    bn_wire_decode_sketch_answer  (GBytes    *bytes,
                                           guint     *status,
                                           GArray   **server_heads,
                                           GArray   **client_elements,
                                           gsize     *batch_offset,
                                           GError   **error);

/* Live-link messages: counter u64 | XChaCha20-Poly1305(counter as AD). */
void        bn_wire_link_key         (const BnPairKeys *keys,
                                      const guint8      link_nonce[BN_WIRE_NONCE_LEN],
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

/* The mDNS tag of one discovery key on one UTC day. */
char       *bn_wire_discovery_tag    (const guint8      key[BN_KEY_LEN],
                                      GDateTime        *when);

G_END_DECLS
