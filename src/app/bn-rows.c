/* bn-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-rows.h"
#include "bn-widget.h"

/* @subtitle: (nullable) */
GtkWidget *
bn_action_row_new (const char *title,
                   const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  bn_action_row_describe (ADW_ACTION_ROW (row));   /* a screen reader hears the subtitle too */
  return row;
}

/* @subtitle: (nullable) */
GtkWidget *
bn_expander_row_new (const char *title,
                     const char *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  bn_expander_row_name_header (ADW_EXPANDER_ROW (row));
  return row;
}

static GtkWidget *
find_header (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ADW_IS_ACTION_ROW (child) ? child : find_header (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
update_header (AdwExpanderRow *row)
{
  GtkWidget *header = g_object_get_data (G_OBJECT (row), "bn-header");
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  const char *subtitle = adw_expander_row_get_subtitle (row);

  /* The row itself, around the header and what it reveals, is named too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (header),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle ? subtitle : "",
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_STATE_EXPANDED,
                               adw_expander_row_get_expanded (row), -1);
}

/**
 * bn_expander_row_name_header:
 *
 * libadwaita 1.2 leaves the row a person focuses inside an expander row (its
 * header) without a name or an expanded state for screen readers: gives it
 * the title, the subtitle as its description, and follows the expansion.
 */
void
bn_expander_row_name_header (AdwExpanderRow *row)
{
  GtkWidget *header = find_header (GTK_WIDGET (row));

  if (header == NULL)
    return;
  g_object_set_data (G_OBJECT (row), "bn-header", header);
  update_header (row);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (update_header), NULL);
  g_signal_connect (row, "notify::title", G_CALLBACK (update_header), NULL);
  g_signal_connect (row, "notify::subtitle", G_CALLBACK (update_header), NULL);
}
