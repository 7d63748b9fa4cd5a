/* bn-hide-dialog.h — "Hide for everyone?": why, and whether to erase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BN_TYPE_HIDE_DIALOG (bn_hide_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BnHideDialog, bn_hide_dialog, BN, HIDE_DIALOG, AdwMessageDialog)

BnHideDialog *bn_hide_dialog_new        (GtkWindow    *parent,
                                         const char   *about,
                                         gboolean      can_erase);
const char   *bn_hide_dialog_get_reason (BnHideDialog *self);
void          bn_hide_dialog_set_reason (BnHideDialog *self,
                                         const char   *reason);
gboolean      bn_hide_dialog_get_erase  (BnHideDialog *self);

G_END_DECLS
