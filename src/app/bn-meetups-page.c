/* bn-meetups-page.c — the neighbourhood's meetups, the soonest first
 *
 * One row per meetup to come: what, when and where, its kind, who comes and
 * how many (of how many places), and my own answer. A row opens the meetup
 * (win.show-meetup). Read again on the session's ::changed; rows are made
 * again only when what they say changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-meetups-page.h"
#include "bn-widget.h"
#include "bn-event-format.h"
#include "bn-rows.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnMeetupsPage
{
  GtkWidget parent_instance;

  /* Children */
  GtkStack     *stack;
  GtkListBox   *list;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  char         *shown;
  guint         n_shown;
};

G_DEFINE_FINAL_TYPE (BnMeetupsPage, bn_meetups_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, BnMeetupsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-meetup", "s",
                              g_object_get_data (G_OBJECT (row), "bn-event-id"));
}

/* My answer, in a word next to the row: "Going", "Waiting list", "Maybe". */
static const char *
my_state (const BnEvent *event, const char *my_id)
{
  if (event->cancelled)
    return _("Cancelled");
  if (g_strcmp0 (event->organiser, my_id) == 0)
    return _("You organise");
  if (g_strcmp0 (event->my_answer, "maybe") == 0)
    return _("Maybe");
  if (g_strcmp0 (event->my_answer, "yes") != 0)
    return NULL;
  for (guint i = 0; i < event->rsvps->len; i++)
    {
      const BnRsvp *rsvp = g_ptr_array_index (event->rsvps, i);
      if (g_strcmp0 (rsvp->peer_id, my_id) == 0 && g_strcmp0 (rsvp->state, "waitlisted") == 0)
        return _("Waiting list");
    }
  return _("Going");
}

static GtkWidget *
make_row (const BnEvent *event, const char *my_id)
{
  g_autofree char *when = bn_event_format_when (event);
  g_autofree char *who = bn_event_format_who (event);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s\n%s · %s", when, event->place ? event->place : "",
                                               bn_event_category_label (event->category), who);
  GtkWidget *row = bn_action_row_new (event->title, subtitle);
  const char *state = my_state (event, my_id);

  /* When, where, what and how many places: all of it, however many lines it takes. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "x-office-calendar-symbolic");
  if (state != NULL)
    {
      GtkWidget *badge = gtk_label_new (state);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "bn-status");
      gtk_widget_add_css_class (badge, "caption");
      if (event->cancelled)
        gtk_widget_add_css_class (badge, "withdrawn");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "bn-event-id", g_strdup (event->id), g_free);
  return row;
}

static void
show_meetups (BnMeetupsPage *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) said = g_string_new (NULL);
  const char *my_id;
  GtkWidget *child;

  if (self->session == NULL)
    return;
  my_id = bn_session_get_peer_id (self->session);
  events = bn_session_list_events (self->session);
  for (guint i = 0; i < events->len; i++)
    {
      const BnEvent *event = g_ptr_array_index (events, i);
      g_autofree char *who = bn_event_format_who (event);
      g_string_append_printf (said, "%s %s %u %" G_GINT64_FORMAT " %s %s %s %d\n", event->id,
                              event->title, event->changes, event->next_start_ms, who,
                              my_state (event, my_id), event->place, event->cancelled);
    }
  gtk_stack_set_visible_child_name (self->stack, events->len > 0 ? "list" : "empty");
  if (g_strcmp0 (said->str, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_strdup (said->str);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < events->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (events, i), my_id));
  self->n_shown = events->len;
}

guint
bn_meetups_page_get_n_shown (BnMeetupsPage *self)
{
  return self->n_shown;
}

static GtkWidget *
make_organise_button (void)
{
  GtkWidget *button = gtk_button_new_with_label (_("Organise a Meetup"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-meetup");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  bn_button_wrap_label (GTK_BUTTON (button));
  return button;
}

static GtkWidget *
make_empty (void)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Meetups Planned"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("A coffee morning, a walk, a repair café: meeting is where "
                                     "helping starts. Organise the first one."));
  adw_status_page_set_child (ADW_STATUS_PAGE (status), make_organise_button ());
  return status;
}

static void
bn_meetups_page_init (BnMeetupsPage *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *organise = make_organise_button ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Meetups"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), organise);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, make_empty (), "empty");
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (show_meetups), self);
}

static void
bn_meetups_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnMeetupsPage *self = BN_MEETUPS_PAGE (object);

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
bn_meetups_page_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  BnMeetupsPage *self = BN_MEETUPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->session_signals, self->session);
          show_meetups (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_meetups_page_dispose (GObject *object)
{
  BnMeetupsPage *self = BN_MEETUPS_PAGE (object);

  if (self->stack != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->stack));
  self->stack = NULL;
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (bn_meetups_page_parent_class)->dispose (object);
}

static void
bn_meetups_page_class_init (BnMeetupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_meetups_page_get_property;
  object_class->set_property = bn_meetups_page_set_property;
  object_class->dispose = bn_meetups_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}
