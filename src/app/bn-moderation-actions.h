/* bn-moderation-actions.h — the mod.* actions (report, hide, unhide, block,
 * unblock, mark a report handled, the moderation log) and the menus that
 * offer them on a post, a reply or thanks, and a neighbour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-session.h"

G_BEGIN_DECLS

void        bn_moderation_actions_install    (GtkWidget    *widget);
GtkWidget  *bn_moderation_menu_button_new    (void);
void        bn_moderation_menu_button_for_post (GtkWidget  *button,
                                              BnSession    *session,
                                              BnPostItem   *item);
GtkWidget  *bn_moderation_note_button_new    (BnSession    *session,
                                              const BnPost *post,
                                              const BnNote *note,
                                              gboolean      is_reply);
GtkWidget  *bn_moderation_neighbour_button_new (BnSession  *session,
                                              const BnProfile *profile,
                                              GtkWidget    *more);
char       *bn_moderation_note_text          (const BnNote *note);
void        bn_moderation_show_log           (GtkWidget    *from);

G_END_DECLS
