/* bn-invite-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-invite-dialog.h"
#include "bn-widget.h"
#include "bn-format.h"
#include "bn-qr-code.h"

#include <glib/gi18n.h>

struct _BnInviteDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toasts;
  GtkLabel        *heading;
  BnQrCode        *qr;
  GtkLabel        *code_label;
  GtkLabel        *validity_label;
  GtkWidget       *copy_button;

  /* Owned */
  char            *code;
};

G_DEFINE_FINAL_TYPE (BnInviteDialog, bn_invite_dialog, ADW_TYPE_WINDOW)

static void
on_copy_clicked (BnInviteDialog *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->code);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Copied")));
}

const char *
bn_invite_dialog_get_code (BnInviteDialog *self)
{
  return self->code;
}

/* "Valid for 7 days. 1 neighbour can join with it." */
const char *
bn_invite_dialog_get_validity (BnInviteDialog *self)
{
  return gtk_label_get_label (self->validity_label);
}

static void
bn_invite_dialog_finalize (GObject *object)
{
  g_clear_pointer (&BN_INVITE_DIALOG (object)->code, g_free);
  G_OBJECT_CLASS (bn_invite_dialog_parent_class)->finalize (object);
}

static void
bn_invite_dialog_class_init (BnInviteDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bn_invite_dialog_finalize;
  g_type_ensure (BN_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BnInviteDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, BnInviteDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, BnInviteDialog, qr);
  gtk_widget_class_bind_template_child (widget_class, BnInviteDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, BnInviteDialog, validity_label);
  gtk_widget_class_bind_template_child (widget_class, BnInviteDialog, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bn_invite_dialog_init (BnInviteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_wrap_to_fit (GTK_WIDGET (self));
}

/**
 * bn_invite_dialog_new:
 * @code: the code, `XXXX-XXXX-XXXX-XXXX-XXXX`: shown in its groups, and held
 *   by the QR code as it is
 * @info: (nullable): the invite as the roster knows it: how long it is valid,
 *   for how many neighbours
 */
BnInviteDialog *
bn_invite_dialog_new (GtkWindow          *parent,
                      const char         *hood_name,
                      const char         *code,
                      const BnInviteInfo *info)
{
  BnInviteDialog *self = g_object_new (BN_TYPE_INVITE_DIALOG,
                                       "transient-for", parent,
                                       NULL);
  g_autofree char *heading = g_strdup_printf (_("Welcome a neighbour to %s"), hood_name);

  self->code = g_strdup (code);
  gtk_label_set_label (self->heading, heading);
  gtk_label_set_label (self->code_label, code);
  bn_qr_code_set_text (self->qr, code);
  if (info != NULL)
    {
      g_autofree char *validity = bn_format_invite_validity (info, g_get_real_time () / 1000);
      gtk_label_set_label (self->validity_label, validity);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->validity_label), info != NULL);
  /* Not the selectable code: focusing it would select it all, in blue. */
  gtk_window_set_focus (GTK_WINDOW (self), self->copy_button);
  return self;
}
