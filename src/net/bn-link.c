/* bn-link.c — the live connection between two peers
 *
 * Every message is sealed with a key of this link and direction (derived from the
 * key of the pair of peers and the nonce of the signed upgrade request) and carries
 * a counter that must go up by one, so nothing can be forged, replayed or reordered.
 * The first message each way is HELLO; only after the other side's HELLO is the
 * link "ready" and the peer online.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-link.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define PING_INTERVAL_MS (BN_LINK_DEAD_AFTER_MS / 2)

/* A request the other side may repeat (SYNC, SYNCED), passed on at most once
 * per BN_LIMIT_SYNC_INTERVAL_MS: one that comes sooner is passed on at the end
 * of the interval, however many came meanwhile. A member whose link asks for a
 * sync without end gets one session a second, not one after the other. */
typedef struct
{
  BnLink *link;
  guint   signal;
  gint64  last;          /* monotonic µs it was last passed on */
  guint   deferred_id;
} Pace;

struct _BnLink
{
  GObject parent_instance;

  SoupWebsocketConnection *connection;
  guint8    send_key[BN_KEY_LEN];
  guint8    receive_key[BN_KEY_LEN];
  guint64   send_counter;
  guint64   receive_counter;
  gboolean  is_client;
  gboolean  ready;
  gboolean  closed;
  gboolean  duplicate;      /* closed because the two of us have another link */
  guint8    peer_key[BN_PUBLIC_KEY_LEN];
  char     *peer_id;
  guint16   peer_port;
  char     *remote_host;

  gint64    last_heard;     /* monotonic µs */
  gint64    next_ping;      /* monotonic µs; the client's */
  GSource  *watch;          /* the link's one timer (arm_watch) */
  gint64    rate_window;    /* monotonic second of the count below */
  guint     rate_count;
  Pace      sync_pace;
  Pace      synced_pace;
};

G_DEFINE_FINAL_TYPE (BnLink, bn_link, G_TYPE_OBJECT)

enum {
  READY,
  ENTRIES,
  SYNC_REQUESTED,
  SYNCED,
  PEERS,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void arm_watch (BnLink *self);

static void
send_message (BnLink *self, guint8 type, const guint8 *data, gsize len)
{
  g_autoptr(GBytes) sealed = NULL;

  if (self->closed
      || soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  sealed = bn_wire_link_seal (self->send_key, self->send_counter++, type, data, len);
  soup_websocket_connection_send_message (self->connection, SOUP_WEBSOCKET_DATA_BINARY, sealed);
}

static gboolean
pace_due (gpointer user_data)
{
  Pace *pace = user_data;

  pace->deferred_id = 0;
  pace->last = g_get_monotonic_time ();
  g_signal_emit (pace->link, signals[pace->signal], 0);
  return G_SOURCE_REMOVE;
}

static void
emit_paced (Pace *pace)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next = pace->last + BN_LIMIT_SYNC_INTERVAL_MS * 1000;

  if (pace->last == 0 || now >= next)
    {
      pace->last = now;
      g_signal_emit (pace->link, signals[pace->signal], 0);
    }
  else if (pace->deferred_id == 0)
    pace->deferred_id = g_timeout_add ((guint) ((next - now) / 1000) + 1, pace_due, pace);
}

static void
clear_watch (BnLink *self)
{
  if (self->watch == NULL)
    return;
  g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);
}

static void
mark_closed (BnLink *self)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  clear_watch (self);
  g_clear_handle_id (&self->sync_pace.deferred_id, g_source_remove);
  g_clear_handle_id (&self->synced_pace.deferred_id, g_source_remove);
  g_signal_emit (self, signals[CLOSED], 0);
}

/* Logs why in one line and hangs up; the store is never touched by a bad message. */
static void
hang_up (BnLink *self, const char *why)
{
  if (self->ready)
    g_message ("Live link with %s:%u closed: %s", self->remote_host, self->peer_port, why);
  else
    g_message ("Live link from %s closed before its greeting: %s", self->remote_host, why);
  bn_link_close (self);
}

/* The other side's identity is known from the signed upgrade request; its
 * greeting says which port it listens on (0: it does not). */
static void
handle_hello (BnLink *self, const guint8 *data, gsize len)
{
  if (self->ready || len != 2)
    {
      hang_up (self, _("a malformed greeting"));
      return;
    }
  self->peer_port = (guint16) ((data[0] << 8) | data[1]);
  self->ready = TRUE;
  g_signal_emit (self, signals[READY], 0);
}

static void
handle_entries (BnLink *self, const guint8 *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  guint refused = 0;
  g_autoptr(GPtrArray) entries = bn_wire_decode_frames (data, len, &refused, &error);

  if (error != NULL)
    g_message ("Refused %u entr%s of a live batch from %s:%u: %s", refused,
               refused == 1 ? "y" : "ies", self->remote_host, self->peer_port, error->message);
  if (entries->len > BN_LIMIT_LIVE_ENTRIES)
    {
      hang_up (self, _("a live batch over the size limit"));
      return;
    }
  if (entries->len > 0)
    g_signal_emit (self, signals[ENTRIES], 0, entries);
}

/* Only well-formed addresses, at most BN_LIMIT_EXCHANGED_PEERS of them. */
static void
handle_peers (BnLink *self, const guint8 *data, gsize len)
{
  g_autofree char *text = g_strndup ((const char *) data, len);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);

  if (!g_utf8_validate (text, -1, NULL))
    {
      hang_up (self, _("a malformed list of neighbours"));
      return;
    }
  lines = g_strsplit (text, "\n", BN_LIMIT_EXCHANGED_PEERS + 1);
  for (guint i = 0; lines[i] != NULL && i < BN_LIMIT_EXCHANGED_PEERS; i++)
    if (bn_sync_parse_address (lines[i], NULL, NULL, NULL))
      g_ptr_array_add (addresses, g_strdup (lines[i]));
  g_ptr_array_add (addresses, NULL);
  g_signal_emit (self, signals[PEERS], 0, (char **) addresses->pdata);
}

static gboolean
over_rate (BnLink *self)
{
  gint64 second = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (second != self->rate_window)
    {
      self->rate_window = second;
      self->rate_count = 0;
    }
  return ++self->rate_count > BN_LIMIT_LINK_MESSAGES_PER_SECOND;
}

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            BnLink                  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  const guint8 *data;
  gsize len = 0;

  if (self->closed)
    return;
  if (over_rate (self))
    {
      hang_up (self, _("too many messages (a flood)"));
      return;
    }
  plain = bn_wire_link_open (self->receive_key, self->receive_counter, message, &error);
  if (plain == NULL)
    {
      hang_up (self, error->message);
      return;
    }
  self->receive_counter++;
  self->last_heard = g_get_monotonic_time ();
  arm_watch (self);
  data = g_bytes_get_data (plain, &len);
  if (!self->ready && data[0] != BN_LINK_MSG_HELLO)
    {
      hang_up (self, _("no greeting first"));
      return;
    }
  switch (data[0])
    {
    case BN_LINK_MSG_HELLO:
      handle_hello (self, data + 1, len - 1);
      break;
    case BN_LINK_MSG_ENTRIES:
      handle_entries (self, data + 1, len - 1);
      break;
    case BN_LINK_MSG_SYNC:
      emit_paced (&self->sync_pace);
      break;
    case BN_LINK_MSG_PING:
      /* The server answers: the client hears of it as often as it asks. */
      if (!self->is_client)
        send_message (self, BN_LINK_MSG_PING, NULL, 0);
      break;
    case BN_LINK_MSG_PEERS:
      handle_peers (self, data + 1, len - 1);
      break;
    case BN_LINK_MSG_SYNCED:
      emit_paced (&self->synced_pace);
      break;
    default:
      g_debug ("Ignoring live message of unknown type %u", data[0]);
    }
}

static void
on_closed (SoupWebsocketConnection *connection,
           BnLink                  *self)
{
  if (soup_websocket_connection_get_close_code (connection) == BN_LINK_CLOSE_DUPLICATE)
    self->duplicate = TRUE;
  mark_closed (self);
}

/* The link's one timer wakes the process only when something is due: the
 * client's next ping, or the moment the other side has been silent too long.
 * Each message heard moves the second one on, without a wakeup. */
static void
arm_watch (BnLink *self)
{
  gint64 due = self->last_heard + BN_LINK_DEAD_AFTER_MS * 1000;

  if (self->watch == NULL)
    return;
  if (self->is_client)
    due = MIN (due, self->next_ping);
  g_source_set_ready_time (self->watch, due);
}

static gboolean
on_watch (gpointer user_data)
{
  BnLink *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - self->last_heard >= BN_LINK_DEAD_AFTER_MS * 1000)
    {
      clear_watch (self);
      hang_up (self, _("no sign of life"));
      return G_SOURCE_REMOVE;
    }
  if (self->is_client && now >= self->next_ping)
    {
      send_message (self, BN_LINK_MSG_PING, NULL, 0);
      self->next_ping = now + PING_INTERVAL_MS * 1000;
    }
  arm_watch (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
watch_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  return callback (user_data);
}

static GSourceFuncs watch_funcs = { NULL, NULL, watch_dispatch, NULL, NULL, NULL };

static void
start_watch (BnLink *self)
{
  self->watch = g_source_new (&watch_funcs, sizeof (GSource));
  g_source_set_static_name (self->watch, "[buurtnet] link watch");
  g_source_set_callback (self->watch, on_watch, self, NULL);
  self->next_ping = self->last_heard + PING_INTERVAL_MS * 1000;
  arm_watch (self);
  g_source_attach (self->watch, NULL);
}

static void
bn_link_dispose (GObject *object)
{
  BnLink *self = BN_LINK (object);

  clear_watch (self);
  g_clear_handle_id (&self->sync_pace.deferred_id, g_source_remove);
  g_clear_handle_id (&self->synced_pace.deferred_id, g_source_remove);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bn_link_parent_class)->dispose (object);
}

static void
bn_link_finalize (GObject *object)
{
  BnLink *self = BN_LINK (object);

  sodium_memzero (self->send_key, sizeof self->send_key);
  sodium_memzero (self->receive_key, sizeof self->receive_key);
  g_clear_pointer (&self->peer_id, g_free);
  g_clear_pointer (&self->remote_host, g_free);

  G_OBJECT_CLASS (bn_link_parent_class)->finalize (object);
}

static void
bn_link_class_init (BnLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_link_dispose;
  object_class->finalize = bn_link_finalize;

  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BnLink::entries:
   * @entries: (element-type BnEntry): decoded, not yet verified
   */
  signals[ENTRIES] = g_signal_new ("entries", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  signals[SYNC_REQUESTED] = g_signal_new ("sync-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  /* The client of this link finished a sync session with us: we are level. */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BnLink::peers:
   * @addresses: (array zero-terminated=1): "host:port" of neighbours the other side
   *   found on its local network
   */
  signals[PEERS] = g_signal_new ("peers", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bn_link_init (BnLink *self)
{
  self->sync_pace.link = self;
  self->sync_pace.signal = SYNC_REQUESTED;
  self->synced_pace.link = self;
  self->synced_pace.signal = SYNCED;
}

/**
 * bn_link_new:
 * @connection: (transfer none): an open WebSocket
 * @keys: the keys of the pair of peers (docs/sync-protocol.md §2)
 * @link_nonce: the 24 nonce bytes of the signed upgrade request
 * @peer_key: the other side's identity, as the upgrade request proved it
 * @my_port: the port our server listens on, so the other side can call back
 *   (0: we do not listen)
 *
 * Returns: (transfer full): a link that has sent its greeting
 */
BnLink *
bn_link_new (SoupWebsocketConnection *connection,
             const BnPairKeys        *keys,
             const guint8            *link_nonce,
             gboolean                 is_client,
             const guint8            *peer_key,
             guint16                  my_port,
             const char              *remote_host)
{
  BnLink *self = g_object_new (BN_TYPE_LINK, NULL);
  guint8 hello[2];

  self->connection = g_object_ref (connection);
  self->is_client = is_client;
  self->remote_host = g_strdup (remote_host);
  self->last_heard = g_get_monotonic_time ();
  memcpy (self->peer_key, peer_key, BN_PUBLIC_KEY_LEN);
  self->peer_id = bn_peer_id_from_key (peer_key);
  bn_wire_link_key (keys, link_nonce, is_client, self->send_key);
  bn_wire_link_key (keys, link_nonce, !is_client, self->receive_key);
  /* Our own frames are small; a neighbour's live batch is capped too. */
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           BN_LIMIT_LIVE_BYTES + 1024);
  soup_websocket_connection_set_keepalive_interval (connection, 0);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  start_watch (self);

  hello[0] = my_port >> 8;
  hello[1] = my_port & 0xff;
  send_message (self, BN_LINK_MSG_HELLO, hello, sizeof hello);
  return self;
}

gboolean
bn_link_is_client (BnLink *self)
{
  return self->is_client;
}

gboolean
bn_link_is_ready (BnLink *self)
{
  return self->ready && !self->closed;
}

gboolean
bn_link_is_closed (BnLink *self)
{
  return self->closed;
}

const char *
bn_link_get_peer_id (BnLink *self)
{
  return self->peer_id;
}

const guint8 *
bn_link_get_peer_key (BnLink *self)
{
  return self->ready ? self->peer_key : NULL;
}

guint16
bn_link_get_peer_port (BnLink *self)
{
  return self->peer_port;
}

const char *
bn_link_get_remote_host (BnLink *self)
{
  return self->remote_host;
}

/**
 * bn_link_send_entries:
 * @entries: (element-type BnEntry): new entries, in order per author
 *
 * Returns: %FALSE when the batch is too big for a live message; the caller then
 *   asks for a sync instead
 */
gboolean
bn_link_send_entries (BnLink    *self,
                      GPtrArray *entries)
{
  g_autoptr(GByteArray) frames = NULL;

  if (entries->len > BN_LIMIT_LIVE_ENTRIES)
    return FALSE;
  frames = g_byte_array_new ();
  for (guint i = 0; i < entries->len; i++)
    bn_entry_write_frame (g_ptr_array_index (entries, i), frames);
  if (frames->len > BN_LIMIT_LIVE_BYTES)
    return FALSE;
  send_message (self, BN_LINK_MSG_ENTRIES, frames->data, frames->len);
  return TRUE;
}

/* @addresses: (array zero-terminated=1): "host:port" of neighbours */
void
bn_link_send_peers (BnLink             *self,
                    const char * const *addresses)
{
  g_autofree char *text = g_strjoinv ("\n", (char **) addresses);

  if (addresses[0] != NULL)
    send_message (self, BN_LINK_MSG_PEERS, (const guint8 *) text, strlen (text));
}

void
bn_link_send_sync (BnLink *self)
{
  send_message (self, BN_LINK_MSG_SYNC, NULL, 0);
}

void
bn_link_send_synced (BnLink *self)
{
  send_message (self, BN_LINK_MSG_SYNCED, NULL, 0);
}

/* Closes a link that lost to another one between the same two peers; the other
 * side sees the close code and knows that it is not gone. */
void
bn_link_close_duplicate (BnLink *self)
{
  if (self->closed)
    return;
  self->duplicate = TRUE;
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, BN_LINK_CLOSE_DUPLICATE, "duplicate");
  mark_closed (self);
}

gboolean
bn_link_was_duplicate (BnLink *self)
{
  return self->duplicate;
}

void
bn_link_close (BnLink *self)
{
  if (self->closed)
    return;
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  mark_closed (self);
}
