/* bn-sync-listener.c — the sync server's accept loop, its connection limits,
 * and the gate that reads each request's head
 *
 * Why an accept loop of our own rather than soup_server_listen(): libsoup 3.2's
 * listener stops accepting for good the first time accept() fails (out of file
 * descriptors), it keeps one GSocket for every connection it ever accepted
 * (listen_watch() never drops its reference: ~390 bytes a connection, for good),
 * and it reads a request before anyone may look at it. Here every accepted
 * socket first takes a slot (per address and in all); then its head is peeked
 * at, so that the bytes stay in the kernel, within a size bound and a deadline,
 * and judged by the server; only an admitted request reaches libsoup
 * (soup_server_accept_iostream()), on a stream that gives its slot back when it
 * closes. A stranger's request costs a slot for at most the head's deadline and
 * never more than the head's bound in memory, and only for the moment it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-listener-private.h"
#include "bn-limits.h"

#include <errno.h>
#include <gio/gnetworking.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/resource.h>

/* Connections waiting in the kernel for our accept(). */
#define LISTEN_BACKLOG 128
/* Accepted per wake-up, so that a stream of connections cannot starve the rest
 * of the main loop. */
#define ACCEPT_BATCH 32

/* An accepted connection whose request head has not been judged yet. */
typedef struct
{
  BnSyncListener *listener;     /* borrowed: it frees what is pending when it stops */
  GSocket        *socket;
  GSocketAddress *remote;
  char           *host;
  GSource        *readable;
  GSource        *deadline;
  gssize          peeked;       /* bytes of head seen so far, without its end */
  gsize           to_discard;   /* refused: bytes of it still to read and drop */
  gboolean        holds_slot;
} Pending;

struct _BnSyncListener
{
  GObject         parent_instance;

  BnRequestGuard *guard;        /* borrowed; NULL once stopped */
  BnHeadJudge     judge;
  BnAdmittedFunc  admitted;
  gpointer        user_data;
  GMainContext   *context;

  GPtrArray      *sockets;      /* listening GSocket */
  GPtrArray      *sources;      /* GSource: a connection waits on each */
  GSource        *resume;       /* accepting again, after running out of files */
  guint16         port;
  gboolean        has_ipv6;
  gint64          out_of_files_said;  /* monotonic µs of the last line about it */

  guint           max_connections;
  guint           n_connections;
  GHashTable     *per_address;  /* host → its connections now */
  GQueue         *pending;      /* Pending, oldest first */
};

G_DEFINE_FINAL_TYPE (BnSyncListener, bn_sync_listener, G_TYPE_OBJECT)

static void
log_refusal (BnSyncListener *self, const char *host, const char *why)
{
  if (self->guard != NULL)
    bn_request_guard_log (self->guard, host, "a connection", why);
}

static void
pending_free (Pending *pending)
{
  if (pending->readable != NULL)
    g_source_destroy (pending->readable);
  g_clear_pointer (&pending->readable, g_source_unref);
  if (pending->deadline != NULL)
    g_source_destroy (pending->deadline);
  g_clear_pointer (&pending->deadline, g_source_unref);
  if (pending->socket != NULL)
    g_socket_close (pending->socket, NULL);
  g_clear_object (&pending->socket);
  if (pending->holds_slot)
    _bn_sync_listener_release_slot (pending->listener, pending->host);
  g_clear_object (&pending->remote);
  g_free (pending->host);
  g_free (pending);
}

static void
drop_pending (Pending *pending)
{
  g_queue_remove (pending->listener->pending, pending);
  pending_free (pending);
}

/* All connections are taken: the oldest one still sending its head makes room
 * (a slow stranger's, most likely; a member's head arrives in one go). */
static gboolean
drop_oldest_pending (BnSyncListener *self)
{
  Pending *oldest = g_queue_peek_head (self->pending);

  if (oldest == NULL)
    return FALSE;
  log_refusal (self, oldest->host, _("closed to make room: its request had not arrived yet"));
  drop_pending (oldest);
  return TRUE;
}

static gboolean
take_slot (BnSyncListener *self, const char *host, const char **why)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, host));

  if (n >= BN_LIMIT_CONNECTIONS_PER_ADDRESS)
    {
      *why = _("too many connections from this address");
      return FALSE;
    }
  if (self->n_connections >= self->max_connections && !drop_oldest_pending (self))
    {
      *why = _("too many connections");
      return FALSE;
    }
  g_hash_table_replace (self->per_address, g_strdup (host), GUINT_TO_POINTER (n + 1));
  self->n_connections++;
  return TRUE;
}

/* A connection from @host has closed (bn-server-stream.c). */
void
_bn_sync_listener_release_slot (BnSyncListener *self,
                                const char     *host)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, host));

  if (n <= 1)
    g_hash_table_remove (self->per_address, host);
  else
    g_hash_table_replace (self->per_address, g_strdup (host), GUINT_TO_POINTER (n - 1));
  if (self->n_connections > 0)
    self->n_connections--;
}

static const char *
reason_phrase (guint status)
{
  /* libsoup 3.2 has no phrase for these (RFC 6585). */
  switch (status)
    {
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return soup_status_get_phrase (status);
    }
}

/* A refusal in one write that never waits: a socket that cannot take a few
 * hundred bytes (or a removal notice) at once is simply closed. Nothing of the
 * request's body is read. */
static void
send_refusal (GSocket *socket, guint status, GBytes *body)
{
  gsize len = body != NULL ? g_bytes_get_size (body) : 0;
  g_autoptr(GString) out = g_string_new (NULL);
  /* Our clock, so that a neighbour refused for its clock can tell (sync-protocol.md §3.5). */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

  g_string_append_printf (out, "HTTP/1.1 %u %s\r\nConnection: close\r\nDate: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n", status,
                          reason_phrase (status), date, len);
  if (len > 0)
    g_string_append (out, "Content-Type: application/octet-stream\r\n");
  g_string_append (out, "\r\n");
  if (len > 0)
    g_string_append_len (out, g_bytes_get_data (body, NULL), len);
  g_socket_send_with_blocking (socket, out->str, out->len, FALSE, NULL, NULL);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
}

/* Reads and drops what has arrived of what is still to be discarded.
 * Returns: FALSE when the peer is gone (or failed) */
static gboolean
discard_available (Pending *pending)
{
  char buffer[4096];

  while (pending->to_discard > 0)
    {
      gssize n = recv (g_socket_get_fd (pending->socket), buffer,
                       MIN (sizeof buffer, pending->to_discard), MSG_DONTWAIT);

      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return TRUE;
      if (n <= 0)
        return FALSE;
      pending->to_discard -= (gsize) n;
    }
  return TRUE;
}

static gboolean
discard_more (Pending *pending)
{
  if (discard_available (pending) && pending->to_discard > 0)
    return G_SOURCE_CONTINUE;
  drop_pending (pending);
  return G_SOURCE_REMOVE;
}

/* Refuses the request. Its head (@head_bytes, all arrived) and a small body
 * (@body_bytes, maybe still arriving) are read and dropped before the
 * connection closes: closing with unread bytes resets the connection, and the
 * client might then not read our answer. A large body is not waited for. */
static gboolean
refuse_pending (Pending *pending, guint status, GBytes *body, const char *why,
                gsize head_bytes, gsize body_bytes)
{
  if (why != NULL)
    log_refusal (pending->listener, pending->host, why);
  send_refusal (pending->socket, status, body);
  pending->to_discard = head_bytes;
  if (head_bytes > 0)
    discard_available (pending);
  pending->to_discard += body_bytes <= BN_LIMIT_DISCARD_BYTES ? body_bytes : 0;
  if (pending->to_discard == 0 || body_bytes > BN_LIMIT_DISCARD_BYTES)
    {
      drop_pending (pending);
      return G_SOURCE_REMOVE;
    }
  g_socket_set_option (pending->socket, SOL_SOCKET, SO_RCVLOWAT, 1, NULL);
  return G_SOURCE_CONTINUE;
}

/* Where the head ends: after the first empty line ("\n\n" or "\n\r\n"), or 0. */
static gsize
head_length (const char *data, gsize len)
{
  for (gsize i = 0; i + 1 < len; i++)
    if (data[i] == '\n')
      {
        if (data[i + 1] == '\n')
          return i + 2;
        if (data[i + 1] == '\r' && i + 2 < len && data[i + 2] == '\n')
          return i + 3;
      }
  return 0;
}

/* The head was admitted: the socket becomes a stream libsoup reads the same
 * head from (it is still in the kernel), with the idle timeout on every wait
 * for the peer from now on (GSocket:timeout covers pollable sources too). */
static void
admit (Pending *pending, BnHeadVerdict *verdict)
{
  BnSyncListener *self = pending->listener;
  g_autoptr(GSocket) socket = g_steal_pointer (&pending->socket);
  g_autoptr(GSocketAddress) remote = g_object_ref (pending->remote);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;

  g_socket_set_option (socket, SOL_SOCKET, SO_RCVLOWAT, 1, NULL);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_socket_set_timeout (socket, BN_LIMIT_IDLE_TIMEOUT_S);
  g_socket_set_blocking (socket, TRUE);
  connection = g_socket_connection_factory_create_connection (socket);
  stream = bn_server_stream_new (self, connection, pending->host);
  pending->holds_slot = FALSE;
  drop_pending (pending);
  if (local == NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      if (verdict->admitted_free != NULL)
        verdict->admitted_free (verdict->admitted);
      return;
    }
  self->admitted (stream, local, remote, verdict->admitted, verdict->admitted_free,
                  self->user_data);
}

/* Returns: G_SOURCE_CONTINUE while @pending stays (a refused request's small
 * body is still to be dropped), G_SOURCE_REMOVE once it is gone */
static gboolean
judge_head (Pending *pending, const char *data, gsize len)
{
  BnSyncListener *self = pending->listener;
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  SoupHTTPVersion version;
  BnHeadVerdict verdict = { 0 };
  BnRequestHead head = { 0 };
  guint status = soup_headers_parse_request (data, (int) len, headers, &method, &target, &version);

  if (status != SOUP_STATUS_OK)
    return refuse_pending (pending, status, NULL, _("a malformed request"), len, 0);
  path = g_strndup (target, strcspn (target, "?"));
  head.method = method;
  head.path = path;
  head.headers = headers;
  head.host = pending->host;
  self->judge (&head, &verdict, self->user_data);
  if (verdict.status != 0)
    {
      goffset body = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                     ? soup_message_headers_get_content_length (headers) : 0;
      gboolean stays;

      /* (The judge logged why.) */
      stays = refuse_pending (pending, verdict.status, verdict.body, NULL, len, (gsize) body);
      g_clear_pointer (&verdict.body, g_bytes_unref);
      return stays;
    }
  admit (pending, &verdict);
  return G_SOURCE_REMOVE;
}

/* Only wake again when there is more than we have seen: the head stays in the
 * kernel (we peek), and a slow sender must not make us spin on it. */
static void
wake_when_more (Pending *pending, gssize seen)
{
  pending->peeked = seen;
  g_socket_set_option (pending->socket, SOL_SOCKET, SO_RCVLOWAT, (gint) seen + 1, NULL);
}

static gboolean
on_head_bytes (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  Pending *pending = user_data;
  g_autofree char *buffer = NULL;
  gssize n;
  gsize end;

  if (pending->to_discard > 0)
    return discard_more (pending);
  buffer = g_malloc (BN_LIMIT_HEAD_BYTES + 1);
  n = recv (g_socket_get_fd (socket), buffer, BN_LIMIT_HEAD_BYTES + 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;
  /* Gone, or awake with nothing new: the peer shut its side before the end. */
  if (n <= pending->peeked)
    {
      drop_pending (pending);
      return G_SOURCE_REMOVE;
    }
  end = head_length (buffer, n);
  if (end == 0 && n > BN_LIMIT_HEAD_BYTES)
    return refuse_pending (pending, 431, NULL, _("request headers over the size limit"), 0, 0);
  if (end == 0)
    {
      wake_when_more (pending, n);
      return G_SOURCE_CONTINUE;
    }
  return judge_head (pending, buffer, end);
}

static gboolean
head_too_late (gpointer user_data)
{
  Pending *pending = user_data;

  log_refusal (pending->listener, pending->host,
               _("its request did not arrive in time (a slow or stalled sender)"));
  drop_pending (pending);
  return G_SOURCE_REMOVE;
}

/* Who a connection counts against: the sender's address, and for a link-local
 * IPv6 address also the interface it came in on (fe80::1 on the wired and on
 * the wireless network are two different neighbours). */
static char *
sender_key (GInetSocketAddress *remote)
{
  GInetAddress *address = g_inet_socket_address_get_address (remote);
  g_autofree char *text = g_inet_address_to_string (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
      && g_inet_address_get_is_link_local (address))
    return g_strdup_printf ("%s%%%u", text, g_inet_socket_address_get_scope_id (remote));
  return g_steal_pointer (&text);
}

static void
welcome (BnSyncListener *self, GSocket *accepted)
{
  g_autoptr(GSocket) socket = accepted;
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autofree char *host = NULL;
  const char *why = NULL;
  Pending *pending;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_socket_close (socket, NULL);
      return;
    }
  host = sender_key (G_INET_SOCKET_ADDRESS (remote));
  g_socket_set_blocking (socket, FALSE);
  if (!take_slot (self, host, &why))
    {
      log_refusal (self, host, why);
      send_refusal (socket, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      g_socket_close (socket, NULL);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->listener = self;
  pending->socket = g_steal_pointer (&socket);
  pending->remote = g_steal_pointer (&remote);
  pending->host = g_steal_pointer (&host);
  pending->holds_slot = TRUE;
  pending->readable = g_socket_create_source (pending->socket, G_IO_IN, NULL);
  g_source_set_callback (pending->readable, G_SOURCE_FUNC (on_head_bytes), pending, NULL);
  g_source_attach (pending->readable, self->context);
  pending->deadline = g_timeout_source_new (BN_LIMIT_HEAD_TIMEOUT_MS);
  g_source_set_callback (pending->deadline, head_too_late, pending, NULL);
  g_source_attach (pending->deadline, self->context);
  g_queue_push_tail (self->pending, pending);
}

static gboolean on_incoming (GSocket      *listening,
                             GIOCondition  condition,
                             gpointer      user_data);

static void
watch_listening (BnSyncListener *self)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      GSource *source = g_socket_create_source (g_ptr_array_index (self->sockets, i), G_IO_IN, NULL);

      g_source_set_callback (source, G_SOURCE_FUNC (on_incoming), self, NULL);
      g_source_attach (source, self->context);
      g_ptr_array_add (self->sources, source);
    }
}

static void
unwatch_listening (BnSyncListener *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    g_source_destroy (g_ptr_array_index (self->sources, i));
  g_ptr_array_set_size (self->sources, 0);
}

static gboolean
resume_accepting (gpointer user_data)
{
  BnSyncListener *self = user_data;

  g_clear_pointer (&self->resume, g_source_unref);
  watch_listening (self);
  return G_SOURCE_REMOVE;
}

/* accept() failed for want of a file descriptor: the connection waits in the
 * kernel. Free one (the oldest head still arriving), and try again a moment
 * later rather than at once, over and over. */
static void
pause_accepting (BnSyncListener *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->out_of_files_said == 0 || now - self->out_of_files_said > 10 * G_USEC_PER_SEC)
    {
      g_message ("Out of open files with %u connections: accepting new ones again in a moment",
                 self->n_connections);
      self->out_of_files_said = now;
    }
  drop_oldest_pending (self);
  unwatch_listening (self);
  self->resume = g_timeout_source_new (BN_LIMIT_ACCEPT_PAUSE_MS);
  g_source_set_callback (self->resume, resume_accepting, self, NULL);
  g_source_attach (self->resume, self->context);
}

static gboolean
on_incoming (GSocket      *listening,
             GIOCondition  condition,
             gpointer      user_data)
{
  BnSyncListener *self = user_data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_accept (listening, NULL, &error);

      if (socket != NULL)
        {
          welcome (self, socket);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          pause_accepting (self);
          return G_SOURCE_REMOVE;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        g_debug ("Could not accept a connection: %s", error->message);
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
bn_sync_listener_dispose (GObject *object)
{
  bn_sync_listener_stop (BN_SYNC_LISTENER (object));

  G_OBJECT_CLASS (bn_sync_listener_parent_class)->dispose (object);
}

static void
bn_sync_listener_finalize (GObject *object)
{
  BnSyncListener *self = BN_SYNC_LISTENER (object);

  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->per_address, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_queue_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (bn_sync_listener_parent_class)->finalize (object);
}

static void
bn_sync_listener_class_init (BnSyncListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_sync_listener_dispose;
  object_class->finalize = bn_sync_listener_finalize;
}

static void
bn_sync_listener_init (BnSyncListener *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_queue_new ();
  self->max_connections = BN_LIMIT_CONNECTIONS;
}

/**
 * bn_sync_listener_new:
 * @guard: (transfer none): where refusals are logged; must outlive the
 *   listening (until bn_sync_listener_stop())
 * @judge: decides on each request from its head
 * @admitted: gets each admitted request's connection
 *
 * Returns: (transfer full): a listener that does not listen yet
 */
BnSyncListener *
bn_sync_listener_new (BnRequestGuard *guard,
                      BnHeadJudge     judge,
                      BnAdmittedFunc  admitted,
                      gpointer        user_data)
{
  BnSyncListener *self = g_object_new (BN_TYPE_SYNC_LISTENER, NULL);

  self->guard = guard;
  self->judge = judge;
  self->admitted = admitted;
  self->user_data = user_data;
  return self;
}

static GSocket *
open_listening (GSocketFamily family, guint16 port, GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                            error);
  g_autoptr(GInetAddress) any = g_inet_address_new_any (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, port);

  if (socket == NULL)
    return NULL;
  /* A socket per family, as libsoup does: an IPv6 socket that took IPv4 too
   * would show IPv4 neighbours as ::ffff: addresses. */
  if (family == G_SOCKET_FAMILY_IPV6
      && !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static guint16
local_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return G_IS_INET_SOCKET_ADDRESS (address)
         ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

/* A serving peer holds a connection per neighbour calling, a live link per
 * neighbour, its database's files: the default soft limit (1,024 on most
 * systems) is often far below what the system allows. */
static void
raise_file_limit (void)
{
  struct rlimit limit;
  rlim_t was;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;
  was = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) == 0)
    g_debug ("Open files: soft limit raised from %llu to %llu", (unsigned long long) was,
             (unsigned long long) limit.rlim_cur);
}

/* BN_LIMIT_CONNECTIONS, or a quarter of the open-file limit when that is lower:
 * the rest is for links we open, the database and everything else. */
static guint
connections_allowed (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return BN_LIMIT_CONNECTIONS;
  return (guint) CLAMP (limit.rlim_cur / 4, 1, BN_LIMIT_CONNECTIONS);
}

/**
 * bn_sync_listener_listen:
 * @port: the port; 0 for any free one
 *
 * Listens on every IPv4 address and, where the machine has IPv6, on every IPv6
 * address too, on the same port. Raises the process's soft limit of open files
 * to its hard limit first.
 */
gboolean
bn_sync_listener_listen (BnSyncListener  *self,
                         guint16          port,
                         GError         **error)
{
  g_return_val_if_fail (self->sockets->len == 0, FALSE);

  raise_file_limit ();
  self->max_connections = connections_allowed ();
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) ipv6_error = NULL;
      g_autoptr(GSocket) ipv4 = open_listening (G_SOCKET_FAMILY_IPV4, port, error);
      g_autoptr(GSocket) ipv6 = NULL;

      if (ipv4 == NULL)
        return FALSE;
      ipv6 = open_listening (G_SOCKET_FAMILY_IPV6, local_port (ipv4), &ipv6_error);
      /* Any port will do, and this one is taken on IPv6 only: another pair. */
      if (ipv6 == NULL && port == 0 && attempt < 8
          && g_error_matches (ipv6_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        continue;
      if (ipv6 == NULL)
        g_debug ("Listening on IPv4 only: %s", ipv6_error->message);
      self->port = local_port (ipv4);
      g_ptr_array_add (self->sockets, g_steal_pointer (&ipv4));
      if (ipv6 != NULL)
        g_ptr_array_add (self->sockets, g_steal_pointer (&ipv6));
      self->has_ipv6 = self->sockets->len > 1;
      break;
    }
  watch_listening (self);
  return TRUE;
}

guint16
bn_sync_listener_get_port (BnSyncListener *self)
{
  return self->port;
}

gboolean
bn_sync_listener_has_ipv6 (BnSyncListener *self)
{
  return self->has_ipv6;
}

guint
bn_sync_listener_get_max_connections (BnSyncListener *self)
{
  return self->max_connections;
}

/* Stops accepting and closes every connection whose head has not been judged;
 * admitted ones end with libsoup's (soup_server_disconnect()). */
void
bn_sync_listener_stop (BnSyncListener *self)
{
  Pending *pending;

  unwatch_listening (self);
  if (self->resume != NULL)
    g_source_destroy (self->resume);
  g_clear_pointer (&self->resume, g_source_unref);
  for (guint i = 0; i < self->sockets->len; i++)
    g_socket_close (g_ptr_array_index (self->sockets, i), NULL);
  g_ptr_array_set_size (self->sockets, 0);
  while ((pending = g_queue_pop_head (self->pending)) != NULL)
    pending_free (pending);
  self->guard = NULL;
}
