/* bn-cli-identity.c — who this computer is: init and whoami
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

/* init --name NAME */
int
bn_cli_cmd_init (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Your name, as neighbours will see it"), N_("NAME") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_id = NULL, *fingerprint = NULL, *existing = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if (name == NULL || *g_strstrip (name) == '\0')
    return bn_cli_fail (_("Give your name with --name NAME"));
  home = bn_cli_open_home (ctx, TRUE);
  if (home == NULL)
    return 1;
  existing = bn_home_dup_name (home);
  if (existing != NULL && g_strcmp0 (existing, name) != 0)
    return bn_cli_fail (_("%s is already set up for “%s”; change your name with "
                          "“buurtnet-cli profile set --name NAME”"), ctx->data_dir, existing);
  if (!bn_home_set_name (home, name, &error))
    return bn_cli_fail_error (error);
  peer_id = bn_home_dup_peer_id (home);
  fingerprint = bn_identity_get_fingerprint (bn_home_get_identity (home));
  g_print (_("Welcome, %s. Your fingerprint is %s; compare it when you meet neighbours.\n"),
           name, fingerprint);
  g_print ("%s\n", peer_id);
  return 0;
}

/* whoami [--json] */
int
bn_cli_cmd_whoami (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autofree char *peer_id = NULL, *fingerprint = NULL, *name = NULL;
  const BnHood *hood;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  peer_id = bn_home_dup_peer_id (home);
  fingerprint = bn_identity_get_fingerprint (bn_home_get_identity (home));
  name = bn_home_dup_name (home);
  hood = bn_home_get_hood (home);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "peer_id");
      json_builder_add_string_value (b, peer_id);
      json_builder_set_member_name (b, "fingerprint");
      json_builder_add_string_value (b, fingerprint);
      json_builder_set_member_name (b, "name");
      name ? json_builder_add_string_value (b, name) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "neighbourhood");
      hood ? json_builder_add_string_value (b, hood->name) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "entries");
      json_builder_add_int_value (b, (gint64) bn_store_count_entries (bn_home_get_store (home)));
      json_builder_set_member_name (b, "data_dir");
      json_builder_add_string_value (b, ctx->data_dir);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      bn_cli_print_json (root);
      return 0;
    }
  g_print (_("Name:          %s\n"), name ? name : _("(not set)"));
  g_print (_("Fingerprint:   %s\n"), fingerprint);
  g_print (_("Neighbourhood: %s\n"), hood ? hood->name : _("(none yet)"));
  g_print (_("Peer ID:       %s\n"), peer_id);
  return 0;
}

