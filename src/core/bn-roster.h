/* bn-roster.h — who belongs to the neighbourhood: members, connectors, and the
 * state of each identity as this peer's roster says it (docs/protocol.md §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-store.h"

G_BEGIN_DECLS

/**
 * BnMemberStatus:
 * @BN_MEMBER_UNKNOWN: not on this peer's roster (a stranger, or a newcomer whose
 *   admission has not reached this peer yet)
 * @BN_MEMBER_ACTIVE: a member
 * @BN_MEMBER_REMOVED: removed by a connector; entries after its cut are refused
 * @BN_MEMBER_LEFT: left the neighbourhood
 * @BN_MEMBER_REPLACED: replaced by a new identity (a lost laptop)
 */
typedef enum {
  BN_MEMBER_UNKNOWN,
  BN_MEMBER_ACTIVE,
  BN_MEMBER_REMOVED,
  BN_MEMBER_LEFT,
  BN_MEMBER_REPLACED,
} BnMemberStatus;

/* Where an invite stands for a newcomer who asks now. */
typedef enum {
  BN_INVITE_UNKNOWN,
  BN_INVITE_OPEN,
  BN_INVITE_EXPIRED,
  BN_INVITE_USED,
  BN_INVITE_REVOKED,
  BN_INVITE_RENEWED,
} BnInviteState;

BnMemberStatus bn_store_get_member_status (BnStore      *self,
                                           const guint8  key[BN_PUBLIC_KEY_LEN],
                                           guint64      *cut_seq);
gboolean       bn_store_author_wrote_v1   (BnStore      *self,
                                           const guint8  key[BN_PUBLIC_KEY_LEN]);

G_END_DECLS
