/* bn-post-page-actions.c — the post.* actions: answer, accept, close, thank
 *
 * Each is one small append to the store (a signed entry), written by the
 * session on the sync node's writer thread: the click returns at once, the
 * controls that made it wait until it is stored, and the session's models
 * redraw the page. The sync layer carries it to the neighbours.
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
  gtk_widget_action_set_enabled (widget, "post.message", involved);
  gtk_widget_action_set_enabled (widget, "post.change-course", involved && matched);
}

/* One write in flight from this page: what waits for it, and what to say
 * when it is stored. */
typedef struct
{
  GWeakRef     page;
  GtkWidget   *waiting;    /* Borrowed from the page: insensitive meanwhile */
  GtkEditable *entry;      /* Borrowed: emptied once stored, or NULL */
  const char  *done;       /* what to say then (translated, static) */
  gboolean     go_back;    /* leave the page (it was deleted) */
} Write;

static void
write_free (Write *write)
{
  g_weak_ref_clear (&write->page);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Write, write_free)

/* @waiting stays insensitive while any write that holds it is in flight. */
static void
hold (GtkWidget *waiting, int delta)
{
  int held = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (waiting), "bn-writes")) + delta;

  g_object_set_data (G_OBJECT (waiting), "bn-writes", GINT_TO_POINTER (held));
  gtk_widget_set_sensitive (waiting, held == 0);
}

static Write *
begin_write (BnPostPage *self, GtkWidget *waiting, GtkEditable *entry, const char *done)
{
  Write *write = g_new0 (Write, 1);

  g_weak_ref_init (&write->page, self);
  write->waiting = waiting;
  write->entry = entry;
  write->done = done;
  hold (waiting, +1);
  return write;
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Write) write = user_data;
  g_autoptr(BnPostPage) self = g_weak_ref_get (&write->page);
  g_autoptr(GError) error = NULL;
  gboolean stored = bn_session_write_finish (BN_SESSION (source), result, &error);

  /* Closed meanwhile: what was asked is stored all the same. */
  if (self == NULL || self->session == NULL)
    return;
  hold (write->waiting, -1);
  /* Said on the page, where the focus goes (the button pressed may be gone
   * now); a toast only when leaving the page. */
  if (!stored)
    {
      bn_post_page_announce (self, error->message);
      return;
    }
  if (write->entry != NULL)
    gtk_editable_set_text (write->entry, "");
  if (write->go_back)
    {
      toast (self, write->done);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
    }
  else
    bn_post_page_announce (self, write->done);
}

/* The words typed in @entry, or @fallback: a courtesy, not a form. */
static char *
dup_words (GtkEditable *entry, const char *fallback)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  return g_strdup (*text != '\0' ? text : fallback);
}

static void
reply_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  gboolean request = bn_post_item_is_request (self->item);
  g_autofree char *text = NULL;
  Write *write;

  /* Saying yes should take one click, and only once. */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->respond_group)))
    return;
  text = dup_words (GTK_EDITABLE (self->reply_entry),
                    request ? _("I can help.") : _("I’d like that."));
  write = begin_write (self, GTK_WIDGET (self->respond_group), GTK_EDITABLE (self->reply_entry),
                       request ? _("Thank you! They will let you know.")
                               : _("Sent. They will let you know."));
  bn_session_reply_async (self->session, self->post_id, text, NULL, written, write);
}

static void
accept_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  Write *write;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->replies_list)))
    return;
  write = begin_write (self, GTK_WIDGET (self->replies_list), NULL,
                       _("Accepted. You can now see each other’s name and place."));
  bn_session_accept_async (self->session, self->post_id, g_variant_get_string (param, NULL),
                           NULL, written, write);
}

static void
set_status (BnPostPage *self, const char *status, const char *message)
{
  Write *write = begin_write (self, GTK_WIDGET (self->owner_group), NULL, message);

  bn_session_set_status_async (self->session, self->post_id, status, NULL, written, write);
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
  g_autofree char *text = NULL;
  Write *write;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->thanks_group)))
    return;
  text = dup_words (GTK_EDITABLE (self->thanks_entry), _("Thank you!"));
  write = begin_write (self, GTK_WIDGET (self->thanks_group), GTK_EDITABLE (self->thanks_entry),
                       _("Your thanks are on their way."));
  bn_session_thank_async (self->session, self->post_id, text, NULL, written, write);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    BnPostPage       *self)
{
  Write *write;

  if (g_strcmp0 (response, "delete") != 0 || self->post_id == NULL)
    return;
  write = begin_write (self, GTK_WIDGET (self->owner_group), NULL,
                       _("Deleted, here and on your neighbours’ computers."));
  write->go_back = TRUE;
  bn_session_delete_async (self->session, self->post_id, NULL, written, write);
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
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
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The other side of the match: the asker's helper, or the helper's asker. */
static const char *
other_side (BnPostPage *self)
{
  const BnPost *post = bn_post_item_get_post (self->item);

  return _bn_post_page_is_mine (self) ? post->helper : post->author;
}

static void
message_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->item != NULL && BN_IS_WINDOW (root))
    bn_window_open_conversation (BN_WINDOW (root), other_side (self), self->post_id);
}

static void
on_change_course_response (AdwMessageDialog *dialog,
                           const char       *response,
                           BnPostPage       *self)
{
  Write *write;

  if (g_strcmp0 (response, "change") != 0 || self->post_id == NULL)
    return;
  if (_bn_post_page_is_mine (self))
    {
      write = begin_write (self, GTK_WIDGET (self->match_group), NULL,
                           _("Done. Your post is open again; you can choose someone else."));
      bn_session_unaccept_async (self->session, self->post_id, NULL, written, write);
    }
  else
    {
      write = begin_write (self, GTK_WIDGET (self->match_group), NULL,
                           _("Done. They will know you can’t make it."));
      bn_session_withdraw_reply_async (self->session, self->post_id, NULL, written, write);
    }
}

/* The helper's "I can't make it after all", the asker's "Choose someone
 * else": each asks once, in plain words, who will hear of it. */
static void
change_course_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BnPostPage *self = BN_POST_PAGE (widget);
  const BnPost *post = bn_post_item_get_post (self->item);
  GtkRoot *root = gtk_widget_get_root (widget);
  gboolean mine = _bn_post_page_is_mine (self);
  const char *other = mine ? post->helper_name : post->author_name;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (other == NULL)
    other = _("your neighbour");
  if (mine)
    body = g_strdup_printf (_("%s will be told that you chose someone else, and your post is open again."),
                            other);
  else
    body = g_strdup_printf (_("%s will be told that you can’t make it, and their post is open again for someone else."),
                            other);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   mine ? _("Choose Someone Else?") : _("Can’t Make It After All?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "change", mine ? _("Choose Someone Else")
                                                   : _("I Can’t Make It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_change_course_response), widget, 0);
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
  gtk_widget_class_install_action (widget_class, "post.message", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "post.change-course", NULL,
                                   change_course_action);
}
