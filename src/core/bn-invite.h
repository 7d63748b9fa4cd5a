/* bn-invite.h — invite codes (protocol version 2): the short code a member hands over
 * in person, the invite key derived from it and the proof a newcomer makes with it
 * (docs/protocol.md §3; the join request that carries the proof is bn-join-request.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "bn-crypto.h"

G_BEGIN_DECLS

#define BN_INVITE_ALPHABET "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#define BN_INVITE_SYMBOLS 20
#define BN_INVITE_DATA_SYMBOLS 18
#define BN_INVITE_GROUP_LEN 4
#define BN_INVITE_GROUPS (BN_INVITE_SYMBOLS / BN_INVITE_GROUP_LEN)
/* "XXXX-XXXX-XXXX-XXXX-XXXX" */
#define BN_INVITE_TEXT_LEN (BN_INVITE_SYMBOLS + BN_INVITE_GROUPS - 1)

#define BN_INVITE_ID_LEN 16
#define BN_INVITE_PROOF_LEN BN_SIGNATURE_LEN

/**
 * BnInviteCode:
 * @invite_pk: the invite's Ed25519 public key, derived from the code; it goes in
 *   the `invite` roster entry
 * @invite_id: BLAKE2b-128 of @invite_pk; it names the invite everywhere
 *
 * An immutable invite code. The code itself is the secret: it never leaves the
 * code's text, and only its holder can make a proof (bn_invite_code_make_proof()).
 * Freed with bn_invite_code_free(), which zeroes it.
 */
typedef struct _BnInviteCode BnInviteCode;

struct _BnInviteCode
{
  /*< private: the 20 symbols, upper case, no separators; read with bn_invite_code_format() >*/
  char   symbols[BN_INVITE_SYMBOLS + 1];

  /*< public, read-only >*/
  guint8 invite_pk[BN_PUBLIC_KEY_LEN];
  guint8 invite_id[BN_INVITE_ID_LEN];
};

BnInviteCode *bn_invite_code_new_random    (void);
BnInviteCode *bn_invite_code_new_from_data (const char          *data_text);
BnInviteCode *bn_invite_code_parse         (const char          *text,
                                            GError             **error);
char         *bn_invite_code_format        (const BnInviteCode  *self);
void          bn_invite_code_make_proof    (const BnInviteCode  *self,
                                            const guint8         member_pk[BN_PUBLIC_KEY_LEN],
                                            guint8               proof[BN_INVITE_PROOF_LEN]);
void          bn_invite_code_free          (BnInviteCode        *self);

void          bn_invite_id_for_key         (const guint8         invite_pk[BN_PUBLIC_KEY_LEN],
                                            guint8               invite_id[BN_INVITE_ID_LEN]);
gboolean      bn_invite_verify_proof       (const guint8         invite_pk[BN_PUBLIC_KEY_LEN],
                                            const guint8         invite_id[BN_INVITE_ID_LEN],
                                            const guint8         member_pk[BN_PUBLIC_KEY_LEN],
                                            const guint8         proof[BN_INVITE_PROOF_LEN]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnInviteCode, bn_invite_code_free)

G_END_DECLS
