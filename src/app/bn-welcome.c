/* bn-welcome.c
 *
 * The profile is kept in the editor until a neighbourhood exists: entries
 * are written into a neighbourhood's logs, so there is nowhere to publish it
 * before. The name goes into the data directory at once (set on the
 * session's writer as the person goes on), so a crash between the steps
 * loses nothing that matters.
 *
 * Joining takes a neighbour's computer: the code becomes a request that the
 * session's peer hands to every neighbour's peer it finds, until one lets us
 * in (the session's has-hood) or says the code admits no one (::join-failed).
 * Meanwhile the welcome waits, kindly, with a way to add a neighbour's address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-welcome.h"
#include "bn-network-button.h"
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
  BnNetworkButton  *network_button;
  GtkSpinner       *waiting_spinner;

  /* Owned */
  BnSession        *session;
  GSignalGroup     *session_signals;
  gboolean          busy;      /* joining or creating, until ::done or a problem */
  gboolean          waiting;   /* a neighbour's computer is to let us in */
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

/**
 * bn_welcome_show_step:
 * @step: "hello", "you", "hood", or "waiting" (for a neighbour's computer to
 *   let us in, once a code was given)
 */
void
bn_welcome_show_step (BnWelcome  *self,
                      const char *step)
{
  gboolean waiting = g_strcmp0 (step, "waiting") == 0;

  self->waiting = waiting;
  gtk_stack_set_visible_child_name (self->steps, step);
  gtk_widget_set_visible (self->back_button, g_strcmp0 (step, "hello") != 0 && !waiting);
  /* While waiting, the network menu is where a neighbour's address goes. */
  gtk_widget_set_visible (GTK_WIDGET (self->network_button), waiting);
  gtk_spinner_set_spinning (self->waiting_spinner, waiting);
  if (g_strcmp0 (step, "you") == 0)
    bn_profile_editor_focus_name (self->editor);
  else if (g_strcmp0 (step, "hood") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

const char *
bn_welcome_get_step (BnWelcome *self)
{
  return gtk_stack_get_visible_child_name (self->steps);
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
  /* A screen reader hears the words with the field (and the alert as they come). */
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  bn_widget_describe_problem (GTK_WIDGET (row), message != NULL ? label : NULL);
}

/* The code as read, in its five groups, the one that looks wrong in bold:
 * "K5V3 F8N8 <b>3RT0</b> 9EWX ZRFH". %NULL unless it has the 20 characters. */
static char *
dup_marked_groups (const char *code,
                   int         wrong_group)
{
  g_autoptr(GString) symbols = g_string_new (NULL);
  g_autoptr(GString) marked = g_string_new (NULL);

  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      g_string_append_unichar (symbols, g_unichar_toupper (g_utf8_get_char (p)));
  if (g_utf8_strlen (symbols->str, -1) != 20)
    return NULL;
  for (int group = 0; group < 5; group++)
    {
      const char *start = g_utf8_offset_to_pointer (symbols->str, group * 4);
      const char *end = g_utf8_offset_to_pointer (symbols->str, group * 4 + 4);
      g_autofree char *escaped = g_markup_escape_text (start, end - start);

      if (group > 0)
        g_string_append_c (marked, ' ');
      g_string_append_printf (marked, group + 1 == wrong_group ? "<b><u>%s</u></b>" : "%s", escaped);
    }
  return g_string_free (g_steal_pointer (&marked), FALSE);
}

/* The group the core's message names ("Group 3 of this code…", in any
 * language: its only number), or 0 when it names none. */
static int
named_group (const char *message)
{
  for (const char *p = message; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return *p - '0';
  return 0;
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

/* A mistyped code is told on the field itself, as precisely as the code's
 * check symbols allow (which group looks wrong, how many characters are
 * missing), in words that do not blame: codes are copied by hand. */
static void
show_join_problem (BnWelcome    *self,
                   const char   *code,
                   const GError *error)
{
  gtk_label_set_use_markup (self->code_error, FALSE);
  if (g_error_matches (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO))
    {
      g_autofree char *typed = code ? g_strdup (code) : dup_text (self->code_row);
      g_autofree char *groups = dup_marked_groups (typed, named_group (error->message));
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      /* Translators: after "Group 3 of this code looks wrong; …" */
      g_autofree char *same = g_markup_escape_text (
        _("(1, I and L count as the same, and so do 0 and O.)"), -1);
      g_autofree char *message = groups != NULL
        ? g_strdup_printf ("%s %s\n%s", escaped, same, groups)
        : g_strdup_printf ("%s %s", escaped, same);

      show_field_error (self->code_error, self->code_row, message);
      gtk_label_set_use_markup (self->code_error, TRUE);
    }
  else
    show_field_error (self->code_error, self->code_row, error->message);
}

/* The request is made and the peer asks: wait for a neighbour's computer.
 * The answer may have come while the request was stored. */
static void
join_prepared (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BnWelcome) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      self->waiting = FALSE;
      show_join_problem (self, NULL, error);
      return;
    }
  if (!self->waiting)
    return;   /* refused meanwhile, and said so */
  if (bn_session_has_hood (self->session))
    {
      self->waiting = FALSE;
      finish (self, FALSE);
    }
  else
    bn_welcome_show_step (self, "waiting");
}

/* A neighbour's peer let us in: the profile goes out, then the app opens. */
static void
on_has_hood (BnWelcome *self)
{
  if (self->waiting && !self->busy && self->session != NULL
      && bn_session_has_hood (self->session))
    {
      self->waiting = FALSE;
      gtk_spinner_set_spinning (self->waiting_spinner, FALSE);
      finish (self, FALSE);
    }
}

/* The code admits no one: say why where the code is typed, ready for another. */
static void
on_join_failed (BnWelcome  *self,
                const char *message)
{
  if (!self->waiting)
    return;
  bn_welcome_show_step (self, "hood");
  show_field_error (self->code_error, self->code_row, message);
}

static void
on_add_address (BnWelcome *self)
{
  bn_network_button_popup (self->network_button);
}

/**
 * bn_welcome_use_another_code:
 *
 * Stops waiting to be let in with the code given, and goes back to typing one.
 */
void
bn_welcome_use_another_code (BnWelcome *self)
{
  if (self->session != NULL)
    bn_session_stop_joining (self->session);
  bn_welcome_show_step (self, "hood");
  gtk_editable_select_region (GTK_EDITABLE (self->code_row), 0, -1);
}

static void
on_other_code (BnWelcome *self)
{
  bn_welcome_use_another_code (self);
}

/**
 * bn_welcome_join_hood:
 *
 * Joins with @code: the session's writer stores the request, and its peer
 * asks the neighbours’ computers to let us in while the welcome waits;
 * ::done follows once in and the profile is out. A code that does not read
 * as one is told at once, with nothing written.
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
      show_join_problem (self, code, error);
      return FALSE;
    }
  set_busy (self, TRUE);
  self->waiting = TRUE;
  bn_session_join_hood_async (self->session, code, NULL, join_prepared, g_object_ref (self));
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
        {
          g_signal_group_set_target (self->session_signals, self->session);
          g_object_notify_by_pspec (object, pspec);
        }
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
  g_clear_object (&self->session_signals);
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
  g_type_ensure (BN_TYPE_NETWORK_BUTTON);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/be/buurtnet/Buurtnet/bn-welcome.ui");
  BIND (steps); BIND (back_button); BIND (start_button); BIND (editor); BIND (continue_button);
  BIND (code_row); BIND (code_error); BIND (join_button); BIND (hood_name_row);
  BIND (create_error); BIND (create_button); BIND (network_button); BIND (waiting_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_start);
  gtk_widget_class_bind_template_callback (widget_class, on_back);
  gtk_widget_class_bind_template_callback (widget_class, on_continue);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_join);
  gtk_widget_class_bind_template_callback (widget_class, on_hood_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_create);
  gtk_widget_class_bind_template_callback (widget_class, on_add_address);
  gtk_widget_class_bind_template_callback (widget_class, on_other_code);
}

#undef BIND

static void
bn_welcome_init (BnWelcome *self)
{
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::has-hood",
                                  G_CALLBACK (on_has_hood), self);
  g_signal_group_connect_swapped (self->session_signals, "join-failed",
                                  G_CALLBACK (on_join_failed), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_buttons (self);
}
