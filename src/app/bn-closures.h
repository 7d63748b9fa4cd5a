/* bn-closures.h — the functions .ui files call in <closure> bindings
 *
 * Each takes the object the expression is evaluated for first (unused), then
 * the values of its parameters. Pure functions of their arguments, so the
 * tests check them without a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean  bn_closure_has_text        (gpointer    unused,
                                      const char *text);
gboolean  bn_closure_is_positive     (gpointer    unused,
                                      guint       n);
char     *bn_closure_count           (gpointer    unused,
                                      guint       n);
gboolean  bn_closure_is_one_of       (gpointer    unused,
                                      const char *value,
                                      const char *choices);
GStrv     bn_closure_status_classes  (gpointer    unused,
                                      const char *status);
char     *bn_closure_kind_title      (gpointer    unused,
                                      gboolean    is_request);
char     *bn_closure_post_meta       (gpointer    unused,
                                      const char *who,
                                      const char *proximity,
                                      gint64      created_ms);

void      bn_closures_add_to_class   (GtkWidgetClass *widget_class);

G_END_DECLS
