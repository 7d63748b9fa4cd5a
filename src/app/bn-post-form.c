/* bn-post-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-form-private.h"
#include "bn-category-picker.h"
#include "bn-date-words.h"
#include "bn-format.h"
#include "bn-rows.h"
#include "bn-widget.h"
#include "bn-post-page.h"
#include "bn-window-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

enum { VISIBLE_TO_ALL, VISIBLE_TO_CONNECTORS, VISIBLE_TO_CHOSEN };

G_DEFINE_FINAL_TYPE (BnPostForm, bn_post_form, GTK_TYPE_WIDGET)

enum { DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
is_offer (BnPostForm *self)
{
  return g_strcmp0 (self->kind, "offer") == 0;
}

static char *
dup_title (BnPostForm *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
}

/* A problem with what the form holds is said where it is seen and heard:
 * under the control it is about, scrolled into view, with the focus moved to
 * that control and announced (the label is an alert, and the control is
 * described by it, so it is heard again there). libadwaita 1.2 does not
 * announce toasts. */

static void
clear_problem (BnPostForm *self)
{
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  if (self->problem_control != NULL)
    bn_widget_describe_problem (self->problem_control, NULL);
  if (self->problem_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  self->problem_section = NULL;
  self->problem_control = NULL;
  self->problem_label = NULL;
}

static double
bottom_of (GtkWidget *widget,
           GtkWidget *content)
{
  graphene_rect_t bounds;

  if (widget == NULL || !gtk_widget_compute_bounds (widget, content, &bounds))
    return 0;
  return bounds.origin.y + bounds.size.height;
}

/* Scrolls as little as needed to show the problem's section from its top
 * down to its words and its control, or the top first when they do not fit. */
static void
scroll_to_problem_now (BnPostForm *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  graphene_rect_t section;
  double from, to;

  if (!gtk_widget_compute_bounds (self->problem_section, content, &section))
    return;
  from = section.origin.y - 12;
  to = MAX (bottom_of (GTK_WIDGET (self->problem_label), content),
            bottom_of (self->problem_control, content)) + 12;
  if (to - from > page || from < value)
    value = from;
  else if (to > value + page)
    value = to - page;
  gtk_adjustment_set_value (adjustment, value);
}

/* The words were only just shown: scroll once they have their place. */
static gboolean
scroll_to_problem (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  BnPostForm *self = BN_POST_FORM (widget);

  if (self->problem_label == NULL)
    return G_SOURCE_REMOVE;
  if (gtk_widget_get_height (GTK_WIDGET (self->problem_label)) == 0)
    return G_SOURCE_CONTINUE;
  scroll_to_problem_now (self);
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

/* @section: what to bring into view, from its top down to @label (its heading
 * too, so the person sees what the problem is about)
 * @control: (nullable): what needs attention; none for a problem of the
 * whole post, said at the bottom of the form */
static void
show_problem (BnPostForm *self,
              GtkWidget  *section,
              GtkWidget  *control,
              GtkLabel   *label,
              const char *message)
{
  clear_problem (self);
  self->problem_section = section;
  self->problem_control = control;
  self->problem_label = label;
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (control != NULL)
    {
      bn_widget_describe_problem (control, label);
      if (!gtk_widget_grab_focus (control))
        gtk_widget_child_focus (control, GTK_DIR_TAB_FORWARD);
    }
  self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_problem,
                                                    NULL, NULL);
}

static GStrv       chosen_people (BnPostForm *self);
static const char *visibility_id (BnPostForm *self);

static guint
visibility_choice (BnPostForm *self)
{
  if (gtk_check_button_get_active (self->people_check))
    return VISIBLE_TO_CHOSEN;
  if (gtk_check_button_get_active (self->connectors_check) && !self->connectors_hidden)
    return VISIBLE_TO_CONNECTORS;
  return VISIBLE_TO_ALL;
}

static void
select_visibility (BnPostForm *self, guint choice)
{
  if (self->connectors_hidden && choice == VISIBLE_TO_CONNECTORS)
    choice = VISIBLE_TO_ALL;
  gtk_check_button_set_active (choice == VISIBLE_TO_CHOSEN ? self->people_check
                               : choice == VISIBLE_TO_CONNECTORS ? self->connectors_check
                               : self->everyone_check, TRUE);
}

static gboolean anyone_is_connector (BnPostForm *self);

/* Offers "Only the connectors" only when someone else is one: otherwise no one
 * would read the post. */
static void
offer_connectors_if_any (BnPostForm *self)
{
  guint choice = visibility_choice (self);

  self->connectors_hidden = !anyone_is_connector (self);
  gtk_widget_set_visible (self->connectors_row, !self->connectors_hidden);
  select_visibility (self, choice);
}

/* Returns: (transfer full) (nullable): "Seen by Connie and Karim" for a post
 * shown only to the connectors or to chosen people (me left out); %NULL for
 * one the whole neighbourhood sees, or when no one else is named */
static char *
dup_seen_by (BnPostForm        *self,
             const char        *visibility,
             const char *const *people)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  const char *me = bn_session_get_peer_id (self->session);

  if (g_strcmp0 (visibility, "connectors") == 0)
    {
      g_autoptr(GPtrArray) connectors = bn_session_list_connectors (self->session);
      for (guint i = 0; i < connectors->len; i++)
        {
          const BnProfile *connector = g_ptr_array_index (connectors, i);
          if (g_strcmp0 (connector->peer_id, me) != 0 && connector->name != NULL)
            g_strv_builder_add (builder, connector->name);
        }
    }
  else if (g_strcmp0 (visibility, "people") == 0)
    for (guint i = 0; people != NULL && people[i] != NULL; i++)
      {
        const BnProfile *person = bn_session_lookup_profile (self->session, people[i]);
        if (person != NULL && person->name != NULL)
          g_strv_builder_add (builder, person->name);
      }
  names = g_strv_builder_end (builder);
  return names[0] != NULL ? bn_format_seen_by ((const char *const *) names) : NULL;
}

/* Under "Show it to": whom a discreet post reaches, by name. */
static void
update_seen_by (BnPostForm *self)
{
  g_auto(GStrv) people = NULL;
  g_autofree char *seen_by = NULL;
  const char *visibility = NULL;

  if (self->session != NULL)
    {
      visibility = visibility_id (self);
      people = chosen_people (self);
      seen_by = dup_seen_by (self, visibility, (const char *const *) people);
    }
  gtk_label_set_label (self->seen_by_label, seen_by ? seen_by : "");
  gtk_widget_set_visible (GTK_WIDGET (self->seen_by_label), seen_by != NULL);
}

static void
on_changed (BnPostForm *self)
{
  g_autofree char *title = dup_title (self);
  gboolean chosen = visibility_choice (self) == VISIBLE_TO_CHOSEN;

  /* Only the title gates the button: a missing category is said in words
   * when the button is pressed, rather than by a button that does nothing.
   * While the post is being stored, it waits. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button),
                            *title != '\0' && self->posting == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->people_list), chosen);
  update_seen_by (self);
  clear_problem (self);
}

/* The button shows the day; a screen reader hears what it does, and the day. */
static void
show_day (BnPostForm *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *label = bn_date_words_short_day (day);
  g_autofree char *full = bn_date_words_day (day);
  /* Translators: the day button's name for screen readers; %s is "Friday 4 December" */
  g_autofree char *name = g_strdup_printf (_("Choose the day: %s"), full);
  GtkWidget *toggle = gtk_widget_get_first_child (GTK_WIDGET (self->day_button));

  gtk_menu_button_set_label (self->day_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* GTK 4.8: the focus and the screen reader go to the menu button's own toggle. */
  if (toggle != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_day_toggled (BnPostForm *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->time_row),
                            gtk_check_button_get_active (self->day_check));
  clear_problem (self);
}

static gboolean day_has_passed (BnPostForm *self);

/* Only a day the person picks counts as chosen. GtkCalendar cannot refuse
 * past days, so one is said to have passed as soon as it is picked. */
static void
on_day_selected (BnPostForm *self)
{
  gtk_check_button_set_active (self->day_check, TRUE);
  show_day (self);
  gtk_menu_button_popdown (self->day_button);
  if (day_has_passed (self))
    show_problem (self, GTK_WIDGET (self->when_group), GTK_WIDGET (self->day_button),
                  self->when_error,
                  _("That day has passed: choose today or a later day, or “Whenever it suits”"));
}

/* Shows @day in the calendar without choosing it: the calendar emits
 * ::day-selected for any change of day, the form's own included. */
static void
show_day_unchosen (BnPostForm *self,
                   GDateTime  *day)
{
  g_signal_handlers_block_by_func (self->calendar, on_day_selected, self);
  gtk_calendar_select_day (self->calendar, day);
  g_signal_handlers_unblock_by_func (self->calendar, on_day_selected, self);
  show_day (self);
}

static GtkWidget *
make_person_row (BnPostForm *self, const BnProfile *profile)
{
  GtkWidget *row = bn_action_row_new (profile->name, bn_format_proximity (profile->proximity));
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  profile->name ? profile->name : "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  bn_action_row_describe (ADW_ACTION_ROW (row));   /* how near they live */
  g_object_set_data_full (G_OBJECT (row), "bn-peer-id", g_strdup (profile->peer_id), g_free);
  g_object_set_data (G_OBJECT (row), "bn-check", check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (update_seen_by), self, G_CONNECT_SWAPPED);
  return row;
}

/* The neighbours one can choose, from the session's model. */
static void
fill_people (BnPostForm *self)
{
  GListModel *neighbours = bn_session_get_neighbours (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->people_list))) != NULL)
    gtk_list_box_remove (self->people_list, child);
  for (guint i = 0; i < g_list_model_get_n_items (neighbours); i++)
    {
      g_autoptr(BnProfileItem) item = g_list_model_get_item (neighbours, i);
      const BnProfile *profile = bn_profile_item_get_profile (item);

      if (profile->proximity != BN_PROXIMITY_ME)
        gtk_list_box_append (self->people_list, make_person_row (self, profile));
    }
}

static GStrv
chosen_people (BnPostForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->people_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "bn-check");
      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), "bn-peer-id"));
    }
  return g_strv_builder_end (builder);
}

static void
set_labels (BnPostForm *self)
{
  gboolean offer = is_offer (self);
  gboolean editing = self->edit_post_id != NULL;

  if (editing)
    adw_window_title_set_title (self->window_title, offer ? _("Edit Your Offer") : _("Edit Your Request"));
  else
    adw_window_title_set_title (self->window_title, offer ? _("Offer Help") : _("Ask for Help"));
  /* Translators: the form's title where the whole one does not fit (a phone
   * with large text, about 13 letters of room); keep it to one short word */
  if (editing)
    adw_window_title_set_title (self->short_title, C_("short form title", "Edit"));
  else
    adw_window_title_set_title (self->short_title, offer ? C_("short form title", "Offer")
                                                         : C_("short form title", "Request"));
  gtk_button_set_label (self->submit_button, editing ? _("Save") : offer ? _("Offer") : _("Ask"));
  gtk_label_set_label (self->intro,
                       offer ? _("Everyone has something to give. What would you like to share?")
                             : _("Small things count. Your neighbours like to help."));
  adw_preferences_group_set_description (self->title_group,
                                         offer ? _("For example “Help with your bike”")
                                               : _("For example “Groceries on Saturday”"));
  gtk_widget_set_visible (GTK_WIDGET (self->behalf_group), !offer);
  /* Who may read a post is sealed into it when it is first posted. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->visibility_group), !editing);
}

static void
fill_from_post (BnPostForm *self, const BnPost *post)
{
  const char *ids[] = { post->category, NULL };
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details);

  bn_category_picker_set_selected (self->picker, ids);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), post->title ? post->title : "");
  gtk_text_buffer_set_text (buffer, post->body ? post->body : "", -1);
  if (post->when != NULL && g_ascii_isdigit (post->when[0]))
    {
      int y, m, d, hour, minute;
      if (sscanf (post->when, "%4d-%2d-%2d", &y, &m, &d) == 3)
        {
          g_autoptr(GDateTime) day = g_date_time_new_local (y, m, d, 12, 0, 0);
          if (day != NULL)
            show_day_unchosen (self, day);
          gtk_check_button_set_active (self->day_check, TRUE);
        }
      if (sscanf (post->when, "%*4d-%*2d-%*2dT%2d:%2d", &hour, &minute) == 2)
        {
          g_autofree char *time = g_strdup_printf ("%02d:%02d", hour, minute);
          gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
        }
    }
  if (g_strcmp0 (post->visibility, "connectors") == 0)
    select_visibility (self, VISIBLE_TO_CONNECTORS);
  else if (g_strcmp0 (post->visibility, "people") == 0)
    select_visibility (self, VISIBLE_TO_CHOSEN);
  if (post->on_behalf_of != NULL && *post->on_behalf_of)
    {
      adw_expander_row_set_enable_expansion (self->behalf_row, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->behalf_entry), post->on_behalf_of);
    }
}

/**
 * bn_post_form_reset:
 * @kind: "request" or "offer"
 * @edit_post_id: (nullable): my post to edit
 *
 * Clears the form (or fills it from the post to edit).
 */
void
bn_post_form_reset (BnPostForm *self,
                    const char *kind,
                    const char *edit_post_id)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  BnPostItem *post = NULL;

  clear_problem (self);   /* before the people it may be about go */
  g_clear_object (&self->posting);   /* a post still on its way no longer leads here */
  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_free (self->edit_post_id);
  self->edit_post_id = g_strdup (edit_post_id);

  bn_category_picker_set_selected (self->picker, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->details), "", -1);
  show_day_unchosen (self, today);
  gtk_check_button_set_active (self->flexible_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), "");
  select_visibility (self, VISIBLE_TO_ALL);
  adw_expander_row_set_enable_expansion (self->behalf_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->behalf_entry), "");
  if (self->session != NULL)
    {
      /* The neighbours and the post as the store has them now. */
      bn_session_refresh (self->session);
      fill_people (self);
      offer_connectors_if_any (self);
      post = bn_session_lookup_post (self->session, edit_post_id);
    }
  if (post != NULL)
    fill_from_post (self, bn_post_item_get_post (post));
  set_labels (self);
  on_changed (self);
}

void
bn_post_form_select_visibility (BnPostForm *self,
                                const char *visibility)
{
  if (g_strcmp0 (visibility, "connectors") == 0)
    select_visibility (self, VISIBLE_TO_CONNECTORS);
  else if (g_strcmp0 (visibility, "people") == 0)
    select_visibility (self, VISIBLE_TO_CHOSEN);
  else
    select_visibility (self, VISIBLE_TO_ALL);
}

void
bn_post_form_grab_focus (BnPostForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

/* Fills in what a person types first; the rest keeps its defaults. */
void
bn_post_form_fill (BnPostForm *self,
                   const char *category,
                   const char *title,
                   const char *details)
{
  const char *ids[] = { category, NULL };

  bn_category_picker_set_selected (self->picker, ids);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->details), details ? details : "", -1);
}

/* "14:30", "14.30", "14u30", "14h30", "9:05" or "14": whichever way a person
 * writes a time of day. */
static gboolean
parse_time_of_day (const char *text,
                   int        *hour,
                   int        *minute)
{
  char separator = 0, rest = 0;
  int n;

  *minute = 0;
  n = sscanf (text, "%2d%c%2d%c", hour, &separator, minute, &rest);
  if (n == 1 || (n == 2 && (separator == 'h' || separator == 'u')))
    *minute = 0;
  else if (n != 3 || !strchr (":.hu", separator))
    return FALSE;
  return *hour >= 0 && *hour <= 23 && *minute >= 0 && *minute <= 59;
}

static char *
dup_time_text (BnPostForm *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->time_row))));
}

/* Returns: (transfer full) (nullable): "flexible", "2026-12-05" or
 * "2026-12-05T14:30"; %NULL when the time cannot be read */
static char *
dup_when (BnPostForm *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *time = dup_time_text (self);
  g_autofree char *date = NULL;
  int hour, minute;

  if (!gtk_check_button_get_active (self->day_check))
    return g_strdup ("flexible");
  day = gtk_calendar_get_date (self->calendar);
  date = g_date_time_format (day, "%Y-%m-%d");
  if (*time == '\0')
    return g_steal_pointer (&date);
  if (!parse_time_of_day (time, &hour, &minute))
    return NULL;
  return g_strdup_printf ("%sT%02d:%02d", date, hour, minute);
}

static gboolean
day_has_passed (BnPostForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *chosen = g_date_time_format (day, "%Y-%m-%d");

  return strcmp (chosen, today) < 0;
}

static const char *
visibility_id (BnPostForm *self)
{
  switch (visibility_choice (self))
    {
    case VISIBLE_TO_CONNECTORS:
      return "connectors";
    case VISIBLE_TO_CHOSEN:
      return "people";
    default:
      return "neighbourhood";
    }
}

static gboolean
anyone_is_connector (BnPostForm *self)
{
  GListModel *neighbours = bn_session_get_neighbours (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (neighbours); i++)
    {
      g_autoptr(BnProfileItem) item = g_list_model_get_item (neighbours, i);
      const BnProfile *profile = bn_profile_item_get_profile (item);
      if (profile->connector && profile->proximity != BN_PROXIMITY_ME)
        return TRUE;
    }
  return FALSE;
}

/* Checks what the core would refuse, so the problem is said next to its
 * control rather than under the whole form. */
static gboolean
check_choices (BnPostForm        *self,
               const BnPostDraft *draft)
{
  if (draft->category == NULL)
    {
      show_problem (self, self->category_section, GTK_WIDGET (self->picker), self->category_error,
                    _("Choose what it is about: pick one of the categories above."));
      return FALSE;
    }
  if (draft->when == NULL)
    {
      show_problem (self, GTK_WIDGET (self->when_group), GTK_WIDGET (self->time_row),
                    self->when_error, _("Write the time like 14:30, or leave it empty"));
      return FALSE;
    }
  if (gtk_check_button_get_active (self->day_check) && day_has_passed (self))
    {
      show_problem (self, GTK_WIDGET (self->when_group), GTK_WIDGET (self->day_button),
                    self->when_error,
                    _("That day has passed: choose today or a later day, or “Whenever it suits”"));
      return FALSE;
    }
  if (adw_expander_row_get_enable_expansion (self->behalf_row) && !is_offer (self)
      && draft->on_behalf_of == NULL)
    {
      show_problem (self, GTK_WIDGET (self->behalf_group), GTK_WIDGET (self->behalf_entry),
                    self->behalf_error,
                    _("Say who it is for, or switch off “I’m asking for someone else”"));
      return FALSE;
    }
  if (self->edit_post_id != NULL)
    return TRUE;   /* who may read it was settled when it was posted */
  if (g_str_equal (draft->visibility, "people") && draft->to[0] == NULL)
    {
      GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->people_list));
      show_problem (self, GTK_WIDGET (self->visibility_group),
                    first ? first : GTK_WIDGET (self->people_check), self->visibility_error,
                    _("Choose at least one neighbour who may see this"));
      return FALSE;
    }
  if (g_str_equal (draft->visibility, "connectors") && !anyone_is_connector (self))
    {
      show_problem (self, GTK_WIDGET (self->visibility_group), GTK_WIDGET (self->connectors_check),
                    self->visibility_error,
                    _("This neighbourhood has no connectors yet; choose who may see it instead"));
      return FALSE;
    }
  return TRUE;
}

static void
set_posting (BnPostForm *self, GCancellable *posting)
{
  g_set_object (&self->posting, posting);
  on_changed (self);
}

/* One post or edit on its way to the store. */
typedef struct
{
  BnPostForm   *form;       /* Owned */
  GCancellable *posting;    /* Owned: the form's, while it waits for this one */
  char         *edit_id;
  char         *seen_by;    /* who will see it, for a discreet post; or NULL */
} Posting;

static void
posting_free (Posting *posting)
{
  g_object_unref (posting->form);
  g_object_unref (posting->posting);
  g_free (posting->edit_id);
  g_free (posting->seen_by);
  g_free (posting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Posting, posting_free)

/* The post is stored (or could not be): say so, and move on to it. */
static void
posted (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Posting) posting = user_data;
  BnPostForm *self = posting->form;
  BnSession *session = BN_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GtkRoot *root;

  if (posting->edit_id == NULL)
    id = bn_session_publish_post_finish (session, result, &error);
  else if (bn_session_write_finish (session, result, &error))
    id = g_strdup (posting->edit_id);
  /* Gone, or reset for another post meanwhile: it is stored all the same. */
  if (self->posting != posting->posting)
    return;
  set_posting (self, NULL);
  if (id == NULL)
    {
      show_problem (self, GTK_WIDGET (self->error_label), NULL, self->error_label, error->message);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  g_signal_emit (self, signals[DONE], 0, id);
  /* Said on the post's page, which the window now shows, with the focus
   * there: libadwaita 1.2 does not announce toasts. */
  if (BN_IS_WINDOW (root))
    {
      g_autofree char *discreet = NULL;

      if (posting->seen_by != NULL && self->edit_post_id == NULL)
        /* Translators: %s is "Seen by Connie and Karim" */
        discreet = g_strdup_printf (is_offer (self) ? _("Your offer is out. %s.")
                                                    : _("Your request is out. %s."),
                                    posting->seen_by);
      bn_post_page_announce (BN_WINDOW (root)->post_page,
                             discreet ? discreet
                             : self->edit_post_id ? _("Saved.")
                             : is_offer (self) ? _("Your offer is out. Neighbours nearby will see it.")
                             : _("Your request is out. Neighbours nearby will see it."));
    }
}

/**
 * bn_post_form_submit:
 *
 * Posts (or saves) what the form holds, on the session's writer. When it is
 * stored, emits ::done with the post's ID; a problem is shown under the form.
 *
 * Returns: whether it was sent: %FALSE when the form says what is missing
 */
gboolean
bn_post_form_submit (BnPostForm *self)
{
  g_autofree char *title = dup_title (self);
  g_autofree char *when = dup_when (self);
  g_autofree char *body = NULL;
  g_autofree char *behalf = NULL;
  g_auto(GStrv) people = chosen_people (self);
  Posting *posting;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details);
  GtkTextIter start, end;
  BnPostDraft draft = { 0 };

  if (self->posting != NULL)
    return FALSE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (adw_expander_row_get_enable_expansion (self->behalf_row) && !is_offer (self))
    behalf = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->behalf_entry))));

  draft.kind = self->kind;
  draft.category = bn_category_picker_get_selected_one (self->picker);
  draft.title = title;
  draft.body = *body ? body : NULL;
  draft.when = when;
  draft.visibility = visibility_id (self);
  draft.to = (const char *const *) people;
  draft.on_behalf_of = behalf && *behalf ? behalf : NULL;

  if (!check_choices (self, &draft))
    return FALSE;
  posting = g_new0 (Posting, 1);
  posting->form = g_object_ref (self);
  posting->posting = g_cancellable_new ();
  posting->edit_id = g_strdup (self->edit_post_id);
  posting->seen_by = dup_seen_by (self, draft.visibility, draft.to);
  set_posting (self, posting->posting);
  /* Not cancellable by leaving the form: what was sent is stored. */
  if (posting->edit_id != NULL)
    bn_session_edit_post_async (self->session, posting->edit_id, &draft, NULL, posted, posting);
  else
    bn_session_publish_post_async (self->session, &draft, NULL, posted, posting);
  return TRUE;
}

static void
on_submit_clicked (BnPostForm *self)
{
  bn_post_form_submit (self);
}

static void
submit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bn_post_form_submit (BN_POST_FORM (widget));
}

static void
bn_post_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnPostForm *self = BN_POST_FORM (object);

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
bn_post_form_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  BnPostForm *self = BN_POST_FORM (object);

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
bn_post_form_dispose (GObject *object)
{
  BnPostForm *self = BN_POST_FORM (object);

  clear_problem (self);
  g_clear_object (&self->posting);
  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_POST_FORM);
  g_clear_object (&self->session);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->edit_post_id, g_free);

  G_OBJECT_CLASS (bn_post_form_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnPostForm, name)

static void
bn_post_form_class_init (BnPostFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_post_form_get_property;
  object_class->set_property = bn_post_form_set_property;
  object_class->dispose = bn_post_form_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BnPostForm::done:
   * @post_id: (nullable): the post posted or saved
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (BN_TYPE_CATEGORY_PICKER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-post-form.ui");
  BIND (window_title); BIND (short_title); BIND (submit_button); BIND (intro); BIND (picker);
  BIND (title_group); BIND (title_row);
  BIND (details); BIND (when_group); BIND (flexible_check); BIND (day_check); BIND (day_button); BIND (calendar);
  BIND (visibility_group); BIND (everyone_check); BIND (connectors_row);
  BIND (connectors_check); BIND (people_check); BIND (seen_by_label); BIND (time_row);
  BIND (when_error);
  BIND (behalf_error); BIND (people_list); BIND (behalf_group);
  BIND (behalf_row); BIND (behalf_entry); BIND (error_label); BIND (scroller);
  BIND (category_section); BIND (category_error); BIND (visibility_error);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_day_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);

  /* Ctrl+Enter posts from anywhere in the form, the details box included. */
  gtk_widget_class_install_action (widget_class, "form.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "form.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "form.submit", NULL);
}

#undef BIND

/* Returns: (transfer none) (nullable): the first widget of @type under @widget */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child
                         : find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
bn_post_form_init (BnPostForm *self)
{
  GtkWidget *behalf_switch;

  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
  /* libadwaita 1.2 leaves the expander row's switch unnamed ("GtkSwitch"). */
  behalf_switch = find_descendant (GTK_WIDGET (self->behalf_row), GTK_TYPE_SWITCH);
  if (behalf_switch != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (behalf_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("I’m asking for someone else"), -1);
  bn_expander_row_name_header (self->behalf_row);
  self->kind = g_strdup ("request");
  set_labels (self);
  on_changed (self);
}
