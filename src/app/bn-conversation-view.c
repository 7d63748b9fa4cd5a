/* bn-conversation-view.c — one conversation between me and a neighbour
 *
 * The messages, oldest first, mine on the right with a button to delete
 * them for both of us; a field with Send; quick replies for the common step
 * (propose a day and a time; share my phone number); and how long the
 * messages I send are kept. A time the neighbour proposed gets "That Suits
 * Me", which sends the yes; an agreed time gets "Add to Calendar". The view reads the conversation again on the
 * session's ::changed and marks what it shows as read (on the writer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-conversation-view.h"
#include "bn-widget.h"
#include "bn-event-format.h"
#include "bn-event-time.h"
#include "bn-format.h"
#include "bn-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

struct _BnConversationView
{
  GtkWidget parent_instance;

  /* Children */
  AdwWindowTitle *title;
  GtkScrolledWindow *scroller;
  GtkListBox     *list;
  GtkEntry       *entry;
  GtkButton      *send_button;
  GtkWidget      *compose;
  GtkDropDown    *keep_dropdown;
  GtkCalendar    *calendar;
  GtkSpinButton  *hour;
  GtkSpinButton  *minute;
  GtkMenuButton  *propose_button;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  char         *peer_id;
  char         *about;           /* the post this conversation started from, or NULL */
  char         *shown;           /* the IDs shown, to leave the rows alone when nothing changed */
  guint         n_shown;
  gboolean      marking;         /* a mark-as-read is on its way */
  gboolean      sending;         /* a message is on its way: Send waits */
  char         *proposal_text;   /* the question "Propose a Time" wrote, while in the field */
  gint64        proposal_ms;     /* and the time it proposes */
};

G_DEFINE_FINAL_TYPE (BnConversationView, bn_conversation_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* How long what I send is kept, as the drop-down offers it. */
static const guint keep_days[] = { 0, 1, 7, 30 };

static void
toast (BnConversationView *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
}

static char *
peer_name (BnConversationView *self)
{
  const BnProfile *profile = bn_session_lookup_profile (self->session, self->peer_id);

  return g_strdup (profile != NULL && profile->name != NULL ? profile->name : _("A neighbour"));
}

static void
marked_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnConversationView) self = user_data;

  /* A mark that fails leaves the count; nothing for the person to do. */
  bn_session_write_finish (BN_SESSION (source), result, NULL);
  self->marking = FALSE;
}

static void
on_delete_clicked (GtkButton *button, BnConversationView *self);
static void
on_suits_clicked (GtkButton *button, BnConversationView *self);
static void
on_calendar_clicked (GtkButton *button, BnConversationView *self);

/* A pill under a message, for what one does with it. */
static GtkWidget *
message_action (BnConversationView *self, const char *label, const char *message_id,
                GCallback clicked)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  /* Long words in Dutch and French wrap rather than widen a phone's window. */
  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_justify (GTK_LABEL (child), GTK_JUSTIFY_CENTER);
    }
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 6);
  g_object_set_data_full (G_OBJECT (button), "bn-message-id", g_strdup (message_id), g_free);
  g_signal_connect (button, "clicked", clicked, self);
  return button;
}

/* What a time proposed or agreed adds to its message: the one-click yes to
 * the neighbour's proposal, what was agreed, and the calendar. */
static void
add_time_actions (BnConversationView *self, GtkBox *box, const BnMessage *message)
{
  if (message->proposes_ms > 0 && !message->mine && !message->answered)
    {
      GtkWidget *suits = message_action (self, _("That Suits Me"), message->id,
                                         G_CALLBACK (on_suits_clicked));
      g_autofree char *moment = bn_event_format_moment (message->proposes_ms);
      /* Translators: what "That Suits Me" does; %s is a moment ("Saturday 5 December at 10:00") */
      g_autofree char *says = g_strdup_printf (_("Say yes to %s"), moment);

      gtk_widget_add_css_class (suits, "suggested-action");
      gtk_widget_set_tooltip_text (suits, says);
      gtk_box_append (box, suits);
    }
  if (message->agreed_ms > 0)
    {
      GtkWidget *calendar = message_action (self, _("Add to Calendar"), message->id,
                                            G_CALLBACK (on_calendar_clicked));
      g_autofree char *moment = bn_event_format_moment (message->agreed_ms);
      /* Translators: a tooltip; %s is a moment ("Saturday 5 December at 10:00") */
      g_autofree char *adds = g_strdup_printf (_("Add %s to your calendar"), moment);

      gtk_widget_set_tooltip_text (calendar, adds);
      gtk_widget_set_halign (calendar, message->mine ? GTK_ALIGN_END : GTK_ALIGN_START);
      gtk_box_append (box, calendar);
    }
}

static GtkWidget *
make_message_row (BnConversationView *self, const BnMessage *message)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *text = gtk_label_new (message->text);
  g_autofree char *ago = bn_format_relative (message->created_ms, g_get_real_time () / 1000);
  g_autofree char *byline = NULL;
  g_autofree char *spoken = NULL;
  GtkWidget *meta;

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_box_append (GTK_BOX (box), text);
  add_time_actions (self, GTK_BOX (box), message);

  if (message->mine)
    byline = g_strdup_printf (_("You, %s"), ago);
  else
    byline = g_strdup_printf ("%s, %s", message->author_name ? message->author_name
                                                             : _("A neighbour"), ago);
  if (message->expiry_ms > 0)
    {
      g_autofree char *left = bn_format_relative (message->expiry_ms, g_get_real_time () / 1000);
      g_autofree char *with = g_strdup_printf (_("%s · disappears %s"), byline, left);
      g_free (byline);
      byline = g_steal_pointer (&with);
    }
  meta = gtk_label_new (byline);
  gtk_label_set_xalign (GTK_LABEL (meta), message->mine ? 1 : 0);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");

  if (message->mine)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_tooltip_text (delete, _("Delete for both of you"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Delete for both of you"), -1);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_add_css_class (delete, "circular");
      g_object_set_data_full (G_OBJECT (delete), "bn-message-id", g_strdup (message->id), g_free);
      g_signal_connect (delete, "clicked", G_CALLBACK (on_delete_clicked), self);
      gtk_widget_set_hexpand (meta, TRUE);
      gtk_box_append (GTK_BOX (line), meta);
      gtk_box_append (GTK_BOX (line), delete);
      gtk_box_append (GTK_BOX (box), line);
      gtk_widget_set_halign (box, GTK_ALIGN_END);
      gtk_widget_add_css_class (box, "bn-message-mine");
      spoken = g_strdup_printf (_("You wrote: %s"), message->text);
    }
  else
    {
      gtk_box_append (GTK_BOX (box), meta);
      gtk_widget_set_halign (box, GTK_ALIGN_START);
      spoken = g_strdup_printf (_("%s wrote: %s"), message->author_name ? message->author_name
                                                                       : _("A neighbour"),
                                message->text);
    }
  gtk_widget_add_css_class (box, "bn-message");
  gtk_label_set_xalign (GTK_LABEL (text), message->mine ? 1 : 0);
  gtk_label_set_justify (GTK_LABEL (text), message->mine ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return row;
}

/* Removes the rows, not the placeholder. */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static gboolean
scroll_to_end (gpointer data)
{
  BnConversationView *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

/* On screen, and not on its way out: what arrives now is read. */
static gboolean
is_shown (BnConversationView *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  return !GTK_IS_STACK (parent) || gtk_stack_get_visible_child (GTK_STACK (parent)) == GTK_WIDGET (self);
}

/* Reads the conversation again; rows are made again only when it changed. */
static void
show_messages (BnConversationView *self)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *name = NULL;
  gboolean unread = FALSE;

  if (self->session == NULL || self->peer_id == NULL)
    return;
  name = peer_name (self);
  adw_window_title_set_title (self->title, name);
  messages = bn_session_list_messages (self->session, self->peer_id);
  for (guint i = 0; i < messages->len; i++)
    {
      BnMessage *message = g_ptr_array_index (messages, i);
      g_string_append (ids, message->id);
      unread |= message->unread;
    }
  if (unread && !self->marking && is_shown (self))
    {
      self->marking = TRUE;
      bn_session_mark_read_async (self->session, self->peer_id, NULL, marked_read,
                                  g_object_ref (self));
    }
  if (g_strcmp0 (ids->str, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_strdup (ids->str);
  clear_list (self->list);
  for (guint i = 0; i < messages->len; i++)
    gtk_list_box_append (self->list, make_message_row (self, g_ptr_array_index (messages, i)));
  self->n_shown = messages->len;
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end, g_object_ref (self), g_object_unref);
}

static void
on_map (BnConversationView *self)
{
  show_messages (self);
}

/**
 * bn_conversation_view_set_peer:
 * @about_post_id: (nullable): the post the conversation starts from
 *
 * Shows the conversation with @peer_id.
 */
void
bn_conversation_view_set_peer (BnConversationView *self,
                               const char         *peer_id,
                               const char         *about_post_id)
{
  g_return_if_fail (BN_IS_CONVERSATION_VIEW (self));

  if (g_strcmp0 (peer_id, self->peer_id) != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
      g_clear_pointer (&self->shown, g_free);
      g_clear_pointer (&self->proposal_text, g_free);
    }
  g_free (self->peer_id);
  self->peer_id = g_strdup (peer_id);
  g_free (self->about);
  self->about = g_strdup (about_post_id);
  adw_window_title_set_subtitle (self->title, NULL);
  if (about_post_id != NULL && self->session != NULL)
    {
      BnPostItem *item = bn_session_lookup_post (self->session, about_post_id);
      if (item != NULL)
        adw_window_title_set_subtitle (self->title, bn_post_item_get_post (item)->title);
    }
  show_messages (self);
}

const char *
bn_conversation_view_get_peer_id (BnConversationView *self)
{
  return self->peer_id;
}

guint
bn_conversation_view_get_n_shown (BnConversationView *self)
{
  return self->n_shown;
}

void
bn_conversation_view_grab_focus (BnConversationView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* How long what I send is kept, in days (0: until deleted). */
static guint
kept_days (BnConversationView *self)
{
  guint keep = gtk_drop_down_get_selected (self->keep_dropdown);

  return keep < G_N_ELEMENTS (keep_days) ? keep_days[keep] : 0;
}

/* Writing goes one message at a time: Send waits until it is stored. */
static void
sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnConversationView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = bn_session_send_message_finish (BN_SESSION (source), result, &error);

  self->sending = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), TRUE);
  if (id == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  g_clear_pointer (&self->proposal_text, g_free);
  show_messages (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* The message with @id in this conversation, as the store has it now. */
static BnMessage *
find_message (BnConversationView *self, const char *id)
{
  g_autoptr(GPtrArray) messages = bn_session_list_messages (self->session, self->peer_id);

  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (((BnMessage *) g_ptr_array_index (messages, i))->id, id) == 0)
      return g_ptr_array_steal_index (messages, i);
  return NULL;
}

static void
agreed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnConversationView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = bn_session_send_message_finish (BN_SESSION (source), result, &error);

  self->sending = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), TRUE);
  if (id == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_messages (self);
  toast (self, _("Agreed. You can add it to your calendar."));
}

/**
 * bn_conversation_view_agree:
 * @proposal_id: a message of the neighbour's that proposes a time
 *
 * Sends the yes to that time ("That suits me: Saturday 5 December at 10:00.").
 */
void
bn_conversation_view_agree (BnConversationView *self,
                            const char         *proposal_id)
{
  g_autoptr(BnMessage) proposal = find_message (self, proposal_id);
  g_autofree char *text = NULL;
  BnMessageDraft draft = { 0 };

  if (proposal == NULL || proposal->proposes_ms == 0 || proposal->mine || self->sending)
    return;
  text = bn_event_format_agreement (proposal->proposes_ms);
  draft.to = self->peer_id;
  draft.text = text;
  draft.about = self->about != NULL ? self->about : proposal->about;
  draft.expires_in_days = kept_days (self);
  draft.agrees = proposal->id;
  self->sending = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), FALSE);
  bn_session_send_message_draft_async (self->session, &draft, NULL, agreed, g_object_ref (self));
}

static void
on_suits_clicked (GtkButton *button, BnConversationView *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  bn_conversation_view_agree (self, g_object_get_data (G_OBJECT (button), "bn-message-id"));
}

/* "Groceries on Saturday" when the conversation is about a post, else
 * "Meeting Bram". */
static char *
meeting_title (BnConversationView *self, const BnMessage *answer)
{
  const char *about = answer->about != NULL ? answer->about : self->about;
  BnPostItem *item = about != NULL ? bn_session_lookup_post (self->session, about) : NULL;
  g_autofree char *name = peer_name (self);

  if (item != NULL && bn_post_item_get_post (item)->title != NULL)
    /* Translators: a calendar entry's title; %1$s is a post's title, %2$s a name */
    return g_strdup_printf (_("%1$s, with %2$s"), bn_post_item_get_post (item)->title, name);
  /* Translators: a calendar entry's title; %s is a neighbour's name */
  return g_strdup_printf (_("Meeting %s"), name);
}

/**
 * bn_conversation_view_write_ics:
 * @answer_id: a message that agrees to a proposed time
 *
 * Writes the agreed time as an iCalendar file (an hour long, with reminders
 * a day and an hour before) where the desktop's calendar can read it.
 *
 * Returns: (transfer full) (nullable): the file's path
 */
char *
bn_conversation_view_write_ics (BnConversationView  *self,
                                const char          *answer_id,
                                GError             **error)
{
  g_autoptr(BnMessage) answer = find_message (self, answer_id);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "buurtnet", NULL);
  g_autofree char *name = NULL, *path = NULL, *title = NULL, *ics = NULL;
  BnIcsEvent event = { 0 };

  if (answer == NULL || answer->agreed_ms == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("This agreed time is gone from the conversation."));
      return NULL;
    }
  title = meeting_title (self, answer);
  event.uid = answer->id;
  event.title = title;
  event.start_ms = answer->agreed_ms;
  event.end_ms = answer->agreed_ms + 3600 * 1000;
  event.stamp_ms = g_get_real_time () / 1000;
  event.reminder = title;
  ics = bn_ics_write (&event);
  name = g_strdup_printf ("agreed-%.12s.ics", answer->id);
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not write the calendar file in %s"), dir);
      return NULL;
    }
  if (!g_file_set_contents (path, ics, -1, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
launched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnConversationView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    toast (self, _("No calendar app opened the meetup. Install one, such as GNOME Calendar, and try again."));
}

static void
on_calendar_clicked (GtkButton *button, BnConversationView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bn_conversation_view_write_ics (self,
                                                          g_object_get_data (G_OBJECT (button),
                                                                             "bn-message-id"),
                                                          &error);
  g_autofree char *uri = NULL;

  if (path == NULL)
    {
      toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launched, g_object_ref (self));
}

static void
send_message (BnConversationView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  BnMessageDraft draft = { 0 };

  if (*text == '\0' || self->peer_id == NULL || self->sending)
    return;
  /* Only the button waits: a focused field made insensitive loses its cursor
   * without being told (GTK 4.8). */
  self->sending = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), FALSE);
  draft.to = self->peer_id;
  draft.text = text;
  draft.about = self->about;
  draft.expires_in_days = kept_days (self);
  /* The question "Propose a Time" wrote, still there: the time goes with it,
   * for the neighbour's one-click yes. */
  if (self->proposal_text != NULL && strstr (text, self->proposal_text) != NULL)
    draft.proposes_ms = self->proposal_ms;
  bn_session_send_message_draft_async (self->session, &draft, NULL, sent, g_object_ref (self));
}

static void
deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnConversationView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      toast (self, error->message);
      return;
    }
  show_messages (self);
  toast (self, _("Deleted, for both of you."));
}

static void
on_delete_response (AdwMessageDialog *dialog, const char *response, BnConversationView *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "bn-message-id");

  if (g_strcmp0 (response, "delete") == 0)
    bn_session_delete_message_async (self->session, id, NULL, deleted, g_object_ref (self));
}

static void
on_delete_clicked (GtkButton *button, BnConversationView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Delete This Message?"),
                                              _("It disappears for both of you, also on their computer as soon as it syncs."));

  g_object_set_data_full (G_OBJECT (dialog), "bn-message-id",
                          g_strdup (g_object_get_data (G_OBJECT (button), "bn-message-id")), g_free);
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

/* Puts @text where the cursor is, for the sender to edit before sending. */
static void
insert_text (BnConversationView *self, const char *text)
{
  GtkEditable *editable = GTK_EDITABLE (self->entry);
  const char *old = gtk_editable_get_text (editable);
  g_autofree char *joined = *old != '\0' ? g_strconcat (old, " ", text, NULL) : g_strdup (text);

  gtk_editable_set_text (editable, joined);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_set_position (editable, -1);
}

/* Writes "Would Saturday 5 December at 10:00 suit you?" into the field; the
 * day and time are Brussels time, as meetups' are. Sent with the question
 * still in it, the message carries the time for the neighbour's one-click yes. */
void
bn_conversation_view_propose (BnConversationView *self,
                              GDateTime          *when)
{
  g_autofree char *sentence = bn_event_format_proposal (when);

  insert_text (self, sentence);
  g_free (self->proposal_text);
  self->proposal_text = g_steal_pointer (&sentence);
  self->proposal_ms = bn_event_format_brussels_ms (when);
}

static void
on_propose_clicked (BnConversationView *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) when = g_date_time_new_local (g_date_time_get_year (day),
                                                     g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day),
                                                     gtk_spin_button_get_value_as_int (self->hour),
                                                     gtk_spin_button_get_value_as_int (self->minute),
                                                     0);

  gtk_menu_button_popdown (self->propose_button);
  bn_conversation_view_propose (self, when);
}

/* Asked for once and kept on this computer only: the profile is for everyone. */
static void
insert_phone (BnConversationView *self, const char *phone)
{
  /* Translators: inserted in a message; %s is the sender's phone number */
  g_autofree char *sentence = g_strdup_printf (_("My phone number is %s."), phone);

  insert_text (self, sentence);
}

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source,
                                                 "be.buurtnet.Buurtnet", TRUE) : NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "phone-number"))
    return NULL;
  return g_settings_new ("be.buurtnet.Buurtnet");
}

static void
on_phone_response (AdwMessageDialog *dialog, const char *response, BnConversationView *self)
{
  GtkEditable *field = g_object_get_data (G_OBJECT (dialog), "bn-field");
  g_autofree char *phone = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (g_strcmp0 (response, "insert") != 0)
    return;
  phone = g_strstrip (g_strdup (gtk_editable_get_text (field)));
  if (*phone == '\0')
    return;
  settings = app_settings ();
  if (settings != NULL)
    g_settings_set_string (settings, "phone-number", phone);
  else
    g_object_set_data_full (G_OBJECT (self), "bn-phone", g_strdup (phone), g_free);
  insert_phone (self, phone);
}

static void
on_phone_clicked (BnConversationView *self)
{
  g_autoptr(GSettings) settings = app_settings ();
  g_autofree char *phone = settings ? g_settings_get_string (settings, "phone-number")
                                    : g_strdup (g_object_get_data (G_OBJECT (self), "bn-phone"));
  GtkRoot *root;
  GtkWidget *dialog, *field;

  if (phone != NULL && *phone != '\0')
    {
      insert_phone (self, phone);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Your Phone Number"),
                                   _("It goes only into this message, for this neighbour. Buurtnet remembers it on this computer for next time; it is never part of your profile."));
  field = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (field), GTK_INPUT_PURPOSE_PHONE);
  gtk_entry_set_activates_default (GTK_ENTRY (field), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Phone number"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), field);
  g_object_set_data (G_OBJECT (dialog), "bn-field", field);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "insert", _("Insert"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "insert",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "insert");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_phone_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_time_picker (BnConversationView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *times = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *at = gtk_label_new (_("At"));
  GtkWidget *colon = gtk_label_new (":");
  GtkWidget *insert = gtk_button_new_with_label (_("Write It in the Message"));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  /* Tomorrow: a proposal is for a time to come. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    gtk_calendar_select_day (self->calendar, tomorrow);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Day"), -1);
  self->hour = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 23, 1));
  gtk_spin_button_set_value (self->hour, 10);
  gtk_spin_button_set_wrap (self->hour, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->hour), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hour"), -1);
  self->minute = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 45, 15));
  gtk_spin_button_set_wrap (self->minute, TRUE);
  bn_spin_button_show_two_digits (self->minute);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->minute), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minutes"), -1);
  gtk_widget_set_halign (times, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (times), at);
  gtk_box_append (GTK_BOX (times), GTK_WIDGET (self->hour));
  gtk_box_append (GTK_BOX (times), colon);
  gtk_box_append (GTK_BOX (times), GTK_WIDGET (self->minute));
  gtk_widget_add_css_class (insert, "suggested-action");
  g_signal_connect_swapped (insert, "clicked", G_CALLBACK (on_propose_clicked), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_box_append (GTK_BOX (box), times);
  gtk_box_append (GTK_BOX (box), insert);
  return box;
}

/* The words of a menu button wrap rather than widen a phone's window (Dutch,
 * French). A menu button measures its label at one width: the label's widest
 * line is what keeps it narrow. The name stays the button's own. */
static void
wrap_labels (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        {
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (child), 14);
          gtk_label_set_justify (GTK_LABEL (child), GTK_JUSTIFY_CENTER);
        }
      wrap_labels (child);
    }
}

static GtkWidget *
make_quick_replies (BnConversationView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *phone = gtk_button_new_from_icon_name ("call-start-symbolic");
  const char *keep[] = { N_("Kept"), N_("1 day"), N_("7 days"), N_("30 days"), NULL };
  const char *translated[G_N_ELEMENTS (keep)];

  gtk_popover_set_child (GTK_POPOVER (popover), make_time_picker (self));
  self->propose_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->propose_button, _("Propose a Time"));
  wrap_labels (GTK_WIDGET (self->propose_button));
  gtk_menu_button_set_popover (self->propose_button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->propose_button),
                               _("Pick a day and a time; the question goes into the message"));

  gtk_widget_set_tooltip_text (phone, _("Share my phone number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (phone), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Share my phone number"), -1);
  g_signal_connect_swapped (phone, "clicked", G_CALLBACK (on_phone_clicked), self);

  for (guint i = 0; keep[i] != NULL; i++)
    translated[i] = _(keep[i]);
  translated[G_N_ELEMENTS (keep) - 1] = NULL;
  self->keep_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (translated));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->keep_dropdown),
                               _("How long what you send is kept, on both sides"));
  bn_widget_name_drop_down (self->keep_dropdown, _("Disappears after"));
  gtk_widget_set_halign (GTK_WIDGET (self->keep_dropdown), GTK_ALIGN_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->keep_dropdown), TRUE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->propose_button));
  gtk_box_append (GTK_BOX (box), phone);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->keep_dropdown));
  return box;
}

static GtkWidget *
make_compose (BnConversationView *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_entry_set_placeholder_text (self->entry, _("Write a message…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message"), -1);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (send_message), self);
  self->send_button = GTK_BUTTON (gtk_button_new_with_label (_("Send")));
  gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (send_message), self);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->send_button));

  gtk_box_append (GTK_BOX (box), make_quick_replies (self));
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  self->compose = box;
  return clamp;
}

static GtkWidget *
make_header (BnConversationView *self)
{
  return bn_back_header_new (_("Conversation"), &self->title);
}

static GtkWidget *
make_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("Say hello, and agree on a time that suits you both."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_bottom (label, 24);
  return label;
}

static void
bn_conversation_view_init (BnConversationView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (self->list, make_placeholder ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "bn-messages");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Messages"), -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, clamp);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);

  gtk_box_append (GTK_BOX (box), make_header (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->scroller));
  gtk_box_append (GTK_BOX (box), make_compose (self));
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (show_messages), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

static void
bn_conversation_view_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  BnConversationView *self = BN_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_conversation_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  BnConversationView *self = BN_CONVERSATION_VIEW (object);

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
bn_conversation_view_dispose (GObject *object)
{
  BnConversationView *self = BN_CONVERSATION_VIEW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->peer_id, g_free);
  g_clear_pointer (&self->about, g_free);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->proposal_text, g_free);

  G_OBJECT_CLASS (bn_conversation_view_parent_class)->dispose (object);
}

static void
bn_conversation_view_class_init (BnConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_conversation_view_get_property;
  object_class->set_property = bn_conversation_view_set_property;
  object_class->dispose = bn_conversation_view_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}
