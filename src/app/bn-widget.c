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
