/* bn-admission.h — what a peer answers a newcomer who proves an invite, and a
 * removed member who still calls: the two questions of the sync server that are
 * about joining and leaving rather than about entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-home.h"

G_BEGIN_DECLS

/**
 * BnJoinAnswer:
 * @BN_JOIN_WELCOME: admitted; the welcome (sealed to the newcomer) is the answer
 * @BN_JOIN_UNKNOWN_INVITE: no such invite is known here: try another peer
 * @BN_JOIN_EXPIRED: the invite has expired
 * @BN_JOIN_USED_UP: the invite admitted as many neighbours as it may
 * @BN_JOIN_REVOKED: the invite was revoked
 * @BN_JOIN_RENEWED: the neighbourhood's key was renewed since the invite was made
 *
 * The values from @BN_JOIN_EXPIRED on are the reason byte of a 410 answer.
 */
typedef enum {
  BN_JOIN_WELCOME = 0,
  BN_JOIN_EXPIRED = 1,
  BN_JOIN_USED_UP = 2,
  BN_JOIN_REVOKED = 3,
  BN_JOIN_RENEWED = 4,
  BN_JOIN_UNKNOWN_INVITE = 5,
} BnJoinAnswer;

BnJoinAnswer bn_home_answer_join              (BnHome        *self,
                                               GBytes        *request,
                                               GBytes       **welcome);
GBytes      *bn_store_get_removal_notice      (BnStore       *self,
                                               const guint8   key[BN_PUBLIC_KEY_LEN]);

gboolean     bn_store_take_removal_notice     (BnStore       *self,
                                               GBytes        *frames);

G_END_DECLS
