/* bn-service-editor.c — a connector adds or edits a service
 *
 * One entry row per field of docs/services-csv.md, the categories as the
 * post form chooses them, cost and access as choices. The core checks the
 * service before it is written; its message shows under the fields, and the
 * window closes once the service is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-service-editor.h"
#include "bn-category-picker.h"
#include "bn-service-rows.h"
#include "bn-service-writes.h"
#include "bn-window.h"

#include <glib/gi18n.h>

typedef struct
{
  const char *field;
  const char *title;
} Field;

/* The text fields, in the order of the form. */
static const Field fields[] = {
  { "name", N_("Name") },
  { "org", N_("Organisation") },
  { "words", N_("What it helps with, in words") },
  { "audience", N_("For whom") },
  { "languages", N_("Languages (nl, fr, en, …)") },
  { "area", N_("Area") },
  { "address", N_("Address") },
  { "phone", N_("Phone") },
  { "email", N_("E-mail") },
  { "url", N_("Website") },
  { "hours", N_("Opening hours") },
  { "accessibility", N_("Accessibility") },
  { "source", N_("Where this comes from") },
  { "checked", N_("Last checked (YYYY-MM-DD)") },
};

static const char *const costs[] = { "", "free", "paid", "means-tested", NULL };
static const char *const accesses[] = { "", "walk-in", "appointment", "referral", NULL };

struct _BnServiceEditor
{
  AdwWindow parent_instance;

  BnSession        *session;
  char             *id;          /* the service edited, or NULL */
  GtkWidget        *rows[G_N_ELEMENTS (fields)];
  BnCategoryPicker *categories;
  AdwComboRow      *cost;
  AdwComboRow      *access;
  GtkLabel         *problem;
  GtkWidget        *save_button;
};

G_DEFINE_FINAL_TYPE (BnServiceEditor, bn_service_editor, ADW_TYPE_WINDOW)

static char *
field_text (BnServiceEditor *self, const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].field, field))
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[i]))));
        return *text != '\0' ? g_steal_pointer (&text) : NULL;
      }
  g_return_val_if_reached (NULL);
}

void
bn_service_editor_set_field (BnServiceEditor *self,
                             const char      *field,
                             const char      *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].field, field))
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), text ? text : "");
}

void
bn_service_editor_set_categories (BnServiceEditor   *self,
                                  const char *const *ids)
{
  bn_category_picker_set_selected (self->categories, ids);
}

static const char *
chosen (AdwComboRow *row, const char *const *values)
{
  const char *value = values[adw_combo_row_get_selected (row)];
  return *value != '\0' ? value : NULL;
}

/* Languages as typed: "nl, fr" or "nl fr". */
static GStrv
split_languages (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[,; ]+", text ? text : "", 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

/* Returns: (transfer full): the service as the fields say */
BnService *
bn_service_editor_get_service (BnServiceEditor *self)
{
  BnService *service = g_new0 (BnService, 1);
  g_autofree char *languages = field_text (self, "languages");

  service->id = g_strdup (self->id);
  service->name = field_text (self, "name");
  service->org = field_text (self, "org");
  service->categories = bn_category_picker_get_selected (self->categories);
  service->words = field_text (self, "words");
  service->audience = field_text (self, "audience");
  service->languages = split_languages (languages);
  for (guint i = 0; service->languages[i] != NULL; i++)
    {
      char *lower = g_ascii_strdown (service->languages[i], -1);
      g_free (service->languages[i]);
      service->languages[i] = lower;
    }
  service->area = field_text (self, "area");
  service->address = field_text (self, "address");
  service->phone = field_text (self, "phone");
  service->email = field_text (self, "email");
  service->url = field_text (self, "url");
  service->hours = field_text (self, "hours");
  service->cost = g_strdup (chosen (self->cost, costs));
  service->access = g_strdup (chosen (self->access, accesses));
  service->accessibility = field_text (self, "accessibility");
  service->source = field_text (self, "source");
  service->checked = field_text (self, "checked");
  return service;
}

static void
show_problem (BnServiceEditor *self, const char *message)
{
  gtk_label_set_text (self->problem, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), message != NULL);
}

static void
saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnServiceEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      show_problem (self, error->message);
      return;
    }
  if (BN_IS_WINDOW (parent))
    bn_window_toast (BN_WINDOW (parent), self->id != NULL ? _("Service saved")
                                                          : _("Service added"));
  gtk_window_destroy (GTK_WINDOW (self));
}

void
bn_service_editor_save (BnServiceEditor *self)
{
  g_autoptr(BnService) service = bn_service_editor_get_service (self);
  g_autoptr(GError) error = NULL;

  if (service->checked == NULL)
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      service->checked = g_date_time_format (today, "%Y-%m-%d");
    }
  if (!bn_service_check (service, &error))
    {
      show_problem (self, error->message);
      return;
    }
  show_problem (self, NULL);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  if (self->id != NULL)
    bn_session_edit_service_async (self->session, self->id, service, NULL, saved,
                                   g_object_ref (self));
  else
    bn_session_add_service_async (self->session, service, NULL, saved, g_object_ref (self));
}

static GtkWidget *
combo_row (const char *title, const char *const *values, const char *(*label) (const char *),
           const char *current)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; values[i] != NULL; i++)
    {
      gtk_string_list_append (list, *values[i] ? label (values[i]) : _("Not said"));
      if (g_strcmp0 (values[i], current) == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], current) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_object_unref (list);
  return row;
}

static void
fill (BnServiceEditor *self, const BnService *service)
{
  g_autofree char *languages = NULL;

  if (service == NULL)
    return;
  languages = service->languages ? g_strjoinv (", ", service->languages) : NULL;
  bn_service_editor_set_field (self, "name", service->name);
  bn_service_editor_set_field (self, "org", service->org);
  bn_service_editor_set_field (self, "words", service->words);
  bn_service_editor_set_field (self, "audience", service->audience);
  bn_service_editor_set_field (self, "languages", languages);
  bn_service_editor_set_field (self, "area", service->area);
  bn_service_editor_set_field (self, "address", service->address);
  bn_service_editor_set_field (self, "phone", service->phone);
  bn_service_editor_set_field (self, "email", service->email);
  bn_service_editor_set_field (self, "url", service->url);
  bn_service_editor_set_field (self, "hours", service->hours);
  bn_service_editor_set_field (self, "accessibility", service->accessibility);
  bn_service_editor_set_field (self, "source", service->source);
  bn_service_editor_set_field (self, "checked", service->checked);
  bn_category_picker_set_selected (self->categories, (const char *const *) service->categories);
}

static void
on_cancel (BnServiceEditor *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
group_new (AdwPreferencesPage *page, const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return group;
}

static void
build (BnServiceEditor *self, const BnService *service)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *details, *how, *what;

  self->save_button = gtk_button_new_with_label (service != NULL ? _("Save") : _("Add"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (bn_service_editor_save), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (on_cancel), self);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  what = group_new (ADW_PREFERENCES_PAGE (page), NULL);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (what),
    _("An organisation’s details, never a person’s: every neighbour can read them."));
  details = what;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_str_equal (fields[i].field, "area"))
        details = group_new (ADW_PREFERENCES_PAGE (page), _("Where and When"));
      else if (g_str_equal (fields[i].field, "accessibility"))
        {
          how = group_new (ADW_PREFERENCES_PAGE (page), _("How to Go"));
          self->cost = ADW_COMBO_ROW (combo_row (_("Cost"), costs, bn_service_cost_label,
                                                 service ? service->cost : NULL));
          self->access = ADW_COMBO_ROW (combo_row (_("How to go"), accesses,
                                                   bn_service_access_label,
                                                   service ? service->access : NULL));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (how), GTK_WIDGET (self->cost));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (how), GTK_WIDGET (self->access));
          details = how;
        }
      self->rows[i] = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), _(fields[i].title));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), self->rows[i]);
      if (g_str_equal (fields[i].field, "org"))
        {
          GtkWidget *categories = group_new (ADW_PREFERENCES_PAGE (page), _("Categories"));
          self->categories = BN_CATEGORY_PICKER (bn_category_picker_new (TRUE));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (categories),
                                     GTK_WIDGET (self->categories));
          details = group_new (ADW_PREFERENCES_PAGE (page), NULL);
        }
    }
  self->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem, TRUE);
  gtk_label_set_xalign (self->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->problem), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->problem), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->problem), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem));
  adw_window_set_content (ADW_WINDOW (self), box);
  fill (self, service);
}

/**
 * bn_service_editor_new:
 *
 * Returns: (transfer none): the editor, shown; it closes itself once saved
 */
BnServiceEditor *
bn_service_editor_new (GtkWindow       *parent,
                       BnSession       *session,
                       const BnService *service)
{
  BnServiceEditor *self = g_object_new (BN_TYPE_SERVICE_EDITOR,
                                        "modal", TRUE,
                                        "transient-for", parent,
                                        "default-width", 520,
                                        "default-height", 640,
                                        "title", service != NULL ? _("Edit the Service")
                                                                 : _("Add a Service"),
                                        NULL);

  self->session = g_object_ref (session);
  self->id = service != NULL ? g_strdup (service->id) : NULL;
  build (self, service);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

static void
bn_service_editor_dispose (GObject *object)
{
  BnServiceEditor *self = BN_SERVICE_EDITOR (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->id, g_free);
  G_OBJECT_CLASS (bn_service_editor_parent_class)->dispose (object);
}

static void
bn_service_editor_class_init (BnServiceEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bn_service_editor_dispose;
}

static void
bn_service_editor_init (BnServiceEditor *self)
{
}
