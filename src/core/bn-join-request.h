/* bn-join-request.h — what a newcomer sends to a member's peer to be admitted: the
 * invite it holds the code of, its identity, the proof and its name
 * (docs/protocol.md §3.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-invite.h"

G_BEGIN_DECLS

#define BN_JOIN_NAME_MAX 64
/* invite_id | member_pk | proof | name_len u8, then the name */
#define BN_JOIN_REQUEST_FIXED_LEN (BN_INVITE_ID_LEN + BN_PUBLIC_KEY_LEN + BN_INVITE_PROOF_LEN + 1)
#define BN_JOIN_REQUEST_MAX_LEN (BN_JOIN_REQUEST_FIXED_LEN + BN_JOIN_NAME_MAX)

/**
 * BnJoinRequest:
 * @invite_id: the invite the newcomer holds the code of
 * @member_pk: the newcomer's identity (Ed25519 public key), to be admitted
 * @proof: Ed25519 signature by the invite key (docs/protocol.md §3.5)
 * @name: the newcomer's name, UTF-8, 1 to %BN_JOIN_NAME_MAX bytes, no control characters
 *
 * What a newcomer sends to a member's peer, live (`POST /v2/join`) or in a log
 * file's join-request record. Plain data; freed with bn_join_request_free().
 */
typedef struct _BnJoinRequest BnJoinRequest;

struct _BnJoinRequest
{
  guint8  invite_id[BN_INVITE_ID_LEN];
  guint8  member_pk[BN_PUBLIC_KEY_LEN];
  guint8  proof[BN_INVITE_PROOF_LEN];
  char   *name;
};

BnJoinRequest *bn_join_request_new    (const BnInviteCode   *code,
                                       const guint8          member_pk[BN_PUBLIC_KEY_LEN],
                                       const char           *name,
                                       GError              **error);
GBytes        *bn_join_request_encode (const BnJoinRequest  *self);
BnJoinRequest *bn_join_request_decode (const guint8         *data,
                                       gsize                 len,
                                       GError              **error);
gboolean       bn_join_request_verify (const BnJoinRequest  *self,
                                       const guint8          invite_pk[BN_PUBLIC_KEY_LEN],
                                       GError              **error);
void           bn_join_request_free   (BnJoinRequest        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnJoinRequest, bn_join_request_free)

G_END_DECLS
