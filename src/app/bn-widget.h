/* bn-widget.h — what every composite widget of the app needs alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void bn_widget_dispose_template (GtkWidget *widget,
                                 GType      widget_type);
void bn_widget_name_drop_down   (GtkDropDown *drop_down,
                                 const char  *name);

void bn_widget_describe              (GtkWidget    *field,
                                      GtkLabel     *note);
void bn_widget_describe_problem      (GtkWidget    *field,
                                      GtkLabel     *problem);
void bn_action_row_describe          (AdwActionRow *row);
void bn_widget_describe_rows         (GtkWidget    *root);

void bn_button_wrap_label       (GtkButton   *button);
void bn_spin_button_show_two_digits (GtkSpinButton *button);
void bn_widget_wrap_to_fit      (GtkWidget   *root);

GtkWidget *bn_back_header_new        (const char      *title,
                                      AdwWindowTitle **title_widget);
GtkWidget *bn_scrolled_column_new    (GtkWidget *column,
                                      int        maximum_width);

GtkWidget *bn_layout_flow_box_new    (void);
void       bn_layout_flow_box_append (GtkFlowBox *box,
                                      GtkWidget  *child,
                                      const char *name);

G_END_DECLS
