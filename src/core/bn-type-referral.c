/* bn-type-referral.c — "referral" (a connector refers a request to a service,
 * with the asker's consent) and "referral-status" (either side says how it
 * goes); docs/protocol.md §6.4
 *
 * Both are sealed to the asker and the connectors: other peers store and
 * forward them unread. Which count is decided when read, on the roster as it
 * stands. Six months after a referral is closed its payload and its statuses'
 * are erased; what stays is that a request was referred (for the statistics),
 * not where to, nor the note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-service-private.h"
#include "bn-crypto.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_POST "post"
#define M_SERVICE "service"
#define M_CONSENT "consent"
#define M_NOTE "note"
#define M_REFERRAL "referral"
#define M_STATUS "status"

static const char *const consents[] = { "in-person", "phone", "message", "writing", NULL };
static const char *const statuses[] = {
  "suggested", "contacted", "appointment", "helped", "not-helped", "closed", NULL
};

gboolean
bn_referral_consent_is_valid (const char *consent)
{
  return consent != NULL && g_strv_contains (consents, consent);
}

gboolean
bn_referral_status_is_valid (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

typedef struct
{
  guint8  post[BN_HASH_LEN];
  guint8  service[BN_HASH_LEN];
  char   *consent;
  char   *note;
} ReferralPayload;

static void
referral_payload_free (ReferralPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->consent);
  g_free (self->note);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReferralPayload, referral_payload_free)

/* The post, the service and how the asker said yes are required: a referral
 * without consent is ignored. */
static ReferralPayload *
referral_payload_decode (const BnJsonFields *object,
                         const char        **why)
{
  g_autoptr(ReferralPayload) self = g_new0 (ReferralPayload, 1);
  const char *consent = bn_json_fields_get_string (object, M_CONSENT);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_POST), self->post, BN_HASH_LEN)
      || !bn_hex_decode (bn_json_fields_get_string (object, M_SERVICE), self->service, BN_HASH_LEN))
    {
      *why = "it names no request or no service";
      return NULL;
    }
  if (!bn_referral_consent_is_valid (consent))
    {
      *why = "it does not say how the asker agreed";
      return NULL;
    }
  self->consent = g_strdup (consent);
  self->note = g_strdup (bn_json_fields_get_string (object, M_NOTE));
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_referral_payload_encode (const char *post_id,
                            const char *service_id,
                            const char *consent,
                            const char *note)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "referral");
  json_object_set_string_member (object, M_POST, post_id);
  json_object_set_string_member (object, M_SERVICE, service_id);
  json_object_set_string_member (object, M_CONSENT, consent);
  if (note != NULL && *note != '\0')
    json_object_set_string_member (object, M_NOTE, note);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_referral_status_payload_encode (const char *referral_id,
                                   const char *status)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "referral-status");
  json_object_set_string_member (object, M_REFERRAL, referral_id);
  json_object_set_string_member (object, M_STATUS, status);
  return object;
}

static gboolean
apply_referral (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const ReferralPayload *p = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO referrals (id, post, service, author, ts, consent, note)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, p->post, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, p->service, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 6, p->consent, -1, SQLITE_STATIC);
  bn_fold_bind_text (stmt, 7, p->note);
  return bn_fold_step (store, stmt, _("saving a referral"), error);
}

/* What stays of an erased referral: that the request was referred, by whom
 * and when (for the statistics); not where to, how the asker agreed or the
 * note. The rebuild keeps these rows: their payload is gone. */
static gboolean
forget_referral (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store,
                               "UPDATE referrals SET service = zeroblob (32), consent = '',"
                               " note = NULL WHERE id = ?", id, error)
         && bn_fold_delete_by_id (store, "DELETE FROM referral_statuses WHERE id = ?", id, error);
}

typedef struct
{
  guint8  referral[BN_HASH_LEN];
  char   *status;
} StatusPayload;

static void
status_payload_free (StatusPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->status);
  g_free (self);
}

static StatusPayload *
status_payload_decode (const BnJsonFields *object,
                       const char        **why)
{
  StatusPayload *self;
  guint8 referral[BN_HASH_LEN];
  const char *status = bn_json_fields_get_string (object, M_STATUS);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_REFERRAL), referral, BN_HASH_LEN)
      || !bn_referral_status_is_valid (status))
    {
      *why = "it names no referral or no known status";
      return NULL;
    }
  self = g_new0 (StatusPayload, 1);
  memcpy (self->referral, referral, BN_HASH_LEN);
  self->status = g_strdup (status);
  return self;
}

static gboolean
apply_status (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const StatusPayload *p = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO referral_statuses (id, referral, author, seq, ts, status)"
      " VALUES (?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, p->referral, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) entry->seq);
  sqlite3_bind_int64 (stmt, 5, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 6, p->status, -1, SQLITE_STATIC);
  return bn_fold_step (store, stmt, _("saving a referral"), error);
}

static void
collect_ids (sqlite3_stmt *stmt, GPtrArray *ids)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      g_ptr_array_add (ids, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
  sqlite3_reset (stmt);
}

/* Expiry: six months after a referral is closed (its earliest "closed" that
 * counts), the referral and every status of it; and statuses that arrive for a
 * referral already erased. */
static gboolean
expire_referrals (BnStore *store, gint64 now_ms, GPtrArray *erase, guint *newly, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT r.id FROM referrals r WHERE r.consent != '' AND " BN_SQL_REFERRAL_VALID ("r")
      " AND (SELECT min (s.ts) FROM referral_statuses s WHERE s.referral = r.id"
      "  AND s.status = 'closed' AND " BN_SQL_REFERRAL_STATUS_VALID ("s", "r") ") <= ?1");
  sqlite3_stmt *statuses_of = bn_store_prepare (store,
      "SELECT s.id FROM referral_statuses s WHERE s.referral = ?1");
  sqlite3_stmt *orphans = bn_store_prepare (store,
      "SELECT s.id FROM referral_statuses s WHERE s.referral IN (SELECT e.id FROM erased e)");
  g_autoptr(GPtrArray) closed = g_ptr_array_new_with_free_func (g_free);

  sqlite3_bind_int64 (stmt, 1, now_ms - BN_REFERRAL_KEEP_MS);
  collect_ids (stmt, closed);
  for (guint i = 0; i < closed->len; i++)
    {
      g_ptr_array_add (erase, g_memdup2 (g_ptr_array_index (closed, i), BN_HASH_LEN));
      (*newly)++;
      sqlite3_bind_blob (statuses_of, 1, g_ptr_array_index (closed, i), BN_HASH_LEN, SQLITE_STATIC);
      collect_ids (statuses_of, erase);
    }
  collect_ids (orphans, erase);
  return TRUE;
}

static const BnDerivedTable referral_tables[] = {
  { "referrals", .keep_on_rebuild = "consent = ''" },
  { "referral_statuses" },
  { NULL }
};

const BnEntryType bn_entry_type_referral = {
  .name = "referral",
  .decode = (BnPayloadDecodeFunc) referral_payload_decode,
  .free = (GDestroyNotify) referral_payload_free,
  .apply = apply_referral,
  .forget = forget_referral,
  .tables = referral_tables,
  .expire = expire_referrals,
};

const BnEntryType bn_entry_type_referral_status = {
  .name = "referral-status",
  .decode = (BnPayloadDecodeFunc) status_payload_decode,
  .free = (GDestroyNotify) status_payload_free,
  .apply = apply_status,
};
