/* bn-service-private.h — what the service and referral types share with their
 * queries and actions (bn-service.c, bn-referral.c, bn-stats.c)
 *
 * Core-internal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-service.h"
#include "bn-moderation-private.h"

G_BEGIN_DECLS

/* A "service" payload: the service's fields, and for a new version of an
 * existing service the service it belongs to and the version it replaces. */
typedef struct
{
  BnService service;          /* id, version, author, ts unused */
  gboolean  has_root;
  guint8    root[BN_HASH_LEN];
  gboolean  has_replaces;
  guint8    replaces[BN_HASH_LEN];
} BnServicePayload;

void        bn_service_clear_fields    (BnService *self);
JsonObject *bn_service_payload_encode  (const BnService *service,
                                        const guint8    *root,
                                        const guint8    *replaces);
JsonObject *bn_service_remove_encode   (const guint8    *root);
gboolean    bn_service_date_is_valid   (const char      *date);
char       *bn_strv_join_or_null       (char           **values);

/* The versions that count (written by a connector on the roster as it
 * stands) and the one shown of each service, as SQL. */
#define BN_SQL_SERVICE_VALID(v) BN_SQL_IS_CONNECTOR (v ".author")
#define BN_SQL_SERVICES_SHOWN \
  "WITH valid AS (SELECT * FROM services v WHERE " BN_SQL_SERVICE_VALID ("v") ")," \
  " heads AS (SELECT * FROM valid v WHERE NOT EXISTS (SELECT 1 FROM valid w" \
  "  WHERE w.service = v.service AND w.replaces = v.id))" \
  " SELECT h.id, h.service, h.author, h.ts, h.name, h.org, h.categories, h.words, h.audience," \
  "  h.languages, h.area, h.address, h.phone, h.email, h.url, h.hours, h.cost, h.access," \
  "  h.accessibility, h.source, h.checked FROM heads h" \
  " WHERE h.id = (SELECT min (x.id) FROM heads x WHERE x.service = h.service)" \
  " AND NOT EXISTS (SELECT 1 FROM service_removals r WHERE r.service = h.service" \
  "  AND " BN_SQL_IS_CONNECTOR ("r.author") ")"

/* A referral counts when its author is a connector as it stands; a status of
 * it when its author is the asker (the author of the referred post) or a
 * connector. */
#define BN_SQL_REFERRAL_VALID(r) BN_SQL_IS_CONNECTOR (r ".author")
#define BN_SQL_REFERRAL_STATUS_VALID(s, r) \
  "(" s ".author = (SELECT pe.author FROM entries pe WHERE pe.id = " r ".post)" \
  " OR " BN_SQL_IS_CONNECTOR (s ".author") ")"

JsonObject *bn_referral_payload_encode        (const char *post_id,
                                               const char *service_id,
                                               const char *consent,
                                               const char *note);
JsonObject *bn_referral_status_payload_encode (const char *referral_id,
                                               const char *status);

G_END_DECLS
