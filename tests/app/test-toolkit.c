/* test-toolkit.c — the connector's toolkit in the app: Anna, a connector,
 * imports the list of services from a CSV file (a bad file changes nothing
 * and says which line); Dina, a neighbour, opens the services page in her
 * window, searches and filters it, and sees no controls to change it; Anna
 * refers Dina's request to a service with Dina's consent; Dina sees the
 * suggestion with the service's phone and says how it goes; Anna's connector
 * page shows the chart and the table, "<5" where the core says so.
 *
 * Dina runs the app (a real window); Anna's widgets are real widgets on a
 * session of her own. They exchange entries the way peers do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-connector-page.h"
#include "bn-referral-suggest.h"
#include "bn-referral-view.h"
#include "bn-service-rows.h"
#include "bn-service-writes.h"
#include "bn-services-page.h"
#include "bn-stats-chart.h"
#include "bn-stats-chart-view.h"
#include "bn-window-private.h"

#include <glib/gi18n.h>
#include <math.h>

typedef struct
{
  BnApplication *app;
  BnWindow      *window;        /* Dina's */
  BnHome        *dina;          /* the app's home */
  BnHome        *anna;          /* the founder: a connector */
  BnHome        *bram;          /* likes to help with paperwork */
  BnSession     *anna_session;
  GtkWindow     *anna_window;
  char          *request_id;    /* Dina's request */
  char          *dir;
} Story;

static Story story;

#define CSV_HEADER "name,organisation,categories,languages,phone,email,website,hours,cost,access,checked\r\n"
#define CSV_GOOD CSV_HEADER \
  "OCMW Sociaal Huis,OCMW,paperwork,\"nl,fr\",02 123 45 67,info@ocmw.example,ocmw.example,Mon-Fri 9-12,free,walk-in,2026-11-02\r\n" \
  "Luisterlijn,Tele-Onthaal,listening,nl,106,,tele-onthaal.be,Day and night,free,,2026-10-01\r\n" \
  "Repair Café Noord,Buurthuis,repairs,\"fr,en\",,,,Last Saturday of the month,free,walk-in,2024-06-01\r\n"
#define CSV_BAD CSV_HEADER \
  "Good row,Org,paperwork,nl,,,,,,,2026-11-02\r\n" \
  "Bad row,Org,gardening,nl,,,,,,,2026-11-02\r\n"

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

/* Whether some label's text holds @text. */
static gboolean
shows_text (GtkWidget *root, const char *text)
{
  g_autofree char *shown = bn_test_collect_text (root);
  return strstr (shown, text) != NULL;
}

/* Whether some label's markup holds @text (links). */
static gboolean
markup_has (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (markup_has (child, text))
      return TRUE;
  return FALSE;
}

static void
shoot (GtkWidget *widget, const char *name)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *named = lang && !g_str_has_prefix (lang, "en")
                           ? g_strdup_printf ("%s-%s", name, lang) : g_strdup (name);

  bn_test_screenshot (widget, named);
}

/* It fits a phone's 360 pixels. */
static void
assert_fits_phone (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
}

static void
no_english_left (GtkWidget *root, const char *const *english)
{
  g_autofree char *shown = bn_test_collect_text (root);
  const char *lang = g_getenv ("LANGUAGE");

  if (lang == NULL || g_str_has_prefix (lang, "en"))
    return;
  for (guint i = 0; english[i] != NULL; i++)
    if (strstr (shown, english[i]) != NULL)
      g_error ("English left on screen: “%s” in\n%s", english[i], shown);
}

static GFile *
write_file (const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (story.dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static guint
n_services (BnHome *home)
{
  g_autoptr(GPtrArray) services = bn_store_list_services (bn_home_get_store (home), NULL,
                                                          g_get_real_time () / 1000);
  return services->len;
}

static gboolean
anna_has_three (gpointer data)
{
  return n_services (story.anna) == 3;
}

static BnService *
service_named (BnHome *home, const char *name)
{
  g_autoptr(GPtrArray) services = bn_store_list_services (bn_home_get_store (home), NULL,
                                                          g_get_real_time () / 1000);
  for (guint i = 0; i < services->len; i++)
    {
      BnService *service = g_ptr_array_index (services, i);
      if (g_str_equal (service->name, name))
        return bn_service_copy (service);
    }
  return NULL;
}

static GtkWindow *
window_with (GtkWidget *child, int width)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, 800);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  bn_test_iterate (200);
  return window;
}

/* Anna founds the neighbourhood; Dina joins and asks for help with a letter. */
static void
test_setup (void)
{
  g_autofree char *anna_dir = bn_test_make_dir ("anna");
  g_autofree char *dina_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) dina = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autofree char *invite = NULL;
  BnProfile profile = { .name = "Anna", .street = "Kerkstraat", .building = "12" };
  BnPostDraft request = { .kind = "request", .category = "paperwork",
                          .title = "Help with a letter from the tax office" };

  story.dir = bn_test_make_dir ("files");
  story.anna = bn_home_open (anna_dir, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (bn_home_set_name (story.anna, "Anna", NULL));
  invite = bn_home_create_hood (story.anna, "Kerkstraat", &error);
  g_assert_no_error (error);
  g_assert_true (bn_home_publish_profile (story.anna, &profile, NULL));
  dina = bn_test_neighbour ("dina", story.anna, "Dina", "Kerkstraat", "12", "2", "meals");
  story.bram = bn_test_neighbour ("bram", story.anna, "Bram", "Kerkstraat", "14", "1", "paperwork");
  entry = bn_home_publish_post (dina, &request, NULL);
  story.request_id = bn_hex_encode (entry->id, BN_HASH_LEN);
  bn_test_exchange (story.anna, dina);
  bn_test_exchange (story.anna, story.bram);
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
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Anna imports the list: a bad file changes nothing and names its line; the
 * good one brings three services in. */
static void
test_import (void)
{
  GtkWidget *page = bn_services_page_new (story.anna_session);
  g_autoptr(GFile) bad = write_file ("bad.csv", CSV_BAD);
  g_autoptr(GFile) good = write_file ("services.csv", CSV_GOOD);
  AdwMessageDialog *dialog;

  story.anna_window = window_with (page, 720);
  /* A connector has the controls. */
  g_assert_nonnull (find_button (page, _("Add a Service")));
  g_assert_nonnull (find_button (page, _("Import…")));

  bn_services_page_import_file (BN_SERVICES_PAGE (page), bad);
  g_assert_true (bn_test_wait_until (dialog_shown, NULL, 4000));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("This File Was Not Imported"));
  /* The core's message, with the line where the bad row starts. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "3"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "gardening"));
  shoot (GTK_WIDGET (dialog), "services-import-problem");
  adw_message_dialog_response (dialog, "close");
  bn_test_iterate (100);
  g_assert_cmpuint (n_services (story.anna), ==, 0);

  bn_services_page_import_file (BN_SERVICES_PAGE (page), good);
  g_assert_true (bn_test_wait_until (anna_has_three, NULL, 4000));
  wait_for_label (page, "Luisterlijn");
  g_assert_cmpuint (bn_services_page_get_n_shown (BN_SERVICES_PAGE (page)), ==, 3);
}

static gboolean
dina_sees_three (gpointer page)
{
  return bn_services_page_get_n_shown (page) == 3;
}

/* Dina opens the services page: searchable, by category and language, with
 * no controls to change it; the stale one says so. */
static void
test_neighbour_reads (void)
{
  BnServicesPage *page;
  const char *english[] = { "Search the services", "All categories", "May be out of date",
                            "Opening hours", "Phone", NULL };

  bn_test_exchange (story.anna, story.dina);
  bn_session_refresh (bn_window_get_session (story.window));
  /* The main menu's “Where to Get Help”. */
  gtk_widget_activate_action (GTK_WIDGET (story.window), "win.services", NULL);
  page = BN_SERVICES_PAGE (find_widget (GTK_WIDGET (story.window), BN_TYPE_SERVICES_PAGE));
  g_assert_true (bn_test_wait_until (dina_sees_three, page, 4000));
  bn_test_iterate (200);

  /* No controls to change it. */
  g_assert_null (find_button (GTK_WIDGET (page), _("Add a Service")));
  g_assert_null (find_button (GTK_WIDGET (page), _("Import…")));
  g_assert_null (find_button (GTK_WIDGET (page), _("Edit")));
  g_assert_null (find_button (GTK_WIDGET (page), _("Remove")));
  g_assert_false (bn_session_is_connector (bn_window_get_session (story.window)));

  /* The one checked in 2024 says it may be out of date. */
  g_assert_nonnull (bn_test_find_label (GTK_WIDGET (page), _("May be out of date")));
  shoot (GTK_WIDGET (story.window), "services");
  no_english_left (GTK_WIDGET (page), english);

  bn_services_page_set_search (page, "luister");
  g_assert_cmpuint (bn_services_page_get_n_shown (page), ==, 1);
  bn_services_page_set_search (page, "");
  bn_services_page_set_category (page, "repairs");
  g_assert_cmpuint (bn_services_page_get_n_shown (page), ==, 1);
  bn_services_page_set_category (page, NULL);
  bn_services_page_set_language (page, "fr");
  g_assert_cmpuint (bn_services_page_get_n_shown (page), ==, 2);
  bn_services_page_set_language (page, NULL);
  g_assert_cmpuint (bn_services_page_get_n_shown (page), ==, 3);

  gtk_window_set_default_size (GTK_WINDOW (story.window), 360, 700);
  bn_test_iterate (300);
  assert_fits_phone (GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (story.window), 900, 700);
  bn_test_iterate (200);
}

static gboolean
referral_stored (gpointer home)
{
  g_autoptr(GPtrArray) referrals = bn_store_list_referrals (bn_home_get_store (home));
  return referrals->len == 1;
}

static gboolean
referral_is (gpointer status)
{
  g_autoptr(GPtrArray) referrals = bn_store_list_referrals (bn_home_get_store (story.anna));
  return referrals->len == 1
         && g_strcmp0 (((BnReferral *) g_ptr_array_index (referrals, 0))->status, status) == 0;
}

static gboolean
view_shows_one (gpointer view)
{
  return bn_referral_view_get_n_shown (view) == 1;
}

/* Anna refers Dina's request with the consent Dina gave; Dina sees it with
 * the service's phone, and says she called. */
static void
test_referral (void)
{
  GtkWidget *view = bn_referral_view_new (story.anna_session, story.request_id);
  g_autoptr(BnService) ocmw = service_named (story.anna, "OCMW Sociaal Huis");
  GtkWindow *anna_post = window_with (view, 640);
  GtkWindow *dialog;
  BnReferralView *dina_view;
  g_autoptr(GPtrArray) referrals = NULL;
  const BnReferral *referral;

  g_assert_true (bn_referral_view_can_refer (BN_REFERRAL_VIEW (view)));
  g_assert_nonnull (find_button (view, _("Refer to a Service…")));
  dialog = bn_referral_view_ask_refer (BN_REFERRAL_VIEW (view));
  bn_test_iterate (200);
  /* Nothing is sent without the consent. */
  bn_referral_dialog_choose (dialog, ocmw->id, NULL, NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "refer"));
  bn_referral_dialog_choose (dialog, ocmw->id, "in-person", "Ask for Sofie at the desk");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "refer"));
  assert_fits_phone (GTK_WIDGET (dialog));
  shoot (GTK_WIDGET (dialog), "refer-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "refer");
  g_assert_true (bn_test_wait_until (referral_stored, story.anna, 4000));
  referrals = bn_store_list_referrals (bn_home_get_store (story.anna));
  referral = g_ptr_array_index (referrals, 0);
  g_assert_cmpstr (referral->consent, ==, "in-person");
  g_assert_cmpstr (referral->note, ==, "Ask for Sofie at the desk");
  g_assert_true (bn_test_wait_until (view_shows_one, view, 4000));

  /* Dina reads it on her request's page, with the service's phone. */
  bn_test_exchange (story.anna, story.dina);
  bn_session_refresh (bn_window_get_session (story.window));
  bn_window_show_post (story.window, story.request_id);
  dina_view = BN_REFERRAL_VIEW (find_widget (GTK_WIDGET (story.window->post_page),
                                             BN_TYPE_REFERRAL_VIEW));
  g_assert_true (bn_test_wait_until (view_shows_one, dina_view, 4000));
  g_assert_false (bn_referral_view_can_refer (dina_view));
  g_assert_null (find_button (GTK_WIDGET (dina_view), _("Refer to a Service…")));
  g_assert_true (shows_text (GTK_WIDGET (dina_view), "02 123 45 67"));
  g_assert_true (shows_text (GTK_WIDGET (dina_view), "Ask for Sofie at the desk"));
  /* The phone is a link: one click calls. */
  g_assert_true (markup_has (GTK_WIDGET (dina_view), "href=\"tel:021234567\""));
  bn_test_iterate (600);
  shoot (GTK_WIDGET (story.window), "referral-asker");

  /* Dina says she called; Anna reads it. */
  bn_referral_view_set_status (dina_view, referral->id, "contacted");
  bn_test_iterate (300);
  bn_test_exchange (story.dina, story.anna);
  g_assert_true (bn_test_wait_until (referral_is, "contacted", 4000));
  gtk_window_destroy (anna_post);
}

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const GdkRGBA *a, const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Every colour of the chart holds 4.5:1 against the window's background, in
 * light and in dark. */
static void
test_chart_colours (void)
{
  guint n;
  GdkRGBA light = { 0xfa / 255., 0xfa / 255., 0xfa / 255., 1 };
  GdkRGBA dark = { 0x24 / 255., 0x24 / 255., 0x24 / 255., 1 };

  bn_categories (&n);
  for (guint i = 0; i <= n; i++)
    {
      GdkRGBA colour;

      bn_stats_chart_colour (i, FALSE, &colour);
      g_assert_cmpfloat (contrast (&colour, &light), >=, 4.5);
      bn_stats_chart_colour (i, TRUE, &colour);
      g_assert_cmpfloat (contrast (&colour, &dark), >=, 4.5);
    }
}

/* The text of the table's cell that says @spoken, for a screen reader. */
static gboolean
find_cell (GtkWidget *root, const char *spoken, char **text)
{
  if (GTK_IS_LABEL (root))
    {
      /* Each cell carries its column and row in its accessible label. */
      const char *label = g_object_get_data (G_OBJECT (root), "bn-spoken");
      if (g_strcmp0 (label, spoken) == 0)
        {
          *text = g_strdup (gtk_label_get_text (GTK_LABEL (root)));
          return TRUE;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_cell (child, spoken, text))
      return TRUE;
  return FALSE;
}

/* Scrolls the page to @widget, for the screenshots. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  double x = 0, y = 0;

  /* Twice: a window just resized lays its page out again meanwhile. */
  for (guint i = 0; i < 2; i++)
    {
      bn_test_iterate (300);
      g_assert_true (gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                                y - 12);
    }
  bn_test_iterate (300);
}

static gboolean
chart_has_stats (gpointer view)
{
  return bn_stats_chart_view_get_stats (view) != NULL;
}

/* Anna's connector page: the chart and the tables, "<5" where the core says. */
static void
test_connector_figures (void)
{
  GtkWidget *page = g_object_new (BN_TYPE_CONNECTOR_PAGE, "session", story.anna_session, NULL);
  GtkWindow *window;
  BnStatsChartView *view;
  const BnStats *stats;
  guint n, n_small = 0;
  g_autofree char *description = NULL;
  const char *english[] = { "How the Neighbourhood Is Doing", "By Month", "Requests",
                            "Save as PDF…", NULL };

  bn_categories (&n);
  /* With Dina's: 7 for paperwork, 6 errands, 5 lifts and 1 meal; the meal is
   * "<5", and the lifts are hidden too, or the total would give the meal away. */
  for (guint i = 0; i < 18; i++)
    {
      g_autofree char *title = g_strdup_printf ("Something to do, number %u", i);
      BnPostDraft draft = { .kind = "request",
                            .category = i < 6 ? "paperwork" : i < 12 ? "errands"
                                        : i < 17 ? "transport" : "meals",
                            .title = title };
      g_autoptr(BnEntry) entry = bn_home_publish_post (story.anna, &draft, NULL);
      g_assert_nonnull (entry);
    }
  bn_session_refresh (story.anna_session);
  window = window_with (page, 900);

  view = BN_STATS_CHART_VIEW (find_widget (page, BN_TYPE_STATS_CHART_VIEW));
  g_assert_nonnull (view);
  g_assert_true (bn_test_wait_until (chart_has_stats, view, 4000));
  stats = bn_stats_chart_view_get_stats (view);

  /* Every cell of the table by month says what the core says. */
  for (guint m = 0; m <= stats->months->len; m++)
    for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
      {
        const BnStatsRow *row = bn_stats_get_row (stats, m, n);
        g_autofree char *expected = bn_stats_format_count (row, k);
        g_autofree char *spoken = NULL;
        g_autofree char *shown = NULL;

        spoken = bn_stats_cell_label (stats, m, n, k);
        g_assert_true (find_cell (page, spoken, &shown));
        g_assert_cmpstr (shown, ==, expected);
        if (g_str_equal (expected, "<5"))
          n_small++;
      }
  /* Eight requests this month, from two neighbours: "<5" askers. */
  g_assert_cmpuint (n_small, >, 0);
  description = bn_stats_chart_describe (stats);
  g_assert_nonnull (strstr (description, "19"));
  {
    const BnStatsRow *meals = bn_stats_get_row (stats, stats->months->len - 1, 6);
    const BnStatsRow *lifts = bn_stats_get_row (stats, stats->months->len - 1, 5);
    g_assert_cmpstr (meals->category, ==, "meals");
    g_assert_cmpint (meals->marks[BN_STATS_REQUESTS], ==, BN_STATS_SMALL);
    g_assert_cmpstr (lifts->category, ==, "transport");
    g_assert_cmpint (lifts->marks[BN_STATS_REQUESTS], ==, BN_STATS_HIDDEN);
  }
  no_english_left (page, english);

  scroll_to (GTK_WIDGET (view));
  shoot (GTK_WIDGET (window), "connector-chart");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  bn_test_iterate (300);
  shoot (GTK_WIDGET (window), "connector-chart-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (window);

  /* On a phone: a window born narrow. */
  page = g_object_new (BN_TYPE_CONNECTOR_PAGE, "session", story.anna_session, NULL);
  window = window_with (page, 360);
  view = BN_STATS_CHART_VIEW (find_widget (page, BN_TYPE_STATS_CHART_VIEW));
  g_assert_true (bn_test_wait_until (chart_has_stats, view, 4000));
  assert_fits_phone (page);
  scroll_to (GTK_WIDGET (view));
  shoot (GTK_WIDGET (view), "connector-chart-narrow");
  gtk_window_destroy (window);
}

static gboolean
bram_has_message (gpointer data)
{
  const guint8 *bram = bn_home_get_identity (story.bram)->public_key;
  const guint8 *anna = bn_home_get_identity (story.anna)->public_key;
  g_autoptr(GPtrArray) messages = NULL;

  bn_test_exchange (story.anna, story.bram);
  messages = bn_store_list_messages (bn_home_get_store (story.bram), bram, anna);
  return messages->len == 1;
}

/* Dina's request has waited three days: Anna passes it on to Bram, who likes
 * to help with paperwork, with Dina's yes; only Bram reads it. */
static void
test_suggest (void)
{
  GtkWidget *page = g_object_new (BN_TYPE_CONNECTOR_PAGE, "session", story.anna_session, NULL);
  GtkWindow *window, *dialog;
  GtkWidget *button;
  g_autofree char *bram_id = bn_peer_id_from_key (bn_home_get_identity (story.bram)->public_key);
  g_autoptr(GPtrArray) messages = NULL;
  const BnMessage *message;

  bn_session_set_now (story.anna_session, g_get_real_time () / 1000 + 3 * 24 * 3600 * 1000);
  window = window_with (page, 900);
  wait_for_label (page, "Help with a letter from the tax office");
  button = find_button (page, _("Suggest to…"));
  g_assert_nonnull (button);
  dialog = bn_suggest_ask (button);
  bn_test_iterate (200);
  bn_suggest_dialog_choose (dialog, bram_id, FALSE, NULL);
  /* Nothing is sent without Dina's yes. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "suggest"));
  bn_suggest_dialog_choose (dialog, bram_id, TRUE, "She is home in the mornings.");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "suggest"));
  assert_fits_phone (GTK_WIDGET (dialog));
  shoot (GTK_WIDGET (dialog), "suggest-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "suggest");
  g_assert_true (bn_test_wait_until (bram_has_message, NULL, 4000));
  messages = bn_store_list_messages (bn_home_get_store (story.bram),
                                     bn_home_get_identity (story.bram)->public_key,
                                     bn_home_get_identity (story.anna)->public_key);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (message->about, ==, story.request_id);
  g_assert_nonnull (strstr (message->text, "Help with a letter from the tax office"));
  g_assert_nonnull (strstr (message->text, "She is home in the mornings."));
  bn_session_set_now (story.anna_session, 0);
  gtk_window_destroy (window);
}

static void
test_teardown (void)
{
  g_clear_object (&story.anna_session);
  gtk_window_destroy (story.anna_window);
  gtk_window_destroy (GTK_WINDOW (story.window));
  bn_test_iterate (200);
  g_clear_object (&story.app);
  g_clear_object (&story.anna);
  g_clear_object (&story.bram);
  g_free (story.request_id);
  g_free (story.dir);
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();

  g_test_add_func ("/toolkit/setup", test_setup);
  g_test_add_func ("/toolkit/import", test_import);
  g_test_add_func ("/toolkit/neighbour-reads", test_neighbour_reads);
  g_test_add_func ("/toolkit/referral", test_referral);
  g_test_add_func ("/toolkit/suggest", test_suggest);
  g_test_add_func ("/toolkit/chart-colours", test_chart_colours);
  g_test_add_func ("/toolkit/connector-figures", test_connector_figures);
  g_test_add_func ("/toolkit/teardown", test_teardown);
  return g_test_run ();
}
