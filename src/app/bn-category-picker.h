/* bn-category-picker.h — the help categories as chips with icons
 *
 * One chip per category, in the core's order. With #BnCategoryPicker:multiple
 * any number can be on (talents, needs); without, exactly one or none (a post).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BN_TYPE_CATEGORY_PICKER (bn_category_picker_get_type ())
G_DECLARE_FINAL_TYPE (BnCategoryPicker, bn_category_picker, BN, CATEGORY_PICKER, GtkWidget)

GtkWidget  *bn_category_picker_new          (gboolean          multiple);
GStrv       bn_category_picker_get_selected (BnCategoryPicker *self);
void        bn_category_picker_set_selected (BnCategoryPicker *self,
                                             const char *const *ids);
const char *bn_category_picker_get_selected_one (BnCategoryPicker *self);

G_END_DECLS
