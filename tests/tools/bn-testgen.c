/* bn-testgen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-testgen.h"
#include "bn-roster-private.h"
#include "bn-join-request.h"

#include <string.h>

static const char *const titles[] = {
  "Boodschappen doen op zaterdag",
  "Qui peut m'aider avec un formulaire de la commune ?",
  "A lift to the doctor on Tuesday morning",
  "Een wandeling in het park",
  "Je prête ma perceuse",
  "Help with my new phone",
};

static JsonObject *
make_payload (guint author_index, guint64 seq, const char *name)
{
  JsonObject *object = json_object_new ();

  if (seq == 1)
    {
      JsonObject *place = json_object_new ();
      json_object_set_string_member (object, "type", "profile");
      json_object_set_string_member (object, "name", name);
      json_object_set_string_member (place, "street", "Rue Haute");
      json_object_set_string_member (place, "building", author_index % 2 ? "12" : "14");
      json_object_set_object_member (object, "place", place);
      return object;
    }
  json_object_set_string_member (object, "type", "post");
  json_object_set_string_member (object, "kind", seq % 3 ? "request" : "offer");
  json_object_set_string_member (object, "category", seq % 2 ? "errands" : "company");
  json_object_set_string_member (object, "title", titles[seq % G_N_ELEMENTS (titles)]);
  json_object_set_string_member (object, "body",
      "Small things count: a neighbour who has an hour this week would make my day. "
      "Merci, dank je, thank you!");
  json_object_set_string_member (object, "visibility", "neighbourhood");
  return object;
}

static void
append_log (GPtrArray *entries, const BnHood *hood, const BnEpochKey *key, BnIdentity *author,
            guint a, guint n_entries)
{
  g_autofree char *name = g_strdup_printf ("Neighbour %u", a + 1);
  guint8 prev[BN_HASH_LEN];

  memcpy (prev, hood->anchor, BN_HASH_LEN);
  for (guint64 seq = 1; seq <= n_entries; seq++)
    {
      g_autoptr(JsonObject) object = make_payload (a, seq, name);
      g_autoptr(GBytes) payload = bn_payload_encrypt (key, author->public_key, seq, object,
                                                      NULL, NULL);
      BnEntry *entry = bn_entry_new_signed (author, BN_ENTRY_VERSION, seq, prev,
                                            1795000000000 + (gint64) seq * 1000, payload);
      memcpy (prev, entry->id, BN_HASH_LEN);
      g_ptr_array_add (entries, entry);
    }
}

GPtrArray *
bn_testgen_make_foreign_logs (const BnHood *hood,
                              guint         n_authors,
                              guint         n_entries)
{
  GPtrArray *entries = g_ptr_array_new_full (n_authors * n_entries,
                                             (GDestroyNotify) bn_entry_unref);

  for (guint a = 0; a < n_authors; a++)
    {
      g_autoptr(BnIdentity) author = bn_identity_new_random ();
      append_log (entries, hood, bn_keyring_get_legacy (hood->keys), author, a, n_entries);
    }
  return entries;
}

/* The key @member's new entries are sealed with: the current epoch's. */
static const BnEpochKey *
current_key (BnHome *member)
{
  g_autofree char *hex = bn_store_get_meta (bn_home_get_store (member), "current_key");
  guint8 id[BN_KEY_ID_LEN];
  const BnEpochKey *key = NULL;

  if (hex != NULL && bn_hex_decode (hex, id, BN_KEY_ID_LEN))
    key = bn_keyring_lookup (bn_home_get_hood (member)->keys, id);
  return key != NULL ? key : bn_keyring_get_legacy (bn_home_get_hood (member)->keys);
}

/* The member's admissions of @n_authors new identities, as bn_home_admit() writes
 * them (an `admit` entry each in the member's log, `after` naming the one before,
 * sealed with the current key), made here and stored in one transaction with one
 * fold. bn_home_admit() evaluates the whole roster for every newcomer, and the
 * fold of its admission once more: about linear in the roster's entries (0.3
 * CPU-s for one admission at 5,000 members; it was 15-20 s before 5 December),
 * so thousands one by one still add up to many minutes. */
GPtrArray *
bn_testgen_admit (BnHome *member,
                  guint   n_authors)
{
  BnStore *store = bn_home_get_store (member);
  const BnIdentity *me = bn_home_get_identity (member);
  const BnEpochKey *key = current_key (member);
  GPtrArray *authors = g_ptr_array_new_full (n_authors, (GDestroyNotify) bn_identity_free);
  g_autoptr(GPtrArray) admits = g_ptr_array_new_full (n_authors, (GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) keys = bn_keyring_list (bn_home_get_hood (member)->keys);
  g_autoptr(BnRoster) roster = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = bn_home_create_invite (member, MAX (n_authors, 1),
                                                 BN_INVITE_DEFAULT_MS, &error);
  g_autoptr(BnInviteCode) code = text ? bn_invite_code_parse (text, &error) : NULL;
  BnInsertResult result = { 0 };
  guint8 prev[BN_HASH_LEN];
  BnHead head;

  if (code == NULL)
    g_error ("bn-testgen: could not invite: %s", error->message);
  /* The first admission comes after the invite, the roster's newest entry now. */
  roster = bn_store_load_roster (store);
  after = bn_roster_frontier (roster);
  bn_store_get_head (store, me->public_key, &head);
  memcpy (prev, head.seq == 0 ? bn_home_get_hood (member)->anchor : head.id, BN_HASH_LEN);
  for (guint a = 0; a < n_authors; a++)
    {
      BnIdentity *author = bn_identity_new_random ();
      g_autoptr(BnJoinRequest) request = bn_join_request_new (code, author->public_key,
                                                              "Neighbour", NULL);
      g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_ADMIT);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GBytes) payload = NULL;
      BnEntry *entry;

      memcpy (op->member, request->member_pk, BN_PUBLIC_KEY_LEN);
      memcpy (op->invite, request->invite_id, BN_INVITE_ID_LEN);
      memcpy (op->proof, request->proof, BN_SIGNATURE_LEN);
      op->name = g_strdup (request->name);
      for (guint k = 0; k < keys->len; k++)
        g_array_append_vals (op->keys, ((const BnEpochKey *) g_ptr_array_index (keys, k))->id, 1);
      g_array_append_vals (op->after, after->data, after->len);
      object = bn_roster_op_encode (op);
      payload = bn_payload_encrypt (key, me->public_key, head.seq + 1 + a, object, NULL, NULL);
      entry = bn_entry_new_signed (me, BN_ENTRY_VERSION, head.seq + 1 + a, prev,
                                   g_get_real_time () / 1000, payload);
      memcpy (prev, entry->id, BN_HASH_LEN);
      g_array_set_size (after, 0);
      g_array_append_vals (after, entry->id, 1);
      g_ptr_array_add (admits, entry);
      g_ptr_array_add (authors, author);
    }
  if (!bn_store_insert_verified (store, admits, &result, &error)
      || result.added != n_authors
      || !bn_store_fold_pending (store, &error))
    g_error ("bn-testgen: could not store the admissions (%u of %u): %s", result.added,
             n_authors, error ? error->message : "refused");
  bn_insert_result_clear (&result);
  for (guint a = 0; a < n_authors; a++)
    if (bn_store_get_member_status (store, ((BnIdentity *) g_ptr_array_index (authors, a))->public_key,
                                    NULL) != BN_MEMBER_ACTIVE)
      g_error ("bn-testgen: admitted neighbour %u is not a member", a + 1);
  return authors;
}

/* One roster entry of the hostile member's: an invite or stepping down. */
static JsonObject *
hostile_op (const BnIdentity *mallory, const BnEpochKey *key, guint i, GArray *after)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (i % 2 ? BN_ROSTER_DISMISS : BN_ROSTER_INVITE);

  if (op->kind == BN_ROSTER_INVITE)
    {
      g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();

      memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
      memcpy (op->invite_key, code->invite_pk, BN_PUBLIC_KEY_LEN);
      op->uses = 1;
      op->expires_ms = g_get_real_time () / 1000 + BN_INVITE_DEFAULT_MS;
      memcpy (op->key, key->id, BN_KEY_ID_LEN);
    }
  else
    memcpy (op->member, mallory->public_key, BN_PUBLIC_KEY_LEN);
  g_array_append_vals (op->after, after->data, after->len);
  return bn_roster_op_encode (op);
}

GPtrArray *
bn_testgen_hostile_roster (BnHome   *member,
                           guint     n,
                           gboolean  chained)
{
  g_autoptr(GPtrArray) admitted = bn_testgen_admit (member, 1);
  const BnIdentity *mallory = g_ptr_array_index (admitted, 0);
  const BnEpochKey *key = current_key (member);
  g_autoptr(BnRoster) roster = bn_store_load_roster (bn_home_get_store (member));
  g_autoptr(GArray) frontier = bn_roster_frontier (roster);
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, BN_HASH_LEN);
  GPtrArray *entries = g_ptr_array_new_full (n, (GDestroyNotify) bn_entry_unref);
  guint8 prev[BN_HASH_LEN];

  memcpy (prev, bn_home_get_hood (member)->anchor, BN_HASH_LEN);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GBytes) payload = NULL;
      BnEntry *entry;

      g_array_set_size (after, 0);
      g_array_append_vals (after, frontier->data, frontier->len);
      if (chained && i > 0)
        {
          /* What bn_roster_frontier() gives once the entry before is held. */
          g_array_set_size (after, 0);
          g_array_append_vals (after, prev, 1);
        }
      object = hostile_op (mallory, key, i, after);
      payload = bn_payload_encrypt (key, mallory->public_key, i + 1, object, NULL, NULL);
      entry = bn_entry_new_signed (mallory, BN_ENTRY_VERSION, i + 1, prev,
                                   g_get_real_time () / 1000, payload);
      memcpy (prev, entry->id, BN_HASH_LEN);
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

/* One entry of @author's at @seq after @prev (its ID into @prev), the roster
 * entry @op with `after` naming @after_id only (or @after, when given). */
static BnEntry *
sign_roster_op (const BnIdentity *author, const BnEpochKey *key, guint64 seq, guint8 *prev,
                BnRosterOp *op, const guint8 *after_id, GArray *after)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GBytes) payload = NULL;
  BnEntry *entry;

  g_array_set_size (op->after, 0);
  if (after != NULL)
    g_array_append_vals (op->after, after->data, after->len);
  else
    g_array_append_vals (op->after, after_id, 1);
  object = bn_roster_op_encode (op);
  payload = bn_payload_encrypt (key, author->public_key, seq, object, NULL, NULL);
  entry = bn_entry_new_signed (author, BN_ENTRY_VERSION, seq, prev, g_get_real_time () / 1000,
                               payload);
  memcpy (prev, entry->id, BN_HASH_LEN);
  return entry;
}

static BnRosterOp *
invite_op (const BnInviteCode *code, guint uses, const BnEpochKey *key)
{
  BnRosterOp *op = bn_roster_op_new (BN_ROSTER_INVITE);

  memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
  memcpy (op->invite_key, code->invite_pk, BN_PUBLIC_KEY_LEN);
  op->uses = uses;
  op->expires_ms = g_get_real_time () / 1000 + BN_INVITE_DEFAULT_MS;
  memcpy (op->key, key->id, BN_KEY_ID_LEN);
  return op;
}

GPtrArray *
bn_testgen_puppet_roster (BnHome *member,
                          guint   n_puppets)
{
  g_autoptr(GPtrArray) admitted = bn_testgen_admit (member, 1);
  const BnIdentity *mallory = g_ptr_array_index (admitted, 0);
  const BnEpochKey *key = current_key (member);
  g_autoptr(BnRoster) roster = bn_store_load_roster (bn_home_get_store (member));
  g_autoptr(GArray) frontier = bn_roster_frontier (roster);
  g_autoptr(BnInviteCode) code = bn_invite_code_new_random ();
  g_autoptr(BnRosterOp) invite = invite_op (code, MAX (n_puppets, 1), key);
  g_autoptr(GPtrArray) puppets = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_identity_free);
  g_autoptr(GPtrArray) admits = g_ptr_array_new ();
  GPtrArray *entries = g_ptr_array_new_full (2 * n_puppets + 1, (GDestroyNotify) bn_entry_unref);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, BN_KEY_ID_LEN);
  guint8 prev[BN_HASH_LEN];

  memcpy (prev, bn_home_get_hood (member)->anchor, BN_HASH_LEN);
  g_array_append_vals (keys, key->id, 1);
  g_ptr_array_add (entries, sign_roster_op (mallory, key, 1, prev, invite, NULL, frontier));
  for (guint a = 0; a < n_puppets; a++)
    {
      BnIdentity *puppet = bn_identity_new_random ();
      g_autoptr(BnJoinRequest) request = bn_join_request_new (code, puppet->public_key, "Pop", NULL);
      g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_ADMIT);
      guint8 after[BN_HASH_LEN];
      BnEntry *entry;

      memcpy (after, prev, BN_HASH_LEN);
      memcpy (op->member, puppet->public_key, BN_PUBLIC_KEY_LEN);
      memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
      memcpy (op->proof, request->proof, BN_SIGNATURE_LEN);
      g_array_append_vals (op->keys, keys->data, keys->len);
      entry = sign_roster_op (mallory, key, a + 2, prev, op, after, NULL);
      g_ptr_array_add (entries, entry);
      g_ptr_array_add (admits, entry);
      g_ptr_array_add (puppets, puppet);
    }
  for (guint a = 0; a < n_puppets; a++)
    {
      g_autoptr(BnInviteCode) theirs = bn_invite_code_new_random ();
      g_autoptr(BnRosterOp) op = invite_op (theirs, 1, key);

      memcpy (prev, bn_home_get_hood (member)->anchor, BN_HASH_LEN);
      g_ptr_array_add (entries, sign_roster_op (g_ptr_array_index (puppets, a), key, 1, prev, op,
                                                ((BnEntry *) g_ptr_array_index (admits, a))->id, NULL));
    }
  return entries;
}

GPtrArray *
bn_testgen_make_logs (BnHome *member,
                      guint   n_authors,
                      guint   n_entries)
{
  GPtrArray *entries = g_ptr_array_new_full (n_authors * n_entries,
                                             (GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) authors = bn_testgen_admit (member, n_authors);

  for (guint a = 0; a < n_authors; a++)
    append_log (entries, bn_home_get_hood (member), current_key (member),
                g_ptr_array_index (authors, a), a, n_entries);
  return entries;
}
