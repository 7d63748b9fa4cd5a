/* bn-cli-hood.c — the neighbourhood: create one, invite a neighbour, join one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

/* hood create NAME | hood invite | hood join CODE */
int
bn_cli_cmd_hood (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv))
    return 1;
  if (argc < 2)
    return bn_cli_fail (_("Say what to do: “hood create NAME”, “hood invite” or “hood join CODE”"));
  verb = argv[1];
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;

  if (g_str_equal (verb, "create") && argc == 3)
    {
      g_autofree char *invite = bn_home_create_hood (home, argv[2], &error);
      if (invite == NULL)
        return bn_cli_fail_error (error);
      g_print (_("Created the neighbourhood “%s”. Hand this invite code to neighbours in person:\n"),
               bn_home_get_hood (home)->name);
      g_print ("%s\n", invite);
      return 0;
    }
  if (g_str_equal (verb, "invite") && argc == 2)
    {
      g_autofree char *invite = bn_home_create_invite (home, BN_INVITE_DEFAULT_USES,
                                                       BN_INVITE_DEFAULT_MS, &error);
      if (invite == NULL)
        return bn_cli_fail_error (error);
      g_print ("%s\n", invite);
      return 0;
    }
  if (g_str_equal (verb, "join") && argc >= 3)
    {
      /* A code read aloud may arrive in several words: join them. */
      g_autofree char *code = g_strjoinv ("", argv + 2);
      if (!bn_home_join_hood (home, code, &error))
        return bn_cli_fail_error (error);
      g_print (_("Your code is ready. You join as soon as a neighbour's computer is reached: "
                 "“buurtnet-cli sync ADDRESS”, “buurtnet-cli serve”, or a log file "
                 "(“buurtnet-cli log export FILE”) taken to a neighbour.\n"));
      return 0;
    }
  return bn_cli_fail (_("Say what to do: “hood create NAME”, “hood invite” or “hood join CODE”"));
}

