/* bn-hide-dialog.c — hiding for everyone: a connector's reason (everyone
 * reads it in the place of what was hidden, and in the moderation log), and
 * for connectors the choice to erase it everywhere. The dialog only asks;
 * bn-moderation-actions.c hides on "hide".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-hide-dialog.h"
#include "bn-widget.h"

struct _BnHideDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  AdwEntryRow  *reason_row;
  AdwActionRow *erase_row;
  GtkSwitch    *erase_switch;
};

G_DEFINE_FINAL_TYPE (BnHideDialog, bn_hide_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The reason, without the spaces around it; hiding waits for one. */
const char *
bn_hide_dialog_get_reason (BnHideDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
}

void
bn_hide_dialog_set_reason (BnHideDialog *self,
                           const char   *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason);
}

gboolean
bn_hide_dialog_get_erase (BnHideDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->erase_row))
         && gtk_switch_get_active (self->erase_switch);
}

static void
on_reason_changed (BnHideDialog *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (bn_hide_dialog_get_reason (self)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "hide", *reason != '\0');
}

static void
bn_hide_dialog_class_init (BnHideDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-hide-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BnHideDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, BnHideDialog, erase_row);
  gtk_widget_class_bind_template_child (widget_class, BnHideDialog, erase_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
}

static void
bn_hide_dialog_init (BnHideDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
}

/**
 * bn_hide_dialog_new:
 * @about: what is hidden, in words
 * @can_erase: whether to offer erasing (a connector's hide only)
 */
BnHideDialog *
bn_hide_dialog_new (GtkWindow  *parent,
                    const char *about,
                    gboolean    can_erase)
{
  BnHideDialog *self = g_object_new (BN_TYPE_HIDE_DIALOG,
                                     "transient-for", parent,
                                     "body", about,
                                     NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->erase_row), can_erase);
  return self;
}
