/* bn-cli-doctor.c — doctor: “why can't I see my neighbours?”
 *
 * Runs the checks of src/net/bn-doctor.c and prints them as one block of plain
 * text a neighbour can copy whole and hand to whoever helps (or as JSON). The
 * exit status is 0 when no check found a problem, 1 otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-doctor.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>

static void
print_text (GPtrArray *checks)
{
  g_autofree char *text = bn_doctor_format_text (checks, "buurtnet-cli");

  g_print ("%s", text);
}

static void
print_json (GPtrArray *checks)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, bn_doctor_count_problems (checks) == 0);
  json_builder_set_member_name (b, "problems");
  json_builder_add_int_value (b, bn_doctor_count_problems (checks));
  json_builder_set_member_name (b, "checks");
  json_builder_begin_array (b);
  for (guint i = 0; i < checks->len; i++)
    json_builder_add_value (b, bn_doctor_check_to_json (g_ptr_array_index (checks, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  bn_cli_print_json (root);
}

/* doctor [--json] [--port P] */
int
bn_cli_cmd_doctor (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  gboolean json = FALSE;
  int port = BN_SYNC_DEFAULT_PORT;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("The port Buurtnet listens on here (default 7447)"), N_("PORT") },
    { NULL }
  };
  BnDoctorOptions options = { 0 };
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc != 1)
    return bn_cli_fail_usage (self);
  if (port < 1 || port > 65535)
    return bn_cli_fail (_("A port is a number from 1 to 65535"));
  options.port = (guint16) port;
  checks = bn_doctor_run (ctx->data_dir, &options, NULL, &error);
  if (checks == NULL)
    return bn_cli_fail_error (error);
  if (json)
    print_json (checks);
  else
    print_text (checks);
  return bn_doctor_count_problems (checks) == 0 ? 0 : 1;
}
