/* bn-rows.h — libadwaita rows that show neighbours' words as they are
 *
 * libadwaita 1.2 reads row titles and subtitles as Pango markup by default,
 * so a name like "Bram & Co" or a title with "<3" would break or vanish. Every
 * row built from what people typed comes from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *bn_action_row_new   (const char *title,
                                const char *subtitle);
GtkWidget *bn_expander_row_new (const char *title,
                                const char *subtitle);
void       bn_expander_row_name_header (AdwExpanderRow *row);

G_END_DECLS
