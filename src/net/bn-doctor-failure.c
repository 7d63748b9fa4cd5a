/* bn-doctor-failure.c — a failed attempt to reach a neighbour's machine, in a word
 * and in words
 *
 * The peer manager notes each failure in the peers table (core's
 * bn_store_note_peer_failure()), so that `buurtnet-cli doctor`, in another
 * process, can say why a neighbour stays out of reach; `buurtnet-cli sync`
 * says a failure in the same words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor.h"
#include "bn-store-peers.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>

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
      case BN_NET_ERROR_REFUSED:
        return "refused";
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

/**
 * bn_doctor_failure_words:
 * @kind: (nullable): a word of bn_doctor_failure_kind(); %NULL is "other"
 * @message: (nullable): the failure's own message, said for "other"
 *
 * What a failure to reach a neighbour's machine means and what to do, in the
 * words the doctor uses: `buurtnet-cli sync` says them too.
 *
 * Returns: (transfer full): a sentence or two
 */
char *
bn_doctor_failure_words (const char *kind,
                         const char *message)
{
  if (kind == NULL)
    kind = "other";
  if (g_str_equal (kind, "no-answer"))
    return g_strdup (_("No answer at this address: the computer is off or asleep, Buurtnet is "
                       "not running on it, it has another address now, or a firewall drops "
                       "the connection."));
  if (g_str_equal (kind, "refused"))
    return g_strdup (_("The computer at this address refused the connection: Buurtnet is not "
                       "running on it now, or its firewall refuses the port."));
  if (g_str_equal (kind, "not-member"))
    return g_strdup (_("This computer and yours do not recognise each other as members of the "
                       "same neighbourhood: one of you may be on an old invite, or it belongs "
                       "to another neighbourhood. A connector can check the list of members."));
  if (g_str_equal (kind, "removed"))
    return g_strdup (_("This computer says you are no longer a member of the neighbourhood."));
  if (g_str_equal (kind, "clock"))
    return g_strdup (_("Its clock and this computer’s differ by more than two minutes, so they "
                       "refuse each other: set the right date and time on both computers "
                       "(automatic date and time)."));
  if (g_str_equal (kind, "busy"))
    return g_strdup (_("It was busy; Buurtnet tries again by itself."));
  return g_strdup_printf (_("The last try failed: %s"),
                          message != NULL ? message : _("no reason given"));
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
