/* bn-roster-eval.c — from a set of roster entries to a roster (docs/protocol.md
 * §9.3): a pure function of the set, so every peer holding the same entries
 * comes to the same roster whatever order they arrived in
 *
 * The state questions of §9.3 ("is X a member among the valid entries that
 * precede o?") are asked for every entry, so they must not look at every
 * entry: the entries are indexed once by the identity they concern (bn-roster-
 * index.c), each question looks at that identity's few entries only, and
 * whether one of them precedes o is the graph's to say (bn-roster-graph.c).
 * A roster of 5,000 members is evaluated in milliseconds; it took seconds when
 * each question scanned the whole set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster-index.h"
#include "bn-identity.h"

#include <string.h>

#define ANCHOR_LABEL "buurtnet/2 anchor"

typedef BnRosterEval Eval;

static const BnRosterOp *
op_at (const Eval *ev, guint i)
{
  return g_ptr_array_index (ev->ops, i);
}

static gboolean
same_key (const guint8 *a, const guint8 *b)
{
  return memcmp (a, b, BN_PUBLIC_KEY_LEN) == 0;
}

/* A set of entries: the valid ancestors of @of, or every valid entry when @of
 * is G_MAXUINT. */
typedef struct
{
  const Eval *ev;
  guint       of;
} Set;

static gboolean
in_set (const Set *set, guint i)
{
  if (!set->ev->valid[i])
    return FALSE;
  return set->of == G_MAXUINT || bn_roster_graph_precedes (set->ev->graph, i, set->of);
}

static gboolean
concurrent (const Eval *ev, guint a, guint b)
{
  return a != b && !bn_roster_graph_precedes (ev->graph, a, b)
         && !bn_roster_graph_precedes (ev->graph, b, a);
}

/* Is one of @list (entries about an identity, T order) in the set? Those
 * after the set's entry in T cannot precede it. */
static gboolean
any_in_set (const Set *set, const GArray *list)
{
  for (guint k = 0; list != NULL && k < list->len; k++)
    {
      const BnRosterAbout *a = &g_array_index (list, BnRosterAbout, k);

      if (a->op >= set->of)
        break;
      if (in_set (set, a->op))
        return TRUE;
    }
  return FALSE;
}

/* Member: granted by an entry in the set, and ended by none. */
static gboolean
is_member (const Set *set, const guint8 *x)
{
  return !any_in_set (set, bn_roster_index_about_what (set->ev, x, BN_ABOUT_ENDS))
         && any_in_set (set, bn_roster_index_about_what (set->ev, x, BN_ABOUT_GRANTS));
}

static gboolean
grants_connector (const Eval *ev, const BnRosterAbout *a)
{
  return (a->what & BN_ABOUT_CONNECTOR)
         || ((a->what & BN_ABOUT_CONNECTOR_IF_INHERITED) && ev->inherits[a->op]);
}

/* Does the grant @p stand: every dismissal of them in the set before it? */
static gboolean
grant_stands (const Set *set, const GArray *dismissals, const BnRosterAbout *p)
{
  for (guint l = 0; dismissals != NULL && l < dismissals->len; l++)
    {
      const BnRosterAbout *d = &g_array_index (dismissals, BnRosterAbout, l);

      if (d->op >= set->of)
        break;
      if (in_set (set, d->op) && !bn_roster_graph_precedes (set->ev->graph, d->op, p->op))
        return FALSE;
    }
  return TRUE;
}

/* A member is a connector when a grant in the set has every dismissal of them
 * in the set before it: a dismissal concurrent with an appointment wins. */
static gboolean
is_connector (const Set *set, const guint8 *x)
{
  static const BnRosterAboutWhat grants[] = { BN_ABOUT_CONNECTOR, BN_ABOUT_CONNECTOR_IF_INHERITED };
  const Eval *ev = set->ev;
  const GArray *dismissals = bn_roster_index_about_what (ev, x, BN_ABOUT_DISMISSES);

  if (!is_member (set, x))
    return FALSE;
  for (guint g = 0; g < G_N_ELEMENTS (grants); g++)
    {
      const GArray *list = bn_roster_index_about_what (ev, x, grants[g]);

      for (guint k = 0; list != NULL && k < list->len; k++)
        {
          const BnRosterAbout *p = &g_array_index (list, BnRosterAbout, k);

          if (p->op >= set->of)
            break;
          if (grants_connector (ev, p) && in_set (set, p->op) && grant_stands (set, dismissals, p))
            return TRUE;
        }
    }
  return FALSE;
}

/* Was the identity ever ended in the set (removed, left, replaced)? */
static gboolean
ever_ended (const Set *set, const guint8 *x)
{
  return any_in_set (set, bn_roster_index_about_what (set->ev, x, BN_ABOUT_ENDS));
}

static gboolean
key_is_parent (const Set *set, const guint8 *key)
{
  const GArray *children = bn_roster_index_epochs_after (set->ev, key);

  for (guint k = 0; children != NULL && k < children->len; k++)
    if (in_set (set, g_array_index (children, guint, k)))
      return TRUE;
  return FALSE;
}

/* The current epoch of a set: the one head, or of several heads the one whose
 * entry has the smallest ID. Returns the entry that introduced it, or -1. */
static gint
current_epoch (const Set *set, GArray *heads)
{
  const Eval *ev = set->ev;
  gint best = -1;

  for (guint k = 0; k < ev->key_ops->len; k++)
    {
      guint i = g_array_index (ev->key_ops, guint, k);
      const BnRosterOp *op = op_at (ev, i);

      if (i >= set->of)
        break;   /* T order: none after it is in the set */
      if (!in_set (set, i) || key_is_parent (set, op->key))
        continue;
      if (heads != NULL)
        g_array_append_vals (heads, op->key, 1);
      if (best < 0 || memcmp (op->id, op_at (ev, best)->id, BN_HASH_LEN) < 0)
        best = (gint) i;
    }
  return best;
}

/* The first entry in T of the invite in the set, or -1. */
static gint
find_invite (const Set *set, const guint8 *invite)
{
  const BnRosterInviteOps *ops = bn_roster_index_invite (set->ev, invite);

  for (guint k = 0; ops != NULL && k < ops->invites->len; k++)
    {
      guint i = g_array_index (ops->invites, guint, k);

      if (i >= set->of)
        break;
      if (in_set (set, i))
        return (gint) i;
    }
  return -1;
}

static gboolean
is_revoked (const Set *set, const guint8 *invite)
{
  const BnRosterInviteOps *ops = bn_roster_index_invite (set->ev, invite);

  for (guint k = 0; ops != NULL && k < ops->revokes->len; k++)
    {
      guint i = g_array_index (ops->revokes, guint, k);

      if (i >= set->of)
        break;
      if (in_set (set, i))
        return TRUE;
    }
  return FALSE;
}

/* The proof of admission @i against invite entry @invite: an Ed25519
 * verification (42 µs), so each pair is checked once, not in every pass, and
 * not at all when the last evaluation found the admission valid and @invite is
 * the only invite entry with its ID: that evaluation, on a subset of these
 * entries (roster entries are never erased), checked this very proof against
 * this very invite. 5,000 admissions took 0.2 s to check at every evaluation. */
static gboolean
proof_verifies (Eval *ev, guint i, guint invite)
{
  const BnRosterOp *admit = op_at (ev, i);
  const BnRosterOp *op = op_at (ev, invite);
  const BnRosterInviteOps *same_id;

  if (admit->was_valid && ev->proof_of[i] == 0)
    {
      same_id = bn_roster_index_invite (ev, op->invite);
      if (same_id->invites->len == 1)
        {
          ev->proof_of[i] = invite + 1;
          ev->proof_ok[i] = TRUE;
        }
    }
  if (ev->proof_of[i] != invite + 1)
    {
      ev->proof_of[i] = invite + 1;
      ev->proof_ok[i] = bn_invite_verify_proof (op->invite_key, op->invite, admit->member,
                                                admit->proof);
    }
  return ev->proof_ok[i];
}

static gboolean
seals_to_members_only (const Set *set, guint i)
{
  const GArray *keys = set->ev->seal_keys[i];

  if (keys == NULL)
    return FALSE;   /* a seal to something that is not a peer ID */
  for (guint k = 0; k < keys->len; k++)
    if (!is_member (set, &g_array_index (keys, guint8, k * BN_PUBLIC_KEY_LEN)))
      return FALSE;
  return TRUE;
}

static gboolean
root_is_valid (const Eval *ev, const BnRosterOp *op)
{
  guint8 expected[BN_HASH_LEN];
  guint8 message[sizeof ANCHOR_LABEL - 1 + BN_PUBLIC_KEY_LEN];

  if (ev->legacy)
    return op->author_has_v1 && op->legacy_members->len > 0;
  if (ev->k0 == NULL)
    return FALSE;
  memcpy (message, ANCHOR_LABEL, sizeof ANCHOR_LABEL - 1);
  memcpy (message + sizeof ANCHOR_LABEL - 1, op->author, BN_PUBLIC_KEY_LEN);
  bn_keyed_hash (expected, sizeof expected, message, sizeof message, ev->k0);
  return memcmp (expected, ev->anchor, BN_HASH_LEN) == 0;
}

static gboolean
invite_open_for (const Set *set, BnRosterUses *uses, const BnRosterOp *admit, gint *out)
{
  gint i = find_invite (set, admit->invite);
  const BnRosterOp *invite;
  gint epoch;

  if (i < 0)
    return FALSE;
  invite = op_at (set->ev, i);
  *out = i;
  epoch = current_epoch (set, NULL);
  if (is_revoked (set, admit->invite) || epoch < 0
      || memcmp (op_at (set->ev, epoch)->key, invite->key, BN_KEY_ID_LEN) != 0
      || admit->timestamp_ms >= invite->expires_ms)
    return FALSE;
  /* The same newcomer admitted twice (by two peers it reached) uses it once. */
  return bn_roster_uses_has (uses, admit->invite, admit->member)
         || bn_roster_uses_count (uses, admit->invite) < invite->uses;
}

static gboolean
may_revoke (const Set *past, const BnRosterOp *op)
{
  gint found = find_invite (past, op->invite);

  return is_member (past, op->author)
         && ((found >= 0 && same_key (op_at (past->ev, found)->author, op->author))
             || is_connector (past, op->author));
}

/* May the author write @i, in the state of the valid entries before it? */
static gboolean
is_authorised (Eval *ev, guint i, BnRosterUses *uses)
{
  const BnRosterOp *op = op_at (ev, i);
  Set past = { ev, i };
  gint invite = -1;

  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      return root_is_valid (ev, op);
    case BN_ROSTER_INVITE:
      return is_member (&past, op->author) && ev->well_formed[i];
    case BN_ROSTER_LEAVE:
      return is_member (&past, op->author);
    case BN_ROSTER_REVOKE:
      return may_revoke (&past, op);
    case BN_ROSTER_ADMIT:
      return is_member (&past, op->author) && !ever_ended (&past, op->member)
             && invite_open_for (&past, uses, op, &invite) && proof_verifies (ev, i, (guint) invite);
    case BN_ROSTER_APPOINT:
      return is_connector (&past, op->author) && is_member (&past, op->member);
    case BN_ROSTER_DISMISS:
      return same_key (op->member, op->author)
             ? is_member (&past, op->author) : is_connector (&past, op->author);
    case BN_ROSTER_REMOVE:
      return is_connector (&past, op->author);
    case BN_ROSTER_REPLACE:
      ev->inherits[i] = is_connector (&past, op->member);
      return is_connector (&past, op->author) && is_member (&past, op->member)
             && !ever_ended (&past, op->by);
    case BN_ROSTER_EPOCH:
      return is_connector (&past, op->author) && seals_to_members_only (&past, i);
    case BN_ROSTER_SHARE:
      return is_member (&past, op->author) && seals_to_members_only (&past, i);
    case BN_ROSTER_N_KINDS:
    default:
      return FALSE;
    }
}

/* Only a connector may write it (in the way this entry was written). */
static gboolean
needs_connector (const Eval *ev, guint i)
{
  const BnRosterOp *op = op_at (ev, i);

  switch (op->kind)
    {
    case BN_ROSTER_APPOINT:
    case BN_ROSTER_REMOVE:
    case BN_ROSTER_REPLACE:
    case BN_ROSTER_EPOCH:
      return TRUE;
    case BN_ROSTER_DISMISS:
      return !same_key (op->member, op->author);
    case BN_ROSTER_REVOKE:
      {
        Set past = { ev, i };
        gint found = find_invite (&past, op->invite);
        return found < 0 || !same_key (op_at (ev, found)->author, op->author);
      }
    default:
      return FALSE;
    }
}

/* Is one of @list valid and concurrent with @i? */
static gboolean
any_valid_concurrent (const Eval *ev, const GArray *list, guint i)
{
  for (guint k = 0; list != NULL && k < list->len; k++)
    {
      guint other = g_array_index (list, BnRosterAbout, k).op;

      if (ev->valid[other] && concurrent (ev, other, i))
        return TRUE;
    }
  return FALSE;
}

/* Strong removal: entries concurrent with their author's removal are void
 * (removals excepted: mutual removals both apply), and a connector's acts
 * concurrent with their dismissal are void. Only the removals, or for a
 * connector's act the dismissals, are looked at: a member may step down as
 * often as they like. */
static gboolean
voided_by_concurrent_end (const Eval *ev, guint i)
{
  const BnRosterOp *op = op_at (ev, i);

  if (op->kind != BN_ROSTER_REMOVE
      && any_valid_concurrent (ev, bn_roster_index_about_what (ev, op->author, BN_ABOUT_REMOVES), i))
    return TRUE;
  return needs_connector (ev, i)
         && any_valid_concurrent (ev, bn_roster_index_about_what (ev, op->author, BN_ABOUT_DISMISSES), i);
}

/* One pass in T order: validity from authorisation, given what is void. */
static void
decide_validity (Eval *ev)
{
  g_autoptr(BnRosterUses) uses = bn_roster_uses_new ();

  memset (ev->valid, 0, ev->n * sizeof (gboolean));
  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);

      ev->valid[i] = !ev->void_[i] && is_authorised (ev, i, uses);
      if (ev->valid[i] && op->kind == BN_ROSTER_ADMIT)
        bn_roster_uses_add (uses, op->invite, op->member);
    }
}

static void
fill_member (BnRoster *roster, const Eval *ev, const guint8 *x)
{
  Set all = { ev, G_MAXUINT };
  g_autoptr(GBytes) key = g_bytes_new (x, BN_PUBLIC_KEY_LEN);
  const GArray *about;
  BnRosterMember *m;

  if (g_hash_table_contains (roster->members, key))
    return;
  m = g_new0 (BnRosterMember, 1);
  memcpy (m->key, x, BN_PUBLIC_KEY_LEN);
  m->status = is_member (&all, x) ? BN_MEMBER_ACTIVE : BN_MEMBER_UNKNOWN;
  m->connector = m->status == BN_MEMBER_ACTIVE && is_connector (&all, x);
  about = bn_roster_index_about (ev, x);
  for (guint k = 0; about != NULL && k < about->len; k++)
    {
      const BnRosterAbout *a = &g_array_index (about, BnRosterAbout, k);
      const BnRosterOp *op = op_at (ev, a->op);
      guint64 cut;

      if (!ev->valid[a->op])
        continue;
      if (m->granted == NULL && (a->what & BN_ABOUT_GRANTS))
        m->granted = op;
      if (!(a->what & BN_ABOUT_ENDS))
        continue;
      /* Several ends: the first in T order says how; the earliest cut holds. */
      cut = op->kind == BN_ROSTER_LEAVE ? op->seq : op->upto;
      if (m->ended == NULL)
        {
          m->ended = op;
          m->cut = cut;
          m->status = op->kind == BN_ROSTER_REMOVE ? BN_MEMBER_REMOVED
                      : op->kind == BN_ROSTER_LEAVE ? BN_MEMBER_LEFT : BN_MEMBER_REPLACED;
          if (op->kind == BN_ROSTER_REPLACE)
            {
              memcpy (m->replaced_by, op->by, BN_PUBLIC_KEY_LEN);
              m->has_replaced_by = TRUE;
            }
        }
      m->cut = MIN (m->cut, cut);
    }
  g_hash_table_insert (roster->members, g_steal_pointer (&key), m);
}

static void
collect_members (BnRoster *roster, const Eval *ev)
{
  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);

      if (!ev->valid[i])
        continue;
      fill_member (roster, ev, op->author);
      if (op->kind == BN_ROSTER_ADMIT || op->kind == BN_ROSTER_APPOINT
          || op->kind == BN_ROSTER_DISMISS || op->kind == BN_ROSTER_REMOVE
          || op->kind == BN_ROSTER_REPLACE)
        fill_member (roster, ev, op->member);
      if (op->kind == BN_ROSTER_REPLACE)
        fill_member (roster, ev, op->by);
      for (guint j = 0; op->kind == BN_ROSTER_HOOD && j < op->legacy_members->len; j++)
        fill_member (roster, ev, g_ptr_array_index (op->legacy_members, j));
    }
}

static void
collect_invites (BnRoster *roster, const Eval *ev)
{
  Set all = { ev, G_MAXUINT };
  g_autoptr(BnRosterUses) seen = bn_roster_uses_new ();

  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);
      g_autoptr(GBytes) id = NULL;
      BnRosterInvite *invite;

      if (!ev->valid[i] || op->kind != BN_ROSTER_INVITE)
        continue;
      id = g_bytes_new (op->invite, BN_INVITE_ID_LEN);
      if (!g_hash_table_contains (roster->invites, id))
        {
          invite = g_new0 (BnRosterInvite, 1);
          invite->op = op;
          invite->revoked = is_revoked (&all, op->invite);
          g_hash_table_insert (roster->invites, g_steal_pointer (&id), invite);
        }
    }
  /* Uses: distinct members among the valid admissions. */
  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);
      g_autoptr(GBytes) id = NULL;
      BnRosterInvite *invite;

      if (!ev->valid[i] || op->kind != BN_ROSTER_ADMIT
          || bn_roster_uses_has (seen, op->invite, op->member))
        continue;
      bn_roster_uses_add (seen, op->invite, op->member);
      id = g_bytes_new (op->invite, BN_INVITE_ID_LEN);
      invite = g_hash_table_lookup (roster->invites, id);
      if (invite != NULL)
        invite->used++;
    }
}

static gboolean
is_legacy_anchor (const guint8 *anchor, const guint8 *k0)
{
  guint8 legacy[BN_HASH_LEN];

  if (k0 == NULL)
    return FALSE;
  crypto_kdf_derive_from_key (legacy, BN_HASH_LEN, 4, "buurtnet", k0);
  return memcmp (legacy, anchor, BN_HASH_LEN) == 0;
}

/* Validity, with strong removal: repeat until what is void no longer grows. */
static void
decide (Eval *ev)
{
  gboolean grew = TRUE;

  while (grew)
    {
      grew = FALSE;
      decide_validity (ev);
      for (guint i = 0; i < ev->n; i++)
        if (ev->valid[i] && voided_by_concurrent_end (ev, i))
          {
            ev->void_[i] = TRUE;
            grew = TRUE;
          }
    }
}

static void
collect (BnRoster *roster, const Eval *ev)
{
  Set all = { ev, G_MAXUINT };
  gint epoch;

  roster->valid = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), roster->ops->len);
  g_array_append_vals (roster->valid, ev->valid, ev->n);
  g_array_set_size (roster->valid, roster->ops->len);
  roster->members = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify) g_bytes_unref, g_free);
  roster->invites = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify) g_bytes_unref, g_free);
  roster->epoch_heads = g_array_new (FALSE, FALSE, BN_KEY_ID_LEN);
  for (guint i = 0; i < ev->n; i++)
    roster->has_root = roster->has_root || (ev->valid[i] && op_at (ev, i)->kind == BN_ROSTER_HOOD);
  collect_members (roster, ev);
  collect_invites (roster, ev);
  epoch = current_epoch (&all, roster->epoch_heads);
  if (epoch >= 0)
    {
      memcpy (roster->current_key, op_at (ev, epoch)->key, BN_KEY_ID_LEN);
      roster->has_current_key = TRUE;
    }
}

/* Moves the chained entries of the first @n (in T order) before the others,
 * each part in T order: the chained ones are T of themselves, as what a
 * chained entry's `after` names is chained. Returns how many are chained. */
static guint
keep_chained_first (GPtrArray *ops, guint n)
{
  g_autofree gboolean *chained = g_new0 (gboolean, n + 1);
  g_autofree gpointer *others = g_new (gpointer, n + 1);
  guint n_chained = bn_roster_chained (ops, n, chained), kept = 0, put = 0;

  if (n_chained == n)
    return n;
  for (guint i = 0; i < n; i++)
    if (chained[i])
      ops->pdata[kept++] = ops->pdata[i];
    else
      others[put++] = ops->pdata[i];
  memcpy (ops->pdata + kept, others, put * sizeof (gpointer));
  return n_chained;
}

/**
 * bn_roster_evaluate:
 * @ops: (transfer container) (element-type BnRosterOp): every roster entry held;
 *   the roster takes them
 * @k0: (nullable): the neighbourhood's first key (checks the root)
 *
 * Returns: (transfer full): the roster these entries make (docs/protocol.md §9.3)
 */
BnRoster *
bn_roster_evaluate (GPtrArray    *ops,
                    const guint8  anchor[BN_HASH_LEN],
                    const guint8 *k0,
                    const guint8 *founder)
{
  BnRoster *roster = g_new0 (BnRoster, 1);
  Eval ev = { 0 };
  guint n_ready = 0, n_chained;

  roster->ref_count = 1;
  roster->ops = bn_roster_order (ops, &n_ready);
  roster->n_pending = roster->ops->len - n_ready;
  g_ptr_array_set_free_func (ops, NULL);
  g_ptr_array_unref (ops);
  g_ptr_array_set_free_func (roster->ops, (GDestroyNotify) bn_roster_op_free);
  n_chained = keep_chained_first (roster->ops, n_ready);
  roster->n_unchained = n_ready - n_chained;

  ev.anchor = anchor;
  ev.k0 = k0;
  ev.legacy = founder == NULL && is_legacy_anchor (anchor, k0);
  bn_roster_index_init (&ev, roster->ops, n_chained);
  roster->graph_bit_sets = bn_roster_graph_has_bit_sets (ev.graph);
  decide (&ev);
  collect (roster, &ev);
  bn_roster_index_clear (&ev);
  return roster;
}

/* Returns: (transfer full): @self, shared (rosters are not changed once made) */
BnRoster *
bn_roster_ref (BnRoster *self)
{
  self->ref_count++;
  return self;
}

/* Drops a reference to @self (bn_roster_evaluate() gives the first). */
void
bn_roster_free (BnRoster *self)
{
  if (self == NULL)
    return;
  if (self->ref_count > 1)
    {
      self->ref_count--;
      return;
    }
  g_ptr_array_unref (self->ops);
  g_array_unref (self->valid);
  g_hash_table_unref (self->members);
  g_hash_table_unref (self->invites);
  g_array_unref (self->epoch_heads);
  g_clear_pointer (&self->stale_valid, g_ptr_array_unref);
  g_free (self);
}

/* Returns: (nullable): what the roster says of @key */
const BnRosterMember *
bn_roster_get_member (const BnRoster *self,
                      const guint8    key[BN_PUBLIC_KEY_LEN])
{
  g_autoptr(GBytes) bytes = g_bytes_new (key, BN_PUBLIC_KEY_LEN);
  return g_hash_table_lookup (self->members, bytes);
}

/**
 * bn_roster_invite_state:
 * @invite_op: (out) (optional): the invite entry, when known
 *
 * Where an invite stands for a newcomer who asks now: the roster's current key,
 * revocations and uses, and @now_ms against its expiry.
 */
BnInviteState
bn_roster_invite_state (const BnRoster    *self,
                        const guint8       invite[BN_INVITE_ID_LEN],
                        gint64             now_ms,
                        const BnRosterOp **invite_op)
{
  g_autoptr(GBytes) id = g_bytes_new (invite, BN_INVITE_ID_LEN);
  const BnRosterInvite *found = g_hash_table_lookup (self->invites, id);

  if (invite_op)
    *invite_op = found ? found->op : NULL;
  if (found == NULL)
    return BN_INVITE_UNKNOWN;
  if (found->revoked)
    return BN_INVITE_REVOKED;
  if (!self->has_current_key || memcmp (found->op->key, self->current_key, BN_KEY_ID_LEN) != 0)
    return BN_INVITE_RENEWED;
  if (now_ms >= found->op->expires_ms)
    return BN_INVITE_EXPIRED;
  if (found->used >= found->op->uses)
    return BN_INVITE_USED;
  return BN_INVITE_OPEN;
}
