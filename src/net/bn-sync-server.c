/* bn-sync-server.c — the HTTP side every peer runs
 *
 * Order of checks for every request: the per-address rate, the size, then the MAC
 * over method, path, time, nonce and body (with a replay window and a nonce cache).
 * A request that fails authentication gets a bare 401: no body, no hint, nothing
 * about members or posts. See docs/sync-protocol.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-server.h"
#include "bn-request-guard.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_LINKS 64

struct _BnSyncServer
{
  GObject parent_instance;

  BnHome        *home;
  BnWireKeys     keys;
  BnStoreWorker *writer;
  BnStoreWorker *reader;
  SoupServer    *soup;
  guint16        port;

  BnRequestGuard *guard;
  guint          n_links;

  GBytes        *heads;       /* cached, NULL when stale */
  char          *heads_etag;
};

G_DEFINE_FINAL_TYPE (BnSyncServer, bn_sync_server, G_TYPE_OBJECT)

enum {
  LINK_OPENED,
  ENTRIES_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
log_refusal (BnSyncServer *self, SoupServerMessage *msg, const char *why)
{
  bn_request_guard_log (self->guard, soup_server_message_get_remote_host (msg),
                        soup_server_message_get_method (msg),
                        g_uri_get_path (soup_server_message_get_uri (msg)), why);
}

static void
refuse (BnSyncServer *self, SoupServerMessage *msg, guint status, const char *why)
{
  log_refusal (self, msg, why);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_server_message_set_status (msg, status, NULL);
}

static gboolean
authenticate (BnSyncServer *self, SoupServerMessage *msg, GBytes *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *time = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TIME);
  const char *nonce = soup_message_headers_get_one (headers, BN_WIRE_HEADER_NONCE);
  const char *mac = soup_message_headers_get_one (headers, BN_WIRE_HEADER_MAC);
  guint8 raw_nonce[BN_WIRE_NONCE_LEN];
  gint64 now_ms = g_get_real_time () / 1000, when;
  g_autofree char *expected = NULL;

  if (mac == NULL || !bn_wire_parse_nonce (nonce, raw_nonce))
    {
      log_refusal (self, msg, _("no neighbourhood key"));
      return FALSE;
    }
  expected = bn_wire_request_mac (&self->keys, soup_server_message_get_method (msg),
                                  g_uri_get_path (soup_server_message_get_uri (msg)), time,
                                  nonce, soup_message_headers_get_one (headers, "If-None-Match"),
                                  body);
  if (!bn_wire_mac_equal (expected, mac))
    {
      log_refusal (self, msg, _("not signed with this neighbourhood’s key"));
      return FALSE;
    }
  if (!bn_wire_time_acceptable (time, now_ms, &when))
    {
      g_autofree char *why = g_strdup_printf (_("its clock is %lld s off (more than %d s)"),
                                              (long long) ((when - now_ms) / 1000),
                                              BN_WIRE_WINDOW_MS / 1000);
      log_refusal (self, msg, why);
      return FALSE;
    }
  if (!bn_request_guard_fresh_nonce (self->guard, nonce, now_ms))
    {
      log_refusal (self, msg, _("a replayed request"));
      return FALSE;
    }
  return TRUE;
}

static void
respond (BnSyncServer *self, SoupServerMessage *msg, guint status, GBytes *plain,
         const char *etag)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *request_nonce = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), BN_WIRE_HEADER_NONCE);
  g_autofree char *nonce = bn_wire_new_nonce ();
  g_autofree char *time = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autoptr(GBytes) sealed = plain != NULL ? bn_wire_seal (&self->keys, nonce, plain) : NULL;
  g_autofree char *mac = bn_wire_response_mac (&self->keys, status, request_nonce, time,
                                               nonce, etag, sealed);

  soup_message_headers_replace (headers, BN_WIRE_HEADER_TIME, time);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_NONCE, nonce);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_MAC, mac);
  if (etag != NULL)
    soup_message_headers_replace (headers, "ETag", etag);
  if (sealed != NULL)
    soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  soup_server_message_set_status (msg, status, NULL);
}

/* Opens the sealed request body; NULL (and a 401 already set) when it fails. */
static GBytes *
open_request (BnSyncServer *self, SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) sealed = soup_message_body_flatten (body);
  const char *nonce = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), BN_WIRE_HEADER_NONCE);

  if (!authenticate (self, msg, sealed))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return NULL;
    }
  return bn_wire_seal (&self->keys, nonce, sealed);
}

GBytes *
bn_sync_encode_my_heads (BnStore          *store,
                         const BnWireKeys *keys,
                         char            **etag)
{
  g_autoptr(GArray) heads = bn_store_list_heads (store);
  GBytes *encoded = bn_wire_encode_heads (heads);

  *etag = bn_wire_heads_etag (keys, encoded);
  return encoded;
}

static void
handle_heads (BnSyncServer *self, SoupServerMessage *msg)
{
  const char *if_none_match;
  g_autoptr(GBytes) plain = open_request (self, msg);

  if (plain == NULL)
    return;
  if (self->heads == NULL)
    self->heads = bn_sync_encode_my_heads (bn_home_get_store (self->home), &self->keys,
                                           &self->heads_etag);
  if_none_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "If-None-Match");
  if (g_strcmp0 (if_none_match, self->heads_etag) == 0)
    respond (self, msg, SOUP_STATUS_NOT_MODIFIED, NULL, self->heads_etag);
  else
    respond (self, msg, SOUP_STATUS_OK, self->heads, self->heads_etag);
}

void
bn_pull_request_free (BnPullRequest *request)
{
  g_clear_pointer (&request->wants, g_array_unref);
  g_free (request);
}

gpointer
bn_sync_read_batch_job (BnHome   *home,
                        gpointer  data,
                        GError  **error)
{
  BnPullRequest *request = data;
  BnStore *store = bn_home_get_store (home);
  GByteArray *out = g_byte_array_sized_new (MIN (request->cap, 1 << 20));
  guint8 flags = 0;
  guint count = 0;

  g_byte_array_append (out, &flags, 1);
  for (guint i = 0; i < request->wants->len && flags == 0; i++)
    {
      const BnHead *want = &g_array_index (request->wants, BnHead, i);
      guint64 after = want->seq;

      for (;;)
        {
          g_autoptr(GPtrArray) entries = bn_store_get_entries_after (store, want->author,
                                                                     after, 512);
          for (guint j = 0; j < entries->len && flags == 0; j++)
            {
              BnEntry *entry = g_ptr_array_index (entries, j);

              if (count > 0 && (out->len + bn_wire_frame_size (entry) > request->cap
                                || count >= request->max_entries))
                flags = BN_WIRE_PULL_MORE;
              else
                {
                  bn_entry_write_frame (entry, out);
                  after = entry->seq;
                  count++;
                }
            }
          if (entries->len < 512 || flags != 0)
            break;
        }
    }
  out->data[0] = flags;
  return g_byte_array_free_to_bytes (out);
}

static void
pull_read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  BnSyncServer *self = g_object_get_data (G_OBJECT (msg), "bn-server");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) batch = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error);

  if (batch == NULL)
    {
      g_warning ("Could not read entries for a neighbour: %s", error->message);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
  else
    respond (self, msg, SOUP_STATUS_OK, batch, NULL);
  soup_server_message_unpause (msg);
}

static void
handle_pull (BnSyncServer *self, SoupServerMessage *msg)
{
  g_autoptr(GBytes) plain = open_request (self, msg);
  g_autoptr(GError) error = NULL;
  BnPullRequest *request;
  GArray *wants;
  guint32 max_bytes = 0;

  if (plain == NULL)
    return;
  wants = bn_wire_decode_wants (plain, &max_bytes, &error);
  if (wants == NULL)
    {
      refuse (self, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  request = g_new0 (BnPullRequest, 1);
  request->wants = wants;
  /* The client may ask for smaller batches, so that its writer starts early. */
  request->cap = max_bytes == 0 ? BN_WIRE_PULL_CAP
                 : CLAMP (max_bytes, BN_WIRE_PULL_MIN_CAP, BN_WIRE_PULL_CAP);
  request->max_entries = BN_WIRE_PULL_MAX_ENTRIES;
  g_object_set_data_full (G_OBJECT (msg), "bn-server", g_object_ref (self), g_object_unref);
  soup_server_message_pause (msg);
  bn_store_worker_run_async (self->reader, bn_sync_read_batch_job, request,
                             (GDestroyNotify) bn_pull_request_free,
                             (GDestroyNotify) g_bytes_unref, NULL, pull_read_done,
                             g_object_ref (msg));
}

static void
push_insert_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  BnSyncServer *self = g_object_get_data (G_OBJECT (msg), "bn-server");
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInsertOutcome) outcome = bn_store_worker_insert_finish (BN_STORE_WORKER (source),
                                                                      result, &error);
  guint8 counts[12];

  if (outcome == NULL)
    {
      g_warning ("%s", error->message);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
      return;
    }
  for (guint i = 0; outcome->counts.reasons != NULL && i < outcome->counts.reasons->len; i++)
    g_message ("Refused entries pushed by %s: %s", soup_server_message_get_remote_host (msg),
               (char *) g_ptr_array_index (outcome->counts.reasons, i));
  bn_put_u32 (counts, outcome->counts.added);
  bn_put_u32 (counts + 4, outcome->counts.known);
  bn_put_u32 (counts + 8, outcome->counts.refused);
  {
    g_autoptr(GBytes) body = g_bytes_new (counts, sizeof counts);
    respond (self, msg, SOUP_STATUS_OK, body, NULL);
  }
  soup_server_message_unpause (msg);
  g_signal_emit (self, signals[ENTRIES_STORED], 0, outcome,
                 soup_server_message_get_remote_host (msg));
}

static void
handle_push (BnSyncServer *self, SoupServerMessage *msg)
{
  g_autoptr(GBytes) plain = open_request (self, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gsize len = 0;
  const guint8 *data;

  if (plain == NULL)
    return;
  data = g_bytes_get_data (plain, &len);
  entries = bn_wire_decode_frames (data, len, &error);
  if (error != NULL)
    g_message ("Refused part of a batch pushed by %s: %s",
               soup_server_message_get_remote_host (msg), error->message);
  g_object_set_data_full (G_OBJECT (msg), "bn-server", g_object_ref (self), g_object_unref);
  soup_server_message_pause (msg);
  /* Small pushes (a neighbour's new posts) are folded at once; big ones (a
   * catch-up pushed to us) when the writer is idle. */
  bn_store_worker_insert_async (self->writer, entries, entries->len <= BN_WIRE_LIVE_MAX_ENTRIES
                                ? BN_FOLD_NOW : BN_FOLD_WHEN_IDLE,
                                NULL, push_insert_done, g_object_ref (msg));
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BnSyncServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/v1/heads") && method == SOUP_METHOD_GET)
    handle_heads (self, msg);
  else if (g_str_equal (path, "/v1/pull") && method == SOUP_METHOD_POST)
    handle_pull (self, msg);
  else if (g_str_equal (path, "/v1/push") && method == SOUP_METHOD_POST)
    handle_push (self, msg);
  else if (g_str_equal (path, "/v1/events") && method == SOUP_METHOD_GET)
    {
      /* Status 0 lets libsoup go on with the WebSocket handshake. */
      g_autoptr(GBytes) plain = open_request (self, msg);

      if (plain != NULL && self->n_links >= MAX_LINKS)
        refuse (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("too many live links"));
      if (soup_server_message_get_status (msg) != 0)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Connection", "close");
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
}

/* Before the body is read: rate, size and the presence of credentials. Whatever
 * fails here costs us no memory, as the body is then discarded unread. */
static void
handle_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  BnSyncServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* libsoup 3.2 does not notice a client hanging up on an idle keep-alive
   * connection (it stays in CLOSE-WAIT, an open file each, for good): one request
   * per connection. A catch-up makes a few dozen; a new loopback or LAN connection
   * costs a fraction of a millisecond. */
  if (!g_str_equal (path, "/v1/events"))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
  if (!bn_request_guard_take_token (self->guard, soup_server_message_get_remote_host (msg)))
    refuse (self, msg, BN_HTTP_TOO_MANY_REQUESTS, _("too many requests"));
  else if (soup_message_headers_get_one (headers, BN_WIRE_HEADER_MAC) == NULL)
    refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, _("no neighbourhood key"));
  else if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH
           && soup_message_headers_get_encoding (headers) != SOUP_ENCODING_NONE)
    refuse (self, msg, SOUP_STATUS_LENGTH_REQUIRED, _("a body without a length"));
  else if (length > BN_WIRE_MAX_REQUEST)
    refuse (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("a request over the size limit"));
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
  const char *nonce = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    BN_WIRE_HEADER_NONCE);
  const BnIdentity *me = bn_home_get_identity (self->home);
  g_autoptr(BnLink) link = bn_link_new (connection, &self->keys, nonce, FALSE, me->public_key,
                                        self->port, soup_server_message_get_remote_host (msg));

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
bn_sync_server_finalize (GObject *object)
{
  BnSyncServer *self = BN_SYNC_SERVER (object);

  g_clear_pointer (&self->guard, bn_request_guard_free);
  g_clear_pointer (&self->heads, g_bytes_unref);
  g_clear_pointer (&self->heads_etag, g_free);
  sodium_memzero (&self->keys, sizeof self->keys);

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
}

BnSyncServer *
bn_sync_server_new (BnHome           *home,
                    const BnWireKeys *keys,
                    BnStoreWorker    *writer,
                    BnStoreWorker    *reader)
{
  BnSyncServer *self = g_object_new (BN_TYPE_SYNC_SERVER, NULL);

  self->home = g_object_ref (home);
  self->keys = *keys;
  self->writer = g_object_ref (writer);
  self->reader = g_object_ref (reader);
  return self;
}

static gboolean
try_listen (BnSyncServer *self, guint16 port, GError **error)
{
  g_autoslist(GUri) uris = NULL;

  if (!soup_server_listen_all (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (self->soup);
  self->port = uris != NULL ? g_uri_get_port (uris->data) : port;
  return TRUE;
}

/**
 * bn_sync_server_listen:
 * @port: the port to try first; 0 for any
 *
 * Listens on all IPv4 interfaces. When @port is taken, falls back to any free
 * port (the node publishes whichever it got).
 */
gboolean
bn_sync_server_listen (BnSyncServer  *self,
                       guint16        port,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  self->soup = soup_server_new (NULL, NULL);
  soup_server_add_early_handler (self->soup, NULL, handle_early, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  /* The live link's path gets its own handler entry in libsoup: give it the same
   * early and authenticating handlers as every other path. */
  soup_server_add_early_handler (self->soup, "/v1/events", handle_early, self, NULL);
  soup_server_add_handler (self->soup, "/v1/events", handle_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/v1/events", NULL, NULL, handle_websocket,
                                     self, NULL);
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

guint16
bn_sync_server_get_port (BnSyncServer *self)
{
  return self->port;
}

void
bn_sync_server_stop (BnSyncServer *self)
{
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
}

void
bn_sync_server_heads_changed (BnSyncServer *self)
{
  g_clear_pointer (&self->heads, g_bytes_unref);
  g_clear_pointer (&self->heads_etag, g_free);
}
