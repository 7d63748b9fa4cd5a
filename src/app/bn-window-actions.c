/* bn-window-actions.c — the win.* actions and their shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-window-private.h"
#include "bn-doctor-dialog.h"
#include "bn-screenshot.h"

#include <glib/gi18n.h>

#include <unistd.h>

static gboolean
in_app (BnWindow *self)
{
  return self->session != NULL && bn_session_has_hood (self->session)
         && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "app") == 0;
}

static gboolean
browsing (BnWindow *self)
{
  return in_app (self) && g_strcmp0 (gtk_stack_get_visible_child_name (self->nav_stack),
                                     "browse") == 0;
}

void
_bn_window_update_actions (BnWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean app = in_app (self);

  gtk_widget_action_set_enabled (widget, "win.ask", app);
  gtk_widget_action_set_enabled (widget, "win.offer", app);
  gtk_widget_action_set_enabled (widget, "win.invite", app && !self->inviting);
  gtk_widget_action_set_enabled (widget, "win.show-post", app);
  gtk_widget_action_set_enabled (widget, "win.open-conversation", app);
  gtk_widget_action_set_enabled (widget, "win.show-meetup", app);
  gtk_widget_action_set_enabled (widget, "win.new-meetup", app);
  gtk_widget_action_set_enabled (widget, "win.edit-meetup", app);
  gtk_widget_action_set_enabled (widget, "win.view", app);
  gtk_widget_action_set_enabled (widget, "win.services", app);
  gtk_widget_action_set_enabled (widget, "win.activity", app);
  gtk_widget_action_set_enabled (widget, "win.back", app && !browsing (self));
  gtk_widget_action_set_enabled (widget, "win.search", browsing (self));
}

static void
ask_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_compose (BN_WINDOW (widget), "request", NULL);
}

static void
offer_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_compose (BN_WINDOW (widget), "offer", NULL);
}

static void
edit_post_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnWindow *self = BN_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);
  g_autoptr(BnPost) post = bn_session_get_post (self->session, id);

  if (post != NULL)
    bn_window_compose (self, post->kind, id);
}

static void
invite_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_invite (BN_WINDOW (widget));
}

static void
back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_show_browse (BN_WINDOW (widget));
}

/* Where to get help: the services page, for every neighbour. */
static void
services_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnWindow *self = BN_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->nav_stack, "services");
  _bn_window_update_actions (self);
}

/* My requests, offers, what I help with, my meetups, and "For You". */
static void
activity_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_show_activity (BN_WINDOW (widget));
}

static void
show_post_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_show_post (BN_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* The conversation with a neighbour (their peer ID), from any page. */
static void
open_conversation_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_open_conversation (BN_WINDOW (widget), g_variant_get_string (param, NULL), NULL);
}

static void
show_meetup_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_show_meetup (BN_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
new_meetup_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_organise_meetup (BN_WINDOW (widget), NULL);
}

static void
edit_meetup_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_window_organise_meetup (BN_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
view_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnWindow *self = BN_WINDOW (widget);
  const char *view = g_variant_get_string (param, NULL);
  GtkWidget *child = adw_view_stack_get_child_by_name (self->views, view);

  /* Alt+4 does nothing for a neighbour who is not a connector. */
  if (child == NULL || !adw_view_stack_page_get_visible (adw_view_stack_get_page (self->views, child)))
    return;
  bn_window_show_browse (self);
  adw_view_stack_set_visible_child_name (self->views, view);
}

static void
search_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnWindow *self = BN_WINDOW (widget);
  const char *view = adw_view_stack_get_visible_child_name (self->views);

  if (g_strcmp0 (view, "offers") == 0)
    bn_post_list_focus_search (self->offers);
  else
    {
      adw_view_stack_set_visible_child_name (self->views, "requests");
      bn_post_list_focus_search (self->requests);
    }
}

static void
on_help_shown (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_message ("No help viewer: %s", error->message);
      bn_window_toast (self, _("The help pages could not be opened: install the “yelp” help "
                               "viewer, or read them on the project’s web pages."));
    }
}

/* F1: the help pages (help/, installed where Yelp finds them). */
static void
help_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr(GAppLaunchContext) context =
    G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));

  g_app_info_launch_default_for_uri_async ("help:buurtnet", context, NULL, on_help_shown,
                                           g_object_ref (widget));
}

/* “Why can't I see my neighbours?”: the doctor's checks. */
static void
doctor_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnWindow *self = BN_WINDOW (widget);
  BnDoctorDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = bn_doctor_dialog_new (self->session, GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
  bn_doctor_dialog_run (dialog);
}

/* Only with BN_SCREENSHOT_DIR set (tests, and making data/screenshots):
 * saves the window as shot-PID-NN.png there. The accessibility bus exposes
 * window actions, so a test in another process can ask for it; the process ID
 * keeps apps tested side by side (one story per language) apart. */
static void
screenshot_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static guint counter;
  const char *dir = g_getenv ("BN_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("shot-%d-%02u.png", (int) getpid (), ++counter);
  path = g_build_filename (dir, file, NULL);
  g_mkdir_with_parents (dir, 0755);
  if (!bn_screenshot_save (widget, path, &error))
    g_message ("No screenshot: %s", error->message);
}

void
_bn_window_class_init_actions (BnWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.ask", NULL, ask_action);
  gtk_widget_class_install_action (widget_class, "win.offer", NULL, offer_action);
  gtk_widget_class_install_action (widget_class, "win.edit-post", "s", edit_post_action);
  gtk_widget_class_install_action (widget_class, "win.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-post", "s", show_post_action);
  gtk_widget_class_install_action (widget_class, "win.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "win.services", NULL, services_action);
  gtk_widget_class_install_action (widget_class, "win.activity", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "win.open-conversation", "s",
                                   open_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.show-meetup", "s", show_meetup_action);
  gtk_widget_class_install_action (widget_class, "win.new-meetup", NULL, new_meetup_action);
  gtk_widget_class_install_action (widget_class, "win.edit-meetup", "s", edit_meetup_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "win.doctor", NULL, doctor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);
  if (g_getenv ("BN_SCREENSHOT_DIR") != NULL)
    gtk_widget_class_install_action (widget_class, "win.screenshot", NULL, screenshot_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.ask", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.offer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.invite", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.activity", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view", "s", "requests");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view", "s", "offers");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.view", "s", "neighbours");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.view", "s", "connector");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "win.view", "s",
                                       "conversations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK, "win.view", "s",
                                       "meetups");
}
