/* bn-cli-referrals.c — refer a request to a service (connectors, with the
 * asker's consent), referral status, referrals; docs/protocol.md §6.4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

/* refer POST_ID SERVICE_ID --consent HOW [--note T] */
int
bn_cli_cmd_refer (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  g_autofree char *consent = NULL, *note = NULL;
  const GOptionEntry entries[] = {
    { "consent", 0, 0, G_OPTION_ARG_STRING, &consent,
      N_("How the neighbour said yes to being referred: in-person, phone, message or writing"), N_("HOW") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A few kind words for the neighbour"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 3))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if ((entry = bn_home_refer (home, argv[1], argv[2], consent, note, &error)) == NULL)
    return bn_cli_fail_error (error);
  id = bn_entry_dup_id_hex (entry);
  g_print (_("Referred. Only the neighbour who asked and the connectors can read it. "
             "Its ID:\n"));
  g_print ("%s\n", id);
  return 0;
}

/* referral status REFERRAL_ID STATUS */
int
bn_cli_cmd_referral (BnCliContext       *ctx,
                     const BnCliCommand *self,
                     int                 argc,
                     char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 4))
    return 1;
  if (!g_str_equal (argv[1], "status"))
    return bn_cli_fail_usage (self);
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if ((entry = bn_home_set_referral_status (home, argv[2], argv[3], &error)) == NULL)
    return bn_cli_fail_error (error);
  g_print (_("Saved.\n"));
  return 0;
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "contacted") == 0)
    return _("contacted");
  if (g_strcmp0 (status, "appointment") == 0)
    return _("appointment made");
  if (g_strcmp0 (status, "helped") == 0)
    return _("helped");
  if (g_strcmp0 (status, "not-helped") == 0)
    return _("not helped");
  if (g_strcmp0 (status, "closed") == 0)
    return _("closed");
  return _("suggested");
}

static void
print_referral (const BnReferral *r, const char *me)
{
  const char *who = r->author_name != NULL ? r->author_name : _("A connector");

  if (g_strcmp0 (r->asker, me) == 0)
    /* Translators: %s is a connector's name. The kind line the asker reads. */
    g_print (_("%s thinks this service can help you. You decide whether to get in touch; "
               "they are glad to help you with it.\n"), who);
  else
    g_print (_("%s referred %s’s request “%s”.\n"), who,
             r->asker_name != NULL ? r->asker_name : "?", r->post_title != NULL ? r->post_title : "…");
  if (r->note != NULL)
    g_print ("  “%s”\n", r->note);
  if (r->service != NULL)
    bn_cli_print_service (r->service);
  else
    g_print (_("  (the service is no longer listed)\n"));
  g_print ("  %s: %s\n", _("Status"), status_label (r->status));
  g_print ("  %s: %s\n", _("Referral"), r->id);
}

/* referrals [--json] */
int
bn_cli_cmd_referrals (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) referrals = NULL;
  g_autofree char *me = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  referrals = bn_store_list_referrals (bn_home_get_store (home));
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < referrals->len; i++)
        json_array_add_element (array, bn_referral_to_json (g_ptr_array_index (referrals, i)));
      json_node_take_array (root, array);
      bn_cli_print_json (root);
      return 0;
    }
  if (referrals->len == 0)
    g_print (_("No referrals.\n"));
  me = bn_home_dup_peer_id (home);
  for (guint i = 0; i < referrals->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_referral (g_ptr_array_index (referrals, i), me);
    }
  return 0;
}
