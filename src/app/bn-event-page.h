/* bn-event-page.h — one meetup: what, when, where, who comes; my answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_EVENT_PAGE (bn_event_page_get_type ())
G_DECLARE_FINAL_TYPE (BnEventPage, bn_event_page, BN, EVENT_PAGE, GtkWidget)

void        bn_event_page_set_event_id (BnEventPage *self,
                                        const char  *event_id);
const char *bn_event_page_get_event_id (BnEventPage *self);
char       *bn_event_page_write_ics    (BnEventPage *self,
                                        GError     **error);

G_END_DECLS
