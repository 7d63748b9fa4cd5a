/* bn-home-moderation.c — what a neighbour does when another misbehaves: report
 * to the connectors, hide for everyone (connectors; a post's author on their
 * own post), undo a hide, and block on this computer only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-payload-types.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What a moderation command names: an entry, or a neighbour. */
typedef struct
{
  gboolean is_member;
  guint8   id[BN_HASH_LEN];
  guint8   key[BN_PUBLIC_KEY_LEN];
} Target;

static gboolean
parse_target (const char *text, Target *target, GError **error)
{
  memset (target, 0, sizeof *target);
  if (bn_hex_decode (text, target->id, BN_HASH_LEN))
    return TRUE;
  if (bn_peer_id_to_key (text, target->key))
    {
      target->is_member = TRUE;
      return TRUE;
    }
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("“%s” is neither an ID (64 hexadecimal characters) nor a neighbour’s ID; "
                 "see “buurtnet-cli list” and “buurtnet-cli neighbours”"), text ? text : "");
  return FALSE;
}

static gboolean
is_me (BnHome *self, const guint8 key[BN_PUBLIC_KEY_LEN])
{
  return bn_same_key (key, bn_home_get_identity (self)->public_key);
}

/* The author of a stored entry, or an error that says it is not here. */
static gboolean
stored_entry_author (BnHome *self, const guint8 *id, guint8 author[BN_PUBLIC_KEY_LEN],
                     GError **error)
{
  g_autoptr(BnEntry) entry = bn_store_get_entry (bn_home_get_store (self), id);
  g_autofree char *hex = bn_hex_encode (id, BN_HASH_LEN);

  if (entry == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("Nothing with ID %.12s… is stored here"), hex);
      return FALSE;
    }
  memcpy (author, entry->author, BN_PUBLIC_KEY_LEN);
  return TRUE;
}

static gboolean
require_member (BnHome *self, const guint8 key[BN_PUBLIC_KEY_LEN], GError **error)
{
  g_autofree char *peer_id = NULL;

  if (bn_store_get_member_status (bn_home_get_store (self), key, NULL) == BN_MEMBER_ACTIVE)
    return TRUE;
  peer_id = bn_peer_id_from_key (key);
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
               _("%.8s… is not a neighbour here; see “buurtnet-cli neighbours”"), peer_id);
  return FALSE;
}

/* The connectors (on the roster as it stands), but not @subject and not those
 * this computer blocks; then me, and @also when given. */
static GPtrArray *
connectors_and (BnHome *self, const guint8 *subject, const guint8 *also)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(GPtrArray) connectors = bn_store_list_connectors (store);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  guint8 key[BN_PUBLIC_KEY_LEN];

  g_ptr_array_add (keys, g_memdup2 (bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN));
  if (also != NULL && !is_me (self, also))
    g_ptr_array_add (keys, g_memdup2 (also, BN_PUBLIC_KEY_LEN));
  for (guint i = 0; i < connectors->len; i++)
    if (bn_peer_id_to_key (((BnProfile *) g_ptr_array_index (connectors, i))->peer_id, key)
        && !is_me (self, key) && (also == NULL || !bn_same_key (key, also))
        && (subject == NULL || !bn_same_key (key, subject))
        && !bn_store_is_blocked (store, key))
      g_ptr_array_add (keys, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
  return keys;
}

/* Reporting */

/* What the reporter read, so that connectors who cannot read it (a reply is
 * sealed to its post's author and the replier) know what it is about. */
static char *
quote_of (BnStore *store, const guint8 *id)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT title || coalesce (char (10) || body, '') FROM posts WHERE id = ?1 AND deleted = 0"
      " UNION ALL SELECT text FROM replies WHERE id = ?1"
      " UNION ALL SELECT text FROM thanks WHERE id = ?1");
  char *quote = NULL;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    quote = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return quote;
}

/* Fills in whom a report is about and what it quotes. */
static gboolean
describe_report_target (BnHome *self, const Target *target, BnReportPayload *payload,
                        guint8 subject[BN_PUBLIC_KEY_LEN], GError **error)
{
  BnStore *store = bn_home_get_store (self);

  if (target->is_member)
    {
      payload->has_member = TRUE;
      memcpy (payload->member, target->key, BN_PUBLIC_KEY_LEN);
      memcpy (subject, target->key, BN_PUBLIC_KEY_LEN);
      return require_member (self, target->key, error);
    }
  if (!stored_entry_author (self, target->id, subject, error))
    return FALSE;
  if (bn_store_get_item_kind (store, target->id) == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("You can report a post, a reply, thanks or a neighbour"));
      return FALSE;
    }
  payload->has_target = TRUE;
  memcpy (payload->target, target->id, BN_HASH_LEN);
  payload->quote = quote_of (store, target->id);
  return TRUE;
}

/**
 * bn_home_report:
 * @target: an entry ID (a post, a reply, thanks) or a neighbour's peer ID
 * @reason: spam, harassment, privacy, unsafe or other
 * @text: (nullable): a few words for the connectors
 *
 * Tells the connectors, sealed to them and to me only: never to the neighbour
 * it is about (a connector too may be reported) nor to one blocked here.
 *
 * Returns: (transfer full): the report's entry; its ID is the report's ID
 */
BnEntry *
bn_home_report (BnHome      *self,
                const char  *target_text,
                const char  *reason,
                const char  *text,
                GError     **error)
{
  g_autoptr(BnReportPayload) payload = g_new0 (BnReportPayload, 1);
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint8 subject[BN_PUBLIC_KEY_LEN];
  Target target;

  payload->reason = g_strdup (reason);
  payload->text = g_strdup (text);
  if (!_bn_home_require_hood (self, error) || !parse_target (target_text, &target, error)
      || !describe_report_target (self, &target, payload, subject, error)
      || !bn_report_payload_check (payload, error))
    return NULL;
  if (is_me (self, subject))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("That is yours; you can delete it instead"));
      return NULL;
    }
  recipients = connectors_and (self, subject, NULL);
  if (recipients->len == 1)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("There is no other connector to tell; hide it yourself, or block the neighbour"));
      return NULL;
    }
  object = bn_report_payload_encode (payload);
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
}

static const BnReport *
find_report (GPtrArray *reports, const char *id)
{
  for (guint i = 0; i < reports->len; i++)
    if (g_strcmp0 (((BnReport *) g_ptr_array_index (reports, i))->id, id) == 0)
      return g_ptr_array_index (reports, i);
  return NULL;
}

static gboolean
require_connector (BnHome *self, const char *message, GError **error)
{
  if (bn_store_is_connector (bn_home_get_store (self), bn_home_get_identity (self)->public_key))
    return TRUE;
  g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED, message);
  return FALSE;
}

/**
 * bn_home_mark_report_handled:
 *
 * A connector marks a report handled; the other connectors and the reporter
 * read that it was.
 *
 * Returns: (transfer full): the new entry
 */
BnEntry *
bn_home_mark_report_handled (BnHome      *self,
                             const char  *report_id,
                             GError     **error)
{
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(JsonObject) object = NULL;
  const BnReport *report;
  guint8 subject[BN_PUBLIC_KEY_LEN], reporter[BN_PUBLIC_KEY_LEN];

  if (!_bn_home_require_hood (self, error)
      || !require_connector (self, _("Only connectors mark reports handled"), error))
    return NULL;
  reports = bn_store_list_reports (bn_home_get_store (self));
  report = find_report (reports, report_id);
  if (report == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No report %.12s… here; see “buurtnet-cli reports”"), report_id ? report_id : "");
      return NULL;
    }
  if (report->handled_by != NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_EXISTS,
                   _("%s marked this report handled already"),
                   report->handled_by_name ? report->handled_by_name : _("a connector"));
      return NULL;
    }
  bn_peer_id_to_key (report->author, reporter);
  recipients = connectors_and (self, bn_peer_id_to_key (report->subject, subject) ? subject : NULL,
                               reporter);
  object = bn_report_handled_payload_encode (report->id);
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
}

/* Hiding */

/* Whether @id is a reply or thanks on a post of mine. */
static gboolean
is_note_on_my_post (BnHome *self, const guint8 *id)
{
  sqlite3_stmt *stmt = bn_store_prepare (bn_home_get_store (self),
      "SELECT 1 FROM posts p WHERE p.author = ?2 AND p.id IN (SELECT n.post_id FROM replies n"
      " WHERE n.id = ?1 UNION ALL SELECT n.post_id FROM thanks n WHERE n.id = ?1)");
  gboolean mine;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN,
                     SQLITE_STATIC);
  mine = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return mine;
}

/* Only posts, replies and thanks are hidden: what this peer reads must be one;
 * what it cannot read (a reply to someone else, which a report named) may be. */
static gboolean
check_hideable (BnHome *self, const guint8 *id, GError **error)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(BnEntry) entry = bn_store_get_entry (store, id);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) open_error = NULL;

  if (bn_store_get_item_kind (store, id) != NULL)
    return TRUE;
  if (entry != NULL && entry->payload != NULL)
    object = bn_payload_decrypt (bn_home_get_hood (self)->keys, bn_home_get_identity (self),
                                 entry, NULL, &open_error);
  if (object == NULL && g_error_matches (open_error, BN_CORE_ERROR, BN_CORE_ERROR_SEALED))
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("Only posts, replies and thanks can be hidden"));
  return FALSE;
}

static gboolean
may_hide_entry (BnHome *self, const guint8 *id, gboolean connector, gboolean erase,
                GError **error)
{
  if (connector)
    return TRUE;
  if (is_note_on_my_post (self, id))
    {
      if (!erase)
        return TRUE;
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("Only a connector can erase for everyone; hide it without erasing"));
      return FALSE;
    }
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
               _("Only a connector can hide this for everyone; you can report it to them, "
                 "or block its author on this computer"));
  return FALSE;
}

/* Fills in what a hide names, if I may hide it. */
static gboolean
describe_hide_target (BnHome *self, const Target *target, BnHidePayload *payload, GError **error)
{
  BnStore *store = bn_home_get_store (self);
  gboolean connector = bn_store_is_connector (store, bn_home_get_identity (self)->public_key);
  guint8 author[BN_PUBLIC_KEY_LEN];

  if (target->is_member)
    {
      BnHead head = { 0 };

      if (!require_connector (self, _("Only a connector can hide what a neighbour posts; "
                                      "you can report them, or block them on this computer"), error)
          || !require_member (self, target->key, error))
        return FALSE;
      if (is_me (self, target->key))
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, _("You cannot hide yourself"));
          return FALSE;
        }
      bn_store_get_head (store, target->key, &head);
      payload->has_member = TRUE;
      memcpy (payload->member, target->key, BN_PUBLIC_KEY_LEN);
      payload->upto = head.seq;
      return TRUE;
    }
  if (!stored_entry_author (self, target->id, author, error)
      || !check_hideable (self, target->id, error)
      || !may_hide_entry (self, target->id, connector, payload->erase, error))
    return FALSE;
  payload->has_target = TRUE;
  memcpy (payload->target, target->id, BN_HASH_LEN);
  return TRUE;
}

/**
 * bn_home_hide:
 * @target: an entry ID (a post, a reply, thanks) or a neighbour's peer ID (all
 *   they post)
 * @reason: why, for the moderation log everyone reads
 * @erase: also erase it on every peer (connectors only; cannot be undone)
 *
 * Hides for everyone: connectors anything, a post's author the replies and
 * thanks on their own post. Public, so every member reads who hid what and why.
 *
 * Returns: (transfer full): the hide's entry
 */
BnEntry *
bn_home_hide (BnHome      *self,
              const char  *target_text,
              const char  *reason,
              gboolean     erase,
              GError     **error)
{
  g_autoptr(BnHidePayload) payload = g_new0 (BnHidePayload, 1);
  g_autoptr(JsonObject) object = NULL;
  Target target;

  payload->reason = g_strstrip (g_strdup (reason ? reason : ""));
  payload->erase = erase;
  if (!_bn_home_require_hood (self, error) || !parse_target (target_text, &target, error)
      || !describe_hide_target (self, &target, payload, error)
      || !bn_hide_payload_check (payload, error))
    return NULL;
  object = bn_hide_payload_encode (payload);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/**
 * bn_home_unhide:
 * @target: what was hidden: an entry ID or a neighbour's peer ID
 *
 * Undoes every hide in force on @target that I may undo: my own, and, for a
 * connector, connectors' hides. What was erased stays erased.
 *
 * Returns: (transfer full): the unhide's entry
 */
BnEntry *
bn_home_unhide (BnHome      *self,
                const char  *target_text,
                GError     **error)
{
  g_autoptr(GPtrArray) hides = NULL;
  g_autoptr(JsonObject) object = NULL;
  Target target;

  if (!_bn_home_require_hood (self, error) || !parse_target (target_text, &target, error))
    return NULL;
  hides = bn_store_list_hides_to_undo (bn_home_get_store (self),
                                       target.is_member ? NULL : target.id,
                                       target.is_member ? target.key : NULL,
                                       bn_home_get_identity (self)->public_key);
  if (hides->len == 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("Nothing hidden there that you may show again: only connectors undo "
                     "what connectors hid; see “buurtnet-cli moderation”"));
      return NULL;
    }
  object = bn_unhide_payload_encode (hides);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/* Blocking */

static gboolean
set_blocked (BnHome *self, const char *peer_id, gboolean blocked, GError **error)
{
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (!bn_peer_id_to_key (peer_id, key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a neighbour’s ID; see “buurtnet-cli neighbours”"),
                   peer_id ? peer_id : "");
      return FALSE;
    }
  if (blocked && is_me (self, key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, _("You cannot block yourself"));
      return FALSE;
    }
  return bn_store_set_blocked (bn_home_get_store (self), key, blocked, error);
}

/**
 * bn_home_block:
 *
 * Blocks a neighbour on this computer only: their posts, replies and thanks no
 * longer show here, my new private posts are not sealed to them, and they are
 * not told. No entry is written.
 */
gboolean
bn_home_block (BnHome      *self,
               const char  *peer_id,
               GError     **error)
{
  return set_blocked (self, peer_id, TRUE, error);
}

gboolean
bn_home_unblock (BnHome      *self,
                 const char  *peer_id,
                 GError     **error)
{
  return set_blocked (self, peer_id, FALSE, error);
}
