/* bn-doctor-failure.c — a failed attempt to reach a neighbour's machine, in a word
 *
 * The peer manager notes each failure in the peers table (core's
 * bn_store_note_peer_failure()), so that `buurtnet-cli doctor`, in another
 * process, can say why a neighbour stays out of reach.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor.h"
#include "bn-store-peers.h"
#include "bn-sync-node.h"

/**
 * bn_doctor_failure_kind:
 *
 * Returns: the word the peers table keeps for @error: "no-answer", "refused",
 *   "not-member", "removed", "clock", "busy" or "other"
 */
const char *
bn_doctor_failure_kind (const GError *error)
{
  if (error == NULL)
    return "other";
  if (error->domain == BN_NET_ERROR)
    switch ((BnNetError) error->code)
      {
      case BN_NET_ERROR_CLOCK:
        return "clock";
      case BN_NET_ERROR_REMOVED:
        return "removed";
      case BN_NET_ERROR_UNAUTHORIZED:
        return "not-member";
      case BN_NET_ERROR_BUSY:
        return "busy";
      case BN_NET_ERROR_UNREACHABLE:
        return "no-answer";
      default:
        return "other";
      }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return "refused";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return "no-answer";
  return "other";
}

/* Remembers why @address could not be reached just now; a failure to remember
 * it is only worth a debug line. */
void
bn_doctor_note_failure (BnStore      *store,
                        const char   *address,
                        const GError *error)
{
  g_autoptr(GError) local = NULL;

  if (!bn_store_note_peer_failure (store, address, bn_doctor_failure_kind (error),
                                   error != NULL ? error->message : NULL,
                                   g_get_real_time () / 1000, &local))
    g_debug ("Could not note why %s failed: %s", address, local->message);
}
