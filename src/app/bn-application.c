/* bn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-application.h"
#include "bn-notifier.h"
#include "bn-preferences.h"
#include "bn-window.h"
#include "bn-app-resources.h"
#include "bn-category-icons.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#ifdef BN_HAVE_NET
#include "bn-sync-node.h"
#endif

#define HOUSEKEEPING_INTERVAL_S (60 * 60)

struct _BnApplication
{
  AdwApplication parent_instance;

  /* Command line */
  char      *data_dir;
  int        port;
  gboolean   no_mdns;
  GStrv      peers;

  /* Owned */
  GSettings  *settings;
  BnSession  *session;
  BnNotifier *notifier;
  GObject    *sync_node;
  guint       housekeeping_id;
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

/* Returns: (transfer none) (nullable): the peer this app runs, if any */
GObject *
bn_application_get_sync_node (BnApplication *self)
{
  return self->sync_node;
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

/* Deletes my own done or withdrawn posts once they are older than the setting. */
static gboolean
housekeeping (gpointer data)
{
  BnApplication *self = data;
  g_autoptr(GPtrArray) posts = NULL;
  gint64 cutoff_ms;
  int days;

  if (self->session == NULL || self->settings == NULL || !bn_session_has_hood (self->session))
    return G_SOURCE_CONTINUE;
  days = g_settings_get_int (self->settings, "delete-closed-after-days");
  if (days <= 0)
    return G_SOURCE_CONTINUE;
  cutoff_ms = g_get_real_time () / 1000 - (gint64) days * 24 * 3600 * 1000;
  posts = bn_session_list_posts (self->session, NULL);
  for (guint i = 0; i < posts->len; i++)
    {
      const BnPost *post = g_ptr_array_index (posts, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) entry = NULL;

      if (g_strcmp0 (post->author, bn_session_get_peer_id (self->session)) != 0
          || !(g_strcmp0 (post->status, "done") == 0 || g_strcmp0 (post->status, "withdrawn") == 0)
          || post->updated_ms > cutoff_ms)
        continue;
      entry = bn_home_delete (bn_session_get_home (self->session), post->id, &error);
      if (entry == NULL)
        g_warning ("Could not delete closed post %.12s…: %s", post->id, error->message);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
open_session (BnApplication *self, GError **error)
{
  g_autofree char *dir = self->data_dir ? g_strdup (self->data_dir) : bn_home_default_data_dir ();
  g_autoptr(BnHome) home = bn_home_open (dir, TRUE, error);

  if (home == NULL)
    return FALSE;
  self->session = bn_session_new (home);
  self->notifier = bn_notifier_new (G_APPLICATION (self), self->session, self->settings);
  bn_application_start_peer (self);
  housekeeping (self);
  return TRUE;
}

/**
 * bn_application_start_peer:
 *
 * Runs this neighbour's peer inside the app, the same one `buurtnet-cli serve`
 * runs: it needs a neighbourhood, so on a first run it starts once the
 * welcome pages have created or joined one. Safe to call again.
 */
void
bn_application_start_peer (BnApplication *self)
{
#ifdef BN_HAVE_NET
  g_autoptr(BnSyncNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = self->port >= 0 ? (guint16) self->port : BN_SYNC_DEFAULT_PORT;
  GList *windows;

  if (self->session == NULL || self->sync_node != NULL || !bn_session_has_hood (self->session))
    return;
  node = bn_sync_node_new (bn_session_get_home (self->session));
  if (!bn_sync_node_start (node, port, !self->no_mdns, &error))
    {
      /* The app stays useful without the network: say so in the log, and the
       * header shows that nothing is being shared. */
      g_warning ("Could not start sharing with neighbours: %s", error->message);
      return;
    }
  for (guint i = 0; self->peers != NULL && self->peers[i] != NULL; i++)
    {
      g_autoptr(GError) peer_error = NULL;
      if (!bn_sync_node_add_peer (node, self->peers[i], &peer_error))
        g_warning ("Could not add the neighbour at %s: %s", self->peers[i], peer_error->message);
    }
  g_signal_connect_object (node, "entries-received", G_CALLBACK (bn_session_notify_changed),
                           self->session, G_CONNECT_SWAPPED);
  self->sync_node = G_OBJECT (g_steal_pointer (&node));
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  for (GList *l = windows; l != NULL; l = l->next)
    if (BN_IS_WINDOW (l->data))
      bn_window_set_sync_node (l->data, self->sync_node);
#endif
}

static void
close_session (BnApplication *self)
{
#ifdef BN_HAVE_NET
  if (self->sync_node != NULL)
    bn_sync_node_stop (BN_SYNC_NODE (self->sync_node));
#endif
  g_clear_object (&self->sync_node);
  g_clear_object (&self->notifier);
  g_clear_object (&self->session);
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
    window = GTK_WINDOW (bn_window_new (self));
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
  gtk_window_present (ensure_window (self));
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

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (data)),
                                     ref_window, NULL);

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
      N_("Keep this neighbour's data in DIR (default: ~/.local/share/buurtnet)"), N_("DIR") },
    { "port", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Listen for neighbours on PORT (default: 7447, or any free port if it is taken; 0: any free port)"), N_("PORT") },
    { "no-mdns", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Do not look for neighbours on the local network"), NULL },
    { "peer", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Also sync with the neighbour at HOST:PORT (repeatable)"), N_("HOST:PORT") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Ask your neighbours for a hand, and offer one."));
}

/* After the confirmation in Preferences: forget the neighbourhood here. */
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

void
bn_application_leave_hood (BnApplication *self)
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
  g_task_set_source_tag (task, bn_application_leave_hood);
  g_task_set_task_data (task, g_file_new_for_path (dir), g_object_unref);
  g_task_run_in_thread (task, erase_thread);
}
