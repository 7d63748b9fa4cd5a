/* bn-testgen.h — makes realistic foreign logs for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

/* Returns: (transfer full) (element-type BnEntry): @n_authors fresh authors, each
 * with a profile then posts, @n_entries per author, ordered by author and seq.
 * @member admits them into its neighbourhood first (one invite, admissions in
 * its own log), so every peer that gets @member's log folds theirs. */
GPtrArray *bn_testgen_make_logs         (BnHome       *member,
                                         guint         n_authors,
                                         guint         n_entries);
/* Returns: (transfer full) (element-type BnIdentity): @n_authors fresh identities
 * @member admitted (one invite, an `admit` entry each in its log, stored and
 * folded at once: quick for thousands). */
GPtrArray *bn_testgen_admit             (BnHome       *member,
                                         guint         n_authors);
/* Returns: (transfer full) (element-type BnEntry): the log of one member that
 * @member admits now (its admission stored in @member's log): @n roster entries
 * that a plain member may write, `invite`s and stepping down (`dismiss` of
 * themself) in turn, whose `after` all name the frontier the admission left, so
 * that they leave each other out: @n entries each concurrent with every other
 * one (docs/protocol.md §9.1). @chained: each names the one before as well, as
 * an honest peer writes them. */
GPtrArray *bn_testgen_hostile_roster    (BnHome       *member,
                                         guint         n,
                                         gboolean      chained);
/* Returns: (transfer full) (element-type BnEntry): what a hostile member whom
 * @member admits now writes with identities of their own: an invite for
 * @n_puppets, their admissions one after the other (chained), then from each
 * of them one invite after their own admission only. Every entry is chained
 * (docs/protocol.md §9.3), and the puppets' entries are concurrent with each
 * other: as many concurrent entries as members. Mallory's log, then the
 * puppets' logs. */
GPtrArray *bn_testgen_puppet_roster     (BnHome       *member,
                                         guint         n_puppets);
/* The same, for a neighbourhood no one admits them into (for hostile tests). */
GPtrArray *bn_testgen_make_foreign_logs (const BnHood *hood,
                                         guint         n_authors,
                                         guint         n_entries);

G_END_DECLS
