/* bn-post-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-list.h"
#include "bn-post-list-private.h"
#include "bn-post-item.h"
#include "bn-post-row.h"
#include "bn-widget.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnPostList
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkSearchEntry *search;
  GtkDropDown    *category;
  GtkStack       *content;
  GtkLabel       *cta_label;
  GtkButton      *cta_button;
  GtkListBox     *list;
  GtkScrolledWindow *scroller;
  AdwStatusPage  *empty_page;
  GtkButton      *empty_button;

  /* Owned */
  BnSession          *session;
  GSignalGroup       *session_signals;
  GSignalGroup       *posts_signals;   /* on the session's requests or offers */
  GtkFilterListModel *shown;
  GtkCustomFilter    *filter;
  char               *kind;
  char               *search_text;   /* casefolded, or NULL */
  guint               clock_id;
};

/* "5 minutes ago" has to move on by itself. */
#define CLOCK_SECONDS 60

G_DEFINE_FINAL_TYPE (BnPostList, bn_post_list, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, PROP_KIND, PROP_CATEGORY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *
selected_category (BnPostList *self)
{
  guint selected = gtk_drop_down_get_selected (self->category);
  guint n = 0;
  const BnCategory *categories = bn_categories (&n);

  /* Position 0 is "All categories"; then the core's order. */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > n)
    return NULL;
  return categories[selected - 1].id;
}

static gboolean
contains_casefolded (const char *haystack, const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_post (gpointer item, gpointer data)
{
  BnPostList *self = data;
  const BnPost *post = bn_post_item_get_post (item);
  const char *category = selected_category (self);

  if (category != NULL && g_strcmp0 (post->category, category) != 0)
    return FALSE;
  if (self->search_text == NULL)
    return TRUE;
  return contains_casefolded (post->title, self->search_text)
         || contains_casefolded (post->body, self->search_text)
         || contains_casefolded (post->author_name, self->search_text)
         || contains_casefolded (bn_category_label (post->category), self->search_text);
}

static void
update_visible_page (BnPostList *self)
{
  GListModel *posts = gtk_filter_list_model_get_model (self->shown);
  guint total = posts != NULL ? g_list_model_get_n_items (posts) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  if (total == 0)
    gtk_stack_set_visible_child_name (self->content, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->content, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content, "list");
}

static gboolean
filtering (BnPostList *self)
{
  return self->search_text != NULL || selected_category (self) != NULL;
}

/* A post changes in place (an edit, a new title): what the filter said of it
 * may no longer hold. */
static void
on_session_changed (BnPostList *self)
{
  if (filtering (self))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

/* The session's requests or offers, as the kind says. */
static void
choose_posts (BnPostList *self)
{
  GListModel *posts = NULL;

  if (self->session != NULL && self->kind != NULL)
    posts = g_strcmp0 (self->kind, "offer") == 0 ? bn_session_get_offers (self->session)
                                                 : bn_session_get_requests (self->session);
  /* The filter first: the page chosen depends on what it shows. */
  gtk_filter_list_model_set_model (self->shown, posts);
  g_signal_group_set_target (self->posts_signals, posts);
  update_visible_page (self);
}

static void
set_session (BnPostList *self, BnSession *session)
{
  if (!g_set_object (&self->session, session))
    return;
  /* Show the store as it is now, even if it was written since the last refresh. */
  if (session != NULL)
    bn_session_refresh (session);
  g_signal_group_set_target (self->session_signals, session);
  choose_posts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static GtkWidget *
create_row (gpointer item, gpointer data)
{
  return bn_post_row_new (item);
}

static gboolean
tick (gpointer data)
{
  BnPostList *self = data;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (BN_IS_POST_ROW (row))
      bn_post_row_update (BN_POST_ROW (row));
  return G_SOURCE_CONTINUE;
}

static void
on_row_activated (BnPostList    *self,
                  GtkListBoxRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-post", "s",
                              bn_post_row_get_post_id (BN_POST_ROW (row)));
}

static void
on_search_changed (BnPostList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_text, g_free);
  if (*stripped != '\0')
    self->search_text = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

static void
on_category_selected (BnPostList *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

/* Returns: (nullable): the category shown, or %NULL for all */
const char *
bn_post_list_get_category (BnPostList *self)
{
  return selected_category (self);
}

void
bn_post_list_set_category (BnPostList *self,
                           const char *category)
{
  guint n = 0;
  const BnCategory *categories = bn_categories (&n);
  guint position = 0;

  for (guint i = 0; category != NULL && i < n; i++)
    if (g_str_equal (categories[i].id, category))
      position = i + 1;
  if (position != gtk_drop_down_get_selected (self->category))
    gtk_drop_down_set_selected (self->category, position);
}

void
bn_post_list_set_search (BnPostList *self,
                         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  on_search_changed (self);
}

void
bn_post_list_focus_search (BnPostList *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

guint
bn_post_list_get_n_shown (BnPostList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->shown));
}

static void
set_kind (BnPostList *self, const char *kind)
{
  gboolean offers = g_strcmp0 (kind, "offer") == 0;
  const char *action = offers ? "win.offer" : "win.ask";
  const char *button = offers ? _("Offer Help") : _("Ask for Help");

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_object_set (self->search, "placeholder-text",
                offers ? _("Search offers") : _("Search requests"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  offers ? _("Search offers") : _("Search requests"), -1);
  gtk_label_set_label (self->cta_label,
                       offers ? _("Everyone has something to give. What would you like to share?")
                              : _("Small things count. Your neighbours like to help."));
  gtk_button_set_label (self->cta_button, button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cta_button), action);
  gtk_button_set_label (self->empty_button, button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_button), action);
  adw_status_page_set_icon_name (self->empty_page, offers ? "emote-love-symbolic"
                                                          : "chat-message-new-symbolic");
  adw_status_page_set_title (self->empty_page, offers ? _("No Offers Yet") : _("No Requests Yet"));
  adw_status_page_set_description (self->empty_page,
                                   offers ? _("Good with a drill, a recipe or a form? Offer it; someone nearby will be glad.")
                                          : _("Be the first to ask. Small things count, and your neighbours like to help."));
  if (!offers)
    _bn_post_list_bench_attach (GTK_WIDGET (self), GTK_WIDGET (self->list),
                                gtk_scrolled_window_get_vadjustment (self->scroller));
  choose_posts (self);
}

static void
bn_post_list_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  BnPostList *self = BN_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    case PROP_KIND:
      set_kind (self, g_value_get_string (value));
      break;
    case PROP_CATEGORY:
      bn_post_list_set_category (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnPostList *self = BN_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, selected_category (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_post_list_dispose (GObject *object)
{
  BnPostList *self = BN_POST_LIST (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_POST_LIST);
  g_clear_object (&self->shown);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->posts_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (bn_post_list_parent_class)->dispose (object);
}

static void
bn_post_list_class_init (BnPostListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = bn_post_list_set_property;
  object_class->get_property = bn_post_list_get_property;
  object_class->dispose = bn_post_list_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-post-list.ui");
  gtk_widget_class_bind_template_child (widget_class, BnPostList, search);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, category);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, content);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, cta_label);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, cta_button);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, list);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, scroller);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BnPostList, empty_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_category_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static GListModel *
category_names (void)
{
  guint n = 0;
  const BnCategory *categories = bn_categories (&n);
  GtkStringList *names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All categories"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names, g_dgettext (GETTEXT_PACKAGE, categories[i].label));
  return G_LIST_MODEL (names);
}

static void
bn_post_list_init (BnPostList *self)
{
  self->filter = gtk_custom_filter_new (filter_post, self, NULL);
  self->shown = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (on_session_changed), self);
  self->posts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->posts_signals, "items-changed",
                                  G_CALLBACK (update_visible_page), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->shown), create_row, self, NULL);

  gtk_drop_down_set_model (self->category, category_names ());
  g_object_unref (gtk_drop_down_get_model (self->category));
  gtk_stack_set_visible_child_name (self->content, "empty");
  self->clock_id = g_timeout_add_seconds (CLOCK_SECONDS, tick, self);
}
