/* bn-join.h — a newcomer asking a member's peer to admit it (POST /v2/join,
 * docs/sync-protocol.md §4.5), once or until a peer answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "bn-home.h"

G_BEGIN_DECLS

/**
 * BnJoinOutcome:
 * @BN_JOIN_OUTCOME_JOINED: a welcome came and was taken: this peer is a member
 * @BN_JOIN_OUTCOME_TRY_ANOTHER: this peer could not say (unreachable, or the
 *   invite is not known there yet)
 * @BN_JOIN_OUTCOME_CLOSED: the code admits no one any more (used, expired,
 *   withdrawn, renewed); the error says which, in words
 */
typedef enum {
  BN_JOIN_OUTCOME_JOINED,
  BN_JOIN_OUTCOME_TRY_ANOTHER,
  BN_JOIN_OUTCOME_CLOSED,
} BnJoinOutcome;

void          bn_join_ask_async  (BnHome              *home,
                                  SoupSession         *http,
                                  const char          *address,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
BnJoinOutcome bn_join_ask_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
