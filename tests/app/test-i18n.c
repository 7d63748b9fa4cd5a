/* test-i18n.c — the main screens in the language of $LANGUAGE (nl, fr), with
 * no English left on them
 *
 * A string on screen is "English left" when it is itself a message of the
 * catalogue that has a translation: it should have been shown translated.
 * Names, titles and other things neighbours typed are not in the catalogue,
 * so they never count. A screenshot of each screen goes to
 * $BN_SCREENSHOT_DIR/$LANGUAGE-*.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-format.h"
#include "bn-invite-dialog.h"
#include "bn-preferences.h"
#include "bn-window-private.h"

#include <glib/gi18n.h>

static BnApplication *app;
static BnWindow *window;
static char *post_id;
static char *first_of_next_month;   /* "YYYY-MM-01", the day of Bram's ladder */

static void
assert_no_english (GtkWidget *root, const char *screen)
{
  g_autofree char *text = bn_test_collect_text (root);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) english = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("%s-%s", g_getenv ("LANGUAGE"), screen);

  bn_test_screenshot (root, name);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] && g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, lines[i]), lines[i]) != 0)
      g_string_append_printf (english, "  “%s”\n", lines[i]);
  if (english->len > 0)
    g_error ("English left on the %s screen:\n%s", screen, english->str);
  g_test_message ("%s: %u strings, none left in English", screen, g_strv_length (lines));
}

/* Month names in the app's language, whatever the C library's locale (C in
 * the tests): "1er janvier" in French, "1 januari" in Dutch. */
static const char *const months_fr[] = { "janvier", "février", "mars", "avril", "mai", "juin",
                                         "juillet", "août", "septembre", "octobre", "novembre",
                                         "décembre" };
static const char *const months_nl[] = { "januari", "februari", "maart", "april", "mei", "juni",
                                         "juli", "augustus", "september", "oktober", "november",
                                         "december" };

static void
assert_date_in_language (void)
{
  gboolean french = g_str_has_prefix (g_getenv ("LANGUAGE"), "fr");
  const char *const *months = french ? months_fr : months_nl;
  g_autofree char *first = bn_format_when ("2026-12-01", FALSE);
  g_autofree char *twelfth = bn_format_when ("2026-12-12T14:30", FALSE);
  int month = 0;
  g_autofree char *ladder_day = NULL;

  g_assert_cmpstr (first, ==, french ? "mardi 1er décembre" : "dinsdag 1 december");
  g_assert_cmpstr (twelfth, ==, french ? "samedi 12 décembre à 14:30" : "zaterdag 12 december om 14:30");
  /* Bram lends his ladder on the first of next month: the list of offers says so. */
  g_assert_cmpint (sscanf (first_of_next_month, "%*d-%d-", &month), ==, 1);
  ladder_day = g_strdup_printf (french ? "1er %s" : "1 %s", months[month - 1]);
  if (bn_test_find_label (GTK_WIDGET (window), ladder_day) == NULL)
    g_error ("No “%s” in the offers", ladder_day);
}

static GtkWindow *
find_toplevel (GType type)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
invite_dialog_shown (gpointer unused)
{
  return find_toplevel (BN_TYPE_INVITE_DIALOG) != NULL;
}

static void
seed (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) anna = bn_home_open (dir, TRUE, &error);
  g_autofree char *invite = bn_home_create_hood (anna, "Kerkstraat", &error);
  g_autoptr(BnHome) bram = NULL;
  g_autoptr(BnEntry) mine = NULL;
  const char *talents[] = { "meals", NULL };
  BnProfile me = { .name = "Anna", .street = "Kerkstraat", .building = "12", .floor = "2",
                   .talents = (GStrv) talents, .connector = TRUE };
  BnPostDraft ask = { .kind = "request", .category = "errands", .title = "Boodschappen / courses" };
  BnPostDraft drill = { .kind = "offer", .category = "lending", .title = "Boormachine / perceuse" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_month = g_date_time_add_months (now, 1);
  BnPostDraft ladder = { .kind = "offer", .category = "lending", .title = "Ladder / échelle" };

  first_of_next_month = g_strdup_printf ("%04d-%02d-01", g_date_time_get_year (next_month),
                                         g_date_time_get_month (next_month));
  ladder.when = first_of_next_month;

  g_assert_no_error (error);
  g_assert_true (bn_home_publish_profile (anna, &me, NULL));
  bram = bn_test_neighbour ("bram", anna, "Bram", "Kerkstraat", "12", "3", "errands");
  mine = bn_home_publish_post (anna, &ask, NULL);
  post_id = bn_hex_encode (mine->id, BN_HASH_LEN);
  g_assert_nonnull (bn_home_publish_post (bram, &drill, NULL));
  g_assert_nonnull (bn_home_publish_post (bram, &ladder, NULL));
  bn_test_exchange (anna, bram);
  g_assert_nonnull (bn_home_reply (bram, post_id, "Ja / oui", NULL));
  bn_test_exchange (anna, bram);
}

static void
test_lists (void)
{
  g_autofree char *dir = bn_test_make_dir ("anna");
  g_autoptr(GError) error = NULL;

  seed (dir);
  app = bn_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  bn_application_set_data_dir (app, dir);
  bn_application_set_network (app, 0, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  bn_test_iterate (500);

  /* The catalogue really is in use: the first tab is not "Requests". */
  g_assert_cmpstr (_("Requests"), !=, "Requests");
  assert_no_english (GTK_WIDGET (window), "requests");
  adw_view_stack_set_visible_child_name (window->views, "offers");
  assert_no_english (GTK_WIDGET (window), "offers");
  assert_date_in_language ();
  /* Bram's drill has no day: Anna reads it in words for the one who reads,
   * not the words Bram chose it with. */
  if (g_str_has_prefix (g_getenv ("LANGUAGE"), "fr"))
    g_assert_nonnull (bn_test_find_label (GTK_WIDGET (window), "Pas de date précise"));
  else
    g_assert_nonnull (bn_test_find_label (GTK_WIDGET (window), "Wanneer het jou past"));
  adw_view_stack_set_visible_child_name (window->views, "neighbours");
  assert_no_english (GTK_WIDGET (window), "neighbours");
  /* Anna is a connector; three days on, her request still waits for a helper. */
  bn_session_set_now (bn_window_get_session (window),
                      g_get_real_time () / 1000 + 3 * 24 * 3600 * 1000);
  adw_view_stack_set_visible_child_name (window->views, "connector");
  bn_test_iterate (200);
  g_assert_cmpuint (bn_connector_page_get_n_waiting (window->connector), ==, 1);
  assert_no_english (GTK_WIDGET (window), "connector");
  adw_view_stack_set_visible_child_name (window->views, "requests");
}

static void
test_compose (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.ask", NULL);
  assert_no_english (GTK_WIDGET (window), "ask");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.offer", NULL);
  assert_no_english (GTK_WIDGET (window), "offer");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
}

static void
test_post (void)
{
  bn_window_show_post (window, post_id);
  assert_no_english (GTK_WIDGET (window), "post");
  {
    guint8 id[BN_HASH_LEN];
    g_autoptr(GPtrArray) replies = NULL;
    BnHome *home = bn_session_get_home (bn_window_get_session (window));

    bn_hex_decode (post_id, id, BN_HASH_LEN);
    replies = bn_store_list_replies (bn_home_get_store (home), id);
    g_assert_cmpuint (replies->len, ==, 1);
    gtk_widget_activate_action (GTK_WIDGET (window->post_page), "post.accept", "s",
                                ((BnNote *) g_ptr_array_index (replies, 0))->id);
  }
  bn_test_iterate (300);
  assert_no_english (GTK_WIDGET (window), "post-matched");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
}

static void
test_invite_and_preferences (void)
{
  GtkWindow *dialog;

  bn_window_invite (window);
  g_assert_true (bn_test_wait_until (invite_dialog_shown, NULL, 3000));
  bn_test_iterate (300);
  dialog = find_toplevel (BN_TYPE_INVITE_DIALOG);
  g_assert_nonnull (dialog);
  assert_no_english (GTK_WIDGET (dialog), "invite");
  gtk_window_destroy (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  bn_test_iterate (300);
  dialog = find_toplevel (BN_TYPE_PREFERENCES);
  g_assert_nonnull (dialog);
  assert_no_english (GTK_WIDGET (dialog), "preferences");
  gtk_window_destroy (dialog);
}

static void
test_welcome (void)
{
  g_autofree char *dir = bn_test_make_dir ("fresh");
  g_autoptr(BnHome) home = bn_home_open (dir, TRUE, NULL);
  g_autoptr(BnSession) session = bn_session_new (home);
  GtkWidget *toplevel = gtk_window_new ();
  BnWelcome *welcome = g_object_new (BN_TYPE_WELCOME, NULL);

  gtk_window_set_default_size (GTK_WINDOW (toplevel), 900, 700);
  gtk_window_set_child (GTK_WINDOW (toplevel), GTK_WIDGET (welcome));
  g_object_set (welcome, "session", session, NULL);
  gtk_window_present (GTK_WINDOW (toplevel));
  bn_test_iterate (300);
  assert_no_english (toplevel, "welcome");
  bn_welcome_show_step (welcome, "you");
  assert_no_english (toplevel, "welcome-you");
  bn_welcome_show_step (welcome, "hood");
  assert_no_english (toplevel, "welcome-hood");
  gtk_window_destroy (GTK_WINDOW (toplevel));
}

int
main (int argc, char *argv[])
{
  int status;

  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();
  g_test_add_func ("/buurtnet/app/i18n/lists", test_lists);
  g_test_add_func ("/buurtnet/app/i18n/compose", test_compose);
  g_test_add_func ("/buurtnet/app/i18n/post", test_post);
  g_test_add_func ("/buurtnet/app/i18n/invite-and-preferences", test_invite_and_preferences);
  g_test_add_func ("/buurtnet/app/i18n/welcome", test_welcome);
  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  g_free (post_id);
  return status;
}
