/* bn-welcome.c
 *
 * The profile is kept in the editor until a neighbourhood exists: entries
 * are written into a neighbourhood's logs, so there is nowhere to publish it
 * before. The name goes into the data directory at once (set on the
 * session's writer as the person goes on), so a crash between the steps
 * loses nothing that matters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-welcome.h"
#include "bn-profile-editor.h"
#include "bn-widget.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnWelcome
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack         *steps;
  GtkWidget        *back_button;
  GtkWidget        *start_button;
  BnProfileEditor  *editor;
  GtkWidget        *continue_button;
  AdwEntryRow      *code_row;
  GtkLabel         *code_error;
  GtkWidget        *join_button;
  AdwEntryRow      *hood_name_row;
  GtkLabel         *create_error;
  GtkWidget        *create_button;

  /* Owned */
  BnSession        *session;
  gboolean          busy;      /* joining or creating, until ::done or a problem */
  gboolean          created;   /* a new neighbourhood, rather than one joined */
};

G_DEFINE_FINAL_TYPE (BnWelcome, bn_welcome, GTK_TYPE_WIDGET)

enum { DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

void
bn_welcome_show_step (BnWelcome  *self,
                      const char *step)
{
  gtk_stack_set_visible_child_name (self->steps, step);
  gtk_widget_set_visible (self->back_button, g_strcmp0 (step, "hello") != 0);
  if (g_strcmp0 (step, "you") == 0)
    bn_profile_editor_focus_name (self->editor);
  else if (g_strcmp0 (step, "hood") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static void
on_start (BnWelcome *self)
{
  bn_welcome_show_step (self, "you");
}

static void
on_back (BnWelcome *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->steps);
  bn_welcome_show_step (self, g_strcmp0 (step, "hood") == 0 ? "you" : "hello");
}

static void
name_kept (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    g_warning ("Could not keep the name: %s", error->message);
}

static void
on_continue (BnWelcome *self)
{
  g_autofree char *name = bn_profile_editor_dup_name (self->editor);

  if (*name == '\0')
    return;
  if (self->session != NULL)
    bn_session_set_name_async (self->session, name, NULL, name_kept, NULL);
  bn_welcome_show_step (self, "hood");
}

static void
show_field_error (GtkLabel *label, AdwEntryRow *row, const char *message)
{
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The buttons wait for text, and for the neighbourhood being joined or made. */
static void
update_buttons (BnWelcome *self)
{
  g_autofree char *code = dup_text (self->code_row);
  g_autofree char *name = dup_text (self->hood_name_row);

  gtk_widget_set_sensitive (self->join_button, *code != '\0' && !self->busy);
  gtk_widget_set_sensitive (self->create_button, *name != '\0' && !self->busy);
}

static void
set_busy (BnWelcome *self, gboolean busy)
{
  self->busy = busy;
  update_buttons (self);
}

static void
on_code_changed (BnWelcome *self)
{
  show_field_error (self->code_error, self->code_row, NULL);
  update_buttons (self);
}

static void
on_hood_name_changed (BnWelcome *self)
{
  show_field_error (self->create_error, self->hood_name_row, NULL);
  update_buttons (self);
}

static void
profile_published (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BnWelcome) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_profile_editor_save_finish (BN_PROFILE_EDITOR (source), result, &error))
    g_warning ("Could not publish the profile: %s", error->message);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[DONE], 0, self->created);
}

/* In the neighbourhood: the profile goes out, then the app opens. */
static void
finish (BnWelcome *self, gboolean created)
{
  self->created = created;
  bn_profile_editor_save_async (self->editor, NULL, profile_published, g_object_ref (self));
}

/* A mistyped code is told on the field itself, in words that do not blame:
 * codes are long and copied by hand. */
static void
show_join_problem (BnWelcome *self, const GError *error)
{
  if (g_error_matches (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO))
    show_field_error (self->code_error, self->code_row,
                      _("That code doesn’t look quite right. A letter may have slipped; "
                        "check it with your neighbour and try again."));
  else if (g_error_matches (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID))
    show_field_error (self->code_error, self->code_row,
                      _("This isn’t an invite code. Invite codes start with “buurt1-”."));
  else
    show_field_error (self->code_error, self->code_row, error->message);
}

static void
joined (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BnWelcome) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      set_busy (self, FALSE);
      show_join_problem (self, error);
      return;
    }
  finish (self, FALSE);
}

/**
 * bn_welcome_join_hood:
 *
 * Joins with @code on the session's writer; ::done follows once joined and
 * the profile is out. A code that does not read as one is told at once,
 * with nothing written.
 *
 * Returns: whether the code was taken to join with
 */
gboolean
bn_welcome_join_hood (BnWelcome  *self,
                      const char *code)
{
  g_autoptr(GError) error = NULL;
  /* The same reading of the code as joining does (bn_home_join_hood). */
  g_autoptr(BnInviteCode) parsed = bn_invite_code_parse (code, &error);

  if (parsed == NULL)
    {
      show_join_problem (self, error);
      return FALSE;
    }
  set_busy (self, TRUE);
  bn_session_join_hood_async (self->session, code, NULL, joined, g_object_ref (self));
  return TRUE;
}

static void
on_join (BnWelcome *self)
{
  g_autofree char *code = dup_text (self->code_row);

  if (*code != '\0' && !self->busy)
    bn_welcome_join_hood (self, code);
}

static void
created (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BnWelcome) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *invite = bn_session_create_hood_finish (BN_SESSION (source), result, &error);

  if (invite == NULL)
    {
      set_busy (self, FALSE);
      show_field_error (self->create_error, self->hood_name_row, error->message);
      return;
    }
  finish (self, TRUE);
}

/**
 * bn_welcome_create_hood:
 *
 * Starts a neighbourhood called @name on the session's writer; ::done
 * follows once it exists and the profile is out.
 *
 * Returns: whether it was asked for (a name was given)
 */
gboolean
bn_welcome_create_hood (BnWelcome  *self,
                        const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  set_busy (self, TRUE);
  bn_session_create_hood_async (self->session, name, NULL, created, g_object_ref (self));
  return TRUE;
}

static void
on_create (BnWelcome *self)
{
  g_autofree char *name = dup_text (self->hood_name_row);

  if (*name != '\0' && !self->busy)
    bn_welcome_create_hood (self, name);
}

static void
bn_welcome_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnWelcome *self = BN_WELCOME (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The editor inside takes the session from this one's property (bn-welcome.ui),
 * and shows a name given before (buurtnet-cli init, or a run that stopped
 * half-way). */
static void
bn_welcome_set_property (GObject *object, guint prop_id, const GValue *value,
                         GParamSpec *pspec)
{
  BnWelcome *self = BN_WELCOME (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_welcome_dispose (GObject *object)
{
  BnWelcome *self = BN_WELCOME (object);

  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_WELCOME);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bn_welcome_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnWelcome, name)

static void
bn_welcome_class_init (BnWelcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_welcome_get_property;
  object_class->set_property = bn_welcome_set_property;
  object_class->dispose = bn_welcome_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BnWelcome::done:
   * @created: whether a new neighbourhood was started (rather than joined)
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (BN_TYPE_PROFILE_EDITOR);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/be/buurtnet/Buurtnet/bn-welcome.ui");
  BIND (steps); BIND (back_button); BIND (start_button); BIND (editor); BIND (continue_button);
  BIND (code_row); BIND (code_error); BIND (join_button); BIND (hood_name_row);
  BIND (create_error); BIND (create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_start);
  gtk_widget_class_bind_template_callback (widget_class, on_back);
  gtk_widget_class_bind_template_callback (widget_class, on_continue);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_join);
  gtk_widget_class_bind_template_callback (widget_class, on_hood_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_create);
}

#undef BIND

static void
bn_welcome_init (BnWelcome *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_buttons (self);
}
