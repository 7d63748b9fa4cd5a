/* bn-report-notifier.c — "Dina reported something" for connectors
 *
 * Reports wait for a connector; one who is not looking at the app hears of a
 * new one on the desktop. Only open reports by someone else that arrived since
 * the app started are news: the first scan only remembers what is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-report-notifier.h"
#include "bn-moderation.h"

#include <glib/gi18n.h>

struct _BnReportNotifier
{
  GObject parent_instance;

  GApplication *app;      /* weak */
  BnSession    *session;
  GHashTable   *seen;     /* report IDs; NULL before the first scan */
};

G_DEFINE_FINAL_TYPE (BnReportNotifier, bn_report_notifier, G_TYPE_OBJECT)

static GNotification *
make_notification (const BnReport *report)
{
  g_autofree char *title = g_strdup_printf (_("%s reported something to the connectors"),
                                            report->author_name ? report->author_name
                                                                : _("A neighbour"));
  /* Translators: a report's reason, and whom it is about */
  g_autofree char *body = g_strdup_printf (_("%s · about %s"),
                                           bn_moderation_reason_label (report->reason),
                                           report->subject_name ? report->subject_name
                                                                : _("a neighbour"));
  GNotification *notification = g_notification_new (title);
  g_autoptr(GIcon) icon = g_themed_icon_new ("dialog-warning-symbolic");

  g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  /* Clicked, it opens the reports on the connector page. */
  g_notification_set_default_action (notification, BN_REPORT_NOTIFIER_ACTION);
  return notification;
}

/**
 * bn_report_notifier_scan:
 *
 * Returns: (transfer full) (element-type GNotification): one per open report
 *   by someone else not seen before, when I am a connector
 */
GPtrArray *
bn_report_notifier_scan (BnReportNotifier *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *reports = bn_moderation_get_reports (bn_moderation_get (self->session));
  gboolean first = self->seen == NULL;

  if (first)
    self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < reports->len; i++)
    {
      const BnReport *report = g_ptr_array_index (reports, i);

      if (!g_hash_table_add (self->seen, g_strdup (report->id)) || first)
        continue;
      if (report->handled_by == NULL && bn_session_is_connector (self->session)
          && g_strcmp0 (report->author, bn_session_get_peer_id (self->session)) != 0)
        g_ptr_array_add (out, make_notification (report));
    }
  return out;
}

static void
on_changed (BnReportNotifier *self)
{
  g_autoptr(GPtrArray) notifications = bn_report_notifier_scan (self);

  for (guint i = 0; i < notifications->len && self->app != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("buurtnet-report-%u-%" G_GINT64_FORMAT, i,
                                             g_get_real_time ());
      g_application_send_notification (self->app, id, g_ptr_array_index (notifications, i));
    }
}

static void
bn_report_notifier_finalize (GObject *object)
{
  BnReportNotifier *self = BN_REPORT_NOTIFIER (object);

  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->app);
  G_OBJECT_CLASS (bn_report_notifier_parent_class)->finalize (object);
}

static void
bn_report_notifier_class_init (BnReportNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_report_notifier_finalize;
}

static void
bn_report_notifier_init (BnReportNotifier *self)
{
}

/* @app may be %NULL (tests): then bn_report_notifier_scan() says what it would send. */
BnReportNotifier *
bn_report_notifier_new (GApplication *app,
                        BnSession    *session)
{
  BnReportNotifier *self = g_object_new (BN_TYPE_REPORT_NOTIFIER, NULL);

  g_set_weak_pointer (&self->app, app);
  self->session = g_object_ref (session);
  g_ptr_array_unref (bn_report_notifier_scan (self));
  if (app != NULL)
    g_signal_connect_object (bn_moderation_get (session), "changed", G_CALLBACK (on_changed),
                             self, G_CONNECT_SWAPPED);
  return self;
}
