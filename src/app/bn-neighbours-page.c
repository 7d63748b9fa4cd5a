/* bn-neighbours-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-neighbours-page.h"
#include "bn-format.h"
#include "bn-moderation-actions.h"
#include "bn-roster-dialogs.h"
#include "bn-rows.h"
#include "bn-widget.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnNeighboursPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkLabel     *summary;
  GtkListBox   *list;

  /* Owned */
  BnSession    *session;
  GSignalGroup *neighbours_signals;
  GSignalGroup *session_signals;
  gboolean      connector;   /* the rows were made for a connector's eyes */
  gboolean      rows_made;   /* the rows follow the model: once the page was shown */
};

G_DEFINE_FINAL_TYPE (BnNeighboursPage, bn_neighbours_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
add_detail (AdwExpanderRow *row, const char *title, const char *value, const char *icon)
{
  GtkWidget *detail;

  if (value == NULL || *value == '\0')
    return;
  detail = bn_action_row_new (title, value);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (detail), icon);
  gtk_widget_add_css_class (detail, "property");
  adw_expander_row_add_row (row, detail);
}

/* A small word next to the name: the roster made this neighbour a connector. */
static void
add_connector_badge (AdwExpanderRow *row)
{
  GtkWidget *badge = gtk_label_new (_("Connector"));

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "bn-status");
  gtk_widget_add_css_class (badge, "caption");
  adw_expander_row_add_action (row, badge);
}

static const BnProfile *
profile_of (GtkWidget *button)
{
  BnProfileItem *item = g_object_get_data (G_OBJECT (button), "bn-profile-item");
  return bn_profile_item_get_profile (item);
}

static void
on_appoint_clicked (GtkWidget *button, BnNeighboursPage *self)
{
  bn_roster_ask_appoint (GTK_WIDGET (self), self->session, profile_of (button));
}

static void
on_dismiss_clicked (GtkWidget *button, BnNeighboursPage *self)
{
  bn_roster_ask_dismiss (GTK_WIDGET (self), self->session, profile_of (button));
}

static void
on_remove_clicked (GtkWidget *button, BnNeighboursPage *self)
{
  bn_roster_ask_remove (GTK_WIDGET (self), self->session, profile_of (button));
}

/* A button in a neighbour's menu; it names whom it is about for a screen
 * reader ("Remove Bram from the neighbourhood"). */
static GtkWidget *
roster_button (BnNeighboursPage *self,
               BnProfileItem    *item,
               const char       *label,
               const char       *accessible_format,
               GCallback         clicked)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *name = g_strdup_printf (accessible_format,
                                           bn_profile_item_get_profile (item)->name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (button)), GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (button), "bn-profile-item", g_object_ref (item),
                          g_object_unref);
  g_signal_connect_object (button, "clicked", clicked, self, 0);
  return button;
}

/* What a connector may do about another neighbour: the lower part of the
 * neighbour's one menu (bn_moderation_neighbour_button_new() closes it). */
static GtkWidget *
make_roster_choices (BnNeighboursPage *self, BnProfileItem *item)
{
  const BnProfile *profile = bn_profile_item_get_profile (item);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *role, *remove;

  if (profile->connector)
    /* Translators: a screen reader's name for the button; %s is a neighbour */
    role = roster_button (self, item, _("Dismiss as Connector…"), _("Dismiss %s as a connector"),
                          G_CALLBACK (on_dismiss_clicked));
  else
    /* Translators: a screen reader's name for the button; %s is a neighbour */
    role = roster_button (self, item, _("Appoint as Connector…"), _("Appoint %s as a connector"),
                          G_CALLBACK (on_appoint_clicked));
  /* Translators: a screen reader's name for the button; %s is a neighbour */
  remove = roster_button (self, item, _("Remove from the Neighbourhood…"),
                          _("Remove %s from the neighbourhood"), G_CALLBACK (on_remove_clicked));
  gtk_widget_add_css_class (remove, "error");
  gtk_box_append (GTK_BOX (box), role);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

/* Languages by their own names, as their speakers know them; others as typed. */
static char *
format_languages (const char *const *languages)
{
  static const struct { const char *code, *name; } names[] = {
    { "nl", "Nederlands" }, { "fr", "Français" }, { "en", "English" }, { "de", "Deutsch" },
    { "ar", "العربية" }, { "tr", "Türkçe" }, { "es", "Español" }, { "it", "Italiano" },
    { "pl", "Polski" }, { "pt", "Português" }, { "ro", "Română" }, { "ru", "Русский" },
    { "uk", "Українська" }, { "bg", "Български" }, { "el", "Ελληνικά" },
  };
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      const char *name = languages[i];
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (g_ascii_strcasecmp (languages[i], names[j].code) == 0)
          name = names[j].name;
      g_strv_builder_add (shown, name);
    }
  list = g_strv_builder_end (shown);
  return list[0] != NULL ? g_strjoinv (", ", list) : NULL;
}

/* The row's header, which a screen reader lands on. */
static GtkWidget *
header_of (GtkWidget *widget)
{
  if (ADW_IS_ACTION_ROW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = header_of (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* libadwaita 1.2 does not tell a screen reader whether the row is open. */
static void
on_expanded (AdwExpanderRow *row)
{
  gboolean expanded = adw_expander_row_get_expanded (row);
  GtkWidget *header = header_of (GTK_WIDGET (row));

  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
  if (header != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_STATE_EXPANDED,
                                 expanded, -1);
}

/* "Bram, in your street, Kerkstraat 12, online now": what the row says to a
 * screen reader, the place and whether they are online included. */
static void
describe_row (GtkWidget *row, const char *title, const BnProfile *profile, gboolean online)
{
  g_autofree char *place = bn_format_place (profile);
  GString *text = g_string_new (title);
  GtkWidget *header = header_of (row);

  if (profile->proximity != BN_PROXIMITY_ME)
    g_string_append_printf (text, ", %s", bn_format_proximity (profile->proximity));
  if (place != NULL)
    g_string_append_printf (text, ", %s", place);
  if (online && profile->proximity != BN_PROXIMITY_ME)
    g_string_append_printf (text, ", %s", _("Online now"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (header ? header : row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
  g_string_free (text, TRUE);
}

/* A plain green dot, not a speech bubble; a screen reader hears "Online now". */
static GtkWidget *
make_online_dot (void)
{
  GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (dot), 10);
  gtk_widget_add_css_class (dot, "success");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Online now"), -1);
  return dot;
}

static GtkWidget *
make_row (gpointer item, gpointer data)
{
  BnNeighboursPage *self = data;
  const BnProfile *profile = bn_profile_item_get_profile (item);
  GtkWidget *row;
  gboolean me = profile->proximity == BN_PROXIMITY_ME;
  gboolean online = bn_profile_item_get_online (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *talents = bn_format_categories ((const char *const *) profile->talents);
  g_autofree char *needs = bn_format_categories ((const char *const *) profile->needs);
  g_autofree char *fingerprint = bn_format_fingerprint (profile->fingerprint);
  g_autofree char *languages = format_languages ((const char *const *) profile->languages);

  title = me ? g_strdup_printf (_("%s (you)"), profile->name) : g_strdup (profile->name);
  if (online && !me)
    subtitle = g_strdup_printf ("%s · %s", bn_format_proximity (profile->proximity), _("Online now"));
  else
    subtitle = g_strdup (me ? _("This is how neighbours see you") : bn_format_proximity (profile->proximity));
  row = bn_expander_row_new (title, subtitle);
  if (online && !me)
    adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), make_online_dot ());
  /* Actions go in from the end: the one menu last, the badge before it. */
  if (!me)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 bn_moderation_neighbour_button_new (self->session, profile,
                                   self->connector ? make_roster_choices (self, item) : NULL));
  if (profile->connector)
    add_connector_badge (ADW_EXPANDER_ROW (row));
  add_detail (ADW_EXPANDER_ROW (row), _("Likes to help with"), talents, "emote-love-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("Could use help with"), needs, "chat-message-new-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("Speaks"), languages, "preferences-desktop-locale-symbolic");
  add_detail (ADW_EXPANDER_ROW (row), _("About"), profile->about, "user-info-symbolic");
  /* Compare it in person: it shows this really is the neighbour you met. */
  if (fingerprint != NULL && *fingerprint != '\0')
    {
      g_autofree char *explained = g_strdup_printf ("%s\n%s", fingerprint,
        _("Compare these letters in person to check it is really them"));
      add_detail (ADW_EXPANDER_ROW (row), _("Fingerprint"), explained, "channel-secure-symbolic");
    }
  describe_row (row, title, profile, online);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded), NULL);
  on_expanded (ADW_EXPANDER_ROW (row));
  return row;
}

/* The rows follow the session's model (only those that changed are built
 * again); the words above them follow its size. */
static void
update_summary (BnNeighboursPage *self)
{
  GListModel *neighbours = self->session ? bn_session_get_neighbours (self->session) : NULL;
  guint n = neighbours ? g_list_model_get_n_items (neighbours) : 0;
  guint others = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnProfileItem) item = g_list_model_get_item (neighbours, i);
      if (bn_profile_item_get_profile (item)->proximity != BN_PROXIMITY_ME)
        others++;
    }
  /* People, as one counts them at a street party: me too. */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u person in %s, you included. Nearest first.",
                                          "%u people in %s, you included. Nearest first.",
                                          others + 1),
                             others + 1,
                             self->session ? bn_session_get_hood_name (self->session) : "");
  gtk_label_set_label (self->summary, summary);
  gtk_stack_set_visible_child_name (self->stack, others > 0 ? "list" : "alone");
}

/* The rows, made again: a connector's rows carry what a connector may do. */
static void
bind_rows (BnNeighboursPage *self)
{
  GListModel *neighbours = self->session != NULL ? bn_session_get_neighbours (self->session)
                                                 : NULL;

  self->connector = self->session != NULL && bn_session_is_connector (self->session);
  /* 500 neighbours are 500 rows with menus: made when the page is first shown,
   * not before the app's first frame. */
  if (!self->rows_made)
    return;
  gtk_list_box_bind_model (self->list, neighbours, make_row, self, NULL);
}

static void
on_map (BnNeighboursPage *self)
{
  if (self->rows_made)
    return;
  self->rows_made = TRUE;
  bind_rows (self);
}

/* Appointed or dismissed: only then are all rows made again. */
static void
on_is_connector (BnNeighboursPage *self)
{
  if (self->connector != bn_session_is_connector (self->session))
    bind_rows (self);
}

static void
set_session (BnNeighboursPage *self, BnSession *session)
{
  GListModel *neighbours;

  if (!g_set_object (&self->session, session))
    return;
  /* Show the store as it is now, even if it was written since the last refresh. */
  if (session != NULL)
    bn_session_refresh (session);
  neighbours = session != NULL ? bn_session_get_neighbours (session) : NULL;
  bind_rows (self);
  g_signal_group_set_target (self->neighbours_signals, neighbours);
  g_signal_group_set_target (self->session_signals, session);
  update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
on_renew_clicked (BnNeighboursPage *self)
{
  bn_roster_ask_renew (GTK_WIDGET (self), self->session);
}

/* How many neighbours the list shows, me included. */
guint
bn_neighbours_page_get_n_shown (BnNeighboursPage *self)
{
  return self->session ? g_list_model_get_n_items (bn_session_get_neighbours (self->session)) : 0;
}

static void
bn_neighbours_page_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

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
bn_neighbours_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

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
bn_neighbours_page_dispose (GObject *object)
{
  BnNeighboursPage *self = BN_NEIGHBOURS_PAGE (object);

  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_NEIGHBOURS_PAGE);
  g_clear_object (&self->neighbours_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bn_neighbours_page_parent_class)->dispose (object);
}

static void
bn_neighbours_page_class_init (BnNeighboursPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_neighbours_page_get_property;
  object_class->set_property = bn_neighbours_page_set_property;
  object_class->dispose = bn_neighbours_page_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-neighbours-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BnNeighboursPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BnNeighboursPage, summary);
  gtk_widget_class_bind_template_child (widget_class, BnNeighboursPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_renew_clicked);
}

static void
bn_neighbours_page_init (BnNeighboursPage *self)
{
  self->neighbours_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->neighbours_signals, "items-changed",
                                  G_CALLBACK (update_summary), self);
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::is-connector",
                                  G_CALLBACK (on_is_connector), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  bn_widget_describe_rows (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}
