/* bn-test-street.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-street.h"
#include "bn-invite-dialog.h"
#include "bn-preferences.h"

static gboolean
visible_child_is (gpointer data)
{
  const char **args = data;
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (args[0])), args[1]) == 0;
}

static void
wait_for_page (GtkStack *stack, const char *name)
{
  const char *args[] = { (const char *) stack, name };
  g_assert_true (bn_test_wait_until (visible_child_is, args, 3000));
}

static GtkWindow *
find_toplevel (GType type)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
shown (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static GtkWidget *
find_expander (GtkWidget *root, const char *title)
{
  if (ADW_IS_EXPANDER_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_expander (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
publish_profile (BnHome *home, const char *name, const char *talent, const char *need)
{
  const char *talents[] = { talent, "company", NULL };
  const char *needs[] = { need, NULL };
  BnProfile profile = { .name = (char *) name, .street = "Kerkstraat", .building = "12",
                        .floor = "2", .talents = (GStrv) talents, .needs = (GStrv) needs };

  g_assert_true (bn_home_publish_profile (home, &profile, NULL));
}

static char *
publish (BnHome *home, const char *kind, const char *category, const char *title, const char *when)
{
  BnPostDraft draft = { .kind = kind, .category = category, .title = title, .when = when,
                        .body = "Since my hip operation I walk slowly, but I love the park." };
  g_autoptr(BnEntry) post = bn_home_publish_post (home, &draft, NULL);

  g_assert_nonnull (post);
  return bn_hex_encode (post->id, BN_HASH_LEN);
}

static void
exchange_all (BnTestStreet *street, BnHome **others, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      if (i != j)
        bn_test_exchange (others[i], others[j]);
  for (guint i = 0; i < n; i++)
    bn_test_exchange (street->anna, others[i]);
  bn_session_refresh (street->session);
}

static gboolean
list_has_rows (gpointer data)
{
  return bn_post_list_get_n_shown (data) > 0;
}

/* Anna starts the app and her neighbourhood (@look sees the first run and
 * the invite); her neighbours post, of every status, the longest titles a
 * street writes; Bram helps her and she thanks him; he writes to her and
 * organises a meetup she said yes to. */
void
bn_test_street_open (BnTestStreet *street,
                     int           width,
                     int           height,
                     BnTestLook    look,
                     gpointer      data)
{
  g_autofree char *dir = bn_test_make_dir ("anna");
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) chris = NULL;
  g_autofree char *done = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *anna_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%dT10:00:00");
  g_autofree char *end = g_date_time_format (later, "%Y-%m-%dT11:30:00");
  BnEventDraft coffee = { .title = "Coffee in the courtyard", .place = "The courtyard",
                          .category = "coffee", .capacity = 8, .start = start, .end = end };

  street->app = bn_application_new ();
  g_application_set_flags (G_APPLICATION (street->app), G_APPLICATION_NON_UNIQUE);
  bn_application_set_data_dir (street->app, dir);
  bn_application_set_network (street->app, 0, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (street->app), NULL, &error));
  g_application_activate (G_APPLICATION (street->app));
  street->window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (street->app)));
  gtk_window_set_default_size (GTK_WINDOW (street->window), width, height);
  street->session = bn_window_get_session (street->window);
  wait_for_page (street->window->main_stack, "welcome");
  look (GTK_WIDGET (street->window), "welcome", data);
  bn_welcome_show_step (street->window->welcome, "you");
  look (GTK_WIDGET (street->window), "welcome-you", data);

  g_assert_true (bn_home_set_name (bn_session_get_home (street->session), "Anna", NULL));
  bn_welcome_show_step (street->window->welcome, "hood");
  g_assert_true (bn_welcome_create_hood (street->window->welcome, "Kerkstraat"));
  wait_for_page (street->window->main_stack, "app");
  street->session = bn_window_get_session (street->window);
  street->anna = bn_session_get_home (street->session);
  g_assert_true (bn_test_wait_until (shown, GSIZE_TO_POINTER (BN_TYPE_INVITE_DIALOG), 3000));
  {
    GtkWindow *invite = find_toplevel (BN_TYPE_INVITE_DIALOG);
    gtk_window_set_default_size (invite, MIN (width, 440), 640);
    look (GTK_WIDGET (invite), "invite", data);
    gtk_window_destroy (invite);
  }

  publish_profile (street->anna, "Anna", "meals", "errands");
  street->bram = bn_test_neighbour ("bram", street->anna, "Bram", "Kerkstraat", "12", "3", "errands");
  chris = bn_test_neighbour ("chris", street->anna, "Chris", "Kerkstraat", "14", NULL, "repairs");
  street->dina = bn_test_neighbour ("dina", street->anna, "Dina", "Kerkstraat", "40", NULL, "language");
  publish (chris, "request", "transport", "A lift to the hospital on Thursday for my appointment",
           "2026-11-26");
  publish (chris, "offer", "lending", "Drill and ladder to lend", NULL);
  publish (street->dina, "offer", "language", "Practise Dutch over coffee", NULL);
  street->dina_post = publish (street->dina, "request", "company",
                               "Someone to walk with on Sunday in the Karreveld park", NULL);
  done = publish (street->bram, "request", "computer", "Setting up a new phone", NULL);
  withdrawn = publish (street->bram, "offer", "meals", "Soup on Fridays", NULL);
  g_assert_nonnull (bn_home_set_status (street->bram, done, "done", NULL));
  g_assert_nonnull (bn_home_set_status (street->bram, withdrawn, "withdrawn", NULL));
  street->anna_post = publish (street->anna, "request", "errands", "Groceries on Saturday", NULL);
  {
    BnHome *others[] = { street->bram, chris, street->dina };
    exchange_all (street, others, G_N_ELEMENTS (others));
  }
  {
    g_autoptr(BnEntry) reply = bn_home_reply (street->bram, street->anna_post,
                                              "Happy to, I go on Saturday morning anyway.", NULL);
    g_autofree char *reply_id = bn_hex_encode (reply->id, BN_HASH_LEN);
    g_autoptr(BnEntry) accept = NULL;
    g_autoptr(BnEntry) thanks = NULL;

    bn_test_exchange (street->anna, street->bram);
    accept = bn_home_accept (street->anna, street->anna_post, reply_id, NULL);
    g_assert_nonnull (accept);
    thanks = bn_home_thank (street->anna, street->anna_post, "You are a star, Bram!", NULL);
    g_assert_nonnull (thanks);
  }
  anna_id = bn_home_dup_peer_id (street->anna);
  {
    g_autoptr(BnEntry) message = bn_home_send_message (street->bram, anna_id,
                                                       "See you at ten on Saturday!",
                                                       street->anna_post, 0, NULL);
    g_autoptr(BnEntry) event = bn_home_create_event (street->bram, &coffee, &error);
    g_assert_nonnull (message);
    g_assert_no_error (error);
    street->event_id = bn_hex_encode (event->id, BN_HASH_LEN);
  }
  bn_test_exchange (street->anna, street->bram);
  {
    g_autoptr(BnEntry) rsvp = bn_home_rsvp (street->anna, street->event_id, "yes", 0, &error);
    g_assert_no_error (error);
  }
  bn_session_refresh (street->session);
  g_signal_emit_by_name (street->session, "changed");
  g_assert_true (bn_test_wait_until (list_has_rows, street->window->requests, 3000));
  bn_test_iterate (500);
}

static void
show_view (BnWindow *window, const char *view)
{
  bn_window_show_browse (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", view);
  wait_for_page (window->nav_stack, "browse");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->views), ==, view);
}

/* Shows each view and page of @window in turn, and Preferences, for @look.
 * The conversation and the meetup come last: once made, they stay in the
 * window's stack and count in its width. */
void
bn_test_street_visit (BnTestStreet *street,
                      BnWindow     *window,
                      BnTestLook    look,
                      gpointer      data)
{
  const char *views[] = { "requests", "offers", "neighbours", "connector", "conversations",
                          "meetups" };
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  GtkWindow *prefs;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      show_view (window, views[i]);
      if (g_str_equal (views[i], "neighbours"))
        {
          GtkWidget *chris = find_expander (GTK_WIDGET (window->neighbours), "Chris");
          g_assert_nonnull (chris);
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (chris), TRUE);
        }
      look (GTK_WIDGET (window), views[i], data);
    }

  bn_window_show_post (window, street->anna_post);
  wait_for_page (window->nav_stack, "post");
  look (GTK_WIDGET (window), "post-mine", data);
  bn_window_show_post (window, street->dina_post);
  wait_for_page (window->nav_stack, "post");
  look (GTK_WIDGET (window), "post-theirs", data);

  bn_window_compose (window, "request", NULL);
  wait_for_page (window->nav_stack, "compose");
  look (GTK_WIDGET (window), "compose", data);
  g_assert_false (bn_post_form_submit (window->post_form));   /* the form's problem, shown */
  look (GTK_WIDGET (window), "compose-problem", data);
  bn_post_form_fill (window->post_form, "errands", "Groceries on Saturday",
                     "My knee is bad this week. A few bags from the Delhaize, list ready.");
  look (GTK_WIDGET (window), "compose-chosen", data);   /* a chosen chip */

  gtk_widget_activate_action (GTK_WIDGET (window), "win.services", NULL);
  wait_for_page (window->nav_stack, "services");
  look (GTK_WIDGET (window), "services", data);
  {
    g_autofree char *bram_id = bn_home_dup_peer_id (street->bram);
    bn_window_open_conversation (window, bram_id, NULL);
    wait_for_page (window->nav_stack, "conversation");
    look (GTK_WIDGET (window), "conversation", data);
  }
  bn_window_show_meetup (window, street->event_id);
  wait_for_page (window->nav_stack, "meetup");
  look (GTK_WIDGET (window), "meetup", data);
  bn_window_organise_meetup (window, NULL);
  wait_for_page (window->nav_stack, "meetup-form");
  look (GTK_WIDGET (window), "meetup-form", data);
  bn_window_show_browse (window);

  g_action_group_activate_action (G_ACTION_GROUP (street->app), "preferences", NULL);
  g_assert_true (bn_test_wait_until (shown, GSIZE_TO_POINTER (BN_TYPE_PREFERENCES), 3000));
  prefs = find_toplevel (BN_TYPE_PREFERENCES);
  gtk_window_set_default_size (prefs, width, 700);
  look (GTK_WIDGET (prefs), "preferences", data);
  gtk_window_destroy (prefs);
}

void
bn_test_street_close (BnTestStreet *street)
{
  if (street->window != NULL)
    gtk_window_destroy (GTK_WINDOW (street->window));
  g_clear_object (&street->bram);
  g_clear_object (&street->dina);
  g_clear_object (&street->app);
  g_clear_pointer (&street->anna_post, g_free);
  g_clear_pointer (&street->dina_post, g_free);
  g_clear_pointer (&street->event_id, g_free);
}
