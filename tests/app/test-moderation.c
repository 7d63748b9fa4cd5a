/* test-moderation.c — when a neighbour misbehaves, in the app: Dina reports
 * Bram's post from her window; Anna, the connector, reads the report, marks it
 * handled and hides the post for everyone; Dina sees that it was handled and
 * "Hidden by Anna: …" where the post was; Dina blocks Bram and unblocks him.
 *
 * Dina runs the app (a real window); Anna's pages are real widgets on a session
 * of her own; Bram is a BnHome. They exchange entries the way peers do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-connector-page.h"
#include "bn-hide-dialog.h"
#include "bn-moderation.h"
#include "bn-moderation-actions.h"
#include "bn-moderation-page.h"
#include "bn-post-list.h"
#include "bn-post-page-private.h"
#include "bn-report-dialog.h"
#include "bn-report-notifier.h"
#include "bn-window-private.h"

#include <glib/gi18n.h>

typedef struct
{
  BnApplication *app;
  BnWindow      *window;      /* Dina's */
  BnHome        *dina;        /* the app's home */
  BnHome        *anna;        /* the founder: a connector */
  BnSession     *anna_session;
  BnHome        *bram;
  char          *post_id;     /* Bram's post */
  char          *bram_id;
} Story;

static Story story;

#define REASON "Selling watches, not helping"

static GtkWindow *
find_toplevel (GType type)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = windows; l != NULL && found == NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static GtkWidget *
find_widget (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first mapped button whose label is @label. */
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

static gboolean
toplevel_shown (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  g_assert_true (bn_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (type), 3000));
  bn_test_iterate (200);
  return find_toplevel (type);
}

static gboolean
label_shown (gpointer data)
{
  const char **args = data;
  return bn_test_find_label ((GtkWidget *) args[0], args[1]) != NULL;
}

static void
wait_for_label (GtkWidget *root, const char *text)
{
  const char *args[] = { (const char *) root, text };
  if (!bn_test_wait_until (label_shown, args, 4000))
    {
      g_autofree char *shown = bn_test_collect_text (root);
      g_test_message ("shown:\n%s", shown);
      g_error ("“%s” is not shown", text);
    }
}

/* What a translated "%s, %s" says up to its second %s, with @name for the first. */
static char *
prefix_of (const char *format, const char *name)
{
  g_autofree char *text = g_strdup_printf (format, name, "\x01");

  *strchr (text, '\x01') = '\0';
  return g_strdup (text);
}

/* It fits a phone's 360 pixels. */
static void
assert_fits_phone (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
}

/* Screenshots of the Dutch and French runs get names of their own. */
static void
shoot (GtkWidget *widget, const char *name)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *named = lang && !g_str_has_prefix (lang, "en")
                           ? g_strdup_printf ("%s-%s", name, lang) : g_strdup (name);

  bn_test_screenshot (widget, named);
}

/* In Dutch and French, none of these English words may be left on screen. */
static void
no_english_left (GtkWidget *root)
{
  const char *english[] = { "Mark Handled", "Reports to the Connectors", "Your Reports",
                            "Moderation Log", "Tell the Connectors", "Hide for Everyone?",
                            "Only the connectors", "Reported by", "Handled by",
                            "Harassment", "Something else", "Send", "Cancel", NULL };
  g_autofree char *shown = bn_test_collect_text (root);
  const char *lang = g_getenv ("LANGUAGE");

  if (lang == NULL || g_str_has_prefix (lang, "en"))
    return;
  for (guint i = 0; english[i] != NULL; i++)
    if (strstr (shown, english[i]) != NULL)
      g_error ("English left on screen: “%s” in\n%s", english[i], shown);
}

/* Whether @menu (or a section of it) offers @action. */
static gboolean
menu_offers (GMenuModel *menu, const char *action)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_offers (section, action))
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
reports_of (BnHome *home)
{
  return bn_store_list_reports (bn_home_get_store (home));
}

static void
publish_profile (BnHome *home, const char *name)
{
  BnProfile profile = { .name = (char *) name, .street = "Kerkstraat", .building = "12" };

  g_assert_true (bn_home_publish_profile (home, &profile, NULL));
}

static gboolean
list_has_rows (gpointer data)
{
  return bn_post_list_get_n_shown (data) > 0;
}

/* Anna founds the neighbourhood; Bram and Dina join; Bram posts an advert. */
static void
test_setup (void)
{
  g_autofree char *anna_dir = bn_test_make_dir ("anna");
  g_autofree char *dina_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) dina = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autofree char *invite = NULL;
  BnPostDraft advert = { .kind = "offer", .category = "other",
                         .title = "Cheap watches, ask me in private" };

  story.anna = bn_home_open (anna_dir, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (bn_home_set_name (story.anna, "Anna", NULL));
  invite = bn_home_create_hood (story.anna, "Kerkstraat", &error);
  g_assert_no_error (error);
  publish_profile (story.anna, "Anna");
  story.bram = bn_test_neighbour ("bram", story.anna, "Bram", "Kerkstraat", "12", "1", "errands");
  dina = bn_test_neighbour ("dina", story.anna, "Dina", "Kerkstraat", "12", "2", "meals");
  entry = bn_home_publish_post (story.bram, &advert, NULL);
  story.post_id = bn_hex_encode (entry->id, BN_HASH_LEN);
  story.bram_id = bn_peer_id_from_key (bn_home_get_identity (story.bram)->public_key);
  bn_test_exchange (story.anna, story.bram);
  bn_test_exchange (story.anna, dina);
  dina_dir = bn_test_make_dir ("dina");
  g_clear_object (&dina);

  story.app = bn_application_new ();
  g_application_set_flags (G_APPLICATION (story.app), G_APPLICATION_NON_UNIQUE);
  bn_application_set_data_dir (story.app, dina_dir);
  bn_application_set_network (story.app, 0, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (story.app), NULL, &error));
  g_application_activate (G_APPLICATION (story.app));
  story.window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (story.app)));
  g_assert_nonnull (story.window);
  gtk_window_set_default_size (GTK_WINDOW (story.window), 900, 700);
  story.dina = bn_session_get_home (bn_window_get_session (story.window));
  story.anna_session = bn_session_new (story.anna);

  adw_view_stack_set_visible_child_name (story.window->views, "offers");
  g_assert_true (bn_test_wait_until (list_has_rows, story.window->offers, 3000));
}

static gboolean
report_stored (gpointer home)
{
  g_autoptr(GPtrArray) reports = reports_of (home);
  return reports->len == 1;
}

/* Dina reports the post: a reason, a few words, and only connectors read it. */
/* Clicked, a "new report" notification opens the connector page: the app
 * has the action the notification names. */
static void
assert_opens_reports (GNotification *notification)
{
  g_assert_true (G_IS_NOTIFICATION (notification));
  g_assert_true (g_str_has_prefix (BN_REPORT_NOTIFIER_ACTION, "app."));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (story.app),
                                                BN_REPORT_NOTIFIER_ACTION + strlen ("app.")));
}

static void
test_report (void)
{
  GtkWindow *dialog;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) seen_by_bram = NULL;
  const BnReport *report;
  GtkWidget *text;
  g_autoptr(BnReportNotifier) notifier = NULL;
  g_autoptr(GPtrArray) notifications = NULL;

  bn_window_show_post (story.window, story.post_id);
  bn_test_iterate (200);
  /* The post's menu offers what a neighbour may do: report and block, not hide. */
  {
    GtkWidget *button = story.window->post_page->moderation_button;
    GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));

    g_assert_true (gtk_widget_get_visible (button));
    g_assert_true (menu_offers (menu, "mod.report"));
    g_assert_true (menu_offers (menu, "mod.block"));
    g_assert_false (menu_offers (menu, "mod.hide"));
  }
  gtk_widget_activate_action (GTK_WIDGET (story.window->post_page), "mod.report", "(ss)",
                              story.post_id, "Bram’s post “Cheap watches, ask me in private”");
  dialog = wait_for_toplevel (BN_TYPE_REPORT_DIALOG);
  g_assert_nonnull (dialog);
  /* Nothing is sent before a reason is chosen. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (dialog),
                                        _("Only the connectors read this, and you; the neighbour "
                                          "it is about cannot. Nothing happens by itself: a "
                                          "connector looks at it.")));
  no_english_left (GTK_WIDGET (dialog));
  /* Each reason is heard with what it covers ("Adverts, the same thing
   * again and again"), as the row shows it under the reason. */
  g_assert_cmpuint (bn_test_assert_rows_described (GTK_WIDGET (dialog)), ==, 5);
  bn_report_dialog_set_reason (BN_REPORT_DIALOG (dialog), "spam");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  text = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (text), "Third advert this week");
  assert_fits_phone (GTK_WIDGET (dialog));
  shoot (GTK_WIDGET (dialog), "report-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");

  g_assert_true (bn_test_wait_until (report_stored, story.dina, 3000));
  reports = reports_of (story.dina);
  report = g_ptr_array_index (reports, 0);
  g_assert_cmpstr (report->reason, ==, "spam");
  g_assert_cmpstr (report->text, ==, "Third advert this week");
  g_assert_cmpstr (report->target, ==, story.post_id);
  g_assert_null (report->handled_by);

  /* Anna (a connector) reads it, and hears of it on her desktop; Bram, whom
   * it is about, stores it but cannot read it. */
  notifier = bn_report_notifier_new (NULL, story.anna_session);
  bn_test_exchange (story.dina, story.anna);
  bn_session_refresh (story.anna_session);
  bn_moderation_reload (bn_moderation_get (story.anna_session));
  notifications = bn_report_notifier_scan (notifier);
  g_assert_cmpuint (notifications->len, ==, 1);
  assert_opens_reports (g_ptr_array_index (notifications, 0));
  g_clear_pointer (&notifications, g_ptr_array_unref);
  notifications = bn_report_notifier_scan (notifier);
  g_assert_cmpuint (notifications->len, ==, 0);
  bn_test_exchange (story.anna, story.bram);
  g_clear_pointer (&reports, g_ptr_array_unref);
  reports = reports_of (story.anna);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpstr (((BnReport *) g_ptr_array_index (reports, 0))->author_name, ==, "Dina");
  seen_by_bram = reports_of (story.bram);
  g_assert_cmpuint (seen_by_bram->len, ==, 0);
}

static gboolean
report_handled (gpointer home)
{
  g_autoptr(GPtrArray) reports = reports_of (home);
  return reports->len == 1 && ((BnReport *) g_ptr_array_index (reports, 0))->handled_by != NULL;
}

/* Anna sees the report on her connector page and marks it handled; Dina
 * sees that it was. At phone width. */
static void
test_connector_handles (void)
{
  GtkWidget *window = gtk_window_new ();
  BnConnectorPage *page = g_object_new (BN_TYPE_CONNECTOR_PAGE, "session", story.anna_session,
                                        NULL);
  BnModerationPage *reports;
  GtkWidget *button;
  GtkWindow *log;
  g_autofree char *about = NULL;
  g_autofree char *reported_by = NULL;
  g_autofree char *handled_by = prefix_of (_("Handled by %s, %s"), "Anna");

  g_assert_true (bn_session_is_connector (story.anna_session));
  bn_moderation_actions_install (GTK_WIDGET (page));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  bn_test_iterate (300);
  reports = BN_MODERATION_PAGE (find_widget (GTK_WIDGET (page), BN_TYPE_MODERATION_PAGE));
  g_assert_cmpuint (bn_moderation_page_get_n_reports (reports), ==, 1);
  wait_for_label (GTK_WIDGET (page), _("Reports to the Connectors"));
  /* The log has its own window; the connector page links to it. */
  g_assert_null (bn_test_find_label (GTK_WIDGET (page), _("Nothing has been hidden or removed.")));
  about = g_strdup_printf (_("%s · about %s"), C_("report reason", "Spam"), "Bram");
  wait_for_label (GTK_WIDGET (page), about);
  reported_by = prefix_of (_("Reported by %s, %s"), "Dina");
  wait_for_label (GTK_WIDGET (page), reported_by);
  wait_for_label (GTK_WIDGET (page), "Third advert this week");
  no_english_left (GTK_WIDGET (page));
  /* Hiding what was reported is a button beside it, not only in a menu. */
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Hide…")));
  button = find_button (GTK_WIDGET (page), _("Mark Handled"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button));
  assert_fits_phone (window);
  shoot (window, "moderation-reports-narrow");
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);

  gtk_widget_activate (button);
  g_assert_true (bn_test_wait_until (report_handled, story.anna, 3000));
  wait_for_label (GTK_WIDGET (page), handled_by);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Dina, in her window: the report, handled. */
  bn_test_exchange (story.anna, story.dina);
  gtk_widget_activate_action (GTK_WIDGET (story.window), "mod.log", NULL);
  log = wait_for_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (log);
  wait_for_label (GTK_WIDGET (log), _("Your Reports"));
  wait_for_label (GTK_WIDGET (log), handled_by);
  g_assert_null (find_button (GTK_WIDGET (log), _("Mark Handled")));
  no_english_left (GTK_WIDGET (log));
  gtk_window_destroy (log);
}

static gboolean
post_hidden (gpointer home)
{
  g_autoptr(BnPost) post = bn_home_get_post (home, story.post_id, NULL);
  return post != NULL && post->hidden_by != NULL;
}

/* Anna hides the post for everyone; Dina's list and post page say so. */
static void
test_hide_placeholder (void)
{
  GtkWidget *window = gtk_window_new ();
  BnPostPage *page = g_object_new (BN_TYPE_POST_PAGE, NULL);
  GtkWindow *dialog;
  g_autoptr(BnPost) seen_by_dina = NULL;
  GtkWindow *log;
  g_autofree char *hidden = g_strdup_printf (_("Hidden by %s: %s"), "Anna", REASON);
  g_autofree char *hid = g_strdup_printf (_("%s hid something %s wrote"), "Anna", "Bram");

  bn_moderation_actions_install (GTK_WIDGET (page));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (page, "session", story.anna_session, NULL);
  bn_post_page_set_post_id (page, story.post_id);
  bn_test_iterate (200);
  g_assert_true (menu_offers (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (page->moderation_button)),
                              "mod.hide"));

  gtk_widget_activate_action (GTK_WIDGET (page), "mod.hide", "(ss)", story.post_id,
                              "Bram’s post “Cheap watches, ask me in private”");
  dialog = wait_for_toplevel (BN_TYPE_HIDE_DIALOG);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "hide"));
  bn_hide_dialog_set_reason (BN_HIDE_DIALOG (dialog), REASON);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "hide"));
  no_english_left (GTK_WIDGET (dialog));
  /* "Also erase it everywhere" is heard with what that means. */
  g_assert_cmpuint (bn_test_assert_rows_described (GTK_WIDGET (dialog)), ==, 1);
  assert_fits_phone (GTK_WIDGET (dialog));
  shoot (GTK_WIDGET (dialog), "hide-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "hide");
  g_assert_true (bn_test_wait_until (post_hidden, story.anna, 3000));
  wait_for_label (GTK_WIDGET (page), hidden);
  /* Now the menu shows it again rather than hiding it twice. */
  g_assert_true (menu_offers (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (page->moderation_button)),
                              "mod.unhide"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Every peer honours it: Dina's list and post page. */
  bn_test_exchange (story.anna, story.dina);
  seen_by_dina = bn_home_get_post (story.dina, story.post_id, NULL);
  g_assert_cmpstr (seen_by_dina->title, ==, "");
  bn_window_show_browse (story.window);
  adw_view_stack_set_visible_child_name (story.window->views, "offers");
  bn_session_refresh (bn_window_get_session (story.window));
  wait_for_label (GTK_WIDGET (story.window->offers), hidden);
  g_assert_null (bn_test_find_label (GTK_WIDGET (story.window), "Cheap watches"));
  bn_window_dismiss_toast (story.window);
  bn_test_iterate (500);   /* the slide back to the list */
  shoot (GTK_WIDGET (story.window), "hidden-in-list");
  bn_window_show_post (story.window, story.post_id);
  wait_for_label (GTK_WIDGET (story.window->post_page), hidden);
  g_assert_null (bn_test_find_label (GTK_WIDGET (story.window), "Cheap watches"));
  /* A hidden post is not answered. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (story.window->post_page->respond_group)));
  shoot (GTK_WIDGET (story.window), "hidden-post");

  /* The moderation log says who hid what and why. */
  gtk_widget_activate_action (GTK_WIDGET (story.window), "mod.log", NULL);
  log = wait_for_toplevel (ADW_TYPE_WINDOW);
  wait_for_label (GTK_WIDGET (log), hid);
  wait_for_label (GTK_WIDGET (log), REASON);
  shoot (GTK_WIDGET (log), "moderation-log");
  gtk_window_destroy (log);
  bn_window_show_browse (story.window);
}

static gboolean
reply_hidden (gpointer data)
{
  const char **args = data;
  guint8 id[BN_HASH_LEN];
  g_autoptr(GPtrArray) replies = NULL;

  bn_hex_decode (args[0], id, BN_HASH_LEN);
  replies = bn_store_list_replies (bn_home_get_store (story.dina), id);
  return replies->len == 1 && ((BnNote *) g_ptr_array_index (replies, 0))->hidden_by != NULL;
}

/* Dina asks for help; Bram's reply is unkind; Dina, the post's author, hides
 * it from its row (no erasing: that is for connectors). */
static void
test_author_hides_reply (void)
{
  BnPostDraft ask = { .kind = "request", .category = "errands", .title = "Bread from the bakery" };
  g_autoptr(BnEntry) post = NULL;
  g_autoptr(BnEntry) reply = NULL;
  g_autofree char *post_id = NULL;
  g_autofree char *reply_id = NULL;
  g_autofree char *hidden = g_strdup_printf (_("Hidden by %s: %s"), "Dina", "Not kind");
  GtkWidget *button;
  GtkWindow *dialog;
  const char *args[2];

  post = bn_home_publish_post (story.dina, &ask, NULL);
  post_id = bn_hex_encode (post->id, BN_HASH_LEN);
  bn_test_exchange (story.dina, story.bram);
  reply = bn_home_reply (story.bram, post_id, "Get it yourself, lazy", NULL);
  reply_id = bn_hex_encode (reply->id, BN_HASH_LEN);
  bn_test_exchange (story.dina, story.bram);
  bn_window_show_post (story.window, post_id);
  wait_for_label (GTK_WIDGET (story.window->post_page->replies_list), "Get it yourself");

  button = find_widget (GTK_WIDGET (story.window->post_page->replies_list), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (menu_offers (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), "mod.hide"));
  g_assert_true (menu_offers (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), "mod.report"));
  gtk_widget_activate_action (button, "mod.hide", "(ss)", reply_id, "Bram’s reply");
  dialog = wait_for_toplevel (BN_TYPE_HIDE_DIALOG);
  /* Erasing everywhere is a connector's to decide. */
  g_assert_false (bn_hide_dialog_get_erase (BN_HIDE_DIALOG (dialog)));
  g_assert_null (bn_test_find_label (GTK_WIDGET (dialog), _("Also erase it everywhere")));
  bn_hide_dialog_set_reason (BN_HIDE_DIALOG (dialog), "Not kind");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "hide");
  args[0] = post_id;
  g_assert_true (bn_test_wait_until (reply_hidden, args, 3000));
  wait_for_label (GTK_WIDGET (story.window->post_page->replies_list), hidden);
  g_assert_null (bn_test_find_label (GTK_WIDGET (story.window->post_page), "Get it yourself"));
  /* A hidden reply is not accepted. */
  g_assert_null (find_button (GTK_WIDGET (story.window->post_page->replies_list), _("Accept")));
  shoot (GTK_WIDGET (story.window), "hidden-reply");

  /* Bram's own peer honours it too. */
  bn_test_exchange (story.dina, story.bram);
  {
    g_autoptr(GPtrArray) replies = NULL;
    guint8 id[BN_HASH_LEN];

    bn_hex_decode (post_id, id, BN_HASH_LEN);
    replies = bn_store_list_replies (bn_home_get_store (story.bram), id);
    g_assert_cmpuint (replies->len, ==, 1);
    g_assert_cmpstr (((BnNote *) g_ptr_array_index (replies, 0))->hidden_by_name, ==, "Dina");
  }
  bn_window_show_browse (story.window);
}

static gboolean
n_offers_is (gpointer n)
{
  return bn_post_list_get_n_shown (story.window->offers) == GPOINTER_TO_UINT (n);
}

static gboolean
blocked_is (gpointer expected)
{
  BnModeration *moderation = bn_moderation_get (bn_window_get_session (story.window));
  return bn_moderation_is_blocked (moderation, story.bram_id) == GPOINTER_TO_INT (expected);
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

/* Whether a button under @root (a menu's choices) does @action. */
static gboolean
offers_choice (GtkWidget *root, const char *action)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (offers_choice (child, action))
      return TRUE;
  return FALSE;
}

/* The one menu on Bram's row of the Neighbours page: there is no second. */
static GtkWidget *
bram_menu (void)
{
  GtkWidget *row = find_expander (GTK_WIDGET (story.window->neighbours), "Bram");
  GtkWidget *button;
  guint n = 0;

  g_assert_nonnull (row);
  button = find_widget (row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  for (GtkWidget *w = button; w != NULL; w = gtk_widget_get_next_sibling (w))
    n += GTK_IS_MENU_BUTTON (w);
  g_assert_cmpuint (n, ==, 1);
  return button;
}

/* Dina blocks Bram from his row on the Neighbours page, then unblocks him. */
static void
test_block (void)
{
  g_autoptr(BnEntry) entry = NULL;
  BnPostDraft lend = { .kind = "offer", .category = "lending", .title = "Ladder to lend" };
  AdwMessageDialog *dialog;
  g_autofree char *ladder_id = NULL;
  g_autofree char *you_blocked = g_strdup_printf (_("You Blocked %s"), "Bram");
  GtkWidget *unblock;

  entry = bn_home_publish_post (story.bram, &lend, NULL);
  bn_test_exchange (story.bram, story.dina);
  bn_session_refresh (bn_window_get_session (story.window));
  g_assert_true (bn_test_wait_until (n_offers_is, GUINT_TO_POINTER (2), 3000));
  ladder_id = bn_hex_encode (entry->id, BN_HASH_LEN);

  adw_view_stack_set_visible_child_name (story.window->views, "neighbours");
  bn_test_iterate (200);
  /* Bram's row, opened, says how to use the fingerprint. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_expander (GTK_WIDGET (story.window->neighbours),
                                                                  "Bram")), TRUE);
  wait_for_label (GTK_WIDGET (story.window->neighbours),
                  _("Compare these letters in person to check it is really them"));
  no_english_left (GTK_WIDGET (story.window->neighbours));
  shoot (GTK_WIDGET (story.window), "neighbour-open");
  /* Bram's row has one menu, which offers to report and block him. */
  g_assert_true (offers_choice (bram_menu (), "mod.report"));
  g_assert_true (offers_choice (bram_menu (), "mod.block"));

  gtk_widget_activate_action (GTK_WIDGET (story.window), "mod.block", "(ss)", story.bram_id, "Bram");
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (dialog),
    _("You no longer see what they post, reply or thank on this computer, and your new "
      "posts for chosen neighbours are not sealed to them. They are not told. You can "
      "unblock them on the Neighbours page.")));
  adw_message_dialog_response (dialog, "block");
  g_assert_true (bn_test_wait_until (blocked_is, GINT_TO_POINTER (TRUE), 3000));
  g_assert_true (bn_test_wait_until (n_offers_is, GUINT_TO_POINTER (0), 3000));
  g_assert_true (offers_choice (bram_menu (), "mod.unblock"));
  g_assert_nonnull (bn_test_find_label (find_expander (GTK_WIDGET (story.window->neighbours), "Bram"),
                                        _("Blocked")));
  shoot (GTK_WIDGET (story.window), "blocked-neighbour");

  /* His post's page says what happened (not that he deleted it), and undoes it. */
  bn_window_show_post (story.window, ladder_id);
  wait_for_label (GTK_WIDGET (story.window->post_page), you_blocked);
  wait_for_label (GTK_WIDGET (story.window->post_page), _("Their posts are hidden on this computer."));
  g_assert_null (bn_test_find_label (GTK_WIDGET (story.window->post_page), _("This Post Is Gone")));
  no_english_left (GTK_WIDGET (story.window->post_page));
  shoot (GTK_WIDGET (story.window), "blocked-post");
  unblock = find_button (GTK_WIDGET (story.window->post_page), _("_Unblock"));
  g_assert_nonnull (unblock);
  gtk_widget_activate (unblock);
  g_assert_true (bn_test_wait_until (blocked_is, GINT_TO_POINTER (FALSE), 3000));
  wait_for_label (GTK_WIDGET (story.window->post_page), "Ladder to lend");
  bn_window_show_browse (story.window);
  g_assert_true (bn_test_wait_until (n_offers_is, GUINT_TO_POINTER (2), 3000));
}

static void
test_teardown (void)
{
  g_clear_object (&story.anna_session);
  gtk_window_destroy (GTK_WINDOW (story.window));
  bn_test_iterate (200);
  g_clear_object (&story.app);
  g_clear_object (&story.bram);
  g_clear_object (&story.anna);
  g_free (story.post_id);
  g_free (story.bram_id);
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();

  g_test_add_func ("/moderation/setup", test_setup);
  g_test_add_func ("/moderation/report", test_report);
  g_test_add_func ("/moderation/connector-handles", test_connector_handles);
  g_test_add_func ("/moderation/hide-placeholder", test_hide_placeholder);
  g_test_add_func ("/moderation/author-hides-reply", test_author_hides_reply);
  g_test_add_func ("/moderation/block", test_block);
  g_test_add_func ("/moderation/teardown", test_teardown);
  return g_test_run ();
}
