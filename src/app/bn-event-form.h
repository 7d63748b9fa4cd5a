/* bn-event-form.h — organising a meetup, or changing one of mine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_EVENT_FORM (bn_event_form_get_type ())
G_DECLARE_FINAL_TYPE (BnEventForm, bn_event_form, BN, EVENT_FORM, GtkWidget)

void     bn_event_form_reset      (BnEventForm *self,
                                   const char  *edit_event_id);
void     bn_event_form_fill       (BnEventForm *self,
                                   const char  *title,
                                   const char  *place,
                                   GDateTime   *start,
                                   guint        minutes,
                                   const char  *category,
                                   guint        capacity);
gboolean bn_event_form_submit     (BnEventForm *self);
void     bn_event_form_grab_focus (BnEventForm *self);

G_END_DECLS
