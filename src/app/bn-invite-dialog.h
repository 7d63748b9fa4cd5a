/* bn-invite-dialog.h — the invite code, as text and as a QR code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_INVITE_DIALOG (bn_invite_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BnInviteDialog, bn_invite_dialog, BN, INVITE_DIALOG, AdwWindow)

BnInviteDialog *bn_invite_dialog_new      (GtkWindow      *parent,
                                           const char     *hood_name,
                                           const char     *code,
                                           const BnInviteInfo *info);
const char     *bn_invite_dialog_get_code (BnInviteDialog *self);
const char     *bn_invite_dialog_get_validity (BnInviteDialog *self);

G_END_DECLS
