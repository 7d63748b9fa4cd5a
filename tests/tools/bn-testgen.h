/* bn-testgen.h — makes realistic foreign logs for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

/* Returns: (transfer full) (element-type BnEntry): @n_authors fresh authors, each
 * with a profile then posts, @n_entries per author, ordered by author and seq. */
GPtrArray *bn_testgen_make_logs (const BnHood *hood,
                                 guint         n_authors,
                                 guint         n_entries);

G_END_DECLS
