/* bn-cli-hood.c — the neighbourhood: create one, join one, invite a neighbour,
 * withdraw an invite, renew the key (docs/protocol.md §3, §9.4, §9.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-date-words.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define DAY_MS (G_GINT64_CONSTANT (24) * 3600 * 1000)
#define MAX_INVITE_USES 1000
#define MAX_INVITE_DAYS 365

static int
say_what_to_do (void)
{
  return bn_cli_fail (_("Say what to do: “hood create NAME”, “hood join CODE”, “hood invite”, "
                        "“hood revoke-invite CODE” or “hood renew”"));
}

static int
hood_create (BnHome *home, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *invite = bn_home_create_hood (home, name, &error);

  if (invite == NULL)
    return bn_cli_fail_error (error);
  bn_cli_tend_roster (home);
  g_print (_("Created the neighbourhood “%s”. Hand this invite code to neighbours in person:\n"),
           bn_home_get_hood (home)->name);
  g_print ("%s\n", invite);
  return 0;
}

/* A code read aloud may arrive in several words: they are joined. */
static int
hood_join (BnHome *home, char **words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_strjoinv ("", words);

  if (!bn_home_join_hood (home, code, &error))
    return bn_cli_fail_error (error);
  g_print (_("Your code is ready. You join as soon as a neighbour’s computer is reached: "
             "“buurtnet-cli sync ADDRESS”, “buurtnet-cli serve”, or a log file "
             "(“buurtnet-cli log export FILE”) taken to a neighbour.\n"));
  return 0;
}

/* How long and for how many: said in the line before the code. */
static void
print_invite_terms (guint uses, int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) until = g_date_time_add_days (now, days);
  /* The day's names from our own catalogue: %A and %B would follow LC_TIME. */
  g_autofree char *day = bn_date_words_day (until);
  g_autofree char *time = g_date_time_format (until, "%H:%M");
  /* Translators: the day and time an invite code stops working: "Tuesday 21
   * May, 18:30" (%1$s the day in words, %2$s the time) */
  g_autofree char *when = g_strdup_printf (C_("invite expiry", "%1$s, %2$s"), day, time);
  g_autofree char *admits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "This code admits %u neighbour.",
                                                          "This code admits %u neighbours.",
                                                          uses), uses);
  g_autofree char *valid = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "It is valid for %d day, until %s.",
                                                         "It is valid for %d days, until %s.",
                                                         days), days, when);

  g_print ("%s %s %s\n", admits, valid, _("Hand it over in person:"));
}

static int
hood_invite (BnHome *home, int uses, int days)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  if (uses < 1 || uses > MAX_INVITE_USES)
    return bn_cli_fail (_("--uses is a number of neighbours from 1 to %d"), MAX_INVITE_USES);
  if (days < 1 || days > MAX_INVITE_DAYS)
    return bn_cli_fail (_("--expires-in is a number of days from 1 to %d"), MAX_INVITE_DAYS);
  code = bn_home_create_invite (home, (guint) uses, days * DAY_MS, &error);
  if (code == NULL)
    return bn_cli_fail_error (error);
  bn_cli_tend_roster (home);
  print_invite_terms ((guint) uses, days);
  g_print ("%s\n", code);
  return 0;
}

static gboolean
is_lower_hex (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* The start of an invite ID, as `invites` prints it, to the whole ID; anything
 * else (a code, a whole ID) is left for the core to read. A code has 20
 * characters, a prefix taken here at most 16. */
static char *
resolve_invite (BnHome *home, const char *given)
{
  g_autoptr(GPtrArray) invites = NULL;
  const char *found = NULL;
  gsize len = strlen (given);

  if (len < 6 || len > 16 || !is_lower_hex (given))
    return g_strdup (given);
  invites = bn_store_list_invites (bn_home_get_store (home), g_get_real_time () / 1000);
  for (guint i = 0; i < invites->len; i++)
    {
      const BnInviteInfo *info = g_ptr_array_index (invites, i);
      if (!g_str_has_prefix (info->id, given))
        continue;
      if (found != NULL)
        return g_strdup (given);   /* two fit: the core says it knows no such invite */
      found = info->id;
    }
  return g_strdup (found ? found : given);
}

static int
hood_revoke_invite (BnHome *home, char **words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = g_strjoinv ("", words);
  g_autofree char *code_or_id = resolve_invite (home, joined);

  if (!bn_home_revoke_invite (home, code_or_id, &error))
    return bn_cli_fail_error (error);
  bn_cli_tend_roster (home);
  g_print (_("The invite is withdrawn: it admits no one any more, on every neighbour’s "
             "computer this reaches.\n"));
  return 0;
}

static int
hood_renew (BnHome *home)
{
  g_autoptr(GError) error = NULL;

  if (!bn_home_renew_key (home, &error))
    return bn_cli_fail_error (error);
  bn_cli_tend_roster (home);
  g_print (_("A new neighbourhood key was made and sealed to every member. Invite codes that "
             "were still open no longer work.\n"));
  return 0;
}

/* hood create NAME | join CODE | invite [--uses N] [--expires-in DAYS]
 * | revoke-invite CODE | renew */
int
bn_cli_cmd_hood (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  int uses = G_MININT, days = G_MININT;   /* G_MININT: not given */
  const GOptionEntry entries[] = {
    { "uses", 0, 0, G_OPTION_ARG_INT, &uses,
      N_("With “hood invite”: how many neighbours the code admits (default 1)"), N_("N") },
    { "expires-in", 0, 0, G_OPTION_ARG_INT, &days,
      N_("With “hood invite”: how many days the code is valid (default 7)"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  const char *verb;
  gboolean invite;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc < 2)
    return say_what_to_do ();
  verb = argv[1];
  invite = g_str_equal (verb, "invite");
  if (!invite && (uses != G_MININT || days != G_MININT))
    return bn_cli_fail (_("--uses and --expires-in go with “hood invite”"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;

  if (g_str_equal (verb, "create") && argc == 3)
    return hood_create (home, argv[2]);
  if (g_str_equal (verb, "join") && argc >= 3)
    return hood_join (home, argv + 2);
  if (invite && argc == 2)
    return hood_invite (home, uses != G_MININT ? uses : BN_INVITE_DEFAULT_USES,
                       days != G_MININT ? days : (int) (BN_INVITE_DEFAULT_MS / DAY_MS));
  if (g_str_equal (verb, "revoke-invite") && argc >= 3)
    return hood_revoke_invite (home, argv + 2);
  if (g_str_equal (verb, "renew") && argc == 2)
    return hood_renew (home);
  return say_what_to_do ();
}
