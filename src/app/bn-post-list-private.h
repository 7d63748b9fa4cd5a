/* bn-post-list-private.h — the benchmark's hook into the Requests list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void _bn_post_list_bench_attach (GtkWidget     *list,
                                 GtkWidget     *rows,
                                 GtkAdjustment *scroll);

G_END_DECLS
