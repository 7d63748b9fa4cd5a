/* bn-announce.h — say what just happened to a screen reader, where
 * libadwaita 1.2 shows a toast it does not announce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *bn_announcer_install (AdwToastOverlay *toasts);
void       bn_announce          (GtkWidget       *announcer,
                                 const char      *message);

G_END_DECLS
