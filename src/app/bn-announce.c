/* bn-announce.c
 *
 * A toast is often the only sign that an action worked ("Service saved",
 * "Copied"), and libadwaita 1.2 does not tell screen readers about toasts.
 * The announcer is a label with the accessible role "alert" over the
 * window's content, unseen (the toast is what the eye reads): each message
 * shows it anew, and a screen reader reads an alert as it appears, wherever
 * the focus is. The app's forms already announce their problems this way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-announce.h"

/**
 * bn_announcer_install:
 *
 * Puts an announcer over @toasts' child (in a #GtkOverlay in its place).
 *
 * Returns: (transfer none): the announcer, for bn_announce()
 */
GtkWidget *
bn_announcer_install (AdwToastOverlay *toasts)
{
  GtkWidget *content = g_object_ref (adw_toast_overlay_get_child (toasts));
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *announcer = g_object_new (GTK_TYPE_LABEL,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                       "wrap", TRUE,
                                       "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                       "halign", GTK_ALIGN_FILL,
                                       "valign", GTK_ALIGN_START,
                                       "can-target", FALSE,
                                       "opacity", 0.0,
                                       "visible", FALSE,
                                       NULL);

  adw_toast_overlay_set_child (toasts, NULL);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), announcer);
  adw_toast_overlay_set_child (toasts, overlay);
  g_object_unref (content);
  return announcer;
}

/**
 * bn_announce:
 *
 * Says @message to a screen reader: the announcer appears again with it.
 */
void
bn_announce (GtkWidget  *announcer,
             const char *message)
{
  gtk_widget_set_visible (announcer, FALSE);
  gtk_label_set_label (GTK_LABEL (announcer), message);
  gtk_widget_set_visible (announcer, TRUE);
}
