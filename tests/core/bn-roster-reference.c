/* bn-roster-reference.c — the roster's evaluation as it was first written
 * (docs/protocol.md §9.3), kept for the tests only: every state question scans
 * the whole set, so it is quadratic in the roster's entries and more, and
 * plainly the rules as the protocol states them. test-roster-eval.c checks
 * that bn_roster_evaluate() gives exactly what this gives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster-reference.h"
#include "bn-identity.h"

#include <string.h>

#define ANCHOR_LABEL "buurtnet/2 anchor"

typedef struct
{
  GPtrArray   *ops;          /* BnRosterOp in T order (ready ones only) */
  guint        n;
  guint        words;        /* guint64 words per bit set */
  guint64     *ancestors;    /* n bit sets */
  gboolean    *valid;
  gboolean    *void_;
  gboolean    *inherits;     /* replace: the old identity was a connector in its past */
  const guint8 *anchor;
  const guint8 *k0;
  gboolean     legacy;       /* the anchor is K0's subkey 4 (an upgraded neighbourhood) */
} Eval;

static gboolean
is_ancestor (const Eval *ev, guint a, guint b)
{
  return (ev->ancestors[b * ev->words + a / 64] >> (a % 64)) & 1;
}

static void
set_ancestor (Eval *ev, guint a, guint b)
{
  ev->ancestors[b * ev->words + a / 64] |= G_GUINT64_CONSTANT (1) << (a % 64);
}

static gboolean
concurrent (const Eval *ev, guint a, guint b)
{
  return a != b && !is_ancestor (ev, a, b) && !is_ancestor (ev, b, a);
}

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
  return set->of == G_MAXUINT || is_ancestor (set->ev, i, set->of);
}

static gboolean
list_has (GPtrArray *keys, const guint8 *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (same_key (g_ptr_array_index (keys, i), key))
      return TRUE;
  return FALSE;
}

/* Does entry @i make @x a member? */
static gboolean
grants_membership (const Eval *ev, guint i, const guint8 *x)
{
  const BnRosterOp *op = op_at (ev, i);

  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      return ev->legacy ? list_has (op->legacy_members, x) : same_key (op->author, x);
    case BN_ROSTER_ADMIT:
      return same_key (op->member, x);
    case BN_ROSTER_REPLACE:
      return same_key (op->by, x);
    default:
      return FALSE;
    }
}

/* Does entry @i end @x's membership? */
static gboolean
ends_membership (const Eval *ev, guint i, const guint8 *x)
{
  const BnRosterOp *op = op_at (ev, i);

  switch (op->kind)
    {
    case BN_ROSTER_REMOVE:
    case BN_ROSTER_REPLACE:
      return same_key (op->member, x);
    case BN_ROSTER_LEAVE:
      return same_key (op->author, x);
    default:
      return FALSE;
    }
}

static gboolean
is_member (const Set *set, const guint8 *x)
{
  gboolean granted = FALSE;

  for (guint i = 0; i < set->ev->n; i++)
    if (in_set (set, i))
      {
        if (ends_membership (set->ev, i, x))
          return FALSE;
        granted = granted || grants_membership (set->ev, i, x);
      }
  return granted;
}

static gboolean
grants_connector (const Eval *ev, guint i, const guint8 *x)
{
  const BnRosterOp *op = op_at (ev, i);

  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      return ev->legacy ? list_has (op->legacy_connectors, x) : same_key (op->author, x);
    case BN_ROSTER_APPOINT:
      return same_key (op->member, x);
    case BN_ROSTER_REPLACE:
      return same_key (op->by, x) && ev->inherits[i];
    default:
      return FALSE;
    }
}

/* A member is a connector when a grant in the set has every dismissal of them
 * in the set before it: a dismissal concurrent with an appointment wins. */
static gboolean
is_connector (const Set *set, const guint8 *x)
{
  const Eval *ev = set->ev;

  if (!is_member (set, x))
    return FALSE;
  for (guint p = 0; p < ev->n; p++)
    {
      gboolean stands = TRUE;

      if (!in_set (set, p) || !grants_connector (ev, p, x))
        continue;
      for (guint d = 0; d < ev->n && stands; d++)
        if (in_set (set, d) && op_at (ev, d)->kind == BN_ROSTER_DISMISS
            && same_key (op_at (ev, d)->member, x) && !is_ancestor (ev, d, p))
          stands = FALSE;
      if (stands)
        return TRUE;
    }
  return FALSE;
}

/* Entries that introduce an epoch key: the root and the epochs. */
static gboolean
introduces_key (const BnRosterOp *op)
{
  return op->kind == BN_ROSTER_HOOD || op->kind == BN_ROSTER_EPOCH;
}

static gboolean
key_is_parent (const Set *set, const guint8 *key)
{
  const Eval *ev = set->ev;

  for (guint i = 0; i < ev->n; i++)
    if (in_set (set, i) && op_at (ev, i)->kind == BN_ROSTER_EPOCH)
      {
        GArray *parents = op_at (ev, i)->keys;
        for (guint j = 0; j < parents->len; j++)
          if (memcmp (&g_array_index (parents, guint8, j * BN_KEY_ID_LEN), key, BN_KEY_ID_LEN) == 0)
            return TRUE;
      }
  return FALSE;
}

/* The current epoch of a set: the one head, or of several heads the one whose
 * entry has the smallest ID. Returns the entry that introduced it, or -1. */
static gint
current_epoch (const Set *set, GArray *heads)
{
  const Eval *ev = set->ev;
  gint best = -1;

  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);

      if (!in_set (set, i) || !introduces_key (op) || key_is_parent (set, op->key))
        continue;
      if (heads != NULL)
        g_array_append_vals (heads, op->key, 1);
      if (best < 0 || memcmp (op->id, op_at (ev, best)->id, BN_HASH_LEN) < 0)
        best = (gint) i;
    }
  return best;
}

static gint
find_invite (const Set *set, const guint8 *invite)
{
  for (guint i = 0; i < set->ev->n; i++)
    if (in_set (set, i) && op_at (set->ev, i)->kind == BN_ROSTER_INVITE
        && memcmp (op_at (set->ev, i)->invite, invite, BN_INVITE_ID_LEN) == 0)
      return (gint) i;
  return -1;
}

static gboolean
is_revoked (const Set *set, const guint8 *invite)
{
  for (guint i = 0; i < set->ev->n; i++)
    if (in_set (set, i) && op_at (set->ev, i)->kind == BN_ROSTER_REVOKE
        && memcmp (op_at (set->ev, i)->invite, invite, BN_INVITE_ID_LEN) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
proof_verifies (const BnRosterOp *invite, const BnRosterOp *admit)
{
  return bn_invite_verify_proof (invite->invite_key, invite->invite, admit->member, admit->proof);
}

/* An invite entry's ID must be the one of its key (docs/protocol.md §3). */
static gboolean
invite_is_well_formed (const BnRosterOp *op)
{
  guint8 id[BN_INVITE_ID_LEN];

  bn_invite_id_for_key (op->invite_key, id);
  return memcmp (id, op->invite, BN_INVITE_ID_LEN) == 0;
}

static gboolean
seals_to_members_only (const Set *set, const BnRosterOp *op)
{
  GHashTableIter iter;
  gpointer peer_id;

  g_hash_table_iter_init (&iter, op->seals);
  while (g_hash_table_iter_next (&iter, &peer_id, NULL))
    {
      guint8 key[BN_PUBLIC_KEY_LEN];
      if (!bn_peer_id_to_key (peer_id, key) || !is_member (set, key))
        return FALSE;
    }
  return TRUE;
}

/* Was the identity ever ended in the set (removed, left, replaced)? */
static gboolean
ever_ended (const Set *set, const guint8 *x)
{
  for (guint i = 0; i < set->ev->n; i++)
    if (in_set (set, i) && ends_membership (set->ev, i, x))
      return TRUE;
  return FALSE;
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

/* Invites' uses, counted in T order over the valid admissions so far. */
typedef struct
{
  GHashTable *admitted;   /* invite ID (GBytes) → GPtrArray of member keys */
} Uses;

static GPtrArray *
uses_of (Uses *uses, const guint8 *invite)
{
  g_autoptr(GBytes) key = g_bytes_new (invite, BN_INVITE_ID_LEN);
  GPtrArray *members = g_hash_table_lookup (uses->admitted, key);

  if (members == NULL)
    {
      members = g_ptr_array_new ();
      g_hash_table_insert (uses->admitted, g_steal_pointer (&key), members);
    }
  return members;
}

static gboolean
invite_open_for (const Set *set, Uses *uses, const BnRosterOp *admit, const BnRosterOp **out)
{
  gint i = find_invite (set, admit->invite);
  const BnRosterOp *invite;
  GPtrArray *admitted;
  gint epoch;

  if (i < 0)
    return FALSE;
  invite = op_at (set->ev, i);
  *out = invite;
  epoch = current_epoch (set, NULL);
  if (is_revoked (set, admit->invite) || epoch < 0
      || memcmp (op_at (set->ev, epoch)->key, invite->key, BN_KEY_ID_LEN) != 0
      || admit->timestamp_ms >= invite->expires_ms)
    return FALSE;
  admitted = uses_of (uses, admit->invite);
  /* The same newcomer admitted twice (by two peers it reached) uses it once. */
  return list_has (admitted, admit->member) || admitted->len < invite->uses;
}

/* May the author write @i, in the state of the valid entries before it? */
static gboolean
is_authorised (Eval *ev, guint i, Uses *uses)
{
  const BnRosterOp *op = op_at (ev, i);
  Set past = { ev, i };
  const BnRosterOp *invite = NULL;

  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      return root_is_valid (ev, op);
    case BN_ROSTER_INVITE:
      return is_member (&past, op->author) && invite_is_well_formed (op);
    case BN_ROSTER_LEAVE:
      return is_member (&past, op->author);
    case BN_ROSTER_REVOKE:
      {
        gint found = find_invite (&past, op->invite);
        return is_member (&past, op->author)
               && ((found >= 0 && same_key (op_at (ev, found)->author, op->author))
                   || is_connector (&past, op->author));
      }
    case BN_ROSTER_ADMIT:
      return is_member (&past, op->author) && !ever_ended (&past, op->member)
             && invite_open_for (&past, uses, op, &invite) && proof_verifies (invite, op);
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
      return is_connector (&past, op->author) && seals_to_members_only (&past, op);
    case BN_ROSTER_SHARE:
      return is_member (&past, op->author) && seals_to_members_only (&past, op);
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

/* Strong removal: entries concurrent with their author's removal are void
 * (removals excepted: mutual removals both apply), and a connector's acts
 * concurrent with their dismissal are void. */
static gboolean
voided_by_concurrent_end (const Eval *ev, guint i)
{
  const BnRosterOp *op = op_at (ev, i);
  gboolean connector_act = needs_connector (ev, i);

  for (guint r = 0; r < ev->n; r++)
    {
      const BnRosterOp *other = op_at (ev, r);

      if (!ev->valid[r] || !concurrent (ev, r, i) || !same_key (other->member, op->author))
        continue;
      if ((other->kind == BN_ROSTER_REMOVE || other->kind == BN_ROSTER_REPLACE)
          && op->kind != BN_ROSTER_REMOVE)
        return TRUE;
      if (other->kind == BN_ROSTER_DISMISS && connector_act)
        return TRUE;
    }
  return FALSE;
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  return memcmp (((const BnRosterOp *) a)->id, ((const BnRosterOp *) b)->id, BN_HASH_LEN);
}

static gint
compare_id_pointers (gconstpointer a, gconstpointer b)
{
  return compare_ids (*(const BnRosterOp **) a, *(const BnRosterOp **) b);
}

/* Keeps the entries whose `after` is all here (recursively), in T order:
 * Kahn's algorithm, the smallest ID first among those ready. */
static GPtrArray *
order_ready (GPtrArray *ops, guint *n_pending)
{
  guint n = ops->len;
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);
  g_autofree gint *waiting = g_new0 (gint, n);     /* unplaced `after` per entry */
  g_autofree gboolean *placed = g_new0 (gboolean, n);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_hash_table_insert (index, g_bytes_new (((BnRosterOp *) g_ptr_array_index (ops, i))->id,
                                             BN_HASH_LEN), GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < n; i++)
    waiting[i] = ((BnRosterOp *) g_ptr_array_index (ops, i))->after->len;

  for (;;)
    {
      gint best = -1;

      for (guint i = 0; i < n; i++)
        {
          const BnRosterOp *op = g_ptr_array_index (ops, i);
          gboolean ready = !placed[i];

          for (guint j = 0; ready && j < op->after->len; j++)
            {
              g_autoptr(GBytes) dep = g_bytes_new (&g_array_index (op->after, guint8, j * BN_HASH_LEN),
                                                   BN_HASH_LEN);
              guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, dep));
              ready = at != 0 && placed[at - 1];
            }
          if (ready && (best < 0 || compare_ids (op, g_ptr_array_index (ops, best)) < 0))
            best = (gint) i;
        }
      if (best < 0)
        break;
      placed[best] = TRUE;
      g_ptr_array_add (order, g_ptr_array_index (ops, best));
    }
  *n_pending = n - order->len;
  return g_steal_pointer (&order);
}

static void
compute_ancestors (Eval *ev)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);

  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);

      for (guint j = 0; j < op->after->len; j++)
        {
          g_autoptr(GBytes) dep = g_bytes_new (&g_array_index (op->after, guint8, j * BN_HASH_LEN),
                                               BN_HASH_LEN);
          guint p = GPOINTER_TO_UINT (g_hash_table_lookup (index, dep)) - 1;

          /* T order puts every `after` first, so its ancestors are complete. */
          for (guint w = 0; w < ev->words; w++)
            ev->ancestors[i * ev->words + w] |= ev->ancestors[p * ev->words + w];
          set_ancestor (ev, p, i);
        }
      g_hash_table_insert (index, g_bytes_new (op->id, BN_HASH_LEN), GUINT_TO_POINTER (i + 1));
    }
}

/* Is @j before @i in their author's log (seq, then ID for made-up ties)? */
static gboolean
earlier_of_author (const Eval *ev, guint j, guint i)
{
  const BnRosterOp *a = op_at (ev, j), *b = op_at (ev, i);

  if (!same_key (a->author, b->author) || j == i)
    return FALSE;
  return a->seq < b->seq || (a->seq == b->seq && memcmp (a->id, b->id, BN_HASH_LEN) < 0);
}

/* Chained entries, as docs/protocol.md §9.3 says them: an entry is chained when
 * every entry before it (its ancestors) is chained and every chained entry of
 * its author with a smaller seq precedes it. Decided as soon as all those it
 * depends on are, again and again until all are. Moves the chained entries
 * first (in T order), then the others; returns how many are not chained. */
static guint
keep_chained (Eval *ev)
{
  g_autofree gboolean *decided = g_new0 (gboolean, ev->n + 1);
  g_autofree gboolean *chained = g_new0 (gboolean, ev->n + 1);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean progress = TRUE;
  guint n_unchained = 0;

  while (progress)
    {
      progress = FALSE;
      for (guint i = 0; i < ev->n; i++)
        {
          gboolean ready = !decided[i], ok = TRUE;

          for (guint j = 0; ready && j < ev->n; j++)
            if (is_ancestor (ev, j, i) || earlier_of_author (ev, j, i))
              ready = decided[j];
          if (!ready)
            continue;
          for (guint j = 0; ok && j < ev->n; j++)
            {
              if (is_ancestor (ev, j, i) && !chained[j])
                ok = FALSE;
              if (earlier_of_author (ev, j, i) && chained[j] && !is_ancestor (ev, j, i))
                ok = FALSE;
            }
          decided[i] = TRUE;
          chained[i] = ok;
          progress = TRUE;
        }
    }
  for (guint i = 0; i < ev->n; i++)
    if (chained[i])
      g_ptr_array_add (order, g_ptr_array_index (ev->ops, i));
  for (guint i = 0; i < ev->n; i++)
    if (!chained[i])
      {
        g_ptr_array_add (order, g_ptr_array_index (ev->ops, i));
        n_unchained++;
      }
  for (guint i = 0; i < ev->n; i++)
    ev->ops->pdata[i] = order->pdata[i];
  return n_unchained;
}

/* One pass in T order: validity from authorisation, given what is void. */
static void
decide_validity (Eval *ev)
{
  Uses uses = { g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                       (GDestroyNotify) g_bytes_unref,
                                       (GDestroyNotify) g_ptr_array_unref) };

  memset (ev->valid, 0, ev->n * sizeof (gboolean));
  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);

      ev->valid[i] = !ev->void_[i] && is_authorised (ev, i, &uses);
      if (ev->valid[i] && op->kind == BN_ROSTER_ADMIT)
        {
          GPtrArray *admitted = uses_of (&uses, op->invite);
          if (!list_has (admitted, op->member))
            g_ptr_array_add (admitted, (gpointer) op->member);
        }
    }
  g_hash_table_unref (uses.admitted);
}

static void
fill_member (BnRoster *roster, const Eval *ev, const guint8 *x)
{
  Set all = { ev, G_MAXUINT };
  g_autoptr(GBytes) key = g_bytes_new (x, BN_PUBLIC_KEY_LEN);
  BnRosterMember *m;

  if (g_hash_table_contains (roster->members, key))
    return;
  m = g_new0 (BnRosterMember, 1);
  memcpy (m->key, x, BN_PUBLIC_KEY_LEN);
  m->status = is_member (&all, x) ? BN_MEMBER_ACTIVE : BN_MEMBER_UNKNOWN;
  m->connector = m->status == BN_MEMBER_ACTIVE && is_connector (&all, x);
  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);
      guint64 cut;

      if (!ev->valid[i])
        continue;
      if (m->granted == NULL && grants_membership (ev, i, x))
        m->granted = op;
      if (!ends_membership (ev, i, x))
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

  for (guint i = 0; i < ev->n; i++)
    {
      const BnRosterOp *op = op_at (ev, i);
      g_autoptr(GBytes) id = NULL;
      BnRosterInvite *invite;

      if (!ev->valid[i])
        continue;
      id = g_bytes_new (op->invite, BN_INVITE_ID_LEN);
      if (op->kind == BN_ROSTER_INVITE && !g_hash_table_contains (roster->invites, id))
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
      gboolean seen = FALSE;

      if (!ev->valid[i] || op->kind != BN_ROSTER_ADMIT)
        continue;
      id = g_bytes_new (op->invite, BN_INVITE_ID_LEN);
      invite = g_hash_table_lookup (roster->invites, id);
      for (guint j = 0; j < i && !seen; j++)
        seen = ev->valid[j] && op_at (ev, j)->kind == BN_ROSTER_ADMIT
               && memcmp (op_at (ev, j)->invite, op->invite, BN_INVITE_ID_LEN) == 0
               && same_key (op_at (ev, j)->member, op->member);
      if (invite != NULL && !seen)
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

/**
 * bn_roster_reference_evaluate:
 * @ops: (transfer container) (element-type BnRosterOp): every roster entry held;
 *   the roster takes them
 * @k0: (nullable): the neighbourhood's first key (checks the root)
 *
 * Returns: (transfer full): the roster these entries make (docs/protocol.md §9.3)
 */
BnRoster *
bn_roster_reference_evaluate_with (GPtrArray    *ops,
                                   const guint8  anchor[BN_HASH_LEN],
                                   const guint8 *k0,
                                   const guint8 *founder,
                                   gboolean      chain_rule)
{
  BnRoster *roster = g_new0 (BnRoster, 1);
  Eval ev = { 0 };
  gboolean grew = TRUE;
  Set all;
  gint epoch;

  g_ptr_array_set_free_func (ops, (GDestroyNotify) bn_roster_op_free);
  roster->ops = order_ready (ops, &roster->n_pending);
  /* Entries still waiting for their `after` stay with the roster too. */
  for (guint i = 0; i < ops->len; i++)
    if (!g_ptr_array_find (roster->ops, g_ptr_array_index (ops, i), NULL))
      g_ptr_array_add (roster->ops, g_ptr_array_index (ops, i));
  g_ptr_array_set_free_func (ops, NULL);
  g_ptr_array_unref (ops);
  g_ptr_array_set_free_func (roster->ops, (GDestroyNotify) bn_roster_op_free);

  ev.ops = roster->ops;
  ev.n = roster->ops->len - roster->n_pending;
  ev.words = (ev.n + 63) / 64 + 1;
  ev.ancestors = g_new0 (guint64, (gsize) ev.n * ev.words + 1);
  compute_ancestors (&ev);
  if (chain_rule)
    {
      roster->n_unchained = keep_chained (&ev);
      ev.n -= roster->n_unchained;
      memset (ev.ancestors, 0, ((gsize) ev.n * ev.words + 1) * sizeof (guint64));
    }
  ev.valid = g_new0 (gboolean, ev.n + 1);
  ev.void_ = g_new0 (gboolean, ev.n + 1);
  ev.inherits = g_new0 (gboolean, ev.n + 1);
  ev.anchor = anchor;
  ev.k0 = k0;
  ev.legacy = founder == NULL && is_legacy_anchor (anchor, k0);
  compute_ancestors (&ev);   /* of the chained entries only, now */

  while (grew)
    {
      grew = FALSE;
      decide_validity (&ev);
      for (guint i = 0; i < ev.n; i++)
        if (ev.valid[i] && voided_by_concurrent_end (&ev, i))
          {
            ev.void_[i] = TRUE;
            grew = TRUE;
          }
    }

  roster->valid = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), roster->ops->len);
  g_array_append_vals (roster->valid, ev.valid, ev.n);
  g_array_set_size (roster->valid, roster->ops->len);
  roster->members = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify) g_bytes_unref, g_free);
  roster->invites = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify) g_bytes_unref, g_free);
  roster->epoch_heads = g_array_new (FALSE, FALSE, BN_KEY_ID_LEN);
  for (guint i = 0; i < ev.n; i++)
    roster->has_root = roster->has_root || (ev.valid[i] && op_at (&ev, i)->kind == BN_ROSTER_HOOD);
  collect_members (roster, &ev);
  collect_invites (roster, &ev);
  all = (Set) { &ev, G_MAXUINT };
  epoch = current_epoch (&all, roster->epoch_heads);
  if (epoch >= 0)
    {
      memcpy (roster->current_key, op_at (&ev, epoch)->key, BN_KEY_ID_LEN);
      roster->has_current_key = TRUE;
    }

  g_free (ev.ancestors);
  g_free (ev.valid);
  g_free (ev.void_);
  g_free (ev.inherits);
  return roster;
}

BnRoster *
bn_roster_reference_evaluate (GPtrArray    *ops,
                              const guint8  anchor[BN_HASH_LEN],
                              const guint8 *k0,
                              const guint8 *founder)
{
  return bn_roster_reference_evaluate_with (ops, anchor, k0, founder, TRUE);
}

/**
 * bn_roster_reference_frontier:
 *
 * Returns: (transfer full) (element-type guint8[BN_HASH_LEN]): the IDs of the
 *   chained roster entries no other chained entry names in its `after`, sorted:
 *   what a new roster entry's `after` is
 */
GArray *
bn_roster_reference_frontier (const BnRoster *self)
{
  GArray *frontier = g_array_new (FALSE, FALSE, BN_HASH_LEN);
  guint n = self->ops->len - self->n_pending - self->n_unchained;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      const BnRosterOp *op = g_ptr_array_index (self->ops, i);
      gboolean named = FALSE;

      for (guint j = 0; j < n && !named; j++)
        {
          const BnRosterOp *other = g_ptr_array_index (self->ops, j);
          for (guint k = 0; k < other->after->len && !named; k++)
            named = memcmp (&g_array_index (other->after, guint8, k * BN_HASH_LEN), op->id,
                            BN_HASH_LEN) == 0;
        }
      if (!named)
        g_ptr_array_add (sorted, (gpointer) op);
    }
  g_ptr_array_sort (sorted, compare_id_pointers);
  for (guint i = 0; i < sorted->len; i++)
    g_array_append_vals (frontier, ((const BnRosterOp *) g_ptr_array_index (sorted, i))->id, 1);
  return frontier;
}
