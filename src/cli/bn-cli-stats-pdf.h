/* bn-cli-stats-pdf.h — the statistics as a printable PDF report (cairo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

gboolean bn_cli_stats_write_pdf (const BnStats  *stats,
                                 const char     *hood_name,
                                 const char     *path,
                                 GError        **error);

G_END_DECLS
