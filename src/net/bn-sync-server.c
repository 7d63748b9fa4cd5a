/* bn-sync-server.c — the HTTP side every peer runs
 *
 * Connections come from BnSyncListener, which judges each request by its head
 * (bn-sync-server-gate.c) before anything else of it is read, and hands only
 * admitted ones to libsoup with what the gate proved about them (the identity,
 * the nonce, the signature), kept on the request's remote address. libsoup then
 * reads the body (within the limit the gate checked, with the listener's idle
 * timeout) and calls the endpoint (bn-sync-server-endpoints.c). Answers are
 * signed by our identity and their bodies sealed with the key of the pair.
 * See docs/sync-protocol.md §3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-server-private.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define AUTH_KEY "bn-auth"

G_DEFINE_FINAL_TYPE (BnSyncServer, bn_sync_server, G_TYPE_OBJECT)

enum {
  LINK_OPENED,
  ENTRIES_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
endpoint_of (SoupServerMessage *msg)
{
  return _bn_sync_server_find_endpoint (soup_server_message_get_method (msg),
                                        g_uri_get_path (soup_server_message_get_uri (msg)));
}

static void
log_refusal (BnSyncServer *self, SoupServerMessage *msg, const char *why)
{
  g_autofree char *what = g_strdup_printf ("%s %s", soup_server_message_get_method (msg),
                                           g_uri_get_path (soup_server_message_get_uri (msg)));

  bn_request_guard_log (self->guard, soup_server_message_get_remote_host (msg), what, why);
}

/* A refusal after the gate (a body that does not open, a malformed pull): the
 * rest of the body is not read; the connection closes after it. */
void
_bn_sync_server_refuse (BnSyncServer      *self,
                        SoupServerMessage *msg,
                        guint              status,
                        const char        *why)
{
  log_refusal (self, msg, why);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  soup_server_message_set_status (msg, status, NULL);
}

const BnPairKeys *
_bn_sync_server_pair_keys (BnSyncServer        *self,
                           const BnRequestAuth *auth)
{
  BnPairKeys *keys = g_hash_table_lookup (self->pair_keys, auth->peer_id);

  if (keys != NULL)
    return keys;
  keys = g_new (BnPairKeys, 1);
  if (!bn_wire_pair_keys (keys, bn_home_get_identity (self->home), auth->peer, FALSE))
    {
      g_free (keys);
      return NULL;
    }
  if (g_hash_table_size (self->pair_keys) >= BN_LIMIT_PAIR_KEYS)
    g_hash_table_remove_all (self->pair_keys);
  g_hash_table_insert (self->pair_keys, g_strdup (auth->peer_id), keys);
  return keys;
}

/* The listener admitted a request by its head: libsoup takes the connection,
 * and the request what the gate proved. Each connection carries one request
 * (libsoup keeps none alive without listeners of its own), so the remote
 * address object is the request's. */
static void
on_admitted (GIOStream      *stream,
             GSocketAddress *local,
             GSocketAddress *remote,
             gpointer        admitted,
             GDestroyNotify  admitted_free,
             gpointer        user_data)
{
  BnSyncServer *self = user_data;
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (remote), AUTH_KEY, admitted, admitted_free);
  if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
    {
      g_debug ("libsoup did not take a connection: %s", error->message);
      g_io_stream_close (stream, NULL, NULL);
    }
}

/* libsoup read the head again: it gets what the gate proved. */
static void
handle_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  BnSyncServer *self = user_data;
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  BnRequestAuth *auth = remote != NULL ? g_object_steal_data (G_OBJECT (remote), AUTH_KEY) : NULL;
  int endpoint = endpoint_of (msg);

  /* One request per connection, but for the live link. */
  if (endpoint != BN_ENDPOINT_EVENTS)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
  if (auth == NULL || (int) auth->endpoint != endpoint)
    {
      _bn_sync_server_refuse (self, msg, SOUP_STATUS_UNAUTHORIZED,
                              _("a request the gate did not see"));
      g_clear_pointer (&auth, _bn_request_auth_free);
      return;
    }
  g_object_set_data_full (G_OBJECT (msg), AUTH_KEY, auth, (GDestroyNotify) _bn_request_auth_free);
}

/* Signs an answer (and seals its body) for the neighbour who asked. */
void
_bn_sync_server_respond (BnSyncServer      *self,
                         SoupServerMessage *msg,
                         guint              status,
                         GBytes            *plain,
                         const char        *etag)
{
  BnRequestAuth *auth = g_object_get_data (G_OBJECT (msg), AUTH_KEY);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *request_nonce = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), BN_WIRE_HEADER_NONCE);
  g_autofree char *nonce = bn_wire_new_nonce ();
  g_autofree char *time = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  gsize length = plain != NULL ? g_bytes_get_size (plain) + BN_WIRE_TAG_LEN : 0;
  g_autofree char *text = bn_wire_response_text (status, request_nonce, self->my_id, time,
                                                 nonce, etag, length);
  g_autofree char *sig_hex = NULL;
  guint8 sig[BN_WIRE_SIG_LEN], raw_nonce[BN_WIRE_NONCE_LEN];
  const BnPairKeys *keys = _bn_sync_server_pair_keys (self, auth);

  if (keys == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  bn_wire_parse_nonce (nonce, raw_nonce);
  bn_wire_sign (bn_home_get_identity (self->home), text, sig);
  sig_hex = bn_hex_encode (sig, sizeof sig);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_PEER, self->my_id);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_TIME, time);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_NONCE, nonce);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_SIG, sig_hex);
  if (etag != NULL)
    soup_message_headers_replace (headers, "ETag", etag);
  if (plain != NULL)
    {
      g_autoptr(GBytes) sealed = bn_wire_seal_body (keys->response_body, raw_nonce, sig, plain);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
    }
  soup_server_message_set_status (msg, status, NULL);
}

/* Step 9: the body, read only now, opened with the key of the pair; NULL (and a
 * 401 set) when it does not open. */
GBytes *
_bn_sync_server_open_request (BnSyncServer      *self,
                              SoupServerMessage *msg)
{
  BnRequestAuth *auth = g_object_get_data (G_OBJECT (msg), AUTH_KEY);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) sealed = soup_message_body_flatten (body);
  const BnPairKeys *keys = _bn_sync_server_pair_keys (self, auth);
  GBytes *plain = NULL;

  if (keys != NULL)
    plain = bn_wire_open_body (keys->request_body, auth->nonce, auth->sig, sealed, NULL);
  if (plain == NULL)
    {
      log_refusal (self, msg, _("a body that does not open with the key of the pair"));
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
  return plain;
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BnSyncServer *self = user_data;
  BnRequestAuth *auth = g_object_get_data (G_OBJECT (msg), AUTH_KEY);

  if (soup_server_message_get_status (msg) != 0 || auth == NULL)
    return;     /* refused before the body was read */
  switch (auth->endpoint)
    {
    case BN_ENDPOINT_HEADS:
      _bn_sync_server_handle_heads (self, msg, auth);
      break;
    case BN_ENDPOINT_DELTA:
      _bn_sync_server_handle_delta (self, msg, auth);
      break;
    case BN_ENDPOINT_SKETCH:
      _bn_sync_server_handle_sketch (self, msg, auth);
      break;
    case BN_ENDPOINT_PULL:
      _bn_sync_server_handle_pull (self, msg);
      break;
    case BN_ENDPOINT_PUSH:
      _bn_sync_server_handle_push (self, msg);
      break;
    case BN_ENDPOINT_JOIN:
      _bn_sync_server_handle_join (self, msg);
      break;
    case BN_ENDPOINT_EVENTS:
      /* Status 0 lets libsoup go on with the WebSocket handshake. */
      if (self->n_links >= BN_LIMIT_LINKS_IN)
        _bn_sync_server_refuse (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                _("too many live links"));
      break;
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
}

void
_bn_sync_server_emit_stored (BnSyncServer    *self,
                             BnInsertOutcome *outcome,
                             const char      *host)
{
  g_signal_emit (self, signals[ENTRIES_STORED], 0, outcome, host);
}

static void
link_closed (BnLink *link, BnSyncServer *self)
{
  self->n_links--;
  g_signal_handlers_disconnect_by_data (link, self);
}

static void
handle_websocket (SoupServer              *soup,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  BnSyncServer *self = user_data;
  BnRequestAuth *auth = g_object_get_data (G_OBJECT (msg), AUTH_KEY);
  const BnPairKeys *keys = auth != NULL ? _bn_sync_server_pair_keys (self, auth) : NULL;
  g_autoptr(BnLink) link = NULL;
  g_autofree char *host = bn_sync_remote_host (soup_server_message_get_remote_address (msg));

  if (keys == NULL || host == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }
  /* With its interface when link-local: the address it is called back at. */
  link = bn_link_new (connection, keys, auth->nonce, FALSE, auth->peer, self->port, host);
  self->n_links++;
  g_signal_connect (link, "closed", G_CALLBACK (link_closed), self);
  g_signal_emit (self, signals[LINK_OPENED], 0, link);
}

static void
bn_sync_server_dispose (GObject *object)
{
  BnSyncServer *self = BN_SYNC_SERVER (object);

  bn_sync_server_stop (self);
  g_clear_object (&self->writer);
  g_clear_object (&self->reader);
  g_clear_object (&self->home);

  G_OBJECT_CLASS (bn_sync_server_parent_class)->dispose (object);
}

static void
free_pair_keys (gpointer keys)
{
  sodium_memzero (keys, sizeof (BnPairKeys));
  g_free (keys);
}

static void
bn_sync_server_finalize (GObject *object)
{
  BnSyncServer *self = BN_SYNC_SERVER (object);

  g_clear_pointer (&self->guard, bn_request_guard_free);
  g_clear_pointer (&self->heads, g_bytes_unref);
  g_clear_pointer (&self->earlier_heads, g_ptr_array_unref);
  g_clear_pointer (&self->etags, g_hash_table_unref);
  g_clear_pointer (&self->pair_keys, g_hash_table_unref);
  g_clear_pointer (&self->my_id, g_free);

  G_OBJECT_CLASS (bn_sync_server_parent_class)->finalize (object);
}

static void
bn_sync_server_class_init (BnSyncServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_sync_server_dispose;
  object_class->finalize = bn_sync_server_finalize;

  /**
   * BnSyncServer::link-opened:
   * @link: a live link a neighbour opened to us (not yet ready)
   */
  signals[LINK_OPENED] = g_signal_new ("link-opened", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, BN_TYPE_LINK);
  /**
   * BnSyncServer::entries-stored:
   * @outcome: (type gpointer): a BnInsertOutcome of entries a neighbour pushed
   * @host: the neighbour's address
   */
  signals[ENTRIES_STORED] = g_signal_new ("entries-stored", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
}

static void
bn_sync_server_init (BnSyncServer *self)
{
  self->guard = bn_request_guard_new ();
  self->pair_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_pair_keys);
  self->etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->earlier_heads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

BnSyncServer *
bn_sync_server_new (BnHome        *home,
                    BnStoreWorker *writer,
                    BnStoreWorker *reader)
{
  BnSyncServer *self = g_object_new (BN_TYPE_SYNC_SERVER, NULL);

  self->home = g_object_ref (home);
  self->my_id = bn_home_dup_peer_id (home);
  self->writer = g_object_ref (writer);
  self->reader = g_object_ref (reader);
  return self;
}

static gboolean
try_listen (BnSyncServer *self, guint16 port, GError **error)
{
  g_clear_object (&self->listener);
  self->listener = bn_sync_listener_new (self->guard, _bn_sync_server_judge, on_admitted, self);
  if (!bn_sync_listener_listen (self->listener, port, error))
    return FALSE;
  self->port = bn_sync_listener_get_port (self->listener);
  return TRUE;
}

/**
 * bn_sync_server_listen:
 * @port: the port asked for; 0 for any
 * @remembered: the port this data directory got last time @port was taken, tried
 *   before @port so that an address a neighbour wrote down by hand keeps working;
 *   0 for none
 *
 * Listens on all IPv4 interfaces, and all IPv6 ones where the machine has
 * IPv6. When the ports asked for are taken, falls back to any free port (the
 * node publishes whichever it got, and remembers it).
 */
gboolean
bn_sync_server_listen (BnSyncServer  *self,
                       guint16        port,
                       guint16        remembered,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  /* libsoup only parses, answers and upgrades: it never listens itself, so it
   * keeps no connection alive and gets no request the gate did not admit. */
  self->soup = soup_server_new (NULL, NULL);
  soup_server_add_early_handler (self->soup, NULL, handle_early, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  /* The live link's path gets its own handler entry in libsoup: give it the same
   * early and authenticating handlers as every other path. */
  soup_server_add_early_handler (self->soup, "/v2/events", handle_early, self, NULL);
  soup_server_add_handler (self->soup, "/v2/events", handle_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/v2/events", NULL, NULL, handle_websocket,
                                     self, NULL);
  if (remembered != 0 && remembered != port && port != 0)
    {
      if (try_listen (self, remembered, &local_error))
        return TRUE;
      g_clear_error (&local_error);
    }
  if (try_listen (self, port, &local_error))
    return TRUE;
  if (port == 0 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not listen on port %u: "), port);
      return FALSE;
    }
  g_message ("Port %u is taken; listening on another free port instead", port);
  g_clear_error (&local_error);
  if (!try_listen (self, 0, error))
    {
      g_prefix_error (error, _("Could not listen on any port: "));
      return FALSE;
    }
  return TRUE;
}

/* The meta key under which a data directory remembers the port it got when
 * @port was taken. */
static char *
remembered_port_key (guint16 port)
{
  return g_strdup_printf ("fallback_port_%u", port);
}

/**
 * bn_sync_port_remembered:
 * @port: the port asked for
 *
 * Returns: the port this data directory listened on the last time @port was
 * taken, or 0 (also when it got @port itself since).
 */
guint16
bn_sync_port_remembered (BnStore *store,
                         guint16  port)
{
  g_autofree char *key = remembered_port_key (port);
  g_autofree char *value = port != 0 ? bn_store_get_meta (store, key) : NULL;
  guint64 remembered = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT16, &remembered, NULL))
    return 0;
  return (guint16) remembered;
}

/**
 * bn_sync_port_remember:
 * @port: the port asked for
 * @got: the port listened on
 *
 * Keeps @got for the next start when it is not @port, and forgets any earlier
 * one when it is. Runs where the store may be written (a writer's job).
 */
gboolean
bn_sync_port_remember (BnStore  *store,
                       guint16   port,
                       guint16   got,
                       GError  **error)
{
  g_autofree char *key = remembered_port_key (port);
  g_autofree char *value = got != port ? g_strdup_printf ("%u", got) : g_strdup ("");

  return bn_store_set_meta (store, key, value, error);
}

guint16
bn_sync_server_get_port (BnSyncServer *self)
{
  return self->port;
}

void
bn_sync_server_stop (BnSyncServer *self)
{
  if (self->listener != NULL)
    bn_sync_listener_stop (self->listener);
  g_clear_object (&self->listener);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
}

void
bn_sync_server_heads_changed (BnSyncServer *self)
{
  /* Kept: a neighbour who was level with these heads can be told what changed
   * since (GET /v2/delta). The newest first, at most BN_DELTA_VERSIONS of them
   * and BN_DELTA_BYTES in all. */
  if (self->heads != NULL)
    {
      gsize total = g_bytes_get_size (self->heads);

      g_ptr_array_insert (self->earlier_heads, 0, g_steal_pointer (&self->heads));
      for (guint i = 1; i < self->earlier_heads->len; i++)
        {
          total += g_bytes_get_size (g_ptr_array_index (self->earlier_heads, i));
          if (i >= BN_DELTA_VERSIONS || total > BN_DELTA_BYTES)
            {
              g_ptr_array_set_size (self->earlier_heads, i);
              break;
            }
        }
    }
  g_hash_table_remove_all (self->etags);
}
