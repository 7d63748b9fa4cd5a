/* test-meet.c — after a match: the conversation (a proposed time, an answer,
 * unread counts, deleting a message for both), changing course on both sides,
 * and meetups; the whole window in-process, screenshots at 1280 and 360 px
 *
 * The neighbour is a BnHome in this process; the two exchange entries the way
 * peers do (each takes what it lacks), without a network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-moderation.h"
#include "bn-notifier.h"
#include "bn-post-page-private.h"
#include "bn-window-private.h"
#include "bn-event-format.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  BnApplication *app;
  BnWindow      *window;
  BnSession     *session;
  BnHome        *anna;    /* the app's home */
  BnHome        *bram;
  BnNotifier    *notifier;
  char          *post_id;
} Meet;

static Meet meet;

/* "meet-match", "meet-match-nl": one file per language. */
static char *
shot_name (const char *base)
{
  const char *lang = g_getenv ("LANGUAGE");

  if (lang == NULL || g_str_has_prefix (lang, "en"))
    return g_strdup (base);
  return g_strdup_printf ("%s-%s", base, lang);
}

/* A narrow window's screenshot, checked to stay within 360 px. */
static void
shoot_narrow (BnWindow *narrow, const char *base)
{
  g_autofree char *name = shot_name (base);

  bn_test_iterate (300);
  bn_test_screenshot (GTK_WIDGET (narrow), name);
  /* Every language fits a phone, the window's pages not shown included
   * (each is measured). */
  if (gtk_widget_get_width (GTK_WIDGET (narrow)) > 360)
    g_error ("%s is %d px wide", name, gtk_widget_get_width (GTK_WIDGET (narrow)));
}

static void
shoot (const char *base)
{
  g_autofree char *name = shot_name (base);

  /* The toast stays: dismissing one while the app adds the next crashes
   * libadwaita 1.2's overlay (see src/app/README.md). */
  bn_test_iterate (300);
  bn_test_screenshot (GTK_WIDGET (meet.window), name);
}

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

/* A translated sentence with one name (or word) in it. */
static char *
say (const char *format, const char *word)
{
  return g_strdup_printf (format, word);
}

static gboolean
label_shown (gpointer text)
{
  return bn_test_find_label (GTK_WIDGET (meet.window), text) != NULL;
}

static void
wait_for_label (const char *text)
{
  if (!bn_test_wait_until (label_shown, (gpointer) text, 3000))
    g_error ("No label “%s” on screen", text);
}

/* Returns: (transfer full) */
static char *
peer_id (BnHome *home)
{
  return bn_identity_get_peer_id (bn_home_get_identity (home));
}

static void
exchange (void)
{
  bn_test_exchange (meet.anna, meet.bram);
  bn_session_refresh (meet.session);
  g_signal_emit_by_name (meet.session, "changed");
}

/* The notifications a scan gives now, as their titles. */
static GStrv
scan_titles (void)
{
  g_autoptr(GPtrArray) found = bn_notifier_scan (meet.notifier);
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();

  for (guint i = 0; i < found->len; i++)
    {
      const char *title = g_object_get_data (g_ptr_array_index (found, i), "bn-title");
      g_strv_builder_add (titles, title ? title : "");
    }
  return g_strv_builder_end (titles);
}

static GtkWindow *
find_dialog (void)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
dialog_shown (gpointer unused)
{
  return find_dialog () != NULL;
}

static void
answer_dialog (const char *response)
{
  GtkWindow *dialog;

  g_assert_true (bn_test_wait_until (dialog_shown, NULL, 3000));
  dialog = find_dialog ();
  /* As a click on the button does: the answer, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
}

/* Anna starts a neighbourhood, Bram joins; Anna asks, Bram offers, Anna accepts. */
static void
test_match (void)
{
  g_autofree char *dir = bn_test_make_dir ("anna");
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) reply = NULL;
  g_autoptr(BnEntry) post = NULL;
  g_autoptr(GPtrArray) replies = NULL;
  BnPostDraft draft = { .kind = "request", .category = "errands",
                        .title = "Groceries on Saturday" };
  const char *talents[] = { "meals", NULL };
  BnProfile anna = { .name = "Anna", .street = "Kerkstraat", .building = "12",
                     .talents = (GStrv) talents };

  meet.app = bn_application_new ();
  g_application_set_flags (G_APPLICATION (meet.app), G_APPLICATION_NON_UNIQUE);
  bn_application_set_data_dir (meet.app, dir);
  bn_application_set_network (meet.app, 0, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (meet.app), NULL, &error));
  g_application_activate (G_APPLICATION (meet.app));
  meet.window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (meet.app)));
  gtk_window_set_default_size (GTK_WINDOW (meet.window), 1280, 800);
  meet.session = bn_window_get_session (meet.window);
  g_assert_true (bn_home_set_name (bn_session_get_home (meet.session), "Anna", NULL));
  bn_welcome_show_step (meet.window->welcome, "hood");
  g_assert_true (bn_welcome_create_hood (meet.window->welcome, "Kerkstraat"));
  wait_for_page (meet.window->main_stack, "app");
  bn_test_iterate (300);
  {
    GList *windows = gtk_window_list_toplevels ();
    for (GList *l = windows; l != NULL; l = l->next)
      if (l->data != (gpointer) meet.window)
        gtk_window_destroy (l->data);
    g_list_free (windows);
  }
  meet.anna = bn_session_get_home (meet.session);
  g_assert_true (bn_home_publish_profile (meet.anna, &anna, NULL));
  meet.bram = bn_test_neighbour ("bram", meet.anna, "Bram", "Kerkstraat", "12", "3", "errands");
  /* This test's notifier scans when the test asks (the app's own sends them). */
  meet.notifier = bn_notifier_new (NULL, meet.session, NULL);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (meet.session, meet.notifier), ==, 1);

  post = bn_home_publish_post (meet.anna, &draft, NULL);
  meet.post_id = bn_hex_encode (post->id, BN_HASH_LEN);
  exchange ();
  reply = bn_home_reply (meet.bram, meet.post_id, "Happy to, I go on Saturday morning anyway.", NULL);
  g_assert_nonnull (reply);
  exchange ();
  g_strfreev (scan_titles ());
  replies = bn_session_list_replies (meet.session, meet.post_id);
  g_assert_cmpuint (replies->len, ==, 1);
  bn_window_show_post (meet.window, meet.post_id);
  gtk_widget_activate_action (GTK_WIDGET (meet.window->post_page), "post.accept", "s",
                              ((BnNote *) g_ptr_array_index (replies, 0))->id);
  {
    g_autofree char *helping = say (_("%s is helping you"), "Bram");
    wait_for_label (helping);
  }
  exchange ();
  /* The match offers to write to each other. */
  {
    g_autofree char *message = say (_("Message %s"), "Bram");
    g_assert_cmpstr (gtk_button_get_label (meet.window->post_page->message_button), ==, message);
    g_assert_cmpstr (gtk_button_get_label (meet.window->post_page->change_course_button), ==,
                     _("Choose Someone Else"));
  }
  shoot ("meet-match");
}

static gboolean
conversation_has (gpointer n)
{
  return bn_conversation_view_get_n_shown (meet.window->conversation_view) == GPOINTER_TO_UINT (n);
}

static gboolean
unread_is (gpointer n)
{
  return bn_conversations_page_get_n_unread (meet.window->conversations) == GPOINTER_TO_UINT (n);
}

/* From the match to an agreed time: Anna proposes Saturday 10:00 with the
 * picker, Bram answers, Anna reads it; a message deleted for both. */
static void
test_conversation (void)
{
  g_autoptr(GDateTime) saturday = g_date_time_new_local (2026, 12, 5, 10, 0, 0);
  g_autoptr(GPtrArray) read_by_bram = NULL;
  g_autoptr(BnEntry) answer = NULL;
  g_auto(GStrv) titles = NULL;
  g_autofree char *bram_id = peer_id (meet.bram);
  g_autofree char *anna_id = peer_id (meet.anna);
  g_autofree char *proposal = NULL;
  GtkEditable *entry;

  gtk_widget_activate_action (GTK_WIDGET (meet.window->post_page), "post.message", NULL);
  wait_for_page (meet.window->nav_stack, "conversation");
  wait_for_label (_("Say hello, and agree on a time that suits you both."));
  g_assert_cmpstr (bn_conversation_view_get_peer_id (meet.window->conversation_view), ==,
                   bram_id);

  /* The quick reply writes the question into the field, to edit before sending. */
  bn_conversation_view_propose (meet.window->conversation_view, saturday);
  entry = GTK_EDITABLE (gtk_window_get_focus (GTK_WINDOW (meet.window)));
  g_assert_true (GTK_IS_EDITABLE (entry) || GTK_IS_TEXT (entry));
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (meet.window));
    while (focus != NULL && !GTK_IS_ENTRY (focus))
      focus = gtk_widget_get_parent (focus);
    g_assert_nonnull (focus);
    entry = GTK_EDITABLE (focus);
  }
  /* In the sender's language, with the names of days and months translated. */
  proposal = g_strdup (gtk_editable_get_text (entry));
  if (g_str_has_prefix (g_getenv ("LANGUAGE"), "nl"))
    g_assert_cmpstr (proposal, ==, "Past het je op zaterdag 5 december om 10:00?");
  else if (g_str_has_prefix (g_getenv ("LANGUAGE"), "fr"))
    g_assert_cmpstr (proposal, ==, "Est-ce que samedi 5 décembre à 10:00 vous conviendrait ?");
  else
    g_assert_cmpstr (proposal, ==, "Would Saturday 5 December at 10:00 suit you?");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (bn_test_wait_until (conversation_has, GUINT_TO_POINTER (1), 3000));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");

  /* Bram reads it on his side, and answers. */
  exchange ();
  read_by_bram = bn_home_read_conversation (meet.bram, anna_id, TRUE, NULL);
  g_assert_cmpuint (read_by_bram->len, ==, 1);
  g_assert_cmpstr (((BnMessage *) g_ptr_array_index (read_by_bram, 0))->text, ==, proposal);
  g_assert_cmpstr (((BnMessage *) g_ptr_array_index (read_by_bram, 0))->about, ==, meet.post_id);
  /* The question carries its time: Saturday 10:00, Brussels time. */
  {
    gint64 ten = 0;
    g_assert_true (bn_event_time_parse ("2026-12-05T10:00:00+01:00", &ten));
    g_assert_cmpint (((BnMessage *) g_ptr_array_index (read_by_bram, 0))->proposes_ms, ==, ten);
  }
  answer = bn_home_send_message (meet.bram, anna_id,
                                 "That suits me. See you at ten!", NULL, 0, NULL);
  g_assert_nonnull (answer);

  /* Anna is elsewhere: the Messages page counts it, a notification says who wrote. */
  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.view", "s", "conversations");
  wait_for_page (meet.window->nav_stack, "browse");
  exchange ();
  titles = scan_titles ();
  {
    g_autofree char *wrote = say (_("%s wrote to you"), "Bram");
    g_assert_true (g_strv_contains ((const char *const *) titles, wrote));
  }
  g_assert_true (bn_test_wait_until (unread_is, GUINT_TO_POINTER (1), 3000));
  g_assert_cmpuint (bn_conversations_page_get_n_shown (meet.window->conversations), ==, 1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (meet.window->views), ==,
                   "conversations");
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (meet.window->conversations_view), ==, 1);
  shoot ("meet-conversations");

  /* Opening it marks it read. */
  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.open-conversation", "s", bram_id);
  wait_for_page (meet.window->nav_stack, "conversation");
  g_assert_true (bn_test_wait_until (conversation_has, GUINT_TO_POINTER (2), 3000));
  wait_for_label ("That suits me");
  g_signal_emit_by_name (meet.session, "changed");
  g_assert_true (bn_test_wait_until (unread_is, GUINT_TO_POINTER (0), 3000));
  shoot ("meet-conversation");

  /* A message sent by mistake, deleted for both of us. */
  gtk_editable_set_text (entry, "Oops, wrong neighbour");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (bn_test_wait_until (conversation_has, GUINT_TO_POINTER (3), 3000));
  exchange ();
  {
    GtkWidget *label = bn_test_find_label (GTK_WIDGET (meet.window->conversation_view), "Oops");
    GtkWidget *row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
    GtkWidget *button = row;
    /* The row's delete button: the last button in it. */
    for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL; )
      {
        if (GTK_IS_BUTTON (w))
          button = w;
        w = gtk_widget_get_first_child (w) ? gtk_widget_get_first_child (w)
                                           : gtk_widget_get_next_sibling (w)
                                             ? gtk_widget_get_next_sibling (w)
                                             : gtk_widget_get_next_sibling (gtk_widget_get_parent (w));
      }
    g_assert_true (GTK_IS_BUTTON (button));
    gtk_widget_activate (button);
  }
  answer_dialog ("delete");
  g_assert_true (bn_test_wait_until (conversation_has, GUINT_TO_POINTER (2), 3000));
  exchange ();
  g_clear_pointer (&read_by_bram, g_ptr_array_unref);
  read_by_bram = bn_home_read_conversation (meet.bram, anna_id, FALSE, NULL);
  g_assert_cmpuint (read_by_bram->len, ==, 2);
}

/* The button in the conversation labelled @label, or NULL. */
static GtkWidget *
conversation_button (const char *label)
{
  GtkWidget *text = bn_test_find_label (GTK_WIDGET (meet.window->conversation_view), label);

  return text != NULL ? gtk_widget_get_ancestor (text, GTK_TYPE_BUTTON) : NULL;
}

static gboolean
button_gone (gpointer label)
{
  return conversation_button (label) == NULL;
}

/* Bram proposes Sunday 11:00 from his side: Anna's "That Suits Me" sends the
 * yes, which Bram reads with the time agreed; "Add to Calendar" writes it. */
static void
test_that_suits_me (void)
{
  g_autofree char *anna_id = peer_id (meet.anna);
  g_autofree char *proposal_id = NULL;
  g_autofree char *agreement = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ics = NULL;
  g_autoptr(BnEntry) proposal = NULL;
  g_autoptr(GPtrArray) read_by_bram = NULL;
  g_autoptr(GError) error = NULL;
  BnMessage *answer;
  GtkWidget *suits;
  gint64 sunday = 0;
  guint before = bn_conversation_view_get_n_shown (meet.window->conversation_view);

  g_assert_true (bn_event_time_parse ("2026-12-06T11:00:00+01:00", &sunday));
  proposal = bn_home_send_message_draft (meet.bram, &(BnMessageDraft) {
                                           .to = anna_id, .text = "Or would Sunday at 11 be better?",
                                           .about = meet.post_id, .proposes_ms = sunday }, &error);
  g_assert_no_error (error);
  proposal_id = bn_entry_dup_id_hex (proposal);
  exchange ();
  g_assert_true (bn_test_wait_until (conversation_has, GUINT_TO_POINTER (before + 1), 3000));
  suits = conversation_button (_("That Suits Me"));
  g_assert_nonnull (suits);
  g_assert_null (conversation_button (_("Add to Calendar")));
  shoot ("meet-suits");

  gtk_widget_activate (suits);
  g_assert_true (bn_test_wait_until (conversation_has, GUINT_TO_POINTER (before + 2), 3000));
  g_assert_true (bn_test_wait_until (button_gone, (gpointer) _("That Suits Me"), 3000));
  g_assert_nonnull (conversation_button (_("Add to Calendar")));
  agreement = bn_event_format_agreement (sunday);
  if (g_str_has_prefix (g_getenv ("LANGUAGE"), "nl"))
    g_assert_cmpstr (agreement, ==, "Dat past me: zondag 6 december om 11:00.");
  else if (g_str_has_prefix (g_getenv ("LANGUAGE"), "fr"))
    g_assert_cmpstr (agreement, ==, "Ça me convient : dimanche 6 décembre à 11:00.");
  else
    g_assert_cmpstr (agreement, ==, "That suits me: Sunday 6 December at 11:00.");
  wait_for_label (agreement);
  shoot ("meet-agreed");

  /* Bram reads the yes to his proposal, with its time. */
  exchange ();
  read_by_bram = bn_home_read_conversation (meet.bram, anna_id, FALSE, NULL);
  answer = g_ptr_array_index (read_by_bram, read_by_bram->len - 1);
  g_assert_cmpstr (answer->text, ==, agreement);
  g_assert_cmpstr (answer->agrees, ==, proposal_id);
  g_assert_cmpint (answer->agreed_ms, ==, sunday);
  g_assert_cmpstr (answer->about, ==, meet.post_id);
  g_assert_true (((BnMessage *) g_ptr_array_index (read_by_bram, read_by_bram->len - 2))->answered);

  /* The calendar file: the agreed hour in Brussels time, with reminders. */
  path = bn_conversation_view_write_ics (meet.window->conversation_view, answer->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &ics, NULL, &error));
  g_assert_nonnull (strstr (ics, "DTSTART;TZID=Europe/Brussels:20261206T110000"));
  g_assert_nonnull (strstr (ics, "DTEND;TZID=Europe/Brussels:20261206T120000"));
  g_assert_nonnull (strstr (ics, "TRIGGER:-PT1H"));
  {
    g_autofree char *title = g_strdup_printf (_("%1$s, with %2$s"), "Groceries on Saturday", "Bram");
    g_auto(GStrv) parts = g_strsplit (title, ",", -1);
    g_autofree char *escaped = g_strjoinv ("\\,", parts);   /* RFC 5545 escapes commas */
    g_autofree char *summary = g_strdup_printf ("SUMMARY:%s", escaped);
    g_assert_nonnull (strstr (ics, summary));
  }
}

/* The widget under @root whose tooltip is @tooltip (a row's menu), or an
 * expander row titled @title: what a person finds on the Neighbours page. */
static GtkWidget *
find_widget (GtkWidget *root, const char *tooltip, const char *title)
{
  if (tooltip != NULL && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  if (title != NULL && ADW_IS_EXPANDER_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, tooltip, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The choice labelled @label in the open menu @menu, or NULL. */
static GtkWidget *
menu_choice (GtkWidget *menu, const char *label)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)));

  for (GtkWidget *w = popover; w != NULL; )
    {
      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        return w;
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != popover && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == popover ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  return NULL;
}

static gboolean
transition_done (gpointer stack)
{
  return !gtk_stack_get_transition_running (stack);
}

/* Bram's menu on the Neighbours page, opened. */
static GtkWidget *
open_bram_menu (void)
{
  g_autofree char *tooltip = say (_("Connector’s choices for %s"), "Bram");
  GtkWidget *row = find_widget (GTK_WIDGET (meet.window->neighbours), NULL, "Bram");
  GtkWidget *menu = row != NULL ? find_widget (row, tooltip, NULL) : NULL;

  g_assert_nonnull (menu);
  g_assert_true (bn_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, menu, 3000));
  /* A popover placed while the page still slides in finds no monitor (GTK 4.8). */
  g_assert_true (bn_test_wait_until (transition_done, meet.window->nav_stack, 3000));
  bn_test_iterate (100);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  bn_test_iterate (100);
  return menu;
}

/* "Send a Message" in Bram's row opens the conversation with him; not while
 * Anna blocks him; and her own row has no menu at all. */
static void
test_neighbour_menu (void)
{
  g_autofree char *bram_id = peer_id (meet.bram);
  g_autofree char *me = say (_("%s (you)"), "Anna");
  g_autoptr(GError) error = NULL;
  GtkWidget *menu, *choice;

  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.view", "s", "neighbours");
  wait_for_page (meet.window->nav_stack, "browse");
  bn_test_iterate (200);
  menu = open_bram_menu ();
  choice = menu_choice (menu, _("Send a _Message"));
  g_assert_nonnull (choice);
  {
    g_autofree char *name = shot_name ("meet-neighbour-menu");
    bn_test_iterate (200);
    bn_test_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu))), name);
  }
  g_signal_emit_by_name (choice, "clicked");
  wait_for_page (meet.window->nav_stack, "conversation");
  g_assert_cmpstr (bn_conversation_view_get_peer_id (meet.window->conversation_view), ==, bram_id);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)))));
  {
    GtkWidget *mine = find_widget (GTK_WIDGET (meet.window->neighbours), NULL, me);
    g_autofree char *my_menu = say (_("Connector’s choices for %s"), "Anna");

    g_assert_nonnull (mine);
    g_assert_null (find_widget (mine, my_menu, NULL));
  }

  /* Blocked: no message to him from this menu. */
  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.back", NULL);
  wait_for_page (meet.window->nav_stack, "browse");
  bn_test_iterate (500);
  g_assert_true (bn_home_block (meet.anna, bram_id, &error));
  g_assert_no_error (error);
  bn_moderation_reload (bn_moderation_get (meet.session));
  menu = open_bram_menu ();
  g_assert_null (menu_choice (menu, _("Send a _Message")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
  g_assert_true (bn_home_unblock (meet.anna, bram_id, &error));
  bn_moderation_reload (bn_moderation_get (meet.session));
  menu = open_bram_menu ();
  g_assert_nonnull (menu_choice (menu, _("Send a _Message")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
}

static gboolean
post_is_open (gpointer unused)
{
  BnPostItem *item = bn_session_lookup_post (meet.session, meet.post_id);

  return item != NULL && g_strcmp0 (bn_post_item_get_post (item)->status, "open") == 0;
}

/* Bram can't make it after all: Anna is told on the page and by a
 * notification; she accepts him again, then chooses someone else. */
static void
test_change_course (void)
{
  g_autoptr(BnEntry) withdrawn = NULL;
  g_autoptr(BnEntry) again = NULL;
  g_autoptr(BnPost) seen_by_bram = NULL;
  g_autoptr(GPtrArray) replies = NULL;
  g_auto(GStrv) titles = NULL;

  bn_window_show_post (meet.window, meet.post_id);
  g_strfreev (scan_titles ());
  withdrawn = bn_home_withdraw_reply (meet.bram, meet.post_id, NULL);
  g_assert_nonnull (withdrawn);
  exchange ();
  titles = scan_titles ();
  {
    g_autofree char *cannot = say (_("%s can’t make it after all"), "Bram");
    g_autofree char *line = say (_("%s can’t make it after all. You can choose someone else from the replies."),
                                 "Bram");
    g_assert_true (g_strv_contains ((const char *const *) titles, cannot));
    wait_for_label (line);
  }
  shoot ("meet-withdrawn");

  /* He offers again; Anna accepts; then she chooses someone else, asked first. */
  again = bn_home_reply (meet.bram, meet.post_id, "Sorted it out, I can come after all.", NULL);
  g_assert_nonnull (again);
  exchange ();
  replies = bn_session_list_replies (meet.session, meet.post_id);
  for (guint i = 0; i < replies->len; i++)
    if (!((BnNote *) g_ptr_array_index (replies, i))->withdrawn)
      gtk_widget_activate_action (GTK_WIDGET (meet.window->post_page), "post.accept", "s",
                                  ((BnNote *) g_ptr_array_index (replies, i))->id);
  {
    g_autofree char *helping = say (_("%s is helping you"), "Bram");
    wait_for_label (helping);
  }
  exchange ();
  g_strfreev (scan_titles ());
  gtk_widget_activate_action (GTK_WIDGET (meet.window->post_page), "post.change-course", NULL);
  answer_dialog ("change");
  g_assert_true (bn_test_wait_until (post_is_open, NULL, 3000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (meet.window->post_page->match_group)));
  exchange ();
  seen_by_bram = bn_home_get_post (meet.bram, meet.post_id, NULL);
  g_assert_cmpstr (seen_by_bram->status, ==, "open");
  g_assert_null (seen_by_bram->helper);
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
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

static void
click (const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (meet.window), label);

  if (button == NULL)
    g_error ("No button “%s” on screen", label);
  gtk_widget_activate (button);
}

static void
collect_spin_buttons (GtkWidget *root, GPtrArray *found)
{
  if (GTK_IS_SPIN_BUTTON (root))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_spin_buttons (child, found);
}

/* The meetup form's time as a clock shows it: the hour as it is, the minutes
 * with two digits ("10 : 00", not "10 : 0"); what a screen reader reads as
 * the minutes' value stays the number, under the minutes' own name. */
static void
assert_form_times (const char *start_hour, const char *start_minutes, const char *end_hour,
                   const char *end_minutes)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autofree char *name = g_strdup_printf (_("%s, minutes"), _("Starts"));

  collect_spin_buttons (GTK_WIDGET (meet.window->event_form), spins);
  g_assert_cmpuint (spins->len, ==, 5);   /* start, end (hour and minutes), places */
  g_assert_cmpstr (gtk_editable_get_text (spins->pdata[0]), ==, start_hour);
  g_assert_cmpstr (gtk_editable_get_text (spins->pdata[1]), ==, start_minutes);
  g_assert_cmpstr (gtk_editable_get_text (spins->pdata[2]), ==, end_hour);
  g_assert_cmpstr (gtk_editable_get_text (spins->pdata[3]), ==, end_minutes);
  {
    GtkAccessible *minutes = spins->pdata[1];
    double value = g_ascii_strtod (start_minutes, NULL);
    g_autofree char *wrong_value =
      gtk_test_accessible_check_property (minutes, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, value);
    g_autofree char *wrong_name =
      gtk_test_accessible_check_property (minutes, GTK_ACCESSIBLE_PROPERTY_LABEL, name);

    g_assert_cmpstr (wrong_value, ==, NULL);
    g_assert_cmpstr (wrong_name, ==, NULL);
  }
}

/* A screen reader hears the note under Places with the field: the row's
 * subtitle reached AT-SPI as a described-by relation only, its description
 * empty, and Orca said "Places" alone. */
static void
assert_places_described (void)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autofree char *wrong = NULL;

  collect_spin_buttons (GTK_WIDGET (meet.window->event_form), spins);
  g_assert_cmpuint (spins->len, ==, 5);   /* the last one is Places */
  wrong = gtk_test_accessible_check_property (spins->pdata[4], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              _("0: as many as come"));
  g_assert_cmpstr (wrong, ==, NULL);
}

static GtkWidget *
first_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The day button shows the day; a screen reader hears "Day:" and the whole
 * day, not "Day" alone (the button's name replaces what it shows). */
static void
assert_day_named (void)
{
  GtkWidget *button = first_of_type (GTK_WIDGET (meet.window->event_form), GTK_TYPE_MENU_BUTTON);
  GtkWidget *words = button != NULL ? first_of_type (button, GTK_TYPE_LABEL) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *wrong = NULL;

  g_assert_nonnull (words);
  name = g_strdup_printf (_("Day: %s"), gtk_label_get_label (GTK_LABEL (words)));
  g_assert_nonnull (strchr (gtk_label_get_label (GTK_LABEL (words)), ' '));   /* a day in words */
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              name);
  g_assert_cmpstr (wrong, ==, NULL);
}

static gboolean
meetups_shown (gpointer n)
{
  return bn_meetups_page_get_n_shown (meet.window->meetups) == GPOINTER_TO_UINT (n);
}

/* Anna organises a coffee morning with three places; Bram says yes with a
 * guest; Anna adds it to her calendar, changes the place; a meetup of
 * Bram's that Anna said yes to is cancelled, and she is told. */
static void
test_meetup (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (later),
                                                      g_date_time_get_month (later),
                                                      g_date_time_get_day_of_month (later),
                                                      10, 0, 0);
  g_autoptr(GDateTime) gone_by = g_date_time_add_days (start, -12);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) rsvp = NULL;
  g_autoptr(BnEntry) walk = NULL;
  g_autoptr(BnEvent) seen_by_bram = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *ics_path = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *walk_id = NULL;
  g_auto(GStrv) titles = NULL;
  BnEventDraft bram_walk = { .title = "Walk to the Karreveld park", .place = "In front of number 12",
                             .category = "walk", .capacity = -1 };

  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.new-meetup", NULL);
  wait_for_page (meet.window->nav_stack, "meetup-form");
  assert_form_times ("10", "00", "12", "00");
  assert_day_named ();
  assert_places_described ();
  g_assert_false (bn_event_form_submit (meet.window->event_form));   /* no title, no place */
  wait_for_label (_("A meetup needs a title and a place, such as “the courtyard”."));
  bn_event_form_fill (meet.window->event_form, "Coffee in the courtyard", "The courtyard",
                      gone_by, 90, "coffee", 3);
  g_assert_false (bn_event_form_submit (meet.window->event_form));   /* a morning already over */
  wait_for_label (_("That time has already gone by; choose a later day or time."));
  bn_event_form_fill (meet.window->event_form, "Coffee in the courtyard", "The courtyard",
                      start, 90, "coffee", 3);
  shoot ("meet-meetup-form");
  g_assert_true (bn_event_form_submit (meet.window->event_form));
  wait_for_page (meet.window->nav_stack, "meetup");
  wait_for_label ("Coffee in the courtyard");
  event_id = g_strdup (bn_event_page_get_event_id (meet.window->event_page));
  g_assert_nonnull (event_id);

  /* Bram says yes, with a guest: two of three places taken. */
  exchange ();
  rsvp = bn_home_rsvp (meet.bram, event_id, "yes", 1, &error);
  g_assert_no_error (error);
  exchange ();
  {
    g_autofree char *two = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u place taken",
                                                         "%u of %u places taken", 2), 2, 3);
    g_autofree char *three = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u place taken",
                                                           "%u of %u places taken", 3), 3, 3);
    wait_for_label (two);
    click (_("I’ll Come"));
    wait_for_label (three);
    wait_for_label (_("You said you’ll come. See you there!"));
  }
  shoot ("meet-meetup");

  /* Add to Calendar writes an .ics with its reminders. */
  ics_path = bn_event_page_write_ics (meet.window->event_page, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ics_path, &ics, NULL, NULL));
  g_assert_nonnull (strstr (ics, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (ics, "SUMMARY:Coffee in the courtyard"));
  g_assert_nonnull (strstr (ics, "BEGIN:VALARM"));

  /* The organiser changes the place; Bram's computer sees it. */
  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.edit-meetup", "s", event_id);
  wait_for_page (meet.window->nav_stack, "meetup-form");
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (meet.window));
    g_assert_nonnull (focus);
  }
  assert_form_times ("10", "00", "11", "30");
  bn_event_form_fill (meet.window->event_form, "Coffee in the courtyard", "Zaaltje Karreveld",
                      start, 90, "coffee", 3);
  g_assert_true (bn_event_form_submit (meet.window->event_form));
  wait_for_page (meet.window->nav_stack, "meetup");
  wait_for_label ("Zaaltje Karreveld");
  exchange ();
  seen_by_bram = bn_home_get_event (meet.bram, event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen_by_bram->place, ==, "Zaaltje Karreveld");
  g_assert_cmpuint (seen_by_bram->going, ==, 3);

  /* The list, soonest first, at Alt+6. */
  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.view", "s", "meetups");
  wait_for_page (meet.window->nav_stack, "browse");
  g_assert_true (bn_test_wait_until (meetups_shown, GUINT_TO_POINTER (1), 3000));
  wait_for_label ("Zaaltje Karreveld");
  shoot ("meet-meetups");

  /* Bram's walk: Anna says maybe; Bram cancels it; Anna is told. */
  bram_walk.start = g_date_time_format (start, "%Y-%m-%dT15:00:00");
  bram_walk.end = g_date_time_format (start, "%Y-%m-%dT16:30:00");
  walk = bn_home_create_event (meet.bram, &bram_walk, &error);
  g_free ((char *) bram_walk.start);
  g_free ((char *) bram_walk.end);
  g_assert_no_error (error);
  walk_id = bn_hex_encode (walk->id, BN_HASH_LEN);
  exchange ();
  g_assert_true (bn_test_wait_until (meetups_shown, GUINT_TO_POINTER (2), 3000));
  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.show-meetup", "s", walk_id);
  wait_for_page (meet.window->nav_stack, "meetup");
  wait_for_label ("Walk to the Karreveld park");
  g_assert_null (find_button (GTK_WIDGET (meet.window->event_page), _("Cancel Meetup")));
  click (_("Maybe"));
  wait_for_label (_("You said maybe."));
  exchange ();
  g_strfreev (scan_titles ());
  {
    g_autoptr(BnEntry) cancel = bn_home_cancel_event (meet.bram, walk_id, &error);
    g_assert_no_error (error);
  }
  exchange ();
  titles = scan_titles ();
  {
    g_autofree char *cancelled = say (_("Cancelled: %s"), "Walk to the Karreveld park");
    g_assert_true (g_strv_contains ((const char *const *) titles, cancelled));
  }
  wait_for_label (_("Cancelled by the organiser"));
}

static gboolean
activity_shows (gpointer counts)
{
  const guint *n = counts;

  bn_activity_page_refresh (meet.window->activity_page);
  for (guint s = 0; s < 5; s++)
    if (bn_activity_page_get_n_shown (meet.window->activity_page, s) != n[s])
      return FALSE;
  return TRUE;
}

/* My activity (Ctrl+M): For You holds Bram's request for a meal (Anna likes
 * to cook) and his repair café she has not answered, not his garden job; her
 * request; what she offered to help with, waiting for his answer; her coffee
 * morning and the walk that was cancelled. A row opens its post. */
static void
test_activity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) meal = NULL, garden = NULL, ladder = NULL, reply = NULL, cafe = NULL;
  g_autofree char *meal_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_week = g_date_time_add_days (now, 7);
  g_autofree char *cafe_start = g_date_time_format (next_week, "%Y-%m-%dT14:00:00");
  g_autofree char *cafe_end = g_date_time_format (next_week, "%Y-%m-%dT17:00:00");
  BnPostDraft meal_draft = { .kind = "request", .category = "meals", .title = "Soup for a week" };
  BnPostDraft garden_draft = { .kind = "request", .category = "garden", .title = "Hedge to trim" };
  BnPostDraft ladder_draft = { .kind = "request", .category = "lending", .title = "A ladder" };
  BnEventDraft cafe_draft = { .title = "Repair café", .place = "Zaaltje Karreveld",
                              .category = "repair", .start = cafe_start, .end = cafe_end,
                              .capacity = -1 };
  /* For You, my requests, my offers, what I help with, my meetups */
  const guint expected[5] = { 2, 1, 0, 1, 2 };

  meal = bn_home_publish_post (meet.bram, &meal_draft, &error);
  garden = bn_home_publish_post (meet.bram, &garden_draft, &error);
  ladder = bn_home_publish_post (meet.bram, &ladder_draft, &error);
  cafe = bn_home_create_event (meet.bram, &cafe_draft, &error);
  g_assert_no_error (error);
  meal_id = bn_entry_dup_id_hex (meal);
  exchange ();
  {
    g_autofree char *ladder_id = bn_entry_dup_id_hex (ladder);
    reply = bn_home_reply (meet.anna, ladder_id, "Mine is in the cellar, come and get it.", &error);
    g_assert_no_error (error);
  }
  exchange ();

  gtk_widget_activate_action (GTK_WIDGET (meet.window), "win.activity", NULL);
  wait_for_page (meet.window->nav_stack, "activity");
  if (!bn_test_wait_until (activity_shows, (gpointer) expected, 3000))
    g_error ("My activity shows %u %u %u %u %u rows",
             bn_activity_page_get_n_shown (meet.window->activity_page, 0),
             bn_activity_page_get_n_shown (meet.window->activity_page, 1),
             bn_activity_page_get_n_shown (meet.window->activity_page, 2),
             bn_activity_page_get_n_shown (meet.window->activity_page, 3),
             bn_activity_page_get_n_shown (meet.window->activity_page, 4));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (meet.window->activity_page), "Soup for a week"));
  g_assert_null (bn_test_find_label (GTK_WIDGET (meet.window->activity_page), "Hedge to trim"));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (meet.window->activity_page), "Repair café"));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (meet.window->activity_page),
                                        _("Waiting for their answer")));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (meet.window->activity_page), _("You organise")));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (meet.window->activity_page), _("Cancelled")));
  shoot ("meet-activity");

  /* A row opens its post. */
  {
    GtkWidget *label = bn_test_find_label (GTK_WIDGET (meet.window->activity_page), "Soup for a week");
    GtkWidget *row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
    g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  }
  wait_for_page (meet.window->nav_stack, "post");
  g_assert_cmpstr (bn_post_page_get_post_id (meet.window->post_page), ==, meal_id);
}

static GtkWidget *
find_switch (GtkWidget *root)
{
  if (GTK_IS_SWITCH (root) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switch (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  const char *id;
  const char *date;
} DatedAnswer;

static gboolean
bram_reads_anna_yes (gpointer data)
{
  const DatedAnswer *want = data;
  g_autoptr(BnEvent) event = NULL;

  exchange ();
  event = bn_home_get_event_on (meet.bram, want->id, want->date, NULL);
  for (guint i = 0; event != NULL && i < event->rsvps->len; i++)
    if (g_strcmp0 (((BnRsvp *) g_ptr_array_index (event->rsvps, i))->name, "Anna") == 0)
      return g_strcmp0 (((BnRsvp *) g_ptr_array_index (event->rsvps, i))->answer, "yes") == 0;
  return FALSE;
}

/* A weekly repair café: Anna says she comes on its next date only; Bram
 * reads her yes for that date and no answer of hers the week after. */
static void
test_rsvp_one_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 3);
  g_autofree char *start = g_date_time_format (soon, "%Y-%m-%dT18:00:00");
  g_autofree char *end = g_date_time_format (soon, "%Y-%m-%dT20:00:00");
  BnEventDraft draft = { .title = "Weekly repair café", .place = "Zaaltje Karreveld",
                         .category = "repair", .start = start, .end = end, .capacity = -1,
                         .repeat = "weekly" };
  g_autoptr(BnEntry) entry = bn_home_create_event (meet.bram, &draft, &error);
  g_autofree char *id = NULL;
  g_autoptr(BnEvent) event = NULL;
  g_autoptr(BnEvent) week_after = NULL;
  g_autofree char *only = NULL;
  GtkWidget *one_date;
  DatedAnswer want;

  g_assert_no_error (error);
  id = bn_entry_dup_id_hex (entry);
  exchange ();
  event = bn_home_get_event (meet.bram, id, &error);
  g_assert_no_error (error);
  bn_window_show_meetup (meet.window, id);
  wait_for_page (meet.window->nav_stack, "meetup");
  {
    GDate date;
    g_assert_true (bn_event_date_parse (event->date, &date));
    g_autoptr(GDateTime) noon = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                                                     g_date_get_day (&date), 12, 0, 0);
    g_autofree char *day = bn_event_format_day (noon);
    only = g_strdup_printf (_("Only for %s"), day);
  }
  wait_for_label (only);
  one_date = find_switch (GTK_WIDGET (meet.window->event_page));
  g_assert_nonnull (one_date);
  /* A screen reader hears the switch with what it changes (the row's note;
   * GTK 4.8 gave the bus the row's described-by relation without its words). */
  bn_test_assert_described (one_date, _("Otherwise your answer is for every date"));
  /* and so is each row of the meetup (when, where, how often, by whom). */
  g_assert_cmpuint (bn_test_assert_rows_described (GTK_WIDGET (meet.window->event_page)), >=, 5);
  gtk_switch_set_active (GTK_SWITCH (one_date), TRUE);
  click (_("I’ll Come"));
  {
    g_autofree char *said = g_strdup_printf ("%s %s", _("You said you’ll come. See you there!"),
                                             _("(For this date only.)"));
    wait_for_label (said);
  }
  shoot ("meet-rsvp-one-date");

  want.id = id;
  want.date = event->date;
  g_assert_true (bn_test_wait_until (bram_reads_anna_yes, &want, 3000));
  {
    g_autoptr(GDateTime) next_week = g_date_time_add_days (soon, 7);
    g_autofree char *later = g_date_time_format (next_week, "%Y-%m-%d");
    week_after = bn_home_get_event_on (meet.bram, id, later, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < week_after->rsvps->len; i++)
      g_assert_cmpstr (((BnRsvp *) g_ptr_array_index (week_after->rsvps, i))->name, !=, "Anna");
  }
}

/* The list of coming dates (named "coming-dates"), on screen. */
static GtkWidget *
find_dates_list (GtkWidget *root)
{
  if (GTK_IS_LIST_BOX (root) && g_strcmp0 (gtk_widget_get_name (root), "coming-dates") == 0)
    return gtk_widget_get_mapped (root) ? root : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_dates_list (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of @date in the meetup page's coming dates, or %NULL. */
static AdwExpanderRow *
date_row (const char *date)
{
  GtkWidget *list = find_dates_list (GTK_WIDGET (meet.window->event_page));
  GtkListBoxRow *row;

  for (int i = 0; list != NULL && (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)); i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "bn-date"), date) == 0)
      return ADW_EXPANDER_ROW (row);
  return NULL;
}

static guint
n_date_rows (void)
{
  GtkWidget *list = find_dates_list (GTK_WIDGET (meet.window->event_page));
  guint n = 0;

  while (list != NULL && gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) n) != NULL)
    n++;
  return n;
}

typedef struct
{
  const char *date;
  const char *summary;
} DateShows;

static gboolean
date_row_says (gpointer data)
{
  const DateShows *want = data;
  AdwExpanderRow *row = date_row (want->date);

  return row != NULL && g_strcmp0 (adw_expander_row_get_subtitle (row), want->summary) == 0;
}

static gboolean
more_dates_listed (gpointer n)
{
  return n_date_rows () == GPOINTER_TO_UINT (n);
}

/* Whether Bram's computer has Anna's answer (and which) for @date. */
static char *
bram_reads_anna_on (const char *id, const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEvent) event = bn_home_get_event_on (meet.bram, id, date, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < event->rsvps->len; i++)
    {
      const BnRsvp *rsvp = g_ptr_array_index (event->rsvps, i);
      if (g_strcmp0 (rsvp->name, "Anna") == 0)
        return g_strdup (rsvp->answer);
    }
  return NULL;
}

/* An opened date's answers are there to press: its "I'll Come" is on screen
 * and can be pressed (a fixed wait after opening was too short at load 10). */
static gboolean
date_answers_shown (gpointer row)
{
  GtkWidget *yes = find_button (GTK_WIDGET (row), _("I’ll Come"));

  return yes != NULL && gtk_widget_get_mapped (yes) && gtk_widget_is_sensitive (yes);
}

/* A weekly walk: the page lists its coming dates, four at first and four
 * more on "Show More Dates"; each says who comes. Anna opens the second date
 * and says yes there: Bram's computer stores her yes for that date only, and
 * her page shows it under that date only. */
static void
test_rsvp_other_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) second = g_date_time_add_days (soon, 7);
  g_autoptr(GDateTime) third = g_date_time_add_days (soon, 14);
  g_autofree char *start = g_date_time_format (soon, "%Y-%m-%dT09:30:00");
  g_autofree char *end = g_date_time_format (soon, "%Y-%m-%dT11:00:00");
  g_autofree char *first_date = g_date_time_format (soon, "%Y-%m-%d");
  g_autofree char *second_date = g_date_time_format (second, "%Y-%m-%d");
  g_autofree char *third_date = g_date_time_format (third, "%Y-%m-%d");
  BnEventDraft draft = { .title = "Walk along the canal", .place = "the bridge",
                         .category = "walk", .start = start, .end = end, .capacity = -1,
                         .repeat = "weekly" };
  g_autoptr(BnEntry) entry = bn_home_create_event (meet.bram, &draft, &error);
  g_autofree char *id = NULL, *nobody = NULL, *coming = NULL, *mine = NULL;
  g_autofree char *first_answer = NULL, *second_answer = NULL, *third_answer = NULL;
  AdwExpanderRow *row;
  GtkWidget *yes;
  DateShows shows;

  g_assert_no_error (error);
  id = bn_entry_dup_id_hex (entry);
  exchange ();
  bn_window_show_meetup (meet.window, id);
  wait_for_page (meet.window->nav_stack, "meetup");
  wait_for_label (_("Coming Dates"));
  g_assert_cmpuint (n_date_rows (), ==, 4);
  nobody = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u coming", "%u coming", 0), 0);
  shows = (DateShows) { second_date, nobody };
  g_assert_true (bn_test_wait_until (date_row_says, &shows, 3000));

  /* The second date, opened: its own three answers. */
  row = date_row (second_date);
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (row, TRUE);
  if (!bn_test_wait_until (date_answers_shown, row, 5000))
    g_error ("The second date, opened, shows no “%s” to press", _("I’ll Come"));
  yes = find_button (GTK_WIDGET (row), _("I’ll Come"));
  gtk_widget_activate (yes);

  coming = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u coming", "%u coming", 1), 1);
  mine = g_strdup_printf ("%s. %s", coming, _("You’re coming"));
  shows = (DateShows) { second_date, mine };
  if (!bn_test_wait_until (date_row_says, &shows, 3000))
    g_error ("The second date says “%s”", adw_expander_row_get_subtitle (date_row (second_date)));
  shows = (DateShows) { first_date, nobody };
  g_assert_true (date_row_says (&shows));
  shows = (DateShows) { third_date, nobody };
  g_assert_true (date_row_says (&shows));
  g_assert_true (adw_expander_row_get_expanded (date_row (second_date)));
  gtk_widget_grab_focus (find_button (GTK_WIDGET (date_row (second_date)), _("I’ll Come")));
  shoot ("meet-rsvp-other-date");

  /* Stored with that date: Bram reads it for the second date only. */
  for (int tries = 0; tries < 30 && second_answer == NULL; tries++)
    {
      exchange ();
      second_answer = bram_reads_anna_on (id, second_date);
      if (second_answer == NULL)
        bn_test_iterate (100);
    }
  g_assert_cmpstr (second_answer, ==, "yes");
  first_answer = bram_reads_anna_on (id, first_date);
  third_answer = bram_reads_anna_on (id, third_date);
  g_assert_null (first_answer);
  g_assert_null (third_answer);

  click (_("Show More Dates"));
  if (!bn_test_wait_until (more_dates_listed, GUINT_TO_POINTER (8), 3000))
    g_error ("%u dates listed after “Show More Dates”", n_date_rows ());
  /* The second date stays opened as the list grows. */
  g_assert_true (adw_expander_row_get_expanded (date_row (second_date)));
}

static void
test_narrow (void)
{
  BnWindow *narrow = bn_window_new (meet.app);

  gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 720);
  gtk_window_present (GTK_WINDOW (narrow));
  bn_test_iterate (500);
  adw_view_stack_set_visible_child_name (narrow->views, "conversations");
  shoot_narrow (narrow, "meet-conversations-narrow");
  {
    g_autofree char *bram_id = peer_id (meet.bram);
    bn_window_open_conversation (narrow, bram_id, meet.post_id);
  }
  shoot_narrow (narrow, "meet-conversation-narrow");
  adw_view_stack_set_visible_child_name (narrow->views, "meetups");
  bn_window_show_browse (narrow);
  shoot_narrow (narrow, "meet-meetups-narrow");
  bn_window_organise_meetup (narrow, NULL);
  shoot_narrow (narrow, "meet-meetup-form-narrow");
  {
    g_autoptr(GPtrArray) events = bn_session_list_events (meet.session);
    bn_window_show_meetup (narrow, ((BnEvent *) g_ptr_array_index (events, 0))->id);
  }
  shoot_narrow (narrow, "meet-meetup-narrow");
  {
    /* The soonest is the weekly walk: its dates opened, with their answers. */
    GtkWidget *dates = find_dates_list (GTK_WIDGET (narrow->event_page));
    GtkListBoxRow *row;

    g_assert_nonnull (dates);
    for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (dates), i)) != NULL; i++)
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    /* In sight for the screenshot: the page scrolls to what has the focus. */
    bn_test_iterate (300);
    gtk_widget_grab_focus (find_button (dates, _("I’ll Come")));
  }
  shoot_narrow (narrow, "meet-meetup-dates-narrow");
  bn_window_show_post (narrow, meet.post_id);
  shoot_narrow (narrow, "meet-post-narrow");
  bn_window_show_activity (narrow);
  shoot_narrow (narrow, "meet-activity-narrow");
  gtk_window_destroy (GTK_WINDOW (narrow));
}

int
main (int argc, char *argv[])
{
  int status;

  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();
  g_test_add_func ("/buurtnet/app/meet/match", test_match);
  g_test_add_func ("/buurtnet/app/meet/conversation", test_conversation);
  g_test_add_func ("/buurtnet/app/meet/that-suits-me", test_that_suits_me);
  g_test_add_func ("/buurtnet/app/meet/neighbour-menu", test_neighbour_menu);
  g_test_add_func ("/buurtnet/app/meet/change-course", test_change_course);
  g_test_add_func ("/buurtnet/app/meet/meetup", test_meetup);
  g_test_add_func ("/buurtnet/app/meet/activity", test_activity);
  g_test_add_func ("/buurtnet/app/meet/rsvp-one-date", test_rsvp_one_date);
  g_test_add_func ("/buurtnet/app/meet/rsvp-other-date", test_rsvp_other_date);
  g_test_add_func ("/buurtnet/app/meet/narrow", test_narrow);
  status = g_test_run ();

  g_clear_object (&meet.notifier);
  if (meet.window != NULL)
    gtk_window_destroy (GTK_WINDOW (meet.window));
  g_clear_object (&meet.bram);
  g_clear_object (&meet.app);
  g_free (meet.post_id);
  return status;
}
