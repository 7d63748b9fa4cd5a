/* bn-window-private.h — shared between bn-window.c and bn-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-window.h"
#include "bn-activity-page.h"
#include "bn-connector-page.h"
#include "bn-conversation-view.h"
#include "bn-conversations-page.h"
#include "bn-event-form.h"
#include "bn-event-page.h"
#include "bn-meetups-page.h"
#include "bn-network-button.h"
#include "bn-neighbours-page.h"
#include "bn-post-form.h"
#include "bn-post-list.h"
#include "bn-post-page.h"
#include "bn-welcome.h"

G_BEGIN_DECLS

struct _BnWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toasts;
  GtkStack           *main_stack;
  GtkStack           *nav_stack;
  BnWelcome          *welcome;
  AdwViewStack       *views;
  AdwViewSwitcherTitle *switcher_title;
  BnPostList         *requests;
  BnPostList         *offers;
  BnNeighboursPage   *neighbours;
  AdwViewStackPage   *connector_view;
  BnConnectorPage    *connector;
  AdwViewStackPage   *conversations_view;
  BnConversationsPage *conversations;
  BnMeetupsPage      *meetups;
  BnPostPage         *post_page;
  BnPostForm         *post_form;
  BnNetworkButton    *network_button;
  AdwStatusPage      *gone_page;

  /* Borrowed: made the first time they are needed, in nav_stack */
  BnConversationView *conversation_view;
  BnEventPage        *event_page;
  BnEventForm        *event_form;
  BnActivityPage     *activity_page;

  /* Borrowed */
  AdwToast           *toast;     /* weak: the one on screen */
  GtkWidget          *announcer; /* says the toast's words to screen readers */

  /* Owned */
  BnSession          *session;
  GSettings          *settings;
  gboolean            inviting;  /* an invite code is being made */
};

void _bn_window_class_init_actions (BnWindowClass *klass);
void _bn_window_update_actions     (BnWindow      *self);

G_END_DECLS
