/* bn-doctor-port.c — does Buurtnet run here, and does the firewall let a
 * connection to its port in
 *
 * Neighbours reach this computer at its network address on one TCP port
 * (7447 unless it was taken). The check connects to that port at our own
 * network address, not at 127.0.0.1: the connection then goes through the
 * firewall's input rules for that port. When nothing listens on the port (the
 * app is closed, no `serve` runs), a listener of our own stands in for the few
 * moments the check takes, so that "refused" can only mean the firewall.
 *
 * A connection from this computer to itself arrives on the loopback
 * interface, and many firewalls let loopback through before any other rule:
 * "open" means nothing here refuses it, not that every neighbour gets in. The
 * message says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  BnDoctorRun  *run;
  GSocket      *stand_in;     /* our own listener, while nothing else listens */
  const char   *listener;     /* "this-process", "running" or "stand-in" */
  GCancellable *cancellable;
  GSource      *timer;
  gboolean      timed_out;
} Probe;

/* Listens on the port ourselves, unless someone already does. */
static const char *
find_listener (Probe *probe, guint16 port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, port);
  g_autoptr(GError) error = NULL;

  if (probe->run->options.serving)
    return "this-process";
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  if (socket == NULL)
    return "none";
  if (!g_socket_bind (socket, address, TRUE, &error))
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE) ? "running" : "none";
  if (!g_socket_listen (socket, &error))
    return "none";
  probe->stand_in = g_steal_pointer (&socket);
  return "stand-in";
}

static BnDoctorCheck *
running_check (const char *listener, guint16 port)
{
  const char *title = _("Buurtnet on this computer");
  BnDoctorCheck *check;

  if (g_str_equal (listener, "this-process"))
    check = _bn_doctor_check_new ("running", BN_DOCTOR_OK, title,
        g_strdup_printf (_("Buurtnet runs here and listens on port %u."), port));
  else if (g_str_equal (listener, "running"))
    check = _bn_doctor_check_new ("running", BN_DOCTOR_OK, title,
        g_strdup_printf (_("Port %u is in use on this computer: Buurtnet (the app, or "
                           "buurtnet-cli serve) runs here."), port));
  else
    check = _bn_doctor_check_new ("running", BN_DOCTOR_PROBLEM, title,
        g_strdup (_("Buurtnet is not running on this computer now: neighbours’ computers can "
                    "sync with it only while the app is open or buurtnet-cli serve runs.")));
  json_object_set_int_member (check->details, "port", port);
  json_object_set_string_member (check->details, "listener", listener);
  return check;
}

static char *
how_to_open (guint16 port)
{
  return g_strdup_printf (_("Open the port: with firewalld, sudo firewall-cmd "
                            "--add-service=buurtnet --permanent, then sudo firewall-cmd "
                            "--reload; with ufw, sudo ufw allow %u/tcp."), port);
}

static BnDoctorCheck *
firewall_check (Probe *probe, gboolean connected, const GError *error)
{
  BnDoctorRun *run = probe->run;
  guint16 port = run->options.port;
  const char *ip = run->lan_ip;
  const char *title = _("The firewall");
  g_autofree char *fix = how_to_open (port);
  const char *outcome;
  BnDoctorCheck *check;

  if (connected)
    {
      outcome = "open";
      check = _bn_doctor_check_new ("firewall", BN_DOCTOR_OK, title,
          g_strdup_printf (_("A connection to port %u at this computer’s own address, %s, gets "
                             "through. Neighbours can add this computer by address: %s:%u. (A "
                             "firewall that holds back only other computers cannot be seen "
                             "from here.)"), port, ip, ip, port));
    }
  else if (probe->timed_out)
    {
      outcome = "dropped";
      check = _bn_doctor_check_new ("firewall", BN_DOCTOR_PROBLEM, title,
          g_strdup_printf (_("The firewall blocks port %u: a connection to this computer’s own "
                             "address, %s, got no answer, so neighbours’ computers cannot reach "
                             "it either. %s"), port, ip, fix));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
           && !g_str_equal (probe->listener, "none"))
    {
      outcome = "refused";
      check = _bn_doctor_check_new ("firewall", BN_DOCTOR_PROBLEM, title,
          g_strdup_printf (_("The firewall blocks port %u: it refuses a connection to this "
                             "computer’s own address, %s, so neighbours’ computers cannot reach "
                             "it either. %s"), port, ip, fix));
    }
  else
    {
      outcome = "error";
      check = _bn_doctor_check_new ("firewall", BN_DOCTOR_PROBLEM, title,
          g_strdup_printf (_("A connection to port %u at this computer’s own address, %s, "
                             "failed: %s"), port, ip,
                           error != NULL ? error->message : _("no reason given")));
    }
  json_object_set_int_member (check->details, "port", port);
  json_object_set_string_member (check->details, "address", ip);
  json_object_set_string_member (check->details, "outcome", outcome);
  return check;
}

static void
probe_done (Probe *probe, gboolean connected, const GError *error)
{
  BnDoctorRun *run = probe->run;

  run->firewall = firewall_check (probe, connected, error);
  _bn_doctor_remove_source (&probe->timer);
  if (probe->stand_in != NULL)
    g_socket_close (probe->stand_in, NULL);
  g_clear_object (&probe->stand_in);
  g_clear_object (&probe->cancellable);
  g_free (probe);
  _bn_doctor_part_done (run);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  probe_done (user_data, connection != NULL, error);
}

static gboolean
give_up (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

void
_bn_doctor_port_start (BnDoctorRun *run)
{
  Probe *probe = g_new0 (Probe, 1);
  guint16 port = run->options.port;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  probe->run = run;
  probe->listener = find_listener (probe, port);
  run->running = running_check (probe->listener, port);
  if (run->lan_ip == NULL)
    {
      run->firewall = _bn_doctor_check_new ("firewall", BN_DOCTOR_NOTE, _("The firewall"),
          g_strdup (_("Not checked: this computer has no network address.")));
      g_clear_object (&probe->stand_in);
      g_free (probe);
      _bn_doctor_part_done (run);
      return;
    }
  /* The timer bounds the wait, so the caller's cancellable need not. */
  probe->cancellable = g_cancellable_new ();
  probe->timer = _bn_doctor_add_timeout (run->options.connect_ms, give_up, probe);
  client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (client, FALSE);
  address = g_inet_socket_address_new_from_string (run->lan_ip, port);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), probe->cancellable,
                                 connected, probe);
}
