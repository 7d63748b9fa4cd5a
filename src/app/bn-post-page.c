/* bn-post-page.c — showing a post; what can be done with it is in
 * bn-post-page-actions.c
 *
 * The page follows the session's item for its post: the header and details
 * are bound to the item's properties in bn-post-page.ui, and when the item
 * changes (a reply, accepted, thanks) the parts built from more than the post
 * (the match, the replies, the thanks) are built again here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-page-private.h"
#include "bn-closures.h"
#include "bn-format.h"
#include "bn-moderation.h"
#include "bn-moderation-actions.h"
#include "bn-referral-view.h"
#include "bn-rows.h"
#include "bn-widget.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (BnPostPage, bn_post_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, PROP_POST_ID, PROP_ITEM, N_PROPS };
static GParamSpec *properties[N_PROPS];

gboolean
_bn_post_page_is_mine (BnPostPage *self)
{
  return self->item != NULL && bn_post_item_is_mine (self->item);
}

static gboolean
i_replied (BnPostPage *self,
           GPtrArray  *replies)
{
  /* A reply taken back ("I can't make it after all") no longer counts. */
  for (guint i = 0; i < replies->len; i++)
    if (g_strcmp0 (((BnNote *) g_ptr_array_index (replies, i))->author,
                   bn_session_get_peer_id (self->session)) == 0
        && !((BnNote *) g_ptr_array_index (replies, i))->withdrawn)
      return TRUE;
  return FALSE;
}

static gboolean
is_request (BnPostPage *self)
{
  return bn_post_item_is_request (self->item);
}

static const BnPost *
post (BnPostPage *self)
{
  return bn_post_item_get_post (self->item);
}

static void show_match_actions (BnPostPage *self, const char *name);

/* Once matched, the two neighbours see each other's name, place and note:
 * that is what it takes to ring the right doorbell. */
static void
show_match (BnPostPage *self, GPtrArray *replies)
{
  gboolean mine = _bn_post_page_is_mine (self);
  const char *other_id = mine ? post (self)->helper : post (self)->author;
  g_autofree char *place = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *escaped = NULL;
  const char *note = NULL;
  const char *name;

  if (post (self)->helper == NULL || (!mine && !bn_post_item_is_helper (self->item))
      || g_strcmp0 (post (self)->status, "withdrawn") == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->match_group), FALSE);
      return;
    }
  place = bn_format_place (bn_session_lookup_profile (self->session, other_id));
  for (guint i = 0; i < replies->len; i++)
    if (((BnNote *) g_ptr_array_index (replies, i))->accepted)
      note = ((BnNote *) g_ptr_array_index (replies, i))->text;
  name = mine ? post (self)->helper_name : post (self)->author_name;
  if (name == NULL)
    name = _("A neighbour");

  if (mine == is_request (self))
    heading = g_strdup_printf (_("%s is helping you"), name);
  else
    heading = g_strdup_printf (_("You are helping %s"), name);
  /* Group titles are markup in libadwaita 1.2, and names are not. */
  escaped = g_markup_escape_text (heading, -1);
  adw_preferences_group_set_title (self->match_group, escaped);
  adw_action_row_set_subtitle (self->match_name_row, name);
  adw_action_row_set_subtitle (self->match_place_row,
                               place ? place : _("No address given; ask them where to meet"));
  adw_action_row_set_subtitle (self->match_note_row, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->match_note_row), note != NULL);
  show_match_actions (self, name);
  gtk_widget_set_visible (GTK_WIDGET (self->match_group), TRUE);
}

/* Once matched: write to each other, or change course (a done post stays as it was). */
static void
show_match_actions (BnPostPage *self, const char *name)
{
  gboolean matched = g_strcmp0 (post (self)->status, "matched") == 0;
  g_autofree char *message = g_strdup_printf (_("Message %s"), name);

  gtk_button_set_label (self->message_button, message);
  gtk_button_set_label (self->change_course_button,
                        _bn_post_page_is_mine (self) ? _("Choose Someone Else")
                                                     : _("I Can’t Make It After All"));
  gtk_widget_set_visible (GTK_WIDGET (self->change_course_button), matched);
}

/* A reply taken back, said where both sides look: the helper's own words
 * under the post, the asker's above the replies. */
static void
show_course (BnPostPage *self, GPtrArray *replies)
{
  gboolean mine = _bn_post_page_is_mine (self);
  const BnNote *withdrawn = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < replies->len; i++)
    {
      const BnNote *reply = g_ptr_array_index (replies, i);
      if (reply->withdrawn && (mine || g_strcmp0 (reply->author,
                                                  bn_session_get_peer_id (self->session)) == 0))
        withdrawn = reply;
    }
  if (withdrawn != NULL && g_strcmp0 (post (self)->status, "withdrawn") != 0
      && g_strcmp0 (post (self)->status, "done") != 0)
    {
      if (mine)
        text = g_strdup_printf (_("%s can’t make it after all. You can choose someone else from the replies."),
                                withdrawn->author_name ? withdrawn->author_name : _("A neighbour"));
      else
        text = g_strdup_printf (_("You told %s you can’t make it after all."),
                                post (self)->author_name ? post (self)->author_name
                                                         : _("your neighbour"));
    }
  gtk_label_set_label (self->course_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->course_label), text != NULL);
}

static GtkWidget *
make_reply_row (BnPostPage *self, const BnNote *reply)
{
  g_autofree char *ago = bn_format_relative (reply->created_ms, g_get_real_time () / 1000);
  g_autofree char *title = g_strdup_printf ("%s · %s", reply->author_name ? reply->author_name
                                                        : _("A neighbour"), ago);
  g_autofree char *text = bn_moderation_note_text (reply);
  GtkWidget *row = bn_action_row_new (title, text);

  if (reply->accepted)
    {
      GtkWidget *label = gtk_label_new (_("Accepted"));
      gtk_widget_add_css_class (label, "bn-status");
      gtk_widget_add_css_class (label, "matched");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else if (reply->withdrawn)
    {
      GtkWidget *label = gtk_label_new (_("Can’t make it"));
      gtk_widget_add_css_class (label, "bn-status");
      gtk_widget_add_css_class (label, "withdrawn");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else if (g_strcmp0 (post (self)->status, "open") == 0 && reply->hidden_by == NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Accept"));
      g_autofree char *accessible = g_strdup_printf (_("Accept help from %s"),
                                                     reply->author_name ? reply->author_name
                                                     : _("a neighbour"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", reply->id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "post.accept");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             bn_moderation_note_button_new (self->session, post (self), reply, TRUE));
  return row;
}

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* What a neighbour who is not the author is told after answering. */
static char *
describe_answer (BnPostPage *self, gboolean replied)
{
  const BnPost *p = post (self);
  gboolean someone_else = p->helper != NULL && !bn_post_item_is_helper (self->item);

  if (p->helper == NULL && replied)
    return g_strdup_printf (_("You answered. %s will let you know."),
                            p->author_name ? p->author_name : _("Your neighbour"));
  if (someone_else && g_strcmp0 (p->status, "withdrawn") != 0)
    /* Said kindly: the neighbour who offered is not turned down, just thanked. */
    return g_strdup (_("Another neighbour is already helping with this. Thank you for looking."));
  return NULL;
}

static void
show_replies (BnPostPage *self, GPtrArray *replies)
{
  gboolean mine = _bn_post_page_is_mine (self);
  gboolean replied = i_replied (self, replies);
  gboolean open = g_strcmp0 (post (self)->status, "open") == 0;
  g_autofree char *answer = mine ? NULL : describe_answer (self, replied);

  gtk_widget_set_visible (GTK_WIDGET (self->replies_group), mine);
  /* Once someone is chosen there is nothing left to choose. */
  adw_preferences_group_set_description (self->replies_group,
                                         open ? _("Only you see these. Choose the neighbour you’d like to go ahead with.")
                                              : _("Only you see these."));
  clear_list (self->replies_list);
  for (guint i = 0; mine && i < replies->len; i++)
    gtk_list_box_append (self->replies_list, make_reply_row (self, g_ptr_array_index (replies, i)));
  gtk_list_box_set_placeholder (self->replies_list,
                                make_placeholder (is_request (self)
                                                  ? _("No replies yet. Neighbours nearby can see your request.")
                                                  : _("No replies yet. Neighbours nearby can see your offer.")));

  /* What a connector hid is not answered. */
  gtk_widget_set_visible (GTK_WIDGET (self->respond_group),
                          !mine && open && !replied && post (self)->hidden_by == NULL);
  adw_preferences_group_set_title (self->respond_group,
                                   is_request (self) ? _("Can you help?") : _("Would you like this?"));
  gtk_button_set_label (self->reply_button, is_request (self) ? _("I Can Help")
                                                              : _("I’d Like That"));
  gtk_label_set_label (self->replied_label, answer ? answer : "");
  gtk_widget_set_visible (GTK_WIDGET (self->replied_label), answer != NULL);
}

static void
show_thanks (BnPostPage *self)
{
  g_autoptr(GPtrArray) thanks = bn_session_list_thanks (self->session, self->post_id);
  gboolean can_thank = (_bn_post_page_is_mine (self) || bn_post_item_is_helper (self->item))
                       && post (self)->helper != NULL;

  clear_list (self->thanks_list);
  for (guint i = 0; i < thanks->len; i++)
    {
      const BnNote *note = g_ptr_array_index (thanks, i);
      g_autofree char *text = bn_moderation_note_text (note);
      gboolean by_me = g_strcmp0 (note->author, bn_session_get_peer_id (self->session)) == 0;
      GtkWidget *row = bn_action_row_new (by_me ? _("You")
                                          : note->author_name ? note->author_name
                                          : _("A neighbour"), text);

      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "emote-love-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 bn_moderation_note_button_new (self->session, post (self), note,
                                                                FALSE));
      gtk_list_box_append (self->thanks_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_list), thanks->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_entry), can_thank);
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_button), can_thank);
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_group), can_thank || thanks->len > 0);
}

/* No post to show: its author deleted it, it has not arrived, or I block its
 * author on this computer; the last one says so, with a way back. */
static void
show_gone (BnPostPage *self)
{
  AdwStatusPage *gone = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, "gone"));
  g_autofree char *name = NULL;
  g_autofree char *author = self->session
    ? bn_moderation_dup_blocked_author (bn_moderation_get (self->session), self->post_id, &name)
    : NULL;
  g_autofree char *title = NULL;
  GtkWidget *unblock = NULL;

  if (author != NULL)
    {
      title = g_strdup_printf (_("You Blocked %s"), name ? name : _("a neighbour"));
      unblock = gtk_button_new_with_mnemonic (_("_Unblock"));
      gtk_widget_set_halign (unblock, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (unblock, "pill");
      bn_button_wrap_label (GTK_BUTTON (unblock));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (unblock), "mod.unblock");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (unblock), "s", author);
    }
  adw_status_page_set_icon_name (gone, author ? "action-unavailable-symbolic" : "edit-delete-symbolic");
  adw_status_page_set_title (gone, author ? title : _("This Post Is Gone"));
  adw_status_page_set_description (gone, author
    ? _("Their posts are hidden on this computer.")
    : _("Its author deleted it, or it has not reached you yet."));
  adw_status_page_set_child (gone, unblock);
  gtk_stack_set_visible_child_name (self->stack, "gone");
}

/* The parts built from more than the post itself: replies, match, thanks. */
static void
show_details (BnPostPage *self)
{
  g_autoptr(GPtrArray) replies = NULL;

  bn_moderation_menu_button_for_post (self->moderation_button, self->session, self->item);
  if (self->item == NULL)
    {
      show_gone (self);
      _bn_post_page_update_actions (self);
      return;
    }
  replies = bn_session_list_replies (self->session, self->post_id);
  show_match (self, replies);
  show_course (self, replies);
  show_replies (self, replies);
  show_thanks (self);
  gtk_stack_set_visible_child_name (self->stack, "post");
  _bn_post_page_update_actions (self);
}

/* The session's item for the post: a new one when the post arrives, none
 * when it is deleted. */
static void
follow_post (BnPostPage *self)
{
  BnPostItem *item = NULL;

  if (self->session != NULL)
    item = bn_session_lookup_post (self->session, self->post_id);
  if (item == self->item)
    return;
  g_set_object (&self->item, item);
  g_signal_group_set_target (self->item_signals, item);
  show_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
set_session (BnPostPage *self, BnSession *session)
{
  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  /* A reply hidden, or its author blocked, changes no post: the page hears it here. */
  if (session != NULL)
    g_signal_connect_object (bn_moderation_get (session), "changed", G_CALLBACK (show_details),
                             self, G_CONNECT_SWAPPED);
  follow_post (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
bn_post_page_set_post_id (BnPostPage *self,
                          const char *post_id)
{
  if (g_strcmp0 (self->post_id, post_id) == 0)
    return;
  g_free (self->post_id);
  self->post_id = g_strdup (post_id);
  gtk_widget_set_visible (GTK_WIDGET (self->news_label), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->thanks_entry), "");
  /* Opened from a notification, or by ID: the post may be newer than the
   * session's last refresh. */
  if (self->session != NULL)
    bn_session_refresh (self->session);
  follow_post (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POST_ID]);
}

const char *
bn_post_page_get_post_id (BnPostPage *self)
{
  return self->post_id;
}

/**
 * bn_post_page_announce:
 *
 * Says what just happened (posted, answered, thanked) at the top of the page,
 * where the focus goes: a screen reader reads it (an alert, and the focus),
 * and it stays for whoever looks away while a toast would go.
 */
void
bn_post_page_announce (BnPostPage *self,
                       const char *message)
{
  gtk_label_set_label (self->news_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->news_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->news_label));
  gtk_label_select_region (self->news_label, 0, 0);   /* a focused label selects all */
}

static void
on_reply_activated (BnPostPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "post.reply", NULL);
}

static void
on_thanks_activated (BnPostPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "post.thank", NULL);
}

/* Returns: (transfer full): "Request" or "Offer"; nothing once the post is gone */
static char *
kind_title (BnPostPage *self, BnPostItem *item)
{
  if (item == NULL)
    return g_strdup ("");
  return bn_closure_kind_title (NULL, bn_post_item_is_request (item));
}

static void
bn_post_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnPostPage *self = BN_POST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_POST_ID:
      g_value_set_string (value, self->post_id);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_page_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  BnPostPage *self = BN_POST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    case PROP_POST_ID:
      bn_post_page_set_post_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_page_dispose (GObject *object)
{
  BnPostPage *self = BN_POST_PAGE (object);

  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_POST_PAGE);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->item_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->item);
  g_clear_pointer (&self->post_id, g_free);

  G_OBJECT_CLASS (bn_post_page_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnPostPage, name)

static void
bn_post_page_class_init (BnPostPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_post_page_get_property;
  object_class->set_property = bn_post_page_set_property;
  object_class->dispose = bn_post_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POST_ID] =
    g_param_spec_string ("post-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BN_TYPE_POST_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-post-page.ui");
  BIND (match_group); BIND (match_name_row); BIND (match_place_row); BIND (match_note_row);
  BIND (message_button); BIND (change_course_button); BIND (course_label);
  BIND (respond_group); BIND (reply_entry); BIND (reply_button); BIND (replied_label);
  BIND (news_label); BIND (replies_group); BIND (replies_list); BIND (owner_group); BIND (thanks_group);
  BIND (thanks_list);
  BIND (thanks_entry); BIND (thanks_button); BIND (stack); BIND (moderation_button);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_thanks_activated);
  gtk_widget_class_bind_template_callback (widget_class, kind_title);
  bn_closures_add_to_class (widget_class);

  _bn_post_page_class_init_actions (widget_class);
  g_type_ensure (BN_TYPE_REFERRAL_VIEW);
}

#undef BIND

static void
bn_post_page_init (BnPostPage *self)
{
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (follow_post), self);
  self->item_signals = g_signal_group_new (BN_TYPE_POST_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "changed", G_CALLBACK (show_details), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "gone");
}
