/* bn-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-application.h"

G_BEGIN_DECLS

#define BN_TYPE_WINDOW (bn_window_get_type ())
G_DECLARE_FINAL_TYPE (BnWindow, bn_window, BN, WINDOW, AdwApplicationWindow)

BnWindow  *bn_window_new         (BnApplication *app);
BnSession *bn_window_get_session (BnWindow      *self);
void       bn_window_show_post   (BnWindow      *self,
                                  const char    *post_id);
void       bn_window_show_browse (BnWindow      *self);
void       bn_window_open_conversation (BnWindow *self,
                                        const char *peer_id,
                                        const char *about_post_id);
void       bn_window_show_meetup (BnWindow *self,
                                  const char *event_id);
void       bn_window_show_activity (BnWindow *self);
void       bn_window_organise_meetup (BnWindow *self,
                                      const char *edit_event_id);
void       bn_window_compose     (BnWindow      *self,
                                  const char    *kind,
                                  const char    *edit_post_id);
void       bn_window_toast       (BnWindow      *self,
                                  const char    *message);
void       bn_window_dismiss_toast (BnWindow   *self);
void       bn_window_invite      (BnWindow      *self);

G_END_DECLS
