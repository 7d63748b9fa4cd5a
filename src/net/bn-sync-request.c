/* bn-sync-request.c — authenticated requests and checked answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-request.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>
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
 * bn_sync_request_new:
 * @plain: (nullable): the body before sealing
 * @if_none_match: (nullable): an ETag we hold
 *
 * Returns: (transfer full): a message with its body sealed and its MAC set
 */
SoupMessage *
bn_sync_request_new (const BnWireKeys *keys,
                     const char       *address,
                     const char       *method,
                     const char       *path,
                     GBytes           *plain,
                     const char       *if_none_match)
{
  g_autofree char *uri = g_strdup_printf ("http://%s%s", address, path);
  g_autofree char *nonce = bn_wire_new_nonce ();
  g_autofree char *time = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autoptr(GBytes) sealed = plain != NULL ? bn_wire_seal (keys, nonce, plain) : NULL;
  g_autofree char *mac = bn_wire_request_mac (keys, method, path, time, nonce, if_none_match,
                                              sealed);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_TIME, time);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_NONCE, nonce);
  soup_message_headers_replace (headers, BN_WIRE_HEADER_MAC, mac);
  if (if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", if_none_match);
  if (sealed != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", sealed);
  return msg;
}

static gboolean
check_status (SoupMessage *msg, GError **error)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NOT_MODIFIED)
    return TRUE;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
                 _("This neighbour is in another neighbourhood, or has a different invite"));
  else if (status == BN_HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_BUSY,
                 _("This neighbour is busy; we will try again later"));
  else
    g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                 _("The neighbour answered %u %s"), status,
                 soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
  return FALSE;
}

/**
 * bn_sync_response_open:
 * @sealed: (nullable): the response body as received
 *
 * Checks the status and the response's MAC (bound to our request's nonce).
 *
 * Returns: (transfer full): the opened body (empty for 304)
 */
GBytes *
bn_sync_response_open (const BnWireKeys  *keys,
                       SoupMessage       *msg,
                       GBytes            *sealed,
                       GError           **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *request_nonce = soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                            BN_WIRE_HEADER_NONCE);
  const char *nonce = soup_message_headers_get_one (headers, BN_WIRE_HEADER_NONCE);
  const char *time = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TIME);
  g_autofree char *expected = NULL;
  guint8 raw_nonce[BN_WIRE_NONCE_LEN];

  if (!check_status (msg, error))
    return NULL;
  if (sealed != NULL && g_bytes_get_size (sealed) == 0)
    sealed = NULL;
  if (!bn_wire_parse_nonce (nonce, raw_nonce) || time == NULL)
    goto forged;
  expected = bn_wire_response_mac (keys, soup_message_get_status (msg), request_nonce, time,
                                   nonce, soup_message_headers_get_one (headers, "ETag"), sealed);
  if (!bn_wire_mac_equal (expected, soup_message_headers_get_one (headers, BN_WIRE_HEADER_MAC)))
    goto forged;
  if (sealed == NULL)
    return g_bytes_new (NULL, 0);
  return bn_wire_seal (keys, nonce, sealed);

forged:
  g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_UNAUTHORIZED,
               _("The answer does not carry this neighbourhood’s key"));
  return NULL;
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
