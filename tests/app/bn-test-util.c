/* bn-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-screenshot.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

static char *tmp_root;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmp_root != NULL && g_getenv ("BN_TEST_KEEP") == NULL)
    remove_tree (tmp_root);
}

/* Like gtk_test_init, but keeps the locale of the environment so the same
 * tests can render the app in Dutch and French. */
void
bn_test_init (int    *argc,
              char ***argv)
{
  const char *localedir = g_getenv ("BN_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display: run under tests/app/run-headless.sh");
      exit (77);
    }
  adw_init ();
  bn_app_resources_register ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/be/buurtnet/Buurtnet/icons");
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/be/buurtnet/Buurtnet/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  /* GNOME's default: only a close button. Xvfb has no settings daemon. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  tmp_root = g_dir_make_tmp ("buurtnet-app-test-XXXXXX", NULL);
  atexit (cleanup);
}

/* Returns: (transfer full): a fresh directory under this test's temporary root */
char *
bn_test_make_dir (const char *name)
{
  char *path = g_build_filename (tmp_root, name, NULL);
  g_mkdir_with_parents (path, 0700);
  return path;
}

void
bn_test_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

/* Iterates the main loop until @done says so; FALSE after @timeout_ms. */
gboolean
bn_test_wait_until (gboolean (*done) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  return TRUE;
}

/* Renders @widget as a person sees it into $BN_SCREENSHOT_DIR/@name.png (or
 * the test log directory). Returns whether a file was written. */
gboolean
bn_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("BN_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return FALSE;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  /* Let pending layout and frame-clock work finish first. */
  bn_test_iterate (300);
  g_test_message ("screenshot: %s", path);
  if (!bn_screenshot_save (widget, path, &error))
    g_test_message ("no screenshot: %s", error->message);
  return error == NULL;
}

static void
copy_missing (BnHome *from, BnHome *to)
{
  g_autoptr(GArray) heads = bn_store_list_heads (bn_home_get_store (from));
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GError) error = NULL;
  BnInsertResult result = { 0 };

  for (guint i = 0; i < heads->len; i++)
    {
      const BnHead *head = &g_array_index (heads, BnHead, i);
      BnHead theirs = { 0 };
      g_autoptr(GPtrArray) entries = NULL;

      if (!bn_store_get_head (bn_home_get_store (to), head->author, &theirs))
        theirs.seq = 0;
      entries = bn_store_get_entries_after (bn_home_get_store (from), head->author, theirs.seq,
                                            G_MAXUINT);
      for (guint j = 0; j < entries->len; j++)
        g_ptr_array_add (all, bn_entry_ref (g_ptr_array_index (entries, j)));
    }
  g_assert_true (bn_store_insert_entries (bn_home_get_store (to), all, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
}

/* What two peers do when they meet, without the network: each takes what it lacks. */
void
bn_test_exchange (BnHome *a,
                  BnHome *b)
{
  copy_missing (a, b);
  copy_missing (b, a);
}

/* Returns: (transfer full): a second neighbour whom @member admitted, with a
 * code of their own, the way two peers do it (a request, an admission, a
 * welcome); they have @member's log */
BnHome *
bn_test_neighbour (const char *dir_name,
                   BnHome     *member,
                   const char *name,
                   const char *street,
                   const char *building,
                   const char *floor,
                   const char *talent)
{
  g_autofree char *dir = bn_test_make_dir (dir_name);
  g_autoptr(GError) error = NULL;
  BnHome *home = bn_home_open (dir, TRUE, &error);
  const char *talents[] = { talent, NULL };
  BnProfile profile = { 0 };

  g_autofree char *invite = bn_home_create_invite (member, 1, BN_INVITE_DEFAULT_MS, &error);
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) welcome = NULL;

  g_assert_no_error (error);
  g_assert_true (bn_home_join_hood (home, invite, &error));
  request = bn_home_get_join_request (home);
  welcome = bn_home_admit (member, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bn_home_accept_welcome (home, welcome, &error));
  g_assert_no_error (error);
  copy_missing (member, home);
  profile.name = (char *) name;
  profile.street = (char *) street;
  profile.building = (char *) building;
  profile.floor = (char *) floor;
  profile.talents = (GStrv) talents;
  g_assert_true (bn_home_publish_profile (home, &profile, &error));
  g_assert_no_error (error);
  return home;
}

/* Returns: (transfer none) (nullable): the first mapped label showing @text */
GtkWidget *
bn_test_find_label (GtkWidget  *root,
                    const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bn_test_find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * bn_test_assert_described:
 * @words: (nullable): what a screen reader should hear after the name of
 *   @widget; %NULL for nothing
 *
 * The description GTK gives the accessibility bus for @widget (GTK 4.8 gives
 * it only this property, never the words of a "described-by" relation).
 */
void
bn_test_assert_described (GtkWidget  *widget,
                          const char *words)
{
  g_autofree char *wrong = NULL;

  if (words == NULL)
    {
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
      return;
    }
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words);
  if (wrong != NULL)
    g_error ("%s: described as “%s”, not “%s”", G_OBJECT_TYPE_NAME (widget), wrong, words);
}

static guint
assert_rows_described (GtkWidget *root)
{
  guint n = 0;

  if (ADW_IS_ACTION_ROW (root) && *adw_action_row_get_subtitle (ADW_ACTION_ROW (root)) != '\0')
    {
      GtkWidget *field = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (root));

      bn_test_assert_described (root, adw_action_row_get_subtitle (ADW_ACTION_ROW (root)));
      if (field != NULL)
        bn_test_assert_described (field, adw_action_row_get_subtitle (ADW_ACTION_ROW (root)));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_rows_described (child);
  return n;
}

/**
 * bn_test_assert_rows_described:
 *
 * Every action row under @root with a subtitle: the row, and its activatable
 * widget if it has one (which the focus goes to then), are described by the
 * subtitle.
 *
 * Returns: how many rows it checked
 */
guint
bn_test_assert_rows_described (GtkWidget *root)
{
  return assert_rows_described (root);
}

static void
collect (GtkWidget *widget, GString *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  else if (GTK_IS_EDITABLE (widget) && !GTK_IS_TEXT (widget))
    {
      /* placeholder texts are read through their own labels */
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, out);
}

/* Returns: (transfer full): every visible label's text, one per line */
char *
bn_test_collect_text (GtkWidget *root)
{
  GString *out = g_string_new (NULL);
  collect (root, out);
  return g_string_free (out, FALSE);
}

/* A desktop notification server on the test's session bus, as a desktop has
 * one: the app's notifications arrive here (the desktop would show them). */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/></method>"
  "</interface></node>";

static guint n_notifications;

/* How many notifications the app sent so far. */
guint
bn_test_n_notifications (void)
{
  return n_notifications;
}

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *params,
                       GDBusMethodInvocation *invocation,
                       gpointer               data)
{
  if (g_str_equal (method, "Notify"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++n_notifications));
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "buurtnet", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_name (GDBusConnection *connection, const char *name, gpointer done)
{
  *(gboolean *) done = TRUE;
}

static gboolean
is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

void
bn_test_serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  static gboolean owned;

  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                on_name, on_name, &owned, NULL);
  g_assert_true (bn_test_wait_until (is_true, &owned, 5000));
  g_object_unref (bus);
}
