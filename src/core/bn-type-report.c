/* bn-type-report.c — "report" (a neighbour tells the connectors about a post, a
 * reply, thanks or a person) and "report-handled" (a connector marks it so).
 * Both are sealed to the connectors and the reporter: other peers store and
 * forward them unread. Nothing happens on its own because of a report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-moderation-private.h"
#include "bn-error.h"
#include "bn-identity.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>

#define M_TARGET "target"
#define M_MEMBER "member"
#define M_REASON "reason"
#define M_TEXT "text"
#define M_QUOTE "quote"
#define M_REPORT "report"

static const char *const report_reasons[] = {
  "spam", "harassment", "privacy", "unsafe", "other", NULL
};

gboolean
bn_report_reason_is_valid (const char *reason)
{
  return reason != NULL && g_strv_contains (report_reasons, reason);
}

void
bn_report_payload_free (BnReportPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->reason);
  g_free (self->text);
  g_free (self->quote);
  g_free (self);
}

/* A report names an entry or a neighbour (one is required); a reason this
 * version does not know reads as "other". */
BnReportPayload *
bn_report_payload_decode (const BnJsonFields *object,
                          const char        **why)
{
  g_autoptr(BnReportPayload) self = g_new0 (BnReportPayload, 1);
  const char *reason = bn_json_fields_get_string (object, M_REASON);

  self->has_target = bn_hex_decode (bn_json_fields_get_string (object, M_TARGET), self->target, BN_HASH_LEN);
  self->has_member = !self->has_target
                     && bn_peer_id_to_key (bn_json_fields_get_string (object, M_MEMBER), self->member);
  if (!self->has_target && !self->has_member)
    {
      *why = "it names neither an entry nor a neighbour";
      return NULL;
    }
  self->reason = g_strdup (bn_report_reason_is_valid (reason) ? reason : "other");
  self->text = g_strdup (bn_json_fields_get_string (object, M_TEXT));
  self->quote = g_strdup (bn_json_fields_get_string (object, M_QUOTE));
  return g_steal_pointer (&self);
}

static void
set_hex_member (JsonObject *object, const char *member, const guint8 *data, gsize len)
{
  g_autofree char *hex = bn_hex_encode (data, len);
  json_object_set_string_member (object, member, hex);
}

static void
set_optional_string (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

/* Returns: (transfer full) */
JsonObject *
bn_report_payload_encode (const BnReportPayload *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "report");
  if (self->has_target)
    set_hex_member (object, M_TARGET, self->target, BN_HASH_LEN);
  else if (self->has_member)
    {
      g_autofree char *peer_id = bn_peer_id_from_key (self->member);
      json_object_set_string_member (object, M_MEMBER, peer_id);
    }
  json_object_set_string_member (object, M_REASON, self->reason);
  set_optional_string (object, M_TEXT, self->text);
  set_optional_string (object, M_QUOTE, self->quote);
  return object;
}

gboolean
bn_report_payload_check (const BnReportPayload *self,
                         GError               **error)
{
  if (!bn_report_reason_is_valid (self->reason))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Say why you report it: spam, harassment, privacy, unsafe or other"));
      return FALSE;
    }
  if (!self->has_target && !self->has_member)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Say what you report: a post, a reply or a neighbour"));
      return FALSE;
    }
  return TRUE;
}

BnReportHandledPayload *
bn_report_handled_payload_decode (const BnJsonFields *object,
                                  const char        **why)
{
  g_autofree BnReportHandledPayload *self = g_new0 (BnReportHandledPayload, 1);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_REPORT), self->report, BN_HASH_LEN))
    {
      *why = "it names no report";
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_report_handled_payload_encode (const char *report_id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "report-handled");
  json_object_set_string_member (object, M_REPORT, report_id);
  return object;
}

/* Folding */

static gboolean
apply_report (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnReportPayload *report = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO reports (id, author, ts, target, member, reason, text, quote)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->timestamp_ms);
  if (report->has_target)
    sqlite3_bind_blob (stmt, 4, report->target, BN_HASH_LEN, SQLITE_STATIC);
  if (report->has_member)
    sqlite3_bind_blob (stmt, 5, report->member, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, report->reason, -1, SQLITE_STATIC);
  bn_fold_bind_text (stmt, 7, report->text);
  /* What was erased everywhere does not live on in a report's quote. */
  if (!report->has_target || !bn_store_was_erased (store, report->target))
    bn_fold_bind_text (stmt, 8, report->quote);
  return bn_fold_step (store, stmt, _("saving a report"), error);
}

static gboolean
apply_report_handled (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnReportHandledPayload *handled = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO reports_handled (id, report, author, ts) VALUES (?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, handled->report, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  return bn_fold_step (store, stmt, _("saving a report"), error);
}

static gboolean
forget_report (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM reports WHERE id = ?", id, error);
}

static gboolean
forget_report_handled (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM reports_handled WHERE id = ?", id, error);
}

static const BnDerivedTable report_tables[] = { { "reports" }, { NULL } };
static const BnDerivedTable report_handled_tables[] = { { "reports_handled" }, { NULL } };

const BnEntryType bn_entry_type_report = {
  .name = "report",
  .decode = (BnPayloadDecodeFunc) bn_report_payload_decode,
  .free = (GDestroyNotify) bn_report_payload_free,
  .apply = apply_report,
  .forget = forget_report,
  .tables = report_tables,
};

/* Whether its author may mark reports handled (a connector) is decided when
 * read, on the roster as it stands. */
const BnEntryType bn_entry_type_report_handled = {
  .name = "report-handled",
  .decode = (BnPayloadDecodeFunc) bn_report_handled_payload_decode,
  .free = g_free,
  .apply = apply_report_handled,
  .forget = forget_report_handled,
  .tables = report_handled_tables,
};
