/* test-contrast.c — every text on every page stands out at least 4.5:1 from
 * what is behind it (WCAG 2 AA), light and dark, measured on the window as it
 * is rendered
 *
 * For each page the window is rendered as a screenshot is; then for every
 * label a person sees (titles, captions, badges, chips, button labels, rows'
 * subtitles) the test takes the label's box in that picture: the colour most
 * of the box has is the background, the pixel that stands out most from it is
 * the text. Both come from the pixels, so the opacity of dimmed captions and
 * anything drawn over a label count as a person sees them. Labels of controls
 * that are turned off (insensitive) are left out: WCAG exempts them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-preferences.h"
#include "bn-invite-dialog.h"
#include "bn-post-page-private.h"
#include "bn-screenshot.h"
#include "bn-window-private.h"

#include <math.h>

#define MIN_CONTRAST 4.5

typedef struct
{
  BnApplication *app;
  BnWindow      *window;
  BnSession     *session;
  BnHome        *anna;    /* the app's home */
  BnHome        *bram;
  BnHome        *dina;
  char          *anna_post;
  char          *dina_post;
  char          *event_id;
  guint          n_measured;
  guint          n_exempt;
  GString       *failures;
} Street;

static Street street;

/* ---- measuring ---------------------------------------------------------- */

typedef struct
{
  const guchar *data;
  gsize         stride;
  int           width;
  int           height;
} Picture;

typedef struct
{
  double r, g, b;
} Colour;

/* GDK_MEMORY_DEFAULT: premultiplied, cairo's ARGB32 in the machine's order. */
static Colour
pixel_at (const Picture *picture, int x, int y)
{
  guint32 p = *(const guint32 *) (picture->data + y * picture->stride + x * 4);
  double a = ((p >> 24) & 0xff) / 255.;
  Colour c = { ((p >> 16) & 0xff) / 255., ((p >> 8) & 0xff) / 255., (p & 0xff) / 255. };

  /* The rare pixel that is not opaque (a window's rounded corner) counts as
   * if on white: no label sits there. */
  c.r += 1 - a, c.g += 1 - a, c.b += 1 - a;
  return c;
}

static guint32
pixel_key (const Picture *picture, int x, int y)
{
  return *(const guint32 *) (picture->data + y * picture->stride + x * 4);
}

static double
channel (double v)
{
  return v <= 0.03928 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

static double
luminance (Colour c)
{
  return 0.2126 * channel (c.r) + 0.7152 * channel (c.g) + 0.0722 * channel (c.b);
}

static double
contrast (Colour a, Colour b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The part of @widget's box a person can see, in the window's coordinates:
 * clipped by every ancestor that clips its children (scrolled views). */
static gboolean
visible_box (GtkWidget *widget, GtkWidget *window, graphene_rect_t *box)
{
  if (!gtk_widget_compute_bounds (widget, window, box))
    return FALSE;
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL && up != window;
       up = gtk_widget_get_parent (up))
    {
      graphene_rect_t clip;

      if (gtk_widget_get_overflow (up) != GTK_OVERFLOW_HIDDEN)
        continue;
      if (!gtk_widget_compute_bounds (up, window, &clip)
          || !graphene_rect_intersection (box, &clip, box))
        return FALSE;
    }
  {
    graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                              gtk_widget_get_height (window));
    if (!graphene_rect_intersection (box, &all, box))
      return FALSE;
  }
  return box->size.width >= 4 && box->size.height >= 4;
}

/* The contrast of the text in @box: the colour most of it has is what is
 * behind the text, the pixel farthest from it is the text. */
static double
measure_box (const Picture *picture, const graphene_rect_t *box, Colour *text, Colour *behind)
{
  int x0 = (int) ceil (box->origin.x), y0 = (int) ceil (box->origin.y);
  int x1 = MIN ((int) floor (box->origin.x + box->size.width), picture->width);
  int y1 = MIN ((int) floor (box->origin.y + box->size.height), picture->height);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 most = 0;
  guint most_count = 0;
  double best = 1;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 key = pixel_key (picture, x, y);
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (key), GUINT_TO_POINTER (count));
        if (count > most_count)
          most = key, most_count = count;
      }
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (pixel_key (picture, x, y) == most)
        {
          *behind = pixel_at (picture, x, y);
          goto found;
        }
  return 0;
found:
  *text = *behind;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        Colour c = pixel_at (picture, x, y);
        double ratio = contrast (c, *behind);

        if (ratio > best)
          best = ratio, *text = c;
      }
  return best;
}

static char *
hex (Colour c)
{
  return g_strdup_printf ("#%02x%02x%02x", (int) round (c.r * 255), (int) round (c.g * 255),
                          (int) round (c.b * 255));
}

typedef struct
{
  const char *page;
  GtkWidget  *window;
  Picture     picture;
} Walk;

static void
measure_label (Walk *walk, GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  graphene_rect_t box;
  Colour fg, bg;
  double ratio;

  gboolean has_text = FALSE;

  for (const char *c = text; *c != '\0' && !has_text; c = g_utf8_next_char (c))
    has_text = !g_unichar_isspace (g_utf8_get_char (c));
  if (!has_text)
    return;
  if (!gtk_widget_is_sensitive (GTK_WIDGET (label)))
    {
      street.n_exempt++;   /* turned off: WCAG 1.4.3 leaves it out */
      return;
    }
  if (!visible_box (GTK_WIDGET (label), walk->window, &box))
    return;
  ratio = measure_box (&walk->picture, &box, &fg, &bg);
  if (ratio == 0)
    return;
  street.n_measured++;
  if (ratio < MIN_CONTRAST)
    {
      g_autofree char *fg_hex = hex (fg);
      g_autofree char *bg_hex = hex (bg);
      g_autofree char *classes = g_strjoinv (".", gtk_widget_get_css_classes (GTK_WIDGET (label)));
      g_string_append_printf (street.failures, "%s: “%s” %.2f:1 (%s on %s, label.%s)\n",
                              walk->page, text, ratio, fg_hex, bg_hex, classes);
    }
  else if (g_getenv ("BN_CONTRAST_VERBOSE") != NULL)
    g_test_message ("%s: “%s” %.2f:1", walk->page, text, ratio);
}

static void
walk_widget (Walk *walk, GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget)
      || gtk_widget_get_opacity (widget) == 0)
    return;
  if (GTK_IS_LABEL (widget))
    measure_label (walk, GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widget (walk, child);
}

static void
measure_once (GtkWidget *window, const char *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  Walk walk = { page, window };

  bn_test_iterate (300);
  texture = bn_screenshot_render (window, &error);
  g_assert_no_error (error);
  walk.picture.width = gdk_texture_get_width (texture);
  walk.picture.height = gdk_texture_get_height (texture);
  walk.picture.stride = walk.picture.width * 4;
  data = g_malloc (walk.picture.stride * walk.picture.height);
  gdk_texture_download (texture, data, walk.picture.stride);
  walk.picture.data = data;
  bn_test_screenshot (window, page);
  walk_widget (&walk, window);
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  bn_test_iterate (200);
}

/* Measures @window as it is now, light and dark. */
static void
measure (GtkWidget *window, const char *page)
{
  g_autofree char *dark_page = g_strconcat ("contrast-", page, "-dark", NULL);
  g_autofree char *light_page = g_strconcat ("contrast-", page, NULL);

  if (BN_IS_WINDOW (window))
    bn_window_dismiss_toast (BN_WINDOW (window));
  set_dark (FALSE);
  measure_once (window, light_page);
  set_dark (TRUE);
  measure_once (window, dark_page);
  set_dark (FALSE);
}

/* ---- the street --------------------------------------------------------- */

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
exchange_all (BnHome **others, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      if (i != j)
        bn_test_exchange (others[i], others[j]);
  for (guint i = 0; i < n; i++)
    bn_test_exchange (street.anna, others[i]);
  bn_session_refresh (street.session);
}

static gboolean
list_has_rows (gpointer data)
{
  return bn_post_list_get_n_shown (data) > 0;
}

static char *
peer_id (BnHome *home)
{
  return bn_home_dup_peer_id (home);
}

/* Anna's neighbourhood: posts of every status, a match with thanks, a
 * conversation, a meetup she answered. */
static void
test_setup (void)
{
  g_autofree char *dir = bn_test_make_dir ("anna");
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) chris = NULL;
  g_autofree char *done = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *bram_id = NULL;
  g_autofree char *anna_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%dT10:00:00");
  g_autofree char *end = g_date_time_format (later, "%Y-%m-%dT11:30:00");
  BnEventDraft coffee = { .title = "Coffee in the courtyard", .place = "The courtyard",
                          .category = "coffee", .capacity = 8, .start = start, .end = end };

  street.failures = g_string_new (NULL);
  street.app = bn_application_new ();
  g_application_set_flags (G_APPLICATION (street.app), G_APPLICATION_NON_UNIQUE);
  bn_application_set_data_dir (street.app, dir);
  bn_application_set_network (street.app, 0, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (street.app), NULL, &error));
  g_application_activate (G_APPLICATION (street.app));
  street.window = BN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (street.app)));
  gtk_window_set_default_size (GTK_WINDOW (street.window), 1000, 760);
  street.session = bn_window_get_session (street.window);
  wait_for_page (street.window->main_stack, "welcome");
  measure (GTK_WIDGET (street.window), "welcome");
  bn_welcome_show_step (street.window->welcome, "you");
  measure (GTK_WIDGET (street.window), "welcome-you");

  g_assert_true (bn_home_set_name (bn_session_get_home (street.session), "Anna", NULL));
  bn_welcome_show_step (street.window->welcome, "hood");
  g_assert_true (bn_welcome_create_hood (street.window->welcome, "Kerkstraat"));
  wait_for_page (street.window->main_stack, "app");
  street.session = bn_window_get_session (street.window);
  street.anna = bn_session_get_home (street.session);
  g_assert_true (bn_test_wait_until (shown, GSIZE_TO_POINTER (BN_TYPE_INVITE_DIALOG), 3000));
  {
    GtkWindow *invite = find_toplevel (BN_TYPE_INVITE_DIALOG);
    gtk_window_set_default_size (invite, 440, 640);
    measure (GTK_WIDGET (invite), "invite");
    gtk_window_destroy (invite);
  }

  publish_profile (street.anna, "Anna", "meals", "errands");
  street.bram = bn_test_neighbour ("bram", street.anna, "Bram", "Kerkstraat", "12", "3", "errands");
  chris = bn_test_neighbour ("chris", street.anna, "Chris", "Kerkstraat", "14", NULL, "repairs");
  street.dina = bn_test_neighbour ("dina", street.anna, "Dina", "Kerkstraat", "40", NULL, "language");
  publish (chris, "request", "transport", "A lift to the hospital on Thursday", "2026-11-26");
  publish (chris, "offer", "lending", "Drill and ladder to lend", NULL);
  publish (street.dina, "offer", "language", "Practise Dutch over coffee", NULL);
  street.dina_post = publish (street.dina, "request", "company", "Someone to walk with on Sunday", NULL);
  done = publish (street.bram, "request", "computer", "Setting up a new phone", NULL);
  withdrawn = publish (street.bram, "offer", "meals", "Soup on Fridays", NULL);
  g_assert_nonnull (bn_home_set_status (street.bram, done, "done", NULL));
  g_assert_nonnull (bn_home_set_status (street.bram, withdrawn, "withdrawn", NULL));
  street.anna_post = publish (street.anna, "request", "errands", "Groceries on Saturday", NULL);
  {
    BnHome *others[] = { street.bram, chris, street.dina };
    exchange_all (others, G_N_ELEMENTS (others));
  }
  /* Bram offers to help; Anna accepts and thanks him. */
  {
    g_autoptr(BnEntry) reply = bn_home_reply (street.bram, street.anna_post,
                                              "Happy to, I go on Saturday morning anyway.", NULL);
    g_autofree char *reply_id = bn_hex_encode (reply->id, BN_HASH_LEN);
    g_autoptr(BnEntry) accept = NULL;
    g_autoptr(BnEntry) thanks = NULL;

    bn_test_exchange (street.anna, street.bram);
    accept = bn_home_accept (street.anna, street.anna_post, reply_id, NULL);
    g_assert_nonnull (accept);
    thanks = bn_home_thank (street.anna, street.anna_post, "You are a star, Bram!", NULL);
    g_assert_nonnull (thanks);
  }
  /* A word from Bram, and his meetup. */
  anna_id = peer_id (street.anna);
  bram_id = peer_id (street.bram);
  g_assert_nonnull (bn_home_send_message (street.bram, anna_id, "See you at ten on Saturday!",
                                          street.anna_post, 0, NULL));
  {
    g_autoptr(BnEntry) event = bn_home_create_event (street.bram, &coffee, &error);
    g_assert_no_error (error);
    street.event_id = bn_hex_encode (event->id, BN_HASH_LEN);
  }
  bn_test_exchange (street.anna, street.bram);
  {
    g_autoptr(BnEntry) rsvp = bn_home_rsvp (street.anna, street.event_id, "yes", 0, &error);
    g_assert_no_error (error);
  }
  bn_session_refresh (street.session);
  g_signal_emit_by_name (street.session, "changed");
  g_assert_true (bn_test_wait_until (list_has_rows, street.window->requests, 3000));
  bn_test_iterate (500);
}

/* ---- the pages ---------------------------------------------------------- */

static void
show_view (const char *view)
{
  bn_window_show_browse (street.window);
  gtk_widget_activate_action (GTK_WIDGET (street.window), "win.view", "s", view);
  wait_for_page (street.window->nav_stack, "browse");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (street.window->views), ==, view);
}

static void
test_views (void)
{
  show_view ("requests");
  measure (GTK_WIDGET (street.window), "requests");
  show_view ("offers");
  measure (GTK_WIDGET (street.window), "offers");
  show_view ("neighbours");
  {
    GtkWidget *chris = find_expander (GTK_WIDGET (street.window->neighbours), "Chris");
    g_assert_nonnull (chris);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (chris), TRUE);
  }
  measure (GTK_WIDGET (street.window), "neighbours");
  show_view ("connector");
  measure (GTK_WIDGET (street.window), "connector");
  show_view ("conversations");
  measure (GTK_WIDGET (street.window), "conversations");
  show_view ("meetups");
  measure (GTK_WIDGET (street.window), "meetups");
}

static void
test_pages (void)
{
  BnWindow *window = street.window;

  bn_window_show_post (window, street.anna_post);
  wait_for_page (window->nav_stack, "post");
  measure (GTK_WIDGET (window), "post-mine");
  bn_window_show_post (window, street.dina_post);
  wait_for_page (window->nav_stack, "post");
  measure (GTK_WIDGET (window), "post-theirs");

  bn_window_compose (window, "request", NULL);
  wait_for_page (window->nav_stack, "compose");
  measure (GTK_WIDGET (window), "compose");
  g_assert_false (bn_post_form_submit (window->post_form));   /* the form's problem, shown */
  measure (GTK_WIDGET (window), "compose-problem");
  bn_post_form_fill (window->post_form, "errands", "Groceries on Saturday",
                     "My knee is bad this week. A few bags from the Delhaize, list ready.");
  measure (GTK_WIDGET (window), "compose-chosen");   /* a chosen chip */

  {
    g_autofree char *bram_id = peer_id (street.bram);
    bn_window_open_conversation (window, bram_id, NULL);
    wait_for_page (window->nav_stack, "conversation");
    measure (GTK_WIDGET (window), "conversation");
  }
  bn_window_show_meetup (window, street.event_id);
  wait_for_page (window->nav_stack, "meetup");
  measure (GTK_WIDGET (window), "meetup");
  bn_window_organise_meetup (window, NULL);
  wait_for_page (window->nav_stack, "meetup-form");
  measure (GTK_WIDGET (window), "meetup-form");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.services", NULL);
  wait_for_page (window->nav_stack, "services");
  measure (GTK_WIDGET (window), "services");
  bn_window_show_browse (window);
}

static void
test_preferences (void)
{
  GtkWindow *prefs;

  g_action_group_activate_action (G_ACTION_GROUP (street.app), "preferences", NULL);
  g_assert_true (bn_test_wait_until (shown, GSIZE_TO_POINTER (BN_TYPE_PREFERENCES), 3000));
  prefs = find_toplevel (BN_TYPE_PREFERENCES);
  measure (GTK_WIDGET (prefs), "preferences");
  gtk_window_destroy (prefs);
}

/* Run last: what every page above found. */
static void
test_verdict (void)
{
  g_test_message ("%u labels measured on every page, light and dark; %u turned off (exempt)",
                  street.n_measured, street.n_exempt);
  g_assert_cmpuint (street.n_measured, >, 500);
  if (street.failures->len > 0)
    {
      g_test_message ("Text below %.1f:1:\n%s", MIN_CONTRAST, street.failures->str);
      g_test_fail ();
    }
}

int
main (int argc, char *argv[])
{
  int status;

  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();
  g_test_add_func ("/buurtnet/app/contrast/setup", test_setup);
  g_test_add_func ("/buurtnet/app/contrast/views", test_views);
  g_test_add_func ("/buurtnet/app/contrast/pages", test_pages);
  g_test_add_func ("/buurtnet/app/contrast/preferences", test_preferences);
  g_test_add_func ("/buurtnet/app/contrast/verdict", test_verdict);
  status = g_test_run ();

  if (street.window != NULL)
    gtk_window_destroy (GTK_WINDOW (street.window));
  g_clear_object (&street.bram);
  g_clear_object (&street.dina);
  g_clear_object (&street.app);
  g_free (street.anna_post);
  g_free (street.dina_post);
  g_free (street.event_id);
  return status;
}
