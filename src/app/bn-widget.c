/* bn-widget.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-widget.h"

/**
 * bn_widget_dispose_template:
 * @widget_type: the type whose template @widget was built from
 *
 * Call first in the dispose of a widget built from a template. GTK 4.8's
 * gtk_widget_dispose_template() clears the children bound to fields, but a
 * plain GtkWidget subclass must also unparent the template's root widget
 * itself, which is not bound to a field.
 */
void
bn_widget_dispose_template (GtkWidget *widget,
                            GType      widget_type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/**
 * bn_widget_name_drop_down:
 *
 * GTK 4.8 gives the focus of a #GtkDropDown to a toggle button inside it,
 * which a screen reader reads as "GtkToggleButton": gives it @name too.
 */
void
bn_widget_name_drop_down (GtkDropDown *drop_down,
                          const char  *name)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name, -1);
}
