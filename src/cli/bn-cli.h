/* bn-cli.h — how buurtnet-cli's commands are declared and what they share
 *
 * Each command is an entry in a table (bn-cli-core-commands.c, bn-cli-net-commands.c).
 * main() picks the command by name, strips the global options, and calls run()
 * with the remaining argv (argv[0] is the command's name). A command parses its own
 * options with GOptionContext (bn_cli_parse), prints results on stdout and, on
 * failure, one clear sentence on stderr (bn_cli_fail), returning the exit status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

typedef struct
{
  char *data_dir;     /* --data-dir, or the default */
} BnCliContext;

typedef struct
{
  const char *name;      /* "post", "hood", "serve", ... */
  const char *usage;     /* parameter string for --help, e.g. "request|offer" */
  const char *summary;   /* one line, translatable (N_) */
  int       (*run)       (BnCliContext *ctx, int argc, char **argv);
} BnCliCommand;

extern const BnCliCommand bn_cli_core_commands[];
extern const guint bn_cli_n_core_commands;
extern const BnCliCommand bn_cli_net_commands[];
extern const guint bn_cli_n_net_commands;

const BnCliCommand *bn_cli_find_command (const char *name);
const char         *bn_cli_usage        (const BnCliCommand *command);

/* Parses @entries (plus --data-dir, accepted everywhere) from @argc/@argv; on a
 * bad option prints the reason and returns FALSE. Handles --help itself. */
gboolean  bn_cli_parse     (BnCliContext       *ctx,
                            const BnCliCommand *command,
                            const GOptionEntry *entries,
                            int                *argc,
                            char             ***argv);
/* Prints "buurtnet-cli: <message>" on stderr; returns 1 (the exit status). */
int       bn_cli_fail      (const char         *format,
                            ...) G_GNUC_PRINTF (1, 2);
int       bn_cli_fail_error (const GError      *error);
/* Opens the data directory; on failure prints why and returns NULL. */
BnHome   *bn_cli_open_home (BnCliContext       *ctx,
                            gboolean            create);
/* The same for a command that only reads: it works on a full disk too. */
BnHome   *bn_cli_open_home_for_reading (BnCliContext *ctx);
void      bn_cli_print_json (JsonNode          *node);

G_END_DECLS
