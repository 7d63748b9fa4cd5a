/* bn-post-page.c — showing a post; what can be done with it is in
 * bn-post-page-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-page-private.h"
#include "bn-format.h"
#include "bn-rows.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (BnPostPage, bn_post_page, GTK_TYPE_WIDGET)

gboolean
_bn_post_page_is_mine (BnPostPage *self)
{
  return self->post != NULL
         && g_strcmp0 (self->post->author, bn_session_get_peer_id (self->session)) == 0;
}

gboolean
_bn_post_page_i_replied (BnPostPage *self,
                         GPtrArray  *replies)
{
  for (guint i = 0; i < replies->len; i++)
    if (g_strcmp0 (((BnNote *) g_ptr_array_index (replies, i))->author,
                   bn_session_get_peer_id (self->session)) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_request (BnPostPage *self)
{
  return g_strcmp0 (self->post->kind, "offer") != 0;
}

static const char *
visibility_label (const char *visibility)
{
  if (g_strcmp0 (visibility, "connectors") == 0)
    return _("Only the connectors");
  if (g_strcmp0 (visibility, "people") == 0)
    return _("Neighbours chosen by the author");
  return _("Everyone in the neighbourhood");
}

static void
set_status_label (GtkLabel *label, const char *status)
{
  static const char *const classes[] = { "open", "matched", "done", "withdrawn" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), status ? status : "open");
  gtk_label_set_label (label, bn_format_status (status));
}

static void
show_header (BnPostPage *self)
{
  const BnPost *post = self->post;
  g_autofree char *icon = g_strdup_printf ("bn-category-%s-symbolic",
                                           bn_category_is_valid (post->category)
                                           ? post->category : "other");
  g_autofree char *who = bn_format_who (post, bn_session_get_peer_id (self->session));
  g_autofree char *ago = bn_format_relative (post->created_ms, g_get_real_time () / 1000);
  g_autofree char *meta = NULL;
  g_autofree char *when = bn_format_when (post->when);

  adw_window_title_set_title (self->window_title,
                              is_request (self) ? C_("post kind", "Request") : C_("post kind", "Offer"));
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_label (self->title, post->title);
  if (post->proximity == BN_PROXIMITY_ME)
    meta = g_strdup_printf ("%s · %s", who, ago);
  else
    meta = g_strdup_printf ("%s · %s · %s", who, bn_format_proximity (post->proximity), ago);
  gtk_label_set_label (self->meta, meta);
  set_status_label (self->status, post->status);
  gtk_label_set_label (self->body, post->body ? post->body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->body), post->body != NULL && *post->body);

  adw_action_row_set_subtitle (self->when_row, when);
  adw_action_row_set_subtitle (self->category_row, bn_category_label (post->category));
  adw_action_row_set_icon_name (self->category_row, icon);
  adw_action_row_set_subtitle (self->visibility_row, visibility_label (post->visibility));
  adw_action_row_set_subtitle (self->behalf_row, post->on_behalf_of ? post->on_behalf_of : "");
  gtk_widget_set_visible (GTK_WIDGET (self->behalf_row),
                          post->on_behalf_of != NULL && *post->on_behalf_of);
}

/* Once matched, the two neighbours see each other's name, place and note:
 * that is what it takes to ring the right doorbell. */
static void
show_match (BnPostPage *self, GPtrArray *replies)
{
  const BnPost *post = self->post;
  gboolean mine = _bn_post_page_is_mine (self);
  gboolean helper = g_strcmp0 (post->helper, bn_session_get_peer_id (self->session)) == 0;
  const char *other_id = mine ? post->helper : post->author;
  g_autoptr(BnProfile) other = NULL;
  g_autofree char *place = NULL;
  const char *note = NULL;
  const char *name;
  g_autofree char *heading = NULL;

  if (post->helper == NULL || (!mine && !helper)
      || g_strcmp0 (post->status, "withdrawn") == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->match_group), FALSE);
      return;
    }
  other = bn_session_get_profile (self->session, other_id);
  place = bn_format_place (other);
  for (guint i = 0; i < replies->len; i++)
    if (((BnNote *) g_ptr_array_index (replies, i))->accepted)
      note = ((BnNote *) g_ptr_array_index (replies, i))->text;
  name = mine ? post->helper_name : post->author_name;
  if (name == NULL)
    name = _("A neighbour");

  if (mine)
    heading = g_strdup_printf (is_request (self) ? _("%s is helping you") : _("You are helping %s"),
                               name);
  else
    heading = g_strdup_printf (is_request (self) ? _("You are helping %s") : _("%s is helping you"),
                               name);
  {
    /* Group titles are markup in libadwaita 1.2, and names are not. */
    g_autofree char *escaped = g_markup_escape_text (heading, -1);
    adw_preferences_group_set_title (self->match_group, escaped);
  }
  adw_preferences_group_set_description (self->match_group,
                                         _("You can now see each other's name and place. Agree on a time that suits you both."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->match_name_row), _("Name"));
  adw_action_row_set_subtitle (self->match_name_row, name);
  adw_action_row_set_subtitle (self->match_place_row,
                               place ? place : _("No address given; ask them where to meet"));
  adw_action_row_set_subtitle (self->match_note_row, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->match_note_row), note != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->match_group), TRUE);
}

static GtkWidget *
make_reply_row (BnPostPage *self, const BnNote *reply)
{
  g_autofree char *ago = bn_format_relative (reply->created_ms, g_get_real_time () / 1000);
  g_autofree char *title = g_strdup_printf ("%s · %s", reply->author_name ? reply->author_name
                                                        : _("A neighbour"), ago);
  GtkWidget *row = bn_action_row_new (title, reply->text);

  if (reply->accepted)
    {
      GtkWidget *label = gtk_label_new (_("Accepted"));
      gtk_widget_add_css_class (label, "bn-status");
      gtk_widget_add_css_class (label, "matched");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else if (g_strcmp0 (self->post->status, "open") == 0)
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

static void
show_replies (BnPostPage *self, GPtrArray *replies)
{
  gboolean mine = _bn_post_page_is_mine (self);
  gboolean replied = _bn_post_page_i_replied (self, replies);
  gboolean open = g_strcmp0 (self->post->status, "open") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->replies_group), mine);
  clear_list (self->replies_list);
  for (guint i = 0; mine && i < replies->len; i++)
    gtk_list_box_append (self->replies_list, make_reply_row (self, g_ptr_array_index (replies, i)));
  gtk_list_box_set_placeholder (self->replies_list,
                                make_placeholder (is_request (self)
                                                  ? _("No replies yet. Neighbours nearby can see your request.")
                                                  : _("No replies yet. Neighbours nearby can see your offer.")));

  gtk_widget_set_visible (GTK_WIDGET (self->respond_group), !mine && open && !replied);
  adw_preferences_group_set_title (self->respond_group,
                                   is_request (self) ? _("Can you help?") : _("Would you like this?"));
  gtk_button_set_label (self->reply_button, is_request (self) ? _("I Can Help")
                                                              : _("I’d Like That"));
  {
    gboolean someone_else = self->post->helper != NULL
                            && g_strcmp0 (self->post->helper, bn_session_get_peer_id (self->session)) != 0;
    g_autofree char *text = NULL;

    if (!mine && self->post->helper == NULL && replied)
      text = g_strdup_printf (_("You answered. %s will let you know."),
                              self->post->author_name ? self->post->author_name
                                                      : _("Your neighbour"));
    else if (!mine && someone_else && g_strcmp0 (self->post->status, "withdrawn") != 0)
      /* Said kindly: the neighbour who offered is not turned down, just thanked. */
      text = g_strdup (_("Another neighbour is already helping with this. Thank you for looking."));
    gtk_label_set_label (self->replied_label, text ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->replied_label), text != NULL);
  }
}

static void
show_thanks (BnPostPage *self)
{
  g_autoptr(GPtrArray) thanks = bn_session_list_thanks (self->session, self->post_id);
  gboolean mine = _bn_post_page_is_mine (self);
  gboolean helper = g_strcmp0 (self->post->helper, bn_session_get_peer_id (self->session)) == 0;
  gboolean can_thank = (mine || helper) && self->post->helper != NULL;

  clear_list (self->thanks_list);
  for (guint i = 0; i < thanks->len; i++)
    {
      const BnNote *note = g_ptr_array_index (thanks, i);
      GtkWidget *row = bn_action_row_new (note->author_name ? note->author_name
                                                            : _("A neighbour"), note->text);

      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "emote-love-symbolic");
      gtk_list_box_append (self->thanks_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_list), thanks->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_entry), can_thank);
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_button), can_thank);
  gtk_widget_set_visible (GTK_WIDGET (self->thanks_group), can_thank || thanks->len > 0);
}

static void
show_owner_buttons (BnPostPage *self)
{
  const char *status = self->post->status;

  gtk_widget_set_visible (self->owner_box, _bn_post_page_is_mine (self));
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), g_strcmp0 (status, "matched") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->withdraw_button),
                          g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "matched") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->reopen_button),
                          g_strcmp0 (status, "withdrawn") == 0 || g_strcmp0 (status, "done") == 0);
}

/* Sync brings changes many times a minute: rebuilding the page for news
 * about other posts would move the keyboard focus under the reader. */
static char *
describe_post (const BnPost *post)
{
  if (post == NULL)
    return g_strdup ("gone");
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s/%u/%u/%s/%s/%s", post->id, post->updated_ms,
                          post->status, post->n_replies, post->n_thanks,
                          post->helper ? post->helper : "", post->author_name ? post->author_name : "",
                          post->helper_name ? post->helper_name : "");
}

void
_bn_post_page_refresh (BnPostPage *self)
{
  g_autoptr(GPtrArray) replies = NULL;
  g_autofree char *shown = NULL;

  if (self->session == NULL || self->post_id == NULL)
    return;
  g_clear_pointer (&self->post, bn_post_free);
  self->post = bn_session_get_post (self->session, self->post_id);
  shown = describe_post (self->post);
  if (g_strcmp0 (shown, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);
  if (self->post == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "gone");
      adw_window_title_set_title (self->window_title, "");
      _bn_post_page_update_actions (self);
      return;
    }
  replies = bn_session_list_replies (self->session, self->post_id);
  show_header (self);
  show_match (self, replies);
  show_replies (self, replies);
  show_owner_buttons (self);
  show_thanks (self);
  gtk_stack_set_visible_child_name (self->stack, "post");
  _bn_post_page_update_actions (self);
}

void
bn_post_page_set_session (BnPostPage *self,
                          BnSession  *session)
{
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (_bn_post_page_refresh), self,
                           G_CONNECT_SWAPPED);
}

void
bn_post_page_set_post_id (BnPostPage *self,
                          const char *post_id)
{
  if (g_strcmp0 (self->post_id, post_id) != 0)
    {
      g_free (self->post_id);
      self->post_id = g_strdup (post_id);
      gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->thanks_entry), "");
    }
  _bn_post_page_refresh (self);
}

const char *
bn_post_page_get_post_id (BnPostPage *self)
{
  return self->post_id;
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

static void
bn_post_page_dispose (GObject *object)
{
  BnPostPage *self = BN_POST_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_POST_PAGE);
  {
    GtkWidget *child;
    /* The template's root widget is not a bound child: unparent it by hand. */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->session);
  g_clear_pointer (&self->post_id, g_free);
  g_clear_pointer (&self->post, bn_post_free);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (bn_post_page_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnPostPage, name)

static void
bn_post_page_class_init (BnPostPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bn_post_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-post-page.ui");
  BIND (window_title); BIND (icon); BIND (title); BIND (meta); BIND (status); BIND (body);
  BIND (when_row); BIND (category_row); BIND (visibility_row); BIND (behalf_row);
  BIND (match_group); BIND (match_name_row); BIND (match_place_row); BIND (match_note_row);
  BIND (respond_group); BIND (reply_entry); BIND (reply_button); BIND (replied_label);
  BIND (replies_group); BIND (replies_list); BIND (owner_box); BIND (done_button);
  BIND (withdraw_button); BIND (reopen_button); BIND (thanks_group); BIND (thanks_list);
  BIND (thanks_entry); BIND (thanks_button); BIND (stack);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_thanks_activated);

  _bn_post_page_class_init_actions (widget_class);
}

#undef BIND

static void
bn_post_page_init (BnPostPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
