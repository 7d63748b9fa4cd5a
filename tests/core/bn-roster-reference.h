/* bn-roster-reference.h — the roster's first, plainly quadratic evaluation,
 * for checking the one in src/core against (tests only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-roster-private.h"

G_BEGIN_DECLS

BnRoster *bn_roster_reference_evaluate (GPtrArray      *ops,
                                        const guint8    anchor[BN_HASH_LEN],
                                        const guint8   *k0,
                                        const guint8   *founder);
/* The same, with or without the chained entries' rule (§9.3; before it, every
 * entry ready was evaluated). */
BnRoster *bn_roster_reference_evaluate_with (GPtrArray    *ops,
                                             const guint8  anchor[BN_HASH_LEN],
                                             const guint8 *k0,
                                             const guint8 *founder,
                                             gboolean      chain_rule);
GArray   *bn_roster_reference_frontier (const BnRoster *self);

G_END_DECLS
