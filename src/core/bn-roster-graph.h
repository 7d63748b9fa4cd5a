/* bn-roster-graph.h — the roster's causal graph (docs/protocol.md §9.1, §9.3):
 * the order T, the chained entries, which entry precedes which, and the frontier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-roster-private.h"

G_BEGIN_DECLS

typedef struct _BnRosterGraph BnRosterGraph;

GPtrArray     *bn_roster_order           (GPtrArray           *ops,
                                          guint               *n_ready);
guint          bn_roster_chained         (GPtrArray           *ops,
                                          guint                n,
                                          gboolean            *chained);
BnRosterGraph *bn_roster_graph_new       (GPtrArray           *ops,
                                          guint                n);
BnRosterGraph *bn_roster_graph_new_with_budget (GPtrArray     *ops,
                                                guint          n,
                                                gsize          budget);
void           bn_roster_graph_free      (BnRosterGraph       *self);
gboolean       bn_roster_graph_precedes  (const BnRosterGraph *self,
                                          guint                a,
                                          guint                b);
gboolean       bn_roster_graph_has_bit_sets (const BnRosterGraph *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnRosterGraph, bn_roster_graph_free)

G_END_DECLS
