/* bn-sync-listener.h — accepting connections for the sync server, and judging
 * each request by its head before anything else of it is read
 *
 * The listener owns the listening sockets (IPv4, and IPv6 where the machine
 * has it) and its own accept loop, so that it can count connections per address
 * and in all, survive running out of file descriptors, and keep a stranger's
 * request out of libsoup altogether: only a request whose head the server
 * admits is handed on (soup_server_accept_iostream()). See docs/sync-protocol.md
 * §3 and §9.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "bn-request-guard.h"

G_BEGIN_DECLS

/* A request's head as it arrived, before any of its body. */
typedef struct
{
  const char         *method;
  const char         *path;       /* the request target without its query */
  SoupMessageHeaders *headers;
  const char         *host;       /* the remote address, as text */
} BnRequestHead;

/* What the server makes of a head: a refusal (status, and a body for it), or
 * admission with what the server keeps with the request until it handles it. */
typedef struct
{
  guint          status;          /* 0: admitted */
  GBytes        *body;            /* (nullable): the refusal's body */
  gpointer       admitted;
  GDestroyNotify admitted_free;
} BnHeadVerdict;

typedef void (*BnHeadJudge)    (const BnRequestHead *head,
                                BnHeadVerdict       *verdict,
                                gpointer             user_data);
/* @stream: (transfer none); @admitted: (transfer full) */
typedef void (*BnAdmittedFunc) (GIOStream           *stream,
                                GSocketAddress      *local,
                                GSocketAddress      *remote,
                                gpointer             admitted,
                                GDestroyNotify       admitted_free,
                                gpointer             user_data);

#define BN_TYPE_SYNC_LISTENER (bn_sync_listener_get_type ())
G_DECLARE_FINAL_TYPE (BnSyncListener, bn_sync_listener, BN, SYNC_LISTENER, GObject)

BnSyncListener *bn_sync_listener_new              (BnRequestGuard  *guard,
                                                   BnHeadJudge      judge,
                                                   BnAdmittedFunc   admitted,
                                                   gpointer         user_data);
gboolean        bn_sync_listener_listen           (BnSyncListener  *self,
                                                   guint16          port,
                                                   GError         **error);
guint16         bn_sync_listener_get_port         (BnSyncListener  *self);
gboolean        bn_sync_listener_has_ipv6         (BnSyncListener  *self);
guint           bn_sync_listener_get_max_connections (BnSyncListener *self);
void            bn_sync_listener_stop             (BnSyncListener  *self);

G_END_DECLS
