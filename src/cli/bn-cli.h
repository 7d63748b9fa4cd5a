/* bn-cli.h — how buurtnet-cli's commands are declared and what they share
 *
 * Each command is a row of the one table in bn-cli-commands.c; its run() lives
 * in the file of its noun (bn-cli-posts.c, bn-cli-serve.c, ...). main() picks
 * the command by name, strips the global options, and calls run() with its own
 * row and the remaining argv (argv[0] is the command's name). A command parses its
 * own options with GOptionContext (bn_cli_parse), prints results on stdout and,
 * on failure, one clear sentence on stderr (bn_cli_fail), returning the exit
 * status.
 *
 * Adding a noun: a new bn-cli-<noun>.c with its bn_cli_cmd_<name>() functions,
 * listed in meson.build and po/POTFILES.in, and a declaration and a row for each
 * command in bn-cli-commands.c.
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

typedef struct _BnCliCommand BnCliCommand;

/* Runs the command @self; returns the exit status. */
typedef int (*BnCliRunFunc) (BnCliContext       *ctx,
                             const BnCliCommand *self,
                             int                 argc,
                             char              **argv);

struct _BnCliCommand
{
  const char   *name;      /* "post", "hood", "serve", ... */
  const char   *usage;     /* parameter string for --help, e.g. "request|offer" */
  const char   *summary;   /* one line, translatable (N_) */
  BnCliRunFunc  run;
};

/* bn-cli-commands.c: every command, in the order --help lists them */
extern const BnCliCommand bn_cli_commands[];
extern const guint bn_cli_n_commands;

const BnCliCommand *bn_cli_find_command (const char *name);
const char         *bn_cli_usage        (const BnCliCommand *command);

/* Parses @entries (plus --data-dir, accepted everywhere) from @argc/@argv; on a
 * bad option prints the reason and returns FALSE. Handles --help itself. */
gboolean  bn_cli_parse     (BnCliContext       *ctx,
                            const BnCliCommand *command,
                            const GOptionEntry *entries,
                            int                *argc,
                            char             ***argv);
/* Returns 0 when @argc (the command's name included) is @wanted; otherwise says
 * whether arguments are missing or too many, and returns 1. */
int       bn_cli_expect_args (const BnCliCommand *self,
                            int                 argc,
                            int                 wanted);
/* Prints the command's usage line as the error; returns 1. */
int       bn_cli_fail_usage (const BnCliCommand *self);
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
/* The roster's upkeep (bn_home_tend_roster), after a roster write and before a
 * sync or an import; it writes only when there is something to do. A failure
 * is said on stderr and does not undo what the command did. */
void      bn_cli_tend_roster (BnHome           *home);
/* bn-cli-services.c: a service as a neighbour reads it */
void      bn_cli_print_service (const BnService *service);

G_END_DECLS
