/* bn-notifier.c
 *
 * Works on the difference between two snapshots of the posts rather than on
 * raw entries: the reducer already decided what an entry means (an accept of a
 * withdrawn post, a reply that arrived before its post), so we only say what a
 * person would see changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-notifier.h"
#include "bn-format.h"

#include <glib/gi18n.h>

/* A request older than this is not news, even when it reaches us only now
 * (the first sync after joining brings the whole neighbourhood's history). */
#define NEWS_MAX_AGE_MS (2 * 24 * 3600 * G_GINT64_CONSTANT (1000))
/* More at once than this become one notification: a queue of bubbles is noise. */
#define MAX_SEPARATE 3

typedef struct
{
  char  *status;
  char  *helper;
  char  *helper_name;
  guint  n_replies;
  guint  n_thanks;
} Seen;

struct _BnNotifier
{
  GObject parent_instance;

  /* Borrowed */
  GApplication *app;

  /* Owned */
  BnSession  *session;
  GSettings  *settings;
  GHashTable *seen;       /* post ID → Seen; NULL before the first scan */
  GHashTable *unread;     /* peer ID → unread messages (guint); NULL before the first scan */
  GHashTable *meetups;    /* event ID → what I was told of it (char *); NULL before the first scan */
};

G_DEFINE_FINAL_TYPE (BnNotifier, bn_notifier, G_TYPE_OBJECT)

static void
seen_free (gpointer data)
{
  Seen *seen = data;
  g_free (seen->status);
  g_free (seen->helper);
  g_free (seen->helper_name);
  g_free (seen);
}

static void
remember (GHashTable *seen, const BnPost *post, Seen *now)
{
  now->status = g_strdup (post->status);
  now->helper = g_strdup (post->helper);
  now->helper_name = g_strdup (post->helper_name);
  now->n_replies = post->n_replies;
  now->n_thanks = post->n_thanks;
  g_hash_table_insert (seen, g_strdup (post->id), now);
}

/* The posts the session started with come into its models a few hundred at a
 * time after the window shows (bn_session_is_loading()): what was there when
 * the app started is not news, whenever it is read. */
static void
on_posts_changed (BnNotifier *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *posts)
{
  if (self->seen == NULL || !bn_session_is_loading (self->session))
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(BnPostItem) item = g_list_model_get_item (posts, i);
      const BnPost *post = bn_post_item_get_post (item);

      if (!g_hash_table_contains (self->seen, post->id))
        remember (self->seen, post, g_new0 (Seen, 1));
    }
}

static gboolean
wants (BnNotifier *self, const char *key)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, key);
}

/* GNotification keeps its title to itself: it is kept as "bn-title" too, for
 * the tests to read what a person would. */
static GNotification *
new_notification (const char *title)
{
  GNotification *notification = g_notification_new (title);

  g_object_set_data_full (G_OBJECT (notification), "bn-title", g_strdup (title), g_free);
  return notification;
}

static GNotification *
make_notification (const char *title, const char *body, const BnPost *post)
{
  GNotification *notification = new_notification (title);
  g_autofree char *icon_name = g_strdup_printf ("bn-category-%s-symbolic", post->category);
  g_autoptr(GIcon) icon = g_themed_icon_new (icon_name);

  g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  g_notification_set_default_action_and_target (notification, "app.show-post", "s", post->id);
  return notification;
}

static gboolean
matches_my_talents (const BnPost *post, const BnProfile *me)
{
  return me != NULL && me->talents != NULL && post->category != NULL
         && g_strv_contains ((const char *const *) me->talents, post->category);
}

/* A match undone from the other side, and what happens to a post I help
 * with: its asker withdrew it, marked it done or thanked me. */
static GNotification *
changed_course (BnNotifier *self, const BnPost *post, const Seen *before)
{
  const char *my_id = bn_session_get_peer_id (self->session);
  gboolean mine = g_strcmp0 (post->author, my_id) == 0;
  const char *asker = post->author_name ? post->author_name : _("Your neighbour");
  g_autofree char *title = NULL;

  if (before == NULL)
    return NULL;
  if (mine && before->helper != NULL && post->helper == NULL
      && g_strcmp0 (before->status, "matched") == 0 && g_strcmp0 (post->status, "open") == 0)
    title = g_strdup_printf (_("%s can’t make it after all"),
                             before->helper_name ? before->helper_name : _("Your helper"));
  else if (!mine && g_strcmp0 (before->helper, my_id) == 0 && g_strcmp0 (post->helper, my_id) != 0
           && g_strcmp0 (post->status, "open") == 0)
    title = g_strdup_printf (_("%s chose someone else"), asker);
  else if (!mine && g_strcmp0 (post->helper, my_id) == 0
           && g_strcmp0 (before->status, post->status) != 0
           && g_strcmp0 (post->status, "withdrawn") == 0)
    title = g_strdup_printf (_("%s withdrew a post you help with"), asker);
  else if (!mine && g_strcmp0 (post->helper, my_id) == 0
           && g_strcmp0 (before->status, post->status) != 0 && g_strcmp0 (post->status, "done") == 0)
    title = g_strdup_printf (_("%s marked a post you help with as done"), asker);
  else if (!mine && g_strcmp0 (post->helper, my_id) == 0 && post->n_thanks > before->n_thanks)
    title = g_strdup_printf (_("%s thanked you"), asker);
  if (title == NULL || !wants (self, "notify-accepted"))
    return NULL;
  return make_notification (title, post->title, post);
}

/* A new message written to me: one notification per message, naming who wrote. */
static void
scan_messages (BnNotifier *self, GPtrArray *out)
{
  g_autoptr(GPtrArray) conversations = bn_session_list_conversations (self->session);
  GHashTable *unread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < conversations->len; i++)
    {
      const BnConversation *conversation = g_ptr_array_index (conversations, i);
      guint before = self->unread != NULL
                     ? GPOINTER_TO_UINT (g_hash_table_lookup (self->unread, conversation->peer_id))
                     : conversation->n_unread;

      if (conversation->n_unread > before)
        {
          /* Translators: a notification; %s is a neighbour's name */
          g_autofree char *title = g_strdup_printf (_("%s wrote to you"),
                                                    conversation->name ? conversation->name
                                                                       : _("A neighbour"));
          GNotification *notification = new_notification (title);
          g_autoptr(GIcon) icon = g_themed_icon_new ("mail-unread-symbolic");

          g_notification_set_body (notification, conversation->last_text);
          g_notification_set_icon (notification, icon);
          g_notification_set_default_action_and_target (notification, "app.open-conversation",
                                                        "s", conversation->peer_id);
          g_ptr_array_add (out, notification);
        }
      g_hash_table_insert (unread, g_strdup (conversation->peer_id),
                           GUINT_TO_POINTER (conversation->n_unread));
    }
  g_clear_pointer (&self->unread, g_hash_table_unref);
  self->unread = unread;
}

/* What I was told of a meetup I said yes or maybe to: its changes and whether
 * it is cancelled. */
static char *
meetup_state (const BnEvent *event)
{
  return g_strdup_printf ("%u %d", event->changes, event->cancelled);
}

/* A meetup I said yes or maybe to changed or was cancelled (not by me). */
static void
scan_meetups (BnNotifier *self, GPtrArray *out)
{
  g_autoptr(GPtrArray) events = bn_session_list_events (self->session);
  GHashTable *meetups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *my_id = bn_session_get_peer_id (self->session);

  for (guint i = 0; i < events->len; i++)
    {
      const BnEvent *event = g_ptr_array_index (events, i);
      g_autofree char *state = meetup_state (event);
      const char *before = self->meetups ? g_hash_table_lookup (self->meetups, event->id) : NULL;
      gboolean coming = g_strcmp0 (event->my_answer, "yes") == 0
                        || g_strcmp0 (event->my_answer, "maybe") == 0;

      if (before != NULL && g_strcmp0 (before, state) != 0 && coming
          && g_strcmp0 (event->organiser, my_id) != 0)
        {
          g_autofree char *title = g_strdup_printf (event->cancelled ? _("Cancelled: %s")
                                                                     : _("Changed: %s"),
                                                    event->title);
          GNotification *notification = new_notification (title);
          g_autoptr(GIcon) icon = g_themed_icon_new ("x-office-calendar-symbolic");

          g_notification_set_body (notification,
                                   event->cancelled
                                     ? _("The organiser cancelled this meetup.")
                                     : _("The organiser changed this meetup; have a look at the new details."));
          g_notification_set_icon (notification, icon);
          g_notification_set_default_action_and_target (notification, "app.show-meetup", "s",
                                                        event->id);
          g_ptr_array_add (out, notification);
        }
      g_hash_table_insert (meetups, g_strdup (event->id), g_steal_pointer (&state));
    }
  g_clear_pointer (&self->meetups, g_hash_table_unref);
  self->meetups = meetups;
}

/* What changed for me in @post since @before (NULL: the post is new to me). */
static GNotification *
notification_for (BnNotifier *self, const BnPost *post, const Seen *before,
                  const BnProfile *me)
{
  const char *my_id = bn_session_get_peer_id (self->session);
  gboolean mine = g_strcmp0 (post->author, my_id) == 0;

  if (before == NULL && !mine && g_strcmp0 (post->kind, "request") == 0
      && g_strcmp0 (post->status, "open") == 0 && matches_my_talents (post, me)
      && post->created_ms > g_get_real_time () / 1000 - NEWS_MAX_AGE_MS
      && wants (self, "notify-matching-requests"))
    {
      g_autofree char *who = bn_format_who (post, my_id);
      g_autofree char *title = g_strdup_printf (_("%s could use a hand"), who);
      return make_notification (title, post->title, post);
    }
  if (before != NULL && mine && post->n_replies > before->n_replies
      && wants (self, "notify-replies"))
    return make_notification (g_strcmp0 (post->kind, "offer") == 0
                                ? _("A neighbour would like your offer")
                                : _("A neighbour can help you"),
                              post->title, post);
  if (!mine && g_strcmp0 (post->helper, my_id) == 0
      && (before == NULL || g_strcmp0 (before->helper, my_id) != 0)
      && wants (self, "notify-accepted"))
    {
      g_autofree char *who = bn_format_who (post, my_id);
      g_autofree char *title = g_strdup_printf (_("%s accepted your help"), who);
      return make_notification (title, post->title, post);
    }
  return changed_course (self, post, before);
}

/**
 * bn_notifier_scan:
 *
 * Compares the posts with the previous scan. The first scan only remembers:
 * what was there when the app started is not news.
 *
 * Returns: (transfer full) (element-type GNotification): what to show
 */
GPtrArray *
bn_notifier_scan (BnNotifier *self)
{
  GListModel *posts = bn_session_get_posts (self->session);
  BnProfileItem *me = NULL;
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_free);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  /* Nothing to do when ::changed brought us here: the models are fresh. */
  bn_session_refresh (self->session);
  me = bn_session_get_my_profile_item (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(BnPostItem) item = g_list_model_get_item (posts, i);
      const BnPost *post = bn_post_item_get_post (item);
      Seen *now = g_new0 (Seen, 1);

      if (self->seen != NULL)
        {
          GNotification *n = notification_for (self, post, g_hash_table_lookup (self->seen,
                                                                               post->id),
                                               me ? bn_profile_item_get_profile (me) : NULL);
          if (n != NULL)
            g_ptr_array_add (out, n);
        }
      remember (seen, post, now);
    }
  g_clear_pointer (&self->seen, g_hash_table_unref);
  self->seen = seen;
  scan_messages (self, out);
  scan_meetups (self, out);
  if (out->len > MAX_SEPARATE)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u new thing in your neighbourhood",
                                                             "%u new things in your neighbourhood",
                                                             out->len), out->len);
      /* No action: clicking it simply brings the app up. */
      GNotification *summary = g_notification_new (title);

      g_notification_set_body (summary, _("Requests, replies and answers arrived while you were away."));
      g_ptr_array_set_size (out, 0);
      g_ptr_array_add (out, summary);
    }
  return out;
}

static void
on_session_changed (BnNotifier *self)
{
  g_autoptr(GPtrArray) notifications = bn_notifier_scan (self);

  for (guint i = 0; i < notifications->len; i++)
    {
      GNotification *n = g_ptr_array_index (notifications, i);
      g_autofree char *id = g_strdup_printf ("buurtnet-%u-%" G_GINT64_FORMAT, i,
                                             g_get_real_time ());
      if (self->app != NULL)
        g_application_send_notification (self->app, id, n);
    }
}

static void
bn_notifier_finalize (GObject *object)
{
  BnNotifier *self = BN_NOTIFIER (object);

  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->unread, g_hash_table_unref);
  g_clear_pointer (&self->meetups, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->app);

  G_OBJECT_CLASS (bn_notifier_parent_class)->finalize (object);
}

static void
bn_notifier_class_init (BnNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_notifier_finalize;
}

static void
bn_notifier_init (BnNotifier *self)
{
}

/* @app and @settings may be %NULL (tests). */
BnNotifier *
bn_notifier_new (GApplication *app,
                 BnSession    *session,
                 GSettings    *settings)
{
  BnNotifier *self = g_object_new (BN_TYPE_NOTIFIER, NULL);

  g_set_weak_pointer (&self->app, app);
  self->session = g_object_ref (session);
  self->settings = settings ? g_object_ref (settings) : NULL;
  g_signal_connect_object (session, "changed", G_CALLBACK (on_session_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (bn_session_get_posts (session), "items-changed",
                           G_CALLBACK (on_posts_changed), self, G_CONNECT_SWAPPED);
  g_ptr_array_unref (bn_notifier_scan (self));
  return self;
}
