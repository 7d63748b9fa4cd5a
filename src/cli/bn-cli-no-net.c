/* bn-cli-no-net.c — an empty network command table, for builds without src/net
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

const BnCliCommand bn_cli_net_commands[] = { { NULL } };
const guint bn_cli_n_net_commands = 0;
