/* bn-moderation-page.c — the reports and the moderation log
 *
 * A connector reads every report sealed to the connectors, open ones first,
 * each with "Mark Handled"; any other neighbour reads their own reports, and
 * whether a connector handled them. Below, the moderation log everyone can
 * read: every hide and unhide that counts, every removal and change of role,
 * who did it, when and why. The page follows the session's BnModeration and
 * builds its rows again only when what it shows changed.
 *
 * It does not scroll: the connector page shows only its reports among its
 * other groups, and the moderation window puts both in a scrolled view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-moderation-page.h"
#include "bn-format.h"
#include "bn-moderation.h"
#include "bn-rows.h"
#include "bn-widget.h"

#include <glib/gi18n.h>

struct _BnModerationPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *reports_group;
  GtkListBox          *reports_list;
  GtkWidget           *log_group;
  GtkListBox          *log_list;

  /* Owned */
  BnSession           *session;
  gulong               changed_id;
  gulong               connector_id;
  gboolean             show_reports;
  guint                n_reports;
};

G_DEFINE_FINAL_TYPE (BnModerationPage, bn_moderation_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, PROP_SHOW_REPORTS, PROP_SHOW_LOG, PROP_N_REPORTS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *
name_or (const char *name)
{
  return name ? name : _("a neighbour");
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
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

/* Reports */

/* "Spam · about Bram" */
static char *
report_title (const BnReport *report)
{
  /* Translators: a report's reason, and whom it is about */
  return g_strdup_printf (_("%s · about %s"), bn_moderation_reason_label (report->reason),
                          name_or (report->subject_name));
}

/* Who reported, when, their words and what they reported, one per line. */
static char *
report_details (const BnReport *report)
{
  g_autofree char *ago = bn_format_relative (report->created_ms, now_ms ());
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Reported by %s, %s"), name_or (report->author_name), ago);
  if (report->text != NULL && *report->text != '\0')
    g_string_append_printf (text, "\n“%s”", report->text);
  if (report->quote != NULL && *report->quote != '\0')
    g_string_append_printf (text, "\n%s", report->quote);
  if (report->handled_by != NULL)
    {
      g_autofree char *when = bn_format_relative (report->handled_ms, now_ms ());
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Handled by %s, %s"), name_or (report->handled_by_name), when);
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
make_handled_button (const BnReport *report)
{
  GtkWidget *button = gtk_button_new_with_label (_("Mark Handled"));
  g_autofree char *accessible = g_strdup_printf (_("Mark the report about %s handled"),
                                                 name_or (report->subject_name));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", report->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "mod.handled");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return button;
}

/* Whether a hide that still holds covers what @report is about. */
static gboolean
already_hidden (BnModerationPage *self, const BnReport *report)
{
  GPtrArray *log = bn_moderation_get_log (bn_moderation_get (self->session));

  for (guint i = 0; i < log->len; i++)
    {
      const BnModerationAct *act = g_ptr_array_index (log, i);
      if (!g_str_equal (act->action, "hide") || act->undone)
        continue;
      if (report->target != NULL ? g_strcmp0 (act->target, report->target) == 0
                                 : act->target == NULL && g_strcmp0 (act->member, report->subject) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A connector acts on a report from its row: hiding asks for a reason in the
 * same dialog as the post's menu. A plain button, so that a screen reader
 * (and the story test) reaches it without opening a menu. */
static GtkWidget *
make_hide_button (const BnReport *report)
{
  GtkWidget *button = gtk_button_new_with_label (_("Hide…"));
  g_autofree char *person = g_strdup_printf (_("%s, the neighbour"), name_or (report->subject_name));
  const char *about = report->target != NULL && report->quote != NULL ? report->quote : person;
  g_autofree char *accessible = g_strdup_printf (report->target != NULL
                                                 ? _("Hide what %s wrote for everyone")
                                                 : _("Hide everything %s posts for everyone"),
                                                 name_or (report->subject_name));

  gtk_widget_set_tooltip_text (button, _("Hide for Everyone…"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                    report->target ? report->target : report->subject, about);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "mod.hide");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return button;
}

static GtkWidget *
make_state_label (const BnReport *report)
{
  GtkWidget *label = gtk_label_new (report->handled_by ? C_("report state", "Handled")
                                                       : C_("report state", "Open"));

  gtk_widget_add_css_class (label, "bn-status");
  gtk_widget_add_css_class (label, report->handled_by ? "done" : "open");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

/* A long translation wraps rather than widening the page past a phone's width. */
static void
wrap_label (GtkWidget *button)
{
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
}

/* What a connector does with an open report, on a line of its own under it:
 * beside the report's words the buttons would leave them no room at 360 px. */
static GtkWidget *
make_actions_row (BnModerationPage *self, const BnReport *report)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  if (report->subject != NULL && !already_hidden (self, report))
    gtk_box_append (GTK_BOX (box), make_hide_button (report));
  gtk_box_append (GTK_BOX (box), make_handled_button (report));
  for (GtkWidget *button = gtk_widget_get_first_child (box); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    wrap_label (button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
append_report (BnModerationPage *self, const BnReport *report)
{
  g_autofree char *title = report_title (report);
  g_autofree char *details = report_details (report);
  GtkWidget *row = bn_action_row_new (title, details);
  gboolean to_handle = report->handled_by == NULL && bn_session_is_connector (self->session);

  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), report->handled_by
                                                      ? "object-select-symbolic"
                                                      : "dialog-warning-symbolic");
  if (!to_handle)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_state_label (report));
  gtk_list_box_append (self->reports_list, row);
  if (to_handle)
    gtk_list_box_append (self->reports_list, make_actions_row (self, report));
}

static void
show_reports (BnModerationPage *self, GPtrArray *reports)
{
  gboolean connector = bn_session_is_connector (self->session);

  if (connector)
    {
      adw_preferences_group_set_title (self->reports_group, _("Reports to the Connectors"));
      adw_preferences_group_set_description (self->reports_group,
        _("Only the connectors and the neighbour who reported read these. Nothing happens "
          "by itself: look, talk with the neighbours concerned, hide if needed, then mark "
          "the report handled."));
    }
  else
    {
      adw_preferences_group_set_title (self->reports_group, _("Your Reports"));
      adw_preferences_group_set_description (self->reports_group,
        _("Only the connectors and you read these. You see here when a connector has handled one."));
    }
  clear_list (self->reports_list);
  for (guint i = 0; i < reports->len; i++)
    append_report (self, g_ptr_array_index (reports, i));
  gtk_list_box_set_placeholder (self->reports_list,
                                make_placeholder (connector ? _("No reports. All is calm.")
                                                            : _("You have not reported anything.")));
  /* A neighbour who never reported anything has no reason to see the group. */
  gtk_widget_set_visible (GTK_WIDGET (self->reports_group),
                          self->show_reports && (connector || reports->len > 0));
  if (self->n_reports != reports->len)
    {
      self->n_reports = reports->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REPORTS]);
    }
}

/* The log */

static const char *
removal_reason (const char *reason)
{
  if (g_strcmp0 (reason, "left") == 0)
    return C_("removal reason", "left");
  if (g_strcmp0 (reason, "moved") == 0)
    return C_("removal reason", "moved away");
  if (g_strcmp0 (reason, "lost-device") == 0)
    return C_("removal reason", "lost device");
  if (g_strcmp0 (reason, "conduct") == 0)
    return C_("removal reason", "conduct");
  return reason;
}

/* "Anna hid a post by Bram", "Anna removed Bram", ... */
static char *
act_title (const BnModerationAct *act)
{
  const char *actor = name_or (act->actor_name);
  const char *member = name_or (act->member_name);

  if (g_str_equal (act->action, "hide"))
    return act->target ? g_strdup_printf (_("%s hid something %s wrote"), actor, member)
                       : g_strdup_printf (_("%s hid everything %s posts"), actor, member);
  if (g_str_equal (act->action, "unhide"))
    return act->target ? g_strdup_printf (_("%s showed something %s wrote again"), actor, member)
                       : g_strdup_printf (_("%s showed what %s posts again"), actor, member);
  if (g_str_equal (act->action, "remove"))
    return g_strdup_printf (_("%s removed %s from the neighbourhood"), actor, member);
  if (g_str_equal (act->action, "appoint"))
    return g_strdup_printf (_("%s made %s a connector"), actor, member);
  if (g_str_equal (act->action, "dismiss"))
    return g_strdup_printf (_("%s ended %s’s role as connector"), actor, member);
  if (g_str_equal (act->action, "step-down"))
    return g_strdup_printf (_("%s stepped down as connector"), actor);
  if (g_str_equal (act->action, "replace"))
    return g_strdup_printf (_("%s moved to a new computer key"), actor);
  return g_strdup (act->action);
}

/* "2 hours ago · spam · erased", one line under the title. */
static char *
act_details (const BnModerationAct *act)
{
  g_autofree char *ago = bn_format_relative (act->when_ms, now_ms ());
  GString *text = g_string_new (ago);
  const char *reason = g_str_equal (act->action, "remove") ? removal_reason (act->reason)
                                                           : act->reason;

  if (reason != NULL && *reason != '\0')
    g_string_append_printf (text, " · %s", reason);
  if (act->erase)
    g_string_append_printf (text, " · %s", _("erased everywhere"));
  if (act->undone)
    g_string_append_printf (text, " · %s", _("undone since"));
  return g_string_free (text, FALSE);
}

static void
show_log (BnModerationPage *self, GPtrArray *log)
{
  clear_list (self->log_list);
  for (guint i = 0; i < log->len; i++)
    {
      const BnModerationAct *act = g_ptr_array_index (log, i);
      g_autofree char *title = act_title (act);
      g_autofree char *details = act_details (act);

      gtk_list_box_append (self->log_list, bn_action_row_new (title, details));
    }
  gtk_list_box_set_placeholder (self->log_list,
                                make_placeholder (_("Nothing has been hidden or removed.")));
}

static void
update (BnModerationPage *self)
{
  BnModeration *moderation;

  if (self->session == NULL)
    return;
  moderation = bn_moderation_get (self->session);
  show_reports (self, bn_moderation_get_reports (moderation));
  show_log (self, bn_moderation_get_log (moderation));
}

static void
disconnect (BnModerationPage *self)
{
  if (self->session == NULL)
    return;
  g_clear_signal_handler (&self->changed_id, bn_moderation_get (self->session));
  g_clear_signal_handler (&self->connector_id, self->session);
}

static void
set_session (BnModerationPage *self, BnSession *session)
{
  if (self->session == session)
    return;
  disconnect (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      BnModeration *moderation = bn_moderation_get (session);

      /* Written since the last change the session heard of (the CLI, a test). */
      bn_session_refresh (session);
      bn_moderation_reload (moderation);
      self->changed_id = g_signal_connect_swapped (moderation, "changed", G_CALLBACK (update), self);
      self->connector_id = g_signal_connect_swapped (session, "notify::is-connector",
                                                     G_CALLBACK (update), self);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

BnModerationPage *
bn_moderation_page_new (BnSession *session)
{
  return g_object_new (BN_TYPE_MODERATION_PAGE, "session", session, NULL);
}

/* How many reports the page lists (open and handled). */
guint
bn_moderation_page_get_n_reports (BnModerationPage *self)
{
  return self->n_reports;
}

static void
bn_moderation_page_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  BnModerationPage *self = BN_MODERATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SHOW_REPORTS:
      g_value_set_boolean (value, self->show_reports);
      break;
    case PROP_SHOW_LOG:
      g_value_set_boolean (value, gtk_widget_get_visible (self->log_group));
      break;
    case PROP_N_REPORTS:
      g_value_set_uint (value, self->n_reports);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_moderation_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  BnModerationPage *self = BN_MODERATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    case PROP_SHOW_REPORTS:
      self->show_reports = g_value_get_boolean (value);
      update (self);
      break;
    case PROP_SHOW_LOG:
      gtk_widget_set_visible (self->log_group, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_moderation_page_dispose (GObject *object)
{
  BnModerationPage *self = BN_MODERATION_PAGE (object);

  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_MODERATION_PAGE);
  disconnect (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bn_moderation_page_parent_class)->dispose (object);
}

static void
bn_moderation_page_class_init (BnModerationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_moderation_page_get_property;
  object_class->set_property = bn_moderation_page_set_property;
  object_class->dispose = bn_moderation_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_REPORTS] =
    g_param_spec_boolean ("show-reports", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LOG] =
    g_param_spec_boolean ("show-log", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REPORTS] =
    g_param_spec_uint ("n-reports", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-moderation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BnModerationPage, reports_group);
  gtk_widget_class_bind_template_child (widget_class, BnModerationPage, reports_list);
  gtk_widget_class_bind_template_child (widget_class, BnModerationPage, log_group);
  gtk_widget_class_bind_template_child (widget_class, BnModerationPage, log_list);
}

static void
bn_moderation_page_init (BnModerationPage *self)
{
  self->show_reports = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}
