/* bn-cli-profile.c — profile set: changing the fields given, keeping the others
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

static void
replace_string (char **field, const char *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
replace_strv (GStrv *field, GStrv value)
{
  if (value == NULL)
    return;
  g_strfreev (*field);
  *field = g_strdupv (value);
}

/* profile set [--name N] [--about T] [--talent CAT]... ; fields not given keep their value */
int
bn_cli_cmd_profile (BnCliContext       *ctx,
                    const BnCliCommand *self,
                    int                 argc,
                    char              **argv)
{
  g_autofree char *name = NULL, *about = NULL, *street = NULL, *number = NULL;
  g_autofree char *building = NULL, *floor = NULL, *box = NULL, *share_with = NULL;
  g_auto(GStrv) talents = NULL, needs = NULL, languages = NULL;
  gboolean connector = FALSE, not_connector = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Your name"), N_("NAME") },
    { "about", 0, 0, G_OPTION_ARG_STRING, &about, N_("A few words about you"), N_("TEXT") },
    { "talent", 0, 0, G_OPTION_ARG_STRING_ARRAY, &talents, N_("Something you like to help with (a category; repeat)"), N_("CAT") },
    { "need", 0, 0, G_OPTION_ARG_STRING_ARRAY, &needs, N_("Something that could help you (a category; repeat)"), N_("CAT") },
    { "language", 0, 0, G_OPTION_ARG_STRING_ARRAY, &languages, N_("A language you speak (repeat)"), N_("LANG") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street, N_("Your street"), N_("STREET") },
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("Your house number (only whom you are matched with sees it)"), N_("N") },
    { "box", 0, 0, G_OPTION_ARG_STRING, &box, N_("Your box or bell (only whom you are matched with sees it)"), N_("BOX") },
    { "building", 0, 0, G_OPTION_ARG_STRING, &building, N_("Your building"), N_("B") },
    { "floor", 0, 0, G_OPTION_ARG_STRING, &floor, N_("Your floor, a number (only whom you are matched with sees it)"), N_("F") },
    { "show-place-to", 0, 0, G_OPTION_ARG_STRING, &share_with,
      N_("Also show your number, box and floor to this neighbour"), N_("PEER_ID") },
    /* Kept only to say where roles went (the roster). */
    { "connector", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &connector, NULL, NULL },
    { "not-connector", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &not_connector, NULL, NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (connector || not_connector)
    return bn_cli_fail (_("Being a connector is a role on the neighbourhood’s roster now, not part "
                          "of your profile: a connector appoints you with “buurtnet-cli connector "
                          "appoint PEER_ID”, and “connector dismiss” with your own ID steps down"));
  if (argc != 2 || !g_str_equal (argv[1], "set")
      || (!name && !about && !street && !number && !box && !building && !floor && !talents && !needs
          && !languages && !share_with))
    return bn_cli_fail (_("Use “profile set” with the fields to change (see --help)"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;

  profile = bn_home_get_my_profile (home);
  if (profile == NULL)
    {
      profile = g_new0 (BnProfile, 1);
      profile->name = bn_home_dup_name (home);
    }
  replace_string (&profile->name, name);
  replace_string (&profile->about, about);
  replace_string (&profile->street, street);
  replace_string (&profile->number, number);
  replace_string (&profile->box, box);
  replace_string (&profile->building, building);
  replace_string (&profile->floor, floor);
  replace_strv (&profile->talents, talents);
  replace_strv (&profile->needs, needs);
  replace_strv (&profile->languages, languages);

  if (!bn_home_publish_profile (home, profile, &error))
    return bn_cli_fail_error (error);
  if (share_with != NULL && !bn_home_share_place (home, share_with, &error))
    return bn_cli_fail_error (error);
  g_print (_("Your profile is updated.\n"));
  return 0;
}

