/* test-large-text.c — Large Text (GNOME's text scaling 1.25) on a phone-wide
 * window: born 360 px wide, every page keeps it within 360 px, no label
 * breaks inside a word, and no text is cut (ellipsized) except in the few
 * places listed in `exemptions` below, where the whole text is one click away.
 * Besides the street's pages: a weekly meetup of Anna's own, and its Edit.
 *
 * Run in English, Dutch and French ($LANGUAGE). Screenshots of each page go to
 * $BN_SCREENSHOT_DIR/large-LANG-PAGE.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-street.h"
#include "bn-post-row.h"

#include <glib/gi18n.h>

#define PHONE_WIDTH 360

static BnTestStreet street;
static GString *problems;
static GString *noted;       /* cut where an exemption allows it: reported */

/* Whether a wrapped label's lines break inside a word ("Demander de l'ai-"). */
static gboolean
breaks_a_word (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      gunichar before;

      if (line->start_index == 0)
        continue;
      before = g_utf8_get_char (g_utf8_prev_char (text + line->start_index));
      if (!g_unichar_isspace (before) && before != '-' && before != '/' && before != 0x2010)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
ancestor (GtkWidget *widget, GType type)
{
  return gtk_widget_get_ancestor (widget, type);
}

static gboolean
in_view_switcher_bar (GtkWidget *label, const char *page)
{
  return ancestor (label, ADW_TYPE_VIEW_SWITCHER_BAR) != NULL;
}

static gboolean
drop_down_choice (GtkWidget *label, const char *page)
{
  return ancestor (label, GTK_TYPE_DROP_DOWN) != NULL && ancestor (label, GTK_TYPE_POPOVER) == NULL;
}

static gboolean
post_title_in_list (GtkWidget *label, const char *page)
{
  return ancestor (label, BN_TYPE_POST_ROW) != NULL && gtk_widget_has_css_class (label, "heading")
         && pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))) >= 2;
}

static gboolean
message_preview (GtkWidget *label, const char *page)
{
  return g_str_equal (page, "conversations") && ancestor (label, ADW_TYPE_ACTION_ROW) != NULL
         && gtk_widget_has_css_class (label, "subtitle");
}

/* Where a cut text is allowed: the whole text is one click away, and what is
 * shown still says enough to choose. Nothing else may be cut. */
static const struct
{
  gboolean (*applies) (GtkWidget *label, const char *page);
  const char *why;
} exemptions[] = {
  /* Six views leave a name 53 px under its icon. The icon stays, the name
   * is the button's accessible name, and the header names the view shown. */
  { in_view_switcher_bar, "a view's name in the switcher bar" },
  /* The chosen item of a drop-down; its list shows every choice whole. */
  { drop_down_choice, "a drop-down's chosen item" },
  /* A post's title, after two lines; the post opens on its page. */
  { post_title_in_list, "a post's title past two lines" },
  /* The last message under a conversation's name; the conversation opens
   * on it. One line keeps the list of conversations easy to scan. */
  { message_preview, "a conversation's last message" },
};

static const char *
exemption_for (GtkWidget *label, const char *page)
{
  for (guint i = 0; i < G_N_ELEMENTS (exemptions); i++)
    if (exemptions[i].applies (label, page))
      return exemptions[i].why;
  return NULL;
}

/* What a phone-wide page owes Large Text: no word broken, nothing cut but
 * what an exemption allows. */
static void
check_label (GtkLabel *label, const char *page, GString *out, GString *noted)
{
  GtkWidget *widget = GTK_WIDGET (label);
  const char *text = gtk_label_get_text (label);
  gboolean cut = pango_layout_is_ellipsized (gtk_label_get_layout (label));
  int width = gtk_widget_get_width (widget);
  const char *why;

  if (*text == '\0' || !gtk_widget_is_sensitive (widget))
    return;
  if (breaks_a_word (label))
    g_string_append_printf (out, "%s: a word broken: “%s” (%d px)\n", page, text, width);
  else if (cut && (why = exemption_for (widget, page)) != NULL)
    g_string_append_printf (noted, "%s: %s cut: “%s” (%d px)\n", page, why, text, width);
  else if (cut)
    g_string_append_printf (out, "%s: cut: “%s” (%d px, in %s)\n", page, text, width,
                            G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
}

/* The switcher bar may cut the views' names because the header names the
 * view shown, on a narrow window. */
static void
check_view_named (GtkWidget *window, const char *page, GString *out)
{
  BnWindow *self;
  GtkWidget *view;
  const char *title;

  if (!BN_IS_WINDOW (window))
    return;
  self = BN_WINDOW (window);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->switcher_title))
      || !adw_view_switcher_title_get_title_visible (self->switcher_title))
    return;
  view = adw_view_stack_get_visible_child (self->views);
  title = adw_view_stack_page_get_title (adw_view_stack_get_page (self->views, view));
  if (bn_test_find_label (GTK_WIDGET (self->switcher_title), title) == NULL)
    g_string_append_printf (out, "%s: the header does not name the view “%s”\n", page, title);
}

static void
check_widget (GtkWidget *widget, const char *page, GString *out, GString *noted)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_label (GTK_LABEL (widget), page, out, noted);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (child, page, out, noted);
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  if (gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* What makes a window too wide: down from @widget, each widget that asks for
 * more than a phone's width, to the ones that ask it themselves. */
static void
name_the_widest (GtkWidget *widget, int depth, GString *out)
{
  int min = min_width (widget);

  if (min <= PHONE_WIDTH - 32 || depth > 40)
    return;
  g_string_append_printf (out, "%*s%s%s%s%s %d px\n", depth, "", G_OBJECT_TYPE_NAME (widget),
                          GTK_IS_LABEL (widget) ? " “" : "",
                          GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "",
                          GTK_IS_LABEL (widget) ? "”" : "", min);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_the_widest (child, depth + 1, out);
}

static void
look (GtkWidget *window, const char *page, gpointer unused)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *name = g_strdup_printf ("large-%s-%s", lang ? lang : "en", page);
  GString *out = problems;
  int width;

  if (BN_IS_WINDOW (window))
    bn_window_dismiss_toast (BN_WINDOW (window));
  bn_test_iterate (300);
  bn_test_screenshot (window, name);
  width = gtk_widget_get_width (window);
  g_test_message ("%s: %d px wide", page, width);
  if (width > PHONE_WIDTH)
    {
      g_autoptr(GString) widest = g_string_new (NULL);
      name_the_widest (window, 0, widest);
      g_string_append_printf (out, "%s: the window is %d px wide:\n%s", page, width, widest->str);
    }
  check_widget (window, page, out, noted);
  check_view_named (window, page, out);
}

static gboolean
edit_button_shown (gpointer window)
{
  return bn_test_find_label (window, _("Edit Meetup")) != NULL;
}

static gboolean
form_shown (gpointer window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (BN_WINDOW (window)->nav_stack),
                    "meetup-form") == 0;
}

/* A day as long to write as days get: a Wednesday in late September
 * ("Wednesday 29 September", "woensdag 29 september", "mercredi 29
 * septembre"), the next to come; three months on, its repeats end in
 * December. */
static GDateTime *
longest_day (void)
{
  GDateTime *day = g_date_time_new_now_local ();

  do
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
    }
  while (g_date_time_get_month (day) != 9 || g_date_time_get_day_of_month (day) < 20
         || g_date_time_get_day_of_week (day) != 3);
  return day;
}

/* Anna organises a weekly repair café (the street's meetup is Bram's); its
 * page, then its Edit: the meetup form as it opens to change a meetup, with
 * its title, its place and the last date of the repeats, on the longest day
 * to write, so that no date makes it wider than today's. */
static void
visit_own_meetup (BnTestStreet *street)
{
  g_autoptr(GDateTime) later = longest_day ();
  g_autofree char *start = g_date_time_format (later, "%Y-%m-%dT18:30:00");
  g_autofree char *end = g_date_time_format (later, "%Y-%m-%dT21:00:00");
  BnEventDraft repair = { .title = "Repair café in the community room of the Kerkstraat",
                          .place = "Community room, Kerkstraat 12, ground floor",
                          .category = "repair", .capacity = 12, .start = start, .end = end,
                          .repeat = "weekly" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) event = bn_home_create_event (street->anna, &repair, &error);
  g_autofree char *event_id = NULL;
  GtkWidget *edit;

  g_assert_no_error (error);
  event_id = bn_hex_encode (event->id, BN_HASH_LEN);
  bn_session_refresh (street->session);
  g_signal_emit_by_name (street->session, "changed");
  bn_window_show_meetup (street->window, event_id);
  g_assert_true (bn_test_wait_until (edit_button_shown, street->window, 3000));
  look (GTK_WIDGET (street->window), "meetup-mine", NULL);
  edit = bn_test_find_label (GTK_WIDGET (street->window), _("Edit Meetup"));
  gtk_widget_activate (gtk_widget_get_ancestor (edit, GTK_TYPE_BUTTON));
  g_assert_true (bn_test_wait_until (form_shown, street->window, 3000));
  look (GTK_WIDGET (street->window), "meetup-edit-form", NULL);
  bn_window_show_browse (street->window);
}

static void
test_pages (void)
{
  bn_test_street_open (&street, PHONE_WIDTH, 720, look, NULL);
  bn_test_street_visit (&street, street.window, look, NULL);
  visit_own_meetup (&street);
  if (noted->len > 0)
    g_test_message ("Cut where an exemption allows it:\n%s", noted->str);
  if (problems->len > 0)
    {
      g_test_message ("With Large Text at %d px:\n%s", PHONE_WIDTH, problems->str);
      g_test_fail ();
    }
}

int
main (int argc, char *argv[])
{
  int status;

  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();
  /* GNOME's Large Text: the text scaling factor 1.25, as the settings
   * daemon hands it to GTK. */
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1.25 * 1024), NULL);
  problems = g_string_new (NULL);
  noted = g_string_new (NULL);
  g_test_add_func ("/buurtnet/app/large-text/pages", test_pages);
  status = g_test_run ();
  bn_test_street_close (&street);
  return status;
}
