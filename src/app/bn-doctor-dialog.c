/* bn-doctor-dialog.c — “Why can't I see my neighbours?”, in a window
 *
 * The same checks as `buurtnet-cli doctor` (src/net/bn-doctor.c): this
 * computer's network address, Avahi, Buurtnet computers seen on the network,
 * the port and the firewall, and each known neighbour's last sync and last
 * failure, each saying “ok” or what to do. They take a few seconds (Avahi is
 * listened to, our own port is connected to), so the window says it is
 * checking, then lists them with the problems first; “Copy” puts the whole
 * report on the clipboard, in the CLI's words, for whoever helps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor-dialog.h"
#include "bn-doctor.h"

#include <glib/gi18n.h>

struct _BnDoctorDialog
{
  AdwWindow parent_instance;

  GtkWidget    *check_again;
  GtkWidget    *copy;
  GtkWidget    *checking;
  GtkLabel     *summary;
  GtkListBox   *list;
  AdwToastOverlay *toasts;

  BnSession    *session;
  GCancellable *cancellable;
  char         *text;
  gboolean      done;
};

G_DEFINE_FINAL_TYPE (BnDoctorDialog, bn_doctor_dialog, ADW_TYPE_WINDOW)

static const char *
status_icon (BnDoctorStatus status)
{
  switch (status)
    {
    case BN_DOCTOR_OK:
      return "emblem-ok-symbolic";
    case BN_DOCTOR_NOTE:
      return "dialog-information-symbolic";
    case BN_DOCTOR_PROBLEM:
    default:
      return "dialog-warning-symbolic";
    }
}

/* What a screen reader says before a check's title. */
static const char *
status_words (BnDoctorStatus status)
{
  switch (status)
    {
    case BN_DOCTOR_OK:
      return _("All well");
    case BN_DOCTOR_NOTE:
      return _("Worth knowing");
    case BN_DOCTOR_PROBLEM:
    default:
      return _("To fix");
    }
}

static GtkWidget *
make_check_row (const BnDoctorCheck *check)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (check->status));
  g_autofree char *label = g_strdup_printf ("%s: %s", status_words (check->status), check->title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), check->message);
  /* Every word of what to do is shown: no line is cut. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (icon, check->status == BN_DOCTOR_OK ? "success"
                                  : check->status == BN_DOCTOR_NOTE ? "accent" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  status_words (check->status), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, check->message,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
clear_list (BnDoctorDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
show_checks (BnDoctorDialog *self, GPtrArray *checks)
{
  guint problems = bn_doctor_count_problems (checks);
  g_autofree char *summary = NULL;

  /* Problems first: they are what the person came for. */
  for (BnDoctorStatus wanted = BN_DOCTOR_PROBLEM; ; wanted--)
    {
      for (guint i = 0; i < checks->len; i++)
        {
          const BnDoctorCheck *check = g_ptr_array_index (checks, i);

          if (check->status == wanted)
            gtk_list_box_append (self->list, make_check_row (check));
        }
      if (wanted == BN_DOCTOR_OK)
        break;
    }
  if (problems == 0)
    summary = g_strdup (_("All is well: nothing here keeps you from your neighbours."));
  else
    summary = g_strdup_printf (ngettext ("%u thing keeps you from your neighbours; it says "
                                         "what to do.",
                                         "%u things keep you from your neighbours; each says "
                                         "what to do.", problems), problems);
  gtk_label_set_label (self->summary, summary);
  g_free (self->text);
  self->text = bn_doctor_format_text (checks, "Buurtnet");
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnDoctorDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = bn_doctor_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (self->checking, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->summary), TRUE);
  gtk_widget_set_sensitive (self->check_again, TRUE);
  self->done = TRUE;
  if (checks == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The checks could not run: %s"),
                                                  error->message);

      gtk_label_set_label (self->summary, message);
      return;
    }
  show_checks (self, checks);
  gtk_widget_set_sensitive (self->copy, TRUE);
  /* A screen reader reads where focus lands (libadwaita 1.2 has no way to
   * announce): the first check, a problem if there is one. */
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) != NULL)
    gtk_widget_grab_focus (gtk_widget_get_first_child (GTK_WIDGET (self->list)));
}

/**
 * bn_doctor_dialog_run:
 *
 * Runs the checks (again), showing that it is busy meanwhile.
 */
void
bn_doctor_dialog_run (BnDoctorDialog *self)
{
  BnDoctorOptions options = { 0 };
  BnHome *home = bn_session_get_home (self->session);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->done = FALSE;
  clear_list (self);
  gtk_widget_set_visible (GTK_WIDGET (self->summary), FALSE);
  gtk_widget_set_visible (self->checking, TRUE);
  gtk_widget_set_sensitive (self->check_again, FALSE);
  gtk_widget_set_sensitive (self->copy, FALSE);
  options.serving = bn_session_is_sharing (self->session);
  options.port = options.serving ? bn_session_get_port (self->session) : 0;
  bn_doctor_run_async (bn_home_get_data_dir (home), &options, self->cancellable, on_checked,
                       g_object_ref (self));
}

static void
on_copy (BnDoctorDialog *self)
{
  if (self->text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->text);
  adw_toast_overlay_add_toast (self->toasts,
                               adw_toast_new (_("Copied. Paste it in a message to whoever helps you.")));
}

gboolean
bn_doctor_dialog_is_done (BnDoctorDialog *self)
{
  return self->done;
}

/* Returns: (nullable): the report as `buurtnet-cli doctor` prints it */
const char *
bn_doctor_dialog_get_text (BnDoctorDialog *self)
{
  return self->text;
}

static GtkWidget *
build_content (BnDoctorDialog *self)
{
  GtkWidget *view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *buttons;
  GtkWidget *intro = gtk_label_new (_("Neighbours are found on the same network, over Avahi, "
                                      "and reached on Buurtnet’s port. Each line below says "
                                      "what it found and, if something is wrong, what to do."));

  self->check_again = gtk_button_new_with_mnemonic (_("Check _Again"));
  self->copy = gtk_button_new_with_mnemonic (_("_Copy the Report"));
  gtk_widget_set_tooltip_text (self->copy, _("Copy the whole report, to send to whoever helps you"));
  g_signal_connect_swapped (self->check_again, "clicked", G_CALLBACK (bn_doctor_dialog_run), self);
  g_signal_connect_swapped (self->copy, "clicked", G_CALLBACK (on_copy), self);
  gtk_box_append (GTK_BOX (view), header);

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "heading");
  self->checking = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (self->checking), spinner);
  gtk_box_append (GTK_BOX (self->checking),
                  gtk_label_new (_("Checking this computer and the network: a few seconds…")));
  gtk_box_append (GTK_BOX (box), self->checking);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What was checked"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  /* Below the list, where the eye is once it has read it; the header keeps
   * room for the whole question. */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->copy, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), self->check_again);
  gtk_box_append (GTK_BOX (buttons), self->copy);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (view), scrolled);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, view);
  return GTK_WIDGET (self->toasts);
}

static void
bn_doctor_dialog_dispose (GObject *object)
{
  BnDoctorDialog *self = BN_DOCTOR_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (bn_doctor_dialog_parent_class)->dispose (object);
}

static void
bn_doctor_dialog_finalize (GObject *object)
{
  BnDoctorDialog *self = BN_DOCTOR_DIALOG (object);

  g_free (self->text);
  G_OBJECT_CLASS (bn_doctor_dialog_parent_class)->finalize (object);
}

static void
bn_doctor_dialog_class_init (BnDoctorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_doctor_dialog_dispose;
  object_class->finalize = bn_doctor_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bn_doctor_dialog_init (BnDoctorDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Why Can’t I See My Neighbours?"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_window_set_content (ADW_WINDOW (self), build_content (self));
}

/**
 * bn_doctor_dialog_new:
 *
 * Returns: (transfer full): the window; bn_doctor_dialog_run() starts the checks
 */
BnDoctorDialog *
bn_doctor_dialog_new (BnSession *session, GtkWindow *parent)
{
  BnDoctorDialog *self = g_object_new (BN_TYPE_DOCTOR_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  return self;
}
