/* bn-roster-graph.c — the roster's causal graph (docs/protocol.md §9.1, §9.3):
 * the order T, the chained entries, which entry precedes which, and the frontier
 *
 * Evaluating a roster asks "does a precede b?" for every entry, against the
 * entries about the same identity, so the answer must be at hand. Each entry
 * keeps the entries before it in T that do not precede it: those concurrent
 * with it (an entry later in T never precedes it). Peers that sync write few
 * concurrent entries, so these lists are short and the whole graph is about
 * linear in the roster's size. Should concurrency be so widespread that the
 * lists would take more room than a bit set of ancestors per entry, the graph
 * keeps the bit sets instead: the same answers either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-roster-graph.h"

#include <string.h>

struct _BnRosterGraph
{
  guint    n;
  /* Either the entries concurrent with each, earlier in T ... */
  guint   *conc_start;     /* n + 1 offsets into conc */
  guint32 *conc;           /* sorted, per entry */
  /* ... or a bit set of ancestors per entry. */
  guint    words;
  guint64 *ancestors;
};

static const BnRosterOp *
op_in (GPtrArray *ops, guint i)
{
  return g_ptr_array_index (ops, i);
}

static const guint8 *
after_id (const BnRosterOp *op, guint j)
{
  return &g_array_index (op->after, guint8, j * BN_HASH_LEN);
}

/* Ordering: Kahn's algorithm with the ready entries in a heap */

typedef struct
{
  GPtrArray *ops;
  guint     *items;
  guint      len;
} Heap;

/* The smallest ID first; of two entries with the same ID, the one given first. */
static gboolean
heap_before (const Heap *heap, guint a, guint b)
{
  int by_id = memcmp (op_in (heap->ops, a)->id, op_in (heap->ops, b)->id, BN_HASH_LEN);
  return by_id < 0 || (by_id == 0 && a < b);
}

static void
heap_push (Heap *heap, guint i)
{
  guint at = heap->len++;

  while (at > 0 && heap_before (heap, i, heap->items[(at - 1) / 2]))
    {
      heap->items[at] = heap->items[(at - 1) / 2];
      at = (at - 1) / 2;
    }
  heap->items[at] = i;
}

static guint
heap_pop (Heap *heap)
{
  guint top = heap->items[0];
  guint last = heap->items[--heap->len];
  guint at = 0;

  for (;;)
    {
      guint child = 2 * at + 1;

      if (child >= heap->len)
        break;
      if (child + 1 < heap->len && heap_before (heap, heap->items[child + 1], heap->items[child]))
        child++;
      if (!heap_before (heap, heap->items[child], last))
        break;
      heap->items[at] = heap->items[child];
      at = child;
    }
  if (heap->len > 0)
    heap->items[at] = last;
  return top;
}

/**
 * bn_roster_order:
 * @ops: (element-type BnRosterOp): the entries held, in any order
 * @n_ready: (out): how many entries have every `after` here (recursively)
 *
 * T (docs/protocol.md §9.3): of the entries ready at each step, the one with
 * the smallest ID first. An `after` names the entry given last with that ID.
 *
 * Returns: (transfer container): the ready entries in T order, then those
 *   still waiting for what their `after` names, in the order given
 */
GPtrArray *
bn_roster_order (GPtrArray *ops,
                 guint     *n_ready)
{
  guint n = ops->len;
  g_autoptr(GHashTable) index = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);
  g_autofree guint *waiting = g_new0 (guint, n + 1);      /* unplaced `after` per entry */
  g_autofree gboolean *blocked = g_new0 (gboolean, n + 1); /* names an entry not held */
  g_autofree gboolean *placed = g_new0 (gboolean, n + 1);
  g_autofree guint *child_start = g_new0 (guint, n + 1);
  g_autofree guint *cursor = g_new0 (guint, n + 1);
  g_autofree guint *children = NULL;
  g_autofree guint *items = g_new (guint, n + 1);
  Heap heap = { ops, items, 0 };
  GPtrArray *order = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_hash_table_insert (index, (gpointer) op_in (ops, i)->id, GUINT_TO_POINTER (i + 1));
  /* Who waits for whom: the entries waiting for p are children[child_start[p] ..
   * child_start[p + 1]), once per time they name it. */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < op_in (ops, i)->after->len; j++)
      {
        guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, after_id (op_in (ops, i), j)));
        if (at == 0)
          blocked[i] = TRUE;
        else
          {
            cursor[at - 1]++;
            waiting[i]++;
          }
      }
  for (guint p = 0; p < n; p++)
    {
      child_start[p + 1] = child_start[p] + cursor[p];
      cursor[p] = child_start[p];
    }
  children = g_new (guint, child_start[n] + 1);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < op_in (ops, i)->after->len; j++)
      {
        guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, after_id (op_in (ops, i), j)));
        if (at != 0)
          children[cursor[at - 1]++] = i;
      }

  for (guint i = 0; i < n; i++)
    if (waiting[i] == 0 && !blocked[i])
      heap_push (&heap, i);
  while (heap.len > 0)
    {
      guint best = heap_pop (&heap);

      placed[best] = TRUE;
      g_ptr_array_add (order, g_ptr_array_index (ops, best));
      for (guint c = child_start[best]; c < child_start[best + 1]; c++)
        if (--waiting[children[c]] == 0 && !blocked[children[c]])
          heap_push (&heap, children[c]);
    }
  *n_ready = order->len;
  for (guint i = 0; i < n; i++)
    if (!placed[i])
      g_ptr_array_add (order, g_ptr_array_index (ops, i));
  return order;
}

/* Precedence */

/* Each entry's parents as positions in T: what its `after` names, the entry
 * with that ID placed last before it. */
static guint *
parents_in_t (GPtrArray *ops, guint n, guint **start_out)
{
  g_autoptr(GHashTable) index = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);
  guint *start = g_new0 (guint, n + 1);
  GArray *parents = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      const BnRosterOp *op = op_in (ops, i);

      start[i] = parents->len;
      for (guint j = 0; j < op->after->len; j++)
        {
          guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, after_id (op, j)));
          /* T puts every `after` first, so it is always found. */
          if (at != 0)
            {
              guint p = at - 1;
              g_array_append_val (parents, p);
            }
        }
      g_hash_table_insert (index, (gpointer) op->id, GUINT_TO_POINTER (i + 1));
    }
  start[n] = parents->len;
  *start_out = start;
  return (guint *) g_array_free (parents, FALSE);
}

static void
compute_bit_sets (BnRosterGraph *self, const guint *parent_start, const guint *parents)
{
  self->words = (self->n + 63) / 64 + 1;
  self->ancestors = g_new0 (guint64, (gsize) self->n * self->words + 1);
  for (guint i = 0; i < self->n; i++)
    for (guint k = parent_start[i]; k < parent_start[i + 1]; k++)
      {
        guint p = parents[k];

        for (guint w = 0; w < self->words; w++)
          self->ancestors[(gsize) i * self->words + w] |= self->ancestors[(gsize) p * self->words + w];
        self->ancestors[(gsize) i * self->words + p / 64] |= G_GUINT64_CONSTANT (1) << (p % 64);
      }
}

/* The entries before @b in T that do not precede it: of those concurrent with
 * its last parent m, the ones no other parent has as itself or an ancestor,
 * and every entry between m and @b. Returns FALSE past @budget entries. */
static gboolean
compute_concurrent (BnRosterGraph *self, const guint *parent_start, const guint *parents,
                    gsize budget)
{
  GArray *conc = g_array_new (FALSE, FALSE, sizeof (guint32));

  self->conc_start = g_new0 (guint, self->n + 1);
  for (guint b = 0; b < self->n; b++)
    {
      guint first = parent_start[b], last = parent_start[b + 1];
      guint m = 0, from = 0;

      self->conc_start[b] = conc->len;
      self->conc = (guint32 *) (gpointer) conc->data;
      for (guint k = first; k < last; k++)
        m = MAX (m, parents[k] + 1);
      if (m > 0)
        {
          m--;
          for (guint c = self->conc_start[m]; c < self->conc_start[m + 1]; c++)
            {
              guint32 j = g_array_index (conc, guint32, c);
              gboolean precedes = FALSE;

              self->conc = (guint32 *) (gpointer) conc->data;
              for (guint k = first; k < last && !precedes; k++)
                precedes = parents[k] != m
                           && (parents[k] == j || bn_roster_graph_precedes (self, j, parents[k]));
              if (!precedes)
                g_array_append_val (conc, j);
            }
          from = m + 1;
        }
      for (guint32 j = from; j < b; j++)
        g_array_append_val (conc, j);
      if (conc->len > budget)
        {
          g_array_unref (conc);
          g_clear_pointer (&self->conc_start, g_free);
          self->conc = NULL;
          return FALSE;
        }
    }
  self->conc_start[self->n] = conc->len;
  self->conc = (guint32 *) (gpointer) g_array_free (conc, FALSE);
  return TRUE;
}

/* Chained entries (docs/protocol.md §9.3): each author's entries in seq order,
 * an entry chained when what its `after` names is chained and its author's last
 * chained entry before it precedes it. A hostile member who writes thousands of
 * entries that leave each other out gets one of them chained; the others take
 * no part in the roster, and the graph of the chained entries stays about as
 * large as the roster's honest history. */

typedef struct
{
  const guint  *parent_start;
  const guint  *parents;
  guint        *author_of;     /* per entry: its author's index */
  guint        *cleared;       /* per entry: 1 + the author whose last chained entry it does
                                  not follow (it follows no later one of theirs either) */
  guint        *seen;          /* per entry: the search that saw it */
  guint         search;
  GArray       *stack;
} Chain;

/* Does entry @last (chained) precede entry @b, whose parents are all chained?
 * A search back from @b that skips what comes before @last in T; what it saw
 * without finding @last is remembered for @last's author (their next chained
 * entry follows @last, so what does not follow @last does not follow it). */
static gboolean
chain_follows (Chain *c, guint last, guint b)
{
  guint author = c->author_of[last] + 1;
  guint from = c->stack->len;
  gboolean found = FALSE;

  c->search++;
  g_array_append_val (c->stack, b);
  c->seen[b] = c->search;
  for (guint at = from; at < c->stack->len && !found; at++)
    {
      guint x = g_array_index (c->stack, guint, at);

      for (guint k = c->parent_start[x]; k < c->parent_start[x + 1] && !found; k++)
        {
          guint p = c->parents[k];

          if (p == last)
            found = TRUE;
          else if (p > last && c->seen[p] != c->search && c->cleared[p] != author)
            {
              c->seen[p] = c->search;
              g_array_append_val (c->stack, p);
            }
        }
    }
  if (!found)
    for (guint at = from; at < c->stack->len; at++)
      c->cleared[g_array_index (c->stack, guint, at)] = author;
  g_array_set_size (c->stack, from);
  return found;
}

/* Each author's entries in seq order (ties, which only made-up rosters have:
 * by ID). */
static gint
compare_seq (gconstpointer a, gconstpointer b, gpointer data)
{
  GPtrArray *ops = data;
  const BnRosterOp *x = op_in (ops, *(const guint *) a), *y = op_in (ops, *(const guint *) b);
  int by_author = memcmp (x->author, y->author, BN_PUBLIC_KEY_LEN);

  if (by_author != 0)
    return by_author;
  if (x->seq != y->seq)
    return x->seq < y->seq ? -1 : 1;
  return memcmp (x->id, y->id, BN_HASH_LEN);
}

/* Numbers the authors (author_of) and links each entry to its author's next
 * one (next_of, G_MAXUINT for the last); waiting counts the one before.
 * Returns how many authors. */
static guint
link_authors (GPtrArray *ops, guint n, guint *author_of, guint *next_of, guint *waiting)
{
  g_autofree guint *by_seq = g_new (guint, n + 1);
  guint n_authors = 0;

  for (guint i = 0; i < n; i++)
    by_seq[i] = i;
  g_qsort_with_data (by_seq, (gint) n, sizeof (guint), compare_seq, ops);
  for (guint k = 0; k < n; k++)
    {
      guint i = by_seq[k];
      gboolean same = k > 0 && memcmp (op_in (ops, by_seq[k - 1])->author, op_in (ops, i)->author,
                                       BN_PUBLIC_KEY_LEN) == 0;

      if (k > 0 && !same)
        n_authors++;
      author_of[i] = n_authors;
      next_of[i] = G_MAXUINT;
      if (same)
        {
          next_of[by_seq[k - 1]] = i;
          waiting[i]++;
        }
    }
  return n > 0 ? n_authors + 1 : 0;
}

/**
 * bn_roster_chained:
 * @ops: (element-type BnRosterOp): entries whose first @n are in T order (every
 *   `after` of each among those before it)
 * @chained: (out caller-allocates) (array length=n): whether each is chained
 *
 * Returns: how many of the @n entries are chained
 */
guint
bn_roster_chained (GPtrArray *ops,
                   guint      n,
                   gboolean  *chained)
{
  g_autofree guint *parent_start = NULL;
  g_autofree guint *parents = parents_in_t (ops, n, &parent_start);
  g_autofree guint *next_of = g_new (guint, n + 1);
  g_autofree guint *waiting = g_new0 (guint, n + 1);
  g_autofree guint *child_start = g_new0 (guint, n + 1);
  g_autofree guint *cursor = g_new0 (guint, n + 1);
  g_autofree guint *children = g_new (guint, parent_start[n] + 1);
  g_autofree guint *queue = g_new (guint, n + 1);
  g_autofree guint *author_of = g_new0 (guint, n + 1);
  g_autofree guint *cleared = g_new0 (guint, n + 1);
  g_autofree guint *seen = g_new0 (guint, n + 1);
  g_autofree guint *last = NULL;           /* per author: 1 + their last chained entry */
  Chain c = { parent_start, parents, author_of, cleared, seen, 0, NULL };
  guint n_authors, head = 0, tail = 0, n_chained = 0;

  memset (chained, 0, n * sizeof (gboolean));
  /* An entry is decided after its parents and its author's entry before it. */
  n_authors = link_authors (ops, n, author_of, next_of, waiting);
  last = g_new0 (guint, n_authors + 1);
  for (guint i = 0; i < n; i++)
    {
      waiting[i] += parent_start[i + 1] - parent_start[i];
      for (guint k = parent_start[i]; k < parent_start[i + 1]; k++)
        cursor[parents[k]]++;
    }
  for (guint p = 0; p < n; p++)
    {
      child_start[p + 1] = child_start[p] + cursor[p];
      cursor[p] = child_start[p];
    }
  for (guint i = 0; i < n; i++)
    for (guint k = parent_start[i]; k < parent_start[i + 1]; k++)
      children[cursor[parents[k]]++] = i;

  c.stack = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    if (waiting[i] == 0)
      queue[tail++] = i;
  while (head < tail)
    {
      guint i = queue[head++];
      guint a = author_of[i];

      chained[i] = TRUE;
      for (guint k = parent_start[i]; k < parent_start[i + 1] && chained[i]; k++)
        chained[i] = chained[parents[k]];
      if (chained[i] && last[a] != 0)
        chained[i] = chain_follows (&c, last[a] - 1, i);
      if (chained[i])
        {
          last[a] = i + 1;
          n_chained++;
        }
      for (guint k = child_start[i]; k < child_start[i + 1]; k++)
        if (--waiting[children[k]] == 0)
          queue[tail++] = children[k];
      if (next_of[i] != G_MAXUINT && --waiting[next_of[i]] == 0)
        queue[tail++] = next_of[i];
    }
  /* Every entry is reached: `after` and seq both go back in time (an entry's
   * ID is a hash of what came before it), so nothing waits in a circle. */
  g_array_unref (c.stack);
  return n_chained;
}

/**
 * bn_roster_graph_new_with_budget:
 * @ops: (element-type BnRosterOp): entries whose first @n are in T order
 * @budget: how many concurrent entries the lists may hold in all before the
 *   graph keeps bit sets instead (0: bit sets at once)
 *
 * Returns: (transfer full): which of the first @n entries precede which
 */
BnRosterGraph *
bn_roster_graph_new_with_budget (GPtrArray *ops,
                                 guint      n,
                                 gsize      budget)
{
  BnRosterGraph *self = g_new0 (BnRosterGraph, 1);
  g_autofree guint *parent_start = NULL;
  g_autofree guint *parents = parents_in_t (ops, n, &parent_start);

  self->n = n;
  if (budget == 0 || !compute_concurrent (self, parent_start, parents, budget))
    compute_bit_sets (self, parent_start, parents);
  return self;
}

/* The same, with the lists as long as the bit sets would be large: in
 * 4-byte positions, as many as the bit sets' bytes over four, and then some. */
BnRosterGraph *
bn_roster_graph_new (GPtrArray *ops,
                     guint      n)
{
  return bn_roster_graph_new_with_budget (ops, n, (gsize) n * ((n + 63) / 64 + 1) * 2 + 4096);
}

void
bn_roster_graph_free (BnRosterGraph *self)
{
  if (self == NULL)
    return;
  g_free (self->conc_start);
  g_free (self->conc);
  g_free (self->ancestors);
  g_free (self);
}

/* Does entry @a precede entry @b (positions in T)? */
gboolean
bn_roster_graph_precedes (const BnRosterGraph *self,
                          guint                a,
                          guint                b)
{
  guint lo, hi;

  if (self->ancestors != NULL)
    return (self->ancestors[(gsize) b * self->words + a / 64] >> (a % 64)) & 1;
  if (a >= b)
    return FALSE;
  lo = self->conc_start[b];
  hi = self->conc_start[b + 1];
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->conc[mid] == a)
        return FALSE;
      if (self->conc[mid] < a)
        lo = mid + 1;
      else
        hi = mid;
    }
  return TRUE;
}

/* Did the graph fall back on bit sets (tests: the bound on concurrency)? */
gboolean
bn_roster_graph_has_bit_sets (const BnRosterGraph *self)
{
  return self->ancestors != NULL;
}

/* The frontier */

static gint
compare_id_pointers (gconstpointer a, gconstpointer b)
{
  return memcmp ((*(const BnRosterOp **) a)->id, (*(const BnRosterOp **) b)->id, BN_HASH_LEN);
}

/**
 * bn_roster_frontier:
 *
 * Returns: (transfer full) (element-type guint8[BN_HASH_LEN]): the IDs of the
 *   chained roster entries no other chained entry names in its `after`, sorted:
 *   what a new roster entry's `after` is (docs/protocol.md §9.1, §9.3)
 */
GArray *
bn_roster_frontier (const BnRoster *self)
{
  GArray *frontier = g_array_new (FALSE, FALSE, BN_HASH_LEN);
  guint n = self->ops->len - self->n_pending - self->n_unchained;
  g_autoptr(GHashTable) named = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < op_in (self->ops, i)->after->len; k++)
      g_hash_table_add (named, (gpointer) after_id (op_in (self->ops, i), k));
  for (guint i = 0; i < n; i++)
    if (!g_hash_table_contains (named, op_in (self->ops, i)->id))
      g_ptr_array_add (sorted, g_ptr_array_index (self->ops, i));
  g_ptr_array_sort (sorted, compare_id_pointers);
  for (guint i = 0; i < sorted->len; i++)
    g_array_append_vals (frontier, ((const BnRosterOp *) g_ptr_array_index (sorted, i))->id, 1);
  return frontier;
}
