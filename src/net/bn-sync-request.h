/* bn-sync-request.h — authenticated requests from the client side, and checking
 * the answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "bn-wire.h"

G_BEGIN_DECLS

char        *bn_sync_address_normalize (const char  *typed,
                                        GError     **error);
gboolean     bn_sync_parse_address    (const char       *address,
                                       char            **host,
                                       guint16          *port,
                                       GError          **error);
SoupMessage *bn_sync_request_new      (const BnIdentity *me,
                                       const char       *address,
                                       const char       *method,
                                       const char       *path,
                                       const guint8     *to,
                                       GBytes           *plain,
                                       const char       *if_none_match);
GBytes      *bn_sync_response_open    (const BnIdentity *me,
                                       BnStore          *store,
                                       SoupMessage      *msg,
                                       GBytes           *sealed,
                                       guint8           *server_key,
                                       GError          **error);
char        *bn_sync_join_address     (const char       *host,
                                       guint16           port);
char        *bn_sync_remote_host      (GSocketAddress   *remote);
char        *bn_sync_address_uri      (const char       *address,
                                       const char       *path);
gboolean     bn_sync_peer_key_from_id (const char       *peer_id,
                                       guint8            key[BN_PUBLIC_KEY_LEN]);

GCancellable *bn_sync_request_limit   (SoupMessage      *msg,
                                       GCancellable     *parent,
                                       gsize             max);
gboolean     bn_sync_request_was_too_large (SoupMessage *msg);
gboolean     bn_sync_response_check_status (SoupMessage *msg,
                                            GError     **error);
GError      *bn_sync_connect_error    (const GError     *error,
                                       const char       *address);

G_END_DECLS
