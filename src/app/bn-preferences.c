/* bn-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-preferences.h"
#include "bn-category-picker.h"
#include "bn-format.h"

#include <glib/gi18n.h>

struct _BnPreferences
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwEntryRow      *name_row;
  AdwEntryRow      *about_row;
  BnCategoryPicker *talents;
  BnCategoryPicker *needs;
  AdwEntryRow      *street_row;
  AdwEntryRow      *number_row;
  AdwEntryRow      *building_row;
  AdwEntryRow      *floor_row;
  GtkSwitch        *connector_switch;
  GtkSwitch        *notify_matching;
  GtkSwitch        *notify_replies;
  GtkSwitch        *notify_accepted;
  GtkSpinButton    *delete_days;
  AdwActionRow     *hood_row;
  AdwActionRow     *fingerprint_row;

  /* Borrowed */
  BnApplication    *app;

  /* Owned */
  BnSession        *session;
  BnProfile        *profile;   /* as loaded: keeps fields this page does not show */
};

G_DEFINE_FINAL_TYPE (BnPreferences, bn_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_text (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
take_text (char **field, AdwEntryRow *row)
{
  g_free (*field);
  *field = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
load_profile (BnPreferences *self)
{
  BnProfile *p = bn_session_get_my_profile (self->session);
  g_autofree char *fingerprint = NULL;

  if (p == NULL)
    {
      p = g_new0 (BnProfile, 1);
      p->name = bn_home_dup_name (bn_session_get_home (self->session));
    }
  self->profile = p;
  set_text (self->name_row, p->name);
  set_text (self->about_row, p->about);
  bn_category_picker_set_selected (self->talents, (const char *const *) p->talents);
  bn_category_picker_set_selected (self->needs, (const char *const *) p->needs);
  set_text (self->street_row, p->street);
  set_text (self->number_row, p->number);
  set_text (self->building_row, p->building);
  set_text (self->floor_row, p->floor);
  gtk_switch_set_active (self->connector_switch, p->connector);

  adw_action_row_set_subtitle (self->hood_row, bn_session_get_hood_name (self->session));
  {
    guint8 key[BN_PUBLIC_KEY_LEN];
    if (bn_peer_id_to_key (bn_session_get_peer_id (self->session), key))
      {
        g_autofree char *raw = bn_fingerprint_from_key (key);
        fingerprint = bn_format_fingerprint (raw);
      }
  }
  adw_action_row_set_subtitle (self->fingerprint_row, fingerprint ? fingerprint : "");
}

/* Returns: whether the profile was published */
gboolean
bn_preferences_save_profile (BnPreferences *self)
{
  g_autoptr(GError) error = NULL;
  BnProfile *p = self->profile;

  take_text (&p->name, self->name_row);
  take_text (&p->about, self->about_row);
  g_strfreev (p->talents);
  p->talents = bn_category_picker_get_selected (self->talents);
  g_strfreev (p->needs);
  p->needs = bn_category_picker_get_selected (self->needs);
  take_text (&p->street, self->street_row);
  take_text (&p->number, self->number_row);
  take_text (&p->building, self->building_row);
  take_text (&p->floor, self->floor_row);
  p->connector = gtk_switch_get_active (self->connector_switch);

  if (!bn_home_publish_profile (bn_session_get_home (self->session), p, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return FALSE;
    }
  bn_session_notify_changed (self->session);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Saved. Neighbours see it as you sync.")));
  return TRUE;
}

static void
on_save_clicked (BnPreferences *self)
{
  bn_preferences_save_profile (self);
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
  /* Leaving closes every window, this one and the question's parent among
   * them: not from inside the question's own signal. */
  if (g_strcmp0 (response, "leave") == 0 && self->app != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, leave_later, g_object_ref (self->app), g_object_unref);
}

static void
on_leave_clicked (BnPreferences *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  g_autofree char *heading = g_strdup_printf (_("Leave %s?"), bn_session_get_hood_name (self->session));

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("This erases everything Buurtnet keeps on this computer: your "
                                 "posts, your neighbours’ posts, and the key that shows you are "
                                 "you. Neighbours keep what they already received. To come back "
                                 "you need a new invite code."));
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

static void
bind_settings (BnPreferences *self, GSettings *settings)
{
  if (settings == NULL)
    return;
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
  g_clear_pointer (&self->profile, bn_profile_free);
  g_clear_weak_pointer (&self->app);

  G_OBJECT_CLASS (bn_preferences_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnPreferences, name)

static void
bn_preferences_class_init (BnPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bn_preferences_dispose;
  g_type_ensure (BN_TYPE_CATEGORY_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-preferences.ui");
  BIND (name_row); BIND (about_row); BIND (talents); BIND (needs); BIND (street_row);
  BIND (number_row); BIND (building_row); BIND (floor_row); BIND (notify_matching);
  BIND (notify_replies); BIND (notify_accepted); BIND (delete_days); BIND (hood_row);
  BIND (fingerprint_row); BIND (connector_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_clicked);
}

#undef BIND

static void
bn_preferences_init (BnPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BnPreferences *
bn_preferences_new (BnApplication *app,
                    GtkWindow     *parent)
{
  BnPreferences *self = g_object_new (BN_TYPE_PREFERENCES,
                                      "transient-for", parent,
                                      "application", app,
                                      NULL);

  g_set_weak_pointer (&self->app, app);
  self->session = g_object_ref (bn_application_get_session (app));
  load_profile (self);
  bind_settings (self, bn_application_get_settings (app));
  return self;
}
