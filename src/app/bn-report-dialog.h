/* bn-report-dialog.h — "Tell the connectors": why, and a few words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BN_TYPE_REPORT_DIALOG (bn_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BnReportDialog, bn_report_dialog, BN, REPORT_DIALOG, AdwMessageDialog)

BnReportDialog *bn_report_dialog_new        (GtkWindow      *parent,
                                             const char     *about);
const char     *bn_report_dialog_get_reason (BnReportDialog *self);
void            bn_report_dialog_set_reason (BnReportDialog *self,
                                             const char     *reason);
const char     *bn_report_dialog_get_text   (BnReportDialog *self);

G_END_DECLS
