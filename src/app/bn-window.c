/* bn-window.c — the main window: first run, then browse / post / compose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-window-private.h"
#include "bn-widget.h"
#include "bn-announce.h"
#include "bn-format.h"
#include "bn-invite-dialog.h"
#include "bn-moderation-actions.h"
#include "bn-services-page.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (BnWindow, bn_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

BnSession *
bn_window_get_session (BnWindow *self)
{
  return self->session;
}

static void
on_toast_dismissed (BnWindow *self)
{
  g_clear_weak_pointer (&self->toast);
}

/* One toast at a time: news that comes while one is on screen replaces its
 * words rather than queueing behind it. (Dismissing the toast and adding the
 * next right away crashes libadwaita 1.2's overlay.) */
void
bn_window_toast (BnWindow   *self,
                 const char *message)
{
  /* Toast titles are markup in libadwaita 1.2; messages may quote a name. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast;

  /* libadwaita 1.2 does not announce toasts. */
  bn_announce (self->announcer, message);
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, escaped);
      return;
    }
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 4);
  g_set_weak_pointer (&self->toast, toast);
  /* Forget it as soon as it goes, so it is never changed or dismissed twice. */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

void
bn_window_dismiss_toast (BnWindow *self)
{
  AdwToast *toast = self->toast;

  g_clear_weak_pointer (&self->toast);
  if (toast != NULL)
    adw_toast_dismiss (toast);
}

void
bn_window_show_browse (BnWindow *self)
{
  gtk_stack_set_visible_child_name (self->nav_stack, "browse");
  _bn_window_update_actions (self);
}

void
bn_window_show_post (BnWindow   *self,
                     const char *post_id)
{
  if (!bn_session_has_hood (self->session))
    return;
  bn_post_page_set_post_id (self->post_page, post_id);
  gtk_stack_set_visible_child_name (self->nav_stack, "post");
  _bn_window_update_actions (self);
}

static void on_event_form_done (BnWindow *self, const char *event_id);

/* A conversation, a meetup and the meetup form are made the first time they
 * are needed: until then they weigh on neither the start nor the
 * accessibility tree. */
static void
ensure_meet_pages (BnWindow *self)
{
  if (self->conversation_view != NULL)
    return;
  self->conversation_view = g_object_new (BN_TYPE_CONVERSATION_VIEW, "session", self->session, NULL);
  gtk_stack_add_named (self->nav_stack, GTK_WIDGET (self->conversation_view), "conversation");
  self->event_page = g_object_new (BN_TYPE_EVENT_PAGE, "session", self->session, NULL);
  gtk_stack_add_named (self->nav_stack, GTK_WIDGET (self->event_page), "meetup");
  self->event_form = g_object_new (BN_TYPE_EVENT_FORM, "session", self->session, NULL);
  g_signal_connect_object (self->event_form, "done", G_CALLBACK (on_event_form_done), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->nav_stack, GTK_WIDGET (self->event_form), "meetup-form");
}

/**
 * bn_window_open_conversation:
 * @about_post_id: (nullable): the post it starts from (a match)
 *
 * Shows the conversation with @peer_id, its field ready to type in.
 */
void
bn_window_open_conversation (BnWindow   *self,
                             const char *peer_id,
                             const char *about_post_id)
{
  if (!bn_session_has_hood (self->session) || peer_id == NULL
      || g_strcmp0 (peer_id, bn_session_get_peer_id (self->session)) == 0)
    return;
  ensure_meet_pages (self);
  bn_conversation_view_set_peer (self->conversation_view, peer_id, about_post_id);
  gtk_stack_set_visible_child_name (self->nav_stack, "conversation");
  _bn_window_update_actions (self);
  bn_conversation_view_grab_focus (self->conversation_view);
}

/* One meetup: what, when, where, who comes, and my answer. */
void
bn_window_show_meetup (BnWindow   *self,
                       const char *event_id)
{
  if (!bn_session_has_hood (self->session))
    return;
  ensure_meet_pages (self);
  bn_event_page_set_event_id (self->event_page, event_id);
  gtk_stack_set_visible_child_name (self->nav_stack, "meetup");
  _bn_window_update_actions (self);
}

/* @edit_event_id: (nullable): a meetup of mine to change, or %NULL for a new one */
void
bn_window_organise_meetup (BnWindow   *self,
                           const char *edit_event_id)
{
  if (!bn_session_has_hood (self->session))
    return;
  ensure_meet_pages (self);
  bn_event_form_reset (self->event_form, edit_event_id);
  gtk_stack_set_visible_child_name (self->nav_stack, "meetup-form");
  _bn_window_update_actions (self);
  bn_event_form_grab_focus (self->event_form);
}

/* My activity and "For You": made the first time it is opened. */
void
bn_window_show_activity (BnWindow *self)
{
  if (!bn_session_has_hood (self->session))
    return;
  if (self->activity_page == NULL)
    {
      self->activity_page = g_object_new (BN_TYPE_ACTIVITY_PAGE, "session", self->session, NULL);
      gtk_stack_add_named (self->nav_stack, GTK_WIDGET (self->activity_page), "activity");
    }
  gtk_stack_set_visible_child_name (self->nav_stack, "activity");
  _bn_window_update_actions (self);
}

/* @edit_post_id: (nullable): a post of mine to edit, or %NULL for a new one */
void
bn_window_compose (BnWindow   *self,
                   const char *kind,
                   const char *edit_post_id)
{
  if (!bn_session_has_hood (self->session))
    return;
  bn_post_form_reset (self->post_form, kind, edit_post_id);
  gtk_stack_set_visible_child_name (self->nav_stack, "compose");
  _bn_window_update_actions (self);
  bn_post_form_grab_focus (self->post_form);
}

static void
invite_made (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(BnWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = bn_session_make_invite_finish (BN_SESSION (source), result, &error);
  g_autoptr(BnInviteInfo) info = NULL;
  BnInviteDialog *dialog;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || self->session == NULL)
    return;
  self->inviting = FALSE;
  _bn_window_update_actions (self);
  if (code == NULL)
    {
      bn_window_toast (self, error->message);
      return;
    }
  info = bn_session_lookup_invite (self->session, code);
  dialog = bn_invite_dialog_new (GTK_WINDOW (self), bn_session_get_hood_name (self->session),
                                 code, info);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Makes an invite code and shows it, with its QR code, in a dialog. */
void
bn_window_invite (BnWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  self->inviting = TRUE;
  _bn_window_update_actions (self);
  bn_session_make_invite_async (self->session, NULL, invite_made, ref);
}

/* The connectors' names: whom a neighbour who is no longer part of it can ask. */
static GStrv
dup_connector_names (BnWindow *self)
{
  g_autoptr(GPtrArray) connectors = bn_session_list_connectors (self->session);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < connectors->len; i++)
    {
      const BnProfile *connector = g_ptr_array_index (connectors, i);
      if (connector->name != NULL && g_strcmp0 (connector->peer_id,
                                                bn_session_get_peer_id (self->session)) != 0)
        g_strv_builder_add (names, connector->name);
    }
  return g_strv_builder_end (names);
}

/* Removed, left or replaced: a kind, clear page rather than errors. */
static void
update_standing (BnWindow *self)
{
  const char *reason = NULL;
  BnMemberStatus standing = bn_session_get_standing (self->session, &reason);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped = NULL;
  g_auto(GStrv) connectors = NULL;

  if (standing <= BN_MEMBER_ACTIVE)
    return;
  connectors = dup_connector_names (self);
  /* Translators: %s is the neighbourhood's name */
  title = g_strdup_printf (_("You are no longer part of %s"),
                           bn_session_get_hood_name (self->session));
  body = bn_format_gone (standing, reason, (const char *const *) connectors);
  /* The page's description is markup; names are as neighbours typed them. */
  escaped = g_markup_escape_text (body, -1);
  adw_status_page_set_title (self->gone_page, title);
  adw_status_page_set_description (self->gone_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "gone");
  _bn_window_update_actions (self);
}

static void
on_start_again_response (AdwMessageDialog *dialog,
                         const char       *response,
                         BnWindow         *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (g_strcmp0 (response, "erase") == 0 && BN_IS_APPLICATION (app))
    bn_application_start_afresh (BN_APPLICATION (app));
}

static void
on_start_again (BnWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Start Again?"),
      _("This erases what Buurtnet keeps on this computer, your own posts included, and makes "
        "a new key for you. Then you can join with the new invite code a connector gives you."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "erase", _("Erase and Start Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_start_again_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_main (BnWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "app");
  bn_window_show_browse (self);
}

static void
on_welcome_done (BnWindow *self,
                 gboolean  created)
{
  show_main (self);
  if (created)
    {
      bn_window_toast (self, _("Your neighbourhood is ready. Invite a neighbour to get started."));
      bn_window_invite (self);
    }
  else
    bn_window_toast (self, _("Welcome! Posts arrive as soon as you meet a neighbour’s computer."));
}

static void
on_post_form_done (BnWindow   *self,
                   const char *post_id)
{
  if (post_id != NULL)
    bn_window_show_post (self, post_id);
  else
    bn_window_show_browse (self);
}

static void
on_event_form_done (BnWindow   *self,
                    const char *event_id)
{
  if (event_id != NULL)
    {
      bn_window_show_meetup (self, event_id);
      bn_window_toast (self, _("Your meetup is on its way to the neighbours."));
    }
  else
    bn_window_show_browse (self);
}

static void
on_filter_changed (BnWindow   *self,
                   GParamSpec *pspec,
                   BnPostList *list)
{
  const char *category = bn_post_list_get_category (list);

  /* Both lists share one filter: a neighbour looking for garden help is
   * likely to look at garden offers too. */
  bn_post_list_set_category (list == self->requests ? self->offers : self->requests, category);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-filter-category", category ? category : "");
}

static void
name_the_view_shown (BnWindow *self)
{
  GtkWidget *view = adw_view_stack_get_visible_child (self->views);

  /* Shown under "Buurtnet" only when the window is narrow, where the
   * switcher bar has little room for the views' names. */
  if (view != NULL)
    adw_view_switcher_title_set_subtitle (self->switcher_title,
                                          adw_view_stack_page_get_title (
                                            adw_view_stack_get_page (self->views, view)));
}

static void
on_visible_view_changed (BnWindow *self)
{
  name_the_view_shown (self);
  _bn_window_update_actions (self);
}

static void
load_window_state (BnWindow *self)
{
  if (self->settings == NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 900, 700);
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  {
    g_autofree char *category = g_settings_get_string (self->settings, "last-filter-category");
    bn_post_list_set_category (self->requests, *category ? category : NULL);
    bn_post_list_set_category (self->offers, *category ? category : NULL);
  }
}

static gboolean
bn_window_close_request (GtkWindow *window)
{
  BnWindow *self = BN_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (bn_window_parent_class)->close_request (window);
}

static void
set_session (BnWindow *self, BnSession *session)
{
  g_return_if_fail (BN_IS_SESSION (session));

  /* The pages take it from this property, bound in bn-window.ui. */
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::has-hood", G_CALLBACK (_bn_window_update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::standing", G_CALLBACK (update_standing),
                           self, G_CONNECT_SWAPPED);
}

static void
bn_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnWindow *self = BN_WINDOW (object);

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
bn_window_set_property (GObject *object, guint prop_id, const GValue *value,
                        GParamSpec *pspec)
{
  BnWindow *self = BN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_window_dispose (GObject *object)
{
  BnWindow *self = BN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_WINDOW);
  /* Made on demand; the navigation stack owned them. */
  self->conversation_view = NULL;
  self->event_page = NULL;
  self->event_form = NULL;
  self->activity_page = NULL;
  g_clear_weak_pointer (&self->toast);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_window_parent_class)->dispose (object);
}

static void
bn_window_class_init (BnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_window_get_property;
  object_class->set_property = bn_window_set_property;
  object_class->dispose = bn_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = bn_window_close_request;

  /**
   * BnWindow:session:
   *
   * The app's model; every page of the window shows it (bound in bn-window.ui).
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BN_TYPE_CONNECTOR_PAGE);
  g_type_ensure (BN_TYPE_CONVERSATION_VIEW);
  g_type_ensure (BN_TYPE_CONVERSATIONS_PAGE);
  g_type_ensure (BN_TYPE_EVENT_FORM);
  g_type_ensure (BN_TYPE_EVENT_PAGE);
  g_type_ensure (BN_TYPE_MEETUPS_PAGE);
  g_type_ensure (BN_TYPE_NETWORK_BUTTON);
  g_type_ensure (BN_TYPE_NEIGHBOURS_PAGE);
  g_type_ensure (BN_TYPE_POST_FORM);
  g_type_ensure (BN_TYPE_POST_LIST);
  g_type_ensure (BN_TYPE_POST_PAGE);
  g_type_ensure (BN_TYPE_SERVICES_PAGE);
  g_type_ensure (BN_TYPE_WELCOME);

  gtk_widget_class_set_template_from_resource (widget_class, "/be/buurtnet/Buurtnet/bn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BnWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, nav_stack);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, welcome);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, views);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, requests);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, offers);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, neighbours);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, connector_view);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, connector);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, conversations_view);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, conversations);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, meetups);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, post_page);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, post_form);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, network_button);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, gone_page);
  gtk_widget_class_bind_template_callback (widget_class, on_welcome_done);
  gtk_widget_class_bind_template_callback (widget_class, on_post_form_done);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_start_again);

  _bn_window_class_init_actions (klass);
}

static void
bn_window_init (BnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_the_view_shown (self);
  bn_widget_wrap_to_fit (GTK_WIDGET (self));
  self->announcer = bn_announcer_install (self->toasts);
  bn_moderation_actions_install (GTK_WIDGET (self));
}

BnWindow *
bn_window_new (BnApplication *app)
{
  BnWindow *self = g_object_new (BN_TYPE_WINDOW,
                                 "application", app,
                                 "session", bn_application_get_session (app),
                                 NULL);
  GSettings *settings = bn_application_get_settings (app);

  self->settings = settings ? g_object_ref (settings) : NULL;
  load_window_state (self);
  if (bn_session_has_hood (self->session))
    show_main (self);
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      /* A code was given in an earlier run: still waiting to be let in. */
      if (bn_session_is_joining (self->session))
        bn_welcome_show_step (self->welcome, "waiting");
    }
  update_standing (self);
  _bn_window_update_actions (self);
  return self;
}
