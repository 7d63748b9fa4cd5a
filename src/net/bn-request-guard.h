/* bn-request-guard.h — what the sync server remembers about who asks what: a
 * request budget per address, the nonces seen (replays), and how often it already
 * logged a refusal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BnRequestGuard BnRequestGuard;

BnRequestGuard *bn_request_guard_new         (void);
void            bn_request_guard_free        (BnRequestGuard *self);
gboolean        bn_request_guard_take_token  (BnRequestGuard *self,
                                              const char     *host);
gboolean        bn_request_guard_take_join_token (BnRequestGuard *self,
                                              const char     *host);
gboolean        bn_request_guard_fresh_nonce (BnRequestGuard *self,
                                              const char     *peer_id,
                                              const guint8   *nonce,
                                              gint64          now_ms);
void            bn_request_guard_log         (BnRequestGuard *self,
                                              const char     *host,
                                              const char     *what,
                                              const char     *why);

G_END_DECLS
