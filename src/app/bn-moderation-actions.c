/* bn-moderation-actions.c — what a neighbour can do when another misbehaves,
 * and the menus that offer it
 *
 * The actions are a group "mod" inserted into a widget with a "session"
 * property (the window, or a page in a test), so every menu below it finds
 * them:
 *   mod.report (ss)  an entry ID or peer ID, and what it is in words
 *   mod.hide (ss)    the same; connectors, or a post's author on its replies
 *   mod.unhide (s)   an entry ID or peer ID
 *   mod.block (ss)   a peer ID and their name; mod.unblock (s)
 *   mod.handled (s)  a report's ID (connectors)
 *   mod.log          the moderation log and the reports
 * Each asks what it needs in a short dialog, then writes through
 * BnModeration on the writer thread and says how it went in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-moderation-actions.h"
#include "bn-hide-dialog.h"
#include "bn-moderation.h"
#include "bn-moderation-page.h"
#include "bn-report-dialog.h"
#include "bn-window.h"

#include <glib/gi18n.h>

/* What a write from an action reports when stored. */
typedef struct
{
  GWeakRef    widget;
  const char *done;   /* translated, static */
} Write;

static BnSession *
session_of (GtkWidget *widget)
{
  BnSession *session = NULL;

  g_object_get (widget, "session", &session, NULL);
  if (session != NULL)
    g_object_unref (session);   /* the widget keeps it */
  return session;
}

static void
toast (GtkWidget *widget, const char *message)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static Write *
write_new (GtkWidget *widget, const char *done)
{
  Write *write = g_new0 (Write, 1);

  g_weak_ref_init (&write->widget, widget);
  write->done = done;
  return write;
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&write->widget);
  g_autoptr(GError) error = NULL;

  if (!bn_moderation_write_finish (BN_MODERATION (source), result, &error))
    toast (widget, error->message);
  else if (write->done != NULL)
    toast (widget, write->done);
  g_weak_ref_clear (&write->widget);
  g_free (write);
}

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Reporting */

static void
on_report_response (BnReportDialog *dialog,
                    const char     *response,
                    GtkWidget      *widget)
{
  const char *target = g_object_get_data (G_OBJECT (dialog), "bn-target");
  g_autofree char *text = NULL;
  BnSession *session = session_of (widget);

  if (g_strcmp0 (response, "send") != 0 || session == NULL)
    return;
  text = g_strstrip (g_strdup (bn_report_dialog_get_text (dialog)));
  bn_moderation_report_async (bn_moderation_get (session), target,
                              bn_report_dialog_get_reason (dialog), *text ? text : NULL,
                              written,
                              write_new (widget, _("Sent to the connectors. Only they and you "
                                                   "can read it.")));
}

static void
report_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  const char *target, *about;
  BnReportDialog *dialog;

  g_variant_get (param, "(&s&s)", &target, &about);
  dialog = bn_report_dialog_new (parent_window (widget), about);
  g_object_set_data_full (G_OBJECT (dialog), "bn-target", g_strdup (target), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_report_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Hiding */

static void
on_hide_response (BnHideDialog *dialog,
                  const char   *response,
                  GtkWidget    *widget)
{
  const char *target = g_object_get_data (G_OBJECT (dialog), "bn-target");
  BnSession *session = session_of (widget);

  if (g_strcmp0 (response, "hide") != 0 || session == NULL)
    return;
  bn_moderation_hide_async (bn_moderation_get (session), target,
                            bn_hide_dialog_get_reason (dialog), bn_hide_dialog_get_erase (dialog),
                            written, write_new (widget, _("Hidden for everyone")));
}

static void
hide_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  BnSession *session = session_of (widget);
  const char *target, *about;
  BnHideDialog *dialog;

  if (session == NULL)
    return;
  g_variant_get (param, "(&s&s)", &target, &about);
  dialog = bn_hide_dialog_new (parent_window (widget), about, bn_session_is_connector (session));
  g_object_set_data_full (G_OBJECT (dialog), "bn-target", g_strdup (target), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_hide_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unhide_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  BnSession *session = session_of (widget);

  if (session != NULL)
    bn_moderation_unhide_async (bn_moderation_get (session), g_variant_get_string (param, NULL),
                                written, write_new (widget, _("Shown again")));
}

/* Blocking */

static void
on_block_response (AdwMessageDialog *dialog,
                   const char       *response,
                   GtkWidget        *widget)
{
  const char *peer_id = g_object_get_data (G_OBJECT (dialog), "bn-target");
  BnSession *session = session_of (widget);

  if (g_strcmp0 (response, "block") != 0 || session == NULL)
    return;
  bn_moderation_block_async (bn_moderation_get (session), peer_id, TRUE, written,
                             write_new (widget, _("Blocked on this computer")));
}

static void
block_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  const char *peer_id, *name;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  g_variant_get (param, "(&s&s)", &peer_id, &name);
  heading = g_strdup_printf (_("Block %s?"), name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (widget), heading,
    _("You no longer see what they post, reply or thank on this computer, and your new "
      "posts for chosen neighbours are not sealed to them. They are not told. You can "
      "unblock them on the Neighbours page.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "block", _("Block"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "block", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bn-target", g_strdup (peer_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_block_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unblock_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  BnSession *session = session_of (widget);

  if (session != NULL)
    bn_moderation_block_async (bn_moderation_get (session), g_variant_get_string (param, NULL),
                               FALSE, written, write_new (widget, _("Unblocked")));
}

/* Reports and the log */

static void
handled_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  BnSession *session = session_of (widget);

  if (session != NULL)
    bn_moderation_mark_handled_async (bn_moderation_get (session),
                                      g_variant_get_string (param, NULL), written,
                                      write_new (widget, _("Marked as handled")));
}

/* The moderation log (and for connectors the reports), in a window of its own. */
void
bn_moderation_show_log (GtkWidget *from)
{
  BnSession *session = session_of (from);
  GtkWidget *window, *box, *header, *page, *scrolled, *clamp;
  GtkEventController *controller;

  if (session == NULL)
    return;
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Moderation"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent_window (from));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_widget_set_size_request (window, 360, 294);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  page = GTK_WIDGET (bn_moderation_page_new (session));
  gtk_widget_set_margin_top (page, 18);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  /* The page's own buttons (Mark handled) find the actions here too. */
  bn_moderation_actions_install (page);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  /* With nothing to act on, Tab lands on the scrolled view itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (scrolled), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Moderation"), -1);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  /* Escape closes it, as it closes the app's other dialogs. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, controller);
  gtk_window_present (GTK_WINDOW (window));
}

static void
log_action (GSimpleAction *action, GVariant *param, gpointer widget)
{
  bn_moderation_show_log (widget);
}

/**
 * bn_moderation_actions_install:
 * @widget: a widget with a "session" property
 *
 * Gives @widget and everything below it the mod.* actions.
 */
void
bn_moderation_actions_install (GtkWidget *widget)
{
  const GActionEntry entries[] = {
    { "report", report_action, "(ss)" },
    { "hide", hide_action, "(ss)" },
    { "unhide", unhide_action, "s" },
    { "block", block_action, "(ss)" },
    { "unblock", unblock_action, "s" },
    { "handled", handled_action, "s" },
    { "log", log_action, NULL },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), widget);
  gtk_widget_insert_action_group (widget, "mod", G_ACTION_GROUP (group));
}

/* Menus */

static void
add_item (GMenu *menu, const char *label, const char *action, GVariant *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_append_item (menu, item);
}

static GVariant *
pair (const char *a, const char *b)
{
  return g_variant_new ("(ss)", a, b ? b : "");
}

static const char *
name_or (const char *name)
{
  return name ? name : _("a neighbour");
}

/* The hide in force on an item is undone by whoever may: a connector any
 * connector's, a post's author their own. */
static gboolean
may_unhide (BnSession *session, const char *hidden_by)
{
  return hidden_by != NULL && (bn_session_is_connector (session)
                               || g_strcmp0 (hidden_by, bn_session_get_peer_id (session)) == 0);
}

/* Report, hide or show again, and block the author: as far as I may. */
static void
add_item_actions (GMenu      *menu,
                  BnSession  *session,
                  const char *id,
                  const char *author,
                  const char *author_name,
                  const char *hidden_by,
                  const char *about,
                  gboolean    may_hide)
{
  BnModeration *moderation = bn_moderation_get (session);
  gboolean mine = g_strcmp0 (author, bn_session_get_peer_id (session)) == 0;
  g_autoptr(GMenu) block = g_menu_new ();
  g_autofree char *block_label = NULL;

  if (!mine)
    add_item (menu, _("_Report…"), "mod.report", pair (id, about));
  if (hidden_by == NULL && may_hide && !mine)
    add_item (menu, _("_Hide for Everyone…"), "mod.hide", pair (id, about));
  if (may_unhide (session, hidden_by))
    add_item (menu, _("_Show Again"), "mod.unhide", g_variant_new_string (id));
  if (mine || author == NULL)
    return;
  if (bn_moderation_is_blocked (moderation, author))
    {
      block_label = g_strdup_printf (_("_Unblock %s"), name_or (author_name));
      add_item (block, block_label, "mod.unblock", g_variant_new_string (author));
    }
  else
    {
      block_label = g_strdup_printf (_("_Block %s…"), name_or (author_name));
      add_item (block, block_label, "mod.block", pair (author, name_or (author_name)));
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (block));
}

/* "…" on a post, a reply, thanks or a neighbour. */
GtkWidget *
bn_moderation_menu_button_new (void)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Report, hide or block"));
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
set_menu (GtkWidget *button, GMenu *menu, const char *accessible)
{
  gboolean any = g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0;

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), any ? G_MENU_MODEL (menu) : NULL);
  gtk_widget_set_visible (button, any);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

/**
 * bn_moderation_menu_button_for_post:
 * @item: (nullable): the post shown, or none
 *
 * Fills @button's menu for the post: report it, hide it for everyone or show
 * it again (connectors), block its author.
 */
void
bn_moderation_menu_button_for_post (GtkWidget  *button,
                                    BnSession  *session,
                                    BnPostItem *item)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  const BnPost *post = item ? bn_post_item_get_post (item) : NULL;
  g_autofree char *about = NULL;

  if (post != NULL && session != NULL)
    {
      about = post->hidden_by ? g_strdup_printf (_("A post by %s"), name_or (post->author_name))
                              : g_strdup_printf (_("%s’s post “%s”"), name_or (post->author_name),
                                                 post->title);
      add_item_actions (menu, session, post->id, post->author, post->author_name,
                        post->hidden_by, about, bn_session_is_connector (session));
    }
  set_menu (button, menu, _("Report or hide this post"));
}

/**
 * bn_moderation_note_button_new:
 * @post: the post the reply or thanks is on
 *
 * Returns: (transfer floating): the menu of a reply or thanks: report it, hide
 *   it (connectors, and the post's author), block who wrote it
 */
GtkWidget *
bn_moderation_note_button_new (BnSession    *session,
                               const BnPost *post,
                               const BnNote *note,
                               gboolean      is_reply)
{
  GtkWidget *button = bn_moderation_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  const char *name = name_or (note->author_name);
  gboolean may_hide = bn_session_is_connector (session)
                      || g_strcmp0 (post->author, bn_session_get_peer_id (session)) == 0;
  g_autofree char *about = g_strdup_printf (is_reply ? _("%s’s reply") : _("%s’s thanks"), name);
  g_autofree char *accessible = g_strdup_printf (is_reply ? _("Report or hide %s’s reply")
                                                          : _("Report or hide %s’s thanks"),
                                                 name);

  add_item_actions (menu, session, note->id, note->author, note->author_name, note->hidden_by,
                    about, may_hide);
  set_menu (button, menu, accessible);
  return button;
}

/* Whether a connector hid everything @peer_id posts, and it still holds. */
static gboolean
all_hidden (BnModeration *moderation, const char *peer_id)
{
  GPtrArray *log = bn_moderation_get_log (moderation);

  for (guint i = 0; i < log->len; i++)
    {
      const BnModerationAct *act = g_ptr_array_index (log, i);
      if (g_strcmp0 (act->action, "hide") == 0 && act->target == NULL && !act->undone
          && g_strcmp0 (act->member, peer_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A choice in a neighbour's menu: a plain button, so that a screen reader
 * (GTK 4.8's menu items are hard to reach on the accessibility bus) and the
 * keyboard find it like any other. */
static GtkWidget *
menu_choice (const char *label, const char *action, GVariant *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (button)), GTK_ALIGN_START);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

/* The menu goes away as its choice opens the question. */
static void
pop_down (GtkWidget *choice)
{
  GtkWidget *popover = gtk_widget_get_ancestor (choice, GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* Send a message (not to whom I block), report, hide all (connectors), block
 * or unblock: what follows whom I block. */
static void
fill_neighbour_menu (GtkWidget *button)
{
  GtkWidget *blocked_label = g_object_get_data (G_OBJECT (button), "bn-blocked-label");
  GtkWidget *choices = g_object_get_data (G_OBJECT (button), "bn-choices");
  BnSession *session = g_object_get_data (G_OBJECT (button), "bn-session");
  const char *peer_id = g_object_get_data (G_OBJECT (button), "bn-peer-id");
  const char *name = g_object_get_data (G_OBJECT (button), "bn-name");
  BnModeration *moderation = bn_moderation_get (session);
  gboolean connector = bn_session_is_connector (session);
  g_autofree char *about = g_strdup_printf (_("%s, the neighbour"), name);
  /* Translators: a screen reader's name for the menu button; %s is a neighbour */
  g_autofree char *accessible = g_strdup_printf (connector ? _("Connector’s choices for %s")
                                                           : _("Choices for %s"), name);
  g_autofree char *block_label = NULL;
  GtkWidget *block;

  clear_box (choices);
  /* The conversation opens in the window (win.open-conversation). */
  if (!bn_moderation_is_blocked (moderation, peer_id))
    gtk_box_append (GTK_BOX (choices), menu_choice (_("Send a _Message"), "win.open-conversation",
                                                    g_variant_new_string (peer_id)));
  gtk_box_append (GTK_BOX (choices), menu_choice (_("_Report…"), "mod.report", pair (peer_id, about)));
  if (connector && !all_hidden (moderation, peer_id))
    gtk_box_append (GTK_BOX (choices),
                    menu_choice (_("_Hide All They Post…"), "mod.hide", pair (peer_id, about)));
  else if (connector)
    gtk_box_append (GTK_BOX (choices), menu_choice (_("_Show What They Post Again"), "mod.unhide",
                                                    g_variant_new_string (peer_id)));
  if (bn_moderation_is_blocked (moderation, peer_id))
    {
      block_label = g_strdup_printf (_("_Unblock %s"), name);
      block = menu_choice (block_label, "mod.unblock", g_variant_new_string (peer_id));
    }
  else
    {
      block_label = g_strdup_printf (_("_Block %s…"), name);
      block = menu_choice (block_label, "mod.block", pair (peer_id, name));
    }
  gtk_box_append (GTK_BOX (choices), block);
  for (GtkWidget *choice = gtk_widget_get_first_child (choices); choice != NULL;
       choice = gtk_widget_get_next_sibling (choice))
    g_signal_connect (choice, "clicked", G_CALLBACK (pop_down), NULL);
  gtk_widget_set_tooltip_text (button, accessible);
  /* GTK 4.8 gives the button inside the menu button this name too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_set_visible (blocked_label, bn_moderation_is_blocked (moderation, peer_id));
}

/**
 * bn_moderation_neighbour_button_new:
 * @more: (nullable): more choices, below a line: a connector's (appoint,
 *   dismiss, remove); a click on any of its buttons closes the menu
 *
 * Returns: (transfer floating): the one menu of a neighbour's row (send a
 *   message, report, block or unblock; for connectors hide all they post, and @more), which
 *   follows whom I block, and beside it "Blocked" while I block them
 */
GtkWidget *
bn_moderation_neighbour_button_new (BnSession       *session,
                                    const BnProfile *profile,
                                    GtkWidget       *more)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *blocked_label = gtk_label_new (_("Blocked"));
  GtkWidget *button = bn_moderation_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* Whom I block stays on the list, so that I can unblock them; it says so. */
  gtk_widget_add_css_class (blocked_label, "bn-status");
  gtk_widget_add_css_class (blocked_label, "withdrawn");
  gtk_widget_add_css_class (blocked_label, "caption-heading");
  gtk_widget_set_valign (blocked_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), blocked_label);
  gtk_box_append (GTK_BOX (box), button);

  gtk_box_append (GTK_BOX (content), choices);
  if (more != NULL)
    {
      gtk_box_append (GTK_BOX (content), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (GTK_BOX (content), more);
      for (GtkWidget *choice = gtk_widget_get_first_child (more); choice != NULL;
           choice = gtk_widget_get_next_sibling (choice))
        if (GTK_IS_BUTTON (choice))
          g_signal_connect (choice, "clicked", G_CALLBACK (pop_down), NULL);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);

  g_object_set_data (G_OBJECT (button), "bn-blocked-label", blocked_label);
  g_object_set_data (G_OBJECT (button), "bn-choices", choices);
  g_object_set_data_full (G_OBJECT (button), "bn-session", g_object_ref (session), g_object_unref);
  g_object_set_data_full (G_OBJECT (button), "bn-peer-id", g_strdup (profile->peer_id), g_free);
  g_object_set_data_full (G_OBJECT (button), "bn-name", g_strdup (name_or (profile->name)),
                          g_free);
  g_signal_connect_object (bn_moderation_get (session), "changed",
                           G_CALLBACK (fill_neighbour_menu), button, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::is-connector",
                           G_CALLBACK (fill_neighbour_menu), button, G_CONNECT_SWAPPED);
  fill_neighbour_menu (button);
  return box;
}

/**
 * bn_moderation_note_text:
 *
 * Returns: (transfer full): a reply's or thanks' words, or "Hidden by NAME:
 *   REASON" in their place
 */
char *
bn_moderation_note_text (const BnNote *note)
{
  if (note->hidden_by != NULL)
    return bn_moderation_dup_hidden_label (note->hidden_by_name, note->hidden_reason);
  return g_strdup (note->text);
}
