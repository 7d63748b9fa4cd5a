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
#include "bn-test-street.h"
#include "bn-screenshot.h"

#include <math.h>

#define MIN_CONTRAST 4.5

typedef struct
{
  guint          n_measured;
  guint          n_exempt;
  GString       *failures;
} Tally;

static Tally tally;

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
  Colour fg = { 0 }, bg = { 0 };   /* set whenever measure_box() gives a ratio */
  double ratio;

  gboolean has_text = FALSE;

  for (const char *c = text; *c != '\0' && !has_text; c = g_utf8_next_char (c))
    has_text = !g_unichar_isspace (g_utf8_get_char (c));
  if (!has_text)
    return;
  if (!gtk_widget_is_sensitive (GTK_WIDGET (label)))
    {
      tally.n_exempt++;   /* turned off: WCAG 1.4.3 leaves it out */
      return;
    }
  if (!visible_box (GTK_WIDGET (label), walk->window, &box))
    return;
  ratio = measure_box (&walk->picture, &box, &fg, &bg);
  if (ratio == 0)
    return;
  tally.n_measured++;
  if (ratio < MIN_CONTRAST)
    {
      g_autofree char *fg_hex = hex (fg);
      g_autofree char *bg_hex = hex (bg);
      g_autofree char *classes = g_strjoinv (".", gtk_widget_get_css_classes (GTK_WIDGET (label)));
      g_string_append_printf (tally.failures, "%s: “%s” %.2f:1 (%s on %s, label.%s)\n",
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

/* ---- the pages ---------------------------------------------------------- */

static void
look (GtkWidget *window, const char *page, gpointer unused)
{
  measure (window, page);
}

static BnTestStreet street_of_anna;

/* The first run, the invite, then every view, page and Preferences. */
static void
test_pages (void)
{
  bn_test_street_open (&street_of_anna, 1000, 760, look, NULL);
  bn_test_street_visit (&street_of_anna, street_of_anna.window, look, NULL);
}

/* Run last: what every page above found. */
static void
test_verdict (void)
{
  g_test_message ("%u labels measured on every page, light and dark; %u turned off (exempt)",
                  tally.n_measured, tally.n_exempt);
  g_assert_cmpuint (tally.n_measured, >, 500);
  if (tally.failures->len > 0)
    {
      g_test_message ("Text below %.1f:1:\n%s", MIN_CONTRAST, tally.failures->str);
      g_test_fail ();
    }
}

int
main (int argc, char *argv[])
{
  int status;

  bn_test_init (&argc, &argv);
  bn_test_serve_notifications ();
  tally.failures = g_string_new (NULL);
  g_test_add_func ("/buurtnet/app/contrast/pages", test_pages);
  g_test_add_func ("/buurtnet/app/contrast/verdict", test_verdict);
  status = g_test_run ();

  bn_test_street_close (&street_of_anna);
  return status;
}
