/* bn-roster-dialogs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster-dialogs.h"
#include "bn-widget.h"
#include "bn-window.h"

#include <glib/gi18n.h>

/* Why a neighbour is removed, as the removed neighbour reads it (see
 * bn_format_gone()); the first, no reason, is NULL. */
static const char *const removal_reasons[] = { NULL, "moved", "left", "lost-device", "conduct" };

typedef struct
{
  GWeakRef  parent;
  char     *done;      /* the toast once it is stored */
} Asked;

static Asked *
asked_new (GtkWidget *parent, char *done)
{
  Asked *asked = g_new0 (Asked, 1);

  g_weak_ref_init (&asked->parent, parent);
  asked->done = done;
  return asked;
}

static void
asked_free (Asked *asked)
{
  g_weak_ref_clear (&asked->parent);
  g_free (asked->done);
  g_free (asked);
}

/* Says how it went where the person looks: a toast on the main window. */
static void
tell (GtkWidget *parent, const char *message)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Asked *asked = user_data;
  g_autoptr(GtkWidget) parent = g_weak_ref_get (&asked->parent);
  g_autoptr(GError) error = NULL;

  if (bn_session_write_finish (BN_SESSION (source), result, &error))
    tell (parent, asked->done);
  else
    tell (parent, error->message);
  asked_free (asked);
}

/* A question with Cancel first and by default: nothing changes by accident. */
static AdwMessageDialog *
question_new (GtkWidget  *parent,
              const char *heading,
              const char *body,
              const char *response,
              const char *label,
              gboolean    destructive)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* What a question needs once answered. */
typedef struct
{
  GtkWidget *parent;     /* weak: the page may go first */
  BnSession *session;
  char      *peer_id;
  char      *name;
  GtkDropDown *reason;   /* the removal's, or NULL */
} Question;

static void
question_free (Question *question)
{
  g_clear_weak_pointer (&question->parent);
  g_clear_object (&question->session);
  g_free (question->peer_id);
  g_free (question->name);
  g_free (question);
}

static Question *
question_data (AdwMessageDialog *dialog,
               GtkWidget        *parent,
               BnSession        *session,
               const BnProfile  *neighbour)
{
  Question *question = g_new0 (Question, 1);

  g_set_weak_pointer (&question->parent, parent);
  question->session = g_object_ref (session);
  question->peer_id = neighbour != NULL ? g_strdup (neighbour->peer_id) : NULL;
  question->name = neighbour != NULL ? g_strdup (neighbour->name) : NULL;
  g_object_set_data_full (G_OBJECT (dialog), "bn-question", question,
                          (GDestroyNotify) question_free);
  return question;
}

static Question *
get_question (AdwMessageDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "bn-question");
}

static void
on_appoint (AdwMessageDialog *dialog, const char *response)
{
  Question *q = get_question (dialog);

  if (g_strcmp0 (response, "appoint") != 0 || q->parent == NULL)
    return;
  bn_session_appoint_async (q->session, q->peer_id, NULL, written,
                            asked_new (q->parent,
                                       g_strdup_printf (_("%s is now a connector"), q->name)));
}

/**
 * bn_roster_ask_appoint:
 * @parent: the widget asking (a row's button); its window shows the answer
 * @neighbour: whom to make a connector
 *
 * Returns: (transfer none): the question, presented
 */
GtkWidget *
bn_roster_ask_appoint (GtkWidget       *parent,
                       BnSession       *session,
                       const BnProfile *neighbour)
{
  g_autofree char *heading = g_strdup_printf (_("Make %s a Connector?"), neighbour->name);
  AdwMessageDialog *dialog =
    question_new (parent, heading,
                  _("Connectors match requests with talents, read the requests asked of the "
                    "connectors only, can hide posts, and can appoint, dismiss and remove "
                    "neighbours. Every neighbour can see who made whom a connector."),
                  "appoint", _("Appoint"), FALSE);

  question_data (dialog, parent, session, neighbour);
  g_signal_connect (dialog, "response", G_CALLBACK (on_appoint), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
on_dismiss (AdwMessageDialog *dialog, const char *response)
{
  Question *q = get_question (dialog);

  if (g_strcmp0 (response, "dismiss") != 0 || q->parent == NULL)
    return;
  bn_session_dismiss_async (q->session, q->peer_id, NULL, written,
                            asked_new (q->parent,
                                       g_strdup_printf (_("%s is no longer a connector"),
                                                        q->name)));
}

/* Returns: (transfer none): the question, presented */
GtkWidget *
bn_roster_ask_dismiss (GtkWidget       *parent,
                       BnSession       *session,
                       const BnProfile *neighbour)
{
  g_autofree char *heading = g_strdup_printf (_("Dismiss %s as Connector?"), neighbour->name);
  /* Translators: %s is a neighbour's name */
  g_autofree char *body = g_strdup_printf (_("%s stays a neighbour, but no longer reads the "
                                             "requests asked of the connectors only, and can no "
                                             "longer hide posts or change who belongs."),
                                           neighbour->name);
  AdwMessageDialog *dialog = question_new (parent, heading, body, "dismiss", _("Dismiss"), TRUE);

  question_data (dialog, parent, session, neighbour);
  g_signal_connect (dialog, "response", G_CALLBACK (on_dismiss), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
on_remove (AdwMessageDialog *dialog, const char *response)
{
  Question *q = get_question (dialog);
  guint chosen = gtk_drop_down_get_selected (q->reason);
  const char *reason = chosen < G_N_ELEMENTS (removal_reasons) ? removal_reasons[chosen] : NULL;

  if (g_strcmp0 (response, "remove") != 0 || q->parent == NULL)
    return;
  bn_session_remove_member_async (q->session, q->peer_id, reason, NULL, written,
                                  asked_new (q->parent,
                                             g_strdup_printf (_("%s is no longer part of the "
                                                                "neighbourhood"), q->name)));
}

/* The reason, told to the removed neighbour on their screen. */
static GtkDropDown *
reason_choice (void)
{
  const char *const reasons[] = {
    _("No reason given"),
    _("They moved away"),
    _("They asked to leave"),
    _("Their computer was lost"),
    _("How they treated neighbours"),
    NULL
  };
  GtkDropDown *choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (reasons));

  G_STATIC_ASSERT (G_N_ELEMENTS (reasons) - 1 == G_N_ELEMENTS (removal_reasons));
  bn_widget_name_drop_down (choice, _("The reason, which they will see"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (choice), _("The reason, which they will see"));
  gtk_widget_set_halign (GTK_WIDGET (choice), GTK_ALIGN_CENTER);
  return choice;
}

/* Returns: (transfer none): the question, presented */
GtkWidget *
bn_roster_ask_remove (GtkWidget       *parent,
                      BnSession       *session,
                      const BnProfile *neighbour)
{
  /* Translators: "Remove Bram from Kerkstraat?" */
  g_autofree char *heading = g_strdup_printf (_("Remove %s from %s?"), neighbour->name,
                                              bn_session_get_hood_name (session));
  /* Translators: %s is a neighbour's name */
  g_autofree char *body = g_strdup_printf (_("%s will no longer see new posts or reach your "
                                             "computers, and what they write from now on is "
                                             "refused. Everyone else’s computers get a new "
                                             "neighbourhood key. What they posted so far stays. "
                                             "To come back, they need a new invite code."),
                                           neighbour->name);
  AdwMessageDialog *dialog = question_new (parent, heading, body, "remove", _("Remove"), TRUE);
  Question *question = question_data (dialog, parent, session, neighbour);

  question->reason = reason_choice ();
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (question->reason));
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
on_renew (AdwMessageDialog *dialog, const char *response)
{
  Question *q = get_question (dialog);

  if (g_strcmp0 (response, "renew") != 0 || q->parent == NULL)
    return;
  bn_session_renew_key_async (q->session, NULL, written,
                              asked_new (q->parent,
                                         g_strdup (_("The neighbourhood has a new key. Invite "
                                                     "codes handed out before no longer "
                                                     "work."))));
}

/* Returns: (transfer none): the question, presented */
GtkWidget *
bn_roster_ask_renew (GtkWidget *parent,
                     BnSession *session)
{
  AdwMessageDialog *dialog =
    question_new (parent, _("Renew the Neighbourhood Key?"),
                  _("Invite codes handed out so far stop working, and every neighbour’s "
                    "computer gets the new key when it next meets one that has it. Do this "
                    "when a code went astray or a computer was lost."),
                  "renew", _("Renew Key"), FALSE);

  question_data (dialog, parent, session, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_renew), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}
