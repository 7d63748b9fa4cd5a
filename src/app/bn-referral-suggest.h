/* bn-referral-suggest.h — "Suggest to…" on a request waiting for a helper: a
 * connector sends it, sealed, to one neighbour whose talents fit, with the
 * asker's consent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

/* Returns: (nullable): the button, or %NULL when no neighbour's talents fit */
GtkWidget *bn_suggest_button_new      (BnSession              *session,
                                       const BnWaitingRequest *request);
/* Opens the dialog the button opens. */
GtkWindow *bn_suggest_ask             (GtkWidget              *button);
/* What the dialog's choices are, as a person makes them (tests). */
void       bn_suggest_dialog_choose   (GtkWindow              *dialog,
                                       const char             *peer_id,
                                       gboolean                consent,
                                       const char             *note);
/* The words the chosen neighbour reads. */
char      *bn_suggest_text            (const char             *title,
                                       const char             *asker,
                                       const char             *note);

G_END_DECLS
