/* bn-cli-serve.c — serve: the headless peer
 *
 * An always-on box in the building, a test peer: it runs until SIGINT or SIGTERM
 * and logs, one line each, neighbours coming and going and entries exchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-sync-node.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>

static void
print_line (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One line on stdout with the local time, flushed, for logs and tests that follow them. */
static void
print_line (const char *format, ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("%s.%03d %s\n", stamp, g_date_time_get_microsecond (now) / 1000, text);
  fflush (stdout);
}

typedef struct
{
  GMainLoop *loop;
  guint64    received;
  char      *join_failed;
} ServeState;

static void
on_joined (BnSyncNode *node, BnHome *home)
{
  print_line (_("joined “%s”"), bn_home_get_hood (home)->name);
  print_line (_("serving on port %u"), bn_sync_node_get_port (node));
}

/* The code admits no one any more: say why and stop. */
static void
on_join_failed (BnSyncNode *node, const char *message, ServeState *state)
{
  state->join_failed = g_strdup (message);
  g_main_loop_quit (state->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  bn_sync_node_stop_finish (BN_SYNC_NODE (source), result, NULL);
  *done = TRUE;
}

/* Should a cancelled call never come back, serve still ends. */
#define STOP_DEADLINE_SECONDS 10

static gboolean
stop_overdue (gpointer user_data)
{
  guint *deadline = user_data;

  g_message ("Stopped without waiting any longer for calls to neighbours to end");
  *deadline = 0;
  return G_SOURCE_REMOVE;
}

/* Stops the node and waits until the calls it had started (connections still
 * being opened to neighbours who do not answer, syncs) have all ended: nothing
 * is cut off half-way, and nothing is left behind when the process exits. */
static void
stop_node (BnSyncNode *node)
{
  gboolean done = FALSE;
  guint deadline = g_timeout_add_seconds (STOP_DEADLINE_SECONDS, stop_overdue, &deadline);

  bn_sync_node_stop_async (node, stopped, &done);
  while (!done && deadline != 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&deadline, g_source_remove);
}

static void
on_peer_online (BnPeer *peer, GParamSpec *pspec, gpointer user_data)
{
  const char *id = bn_peer_get_peer_id (peer);

  if (bn_peer_get_online (peer))
    print_line (_("peer online: %s (%.8s)"), bn_peer_get_address (peer), id ? id : "?");
  else
    print_line (_("peer offline: %s"), bn_peer_get_address (peer));
}

static void
on_peers_changed (GListModel *peers, guint position, guint removed, guint added,
                  gpointer user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(BnPeer) peer = g_list_model_get_item (peers, i);

      print_line (_("peer known: %s"), bn_peer_get_address (peer));
      g_signal_connect (peer, "notify::online", G_CALLBACK (on_peer_online), NULL);
    }
}

static void
on_entries_received (BnSyncNode *node, GPtrArray *entries, ServeState *state)
{
  state->received += entries->len;
  print_line (g_dngettext (GETTEXT_PACKAGE, "received %u entry (%llu in all)",
                           "received %u entries (%llu in all)", entries->len),
              entries->len, (unsigned long long) state->received);
}

static void
on_avahi_state (BnSyncNode *node, GParamSpec *pspec, gpointer user_data)
{
  switch (bn_sync_node_get_avahi_state (node))
    {
    case BN_AVAHI_STATE_RUNNING:
      print_line ("%s", _("mDNS: announcing and looking for neighbours on this network"));
      break;
    case BN_AVAHI_STATE_NOT_RUNNING:
      print_line ("%s", _("mDNS: Avahi is not running; syncing with known and added neighbours only"));
      break;
    case BN_AVAHI_STATE_DISABLED:
      break;
    }
}

/* serve [--port P] [--no-mdns] [--peer HOST:PORT]… */
int
bn_cli_cmd_serve (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  int port = BN_SYNC_DEFAULT_PORT;
  gboolean no_mdns = FALSE;
  g_auto(GStrv) peers = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on (default 7447; 0 for any free port)"), N_("PORT") },
    { "no-mdns", 0, 0, G_OPTION_ARG_NONE, &no_mdns,
      N_("Do not announce or look for neighbours with mDNS (Avahi)"), NULL },
    { "peer", 0, 0, G_OPTION_ARG_STRING_ARRAY, &peers,
      N_("A neighbour to sync with (repeatable)"), N_("HOST:PORT") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnSyncNode) node = NULL;
  g_autoptr(GError) error = NULL;
  ServeState state = { 0 };

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc != 1)
    return bn_cli_fail_usage (self);
  if (port < 0 || port > 65535)
    return bn_cli_fail (_("A port is a number from 0 to 65535"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  bn_cli_tend_roster (home);
  node = bn_sync_node_new (home);
  g_signal_connect (bn_sync_node_get_peers (node), "items-changed",
                    G_CALLBACK (on_peers_changed), NULL);
  g_signal_connect (node, "entries-received", G_CALLBACK (on_entries_received), &state);
  g_signal_connect (node, "notify::avahi-state", G_CALLBACK (on_avahi_state), NULL);
  for (guint i = 0; peers != NULL && peers[i] != NULL; i++)
    if (!bn_sync_node_add_peer (node, peers[i], &error))
      return bn_cli_fail_error (error);
  state.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (node, "joined", G_CALLBACK (on_joined), home);
  g_signal_connect (node, "join-failed", G_CALLBACK (on_join_failed), &state);
  if (!bn_sync_node_start (node, (guint16) port, !no_mdns, &error))
    return bn_cli_fail_error (error);

  if (bn_sync_node_is_joining (node))
    print_line ("%s", _("asking neighbours’ computers to let you in with your invite code"));
  else
    print_line (_("serving on port %u"), bn_sync_node_get_port (node));
  g_unix_signal_add (SIGINT, on_signal, state.loop);
  g_unix_signal_add (SIGTERM, on_signal, state.loop);
  g_main_loop_run (state.loop);
  print_line ("%s", _("stopping"));
  stop_node (node);
  g_main_loop_unref (state.loop);
  if (state.join_failed != NULL)
    {
      int status = bn_cli_fail ("%s", state.join_failed);
      g_free (state.join_failed);
      return status;
    }
  return 0;
}

