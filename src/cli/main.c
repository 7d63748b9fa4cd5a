/* main.c — buurtnet-cli: the headless peer and scripting front end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

static void
print_usage (void)
{
  g_print ("%s\n\n", _("Usage: buurtnet-cli [--data-dir DIR] COMMAND [OPTIONS…]"));
  g_print ("%s\n\n", _("Buurtnet: neighbours helping neighbours, with no server in between."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < bn_cli_n_commands; i++)
    {
      const BnCliCommand *command = &bn_cli_commands[i];
      g_autofree char *left = g_strdup_printf ("%s %s", command->name, bn_cli_usage (command));
      /* Pad by characters: translated placeholders may hold accents. */
      glong len = g_utf8_strlen (left, -1);

      g_print ("  %s%*s %s\n", left, (int) (len < 46 ? 46 - len : 0), "",
               g_dgettext (GETTEXT_PACKAGE, command->summary));
    }
  g_print ("\n%s\n", _("Every command takes --data-dir DIR and --help."));
}

/* Takes a leading --data-dir (or -d) off argv, so it may come before the command. */
static int
take_global_options (BnCliContext *ctx, int argc, char **argv)
{
  int i = 1;

  while (i < argc)
    {
      if ((g_str_equal (argv[i], "--data-dir") || g_str_equal (argv[i], "-d")) && i + 1 < argc)
        {
          g_free (ctx->data_dir);
          ctx->data_dir = g_strdup (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--data-dir="))
        {
          g_free (ctx->data_dir);
          ctx->data_dir = g_strdup (argv[i] + strlen ("--data-dir="));
          i++;
        }
      else
        break;
    }
  return i;
}

int
main (int    argc,
      char **argv)
{
  BnCliContext ctx = { 0 };
  const BnCliCommand *command;
  int first, status;

  setlocale (LC_ALL, "");
  /* BN_LOCALEDIR: translations of an uninstalled build (dev.sh sets it). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("BN_LOCALEDIR") ? g_getenv ("BN_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctx.data_dir = bn_home_default_data_dir ();
  first = take_global_options (&ctx, argc, argv);
  if (first >= argc || g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h")
      || g_str_equal (argv[first], "help"))
    {
      print_usage ();
      g_free (ctx.data_dir);
      return first >= argc ? 1 : 0;
    }
  if (g_str_equal (argv[first], "--version"))
    {
      g_print ("buurtnet-cli %s\n", BN_VERSION);
      g_free (ctx.data_dir);
      return 0;
    }
  command = bn_cli_find_command (argv[first]);
  if (command == NULL)
    {
      status = bn_cli_fail (_("“%s” is not a command; see “buurtnet-cli --help”"), argv[first]);
      g_free (ctx.data_dir);
      return status;
    }
  status = command->run (&ctx, command, argc - first, argv + first);
  g_free (ctx.data_dir);
  return status;
}
