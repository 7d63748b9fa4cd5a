/* bn-network-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-network-button.h"
#include "bn-doctor.h"
#include "bn-format.h"

#include "bn-session.h"
#include "bn-widget.h"

#include <glib/gi18n.h>

/* "2 minutes ago" has to move on by itself. */
#define TICK_SECONDS 20

struct _BnNetworkButton
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *count_label;
  GtkLabel      *status_label;
  GtkLabel      *sync_label;
  GtkLabel      *avahi_label;
  GtkListBox    *peers;
  GtkWidget     *add_heading;
  GtkEntry      *address_entry;
  GtkWidget     *add_button;
  GtkLabel      *add_error;
  GtkLabel      *port_label;

  /* Owned */
  BnSession     *session;
  GSignalGroup  *session_signals;
  char          *summary;
  guint          tick_id;
};

G_DEFINE_FINAL_TYPE (BnNetworkButton, bn_network_button, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

/**
 * bn_network_describe:
 * @last_sync_us: when we last synced with anyone, µs since the epoch; 0 for never
 *
 * @synced: (out) (transfer full): "Last synced 2 minutes ago."
 *
 * Returns: (transfer full): "Connected to 3 neighbours."
 */
char *
bn_network_describe (guint   n_online,
                     gint64  last_sync_us,
                     gint64  now_us,
                     char  **synced)
{
  char *connected;

  if (n_online == 0)
    connected = g_strdup (_("No neighbours connected right now."));
  else
    connected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected to %u neighbour.",
                                              "Connected to %u neighbours.", n_online), n_online);
  if (last_sync_us <= 0)
    *synced = g_strdup (_("Not synced yet."));
  else
    {
      g_autofree char *ago = bn_format_relative (last_sync_us / 1000, now_us / 1000);
      /* Translators: %s is "just now", "2 minutes ago", "yesterday", … */
      *synced = g_strdup_printf (_("Last synced %s."), ago);
    }
  return connected;
}

static void
set_summary (BnNetworkButton *self, const char *status, const char *sync)
{
  g_autofree char *accessible = g_strdup_printf (_("Network: %s %s"), status, sync);

  gtk_label_set_label (self->status_label, status);
  gtk_label_set_label (self->sync_label, sync);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_free (self->summary);
  self->summary = g_strdup_printf ("%s %s", status, sync);
}

static GtkWidget *
make_peer_row (BnPeer *peer)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_image_new_from_icon_name (bn_peer_get_online (peer)
                                                 ? "user-available-symbolic"
                                                 : "user-offline-symbolic");
  GtkWidget *label = gtk_label_new (bn_peer_get_address (peer));
  g_autofree char *accessible = g_strdup_printf ("%s, %s", bn_peer_get_address (peer),
                                                 bn_peer_get_online (peer) ? _("online")
                                                                           : _("offline"));

  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 8);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  if (bn_peer_get_online (peer))
    gtk_widget_add_css_class (dot, "success");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (row), dot);
  gtk_box_append (GTK_BOX (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
show_add (BnNetworkButton *self, gboolean shown)
{
  gtk_widget_set_visible (self->add_heading, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->address_entry), shown);
  gtk_widget_set_visible (self->add_button, shown);
}

/* What a neighbour types to add this computer: its network address(es), and
 * the port only when it is not the one Buurtnet uses by default. */
static char *
describe_own_address (guint port)
{
  g_autoptr(GPtrArray) addresses = bn_doctor_list_addresses ();
  g_autoptr(GString) list = g_string_new (NULL);

  if (addresses->len == 0)
    return g_strdup (_("This computer has no network address now: connect it to the Wi-Fi "
                       "or plug in the network cable."));
  for (guint i = 0; i < addresses->len; i++)
    {
      const BnLocalAddress *address = g_ptr_array_index (addresses, i);

      if (i > 0)
        /* Translators: between two network addresses of this computer */
        g_string_append (list, _(" or "));
      if (port == BN_SYNC_DEFAULT_PORT)
        g_string_append (list, address->address);
      else
        g_string_append_printf (list, "%s:%u", address->address, port);
    }
  /* Translators: %s is this computer's network address, e.g. 192.168.1.23 */
  return g_strdup_printf (_("A neighbour can add this computer as %s."), list->str);
}

/* Asks the system for this computer's addresses: only when the popover opens,
 * where the line is read, not on every change of the session. */
static void
update_own_address (BnNetworkButton *self)
{
  g_autofree char *line = NULL;

  if (self->session == NULL)
    return;
  line = describe_own_address (bn_session_get_port (self->session));
  gtk_label_set_label (self->port_label, line);
}

static void
update_sharing (BnNetworkButton *self)
{
  BnSession *session = self->session;
  guint n_online = bn_session_get_n_online (session);
  BnAvahiState avahi = bn_session_get_avahi_state (session);
  GListModel *peers = bn_session_get_peers (session);
  g_autofree char *synced = NULL;
  g_autofree char *connected = bn_network_describe (n_online, bn_session_get_last_sync (session),
                                                    g_get_real_time (), &synced);
  GtkWidget *child;

  set_summary (self, connected, synced);
  gtk_image_set_from_icon_name (self->icon, n_online > 0 ? "network-workgroup-symbolic"
                                                         : "network-offline-symbolic");
  /* The count at a glance in the header; the sentence is in the popover. */
  {
    g_autofree char *count = g_strdup_printf ("%u", n_online);
    gtk_label_set_label (self->count_label, count);
    gtk_widget_set_visible (GTK_WIDGET (self->count_label), n_online > 0);
  }
  show_add (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->avahi_label), avahi == BN_AVAHI_STATE_NOT_RUNNING);
  gtk_label_set_label (self->avahi_label,
                       _("Avahi isn’t running — neighbours can’t be found automatically. "
                         "Ask whoever looks after this computer to start “avahi-daemon”, "
                         "or add a neighbour by address below."));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->peers))) != NULL)
    gtk_list_box_remove (self->peers, child);
  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(BnPeer) peer = g_list_model_get_item (peers, i);
      gtk_list_box_append (self->peers, make_peer_row (peer));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->peers), g_list_model_get_n_items (peers) > 0);
}

/* A newcomer's peer asks every neighbour's computer it finds to let them in;
 * one that mDNS cannot find (client isolation, another subnet) can be added
 * by address. */
static void
update_joining (BnNetworkButton *self)
{
  set_summary (self, _("Looking for a neighbour’s computer to let you in…"),
               _("If it is not found by itself, add a neighbour’s address below."));
  gtk_image_set_from_icon_name (self->icon, "network-offline-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->avahi_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->peers), FALSE);
  show_add (self, TRUE);
  gtk_label_set_label (self->port_label, "");
}

static void
update (BnNetworkButton *self)
{
  if (self->session != NULL && bn_session_is_sharing (self->session))
    {
      update_sharing (self);
      return;
    }
  if (self->session != NULL && bn_session_is_joining (self->session))
    {
      update_joining (self);
      return;
    }
  set_summary (self, _("Not sharing with neighbours."),
               _("This window is not running a peer, so nothing is sent or received."));
  gtk_widget_set_visible (GTK_WIDGET (self->peers), FALSE);
  show_add (self, FALSE);
  gtk_label_set_label (self->port_label, "");
}

static void
on_popover_shown (BnNetworkButton *self)
{
  update (self);
  if (self->session != NULL && bn_session_is_sharing (self->session))
    update_own_address (self);
}

static gboolean
tick (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
}

/**
 * bn_network_button_add_address:
 * @address: "host:port", as a neighbour reads it out
 *
 * What the popover's Add does: the peer syncs with the neighbour at @address
 * from now on (while joining: asks it to let us in). A wrong address is said
 * under the field.
 *
 * Returns: whether it was taken
 */
gboolean
bn_network_button_add_address (BnNetworkButton  *self,
                               const char       *address,
                               GError          **error)
{
  GError *local = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->add_error), FALSE);
  if (self->session == NULL
      || !(bn_session_is_sharing (self->session) || bn_session_is_joining (self->session)))
    return FALSE;
  if (!bn_session_add_peer (self->session, address, &local))
    {
      gtk_label_set_label (self->add_error, local->message);
      gtk_widget_set_visible (GTK_WIDGET (self->add_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_entry), "error");
      g_propagate_error (error, local);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), "");
  update (self);
  return TRUE;
}

static void
on_add (BnNetworkButton *self)
{
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry))));

  if (*address != '\0')
    bn_network_button_add_address (self, address, NULL);
}

/* “Why can't I see my neighbours?” opens the doctor through win.doctor (the
 * button's action); the popover steps aside for its window. */
static void
on_doctor (BnNetworkButton *self)
{
  gtk_menu_button_popdown (self->button);
}

static void
set_session (BnNetworkButton *self, BnSession *session)
{
  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
bn_network_button_get_summary (BnNetworkButton *self)
{
  return self->summary;
}

/* Opens the popover, where a neighbour can be added by address. */
void
bn_network_button_popup (BnNetworkButton *self)
{
  gtk_menu_button_popup (self->button);
  gtk_widget_grab_focus (GTK_WIDGET (self->address_entry));
}

static void
bn_network_button_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  BnNetworkButton *self = BN_NETWORK_BUTTON (object);

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
bn_network_button_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  BnNetworkButton *self = BN_NETWORK_BUTTON (object);

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
bn_network_button_dispose (GObject *object)
{
  BnNetworkButton *self = BN_NETWORK_BUTTON (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  bn_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_NETWORK_BUTTON);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (bn_network_button_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BnNetworkButton, name)

static void
bn_network_button_class_init (BnNetworkButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_network_button_get_property;
  object_class->set_property = bn_network_button_set_property;
  object_class->dispose = bn_network_button_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/be/buurtnet/Buurtnet/bn-network-button.ui");
  BIND (button); BIND (icon); BIND (count_label); BIND (status_label); BIND (sync_label); BIND (avahi_label); BIND (peers);
  BIND (add_heading); BIND (address_entry); BIND (add_button); BIND (add_error); BIND (port_label);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_bind_template_callback (widget_class, on_doctor);
}

#undef BIND

static void
bn_network_button_init (BnNetworkButton *self)
{
  static const char *const followed[] = {
    "notify::sharing", "notify::joining", "notify::n-online", "notify::last-sync",
    "notify::avahi-state", "notify::port",
  };

  self->session_signals = g_signal_group_new (BN_TYPE_SESSION);
  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_signal_group_connect_swapped (self->session_signals, followed[i], G_CALLBACK (update), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick, self);
  update (self);
}
