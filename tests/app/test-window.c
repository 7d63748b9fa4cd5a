/* test-window.c — the whole window, in-process: first run, asking, an offer of
 * help from a second neighbour, accepting, thanks; screenshots along the way
 *
 * The second neighbour is a BnHome in this process; the two exchange entries
 * the way peers do (each takes what it lacks), without a network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-doctor-dialog.h"
#include "bn-invite-dialog.h"
#include "bn-preferences.h"
#include "bn-post-page-private.h"
#include "bn-window-private.h"

typedef struct
{
  BnApplication *app;
  BnWindow      *window;
  BnHome        *anna;    /* the app's home */
  BnHome        *bram;
  char          *invite;
  char          *post_id;
} Story;

static Story story;

static GtkWindow *find_toplevel (GType type);

static void
shoot (const char *name)
{
  bn_window_dismiss_toast (story.window);
  bn_test_screenshot (GTK_WIDGET (story.window), name);
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

static gboolean
visible_child_is (gpointer data)
{
  const char **args = data;
  GtkStack *stack = (GtkStack *) args[0];
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), args[1]) == 0;
}

static void
wait_for_page (GtkStack *stack, const char *name)
{
  const char *args[] = { (const char *) stack, name };
  g_assert_true (bn_test_wait_until (visible_child_is, args, 3000));
}

static gboolean
invite_dialog_shown (gpointer unused)
{
  return find_toplevel (BN_TYPE_INVITE_DIALOG) != NULL;
}

static gboolean
invite_is_open (BnHome *home, const char *text)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_parse (text, NULL);
  g_autoptr(GPtrArray) invites = bn_store_list_invites (bn_home_get_store (home),
                                                        g_get_real_time () / 1000);
  g_autofree char *id = code ? bn_hex_encode (code->invite_id, BN_INVITE_ID_LEN) : NULL;

  for (guint i = 0; id != NULL && i < invites->len; i++)
    {
      const BnInviteInfo *info = g_ptr_array_index (invites, i);
      if (g_str_equal (info->id, id) && g_str_equal (info->state, "open"))
        return TRUE;
    }
  return FALSE;
}

static void
test_first_run (void)
{
  g_autofree char *dir = bn_test_make_dir ("anna");
  g_autoptr(GError) error = NULL;
  GtkWidget *empty;

  story.app = bn_application_new ();
  g_application_set_flags (G_APPLICATION (story.app), G_APPLICATION_NON_UNIQUE);
  bn_application_set_data_dir (story.app, dir);
  bn_application_set_network (story.app, 0, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (story.app), NULL, &error));
  g_application_activate (G_APPLICATION (story.app));
  story.window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (story.app)));
  g_assert_nonnull (story.window);
  gtk_window_set_default_size (GTK_WINDOW (story.window), 900, 700);
  story.anna = bn_session_get_home (bn_window_get_session (story.window));

  wait_for_page (story.window->main_stack, "welcome");
  shoot ("welcome");
  bn_welcome_show_step (story.window->welcome, "you");
  shoot ("welcome-you");

  g_assert_true (bn_home_set_name (story.anna, "Anna", NULL));
  bn_welcome_show_step (story.window->welcome, "hood");
  g_assert_true (bn_welcome_create_hood (story.window->welcome, "Kerkstraat"));
  wait_for_page (story.window->main_stack, "app");
  /* The session opened the data directory again: it has a neighbourhood now. */
  story.anna = bn_session_get_home (bn_window_get_session (story.window));

  /* The invite dialog opens by itself after creating a neighbourhood. */
  g_assert_true (bn_test_wait_until (invite_dialog_shown, NULL, 3000));
  bn_test_iterate (300);
  {
    GList *windows = gtk_window_list_toplevels ();
    for (GList *l = windows; l != NULL; l = l->next)
      if (BN_IS_INVITE_DIALOG (l->data))
        {
          /* The code shown is an open invite of Anna's neighbourhood. */
          story.invite = g_strdup (bn_invite_dialog_get_code (l->data));
          g_assert_true (invite_is_open (story.anna, story.invite));
          gtk_window_set_default_size (GTK_WINDOW (l->data), 440, 640);
          bn_test_screenshot (l->data, "invite");
          gtk_window_destroy (l->data);
        }
    g_list_free (windows);
  }

  empty = bn_test_find_label (GTK_WIDGET (story.window), "No Requests Yet");
  g_assert_nonnull (empty);
}

static void
publish_profile (BnHome *home, const char *name, const char *street, const char *building,
                 const char *floor, const char *talent, const char *need)
{
  const char *talents[] = { talent, NULL };
  const char *needs[] = { need, NULL };
  BnProfile profile = { .name = (char *) name, .street = (char *) street,
                        .building = (char *) building, .floor = (char *) floor,
                        .talents = (GStrv) talents, .needs = (GStrv) needs };

  g_assert_true (bn_home_publish_profile (home, &profile, NULL));
}

static gboolean
list_has_rows (gpointer data)
{
  return bn_post_list_get_n_shown (data) > 0;
}

/* Neighbours with a few posts, so the lists look like a street's. */
static void
test_neighbours_arrive (void)
{
  g_autoptr(BnHome) chris = NULL;
  g_autoptr(BnHome) dina = NULL;
  BnPostDraft lift = { .kind = "request", .category = "transport", .title = "A lift to the hospital on Thursday",
                       .when = "2026-11-26" };
  BnPostDraft drill = { .kind = "offer", .category = "lending", .title = "Drill and ladder to lend" };
  BnPostDraft dutch = { .kind = "offer", .category = "language", .title = "Practise Dutch over coffee" };
  BnPostDraft form = { .kind = "request", .category = "paperwork", .title = "Help with a tax form" };
  BnPostDraft walk = { .kind = "request", .category = "company", .title = "Someone to walk with on Sunday",
                       .body = "Since my hip operation I walk slowly, but I love the park." };
  BnPostDraft phone = { .kind = "request", .category = "computer", .title = "Setting up a new phone" };

  publish_profile (story.anna, "Anna", "Kerkstraat", "12", "2", "meals", "errands");
  story.bram = bn_test_neighbour ("bram", story.anna, "Bram", "Kerkstraat", "12", "3", "errands");
  chris = bn_test_neighbour ("chris", story.anna, "Chris", "Kerkstraat", "12", "2", "repairs");
  dina = bn_test_neighbour ("dina", story.anna, "Dina", "Kerkstraat", "40", NULL, "language");
  g_assert_nonnull (bn_home_publish_post (chris, &lift, NULL));
  g_assert_nonnull (bn_home_publish_post (chris, &drill, NULL));
  g_assert_nonnull (bn_home_publish_post (dina, &dutch, NULL));
  g_assert_nonnull (bn_home_publish_post (dina, &form, NULL));
  g_assert_nonnull (bn_home_publish_post (dina, &walk, NULL));
  g_assert_nonnull (bn_home_publish_post (story.bram, &phone, NULL));
  bn_test_exchange (story.bram, chris);
  bn_test_exchange (story.bram, dina);
  bn_test_exchange (story.anna, story.bram);

  g_assert_true (bn_test_wait_until (list_has_rows, story.window->requests, 3000));
  adw_view_stack_set_visible_child_name (story.window->views, "neighbours");
  g_assert_nonnull (find_expander (GTK_WIDGET (story.window->neighbours), "Chris"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_expander (GTK_WIDGET (story.window->neighbours),
                                                                  "Chris")), TRUE);
  shoot ("neighbours");
  g_assert_cmpuint (bn_neighbours_page_get_n_shown (story.window->neighbours), ==, 4);
  adw_view_stack_set_visible_child_name (story.window->views, "offers");
  g_assert_cmpuint (bn_post_list_get_n_shown (story.window->offers), ==, 2);
  adw_view_stack_set_visible_child_name (story.window->views, "requests");
}

static gboolean
on_post_page (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (story.window->nav_stack), "post") == 0;
}

/* Anna asks for help with her groceries through the form. */
static void
test_ask (void)
{
  BnPostForm *form = story.window->post_form;

  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.ask", NULL);
  wait_for_page (story.window->nav_stack, "compose");
  g_assert_false (bn_post_form_submit (form));   /* nothing chosen yet */
  {
    GtkWidget *picker = gtk_widget_get_first_child (GTK_WIDGET (form));
    g_assert_nonnull (picker);
  }
  bn_post_form_fill (form, "errands", "Groceries on Saturday",
                              "My knee is bad this week. A few bags from the Delhaize, list ready.");
  shoot ("ask");
  g_assert_true (bn_post_form_submit (form));
  g_assert_true (bn_test_wait_until (on_post_page, NULL, 3000));
  story.post_id = g_strdup (bn_post_page_get_post_id (story.window->post_page));
  g_assert_nonnull (story.post_id);
}

static gboolean
replies_shown (gpointer data)
{
  return gtk_widget_get_first_child (GTK_WIDGET (story.window->post_page->replies_list)) != NULL
         && bn_test_find_label (GTK_WIDGET (story.window->post_page), "Happy to") != NULL;
}

static gboolean
matched_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (story.window->post_page->match_group));
}

static gboolean
thanks_shown (gpointer data)
{
  return bn_test_find_label (GTK_WIDGET (story.window->post_page), "You are a star") != NULL;
}

/* Bram offers to help; Anna accepts; both see the match; Anna says thanks. */
static void
test_offer_accept_thank (void)
{
  g_autoptr(BnEntry) reply = NULL;
  g_autoptr(BnPost) seen_by_bram = NULL;
  g_autoptr(GPtrArray) replies = NULL;
  BnNote *note;

  bn_test_exchange (story.anna, story.bram);
  reply = bn_home_reply (story.bram, story.post_id, "Happy to, I go on Saturday morning anyway.", NULL);
  g_assert_nonnull (reply);
  bn_test_exchange (story.anna, story.bram);
  g_assert_true (bn_test_wait_until (replies_shown, NULL, 3000));

  replies = bn_store_list_replies (bn_home_get_store (story.anna), reply->id);
  g_clear_pointer (&replies, g_ptr_array_unref);
  {
    guint8 id[BN_HASH_LEN];
    bn_hex_decode (story.post_id, id, BN_HASH_LEN);
    replies = bn_store_list_replies (bn_home_get_store (story.anna), id);
  }
  g_assert_cmpuint (replies->len, ==, 1);
  note = g_ptr_array_index (replies, 0);
  gtk_widget_activate_action (GTK_WIDGET (story.window->post_page), "post.accept", "s", note->id);
  g_assert_true (bn_test_wait_until (matched_shown, NULL, 3000));

  bn_test_exchange (story.anna, story.bram);
  seen_by_bram = bn_home_get_post (story.bram, story.post_id, NULL);
  g_assert_cmpstr (seen_by_bram->status, ==, "matched");
  g_assert_cmpstr (seen_by_bram->helper_name, ==, "Bram");

  gtk_editable_set_text (GTK_EDITABLE (story.window->post_page->thanks_entry), "You are a star, Bram!");
  gtk_widget_activate_action (GTK_WIDGET (story.window->post_page), "post.thank", NULL);
  g_assert_true (bn_test_wait_until (thanks_shown, NULL, 3000));
  shoot ("post");
}

/* A toast is also said to screen readers (libadwaita 1.2 does not): its
 * words appear in an alert, which a screen reader reads as it shows. */
static void
test_toast_announced (void)
{
  GtkWidget *alert;

  /* The last screenshot dismissed a toast: adding the next at once crashes
   * libadwaita 1.2's overlay (src/app/README.md). */
  bn_test_iterate (500);
  bn_window_toast (story.window, "Service saved");
  alert = bn_test_find_label (GTK_WIDGET (story.window), "Service saved");
  g_assert_nonnull (alert);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (alert)), ==,
                   GTK_ACCESSIBLE_ROLE_ALERT);
  bn_window_toast (story.window, "Copied");
  g_assert_true (bn_test_find_label (GTK_WIDGET (story.window), "Copied") == alert);
  /* Let it go by itself (4 s), not dismissed while it slides in. */
  bn_test_iterate (4500);
}

static void
test_main_screens (void)
{
  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.back", NULL);
  wait_for_page (story.window->nav_stack, "browse");
  shoot ("main");
  g_assert_cmpuint (bn_post_list_get_n_shown (story.window->requests), ==, 5);

  /* Narrow, as on a phone: a second window, born narrow. (Shrinking a window
   * while the view switcher bar slides in trips a GTK 4.8 allocation warning.) */
  {
    BnWindow *narrow = bn_window_new (story.app);
    gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 720);
    gtk_window_present (GTK_WINDOW (narrow));
    bn_test_iterate (500);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 360);
    bn_window_dismiss_toast (narrow);
    bn_test_screenshot (GTK_WIDGET (narrow), "main-narrow");
    bn_post_list_set_search (narrow->requests, "grocer");
    g_assert_cmpuint (bn_post_list_get_n_shown (narrow->requests), ==, 1);
    bn_window_show_post (narrow, story.post_id);
    bn_test_screenshot (GTK_WIDGET (narrow), "post-narrow");
    bn_window_compose (narrow, "request", NULL);
    bn_test_screenshot (GTK_WIDGET (narrow), "ask-narrow");
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 360);
    gtk_window_destroy (GTK_WINDOW (narrow));
  }

  /* The shortcuts window comes from gtk/help-overlay.ui in the resources. */
  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.show-help-overlay", NULL);
  bn_test_iterate (300);
  {
    GtkWindow *overlay = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
    g_assert_nonnull (overlay);
    bn_test_screenshot (GTK_WIDGET (overlay), "shortcuts");
    gtk_window_close (overlay);
  }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bn_test_iterate (300);
  shoot ("main-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  test_toast_announced ();
}

static gboolean
connector_view_is (gpointer data)
{
  return adw_view_stack_page_get_visible (story.window->connector_view) == GPOINTER_TO_INT (data);
}

static gboolean
connector_waiting_is (gpointer data)
{
  return bn_connector_page_get_n_waiting (story.window->connector) == GPOINTER_TO_UINT (data);
}

static void
publish_connector (gboolean connector)
{
  const char *talents[] = { "meals", "company", "paperwork", NULL };
  const char *needs[] = { "errands", NULL };
  BnProfile anna = { .name = "Anna", .street = "Kerkstraat", .building = "12", .floor = "2",
                     .talents = (GStrv) talents, .needs = (GStrv) needs, .connector = connector };

  g_assert_true (bn_home_publish_profile (story.anna, &anna, NULL));
}

static void
assert_shows (GtkWidget *page, const char *text)
{
  if (bn_test_find_label (page, text) == NULL)
    {
      g_autofree char *shown = bn_test_collect_text (page);
      g_test_message ("not shown: \"%s\"; the page says:\n%s", text, shown);
      g_test_fail ();
    }
}

static char *
peer_id_of (BnHome *home)
{
  return bn_home_dup_peer_id (home);
}

static void
roster_write (gboolean ok)
{
  g_assert_true (ok);
}

/* Only a connector has the connector page; it follows the roster, not the
 * profile. Anna founded the neighbourhood, so she is its first connector; she
 * appoints Els and steps down; Els appoints her again. Three days on, the
 * other neighbours' requests are still waiting for a helper. */
static void
test_connector (void)
{
  g_autoptr(BnHome) els = NULL;
  g_autofree char *anna_id = peer_id_of (story.anna);
  g_autofree char *els_id = NULL;
  GtkWidget *page = GTK_WIDGET (story.window->connector);

  g_assert_true (bn_test_wait_until (connector_view_is, GINT_TO_POINTER (TRUE), 3000));
  els = bn_test_neighbour ("els", story.anna, "Els", "Kerkstraat", "12", "1", "computer");
  els_id = peer_id_of (els);
  bn_test_exchange (story.anna, story.bram);
  bn_test_exchange (story.anna, els);
  roster_write (bn_home_appoint (story.anna, els_id, NULL));
  roster_write (bn_home_dismiss (story.anna, anna_id, NULL));
  bn_test_exchange (story.anna, els);

  /* Not a connector: no page, and Alt+4 does nothing. */
  g_assert_true (bn_test_wait_until (connector_view_is, GINT_TO_POINTER (FALSE), 3000));
  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.view", "s", "connector");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (story.window->views), ==, "requests");
  /* The profile's old connector flag grants nothing. */
  publish_connector (TRUE);
  bn_test_iterate (500);
  g_assert_false (adw_view_stack_page_get_visible (story.window->connector_view));

  roster_write (bn_home_appoint (els, anna_id, NULL));
  bn_test_exchange (story.anna, els);
  g_assert_true (bn_test_wait_until (connector_view_is, GINT_TO_POINTER (TRUE), 3000));

  bn_session_set_now (bn_window_get_session (story.window),
                      g_get_real_time () / 1000 + 3 * 24 * 3600 * 1000);
  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.view", "s", "connector");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (story.window->views), ==, "connector");
  /* Chris's lift, Dina's form and walk, Bram's phone; Anna's groceries found Bram. */
  g_assert_true (bn_test_wait_until (connector_waiting_is, GUINT_TO_POINTER (4), 3000));
  assert_shows (page, "A lift to the hospital on Thursday");
  assert_shows (page, "Waiting for 3 days");
  assert_shows (page, "Who could help, nearest first: Els");
  assert_shows (page, "Who could help, nearest first: Anna (you)");
  assert_shows (page, "No neighbour lists this as a talent yet");
  assert_shows (page, "1 open request, 1 waiting for a helper, no neighbour lists it as a talent yet");
  assert_shows (page, "1 open request, 1 waiting for a helper, 1 neighbour likes to help");
  assert_shows (page, "1 request helped in the last 30 days, 1 neighbour likes to help");
  assert_shows (page, "1 open offer, 1 neighbour likes to help");
  g_assert_null (bn_test_find_label (page, "Garden"));   /* nothing to say about it */
  bn_test_iterate (200);
  shoot ("connector");
  {
    BnWindow *narrow = bn_window_new (story.app);
    gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 720);
    bn_session_set_now (bn_window_get_session (narrow),
                        g_get_real_time () / 1000 + 3 * 24 * 3600 * 1000);
    gtk_widget_activate_action (GTK_WIDGET (narrow), "win.view", "s", "connector");
    gtk_window_present (GTK_WINDOW (narrow));
    bn_test_iterate (500);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (narrow)), <=, 360);
    bn_window_dismiss_toast (narrow);
    bn_test_screenshot (GTK_WIDGET (narrow), "connector-narrow");
    gtk_window_destroy (GTK_WINDOW (narrow));
  }

  /* No longer a connector: the page goes, and the window shows another. */
  roster_write (bn_home_dismiss (els, anna_id, NULL));
  bn_test_exchange (story.anna, els);
  g_assert_true (bn_test_wait_until (connector_view_is, GINT_TO_POINTER (FALSE), 3000));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (story.window->views), !=, "connector");
  roster_write (bn_home_appoint (els, anna_id, NULL));
  bn_test_exchange (story.anna, els);
  g_assert_true (bn_test_wait_until (connector_view_is, GINT_TO_POINTER (TRUE), 3000));
  bn_session_set_now (bn_window_get_session (story.window), 0);
  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.view", "s", "requests");
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
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
welcome_again (gpointer data)
{
  /* data points at a weak pointer to the old window: once it is gone, the new
   * window may well sit at the same address, so compare nothing else. */
  gpointer *old_window = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (story.app));
  return *old_window == NULL && BN_IS_WINDOW (window)
         && g_strcmp0 (gtk_stack_get_visible_child_name (BN_WINDOW (window)->main_stack),
                       "welcome") == 0;
}

/* The network popover, then Preferences: a changed profile is published;
 * leaving the neighbourhood erases this computer's data after the question. */
static void
test_preferences_and_leave (void)
{
  GtkWindow *prefs;
  AdwMessageDialog *question;
  gpointer old_window;
  g_autofree char *data_dir = g_strdup (bn_home_get_data_dir (story.anna));
  g_autofree char *old_peer = bn_home_dup_peer_id (story.anna);
  g_autoptr(BnProfile) profile = NULL;
  GtkWidget *popover_button = gtk_widget_get_first_child (GTK_WIDGET (story.window->network_button));

  gtk_menu_button_popup (GTK_MENU_BUTTON (popover_button));
  bn_test_iterate (300);
  bn_test_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (popover_button))),
                      "network");
  /* "Why can't I see my neighbours?" in the popover opens the doctor's window
   * (the same as win.doctor) and the popover steps aside. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (popover_button))),
                                      "Why Can’t I See My Neighbours?"), "clicked");
  bn_test_iterate (300);
  {
    GtkWindow *doctor = find_toplevel (BN_TYPE_DOCTOR_DIALOG);
    g_assert_nonnull (doctor);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (popover_button)))));
    gtk_window_destroy (doctor);
  }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (popover_button));

  g_action_group_activate_action (G_ACTION_GROUP (story.app), "preferences", NULL);
  bn_test_iterate (300);
  prefs = find_toplevel (BN_TYPE_PREFERENCES);
  g_assert_nonnull (prefs);
  bn_test_screenshot (GTK_WIDGET (prefs), "preferences");
  g_assert_true (bn_preferences_save_profile (BN_PREFERENCES (prefs)));
  profile = bn_home_get_my_profile (story.anna);
  g_assert_cmpstr (profile->name, ==, "Anna");
  g_assert_cmpstr (profile->floor, ==, "2");
  g_assert_true (profile->connector);   /* from the roster: Els appointed her again */

  g_signal_emit_by_name (find_button (GTK_WIDGET (prefs), "Leave the Neighbourhood…"), "clicked");
  bn_test_iterate (200);
  question = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (question);
  bn_test_screenshot (GTK_WIDGET (question), "leave");
  story.anna = NULL;   /* owned by the session, which goes now */
  old_window = story.window;
  g_object_add_weak_pointer (G_OBJECT (old_window), &old_window);
  adw_message_dialog_response (question, "leave");
  g_assert_true (bn_test_wait_until (welcome_again, &old_window, 5000));
  story.window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (story.app)));

  /* A fresh start: a new key in the same place, no neighbourhood. */
  {
    BnSession *session = bn_window_get_session (story.window);
    g_autofree char *new_peer = bn_home_dup_peer_id (bn_session_get_home (session));
    g_assert_cmpstr (bn_home_get_data_dir (bn_session_get_home (session)), ==, data_dir);
    g_assert_false (bn_session_has_hood (session));
    g_assert_cmpstr (new_peer, !=, old_peer);
  }
}

static gboolean
no_main_window (gpointer data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (story.app)); l != NULL; l = l->next)
    if (BN_IS_WINDOW (l->data))
      return FALSE;
  return TRUE;
}

static gboolean
notified_since (gpointer before)
{
  return bn_test_n_notifications () > GPOINTER_TO_UINT (before);
}

static void
cli_done (GObject *source, GAsyncResult *result, gpointer done)
{
  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL));
  *(gboolean *) done = TRUE;
}

static gboolean
is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

/* Runs buurtnet-cli while this process's main loop (and the app's peer in it)
 * keeps running. */
static void
run_cli (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cli = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_check_async (cli, NULL, cli_done, &done);
  g_assert_true (bn_test_wait_until (is_true, &done, 30000));
}

/* "Keep running in the background" is on unless turned off: closing the window
 * says so once, and the peer keeps syncing and notifying. Bram, in a real
 * buurtnet-cli process, asks for what Anna likes to do and syncs with her
 * peer: she is told, with no window open. Opening the app brings it back. */
static void
test_background (void)
{
  BnSession *session = bn_window_get_session (story.window);
  g_autofree char *port = g_strdup_printf ("127.0.0.1:%u", bn_session_get_port (session));
  const char *cli = g_getenv ("BUURTNET_CLI");
  const char *bram = bn_home_get_data_dir (story.bram);
  const char *post[] = { cli, "-d", bram, "post", "request", "--category", "meals",
                         "--title", "Soup for a neighbour in bed with flu", NULL };
  const char *sync[] = { cli, "-d", bram, "sync", port, NULL };
  GtkWindow *question;
  guint before;

  g_assert_nonnull (cli);
  g_assert_true (bn_session_is_sharing (session));
  gtk_window_close (GTK_WINDOW (story.window));
  bn_test_iterate (300);
  question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  bn_test_screenshot (GTK_WIDGET (question), "background");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "background");
  g_assert_true (bn_test_wait_until (no_main_window, NULL, 3000));
  story.window = NULL;
  g_assert_true (bn_application_get_in_background (story.app));
  g_assert_true (bn_session_is_sharing (session));

  before = bn_test_n_notifications ();
  run_cli (post);
  run_cli (sync);
  g_assert_true (bn_test_wait_until (notified_since, GUINT_TO_POINTER (before), 10000));

  g_application_activate (G_APPLICATION (story.app));
  story.window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (story.app)));
  g_assert_nonnull (story.window);
  g_assert_false (bn_application_get_in_background (story.app));
}

/* Start at login, outside a sandbox: an XDG autostart file that starts the
 * app without a window; turned off, it is gone. */
static void
test_start_at_login (void)
{
  g_autofree char *path = bn_application_dup_autostart_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_application_set_start_at_login (story.app, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Exec=buurtnet --background\n"));
  g_assert_true (bn_application_set_start_at_login (story.app, FALSE, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int argc, char *argv[])
{
  int status;

  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();
  g_test_add_func ("/buurtnet/app/window/first-run", test_first_run);
  g_test_add_func ("/buurtnet/app/window/neighbours-arrive", test_neighbours_arrive);
  g_test_add_func ("/buurtnet/app/window/ask", test_ask);
  g_test_add_func ("/buurtnet/app/window/offer-accept-thank", test_offer_accept_thank);
  g_test_add_func ("/buurtnet/app/window/main-screens", test_main_screens);
  g_test_add_func ("/buurtnet/app/window/connector", test_connector);
  g_test_add_func ("/buurtnet/app/window/background", test_background);
  g_test_add_func ("/buurtnet/app/window/start-at-login", test_start_at_login);
  g_test_add_func ("/buurtnet/app/window/preferences-and-leave", test_preferences_and_leave);
  status = g_test_run ();

  if (story.window != NULL)
    gtk_window_destroy (GTK_WINDOW (story.window));
  g_clear_object (&story.bram);
  g_clear_object (&story.app);
  g_free (story.invite);
  g_free (story.post_id);
  return status;
}
