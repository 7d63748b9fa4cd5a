/* bn-home-roster.c — what a neighbour does with the roster (docs/protocol.md
 * §9, §10): invite, admit a newcomer and welcome them, join, appoint and dismiss
 * connectors, remove, replace, leave, renew the key, and the upkeep every peer
 * does (an upgraded neighbourhood's root, keys for members who lack them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-roster-private.h"
#include "bn-entry-type.h"
#include "bn-error.h"
#include "bn-invite.h"
#include "bn-join-request.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-queries.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define META_JOIN_REQUEST "join_request"
#define META_REMOVED "removed_notice"
#define DAY_MS (G_GINT64_CONSTANT (24) * 3600 * 1000)

/* Writing roster entries */

static BnRoster *
load_roster (BnHome *self)
{
  return bn_store_load_roster (bn_home_get_store (self));
}

/* Appends @op with `after` set to @after (%NULL: left as it is), taken from
 * @roster, sealed with @key (or the current key). */
static BnEntry *
append_op_after (BnHome *self, const BnRoster *roster, GArray *after, BnRosterOp *op,
                 const BnEpochKey *key, GError **error)
{
  if (after != NULL)
    {
      g_array_set_size (op->after, 0);
      g_array_append_vals (op->after, after->data, after->len);
    }
  return bn_store_append_roster_op (bn_home_get_store (self), after ? roster : NULL, op, key,
                                    error);
}

/* Appends @op with `after` set to the frontier of @roster (the roster as it
 * stands now; %NULL: evaluate it), sealed with @key (or the current key). */
static BnEntry *
append_op (BnHome *self, const BnRoster *roster, BnRosterOp *op, const BnEpochKey *key,
           GError **error)
{
  g_autoptr(BnRoster) loaded = roster == NULL ? load_roster (self) : NULL;
  g_autoptr(GArray) frontier = NULL;

  if (roster == NULL)
    roster = loaded;
  frontier = roster ? bn_roster_frontier (roster) : NULL;
  return append_op_after (self, roster, frontier, op, key, error);
}

static const guint8 *
my_key (BnHome *self)
{
  return bn_home_get_identity (self)->public_key;
}

static gboolean
parse_peer (const char *peer_id, guint8 key[BN_PUBLIC_KEY_LEN], GError **error)
{
  if (bn_peer_id_to_key (peer_id, key))
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("“%s” is not a neighbour’s ID; see “buurtnet-cli members”"), peer_id ? peer_id : "");
  return FALSE;
}

static gboolean
require_member (BnHome *self, GError **error)
{
  if (!_bn_home_require_hood (self, error))
    return FALSE;
  if (bn_store_get_member_status (bn_home_get_store (self), my_key (self), NULL) == BN_MEMBER_ACTIVE)
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
               _("You are not a member of this neighbourhood (any more)"));
  return FALSE;
}

/* A plain sentence naming who can do it instead. */
static gboolean
require_connector (BnHome *self, GError **error)
{
  g_autoptr(GPtrArray) connectors = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  if (!require_member (self, error))
    return FALSE;
  if (bn_store_is_connector (bn_home_get_store (self), my_key (self)))
    return TRUE;
  connectors = bn_store_list_connectors (bn_home_get_store (self));
  for (guint i = 0; i < connectors->len; i++)
    {
      const BnProfile *p = g_ptr_array_index (connectors, i);
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, p->name ? p->name : p->fingerprint);
    }
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
               names->len > 0 ? _("Only a connector can do this; ask %s")
                              : _("Only a connector can do this"), names->str);
  return FALSE;
}

static gboolean
require_active (BnHome *self, const guint8 *key, const char *peer_id, GError **error)
{
  if (bn_store_get_member_status (bn_home_get_store (self), key, NULL) == BN_MEMBER_ACTIVE)
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
               _("%.12s… is not a member of this neighbourhood"), peer_id);
  return FALSE;
}

/* Invites */

/**
 * bn_home_create_invite:
 * @uses: how many neighbours it admits (at least 1)
 * @valid_ms: how long it is valid
 *
 * Publishes an invite (its public half) and returns the code to hand over.
 *
 * Returns: (transfer full): the code, `XXXX-XXXX-XXXX-XXXX-XXXX`
 */
char *
bn_home_create_invite (BnHome  *self,
                       guint    uses,
                       gint64   valid_ms,
                       GError **error)
{
  g_autoptr(BnInviteCode) code = NULL;
  g_autoptr(BnRosterOp) op = NULL;
  g_autoptr(BnRoster) roster = NULL;
  g_autoptr(BnEntry) entry = NULL;

  if (!require_member (self, error))
    return NULL;
  if (uses < 1 || valid_ms <= 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("An invite is for at least one neighbour and at least a day"));
      return NULL;
    }
  roster = load_roster (self);
  code = bn_invite_code_new_random ();
  op = bn_roster_op_new (BN_ROSTER_INVITE);
  memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
  memcpy (op->invite_key, code->invite_pk, BN_PUBLIC_KEY_LEN);
  op->uses = uses;
  op->expires_ms = g_get_real_time () / 1000 + valid_ms;
  if (roster != NULL && roster->has_current_key)
    memcpy (op->key, roster->current_key, BN_KEY_ID_LEN);
  else
    memcpy (op->key, bn_keyring_get_legacy (bn_home_get_hood (self)->keys)->id, BN_KEY_ID_LEN);
  entry = append_op (self, roster, op, NULL, error);
  if (entry == NULL)
    return NULL;
  return bn_invite_code_format (code);
}

/* Revokes an invite by its code or by its ID (from `buurtnet-cli invites`). */
gboolean
bn_home_revoke_invite (BnHome      *self,
                       const char  *code_or_id,
                       GError     **error)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_REVOKE);
  g_autoptr(BnInviteCode) code = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnRoster) roster = NULL;
  const BnRosterOp *invite = NULL;

  if (!require_member (self, error))
    return FALSE;
  if (!bn_hex_decode (code_or_id, op->invite, BN_INVITE_ID_LEN))
    {
      code = bn_invite_code_parse (code_or_id, error);
      if (code == NULL)
        return FALSE;
      memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
    }
  roster = load_roster (self);
  if (bn_roster_invite_state (roster, op->invite, 0, &invite) == BN_INVITE_UNKNOWN)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No invite with this code is known here"));
      return FALSE;
    }
  if (memcmp (invite->author, my_key (self), BN_PUBLIC_KEY_LEN) != 0
      && !require_connector (self, error))
    return FALSE;
  entry = append_op (self, roster, op, NULL, error);
  return entry != NULL;
}

/* Welcomes */

/* Every key this peer holds, oldest first (K0 first). */
static JsonArray *
keys_as_hex (BnHome *self)
{
  g_autoptr(GPtrArray) keys = bn_keyring_list (bn_home_get_hood (self)->keys);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < keys->len; i++)
    {
      const BnEpochKey *key = g_ptr_array_index (keys, i);
      g_autofree char *hex = bn_hex_encode (key->secret, BN_KEY_LEN);

      json_array_add_string_element (array, hex);
      sodium_memzero (hex, strlen (hex));
    }
  return array;
}

static void
list_key_ids (BnHome *self, GArray *ids)
{
  g_autoptr(GPtrArray) keys = bn_keyring_list (bn_home_get_hood (self)->keys);

  for (guint i = 0; i < keys->len; i++)
    g_array_append_vals (ids, ((const BnEpochKey *) g_ptr_array_index (keys, i))->id, 1);
}

/* The welcome with the current key of @roster, the roster as it stands. */
static GBytes *
make_welcome (BnHome         *self,
              const BnRoster *roster,
              const guint8    member[BN_PUBLIC_KEY_LEN])
{
  const BnHood *hood = bn_home_get_hood (self);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *anchor = bn_hex_encode (hood->anchor, BN_HASH_LEN);
  g_autofree char *me = bn_home_dup_peer_id (self);
  g_autofree char *json = NULL;
  guint8 x_pk[crypto_box_PUBLICKEYBYTES];
  guint8 *sealed;
  gsize len;

  json_object_set_string_member (object, "type", "welcome");
  json_object_set_string_member (object, "name", hood->name);
  json_object_set_string_member (object, "anchor", anchor);
  if (hood->has_founder)
    {
      g_autofree char *founder = bn_peer_id_from_key (hood->founder);
      json_object_set_string_member (object, "founder", founder);
    }
  json_object_set_array_member (object, "keys", keys_as_hex (self));
  if (roster != NULL && roster->has_current_key)
    {
      g_autofree char *current = bn_hex_encode (roster->current_key, BN_KEY_ID_LEN);
      json_object_set_string_member (object, "current", current);
    }
  json_object_set_string_member (object, "by", me);
  json = bn_json_object_to_string (object);
  len = strlen (json);
  sealed = g_malloc (crypto_box_SEALBYTES + len);
  if (crypto_sign_ed25519_pk_to_curve25519 (x_pk, member) != 0)
    {
      g_free (sealed);
      return NULL;
    }
  crypto_box_seal (sealed, (const guint8 *) json, len, x_pk);
  sodium_memzero (json, len);
  return g_bytes_new_take (sealed, crypto_box_SEALBYTES + len);
}

/**
 * bn_home_make_welcome:
 *
 * The neighbourhood's name, anchor and every epoch key this peer holds, sealed
 * to @member (docs/protocol.md §10).
 *
 * Returns: (transfer full): the sealed welcome
 */
GBytes *
bn_home_make_welcome (BnHome       *self,
                      const guint8  member[BN_PUBLIC_KEY_LEN])
{
  g_autoptr(BnRoster) roster = load_roster (self);

  return make_welcome (self, roster, member);
}

static gboolean
invite_closed (BnInviteState state, GError **error)
{
  const char *why = NULL;

  switch (state)
    {
    case BN_INVITE_OPEN:
      return FALSE;
    case BN_INVITE_UNKNOWN:
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("This invite code is not known here (yet)"));
      return TRUE;
    case BN_INVITE_EXPIRED:
      why = _("This invite code has expired; ask for a new one");
      break;
    case BN_INVITE_USED:
      why = _("This invite code has already been used; ask for a new one");
      break;
    case BN_INVITE_REVOKED:
      why = _("This invite code was withdrawn; ask for a new one");
      break;
    case BN_INVITE_RENEWED:
    default:
      why = _("This invite code no longer works since the neighbourhood key was renewed; ask for a new one");
      break;
    }
  g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED, why);
  return TRUE;
}

static gboolean
already_admitted (const BnRoster *roster, const BnJoinRequest *request)
{
  for (guint i = 0; i < roster->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);

      if (g_array_index (roster->valid, gboolean, i) && op->kind == BN_ROSTER_ADMIT
          && memcmp (op->member, request->member_pk, BN_PUBLIC_KEY_LEN) == 0
          && memcmp (op->invite, request->invite_id, BN_INVITE_ID_LEN) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * bn_home_admit:
 * @request: a join request's bytes (docs/protocol.md §10)
 * @state: (out) (optional): where the invite stands, when it admits no one
 *
 * Checks the request against the roster, admits the newcomer with an `admit`
 * entry, and returns their welcome. Asked again for a newcomer already admitted
 * with this invite, it returns a new welcome and writes nothing.
 *
 * Returns: (transfer full) (nullable): the sealed welcome
 */
GBytes *
bn_home_admit (BnHome         *self,
               GBytes         *request_bytes,
               BnInviteState  *state,
               GError        **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (request_bytes, &len);
  g_autoptr(BnJoinRequest) request = NULL;
  g_autoptr(BnRoster) roster = NULL;
  g_autoptr(BnRosterOp) op = NULL;
  g_autoptr(BnEntry) entry = NULL;
  const BnRosterOp *invite = NULL;
  BnInviteState where;

  if (state)
    *state = BN_INVITE_UNKNOWN;
  if (!require_member (self, error)
      || (request = bn_join_request_decode (data, len, error)) == NULL)
    return NULL;
  /* One evaluation for all of it: the check, the admission's `after` and the
   * welcome's current key (an admission changes none of them but the uses). */
  roster = load_roster (self);
  if (already_admitted (roster, request))
    return make_welcome (self, roster, request->member_pk);
  where = bn_roster_invite_state (roster, request->invite_id, g_get_real_time () / 1000, &invite);
  if (state)
    *state = where;
  if (invite_closed (where, error)
      || !bn_join_request_verify (request, invite->invite_key, error))
    return NULL;
  if (bn_store_get_member_status (bn_home_get_store (self), request->member_pk, NULL)
      > BN_MEMBER_ACTIVE)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("This identity left or was removed; join with a new one"));
      return NULL;
    }
  op = bn_roster_op_new (BN_ROSTER_ADMIT);
  memcpy (op->member, request->member_pk, BN_PUBLIC_KEY_LEN);
  memcpy (op->invite, request->invite_id, BN_INVITE_ID_LEN);
  memcpy (op->proof, request->proof, BN_SIGNATURE_LEN);
  op->name = g_strdup (request->name);
  list_key_ids (self, op->keys);
  entry = append_op (self, roster, op, NULL, error);
  if (entry == NULL)
    return NULL;
  return make_welcome (self, roster, request->member_pk);
}

/* Joining */

/**
 * bn_home_join_hood:
 * @code: the invite code a member handed over
 *
 * Prepares the join: the request that proves the code, to hand to a member's
 * peer (bn_home_get_join_request()). The join completes when a welcome comes
 * back (bn_home_accept_welcome()), live or by file.
 */
gboolean
bn_home_join_hood (BnHome      *self,
                   const char  *code_text,
                   GError     **error)
{
  g_autoptr(BnInviteCode) code = NULL;
  g_autoptr(BnJoinRequest) request = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = bn_home_dup_name (self);
  g_autofree char *hex = NULL;

  if (bn_home_get_hood (self) != NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_EXISTS,
                   _("This data directory already belongs to the neighbourhood “%s”; "
                     "use another data directory for a second neighbourhood"),
                   bn_home_get_hood (self)->name);
      return FALSE;
    }
  code = bn_invite_code_parse (code_text, error);
  if (code == NULL)
    return FALSE;
  request = bn_join_request_new (code, my_key (self), name ? name : _("A neighbour"), error);
  if (request == NULL)
    return FALSE;
  bytes = bn_join_request_encode (request);
  hex = bn_hex_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return bn_store_set_meta (bn_home_get_store (self), META_JOIN_REQUEST, hex, error);
}

/* Returns: (transfer full) (nullable): the join request waiting for a welcome */
GBytes *
bn_home_get_join_request (BnHome *self)
{
  g_autofree char *hex = bn_store_get_meta (bn_home_get_store (self), META_JOIN_REQUEST);
  gsize len = hex ? strlen (hex) / 2 : 0;
  g_autofree guint8 *data = NULL;

  if (hex == NULL || bn_home_get_hood (self) != NULL)
    return NULL;
  data = g_malloc (len + 1);
  if (!bn_hex_decode (hex, data, len))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

static JsonObject *
open_welcome (BnHome *self, GBytes *sealed, GError **error)
{
  const BnIdentity *me = bn_home_get_identity (self);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (sealed, &len);
  guint8 x_pk[crypto_box_PUBLICKEYBYTES], x_sk[crypto_box_SECRETKEYBYTES];
  g_autofree char *plain = NULL;
  gboolean opened;
  JsonObject *object;

  if (len <= crypto_box_SEALBYTES || len > 64 * 1024
      || crypto_sign_ed25519_pk_to_curve25519 (x_pk, me->public_key) != 0)
    goto bad;
  crypto_sign_ed25519_sk_to_curve25519 (x_sk, me->secret_key);
  plain = g_malloc0 (len - crypto_box_SEALBYTES + 1);
  opened = crypto_box_seal_open ((guint8 *) plain, data, len, x_pk, x_sk) == 0;
  sodium_memzero (x_sk, sizeof x_sk);
  if (!opened)
    goto bad;
  object = bn_json_object_from_string (plain);
  sodium_memzero (plain, len - crypto_box_SEALBYTES);
  if (object != NULL && g_strcmp0 (bn_json_get_string (object, "type"), "welcome") == 0)
    return object;
  g_clear_pointer (&object, json_object_unref);

bad:
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("The answer to your join request could not be read; try again"));
  return NULL;
}

/* The keys of a welcome, oldest first; K0 is the first. */
static GPtrArray *
welcome_keys (JsonObject *object)
{
  JsonArray *keys = bn_json_get_array (object, "keys");
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; keys != NULL && i < json_array_get_length (keys); i++)
    {
      JsonNode *node = json_array_get_element (keys, i);
      guint8 secret[BN_KEY_LEN];

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && bn_hex_decode (json_node_get_string (node), secret, BN_KEY_LEN))
        g_ptr_array_add (secrets, g_memdup2 (secret, BN_KEY_LEN));
      sodium_memzero (secret, sizeof secret);
    }
  return secrets;
}

/**
 * bn_home_accept_welcome:
 *
 * Completes a join: adopts the neighbourhood and the keys a member's peer
 * sealed to this identity. A welcome that does not open, or whose anchor does
 * not match its first key, is refused.
 */
gboolean
bn_home_accept_welcome (BnHome   *self,
                        GBytes   *sealed,
                        GError  **error)
{
  g_autoptr(JsonObject) welcome = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  const char *name, *founder_id, *current, *by;
  guint8 anchor[BN_HASH_LEN], founder[BN_PUBLIC_KEY_LEN], current_id[BN_KEY_ID_LEN];
  guint8 by_key[BN_PUBLIC_KEY_LEN];
  gboolean has_founder;
  BnHood *hood;

  if (bn_home_get_hood (self) != NULL)
    return TRUE;   /* joined already (a second welcome from another peer) */
  welcome = open_welcome (self, sealed, error);
  if (welcome == NULL)
    return FALSE;
  keys = welcome_keys (welcome);
  name = bn_json_get_string (welcome, "name");
  founder_id = bn_json_get_string (welcome, "founder");
  has_founder = founder_id != NULL && bn_peer_id_to_key (founder_id, founder);
  if (name == NULL || keys->len == 0
      || !bn_hex_decode (bn_json_get_string (welcome, "anchor"), anchor, BN_HASH_LEN)
      || !bn_hood_check_anchor (anchor, g_ptr_array_index (keys, 0), has_founder ? founder : NULL))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("The answer to your join request does not hold together; ask the neighbour who invited you"));
      return FALSE;
    }
  hood = has_founder ? bn_hood_new_with_founder (name, g_ptr_array_index (keys, 0), founder)
                     : bn_hood_new_from_secret (name, g_ptr_array_index (keys, 0));
  current = bn_json_get_string (welcome, "current");
  by = bn_json_get_string (welcome, "by");
  if (by != NULL && bn_peer_id_to_key (by, by_key)
      && !bn_store_set_meta (bn_home_get_store (self), "welcomed_by", by, error))
    return FALSE;
  if (!_bn_home_adopt_hood (self, hood, keys,
                            current && bn_hex_decode (current, current_id, BN_KEY_ID_LEN)
                            ? current_id : NULL, error))
    return FALSE;
  return bn_store_exec (bn_home_get_store (self),
                        "DELETE FROM meta WHERE key = '" META_JOIN_REQUEST "'", error);
}

/* Roles and removal */

static BnEntry *
write_member_op (BnHome *self, BnRosterKind kind, const char *peer_id, GError **error)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (kind);

  if (!parse_peer (peer_id, op->member, error))
    return NULL;
  return append_op (self, NULL, op, NULL, error);
}

gboolean
bn_home_appoint (BnHome      *self,
                 const char  *peer_id,
                 GError     **error)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autoptr(BnEntry) entry = NULL;

  if (!require_connector (self, error) || !parse_peer (peer_id, key, error)
      || !require_active (self, key, peer_id, error))
    return FALSE;
  entry = write_member_op (self, BN_ROSTER_APPOINT, peer_id, error);
  return entry != NULL;
}

/* Dismisses a connector; anyone may step down themself. */
gboolean
bn_home_dismiss (BnHome      *self,
                 const char  *peer_id,
                 GError     **error)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autoptr(BnEntry) entry = NULL;

  if (!parse_peer (peer_id, key, error))
    return FALSE;
  if (memcmp (key, my_key (self), BN_PUBLIC_KEY_LEN) == 0
      ? !require_member (self, error) : !require_connector (self, error))
    return FALSE;
  if (!bn_store_is_connector (bn_home_get_store (self), key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("%.12s… is not a connector"), peer_id);
      return FALSE;
    }
  entry = write_member_op (self, BN_ROSTER_DISMISS, peer_id, error);
  return entry != NULL;
}

/* A new epoch: a fresh key sealed to every member of the roster as it stands
 * (after what was just written), written with the parent key so that members
 * who do not have the new one can read it (docs/protocol.md §9.6). */
static gboolean
start_epoch (BnHome *self, GError **error)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(BnRoster) roster = load_roster (self);
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_EPOCH);
  g_autoptr(BnEntry) entry = NULL;
  const BnEpochKey *parent = NULL;
  guint8 secret[BN_KEY_LEN];
  GHashTableIter iter;
  gpointer value;

  crypto_kdf_keygen (secret);
  bn_epoch_key_derive_id (secret, op->key);
  g_array_append_vals (op->keys, roster->epoch_heads->data, roster->epoch_heads->len);
  if (roster->has_current_key)
    parent = bn_keyring_lookup (bn_home_get_hood (self)->keys, roster->current_key);
  g_hash_table_iter_init (&iter, roster->members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const BnRosterMember *m = value;
      if (m->status == BN_MEMBER_ACTIVE)
        bn_roster_op_add_seal (op, m->key, secret);
    }
  entry = append_op (self, roster, op, parent, error);
  sodium_memzero (secret, sizeof secret);
  /* Folding my own epoch opened its seal to me; writers use the key from now. */
  (void) store;
  return entry != NULL;
}

static guint64
head_seq (BnHome *self, const guint8 *key)
{
  BnHead head;

  return bn_store_get_head (bn_home_get_store (self), key, &head) ? head.seq : 0;
}

static const char *const removal_reasons[] = { "left", "moved", "lost-device", "conduct", NULL };

/**
 * bn_home_remove_member:
 * @reason: (nullable): left, moved, lost-device or conduct
 *
 * Removes a neighbour and starts a new epoch without them: from then on they
 * read nothing new and every peer that knows of it answers them no more.
 */
gboolean
bn_home_remove_member (BnHome      *self,
                       const char  *peer_id,
                       const char  *reason,
                       GError     **error)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_REMOVE);
  g_autoptr(BnEntry) entry = NULL;

  if (!require_connector (self, error) || !parse_peer (peer_id, op->member, error)
      || !require_active (self, op->member, peer_id, error))
    return FALSE;
  if (memcmp (op->member, my_key (self), BN_PUBLIC_KEY_LEN) == 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("To go, leave the neighbourhood instead of removing yourself"));
      return FALSE;
    }
  if (reason != NULL && !g_strv_contains (removal_reasons, reason))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A reason is “left”, “moved”, “lost-device” or “conduct”"));
      return FALSE;
    }
  op->upto = head_seq (self, op->member);
  op->reason = g_strdup (reason);
  entry = append_op (self, NULL, op, NULL, error);
  return entry != NULL && start_epoch (self, error);
}

/**
 * bn_home_replace_member:
 *
 * For a lost laptop: the neighbour's new identity (already joined with an
 * invite, or about to be) takes the old one's place and role; the old identity
 * reads nothing new.
 */
gboolean
bn_home_replace_member (BnHome      *self,
                        const char  *old_peer_id,
                        const char  *new_peer_id,
                        GError     **error)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_REPLACE);
  g_autoptr(BnEntry) entry = NULL;

  if (!require_connector (self, error) || !parse_peer (old_peer_id, op->member, error)
      || !parse_peer (new_peer_id, op->by, error)
      || !require_active (self, op->member, old_peer_id, error))
    return FALSE;
  if (memcmp (op->member, op->by, BN_PUBLIC_KEY_LEN) == 0
      || bn_store_get_member_status (bn_home_get_store (self), op->by, NULL) > BN_MEMBER_ACTIVE)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("The new identity must be another one, never removed"));
      return FALSE;
    }
  op->upto = head_seq (self, op->member);
  entry = append_op (self, NULL, op, NULL, error);
  return entry != NULL && start_epoch (self, error);
}

gboolean
bn_home_leave (BnHome  *self,
               GError **error)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_LEAVE);
  g_autoptr(BnEntry) entry = NULL;

  if (!require_member (self, error))
    return FALSE;
  entry = append_op (self, NULL, op, NULL, error);
  return entry != NULL;
}

/* "Renew the key": a leaked code, a lost laptop. Every open invite closes. */
gboolean
bn_home_renew_key (BnHome  *self,
                   GError **error)
{
  return require_connector (self, error) && start_epoch (self, error);
}

/* Upkeep */

static gboolean
op_gives_key (const BnRosterOp *op, const guint8 *key_id, const guint8 *member)
{
  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      return memcmp (op->key, key_id, BN_KEY_ID_LEN) == 0
             && (memcmp (op->author, member, BN_PUBLIC_KEY_LEN) == 0
                 || g_ptr_array_find_with_equal_func (op->legacy_members, member,
                                                      (GEqualFunc) bn_same_key, NULL));
    case BN_ROSTER_ADMIT:
      if (memcmp (op->member, member, BN_PUBLIC_KEY_LEN) != 0)
        return FALSE;
      for (guint i = 0; i < op->keys->len; i++)
        if (memcmp (&g_array_index (op->keys, guint8, i * BN_KEY_ID_LEN), key_id, BN_KEY_ID_LEN) == 0)
          return TRUE;
      return FALSE;
    case BN_ROSTER_EPOCH:
    case BN_ROSTER_SHARE:
      if (memcmp (op->key, key_id, BN_KEY_ID_LEN) != 0)
        return FALSE;
      if (memcmp (op->author, member, BN_PUBLIC_KEY_LEN) == 0)
        return TRUE;
      return bn_roster_op_seals_to (op, member);
    default:
      return FALSE;
    }
}

static gboolean
holds_key (const BnRoster *roster, const guint8 *key_id, const guint8 *member)
{
  for (guint i = 0; i < roster->ops->len; i++)
    if (op_gives_key (g_ptr_array_index (roster->ops, i), key_id, member))
      return TRUE;
  return FALSE;
}

/* The newest key I hold that @member holds too: the envelope of a share to them. */
static const BnEpochKey *
key_they_hold (BnHome *self, const BnRoster *roster, const guint8 *member)
{
  g_autoptr(GPtrArray) keys = bn_keyring_list (bn_home_get_hood (self)->keys);

  for (guint i = keys->len; i > 0; i--)
    {
      const BnEpochKey *key = g_ptr_array_index (keys, i - 1);
      if (holds_key (roster, key->id, member))
        return key;
    }
  return NULL;
}

static gboolean
admitted_by_me (BnHome *self, const BnRoster *roster, const guint8 *member)
{
  const BnRosterMember *m = bn_roster_get_member (roster, member);
  return m != NULL && m->granted != NULL
         && memcmp (m->granted->author, my_key (self), BN_PUBLIC_KEY_LEN) == 0;
}

/* Who holds a key, from every entry that gives it (op_gives_key()), gathered
 * in one pass: asked for every member, holds_key() would read every entry
 * for each. */
typedef struct
{
  GHashTable *keys;       /* public keys (borrowed from the roster's entries) */
  GHashTable *peer_ids;   /* peer IDs sealed to (borrowed) */
} Holders;

static void
holders_init (Holders *holders, const BnRoster *roster, const guint8 *key_id)
{
  holders->keys = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);
  holders->peer_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < roster->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);
      GHashTableIter iter;
      gpointer peer_id;

      switch (op->kind)
        {
        case BN_ROSTER_HOOD:
          if (memcmp (op->key, key_id, BN_KEY_ID_LEN) != 0)
            break;
          g_hash_table_add (holders->keys, (gpointer) op->author);
          for (guint j = 0; j < op->legacy_members->len; j++)
            g_hash_table_add (holders->keys, g_ptr_array_index (op->legacy_members, j));
          break;
        case BN_ROSTER_ADMIT:
          for (guint j = 0; j < op->keys->len; j++)
            if (memcmp (&g_array_index (op->keys, guint8, j * BN_KEY_ID_LEN), key_id, BN_KEY_ID_LEN) == 0)
              g_hash_table_add (holders->keys, (gpointer) op->member);
          break;
        case BN_ROSTER_EPOCH:
        case BN_ROSTER_SHARE:
          if (memcmp (op->key, key_id, BN_KEY_ID_LEN) != 0)
            break;
          g_hash_table_add (holders->keys, (gpointer) op->author);
          g_hash_table_iter_init (&iter, op->seals);
          while (g_hash_table_iter_next (&iter, &peer_id, NULL))
            g_hash_table_add (holders->peer_ids, peer_id);
          break;
        default:
          break;
        }
    }
}

static void
holders_clear (Holders *holders)
{
  g_clear_pointer (&holders->keys, g_hash_table_unref);
  g_clear_pointer (&holders->peer_ids, g_hash_table_unref);
}

static gboolean
holders_have (const Holders *holders, const guint8 *member)
{
  g_autofree char *peer_id = NULL;

  if (g_hash_table_contains (holders->keys, member))
    return TRUE;
  peer_id = bn_peer_id_from_key (member);
  return g_hash_table_contains (holders->peer_ids, peer_id);
}

/* Members who lack the current key get it from the peer of the member who
 * admitted them, or of a connector (docs/protocol.md §9.6). */
static gboolean
share_current_key (BnHome *self, const BnRoster *roster, gboolean connector, GError **error)
{
  const BnEpochKey *current = bn_keyring_lookup (bn_home_get_hood (self)->keys, roster->current_key);
  Holders holders = { NULL, NULL };
  g_autoptr(GArray) after = NULL;
  GHashTableIter iter;
  gpointer value;
  gboolean ok = TRUE;

  if (current == NULL)
    return TRUE;
  holders_init (&holders, roster, current->id);
  after = bn_roster_frontier (roster);
  g_hash_table_iter_init (&iter, roster->members);
  while (ok && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const BnRosterMember *m = value;
      g_autoptr(BnRosterOp) op = NULL;
      g_autoptr(BnEntry) entry = NULL;
      const BnEpochKey *envelope;

      if (m->status != BN_MEMBER_ACTIVE || holders_have (&holders, m->key)
          || (!connector && !admitted_by_me (self, roster, m->key))
          || (envelope = key_they_hold (self, roster, m->key)) == NULL)
        continue;
      op = bn_roster_op_new (BN_ROSTER_SHARE);
      memcpy (op->key, current->id, BN_KEY_ID_LEN);
      bn_roster_op_add_seal (op, m->key, current->secret);
      /* Each share names the one before: the frontier once it is written. */
      entry = append_op_after (self, roster, after, op, envelope, error);
      ok = entry != NULL;
      if (ok)
        {
          g_array_set_size (after, 0);
          g_array_append_vals (after, entry->id, 1);
        }
    }
  holders_clear (&holders);
  return ok;
}

/* Of the active connectors, the one with the smallest key merges concurrent
 * epochs, so that two connectors do not keep merging each other's merges. */
static gboolean
i_merge_epochs (BnHome *self, const BnRoster *roster)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, roster->members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const BnRosterMember *m = value;
      if (m->status == BN_MEMBER_ACTIVE && m->connector
          && memcmp (m->key, my_key (self), BN_PUBLIC_KEY_LEN) < 0)
        return FALSE;
    }
  return TRUE;
}

/* An upgraded neighbourhood's root, from this peer's version 1 logs (§9.8). */
static gboolean
write_legacy_root (BnHome *self, GError **error)
{
  BnStore *store = bn_home_get_store (self);
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_HOOD);
  g_autoptr(GPtrArray) profiles = bn_store_list_profiles (store, NULL);
  g_autoptr(GArray) heads = bn_store_list_heads (store);
  g_autoptr(BnEntry) entry = NULL;

  for (guint i = 0; i < heads->len; i++)
    {
      const BnHead *head = &g_array_index (heads, BnHead, i);
      if (bn_store_author_wrote_v1 (store, head->author))
        g_ptr_array_add (op->legacy_members, g_memdup2 (head->author, BN_PUBLIC_KEY_LEN));
    }
  if (!g_ptr_array_find_with_equal_func (op->legacy_members, my_key (self),
                                         (GEqualFunc) bn_same_key, NULL))
    return TRUE;   /* only a member who wrote before the upgrade vouches for the others */
  for (guint i = 0; i < profiles->len; i++)
    {
      const BnProfile *p = g_ptr_array_index (profiles, i);
      guint8 key[BN_PUBLIC_KEY_LEN];
      if (p->connector && bn_peer_id_to_key (p->peer_id, key)
          && g_ptr_array_find_with_equal_func (op->legacy_members, key, (GEqualFunc) bn_same_key, NULL))
        g_ptr_array_add (op->legacy_connectors, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
    }
  if (op->legacy_connectors->len == 0)
    g_ptr_array_add (op->legacy_connectors, g_memdup2 (my_key (self), BN_PUBLIC_KEY_LEN));
  op->name = g_strdup (bn_home_get_hood (self)->name);
  memcpy (op->key, bn_keyring_get_legacy (bn_home_get_hood (self)->keys)->id, BN_KEY_ID_LEN);
  entry = append_op (self, NULL, op, NULL, error);
  return entry != NULL;
}

/**
 * bn_home_tend_roster:
 *
 * The upkeep every peer does after its roster changed, writing entries only
 * when there is something to do: an upgraded neighbourhood's root and its first
 * renewal; the current key for members who lack it; one epoch after concurrent
 * renewals. Safe to call after every sync.
 */
static void
fill_string (char **mine, const char *theirs)
{
  if ((*mine == NULL || **mine == '\0') && theirs != NULL)
    {
      g_free (*mine);
      *mine = g_strdup (theirs);
    }
}

static void
fill_strv (char ***mine, char **theirs)
{
  if ((*mine == NULL || **mine == NULL) && theirs != NULL)
    {
      g_strfreev (*mine);
      *mine = g_strdupv (theirs);
    }
}

/* A neighbour whose new computer took the place of their old identity (a lost
 * laptop, `replace`) keeps what their old profile said: this peer publishes it
 * under the new identity once, keeping what the new profile says already
 * (docs/protocol.md §9.7). Waits for the old profile to arrive. */
static gboolean
carry_over_profile (BnHome *self, const BnRoster *roster, GError **error)
{
  BnStore *store = bn_home_get_store (self);
  const BnRosterMember *old = NULL;
  g_autofree char *old_id = NULL, *done = NULL;
  g_autoptr(BnProfile) theirs = NULL;
  g_autoptr(BnProfile) mine = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, roster->members);
  while (old == NULL && g_hash_table_iter_next (&iter, NULL, &value))
    {
      const BnRosterMember *m = value;
      if (m->has_replaced_by && memcmp (m->replaced_by, my_key (self), BN_PUBLIC_KEY_LEN) == 0)
        old = m;
    }
  if (old == NULL)
    return TRUE;
  old_id = bn_peer_id_from_key (old->key);
  done = bn_store_get_meta (store, "profile_carried_from");
  if (g_strcmp0 (done, old_id) == 0)
    return TRUE;
  /* Their own row, not a copy for us (bn-type-profile.c). */
  theirs = bn_store_get_profile (store, old->key);
  if (theirs == NULL)
    return TRUE;
  mine = bn_store_get_profile (store, my_key (self));
  if (mine == NULL)
    mine = g_new0 (BnProfile, 1);
  fill_string (&mine->name, theirs->name);
  fill_string (&mine->about, theirs->about);
  fill_strv (&mine->talents, theirs->talents);
  fill_strv (&mine->needs, theirs->needs);
  fill_strv (&mine->languages, theirs->languages);
  fill_string (&mine->street, theirs->street);
  fill_string (&mine->building, theirs->building);
  fill_string (&mine->number, theirs->number);
  fill_string (&mine->box, theirs->box);
  fill_string (&mine->floor, theirs->floor);
  return bn_home_publish_profile (self, mine, error)
         && bn_store_set_meta (store, "profile_carried_from", old_id, error);
}

gboolean
bn_home_tend_roster (BnHome  *self,
                     GError **error)
{
  const BnHood *hood = bn_home_get_hood (self);
  g_autoptr(BnRoster) roster = NULL;
  const BnRosterMember *me;
  gboolean connector;

  if (hood == NULL)
    return TRUE;
  roster = load_roster (self);
  if (!roster->has_root && !hood->has_founder)
    {
      if (!write_legacy_root (self, error))
        return FALSE;
      g_clear_pointer (&roster, bn_roster_free);
      roster = load_roster (self);
    }
  me = bn_roster_get_member (roster, my_key (self));
  if (!roster->has_root || me == NULL || me->status != BN_MEMBER_ACTIVE)
    return TRUE;
  if (!_bn_home_tend_place (self, error) || !carry_over_profile (self, roster, error))
    return FALSE;
  connector = me->connector;
  /* Old invite codes carried K0: an upgraded neighbourhood leaves it at once. */
  if (connector && !hood->has_founder && roster->has_current_key
      && memcmp (roster->current_key, bn_keyring_get_legacy (hood->keys)->id, BN_KEY_ID_LEN) == 0)
    return start_epoch (self, error);
  if (connector && roster->epoch_heads->len > 1 && i_merge_epochs (self, roster))
    return start_epoch (self, error);
  return share_current_key (self, roster, connector, error);
}

/* Standing: what this peer knows of its own place on the roster */

/* A peer that refused us showed us our removal (bn_store_take_removal_notice())
 * before its entries reached our roster: we are out all the same. */
static BnMemberStatus
standing_from_notice (BnHome *self, char **reason, char **by)
{
  g_autofree char *text = bn_store_get_meta (bn_home_get_store (self), "removed_notice");
  g_autoptr(JsonObject) notice = text ? bn_json_object_from_string (text) : NULL;

  if (notice == NULL)
    return BN_MEMBER_ACTIVE;
  if (reason)
    *reason = g_strdup (bn_json_get_string (notice, "reason"));
  if (by)
    *by = g_strdup (bn_json_get_string (notice, "by"));
  if (g_strcmp0 (bn_json_get_string (notice, "kind"), "replace") == 0)
    return BN_MEMBER_REPLACED;
  if (g_strcmp0 (bn_json_get_string (notice, "kind"), "leave") == 0)
    return BN_MEMBER_LEFT;
  return BN_MEMBER_REMOVED;
}

/**
 * bn_home_get_standing:
 * @reason: (out) (optional) (transfer full): the removal's reason, when removed
 * @by: (out) (optional) (transfer full): who ended the membership (peer ID)
 *
 * Returns: where this identity stands on its own roster
 */
BnMemberStatus
bn_home_get_standing (BnHome  *self,
                      char   **reason,
                      char   **by)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *me = bn_home_dup_peer_id (self);
  BnMemberStatus status;

  if (reason)
    *reason = NULL;
  if (by)
    *by = NULL;
  if (bn_home_get_hood (self) == NULL)
    return BN_MEMBER_UNKNOWN;
  status = bn_store_get_member_status (bn_home_get_store (self), my_key (self), NULL);
  if (status == BN_MEMBER_ACTIVE)
    return standing_from_notice (self, reason, by);
  if (status < BN_MEMBER_ACTIVE)
    return status;
  members = bn_store_list_members (bn_home_get_store (self), TRUE);
  for (guint i = 0; i < members->len; i++)
    {
      const BnMember *m = g_ptr_array_index (members, i);
      if (g_strcmp0 (m->peer_id, me) != 0)
        continue;
      if (reason)
        *reason = g_strdup (m->reason);
      if (by)
        *by = g_strdup (m->ended_by);
    }
  return status;
}

/* The newcomers I admitted since @since_ms who are members, as @roster says. */
static GPtrArray *
my_admissions (BnHome *self, const BnRoster *roster, gint64 since_ms)
{
  GPtrArray *members = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);

  for (guint i = 0; roster != NULL && i < roster->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);
      const BnRosterMember *m;

      if (op->kind != BN_ROSTER_ADMIT || op->timestamp_ms < since_ms
          || !g_array_index (roster->valid, gboolean, i)
          || memcmp (op->author, my_key (self), BN_PUBLIC_KEY_LEN) != 0
          || (m = bn_roster_get_member (roster, op->member)) == NULL
          || m->status != BN_MEMBER_ACTIVE
          || !g_hash_table_add (seen, (gpointer) op->member))
        continue;
      g_ptr_array_add (members, g_memdup2 (op->member, BN_PUBLIC_KEY_LEN));
    }
  return members;
}

/**
 * bn_home_list_my_admissions:
 * @since_ms: the oldest admission to list
 *
 * The newcomers this peer admitted since @since_ms who are members: whoever may
 * still be waiting for their welcome by file (docs/protocol.md §10).
 *
 * Returns: (transfer full) (element-type guint8[32]): their public keys
 */
GPtrArray *
bn_home_list_my_admissions (BnHome *self,
                            gint64  since_ms)
{
  g_autoptr(BnRoster) roster = load_roster (self);

  return my_admissions (self, roster, since_ms);
}

/**
 * bn_home_make_my_welcomes:
 * @since_ms: the oldest admission
 *
 * The welcomes of the newcomers bn_home_list_my_admissions() lists, with one
 * evaluation of the roster for all of them, where bn_home_make_welcome() for
 * each would evaluate it once per newcomer.
 *
 * Returns: (transfer full) (element-type GBytes): their welcomes
 */
GPtrArray *
bn_home_make_my_welcomes (BnHome *self,
                          gint64  since_ms)
{
  g_autoptr(BnRoster) roster = load_roster (self);
  g_autoptr(GPtrArray) members = my_admissions (self, roster, since_ms);
  GPtrArray *welcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < members->len; i++)
    {
      GBytes *welcome = make_welcome (self, roster, g_ptr_array_index (members, i));
      if (welcome != NULL)
        g_ptr_array_add (welcomes, welcome);
    }
  return welcomes;
}
