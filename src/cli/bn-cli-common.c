/* bn-cli-common.c — what every buurtnet-cli command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

/* Returns: (nullable): the command named @name */
const BnCliCommand *
bn_cli_find_command (const char *name)
{
  for (guint i = 0; i < bn_cli_n_commands; i++)
    if (g_str_equal (bn_cli_commands[i].name, name))
      return &bn_cli_commands[i];
  return NULL;
}

/* Returns: (transfer none): the command's parameters, translated */
const char *
bn_cli_usage (const BnCliCommand *command)
{
  return command->usage ? g_dgettext (GETTEXT_PACKAGE, command->usage) : "";
}

int
bn_cli_fail (const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("buurtnet-cli: %s\n", message);
  return 1;
}

int
bn_cli_expect_args (const BnCliCommand *self,
                    int                 argc,
                    int                 wanted)
{
  if (argc == wanted)
    return 0;
  return bn_cli_fail (argc < wanted
                      ? _("“%s” needs more arguments: %s %s (see --help)")
                      : _("“%s” got too many arguments: %s %s (see --help)"),
                      self->name, self->name, bn_cli_usage (self));
}

int
bn_cli_fail_usage (const BnCliCommand *self)
{
  return bn_cli_fail (_("Usage: buurtnet-cli %s %s"), self->name, bn_cli_usage (self));
}

int
bn_cli_fail_error (const GError *error)
{
  return bn_cli_fail ("%s", error->message);
}

/**
 * bn_cli_parse:
 *
 * Every command accepts --data-dir, before or after its own options, so that
 * scripts can put it wherever reads best.
 */
gboolean
bn_cli_parse (BnCliContext        *ctx,
              const BnCliCommand  *command,
              const GOptionEntry  *entries,
              int                 *argc,
              char              ***argv)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name,
                                                bn_cli_usage (command));
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  char *data_dir = NULL;
  const GOptionEntry common[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Where this neighbour’s data lives (default: $XDG_DATA_HOME/buurtnet)"), N_("DIR") },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, g_dgettext (GETTEXT_PACKAGE, command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      bn_cli_fail (_("%s (see “buurtnet-cli %s --help”)"), error->message, command->name);
      g_free (data_dir);
      return FALSE;
    }
  if (data_dir != NULL)
    {
      g_free (ctx->data_dir);
      ctx->data_dir = data_dir;
    }
  return TRUE;
}

BnHome *
bn_cli_open_home (BnCliContext *ctx,
                  gboolean      create)
{
  g_autoptr(GError) error = NULL;
  BnHome *home = bn_home_open (ctx->data_dir, create, &error);

  if (home == NULL)
    bn_cli_fail_error (error);
  return home;
}

BnHome *
bn_cli_open_home_for_reading (BnCliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  BnHome *home = bn_home_open_for_reading (ctx->data_dir, &error);

  if (home == NULL)
    bn_cli_fail_error (error);
  return home;
}

void
bn_cli_tend_roster (BnHome *home)
{
  g_autoptr(GError) error = NULL;

  if (!bn_home_tend_roster (home, &error))
    g_printerr (_("buurtnet-cli: the neighbourhood’s upkeep (sharing the current key) "
                  "did not finish: %s; it is tried again next time\n"), error->message);
}

void
bn_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}
