/* bn-cli-verify.c — verify: every stored log checked from its first entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

/* verify */
int
bn_cli_cmd_verify (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  guint64 checked = 0;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  if (!bn_store_verify (bn_home_get_store (home), &checked, &error))
    return bn_cli_fail (_("Verification failed after %llu entries: %s"),
                        (unsigned long long) checked, error->message);
  g_print (_("All %llu entries verified: every log is complete, linked and signed.\n"),
           (unsigned long long) checked);
  return 0;
}

