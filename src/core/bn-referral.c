/* bn-referral.c — referrals of a request to a service: what a connector and the
 * asker do, and the read model (docs/protocol.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-service-private.h"
#include "bn-home-private.h"
#include "bn-crypto.h"
#include "bn-error.h"
#include "bn-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
bn_referral_free (BnReferral *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->post);
  g_free (self->post_title);
  g_free (self->asker);
  g_free (self->asker_name);
  g_free (self->service_id);
  g_clear_pointer (&self->service, bn_service_free);
  g_free (self->note);
  g_free (self->consent);
  g_free (self->status);
  g_free (self->author);
  g_free (self->author_name);
  g_free (self);
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
bn_referral_to_json (const BnReferral *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "post", self->post);
  add_string (b, "post_title", self->post_title);
  add_string (b, "asker", self->asker);
  add_string (b, "asker_name", self->asker_name);
  add_string (b, "service_id", self->service_id);
  json_builder_set_member_name (b, "service");
  if (self->service != NULL)
    json_builder_add_value (b, bn_service_to_json (self->service));
  else
    json_builder_add_null_value (b);
  add_string (b, "note", self->note);
  add_string (b, "consent", self->consent);
  add_string (b, "status", self->status);
  add_string (b, "author", self->author);
  add_string (b, "author_name", self->author_name);
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, self->ts);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, self->updated);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The status of a referral (§6.4): statuses only move forward; helped and
 * not-helped are one step, where the asker's word counts, and without it
 * not-helped (better to follow up than to assume). */
static int
status_rank (const char *status)
{
  static const char *const order[] = {
    "suggested", "contacted", "appointment", "helped", "closed", NULL
  };

  if (g_strcmp0 (status, "not-helped") == 0)
    return 3;
  for (int i = 0; order[i] != NULL; i++)
    if (g_strcmp0 (status, order[i]) == 0)
      return i;
  return -1;
}

static void
resolve_status (BnStore *store, BnReferral *r, const guint8 *id)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT s.status, s.ts, s.author = (SELECT pe.author FROM entries pe WHERE pe.id = r.post)"
      " FROM referral_statuses s JOIN referrals r ON r.id = s.referral WHERE s.referral = ?1"
      " AND " BN_SQL_REFERRAL_STATUS_VALID ("s", "r") " ORDER BY s.author, s.seq");
  const char *best = "suggested";
  int best_rank = 0;
  gboolean asker_said = FALSE;

  r->updated = r->ts;
  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *status = g_intern_string ((const char *) sqlite3_column_text (stmt, 0));
      int rank = status_rank (status);
      gboolean by_asker = sqlite3_column_int (stmt, 2) != 0;

      r->updated = MAX (r->updated, sqlite3_column_int64 (stmt, 1));
      if (rank > best_rank)
        {
          best = status;
          best_rank = rank;
          asker_said = by_asker;
        }
      else if (rank == 3 && best_rank == 3)
        {
          /* In log order: the asker's latest word, else not-helped. */
          if (by_asker)
            best = status, asker_said = TRUE;
          else if (!asker_said && g_str_equal (status, "not-helped"))
            best = status;
        }
    }
  sqlite3_reset (stmt);
  r->status = g_strdup (best);
}

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup (text) : NULL;
}

#define SQL_NAME_OF(key) \
  "coalesce ((SELECT nm.name FROM profiles nm WHERE nm.author = " key ")," \
  " (SELECT nr.name FROM members nr WHERE nr.key = " key "))"

static BnReferral *
referral_from_row (BnStore *store, sqlite3_stmt *stmt, gint64 now_ms)
{
  BnReferral *r = g_new0 (BnReferral, 1);
  const guint8 *asker = sqlite3_column_blob (stmt, 7);

  r->id = bn_hex_encode (sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
  r->post = bn_hex_encode (sqlite3_column_blob (stmt, 1), BN_HASH_LEN);
  r->service_id = bn_hex_encode (sqlite3_column_blob (stmt, 2), BN_HASH_LEN);
  r->author = bn_peer_id_from_key (sqlite3_column_blob (stmt, 3));
  r->ts = sqlite3_column_int64 (stmt, 4);
  r->consent = column_text (stmt, 5);
  r->note = column_text (stmt, 6);
  if (sqlite3_column_bytes (stmt, 7) == BN_PUBLIC_KEY_LEN)
    r->asker = bn_peer_id_from_key (asker);
  r->post_title = column_text (stmt, 8);
  r->author_name = column_text (stmt, 9);
  r->asker_name = column_text (stmt, 10);
  r->service = bn_store_get_service (store, r->service_id, now_ms);
  resolve_status (store, r, sqlite3_column_blob (stmt, 0));
  return r;
}

/**
 * bn_store_list_referrals:
 *
 * Returns: (transfer full) (element-type BnReferral): the referrals this peer
 *   reads (its own requests', and as a connector all) that count, newest first
 */
GPtrArray *
bn_store_list_referrals (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT r.id, r.post, r.service, r.author, r.ts, r.consent, r.note,"
      " (SELECT pe.author FROM entries pe WHERE pe.id = r.post),"
      " (SELECT p.title FROM posts p WHERE p.id = r.post AND p.deleted = 0),"
      " " SQL_NAME_OF ("r.author") ","
      " " SQL_NAME_OF ("(SELECT pe.author FROM entries pe WHERE pe.id = r.post)")
      " FROM referrals r WHERE r.consent != '' AND " BN_SQL_REFERRAL_VALID ("r")
      " ORDER BY r.ts DESC, r.id");
  GPtrArray *referrals = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_referral_free);
  gint64 now = g_get_real_time () / 1000;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (referrals, referral_from_row (self, stmt, now));
  sqlite3_reset (stmt);
  return referrals;
}

/* Writing */

static gboolean
is_me (BnHome *self, const guint8 *key)
{
  return bn_same_key (key, bn_home_get_identity (self)->public_key);
}

/* The asker, the connectors on the roster as it stands (but those this
 * computer blocks), and me: never the service, which is no member. */
static GPtrArray *
referral_recipients (BnHome *self, const guint8 *asker)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(GPtrArray) connectors = bn_store_list_connectors (store);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  guint8 key[BN_PUBLIC_KEY_LEN];

  g_ptr_array_add (keys, g_memdup2 (bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN));
  if (!is_me (self, asker))
    g_ptr_array_add (keys, g_memdup2 (asker, BN_PUBLIC_KEY_LEN));
  for (guint i = 0; i < connectors->len; i++)
    if (bn_peer_id_to_key (((BnProfile *) g_ptr_array_index (connectors, i))->peer_id, key)
        && !is_me (self, key) && !bn_same_key (key, asker) && !bn_store_is_blocked (store, key))
      g_ptr_array_add (keys, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
  return keys;
}

/* A request this peer reads: its author and kind. */
static gboolean
find_request (BnHome *self, const char *given, char **post_id, guint8 asker[BN_PUBLIC_KEY_LEN],
              GError **error)
{
  BnStore *store = bn_home_get_store (self);
  g_autofree char *id = bn_store_complete_id (store, given != NULL ? given : "");
  guint8 raw[BN_HASH_LEN];
  sqlite3_stmt *stmt;
  gboolean found = FALSE, is_request = FALSE;

  if (id == NULL || !bn_hex_decode (id, raw, BN_HASH_LEN))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No request with ID “%s” is here; see “buurtnet-cli list”"),
                   given != NULL ? given : "");
      return FALSE;
    }
  stmt = bn_store_prepare (store, "SELECT author, kind FROM posts WHERE id = ? AND deleted = 0");
  sqlite3_bind_blob (stmt, 1, raw, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
    {
      memcpy (asker, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      is_request = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "request") == 0;
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found || !is_request)
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           found ? _("Only a request for help can be referred, not an offer")
                                 : _("That is not a request; see “buurtnet-cli list”"));
      return FALSE;
    }
  *post_id = g_steal_pointer (&id);
  return TRUE;
}

/**
 * bn_home_refer:
 * @post_id: the request, or the start of its ID
 * @service_id: the service, or the start of its ID
 * @consent: how the asker said yes: in-person, phone, message or writing
 * @note: (nullable): a few kind words for the asker
 *
 * A connector refers a request to a service, with the asker's consent said
 * and recorded; sealed to the asker and the connectors, never to the service.
 *
 * Returns: (transfer full): the referral's entry; its ID is the referral's
 */
BnEntry *
bn_home_refer (BnHome      *self,
               const char  *post_id,
               const char  *service_id,
               const char  *consent,
               const char  *note,
               GError     **error)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(BnService) service = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *post = NULL;
  guint8 asker[BN_PUBLIC_KEY_LEN];

  if (!_bn_home_require_hood (self, error))
    return NULL;
  if (!bn_store_is_connector (store, bn_home_get_identity (self)->public_key))
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("Only connectors refer requests to a service; ask a connector "
                             "(see “buurtnet-cli members”)"));
      return NULL;
    }
  if (!bn_referral_consent_is_valid (consent))
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("Ask the neighbour first. When they agree, say how: "
                             "--consent in-person, phone, message or writing"));
      return NULL;
    }
  if (!find_request (self, post_id, &post, asker, error))
    return NULL;
  service = bn_store_get_service (store, service_id, g_get_real_time () / 1000);
  if (service == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No service has ID “%s”; see “buurtnet-cli services”"),
                   service_id != NULL ? service_id : "");
      return NULL;
    }
  recipients = referral_recipients (self, asker);
  object = bn_referral_payload_encode (post, service->id, consent, note);
  return bn_store_append_local (store, object, recipients, error);
}

static BnReferral *
find_referral (GPtrArray *referrals, const char *given)
{
  g_autofree char *lower = g_ascii_strdown (given != NULL ? given : "", -1);
  BnReferral *found = NULL;

  if (strlen (lower) < 6)
    return NULL;
  for (guint i = 0; i < referrals->len; i++)
    {
      BnReferral *r = g_ptr_array_index (referrals, i);
      if (g_str_has_prefix (r->id, lower))
        {
          if (found != NULL)
            return NULL;
          found = r;
        }
    }
  return found;
}

/**
 * bn_home_set_referral_status:
 *
 * The asker or a connector says how a referral goes; sealed like the referral.
 *
 * Returns: (transfer full): the status's entry
 */
BnEntry *
bn_home_set_referral_status (BnHome      *self,
                             const char  *referral_id,
                             const char  *status,
                             GError     **error)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(GPtrArray) referrals = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(JsonObject) object = NULL;
  const BnReferral *r;
  guint8 asker[BN_PUBLIC_KEY_LEN];

  if (!_bn_home_require_hood (self, error))
    return NULL;
  if (!bn_referral_status_is_valid (status))
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("The status is suggested, contacted, appointment, helped, "
                             "not-helped or closed"));
      return NULL;
    }
  referrals = bn_store_list_referrals (store);
  r = find_referral (referrals, referral_id);
  if (r == NULL || r->asker == NULL || !bn_peer_id_to_key (r->asker, asker))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No referral with ID “%s” is here; see “buurtnet-cli referrals”"),
                   referral_id != NULL ? referral_id : "");
      return NULL;
    }
  if (!is_me (self, asker) && !bn_store_is_connector (store, bn_home_get_identity (self)->public_key))
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("Only the neighbour who asked and the connectors can change a referral"));
      return NULL;
    }
  recipients = referral_recipients (self, asker);
  object = bn_referral_status_payload_encode (r->id, status);
  return bn_store_append_local (store, object, recipients, error);
}
