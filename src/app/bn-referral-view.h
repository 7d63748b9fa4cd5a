/* bn-referral-view.h — a request's referrals to services, on its post page:
 * a connector's "Refer to a Service…", and the suggestion as the asker reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_REFERRAL_VIEW (bn_referral_view_get_type ())
G_DECLARE_FINAL_TYPE (BnReferralView, bn_referral_view, BN, REFERRAL_VIEW, GtkWidget)

GtkWidget *bn_referral_view_new        (BnSession      *session,
                                        const char     *post_id);
gboolean   bn_referral_view_can_refer  (BnReferralView *self);
guint      bn_referral_view_get_n_shown (BnReferralView *self);
/* Opens the dialog "Refer to a Service…". */
GtkWindow *bn_referral_view_ask_refer  (BnReferralView *self);
/* What the dialog's choices are, as a person makes them (tests). */
void       bn_referral_dialog_choose   (GtkWindow      *dialog,
                                        const char     *service_id,
                                        const char     *consent,
                                        const char     *note);
void       bn_referral_view_set_status (BnReferralView *self,
                                        const char     *referral_id,
                                        const char     *status);

G_END_DECLS
