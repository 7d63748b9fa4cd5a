/* bn-hostile-server.c — a member's machine gone bad, as a server that a real
 * peer syncs with, for tests/net/test-limits.sh
 *
 *   bn-hostile-server more DATA_DIR
 *       announces one log of a million entries and answers every pull with
 *       "more" and one entry that does not verify, the next seq each time
 *   bn-hostile-server sync-spam DATA_DIR SECONDS
 *       answers like a member with nothing to give, and over the live link a
 *       peer opens to it, asks for a sync 500 times a second for SECONDS
 *
 * It answers as the member whose data directory is DATA_DIR (so the peer takes
 * its answers), on 127.0.0.1, on any free port: it prints "listening PORT",
 * then one line per request ("request GET /v2/heads"), and for sync-spam
 * "spam-done sent=N seconds=S heads-during=K" once it stopped asking. Runs
 * until killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-link.h"
#include "bn-sync-request.h"
#include "bn-wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPAM_EVERY_MS 2

typedef struct
{
  BnHome     *home;
  const char *how;
  guint16     port;
  guint       pulls;
  guint       heads;
  guint8      author[BN_PUBLIC_KEY_LEN];   /* the log "more" pretends to have */
  /* sync-spam */
  double      spam_seconds;
  BnLink     *link;
  guint       spam_id;
  guint       spam_sent;
  guint       heads_at_spam_start;
  gint64      spam_started;
} Hostile;

/* Signs (and seals @plain in) an answer as our member, for the client that asked. */
static void
answer_signed (Hostile *h, SoupServerMessage *msg, guint status, GBytes *plain)
{
  const BnIdentity *me = bn_home_get_identity (h->home);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *peer = bn_peer_id_from_key (me->public_key);
  g_autofree char *nonce_hex = bn_wire_new_nonce ();
  g_autofree char *time = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *text = NULL;
  g_autofree char *sig_hex = NULL;
  g_autoptr(GBytes) sealed = NULL;
  guint8 client[BN_PUBLIC_KEY_LEN], nonce[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN];
  BnPairKeys keys;

  if (!bn_sync_peer_key_from_id (soup_message_headers_get_one (request, BN_WIRE_HEADER_PEER),
                                 client)
      || !bn_wire_pair_keys (&keys, me, client, FALSE))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }
  bn_wire_parse_nonce (nonce_hex, nonce);
  text = bn_wire_response_text (status, soup_message_headers_get_one (request, BN_WIRE_HEADER_NONCE),
                                peer, time, nonce_hex, NULL, g_bytes_get_size (plain) + BN_WIRE_TAG_LEN);
  bn_wire_sign (me, text, sig);
  sig_hex = bn_hex_encode (sig, sizeof sig);
  sealed = bn_wire_seal_body (keys.response_body, nonce, sig, plain);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_PEER, peer);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_TIME, time);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_NONCE, nonce_hex);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_SIG, sig_hex);
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  soup_server_message_set_status (msg, status, NULL);
}

/* "more" announces a million entries of one log; "sync-spam" has nothing. */
static GBytes *
heads (Hostile *h)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (BnHead));

  if (g_str_equal (h->how, "more"))
    {
      BnHead head = { 0 };

      memcpy (head.author, h->author, BN_PUBLIC_KEY_LEN);
      head.seq = 1000000;
      randombytes_buf (head.id, sizeof head.id);
      g_array_append_val (list, head);
    }
  return bn_wire_encode_heads (list);
}

/* flags "more" and one header-only entry of our pretend log whose signature
 * and chain are garbage: it decodes, and the writer refuses it. */
static GBytes *
junk_batch (Hostile *h)
{
  GByteArray *out = g_byte_array_new ();
  guint8 flags = BN_WIRE_PULL_MORE, frame_flags = 0;
  guint8 header[BN_HEADER_LEN];

  randombytes_buf (header, sizeof header);
  header[BN_HEADER_OFF_VERSION] = BN_ENTRY_VERSION;
  memcpy (header + BN_HEADER_OFF_AUTHOR, h->author, BN_PUBLIC_KEY_LEN);
  bn_put_u64 (header + BN_HEADER_OFF_SEQ, h->pulls);
  bn_put_u32 (header + BN_HEADER_OFF_PAYLOAD_LEN, 0);
  g_byte_array_append (out, &flags, 1);
  g_byte_array_append (out, &frame_flags, 1);
  g_byte_array_append (out, header, sizeof header);
  return g_byte_array_free_to_bytes (out);
}

static void
handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer user_data)
{
  Hostile *h = user_data;
  const char *method = soup_server_message_get_method (msg);

  g_print ("request %s %s\n", method, path);
  fflush (stdout);
  if (g_str_equal (path, "/v2/heads"))
    {
      g_autoptr(GBytes) list = heads (h);
      h->heads++;
      answer_signed (h, msg, SOUP_STATUS_OK, list);
    }
  else if (g_str_equal (path, "/v2/pull"))
    {
      g_autoptr(GBytes) batch = NULL;
      h->pulls++;
      batch = junk_batch (h);
      answer_signed (h, msg, SOUP_STATUS_OK, batch);
    }
  else if (g_str_equal (path, "/v2/push"))
    {
      g_autoptr(GBytes) counts = g_bytes_new_take (g_malloc0 (12), 12);
      answer_signed (h, msg, SOUP_STATUS_OK, counts);
    }
  else if (!g_str_equal (path, "/v2/events"))
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gboolean
spam (gpointer user_data)
{
  Hostile *h = user_data;
  double seconds = (g_get_monotonic_time () - h->spam_started) / (double) G_USEC_PER_SEC;

  if (bn_link_is_closed (h->link) || seconds >= h->spam_seconds)
    {
      g_print ("spam-done sent=%u seconds=%.2f heads-during=%u link=%s\n", h->spam_sent, seconds,
               h->heads - h->heads_at_spam_start, bn_link_is_closed (h->link) ? "closed" : "open");
      fflush (stdout);
      h->spam_id = 0;
      return G_SOURCE_REMOVE;
    }
  bn_link_send_sync (h->link);
  h->spam_sent++;
  return G_SOURCE_CONTINUE;
}

static void
link_ready (BnLink *link, Hostile *h)
{
  if (h->spam_id != 0)
    return;
  h->heads_at_spam_start = h->heads;
  h->spam_started = g_get_monotonic_time ();
  h->spam_id = g_timeout_add (SPAM_EVERY_MS, spam, h);
}

static void
handle_websocket (SoupServer *server, SoupServerMessage *msg, const char *path,
                  SoupWebsocketConnection *connection, gpointer user_data)
{
  Hostile *h = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  guint8 client[BN_PUBLIC_KEY_LEN], nonce[BN_WIRE_NONCE_LEN];
  BnPairKeys keys;

  if (h->link != NULL
      || !bn_sync_peer_key_from_id (soup_message_headers_get_one (request, BN_WIRE_HEADER_PEER),
                                    client)
      || !bn_wire_parse_nonce (soup_message_headers_get_one (request, BN_WIRE_HEADER_NONCE), nonce)
      || !bn_wire_pair_keys (&keys, bn_home_get_identity (h->home), client, FALSE))
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }
  h->link = bn_link_new (connection, &keys, nonce, FALSE, client, h->port,
                         soup_server_message_get_remote_host (msg));
  g_signal_connect (h->link, "ready", G_CALLBACK (link_ready), h);
}

int
main (int argc, char **argv)
{
  Hostile h = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  if (argc < 3 || (!g_str_equal (argv[1], "more") && !g_str_equal (argv[1], "sync-spam"))
      || (g_str_equal (argv[1], "sync-spam") && argc != 4))
    {
      g_printerr ("usage: bn-hostile-server more DATA_DIR\n"
                  "       bn-hostile-server sync-spam DATA_DIR SECONDS\n");
      return 2;
    }
  if (!bn_crypto_init () || (h.home = bn_home_open (argv[2], FALSE, &error)) == NULL)
    {
      g_printerr ("bn-hostile-server: %s\n", error ? error->message : "libsodium failed");
      return 2;
    }
  h.how = argv[1];
  h.spam_seconds = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 0;
  randombytes_buf (h.author, sizeof h.author);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle, &h, NULL);
  soup_server_add_websocket_handler (server, "/v2/events", NULL, NULL, handle_websocket, &h, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bn-hostile-server: %s\n", error->message);
      return 2;
    }
  {
    g_autoslist(GUri) uris = soup_server_get_uris (server);
    h.port = uris != NULL ? g_uri_get_port (uris->data) : 0;
  }
  g_print ("listening %u\n", h.port);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
