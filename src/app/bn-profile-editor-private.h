/* bn-profile-editor-private.h — the editor's parts, for its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-category-picker.h"
#include "bn-profile-editor.h"

G_BEGIN_DECLS

struct _BnProfileEditor
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwEntryRow      *name_row;
  AdwEntryRow      *about_row;
  GtkLabel         *name_error;
  BnCategoryPicker *talents;
  BnCategoryPicker *needs;
  AdwEntryRow      *street_row;
  AdwEntryRow      *number_row;
  AdwEntryRow      *box_row;
  AdwEntryRow      *building_row;
  AdwEntryRow      *floor_row;
  GtkLabel         *save_error;

  /* Owned */
  BnSession        *session;
  BnProfile        *shown;      /* what the fields held when last loaded or saved */
  guint             pause_id;
  GTask            *saving;     /* the save being stored, or NULL */
  GPtrArray        *waiting;    /* GTask: saves asked for meanwhile, in order */

  gboolean          autosave;
  gboolean          has_name;
  gboolean          loading;    /* filling the fields is not an edit */
};

G_END_DECLS
