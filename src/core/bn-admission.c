/* bn-admission.c — answers to a newcomer's join request and a removed member's
 * call (docs/sync-protocol.md §4.5, §6)
 *
 * Both wait for the roster: until it exists, no invite is known here (every
 * join request is answered "try another peer") and a removal has no entries
 * to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-admission.h"

/**
 * bn_home_answer_join:
 * @request: invite_id 16 | member_pk 32 | proof 64 | name_len u8 | name
 * @welcome: (out) (transfer full) (optional): for %BN_JOIN_WELCOME, the welcome
 *
 * Checks the invite the request names, the proof, writes the admission and
 * makes the welcome sealed to the newcomer.
 */
BnJoinAnswer
bn_home_answer_join (BnHome  *self,
                     GBytes  *request,
                     GBytes **welcome)
{
  if (welcome != NULL)
    *welcome = NULL;
  return BN_JOIN_UNKNOWN_INVITE;
}

/**
 * bn_store_get_removal_notice:
 *
 * Returns: (transfer full): frames of the roster entries that ended @key's
 *   membership, for the 403 a removed member gets (empty when none is known)
 */
GBytes *
bn_store_get_removal_notice (BnStore      *self,
                             const guint8  key[BN_PUBLIC_KEY_LEN])
{
  return g_bytes_new (NULL, 0);
}
