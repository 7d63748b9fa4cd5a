/* bn-conversations-page.h — my conversations, newest first, with what is unread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_CONVERSATIONS_PAGE (bn_conversations_page_get_type ())
G_DECLARE_FINAL_TYPE (BnConversationsPage, bn_conversations_page, BN, CONVERSATIONS_PAGE, GtkWidget)

guint bn_conversations_page_get_n_shown  (BnConversationsPage *self);
guint bn_conversations_page_get_n_unread (BnConversationsPage *self);

G_END_DECLS
