/* bn-welcome.c
 *
 * The profile is kept in the editor until a neighbourhood exists: entries
 * are written into a neighbourhood's logs, so there is nowhere to publish it
 * before. The name goes into the data directory at once (bn_home_set_name),
 * so a crash between the steps loses nothing that matters.
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
};

G_DEFINE_FINAL_TYPE (BnWelcome, bn_welcome, GTK_TYPE_WIDGET)

enum { DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

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
on_continue (BnWelcome *self)
{
  g_autofree char *name = bn_profile_editor_dup_name (self->editor);
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    return;
  if (self->session != NULL
      && !bn_home_set_name (bn_session_get_home (self->session), name, &error))
    g_warning ("Could not keep the name: %s", error->message);
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

static void
on_code_changed (BnWelcome *self)
{
  g_autofree char *code = dup_text (self->code_row);
  show_field_error (self->code_error, self->code_row, NULL);
  gtk_widget_set_sensitive (self->join_button, *code != '\0');
}

static void
on_hood_name_changed (BnWelcome *self)
{
  g_autofree char *name = dup_text (self->hood_name_row);
  show_field_error (self->create_error, self->hood_name_row, NULL);
  gtk_widget_set_sensitive (self->create_button, *name != '\0');
}

static void
publish_profile (BnWelcome *self)
{
  g_autoptr(GError) error = NULL;

  if (!bn_profile_editor_save (self->editor, &error))
    g_warning ("Could not publish the profile: %s", error->message);
}

/**
 * bn_welcome_join_hood:
 *
 * Joins with @code. A mistyped code is told on the field itself, in words
 * that do not blame: codes are long and copied by hand.
 *
 * Returns: whether we joined
 */
gboolean
bn_welcome_join_hood (BnWelcome  *self,
                      const char *code)
{
  g_autoptr(GError) error = NULL;

  if (!bn_home_join_hood (bn_session_get_home (self->session), code, &error))
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
      return FALSE;
    }
  publish_profile (self);
  g_signal_emit (self, signals[DONE], 0, FALSE);
  return TRUE;
}

static void
on_join (BnWelcome *self)
{
  g_autofree char *code = dup_text (self->code_row);

  if (*code != '\0')
    bn_welcome_join_hood (self, code);
}

gboolean
bn_welcome_create_hood (BnWelcome  *self,
                        const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *invite = bn_home_create_hood (bn_session_get_home (self->session), name, &error);

  if (invite == NULL)
    {
      show_field_error (self->create_error, self->hood_name_row, error->message);
      return FALSE;
    }
  publish_profile (self);
  g_signal_emit (self, signals[DONE], 0, TRUE);
  return TRUE;
}

static void
on_create (BnWelcome *self)
{
  g_autofree char *name = dup_text (self->hood_name_row);

  if (*name != '\0')
    bn_welcome_create_hood (self, name);
}

void
bn_welcome_set_session (BnWelcome *self,
                        BnSession *session)
{
  g_set_object (&self->session, session);
  /* Shows a name given before (buurtnet-cli init, or a run that stopped half-way). */
  bn_profile_editor_set_session (self->editor, session);
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bn_welcome_dispose;

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
  on_code_changed (self);
  on_hood_name_changed (self);
}
