/* bn-cli-log.h — log export and import by file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-cli.h"

G_BEGIN_DECLS

/* Entries per transaction on import: a crash keeps whole batches only. */
#define BN_CLI_IMPORT_BATCH 5000

int bn_cli_cmd_log (BnCliContext *ctx, int argc, char **argv);

G_END_DECLS
