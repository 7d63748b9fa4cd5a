/* bn-cli-neighbours.c — neighbours: everyone with a profile, near to far
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

/* neighbours [--json] */
int
bn_cli_cmd_neighbours (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) profiles = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  profiles = bn_store_list_profiles (bn_home_get_store (home),
                                     bn_home_get_identity (home)->public_key);
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();
      for (guint i = 0; i < profiles->len; i++)
        json_array_add_element (array, bn_profile_to_json (g_ptr_array_index (profiles, i)));
      json_node_take_array (root, array);
      bn_cli_print_json (root);
      return 0;
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      BnProfile *p = g_ptr_array_index (profiles, i);
      g_autofree char *talents = g_strjoinv (", ", p->talents);
      g_print ("%s  %-20s %-9s %s\n", p->fingerprint, p->name ? p->name : "?",
               bn_proximity_to_string (p->proximity), talents);
    }
  return 0;
}

