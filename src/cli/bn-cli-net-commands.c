/* bn-cli-net-commands.c — serve, peers, peer add, sync: the CLI side of src/net
 *
 * `serve` is the headless peer (an always-on box in the building, a test peer):
 * it runs until SIGINT or SIGTERM and logs, one line each, neighbours coming and
 * going and entries exchanged. The other commands work on the data directory
 * whether or not a `serve` runs on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-sync-node.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

/* A peer whose serve process saw it within this long, without failures since,
 * counts as online for `peers` run from another process. */
#define ONLINE_FRESH_MS (15 * 1000)

static int
expect_args (const BnCliCommand *command, int argc, int wanted)
{
  if (argc == wanted)
    return 0;
  return bn_cli_fail (_("Usage: buurtnet-cli %s %s"), command->name,
                      bn_cli_usage (command));
}

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

/* serve */

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

static int
cmd_serve (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = &bn_cli_net_commands[0];
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

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 1))
    return 1;
  if (port < 0 || port > 65535)
    return bn_cli_fail (_("A port is a number from 0 to 65535"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
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
    print_line ("%s", _("asking neighbours' computers to let you in with your invite code"));
  else
    print_line (_("serving on port %u"), bn_sync_node_get_port (node));
  g_unix_signal_add (SIGINT, on_signal, state.loop);
  g_unix_signal_add (SIGTERM, on_signal, state.loop);
  g_main_loop_run (state.loop);
  print_line ("%s", _("stopping"));
  bn_sync_node_stop (node);
  g_main_loop_unref (state.loop);
  if (state.join_failed != NULL)
    {
      int status = bn_cli_fail ("%s", state.join_failed);
      g_free (state.join_failed);
      return status;
    }
  return 0;
}

/* peers */

static JsonNode *
peer_record_to_json (const BnPeerRecord *record, gboolean online)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "address");
  json_builder_add_string_value (b, record->address);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, record->source);
  json_builder_set_member_name (b, "peer_id");
  if (record->peer_id != NULL)
    json_builder_add_string_value (b, record->peer_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "online");
  json_builder_add_boolean_value (b, online);
  json_builder_set_member_name (b, "last_seen_ms");
  json_builder_add_int_value (b, record->last_seen);
  json_builder_set_member_name (b, "last_sync_ms");
  json_builder_add_int_value (b, record->last_sync);
  json_builder_set_member_name (b, "failures");
  json_builder_add_int_value (b, record->failures);
  json_builder_set_member_name (b, "entries_in");
  json_builder_add_int_value (b, (gint64) record->entries_in);
  json_builder_set_member_name (b, "entries_out");
  json_builder_add_int_value (b, (gint64) record->entries_out);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The most recently synced first, then by address. */
static int
compare_by_last_sync (gconstpointer a, gconstpointer b)
{
  const BnPeerRecord *x = *(BnPeerRecord **) a, *y = *(BnPeerRecord **) b;

  if (x->last_sync != y->last_sync)
    return x->last_sync > y->last_sync ? -1 : 1;
  return strcmp (x->address, y->address);
}

static char *
format_when (gint64 ms)
{
  g_autoptr(GDateTime) when = NULL;

  if (ms <= 0)
    return g_strdup (_("never"));
  when = g_date_time_new_from_unix_local (ms / 1000);
  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

static int
cmd_peers (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = &bn_cli_net_commands[1];
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GPtrArray) records = NULL;
  gint64 now = g_get_real_time () / 1000;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  records = bn_store_list_peers (bn_home_get_store (home));
  g_ptr_array_sort (records, compare_by_last_sync);
  if (!json)
    g_print ("%-22s %-9s %-9s %-8s %-19s %9s %9s\n", _("ADDRESS"), _("SOURCE"), _("PEER"),
             _("STATE"), _("LAST SYNC"), _("IN"), _("OUT"));
  for (guint i = 0; i < records->len; i++)
    {
      BnPeerRecord *record = g_ptr_array_index (records, i);
      gboolean online = record->failures == 0 && now - record->last_seen < ONLINE_FRESH_MS;
      g_autofree char *when = format_when (record->last_sync);

      if (json)
        json_array_add_element (array, peer_record_to_json (record, online));
      else
        g_print ("%-22s %-9s %-9.8s %-8s %-19s %9" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT "\n",
                 record->address, record->source, record->peer_id ? record->peer_id : "-",
                 online ? _("online") : _("offline"), when, record->entries_in,
                 record->entries_out);
    }
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (node, array);
      bn_cli_print_json (node);
    }
  return 0;
}

/* peer add */

static int
cmd_peer (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = &bn_cli_net_commands[2];
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnSyncNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || expect_args (self, argc, 3))
    return 1;
  if (!g_str_equal (argv[1], "add"))
    return bn_cli_fail (_("Usage: buurtnet-cli %s %s"), self->name, bn_cli_usage (self));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  node = bn_sync_node_new (home);
  if (!bn_sync_node_add_peer (node, argv[2], &error))
    return bn_cli_fail_error (error);
  g_print (_("Added %s; a running “buurtnet-cli serve” connects to it now, others at their next start.\n"),
           argv[2]);
  return 0;
}

/* sync */

typedef struct
{
  GMainLoop   *loop;
  BnSyncStats  stats;
  GError      *error;
} SyncState;

static void
sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncState *state = user_data;

  bn_sync_node_sync_finish (BN_SYNC_NODE (source), result, &state->stats, &state->error);
  g_main_loop_quit (state->loop);
}

static void
join_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncState *state = user_data;

  bn_sync_node_join_finish (BN_SYNC_NODE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

/* A data directory that waits to join asks the neighbour first. */
static gboolean
join_first (BnHome *home, BnSyncNode *node, const char *address, SyncState *state)
{
  g_autoptr(GBytes) request = bn_home_get_join_request (home);

  if (request == NULL || bn_home_get_hood (home) != NULL)
    return TRUE;
  bn_sync_node_join_async (node, address, NULL, join_done, state);
  g_main_loop_run (state->loop);
  if (state->error != NULL)
    return FALSE;
  g_print (_("You joined “%s”.\n"), bn_home_get_hood (home)->name);
  return TRUE;
}

static int
cmd_sync (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = &bn_cli_net_commands[3];
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnSyncNode) node = NULL;
  SyncState state = { 0 };
  gint64 started;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || expect_args (self, argc, 2))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  node = bn_sync_node_new (home);
  state.loop = g_main_loop_new (NULL, FALSE);
  started = g_get_monotonic_time ();
  if (join_first (home, node, argv[1], &state))
    {
      bn_sync_node_sync_async (node, argv[1], NULL, sync_done, &state);
      g_main_loop_run (state.loop);
    }
  g_main_loop_unref (state.loop);
  if (state.error != NULL)
    {
      int status = bn_cli_fail (_("Could not sync with %s: %s"), argv[1], state.error->message);
      g_error_free (state.error);
      return status;
    }
  if (state.stats.in_sync)
    g_print (_("Already in sync with %s (checked in %.1f ms).\n"), argv[1],
             (g_get_monotonic_time () - started) / 1e3);
  else
    g_print (_("Synced with %s in %.2f s: %u entries in, %u out, %u refused.\n"), argv[1],
             (g_get_monotonic_time () - started) / 1e6, state.stats.pulled, state.stats.pushed,
             state.stats.refused);
  if (state.stats.pulled > 0)
    g_print (_("Entries in: all stored after %.2f s, in the lists after %.2f s.\n"),
             state.stats.stored_usec / 1e6, state.stats.visible_usec / 1e6);
  return 0;
}

/* The order matters: each command finds its own row by index. */
const BnCliCommand bn_cli_net_commands[] = {
  { "serve", N_("[--port P] [--no-mdns] [--peer HOST:PORT]…"),
    N_("Run a headless peer that syncs with neighbours until stopped"), cmd_serve },
  { "peers", N_("[--json]"), N_("List the neighbours' machines this one knows"), cmd_peers },
  { "peer", N_("add HOST:PORT"), N_("Remember a neighbour's machine by address"), cmd_peer },
  { "sync", N_("HOST:PORT"), N_("Sync once with a neighbour's machine, then exit"), cmd_sync },
};
const guint bn_cli_n_net_commands = G_N_ELEMENTS (bn_cli_net_commands);
