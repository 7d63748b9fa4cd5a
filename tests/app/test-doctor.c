/* test-doctor.c — “Why can't I see my neighbours?” in the app
 *
 * A real peer on loopback with one remembered neighbour whose computer does not
 * answer; the network popover says the address a neighbour can type, and its
 * button opens the doctor's checks: they run, each row says what it checked
 * and, for a screen reader, whether it is well; the neighbour that does not
 * answer is named with what to do; Copy gives the same report as
 * `buurtnet-cli doctor`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-doctor-dialog.h"
#include "bn-doctor.h"
#include "bn-network-button.h"
#include "bn-session.h"

#include <string.h>

static BnSession *
session_with_hood (const char *dir_name)
{
  g_autofree char *dir = bn_test_make_dir (dir_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) home = bn_home_open (dir, TRUE, &error);
  g_autofree char *invite = NULL;
  BnProfile me = { .name = "Anna" };

  g_assert_no_error (error);
  invite = bn_home_create_hood (home, "Kerkstraat", &error);
  g_assert_no_error (error);
  g_assert_true (bn_home_publish_profile (home, &me, NULL));
  return bn_session_new (home);
}

static gboolean
dialog_done (gpointer dialog)
{
  return bn_doctor_dialog_is_done (dialog);
}

static GtkWidget *
find_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows of the checks' list, in order. */
static GPtrArray *
check_rows (GtkWidget *dialog)
{
  GtkWidget *list = find_of_type (dialog, GTK_TYPE_LIST_BOX);
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_ptr_array_add (rows, row);
  return rows;
}

static GtkWidget *
row_titled (GPtrArray *rows, const char *words)
{
  for (guint i = 0; i < rows->len; i++)
    if (strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), words) != NULL)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static void
test_popover_says_own_address (void)
{
  g_autoptr(BnSession) session = session_with_hood ("doctor-popover");
  g_autoptr(GPtrArray) addresses = bn_doctor_list_addresses ();
  GtkWidget *window = gtk_window_new ();
  BnNetworkButton *button = g_object_new (BN_TYPE_NETWORK_BUTTON, "session", session, NULL);
  g_autofree char *text = NULL;

  bn_session_start_peer (session, 0, FALSE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (button));
  gtk_window_present (GTK_WINDOW (window));
  bn_test_iterate (300);
  bn_network_button_popup (button);
  bn_test_iterate (200);
  text = bn_test_collect_text (GTK_WIDGET (button));
  /* Not a street address: the words say network address (IP). */
  g_assert_nonnull (strstr (text, "Add a neighbour by network address (IP)"));
  if (addresses->len == 0)
    g_assert_nonnull (strstr (text, "This computer has no network address now"));
  for (guint i = 0; i < addresses->len; i++)
    {
      const BnLocalAddress *address = g_ptr_array_index (addresses, i);
      /* Port 0 got some port other than 7447: it is said with the address. */
      g_autofree char *with_port = g_strdup_printf ("%s:%u", address->address,
                                                    bn_session_get_port (session));

      g_test_message ("this computer: %s", with_port);
      g_assert_nonnull (strstr (text, with_port));
    }
  g_assert_null (strstr (text, "127.0.0.1"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (find_of_type (GTK_WIDGET (button),
                                                          GTK_TYPE_MENU_BUTTON)));
  bn_test_iterate (200);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_doctor_dialog (void)
{
  g_autoptr(BnSession) session = session_with_hood ("doctor-dialog");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *parent = gtk_window_new ();
  BnDoctorDialog *dialog;
  GtkWidget *neighbour;
  const char *text;

  bn_session_start_peer (session, 0, FALSE, NULL);
  /* A neighbour's computer that refuses: port 1 on loopback. */
  g_assert_true (bn_session_add_peer (session, "127.0.0.1:1", &error));
  bn_test_iterate (1500);   /* the peer tries it, and keeps the failure */
  gtk_window_present (GTK_WINDOW (parent));

  dialog = bn_doctor_dialog_new (session, GTK_WINDOW (parent));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 900);
  gtk_window_present (GTK_WINDOW (dialog));
  bn_doctor_dialog_run (dialog);
  g_assert_false (bn_doctor_dialog_is_done (dialog));
  g_assert_true (bn_test_wait_until (dialog_done, dialog, 30000));
  bn_test_iterate (200);
  bn_test_screenshot (GTK_WIDGET (dialog), "doctor");

  rows = check_rows (GTK_WIDGET (dialog));
  g_assert_cmpuint (rows->len, >=, 6);
  g_assert_nonnull (row_titled (rows, "This computer’s network address"));
  /* Each row tells a screen reader whether it is well, before what it checked. */
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      g_assert_true (title != NULL && *title != '\0');
      g_assert_true (subtitle != NULL && *subtitle != '\0');
    }
  /* The neighbour that does not answer: named by its address, with what to do. */
  neighbour = row_titled (rows, "127.0.0.1:1");
  g_assert_nonnull (neighbour);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (neighbour)),
                            "refused the connection"));

  text = bn_doctor_dialog_get_text (dialog);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Buurtnet doctor, "));
  g_assert_nonnull (strstr (text, "127.0.0.1:1"));
  g_assert_nonnull (strstr (text, "Buurtnet " BN_VERSION));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  g_test_add_func ("/doctor/popover-says-own-address", test_popover_says_own_address);
  g_test_add_func ("/doctor/dialog", test_doctor_dialog);
  return g_test_run ();
}
