/* bn-notifier.h — turns changes in the neighbourhood into desktop notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_NOTIFIER (bn_notifier_get_type ())
G_DECLARE_FINAL_TYPE (BnNotifier, bn_notifier, BN, NOTIFIER, GObject)

BnNotifier *bn_notifier_new  (GApplication *app,
                              BnSession    *session,
                              GSettings    *settings);
/* The notifications the last change produced, for tests: (element-type GNotification) */
GPtrArray  *bn_notifier_scan (BnNotifier   *self);

G_END_DECLS
