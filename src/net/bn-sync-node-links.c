/* bn-sync-node-links.c — the live links of the peer manager: greeting, keeping one
 * link per pair of peers, entries pushed over them, peer exchange, and the links
 * neighbours open to us
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-local-networks.h"
#include "bn-sync-node-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void link_ready (BnLink *link, BnPeerState *state);
static void link_closed (BnLink *link, BnPeerState *state);
static void link_entries (BnLink *link, GPtrArray *entries, BnPeerState *state);
static void link_sync_requested (BnLink *link, BnPeerState *state);
static void link_peers (BnLink *link, char **addresses, BnPeerState *state);
static void link_synced (BnLink *link, BnPeerState *state);


void
_bn_sync_node_links_attach (BnPeerState *state, BnLink *link)
{
  g_set_object (&state->link, link);
  g_signal_connect (link, "ready", G_CALLBACK (link_ready), state);
  g_signal_connect (link, "closed", G_CALLBACK (link_closed), state);
  g_signal_connect (link, "entries", G_CALLBACK (link_entries), state);
  g_signal_connect (link, "sync-requested", G_CALLBACK (link_sync_requested), state);
  g_signal_connect (link, "peers", G_CALLBACK (link_peers), state);
  g_signal_connect (link, "synced", G_CALLBACK (link_synced), state);
}

/* The neighbour ran a session with us: we are level too (and the UI can say so). */
static void
link_synced (BnLink *link, BnPeerState *state)
{
  _bn_sync_node_peers_mark_synced (state);
}

void
_bn_sync_node_links_detach (BnPeerState *state)
{
  if (state->link == NULL)
    return;
  g_signal_handlers_disconnect_by_data (state->link, state);
  bn_link_close (state->link);
  g_clear_object (&state->link);
}

/* Drops a link because the two peers keep another one: not a failure. */
static void
detach_duplicate (BnPeerState *state)
{
  if (state->link == NULL)
    return;
  g_signal_handlers_disconnect_by_data (state->link, state);
  bn_link_close_duplicate (state->link);
  g_clear_object (&state->link);
}

static gboolean
is_lan_peer_online (BnPeerState *state)
{
  return bn_peer_get_source (state->peer) == BN_PEER_SOURCE_MDNS
         && state->link != NULL && bn_link_is_ready (state->link);
}

/* Peer exchange, on the local network only: tell a newly linked neighbour which
 * neighbours we found by mDNS, and tell the others about a newly linked one found
 * by mDNS. Each then links without waiting for its own Avahi to resolve everyone,
 * which on a busy LAN takes seconds. Manual and remembered addresses are never
 * passed on: a neighbour reached over a VPN stays a private arrangement. */
static void
share_lan_peers (BnSyncNode *self, BnPeerState *fresh)
{
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  const char *fresh_address = bn_peer_get_address (fresh->peer);
  const char *one[] = { fresh_address, NULL };
  GHashTableIter iter;
  BnPeerState *state;

  if (!self->use_mdns)
    return;
  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    {
      if (state == fresh || !is_lan_peer_online (state))
        continue;
      if (known->len < BN_LIMIT_EXCHANGED_PEERS)
        g_ptr_array_add (known, (gpointer) bn_peer_get_address (state->peer));
      if (bn_peer_get_source (fresh->peer) == BN_PEER_SOURCE_MDNS)
        bn_link_send_peers (state->link, one);
    }
  g_ptr_array_add (known, NULL);
  bn_link_send_peers (fresh->link, (const char * const *) known->pdata);
}

static guint
count_exchanged (BnSyncNode *self)
{
  GHashTableIter iter;
  BnPeerState *state;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    n += state->exchanged ? 1 : 0;
  return n;
}

/* An address a neighbour passed on is called only when it is on a network we
 * are on ourselves (the neighbour found it by mDNS on a LAN we share), and only
 * while fewer than BN_LIMIT_EXCHANGED_ADDRESSES such addresses wait for a
 * link: a member cannot make us call the world, nor grow our list without end. */
static gboolean
may_call_exchanged (BnSyncNode *self, const char *address)
{
  g_autofree char *host = NULL;

  if (g_hash_table_contains (self->states, address))
    return TRUE;
  if (!bn_sync_parse_address (address, &host, NULL, NULL)
      || !bn_address_is_on_local_network (host))
    {
      g_debug ("Not calling %s, passed on by a neighbour: not on a network we are on", address);
      return FALSE;
    }
  return count_exchanged (self) < BN_LIMIT_EXCHANGED_ADDRESSES;
}

/* An IPv6 link-local address means something on one link only, and the
 * "%interface" it is passed on with is the sender's. It is called through our
 * own interface to the sender, when we reach the sender link-local too (it
 * found it on the link we share); never otherwise. Every other address is
 * taken as it is.
 *
 * Returns: (transfer full) (nullable): @address as we call it, or %NULL */
static char *
exchanged_address_for_us (const char *address, BnPeerState *state)
{
  g_autofree char *host = NULL, *via = NULL, *zoned = NULL;
  g_autoptr(GInetAddress) ip = NULL;
  const char *zone;
  guint16 port = 0;

  if (!bn_sync_parse_address (address, &host, &port, NULL))
    return NULL;
  host[strcspn (host, "%")] = '\0';
  ip = g_inet_address_new_from_string (host);
  if (ip == NULL || g_inet_address_get_family (ip) != G_SOCKET_FAMILY_IPV6
      || !g_inet_address_get_is_link_local (ip))
    return g_strdup (address);
  if (!bn_sync_parse_address (bn_peer_get_address (state->peer), &via, NULL, NULL)
      || (zone = strchr (via, '%')) == NULL)
    return NULL;
  zoned = g_strconcat (host, zone, NULL);
  return bn_sync_join_address (zoned, port);
}

static void
link_peers (BnLink *link, char **addresses, BnPeerState *state)
{
  BnSyncNode *self = state->node;

  if (!self->use_mdns || bn_sync_node_get_avahi_state (self) != BN_AVAHI_STATE_RUNNING)
    return;
  for (guint i = 0; addresses[i] != NULL; i++)
    {
      g_autofree char *address = exchanged_address_for_us (addresses[i], state);
      gboolean known = address != NULL && g_hash_table_contains (self->states, address);
      BnPeerState *other;

      if (address == NULL)
        {
          g_debug ("Not calling %s, passed on by a neighbour: link-local on another link",
                   addresses[i]);
          continue;
        }
      if (!may_call_exchanged (self, address))
        continue;
      other = _bn_sync_node_peers_ensure (self, address, BN_PEER_SOURCE_MDNS);
      if (other != NULL && !known)
        other->exchanged = TRUE;
      if (other != NULL && other != state)
        _bn_sync_node_peers_connect (other);
    }
}

/* Both of us opened a link to the other: keep the one the smaller key opened. */
static gboolean
keep_new_link (BnSyncNode *self, BnLink *old_link, BnLink *new_link)
{
  const guint8 *me = bn_home_get_identity (self->home)->public_key;
  const guint8 *them = bn_link_get_peer_key (new_link);
  gboolean i_am_smaller = memcmp (me, them, BN_PUBLIC_KEY_LEN) < 0;

  return bn_link_is_client (new_link) == i_am_smaller;
}

static void
link_ready (BnLink *link, BnPeerState *state)
{
  BnSyncNode *self = state->node;
  const guint8 *me = bn_home_get_identity (self->home)->public_key;
  BnPeerState *other;

  if (memcmp (bn_link_get_peer_key (link), me, BN_PUBLIC_KEY_LEN) == 0)
    {
      g_debug ("%s is our own server", bn_peer_get_address (state->peer));
      state->is_self = TRUE;
      _bn_sync_node_links_detach (state);
      return;
    }
  other = _bn_sync_node_peers_find_linked (self, bn_link_get_peer_key (link), state);
  if (other != NULL)
    {
      if (!keep_new_link (self, other->link, link))
        {
          detach_duplicate (state);
          state->failures = MAX (state->failures, 4);
          _bn_sync_node_peers_schedule_retry (state);
          return;
        }
      detach_duplicate (other);
    }
  state->failures = 0;
  state->unauthorized_logged = FALSE;
  state->exchanged = FALSE;
  bn_peer_set_peer_id (state->peer, bn_link_get_peer_id (link));
  bn_peer_set_online (state->peer, TRUE);
  g_message ("Neighbour %.8s… at %s is online", bn_link_get_peer_id (link),
             bn_peer_get_address (state->peer));
  _bn_sync_node_peers_save (self, state, FALSE);
  _bn_sync_node_update_n_online (self);
  share_lan_peers (self, state);
  /* The side that opened the link runs the first sync. */
  if (bn_link_is_client (link))
    _bn_sync_node_peers_request_sync (state);
}

static void
link_closed (BnLink *link, BnPeerState *state)
{
  gboolean was_online = bn_peer_get_online (state->peer);

  if (bn_link_was_duplicate (link))
    {
      /* The other side kept its own link to us and is about to greet us on
       * it: stay online, and only call again if it does not come. */
      g_signal_handlers_disconnect_by_data (link, state);
      g_clear_object (&state->link);
      _bn_sync_node_peers_retry_after (state, BN_NODE_DUPLICATE_GRACE_MS);
      return;
    }
  _bn_sync_node_links_detach (state);
  bn_peer_set_online (state->peer, FALSE);
  _bn_sync_node_update_n_online (state->node);
  if (was_online)
    g_message ("Neighbour at %s is offline", bn_peer_get_address (state->peer));
  state->failures++;
  _bn_sync_node_peers_schedule_retry (state);
}

static void
live_insert_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BnPeerState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInsertOutcome) outcome = bn_store_worker_insert_finish (BN_STORE_WORKER (source),
                                                                      result, &error);

  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }
  bn_peer_add_entries (state->peer, outcome->counts.added, 0);
  _bn_sync_node_emit_received (state->node, outcome->added);
  _bn_sync_node_forward (state->node, outcome->added, state);
  /* Refused live entries are usually ones whose predecessors we lack: catch up. */
  if (outcome->counts.refused > 0)
    {
      for (guint i = 0; outcome->counts.reasons && i < outcome->counts.reasons->len; i++)
        g_message ("Refused live entries from %s: %s", bn_peer_get_address (state->peer),
                   (char *) g_ptr_array_index (outcome->counts.reasons, i));
      _bn_sync_node_peers_request_sync (state);
    }
}

static void
link_entries (BnLink *link, GPtrArray *entries, BnPeerState *state)
{
  bn_store_worker_insert_async (state->node->writer, entries, BN_FOLD_NOW, state->cancellable,
                                live_insert_done, state);
}

static void
link_sync_requested (BnLink *link, BnPeerState *state)
{
  if (bn_link_is_client (link))
    _bn_sync_node_peers_request_sync (state);
}

/* The neighbour we are already calling (or linked with) called us too: both sides
 * keep the link the smaller key opened, whatever state the other one is in, so
 * that they never both drop the one the other kept. */
static gboolean
incoming_wins (BnSyncNode *self, BnPeerState *state, BnLink *incoming)
{
  if (state->link == NULL && !state->connecting)
    return TRUE;
  return keep_new_link (self, state->link, incoming);
}

static void
listenerless_insert_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnSyncNode) self = user_data;
  g_autoptr(BnInsertOutcome) outcome = bn_store_worker_insert_finish (BN_STORE_WORKER (source),
                                                                      result, NULL);
  if (outcome != NULL)
    {
      _bn_sync_node_emit_received (self, outcome->added);
      _bn_sync_node_forward (self, outcome->added, NULL);
    }
}

static void
listenerless_entries (BnLink *link, GPtrArray *entries, BnSyncNode *self)
{
  bn_store_worker_insert_async (self->writer, entries, BN_FOLD_NOW, NULL,
                                listenerless_insert_done, g_object_ref (self));
}

static void
pending_ready (BnLink *link, BnSyncNode *self)
{
  g_autofree char *address = NULL;
  BnPeerState *state;

  /* Port 0: "I do not listen". Its entries are welcome, but there is no
   * address to call back or to remember; the link lives until it closes. */
  if (bn_link_get_peer_port (link) == 0)
    {
      g_signal_connect (link, "entries", G_CALLBACK (listenerless_entries), self);
      return;
    }
  address = bn_sync_join_address (bn_link_get_remote_host (link), bn_link_get_peer_port (link));
  state = _bn_sync_node_peers_ensure (self, address, BN_PEER_SOURCE_INCOMING);
  g_signal_handlers_disconnect_by_data (link, self);
  if (state == NULL)
    bn_link_close (link);
  else if (!incoming_wins (self, state, link))
    bn_link_close_duplicate (link);
  else
    {
      detach_duplicate (state);
      if (state->cancellable != NULL)
        g_cancellable_cancel (state->cancellable);
      g_clear_object (&state->cancellable);
      state->cancellable = g_cancellable_new ();
      state->connecting = FALSE;
      state->syncing = FALSE;
      g_clear_handle_id (&state->retry_id, g_source_remove);
      _bn_sync_node_links_attach (state, link);
      link_ready (link, state);
    }
  g_ptr_array_remove (self->pending_links, link);
}

static void
pending_closed (BnLink *link, BnSyncNode *self)
{
  g_signal_handlers_disconnect_by_data (link, self);
  g_ptr_array_remove (self->pending_links, link);
}

/* A neighbour opened a link to us; it becomes a peer when it has greeted us. */
void
_bn_sync_node_links_incoming (BnSyncNode *self,
                              BnLink     *link)
{
  g_ptr_array_add (self->pending_links, g_object_ref (link));
  g_signal_connect (link, "ready", G_CALLBACK (pending_ready), self);
  g_signal_connect (link, "closed", G_CALLBACK (pending_closed), self);
}

/* Entries a neighbour pushed with POST /v2/push. Several peers can share one
 * address (a NAT, loopback), so the pusher is only credited when the address is
 * unambiguous, and the entries go out to every live link, the pusher's included
 * (it answers "known" and nothing more). */
void
_bn_sync_node_links_pushed (BnSyncNode      *self,
                            BnInsertOutcome *outcome,
                            const char      *host)
{
  GHashTableIter iter;
  BnPeerState *state, *source = NULL;
  guint matches = 0;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    if (state->link != NULL && bn_link_is_ready (state->link)
        && g_strcmp0 (bn_link_get_remote_host (state->link), host) == 0)
      {
        source = state;
        matches++;
      }
  if (matches == 1)
    bn_peer_add_entries (source->peer, outcome->counts.added, 0);
  _bn_sync_node_emit_received (self, outcome->added);
  _bn_sync_node_forward (self, outcome->added, NULL);
}
