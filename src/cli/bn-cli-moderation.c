/* bn-cli-moderation.c — when a neighbour misbehaves: block, unblock, blocked,
 * report, reports, report-handled, hide, unhide, moderation
 * (docs/protocol.md §6.2)
 *
 * What these commands name is an item (a post, reply or thanks: its ID or the
 * start of it that `list` prints) or a neighbour (a peer ID, or any start of it
 * that fits one member, such as the fingerprint `members` prints).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Lower case, without the spaces and hyphens of a fingerprint as people write it. */
static char *
normalise (const char *given)
{
  GString *text = g_string_new (NULL);

  for (const char *p = given; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (text, g_ascii_tolower (*p));
  return g_string_free (text, FALSE);
}

/* The one member whose peer ID starts with @text, or NULL (with how many in @n). */
static char *
member_with_prefix (BnHome *home, const char *text, guint *n)
{
  g_autoptr(GPtrArray) members = bn_store_list_members (bn_home_get_store (home), TRUE);
  char *found = NULL;

  *n = 0;
  for (guint i = 0; *text != '\0' && i < members->len; i++)
    {
      const BnMember *m = g_ptr_array_index (members, i);
      if (g_str_has_prefix (m->peer_id, text) && (*n)++ == 0)
        found = g_strdup (m->peer_id);
    }
  if (*n != 1)
    g_clear_pointer (&found, g_free);
  return found;
}

/**
 * resolve:
 * @items: whether posts, replies and thanks may be meant, besides neighbours
 *
 * Returns: (transfer full) (nullable): the full ID or peer ID @given stands for
 */
static char *
resolve (BnHome *home, const char *given, gboolean items, GError **error)
{
  g_autofree char *text = normalise (given);
  g_autofree char *item = NULL, *member = NULL;
  guint8 key[BN_PUBLIC_KEY_LEN], id[BN_HASH_LEN];
  guint n_members = 0;

  if (bn_peer_id_to_key (text, key) || (items && bn_hex_decode (text, id, BN_HASH_LEN)))
    return g_steal_pointer (&text);
  if (items)
    item = bn_store_complete_id (bn_home_get_store (home), text);
  member = member_with_prefix (home, text, &n_members);
  if (item != NULL && member == NULL)
    return g_steal_pointer (&item);
  if (member != NULL && item == NULL)
    return g_steal_pointer (&member);
  if (item != NULL || n_members > 1)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                 _("“%s” fits more than one; give more of the ID"), given);
  else
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 items ? _("Nothing here fits “%s”; see “buurtnet-cli list” and “buurtnet-cli members”")
                       : _("No member’s ID starts with “%s”; see “buurtnet-cli members”"),
                 given);
  return NULL;
}

/* Their name, else their fingerprint. */
static char *
name_of (BnHome *home, const char *peer_id, const char *name)
{
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (name != NULL)
    return g_strdup (name);
  if (peer_id != NULL && bn_peer_id_to_key (peer_id, key))
    return bn_fingerprint_from_key (key);
  return g_strdup (_("a neighbour"));
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (ms / 1000);
  return when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
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
print_entry_id (BnEntry *entry)
{
  g_autofree char *id = bn_entry_dup_id_hex (entry);
  g_print ("%s\n", id);
}

/* Blocking */

static char *
display_name (BnHome *home, const char *peer_id)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autoptr(BnProfile) profile = NULL;
  g_autofree char *fingerprint = NULL;

  if (!bn_peer_id_to_key (peer_id, key))
    return g_strdup (peer_id);
  profile = bn_store_get_profile (bn_home_get_store (home), key);
  fingerprint = bn_fingerprint_from_key (key);
  if (profile != NULL && profile->name != NULL)
    return g_strdup_printf ("%s (%s)", profile->name, fingerprint);
  return g_steal_pointer (&fingerprint);
}

static int
run_block (BnCliContext *ctx, const BnCliCommand *self, int argc, char **argv, gboolean block)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_id = NULL, *who = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL || !require_hood (home))
    return 1;
  if ((peer_id = resolve (home, argv[1], FALSE, &error)) == NULL
      || !(block ? bn_home_block : bn_home_unblock) (home, peer_id, &error))
    return bn_cli_fail_error (error);
  who = display_name (home, peer_id);
  if (block)
    g_print (_("Blocked %s on this computer: what they post no longer shows here, and your new "
               "private posts are not sealed to them. They are not told.\n"), who);
  else
    g_print (_("Unblocked %s: what they post shows here again.\n"), who);
  return 0;
}

/* block PEER_ID */
int
bn_cli_cmd_block (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  return run_block (ctx, self, argc, argv, TRUE);
}

/* unblock PEER_ID */
int
bn_cli_cmd_unblock (BnCliContext       *ctx,
                    const BnCliCommand *self,
                    int                 argc,
                    char              **argv)
{
  return run_block (ctx, self, argc, argv, FALSE);
}

/* blocked [--json] */
int
bn_cli_cmd_blocked (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) blocked = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  blocked = bn_store_list_blocked (bn_home_get_store (home));
  if (json)
    {
      print_json_list (blocked, (JsonNode *(*) (gconstpointer)) bn_blocked_to_json);
      return 0;
    }
  if (blocked->len == 0)
    g_print ("%s\n", _("You block no one on this computer."));
  for (guint i = 0; i < blocked->len; i++)
    {
      const BnBlocked *b = g_ptr_array_index (blocked, i);
      g_autofree char *since = format_time (b->since_ms);

      /* Translators: a blocked neighbour's fingerprint, name, and since when */
      g_print (_("%s  %s  since %s\n"), b->fingerprint, b->name ? b->name : "?", since);
    }
  return 0;
}

/* Reports */

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "spam") == 0)
    return C_("report reason", "spam");
  if (g_strcmp0 (reason, "harassment") == 0)
    return C_("report reason", "harassment");
  if (g_strcmp0 (reason, "privacy") == 0)
    return C_("report reason", "private details");
  if (g_strcmp0 (reason, "unsafe") == 0)
    return C_("report reason", "feels unsafe");
  return C_("report reason", "other");
}

/* report ID|PEER_ID --reason spam|harassment|privacy|unsafe|other [--text T] */
int
bn_cli_cmd_report (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  g_autofree char *reason = NULL, *text = NULL;
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason,
      N_("spam, harassment, privacy (private details), unsafe (feels unsafe) or other"), N_("R") },
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("A few words for the connectors"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
    return 1;
  if (reason == NULL)
    return bn_cli_fail (_("Say why with --reason: spam, harassment, privacy, unsafe or other"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL || !require_hood (home))
    return 1;
  if ((target = resolve (home, argv[1], TRUE, &error)) == NULL
      || (entry = bn_home_report (home, target, reason, text, &error)) == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", _("Reported to the connectors: only they and you can read it. "
                     "Nothing happens by itself; a connector looks at it."));
  print_entry_id (entry);
  return 0;
}

static const char *
item_label (const char *kind)
{
  if (g_strcmp0 (kind, "post") == 0)
    return C_("reported item", "a post");
  if (g_strcmp0 (kind, "reply") == 0)
    return C_("reported item", "a reply");
  if (g_strcmp0 (kind, "thanks") == 0)
    return C_("reported item", "thanks");
  return C_("reported item", "something you cannot read");
}

static void
print_report (BnHome *home, const BnReport *r)
{
  g_autofree char *when = format_time (r->created_ms);
  g_autofree char *subject = name_of (home, r->subject, r->subject_name);
  g_autofree char *reporter = name_of (home, r->author, r->author_name);

  g_print ("%.12s  %s  %s  %s\n", r->id,
           r->handled_by ? C_("report state", "handled") : C_("report state", "open"),
           when, reason_label (r->reason));
  if (r->target != NULL)
    /* Translators: what was reported (“a post”, “a reply”, …), by whom, its ID; who reported it */
    g_print (_("  About %s by %s (%.12s), reported by %s\n"), item_label (r->target_kind),
             subject, r->target, reporter);
  else
    g_print (_("  About %s, reported by %s\n"), subject, reporter);
  if (r->text != NULL)
    g_print ("  “%s”\n", r->text);
  if (r->quote != NULL)
    g_print (_("  What was reported: “%s”\n"), r->quote);
  if (r->handled_by != NULL)
    {
      g_autofree char *by = name_of (home, r->handled_by, r->handled_by_name);
      g_print (_("  Handled by %s\n"), by);
    }
}

/* reports [--json]: open reports first, then handled ones */
int
bn_cli_cmd_reports (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) reports = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL || !require_hood (home))
    return 1;
  reports = bn_store_list_reports (bn_home_get_store (home));
  if (json)
    {
      print_json_list (reports, (JsonNode *(*) (gconstpointer)) bn_report_to_json);
      return 0;
    }
  if (reports->len == 0)
    g_print ("%s\n", bn_store_is_connector (bn_home_get_store (home),
                                            bn_home_get_identity (home)->public_key)
                     ? _("No reports. When a neighbour reports something, it shows here.")
                     : _("No reports. Connectors read the reports; you see the ones you made."));
  for (guint i = 0; i < reports->len; i++)
    print_report (home, g_ptr_array_index (reports, i));
  return 0;
}

/* report-handled REPORT_ID */
int
bn_cli_cmd_report_handled (BnCliContext       *ctx,
                           const BnCliCommand *self,
                           int                 argc,
                           char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *report_id = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL || !require_hood (home))
    return 1;
  text = normalise (argv[1]);
  report_id = strlen (text) == 2 * BN_HASH_LEN ? g_strdup (text)
                                               : bn_store_complete_id (bn_home_get_store (home), text);
  if ((entry = bn_home_mark_report_handled (home, report_id ? report_id : text, &error)) == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", _("Marked handled. The other connectors and the neighbour who reported it "
                     "see that it was."));
  return 0;
}

/* Hiding */

/* hide ID|PEER_ID --reason TEXT [--erase] */
int
bn_cli_cmd_hide (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
  g_autofree char *reason = NULL;
  gboolean erase = FALSE;
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason,
      N_("Why, in a few words: every member reads it in the moderation log"), N_("TEXT") },
    { "erase", 0, 0, G_OPTION_ARG_NONE, &erase,
      N_("Also erase it on every computer (connectors only; cannot be undone)"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
    return 1;
  if (reason == NULL || *g_strstrip (reason) == '\0')
    return bn_cli_fail (_("Say why with --reason: every member reads it in the moderation log"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL || !require_hood (home))
    return 1;
  if ((target = resolve (home, argv[1], TRUE, &error)) == NULL
      || (entry = bn_home_hide (home, target, reason, erase, &error)) == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", erase ? _("Hidden for everyone, and erased on each computer as the hide "
                             "reaches it. This cannot be undone.")
                         : _("Hidden for everyone; neighbours see who hid it and why. "
                             "“buurtnet-cli unhide” shows it again."));
  print_entry_id (entry);
  return 0;
}

/* unhide ID|PEER_ID */
int
bn_cli_cmd_unhide (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL || !require_hood (home))
    return 1;
  if ((target = resolve (home, argv[1], TRUE, &error)) == NULL
      || (entry = bn_home_unhide (home, target, &error)) == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", _("Shown again for everyone (what was erased stays erased)."));
  return 0;
}

/* The moderation log */

static const char *
removal_reason_label (const char *reason)
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

/* One sentence per act: who did what to whom. */
static char *
describe_act (const BnModerationAct *act, const char *actor, const char *member)
{
  const char *a = act->action;

  if (g_str_equal (a, "hide") && act->target != NULL)
    return g_strdup_printf (act->erase ? _("%s hid and erased something %s posted")
                                       : _("%s hid something %s posted"), actor, member);
  if (g_str_equal (a, "hide"))
    return g_strdup_printf (act->erase ? _("%s hid and erased everything %s posted")
                                       : _("%s hid everything %s posts"), actor, member);
  if (g_str_equal (a, "unhide"))
    return g_strdup_printf (_("%s showed again what %s posted"), actor, member);
  if (g_str_equal (a, "appoint"))
    return g_strdup_printf (_("%s made %s a connector"), actor, member);
  if (g_str_equal (a, "dismiss"))
    return g_strdup_printf (_("%s ended %s’s role as connector"), actor, member);
  if (g_str_equal (a, "step-down"))
    return g_strdup_printf (_("%s stepped down as connector"), actor);
  if (g_str_equal (a, "remove"))
    return g_strdup_printf (_("%s removed %s from the neighbourhood"), actor, member);
  if (g_str_equal (a, "replace"))
    return g_strdup_printf (_("%s moved %s to a new identity"), actor, member);
  return g_strdup_printf ("%s: %s %s", a, actor, member);
}

static void
print_act (BnHome *home, const BnModerationAct *act)
{
  g_autofree char *when = format_time (act->when_ms);
  g_autofree char *actor = name_of (home, act->actor, act->actor_name);
  g_autofree char *member = name_of (home, act->member, act->member_name);
  g_autofree char *sentence = describe_act (act, actor, member);
  const char *reason = g_str_equal (act->action, "remove") ? removal_reason_label (act->reason)
                                                            : act->reason;

  g_print ("%s  %s", when, sentence);
  if (act->target != NULL)
    g_print (" (%.12s)", act->target);
  if (reason != NULL)
    g_print (": %s", reason);
  if (act->undone)
    g_print (" %s", _("(shown again since)"));
  g_print ("\n");
}

/* moderation [--json]: the log every member can read, newest first */
int
bn_cli_cmd_moderation (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) acts = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL || !require_hood (home))
    return 1;
  acts = bn_store_list_moderation (bn_home_get_store (home));
  if (json)
    {
      print_json_list (acts, (JsonNode *(*) (gconstpointer)) bn_moderation_act_to_json);
      return 0;
    }
  if (acts->len == 0)
    g_print ("%s\n", _("Nothing hidden, nobody removed, no change of roles yet."));
  for (guint i = 0; i < acts->len; i++)
    print_act (home, g_ptr_array_index (acts, i));
  return 0;
}
