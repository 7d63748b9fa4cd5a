/* bn-cli-sync.c — sync: one sync with a neighbour's machine, then exit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-doctor.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>

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

/* A machine out of reach is said as the doctor says it, with what to try, and
 * its address once: the network layer's message names it again, then the
 * system's words ("Could not reach …: Could not connect to …: Connection
 * refused"). Other failures say what they are in their own message. */
static int
fail_sync (const char   *address,
           const GError *error)
{
  const char *kind = bn_doctor_failure_kind (error);
  g_autofree char *words = NULL;

  if (!g_str_equal (kind, "no-answer") && !g_str_equal (kind, "refused"))
    return bn_cli_fail (_("Could not sync with %s: %s"), address, error->message);
  words = bn_doctor_failure_words (kind, NULL);
  /* Translators: an address, then why in the doctor's words (“No answer at
   * this address: the computer is off or asleep, Buurtnet is not running on
   * it, …”); “which” is which of those reasons */
  return bn_cli_fail (_("Could not sync with %s. %s Run “buurtnet-cli doctor” on both computers "
                        "to find out which."), address, words);
}

/* sync HOST:PORT */
int
bn_cli_cmd_sync (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnSyncNode) node = NULL;
  SyncState state = { 0 };
  gint64 started;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv))
    return 1;
  if (argc != 2)
    return bn_cli_fail_usage (self);
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  bn_cli_tend_roster (home);
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
      int status = fail_sync (argv[1], state.error);
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

