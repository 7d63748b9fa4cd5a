/* bn-post-page-actions.c — the post.* actions: answer, accept, close, thank
 *
 * Each is one small append to the store (a signed entry); the sync layer
 * carries it to the neighbours, and the session's ::changed redraws the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-page-private.h"
#include "bn-window.h"

#include <glib/gi18n.h>

static void
toast (BnPostPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
  else
    g_message ("%s", message);
}

/* Shows @error if @entry is NULL; returns whether it worked. */
static gboolean
done_or_toast (BnPostPage *self, BnEntry *entry, GError *error)
{
  if (entry == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }
  bn_entry_unref (entry);
  return TRUE;
}

void
_bn_post_page_update_actions (BnPostPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const BnPost *post = self->item != NULL ? bn_post_item_get_post (self->item) : NULL;
  gboolean have = post != NULL;
  gboolean mine = _bn_post_page_is_mine (self);
  const char *status = have ? post->status : NULL;
  gboolean open = g_strcmp0 (status, "open") == 0;
  gboolean matched = g_strcmp0 (status, "matched") == 0;
  gboolean involved = have && post->helper != NULL
                      && (mine || bn_post_item_is_helper (self->item));

  gtk_widget_action_set_enabled (widget, "post.reply", have && !mine && open);
  gtk_widget_action_set_enabled (widget, "post.accept", mine && open);
  gtk_widget_action_set_enabled (widget, "post.done", mine && matched);
  gtk_widget_action_set_enabled (widget, "post.withdraw", mine && (open || matched));
  gtk_widget_action_set_enabled (widget, "post.reopen", mine && !open && !matched);
  gtk_widget_action_set_enabled (widget, "post.edit", mine);
  gtk_widget_action_set_enabled (widget, "post.delete", mine);
  gtk_widget_action_set_enabled (widget, "post.thank", involved);
}

static void
reply_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reply_entry))));
  gboolean request = bn_post_item_is_request (self->item);
  BnEntry *entry;

  /* Saying yes should take one click: the words are a courtesy, not a form. */
  if (*text == '\0')
    { g_free (text); text = g_strdup (request ? _("I can help.") : _("I’d like that.")); }
  entry = bn_home_reply (bn_session_get_home (self->session), self->post_id, text, &error);
  if (done_or_toast (self, entry, error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), "");
      toast (self, request ? _("Thank you! They will let you know.")
                           : _("Sent. They will let you know."));
    }
}

static void
accept_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_accept (bn_session_get_home (self->session), self->post_id,
                                   g_variant_get_string (param, NULL), &error);

  if (done_or_toast (self, entry, error))
    toast (self, _("Accepted. You can now see each other's name and place."));
}

static void
set_status (BnPostPage *self, const char *status, const char *message)
{
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_set_status (bn_session_get_home (self->session), self->post_id,
                                       status, &error);

  if (done_or_toast (self, entry, error))
    toast (self, message);
}

static void
done_action (GtkWidget *widget, const char *name, GVariant *param)
{
  set_status (BN_POST_PAGE (widget), "done", _("Marked as done. Nice work, neighbours!"));
}

static void
withdraw_action (GtkWidget *widget, const char *name, GVariant *param)
{
  set_status (BN_POST_PAGE (widget), "withdrawn",
              _("Withdrawn. Neighbours no longer see it in their lists."));
}

static void
reopen_action (GtkWidget *widget, const char *name, GVariant *param)
{
  set_status (BN_POST_PAGE (widget), "open", _("Open again."));
}

static void
edit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  gtk_widget_activate_action (widget, "win.edit-post", "s", self->post_id);
}

static void
thank_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->thanks_entry))));
  BnEntry *entry;

  if (*text == '\0')
    { g_free (text); text = g_strdup (_("Thank you!")); }
  entry = bn_home_thank (bn_session_get_home (self->session), self->post_id, text, &error);
  if (done_or_toast (self, entry, error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->thanks_entry), "");
      toast (self, _("Your thanks are on their way."));
    }
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    BnPostPage       *self)
{
  g_autoptr(GError) error = NULL;
  BnEntry *entry;

  if (g_strcmp0 (response, "delete") != 0 || self->post_id == NULL)
    return;
  entry = bn_home_delete (bn_session_get_home (self->session), self->post_id, &error);
  if (done_or_toast (self, entry, error))
    {
      toast (self, _("Deleted, here and on your neighbours' computers."));
      gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
    }
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Delete This Post?"),
                                              _("It disappears from your computer and, as they sync, from your neighbours'. Replies and thanks go with it."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "delete", _("Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_bn_post_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "post.reply", NULL, reply_action);
  gtk_widget_class_install_action (widget_class, "post.accept", "s", accept_action);
  gtk_widget_class_install_action (widget_class, "post.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "post.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "post.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "post.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "post.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "post.thank", NULL, thank_action);
}
