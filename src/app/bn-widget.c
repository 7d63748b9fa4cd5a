/* bn-widget.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-widget.h"

#include <glib/gi18n.h>

/**
 * bn_widget_dispose_template:
 * @widget_type: the type whose template @widget was built from
 *
 * Call first in the dispose of a widget built from a template. GTK 4.8's
 * gtk_widget_dispose_template() clears the children bound to fields, but a
 * plain GtkWidget subclass must also unparent the template's root widget
 * itself, which is not bound to a field.
 */
void
bn_widget_dispose_template (GtkWidget *widget,
                            GType      widget_type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/**
 * bn_widget_name_drop_down:
 *
 * GTK 4.8 gives the focus of a #GtkDropDown to a toggle button inside it,
 * which a screen reader reads as "GtkToggleButton": gives it @name too.
 */
void
bn_widget_name_drop_down (GtkDropDown *drop_down,
                          const char  *name)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name, -1);
}

/* What describes a field for screen readers: its own note, and a problem
 * with what it holds while there is one. Both weak: a label may go first. */
typedef struct {
  GWeakRef note;
  GWeakRef problem;
} Described;

#define DESCRIBED_KEY "bn-described"

static void
described_free (gpointer data)
{
  Described *described = data;

  g_weak_ref_clear (&described->note);
  g_weak_ref_clear (&described->problem);
  g_free (described);
}

/* GTK 4.8 gives the focus of a menu button or a drop-down to a toggle
 * button inside it: that is what a screen reader reads. */
static GtkWidget *
inner_toggle (GtkWidget *field)
{
  GtkWidget *child = gtk_widget_get_first_child (field);

  if ((GTK_IS_MENU_BUTTON (field) || GTK_IS_DROP_DOWN (field)) && GTK_IS_TOGGLE_BUTTON (child))
    return child;
  return NULL;
}

static void
describe_as (GtkWidget  *target,
             GtkLabel   *first,
             GtkLabel   *second,
             const char *words)
{
  if (first == NULL)
    {
      const char *tooltip = gtk_widget_get_tooltip_text (target);

      /* GTK describes a widget by its tooltip: that again, if it has one. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      if (tooltip != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  /* (a list of labels, ended by NULL) */
  if (second != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    first, second, NULL, -1);
  else
    gtk_accessible_update_relation (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    first, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  words, -1);
}

/* The problem first, then the note, each on its own line. */
static void
update_description (GtkWidget *field)
{
  Described *described = g_object_get_data (G_OBJECT (field), DESCRIBED_KEY);
  g_autoptr(GtkLabel) problem = g_weak_ref_get (&described->problem);
  g_autoptr(GtkLabel) note = g_weak_ref_get (&described->note);
  GtkLabel *first = problem != NULL ? problem : note;
  GtkLabel *second = problem != NULL ? note : NULL;
  GtkWidget *toggle = inner_toggle (field);
  g_autofree char *words = NULL;

  if (first != NULL && second != NULL && *gtk_label_get_text (second) != '\0')
    words = g_strconcat (gtk_label_get_text (first), "\n", gtk_label_get_text (second), NULL);
  else if (first != NULL)
    words = g_strdup (gtk_label_get_text (first));
  describe_as (field, first, second, words);
  if (toggle != NULL)
    describe_as (toggle, first, second, words);
}

static void
on_words_changed (GtkLabel   *label,
                  GParamSpec *pspec,
                  GtkWidget  *field)
{
  update_description (field);
}

static void
tie (GtkWidget *field,
     GWeakRef  *slot,
     GtkLabel  *label)
{
  g_autoptr(GtkLabel) before = g_weak_ref_get (slot);

  if (before == label)
    return;
  if (before != NULL)
    g_signal_handlers_disconnect_by_func (before, on_words_changed, field);
  g_weak_ref_set (slot, label);
  /* (the words as read: a label given markup after its text changes them) */
  if (label != NULL)
    {
      g_signal_connect_object (label, "notify::label", G_CALLBACK (on_words_changed), field, 0);
      g_signal_connect_object (label, "notify::use-markup", G_CALLBACK (on_words_changed), field,
                               0);
    }
}

static Described *
described_of (GtkWidget *field)
{
  Described *described = g_object_get_data (G_OBJECT (field), DESCRIBED_KEY);

  if (described == NULL)
    {
      described = g_new0 (Described, 1);
      g_weak_ref_init (&described->note, NULL);
      g_weak_ref_init (&described->problem, NULL);
      g_object_set_data_full (G_OBJECT (field), DESCRIBED_KEY, described, described_free);
    }
  return described;
}

/**
 * bn_widget_describe:
 * @field: what a person focuses
 * @note: (nullable): the words that go with it for good (a note, a hint);
 *   %NULL unties them
 *
 * Ties @note to @field as what describes it for screen readers, and keeps the
 * description to @note's words as they change. GTK 4.8 passes a
 * "described-by" relation on to the accessibility bus as a relation only,
 * with the field's description left empty, and a screen reader reads the
 * description: without it a person heard the field and not its note.
 */
void
bn_widget_describe (GtkWidget *field,
                    GtkLabel  *note)
{
  tie (field, &described_of (field)->note, note);
  update_description (field);
}

/**
 * bn_widget_describe_problem:
 * @field: what the problem is about
 * @problem: (nullable): the words saying it (shown, and announced as an
 *   alert as they come); %NULL when the problem is gone
 *
 * Marks @field as holding something wrong, described by @problem before its
 * own note (bn_widget_describe()), so that a person who comes back to the
 * field hears the problem again. %NULL takes the mark and the words away and
 * leaves the note.
 */
void
bn_widget_describe_problem (GtkWidget *field,
                            GtkLabel  *problem)
{
  tie (field, &described_of (field)->problem, problem);
  update_description (field);
  if (problem != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
}

static GtkLabel *
find_subtitle (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "subtitle"))
        return GTK_LABEL (child);
      if ((found = find_subtitle (child)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * bn_action_row_describe:
 *
 * libadwaita 1.2 ties an action row's subtitle (its label.subtitle) to the
 * row, and to its activatable widget, as "described-by": bn_widget_describe()
 * makes the subtitle reach screen readers with whichever takes the focus.
 * Call again once the row has its activatable widget; the description
 * follows the subtitle as it changes.
 */
void
bn_action_row_describe (AdwActionRow *row)
{
  GtkWidget *field = adw_action_row_get_activatable_widget (row);
  GtkLabel *subtitle = find_subtitle (GTK_WIDGET (row));

  if (subtitle == NULL)
    return;
  bn_widget_describe (GTK_WIDGET (row), subtitle);
  if (field != NULL)
    bn_widget_describe (field, subtitle);
}

/**
 * bn_widget_describe_rows:
 *
 * bn_action_row_describe() for every action row in @root, as a composite
 * widget's template made them.
 */
void
bn_widget_describe_rows (GtkWidget *root)
{
  if (ADW_IS_ACTION_ROW (root))
    bn_action_row_describe (ADW_ACTION_ROW (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    bn_widget_describe_rows (child);
}

/**
 * bn_layout_flow_box_new:
 *
 * A #GtkFlowBox used only to lay things out side by side, wrapping on a
 * phone. A flow box and its cells take the focus themselves by default: Tab
 * would stop on each cell before its button. This one leaves the focus to
 * what it holds. When it holds nothing that takes the focus, also call
 * gtk_widget_set_can_focus (box, FALSE): GTK 4.8 would otherwise claim the
 * focus for the box without moving it, and Tab would stop there for good.
 *
 * Returns: (transfer floating): a new flow box with no selection
 */
GtkWidget *
bn_layout_flow_box_new (void)
{
  GtkWidget *box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_set_focusable (box, FALSE);
  return box;
}

/**
 * bn_layout_flow_box_append:
 * @name: what a screen reader says of the cell (a screen reader still sees
 *   each cell as a table cell): the button's label, or the words shown
 *
 * Appends @child in a cell that never takes the focus itself.
 */
void
bn_layout_flow_box_append (GtkFlowBox *box,
                           GtkWidget  *child,
                           const char *name)
{
  GtkWidget *cell;

  gtk_flow_box_append (box, child);
  cell = gtk_widget_get_parent (child);
  gtk_widget_set_focusable (cell, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/**
 * bn_button_wrap_label:
 *
 * A button's words go on two lines when they do not fit on one, at a space:
 * with Large Text on a phone ("Start Again with a New Code…" in Dutch) a
 * label on one line makes the window wider than the screen. The label stays
 * the button's, so its name for screen readers does not change.
 */
void
bn_button_wrap_label (GtkButton *button)
{
  GtkWidget *label = gtk_button_get_child (button);

  if (!GTK_IS_LABEL (label))
    return;
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
}

/**
 * bn_widget_wrap_to_fit:
 *
 * bn_button_wrap_label() for every pill button (the calls to action) in
 * @root, and every button with the style class "bn-wrap", as a composite
 * widget's template made them; headings wrap too.
 */
void
bn_widget_wrap_to_fit (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root)
      && (gtk_widget_has_css_class (root, "pill") || gtk_widget_has_css_class (root, "bn-wrap")))
    bn_button_wrap_label (GTK_BUTTON (root));
  /* A group's heading ("What could help you? (optional)") on two lines
   * rather than cut: libadwaita 1.2 cuts it. */
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "heading")
      && !gtk_label_get_wrap (GTK_LABEL (root)))
    {
      gtk_label_set_ellipsize (GTK_LABEL (root), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (root), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (root), PANGO_WRAP_WORD);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    bn_widget_wrap_to_fit (child);
}

/**
 * bn_back_header_new:
 * @title: the page's title
 * @title_widget: (out) (optional) (transfer none): the title, for pages that change it
 *
 * The header of a page the window opens over its views: a Back button (the
 * window's win.back, named for screen readers) and the title.
 *
 * Returns: (transfer floating): a new header bar
 */
GtkWidget *
bn_back_header_new (const char      *title,
                    AdwWindowTitle **title_widget)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *window_title = adw_window_title_new (title, NULL);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.back");
  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), window_title);
  if (title_widget != NULL)
    *title_widget = ADW_WINDOW_TITLE (window_title);
  return header;
}

/**
 * bn_scrolled_column_new:
 * @column: the page's content, one column
 * @maximum_width: how wide the column may grow on a wide window
 *
 * A page's content as the app lays it out: margins round @column, centred at
 * most @maximum_width wide, scrolled vertically.
 *
 * Returns: (transfer floating): a new scrolled window holding @column
 */
GtkWidget *
bn_scrolled_column_new (GtkWidget *column,
                        int        maximum_width)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_set_margin_top (column, 18);
  gtk_widget_set_margin_bottom (column, 24);
  gtk_widget_set_margin_start (column, 12);
  gtk_widget_set_margin_end (column, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), maximum_width);
  adw_clamp_set_child (ADW_CLAMP (clamp), column);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

/* The minutes as a clock shows them, "00" and "05", not "0" and "5" (::output).
 * Only what is shown changes: the value, and what a screen reader gives as
 * the value, stays the number. */
static gboolean
show_two_digits (GtkSpinButton *button)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (button));

  /* Setting the same text again would move the cursor of someone typing. */
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (button))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (button), text);
  return TRUE;
}

void
bn_spin_button_show_two_digits (GtkSpinButton *button)
{
  g_signal_connect (button, "output", G_CALLBACK (show_two_digits), NULL);
  show_two_digits (button);
}
