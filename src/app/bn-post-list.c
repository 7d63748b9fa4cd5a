/* bn-post-list.c
 *
 * A GtkListView over the session's requests or offers, filtered: rows are
 * built for what fits on the screen and given another post as the list
 * scrolls, so a neighbourhood of 20,000 posts opens as fast as one of fifty.
 * Above the posts, as the list's first item, the card that invites to ask or
 * offer; the posts' rows look like libadwaita's boxed list (style.css).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-list.h"
#include "bn-post-list-private.h"
#include "bn-post-item.h"
#include "bn-post-row.h"
#include "bn-service-rows.h"
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
  GtkListView    *list;
  GtkScrolledWindow *scroller;
  AdwStatusPage  *empty_page;
  GtkButton      *empty_button;

  /* Owned */
  BnSession          *session;
  GSignalGroup       *session_signals;
  GSignalGroup       *posts_signals;   /* on the session's requests or offers */
  GtkFilterListModel *shown;
  GtkCustomFilter    *filter;
  GListStore         *invitation;  /* the one item that stands for the card */
  GListModel         *rows;        /* the card, then what is shown */
  GHashTable         *bound;       /* the GtkListItems showing something now */
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

/* The card above the posts: a word for everyone and the button to ask or offer. */
static const char *
invitation_text (BnPostList *self)
{
  return g_strcmp0 (self->kind, "offer") == 0
         ? _("Everyone has something to give. What would you like to share?")
         : _("Small things count. Your neighbours like to help.");
}

static GtkWidget *
invitation_card_new (BnPostList *self)
{
  gboolean offers = g_strcmp0 (self->kind, "offer") == 0;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (invitation_text (self));
  GtkWidget *button = gtk_button_new_with_label (offers ? _("Offer Help") : _("Ask for Help"));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), offers ? "win.offer" : "win.ask");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  bn_button_wrap_label (GTK_BUTTON (button));
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "bn-invite-card");
  gtk_box_append (GTK_BOX (card), label);
  gtk_box_append (GTK_BOX (card), button);
  return card;
}

/* The list's row around @list_item's child: what takes the focus and what a
 * screen reader reads (GTK 4.8 has no public way to it but the child's parent). */
static GtkWidget *
row_of (GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  return child != NULL ? gtk_widget_get_parent (child) : NULL;
}

/* The first and the last post's rows have the rounded corners of a boxed list;
 * an item's position changes without a new bind when posts come or go. */
static void
update_row_classes (BnPostList  *self,
                    GtkListItem *list_item)
{
  GtkWidget *row = row_of (list_item);
  guint position = gtk_list_item_get_position (list_item);
  guint n = g_list_model_get_n_items (self->rows);
  gboolean post = BN_IS_POST_ITEM (gtk_list_item_get_item (list_item));

  if (row == NULL)
    return;
  /* Position 0 is the card. */
  (post ? gtk_widget_add_css_class : gtk_widget_remove_css_class) (row, "bn-post");
  (post && position == 1 ? gtk_widget_add_css_class : gtk_widget_remove_css_class) (row, "bn-first");
  (post && position + 1 == n ? gtk_widget_add_css_class : gtk_widget_remove_css_class) (row, "bn-last");
}

static void
on_rows_changed (BnPostList *self)
{
  GHashTableIter iter;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    update_row_classes (self, list_item);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           BnPostList               *self)
{
  gtk_list_item_set_child (list_item, bn_post_row_new (NULL));
}

static void
bind_post (BnPostList  *self,
           GtkListItem *list_item,
           BnPostItem  *item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (!BN_IS_POST_ROW (child))
    {
      child = bn_post_row_new (NULL);
      gtk_list_item_set_child (list_item, child);
    }
  gtk_list_item_set_activatable (list_item, TRUE);
  bn_post_row_set_item (BN_POST_ROW (child), item);
  bn_post_row_set_announced (BN_POST_ROW (child), row_of (list_item));
}

static void
bind_invitation (BnPostList  *self,
                 GtkListItem *list_item)
{
  GtkWidget *row;

  gtk_list_item_set_child (list_item, invitation_card_new (self));
  gtk_list_item_set_activatable (list_item, FALSE);
  /* The row around the card takes the focus like a post's: it reads the
   * card's sentence, and Tab goes on to the card's button. */
  if ((row = row_of (list_item)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    invitation_text (self), -1);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          BnPostList               *self)
{
  gpointer item = gtk_list_item_get_item (list_item);

  if (BN_IS_POST_ITEM (item))
    bind_post (self, list_item, item);
  else
    bind_invitation (self, list_item);
  g_hash_table_add (self->bound, list_item);
  update_row_classes (self, list_item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            BnPostList               *self)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  g_hash_table_remove (self->bound, list_item);
  if (BN_IS_POST_ROW (child))
    {
      bn_post_row_set_announced (BN_POST_ROW (child), NULL);
      bn_post_row_set_item (BN_POST_ROW (child), NULL);
    }
}

static void
on_position_changed (GtkListItem *list_item,
                     GParamSpec  *pspec,
                     BnPostList  *self)
{
  if (g_hash_table_contains (self->bound, list_item))
    update_row_classes (self, list_item);
}

static void
setup_position_watch (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      BnPostList               *self)
{
  g_signal_connect_object (list_item, "notify::position", G_CALLBACK (on_position_changed),
                           self, 0);
}

static GtkListItemFactory *
row_factory (BnPostList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_position_watch), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  return factory;
}

static gboolean
tick (gpointer data)
{
  BnPostList *self = data;
  GHashTableIter iter;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    {
      GtkWidget *child = gtk_list_item_get_child (list_item);
      if (BN_IS_POST_ROW (child))
        bn_post_row_update (BN_POST_ROW (child));
    }
  return G_SOURCE_CONTINUE;
}

static void
on_row_activated (BnPostList *self,
                  guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->rows, position);

  if (BN_IS_POST_ITEM (item))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-post", "s",
                                bn_post_item_get_id (BN_POST_ITEM (item)));
}

/* What needs every post, not the first screen's: the posts not read yet first. */
static void
finish_loading (BnPostList *self)
{
  if (self->session != NULL && bn_session_is_loading (self->session))
    bn_session_finish_loading (self->session);
}

/* End goes to the end of every post, not of those read so far. */
static gboolean
on_key_pressed (BnPostList      *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  if (keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End)
    finish_loading (self);
  return GDK_EVENT_PROPAGATE;
}

static void
on_search_changed (BnPostList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_text, g_free);
  if (*stripped != '\0')
    {
      finish_loading (self);
      self->search_text = g_utf8_casefold (stripped, -1);
    }
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
  g_autoptr(GObject) card = g_object_new (G_TYPE_OBJECT, NULL);

  g_free (self->kind);
  self->kind = g_strdup (kind);
  /* One word fits beside the category on a phone; a screen reader hears
   * which list it searches. */
  g_object_set (self->search, "placeholder-text", C_("placeholder", "Search"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  offers ? _("Search offers") : _("Search requests"), -1);
  /* The card is built for the kind when its row is bound: a new item binds it anew. */
  g_list_store_splice (self->invitation, 0, g_list_model_get_n_items (G_LIST_MODEL (self->invitation)),
                       (gpointer *) &card, 1);
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
  g_clear_object (&self->rows);
  g_clear_object (&self->shown);
  g_clear_object (&self->invitation);
  g_clear_pointer (&self->bound, g_hash_table_unref);
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
  self->invitation = g_list_store_new (G_TYPE_OBJECT);
  self->bound = g_hash_table_new (NULL, NULL);
  {
    GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);

    g_list_store_append (parts, self->invitation);
    g_list_store_append (parts, self->shown);
    self->rows = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));
    g_signal_connect_object (self->rows, "items-changed", G_CALLBACK (on_rows_changed), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  }
  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed",
                                  G_CALLBACK (on_session_changed), self);
  self->posts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->posts_signals, "items-changed",
                                  G_CALLBACK (update_visible_page), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list), keys);
  }
  gtk_list_view_set_factory (self->list, row_factory (self));
  g_object_unref (gtk_list_view_get_factory (self->list));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->rows))));
  g_object_unref (gtk_list_view_get_model (self->list));

  gtk_drop_down_set_model (self->category, category_names ());
  g_object_unref (gtk_drop_down_get_model (self->category));
  bn_widget_name_drop_down (self->category, _("Category"));
  /* On a phone the search field keeps room for its word; the chosen category
   * is cut short instead, and its list shows every category whole. */
  bn_drop_down_fit_narrow (self->category);
  gtk_stack_set_visible_child_name (self->content, "empty");
  self->clock_id = g_timeout_add_seconds (CLOCK_SECONDS, tick, self);
}
