/* bn-doctor-dialog.h — “Why can't I see my neighbours?”, in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_DOCTOR_DIALOG (bn_doctor_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BnDoctorDialog, bn_doctor_dialog, BN, DOCTOR_DIALOG, AdwWindow)

BnDoctorDialog *bn_doctor_dialog_new       (BnSession      *session,
                                            GtkWindow      *parent);
void            bn_doctor_dialog_run       (BnDoctorDialog *self);
gboolean        bn_doctor_dialog_is_done   (BnDoctorDialog *self);
const char     *bn_doctor_dialog_get_text  (BnDoctorDialog *self);

G_END_DECLS
