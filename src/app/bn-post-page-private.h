/* bn-post-page-private.h — shared by bn-post-page.c (showing) and
 * bn-post-page-actions.c (doing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-post-page.h"

G_BEGIN_DECLS

struct _BnPostPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel             *news_label;
  AdwPreferencesGroup  *match_group;
  AdwActionRow         *match_name_row;
  AdwActionRow         *match_place_row;
  AdwActionRow         *match_note_row;
  GtkButton            *message_button;
  GtkButton            *change_course_button;
  GtkLabel             *course_label;
  AdwPreferencesGroup  *respond_group;
  AdwEntryRow          *reply_entry;
  GtkButton            *reply_button;
  GtkLabel             *replied_label;
  AdwPreferencesGroup  *replies_group;
  GtkListBox           *replies_list;
  AdwPreferencesGroup  *owner_group;
  AdwPreferencesGroup  *thanks_group;
  GtkListBox           *thanks_list;
  AdwEntryRow          *thanks_entry;
  GtkButton            *thanks_button;
  GtkStack             *stack;
  GtkWidget            *moderation_button;

  /* Owned */
  BnSession            *session;
  GSignalGroup         *session_signals;
  GSignalGroup         *item_signals;
  char                 *post_id;
  BnPostItem           *item;      /* the post shown, or NULL when it is gone */
};

void     _bn_post_page_class_init_actions (GtkWidgetClass *widget_class);
void     _bn_post_page_update_actions     (BnPostPage     *self);
gboolean _bn_post_page_is_mine            (BnPostPage     *self);

G_END_DECLS
