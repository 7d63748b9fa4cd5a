/* bn-conversation-view.h — one conversation: its messages, a field and Send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_CONVERSATION_VIEW (bn_conversation_view_get_type ())
G_DECLARE_FINAL_TYPE (BnConversationView, bn_conversation_view, BN, CONVERSATION_VIEW, GtkWidget)

void        bn_conversation_view_set_peer     (BnConversationView *self,
                                               const char         *peer_id,
                                               const char         *about_post_id);
const char *bn_conversation_view_get_peer_id  (BnConversationView *self);
guint       bn_conversation_view_get_n_shown  (BnConversationView *self);
void        bn_conversation_view_grab_focus   (BnConversationView *self);
void        bn_conversation_view_propose      (BnConversationView *self,
                                               GDateTime          *when);
void        bn_conversation_view_agree        (BnConversationView *self,
                                               const char         *proposal_id);
char       *bn_conversation_view_write_ics    (BnConversationView *self,
                                               const char         *answer_id,
                                               GError            **error);

G_END_DECLS
