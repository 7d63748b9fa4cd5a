/* bn-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-preferences.h"
#include "bn-widget.h"
#include "bn-format.h"
#include "bn-profile-editor.h"

#include <glib/gi18n.h>

struct _BnPreferences
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  BnProfileEditor  *editor;
  GtkSwitch        *notify_matching;
  GtkSwitch        *notify_replies;
  GtkSwitch        *notify_accepted;
  GtkSpinButton    *delete_days;
  GtkSwitch        *keep_running;
  GtkSwitch        *start_at_login;
  AdwActionRow     *hood_row;
  AdwActionRow     *fingerprint_row;

  /* Borrowed */
  BnApplication    *app;

  /* Owned */
  BnSession        *session;

  gboolean          closing;    /* its last edits are being stored, then it closes */
  gboolean          saved;      /* stored: the close goes ahead */
};

G_DEFINE_FINAL_TYPE (BnPreferences, bn_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
show_neighbourhood (BnPreferences *self)
{
  g_autofree char *fingerprint = NULL;
  guint8 key[BN_PUBLIC_KEY_LEN];

  adw_action_row_set_subtitle (self->hood_row, bn_session_get_hood_name (self->session));
  if (bn_peer_id_to_key (bn_session_get_peer_id (self->session), key))
    {
      g_autofree char *raw = bn_fingerprint_from_key (key);
      fingerprint = bn_format_fingerprint (raw);
    }
  adw_action_row_set_subtitle (self->fingerprint_row, fingerprint ? fingerprint : "");
}

static void
say_not_saved (BnPreferences *self, const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
profile_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BnPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_profile_editor_save_finish (BN_PROFILE_EDITOR (source), result, &error))
    say_not_saved (self, error);
}

/**
 * bn_preferences_save_profile:
 *
 * Applies the profile's edits now rather than after the pause; closing
 * the window does the same. They are stored on the session's writer; a
 * failure is said in a toast.
 *
 * Returns: %TRUE: the edits are stored, or on their way
 */
gboolean
bn_preferences_save_profile (BnPreferences *self)
{
  bn_profile_editor_save_async (self->editor, NULL, profile_saved, g_object_ref (self));
  return TRUE;
}

static void
saved_for_closing (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BnPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  self->closing = FALSE;
  if (!bn_profile_editor_save_finish (BN_PROFILE_EDITOR (source), result, &error))
    {
      say_not_saved (self, error);
      return;
    }
  self->saved = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing applies the profile's last edits; when they cannot be published
 * the window stays open and says why, rather than losing them. It closes
 * once they are stored, a moment later. */
static gboolean
bn_preferences_close_request (GtkWindow *window)
{
  BnPreferences *self = BN_PREFERENCES (window);

  if (self->saved)
    return GTK_WINDOW_CLASS (bn_preferences_parent_class)->close_request (window);
  if (!self->closing)
    {
      self->closing = TRUE;
      bn_profile_editor_save_async (self->editor, NULL, saved_for_closing, g_object_ref (self));
    }
  return TRUE;
}

static gboolean
leave_later (gpointer app)
{
  bn_application_leave_hood (app);
  return G_SOURCE_REMOVE;
}

static void
on_leave_response (AdwMessageDialog *dialog,
                   const char       *response,
                   BnPreferences    *self)
{
  if (g_strcmp0 (response, "leave") != 0 || self->app == NULL)
    return;
  /* Everything here is about to be erased: no profile to publish first. */
  bn_profile_editor_set_autosave (self->editor, FALSE);
  /* Leaving closes every window, this one and the question's parent among
   * them: not from inside the question's own signal. */
  g_idle_add_full (G_PRIORITY_DEFAULT, leave_later, g_object_ref (self->app), g_object_unref);
}

static void
on_leave_clicked (BnPreferences *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  g_autofree char *heading = g_strdup_printf (_("Leave %s?"), bn_session_get_hood_name (self->session));

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Your neighbours’ computers learn that you left, and this "
                                 "erases everything Buurtnet keeps on this computer: your posts, "
                                 "your neighbours’ posts, and the key that shows you are you. "
                                 "Neighbours keep what they already received. To come back you "
                                 "need a new invite code."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Stay"),
                                    "leave", _("Leave and Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_leave_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The switch is the person's wish; the autostart entry follows it, and a
 * failure says what went wrong and puts the switch back. */
static void
on_start_at_login (BnPreferences *self)
{
  gboolean wanted = gtk_switch_get_active (self->start_at_login);
  g_autoptr(GError) error = NULL;

  if (self->app == NULL || bn_application_set_start_at_login (self->app, wanted, &error))
    return;
  say_not_saved (self, error);
  g_signal_handlers_block_by_func (self->start_at_login, on_start_at_login, self);
  gtk_switch_set_active (self->start_at_login, !wanted);
  g_signal_handlers_unblock_by_func (self->start_at_login, on_start_at_login, self);
}

static void
bind_settings (BnPreferences *self, GSettings *settings)
{
  if (settings == NULL)
    return;
  g_settings_bind (settings, "run-in-background", self->keep_running, "active",
                   G_SETTINGS_BIND_DEFAULT);
  gtk_switch_set_active (self->start_at_login, g_settings_get_boolean (settings, "start-at-login"));
  g_signal_connect_swapped (self->start_at_login, "notify::active",
                            G_CALLBACK (on_start_at_login), self);
  g_settings_bind (settings, "notify-matching-requests", self->notify_matching, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-replies", self->notify_replies, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-accepted", self->notify_accepted, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "delete-closed-after-days", self->delete_days, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
bn_preferences_dispose (GObject *object)
{
  BnPreferences *self = BN_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_PREFERENCES);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->app);

  G_OBJECT_CLASS (bn_preferences_parent_class)->dispose (object);
}

static void
bn_preferences_constructed (GObject *object)
{
  BnPreferences *self = BN_PREFERENCES (object);

  G_OBJECT_CLASS (bn_preferences_parent_class)->constructed (object);
  g_return_if_fail (self->session != NULL);
  show_neighbourhood (self);
  bn_profile_editor_set_session (self->editor, self->session);
  /* Not the window's first field with all of it selected: one key would
   * replace the name. */
  bn_profile_editor_focus_name (self->editor);
}

static void
bn_preferences_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BnPreferences *self = BN_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_preferences_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BnPreferences *self = BN_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnPreferences, name)

static void
bn_preferences_class_init (BnPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bn_preferences_constructed;
  object_class->get_property = bn_preferences_get_property;
  object_class->set_property = bn_preferences_set_property;
  object_class->dispose = bn_preferences_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bn_preferences_close_request;

  /** BnPreferences:session: the data directory whose profile and neighbourhood it shows */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BN_TYPE_PROFILE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-preferences.ui");
  BIND (editor); BIND (notify_matching); BIND (notify_replies);
  BIND (notify_accepted); BIND (delete_days); BIND (hood_row); BIND (fingerprint_row);
  BIND (keep_running); BIND (start_at_login);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_clicked);
}

#undef BIND

static void
bn_preferences_init (BnPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_wrap_to_fit (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
}

BnPreferences *
bn_preferences_new (BnApplication *app,
                    GtkWindow     *parent)
{
  BnPreferences *self = g_object_new (BN_TYPE_PREFERENCES,
                                      "transient-for", parent,
                                      "application", app,
                                      "session", bn_application_get_session (app),
                                      NULL);

  g_set_weak_pointer (&self->app, app);
  bind_settings (self, bn_application_get_settings (app));
  return self;
}
