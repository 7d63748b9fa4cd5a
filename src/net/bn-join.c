/* bn-join.c — asking a peer to admit this newcomer
 *
 * The request carries no identity signature (the newcomer is no member yet):
 * it is the join request itself, whose proof only the holder of the code could
 * make. The answer is a welcome sealed to the newcomer, so a listener learns
 * nothing from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-join.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"
#include "bn-wire.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  BnHome      *home;
  SoupMessage *msg;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_object (&ask->home);
  g_clear_object (&ask->msg);
  g_free (ask);
}

static const char *
closed_reason (guint8 reason)
{
  switch (reason)
    {
    case 1: return _("This invite code has expired; ask for a new one");
    case 2: return _("This invite code has already been used; ask for a new one");
    case 3: return _("This invite code was withdrawn; ask for a new one");
    case 4:
    default:
      return _("This invite code no longer works since the neighbourhood key was renewed; ask for a new one");
    }
}

static void
ask_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Ask *ask = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = soup_message_get_status (ask->msg);

  if (body == NULL)
    {
      g_debug ("Could not ask to join: %s", error->message);
      g_task_return_int (task, BN_JOIN_OUTCOME_TRY_ANOTHER);
      return;
    }
  if (status == SOUP_STATUS_GONE && g_bytes_get_size (body) == 1)
    {
      g_task_return_new_error (task, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED, "%s",
                               closed_reason (*(const guint8 *) g_bytes_get_data (body, NULL)));
      return;
    }
  if (status != SOUP_STATUS_OK || g_bytes_get_size (body) > BN_LIMIT_WELCOME_BYTES)
    {
      g_task_return_int (task, BN_JOIN_OUTCOME_TRY_ANOTHER);
      return;
    }
  /* A peer that answers with something that is no welcome for us (broken, or
   * a peer gone bad) cannot end the join: another may still let us in. */
  if (!bn_home_accept_welcome (ask->home, body, &error))
    {
      g_message ("An answer to our request to join could not be taken: %s", error->message);
      g_task_return_int (task, BN_JOIN_OUTCOME_TRY_ANOTHER);
      return;
    }
  g_task_return_int (task, BN_JOIN_OUTCOME_JOINED);
}

/**
 * bn_join_ask_async:
 * @address: `host:port` of a peer that may be a member's
 *
 * Sends this newcomer's pending join request (bn_home_get_join_request()) to
 * @address and, with a welcome, completes the join.
 */
void
bn_join_ask_async (BnHome              *home,
                   SoupSession         *http,
                   const char          *address,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (home, cancellable, callback, user_data);
  g_autoptr(GBytes) request = bn_home_get_join_request (home);
  g_autofree char *uri = bn_sync_address_uri (address, BN_WIRE_PREFIX "join");
  Ask *ask;

  g_task_set_source_tag (task, bn_join_ask_async);
  if (request == NULL)
    {
      g_task_return_int (task, bn_home_get_hood (home) != NULL ? BN_JOIN_OUTCOME_JOINED
                                                               : BN_JOIN_OUTCOME_CLOSED);
      return;
    }
  ask = g_new0 (Ask, 1);
  ask->home = g_object_ref (home);
  ask->msg = soup_message_new (SOUP_METHOD_POST, uri);
  g_task_set_task_data (task, ask, (GDestroyNotify) ask_free);
  if (ask->msg == NULL)
    {
      g_task_return_int (task, BN_JOIN_OUTCOME_TRY_ANOTHER);
      return;
    }
  soup_message_set_request_body_from_bytes (ask->msg, "application/octet-stream", request);
  /* Not a member's answer yet: nothing over a welcome's size is read at all. */
  soup_session_send_and_read_async (http, ask->msg, G_PRIORITY_DEFAULT,
                                    bn_sync_request_limit (ask->msg, cancellable,
                                                           BN_LIMIT_WELCOME_BYTES),
                                    ask_done, g_steal_pointer (&task));
}

/**
 * bn_join_ask_finish:
 *
 * Returns: what came of it; with %BN_JOIN_OUTCOME_CLOSED, @error says why in
 *   words a person can act on
 */
BnJoinOutcome
bn_join_ask_finish (GAsyncResult  *result,
                    GError       **error)
{
  GError *local = NULL;
  gssize outcome = g_task_propagate_int (G_TASK (result), &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return BN_JOIN_OUTCOME_CLOSED;
    }
  return (BnJoinOutcome) outcome;
}
