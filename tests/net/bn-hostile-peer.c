/* bn-hostile-peer.c — a neighbour gone bad (or a stranger), for the hostile tests
 *
 *   bn-hostile-peer DATA_DIR HOST:PORT SCENARIO
 *
 * Speaks the sync protocol as the member whose data directory is DATA_DIR (or as
 * a stranger, when the scenario is about one) and sends one kind of bad input.
 * Prints what the server answered as "key: value" lines and exits 0 when the
 * server did what docs/sync-protocol.md says (refused, stayed up), 1 otherwise.
 *
 *   bn-hostile-peer serve-huge|serve-stranger PORT
 *
 * The other way round: a server on 127.0.0.1:PORT that answers every request with
 * a 64 MiB body, or with a well-signed answer from an identity that is no member,
 * until killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-link.h"
#include "bn-request-guard.h"
#include "bn-sync-request.h"
#include "bn-testgen.h"
#include "bn-wire.h"

#include <stdlib.h>
#include <string.h>

typedef struct
{
  SoupSession      *http;
  BnHome           *home;
  const BnIdentity *me;
  const BnHood     *hood;
  guint8            server[BN_PUBLIC_KEY_LEN];
  const char       *address;
} Hostile;

static guint
send_message (Hostile *h, SoupMessage *msg, const BnIdentity *as, GBytes **answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (h->http, msg, NULL, &error);

  if (body == NULL)
    {
      g_print ("transport-error: %s\n", error->message);
      return 0;
    }
  if (answer != NULL && soup_message_get_status (msg) == SOUP_STATUS_OK)
    *answer = bn_sync_response_open (as, bn_home_get_store (h->home), msg, body, NULL, NULL);
  else if (answer != NULL)
    *answer = g_bytes_ref (body);
  return soup_message_get_status (msg);
}

/* A request signed by @as (the member, a stranger), addressed to the server. */
static guint
request_as (Hostile *h, const BnIdentity *as, const char *method, const char *path,
            GBytes *plain, GBytes **answer)
{
  g_autoptr(SoupMessage) msg = bn_sync_request_new (as, h->address, method, path, h->server,
                                                    plain, NULL);
  return send_message (h, msg, as, answer);
}

static guint
request (Hostile *h, const char *method, const char *path, GBytes *plain, GBytes **answer)
{
  return request_as (h, h->me, method, path, plain, answer);
}

/* Pushes frames; returns the server's "added" count, or -1 when not 200. */
static int
push (Hostile *h, GPtrArray *entries, gssize cut)
{
  g_autoptr(GByteArray) frames = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint status;

  for (guint i = 0; i < entries->len; i++)
    bn_entry_write_frame (g_ptr_array_index (entries, i), frames);
  if (cut > 0)
    g_byte_array_set_size (frames, frames->len - cut);
  body = g_bytes_new (frames->data, frames->len);
  status = request (h, SOUP_METHOD_POST, "/v2/push", body, &answer);
  g_print ("push-status: %u\n", status);
  if (status != SOUP_STATUS_OK || answer == NULL || g_bytes_get_size (answer) != 12)
    return -1;
  g_print ("added: %u\nknown: %u\nrefused: %u\n",
           bn_get_u32 (g_bytes_get_data (answer, NULL)),
           bn_get_u32 ((const guint8 *) g_bytes_get_data (answer, NULL) + 4),
           bn_get_u32 ((const guint8 *) g_bytes_get_data (answer, NULL) + 8));
  return (int) bn_get_u32 (g_bytes_get_data (answer, NULL));
}

static BnEntry *
make_entry (Hostile *h, const BnIdentity *author, guint64 seq, const guint8 *backlink,
            const char *title)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GBytes) payload = NULL;

  json_object_set_string_member (object, "type", "post");
  json_object_set_string_member (object, "kind", "request");
  json_object_set_string_member (object, "category", "errands");
  json_object_set_string_member (object, "title", title);
  payload = bn_payload_encrypt (bn_keyring_get_legacy ((h->hood)->keys), author->public_key, seq, object, NULL, NULL);
  return bn_entry_new_signed (author, BN_ENTRY_VERSION, seq, backlink, g_get_real_time () / 1000, payload);
}

/* An author's first @n entries, honest. */
static GPtrArray *
make_log (Hostile *h, const BnIdentity *author, guint n, const char *title)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  const guint8 *link = h->hood->anchor;

  for (guint i = 1; i <= n; i++)
    {
      BnEntry *entry = make_entry (h, author, i, link, title);
      g_ptr_array_add (entries, entry);
      link = entry->id;
    }
  return entries;
}

static BnEntry *
tamper (const BnEntry *entry, gsize offset)
{
  guint8 raw[BN_HEADER_LEN];

  memcpy (raw, entry->raw, BN_HEADER_LEN);
  raw[offset] ^= 0x5a;
  return bn_entry_new_from_header (raw, BN_HEADER_LEN, entry->payload, NULL);
}

static gboolean
scenario_honest (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) entries = make_log (h, me, 3, "An honest post from the test client");
  return push (h, entries, 0) == 3;
}

static gboolean
scenario_truncated (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) entries = make_log (h, me, 1, "Cut short");
  return push (h, entries, 17) == 0;
}

static gboolean
scenario_bad_signature (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) honest = make_log (h, me, 3, "Forged signature");
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  g_ptr_array_add (bad, bn_entry_ref (g_ptr_array_index (honest, 0)));
  g_ptr_array_add (bad, bn_entry_ref (g_ptr_array_index (honest, 1)));
  g_ptr_array_add (bad, tamper (g_ptr_array_index (honest, 2), BN_HEADER_OFF_SIGNATURE + 3));
  /* Entries 1 and 2 are honest and may be kept; the forged third must not be. */
  return push (h, bad, 0) == 2;
}

static gboolean
scenario_broken_chain (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  guint8 random_link[BN_HASH_LEN];
  BnEntry *first = make_entry (h, me, 1, h->hood->anchor, "Chain start");

  randombytes_buf (random_link, sizeof random_link);
  g_ptr_array_add (entries, first);
  g_ptr_array_add (entries, make_entry (h, me, 2, random_link, "Chain broken"));
  g_ptr_array_add (entries, make_entry (h, me, 3, ((BnEntry *) g_ptr_array_index (entries, 1))->id,
                                        "After the break"));
  return push (h, entries, 0) == 1;
}

static gboolean
scenario_fork (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) log = make_log (h, me, 2, "Before the fork");
  g_autoptr(GPtrArray) fork = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnEntry *first = g_ptr_array_index (log, 0), *second = g_ptr_array_index (log, 1);

  if (push (h, log, 0) != 2)
    return FALSE;
  g_ptr_array_add (fork, make_entry (h, me, 2, first->id, "The other number two"));
  g_ptr_array_add (after, make_entry (h, me, 3, second->id, "After the fork"));
  return push (h, fork, 0) == 0 && push (h, after, 0) == 0;
}

static gboolean
scenario_bad_payload (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) log = make_log (h, me, 1, "Payload swapped");
  BnEntry *entry = g_ptr_array_index (log, 0);
  g_autoptr(GByteArray) other = g_byte_array_new ();
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GBytes) payload = NULL;

  g_byte_array_append (other, g_bytes_get_data (entry->payload, NULL), g_bytes_get_size (entry->payload));
  other->data[other->len / 2] ^= 1;
  payload = g_bytes_new (other->data, other->len);
  g_ptr_array_add (bad, bn_entry_new_from_header (entry->raw, BN_HEADER_LEN, payload, NULL));
  return push (h, bad, 0) == 0;
}

static gboolean
scenario_foreign (Hostile *h)
{
  g_autoptr(BnHood) elsewhere = bn_hood_new_random ("Elders", NULL);
  g_autoptr(GPtrArray) entries = bn_testgen_make_foreign_logs (elsewhere, 2, 3);
  return push (h, entries, 0) == 0;
}

static gboolean
scenario_oversized (Hostile *h)
{
  g_autoptr(BnIdentity) me = bn_identity_new_random ();
  g_autoptr(GPtrArray) log = make_log (h, me, 1, "Too big");
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnEntry *entry = g_ptr_array_index (log, 0);
  guint8 raw[BN_HEADER_LEN];
  g_autofree guint8 *huge = g_malloc0 (BN_LIMIT_PUSH_BODY + 4096);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&huge), BN_LIMIT_PUSH_BODY + 4096);
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  g_autoptr(GBytes) frame_bytes = NULL;
  guint8 flags = BN_FRAME_HAS_PAYLOAD;
  guint status;

  /* A frame whose header claims a payload over 64 KiB. */
  memcpy (raw, entry->raw, BN_HEADER_LEN);
  bn_put_u32 (raw + BN_HEADER_OFF_PAYLOAD_LEN, BN_PAYLOAD_MAX + 1);
  g_byte_array_append (frame, &flags, 1);
  g_byte_array_append (frame, raw, BN_HEADER_LEN);
  g_byte_array_set_size (frame, frame->len + BN_PAYLOAD_MAX + 1);
  frame_bytes = g_bytes_new (frame->data, frame->len);
  status = request (h, SOUP_METHOD_POST, "/v2/push", frame_bytes, NULL);
  g_print ("oversized-frame-status: %u\n", status);
  if (status != SOUP_STATUS_OK)
    return FALSE;
  /* A request body over the limit: refused before it is read into memory. */
  status = request (h, SOUP_METHOD_POST, "/v2/push", body, NULL);
  g_print ("oversized-request-status: %u\n", status);
  (void) bad;
  return status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE || status == 0;
}

/* The flood is a stranger's: bare requests without a key, each answered 401 once
 * it has taken its token, so that the server spends next to nothing on each and
 * what runs out is its budget for the address, not its speed (an authenticated
 * pull costs a busy sanitizer build more than the 5 ms the budget refills in).
 * It comes from a loopback address of its own, whose budget no other scenario
 * spent, FLOOD_THREADS requests at a time, each on its own connection. */
#define FLOOD_ADDRESS "127.0.0.42"
#define FLOOD_THREADS 16
#define FLOOD_MAX_REQUESTS 20000

typedef struct
{
  GSocketAddress *server;
  GSocketAddress *local;
  gint            sent, served, busy, other;
  gint            stop;
} Flood;

/* One request on a connection of its own, on a bare socket (a GSocketClient
 * would resolve and look for proxies every time); returns the status, or 0. */
static guint
flood_one (Flood *flood)
{
  static const char request[] = "GET /v2/heads HTTP/1.1\r\nHost: buurtnet\r\n\r\n";
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  char answer[16] = { 0 };
  gsize got = 0;
  gssize n = 0;

  if (socket == NULL || !g_socket_bind (socket, flood->local, FALSE, NULL)
      || !g_socket_connect (socket, flood->server, NULL, NULL)
      || g_socket_send (socket, request, sizeof request - 1, NULL, NULL) != sizeof request - 1)
    return 0;
  while (got < 12 && (n = g_socket_receive (socket, answer + got, 12 - got, NULL, NULL)) > 0)
    got += (gsize) n;
  g_socket_close (socket, NULL);
  if (got != 12 || !g_str_has_prefix (answer, "HTTP/1.1 "))
    return 0;
  return (guint) g_ascii_strtoull (answer + 9, NULL, 10);
}

static gpointer
flood_thread (gpointer data)
{
  Flood *flood = data;

  while (!g_atomic_int_get (&flood->stop)
         && g_atomic_int_add (&flood->sent, 1) < FLOOD_MAX_REQUESTS)
    {
      guint status = flood_one (flood);

      if (status == SOUP_STATUS_UNAUTHORIZED)
        g_atomic_int_inc (&flood->served);
      else if (status == BN_HTTP_TOO_MANY_REQUESTS)
        g_atomic_int_inc (&flood->busy);
      else
        g_atomic_int_inc (&flood->other);
    }
  return NULL;
}

static guint
pull_status (Hostile *h, SoupSession *http)
{
  g_autoptr(GBytes) wants = g_bytes_new_static ("\0\0\0\0", 4);   /* no wants at all */
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, SOUP_METHOD_POST,
                                                    "/v2/pull", h->server, wants, NULL);
  GBytes *body = soup_session_send_and_read (http, msg, NULL, NULL);

  g_clear_pointer (&body, g_bytes_unref);
  return soup_message_get_status (msg);
}

/* After the flood, the flooding address is slowed down, not shut out: its
 * budget refills within moments. */
static gboolean
served_again_soon (Hostile *h)
{
  g_autoptr(GInetSocketAddress) local = G_INET_SOCKET_ADDRESS (
      g_inet_socket_address_new_from_string (FLOOD_ADDRESS, 0));
  g_autoptr(SoupSession) http = soup_session_new_with_options ("local-address", local,
                                                               "timeout", 30,
                                                               "proxy-resolver", NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint status;

  while ((status = pull_status (h, http)) == BN_HTTP_TOO_MANY_REQUESTS
         && g_get_monotonic_time () < deadline)
    g_usleep (G_USEC_PER_SEC / 20);
  g_print ("flooding-address-afterwards: %u\n", status);
  return status == SOUP_STATUS_OK;
}

/* What the token bucket promises, whatever the speed of either side: a fresh
 * address gets its whole burst (BN_LIMIT_REQUEST_BURST requests), and from then on
 * no more than the refill since its first request; the flood meets 429 within a
 * bounded number of requests, while a neighbour at another address is served. */
static gboolean
scenario_flood (Hostile *h)
{
  g_autoptr(GSocketConnectable) server = g_network_address_parse (h->address, 0, NULL);
  g_autoptr(GSocketAddressEnumerator) addresses = g_socket_connectable_enumerate (server);
  g_autoptr(GSocketAddress) server_address =
    g_socket_address_enumerator_next (addresses, NULL, NULL);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new_from_string (FLOOD_ADDRESS, 0);
  Flood flood = { .server = server_address, .local = local };
  GThread *threads[FLOOD_THREADS];
  gint64 started = g_get_monotonic_time ();
  guint other_address = 0;
  gboolean refused = FALSE;
  double seconds, allowed;

  for (guint i = 0; i < FLOOD_THREADS; i++)
    threads[i] = g_thread_new ("flood", flood_thread, &flood);
  /* The member asks while the flood is being refused, then the flood stops. */
  while (!(refused = g_atomic_int_get (&flood.busy) > 0)
         && g_atomic_int_get (&flood.sent) < FLOOD_MAX_REQUESTS)
    g_usleep (1000);
  if (refused)
    other_address = pull_status (h, h->http);
  g_atomic_int_set (&flood.stop, TRUE);
  for (guint i = 0; i < FLOOD_THREADS; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  allowed = BN_LIMIT_REQUEST_BURST + BN_LIMIT_REQUESTS_PER_SECOND * seconds + 1;

  g_print ("flood-served: %d\nflood-429: %d\nflood-other: %d\nflood-seconds: %.2f\n"
           "flood-served-at-most: %.0f\nother-address-during-flood: %u\n",
           flood.served, flood.busy, flood.other, seconds, allowed, other_address);
  if (!refused)
    g_print ("no 429 in %d requests: the server answered %.0f requests/s, below its "
             "limit of %d/s\n", FLOOD_MAX_REQUESTS, flood.served / seconds,
             BN_LIMIT_REQUESTS_PER_SECOND);
  return refused && flood.other == 0
         && flood.served >= BN_LIMIT_REQUEST_BURST && flood.served <= allowed
         && other_address == SOUP_STATUS_OK && served_again_soon (h);
}

static gboolean
bare_401 (SoupMessage *msg, guint status, GBytes *answer)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  return status == SOUP_STATUS_UNAUTHORIZED && (answer == NULL || g_bytes_get_size (answer) == 0)
         && soup_message_headers_get_one (headers, BN_WIRE_HEADER_PEER) == NULL
         && soup_message_headers_get_one (headers, BN_WIRE_HEADER_SIG) == NULL;
}

static gboolean
expect_bare_401 (Hostile *h, const BnIdentity *as, const char *method, const char *path)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) body = method == SOUP_METHOD_POST ? g_bytes_new_static ("x", 1) : NULL;
  g_autoptr(SoupMessage) msg = bn_sync_request_new (as, h->address, method, path, h->server,
                                                    body, NULL);
  guint status = send_message (h, msg, as, &answer);

  g_print ("%s %s: %u (%zu bytes)\n", method, path, status,
           answer ? g_bytes_get_size (answer) : 0);
  return bare_401 (msg, status, answer);
}

/* Signed by an identity that is on nobody's roster: 401 everywhere. */
static gboolean
scenario_not_member (Hostile *h)
{
  g_autoptr(BnIdentity) stranger = bn_identity_new_random ();
  gboolean all = TRUE;
  const char *paths[][2] = { { "GET", "/v2/heads" }, { "POST", "/v2/pull" },
                             { "POST", "/v2/push" }, { "GET", "/v2/events" },
                             { "GET", "/" }, { "GET", "/v2/nothing" }, { "GET", "/v1/heads" } };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    all &= expect_bare_401 (h, stranger, g_intern_string (paths[i][0]), paths[i][1]);
  return all;
}

static gboolean
scenario_no_auth (Hostile *h)
{
  g_autofree char *uri = g_strdup_printf ("http://%s/v2/heads", h->address);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = soup_session_send_and_read (h->http, msg, NULL, NULL);

  g_print ("no-auth: %u (%zu bytes)\n", soup_message_get_status (msg),
           body ? g_bytes_get_size (body) : 0);
  return bare_401 (msg, soup_message_get_status (msg), body);
}

static SoupMessage *
copy_of (Hostile *h, SoupMessage *from_msg, const char *path)
{
  g_autofree char *uri = g_strdup_printf ("http://%s%s", h->address, path);
  SoupMessage *again = soup_message_new (soup_message_get_method (from_msg), uri);
  SoupMessageHeaders *from = soup_message_get_request_headers (from_msg);
  SoupMessageHeaders *to = soup_message_get_request_headers (again);

  for (const char *const *name = (const char *[]) { BN_WIRE_HEADER_PEER, BN_WIRE_HEADER_TO,
                                                     BN_WIRE_HEADER_TIME, BN_WIRE_HEADER_NONCE,
                                                     BN_WIRE_HEADER_SIG, NULL }; *name; name++)
    if (soup_message_headers_get_one (from, *name) != NULL)
      soup_message_headers_replace (to, *name, soup_message_headers_get_one (from, *name));
  return again;
}

static gboolean
scenario_replay (Hostile *h)
{
  g_autoptr(SoupMessage) first = bn_sync_request_new (h->me, h->address, "GET", "/v2/heads",
                                                      h->server, NULL, NULL);
  g_autoptr(SoupMessage) again = copy_of (h, first, "/v2/heads");
  guint a = send_message (h, first, h->me, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint b = send_message (h, again, h->me, &answer);

  g_print ("first: %u\nreplayed: %u\n", a, b);
  return a == SOUP_STATUS_OK && bare_401 (again, b, answer);
}

/* A well-signed request whose body does not open with the key of the pair. */
static gboolean
scenario_bad_aead (Hostile *h)
{
  g_autoptr(GBytes) wants = g_bytes_new_static ("\0\0\0\0", 4);
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, "POST", "/v2/pull",
                                                    h->server, wants, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint8 junk[4 + BN_WIRE_TAG_LEN];
  guint status;

  /* As long as the sealed body it replaces, so that the signature still holds. */
  randombytes_buf (junk, sizeof junk);
  {
    g_autoptr(GBytes) bad = g_bytes_new (junk, sizeof junk);
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", bad);
  }
  status = send_message (h, msg, h->me, &answer);
  g_print ("bad-aead: %u\n", status);
  return bare_401 (msg, status, answer);
}

/* Signed for another neighbour (Bn-To someone else): 401. */
static gboolean
scenario_wrong_to (Hostile *h)
{
  g_autoptr(BnIdentity) other = bn_identity_new_random ();
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, "GET", "/v2/heads",
                                                    other->public_key, NULL, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint status = send_message (h, msg, h->me, &answer);

  g_print ("wrong-to: %u\n", status);
  return bare_401 (msg, status, answer);
}

/* A fresh identity that the member lending us its data directory admits (an
 * invite and an admission in its log, pushed to the server first), so the
 * server folds what it writes. */
static BnIdentity *
admitted_identity (Hostile *h)
{
  BnIdentity *newcomer = bn_identity_new_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = bn_home_create_invite (h->home, 1, BN_INVITE_DEFAULT_MS, &error);
  g_autoptr(BnInviteCode) code = text ? bn_invite_code_parse (text, NULL) : NULL;
  g_autoptr(BnJoinRequest) request = code ? bn_join_request_new (code, newcomer->public_key, "Newcomer", NULL) : NULL;
  g_autoptr(GBytes) bytes = request ? bn_join_request_encode (request) : NULL;
  g_autoptr(GBytes) welcome = bytes ? bn_home_admit (h->home, bytes, NULL, &error) : NULL;
  g_autoptr(GPtrArray) roster = NULL;

  if (welcome == NULL)
    g_error ("could not admit a newcomer: %s", error ? error->message : "?");
  roster = bn_store_get_entries_after (bn_home_get_store (h->home), h->me->public_key, 0, G_MAXUINT);
  push (h, roster, 0);
  return newcomer;
}

/* Issue 9 (a): a header pushed alone, then the whole entry: the payload is
 * filled in (added both times), and the post shows (checked by the script). */
static gboolean
scenario_header_only (Hostile *h)
{
  g_autoptr(BnIdentity) me = admitted_identity (h);
  g_autoptr(GPtrArray) honest = make_log (h, me, 1, "Filled in after a bare header");
  g_autoptr(GPtrArray) bare = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  g_ptr_array_add (bare, bn_entry_without_payload (g_ptr_array_index (honest, 0)));
  return push (h, bare, 0) == 1 && push (h, honest, 0) == 1;
}

/* Issue 9 (b): [good, bad, good] answers 2 added, 1 refused. */
static gboolean
scenario_bad_frame (Hostile *h)
{
  g_autoptr(BnIdentity) a = bn_identity_new_random ();
  g_autoptr(BnIdentity) b = bn_identity_new_random ();
  g_autoptr(GPtrArray) first = make_log (h, a, 1, "Before the bad frame");
  g_autoptr(GPtrArray) second = make_log (h, b, 1, "After the bad frame");
  g_autoptr(GByteArray) frames = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  gsize bad_at;
  guint status;
  const guint8 *counts;

  bn_entry_write_frame (g_ptr_array_index (first, 0), frames);
  bad_at = frames->len;
  bn_entry_write_frame (g_ptr_array_index (second, 0), frames);
  frames->data[bad_at + 1] = 9;     /* an entry version nobody knows */
  bn_entry_write_frame (g_ptr_array_index (second, 0), frames);
  body = g_bytes_new (frames->data, frames->len);
  status = request (h, SOUP_METHOD_POST, "/v2/push", body, &answer);
  if (status != SOUP_STATUS_OK || answer == NULL || g_bytes_get_size (answer) != 12)
    return FALSE;
  counts = g_bytes_get_data (answer, NULL);
  g_print ("added: %u\nrefused: %u\n", bn_get_u32 (counts), bn_get_u32 (counts + 8));
  return bn_get_u32 (counts) == 2 && bn_get_u32 (counts + 8) == 1;
}

static gboolean
scenario_bad_pull (Hostile *h)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("not a list of wants", 19);
  guint status = request (h, SOUP_METHOD_POST, "/v2/pull", junk, NULL);

  g_print ("bad-pull: %u\n", status);
  return status == SOUP_STATUS_BAD_REQUEST;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   closed;
  SoupWebsocketConnection *ws;
} LiveState;

static void
live_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LiveState *state = user_data;

  state->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, NULL);
  g_main_loop_quit (state->loop);
}

static void
live_closed (SoupWebsocketConnection *ws, LiveState *state)
{
  state->closed = TRUE;
  g_main_loop_quit (state->loop);
}

static gboolean
stop_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Right key for the upgrade, then garbage on the link: the server hangs up. */
static gboolean
scenario_live_garbage (Hostile *h)
{
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, "GET", "/v2/events",
                                                    h->server, NULL, NULL);
  LiveState state = { g_main_loop_new (NULL, FALSE), FALSE, NULL };
  guint8 junk[100];

  soup_session_websocket_connect_async (h->http, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        live_connected, &state);
  g_main_loop_run (state.loop);
  if (state.ws == NULL)
    return FALSE;
  g_signal_connect (state.ws, "closed", G_CALLBACK (live_closed), &state);
  randombytes_buf (junk, sizeof junk);
  soup_websocket_connection_send_binary (state.ws, junk, sizeof junk);
  g_timeout_add_seconds (5, stop_loop, state.loop);
  g_main_loop_run (state.loop);
  g_print ("live-closed: %s\n", state.closed ? "yes" : "no");
  g_clear_object (&state.ws);
  g_main_loop_unref (state.loop);
  return state.closed;
}

static void
append_header (const char *name, const char *value, gpointer user_data)
{
  g_string_append_printf (user_data, "%s: %s\r\n", name, value);
}

/* A member's push whose body stops half-way and never comes: the server gives
 * up after its idle timeout and closes the connection (which we wait for, up
 * to a minute). Nothing of it is stored. */
static gboolean
scenario_stalled_body (Hostile *h)
{
  gsize length = 1024 * 1024;
  g_autoptr(GBytes) plain = g_bytes_new_take (g_malloc0 (length), length);
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, "POST", "/v2/push",
                                                    h->server, plain, NULL);
  g_autoptr(GString) head = g_string_new ("POST /v2/push HTTP/1.1\r\nHost: buurtnet\r\n");
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *half = g_malloc0 (length / 2);
  GOutputStream *out;
  GInputStream *in;
  char byte;
  gssize got;
  gint64 started;

  soup_message_headers_foreach (soup_message_get_request_headers (msg), append_header, head);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          length + BN_WIRE_TAG_LEN);
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, h->address, 0, NULL, &error);
  if (connection == NULL)
    {
      g_print ("connect: %s\n", error->message);
      return FALSE;
    }
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  if (!g_output_stream_write_all (out, head->str, head->len, NULL, NULL, &error)
      || !g_output_stream_write_all (out, half, length / 2, NULL, NULL, &error))
    {
      g_print ("write: %s\n", error->message);
      return FALSE;
    }
  started = g_get_monotonic_time ();
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 60);
  got = g_input_stream_read (in, &byte, 1, NULL, &error);
  g_print ("stalled-body: the server %s after %.1f s\n",
           got == 0 ? "closed the connection" : got > 0 ? "answered" : "did not close it",
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return got == 0 || (got < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ready;
  gboolean   heard;
} PeersState;

static void
peers_link_ready (BnLink *link, PeersState *state)
{
  state->ready = TRUE;
  g_main_loop_quit (state->loop);
}

static void
peers_link_closed (BnLink *link, PeersState *state)
{
  g_main_loop_quit (state->loop);
}

static gboolean
peers_waited (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Over a live link, a member passes on the addresses in $BN_HOSTILE_PEERS (a
 * space between them) as neighbours found on its LAN. The test checks which of
 * them the server calls. The link announces $BN_HOSTILE_PORT as the port we
 * listen on: the peer lists of a link from a peer that does not listen (port 0)
 * are not even read. */
static gboolean
scenario_live_peers (Hostile *h)
{
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, "GET", "/v2/events",
                                                    h->server, NULL, NULL);
  g_auto(GStrv) addresses = g_strsplit (g_getenv ("BN_HOSTILE_PEERS") ? g_getenv ("BN_HOSTILE_PEERS") : "",
                                        " ", -1);
  LiveState live = { g_main_loop_new (NULL, FALSE), FALSE, NULL };
  PeersState state = { live.loop, FALSE, FALSE };
  g_autoptr(BnLink) link = NULL;
  guint8 nonce[BN_WIRE_NONCE_LEN];
  BnPairKeys keys;

  soup_session_websocket_connect_async (h->http, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        live_connected, &live);
  g_main_loop_run (live.loop);
  if (live.ws == NULL
      || !bn_wire_parse_nonce (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                             BN_WIRE_HEADER_NONCE), nonce)
      || !bn_wire_pair_keys (&keys, h->me, h->server, TRUE))
    return FALSE;
  link = bn_link_new (live.ws, &keys, nonce, TRUE, h->server,
                      (guint16) atoi (g_getenv ("BN_HOSTILE_PORT") ? g_getenv ("BN_HOSTILE_PORT") : "0"),
                      "server");
  g_signal_connect (link, "ready", G_CALLBACK (peers_link_ready), &state);
  g_signal_connect (link, "closed", G_CALLBACK (peers_link_closed), &state);
  g_main_loop_run (live.loop);
  if (!state.ready)
    return FALSE;
  bn_link_send_peers (link, (const char *const *) addresses);
  /* Let the message go out before we hang up (the server handles it on arrival). */
  g_timeout_add_seconds (1, peers_waited, live.loop);
  g_main_loop_run (live.loop);
  g_print ("live-peers: sent %u addresses\n", g_strv_length (addresses));
  bn_link_close (link);
  g_clear_object (&live.ws);
  g_main_loop_unref (live.loop);
  return TRUE;
}

/* As a server: a neighbour's machine gone bad answers a sync. */
static void
serve_bad_answer (SoupServer *server, SoupServerMessage *msg, const char *path,
                  GHashTable *query, gpointer user_data)
{
  const char *how = user_data;

  if (g_str_equal (how, "huge"))
    {
      /* Announces (and starts sending) 64 MiB: the client must stop at the headers. */
      gsize len = 64 * 1024 * 1024;
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_TAKE,
                                        g_malloc0 (len), len);
    }
  else
    {
      /* A well-formed, well-signed answer (an empty list of heads) from an identity
       * that is on nobody's roster. */
      static BnIdentity *stranger;
      SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      guint8 client[BN_PUBLIC_KEY_LEN], nonce[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN];
      g_autofree char *peer = NULL, *text = NULL, *nonce_hex = bn_wire_new_nonce ();
      g_autofree char *sig_hex = NULL;
      g_autoptr(GBytes) plain = g_bytes_new (NULL, 0);
      g_autoptr(GBytes) sealed = NULL;
      BnPairKeys keys;

      if (stranger == NULL)
        stranger = bn_identity_new_random ();
      peer = bn_peer_id_from_key (stranger->public_key);
      if (!bn_sync_peer_key_from_id (soup_message_headers_get_one (request, BN_WIRE_HEADER_PEER),
                                     client)
          || !bn_wire_pair_keys (&keys, stranger, client, FALSE))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          return;
        }
      bn_wire_parse_nonce (nonce_hex, nonce);
      text = bn_wire_response_text (SOUP_STATUS_OK,
                                    soup_message_headers_get_one (request, BN_WIRE_HEADER_NONCE),
                                    peer, "1", nonce_hex, NULL, BN_WIRE_TAG_LEN);
      bn_wire_sign (stranger, text, sig);
      sig_hex = bn_hex_encode (sig, sizeof sig);
      sealed = bn_wire_seal_body (keys.response_body, nonce, sig, plain);
      soup_message_headers_replace (headers, BN_WIRE_HEADER_PEER, peer);
      soup_message_headers_replace (headers, BN_WIRE_HEADER_TIME, "1");
      soup_message_headers_replace (headers, BN_WIRE_HEADER_NONCE, nonce_hex);
      soup_message_headers_replace (headers, BN_WIRE_HEADER_SIG, sig_hex);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static int
run_bad_server (const char *port, const char *how)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  soup_server_add_handler (server, NULL, serve_bad_answer, (gpointer) how, NULL);
  if (!soup_server_listen_local (server, atoi (port), SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bn-hostile-peer: %s\n", error->message);
      return 2;
    }
  {
    g_autoslist(GUri) uris = soup_server_get_uris (server);
    g_print ("listening %d\n", uris != NULL ? g_uri_get_port (uris->data) : 0);
  }
  g_main_loop_run (loop);
  return 0;
}

static const struct
{
  const char *name;
  gboolean  (*run) (Hostile *h);
} scenarios[] = {
  { "honest", scenario_honest },
  { "truncated", scenario_truncated },
  { "bad-signature", scenario_bad_signature },
  { "broken-chain", scenario_broken_chain },
  { "fork", scenario_fork },
  { "bad-payload", scenario_bad_payload },
  { "foreign", scenario_foreign },
  { "oversized", scenario_oversized },
  { "flood", scenario_flood },
  { "not-member", scenario_not_member },
  { "no-auth", scenario_no_auth },
  { "replay", scenario_replay },
  { "bad-aead", scenario_bad_aead },
  { "wrong-to", scenario_wrong_to },
  { "header-only", scenario_header_only },
  { "bad-frame", scenario_bad_frame },
  { "bad-pull", scenario_bad_pull },
  { "live-garbage", scenario_live_garbage },
  { "stalled-body", scenario_stalled_body },
  { "live-peers", scenario_live_peers },
};

/* Who answers at the address: a signed GET /v2/heads without Bn-To says. */
static gboolean
learn_server (Hostile *h)
{
  g_autoptr(SoupMessage) msg = bn_sync_request_new (h->me, h->address, "GET", "/v2/heads",
                                                    NULL, NULL, NULL);
  g_autoptr(GBytes) body = soup_session_send_and_read (h->http, msg, NULL, NULL);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    plain = bn_sync_response_open (h->me, bn_home_get_store (h->home), msg, body, h->server,
                                   &error);
  if (plain == NULL)
    g_printerr ("bn-hostile-peer: the server did not answer as a member: %s\n",
                error ? error->message : "no answer");
  return plain != NULL;
}

int
main (int argc, char **argv)
{
  Hostile h = { 0 };
  g_autoptr(GError) error = NULL;

  if (argc == 3 && (g_str_equal (argv[1], "serve-huge") || g_str_equal (argv[1], "serve-stranger")))
    {
      bn_crypto_init ();
      return run_bad_server (argv[2], argv[1] + strlen ("serve-"));
    }
  if (argc != 4)
    {
      g_printerr ("usage: bn-hostile-peer DATA_DIR HOST:PORT SCENARIO\n"
                  "       bn-hostile-peer serve-huge|serve-stranger PORT\n");
      return 2;
    }
  if (!bn_crypto_init () || (h.home = bn_home_open (argv[1], FALSE, &error)) == NULL)
    {
      g_printerr ("bn-hostile-peer: %s\n", error ? error->message : "libsodium failed");
      return 2;
    }
  h.me = bn_home_get_identity (h.home);
  h.hood = bn_home_get_hood (h.home);
  h.address = argv[2];
  /* Like the product (bn-sync-node.c): no system proxy between neighbours. */
  h.http = soup_session_new_with_options ("timeout", 30, "proxy-resolver", NULL, NULL);
  /* A stranger is not told who answers there: it addresses someone at random. */
  if (!learn_server (&h))
    {
      g_autoptr(BnIdentity) anyone = bn_identity_new_random ();
      memcpy (h.server, anyone->public_key, BN_PUBLIC_KEY_LEN);
    }
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (g_str_equal (scenarios[i].name, argv[3]))
      {
        gboolean ok = scenarios[i].run (&h);
        g_print ("verdict: %s\n", ok ? "as expected" : "UNEXPECTED");
        g_object_unref (h.http);
        g_object_unref (h.home);
        return ok ? 0 : 1;
      }
  g_printerr ("bn-hostile-peer: no scenario “%s”\n", argv[3]);
  return 2;
}
