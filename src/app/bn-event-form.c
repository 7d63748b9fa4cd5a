/* bn-event-form.c — organising a meetup, or changing one of mine
 *
 * Title, details, the day (a calendar) with a start and an end time, the
 * place in words, the kind, how many places (0: no limit), and whether it
 * repeats, until when. Times are Brussels time, as the protocol reads them.
 * Organise (or Save) writes on the writer; a problem comes back in words
 * under the form. ::done gives the meetup's ID. The header's Back leaves
 * without organising: no Cancel beside Organise, which with Large Text on a
 * phone made the form wider than the screen ("Annuleren", "Organiseren").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-event-form.h"
#include "bn-widget.h"
#include "bn-event-format.h"
#include "bn-rows.h"
#include "bn-date-words.h"
#include "bn-event-time.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnEventForm
{
  GtkWidget parent_instance;

  /* Children */
  AdwWindowTitle *title;
  AdwWindowTitle *short_title;   /* where the whole title does not fit */
  AdwEntryRow    *title_row;
  AdwEntryRow    *details_row;
  AdwEntryRow    *place_row;
  GtkCalendar    *day;
  GtkMenuButton  *day_button;
  GtkLabel       *day_words, *day_short_words;
  GtkSpinButton  *start_hour, *start_minute, *end_hour, *end_minute;
  AdwComboRow    *kind_row;
  GtkSpinButton  *capacity;
  AdwComboRow    *repeat_row;
  AdwActionRow   *until_row;
  GtkCalendar    *until;
  GtkMenuButton  *until_button;
  GtkLabel       *until_words, *until_short_words;
  GtkLabel       *problem;
  GtkButton      *submit_button;

  /* Owned */
  BnSession    *session;
  char         *edit_id;      /* the meetup being changed, or NULL for a new one */
  gboolean      writing;
};

G_DEFINE_FINAL_TYPE (BnEventForm, bn_event_form, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];
enum { DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const repeats[] = { "none", "weekly", "biweekly", "monthly", "monthly-nth", NULL };

static void
show_problem (BnEventForm *self, const char *problem)
{
  gtk_label_set_label (self->problem, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), problem != NULL);
}

/* The button shows the day, in full or in short; a screen reader hears the
 * row's word and the whole day ("Day: Wednesday 29 September"), since the
 * button's name replaces what it shows. */
static void
show_day (GtkCalendar *calendar, GtkLabel *words, GtkLabel *short_words, GtkMenuButton *button,
          const char *name_format)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *full = bn_event_format_day (day);
  g_autofree char *brief = bn_date_words_short_day (day);
  g_autofree char *name = g_strdup_printf (name_format, full);
  GtkWidget *toggle = gtk_widget_get_first_child (GTK_WIDGET (button));

  gtk_label_set_label (words, full);
  gtk_label_set_label (short_words, brief);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* GTK 4.8: the focus and the screen reader go to the menu button's own toggle. */
  if (toggle != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
update_day_labels (BnEventForm *self)
{
  /* Translators: the meetup's day button, for screen readers; %s is "Wednesday 29 September" */
  show_day (self->day, self->day_words, self->day_short_words, self->day_button, _("Day: %s"));
  /* Translators: the last repeat's day button, for screen readers; %s is "Wednesday 29 September" */
  show_day (self->until, self->until_words, self->until_short_words, self->until_button,
            _("Until %s"));
  gtk_widget_set_visible (GTK_WIDGET (self->until_row),
                          adw_combo_row_get_selected (self->repeat_row) > 0);
}

static void
set_calendar (GtkCalendar *calendar, GDateTime *when)
{
  gtk_calendar_select_day (calendar, when);
}

static char *
iso_time (GtkCalendar *day, GtkSpinButton *hour, GtkSpinButton *minute)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (day);

  /* No offset: Brussels time, which the protocol turns into an instant. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00", g_date_time_get_year (date),
                          g_date_time_get_month (date), g_date_time_get_day_of_month (date),
                          gtk_spin_button_get_value_as_int (hour),
                          gtk_spin_button_get_value_as_int (minute));
}

static char *
dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
created (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnEventForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  self->writing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), TRUE);
  if (self->edit_id != NULL)
    id = bn_session_write_finish (BN_SESSION (source), result, &error) ? g_strdup (self->edit_id) : NULL;
  else
    id = bn_session_create_event_finish (BN_SESSION (source), result, &error);
  if (id == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[DONE], 0, id);
}

/* Whether a meetup ending at @end (Brussels time) would be over before anyone saw it. */
static gboolean
is_over (const char *end)
{
  gint64 end_ms;

  return bn_event_time_parse (end, &end_ms) && end_ms <= g_get_real_time () / 1000;
}

/**
 * bn_event_form_submit:
 *
 * Returns: whether the meetup went to be written (%FALSE: a field needs filling in)
 */
gboolean
bn_event_form_submit (BnEventForm *self)
{
  g_autofree char *title = dup_text (self->title_row);
  g_autofree char *details = dup_text (self->details_row);
  g_autofree char *place = dup_text (self->place_row);
  g_autofree char *start = iso_time (self->day, self->start_hour, self->start_minute);
  g_autofree char *end = iso_time (self->day, self->end_hour, self->end_minute);
  g_autoptr(GDateTime) until_day = gtk_calendar_get_date (self->until);
  g_autofree char *until = g_date_time_format (until_day, "%Y-%m-%d");
  const char *const *kinds = bn_event_category_ids ();
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint repeat = adw_combo_row_get_selected (self->repeat_row);
  BnEventDraft draft = { 0 };

  if (self->writing)
    return FALSE;
  if (title == NULL || place == NULL)
    {
      show_problem (self, _("A meetup needs a title and a place, such as “the courtyard”."));
      return FALSE;
    }
  if (g_strcmp0 (end, start) <= 0)
    {
      show_problem (self, _("The end comes before the start; choose a later end time."));
      return FALSE;
    }
  if (self->edit_id == NULL && is_over (end))
    {
      show_problem (self, _("That time has already gone by; choose a later day or time."));
      return FALSE;
    }
  show_problem (self, NULL);
  draft.title = title;
  draft.details = details ? details : "";
  draft.start = start;
  draft.end = end;
  draft.place = place;
  draft.category = kind < g_strv_length ((GStrv) kinds) ? kinds[kind] : "other";
  draft.capacity = gtk_spin_button_get_value_as_int (self->capacity);
  draft.repeat = repeats[MIN (repeat, G_N_ELEMENTS (repeats) - 2)];
  draft.until = repeat > 0 ? until : NULL;
  self->writing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), FALSE);
  if (self->edit_id != NULL)
    bn_session_edit_event_async (self->session, self->edit_id, &draft, NULL, created,
                                 g_object_ref (self));
  else
    bn_session_create_event_async (self->session, &draft, NULL, created, g_object_ref (self));
  return TRUE;
}

static void
on_submit (BnEventForm *self)
{
  bn_event_form_submit (self);
}

static GDateTime *
brussels_time (gint64 ms)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Brussels");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_to_timezone (utc, zone ? zone : g_time_zone_new_local ());
}

/* The day a new meetup starts on: the next Saturday whose 10:00, Brussels
 * time, is still ahead. On a Saturday afternoon that is next week's: a form
 * that opens on a morning already gone would make a meetup nobody can come to. */
static GDateTime *
next_saturday_morning (void)
{
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  /* Brussels wall-clock time by the protocol's own rule, whatever zone the system is in. */
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_s + bn_brussels_offset_s (now_s));
  int days = (6 - g_date_time_get_day_of_week (now) + 7) % 7;

  if (days == 0 && g_date_time_get_hour (now) >= 10)
    days = 7;
  return g_date_time_add_days (now, days);
}

/* Empty for a new meetup (next Saturday, 10:00 to 12:00), or @edit_event_id's fields. */
void
bn_event_form_reset (BnEventForm *self,
                     const char  *edit_event_id)
{
  g_autoptr(BnEvent) event = edit_event_id ? bn_session_get_event (self->session, edit_event_id)
                                           : NULL;
  g_autoptr(GDateTime) start = event ? brussels_time (event->start_ms) : next_saturday_morning ();
  g_autoptr(GDateTime) end = event ? brussels_time (event->end_ms) : NULL;
  g_autoptr(GDateTime) until = g_date_time_add_months (start, 3);
  const char *const *kinds = bn_event_category_ids ();

  g_free (self->edit_id);
  self->edit_id = event ? g_strdup (edit_event_id) : NULL;
  adw_window_title_set_title (self->title, event ? _("Change the Meetup") : _("Organise a Meetup"));
  adw_window_title_set_title (self->short_title, event ? C_("short form title", "Edit")
                                                       : _("Meetup"));
  gtk_button_set_label (self->submit_button, event ? _("Save Changes") : _("Organise"));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), event ? event->title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->details_row),
                         event && event->details ? event->details : "");
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), event && event->place ? event->place : "");
  set_calendar (self->day, start);
  gtk_spin_button_set_value (self->start_hour, event ? g_date_time_get_hour (start) : 10);
  gtk_spin_button_set_value (self->start_minute, event ? g_date_time_get_minute (start) : 0);
  gtk_spin_button_set_value (self->end_hour, event ? g_date_time_get_hour (end) : 12);
  gtk_spin_button_set_value (self->end_minute, event ? g_date_time_get_minute (end) : 0);
  adw_combo_row_set_selected (self->kind_row, 0);
  for (guint i = 0; event != NULL && kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], event->category) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_spin_button_set_value (self->capacity, event ? event->capacity : 0);
  adw_combo_row_set_selected (self->repeat_row, 0);
  for (guint i = 0; event != NULL && repeats[i] != NULL; i++)
    if (g_strcmp0 (repeats[i], event->repeat) == 0)
      adw_combo_row_set_selected (self->repeat_row, i);
  set_calendar (self->until, until);
  if (event != NULL && event->until != NULL)
    {
      g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", event->until);
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);
      if (date != NULL)
        set_calendar (self->until, date);
    }
  show_problem (self, NULL);
  update_day_labels (self);
}

/* For tests and the story: fills the form as a person would. */
void
bn_event_form_fill (BnEventForm *self,
                    const char  *title,
                    const char  *place,
                    GDateTime   *start,
                    guint        minutes,
                    const char  *category,
                    guint        capacity)
{
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, minutes);
  const char *const *kinds = bn_event_category_ids ();

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), place);
  set_calendar (self->day, start);
  gtk_spin_button_set_value (self->start_hour, g_date_time_get_hour (start));
  gtk_spin_button_set_value (self->start_minute, g_date_time_get_minute (start));
  gtk_spin_button_set_value (self->end_hour, g_date_time_get_hour (end));
  gtk_spin_button_set_value (self->end_minute, g_date_time_get_minute (end));
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], category) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_spin_button_set_value (self->capacity, capacity);
  update_day_labels (self);
}

void
bn_event_form_grab_focus (BnEventForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkSpinButton *
spin (double max, double step, const char *name)
{
  GtkSpinButton *button = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, max, step));

  gtk_spin_button_set_wrap (button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (button), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

/* A row's title goes on two lines at a space, never inside a word: beside
 * the time's two spin buttons a phone with Large Text leaves a title about
 * 70 px, and libadwaita 1.2 breaks its titles anywhere ("Commen-ce"). */
static void
wrap_title_at_spaces (GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "title"))
        gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD);
      wrap_title_at_spaces (child);
    }
}

/* "Starts  [10] : [00]" */
static void
time_row (AdwPreferencesGroup *group, const char *title, GtkSpinButton **hour,
          GtkSpinButton **minute)
{
  GtkWidget *row = bn_action_row_new (title, NULL);
  g_autofree char *hour_name = g_strdup_printf (_("%s, hour"), title);
  g_autofree char *minute_name = g_strdup_printf (_("%s, minutes"), title);

  *hour = spin (23, 1, hour_name);
  *minute = spin (45, 15, minute_name);
  bn_spin_button_show_two_digits (*minute);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (*hour));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (":"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (*minute));
  wrap_title_at_spaces (row);
  adw_preferences_group_add (group, row);
}

/* The day in words where they fit, "Wednesday 29 September", else in short,
 * "Wed 29 Sep": the whole words beside "Until" made a phone with Large Text
 * 375 px wide. */
static GtkWidget *
day_words_new (GtkLabel **words, GtkLabel **short_words)
{
  GtkWidget *squeezer = adw_squeezer_new ();

  *words = GTK_LABEL (gtk_label_new (NULL));
  *short_words = GTK_LABEL (gtk_label_new (NULL));
  adw_squeezer_set_switch_threshold_policy (ADW_SQUEEZER (squeezer),
                                            ADW_FOLD_THRESHOLD_POLICY_NATURAL);
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), FALSE);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), GTK_WIDGET (*words));
  adw_squeezer_add (ADW_SQUEEZER (squeezer), GTK_WIDGET (*short_words));
  return squeezer;
}

static void
date_row (BnEventForm *self, AdwPreferencesGroup *group, const char *title, GtkCalendar **calendar,
          GtkMenuButton **button, GtkLabel **words, GtkLabel **short_words, AdwActionRow **row_out)
{
  GtkWidget *row = bn_action_row_new (title, NULL);
  GtkWidget *popover = gtk_popover_new ();

  *calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_swapped (*calendar, "day-selected", G_CALLBACK (update_day_labels), self);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (*calendar));
  *button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (*button, day_words_new (words, short_words));
  gtk_menu_button_set_always_show_arrow (*button, TRUE);
  gtk_menu_button_set_popover (*button, popover);
  gtk_widget_set_valign (GTK_WIDGET (*button), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*button), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (*button));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (*button));
  wrap_title_at_spaces (row);
  adw_preferences_group_add (group, row);
  if (row_out != NULL)
    *row_out = ADW_ACTION_ROW (row);
}

static AdwComboRow *
combo_row (AdwPreferencesGroup *group, const char *title, const char *const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char *const *) labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static GtkWidget *
make_form (BnEventForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  AdwPreferencesGroup *what = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *when = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *more = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *capacity_row = bn_action_row_new (_("Places"), _("0: as many as come"));
  const char *const *kinds = bn_event_category_ids ();
  g_autoptr(GStrvBuilder) kind_labels = g_strv_builder_new ();
  g_auto(GStrv) kind_strv = NULL;
  const char *repeat_labels[G_N_ELEMENTS (repeats)];

  adw_preferences_group_set_title (what, _("What and Where"));
  /* The example goes in the group's description, which wraps: an entry
   * row's title is cut on a phone with Large Text. */
  adw_preferences_group_set_description (what,
                                         _("A title such as “Coffee in the courtyard”, "
                                           "and where it is"));
  self->title_row = entry_row (what, _("Title"));
  /* A screen reader reads the field, not the group's description: its name
   * keeps the example. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->title_row),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Title, such as “Coffee in the courtyard”"), -1);
  self->place_row = entry_row (what, _("Place, in words"));
  self->details_row = entry_row (what, _("Details (optional)"));
  for (guint i = 0; kinds[i] != NULL; i++)
    g_strv_builder_add (kind_labels, bn_event_category_label (kinds[i]));
  kind_strv = g_strv_builder_end (kind_labels);
  self->kind_row = combo_row (what, _("Kind"), (const char *const *) kind_strv);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (what));

  adw_preferences_group_set_title (when, _("When"));
  adw_preferences_group_set_description (when, _("Brussels time"));
  date_row (self, when, _("Day"), &self->day, &self->day_button, &self->day_words,
            &self->day_short_words, NULL);
  time_row (when, _("Starts"), &self->start_hour, &self->start_minute);
  time_row (when, _("Ends"), &self->end_hour, &self->end_minute);
  for (guint i = 0; repeats[i] != NULL; i++)
    repeat_labels[i] = bn_event_format_repeat (repeats[i]);
  repeat_labels[G_N_ELEMENTS (repeats) - 1] = NULL;
  self->repeat_row = combo_row (when, _("Repeats"), repeat_labels);
  g_signal_connect_swapped (self->repeat_row, "notify::selected", G_CALLBACK (update_day_labels), self);
  date_row (self, when, _("Until"), &self->until, &self->until_button, &self->until_words,
            &self->until_short_words, &self->until_row);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (when));

  self->capacity = spin (500, 1, _("Places"));
  gtk_spin_button_set_wrap (self->capacity, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (capacity_row), GTK_WIDGET (self->capacity));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (capacity_row), GTK_WIDGET (self->capacity));
  /* The row names it now (a screen reader heard "Places Places"). */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->capacity), GTK_ACCESSIBLE_PROPERTY_LABEL);
  /* and its note ("0: as many as come") describes it. */
  bn_action_row_describe (ADW_ACTION_ROW (capacity_row));
  adw_preferences_group_add (more, capacity_row);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (more));

  self->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem, TRUE);
  gtk_label_set_xalign (self->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem));

  self->submit_button = GTK_BUTTON (gtk_button_new_with_label (_("Organise")));
  gtk_widget_add_css_class (GTK_WIDGET (self->submit_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->submit_button), "pill");
  g_signal_connect_swapped (self->submit_button, "clicked", G_CALLBACK (on_submit), self);
  gtk_widget_set_halign (GTK_WIDGET (self->submit_button), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->submit_button));
  /* Made after the window wrapped its own: "Save Changes" on two lines
   * rather than wider than a phone. */
  bn_widget_wrap_to_fit (box);

  return bn_scrolled_column_new (box, 640);
}

/* The whole title where it fits on one line, a short one where it does not
 * (a phone with Large Text: "Een ontmoeting organiseren" made the window
 * 376 px wide): never cut, never two lines in a wide window. */
static GtkWidget *
make_header (BnEventForm *self)
{
  GtkWidget *header = bn_back_header_new (_("Organise a Meetup"), &self->title);
  GtkWidget *squeezer = adw_squeezer_new ();

  self->short_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Meetup"), NULL));
  adw_squeezer_set_switch_threshold_policy (ADW_SQUEEZER (squeezer), ADW_FOLD_THRESHOLD_POLICY_NATURAL);
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), FALSE);
  g_object_ref (self->title);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), squeezer);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), GTK_WIDGET (self->title));
  adw_squeezer_add (ADW_SQUEEZER (squeezer), GTK_WIDGET (self->short_title));
  g_object_unref (self->title);
  return header;
}

static void
bn_event_form_init (BnEventForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), make_header (self));
  gtk_box_append (GTK_BOX (box), make_form (self));
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

static void
bn_event_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnEventForm *self = BN_EVENT_FORM (object);

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
bn_event_form_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  BnEventForm *self = BN_EVENT_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_event_form_dispose (GObject *object)
{
  BnEventForm *self = BN_EVENT_FORM (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  g_clear_pointer (&self->edit_id, g_free);

  G_OBJECT_CLASS (bn_event_form_parent_class)->dispose (object);
}

static void
bn_event_form_class_init (BnEventFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_event_form_get_property;
  object_class->set_property = bn_event_form_set_property;
  object_class->dispose = bn_event_form_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BnEventForm::done:
   * @event_id: (nullable): the meetup organised or changed, or %NULL when cancelled
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}
