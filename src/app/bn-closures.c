/* bn-closures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-closures.h"
#include "bn-format.h"

#include <glib/gi18n.h>

/* Shows a label or row only when there is something to say. */
gboolean
bn_closure_has_text (gpointer    unused,
                     const char *text)
{
  return text != NULL && *text != '\0';
}

gboolean
bn_closure_is_positive (gpointer unused,
                        guint    n)
{
  return n > 0;
}

/* Returns: (transfer full): "3" */
char *
bn_closure_count (gpointer unused,
                  guint    n)
{
  return g_strdup_printf ("%u", n);
}

/* @choices: values separated by spaces, like "open matched" */
gboolean
bn_closure_is_one_of (gpointer    unused,
                      const char *value,
                      const char *choices)
{
  g_auto(GStrv) each = NULL;

  if (value == NULL || choices == NULL)
    return FALSE;
  each = g_strsplit (choices, " ", -1);
  return g_strv_contains ((const char *const *) each, value);
}

/* Returns: (transfer full): a status badge's style classes, coloured by status */
GStrv
bn_closure_status_classes (gpointer    unused,
                           const char *status)
{
  const char *classes[] = { "bn-status", "caption-heading", status ? status : "open", NULL };

  return g_strdupv ((char **) classes);
}

/* Returns: (transfer full): the post page's title */
char *
bn_closure_kind_title (gpointer unused,
                       gboolean is_request)
{
  return g_strdup (is_request ? C_("post kind", "Request") : C_("post kind", "Offer"));
}

/* Returns: (transfer full): "Anna · On your floor · 5 minutes ago"; without
 *   the proximity for my own posts */
char *
bn_closure_post_meta (gpointer    unused,
                      const char *who,
                      const char *proximity,
                      gint64      created_ms)
{
  g_autofree char *ago = bn_format_relative (created_ms, g_get_real_time () / 1000);

  if (who == NULL)
    return g_strdup ("");
  if (proximity == NULL)
    return g_strdup_printf ("%s · %s", who, ago);
  return g_strdup_printf ("%s · %s · %s", who, proximity, ago);
}

/* Makes the closures above callable from @widget_class's template. */
void
bn_closures_add_to_class (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_has_text);
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_is_positive);
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_count);
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_is_one_of);
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_status_classes);
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_kind_title);
  gtk_widget_class_bind_template_callback (widget_class, bn_closure_post_meta);
}
