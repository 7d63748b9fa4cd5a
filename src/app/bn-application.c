/* bn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-application.h"
#include "bn-notifier.h"
#include "bn-report-notifier.h"
#include "bn-preferences.h"
#include "bn-window.h"
#include "bn-app-resources.h"
#include "bn-category-icons.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define HOUSEKEEPING_INTERVAL_S (60 * 60)

struct _BnApplication
{
  AdwApplication parent_instance;

  /* Command line */
  char      *data_dir;
  int        port;
  gboolean   no_mdns;
  GStrv      peers;
  gboolean   background;      /* --background: the first start opens no window */

  /* Owned */
  GSettings  *settings;
  BnSession  *session;
  BnNotifier *notifier;
  guint       housekeeping_id;

  /* Keeping running with no window (bn_application_get_in_background()) */
  gboolean    in_background;  /* held: no window, the peer runs on */
  gboolean    explained;      /* without settings: the first close was explained */
  gboolean    quitting;       /* Quit: windows close without asking */
};

G_DEFINE_FINAL_TYPE (BnApplication, bn_application, ADW_TYPE_APPLICATION)

void
bn_app_resources_register (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      bn_app_register_resource ();
      bn_category_icons_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

BnApplication *
bn_application_new (void)
{
  return g_object_new (BN_TYPE_APPLICATION,
                       "application-id", BN_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/be/buurtnet/Buurtnet",
                       NULL);
}

/* For tests and embedding: the same as --data-dir, before the first activation. */
void
bn_application_set_data_dir (BnApplication *self,
                             const char    *data_dir)
{
  g_return_if_fail (self->session == NULL);

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

/**
 * bn_application_set_network:
 * @port: the port to listen on, 0 for any free one, -1 for the default
 * @use_mdns: find neighbours on the local network with Avahi
 *
 * The same as --port and --no-mdns, before the first activation.
 */
void
bn_application_set_network (BnApplication *self,
                            int            port,
                            gboolean       use_mdns)
{
  self->port = port;
  self->no_mdns = !use_mdns;
}

/* Returns: (transfer none) (nullable): %NULL until the data directory is open */
BnSession *
bn_application_get_session (BnApplication *self)
{
  return self->session;
}

/* Returns: (transfer none) (nullable): %NULL when the schema is not installed */
GSettings *
bn_application_get_settings (BnApplication *self)
{
  return self->settings;
}

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BN_APP_ID, TRUE);
  if (schema == NULL)
    {
      /* An uninstalled build without GSETTINGS_SCHEMA_DIR: run with defaults. */
      g_message ("GSettings schema %s is not installed; settings will not be kept", BN_APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
closed_post_deleted (GObject      *source,
                     GAsyncResult *result,
                     gpointer      post_id)
{
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    g_warning ("Could not delete closed post %.12s…: %s", (char *) post_id, error->message);
  g_free (post_id);
}

static gboolean
closed_before (const BnPost *post,
               gint64        cutoff_ms)
{
  return (g_strcmp0 (post->status, "done") == 0 || g_strcmp0 (post->status, "withdrawn") == 0)
         && post->updated_ms <= cutoff_ms;
}

/* Deletes my own done or withdrawn posts once they are older than the setting. */
static gboolean
housekeeping (gpointer data)
{
  BnApplication *self = data;
  GListModel *posts;
  gint64 cutoff_ms;
  int days;

  if (self->session == NULL || self->settings == NULL || !bn_session_has_hood (self->session))
    return G_SOURCE_CONTINUE;
  days = g_settings_get_int (self->settings, "delete-closed-after-days");
  if (days <= 0)
    return G_SOURCE_CONTINUE;
  cutoff_ms = g_get_real_time () / 1000 - (gint64) days * 24 * 3600 * 1000;
  posts = bn_session_get_posts (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(BnPostItem) item = g_list_model_get_item (posts, i);
      const BnPost *post = bn_post_item_get_post (item);

      if (bn_post_item_is_mine (item) && closed_before (post, cutoff_ms))
        bn_session_delete_async (self->session, post->id, NULL, closed_post_deleted,
                                 g_strdup (post->id));
    }
  return G_SOURCE_CONTINUE;
}

/* My old posts may be among those the session reads after the window shows. */
static void
housekeeping_once_loaded (BnApplication *self)
{
  if (bn_session_is_loading (self->session))
    return;
  g_signal_handlers_disconnect_by_func (self->session, housekeeping_once_loaded, self);
  housekeeping (self);
}

static gboolean
open_session (BnApplication *self, GError **error)
{
  g_autofree char *dir = self->data_dir ? g_strdup (self->data_dir) : bn_home_default_data_dir ();
  /* The peer's threads erase expired posts when they open the directory: the
   * window need not wait for that. */
  g_autoptr(BnHome) home = bn_home_open_untidied (dir, TRUE, error);

  if (home == NULL)
    return FALSE;
  self->session = bn_session_new (home);
  self->notifier = bn_notifier_new (G_APPLICATION (self), self->session, self->settings);
  g_object_set_data_full (G_OBJECT (self), "bn-report-notifier",
                          bn_report_notifier_new (G_APPLICATION (self), self->session),
                          g_object_unref);
  /* The same peer as `buurtnet-cli serve`: now, or once the welcome pages
   * have created or joined a neighbourhood. */
  bn_session_start_peer (self->session, self->port, !self->no_mdns,
                         (const char *const *) self->peers);
  if (bn_session_is_loading (self->session))
    g_signal_connect_swapped (self->session, "notify::loading",
                              G_CALLBACK (housekeeping_once_loaded), self);
  else
    housekeeping (self);
  return TRUE;
}

static void
close_session (BnApplication *self)
{
  if (self->session != NULL)
    bn_session_stop_peer (self->session);
  g_clear_object (&self->notifier);
  g_object_set_data (G_OBJECT (self), "bn-report-notifier", NULL);
  g_clear_object (&self->session);
}

/* Whether closing the window keeps the peer running (on by default, and
 * without settings). */
static gboolean
keeps_running (BnApplication *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "run-in-background");
}

static gboolean
background_explained (BnApplication *self)
{
  return self->settings != NULL ? g_settings_get_boolean (self->settings, "background-explained")
                                : self->explained;
}

/* No window any more, the peer runs on: the application holds itself (it
 * would end with its last window) until a window comes back or Quit. */
static void
go_background (BnApplication *self)
{
  if (self->in_background)
    return;
  self->in_background = TRUE;
  g_application_hold (G_APPLICATION (self));
}

/* A window is shown again: it holds the application from now on. */
static void
come_back (BnApplication *self)
{
  if (!self->in_background)
    return;
  self->in_background = FALSE;
  g_application_release (G_APPLICATION (self));
}

/**
 * bn_application_get_in_background:
 *
 * Returns: whether the window was closed and the peer keeps running: syncing
 *   with neighbours and notifying, until Quit
 */
gboolean
bn_application_get_in_background (BnApplication *self)
{
  return self->in_background;
}

static gboolean
close_later (gpointer window)
{
  gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

static void
on_background_response (AdwMessageDialog *dialog,
                        const char       *response,
                        BnApplication    *self)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  self->explained = TRUE;
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "background-explained", TRUE);
  if (g_strcmp0 (response, "quit") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  else if (window != NULL)
    /* Not from inside the dialog's own signal: it goes with its parent. */
    g_idle_add_full (G_PRIORITY_DEFAULT, close_later, g_object_ref (window), g_object_unref);
}

/* The first close of the window says, once, that the app keeps running. */
static void
explain_background (BnApplication *self, GtkWindow *window)
{
  GtkWidget *dialog = adw_message_dialog_new (window, _("Buurtnet Keeps Running"), NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("With the window closed, Buurtnet keeps syncing with your "
                                 "neighbours and lets you know when someone could use a hand or "
                                 "answers you. To stop it, choose Quit in the main menu "
                                 "(Ctrl+Q). You can change this in Preferences."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "quit", _("_Quit"),
                                    "background", _("_Keep Running"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "background",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "background");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "background");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_background_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing the main window: with "Keep running in the background" on, the
 * peer stays up (explained the first time); otherwise the app ends with it. */
static gboolean
on_window_close_request (GtkWindow     *window,
                         BnApplication *self)
{
  if (self->quitting || self->session == NULL || !keeps_running (self))
    return FALSE;
  if (!background_explained (self))
    {
      explain_background (self, window);
      return TRUE;
    }
  go_background (self);
  return FALSE;
}

static gpointer
ref_window (gconstpointer window, gpointer data)
{
  return g_object_ref ((gpointer) window);
}

static GtkWindow *
ensure_window (BnApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (bn_window_new (self));
      g_signal_connect_object (window, "close-request", G_CALLBACK (on_window_close_request),
                               self, 0);
    }
  return window;
}

static void
bn_application_activate (GApplication *app)
{
  BnApplication *self = BN_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL && !open_session (self, &error))
    {
      /* Nothing to show without a data directory; say why where it is seen. */
      g_printerr (_("Buurtnet could not open its data: %s\n"), error->message);
      return;
    }
  if (self->background)
    {
      /* Started at login: the peer runs, the window waits to be asked for. */
      self->background = FALSE;
      go_background (self);
      return;
    }
  gtk_window_present (ensure_window (self));
  come_back (self);
}

static void
show_post_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  BnApplication *self = data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (BN_IS_WINDOW (window))
    bn_window_show_post (BN_WINDOW (window), g_variant_get_string (param, NULL));
}

/* From a "new report" notification: the reports are on the connector page. */
static void
show_reports_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  BnApplication *self = data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (BN_IS_WINDOW (window))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "connector");
}

static void
open_conversation_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (data));
  window = gtk_application_get_active_window (GTK_APPLICATION (data));
  if (BN_IS_WINDOW (window))
    bn_window_open_conversation (BN_WINDOW (window), g_variant_get_string (param, NULL), NULL);
}

static void
show_meetup_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (data));
  window = gtk_application_get_active_window (GTK_APPLICATION (data));
  if (BN_IS_WINDOW (window))
    bn_window_show_meetup (BN_WINDOW (window), g_variant_get_string (param, NULL));
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  BnApplication *self = data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (data)),
                                     ref_window, NULL);

  /* Quit stops the peer too: no window asks to keep running. */
  self->quitting = TRUE;
  /* Closing lets each window save its size; quit follows the last one. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
  g_application_quit (G_APPLICATION (data));
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  BnApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  BnPreferences *prefs;

  if (self->session == NULL || !bn_session_has_hood (self->session))
    return;
  prefs = bn_preferences_new (self, parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  BnApplication *self = data;
  const char *developers[] = { _("The Buurtnet contributors"), NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Buurtnet"),
                         "application-icon", BN_APP_ID,
                         "version", BN_VERSION,
                         "comments", _("Neighbours helping neighbours, without a company or a server in between."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "show-post", show_post_action, "s" },
  { "show-reports", show_reports_action },
  { "open-conversation", open_conversation_action, "s" },
  { "show-meetup", show_meetup_action, "s" },
};

static void
bn_application_startup (GApplication *app)
{
  BnApplication *self = BN_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  bn_app_resources_register ();
  G_APPLICATION_CLASS (bn_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         prefs_accels);
  self->settings = load_settings ();
  self->housekeeping_id = g_timeout_add_seconds (HOUSEKEEPING_INTERVAL_S, housekeeping, self);
}

static void
bn_application_shutdown (GApplication *app)
{
  BnApplication *self = BN_APPLICATION (app);

  g_clear_handle_id (&self->housekeeping_id, g_source_remove);
  close_session (self);
  G_APPLICATION_CLASS (bn_application_parent_class)->shutdown (app);
}

static int
bn_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  BnApplication *self = BN_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("buurtnet %s\n", BN_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);
  g_variant_dict_lookup (options, "port", "i", &self->port);
  g_variant_dict_lookup (options, "no-mdns", "b", &self->no_mdns);
  g_variant_dict_lookup (options, "peer", "^as", &self->peers);
  g_variant_dict_lookup (options, "background", "b", &self->background);

  /* One running app per data directory: a second directory is a second
   * neighbour (tests, demos), so it must not be handed to the first instance. */
  if (self->data_dir != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
bn_application_finalize (GObject *object)
{
  BnApplication *self = BN_APPLICATION (object);

  close_session (self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->peers, g_strfreev);

  G_OBJECT_CLASS (bn_application_parent_class)->finalize (object);
}

static void
bn_application_class_init (BnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bn_application_finalize;
  app_class->activate = bn_application_activate;
  app_class->startup = bn_application_startup;
  app_class->shutdown = bn_application_shutdown;
  app_class->handle_local_options = bn_application_handle_local_options;
}

static void
bn_application_init (BnApplication *self)
{
  self->port = -1;   /* not given: the default port, or any free one */
  static const GOptionEntry options[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep this neighbour’s data in DIR (default: ~/.local/share/buurtnet)"), N_("DIR") },
    { "port", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Listen for neighbours on PORT (default: 7447, or any free port if it is taken; 0: any free port)"), N_("PORT") },
    { "no-mdns", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Do not look for neighbours on the local network"), NULL },
    { "peer", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Also sync with the neighbour at HOST:PORT (repeatable)"), N_("HOST:PORT") },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start without a window, syncing in the background (as at login)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Ask your neighbours for a hand, and offer one."));
}

/* Forgets the neighbourhood here: every file of the data directory. */
static void
erase_dir (GFile *dir)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;
  GFile *child;

  while (children != NULL
         && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        erase_dir (child);
      else
        g_file_delete (child, NULL, NULL);
    }
}

static void
erase_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  erase_dir (data);
  g_task_return_boolean (task, TRUE);
}

static void
erase_done (GObject *source, GAsyncResult *result, gpointer data)
{
  BnApplication *self = BN_APPLICATION (source);

  g_application_release (G_APPLICATION (self));
  /* A fresh start: a new identity and the welcome pages. */
  g_application_activate (G_APPLICATION (self));
}

/**
 * bn_application_start_afresh:
 *
 * Closes every window, erases the data directory (a removed neighbour's, or
 * one who left) and opens the welcome pages with a new identity: an identity
 * that left or was removed never joins again (docs/protocol.md §9.3).
 */
void
bn_application_start_afresh (BnApplication *self)
{
  g_autofree char *dir = NULL;
  g_autoptr(GTask) task = NULL;
  GList *windows;

  if (self->session == NULL)
    return;
  dir = g_strdup (bn_home_get_data_dir (bn_session_get_home (self->session)));
  g_application_hold (G_APPLICATION (self));
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              ref_window, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
  close_session (self);

  task = g_task_new (self, NULL, erase_done, NULL);
  g_task_set_source_tag (task, bn_application_start_afresh);
  g_task_set_task_data (task, g_file_new_for_path (dir), g_object_unref);
  g_task_run_in_thread (task, erase_thread);
}

/* The live links send a new entry within milliseconds; a second is plenty
 * before the peer stops. */
#define LEAVE_GRACE_MS 1000

static gboolean
start_afresh_now (gpointer user_data)
{
  BnApplication *self = user_data;

  bn_application_start_afresh (self);
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
left (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  g_autoptr(BnApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  BnSession *session = BN_SESSION (source);

  /* Even when it could not be written (the roster had removed us already),
   * the person asked to go: this computer forgets the neighbourhood. */
  if (!bn_session_write_finish (session, result, &error))
    g_message ("Could not say that you left: %s", error->message);
  /* Neighbours connected now hear it before the peer stops. */
  if (error == NULL && bn_session_get_n_online (session) > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, LEAVE_GRACE_MS, start_afresh_now,
                        g_steal_pointer (&self), g_object_unref);
  else
    start_afresh_now (self);
}

/**
 * bn_application_leave_hood:
 *
 * After the confirmation in Preferences: writes that I leave (the peer sends
 * it to the neighbours it is connected to), then erases this computer's data
 * and starts afresh.
 */
void
bn_application_leave_hood (BnApplication *self)
{
  if (self->session == NULL)
    return;
  g_application_hold (G_APPLICATION (self));
  bn_session_leave_async (self->session, NULL, left, g_object_ref (self));
}

/* Start at login. Outside a sandbox: an XDG autostart file. In Flatpak, where
 * that file would not be seen: the Background portal, which both allows
 * running with no window and writes the autostart entry itself. */
#define AUTOSTART_COMMAND "buurtnet --background"

static gboolean
is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/**
 * bn_application_dup_autostart_path:
 *
 * Returns: (transfer full): where the autostart file lives outside a sandbox
 */
char *
bn_application_dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", BN_APP_ID ".desktop", NULL);
}

static gboolean
write_autostart_file (gboolean enable, GError **error)
{
  g_autofree char *path = bn_application_dup_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  if (!enable)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not remove %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=Buurtnet\n"
                              "Comment=Keeps syncing with your neighbours in the background\n"
                              "Exec=" AUTOSTART_COMMAND "\n"
                              "Icon=" BN_APP_ID "\n"
                              "NoDisplay=true\n"
                              "X-GNOME-Autostart-enabled=true\n");
  return g_file_set_contents (path, contents, -1, error);
}

static void
background_requested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);

  if (reply == NULL)
    g_message ("Could not ask to run in the background: %s", error->message);
}

static gboolean
request_background (BnApplication *self, gboolean autostart, GError **error)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  const char *const commandline[] = { "buurtnet", "--background", NULL };
  GVariantBuilder options;

  if (bus == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Could not reach the desktop to start at login; try again after "
                             "logging in anew"));
      return FALSE;
    }
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Buurtnet keeps syncing with your neighbours "
                                                 "and lets you know when someone could use a "
                                                 "hand.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline",
                         g_variant_new_strv (commandline, -1));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop",
                          "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, background_requested, NULL);
  return TRUE;
}

/**
 * bn_application_set_start_at_login:
 *
 * Starts Buurtnet in the background (no window) when the person logs in, or
 * no longer; remembered in the settings.
 */
gboolean
bn_application_set_start_at_login (BnApplication  *self,
                                   gboolean        enable,
                                   GError        **error)
{
  gboolean done = is_sandboxed () ? request_background (self, enable, error)
                                  : write_autostart_file (enable, error);

  if (done && self->settings != NULL
      && g_settings_get_boolean (self->settings, "start-at-login") != enable)
    g_settings_set_boolean (self->settings, "start-at-login", enable);
  return done;
}
