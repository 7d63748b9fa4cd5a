/* bn-activity-page.c — my activity, and what is for me
 *
 * One place (win.activity, Ctrl+M, "My Activity" in the main menu): first
 * "For You", the open requests in what I like to help with (my profile's
 * talents) that I have not answered yet and the meetups coming up that I
 * have not answered; then my requests, my offers, what I help with and my
 * meetups, each with its state in a word. A row opens its post or meetup.
 * Read from the store while the page is on screen, again on the session's
 * ::changed; the rows are made again only when what they say changed, so a
 * screen reader's focus stays where it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-activity-page.h"
#include "bn-widget.h"
#include "bn-event-format.h"
#include "bn-format.h"
#include "bn-moderation.h"
#include "bn-rows.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* The sections, in the order they show. */
typedef enum {
  SECTION_FOR_YOU,
  SECTION_REQUESTS,
  SECTION_OFFERS,
  SECTION_HELPING,
  SECTION_MEETUPS,
  N_SECTIONS
} Section;

struct _BnActivityPage
{
  GtkWidget parent_instance;

  /* Children */
  GtkListBox   *lists[N_SECTIONS];
  GtkLabel     *for_you_empty;

  /* Owned */
  BnSession    *session;
  GSignalGroup *session_signals;
  char         *shown[N_SECTIONS];   /* what each list says, to leave its rows alone */
  guint         n_shown[N_SECTIONS];
};

G_DEFINE_FINAL_TYPE (BnActivityPage, bn_activity_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* One row: what it is, a line under it, its state in a word, and where it leads. */
typedef struct
{
  char       *title;
  char       *subtitle;
  const char *state;
  gboolean    muted;       /* a state that is over: withdrawn, cancelled */
  const char *icon;
  const char *action;      /* win.show-post or win.show-meetup */
  char       *target;
} Line;

static void
line_free (Line *line)
{
  g_free (line->title);
  g_free (line->subtitle);
  g_free (line->target);
  g_free (line);
}

static Line *
line_new (const char *title, char *subtitle, const char *state, const char *action,
          const char *target)
{
  Line *line = g_new0 (Line, 1);

  line->title = g_strdup (title != NULL ? title : "");
  line->subtitle = subtitle;
  line->state = state;
  line->action = action;
  line->target = g_strdup (target);
  return line;
}

static const char *
category_icon (const char *category)
{
  const BnCategory *found = bn_category_lookup (category);

  return found != NULL ? found->icon_name : NULL;
}

/* A post's title; a hidden one says so. */
static char *
post_title (const BnPost *post)
{
  if (post->hidden_by != NULL)
    return bn_moderation_dup_hidden_label (post->hidden_by_name, post->hidden_reason);
  return g_strdup (post->title);
}

/* The state of a post I wrote: Open, Matched, Done, Withdrawn. */
static Line *
my_post_line (const BnPost *post)
{
  g_autofree char *replies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reply",
                                                           "%u replies", post->n_replies),
                                              post->n_replies);
  g_autofree char *title = post_title (post);
  g_autofree char *helping = NULL;
  char *subtitle;
  Line *line;

  if (post->helper_name != NULL && g_strcmp0 (post->status, "matched") == 0)
    helping = g_strdup_printf (_("%s is helping you"), post->helper_name);
  subtitle = g_strdup_printf ("%s · %s", bn_category_label (post->category),
                              helping != NULL ? helping : replies);
  line = line_new (title, subtitle, bn_format_status (post->status), "win.show-post",
                   post->id);
  line->muted = g_strcmp0 (post->status, "withdrawn") == 0;
  line->icon = category_icon (post->category);
  return line;
}

/* What I help with, as it stands for me. */
static const char *
helping_state (const BnPost *post, const char *my_id)
{
  gboolean chosen = g_strcmp0 (post->helper, my_id) == 0;

  if (g_strcmp0 (post->status, "withdrawn") == 0)
    return bn_format_status ("withdrawn");
  if (chosen && g_strcmp0 (post->status, "done") == 0)
    return bn_format_status ("done");
  if (chosen)
    return _("You are helping");
  if (post->helper != NULL || g_strcmp0 (post->status, "open") != 0)
    return _("Someone else is helping");
  return _("Waiting for their answer");
}

static Line *
others_post_line (const BnPost *post, const char *my_id, const char *state)
{
  g_autofree char *who = bn_format_who (post, my_id);
  g_autofree char *title = post_title (post);
  Line *line = line_new (title, g_strdup_printf ("%s · %s", bn_category_label (post->category),
                                                        who),
                         state, "win.show-post", post->id);

  line->muted = g_strcmp0 (post->status, "withdrawn") == 0;
  line->icon = category_icon (post->category);
  return line;
}

/* My answer to a meetup, in a word: the meetups page's words. */
static const char *
meetup_state (const BnEvent *event, const char *my_id)
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

static Line *
meetup_line (const BnEvent *event, const char *state)
{
  g_autofree char *when = bn_event_format_when (event);
  Line *line = line_new (event->title, event->place != NULL && *event->place != '\0'
                                         ? g_strdup_printf ("%s · %s", when, event->place)
                                         : g_strdup (when),
                         state, "win.show-meetup", event->id);

  line->muted = event->cancelled;
  line->icon = "x-office-calendar-symbolic";
  return line;
}

static gboolean
is_mine (const BnEvent *event, const char *my_id)
{
  return g_strcmp0 (event->organiser, my_id) == 0 || g_strcmp0 (event->my_answer, "yes") == 0
         || g_strcmp0 (event->my_answer, "maybe") == 0;
}

/* Fills the sections' lines from the store, as it stands now. */
static void
read_lines (BnActivityPage *self, GPtrArray *lines[N_SECTIONS])
{
  const char *my_id = bn_session_get_peer_id (self->session);
  g_autoptr(GPtrArray) mine = bn_session_list_my_posts (self->session);
  g_autoptr(GPtrArray) helping = bn_session_list_helping (self->session);
  g_autoptr(GPtrArray) for_you = bn_session_list_for_you (self->session);
  g_autoptr(GPtrArray) events = bn_session_list_events (self->session);

  for (guint s = 0; s < N_SECTIONS; s++)
    lines[s] = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  for (guint i = 0; i < for_you->len; i++)
    g_ptr_array_add (lines[SECTION_FOR_YOU],
                     others_post_line (g_ptr_array_index (for_you, i), my_id, _("Open")));
  for (guint i = 0; i < mine->len; i++)
    {
      const BnPost *post = g_ptr_array_index (mine, i);
      Section section = g_strcmp0 (post->kind, "offer") == 0 ? SECTION_OFFERS : SECTION_REQUESTS;
      g_ptr_array_add (lines[section], my_post_line (post));
    }
  for (guint i = 0; i < helping->len; i++)
    {
      const BnPost *post = g_ptr_array_index (helping, i);
      g_ptr_array_add (lines[SECTION_HELPING],
                       others_post_line (post, my_id, helping_state (post, my_id)));
    }
  /* Meetups to come only: mine with their state, the others' I have not answered. */
  for (guint i = 0; i < events->len; i++)
    {
      const BnEvent *event = g_ptr_array_index (events, i);

      if (event->next_start_ms <= 0)
        continue;
      if (is_mine (event, my_id))
        g_ptr_array_add (lines[SECTION_MEETUPS], meetup_line (event, meetup_state (event, my_id)));
      else if (!event->cancelled && event->my_answer == NULL)
        g_ptr_array_add (lines[SECTION_FOR_YOU], meetup_line (event, NULL));
    }
}

static GtkWidget *
make_row (const Line *line)
{
  GtkWidget *row = bn_action_row_new (line->title, line->subtitle);

  if (line->icon != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), line->icon);
  if (line->state != NULL)
    {
      GtkWidget *badge = gtk_label_new (line->state);

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_label_set_wrap (GTK_LABEL (badge), TRUE);
      gtk_label_set_justify (GTK_LABEL (badge), GTK_JUSTIFY_RIGHT);
      gtk_label_set_max_width_chars (GTK_LABEL (badge), 14);
      gtk_widget_add_css_class (badge, "bn-status");
      gtk_widget_add_css_class (badge, "caption");
      if (line->muted)
        gtk_widget_add_css_class (badge, "withdrawn");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "bn-action", (gpointer) line->action);
  g_object_set_data_full (G_OBJECT (row), "bn-target", g_strdup (line->target), g_free);
  return row;
}

static char *
describe (GPtrArray *lines)
{
  GString *said = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = g_ptr_array_index (lines, i);
      g_string_append_printf (said, "%s\t%s\t%s\t%s\t%s\n", line->target, line->title,
                              line->subtitle, line->state ? line->state : "", line->action);
    }
  return g_string_free (said, FALSE);
}

static void
fill_list (BnActivityPage *self, Section section, GPtrArray *lines)
{
  g_autofree char *said = describe (lines);
  GtkListBoxRow *row;

  if (g_strcmp0 (said, self->shown[section]) == 0)
    return;
  g_free (self->shown[section]);
  self->shown[section] = g_steal_pointer (&said);
  while ((row = gtk_list_box_get_row_at_index (self->lists[section], 0)) != NULL)
    gtk_list_box_remove (self->lists[section], GTK_WIDGET (row));
  for (guint i = 0; i < lines->len; i++)
    gtk_list_box_append (self->lists[section], make_row (g_ptr_array_index (lines, i)));
  self->n_shown[section] = lines->len;
}

/* "For You" empty says what would fill it: talents in the profile. */
static void
update_for_you_empty (BnActivityPage *self)
{
  g_autoptr(BnProfile) profile = bn_session_get_my_profile (self->session);
  gboolean has_talents = profile != NULL && profile->talents != NULL && profile->talents[0] != NULL;

  gtk_label_set_label (self->for_you_empty,
                       has_talents
                         ? _("No open requests in what you like to help with right now, and no new meetups coming up.")
                         : _("Say what you like to help with in Preferences, and the requests that match show here."));
}

static void
show_activity (BnActivityPage *self)
{
  GPtrArray *lines[N_SECTIONS];

  if (self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  read_lines (self, lines);
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      fill_list (self, s, lines[s]);
      g_ptr_array_unref (lines[s]);
    }
  update_for_you_empty (self);
}

/**
 * bn_activity_page_get_n_shown:
 * @section: 0 "For You", 1 my requests, 2 my offers, 3 what I help with, 4 my meetups
 *
 * Returns: how many rows the section shows
 */
guint
bn_activity_page_get_n_shown (BnActivityPage *self,
                              guint           section)
{
  g_return_val_if_fail (BN_IS_ACTIVITY_PAGE (self) && section < N_SECTIONS, 0);

  return self->n_shown[section];
}

/* Brings the rows up to date now (they are read while the page is on screen). */
void
bn_activity_page_refresh (BnActivityPage *self)
{
  show_activity (self);
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, BnActivityPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), g_object_get_data (G_OBJECT (row), "bn-action"),
                              "s", g_object_get_data (G_OBJECT (row), "bn-target"));
}

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

/* A heading, a line saying what is in it, and its boxed list. */
static GtkWidget *
make_section (BnActivityPage *self, Section section, const char *heading,
              const char *description, const char *empty)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *placeholder = make_placeholder (empty);
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (box), title);
  if (description != NULL)
    {
      GtkWidget *words = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (words), 0);
      gtk_label_set_wrap (GTK_LABEL (words), TRUE);
      gtk_widget_add_css_class (words, "dim-label");
      gtk_box_append (GTK_BOX (box), words);
    }
  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (list, placeholder);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated), self, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));
  self->lists[section] = list;
  if (section == SECTION_FOR_YOU)
    self->for_you_empty = GTK_LABEL (placeholder);
  return box;
}

static GtkWidget *
make_header (void)
{
  return bn_back_header_new (_("My Activity"), NULL);
}

static void
bn_activity_page_init (BnActivityPage *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  gtk_box_append (GTK_BOX (box),
                  make_section (self, SECTION_FOR_YOU, _("For You"),
                                _("Open requests in what you like to help with, and meetups coming up."),
                                ""));
  gtk_box_append (GTK_BOX (box),
                  make_section (self, SECTION_REQUESTS, _("My Requests"), NULL,
                                _("You have not asked for anything yet. Neighbours like to help: asking is how it starts.")));
  gtk_box_append (GTK_BOX (box),
                  make_section (self, SECTION_OFFERS, _("My Offers"), NULL,
                                _("You have not offered anything yet.")));
  gtk_box_append (GTK_BOX (box),
                  make_section (self, SECTION_HELPING, _("What I Help With"), NULL,
                                _("When you say “I can help” to a request, it shows here.")));
  gtk_box_append (GTK_BOX (box),
                  make_section (self, SECTION_MEETUPS, _("My Meetups"), NULL,
                                _("The meetups you organise, or said yes or maybe to, show here.")));
  gtk_box_append (GTK_BOX (outer), make_header ());
  gtk_box_append (GTK_BOX (outer), bn_scrolled_column_new (box, 720));
  gtk_widget_set_parent (outer, GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (show_activity), self);
  g_signal_connect (self, "map", G_CALLBACK (show_activity), NULL);
}

static void
bn_activity_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnActivityPage *self = BN_ACTIVITY_PAGE (object);

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
bn_activity_page_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  BnActivityPage *self = BN_ACTIVITY_PAGE (object);

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
bn_activity_page_dispose (GObject *object)
{
  BnActivityPage *self = BN_ACTIVITY_PAGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  for (guint s = 0; s < N_SECTIONS; s++)
    g_clear_pointer (&self->shown[s], g_free);

  G_OBJECT_CLASS (bn_activity_page_parent_class)->dispose (object);
}

static void
bn_activity_page_class_init (BnActivityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_activity_page_get_property;
  object_class->set_property = bn_activity_page_set_property;
  object_class->dispose = bn_activity_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}
