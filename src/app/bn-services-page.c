/* bn-services-page.c — where to get help
 *
 * Every neighbour can open it without asking anyone: offering the way is
 * itself help. Searchable by words, filtered by category and language; each
 * service opens to its details, with phone, e-mail and website as links, and
 * a visible "may be out of date" once it was last checked a year ago.
 * Connectors see the controls to add, edit, remove, import and export; others
 * see none (export included: the file is for keeping the list elsewhere).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-services-page.h"
#include "bn-widget.h"
#include "bn-rows.h"
#include "bn-service-editor.h"
#include "bn-service-rows.h"
#include "bn-service-writes.h"
#include "bn-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnServicesPage
{
  GtkWidget parent_instance;

  GtkWidget    *search;
  GtkDropDown  *category;
  GtkDropDown  *language;
  GtkStringList *languages_model;
  GtkWidget    *connector_box;
  GtkStack     *stack;
  AdwStatusPage *empty;
  GtkListBox   *list;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  GPtrArray    *services;     /* BnService: every one in force */
  GPtrArray    *language_codes;  /* the language filter's choices after "all" */
  char         *shown;        /* what the rows show, to leave them alone */
  guint         n_shown;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (BnServicesPage, bn_services_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
is_connector (BnServicesPage *self)
{
  return self->session != NULL && bn_session_is_connector (self->session);
}

static const char *
chosen_category (BnServicesPage *self)
{
  guint n_categories, i = gtk_drop_down_get_selected (self->category);
  const BnCategory *categories = bn_categories (&n_categories);

  return i >= 1 && i <= n_categories ? categories[i - 1].id : NULL;
}

static const char *
chosen_language (BnServicesPage *self)
{
  guint i = gtk_drop_down_get_selected (self->language);

  return i >= 1 && i <= self->language_codes->len
         ? g_ptr_array_index (self->language_codes, i - 1) : NULL;
}

static gboolean
contains_folded (const char *haystack, const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
matches (BnServicesPage *self, const BnService *service, const char *needle)
{
  const char *category = chosen_category (self);
  const char *language = chosen_language (self);

  if (category != NULL && !g_strv_contains ((const char *const *) service->categories, category))
    return FALSE;
  if (language != NULL
      && (service->languages == NULL
          || !g_strv_contains ((const char *const *) service->languages, language)))
    return FALSE;
  if (needle == NULL || *needle == '\0')
    return TRUE;
  if (contains_folded (service->name, needle) || contains_folded (service->org, needle)
      || contains_folded (service->words, needle) || contains_folded (service->audience, needle)
      || contains_folded (service->area, needle) || contains_folded (service->address, needle))
    return TRUE;
  for (guint i = 0; service->categories != NULL && service->categories[i] != NULL; i++)
    if (contains_folded (bn_category_label (service->categories[i]), needle))
      return TRUE;
  return FALSE;
}

static GtkWindow *
parent_window (BnServicesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (BnServicesPage *self, const char *message)
{
  GtkWindow *window = parent_window (self);

  if (BN_IS_WINDOW (window))
    bn_window_toast (BN_WINDOW (window), message);
}

static const BnService *
service_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "bn-service");
}

static void
on_edit_clicked (GtkWidget *button, BnServicesPage *self)
{
  bn_service_editor_new (parent_window (self), self->session, service_of (button));
}

static void
removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnServicesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    toast (self, error->message);
  else
    toast (self, _("Service removed"));
}

static void
on_remove_response (AdwMessageDialog *dialog, const char *response, BnServicesPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "bn-service-id");

  if (g_strcmp0 (response, "remove") == 0)
    bn_session_remove_service_async (self->session, id, NULL, removed, g_object_ref (self));
}

static void
on_remove_clicked (GtkWidget *button, BnServicesPage *self)
{
  const BnService *service = service_of (button);
  g_autofree char *body = g_strdup_printf (_("“%s” leaves the list on every neighbour’s "
                                             "computer. Referrals already made keep its details."),
                                           service->name);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (parent_window (self), _("Remove This Service?"), NULL));

  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "remove", _("Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bn-service-id", g_strdup (service->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
small_button (const char *label, const BnService *service, GCallback callback,
              BnServicesPage *self)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "bn-service", (gpointer) service);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
add_to_expander (gpointer container, GtkWidget *row)
{
  adw_expander_row_add_row (ADW_EXPANDER_ROW (container), row);
}

static GtkWidget *
make_row (BnServicesPage *self, const BnService *service)
{
  g_autofree char *summary = bn_service_summary (service);
  GtkWidget *row = bn_expander_row_new (service->name, summary);

  if (service->stale)
    {
      GtkWidget *badge = gtk_label_new (_("May be out of date"));
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "caption");
      gtk_widget_add_css_class (badge, "warning");
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
    }
  bn_service_add_detail_rows (service, add_to_expander, row);
  if (is_connector (self))
    {
      GtkWidget *actions = bn_action_row_new (_("For connectors"), NULL);
      GtkWidget *remove = small_button (_("Remove"), service, G_CALLBACK (on_remove_clicked), self);

      gtk_widget_add_css_class (remove, "destructive-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (actions),
                                 small_button (_("Edit"), service, G_CALLBACK (on_edit_clicked), self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (actions), remove);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), actions);
    }
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The filter's choices and what the rows show, to leave them alone when a
 * sync changed nothing here. */
static char *
describe (BnServicesPage *self, const char *needle)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%d|%s|%s|%s|", is_connector (self), needle,
                          chosen_category (self), chosen_language (self));
  for (guint i = 0; i < self->services->len; i++)
    {
      const BnService *service = g_ptr_array_index (self->services, i);
      g_string_append_printf (out, "%s/%d;", service->version, service->stale);
    }
  return g_string_free (out, FALSE);
}

static void
show_rows (BnServicesPage *self)
{
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search)), -1);
  g_autofree char *shown = describe (self, needle);
  guint n = 0;

  gtk_widget_set_visible (self->connector_box, is_connector (self));
  if (g_strcmp0 (shown, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);
  clear_list (self->list);
  for (guint i = 0; i < self->services->len; i++)
    {
      const BnService *service = g_ptr_array_index (self->services, i);
      if (!matches (self, service, needle))
        continue;
      gtk_list_box_append (self->list, make_row (self, service));
      n++;
    }
  self->n_shown = n;
  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (self->services->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "none");
  else
    {
      adw_status_page_set_description (self->empty, is_connector (self)
        ? _("Add the services neighbours can turn to (the CPAS, a local service centre, a "
            "listening line), or import the list you keep in a spreadsheet.")
        : _("The connectors keep a list here of services neighbours can turn to. None has "
            "been added yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The language filter offers the languages the services speak. */
static void
update_languages (BnServicesPage *self)
{
  g_autofree char *was = g_strdup (chosen_language (self));
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  for (guint i = 0; i < self->services->len; i++)
    {
      const BnService *service = g_ptr_array_index (self->services, i);
      for (guint j = 0; service->languages != NULL && service->languages[j] != NULL; j++)
        if (!g_ptr_array_find_with_equal_func (codes, service->languages[j], g_str_equal, NULL))
          g_ptr_array_add (codes, g_strdup (service->languages[j]));
    }
  g_ptr_array_sort (codes, compare_strings);
  if (codes->len == self->language_codes->len)
    {
      gboolean same = TRUE;
      for (guint i = 0; i < codes->len && same; i++)
        same = g_str_equal (g_ptr_array_index (codes, i), g_ptr_array_index (self->language_codes, i));
      if (same)
        return;
    }
  g_ptr_array_unref (self->language_codes);
  self->language_codes = g_steal_pointer (&codes);
  {
    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->languages_model));
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) labels = NULL;

    for (guint i = 0; i < self->language_codes->len; i++)
      {
        const char *code = g_ptr_array_index (self->language_codes, i);
        g_strv_builder_add (builder, bn_service_language_label (code));
        if (g_strcmp0 (code, was) == 0)
          selected = i + 1;
      }
    labels = g_strv_builder_end (builder);
    gtk_string_list_splice (self->languages_model, 1, n_old - 1, (const char *const *) labels);
  }
  gtk_drop_down_set_selected (self->language, selected);
}

static void
reload (BnServicesPage *self)
{
  if (self->session == NULL || !bn_session_has_hood (self->session))
    return;
  g_clear_pointer (&self->services, g_ptr_array_unref);
  self->services = bn_session_list_services (self->session, NULL);
  update_languages (self);
  show_rows (self);
}

static void
on_filter_changed (BnServicesPage *self)
{
  if (self->services != NULL)
    show_rows (self);
}

/* Import */

static void
show_import_problem (BnServicesPage *self, const char *message)
{
  g_autofree char *body = g_strdup_printf (_("Nothing was changed. %s\n\nCorrect the file in "
                                             "your spreadsheet and import it again."), message);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (parent_window (self), _("This File Was Not Imported"), NULL));

  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_response (dialog, "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnServicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint added = 0, changed = 0, unchanged = 0;
  g_autofree char *message = NULL;

  if (!bn_session_import_services_finish (BN_SESSION (source), result, &added, &changed,
                                          &unchanged, &error))
    {
      show_import_problem (self, error->message);
      return;
    }
  /* Translators: the three numbers: services new, changed, the same as before */
  message = g_strdup_printf (_("Imported: %u new, %u changed, %u the same"), added, changed,
                             unchanged);
  toast (self, message);
}

static void
file_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnServicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (bytes == NULL)
    {
      show_import_problem (self, error->message);
      return;
    }
  bn_session_import_services_async (self->session, bytes, NULL, imported, g_object_ref (self));
}

void
bn_services_page_import_file (BnServicesPage *self,
                              GFile          *file)
{
  g_file_load_bytes_async (file, NULL, file_loaded, g_object_ref (self));
}

static void
file_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnServicesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the file: %s"), error->message);
      toast (self, message);
    }
  else
    toast (self, _("The services are saved as CSV"));
}

void
bn_services_page_export_file (BnServicesPage *self,
                              GFile          *file)
{
  g_autoptr(GPtrArray) services = bn_session_list_services (self->session, NULL);
  char *csv = bn_services_to_csv (services);
  g_autoptr(GBytes) bytes = g_bytes_new_take (csv, strlen (csv));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, file_saved, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, BnServicesPage *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gboolean saving = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    {
      if (saving)
        bn_services_page_export_file (self, file);
      else
        bn_services_page_import_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (BnServicesPage *self, gboolean saving)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (saving ? _("Export the Services")
                                                      : _("Import Services"),
                                               parent_window (self),
                                               saving ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                      : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               saving ? _("Export") : _("Import"),
                                               _("Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  if (saving)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "services.csv");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_import_clicked (BnServicesPage *self)
{
  choose_file (self, FALSE);
}

static void
on_export_clicked (BnServicesPage *self)
{
  choose_file (self, TRUE);
}

static void
on_add_clicked (BnServicesPage *self)
{
  bn_service_editor_new (parent_window (self), self->session, NULL);
}

/* Building */

static GtkDropDown *
category_drop_down (void)
{
  guint n_categories;
  const BnCategory *categories = bn_categories (&n_categories);
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  gtk_string_list_append (list, _("All categories"));
  for (guint i = 0; i < n_categories; i++)
    gtk_string_list_append (list, bn_category_label (categories[i].id));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (list), NULL);
  bn_widget_name_drop_down (GTK_DROP_DOWN (drop_down), _("Category"));
  return GTK_DROP_DOWN (drop_down);
}

static GtkWidget *
status_page (const char *icon, const char *title, const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  if (description != NULL)
    adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  return page;
}

static GtkWidget *
button (const char *label, GCallback callback, BnServicesPage *self)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
build (BnServicesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *filters = bn_layout_flow_box_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list_clamp = adw_clamp_new ();
  GtkWidget *list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro = gtk_label_new (_("Services and organisations neighbours can turn to, kept "
                                      "by the connectors. Call them or go there yourself: you "
                                      "need not ask anyone first."));
  GtkWidget *add;

  gtk_widget_set_parent (box, GTK_WIDGET (self));

  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Search the services"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the services"), -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_filter_changed), self);
  self->category = category_drop_down ();
  self->languages_model = gtk_string_list_new ((const char *const[]) { _("All languages"), NULL });
  self->language = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->languages_model)), NULL));
  bn_widget_name_drop_down (self->language, _("Language"));
  g_signal_connect_swapped (self->category, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->language, "notify::selected", G_CALLBACK (on_filter_changed), self);
  bn_drop_down_fit_narrow (self->category);
  bn_drop_down_fit_narrow (self->language);
  gtk_widget_set_hexpand (GTK_WIDGET (self->category), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->language), TRUE);
  /* Side by side, or one under the other where both would be cut (on a
   * phone both read "Toutes les …"). */
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (filters), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (filters), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (filters), 2);
  bn_layout_flow_box_append (GTK_FLOW_BOX (filters), GTK_WIDGET (self->category), _("Category"));
  bn_layout_flow_box_append (GTK_FLOW_BOX (filters), GTK_WIDGET (self->language), _("Language"));

  /* Side by side, or one under the other on a phone with Large Text. */
  self->connector_box = bn_layout_flow_box_new ();
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->connector_box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->connector_box), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->connector_box), 3);
  add = button (_("Add a Service"), G_CALLBACK (on_add_clicked), self);
  gtk_widget_add_css_class (add, "suggested-action");
  bn_layout_flow_box_append (GTK_FLOW_BOX (self->connector_box), add, _("Add a Service"));
  bn_layout_flow_box_append (GTK_FLOW_BOX (self->connector_box),
                             button (_("Import…"), G_CALLBACK (on_import_clicked), self),
                             _("Import…"));
  bn_layout_flow_box_append (GTK_FLOW_BOX (self->connector_box),
                             button (_("Export…"), G_CALLBACK (on_export_clicked), self),
                             _("Export…"));
  gtk_widget_set_visible (self->connector_box, FALSE);

  gtk_box_append (GTK_BOX (bar), self->search);
  gtk_box_append (GTK_BOX (bar), filters);
  gtk_box_append (GTK_BOX (bar), self->connector_box);
  g_object_set (bar, "margin-top", 12, "margin-bottom", 6, "margin-start", 12, "margin-end", 12, NULL);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), bar);
  gtk_box_append (GTK_BOX (box), clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->empty = ADW_STATUS_PAGE (status_page ("help-browser-symbolic", _("No Services Yet"), NULL));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty), "empty");
  gtk_stack_add_named (self->stack, status_page ("edit-find-symbolic", _("Nothing Matches"),
                                                 _("Try other words, or all categories and "
                                                   "languages.")), "none");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Services"), -1);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (list_box), intro);
  gtk_box_append (GTK_BOX (list_box), GTK_WIDGET (self->list));
  g_object_set (list_box, "margin-top", 6, "margin-bottom", 18, "margin-start", 12, "margin-end", 12, NULL);
  adw_clamp_set_maximum_size (ADW_CLAMP (list_clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (list_clamp), list_box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list_clamp);
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
}

/* For tests, and the filters a person sets */

void
bn_services_page_set_search (BnServicesPage *self, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  on_filter_changed (self);
}

void
bn_services_page_set_category (BnServicesPage *self, const char *category)
{
  guint n_categories, selected = 0;
  const BnCategory *categories = bn_categories (&n_categories);

  for (guint i = 0; i < n_categories; i++)
    if (g_strcmp0 (categories[i].id, category) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (self->category, selected);
}

void
bn_services_page_set_language (BnServicesPage *self, const char *language)
{
  guint selected = 0;

  for (guint i = 0; i < self->language_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->language_codes, i), language) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (self->language, selected);
}

guint
bn_services_page_get_n_shown (BnServicesPage *self)
{
  return self->n_shown;
}

GtkWidget *
bn_services_page_new (BnSession *session)
{
  return g_object_new (BN_TYPE_SERVICES_PAGE, "session", session, NULL);
}

static void
set_session (BnServicesPage *self, BnSession *session)
{
  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
bn_services_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnServicesPage *self = BN_SERVICES_PAGE (object);

  if (prop_id == PROP_SESSION)
    g_value_set_object (value, self->session);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
bn_services_page_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  BnServicesPage *self = BN_SERVICES_PAGE (object);

  if (prop_id == PROP_SESSION)
    set_session (self, g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
bn_services_page_dispose (GObject *object)
{
  BnServicesPage *self = BN_SERVICES_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->languages_model);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->language_codes, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_free);
  G_OBJECT_CLASS (bn_services_page_parent_class)->dispose (object);
}

static void
bn_services_page_class_init (BnServicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_services_page_get_property;
  object_class->set_property = bn_services_page_set_property;
  object_class->dispose = bn_services_page_dispose;
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bn_services_page_init (BnServicesPage *self)
{
  self->language_codes = g_ptr_array_new_with_free_func (g_free);
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed", G_CALLBACK (reload), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::is-connector",
                                  G_CALLBACK (reload), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::has-hood",
                                  G_CALLBACK (reload), self);
  build (self);
}
