/* bn-report-notifier.h — a desktop notification for connectors when a
 * neighbour reports something
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-session.h"

G_BEGIN_DECLS

/* What clicking the notification does: the app shows the connector page. */
#define BN_REPORT_NOTIFIER_ACTION "app.show-reports"

#define BN_TYPE_REPORT_NOTIFIER (bn_report_notifier_get_type ())
G_DECLARE_FINAL_TYPE (BnReportNotifier, bn_report_notifier, BN, REPORT_NOTIFIER, GObject)

BnReportNotifier *bn_report_notifier_new  (GApplication     *app,
                                           BnSession        *session);
GPtrArray        *bn_report_notifier_scan (BnReportNotifier *self);

G_END_DECLS
