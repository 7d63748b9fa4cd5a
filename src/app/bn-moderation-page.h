/* bn-moderation-page.h — the reports (a connector's, or my own) and the
 * moderation log everyone can read; "show-reports" and "show-log" choose
 * which of the two it shows (the connector page shows only the reports)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_MODERATION_PAGE (bn_moderation_page_get_type ())
G_DECLARE_FINAL_TYPE (BnModerationPage, bn_moderation_page, BN, MODERATION_PAGE, GtkWidget)

BnModerationPage *bn_moderation_page_new           (BnSession        *session);
guint             bn_moderation_page_get_n_reports (BnModerationPage *self);

G_END_DECLS
