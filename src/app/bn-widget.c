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
