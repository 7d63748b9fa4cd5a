/* bn-sync-server.c — the HTTP side every peer runs
 *
 * Every request is checked before its body is read, in this order: the
 * per-address rate; a known path and method and well-formed Bn-* headers; the
 * clock and that Bn-To names us; the signature of the identity in Bn-Peer; that
 * identity's place on our roster; a nonce not seen before; a body length within
 * the endpoint's limit. Only then is the body read and opened with the key of
 * the pair. A request that fails gets a bare 401: no body, no hint, nothing
 * about members or posts. See docs/sync-protocol.md §3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-server.h"
#include "bn-request-guard.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_LINKS 64
/* Pair keys are cached per neighbour; past this many the cache starts over. */
#define MAX_PAIR_KEYS 1024

struct _BnSyncServer
{
  GObject parent_instance;

  BnHome        *home;
  char          *my_id;
  BnStoreWorker *writer;
  BnStoreWorker *reader;
  SoupServer    *soup;
  guint16        port;

  BnRequestGuard *guard;
  guint          n_links;
  GHashTable    *pair_keys;   /* peer ID → BnPairKeys */

  GBytes        *heads;       /* cached, NULL when stale */
  GHashTable    *etags;       /* peer ID → ETag of the cached heads for that pair */
};

G_DEFINE_FINAL_TYPE (BnSyncServer, bn_sync_server, G_TYPE_OBJECT)

enum {
  LINK_OPENED,
  ENTRIES_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the early checks proved about a request, kept with it for the handler. */
typedef struct
{
  guint8     peer[BN_PUBLIC_KEY_LEN];
  char      *peer_id;
  gboolean   has_to;
  guint8     nonce[BN_WIRE_NONCE_LEN];
  guint8     sig[BN_WIRE_SIG_LEN];
  BnPairKeys keys;
} RequestAuth;

static void
request_auth_free (RequestAuth *auth)
{
  g_free (auth->peer_id);
  sodium_memzero (auth, sizeof *auth);
  g_free (auth);
}

typedef enum {
  ENDPOINT_HEADS,
  ENDPOINT_PULL,
  ENDPOINT_PUSH,
  ENDPOINT_EVENTS,
  ENDPOINT_JOIN,
} Endpoint;

static const struct
{
  const char *path;
  const char *method;
  gsize       max_body;     /* 0: no body */
} endpoints[] = {
  [ENDPOINT_HEADS] = { "/v2/heads", "GET", 0 },
  [ENDPOINT_PULL] = { "/v2/pull", "POST", BN_WIRE_MAX_PULL_BODY },
  [ENDPOINT_PUSH] = { "/v2/push", "POST", BN_WIRE_MAX_PUSH_BODY },
  [ENDPOINT_EVENTS] = { "/v2/events", "GET", 0 },
  [ENDPOINT_JOIN] = { "/v2/join", "POST", BN_WIRE_MAX_JOIN_BODY },
};

static int
find_endpoint (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *method = soup_server_message_get_method (msg);

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    if (g_str_equal (path, endpoints[i].path) && g_str_equal (method, endpoints[i].method))
      return (int) i;
  return -1;
}

static void
log_refusal (BnSyncServer *self, SoupServerMessage *msg, const char *why)
{
  bn_request_guard_log (self->guard, soup_server_message_get_remote_host (msg),
                        soup_server_message_get_method (msg),
                        g_uri_get_path (soup_server_message_get_uri (msg)), why);
}

/* A refusal: the body (if any) is never read; the connection closes after it. */
static void
refuse (BnSyncServer *self, SoupServerMessage *msg, guint status, const char *why)
{
  log_refusal (self, msg, why);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  soup_server_message_set_status (msg, status, NULL);
}

static const BnPairKeys *
pair_keys_for (BnSyncServer *self, const RequestAuth *auth)
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
  if (g_hash_table_size (self->pair_keys) >= MAX_PAIR_KEYS)
    g_hash_table_remove_all (self->pair_keys);
  g_hash_table_insert (self->pair_keys, g_strdup (auth->peer_id), keys);
  return keys;
}

/* Steps 3-5: headers well formed, clock, Bn-To, signature. Returns the reason
 * for a 401, or NULL with @auth filled. */
static const char *
check_signature (BnSyncServer *self, SoupServerMessage *msg, Endpoint endpoint,
                 RequestAuth *auth)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *peer = soup_message_headers_get_one (headers, BN_WIRE_HEADER_PEER);
  const char *to = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TO);
  const char *time = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TIME);
  const char *nonce = soup_message_headers_get_one (headers, BN_WIRE_HEADER_NONCE);
  const char *sig = soup_message_headers_get_one (headers, BN_WIRE_HEADER_SIG);
  goffset length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                   ? soup_message_headers_get_content_length (headers) : 0;
  gint64 now_ms = g_get_real_time () / 1000, when = 0;
  g_autofree char *text = NULL;

  if (!bn_sync_peer_key_from_id (peer, auth->peer) || !bn_wire_parse_nonce (nonce, auth->nonce)
      || !bn_wire_parse_signature (sig, auth->sig))
    return _("no identity or a malformed one");
  if ((endpoints[endpoint].max_body > 0 || endpoint == ENDPOINT_EVENTS) && to == NULL)
    return _("no Bn-To where one is required");
  if (!bn_wire_time_acceptable (time, now_ms, &when))
    return _("its clock is more than 120 s off, or it sent no time");
  if (to != NULL && !g_str_equal (to, self->my_id))
    return _("addressed to another neighbour");
  text = bn_wire_request_text (soup_server_message_get_method (msg),
                               g_uri_get_path (soup_server_message_get_uri (msg)), peer, to,
                               time, nonce, soup_message_headers_get_one (headers, "If-None-Match"),
                               (gsize) length);
  if (!bn_wire_verify (auth->peer, text, auth->sig))
    return _("a bad signature");
  auth->peer_id = g_strdup (peer);
  auth->has_to = to != NULL;
  return NULL;
}

/* Step 6: only members of our roster get further; a removed one learns why. */
static gboolean
check_member (BnSyncServer *self, SoupServerMessage *msg, const RequestAuth *auth)
{
  BnStore *store = bn_home_get_store (self->home);
  g_autoptr(GBytes) notice = NULL;

  switch (bn_store_get_member_status (store, auth->peer, NULL))
    {
    case BN_MEMBER_ACTIVE:
      return TRUE;
    case BN_MEMBER_UNKNOWN:
      refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, _("not a member of this neighbourhood"));
      return FALSE;
    default:
      /* 401 like any refusal (docs/protocol.md §9.7), but a signed request from
       * a former member gets the entries that ended their membership: they
       * could read them anyway, and their app can then say so kindly. */
      refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, _("no longer a member of this neighbourhood"));
      notice = bn_store_get_removal_notice (store, auth->peer);
      if (notice != NULL && g_bytes_get_size (notice) > 0)
        soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                          g_bytes_get_data (notice, NULL),
                                          g_bytes_get_size (notice));
      return FALSE;
    }
}

/* Step 8: a body only where the endpoint takes one, with a length, within its limit. */
static gboolean
check_length (BnSyncServer *self, SoupServerMessage *msg, Endpoint endpoint)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding != SOUP_ENCODING_CONTENT_LENGTH && encoding != SOUP_ENCODING_NONE)
    refuse (self, msg, SOUP_STATUS_LENGTH_REQUIRED, _("a body without a length"));
  else if (endpoints[endpoint].max_body > 0 && encoding == SOUP_ENCODING_NONE)
    refuse (self, msg, SOUP_STATUS_LENGTH_REQUIRED, _("a body without a length"));
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH
           && soup_message_headers_get_content_length (headers) > (goffset) endpoints[endpoint].max_body)
    refuse (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("a request over the size limit"));
  else
    return TRUE;
  return FALSE;
}

/* Before the body is read (libsoup's early handler): everything that can be
 * checked from the headers. Whatever fails here costs us no memory: the body
 * is discarded unread. */
static void
handle_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  BnSyncServer *self = user_data;
  const char *host = soup_server_message_get_remote_host (msg);
  int endpoint = find_endpoint (msg);
  RequestAuth *auth;
  const char *why;

  /* libsoup 3.2 does not notice a client hanging up on an idle keep-alive
   * connection (it stays in CLOSE-WAIT, an open file each, for good): one request
   * per connection, but for the live link. */
  if (endpoint != ENDPOINT_EVENTS)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
  if (endpoint == ENDPOINT_JOIN)
    {
      if (!bn_request_guard_take_join_token (self->guard, host))
        refuse (self, msg, BN_HTTP_TOO_MANY_REQUESTS, _("too many join requests"));
      else
        check_length (self, msg, ENDPOINT_JOIN);
      return;
    }
  if (!bn_request_guard_take_token (self->guard, host))
    {
      refuse (self, msg, BN_HTTP_TOO_MANY_REQUESTS, _("too many requests"));
      return;
    }
  if (endpoint < 0)
    {
      refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, _("an unknown path or method"));
      return;
    }
  auth = g_new0 (RequestAuth, 1);
  if ((why = check_signature (self, msg, endpoint, auth)) != NULL)
    refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, why);
  else if (!check_member (self, msg, auth))
    ;
  else if (!bn_request_guard_fresh_nonce (self->guard, auth->peer_id, auth->nonce,
                                          g_get_real_time () / 1000))
    refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, _("a replayed request"));
  else if (check_length (self, msg, endpoint))
    {
      g_object_set_data_full (G_OBJECT (msg), "bn-auth", g_steal_pointer (&auth),
                              (GDestroyNotify) request_auth_free);
      return;
    }
  request_auth_free (auth);
}

/* Signs an answer (and seals its body) for the neighbour who asked. */
static void
respond (BnSyncServer *self, SoupServerMessage *msg, guint status, GBytes *plain,
         const char *etag)
{
  RequestAuth *auth = g_object_get_data (G_OBJECT (msg), "bn-auth");
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
  const BnPairKeys *keys = pair_keys_for (self, auth);

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
static GBytes *
open_request (BnSyncServer *self, SoupServerMessage *msg)
{
  RequestAuth *auth = g_object_get_data (G_OBJECT (msg), "bn-auth");
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) sealed = soup_message_body_flatten (body);
  const BnPairKeys *keys = pair_keys_for (self, auth);
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

/* Our heads, as the list the protocol sends (cached until they change). */
static GBytes *
my_heads (BnSyncServer *self)
{
  if (self->heads == NULL)
    {
      g_autoptr(GArray) heads = bn_store_list_heads (bn_home_get_store (self->home));
      self->heads = bn_wire_encode_heads (heads);
    }
  return self->heads;
}

static void
handle_heads (BnSyncServer *self, SoupServerMessage *msg, RequestAuth *auth)
{
  const char *if_none_match = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "If-None-Match");
  GBytes *heads = my_heads (self);
  const BnPairKeys *keys = pair_keys_for (self, auth);
  char *etag;

  if (keys == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  etag = g_hash_table_lookup (self->etags, auth->peer_id);
  if (etag == NULL)
    {
      if (g_hash_table_size (self->etags) >= MAX_PAIR_KEYS)
        g_hash_table_remove_all (self->etags);
      etag = bn_wire_heads_etag (keys, heads);
      g_hash_table_insert (self->etags, g_strdup (auth->peer_id), etag);
    }
  /* Only a client that named us can have computed the ETag of our pair. */
  if (auth->has_to && g_strcmp0 (if_none_match, etag) == 0)
    respond (self, msg, SOUP_STATUS_NOT_MODIFIED, NULL, etag);
  else
    respond (self, msg, SOUP_STATUS_OK, heads, etag);
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
  /* (bn_sync_read_batch_job always sends a first entry, even one over the cap.) */
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
  bn_put_u32 (counts + 8, outcome->counts.refused
              + GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "bn-refused-frames")));
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
  guint refused = 0;

  if (plain == NULL)
    return;
  data = g_bytes_get_data (plain, &len);
  entries = bn_wire_decode_frames (data, len, &refused, &error);
  if (error != NULL)
    g_message ("Refused %u entr%s of a batch pushed by %s: %s", refused, refused == 1 ? "y" : "ies",
               soup_server_message_get_remote_host (msg), error->message);
  g_object_set_data (G_OBJECT (msg), "bn-refused-frames", GUINT_TO_POINTER (refused));
  g_object_set_data_full (G_OBJECT (msg), "bn-server", g_object_ref (self), g_object_unref);
  soup_server_message_pause (msg);
  /* Small pushes (a neighbour's new posts) are folded at once; big ones (a
   * catch-up pushed to us) when the writer is idle. */
  bn_store_worker_insert_async (self->writer, entries, entries->len <= BN_WIRE_LIVE_MAX_ENTRIES
                                ? BN_FOLD_NOW : BN_FOLD_WHEN_IDLE,
                                NULL, push_insert_done, g_object_ref (msg));
}

static void
handle_join (BnSyncServer *self, SoupServerMessage *msg)
{
  g_autoptr(GBytes) request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GBytes) welcome = NULL;
  BnJoinAnswer answer = bn_home_answer_join (self->home, request, &welcome);
  guint8 reason = (guint8) answer;

  switch (answer)
    {
    case BN_JOIN_WELCOME:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      if (welcome != NULL)
        soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                          g_bytes_get_data (welcome, NULL),
                                          g_bytes_get_size (welcome));
      break;
    case BN_JOIN_UNKNOWN_INVITE:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      break;
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_GONE, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        (const char *) &reason, 1);
    }
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BnSyncServer *self = user_data;
  RequestAuth *auth = g_object_get_data (G_OBJECT (msg), "bn-auth");
  int endpoint = find_endpoint (msg);

  if (soup_server_message_get_status (msg) != 0)
    return;     /* refused before the body was read */
  if (endpoint == ENDPOINT_JOIN)
    {
      handle_join (self, msg);
      return;
    }
  if (auth == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  switch (endpoint)
    {
    case ENDPOINT_HEADS:
      handle_heads (self, msg, auth);
      break;
    case ENDPOINT_PULL:
      handle_pull (self, msg);
      break;
    case ENDPOINT_PUSH:
      handle_push (self, msg);
      break;
    case ENDPOINT_EVENTS:
      /* Status 0 lets libsoup go on with the WebSocket handshake. */
      if (self->n_links >= MAX_LINKS)
        refuse (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("too many live links"));
      break;
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
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
  RequestAuth *auth = g_object_get_data (G_OBJECT (msg), "bn-auth");
  const BnPairKeys *keys = auth != NULL ? pair_keys_for (self, auth) : NULL;
  g_autoptr(BnLink) link = NULL;

  if (keys == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }
  link = bn_link_new (connection, keys, auth->nonce, FALSE, auth->peer, self->port,
                      soup_server_message_get_remote_host (msg));
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
  soup_server_add_early_handler (self->soup, "/v2/events", handle_early, self, NULL);
  soup_server_add_handler (self->soup, "/v2/events", handle_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/v2/events", NULL, NULL, handle_websocket,
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
  g_hash_table_remove_all (self->etags);
}
