/* bn-post-form.h — "Ask for help" and "Offer help" on one screen, and editing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_POST_FORM (bn_post_form_get_type ())
G_DECLARE_FINAL_TYPE (BnPostForm, bn_post_form, BN, POST_FORM, GtkWidget)

void      bn_post_form_reset       (BnPostForm *self,
                                    const char *kind,
                                    const char *edit_post_id);
void      bn_post_form_grab_focus  (BnPostForm *self);
void      bn_post_form_fill        (BnPostForm *self,
                                    const char *category,
                                    const char *title,
                                    const char *details);
gboolean  bn_post_form_submit      (BnPostForm *self);

G_END_DECLS
