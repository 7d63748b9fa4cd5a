/* bn-sync-request.c — authenticated requests and checked answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-request.h"
#include "bn-admission.h"
#include "bn-limits.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>
#include <net/if.h>
#include <string.h>

/**
 * bn_sync_parse_address:
 * @address: "host:port" (an IPv4 address or a name; "[v6]:port" for IPv6)
 */
gboolean
bn_sync_parse_address (const char  *address,
                       char       **host,
                       guint16     *port,
                       GError     **error)
{
  const char *colon = address != NULL ? strrchr (address, ':') : NULL;
  guint64 value = 0;
  g_autofree char *name = NULL;

  if (colon == NULL || colon == address
      || !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &value, NULL))
    {
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_ADDRESS,
                   _("“%s” is not a neighbour’s address; write it as host:port, "
                     "for example 192.168.1.20:%d"), address ? address : "",
                   BN_SYNC_DEFAULT_PORT);
      return FALSE;
    }
  name = g_strndup (address, colon - address);
  if (name[0] == '[' && name[strlen (name) - 1] == ']')
    {
      char *inner = g_strndup (name + 1, strlen (name) - 2);
      g_free (name);
      name = inner;
    }
  if (host != NULL)
    *host = g_steal_pointer (&name);
  if (port != NULL)
    *port = (guint16) value;
  return TRUE;
}

/**
 * bn_sync_address_normalize:
 * @typed: a neighbour's network address as a person typed it: "host:port",
 *   "[v6]:port", or an IP address without the port ("192.168.1.20", "fe80::1",
 *   "[fe80::1]")
 *
 * The address as the rest of the network layer keeps it, "host:port" or
 * "[v6]:port", with Buurtnet's port (7447) when none was given: most neighbours
 * listen on it, and a person reading an address off another screen rarely
 * copies the port.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with @error set
 *   to a sentence that says how to write it
 */
char *
bn_sync_address_normalize (const char  *typed,
                           GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  gsize len = strlen (trimmed);

  /* A bare IP address first: "fe80::1" would otherwise read as host "fe80:", port 1. */
  if (g_hostname_is_ip_address (trimmed))
    return g_strdup_printf (strchr (trimmed, ':') != NULL ? "[%s]:%d" : "%s:%d",
                            trimmed, BN_SYNC_DEFAULT_PORT);
  if (bn_sync_parse_address (trimmed, NULL, NULL, NULL))
    return g_steal_pointer (&trimmed);
  if (len > 2 && trimmed[0] == '[' && strchr (trimmed, ']') == trimmed + len - 1)
    {
      g_autofree char *inner = g_strndup (trimmed + 1, len - 2);
      if (g_hostname_is_ip_address (inner))
        return g_strdup_printf ("%s:%d", trimmed, BN_SYNC_DEFAULT_PORT);
    }
  g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_ADDRESS,
               _("“%s” is not a neighbour’s network address; write their IP address, for "
                 "example 192.168.1.20, or host:port when they use another port than %d"),
               trimmed, BN_SYNC_DEFAULT_PORT);
  return NULL;
}

/**
 * bn_sync_address_uri:
 * @address: "host:port" or "[v6]:port"; an IPv6 link-local address names its
 *   interface after a "%" ("[fe80::1%eth0]:7447")
 * @path: the request's path
 *
 * Returns: (transfer full): the http URI of @path at @address (the "%" of an
 *   interface written "%25", RFC 6874)
 */
char *
bn_sync_address_uri (const char *address,
                     const char *path)
{
  g_autofree char *escaped = NULL;
  const char *zone = address[0] == '[' ? strchr (address, '%') : NULL;

  if (zone == NULL)
    return g_strdup_printf ("http://%s%s", address, path);
  escaped = g_strdup_printf ("%.*s%%25%s", (int) (zone - address), address, zone + 1);
  return g_strdup_printf ("http://%s%s", escaped, path);
}

/* Returns: (transfer full): "host:port", or "[host]:port" for an IPv6 host */
char *
bn_sync_join_address (const char *host,
                      guint16     port)
{
  return strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                    : g_strdup_printf ("%s:%u", host, port);
}

/**
 * bn_sync_remote_host:
 * @remote: (nullable): the address a connection came from
 *
 * An IPv6 link-local address is one on every link at once: only with the
 * interface it came in on ("fe80::1%eth0") can it be called back, and tell two
 * neighbours on two links apart. Every other address is written as is.
 *
 * Returns: (transfer full) (nullable): the host of @remote, with "%interface"
 *   for an IPv6 link-local one; %NULL for an address that is not IP
 */
char *
bn_sync_remote_host (GSocketAddress *remote)
{
  GInetAddress *ip;
  g_autofree char *host = NULL;
  char name[IF_NAMESIZE];
  guint32 scope;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return NULL;
  ip = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  host = g_inet_address_to_string (ip);
  if (g_inet_address_get_family (ip) != G_SOCKET_FAMILY_IPV6
      || !g_inet_address_get_is_link_local (ip))
    return g_steal_pointer (&host);
  scope = g_inet_socket_address_get_scope_id (G_INET_SOCKET_ADDRESS (remote));
  if (scope == 0 || if_indextoname (scope, name) == NULL)
    return g_steal_pointer (&host);
  return g_strdup_printf ("%s%%%s", host, name);
}

gboolean
bn_sync_peer_key_from_id (const char *peer_id,
                          guint8      key[BN_PUBLIC_KEY_LEN])
{
  return peer_id != NULL && strlen (peer_id) == 52 && bn_peer_id_to_key (peer_id, key);
}

/**
 * bn_sync_request_new:
 * @to: (nullable): the server's public key, when we know who answers there;
 *   required with a body, which is sealed with the key of our pair
 * @plain: (nullable): the body before sealing
 * @if_none_match: (nullable): an ETag we hold (only with @to)
 *
 * Returns: (transfer full) (nullable): a message signed by @me, with its body
 *   sealed; %NULL for an address that is no URI
 */
SoupMessage *
bn_sync_request_new (const BnIdentity *me,
                     const char       *address,
                     const char       *method,
                     const char       *path,
                     const guint8     *to,
                     GBytes           *plain,
                     const char       *if_none_match)
{
  g_autofree char *uri = bn_sync_address_uri (address, path);
  g_autofree char *nonce = bn_wire_new_nonce ();
  g_autofree char *time = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *peer = bn_peer_id_from_key (me->public_key);
  g_autofree char *to_id = to != NULL ? bn_peer_id_from_key (to) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *sig_hex = NULL;
  g_autoptr(GBytes) sealed = NULL;
  guint8 raw_nonce[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN];
  gsize length = plain != NULL ? g_bytes_get_size (plain) + BN_WIRE_TAG_LEN : 0;
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (plain == NULL || to != NULL, NULL);
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    return NULL;
  bn_wire_parse_nonce (nonce, raw_nonce);
  text = bn_wire_request_text (method, path, peer, to_id, time, nonce, if_none_match, length);
  bn_wire_sign (me, text, sig);
  sig_hex = bn_hex_encode (sig, sizeof sig);
  if (plain != NULL)
    {
      BnPairKeys keys;

      if (!bn_wire_pair_keys (&keys, me, to, TRUE))
        {
          g_object_unref (msg);
          return NULL;
        }
      sealed = bn_wire_seal_body (keys.request_body, raw_nonce, sig, plain);
      sodium_memzero (&keys, sizeof keys);
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_PEER, peer);
  if (to_id != NULL)
    soup_message_headers_replace (headers, BN_WIRE_HEADER_TO, to_id);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_TIME, time);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_NONCE, nonce);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_SIG, sig_hex);
  if (if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", if_none_match);
  if (sealed != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", sealed);
  return msg;
}

/* A refusal carries the neighbour's Date (docs/sync-protocol.md §3.5). Returns
 * how far its clock is from ours, in seconds, when that is more than a request
 * may be off (our request was refused for our clock, as far as it can tell). */
static gboolean
clock_is_off (SoupMessage *msg, gint64 *offset_s)
{
  const char *date = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Date");
  g_autoptr(GDateTime) theirs = date != NULL ? soup_date_time_new_from_http_string (date) : NULL;

  if (theirs == NULL)
    return FALSE;
  *offset_s = g_date_time_to_unix (theirs) - g_get_real_time () / G_USEC_PER_SEC;
  /* The Date has whole seconds; one more keeps a clock just within the limit out. */
  return (ABS (*offset_s) - 1) * 1000 > BN_LIMIT_CLOCK_SKEW_MS;
}

static void
set_clock_error (gint64 offset_s, GError **error)
{
  gint64 minutes = (ABS (offset_s) + 30) / 60;

  if (offset_s > 0)
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_CLOCK,
                 g_dngettext (GETTEXT_PACKAGE,
                              "This neighbour’s clock is %d minute ahead of ours: set the right "
                              "date and time on both computers",
                              "This neighbour’s clock is %d minutes ahead of ours: set the right "
                              "date and time on both computers", minutes), (int) minutes);
  else
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_CLOCK,
                 g_dngettext (GETTEXT_PACKAGE,
                              "This neighbour’s clock is %d minute behind ours: set the right "
                              "date and time on both computers",
                              "This neighbour’s clock is %d minutes behind ours: set the right "
                              "date and time on both computers", minutes), (int) minutes);
}

/**
 * bn_sync_response_check_status:
 *
 * Returns: whether the answer's status is one we read (200, 304); otherwise
 *   @error says why in words (refused for our clock, not a member, busy, ...)
 */
gboolean
bn_sync_response_check_status (SoupMessage  *msg,
                               GError      **error)
{
  guint status = soup_message_get_status (msg);
  gint64 offset_s = 0;

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NOT_MODIFIED)
    return TRUE;
  if (status == SOUP_STATUS_UNAUTHORIZED && !g_object_get_data (G_OBJECT (msg), "bn-removed")
      && clock_is_off (msg, &offset_s))
    set_clock_error (offset_s, error);
  else if (status == SOUP_STATUS_UNAUTHORIZED && g_object_get_data (G_OBJECT (msg), "bn-removed"))
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_REMOVED,
                 _("This neighbour says we are no longer a member of the neighbourhood"));
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
                 _("This neighbour does not know us as a member of its neighbourhood (yet)"));
  else if (status == BN_HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_BUSY,
                 _("This neighbour is busy; we will try again later"));
  else
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                 _("The neighbour answered %u %s"), status,
                 soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
  return FALSE;
}

static gboolean
forged (GError **error)
{
  g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
               _("The answer is not signed by the neighbour we called"));
  return FALSE;
}

/* The answer's signature, made by the identity in its Bn-Peer (the one we
 * addressed with Bn-To, when we did), over this request's nonce. */
static gboolean
check_signature (SoupMessage *msg, gsize length, guint8 server[BN_PUBLIC_KEY_LEN],
                 guint8 nonce[BN_WIRE_NONCE_LEN], guint8 sig[BN_WIRE_SIG_LEN], GError **error)
{
  SoupMessageHeaders *request = soup_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *peer = soup_message_headers_get_one (headers, BN_WIRE_HEADER_PEER);
  const char *to = soup_message_headers_get_one (request, BN_WIRE_HEADER_TO);
  const char *nonce_hex = soup_message_headers_get_one (headers, BN_WIRE_HEADER_NONCE);
  const char *time = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TIME);
  g_autofree char *text = NULL;

  if (!bn_sync_peer_key_from_id (peer, server) || !bn_wire_parse_nonce (nonce_hex, nonce)
      || time == NULL
      || !bn_wire_parse_signature (soup_message_headers_get_one (headers, BN_WIRE_HEADER_SIG), sig)
      || (to != NULL && g_strcmp0 (to, peer) != 0))
    return forged (error);
  text = bn_wire_response_text (soup_message_get_status (msg),
                                soup_message_headers_get_one (request, BN_WIRE_HEADER_NONCE),
                                peer, time, nonce_hex,
                                soup_message_headers_get_one (headers, "ETag"), length);
  if (!bn_wire_verify (server, text, sig))
    return forged (error);
  return TRUE;
}

/**
 * bn_sync_response_open:
 * @store: our store, whose roster says who is a member
 * @sealed: (nullable): the response body as received
 * @server_key: (out caller-allocates) (optional): the answering identity
 *
 * Checks the status, the answer's signature (bound to our request's nonce),
 * that the answering identity is a member on our roster, and opens the body.
 *
 * Returns: (transfer full): the opened body (empty for 304)
 */
GBytes *
bn_sync_response_open (const BnIdentity  *me,
                       BnStore           *store,
                       SoupMessage       *msg,
                       GBytes            *sealed,
                       guint8            *server_key,
                       GError           **error)
{
  guint8 server[BN_PUBLIC_KEY_LEN], nonce[BN_WIRE_NONCE_LEN], sig[BN_WIRE_SIG_LEN];
  gsize length = sealed != NULL ? g_bytes_get_size (sealed) : 0;
  BnPairKeys keys;
  GBytes *plain;

  /* A peer that knows we were removed shows us the entries that say so. */
  if (soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED && length > 0
      && bn_store_take_removal_notice (store, sealed))
    g_object_set_data (G_OBJECT (msg), "bn-removed", GINT_TO_POINTER (TRUE));
  if (!bn_sync_response_check_status (msg, error)
      || !check_signature (msg, length, server, nonce, sig, error))
    return NULL;
  if (bn_store_get_member_status (store, server, NULL) != BN_MEMBER_ACTIVE)
    {
      g_autofree char *id = bn_peer_id_from_key (server);

      g_message ("Dropped an answer from %.8s…: not a member of this neighbourhood", id);
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
                   _("The neighbour who answered is not a member of this neighbourhood"));
      return NULL;
    }
  if (server_key != NULL)
    memcpy (server_key, server, BN_PUBLIC_KEY_LEN);
  if (length == 0 && soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    return g_bytes_new (NULL, 0);
  if (!bn_wire_pair_keys (&keys, me, server, TRUE))
    {
      forged (error);
      return NULL;
    }
  plain = bn_wire_open_body (keys.response_body, nonce, sig, sealed, error);
  sodium_memzero (&keys, sizeof keys);
  return plain;
}

typedef struct
{
  GCancellable *parent;
  gulong        handler;
} ParentLink;

static void
parent_link_free (ParentLink *link)
{
  if (link->parent != NULL)
    g_cancellable_disconnect (link->parent, link->handler);
  g_clear_object (&link->parent);
  g_free (link);
}

static void
cancel_child (GCancellable *parent, GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void
check_announced_size (SoupMessage *msg, gpointer user_data)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  goffset max = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "bn-max-answer"));
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding == SOUP_ENCODING_NONE)
    return;
  if (encoding != SOUP_ENCODING_CONTENT_LENGTH
      || soup_message_headers_get_content_length (headers) > max)
    {
      g_object_set_data (G_OBJECT (msg), "bn-too-large", GINT_TO_POINTER (1));
      g_cancellable_cancel (g_object_get_data (G_OBJECT (msg), "bn-cancellable"));
    }
}

/**
 * bn_sync_request_limit:
 * @parent: (nullable): cancels the request too
 *
 * Makes @msg's exchange stop as soon as the answer's headers announce a body over
 * @max bytes (or no length at all), before any of it is read into memory: a peer
 * with the key could otherwise make us buffer without end.
 *
 * Returns: (transfer none): the cancellable to send @msg with (owned by @msg)
 */
GCancellable *
bn_sync_request_limit (SoupMessage  *msg,
                       GCancellable *parent,
                       gsize         max)
{
  GCancellable *cancellable = g_cancellable_new ();
  ParentLink *link = g_new0 (ParentLink, 1);

  if (parent != NULL)
    {
      link->parent = g_object_ref (parent);
      link->handler = g_cancellable_connect (parent, G_CALLBACK (cancel_child),
                                             g_object_ref (cancellable), g_object_unref);
    }
  g_object_set_data_full (G_OBJECT (msg), "bn-parent-link", link, (GDestroyNotify) parent_link_free);
  g_object_set_data_full (G_OBJECT (msg), "bn-cancellable", cancellable, g_object_unref);
  g_object_set_data (G_OBJECT (msg), "bn-max-answer", GSIZE_TO_POINTER (max));
  g_signal_connect (msg, "got-headers", G_CALLBACK (check_announced_size), NULL);
  return cancellable;
}

gboolean
bn_sync_request_was_too_large (SoupMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "bn-too-large") != NULL;
}

/**
 * bn_sync_connect_error:
 * @error: why talking to @address failed, as GIO or libsoup says it
 * @address: "host:port"
 *
 * A failure to talk to the computer at @address at all, in the network
 * layer's words: %BN_NET_ERROR_REFUSED when it refused the connection (no
 * one listens on that port), %BN_NET_ERROR_UNREACHABLE for anything else (no
 * answer, no route, a name that does not resolve, a connection cut). The
 * message is the reason alone: whoever reports the failure names the address,
 * and GLib's "Could not connect to HOST: " is taken off the reason, so that a
 * line names it once ("Could not reach 127.0.0.1:7447 (3 tries): Connection
 * refused").
 *
 * Returns: (transfer full): a new error
 */
GError *
bn_sync_connect_error (const GError *error,
                       const char   *address)
{
  gboolean refused = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  const char *reason = error->message;
  g_autofree char *host = NULL;

  if (bn_sync_parse_address (address, &host, NULL, NULL))
    {
      /* (in GLib's own catalogue: the same words GSocketClient wrote) */
      g_autofree char *prefix = g_strdup_printf (g_dgettext ("glib20", "Could not connect to %s: "),
                                                 host);
      if (g_str_has_prefix (reason, prefix) && reason[strlen (prefix)] != '\0')
        reason += strlen (prefix);
    }
  return g_error_new_literal (BN_NET_ERROR, refused ? BN_NET_ERROR_REFUSED : BN_NET_ERROR_UNREACHABLE,
                              reason);
}
