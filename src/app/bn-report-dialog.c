/* bn-report-dialog.c — a report to the connectors: a reason (spam,
 * harassment, private details, feels unsafe, something else) and optional
 * words. The dialog only asks; whoever opened it sends the report on "send"
 * (bn-moderation-actions.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-report-dialog.h"
#include "bn-widget.h"

#include <glib/gi18n.h>

/* The reasons as the protocol names them, in the order the dialog lists them. */
static const char *const reasons[] = { "spam", "harassment", "privacy", "unsafe", "other" };

struct _BnReportDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkCheckButton *reason_spam;
  GtkCheckButton *reason_harassment;
  GtkCheckButton *reason_privacy;
  GtkCheckButton *reason_unsafe;
  GtkCheckButton *reason_other;
  AdwEntryRow    *text_row;
};

G_DEFINE_FINAL_TYPE (BnReportDialog, bn_report_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GtkCheckButton *
reason_button (BnReportDialog *self, guint i)
{
  GtkCheckButton *buttons[] = { self->reason_spam, self->reason_harassment, self->reason_privacy,
                                self->reason_unsafe, self->reason_other };
  return buttons[i];
}

/**
 * bn_report_dialog_get_reason:
 *
 * Returns: (nullable): "spam", "harassment", "privacy", "unsafe" or "other";
 *   %NULL until one is chosen
 */
const char *
bn_report_dialog_get_reason (BnReportDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (gtk_check_button_get_active (reason_button (self, i)))
      return reasons[i];
  return NULL;
}

void
bn_report_dialog_set_reason (BnReportDialog *self,
                             const char     *reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (reasons[i], reason) == 0)
      gtk_check_button_set_active (reason_button (self, i), TRUE);
}

/* Returns: the words typed, possibly empty */
const char *
bn_report_dialog_get_text (BnReportDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->text_row));
}

/* Sending waits for a reason: the connectors need to know what kind of trouble. */
static void
on_reason_toggled (BnReportDialog *self)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "send",
                                           bn_report_dialog_get_reason (self) != NULL);
}

static void
bn_report_dialog_class_init (BnReportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BnReportDialog, reason_spam);
  gtk_widget_class_bind_template_child (widget_class, BnReportDialog, reason_harassment);
  gtk_widget_class_bind_template_child (widget_class, BnReportDialog, reason_privacy);
  gtk_widget_class_bind_template_child (widget_class, BnReportDialog, reason_unsafe);
  gtk_widget_class_bind_template_child (widget_class, BnReportDialog, reason_other);
  gtk_widget_class_bind_template_child (widget_class, BnReportDialog, text_row);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_toggled);
}

static void
bn_report_dialog_init (BnReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
}

/**
 * bn_report_dialog_new:
 * @about: what is reported, in words: "Bram’s post “Cheap watches”"
 */
BnReportDialog *
bn_report_dialog_new (GtkWindow  *parent,
                      const char *about)
{
  return g_object_new (BN_TYPE_REPORT_DIALOG,
                       "transient-for", parent,
                       "body", about,
                       NULL);
}
