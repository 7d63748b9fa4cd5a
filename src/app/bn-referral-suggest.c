/* bn-referral-suggest.c — "Suggest to…" on a request waiting for a helper
 *
 * The connector page lists the neighbours whose talents fit a waiting request,
 * nearest first, to ask in person. "Suggest to…" sends the request to one of
 * them as a message about the post: sealed to the two of them, so nobody else
 * reads that it was passed on. Only with the asker's yes: the dialog asks for
 * it, and the words say so to the neighbour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-referral-suggest.h"
#include "bn-widget.h"
#include "bn-service-rows.h"
#include "bn-service-writes.h"
#include "bn-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct
{
  BnSession *session;
  char      *post_id;
  char      *title;
  char      *asker;
  GPtrArray *peer_ids;      /* the helpers, near to far */
  GPtrArray *names;
} Suggestion;

static void
suggestion_free (Suggestion *suggestion)
{
  g_clear_object (&suggestion->session);
  g_free (suggestion->post_id);
  g_free (suggestion->title);
  g_free (suggestion->asker);
  g_ptr_array_unref (suggestion->peer_ids);
  g_ptr_array_unref (suggestion->names);
  g_free (suggestion);
}

typedef struct
{
  GtkDropDown    *neighbour;
  GtkCheckButton *consent;
  GtkEditable    *note;
} Choice;

char *
bn_suggest_text (const char *title,
                 const char *asker,
                 const char *note)
{
  /* Translators: the request's title, then the name of the neighbour who asked */
  g_autofree char *text = g_strdup_printf (_("Could you help with “%s”? %s asked for it, and "
                                             "said yes to my passing it on to you. Have a look "
                                             "at the request and reply there if you can."),
                                           title, asker);

  if (note == NULL || *note == '\0')
    return g_steal_pointer (&text);
  return g_strconcat (text, "\n\n", note, NULL);
}

static void
update_response (AdwMessageDialog *dialog)
{
  Choice *choice = g_object_get_data (G_OBJECT (dialog), "bn-choice");

  adw_message_dialog_set_response_enabled (dialog, "suggest",
                                           gtk_drop_down_get_selected (choice->neighbour) > 0
                                           && gtk_check_button_get_active (choice->consent));
}

static void
sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (button);
  const char *message;

  gtk_widget_set_sensitive (button, TRUE);
  message = bn_session_write_finish (BN_SESSION (source), result, &error)
            ? _("Suggested: only that neighbour reads it") : error->message;
  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
}

static void
on_response (AdwMessageDialog *dialog, const char *response, GtkWidget *button)
{
  Suggestion *suggestion = g_object_get_data (G_OBJECT (button), "bn-suggestion");
  Choice *choice = g_object_get_data (G_OBJECT (dialog), "bn-choice");
  guint chosen = gtk_drop_down_get_selected (choice->neighbour);
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "suggest") != 0 || chosen == 0
      || !gtk_check_button_get_active (choice->consent))
    return;
  text = bn_suggest_text (suggestion->title, suggestion->asker, gtk_editable_get_text (choice->note));
  gtk_widget_set_sensitive (button, FALSE);
  bn_session_suggest_async (suggestion->session, g_ptr_array_index (suggestion->peer_ids, chosen - 1),
                            text, suggestion->post_id, NULL, sent, g_object_ref (button));
}

static GtkWidget *
field (const char *label, GtkWidget *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return box;
}

GtkWindow *
bn_suggest_ask (GtkWidget *button)
{
  Suggestion *suggestion = g_object_get_data (G_OBJECT (button), "bn-suggestion");
  GtkRoot *root = gtk_widget_get_root (button);
  g_autofree char *body = g_strdup_printf (_("Only with their yes. %s’s request goes, sealed, "
                                             "to the neighbour you choose, and to nobody else."),
                                           suggestion->asker);
  g_autofree char *consent_label = g_strdup_printf (_("%s said yes to passing it on"),
                                                    suggestion->asker);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              _("Suggest This Request"), body));
  GtkStringList *names = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  Choice *choice = g_new0 (Choice, 1);

  gtk_string_list_append (names, _("Choose a neighbour"));
  for (guint i = 0; i < suggestion->names->len; i++)
    gtk_string_list_append (names, g_ptr_array_index (suggestion->names, i));
  choice->neighbour = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (names), NULL));
  bn_drop_down_fit_narrow (choice->neighbour);
  bn_widget_name_drop_down (choice->neighbour, _("Neighbour"));
  choice->consent = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (consent_label));
  gtk_label_set_wrap (GTK_LABEL (gtk_widget_get_last_child (GTK_WIDGET (choice->consent))), TRUE);
  choice->note = GTK_EDITABLE (gtk_entry_new ());
  gtk_box_append (GTK_BOX (box), field (_("Neighbour"), GTK_WIDGET (choice->neighbour)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (choice->consent));
  gtk_box_append (GTK_BOX (box), field (_("A word of your own (optional)"), GTK_WIDGET (choice->note)));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "suggest", _("Suggest"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "suggest", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bn-choice", choice, g_free);
  g_signal_connect_swapped (choice->neighbour, "notify::selected", G_CALLBACK (update_response), dialog);
  g_signal_connect_swapped (choice->consent, "toggled", G_CALLBACK (update_response), dialog);
  update_response (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), button, 0);
  g_object_set_data (G_OBJECT (dialog), "bn-button", button);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

void
bn_suggest_dialog_choose (GtkWindow  *dialog,
                          const char *peer_id,
                          gboolean    consent,
                          const char *note)
{
  Choice *choice = g_object_get_data (G_OBJECT (dialog), "bn-choice");
  GtkWidget *button = g_object_get_data (G_OBJECT (dialog), "bn-button");
  Suggestion *suggestion;

  suggestion = g_object_get_data (G_OBJECT (button), "bn-suggestion");
  for (guint i = 0; i < suggestion->peer_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (suggestion->peer_ids, i), peer_id) == 0)
      gtk_drop_down_set_selected (choice->neighbour, i + 1);
  gtk_check_button_set_active (choice->consent, consent);
  gtk_editable_set_text (choice->note, note ? note : "");
}

static void
on_clicked (GtkWidget *button)
{
  bn_suggest_ask (button);
}

GtkWidget *
bn_suggest_button_new (BnSession              *session,
                       const BnWaitingRequest *request)
{
  Suggestion *suggestion;
  GtkWidget *button;

  if (request->helpers == NULL || request->helpers->len == 0)
    return NULL;
  suggestion = g_new0 (Suggestion, 1);
  suggestion->session = g_object_ref (session);
  suggestion->post_id = g_strdup (request->post->id);
  suggestion->title = g_strdup (request->post->title);
  suggestion->asker = g_strdup (request->post->author_name ? request->post->author_name
                                                           : _("A neighbour"));
  suggestion->peer_ids = g_ptr_array_new_with_free_func (g_free);
  suggestion->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < request->helpers->len; i++)
    {
      const BnProfile *helper = g_ptr_array_index (request->helpers, i);
      g_ptr_array_add (suggestion->peer_ids, g_strdup (helper->peer_id));
      g_ptr_array_add (suggestion->names, g_strdup (helper->name ? helper->name : helper->peer_id));
    }
  button = gtk_button_new_with_label (_("Suggest to…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "bn-suggestion", suggestion,
                          (GDestroyNotify) suggestion_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), NULL);
  return button;
}
