/* bn-roster.c — the roster as this peer folds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster.h"
#include "bn-store-private.h"

#include <string.h>

/**
 * bn_store_get_member_status:
 * @cut_seq: (out) (optional): for an identity no longer a member, the last seq
 *   of its log that stays valid; 0 otherwise
 *
 * Where @key stands on this peer's roster. Until the neighbourhood has a roster
 * (a neighbourhood made by an earlier Buurtnet), every identity with a log
 * here, and this peer's own, counts as a member.
 */
BnMemberStatus
bn_store_get_member_status (BnStore      *self,
                            const guint8  key[BN_PUBLIC_KEY_LEN],
                            guint64      *cut_seq)
{
  const BnIdentity *me = bn_store_get_identity (self);
  BnHead head;

  if (cut_seq)
    *cut_seq = 0;
  if (me != NULL && memcmp (me->public_key, key, BN_PUBLIC_KEY_LEN) == 0)
    return BN_MEMBER_ACTIVE;
  return bn_store_get_head (self, key, &head) ? BN_MEMBER_ACTIVE : BN_MEMBER_UNKNOWN;
}
