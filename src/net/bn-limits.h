/* bn-limits.h — every limit of the sync transport, one constant each
 *
 * These are the rows of the table in docs/sync-protocol.md §9, in its order;
 * tests/net/test-wire.c checks that the table and these values agree. A limit
 * that holds against a stranger is checked before anything from the stranger
 * is kept: the connection counts at accept, the head's size and deadline while
 * it arrives, everything else from the head alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Connections a peer accepts: at once from one address, and in all (or a
 * quarter of the process's open-file limit, when that is lower). When all are
 * taken, the oldest connection whose request has not been judged yet makes room. */
#define BN_LIMIT_CONNECTIONS_PER_ADDRESS 16
#define BN_LIMIT_CONNECTIONS 256
/* The request line and headers: all a peer reads before the sender is proven. */
#define BN_LIMIT_HEAD_BYTES (16 * 1024)
/* From accepting a connection until its whole head has arrived. */
#define BN_LIMIT_HEAD_TIMEOUT_MS 10000
/* A refused request's body, when it is no longer than this, is read and dropped
 * (within the head's deadline) before the connection closes, so that the client
 * reads the refusal rather than a reset; a longer one is not waited for. */
#define BN_LIMIT_DISCARD_BYTES (64 * 1024)
/* A request past its head: no byte in or out for this long ends it. */
#define BN_LIMIT_IDLE_TIMEOUT_S 10
/* Out of open files: accepting pauses this long (after dropping the oldest
 * unjudged connection), then resumes. */
#define BN_LIMIT_ACCEPT_PAUSE_MS 250

/* Requests per second per address (token bucket), and the burst above it. */
#define BN_LIMIT_REQUESTS_PER_SECOND 200
#define BN_LIMIT_REQUEST_BURST 400
/* Join requests per minute per address (and their burst). */
#define BN_LIMIT_JOINS_PER_MINUTE 10
/* Bn-Time may be this far from our clock; nonces are remembered twice as long. */
#define BN_LIMIT_CLOCK_SKEW_MS (120 * 1000)
/* Nonces remembered at most; when full of fresh ones, requests are refused. */
#define BN_LIMIT_NONCES 200000
/* Addresses whose request budget and log budget are kept; past this, all are forgotten. */
#define BN_LIMIT_ADDRESSES 4096
/* Pair keys (and ETags) cached per neighbour; past this, the cache starts over. */
#define BN_LIMIT_PAIR_KEYS 1024

/* Request bodies, as sent (sealed: plaintext + 16). */
#define BN_LIMIT_WANTS 65536
/* max_bytes u32, then wants of author 32 | after_seq u64 */
#define BN_LIMIT_PULL_BODY (4 + BN_LIMIT_WANTS * (32 + 8) + 16)
/* A sketch request: max_bytes u32 | n u32 | m u16, then m cells of 22 bytes. */
#define BN_LIMIT_SKETCH_CELLS 4096
#define BN_LIMIT_SKETCH_BODY (10 + BN_LIMIT_SKETCH_CELLS * 22 + 16)
#define BN_LIMIT_PUSH_BYTES (4 * 1024 * 1024)           /* plaintext of one push */
#define BN_LIMIT_PUSH_BODY (BN_LIMIT_PUSH_BYTES + 16)
#define BN_LIMIT_JOIN_BODY 1024
/* Answers a client reads: stopped at the headers when they announce more. */
#define BN_LIMIT_ANSWER_BYTES (16 * 1024 * 1024)
#define BN_LIMIT_WELCOME_BYTES (64 * 1024)

/* A pull answer: its size cap (a client may ask for less, not less than the
 * minimum) and its entries. One entry is always sent, even one over the cap. */
#define BN_LIMIT_BATCH_BYTES (4 * 1024 * 1024)
#define BN_LIMIT_BATCH_MIN_BYTES (128 * 1024)
#define BN_LIMIT_BATCH_ENTRIES 16384

/* Live links: opened by us, and opened to us. */
#define BN_LIMIT_LINKS_OUT 32
#define BN_LIMIT_LINKS_IN 64
/* One live ENTRIES message. */
#define BN_LIMIT_LIVE_ENTRIES 64
#define BN_LIMIT_LIVE_BYTES (512 * 1024)
/* Live messages per second per link; more hangs up. */
#define BN_LIMIT_LINK_MESSAGES_PER_SECOND 2000
/* A link's SYNC requests start at most one session per this interval; the
 * rest wait for it and make one more session at most. */
#define BN_LIMIT_SYNC_INTERVAL_MS 1000
/* Addresses in one PEERS message, and addresses learned from neighbours that
 * a peer keeps calling at once (only on a network it is on itself). */
#define BN_LIMIT_EXCHANGED_PEERS 64
#define BN_LIMIT_EXCHANGED_ADDRESSES 64
