/* fuzz-link.c — the live link's messages (src/net/bn-link.c) as a peer at the other
 * end of a real WebSocket sends them: a BnLink on one end of a socket pair, and
 * this target on the other, sending the input's messages sealed with the link's
 * real key and counters (so they get past the AEAD to the decoders behind it:
 * greeting, entry batches, neighbours' addresses, ...) or, when asked, as raw bytes.
 *
 * Input: messages, each a length u16 (big-endian; the top bit sends the bytes raw
 * instead of sealed) and that many bytes, the first of them the message type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-link.h"

#include <errno.h>
#include <sys/socket.h>

#define MAX_MESSAGES 32
#define RAW_BIT 0x8000

static SoupWebsocketConnection *
websocket_on (int fd, SoupWebsocketConnectionType type)
{
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, NULL);
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GUri) uri = g_uri_parse ("ws://127.0.0.1/v1/events", G_URI_FLAGS_NONE, NULL);

  if (socket == NULL)
    g_error ("cannot make a socket");
  stream = g_socket_connection_factory_create_connection (socket);
  return soup_websocket_connection_new (G_IO_STREAM (stream), uri, type, NULL, NULL, NULL);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autoptr(SoupWebsocketConnection) ours = NULL;
  g_autoptr(SoupWebsocketConnection) theirs = NULL;
  g_autoptr(BnLink) link = NULL;
  static const guint8 link_nonce[BN_WIRE_NONCE_LEN] = { 1, 2, 3 };
  BnPairKeys keys;
  guint8 key[BN_KEY_LEN];
  gboolean late = FALSE;
  guint deadline;
  guint64 counter = 0;
  gsize off = 0;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair: %s", g_strerror (errno));
  ours = websocket_on (fds[0], SOUP_WEBSOCKET_CONNECTION_SERVER);
  theirs = websocket_on (fds[1], SOUP_WEBSOCKET_CONNECTION_CLIENT);
  /* We are author 0's server; the other end is author 1, our client. */
  if (!bn_wire_pair_keys (&keys, world->authors[BN_FUZZ_ME], world->authors[1]->public_key, FALSE))
    g_error ("no pair keys for two good identities");
  bn_wire_link_key (&keys, link_nonce, TRUE, key);
  link = bn_link_new (ours, &keys, link_nonce, FALSE, world->authors[1]->public_key, 7447,
                      "127.0.0.1");

  while (off + 2 <= size && counter < MAX_MESSAGES)
    {
      guint16 header = (guint16) ((data[off] << 8) | data[off + 1]);
      gsize len = MIN ((gsize) (header & ~RAW_BIT), size - off - 2);
      const guint8 *body = data + off + 2;
      g_autoptr(GBytes) message = NULL;

      off += 2 + len;
      if (header & RAW_BIT)
        message = g_bytes_new (body, len);
      else
        message = bn_wire_link_seal (key, counter++, len > 0 ? body[0] : 0,
                                     len > 1 ? body + 1 : NULL, len > 1 ? len - 1 : 0);
      soup_websocket_connection_send_message (theirs, SOUP_WEBSOCKET_DATA_BINARY, message);
    }
  soup_websocket_connection_close (theirs, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);

  /* Every message is read before the closing frame behind it. */
  deadline = g_timeout_add_seconds (5, on_deadline, &late);
  while (!bn_link_is_closed (link) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (late)
    g_error ("the link was still open 5 s after the other side closed it");
  g_source_remove (deadline);
  return 0;
}
