/* bn-post-form-private.h — the form's parts, for its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-category-picker.h"
#include "bn-post-form.h"

G_BEGIN_DECLS

struct _BnPostForm
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwWindowTitle      *short_title;   /* where the whole title does not fit */
  GtkButton           *submit_button;
  GtkLabel            *intro;
  GtkScrolledWindow   *scroller;
  GtkWidget           *category_section;
  BnCategoryPicker    *picker;
  GtkLabel            *category_error;
  AdwPreferencesGroup *title_group;
  AdwEntryRow         *title_row;
  GtkTextView         *details;
  AdwPreferencesGroup *when_group;
  GtkCheckButton      *flexible_check;
  GtkCheckButton      *day_check;
  GtkMenuButton       *day_button;
  GtkCalendar         *calendar;
  AdwEntryRow         *time_row;
  GtkLabel            *when_error;
  AdwPreferencesGroup *visibility_group;
  GtkCheckButton      *everyone_check;
  GtkWidget           *connectors_row;
  GtkCheckButton      *connectors_check;
  GtkCheckButton      *people_check;
  GtkLabel            *seen_by_label;
  GtkListBox          *people_list;
  GtkLabel            *visibility_error;
  AdwPreferencesGroup *behalf_group;
  AdwExpanderRow      *behalf_row;
  AdwEntryRow         *behalf_entry;
  GtkLabel            *behalf_error;
  GtkLabel            *error_label;

  /* Owned */
  BnSession           *session;
  char                *kind;
  char                *edit_post_id;   /* NULL for a new post */
  GCancellable        *posting;        /* the post or edit being stored, or NULL */
  gboolean             connectors_hidden;  /* "Only the connectors" is not offered */

  /* Borrowed: where the shown problem is, what it is about, and its words */
  GtkWidget           *problem_section;
  GtkWidget           *problem_control;
  GtkLabel            *problem_label;
  guint                scroll_tick;
};

/* For tests: chooses "Show it to" by its ID ("neighbourhood", "connectors",
 * "people"), whichever row it is on. */
void bn_post_form_select_visibility (BnPostForm *self,
                                     const char *visibility);

G_END_DECLS
