/* bn-sync-node-peers.c — the peer manager: which neighbours we know, calling them,
 * when to sync, and when to try again (the links themselves: bn-sync-node-links.c)
 *
 * An address ("host:port") comes from a person (manual), from Avahi, from a
 * neighbour that connected to us and told us its port, or from the peers table
 * (neighbours met in earlier runs). Each gets a live link (a WebSocket we open);
 * a failed attempt is retried with exponential backoff. Two peers that both opened
 * a link to each other keep one: the one opened by the peer with the smaller key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-node-private.h"
#include "bn-doctor.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
_bn_peer_state_free (BnPeerState *state)
{
  g_clear_handle_id (&state->retry_id, g_source_remove);
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  if (state->link != NULL)
    {
      g_signal_handlers_disconnect_by_data (state->link, state);
      bn_link_close (state->link);
      g_clear_object (&state->link);
    }
  g_clear_object (&state->peer);
  g_free (state);
}

void
_bn_sync_node_peers_save (BnSyncNode *self, BnPeerState *state, gboolean synced)
{
  BnPeer *peer = state->peer;
  g_autoptr(GError) error = NULL;
  BnPeerRecord record = {
    .address = (char *) bn_peer_get_address (peer),
    .source = (char *) bn_peer_source_to_string (bn_peer_get_source (peer)),
    .peer_id = (char *) bn_peer_get_peer_id (peer),
    .last_seen = bn_peer_get_online (peer) ? g_get_real_time () / 1000 : 0,
    .last_sync = synced ? bn_peer_get_last_sync (peer) / 1000 : 0,
    .failures = state->failures,
    .entries_in = bn_peer_get_entries_in (peer),
    .entries_out = bn_peer_get_entries_out (peer),
  };

  if (!bn_store_save_peer (bn_home_get_store (self->home), &record, &error))
    g_debug ("Could not remember peer %s: %s", record.address, error->message);
}

/**
 * _bn_sync_node_peers_ensure:
 *
 * Returns: (transfer none) (nullable): the state for @address, created (and
 *   remembered in the peers table) when new; %NULL for a malformed address
 */
BnPeerState *
_bn_sync_node_peers_ensure (BnSyncNode   *self,
                            const char   *address,
                            BnPeerSource  source)
{
  BnPeerState *state = g_hash_table_lookup (self->states, address);

  if (state != NULL)
    {
      if (source == BN_PEER_SOURCE_MANUAL)
        bn_peer_set_source (state->peer, source);
      return state;
    }
  if (!bn_sync_parse_address (address, NULL, NULL, NULL))
    return NULL;
  state = g_new0 (BnPeerState, 1);
  state->node = self;
  state->peer = bn_peer_new (address, source);
  g_hash_table_insert (self->states, g_strdup (address), state);
  g_list_store_append (self->peers, state->peer);
  if (source != BN_PEER_SOURCE_STORED)
    _bn_sync_node_peers_save (self, state, FALSE);
  if (source != BN_PEER_SOURCE_STORED)
    g_message ("New neighbour address %s (%s)", address, bn_peer_source_to_string (source));
  return state;
}

/* Reads the peers table: addresses from earlier runs, and ones `peer add` wrote
 * while we run. Cheap enough to call whenever the database changed. */
void
_bn_sync_node_peers_load (BnSyncNode *self)
{
  g_autoptr(GPtrArray) records = bn_store_list_peers (bn_home_get_store (self->home));

  for (guint i = 0; i < records->len; i++)
    {
      BnPeerRecord *record = g_ptr_array_index (records, i);
      BnPeerState *state;

      if (g_hash_table_contains (self->states, record->address))
        continue;
      state = _bn_sync_node_peers_ensure (self, record->address,
                                          bn_peer_source_from_string (record->source));
      if (state == NULL)
        continue;
      bn_peer_set_peer_id (state->peer, record->peer_id);
      bn_peer_set_last_sync (state->peer, record->last_sync * 1000);
      bn_peer_set_entries (state->peer, record->entries_in, record->entries_out);
      if (self->running)
        _bn_sync_node_peers_schedule_retry (state);
    }
}

static guint
count_outgoing (BnSyncNode *self)
{
  GHashTableIter iter;
  BnPeerState *state;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    n += (state->connecting || (state->link != NULL && bn_link_is_client (state->link))) ? 1 : 0;
  return n;
}

BnPeerState *
_bn_sync_node_peers_find_linked (BnSyncNode *self, const guint8 *key, BnPeerState *except)
{
  GHashTableIter iter;
  BnPeerState *state;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    if (state != except && state->link != NULL && bn_link_is_ready (state->link)
        && memcmp (bn_link_get_peer_key (state->link), key, BN_PUBLIC_KEY_LEN) == 0)
      return state;
  return NULL;
}

/* The time to call again has come: a neighbour with no link by now is offline
 * (it may have looked online while a link it dropped as a duplicate was in
 * its grace period), and we call it. */
static gboolean
retry_now (gpointer user_data)
{
  BnPeerState *state = user_data;

  state->retry_id = 0;
  if (state->link == NULL && bn_peer_get_online (state->peer))
    {
      bn_peer_set_online (state->peer, FALSE);
      _bn_sync_node_update_n_online (state->node);
      g_message ("Neighbour at %s is offline", bn_peer_get_address (state->peer));
    }
  _bn_sync_node_peers_connect (state);
  return G_SOURCE_REMOVE;
}

/* Calls the neighbour again after @delay_ms, instead of any call planned. */
void
_bn_sync_node_peers_retry_after (BnPeerState *state,
                                 guint        delay_ms)
{
  g_clear_handle_id (&state->retry_id, g_source_remove);
  state->retry_id = g_timeout_add (delay_ms, retry_now, state);
}

/* Calls again with exponential backoff after failures, at once after none. */
void
_bn_sync_node_peers_schedule_retry (BnPeerState *state)
{
  guint delay;

  if (!state->node->running || state->retry_id != 0 || state->is_self)
    return;
  delay = state->failures == 0 ? 0
          : MIN (BN_NODE_BACKOFF_MAX_MS, BN_NODE_BACKOFF_MIN_MS << MIN (state->failures - 1, 10));
  /* A little jitter, so peers that lost each other at once do not call at once. */
  if (delay > 0)
    delay += g_random_int_range (0, delay / 4 + 1);
  _bn_sync_node_peers_retry_after (state, delay);
}

void
_bn_sync_node_peers_mark_synced (BnPeerState *state)
{
  bn_peer_set_last_sync (state->peer, g_get_real_time ());
  _bn_sync_node_set_last_sync (state->node, bn_peer_get_last_sync (state->peer));
  _bn_sync_node_peers_save (state->node, state, TRUE);
}

static void
connect_failed (BnPeerState *state, GError *error)
{
  const char *address = bn_peer_get_address (state->peer);

  state->failures++;
  if (g_error_matches (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED))
    {
      if (!state->unauthorized_logged)
        g_message ("%s is not in our neighbourhood (it refused our key)", address);
      state->unauthorized_logged = TRUE;
    }
  else if (state->failures == 1 || state->failures % 10 == 0)
    g_message ("Could not reach %s (%u tries): %s", address, state->failures, error->message);
  _bn_sync_node_peers_save (state->node, state, FALSE);
  bn_doctor_note_failure (bn_home_get_store (state->node->home), address, error);
  _bn_sync_node_peers_schedule_retry (state);
}

static void
link_opened (BnPeerState *state, GObject *source, GAsyncResult *result)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(BnLink) link = NULL;
  g_autofree char *host = NULL;
  SoupMessageHeaders *request;
  guint8 server[BN_PUBLIC_KEY_LEN], nonce[BN_WIRE_NONCE_LEN];
  BnPairKeys keys;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !state->node->running)
    return;
  state->connecting = FALSE;
  request = soup_message_get_request_headers (msg);
  if (connection == NULL)
    {
      g_autoptr(GError) wrapped = NULL;

      /* Maybe someone else answers at this address now: ask who, next time. */
      if (soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED)
        {
          bn_sync_response_check_status (msg, &wrapped);
          bn_peer_set_peer_id (state->peer, NULL);
        }
      /* (a handshake refused is said as such; no connection at all as one) */
      else if (error->domain != SOUP_WEBSOCKET_ERROR)
        wrapped = bn_sync_connect_error (error, bn_peer_get_address (state->peer));
      connect_failed (state, wrapped != NULL ? wrapped : error);
      return;
    }
  if (!bn_sync_peer_key_from_id (soup_message_headers_get_one (request, BN_WIRE_HEADER_TO), server)
      || !bn_wire_parse_nonce (soup_message_headers_get_one (request, BN_WIRE_HEADER_NONCE), nonce)
      || !bn_wire_pair_keys (&keys, bn_home_get_identity (state->node->home), server, TRUE))
    return;
  bn_sync_parse_address (bn_peer_get_address (state->peer), &host, NULL, NULL);
  link = bn_link_new (connection, &keys, nonce, TRUE, server, state->node->port, host);
  sodium_memzero (&keys, sizeof keys);
  _bn_sync_node_links_attach (state, link);
}

static void
websocket_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BnPeerState *state = user_data;
  BnSyncNode *node = state->node;

  link_opened (state, source, result);
  _bn_sync_node_release (node);
}

static void
open_link (BnPeerState *state, const guint8 server[BN_PUBLIC_KEY_LEN])
{
  BnSyncNode *self = state->node;
  g_autoptr(SoupMessage) msg = bn_sync_request_new (bn_home_get_identity (self->home),
                                                    bn_peer_get_address (state->peer),
                                                    SOUP_METHOD_GET, "/v2/events", server,
                                                    NULL, NULL);

  if (msg == NULL)
    {
      state->connecting = FALSE;
      return;
    }
  _bn_sync_node_hold (self);
  soup_session_websocket_connect_async (self->http, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        state->cancellable, websocket_connected, state);
}

/* We do not know who answers at this address yet: a signed GET /v2/heads says
 * (and whether they are a member on our roster), then the link opens. */
static void
identify_finish (BnPeerState *state, GObject *source, GAsyncResult *result)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GBytes) plain = NULL;
  guint8 server[BN_PUBLIC_KEY_LEN];
  g_autofree char *peer_id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !state->node->running)
    return;
  if (body != NULL)
    plain = bn_sync_response_open (bn_home_get_identity (state->node->home),
                                   bn_home_get_store (state->node->home), msg, body, server,
                                   &error);
  else
    {
      GError *unreached = bn_sync_connect_error (error, bn_peer_get_address (state->peer));

      g_clear_error (&error);
      error = unreached;
    }
  if (plain == NULL)
    {
      state->connecting = FALSE;
      connect_failed (state, error);
      return;
    }
  peer_id = bn_peer_id_from_key (server);
  bn_peer_set_peer_id (state->peer, peer_id);
  open_link (state, server);
}

static void
identified (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BnPeerState *state = user_data;
  BnSyncNode *node = state->node;

  identify_finish (state, source, result);
  _bn_sync_node_release (node);
}

/* Calls the neighbour through libsoup: a signed GET /v2/heads first when we do
 * not know who answers there, then the live link. */
static void
call (BnPeerState *state)
{
  BnSyncNode *self = state->node;
  guint8 server[BN_PUBLIC_KEY_LEN];
  g_autoptr(SoupMessage) msg = NULL;

  if (bn_sync_peer_key_from_id (bn_peer_get_peer_id (state->peer), server))
    {
      open_link (state, server);
      return;
    }
  msg = bn_sync_request_new (bn_home_get_identity (self->home), bn_peer_get_address (state->peer),
                             SOUP_METHOD_GET, "/v2/heads", NULL, NULL, NULL);
  if (msg == NULL)
    {
      state->connecting = FALSE;
      return;
    }
  _bn_sync_node_hold (self);
  soup_session_send_and_read_async (self->http, msg, G_PRIORITY_DEFAULT,
                                    bn_sync_request_limit (msg, state->cancellable,
                                                           BN_LIMIT_ANSWER_BYTES),
                                    identified, state);
}

/* GLib 2.74 (Debian 12) leaks a GSocketClient connection whose TCP connect
 * outlasts its 250 ms happy-eyeballs delay and then fails (GNOME/glib#3184,
 * fixed in 2.81): a GTask and its data in a reference cycle, for good. A peer
 * that keeps calling an address where nobody answers any more (a laptop gone
 * from the network, addresses a neighbour passed on) would leak on every try.
 * So an address that is an IP literal is first reached with a socket of our
 * own (GSocketConnection, which has no such leak); libsoup, whose connections
 * go through GSocketClient, calls it only once something answered there. */
#define PROBE_TIMEOUT_SECONDS 10

static void
probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BnPeerState *state = user_data;
  BnSyncNode *node = state->node;
  g_autoptr(GError) error = NULL;

  if (!g_socket_connection_connect_finish (G_SOCKET_CONNECTION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && node->running)
        {
          g_autoptr(GError) unreached = bn_sync_connect_error (error,
                                                               bn_peer_get_address (state->peer));
          state->connecting = FALSE;
          connect_failed (state, unreached);
        }
    }
  else if (node->running && !g_cancellable_is_cancelled (state->cancellable))
    call (state);
  g_io_stream_close (G_IO_STREAM (source), NULL, NULL);
  g_object_unref (source);
  _bn_sync_node_release (node);
}

static gboolean
probe (BnPeerState *state)
{
  g_autofree char *host = NULL;
  guint16 port = 0;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSocketConnection *connection;

  if (!bn_sync_parse_address (bn_peer_get_address (state->peer), &host, &port, NULL)
      || (address = g_inet_socket_address_new_from_string (host, port)) == NULL)
    return FALSE;   /* a host name: GSocketClient resolves it */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, NULL);
  if (socket == NULL)
    return FALSE;
  g_socket_set_timeout (socket, PROBE_TIMEOUT_SECONDS);
  connection = g_socket_connection_factory_create_connection (socket);
  _bn_sync_node_hold (state->node);
  g_socket_connection_connect_async (connection, address, state->cancellable, probed, state);
  return TRUE;
}

/**
 * _bn_sync_node_peers_connect:
 *
 * Opens a live link to the state's address unless one is up, on its way, or not
 * needed (our own server; a neighbour already linked under another address).
 */
void
_bn_sync_node_peers_connect (BnPeerState *state)
{
  BnSyncNode *self = state->node;

  if (!self->running || state->is_self || state->connecting
      || (state->link != NULL && !bn_link_is_closed (state->link)))
    return;
  if (count_outgoing (self) >= BN_LIMIT_LINKS_OUT)
    {
      state->failures = MAX (state->failures, 3);
      _bn_sync_node_peers_schedule_retry (state);
      return;
    }
  g_clear_handle_id (&state->retry_id, g_source_remove);
  g_clear_object (&state->cancellable);
  state->cancellable = g_cancellable_new ();
  state->connecting = TRUE;
  if (!probe (state))
    call (state);
}

void
_bn_sync_node_peers_connect_all (BnSyncNode *self)
{
  GHashTableIter iter;
  BnPeerState *state;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    if (state->retry_id == 0)
      _bn_sync_node_peers_schedule_retry (state);
}

static void
session_finish (BnPeerState *state, GAsyncResult *result)
{
  BnSyncStats stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_id = NULL;

  if (!bn_sync_session_run_finish (result, &stats, &peer_id, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !state->node->running)
        return;
      state->syncing = FALSE;
      g_message ("Sync with %s failed: %s", bn_peer_get_address (state->peer), error->message);
      state->failures++;
      _bn_sync_node_peers_save (state->node, state, FALSE);
      bn_doctor_note_failure (bn_home_get_store (state->node->home),
                              bn_peer_get_address (state->peer), error);
      return;
    }
  state->syncing = FALSE;
  state->failures = 0;
  if (peer_id != NULL && bn_peer_get_peer_id (state->peer) == NULL)
    bn_peer_set_peer_id (state->peer, peer_id);
  bn_peer_add_entries (state->peer, 0, stats.pushed);
  _bn_sync_node_peers_mark_synced (state);
  if (state->link != NULL && bn_link_is_ready (state->link))
    bn_link_send_synced (state->link);
  if (stats.pulled > 0 || stats.pushed > 0 || stats.refused > 0)
    g_message ("Synced with %s: %u entries in, %u out, %u refused",
               bn_peer_get_address (state->peer), stats.pulled, stats.pushed, stats.refused);
  state->next_resync = g_get_monotonic_time () + BN_NODE_RESYNC_SECONDS * G_USEC_PER_SEC;
  if (state->sync_again)
    {
      state->sync_again = FALSE;
      _bn_sync_node_peers_request_sync (state);
    }
}

static void
session_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BnPeerState *state = user_data;
  BnSyncNode *node = state->node;

  session_finish (state, result);
  _bn_sync_node_release (node);
}

static void
session_batch (BnInsertOutcome *outcome, gpointer user_data)
{
  BnPeerState *state = user_data;

  bn_peer_add_entries (state->peer, outcome->counts.added, 0);
  _bn_sync_node_emit_received (state->node, outcome->added);
  _bn_sync_node_forward (state->node, outcome->added, state);
}

static void
fill_context (BnSyncNode *self, BnSessionContext *context)
{
  context->http = self->http;
  context->home = self->home;
  context->writer = self->writer;
  context->reader = self->reader;
}

/**
 * _bn_sync_node_peers_request_sync:
 *
 * Brings us and this peer level. The side that opened the link runs the session;
 * the other side asks it to.
 */
void
_bn_sync_node_peers_request_sync (BnPeerState *state)
{
  BnSyncNode *self = state->node;
  BnSessionContext context = { 0 };

  if (!self->running)
    return;
  if (state->link != NULL && bn_link_is_ready (state->link) && !bn_link_is_client (state->link))
    {
      bn_link_send_sync (state->link);
      return;
    }
  if (state->syncing)
    {
      state->sync_again = TRUE;
      return;
    }
  fill_context (self, &context);
  context.peer_id = bn_peer_get_peer_id (state->peer);
  context.on_batch = session_batch;
  context.on_batch_data = state;
  state->syncing = TRUE;
  if (state->cancellable == NULL)
    state->cancellable = g_cancellable_new ();
  _bn_sync_node_hold (self);
  bn_sync_session_run_async (&context, bn_peer_get_address (state->peer), state->cancellable,
                             session_done, state);
}

/* Who answered at @address when we last met, from this run or the peers table. */
static const char *
known_peer_id (BnSyncNode *self, const char *address)
{
  BnPeerState *state = g_hash_table_lookup (self->states, address);

  if (state != NULL && bn_peer_get_peer_id (state->peer) != NULL)
    return bn_peer_get_peer_id (state->peer);
  if (!g_hash_table_contains (self->identities, address))
    {
      /* (read from the table, without making it a neighbour this node calls) */
      g_autoptr(GPtrArray) records = bn_store_list_peers (bn_home_get_store (self->home));

      for (guint i = 0; i < records->len; i++)
        {
          BnPeerRecord *record = g_ptr_array_index (records, i);

          if (g_strcmp0 (record->address, address) == 0 && record->peer_id != NULL)
            g_hash_table_insert (self->identities, g_strdup (address),
                                 g_strdup (record->peer_id));
        }
    }
  return g_hash_table_lookup (self->identities, address);
}

/* For bn_sync_node_sync_async(): a one-off session, not tied to a peer's state. */
void
_bn_sync_node_peers_run_session (BnSyncNode          *self,
                                 const char          *address,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BnSessionContext context = { 0 };

  _bn_sync_node_ensure_workers (self);
  _bn_sync_node_ensure_http (self);
  fill_context (self, &context);
  context.peer_id = known_peer_id (self, address);
  bn_sync_session_run_async (&context, address, cancellable, callback, user_data);
}

/* After a one-off sync by hand: the address is remembered like one added by
 * hand, with who answered there, so that the next sync names them (Bn-To) and
 * its in-sync check can be answered 304. */
void
_bn_sync_node_peers_remember_identity (BnSyncNode *self,
                                       const char *address,
                                       const char *peer_id)
{
  BnPeerState *state = g_hash_table_lookup (self->states, address);
  g_autoptr(GError) error = NULL;
  BnPeerRecord record = {
    .address = (char *) address,
    .source = (char *) bn_peer_source_to_string (BN_PEER_SOURCE_MANUAL),
    .peer_id = (char *) peer_id,
    .last_sync = g_get_real_time () / 1000,
  };

  if (state != NULL)
    {
      bn_peer_set_peer_id (state->peer, peer_id);
      record.source = (char *) bn_peer_source_to_string (bn_peer_get_source (state->peer));
      record.failures = state->failures;
      record.entries_in = bn_peer_get_entries_in (state->peer);
      record.entries_out = bn_peer_get_entries_out (state->peer);
    }
  if (!bn_store_save_peer (bn_home_get_store (self->home), &record, &error))
    g_debug ("Could not remember peer %s: %s", address, error->message);
}

void
_bn_sync_node_peers_resync_due (BnSyncNode *self)
{
  GHashTableIter iter;
  BnPeerState *state;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    {
      if (state->link == NULL || !bn_link_is_ready (state->link))
        continue;
      /* Keeps last_seen fresh, so `buurtnet-cli peers` in another process can tell. */
      if (now - state->seen_saved >= BN_NODE_SEEN_SAVE_SECONDS * G_USEC_PER_SEC)
        {
          state->seen_saved = now;
          _bn_sync_node_peers_save (self, state, FALSE);
        }
      if (bn_link_is_client (state->link) && now >= state->next_resync && !state->syncing)
        _bn_sync_node_peers_request_sync (state);
    }
}

void
_bn_sync_node_peers_stop (BnSyncNode *self)
{
  GHashTableIter iter;
  BnPeerState *state;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    {
      g_clear_handle_id (&state->retry_id, g_source_remove);
      if (state->cancellable != NULL)
        g_cancellable_cancel (state->cancellable);
      g_clear_object (&state->cancellable);
      state->connecting = FALSE;
      state->syncing = FALSE;
      _bn_sync_node_links_detach (state);
      bn_peer_set_online (state->peer, FALSE);
    }
  for (guint i = 0; i < self->pending_links->len; i++)
    {
      BnLink *link = g_ptr_array_index (self->pending_links, i);
      g_signal_handlers_disconnect_by_data (link, self);
      bn_link_close (link);
    }
  g_ptr_array_set_size (self->pending_links, 0);
}
