/* bn-conversations-page.c — my conversations, newest first
 *
 * One row per neighbour I have written with: their name, the last words,
 * and how many of theirs I have not read. A row opens the conversation
 * (win.open-conversation). The page reads the conversations again on the
 * session's ::changed and makes its rows again only when they changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-conversations-page.h"
#include "bn-widget.h"
#include "bn-format.h"
#include "bn-rows.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnConversationsPage
{
  GtkWidget parent_instance;

  /* Children */
  GtkStack     *stack;
  GtkListBox   *list;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  char         *shown;      /* what the rows say, to leave them alone when it did not change */
  guint         n_shown;
  guint         n_unread;
};

G_DEFINE_FINAL_TYPE (BnConversationsPage, bn_conversations_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, PROP_N_UNREAD, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, BnConversationsPage *self)
{
  const char *peer_id = g_object_get_data (G_OBJECT (row), "bn-peer-id");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-conversation", "s", peer_id);
}

static GtkWidget *
make_row (const BnConversation *conversation)
{
  g_autofree char *ago = bn_format_relative (conversation->last_ms, g_get_real_time () / 1000);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", conversation->last_text
                                                            ? conversation->last_text : "", ago);
  const char *name = conversation->name ? conversation->name : _("A neighbour");
  GtkWidget *row = bn_action_row_new (name, subtitle);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  if (conversation->n_unread > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new", "%u new",
                                                             conversation->n_unread),
                                                conversation->n_unread);
      g_autofree char *spoken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%s, %u new message",
                                                              "%s, %u new messages",
                                                              conversation->n_unread),
                                                 name, conversation->n_unread);
      GtkWidget *badge = gtk_label_new (count);

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "bn-status");
      gtk_widget_add_css_class (badge, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                      -1);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "bn-peer-id", g_strdup (conversation->peer_id), g_free);
  return row;
}

static void
show_conversations (BnConversationsPage *self)
{
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GString) said = g_string_new (NULL);
  GtkWidget *child;
  guint unread = 0;

  if (self->session == NULL)
    return;
  conversations = bn_session_list_conversations (self->session);
  for (guint i = 0; i < conversations->len; i++)
    {
      BnConversation *conversation = g_ptr_array_index (conversations, i);
      g_string_append_printf (said, "%s %s %u %" G_GINT64_FORMAT " %s\n", conversation->peer_id,
                              conversation->name, conversation->n_unread, conversation->last_ms,
                              conversation->last_text);
      unread += conversation->n_unread;
    }
  if (unread != self->n_unread)
    {
      self->n_unread = unread;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNREAD]);
    }
  gtk_stack_set_visible_child_name (self->stack, conversations->len > 0 ? "list" : "empty");
  if (g_strcmp0 (said->str, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_strdup (said->str);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < conversations->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (conversations, i)));
  self->n_shown = conversations->len;
}

guint
bn_conversations_page_get_n_shown (BnConversationsPage *self)
{
  return self->n_shown;
}

guint
bn_conversations_page_get_n_unread (BnConversationsPage *self)
{
  return self->n_unread;
}

static GtkWidget *
make_empty (void)
{
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *button;

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "mail-unread-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Conversations Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("Once you are matched on a post, or from a neighbour’s row, "
                                     "you can write to each other here."));
  /* Say where a conversation starts, one click away (and something on the
   * page to take the focus). */
  button = gtk_button_new_with_mnemonic (_("_See Your Neighbours"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.view");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "neighbours");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  bn_button_wrap_label (GTK_BUTTON (button));
  adw_status_page_set_child (ADW_STATUS_PAGE (status), button);
  return status;
}

static void
bn_conversations_page_init (BnConversationsPage *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Conversations"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, make_empty (), "empty");
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (show_conversations), self);
}

static void
bn_conversations_page_get_property (GObject *object, guint prop_id, GValue *value,
                                    GParamSpec *pspec)
{
  BnConversationsPage *self = BN_CONVERSATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_N_UNREAD:
      g_value_set_uint (value, self->n_unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_conversations_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                    GParamSpec *pspec)
{
  BnConversationsPage *self = BN_CONVERSATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->session_signals, self->session);
          show_conversations (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_conversations_page_dispose (GObject *object)
{
  BnConversationsPage *self = BN_CONVERSATIONS_PAGE (object);

  if (self->stack != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->stack));
  self->stack = NULL;
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (bn_conversations_page_parent_class)->dispose (object);
}

static void
bn_conversations_page_class_init (BnConversationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_conversations_page_get_property;
  object_class->set_property = bn_conversations_page_set_property;
  object_class->dispose = bn_conversations_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_UNREAD] =
    g_param_spec_uint ("n-unread", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}
