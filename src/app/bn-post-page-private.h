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
  AdwWindowTitle       *window_title;
  GtkImage             *icon;
  GtkLabel             *title;
  GtkLabel             *meta;
  GtkLabel             *status;
  GtkLabel             *body;
  AdwActionRow         *when_row;
  AdwActionRow         *category_row;
  AdwActionRow         *visibility_row;
  AdwActionRow         *behalf_row;
  AdwPreferencesGroup  *match_group;
  AdwActionRow         *match_name_row;
  AdwActionRow         *match_place_row;
  AdwActionRow         *match_note_row;
  AdwPreferencesGroup  *respond_group;
  AdwEntryRow          *reply_entry;
  GtkButton            *reply_button;
  GtkLabel             *replied_label;
  AdwPreferencesGroup  *replies_group;
  GtkListBox           *replies_list;
  GtkWidget            *owner_box;
  GtkWidget            *done_button;
  GtkWidget            *withdraw_button;
  GtkWidget            *reopen_button;
  AdwPreferencesGroup  *thanks_group;
  GtkListBox           *thanks_list;
  AdwEntryRow          *thanks_entry;
  GtkButton            *thanks_button;
  GtkStack             *stack;

  /* Owned */
  BnSession            *session;
  char                 *post_id;
  BnPost               *post;      /* the state shown, or NULL */
  char                 *shown;     /* a summary of it, to leave the page alone when it holds */
};

void     _bn_post_page_class_init_actions (GtkWidgetClass *widget_class);
void     _bn_post_page_update_actions     (BnPostPage     *self);
void     _bn_post_page_refresh            (BnPostPage     *self);
gboolean _bn_post_page_is_mine            (BnPostPage     *self);
gboolean _bn_post_page_i_replied          (BnPostPage     *self,
                                           GPtrArray      *replies);

G_END_DECLS
