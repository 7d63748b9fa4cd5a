/* bn-roster-index.c — the roster's entries indexed by what they concern, so
 * that bn-roster-eval.c asks about an identity, an invite or a key without
 * looking at every entry; and what is worked out once per entry rather than in
 * every pass (an invite's ID, the keys an epoch is sealed to, an admission's
 * proof)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster-index.h"
#include "bn-identity.h"

#include <string.h>

#define PAIR_LEN (BN_INVITE_ID_LEN + BN_PUBLIC_KEY_LEN)

/* Invite IDs, key IDs and keys are hashes or keys: as good as random. */
static guint
words_hash (gconstpointer data, gsize len)
{
  const guint8 *bytes = data;
  guint h = 0;

  for (gsize i = 0; i + sizeof h <= len; i += sizeof h)
    {
      guint w;
      memcpy (&w, bytes + i, sizeof w);
      h = h * 31 + w;
    }
  return h;
}

static guint
invite_hash (gconstpointer id)
{
  return words_hash (id, BN_INVITE_ID_LEN);
}

static gboolean
invite_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, BN_INVITE_ID_LEN) == 0;
}

static guint
key_id_hash (gconstpointer id)
{
  return words_hash (id, BN_KEY_ID_LEN);
}

static gboolean
key_id_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, BN_KEY_ID_LEN) == 0;
}

static guint
pair_hash (gconstpointer pair)
{
  return words_hash (pair, PAIR_LEN);
}

static gboolean
pair_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, PAIR_LEN) == 0;
}

static void
invite_ops_free (BnRosterInviteOps *ops)
{
  g_array_unref (ops->invites);
  g_array_unref (ops->revokes);
  g_free (ops);
}

/* The entries about one identity: all of them, and those of each kind apart,
 * so that a question about one kind does not walk past thousands of another
 * (a member may step down, or admit themself with their own invite, as often
 * as they like). */
typedef struct
{
  GArray *all;
  GArray *by_what[BN_ABOUT_N_KINDS];
} AboutLists;

static void
about_lists_free (AboutLists *lists)
{
  g_array_unref (lists->all);
  for (guint b = 0; b < BN_ABOUT_N_KINDS; b++)
    g_array_unref (lists->by_what[b]);
  g_free (lists);
}

/* Adds @entry to @list, or its kinds to the list's last item when that is the
 * same entry: one entry about the same identity twice (replaced by itself,
 * listed twice in a root) is one item with both. */
static void
append_about (GArray *list, BnRosterAbout entry)
{
  if (list->len > 0 && g_array_index (list, BnRosterAbout, list->len - 1).op == entry.op)
    g_array_index (list, BnRosterAbout, list->len - 1).what |= entry.what;
  else
    g_array_append_val (list, entry);
}

static void
add_about (BnRosterEval *ev, const guint8 *key, guint op, guint what)
{
  AboutLists *lists = g_hash_table_lookup (ev->about, key);
  BnRosterAbout entry = { op, what };

  if (lists == NULL)
    {
      lists = g_new0 (AboutLists, 1);
      lists->all = g_array_new (FALSE, FALSE, sizeof (BnRosterAbout));
      for (guint b = 0; b < BN_ABOUT_N_KINDS; b++)
        lists->by_what[b] = g_array_new (FALSE, FALSE, sizeof (BnRosterAbout));
      g_hash_table_insert (ev->about, (gpointer) key, lists);
    }
  append_about (lists->all, entry);
  for (guint b = 0; b < BN_ABOUT_N_KINDS; b++)
    if (what & (1u << b))
      append_about (lists->by_what[b], entry);
}

static BnRosterInviteOps *
invite_ops (BnRosterEval *ev, const guint8 *invite)
{
  BnRosterInviteOps *ops = g_hash_table_lookup (ev->invites, invite);

  if (ops == NULL)
    {
      ops = g_new0 (BnRosterInviteOps, 1);
      ops->invites = g_array_new (FALSE, FALSE, sizeof (guint));
      ops->revokes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (ev->invites, (gpointer) invite, ops);
    }
  return ops;
}

static void
add_epoch_after (BnRosterEval *ev, const guint8 *key_id, guint op)
{
  GArray *epochs = g_hash_table_lookup (ev->epochs_after, key_id);

  if (epochs == NULL)
    {
      epochs = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (ev->epochs_after, (gpointer) key_id, epochs);
    }
  g_array_append_val (epochs, op);
}

/* An invite entry's ID must be the one of its key (docs/protocol.md §3). */
static gboolean
invite_is_well_formed (const BnRosterOp *op)
{
  guint8 id[BN_INVITE_ID_LEN];

  bn_invite_id_for_key (op->invite_key, id);
  return memcmp (id, op->invite, BN_INVITE_ID_LEN) == 0;
}

static GArray *
keys_sealed_to (const BnRosterOp *op)
{
  GArray *keys = g_array_new (FALSE, FALSE, BN_PUBLIC_KEY_LEN);
  GHashTableIter iter;
  gpointer peer_id;

  g_hash_table_iter_init (&iter, op->seals);
  while (g_hash_table_iter_next (&iter, &peer_id, NULL))
    {
      guint8 key[BN_PUBLIC_KEY_LEN];

      if (!bn_peer_id_to_key (peer_id, key))
        {
          g_array_unref (keys);
          return NULL;
        }
      g_array_append_vals (keys, key, 1);
    }
  return keys;
}

static void
index_root (BnRosterEval *ev, const BnRosterOp *op, guint i)
{
  g_array_append_val (ev->key_ops, i);
  if (!ev->legacy)
    {
      add_about (ev, op->author, i, BN_ABOUT_GRANTS | BN_ABOUT_CONNECTOR);
      return;
    }
  for (guint j = 0; j < op->legacy_members->len; j++)
    add_about (ev, g_ptr_array_index (op->legacy_members, j), i, BN_ABOUT_GRANTS);
  for (guint j = 0; j < op->legacy_connectors->len; j++)
    add_about (ev, g_ptr_array_index (op->legacy_connectors, j), i, BN_ABOUT_CONNECTOR);
}

static void
index_entry (BnRosterEval *ev, const BnRosterOp *op, guint i)
{
  switch (op->kind)
    {
    case BN_ROSTER_HOOD:
      index_root (ev, op, i);
      break;
    case BN_ROSTER_INVITE:
      g_array_append_val (invite_ops (ev, op->invite)->invites, i);
      ev->well_formed[i] = invite_is_well_formed (op);
      break;
    case BN_ROSTER_REVOKE:
      g_array_append_val (invite_ops (ev, op->invite)->revokes, i);
      break;
    case BN_ROSTER_ADMIT:
      add_about (ev, op->member, i, BN_ABOUT_GRANTS);
      break;
    case BN_ROSTER_APPOINT:
      add_about (ev, op->member, i, BN_ABOUT_CONNECTOR);
      break;
    case BN_ROSTER_DISMISS:
      add_about (ev, op->member, i, BN_ABOUT_DISMISSES);
      break;
    case BN_ROSTER_REMOVE:
      add_about (ev, op->member, i, BN_ABOUT_ENDS | BN_ABOUT_REMOVES);
      break;
    case BN_ROSTER_LEAVE:
      add_about (ev, op->author, i, BN_ABOUT_ENDS);
      break;
    case BN_ROSTER_REPLACE:
      add_about (ev, op->member, i, BN_ABOUT_ENDS | BN_ABOUT_REMOVES);
      add_about (ev, op->by, i, BN_ABOUT_GRANTS | BN_ABOUT_CONNECTOR_IF_INHERITED);
      break;
    case BN_ROSTER_EPOCH:
      g_array_append_val (ev->key_ops, i);
      for (guint j = 0; j < op->keys->len; j++)
        add_epoch_after (ev, &g_array_index (op->keys, guint8, j * BN_KEY_ID_LEN), i);
      ev->seal_keys[i] = keys_sealed_to (op);
      break;
    case BN_ROSTER_SHARE:
      ev->seal_keys[i] = keys_sealed_to (op);
      break;
    case BN_ROSTER_N_KINDS:
    default:
      break;
    }
}

/**
 * bn_roster_index_init:
 * @ops: (element-type BnRosterOp): entries whose first @n are in T order; they
 *   must outlive @ev (the indexes point into them)
 *
 * Sets @ev up for the entries: the graph, the indexes, and room for validity.
 * @ev's anchor, k0 and legacy are set already.
 */
void
bn_roster_index_init (BnRosterEval *ev,
                      GPtrArray    *ops,
                      guint         n)
{
  ev->ops = ops;
  ev->n = n;
  ev->graph = bn_roster_graph_new (ops, n);
  ev->valid = g_new0 (gboolean, n + 1);
  ev->void_ = g_new0 (gboolean, n + 1);
  ev->inherits = g_new0 (gboolean, n + 1);
  ev->well_formed = g_new0 (gboolean, n + 1);
  ev->seal_keys = g_new0 (GArray *, n + 1);
  ev->proof_of = g_new0 (guint, n + 1);
  ev->proof_ok = g_new0 (gboolean, n + 1);
  ev->about = g_hash_table_new_full (bn_key_hash, (GEqualFunc) bn_same_key, NULL,
                                     (GDestroyNotify) about_lists_free);
  ev->invites = g_hash_table_new_full (invite_hash, invite_equal, NULL,
                                       (GDestroyNotify) invite_ops_free);
  ev->epochs_after = g_hash_table_new_full (key_id_hash, key_id_equal, NULL,
                                            (GDestroyNotify) g_array_unref);
  ev->key_ops = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    index_entry (ev, g_ptr_array_index (ops, i), i);
}

void
bn_roster_index_clear (BnRosterEval *ev)
{
  for (guint i = 0; ev->seal_keys != NULL && i < ev->n; i++)
    g_clear_pointer (&ev->seal_keys[i], g_array_unref);
  g_clear_pointer (&ev->graph, bn_roster_graph_free);
  g_clear_pointer (&ev->valid, g_free);
  g_clear_pointer (&ev->void_, g_free);
  g_clear_pointer (&ev->inherits, g_free);
  g_clear_pointer (&ev->well_formed, g_free);
  g_clear_pointer (&ev->seal_keys, g_free);
  g_clear_pointer (&ev->proof_of, g_free);
  g_clear_pointer (&ev->proof_ok, g_free);
  g_clear_pointer (&ev->about, g_hash_table_unref);
  g_clear_pointer (&ev->invites, g_hash_table_unref);
  g_clear_pointer (&ev->epochs_after, g_hash_table_unref);
  g_clear_pointer (&ev->key_ops, g_array_unref);
}

/* Returns: (nullable): the entries about @key, in T order */
const GArray *
bn_roster_index_about (const BnRosterEval *ev,
                       const guint8       *key)
{
  const AboutLists *lists = g_hash_table_lookup (ev->about, key);

  return lists != NULL ? lists->all : NULL;
}

/* Returns: (nullable): the entries about @key that are @what (one kind), in T
 * order; their `what` has every kind they are */
const GArray *
bn_roster_index_about_what (const BnRosterEval *ev,
                            const guint8       *key,
                            BnRosterAboutWhat   what)
{
  const AboutLists *lists = g_hash_table_lookup (ev->about, key);

  if (lists == NULL)
    return NULL;
  for (guint b = 0; b < BN_ABOUT_N_KINDS; b++)
    if (what == (1u << b))
      return lists->by_what[b];
  g_return_val_if_reached (NULL);
}

/* Returns: (nullable): the `invite` and `revoke` entries of @invite */
const BnRosterInviteOps *
bn_roster_index_invite (const BnRosterEval *ev,
                        const guint8       *invite)
{
  return g_hash_table_lookup (ev->invites, invite);
}

/* Returns: (nullable): the `epoch` entries that name @key_id a parent */
const GArray *
bn_roster_index_epochs_after (const BnRosterEval *ev,
                              const guint8       *key_id)
{
  return g_hash_table_lookup (ev->epochs_after, key_id);
}

/* Uses */

struct _BnRosterUses
{
  GHashTable *pairs;     /* invite ID || member key (g_malloc'd) */
  GHashTable *counts;    /* invite ID (borrowed) → distinct members */
};

BnRosterUses *
bn_roster_uses_new (void)
{
  BnRosterUses *uses = g_new0 (BnRosterUses, 1);

  uses->pairs = g_hash_table_new_full (pair_hash, pair_equal, g_free, NULL);
  uses->counts = g_hash_table_new (invite_hash, invite_equal);
  return uses;
}

void
bn_roster_uses_free (BnRosterUses *uses)
{
  if (uses == NULL)
    return;
  g_hash_table_unref (uses->pairs);
  g_hash_table_unref (uses->counts);
  g_free (uses);
}

static void
make_pair (guint8 pair[PAIR_LEN], const guint8 *invite, const guint8 *member)
{
  memcpy (pair, invite, BN_INVITE_ID_LEN);
  memcpy (pair + BN_INVITE_ID_LEN, member, BN_PUBLIC_KEY_LEN);
}

/* Counts @member once among those admitted with @invite (which must outlive
 * @uses). */
void
bn_roster_uses_add (BnRosterUses *uses,
                    const guint8 *invite,
                    const guint8 *member)
{
  guint8 pair[PAIR_LEN];

  make_pair (pair, invite, member);
  if (g_hash_table_contains (uses->pairs, pair))
    return;
  g_hash_table_add (uses->pairs, g_memdup2 (pair, PAIR_LEN));
  g_hash_table_insert (uses->counts, (gpointer) invite,
                       GUINT_TO_POINTER (bn_roster_uses_count (uses, invite) + 1));
}

gboolean
bn_roster_uses_has (BnRosterUses *uses,
                    const guint8 *invite,
                    const guint8 *member)
{
  guint8 pair[PAIR_LEN];

  make_pair (pair, invite, member);
  return g_hash_table_contains (uses->pairs, pair);
}

guint
bn_roster_uses_count (BnRosterUses *uses,
                      const guint8 *invite)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (uses->counts, invite));
}
