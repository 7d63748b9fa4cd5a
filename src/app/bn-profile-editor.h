/* bn-profile-editor.h — my profile: name, a line about me, what I like to do,
 * what could help me, where I live. One editor for the welcome pages and
 * Preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_PROFILE_EDITOR (bn_profile_editor_get_type ())
G_DECLARE_FINAL_TYPE (BnProfileEditor, bn_profile_editor, BN, PROFILE_EDITOR, GtkWidget)

void       bn_profile_editor_set_session  (BnProfileEditor  *self,
                                           BnSession        *session);
gboolean   bn_profile_editor_get_autosave (BnProfileEditor  *self);
void       bn_profile_editor_set_autosave (BnProfileEditor  *self,
                                           gboolean          autosave);
gboolean   bn_profile_editor_get_has_name (BnProfileEditor  *self);
char      *bn_profile_editor_dup_name     (BnProfileEditor  *self);
void       bn_profile_editor_focus_name   (BnProfileEditor  *self);
void       bn_profile_editor_save_async   (BnProfileEditor      *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean   bn_profile_editor_save_finish  (BnProfileEditor      *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
