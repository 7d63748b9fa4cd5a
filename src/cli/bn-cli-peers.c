/* bn-cli-peers.c — peers and peer add: the neighbours’ machines this data
 * directory remembers, whether or not a `serve` runs on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A peer whose serve process saw it within this long, without failures since,
 * counts as online for `peers` run from another process (serve writes it every
 * 120 s while linked: each write wakes the process and its WAL checkpoint). */
#define ONLINE_FRESH_MS (150 * 1000)

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
  json_builder_set_member_name (b, "failure");
  if (record->failure != NULL)
    json_builder_add_string_value (b, record->failure);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "failure_at_ms");
  json_builder_add_int_value (b, record->failure_at);
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

/* peers [--json] */
int
bn_cli_cmd_peers (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GPtrArray) records = NULL;
  gint64 now = g_get_real_time () / 1000;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc != 1)
    return bn_cli_fail_usage (self);
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

/* peer add HOST:PORT */
int
bn_cli_cmd_peer (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnSyncNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv))
    return 1;
  if (argc != 3)
    return bn_cli_fail_usage (self);
  if (!g_str_equal (argv[1], "add"))
    return bn_cli_fail_usage (self);
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  node = bn_sync_node_new (home);
  if ((address = bn_sync_address_normalize (argv[2], &error)) == NULL
      || !bn_sync_node_add_peer (node, address, &error))
    return bn_cli_fail_error (error);
  g_print (_("Added %s; a running “buurtnet-cli serve” connects to it now, others at their next start.\n"),
           address);
  return 0;
}

