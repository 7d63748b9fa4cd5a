/* bn-profile-editor.c
 *
 * What is published is the newest stored profile with only the fields the
 * person changed here put over it: what this editor does not show (the
 * languages), and what changed elsewhere meanwhile (buurtnet-cli on the same
 * data directory), stays as it is. Nothing is published when the result
 * equals the stored profile: an entry is written for a real change, however
 * many keystrokes it took, and entries are never rewritten.
 *
 * With :autosave (Preferences) edits apply as in any GNOME app: after a
 * short pause, when the person leaves a field or presses Enter, and when the
 * editor goes away (its window closes). The welcome pages save by hand, once
 * a neighbourhood exists to publish into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-profile-editor-private.h"
#include "bn-widget.h"

#include <glib/gi18n.h>

/* Long enough that a name typed at an ordinary pace is one entry. */
#define SAVE_PAUSE_MS 2000

G_DEFINE_FINAL_TYPE (BnProfileEditor, bn_profile_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, PROP_AUTOSAVE, PROP_HAS_NAME, N_PROPS };
enum { NAME_ACTIVATED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Only when it differs: setting the same text would move the cursor. */
static void
show_text (AdwEntryRow *row, const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static gboolean
same_text (const char *a, const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

/* The same categories, in whatever order. */
static gboolean
same_list (const char *const *a, const char *const *b)
{
  guint n_a = a ? g_strv_length ((GStrv) a) : 0;
  guint n_b = b ? g_strv_length ((GStrv) b) : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (!g_strv_contains (b, a[i]))
      return FALSE;
  return TRUE;
}

/* Whether publishing @a over @b would change what neighbours see. */
static gboolean
same_profile (const BnProfile *a, const BnProfile *b)
{
  return same_text (a->name, b->name) && same_text (a->about, b->about)
         && same_list ((const char *const *) a->talents, (const char *const *) b->talents)
         && same_list ((const char *const *) a->needs, (const char *const *) b->needs)
         && same_list ((const char *const *) a->languages, (const char *const *) b->languages)
         && same_text (a->street, b->street) && same_text (a->number, b->number)
         && same_text (a->box, b->box) && same_text (a->building, b->building)
         && same_text (a->floor, b->floor);
}

static BnProfile *
read_fields (BnProfileEditor *self)
{
  BnProfile *fields = g_new0 (BnProfile, 1);

  fields->name = dup_text (self->name_row);
  fields->about = dup_text (self->about_row);
  fields->talents = bn_category_picker_get_selected (self->talents);
  fields->needs = bn_category_picker_get_selected (self->needs);
  fields->street = dup_text (self->street_row);
  fields->number = dup_text (self->number_row);
  fields->box = dup_text (self->box_row);
  fields->building = dup_text (self->building_row);
  fields->floor = dup_text (self->floor_row);
  return fields;
}

/* Returns: (transfer full): my newest stored profile, or one holding only the
 * name kept before a neighbourhood existed */
static BnProfile *
dup_stored (BnProfileEditor *self)
{
  BnProfile *stored = bn_session_get_my_profile (self->session);

  if (stored == NULL)
    {
      stored = g_new0 (BnProfile, 1);
      stored->name = bn_home_dup_name (bn_session_get_home (self->session));
    }
  return stored;
}

static void
set_has_name (BnProfileEditor *self, gboolean has_name)
{
  if (self->has_name == has_name)
    return;
  self->has_name = has_name;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_NAME]);
}

/* A problem is said under what it is about, as an alert a screen reader
 * announces, and describes that field; @message NULL takes it away. */
static void
say_problem (GtkLabel *label, GtkWidget *field, const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field != NULL)
    bn_widget_describe_problem (field, message != NULL ? label : NULL);
}

static void
load (BnProfileEditor *self)
{
  g_autoptr(BnProfile) stored = dup_stored (self);

  self->loading = TRUE;
  show_text (self->name_row, stored->name);
  show_text (self->about_row, stored->about);
  bn_category_picker_set_selected (self->talents, (const char *const *) stored->talents);
  bn_category_picker_set_selected (self->needs, (const char *const *) stored->needs);
  show_text (self->street_row, stored->street);
  show_text (self->number_row, stored->number);
  show_text (self->box_row, stored->box);
  show_text (self->building_row, stored->building);
  show_text (self->floor_row, stored->floor);
  self->loading = FALSE;

  g_clear_pointer (&self->shown, bn_profile_free);
  self->shown = read_fields (self);
  set_has_name (self, *self->shown->name != '\0');
}

static void
take_text (char **into, const char *edited, const char *before)
{
  if (!same_text (edited, before))
    {
      g_free (*into);
      *into = g_strdup (edited);
    }
}

static void
take_list (GStrv *into, GStrv edited, GStrv before)
{
  if (!same_list ((const char *const *) edited, (const char *const *) before))
    {
      g_strfreev (*into);
      *into = g_strdupv (edited);
    }
}

/* Returns: (transfer full): @stored with what the person changed here over it.
 * An emptied name is not a change: a profile needs one. */
static BnProfile *
merge_edits (BnProfileEditor *self, const BnProfile *stored, const BnProfile *fields)
{
  BnProfile *merged = bn_profile_copy (stored);
  const BnProfile *shown = self->shown;

  if (*fields->name != '\0')
    take_text (&merged->name, fields->name, shown->name);
  take_text (&merged->about, fields->about, shown->about);
  take_list (&merged->talents, fields->talents, shown->talents);
  take_list (&merged->needs, fields->needs, shown->needs);
  take_text (&merged->street, fields->street, shown->street);
  take_text (&merged->number, fields->number, shown->number);
  take_text (&merged->box, fields->box, shown->box);
  take_text (&merged->building, fields->building, shown->building);
  take_text (&merged->floor, fields->floor, shown->floor);
  return merged;
}

/* What the fields hold is now what was applied; an emptied name still waits
 * for a new one. */
static void
remember_shown (BnProfileEditor *self, BnProfile *fields)
{
  if (*fields->name == '\0')
    {
      g_free (fields->name);
      fields->name = g_strdup (self->shown->name);
    }
  g_clear_pointer (&self->shown, bn_profile_free);
  self->shown = fields;
}

static void run_waiting_saves (BnProfileEditor *self);

static gboolean
disposed (BnProfileEditor *self)
{
  return self->name_row == NULL;
}

/* The profile is published (or could not be). */
static void
published (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnProfileEditor *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->saving = NULL;
  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      g_task_return_error (task, error);
      run_waiting_saves (self);
      return;
    }
  if (!disposed (self))
    remember_shown (self, g_steal_pointer ((BnProfile **) g_task_get_task_data (task)));
  g_task_return_boolean (task, TRUE);
  run_waiting_saves (self);
}

static void
profile_free (BnProfile **fields)
{
  g_clear_pointer (fields, bn_profile_free);
  g_free (fields);
}

/* Publishes what the person changed, if it changes my profile; @task ends
 * when it is stored, or at once when there is nothing to publish. */
static void
start_save (BnProfileEditor *self,
            GTask           *task)
{
  g_autoptr(BnProfile) fields = NULL;
  g_autoptr(BnProfile) stored = NULL;
  g_autoptr(BnProfile) merged = NULL;
  BnProfile **waiting_fields;
  gboolean published_before;

  if (self->session == NULL || disposed (self) || !bn_session_has_hood (self->session))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  fields = read_fields (self);
  say_problem (self->name_error, GTK_WIDGET (self->name_row),
               *fields->name == '\0'
               ? _("Your profile needs a name; neighbours see it next to your posts") : NULL);
  stored = bn_session_get_my_profile (self->session);
  published_before = stored != NULL;
  if (stored == NULL)
    stored = dup_stored (self);
  merged = merge_edits (self, stored, fields);
  if (published_before && same_profile (merged, stored))
    {
      remember_shown (self, g_steal_pointer (&fields));
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* What the fields held is what was applied, once it is stored. */
  waiting_fields = g_new0 (BnProfile *, 1);
  *waiting_fields = g_steal_pointer (&fields);
  g_task_set_task_data (task, waiting_fields, (GDestroyNotify) profile_free);
  self->saving = task;
  bn_session_publish_profile_async (self->session, merged, NULL, published, task);
}

/* One save at a time: the next one merges over what the last one stored. */
static void
run_waiting_saves (BnProfileEditor *self)
{
  while (self->saving == NULL && self->waiting->len > 0)
    start_save (self, g_ptr_array_steal_index (self->waiting, 0));
}

/**
 * bn_profile_editor_save_async:
 *
 * Publishes what the person changed, if it changes my profile, on the
 * session's writer. Before a neighbourhood exists there is nowhere to
 * publish, and nothing is done.
 */
void
bn_profile_editor_save_async (BnProfileEditor     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (BN_IS_PROFILE_EDITOR (self));

  g_task_set_source_tag (task, bn_profile_editor_save_async);
  g_clear_handle_id (&self->pause_id, g_source_remove);
  g_ptr_array_add (self->waiting, task);
  run_waiting_saves (self);
}

/* Returns: %FALSE with @error set if the profile could not be published */
gboolean
bn_profile_editor_save_finish (BnProfileEditor  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
autosaved (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BnProfileEditor *self = BN_PROFILE_EDITOR (source);
  g_autoptr(GError) error = NULL;
  gboolean saved = bn_profile_editor_save_finish (self, result, &error);

  if (!disposed (self))
    say_problem (self->save_error, NULL, saved ? NULL : error->message);
}

static void
autosave_now (BnProfileEditor *self)
{
  if (self->autosave)
    bn_profile_editor_save_async (self, NULL, autosaved, NULL);
}

static gboolean
on_pause (gpointer data)
{
  BnProfileEditor *self = data;

  self->pause_id = 0;
  autosave_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_field_changed (BnProfileEditor *self)
{
  g_autofree char *name = dup_text (self->name_row);

  set_has_name (self, *name != '\0');
  if (*name != '\0')
    say_problem (self->name_error, GTK_WIDGET (self->name_row), NULL);
  if (self->loading || !self->autosave)
    return;
  g_clear_handle_id (&self->pause_id, g_source_remove);
  self->pause_id = g_timeout_add (SAVE_PAUSE_MS, on_pause, self);
}

/* Enter in a field, or the focus leaving it. */
static void
on_field_done (BnProfileEditor *self)
{
  autosave_now (self);
}

static void
on_name_activated (BnProfileEditor *self)
{
  autosave_now (self);
  g_signal_emit (self, signals[NAME_ACTIVATED], 0);
}

static void
watch_leaving (BnProfileEditor *self, AdwEntryRow *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (on_field_done), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

void
bn_profile_editor_set_session (BnProfileEditor *self,
                               BnSession       *session)
{
  g_return_if_fail (BN_IS_PROFILE_EDITOR (self));

  if (!g_set_object (&self->session, session))
    return;
  if (session != NULL)
    load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
bn_profile_editor_get_autosave (BnProfileEditor *self)
{
  return self->autosave;
}

void
bn_profile_editor_set_autosave (BnProfileEditor *self,
                                gboolean         autosave)
{
  g_return_if_fail (BN_IS_PROFILE_EDITOR (self));

  autosave = !!autosave;
  if (self->autosave == autosave)
    return;
  self->autosave = autosave;
  if (!autosave)
    g_clear_handle_id (&self->pause_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSAVE]);
}

gboolean
bn_profile_editor_get_has_name (BnProfileEditor *self)
{
  return self->has_name;
}

/* Returns: (transfer full): the name as typed, without surrounding spaces */
char *
bn_profile_editor_dup_name (BnProfileEditor *self)
{
  return dup_text (self->name_row);
}

/* Puts the cursor after the name, nothing selected: the first key typed adds
 * to the name rather than replacing it. */
void
bn_profile_editor_focus_name (BnProfileEditor *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->name_row));

  if (GTK_IS_TEXT (text))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_set_position (GTK_EDITABLE (self->name_row), -1);
}

/* Its window closing, or Preferences showing another page. */
static void
bn_profile_editor_unmap (GtkWidget *widget)
{
  autosave_now (BN_PROFILE_EDITOR (widget));
  GTK_WIDGET_CLASS (bn_profile_editor_parent_class)->unmap (widget);
}

static void
bn_profile_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BnProfileEditor *self = BN_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_AUTOSAVE:
      g_value_set_boolean (value, self->autosave);
      break;
    case PROP_HAS_NAME:
      g_value_set_boolean (value, self->has_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_profile_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BnProfileEditor *self = BN_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      bn_profile_editor_set_session (self, g_value_get_object (value));
      break;
    case PROP_AUTOSAVE:
      bn_profile_editor_set_autosave (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_profile_editor_dispose (GObject *object)
{
  BnProfileEditor *self = BN_PROFILE_EDITOR (object);

  g_clear_handle_id (&self->pause_id, g_source_remove);
  /* Saves on their way end by themselves; those not started yet say so. */
  while (self->waiting->len > 0)
    {
      g_autoptr(GTask) task = g_ptr_array_steal_index (self->waiting, 0);
      g_task_return_boolean (task, TRUE);
    }
  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_PROFILE_EDITOR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, bn_profile_free);

  G_OBJECT_CLASS (bn_profile_editor_parent_class)->dispose (object);
}

static void
bn_profile_editor_finalize (GObject *object)
{
  g_clear_pointer (&BN_PROFILE_EDITOR (object)->waiting, g_ptr_array_unref);
  G_OBJECT_CLASS (bn_profile_editor_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnProfileEditor, name)

static void
bn_profile_editor_class_init (BnProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_profile_editor_get_property;
  object_class->set_property = bn_profile_editor_set_property;
  object_class->dispose = bn_profile_editor_dispose;
  object_class->finalize = bn_profile_editor_finalize;
  widget_class->unmap = bn_profile_editor_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /** BnProfileEditor:autosave: publish edits by itself, as Preferences does */
  properties[PROP_AUTOSAVE] =
    g_param_spec_boolean ("autosave", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /** BnProfileEditor:has-name: whether a name is typed, to go on from the first page */
  properties[PROP_HAS_NAME] =
    g_param_spec_boolean ("has-name", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /** BnProfileEditor::name-activated: Enter was pressed in the name */
  signals[NAME_ACTIVATED] = g_signal_new ("name-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);

  g_type_ensure (BN_TYPE_CATEGORY_PICKER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-profile-editor.ui");
  BIND (name_row); BIND (about_row); BIND (name_error); BIND (talents); BIND (needs);
  BIND (street_row); BIND (number_row); BIND (box_row); BIND (building_row); BIND (floor_row);
  BIND (save_error);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_field_done);
  gtk_widget_class_bind_template_callback (widget_class, on_name_activated);
}

#undef BIND

static void
bn_profile_editor_init (BnProfileEditor *self)
{
  self->waiting = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    AdwEntryRow *rows[] = { self->name_row, self->about_row, self->street_row,
                            self->number_row, self->box_row, self->building_row,
                            self->floor_row };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      watch_leaving (self, rows[i]);
  }
}
