/* bn-cli-roster.c — who belongs to the neighbourhood: members, invites,
 * connector appoint|dismiss, member remove|replace, leave (docs/protocol.md §9)
 *
 * A neighbour is named by their peer ID or by any start of it that fits one
 * member only: the fingerprint `members` prints (with or without its space)
 * is enough. A start that fits several members is refused with their names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Lower case, without the spaces and hyphens of a fingerprint as people write it. */
static char *
normalise_peer_text (const char *given)
{
  GString *text = g_string_new (NULL);

  for (const char *p = given; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (text, g_ascii_tolower (*p));
  return g_string_free (text, FALSE);
}

static gboolean
is_member (const BnMember *m)
{
  return g_strcmp0 (m->status, "member") == 0;
}

static const BnMember *
find_member (GPtrArray *members, const char *peer_id)
{
  for (guint i = 0; i < members->len; i++)
    {
      const BnMember *m = g_ptr_array_index (members, i);
      if (g_strcmp0 (m->peer_id, peer_id) == 0)
        return m;
    }
  return NULL;
}

/* Their name, else their fingerprint: for sentences about them. */
static char *
dup_display_name (GPtrArray *members, const char *peer_id)
{
  const BnMember *m = find_member (members, peer_id);
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (m != NULL)
    return g_strdup (m->name ? m->name : m->fingerprint);
  if (bn_peer_id_to_key (peer_id, key))
    return bn_fingerprint_from_key (key);
  return g_strdup (peer_id);
}

/* "Cas (m3fr jbbp)": where one neighbour has two identities. */
static char *
dup_name_and_fingerprint (GPtrArray *members, const char *peer_id)
{
  g_autofree char *name = dup_display_name (members, peer_id);
  g_autofree char *fingerprint = NULL;
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (!bn_peer_id_to_key (peer_id, key))
    return g_steal_pointer (&name);
  fingerprint = bn_fingerprint_from_key (key);
  if (g_str_equal (name, fingerprint))
    return g_steal_pointer (&name);
  return g_strdup_printf ("%s (%s)", name, fingerprint);
}

/**
 * resolve_peer:
 * @members: the roster (bn_store_list_members)
 *
 * Returns: (transfer full) (nullable): the full peer ID @given stands for: a
 *   full peer ID as it is (on the roster or not), or the one member whose ID
 *   starts with @given
 */
static char *
resolve_peer (GPtrArray *members, const char *given, GError **error)
{
  g_autofree char *text = normalise_peer_text (given);
  g_autoptr(GPtrArray) fits = g_ptr_array_new ();
  g_autoptr(GString) names = NULL;
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (bn_peer_id_to_key (text, key))
    return g_steal_pointer (&text);
  for (guint i = 0; *text != '\0' && i < members->len; i++)
    {
      BnMember *m = g_ptr_array_index (members, i);
      if (is_member (m) && g_str_has_prefix (m->peer_id, text))
        g_ptr_array_add (fits, m);
    }
  if (fits->len == 1)
    return g_strdup (((BnMember *) g_ptr_array_index (fits, 0))->peer_id);
  if (fits->len == 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No member’s ID starts with “%s”; see “buurtnet-cli members”"), given);
      return NULL;
    }
  names = g_string_new (NULL);
  for (guint i = 0; i < fits->len; i++)
    {
      const BnMember *m = g_ptr_array_index (fits, i);
      g_string_append_printf (names, "%s%s (%s)", i > 0 ? ", " : "",
                              m->name ? m->name : "?", m->fingerprint);
    }
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("“%s” fits more than one member: %s; give more of the ID"), given, names->str);
  return NULL;
}

/* Pads by characters, not bytes: names and translated words may hold accents. */
static char *
pad (const char *text, guint width)
{
  guint len = (guint) g_utf8_strlen (text, -1);
  return g_strdup_printf ("%s%*s", text, (int) (width > len ? width - len : 0), "");
}

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "left") == 0)
    return C_("removal reason", "left");
  if (g_strcmp0 (reason, "moved") == 0)
    return C_("removal reason", "moved away");
  if (g_strcmp0 (reason, "lost-device") == 0)
    return C_("removal reason", "lost device");
  if (g_strcmp0 (reason, "conduct") == 0)
    return C_("removal reason", "conduct");
  return reason;
}

/* A member's role, or why a former member is no longer one. */
static char *
dup_standing_label (const BnMember *m)
{
  if (is_member (m))
    return g_strdup (m->connector ? C_("role", "connector") : C_("role", "member"));
  if (g_strcmp0 (m->status, "left") == 0)
    return g_strdup (C_("member status", "left"));
  if (g_strcmp0 (m->status, "replaced") == 0)
    return g_strdup (C_("member status", "replaced by a new identity"));
  if (m->reason != NULL)
    /* Translators: a former member's status, then the reason of the removal */
    return g_strdup_printf (C_("member status", "removed (%s)"), reason_label (m->reason));
  return g_strdup (C_("member status", "removed"));
}

static void
print_member (const BnMember *m, const char *me, guint name_width)
{
  g_autofree char *name = pad (m->name ? m->name : "?", name_width);
  g_autofree char *standing = dup_standing_label (m);

  g_print ("%s  %s  %s%s\n", m->fingerprint, name, standing,
           g_strcmp0 (m->peer_id, me) == 0 ? _(" (you)") : "");
}

static void
print_members (GPtrArray *members, const char *me)
{
  guint name_width = 0;
  gboolean former_heading = FALSE;

  for (guint i = 0; i < members->len; i++)
    {
      const BnMember *m = g_ptr_array_index (members, i);
      name_width = MAX (name_width, (guint) g_utf8_strlen (m->name ? m->name : "?", -1));
    }
  for (guint i = 0; i < members->len; i++)
    {
      const BnMember *m = g_ptr_array_index (members, i);
      if (!is_member (m) && !former_heading)
        {
          g_print ("%s\n", _("No longer members:"));
          former_heading = TRUE;
        }
      print_member (m, me, name_width);
    }
}

/* A neighbour who is no longer a member reads why first. */
static void
print_standing (BnHome *home, GPtrArray *members)
{
  g_autofree char *reason = NULL, *by = NULL, *by_name = NULL;
  const char *hood = bn_home_get_hood (home)->name;

  switch (bn_home_get_standing (home, &reason, &by))
    {
    case BN_MEMBER_REMOVED:
      by_name = by ? dup_display_name (members, by) : g_strdup (_("a connector"));
      g_print (_("You are no longer a member of “%s”: %s removed you.\n"), hood, by_name);
      break;
    case BN_MEMBER_LEFT:
      g_print (_("You left “%s”.\n"), hood);
      break;
    case BN_MEMBER_REPLACED:
      g_print (_("You are no longer a member of “%s”: a new identity took your place.\n"), hood);
      break;
    case BN_MEMBER_UNKNOWN:
    case BN_MEMBER_ACTIVE:
    default:
      break;
    }
}

static gboolean
require_hood (BnHome *home)
{
  if (bn_home_get_hood (home) != NULL)
    return TRUE;
  bn_cli_fail (_("Join or create a neighbourhood first (“buurtnet-cli hood join CODE” or "
                 "“hood create NAME”)"));
  return FALSE;
}

static void
print_json_list (GPtrArray *items, JsonNode *(*to_json) (gconstpointer item))
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  json_node_take_array (root, array);
  bn_cli_print_json (root);
}

/* members [--json]: members first, connectors first among them, then who was one */
int
bn_cli_cmd_members (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *me = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL || !require_hood (home))
    return 1;
  members = bn_store_list_members (bn_home_get_store (home), TRUE);
  if (json)
    {
      print_json_list (members, (JsonNode *(*) (gconstpointer)) bn_member_to_json);
      return 0;
    }
  me = bn_home_dup_peer_id (home);
  print_standing (home, members);
  print_members (members, me);
  return 0;
}

static const char *
invite_state_label (const char *state)
{
  if (g_strcmp0 (state, "open") == 0)
    return C_("invite state", "open");
  if (g_strcmp0 (state, "used") == 0)
    return C_("invite state", "used");
  if (g_strcmp0 (state, "expired") == 0)
    return C_("invite state", "expired");
  if (g_strcmp0 (state, "revoked") == 0)
    return C_("invite state", "withdrawn");
  if (g_strcmp0 (state, "renewed") == 0)
    return C_("invite state", "closed by a new key");
  return state;
}

static void
print_invite (const BnInviteInfo *info, guint state_width)
{
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_local (info->expires_ms / 1000);
  g_autofree char *until = g_date_time_format (expires, "%Y-%m-%d %H:%M");
  g_autofree char *state = pad (invite_state_label (info->state), state_width);

  /* Translators: one invite: its ID, its state, how many of its places were
   * used, when it expires, who made it; e.g. "1 of 2 used, until 2025-05-21
   * 18:30, by Anna" */
  g_print (_("%.12s  %s  %u of %u used, until %s, by %s\n"), info->id, state, info->used,
           info->uses, until, info->inviter_name ? info->inviter_name : _("a neighbour"));
}

/* invites [--json]: every invite on the roster, newest first, with its state */
int
bn_cli_cmd_invites (BnCliContext       *ctx,
                    const BnCliCommand *self,
                    int                 argc,
                    char              **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  static const char *const states[] = { "open", "used", "expired", "revoked", "renewed" };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GPtrArray) invites = NULL;
  guint state_width = 0;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL || !require_hood (home))
    return 1;
  invites = bn_store_list_invites (bn_home_get_store (home), g_get_real_time () / 1000);
  if (json)
    {
      print_json_list (invites, (JsonNode *(*) (gconstpointer)) bn_invite_info_to_json);
      return 0;
    }
  if (invites->len == 0)
    g_print (_("No invites yet. Make one with “buurtnet-cli hood invite”.\n"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    state_width = MAX (state_width, (guint) g_utf8_strlen (invite_state_label (states[i]), -1));
  for (guint i = 0; i < invites->len; i++)
    print_invite (g_ptr_array_index (invites, i), state_width);
  return 0;
}

/* What every command on one neighbour shares: parse, open, read the roster and
 * resolve the IDs given, from argv[@first] on. */
typedef struct
{
  BnHome    *home;
  GPtrArray *members;
  char      *peer_ids[2];
  char      *names[2];
} RosterAct;

static void
roster_act_clear (RosterAct *act)
{
  for (guint i = 0; i < G_N_ELEMENTS (act->peer_ids); i++)
    {
      g_clear_pointer (&act->peer_ids[i], g_free);
      g_clear_pointer (&act->names[i], g_free);
    }
  g_clear_pointer (&act->members, g_ptr_array_unref);
  g_clear_object (&act->home);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RosterAct, roster_act_clear)

static gboolean
i_am_connector (BnHome *home)
{
  return bn_store_is_connector (bn_home_get_store (home), bn_home_get_identity (home)->public_key);
}

/* For an act only connectors may do, a neighbour who is not one hears that
 * (and whom to ask) before anything about the IDs given: the core says it. */
static gboolean
roster_act_open (RosterAct *act, BnCliContext *ctx, char **given, guint n_given,
                 gboolean connectors_only)
{
  g_autoptr(GError) error = NULL;

  if ((act->home = bn_cli_open_home (ctx, FALSE)) == NULL || !require_hood (act->home))
    return FALSE;
  act->members = bn_store_list_members (bn_home_get_store (act->home), TRUE);
  for (guint i = 0; i < n_given; i++)
    {
      act->peer_ids[i] = resolve_peer (act->members, given[i], &error);
      if (act->peer_ids[i] == NULL && connectors_only && !i_am_connector (act->home))
        act->peer_ids[i] = g_strdup (given[i]);
      else if (act->peer_ids[i] == NULL)
        {
          bn_cli_fail_error (error);
          return FALSE;
        }
      g_clear_error (&error);
      act->names[i] = dup_display_name (act->members, act->peer_ids[i]);
    }
  return TRUE;
}

/* After a roster write: the upkeep it may call for, then the sentence. */
static int
roster_act_done (RosterAct *act, const char *sentence)
{
  bn_cli_tend_roster (act->home);
  g_print ("%s\n", sentence);
  return 0;
}

/* connector appoint PEER_ID | connector dismiss PEER_ID */
int
bn_cli_cmd_connector (BnCliContext       *ctx,
                      const BnCliCommand *self,
                      int                 argc,
                      char              **argv)
{
  g_auto(RosterAct) act = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *me = NULL, *sentence = NULL, *peer = NULL;
  gboolean appoint;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv))
    return 1;
  if (argc < 3 || !(g_str_equal (argv[1], "appoint") || g_str_equal (argv[1], "dismiss")))
    return bn_cli_fail (_("Use “connector appoint PEER_ID” or “connector dismiss PEER_ID”"));
  appoint = g_str_equal (argv[1], "appoint");
  /* A fingerprint read aloud may come in two words. */
  peer = g_strjoinv ("", argv + 2);
  if (!roster_act_open (&act, ctx, &peer, 1, appoint))
    return 1;
  if (appoint ? !bn_home_appoint (act.home, act.peer_ids[0], &error)
              : !bn_home_dismiss (act.home, act.peer_ids[0], &error))
    return bn_cli_fail_error (error);
  me = bn_home_dup_peer_id (act.home);
  if (appoint)
    sentence = g_strdup_printf (_("%s is a connector now."), act.names[0]);
  else if (g_str_equal (me, act.peer_ids[0]))
    sentence = g_strdup (_("You are no longer a connector."));
  else
    sentence = g_strdup_printf (_("%s is no longer a connector."), act.names[0]);
  return roster_act_done (&act, sentence);
}

static int
member_remove (BnCliContext *ctx, char **words, const char *reason)
{
  g_auto(RosterAct) act = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *peer = g_strjoinv ("", words);

  if (!roster_act_open (&act, ctx, &peer, 1, TRUE))
    return 1;
  if (!bn_home_remove_member (act.home, act.peer_ids[0], reason, &error))
    return bn_cli_fail_error (error);
  sentence = g_strdup_printf (_("Removed %s. A new neighbourhood key was made; %s reads "
                                "nothing written from now on."), act.names[0], act.names[0]);
  return roster_act_done (&act, sentence);
}

static int
member_replace (BnCliContext *ctx, char **peers)
{
  g_auto(RosterAct) act = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL, *old_one = NULL, *new_one = NULL;

  if (!roster_act_open (&act, ctx, peers, 2, TRUE))
    return 1;
  if (!bn_home_replace_member (act.home, act.peer_ids[0], act.peer_ids[1], &error))
    return bn_cli_fail_error (error);
  old_one = dup_name_and_fingerprint (act.members, act.peer_ids[0]);
  new_one = dup_name_and_fingerprint (act.members, act.peer_ids[1]);
  sentence = g_strdup_printf (_("%s takes the place of %s, with the same role. A new "
                                "neighbourhood key was made; the old identity reads nothing "
                                "written from now on."), new_one, old_one);
  return roster_act_done (&act, sentence);
}

/* member remove PEER_ID [--reason R] | member replace OLD_PEER_ID NEW_PEER_ID */
int
bn_cli_cmd_member (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why, with “member remove”: left, moved, lost-device or conduct"), N_("REASON") },
    { NULL }
  };

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc >= 3 && g_str_equal (argv[1], "remove"))
    return member_remove (ctx, argv + 2, reason);
  if (argc == 4 && g_str_equal (argv[1], "replace") && reason == NULL)
    return member_replace (ctx, argv + 2);
  return bn_cli_fail (_("Use “member remove PEER_ID [--reason R]” or "
                        "“member replace OLD_PEER_ID NEW_PEER_ID”"));
}

/* leave */
int
bn_cli_cmd_leave (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  g_auto(RosterAct) act = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if (!roster_act_open (&act, ctx, NULL, 0, FALSE))
    return 1;
  if (!bn_home_leave (act.home, &error))
    return bn_cli_fail_error (error);
  sentence = g_strdup_printf (_("You left “%s”. Your neighbours learn it the next time you sync "
                                "or give them a log file; from then on their computers no "
                                "longer answer this one."), bn_home_get_hood (act.home)->name);
  return roster_act_done (&act, sentence);
}
