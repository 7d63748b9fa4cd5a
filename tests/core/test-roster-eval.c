/* test-roster-eval.c — the roster's evaluation (docs/protocol.md §9.3) on
 * made-up sets of roster entries: every kind of entry, valid and not, written
 * by peers that were apart (concurrent entries), entries still waiting for
 * their `after`. bn_roster_evaluate() must give exactly what the first,
 * plainly quadratic evaluation gives (tests/core/bn-roster-reference.c), and
 * the same roster whatever order the entries are given in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-invite.h"
#include "bn-join-request.h"
#include "bn-roster-graph.h"
#include "bn-roster-reference.h"

#include <string.h>

#define ANCHOR_LABEL "buurtnet/2 anchor"

typedef struct
{
  GRand        *rand;
  GPtrArray    *people;       /* BnIdentity */
  GPtrArray    *codes;        /* BnInviteCode */
  GArray       *key_ids;      /* guint8[BN_KEY_ID_LEN]: the root's and epochs' keys */
  GPtrArray    *ops;          /* BnRosterOp, as written */
  GArray       *unseen;       /* gboolean per entry: it waits for an entry no one holds */
  GHashTable   *seqs;         /* author → last seq */
  GHashTable   *lasts;        /* author → 1 + the index of their last entry */
  guint8        k0[BN_KEY_LEN];
  guint8        anchor[BN_HASH_LEN];
  gboolean      legacy;
  guint         apart;        /* how often a writer had not seen the newest entries, in % */
  guint         forgets;      /* how often a writer who was apart had not seen their own
                                 last entry either, in %: a peer does not (it holds what it
                                 wrote), a hostile member's may (docs/protocol.md §9.3) */
  BnRoster     *view;         /* the roster of the entries so far: what writers mostly go by */
} Roster;

static BnRoster *roster_evaluate (const GPtrArray *ops, const Roster *r);

static BnIdentity *
someone (Roster *r)
{
  return g_ptr_array_index (r->people, g_rand_int_range (r->rand, 0, (gint) r->people->len));
}

static gboolean
is_active (Roster *r, const BnIdentity *who, gboolean connector)
{
  const BnRosterMember *m = bn_roster_get_member (r->view, who->public_key);
  return m != NULL && m->status == BN_MEMBER_ACTIVE && (!connector || m->connector);
}

/* Mostly someone who is a member (a connector) now, as writers go by their
 * roster; now and then anyone. */
static BnIdentity *
mostly_member (Roster *r, gboolean connector)
{
  for (guint tries = 0; tries < 8 && g_rand_int_range (r->rand, 0, 5) > 0; tries++)
    {
      BnIdentity *who = someone (r);
      if (is_active (r, who, connector))
        return who;
    }
  return someone (r);
}

/* Mostly someone who is not a member yet. */
static BnIdentity *
mostly_newcomer (Roster *r)
{
  for (guint tries = 0; tries < 8 && g_rand_int_range (r->rand, 0, 5) > 0; tries++)
    {
      BnIdentity *who = someone (r);
      if (bn_roster_get_member (r->view, who->public_key) == NULL)
        return who;
    }
  return someone (r);
}

/* Mostly the current key, as a peer that keeps up uses. */
static const guint8 *
some_key_id (Roster *r)
{
  guint n = r->key_ids->len;

  if (r->view->has_current_key && g_rand_int_range (r->rand, 0, 5) > 0)
    return r->view->current_key;
  return &g_array_index (r->key_ids, guint8, g_rand_int_range (r->rand, 0, (gint) n) * BN_KEY_ID_LEN);
}

static void
random_bytes (Roster *r, guint8 *out, gsize len)
{
  for (gsize i = 0; i < len; i++)
    out[i] = (guint8) g_rand_int_range (r->rand, 0, 256);
}

/* The frontier of the first @upto entries written: what a writer who had seen
 * only those names in `after`. */
static void
set_after (Roster *r, BnRosterOp *op, guint upto)
{
  g_autoptr(GHashTable) named = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);

  for (guint i = 0; i < upto; i++)
    {
      const BnRosterOp *o = g_ptr_array_index (r->ops, i);
      for (guint k = 0; k < o->after->len && !g_array_index (r->unseen, gboolean, i); k++)
        g_hash_table_add (named, &g_array_index (o->after, guint8, k * BN_HASH_LEN));
    }
  for (guint i = 0; i < upto; i++)
    {
      const BnRosterOp *o = g_ptr_array_index (r->ops, i);
      if (!g_array_index (r->unseen, gboolean, i) && !g_hash_table_contains (named, o->id))
        g_array_append_vals (op->after, o->id, 1);
    }
}

/* Mostly to the members now, as a writer does; now and then to others too. */
static void
seal_to_some (Roster *r, BnRosterOp *op)
{
  gboolean careless = g_rand_int_range (r->rand, 0, 6) == 0;

  for (guint i = 0; i < r->people->len; i++)
    if (careless ? g_rand_boolean (r->rand) : is_active (r, g_ptr_array_index (r->people, i), FALSE))
      {
        const BnIdentity *who = g_ptr_array_index (r->people, i);
        g_hash_table_insert (op->seals, bn_peer_id_from_key (who->public_key), g_strdup ("c2VhbGVk"));
      }
  if (g_rand_int_range (r->rand, 0, 25) == 0)
    g_hash_table_insert (op->seals, g_strdup ("not-a-peer-id"), g_strdup ("c2VhbGVk"));
}

static void
fill_root (Roster *r, BnRosterOp *op)
{
  memcpy (op->key, &g_array_index (r->key_ids, guint8, 0), BN_KEY_ID_LEN);
  op->author_has_v1 = g_rand_int_range (r->rand, 0, 5) > 0;
  for (guint i = 0; r->legacy && i < r->people->len; i++)
    {
      const BnIdentity *who = g_ptr_array_index (r->people, i);
      if (g_rand_boolean (r->rand))
        g_ptr_array_add (op->legacy_members, g_memdup2 (who->public_key, BN_PUBLIC_KEY_LEN));
      if (g_rand_int_range (r->rand, 0, 3) == 0)
        g_ptr_array_add (op->legacy_connectors, g_memdup2 (who->public_key, BN_PUBLIC_KEY_LEN));
    }
}

static void
fill_invite (Roster *r, BnRosterOp *op)
{
  BnInviteCode *code;

  /* Now and then the same invite twice (written again, or forged). */
  if (r->codes->len > 0 && g_rand_int_range (r->rand, 0, 12) == 0)
    code = g_ptr_array_index (r->codes, g_rand_int_range (r->rand, 0, (gint) r->codes->len));
  else
    {
      code = bn_invite_code_new_random ();
      g_ptr_array_add (r->codes, code);
    }
  memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
  memcpy (op->invite_key, code->invite_pk, BN_PUBLIC_KEY_LEN);
  if (g_rand_int_range (r->rand, 0, 15) == 0)
    random_bytes (r, op->invite_key, BN_PUBLIC_KEY_LEN);   /* not this invite's key */
  op->uses = g_rand_int_range (r->rand, 1, 4);
  op->expires_ms = op->timestamp_ms + g_rand_int_range (r->rand, -1000, 60000);
  memcpy (op->key, some_key_id (r), BN_KEY_ID_LEN);
}

static gboolean
fill_admit (Roster *r, BnRosterOp *op)
{
  const BnInviteCode *code;
  g_autoptr(BnJoinRequest) request = NULL;

  if (r->codes->len == 0)
    return FALSE;
  code = g_ptr_array_index (r->codes, g_rand_int_range (r->rand, 0, (gint) r->codes->len));
  /* Mostly with a code that is open now, as a newcomer brings. */
  for (guint i = r->codes->len; i > 0 && g_rand_int_range (r->rand, 0, 5) > 0; i--)
    {
      const BnInviteCode *open = g_ptr_array_index (r->codes, i - 1);
      if (bn_roster_invite_state (r->view, open->invite_id, op->timestamp_ms, NULL) == BN_INVITE_OPEN)
        {
          code = open;
          break;
        }
    }
  memcpy (op->member, mostly_newcomer (r)->public_key, BN_PUBLIC_KEY_LEN);
  memcpy (op->invite, code->invite_id, BN_INVITE_ID_LEN);
  request = bn_join_request_new (code, op->member, "Newcomer", NULL);
  memcpy (op->proof, request->proof, BN_SIGNATURE_LEN);
  if (g_rand_int_range (r->rand, 0, 15) == 0)
    op->proof[3] ^= 1;
  for (guint i = 0; i < r->key_ids->len; i++)
    g_array_append_vals (op->keys, &g_array_index (r->key_ids, guint8, i * BN_KEY_ID_LEN), 1);
  return TRUE;
}

static void
fill_epoch (Roster *r, BnRosterOp *op)
{
  guint8 parent[BN_KEY_ID_LEN];

  /* The heads, as a connector merging them writes; or some key. */
  if (g_rand_int_range (r->rand, 0, 5) > 0)
    g_array_append_vals (op->keys, r->view->epoch_heads->data, r->view->epoch_heads->len);
  else
    {
      memcpy (parent, some_key_id (r), BN_KEY_ID_LEN);
      g_array_append_vals (op->keys, parent, 1);
    }
  random_bytes (r, op->key, BN_KEY_ID_LEN);
  g_array_append_vals (r->key_ids, op->key, 1);
  seal_to_some (r, op);
}

/* Fills @op as a @kind entry; FALSE when there is nothing to write it about. */
static gboolean
fill (Roster *r, BnRosterOp *op)
{
  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      fill_root (r, op);
      return TRUE;
    case BN_ROSTER_INVITE:
      fill_invite (r, op);
      return TRUE;
    case BN_ROSTER_REVOKE:
      if (r->codes->len == 0)
        return FALSE;
      memcpy (op->invite, ((BnInviteCode *) g_ptr_array_index (r->codes,
              g_rand_int_range (r->rand, 0, (gint) r->codes->len)))->invite_id, BN_INVITE_ID_LEN);
      return TRUE;
    case BN_ROSTER_ADMIT:
      return fill_admit (r, op);
    case BN_ROSTER_APPOINT:
    case BN_ROSTER_DISMISS:
    case BN_ROSTER_REMOVE:
      memcpy (op->member, g_rand_int_range (r->rand, 0, 8) == 0 ? op->author
                          : mostly_member (r, op->kind == BN_ROSTER_DISMISS)->public_key,
              BN_PUBLIC_KEY_LEN);
      op->upto = g_rand_int_range (r->rand, 0, 6);
      return TRUE;
    case BN_ROSTER_REPLACE:
      memcpy (op->member, mostly_member (r, FALSE)->public_key, BN_PUBLIC_KEY_LEN);
      memcpy (op->by, mostly_newcomer (r)->public_key, BN_PUBLIC_KEY_LEN);
      op->upto = g_rand_int_range (r->rand, 0, 6);
      return TRUE;
    case BN_ROSTER_EPOCH:
      fill_epoch (r, op);
      return TRUE;
    case BN_ROSTER_SHARE:
      memcpy (op->key, some_key_id (r), BN_KEY_ID_LEN);
      seal_to_some (r, op);
      return TRUE;
    case BN_ROSTER_LEAVE:
    case BN_ROSTER_N_KINDS:
    default:
      return TRUE;
    }
}

static BnRosterKind
some_kind (Roster *r)
{
  static const BnRosterKind kinds[] = {
    BN_ROSTER_INVITE, BN_ROSTER_INVITE, BN_ROSTER_INVITE, BN_ROSTER_ADMIT, BN_ROSTER_ADMIT,
    BN_ROSTER_ADMIT, BN_ROSTER_ADMIT, BN_ROSTER_APPOINT, BN_ROSTER_APPOINT, BN_ROSTER_DISMISS,
    BN_ROSTER_REMOVE, BN_ROSTER_REMOVE, BN_ROSTER_LEAVE, BN_ROSTER_REPLACE, BN_ROSTER_EPOCH,
    BN_ROSTER_EPOCH, BN_ROSTER_SHARE, BN_ROSTER_REVOKE, BN_ROSTER_HOOD,
  };
  return kinds[g_rand_int_range (r->rand, 0, G_N_ELEMENTS (kinds))];
}

static BnRosterOp *
write_op (Roster *r, BnRosterKind kind, const BnIdentity *author)
{
  BnRosterOp *op = bn_roster_op_new (kind);
  g_autoptr(GBytes) key = g_bytes_new (author->public_key, BN_PUBLIC_KEY_LEN);
  guint64 seq = GPOINTER_TO_SIZE (g_hash_table_lookup (r->seqs, key)) + 1;
  guint seen = r->ops->len, mine;
  gboolean unseen;

  random_bytes (r, op->id, BN_HASH_LEN);
  memcpy (op->author, author->public_key, BN_PUBLIC_KEY_LEN);
  op->seq = seq;
  op->timestamp_ms = 1790000000000 + (gint64) r->ops->len * 1000;
  mine = GPOINTER_TO_UINT (g_hash_table_lookup (r->lasts, key));
  g_hash_table_insert (r->lasts, g_bytes_ref (key), GUINT_TO_POINTER (r->ops->len + 1));
  g_hash_table_insert (r->seqs, g_steal_pointer (&key), GSIZE_TO_POINTER (seq));
  /* A writer who was apart had seen only the entries up to some point, and
   * their own (unless they forget them). */
  if (seen > 0 && (guint) g_rand_int_range (r->rand, 0, 100) < r->apart)
    {
      seen = g_rand_int_range (r->rand, 1, (gint) seen + 1);
      if ((guint) g_rand_int_range (r->rand, 0, 100) >= r->forgets)
        seen = MAX (seen, MIN (mine, r->ops->len));   /* (an entry not written: fewer) */
    }
  set_after (r, op, seen);
  if (!fill (r, op))
    {
      g_clear_pointer (&op, bn_roster_op_free);
      return NULL;
    }
  /* Now and then one that waits for an entry not held (and that no one else
   * has seen, then). */
  unseen = g_rand_int_range (r->rand, 0, 30) == 0;
  if (unseen)
    {
      guint8 missing[BN_HASH_LEN];
      random_bytes (r, missing, BN_HASH_LEN);
      g_array_append_vals (op->after, missing, 1);
    }
  g_array_append_val (r->unseen, unseen);
  return op;
}

static void
roster_free (Roster *r)
{
  g_rand_free (r->rand);
  g_ptr_array_unref (r->people);
  g_ptr_array_unref (r->codes);
  g_array_unref (r->key_ids);
  g_ptr_array_unref (r->ops);
  g_array_unref (r->unseen);
  g_hash_table_unref (r->seqs);
  g_hash_table_unref (r->lasts);
  g_clear_pointer (&r->view, bn_roster_free);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Roster, roster_free)

/* A made-up roster: @n_people identities, @n_ops entries (a root first),
 * @apart % of them written by someone who had not seen the newest, and of
 * those @forgets % by someone who had not seen their own last entry either. */
static Roster *
roster_new_forgetting (guint32 seed, guint n_people, guint n_ops, guint apart, guint forgets)
{
  Roster *r = g_new0 (Roster, 1);
  const BnIdentity *founder;
  BnRosterOp *root;

  r->rand = g_rand_new_with_seed (seed);
  r->people = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_identity_free);
  r->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_invite_code_free);
  r->key_ids = g_array_new (FALSE, FALSE, BN_KEY_ID_LEN);
  r->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_roster_op_free);
  r->unseen = g_array_new (FALSE, FALSE, sizeof (gboolean));
  r->seqs = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  r->lasts = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  r->apart = apart;
  r->forgets = forgets;
  r->legacy = g_rand_int_range (r->rand, 0, 6) == 0;
  for (guint i = 0; i < n_people; i++)
    g_ptr_array_add (r->people, bn_identity_new_random ());
  random_bytes (r, r->k0, sizeof r->k0);
  g_array_set_size (r->key_ids, 1);
  bn_epoch_key_derive_id (r->k0, &g_array_index (r->key_ids, guint8, 0));
  founder = g_ptr_array_index (r->people, 0);
  if (r->legacy)
    crypto_kdf_derive_from_key (r->anchor, BN_HASH_LEN, 4, "buurtnet", r->k0);
  else
    {
      guint8 message[sizeof ANCHOR_LABEL - 1 + BN_PUBLIC_KEY_LEN];
      memcpy (message, ANCHOR_LABEL, sizeof ANCHOR_LABEL - 1);
      memcpy (message + sizeof ANCHOR_LABEL - 1, founder->public_key, BN_PUBLIC_KEY_LEN);
      bn_keyed_hash (r->anchor, sizeof r->anchor, message, sizeof message, r->k0);
    }
  root = write_op (r, BN_ROSTER_HOOD, founder);
  g_array_set_size (root->after, 0);
  g_array_index (r->unseen, gboolean, 0) = FALSE;
  if (r->legacy)
    g_ptr_array_add (root->legacy_members, g_memdup2 (founder->public_key, BN_PUBLIC_KEY_LEN));
  g_ptr_array_add (r->ops, root);
  while (r->ops->len < n_ops)
    {
      BnRosterKind kind = some_kind (r);
      gboolean connector_act = kind == BN_ROSTER_APPOINT || kind == BN_ROSTER_DISMISS
                               || kind == BN_ROSTER_REMOVE || kind == BN_ROSTER_REPLACE
                               || kind == BN_ROSTER_EPOCH;
      BnRosterOp *op;

      g_clear_pointer (&r->view, bn_roster_free);
      r->view = roster_evaluate (r->ops, r);
      op = write_op (r, kind, g_rand_int_range (r->rand, 0, 3) == 0 ? founder
                              : mostly_member (r, connector_act));
      if (op != NULL)
        g_ptr_array_add (r->ops, op);
    }
  return r;
}

/* Written as peers write: each writer has seen their own entries. */
static Roster *
roster_new (guint32 seed, guint n_people, guint n_ops, guint apart)
{
  return roster_new_forgetting (seed, n_people, n_ops, apart, 0);
}

static BnRosterOp *
copy_op (const BnRosterOp *op)
{
  BnRosterOp *copy = bn_roster_op_new (op->kind);
  GHashTableIter iter;
  gpointer key, value;

  memcpy (copy->id, op->id, BN_HASH_LEN);
  memcpy (copy->author, op->author, BN_PUBLIC_KEY_LEN);
  copy->seq = op->seq;
  copy->timestamp_ms = op->timestamp_ms;
  copy->author_has_v1 = op->author_has_v1;
  copy->was_valid = op->was_valid;
  g_array_append_vals (copy->after, op->after->data, op->after->len);
  memcpy (copy->member, op->member, BN_PUBLIC_KEY_LEN);
  memcpy (copy->by, op->by, BN_PUBLIC_KEY_LEN);
  copy->upto = op->upto;
  memcpy (copy->invite, op->invite, BN_INVITE_ID_LEN);
  memcpy (copy->invite_key, op->invite_key, BN_PUBLIC_KEY_LEN);
  copy->uses = op->uses;
  copy->expires_ms = op->expires_ms;
  memcpy (copy->key, op->key, BN_KEY_ID_LEN);
  memcpy (copy->proof, op->proof, BN_SIGNATURE_LEN);
  g_array_append_vals (copy->keys, op->keys->data, op->keys->len);
  g_hash_table_iter_init (&iter, op->seals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->seals, g_strdup (key), g_strdup (value));
  for (guint i = 0; i < op->legacy_members->len; i++)
    g_ptr_array_add (copy->legacy_members, g_memdup2 (g_ptr_array_index (op->legacy_members, i), BN_PUBLIC_KEY_LEN));
  for (guint i = 0; i < op->legacy_connectors->len; i++)
    g_ptr_array_add (copy->legacy_connectors, g_memdup2 (g_ptr_array_index (op->legacy_connectors, i), BN_PUBLIC_KEY_LEN));
  return copy;
}

/* A copy of the entries, shuffled when @rand is given. */
static GPtrArray *
copy_ops (const Roster *r, GRand *rand)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_roster_op_free);

  for (guint i = 0; i < r->ops->len; i++)
    g_ptr_array_add (ops, copy_op (g_ptr_array_index (r->ops, i)));
  for (guint i = ops->len; rand != NULL && i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint) i);
      gpointer t = ops->pdata[i - 1];
      ops->pdata[i - 1] = ops->pdata[j];
      ops->pdata[j] = t;
    }
  return ops;
}

static BnRoster *
roster_evaluate (const GPtrArray *ops, const Roster *r)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_roster_op_free);

  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (copy, copy_op (g_ptr_array_index (ops, i)));
  return bn_roster_evaluate (copy, r->anchor, r->k0,
                             r->legacy ? NULL : ((BnIdentity *) g_ptr_array_index (r->people, 0))->public_key);
}

static BnRoster *
evaluate (const Roster *r, GRand *shuffle)
{
  return bn_roster_evaluate (copy_ops (r, shuffle), r->anchor, r->k0,
                             r->legacy ? NULL : ((BnIdentity *) g_ptr_array_index (r->people, 0))->public_key);
}

static BnRoster *
evaluate_reference (const Roster *r)
{
  return bn_roster_reference_evaluate (copy_ops (r, NULL), r->anchor, r->k0,
                                       r->legacy ? NULL : ((BnIdentity *) g_ptr_array_index (r->people, 0))->public_key);
}

/* The evaluation as it was before the rule of chained entries. */
static BnRoster *
evaluate_reference_unchained (const Roster *r)
{
  return bn_roster_reference_evaluate_with (copy_ops (r, NULL), r->anchor, r->k0,
                                            r->legacy ? NULL
                                            : ((BnIdentity *) g_ptr_array_index (r->people, 0))->public_key,
                                            FALSE);
}

static void
assert_same_op (const BnRosterOp *a, const BnRosterOp *b)
{
  if (a == NULL || b == NULL)
    g_assert_true (a == b);
  else
    g_assert_cmpmem (a->id, BN_HASH_LEN, b->id, BN_HASH_LEN);
}

static void
assert_same_members (const BnRoster *a, const BnRoster *b)
{
  GHashTableIter iter;
  gpointer value;

  g_assert_cmpuint (g_hash_table_size (a->members), ==, g_hash_table_size (b->members));
  g_hash_table_iter_init (&iter, a->members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const BnRosterMember *m = value;
      const BnRosterMember *n = bn_roster_get_member (b, m->key);

      g_assert_nonnull (n);
      g_assert_cmpint (m->status, ==, n->status);
      g_assert_cmpint (m->connector, ==, n->connector);
      g_assert_cmpuint (m->cut, ==, n->cut);
      assert_same_op (m->granted, n->granted);
      assert_same_op (m->ended, n->ended);
      g_assert_cmpint (m->has_replaced_by, ==, n->has_replaced_by);
      g_assert_cmpmem (m->replaced_by, BN_PUBLIC_KEY_LEN, n->replaced_by, BN_PUBLIC_KEY_LEN);
    }
}

static void
assert_same_invites (const BnRoster *a, const BnRoster *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a->invites), ==, g_hash_table_size (b->invites));
  g_hash_table_iter_init (&iter, a->invites);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const BnRosterInvite *i = value;
      const BnRosterInvite *j = g_hash_table_lookup (b->invites, key);

      g_assert_nonnull (j);
      assert_same_op (i->op, j->op);
      g_assert_cmpuint (i->used, ==, j->used);
      g_assert_cmpint (i->revoked, ==, j->revoked);
    }
}

/* Everything a roster says, the same: the order, which entries are valid, the
 * members, the invites, the keys, the frontier. */
static void
assert_same_roster (const BnRoster *a, const BnRoster *b, GArray *frontier_b)
{
  g_autoptr(GArray) frontier_a = bn_roster_frontier (a);

  g_assert_cmpuint (a->ops->len, ==, b->ops->len);
  g_assert_cmpuint (a->n_pending, ==, b->n_pending);
  g_assert_cmpuint (a->n_unchained, ==, b->n_unchained);
  for (guint i = 0; i < a->ops->len - a->n_pending; i++)
    {
      assert_same_op (g_ptr_array_index (a->ops, i), g_ptr_array_index (b->ops, i));
      g_assert_cmpint (g_array_index (a->valid, gboolean, i), ==, g_array_index (b->valid, gboolean, i));
    }
  assert_same_members (a, b);
  assert_same_invites (a, b);
  g_assert_cmpint (a->has_root, ==, b->has_root);
  g_assert_cmpint (a->has_current_key, ==, b->has_current_key);
  g_assert_cmpmem (a->current_key, BN_KEY_ID_LEN, b->current_key, BN_KEY_ID_LEN);
  g_assert_cmpmem (a->epoch_heads->data, a->epoch_heads->len * BN_KEY_ID_LEN,
                   b->epoch_heads->data, b->epoch_heads->len * BN_KEY_ID_LEN);
  g_assert_cmpmem (frontier_a->data, frontier_a->len * BN_HASH_LEN,
                   frontier_b->data, frontier_b->len * BN_HASH_LEN);
}

static guint
count_valid (const BnRoster *roster)
{
  guint n = 0;

  for (guint i = 0; i < roster->valid->len; i++)
    n += g_array_index (roster->valid, gboolean, i);
  return n;
}

/* How many entries of each kind there were, and how many valid. */
static void
count_kinds (const BnRoster *roster, guint *valid, guint *total)
{
  for (guint i = 0; i < roster->ops->len; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (roster->ops, i);
      total[op->kind]++;
      valid[op->kind] += g_array_index (roster->valid, gboolean, i);
    }
}

/* Made-up rosters of every kind, small to middling, from together to far
 * apart: the same as the reference, entry by entry. */
static void
test_same_as_reference (void)
{
  guint valid = 0, total = 0, pending = 0;
  guint kind_valid[BN_ROSTER_N_KINDS] = { 0 }, kind_total[BN_ROSTER_N_KINDS] = { 0 };

  for (guint32 seed = 1; seed <= 600; seed++)
    {
      g_autoptr(Roster) r = roster_new (seed, 3 + seed % 6, 4 + seed % 45, (seed * 7) % 60);
      g_autoptr(BnRoster) fast = evaluate (r, NULL);
      g_autoptr(BnRoster) reference = evaluate_reference (r);
      g_autoptr(GArray) frontier = bn_roster_reference_frontier (reference);

      g_autoptr(BnRoster) before = evaluate_reference_unchained (r);

      g_test_message ("seed %u: %u entries, %u valid", seed, r->ops->len, count_valid (reference));
      assert_same_roster (fast, reference, frontier);
      /* Peers write chained entries only: the rule changes nothing for them. */
      g_assert_cmpuint (fast->n_unchained, ==, 0);
      assert_same_roster (fast, before, frontier);
      valid += count_valid (reference);
      count_kinds (reference, kind_valid, kind_total);
      total += r->ops->len;
      pending += reference->n_pending;
    }
  /* The made-up rosters are worth checking: many entries count, many do not. */
  g_test_message ("%u entries, %u valid, %u waiting", total, valid, pending);
  for (guint k = 0; k < BN_ROSTER_N_KINDS; k++)
    {
      g_test_message ("  %s: %u of %u valid", bn_roster_kind_to_string (k), kind_valid[k], kind_total[k]);
      /* Every kind is there, and some of each count (a root after the first
       * never does). */
      g_assert_cmpuint (kind_total[k], >, 0);
      g_assert_true (k == BN_ROSTER_HOOD || kind_valid[k] > 0);
    }
  g_assert_cmpuint (valid, >, total / 4);
  g_assert_cmpuint (valid, <, total * 3 / 4);
  g_assert_cmpuint (pending, >, 0);
}

/* A larger roster, in a neighbourhood where people keep up but not always. */
static void
test_larger_same_as_reference (void)
{
  for (guint32 seed = 1000; seed < 1004; seed++)
    {
      g_autoptr(Roster) r = roster_new (seed, 60, 700, seed % 2 ? 5 : 30);
      g_autoptr(BnRoster) fast = evaluate (r, NULL);
      g_autoptr(BnRoster) reference = evaluate_reference (r);
      g_autoptr(BnRoster) before = evaluate_reference_unchained (r);
      g_autoptr(GArray) frontier = bn_roster_reference_frontier (reference);

      assert_same_roster (fast, reference, frontier);
      g_assert_cmpuint (fast->n_unchained, ==, 0);
      assert_same_roster (fast, before, frontier);
    }
}

/* Writers who now and then leave out their own last entry (a hostile member's
 * peer): entries not chained take no part, exactly as the reference says, in
 * any arrival order; and they change the roster (the rule is tested). */
static void
test_unchained_same_as_reference (void)
{
  guint unchained = 0, changed = 0, total = 0;

  for (guint32 seed = 5000; seed < 5300; seed++)
    {
      g_autoptr(Roster) r = roster_new_forgetting (seed, 3 + seed % 5, 6 + seed % 45,
                                                   30 + (seed * 7) % 70, 50);
      g_autoptr(BnRoster) fast = evaluate (r, NULL);
      g_autoptr(BnRoster) reference = evaluate_reference (r);
      g_autoptr(BnRoster) before = evaluate_reference_unchained (r);
      g_autoptr(GArray) frontier = bn_roster_reference_frontier (reference);
      g_autoptr(GRand) shuffle = g_rand_new_with_seed (seed);

      assert_same_roster (fast, reference, frontier);
      for (guint round = 0; round < 3; round++)
        {
          g_autoptr(BnRoster) again = evaluate (r, shuffle);
          assert_same_roster (again, reference, frontier);
        }
      unchained += fast->n_unchained;
      total += r->ops->len;
      changed += count_valid (fast) != count_valid (before);
    }
  g_test_message ("%u entries, %u not chained; %u rosters of 300 changed", total, unchained, changed);
  g_assert_cmpuint (unchained, >, total / 20);
  g_assert_cmpuint (changed, >, 30);
}

/* What the store keeps of the last evaluation (which entries were valid, as
 * BnRosterOp.was_valid) spares checking proofs again, and changes nothing:
 * the last evaluation held fewer entries, an invite forged again among them. */
static void
test_same_with_last_validity (void)
{
  for (guint32 seed = 4000; seed < 4300; seed++)
    {
      g_autoptr(Roster) r = roster_new (seed, 3 + seed % 6, 6 + seed % 40, (seed * 7) % 60);
      guint n_before = g_rand_int_range (r->rand, 1, (gint) r->ops->len + 1);
      g_autoptr(GPtrArray) before = g_ptr_array_new ();
      g_autoptr(BnRoster) last = NULL;
      g_autoptr(BnRoster) fast = NULL;
      g_autoptr(BnRoster) reference = NULL;
      g_autoptr(GArray) frontier = NULL;

      for (guint i = 0; i < n_before; i++)
        g_ptr_array_add (before, g_ptr_array_index (r->ops, i));
      last = roster_evaluate (before, r);
      for (guint i = 0; i < last->ops->len; i++)
        if (g_array_index (last->valid, gboolean, i))
          for (guint j = 0; j < r->ops->len; j++)
            {
              BnRosterOp *op = g_ptr_array_index (r->ops, j);
              if (memcmp (op->id, ((BnRosterOp *) g_ptr_array_index (last->ops, i))->id, BN_HASH_LEN) == 0)
                op->was_valid = TRUE;
            }
      fast = evaluate (r, NULL);
      reference = evaluate_reference (r);
      frontier = bn_roster_reference_frontier (reference);
      assert_same_roster (fast, reference, frontier);
    }
}

/* The same entries given in any order make the same roster. */
static void
test_any_arrival_order (void)
{
  for (guint32 seed = 2000; seed < 2100; seed++)
    {
      g_autoptr(Roster) r = roster_new (seed, 3 + seed % 6, 10 + seed % 40, (seed * 11) % 60);
      g_autoptr(BnRoster) first = evaluate (r, NULL);
      g_autoptr(GArray) frontier = bn_roster_frontier (first);
      g_autoptr(GRand) shuffle = g_rand_new_with_seed (seed);

      for (guint round = 0; round < 8; round++)
        {
          g_autoptr(BnRoster) again = evaluate (r, shuffle);
          assert_same_roster (again, first, frontier);
        }
    }
}

/* Does @a precede @b, by walking `after` back from @b? */
static gboolean
reaches (GPtrArray *ops, guint n, guint a, guint b)
{
  g_autofree gboolean *seen = g_new0 (gboolean, n);
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_append_val (todo, b);
  while (todo->len > 0)
    {
      guint at = g_array_index (todo, guint, todo->len - 1);
      const BnRosterOp *op = g_ptr_array_index (ops, at);

      g_array_set_size (todo, todo->len - 1);
      for (guint k = 0; k < op->after->len; k++)
        for (guint p = 0; p < at; p++)
          if (!seen[p] && memcmp (((BnRosterOp *) g_ptr_array_index (ops, p))->id,
                                  &g_array_index (op->after, guint8, k * BN_HASH_LEN), BN_HASH_LEN) == 0)
            {
              if (p == a)
                return TRUE;
              seen[p] = TRUE;
              g_array_append_val (todo, p);
            }
    }
  return FALSE;
}

/* Which entry precedes which, however much was written apart: the graph's
 * short lists of concurrent entries, and its bit sets where those lists would
 * grow too long, against a walk back through `after`. */
static void
test_precedes (void)
{
  for (guint32 seed = 3000; seed < 3060; seed++)
    {
      g_autoptr(Roster) r = roster_new (seed, 5, 20 + seed % 60, (seed * 13) % 101);
      guint n_ready = 0;
      g_autoptr(GPtrArray) ordered = bn_roster_order (r->ops, &n_ready);
      g_autoptr(BnRosterGraph) lists = bn_roster_graph_new_with_budget (ordered, n_ready, G_MAXSIZE);
      g_autoptr(BnRosterGraph) bits = bn_roster_graph_new_with_budget (ordered, n_ready, 0);

      for (guint a = 0; a < n_ready; a++)
        for (guint b = 0; b < n_ready; b++)
          {
            gboolean expected = reaches (ordered, n_ready, a, b);
            g_assert_cmpint (bn_roster_graph_precedes (lists, a, b), ==, expected);
            g_assert_cmpint (bn_roster_graph_precedes (bits, a, b), ==, expected);
          }
    }
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  g_test_add_func ("/buurtnet/core/roster-eval/same-as-reference", test_same_as_reference);
  g_test_add_func ("/buurtnet/core/roster-eval/larger-same-as-reference", test_larger_same_as_reference);
  g_test_add_func ("/buurtnet/core/roster-eval/unchained-same-as-reference", test_unchained_same_as_reference);
  g_test_add_func ("/buurtnet/core/roster-eval/same-with-last-validity", test_same_with_last_validity);
  g_test_add_func ("/buurtnet/core/roster-eval/any-arrival-order", test_any_arrival_order);
  g_test_add_func ("/buurtnet/core/roster-eval/precedes", test_precedes);
  return g_test_run ();
}
