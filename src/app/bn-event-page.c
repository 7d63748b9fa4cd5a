/* bn-event-page.c — one meetup
 *
 * What, when (the next date), where, the kind, how often, the details and
 * who organises it; who comes (confirmed and on the waiting list, with
 * guests) and who might; my answer (yes, maybe, no, with guests); for a
 * repeated meetup, its coming dates, each with who comes and its own yes,
 * maybe and no (an answer for that date only); "Add to
 * Calendar" (an .ics file opened with the desktop's calendar); for the
 * organiser only, Edit and Cancel. Read again on the session's ::changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-event-page.h"
#include "bn-widget.h"
#include "bn-event-format.h"
#include "bn-rows.h"
#include "bn-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnEventPage
{
  GtkWidget parent_instance;

  /* Children */
  AdwWindowTitle *title;
  GtkStack       *stack;
  GtkLabel       *heading;
  GtkLabel       *cancelled;
  AdwActionRow   *when_row;
  AdwActionRow   *place_row;
  AdwActionRow   *kind_row;
  AdwActionRow   *repeat_row;
  AdwActionRow   *organiser_row;
  AdwActionRow   *details_row;
  AdwPreferencesGroup *who_group;
  GtkListBox     *who_list;
  AdwPreferencesGroup *answer_group;
  GtkLabel       *my_answer;
  GtkSpinButton  *guests;
  AdwActionRow   *one_date_row;    /* a repeated meetup: answer for the next date only */
  GtkSwitch      *one_date;
  GtkWidget      *answer_buttons;
  AdwPreferencesGroup *dates_group; /* a repeated meetup: its coming dates */
  GtkListBox     *dates_list;
  GtkWidget      *more_dates;
  GtkWidget      *organiser_box;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  char         *event_id;
  BnEvent      *event;
  guint         n_dates;           /* how many coming dates are listed */
};

#define DATES_AT_FIRST 4
#define DATES_MORE 4
#define DATES_AT_MOST 52

G_DEFINE_FINAL_TYPE (BnEventPage, bn_event_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
toast (BnEventPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
}

static gboolean
is_mine (BnEventPage *self)
{
  return self->event != NULL
         && g_strcmp0 (self->event->organiser, bn_session_get_peer_id (self->session)) == 0;
}

static const BnRsvp *
find_my_rsvp (BnEventPage *self, const BnEvent *event)
{
  for (guint i = 0; event != NULL && i < event->rsvps->len; i++)
    {
      const BnRsvp *rsvp = g_ptr_array_index (event->rsvps, i);
      if (g_strcmp0 (rsvp->peer_id, bn_session_get_peer_id (self->session)) == 0)
        return rsvp;
    }
  return NULL;
}

static const BnRsvp *
my_rsvp (BnEventPage *self)
{
  return find_my_rsvp (self, self->event);
}

/* "Coming", "On the waiting list", "Maybe", "Not coming" */
static const char *
rsvp_words (const BnRsvp *rsvp)
{
  return g_strcmp0 (rsvp->answer, "yes") == 0
           ? (g_strcmp0 (rsvp->state, "waitlisted") == 0 ? _("On the waiting list") : _("Coming"))
           : g_strcmp0 (rsvp->answer, "maybe") == 0 ? _("Maybe") : _("Not coming");
}

/* "Bram, with 2 guests · confirmed" */
static GtkWidget *
make_rsvp_row (const BnRsvp *rsvp)
{
  const char *answer = rsvp_words (rsvp);
  g_autofree char *subtitle = rsvp->guests > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, with %u guest", "%s, with %u guests",
                                    rsvp->guests), answer, rsvp->guests)
    : g_strdup (answer);

  return bn_action_row_new (rsvp->name ? rsvp->name : _("A neighbour"), subtitle);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* A repeated meetup: who comes is for its next date, and one may answer for
 * that date only ("Only for Saturday 6 June"). */
static void
show_one_date (BnEventPage *self)
{
  gboolean repeats = g_strcmp0 (self->event->repeat, "none") != 0 && self->event->repeat != NULL;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->one_date_row), repeats);
  if (!repeats)
    return;
  {
    GDate date;

    if (bn_event_date_parse (self->event->date, &date))
      {
        g_autoptr(GDateTime) noon = g_date_time_new_utc (g_date_get_year (&date),
                                                         g_date_get_month (&date),
                                                         g_date_get_day (&date), 12, 0, 0);
        g_autofree char *words = bn_event_format_day (noon);
        /* Translators: a switch on a repeated meetup; %s is a day ("Saturday 6 June") */
        title = g_strdup_printf (_("Only for %s"), words);
      }
  }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->one_date_row),
                                 title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->one_date), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
}

static void
show_answer (BnEventPage *self)
{
  const BnRsvp *mine = my_rsvp (self);
  g_autofree char *said = NULL;

  if (mine == NULL)
    said = g_strdup (_("You have not answered yet."));
  else if (g_strcmp0 (mine->answer, "yes") == 0 && g_strcmp0 (mine->state, "waitlisted") == 0)
    said = g_strdup (_("You said you’ll come. You are on the waiting list: you’ll move up if someone can’t come."));
  else if (g_strcmp0 (mine->answer, "yes") == 0)
    said = g_strdup (_("You said you’ll come. See you there!"));
  else if (g_strcmp0 (mine->answer, "maybe") == 0)
    said = g_strdup (_("You said maybe."));
  else
    said = g_strdup (_("You said you can’t come."));
  if (mine != NULL && self->event->my_answer_dated)
    {
      g_autofree char *with = g_strdup_printf ("%s %s", said, _("(For this date only.)"));
      g_free (said);
      said = g_steal_pointer (&with);
    }
  gtk_label_set_label (self->my_answer, said);
  show_one_date (self);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_group), !self->event->cancelled);
}

/* My answer for one date, as the row of that date says it. */
static const char *
my_words (const BnRsvp *mine)
{
  if (g_strcmp0 (mine->answer, "yes") == 0)
    return g_strcmp0 (mine->state, "waitlisted") == 0 ? _("You’re on the waiting list")
                                                      : _("You’re coming");
  return g_strcmp0 (mine->answer, "maybe") == 0 ? _("You said maybe") : _("You can’t come");
}

/* "2 coming, 1 maybe. You’re coming": who comes on @date, and what I said for it. */
static char *
date_summary (BnEventPage *self, const char *date)
{
  g_autoptr(BnEvent) on = bn_session_get_event_on (self->session, self->event_id, date);
  g_autofree char *who = NULL;
  const BnRsvp *mine;

  if (on == NULL)
    return g_strdup ("");
  who = bn_event_format_who (on);
  mine = find_my_rsvp (self, on);
  if (mine == NULL)
    return g_steal_pointer (&who);
  return g_strdup_printf ("%s. %s", who, my_words (mine));
}

static void on_date_answer (GtkButton *button, BnEventPage *self);

static GtkWidget *
date_answer_button (BnEventPage *self, const char *label, const char *spoken,
                    const char *what, const char *date)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "pill");
  /* The same three words under every date: the date says which one. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_object_set_data (G_OBJECT (button), "bn-answer", (gpointer) what);
  g_object_set_data_full (G_OBJECT (button), "bn-date", g_strdup (date), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_date_answer), self);
  return button;
}

/* One coming date: when, who comes (the subtitle), and opened, its own yes,
 * maybe and no, for that date only. */
static GtkWidget *
make_date_row (BnEventPage *self, const BnOccurrence *occurrence)
{
  BnEvent times = { .next_start_ms = occurrence->start_ms, .next_end_ms = occurrence->end_ms };
  g_autofree char *when = bn_event_format_when (&times);
  g_autofree char *date = bn_event_date_of (occurrence->start_ms);
  GtkWidget *row = bn_expander_row_new (when, NULL);
  GtkWidget *buttons = bn_layout_flow_box_new ();
  g_autofree char *yes = NULL, *maybe = NULL, *no = NULL;

  /* Translators: a button's name for screen readers, under one date of a
   * repeated meetup; %s is the date and time ("Saturday 6 June, 18:00–20:00") */
  yes = g_strdup_printf (_("I’ll come on %s"), when);
  /* Translators: as "I’ll come on %s" */
  maybe = g_strdup_printf (_("Maybe on %s"), when);
  /* Translators: as "I’ll come on %s" */
  no = g_strdup_printf (_("I can’t come on %s"), when);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (buttons), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_margin_bottom (buttons, 6);
  gtk_widget_set_margin_start (buttons, 6);
  gtk_widget_set_margin_end (buttons, 6);
  bn_layout_flow_box_append (GTK_FLOW_BOX (buttons),
                             date_answer_button (self, _("I’ll Come"), yes, "yes", date), yes);
  bn_layout_flow_box_append (GTK_FLOW_BOX (buttons),
                             date_answer_button (self, _("Maybe"), maybe, "maybe", date), maybe);
  bn_layout_flow_box_append (GTK_FLOW_BOX (buttons),
                             date_answer_button (self, _("I Can’t Come"), no, "no", date), no);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons);
  /* The list row around the buttons is no stop of its own for Tab, and a
   * screen reader names it by its date. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (buttons)), FALSE);
  gtk_widget_set_focusable (gtk_widget_get_parent (buttons), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (buttons)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, when, -1);
  g_object_set_data_full (G_OBJECT (row), "bn-date", g_steal_pointer (&date), g_free);
  return row;
}

/* How many rows, from the first, already show the first of @dates (those are
 * kept as they are, opened or not). */
static guint
rows_in_place (BnEventPage *self, GArray *dates, guint n)
{
  guint kept = 0;
  GtkListBoxRow *row;

  while (kept < n && (row = gtk_list_box_get_row_at_index (self->dates_list, (int) kept)) != NULL)
    {
      g_autofree char *date = bn_event_date_of (g_array_index (dates, BnOccurrence, kept).start_ms);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "bn-date"), date) != 0)
        break;
      kept++;
    }
  return kept;
}

/* A repeated meetup's coming dates, a few at first ("Show More Dates"). */
static void
show_dates (BnEventPage *self)
{
  gboolean repeats = g_strcmp0 (self->event->repeat, "none") != 0 && self->event->repeat != NULL;
  g_autoptr(GArray) dates = NULL;
  GtkListBoxRow *row;
  guint n, kept;

  gtk_widget_set_visible (GTK_WIDGET (self->dates_group), repeats && !self->event->cancelled);
  if (!repeats || self->event->cancelled)
    return;
  dates = bn_session_list_event_dates (self->session, self->event, self->n_dates + 1);
  n = MIN (dates->len, self->n_dates);
  gtk_widget_set_visible (self->more_dates, dates->len > n && n < DATES_AT_MOST);
  kept = rows_in_place (self, dates, n);
  while ((row = gtk_list_box_get_row_at_index (self->dates_list, (int) kept)) != NULL)
    gtk_list_box_remove (self->dates_list, GTK_WIDGET (row));
  for (guint i = kept; i < n; i++)
    gtk_list_box_append (self->dates_list, make_date_row (self, &g_array_index (dates, BnOccurrence, i)));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *summary = NULL;

      row = gtk_list_box_get_row_at_index (self->dates_list, (int) i);
      summary = date_summary (self, g_object_get_data (G_OBJECT (row), "bn-date"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), summary);
    }
}

static void
on_more_dates (BnEventPage *self)
{
  self->n_dates = MIN (self->n_dates + DATES_MORE, DATES_AT_MOST);
  if (self->event != NULL)
    show_dates (self);
}

static void
show_event (BnEventPage *self)
{
  const BnEvent *event;
  g_autofree char *when = NULL;
  g_autofree char *who = NULL;

  g_clear_pointer (&self->event, bn_event_free);
  if (self->session != NULL && self->event_id != NULL)
    self->event = bn_session_get_event (self->session, self->event_id);
  if (self->event == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "gone");
      return;
    }
  event = self->event;
  when = bn_event_format_when (event);
  who = bn_event_format_who (event);
  gtk_label_set_label (self->heading, event->title);
  gtk_widget_set_visible (GTK_WIDGET (self->cancelled), event->cancelled);
  adw_action_row_set_subtitle (self->when_row, when);
  adw_action_row_set_subtitle (self->place_row, event->place ? event->place : "");
  adw_action_row_set_subtitle (self->kind_row, bn_event_category_label (event->category));
  adw_action_row_set_subtitle (self->repeat_row, bn_event_format_repeat (event->repeat));
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_row), g_strcmp0 (event->repeat, "none") != 0);
  adw_action_row_set_subtitle (self->organiser_row,
                               event->organiser_name ? event->organiser_name : _("A neighbour"));
  adw_action_row_set_subtitle (self->details_row, event->details ? event->details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_row),
                          event->details != NULL && *event->details != '\0');

  adw_preferences_group_set_description (self->who_group, who);
  clear_list (self->who_list);
  for (guint i = 0; i < event->rsvps->len; i++)
    gtk_list_box_append (self->who_list, make_rsvp_row (g_ptr_array_index (event->rsvps, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->who_list), event->rsvps->len > 0);

  show_answer (self);
  show_dates (self);
  gtk_widget_set_visible (self->organiser_box, is_mine (self) && !event->cancelled);
  gtk_stack_set_visible_child_name (self->stack, "event");
}

void
bn_event_page_set_event_id (BnEventPage *self,
                            const char  *event_id)
{
  g_return_if_fail (BN_IS_EVENT_PAGE (self));

  if (g_strcmp0 (self->event_id, event_id) != 0)
    {
      self->n_dates = DATES_AT_FIRST;
      clear_list (self->dates_list);
    }
  g_free (self->event_id);
  self->event_id = g_strdup (event_id);
  show_event (self);
}

const char *
bn_event_page_get_event_id (BnEventPage *self)
{
  return self->event_id;
}

/* RSVP: one click; the buttons wait until it is stored. */
static void
answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnEventPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->answer_buttons, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dates_list), TRUE);
  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      toast (self, error->message);
      return;
    }
  show_event (self);
  toast (self, _("Your answer is on its way to the neighbours."));
}

/* @date: (nullable): the one date the answer is for; %NULL for every date */
static void
answer_on (BnEventPage *self, const char *what, const char *date)
{
  guint guests = g_strcmp0 (what, "no") == 0 ? 0 : gtk_spin_button_get_value_as_int (self->guests);

  if (self->event_id == NULL || !gtk_widget_get_sensitive (self->answer_buttons))
    return;
  gtk_widget_set_sensitive (self->answer_buttons, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dates_list), FALSE);
  bn_session_rsvp_on_async (self->session, self->event_id, what, guests, date,
                            NULL, answered, g_object_ref (self));
}

static void
answer (BnEventPage *self, const char *what)
{
  answer_on (self, what,
             gtk_widget_get_visible (GTK_WIDGET (self->one_date_row))
               && gtk_switch_get_active (self->one_date) && self->event != NULL
               ? self->event->date : NULL);
}

/* A button in a date's row: its answer, for that date only. */
static void
on_date_answer (GtkButton *button, BnEventPage *self)
{
  answer_on (self, g_object_get_data (G_OBJECT (button), "bn-answer"),
             g_object_get_data (G_OBJECT (button), "bn-date"));
}

static void
on_yes (BnEventPage *self)
{
  answer (self, "yes");
}

static void
on_maybe (BnEventPage *self)
{
  answer (self, "maybe");
}

static void
on_no (BnEventPage *self)
{
  answer (self, "no");
}

/**
 * bn_event_page_write_ics:
 *
 * Writes the meetup as an iCalendar file (with its reminders) where the
 * desktop's calendar can read it.
 *
 * Returns: (transfer full) (nullable): the file's path
 */
char *
bn_event_page_write_ics (BnEventPage  *self,
                         GError      **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "buurtnet", NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ics = NULL;

  if (self->event == NULL)
    return NULL;
  name = g_strdup_printf ("meetup-%.12s.ics", self->event->id);
  path = g_build_filename (dir, name, NULL);
  ics = bn_event_to_ics (self->event, g_get_real_time () / 1000);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (path, ics, -1, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                     _("Could not write the calendar file in %s"), dir);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static void
launched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnEventPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    toast (self, _("No calendar app opened the meetup. Install one, such as GNOME Calendar, and try again."));
}

static void
on_calendar (BnEventPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bn_event_page_write_ics (self, &error);
  g_autofree char *uri = NULL;

  if (path == NULL)
    {
      toast (self, error ? error->message : _("This meetup is gone."));
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launched, g_object_ref (self));
}

static void
on_edit (BnEventPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-meetup", "s", self->event_id);
}

static void
cancelled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnEventPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      toast (self, error->message);
      return;
    }
  show_event (self);
  toast (self, _("Cancelled. Everyone who said they’d come will be told."));
}

static void
on_cancel_response (AdwMessageDialog *dialog, const char *response, BnEventPage *self)
{
  if (g_strcmp0 (response, "cancel-meetup") == 0 && self->event_id != NULL)
    bn_session_cancel_event_async (self->session, self->event_id, NULL, cancelled,
                                   g_object_ref (self));
}

static void
on_cancel (BnEventPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Cancel This Meetup?"),
                                              _("Everyone who said yes or maybe gets a notification. This cannot be undone."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("Keep It"),
                                    "cancel-meetup", _("Cancel Meetup"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-meetup",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static AdwActionRow *
property_row (AdwPreferencesGroup *group, const char *title, const char *icon)
{
  GtkWidget *row = bn_action_row_new (title, NULL);

  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static GtkWidget *
pill (const char *label, GCallback callback, gpointer self, const char *style)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "pill");
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
make_answer_group (BnEventPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *guests_row = bn_action_row_new (_("Guests you bring"), NULL);
  GtkWidget *buttons = bn_layout_flow_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Will You Come?"));
  self->my_answer = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->my_answer, TRUE);
  gtk_label_set_xalign (self->my_answer, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->my_answer), "dim-label");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->my_answer), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->my_answer));

  self->guests = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 20, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->guests), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->guests), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Guests you bring"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (guests_row), GTK_WIDGET (self->guests));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (guests_row), GTK_WIDGET (self->guests));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), guests_row);

  self->one_date_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_action_row_set_subtitle (self->one_date_row,
                               _("Otherwise your answer is for every date"));
  self->one_date = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->one_date), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->one_date_row, GTK_WIDGET (self->one_date));
  adw_action_row_set_activatable_widget (self->one_date_row, GTK_WIDGET (self->one_date));
  bn_action_row_describe (self->one_date_row);
  gtk_widget_set_visible (GTK_WIDGET (self->one_date_row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->one_date_row));

  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (buttons), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_widget_set_margin_top (buttons, 12);
  bn_layout_flow_box_append (GTK_FLOW_BOX (buttons),
                             pill (_("I’ll Come"), G_CALLBACK (on_yes), self, "suggested-action"),
                             _("I’ll Come"));
  bn_layout_flow_box_append (GTK_FLOW_BOX (buttons),
                             pill (_("Maybe"), G_CALLBACK (on_maybe), self, NULL), _("Maybe"));
  bn_layout_flow_box_append (GTK_FLOW_BOX (buttons),
                             pill (_("I Can’t Come"), G_CALLBACK (on_no), self, NULL),
                             _("I Can’t Come"));
  self->answer_buttons = buttons;
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  self->answer_group = ADW_PREFERENCES_GROUP (group);
  return group;
}

static GtkWidget *
make_dates_group (BnEventPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Coming Dates"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Open a date to answer for that date only."));
  self->dates_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->dates_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->dates_list), "boxed-list");
  gtk_widget_set_name (GTK_WIDGET (self->dates_list), "coming-dates");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dates_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Coming dates"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->dates_list));
  self->more_dates = pill (_("Show More Dates"), G_CALLBACK (on_more_dates), self, "flat");
  gtk_widget_set_halign (self->more_dates, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->more_dates, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->more_dates);
  gtk_widget_set_visible (group, FALSE);
  self->dates_group = ADW_PREFERENCES_GROUP (group);
  return group;
}

static GtkWidget *
make_event_view (BnEventPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *about = adw_preferences_group_new ();
  GtkWidget *who = adw_preferences_group_new ();
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->heading, TRUE);
  gtk_label_set_xalign (self->heading, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "title-1");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->heading));
  self->cancelled = GTK_LABEL (gtk_label_new (_("Cancelled by the organiser")));
  gtk_label_set_xalign (self->cancelled, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->cancelled), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->cancelled));

  self->when_row = property_row (ADW_PREFERENCES_GROUP (about), _("When"), "x-office-calendar-symbolic");
  self->place_row = property_row (ADW_PREFERENCES_GROUP (about), _("Where"), "mark-location-symbolic");
  self->kind_row = property_row (ADW_PREFERENCES_GROUP (about), _("Kind"), "view-list-symbolic");
  self->repeat_row = property_row (ADW_PREFERENCES_GROUP (about), _("How often"),
                                   "view-refresh-symbolic");
  self->organiser_row = property_row (ADW_PREFERENCES_GROUP (about), _("Organised by"),
                                      "avatar-default-symbolic");
  self->details_row = property_row (ADW_PREFERENCES_GROUP (about), _("Details"),
                                    "text-x-generic-symbolic");
  gtk_box_append (GTK_BOX (box), about);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (who), _("Who Comes"));
  self->who_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->who_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->who_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->who_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who comes"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (who), GTK_WIDGET (self->who_list));
  self->who_group = ADW_PREFERENCES_GROUP (who);
  gtk_box_append (GTK_BOX (box), who);

  gtk_box_append (GTK_BOX (box), make_answer_group (self));
  gtk_box_append (GTK_BOX (box), make_dates_group (self));

  gtk_widget_set_halign (actions, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (actions), pill (_("Add to Calendar"), G_CALLBACK (on_calendar), self, NULL));
  self->organiser_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (self->organiser_box), pill (_("Edit Meetup"), G_CALLBACK (on_edit), self, NULL));
  gtk_box_append (GTK_BOX (self->organiser_box), pill (_("Cancel Meetup"), G_CALLBACK (on_cancel), self,
                                                       "destructive-action"));
  gtk_box_append (GTK_BOX (actions), self->organiser_box);
  gtk_box_append (GTK_BOX (box), actions);

  return bn_scrolled_column_new (box, 640);
}

static GtkWidget *
make_header (BnEventPage *self)
{
  return bn_back_header_new (_("Meetup"), &self->title);
}

static void
bn_event_page_init (BnEventPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *gone = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (gone), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (gone), _("This Meetup Is Over"));
  adw_status_page_set_description (ADW_STATUS_PAGE (gone),
                                   _("It is in the past, or it has not reached you yet."));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, gone, "gone");
  gtk_stack_add_named (self->stack, make_event_view (self), "event");
  gtk_box_append (GTK_BOX (box), make_header (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  self->n_dates = DATES_AT_FIRST;
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed", G_CALLBACK (show_event), self);
}

static void
bn_event_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnEventPage *self = BN_EVENT_PAGE (object);

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
bn_event_page_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  BnEventPage *self = BN_EVENT_PAGE (object);

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
bn_event_page_dispose (GObject *object)
{
  BnEventPage *self = BN_EVENT_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->event, bn_event_free);

  G_OBJECT_CLASS (bn_event_page_parent_class)->dispose (object);
}

static void
bn_event_page_class_init (BnEventPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_event_page_get_property;
  object_class->set_property = bn_event_page_set_property;
  object_class->dispose = bn_event_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}
