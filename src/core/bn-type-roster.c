/* bn-type-roster.c — the roster's entries (docs/protocol.md §9.1): their JSON
 * members, and their fold into roster_ops, from which bn-roster.c evaluates the
 * roster
 *
 * Roster entries are kept whoever wrote them: whether one counts is the
 * evaluation's question (bn-roster-eval.c), asked of all of them together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-roster-private.h"
#include "bn-identity.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_AFTER "after"
#define M_NAME "name"
#define M_KEY "key"
#define M_LEGACY "legacy"
#define M_MEMBERS "members"
#define M_CONNECTORS "connectors"
#define M_INVITE "invite"
#define M_INVITE_KEY "invite_key"
#define M_USES "uses"
#define M_EXPIRES "expires"
#define M_MEMBER "member"
#define M_PROOF "proof"
#define M_KEYS "keys"
#define M_UPTO "upto"
#define M_REASON "reason"
#define M_BY "by"
#define M_PARENTS "parents"
#define M_SEALS "seals"

static const char *const kind_names[BN_ROSTER_N_KINDS] = {
  [BN_ROSTER_HOOD] = "hood",
  [BN_ROSTER_INVITE] = "invite",
  [BN_ROSTER_REVOKE] = "revoke",
  [BN_ROSTER_ADMIT] = "admit",
  [BN_ROSTER_APPOINT] = "appoint",
  [BN_ROSTER_DISMISS] = "dismiss",
  [BN_ROSTER_REMOVE] = "remove",
  [BN_ROSTER_LEAVE] = "leave",
  [BN_ROSTER_REPLACE] = "replace",
  [BN_ROSTER_EPOCH] = "epoch",
  [BN_ROSTER_SHARE] = "share",
};

const char *
bn_roster_kind_to_string (BnRosterKind kind)
{
  return kind < BN_ROSTER_N_KINDS ? kind_names[kind] : "?";
}

gboolean
bn_roster_is_type (const char *type)
{
  for (guint i = 0; type != NULL && i < BN_ROSTER_N_KINDS; i++)
    if (g_str_equal (kind_names[i], type))
      return TRUE;
  return FALSE;
}

BnRosterOp *
bn_roster_op_new (BnRosterKind kind)
{
  BnRosterOp *self = g_new0 (BnRosterOp, 1);

  self->kind = kind;
  self->after = g_array_new (FALSE, FALSE, BN_HASH_LEN);
  self->keys = g_array_new (FALSE, FALSE, BN_KEY_ID_LEN);
  self->seals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->legacy_members = g_ptr_array_new_with_free_func (g_free);
  self->legacy_connectors = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
bn_roster_op_free (BnRosterOp *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->after);
  g_array_unref (self->keys);
  g_hash_table_unref (self->seals);
  g_ptr_array_unref (self->legacy_members);
  g_ptr_array_unref (self->legacy_connectors);
  g_free (self->name);
  g_free (self->reason);
  g_free (self);
}

/* Decoding: every member below is required unless its reader says otherwise. */

static gboolean
read_hex (const BnJsonFields *object, const char *member, guint8 *out, gsize len)
{
  const char *text = bn_json_fields_get_string (object, member);
  return text != NULL && strlen (text) == len * 2 && bn_hex_decode (text, out, len);
}

static gboolean
read_peer (const BnJsonFields *object, const char *member, guint8 out[BN_PUBLIC_KEY_LEN])
{
  return bn_peer_id_to_key (bn_json_fields_get_string (object, member), out);
}

static gboolean
read_count (const BnJsonFields *object, const char *member, gint64 min, gint64 *out)
{
  *out = bn_json_fields_get_int (object, member, G_MININT64);
  return *out >= min;
}

/* An array of hex strings of @len bytes each, all valid. */
static gboolean
read_hex_array (const BnJsonFields *object, const char *member, gsize len, GArray *out)
{
  const BnJsonFields *array = bn_json_fields_get_array (object, member);
  const BnJsonFields *element;
  guint8 buffer[BN_HASH_LEN];
  BnJsonIter iter;

  if (array == NULL || len > sizeof buffer)
    return FALSE;
  bn_json_iter_init (&iter, array);
  while ((element = bn_json_iter_next (&iter)) != NULL)
    {
      const char *text = bn_json_value_get_raw_string (element);
      if (text == NULL || strlen (text) != len * 2 || !bn_hex_decode (text, buffer, len))
        return FALSE;
      g_array_append_vals (out, buffer, 1);
    }
  return TRUE;
}

static gboolean
read_peer_array (const BnJsonFields *array, GPtrArray *out)
{
  const BnJsonFields *element;
  BnJsonIter iter;

  bn_json_iter_init (&iter, array);
  while ((element = bn_json_iter_next (&iter)) != NULL)
    {
      const char *text = bn_json_value_get_raw_string (element);
      guint8 key[BN_PUBLIC_KEY_LEN];

      if (text == NULL || !bn_peer_id_to_key (text, key))
        return FALSE;
      g_ptr_array_add (out, g_memdup2 (key, sizeof key));
    }
  return array != NULL;
}

static gboolean
read_seals (const BnJsonFields *object, GHashTable *seals)
{
  const BnJsonFields *map = bn_json_fields_get_object (object, M_SEALS);
  const BnJsonFields *member;
  BnJsonIter iter;

  if (map == NULL)
    return FALSE;
  bn_json_iter_init (&iter, map);
  while ((member = bn_json_iter_next (&iter)) != NULL)
    {
      const char *name = bn_json_value_get_name (member);
      const char *sealed = bn_json_value_get_string (member);
      guint8 key[BN_PUBLIC_KEY_LEN];

      if (!bn_peer_id_to_key (name, key) || sealed == NULL)
        return FALSE;
      g_hash_table_insert (seals, g_strdup (name), g_strdup (sealed));
    }
  return TRUE;
}

static gboolean
read_kind (BnRosterOp *self, const BnJsonFields *object)
{
  gint64 n;
  const BnJsonFields *legacy;

  switch (self->kind)
    {
    case BN_ROSTER_HOOD:
      self->name = g_strdup (bn_json_fields_get_string (object, M_NAME));
      if ((legacy = bn_json_fields_get_object (object, M_LEGACY)) != NULL
          && (!read_peer_array (bn_json_fields_get_array (legacy, M_MEMBERS), self->legacy_members)
              || !read_peer_array (bn_json_fields_get_array (legacy, M_CONNECTORS), self->legacy_connectors)))
        return FALSE;
      return self->name != NULL && read_hex (object, M_KEY, self->key, BN_KEY_ID_LEN);
    case BN_ROSTER_INVITE:
      if (!read_count (object, M_USES, 1, &n))
        return FALSE;
      self->uses = (guint) MIN (n, G_MAXUINT);
      if (!read_count (object, M_EXPIRES, 0, &n))
        return FALSE;
      self->expires_ms = n;
      return read_hex (object, M_INVITE, self->invite, BN_INVITE_ID_LEN)
             && read_hex (object, M_INVITE_KEY, self->invite_key, BN_PUBLIC_KEY_LEN)
             && read_hex (object, M_KEY, self->key, BN_KEY_ID_LEN);
    case BN_ROSTER_REVOKE:
      return read_hex (object, M_INVITE, self->invite, BN_INVITE_ID_LEN);
    case BN_ROSTER_ADMIT:
      self->name = g_strdup (bn_json_fields_get_string (object, M_NAME));
      return read_peer (object, M_MEMBER, self->member)
             && read_hex (object, M_INVITE, self->invite, BN_INVITE_ID_LEN)
             && read_hex (object, M_PROOF, self->proof, BN_SIGNATURE_LEN)
             && read_hex_array (object, M_KEYS, BN_KEY_ID_LEN, self->keys);
    case BN_ROSTER_APPOINT:
    case BN_ROSTER_DISMISS:
      return read_peer (object, M_MEMBER, self->member);
    case BN_ROSTER_REMOVE:
      self->reason = g_strdup (bn_json_fields_get_string (object, M_REASON));
      if (!read_count (object, M_UPTO, 0, &n))
        return FALSE;
      self->upto = (guint64) n;
      return read_peer (object, M_MEMBER, self->member);
    case BN_ROSTER_LEAVE:
      return TRUE;
    case BN_ROSTER_REPLACE:
      if (!read_count (object, M_UPTO, 0, &n))
        return FALSE;
      self->upto = (guint64) n;
      return read_peer (object, M_MEMBER, self->member) && read_peer (object, M_BY, self->by);
    case BN_ROSTER_EPOCH:
      return read_hex (object, M_KEY, self->key, BN_KEY_ID_LEN)
             && read_hex_array (object, M_PARENTS, BN_KEY_ID_LEN, self->keys)
             && read_seals (object, self->seals);
    case BN_ROSTER_SHARE:
      return read_hex (object, M_KEY, self->key, BN_KEY_ID_LEN) && read_seals (object, self->seals);
    case BN_ROSTER_N_KINDS:
    default:
      return FALSE;
    }
}

/**
 * bn_roster_op_decode:
 *
 * Unlike other entries, a roster entry is read strictly: one that lacks a
 * member its type needs, or has one of the wrong shape, is ignored as a whole.
 *
 * Returns: (transfer full) (nullable)
 */
BnRosterOp *
bn_roster_op_decode (const BnJsonFields *object,
                     const char        **why)
{
  const char *type = bn_json_fields_get_string (object, "type");
  g_autoptr(BnRosterOp) self = NULL;

  for (guint i = 0; type != NULL && i < BN_ROSTER_N_KINDS && self == NULL; i++)
    if (g_str_equal (kind_names[i], type))
      self = bn_roster_op_new (i);
  if (self == NULL)
    {
      *why = "it is not a roster entry";
      return NULL;
    }
  if (!read_hex_array (object, M_AFTER, BN_HASH_LEN, self->after))
    {
      *why = "its “after” is not a list of entry IDs";
      return NULL;
    }
  if (!read_kind (self, object))
    {
      *why = "a member it needs is missing or not valid";
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Encoding */

static void
set_hex (JsonObject *object, const char *member, const guint8 *data, gsize len)
{
  g_autofree char *hex = bn_hex_encode (data, len);
  json_object_set_string_member (object, member, hex);
}

static void
set_peer (JsonObject *object, const char *member, const guint8 key[BN_PUBLIC_KEY_LEN])
{
  g_autofree char *peer_id = bn_peer_id_from_key (key);
  json_object_set_string_member (object, member, peer_id);
}

static JsonArray *
hex_array (GArray *items, gsize len)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *hex = bn_hex_encode ((const guint8 *) items->data + i * len, len);
      json_array_add_string_element (array, hex);
    }
  return array;
}

static JsonArray *
peer_array (GPtrArray *keys)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *peer_id = bn_peer_id_from_key (g_ptr_array_index (keys, i));
      json_array_add_string_element (array, peer_id);
    }
  return array;
}

static JsonObject *
seals_object (GHashTable *seals)
{
  JsonObject *map = json_object_new ();
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (seals), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_string_member (map, l->data, g_hash_table_lookup (seals, l->data));
  return map;
}

/* Returns: (transfer full): the payload of @self, with its "type" and "after" */
JsonObject *
bn_roster_op_encode (const BnRosterOp *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", kind_names[self->kind]);
  json_object_set_array_member (object, M_AFTER, hex_array (self->after, BN_HASH_LEN));
  switch (self->kind)
    {
    case BN_ROSTER_HOOD:
      json_object_set_string_member (object, M_NAME, self->name);
      set_hex (object, M_KEY, self->key, BN_KEY_ID_LEN);
      if (self->legacy_members->len > 0)
        {
          JsonObject *legacy = json_object_new ();
          json_object_set_array_member (legacy, M_MEMBERS, peer_array (self->legacy_members));
          json_object_set_array_member (legacy, M_CONNECTORS, peer_array (self->legacy_connectors));
          json_object_set_object_member (object, M_LEGACY, legacy);
        }
      break;
    case BN_ROSTER_INVITE:
      set_hex (object, M_INVITE, self->invite, BN_INVITE_ID_LEN);
      set_hex (object, M_INVITE_KEY, self->invite_key, BN_PUBLIC_KEY_LEN);
      json_object_set_int_member (object, M_USES, self->uses);
      json_object_set_int_member (object, M_EXPIRES, self->expires_ms);
      set_hex (object, M_KEY, self->key, BN_KEY_ID_LEN);
      break;
    case BN_ROSTER_REVOKE:
      set_hex (object, M_INVITE, self->invite, BN_INVITE_ID_LEN);
      break;
    case BN_ROSTER_ADMIT:
      set_peer (object, M_MEMBER, self->member);
      set_hex (object, M_INVITE, self->invite, BN_INVITE_ID_LEN);
      set_hex (object, M_PROOF, self->proof, BN_SIGNATURE_LEN);
      if (self->name != NULL)
        json_object_set_string_member (object, M_NAME, self->name);
      json_object_set_array_member (object, M_KEYS, hex_array (self->keys, BN_KEY_ID_LEN));
      break;
    case BN_ROSTER_APPOINT:
    case BN_ROSTER_DISMISS:
      set_peer (object, M_MEMBER, self->member);
      break;
    case BN_ROSTER_REMOVE:
      set_peer (object, M_MEMBER, self->member);
      json_object_set_int_member (object, M_UPTO, (gint64) self->upto);
      if (self->reason != NULL)
        json_object_set_string_member (object, M_REASON, self->reason);
      break;
    case BN_ROSTER_LEAVE:
      break;
    case BN_ROSTER_REPLACE:
      set_peer (object, M_MEMBER, self->member);
      set_peer (object, M_BY, self->by);
      json_object_set_int_member (object, M_UPTO, (gint64) self->upto);
      break;
    case BN_ROSTER_EPOCH:
      set_hex (object, M_KEY, self->key, BN_KEY_ID_LEN);
      json_object_set_array_member (object, M_PARENTS, hex_array (self->keys, BN_KEY_ID_LEN));
      json_object_set_object_member (object, M_SEALS, seals_object (self->seals));
      break;
    case BN_ROSTER_SHARE:
      set_hex (object, M_KEY, self->key, BN_KEY_ID_LEN);
      json_object_set_object_member (object, M_SEALS, seals_object (self->seals));
      break;
    case BN_ROSTER_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  return object;
}

/* Seals: an epoch key sealed to one member's X25519 key. */

void
bn_roster_op_add_seal (BnRosterOp   *self,
                       const guint8  member[BN_PUBLIC_KEY_LEN],
                       const guint8  secret[BN_KEY_LEN])
{
  guint8 x_pk[crypto_box_PUBLICKEYBYTES];
  guint8 sealed[crypto_box_SEALBYTES + BN_KEY_LEN];

  if (crypto_sign_ed25519_pk_to_curve25519 (x_pk, member) != 0)
    return;
  crypto_box_seal (sealed, secret, BN_KEY_LEN, x_pk);
  g_hash_table_insert (self->seals, bn_peer_id_from_key (member),
                       g_base64_encode (sealed, sizeof sealed));
}

gboolean
bn_roster_op_seals_to (const BnRosterOp *self,
                       const guint8      member[BN_PUBLIC_KEY_LEN])
{
  g_autofree char *peer_id = bn_peer_id_from_key (member);
  return g_hash_table_contains (self->seals, peer_id);
}

/* Opens the key sealed to @me, if there is one. */
gboolean
bn_roster_op_open_seal (const BnRosterOp *self,
                        const BnIdentity *me,
                        guint8            secret[BN_KEY_LEN])
{
  g_autofree char *peer_id = bn_peer_id_from_key (me->public_key);
  const char *b64 = g_hash_table_lookup (self->seals, peer_id);
  guint8 x_pk[crypto_box_PUBLICKEYBYTES], x_sk[crypto_box_SECRETKEYBYTES];
  g_autofree guint8 *sealed = NULL;
  gsize len = 0;
  guint8 id[BN_KEY_ID_LEN];
  gboolean ok;

  if (b64 == NULL)
    return FALSE;
  sealed = g_base64_decode (b64, &len);
  if (len != crypto_box_SEALBYTES + BN_KEY_LEN
      || crypto_sign_ed25519_pk_to_curve25519 (x_pk, me->public_key) != 0)
    return FALSE;
  crypto_sign_ed25519_sk_to_curve25519 (x_sk, me->secret_key);
  ok = crypto_box_seal_open (secret, sealed, len, x_pk, x_sk) == 0;
  sodium_memzero (x_sk, sizeof x_sk);
  /* The key must be the one the entry says it gives. */
  if (ok)
    {
      bn_epoch_key_derive_id (secret, id);
      ok = memcmp (id, self->key, BN_KEY_ID_LEN) == 0;
    }
  if (!ok)
    sodium_memzero (secret, BN_KEY_LEN);
  return ok;
}

/* Folding: every roster entry goes into roster_ops; the store evaluates the
 * roster again before its transaction ends (bn_store_fold_locked). */

static gboolean
apply_roster_op (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnRosterOp *op = payload;
  g_autoptr(JsonObject) object = bn_roster_op_encode (op);
  g_autofree char *data = bn_json_object_to_string (object);
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO roster_ops (id, author, seq, ts, type, data) VALUES (?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) entry->seq);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 5, kind_names[op->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, data, -1, SQLITE_STATIC);
  if (!bn_fold_step (store, stmt, _("saving a change to the list of members"), error))
    return FALSE;
  bn_store_roster_changed (store);
  return TRUE;
}

/* Roster entries are never erased (a delete of one is ignored), so their rows
 * are only ever emptied by a rebuild. */
static const BnDerivedTable roster_tables[] = {
  { "roster_ops" }, { "members" }, { "invites" }, { "held" }, { NULL }
};

#define ROSTER_TYPE(type_name, tables_) {                               \
  .name = type_name,                                                    \
  .decode = (BnPayloadDecodeFunc) bn_roster_op_decode,                  \
  .free = (GDestroyNotify) bn_roster_op_free,                           \
  .apply = apply_roster_op,                                             \
  .tables = tables_,                                                    \
}

const BnEntryType bn_entry_type_hood = ROSTER_TYPE ("hood", roster_tables);
const BnEntryType bn_entry_type_invite = ROSTER_TYPE ("invite", NULL);
const BnEntryType bn_entry_type_revoke = ROSTER_TYPE ("revoke", NULL);
const BnEntryType bn_entry_type_admit = ROSTER_TYPE ("admit", NULL);
const BnEntryType bn_entry_type_appoint = ROSTER_TYPE ("appoint", NULL);
const BnEntryType bn_entry_type_dismiss = ROSTER_TYPE ("dismiss", NULL);
const BnEntryType bn_entry_type_remove = ROSTER_TYPE ("remove", NULL);
const BnEntryType bn_entry_type_leave = ROSTER_TYPE ("leave", NULL);
const BnEntryType bn_entry_type_replace = ROSTER_TYPE ("replace", NULL);
const BnEntryType bn_entry_type_epoch = ROSTER_TYPE ("epoch", NULL);
const BnEntryType bn_entry_type_share = ROSTER_TYPE ("share", NULL);
