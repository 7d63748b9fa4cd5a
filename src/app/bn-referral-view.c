/* bn-referral-view.c — a request's referrals to services, on its post page
 *
 * A connector refers a request to a service of the directory once the asker
 * has said yes: how they said it is chosen (required) and recorded, with an
 * optional note. The referral is sealed to the asker and the connectors,
 * never to the service. The asker reads it as a suggestion, with the
 * service's contact details and a kind line; either side says how it goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-referral-view.h"
#include "bn-widget.h"
#include "bn-rows.h"
#include "bn-service-rows.h"
#include "bn-service-writes.h"
#include "bn-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BnReferralView
{
  GtkWidget parent_instance;

  GtkWidget    *box;
  GtkWidget    *refer_button;
  GtkWidget    *groups;        /* one group per referral */

  BnSession    *session;
  GSignalGroup *session_signals;
  char         *post_id;
  char         *shown;
  guint         n_shown;
  gboolean      updating;      /* setting the combo rows from the store */
};

G_DEFINE_FINAL_TYPE (BnReferralView, bn_referral_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, PROP_POST_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
toast (BnReferralView *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BN_IS_WINDOW (root))
    bn_window_toast (BN_WINDOW (root), message);
}

static const BnPost *
post_of (BnReferralView *self)
{
  BnPostItem *item;

  if (self->session == NULL || self->post_id == NULL)
    return NULL;
  item = bn_session_lookup_post (self->session, self->post_id);
  return item != NULL ? bn_post_item_get_post (item) : NULL;
}

static gboolean
is_mine (BnReferralView *self, const BnPost *post)
{
  return g_strcmp0 (post->author, bn_session_get_peer_id (self->session)) == 0;
}

/* A connector refers others' requests still open or matched. */
gboolean
bn_referral_view_can_refer (BnReferralView *self)
{
  const BnPost *post = post_of (self);

  return post != NULL && bn_session_is_connector (self->session)
         && g_strcmp0 (post->kind, "request") == 0 && !is_mine (self, post)
         && (g_strcmp0 (post->status, "open") == 0 || g_strcmp0 (post->status, "matched") == 0);
}

guint
bn_referral_view_get_n_shown (BnReferralView *self)
{
  return self->n_shown;
}

static void reload (BnReferralView *self);

/* Status */

static void
status_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnReferralView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    {
      toast (self, error->message);
      /* Show the status as it stands. */
      g_clear_pointer (&self->shown, g_free);
      reload (self);
    }
}

void
bn_referral_view_set_status (BnReferralView *self,
                             const char     *referral_id,
                             const char     *status)
{
  bn_session_set_referral_status_async (self->session, referral_id, status, NULL, status_written,
                                        g_object_ref (self));
}

static void
on_status_selected (AdwComboRow *row, GParamSpec *pspec, BnReferralView *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "bn-referral-id");
  const char *was = g_object_get_data (G_OBJECT (row), "bn-status");
  const char *status = bn_referral_statuses ()[adw_combo_row_get_selected (row)];

  if (self->updating || g_strcmp0 (status, was) == 0)
    return;
  bn_referral_view_set_status (self, id, status);
}

static GtkWidget *
status_row (BnReferralView *self, const BnReferral *referral)
{
  const char *const *statuses = bn_referral_statuses ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; statuses[i] != NULL; i++)
    gtk_string_list_append (labels, bn_referral_status_label (statuses[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("How is it going?"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_unref (labels);
  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], referral->status) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_object_set_data_full (G_OBJECT (row), "bn-referral-id", g_strdup (referral->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "bn-status", g_strdup (referral->status), g_free);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_status_selected), self);
  return row;
}

/* Showing */

static void
add_to_group (gpointer container, GtkWidget *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (container), row);
}

static char *
kind_line (BnReferralView *self, const BnReferral *referral, gboolean for_asker)
{
  const char *who = referral->author_name ? referral->author_name : _("A connector");
  const char *service = referral->service ? referral->service->name : _("a service");

  if (for_asker)
    /* Translators: the connector's name, then the service's */
    return g_strdup_printf (_("%s thought %s could help you. They know nothing about your "
                              "request: get in touch when it suits you, and say how it goes "
                              "below."), who, service);
  /* Translators: the connector's name, then how the asker said yes */
  return g_strdup_printf (_("Referred by %s. %s."), who,
                          bn_referral_consent_label (referral->consent));
}

static GtkWidget *
referral_group (BnReferralView *self, const BnReferral *referral, gboolean for_asker)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *line = kind_line (self, referral, for_asker);
  g_autofree char *title = g_strdup_printf (for_asker ? _("A Suggestion: %s") : _("Referred to %s"),
                                            referral->service ? referral->service->name
                                                              : _("a service no longer listed"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), line);
  if (referral->note != NULL && *referral->note != '\0')
    add_to_group (group, bn_action_row_new (_("Note"), referral->note));
  if (referral->service != NULL)
    bn_service_add_detail_rows (referral->service, add_to_group, group);
  add_to_group (group, status_row (self, referral));
  return group;
}

static char *
describe (BnReferralView *self, GPtrArray *referrals, gboolean can_refer)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s|%d|", self->post_id, can_refer);
  for (guint i = 0; i < referrals->len; i++)
    {
      const BnReferral *r = g_ptr_array_index (referrals, i);
      g_string_append_printf (out, "%s/%s/%s;", r->id, r->status,
                              r->service ? r->service->version : "");
    }
  return g_string_free (out, FALSE);
}

static void
reload (BnReferralView *self)
{
  g_autoptr(GPtrArray) referrals = NULL;
  g_autofree char *shown = NULL;
  const BnPost *post = post_of (self);
  gboolean can_refer, for_asker;
  GtkWidget *child;

  if (post == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  referrals = bn_session_list_referrals_for (self->session, self->post_id);
  can_refer = bn_referral_view_can_refer (self);
  shown = describe (self, referrals, can_refer);
  if (g_strcmp0 (shown, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);

  for_asker = is_mine (self, post);
  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (self->groups)) != NULL)
    gtk_box_remove (GTK_BOX (self->groups), child);
  for (guint i = 0; i < referrals->len; i++)
    gtk_box_append (GTK_BOX (self->groups),
                    referral_group (self, g_ptr_array_index (referrals, i), for_asker));
  self->updating = FALSE;
  self->n_shown = referrals->len;
  gtk_widget_set_visible (self->refer_button, can_refer);
  gtk_widget_set_visible (GTK_WIDGET (self), can_refer || referrals->len > 0);
}

/* The dialog */

typedef struct
{
  GPtrArray   *services;
  GtkDropDown *service;
  GtkDropDown *consent;
  GtkEditable *note;
} Choice;

static void
choice_free (Choice *choice)
{
  g_ptr_array_unref (choice->services);
  g_free (choice);
}

static void
update_response (AdwMessageDialog *dialog)
{
  Choice *choice = g_object_get_data (G_OBJECT (dialog), "bn-choice");

  adw_message_dialog_set_response_enabled (dialog, "refer",
                                           gtk_drop_down_get_selected (choice->service) > 0
                                           && gtk_drop_down_get_selected (choice->consent) > 0);
}

static void
referred (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnReferralView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_session_write_finish (BN_SESSION (source), result, &error))
    toast (self, error->message);
  else
    toast (self, _("Referred: the neighbour who asked sees it"));
}

static void
on_refer_response (AdwMessageDialog *dialog, const char *response, BnReferralView *self)
{
  Choice *choice = g_object_get_data (G_OBJECT (dialog), "bn-choice");
  guint s = gtk_drop_down_get_selected (choice->service);
  guint c = gtk_drop_down_get_selected (choice->consent);
  const BnService *service;

  if (g_strcmp0 (response, "refer") != 0 || s == 0 || c == 0)
    return;
  service = g_ptr_array_index (choice->services, s - 1);
  bn_session_refer_async (self->session, self->post_id, service->id,
                          bn_referral_consents ()[c - 1], gtk_editable_get_text (choice->note),
                          NULL, referred, g_object_ref (self));
}

static GtkDropDown *
labelled_drop_down (GtkStringList *list, const char *label)
{
  GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (list), NULL);

  bn_drop_down_fit_narrow (GTK_DROP_DOWN (drop_down));
  bn_widget_name_drop_down (GTK_DROP_DOWN (drop_down), label);
  return GTK_DROP_DOWN (drop_down);
}

static GtkWidget *
field (const char *label, GtkWidget *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

GtkWindow *
bn_referral_view_ask_refer (BnReferralView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              _("Refer to a Service"),
                              _("Only with their yes. The neighbour who asked and the "
                                "connectors see this referral; the service does not.")));
  Choice *choice = g_new0 (Choice, 1);
  GtkStringList *services = gtk_string_list_new (NULL);
  GtkStringList *consents = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *note = gtk_entry_new ();

  choice->services = bn_session_list_services (self->session, NULL);
  gtk_string_list_append (services, _("Choose a service"));
  for (guint i = 0; i < choice->services->len; i++)
    gtk_string_list_append (services, ((BnService *) g_ptr_array_index (choice->services, i))->name);
  gtk_string_list_append (consents, _("Choose how they said yes"));
  for (const char *const *c = bn_referral_consents (); *c != NULL; c++)
    gtk_string_list_append (consents, bn_referral_consent_label (*c));
  choice->service = labelled_drop_down (services, _("Service"));
  choice->consent = labelled_drop_down (consents, _("Their consent"));
  choice->note = GTK_EDITABLE (note);
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("A note for them (optional)"), -1);
  gtk_box_append (GTK_BOX (box), field (_("Service"), GTK_WIDGET (choice->service)));
  gtk_box_append (GTK_BOX (box), field (_("Their consent"), GTK_WIDGET (choice->consent)));
  gtk_box_append (GTK_BOX (box), field (_("A note for them (optional)"), note));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "refer", _("Refer"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "refer", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bn-choice", choice, (GDestroyNotify) choice_free);
  g_signal_connect_swapped (choice->service, "notify::selected", G_CALLBACK (update_response), dialog);
  g_signal_connect_swapped (choice->consent, "notify::selected", G_CALLBACK (update_response), dialog);
  update_response (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_refer_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

void
bn_referral_dialog_choose (GtkWindow  *dialog,
                           const char *service_id,
                           const char *consent,
                           const char *note)
{
  Choice *choice = g_object_get_data (G_OBJECT (dialog), "bn-choice");

  for (guint i = 0; i < choice->services->len; i++)
    if (g_strcmp0 (((BnService *) g_ptr_array_index (choice->services, i))->id, service_id) == 0)
      gtk_drop_down_set_selected (choice->service, i + 1);
  for (guint i = 0; bn_referral_consents ()[i] != NULL; i++)
    if (g_strcmp0 (bn_referral_consents ()[i], consent) == 0)
      gtk_drop_down_set_selected (choice->consent, i + 1);
  gtk_editable_set_text (choice->note, note ? note : "");
}

static void
on_refer_clicked (BnReferralView *self)
{
  bn_referral_view_ask_refer (self);
}

/* The widget */

GtkWidget *
bn_referral_view_new (BnSession  *session,
                      const char *post_id)
{
  return g_object_new (BN_TYPE_REFERRAL_VIEW, "session", session, "post-id", post_id, NULL);
}

static void
bn_referral_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BnReferralView *self = BN_REFERRAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_POST_ID:
      g_value_set_string (value, self->post_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_referral_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  BnReferralView *self = BN_REFERRAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->session_signals, self->session);
          reload (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_POST_ID:
      if (g_strcmp0 (self->post_id, g_value_get_string (value)) != 0)
        {
          g_free (self->post_id);
          self->post_id = g_value_dup_string (value);
          reload (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_referral_view_dispose (GObject *object)
{
  BnReferralView *self = BN_REFERRAL_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->post_id, g_free);
  g_clear_pointer (&self->shown, g_free);
  G_OBJECT_CLASS (bn_referral_view_parent_class)->dispose (object);
}

static void
bn_referral_view_class_init (BnReferralViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bn_referral_view_get_property;
  object_class->set_property = bn_referral_view_set_property;
  object_class->dispose = bn_referral_view_dispose;
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POST_ID] =
    g_param_spec_string ("post-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
bn_referral_view_init (BnReferralView *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  self->groups = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  self->refer_button = gtk_button_new_with_label (_("Refer to a Service…"));
  gtk_widget_set_halign (self->refer_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->refer_button, "pill");
  bn_button_wrap_label (GTK_BUTTON (self->refer_button));
  g_signal_connect_swapped (self->refer_button, "clicked", G_CALLBACK (on_refer_clicked), self);
  gtk_box_append (GTK_BOX (self->box), self->groups);
  gtk_box_append (GTK_BOX (self->box), self->refer_button);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "changed", G_CALLBACK (reload), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::is-connector",
                                  G_CALLBACK (reload), self);
}
