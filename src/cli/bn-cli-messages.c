/* bn-cli-messages.c — conversations: message (send, delete) and messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The full peer ID @given stands for: itself when it is one, else the one
 * member whose ID starts with it. */
static char *
resolve_peer (BnHome *home, const char *given, GError **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *lower = g_ascii_strdown (given, -1);
  char *found = NULL;
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (bn_peer_id_to_key (lower, key))
    return g_steal_pointer (&lower);
  members = bn_store_list_members (bn_home_get_store (home), FALSE);
  for (guint i = 0; strlen (lower) >= 4 && i < members->len; i++)
    {
      const BnMember *m = g_ptr_array_index (members, i);
      if (!g_str_has_prefix (m->peer_id, lower))
        continue;
      if (found != NULL)
        {
          g_free (found);
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("“%s” fits more than one member; give more of the ID"), given);
          return NULL;
        }
      found = g_strdup (m->peer_id);
    }
  if (found == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("No member’s ID starts with “%s”; see “buurtnet-cli members”"), given);
  return found;
}

static int
delete_message (BnHome *home, const char *given)
{
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = bn_store_complete_id (bn_home_get_store (home), given);

  entry = bn_home_delete_message (home, id ? id : given, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  g_print ("%s\n", _("Deleted. Your neighbour’s copy is erased as the deletion reaches them."));
  return 0;
}

/* "2026-10-24 10:00", Brussels time, as "event create --start" reads it. */
static char *
format_brussels (gint64 ms)
{
  g_autofree char *iso = bn_event_time_format (ms);

  iso[10] = ' ';
  iso[16] = '\0';
  return g_strdup (iso);
}

/* --propose ISO: a time to come, Brussels time unless it says its offset. */
static gboolean
parse_proposal (const char *text, gint64 *ms, GError **error)
{
  if (!bn_event_time_parse (text, ms))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a date and time; write it as 2026-10-24T10:00 (Brussels time)"),
                   text);
      return FALSE;
    }
  if (*ms <= g_get_real_time () / 1000)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("%s has passed; propose a time to come"), text);
      return FALSE;
    }
  return TRUE;
}

/* The words sent when only a time is given: the question a proposal asks, or
 * the yes to the proposal @agrees names. */
static char *
default_text (BnHome *home, gint64 proposes_ms, const char *agrees)
{
  g_autoptr(BnMessage) proposal = NULL;
  g_autofree char *when = NULL;
  guint8 id[BN_HASH_LEN];

  if (proposes_ms > 0)
    {
      when = format_brussels (proposes_ms);
      /* Translators: the message "message --propose" sends without --text; %s is
       * "2026-10-24 10:00" */
      return g_strdup_printf (_("Would %s suit you?"), when);
    }
  if (agrees != NULL && bn_hex_decode (agrees, id, BN_HASH_LEN))
    proposal = bn_store_get_message (bn_home_get_store (home),
                                     bn_home_get_identity (home)->public_key, id);
  if (proposal == NULL || proposal->proposes_ms == 0)
    return g_strdup (_("That suits me."));
  when = format_brussels (proposal->proposes_ms);
  /* Translators: the message "message --agree" sends without --text; %s is
   * "2026-10-24 10:00" */
  return g_strdup_printf (_("That suits me: %s."), when);
}

/* message PEER_ID --text T [--about POST_ID] [--expires-in DAYS]
 *                 [--propose ISO | --agree MESSAGE_ID] | message delete ID */
int
bn_cli_cmd_message (BnCliContext       *ctx,
                    const BnCliCommand *self,
                    int                 argc,
                    char              **argv)
{
  g_autofree char *text = NULL, *about = NULL, *peer_id = NULL, *about_id = NULL;
  g_autofree char *propose = NULL, *agree = NULL, *agree_id = NULL, *sent_text = NULL;
  int expires_days = 0;
  const GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("What you write"), N_("TEXT") },
    { "about", 0, 0, G_OPTION_ARG_STRING, &about, N_("The post it is about"), N_("POST_ID") },
    { "expires-in", 0, 0, G_OPTION_ARG_INT, &expires_days,
      N_("The message disappears on both sides after DAYS days"), N_("DAYS") },
    { "propose", 0, 0, G_OPTION_ARG_STRING, &propose,
      N_("Propose a time to meet, Brussels time: 2026-10-24T10:00"), N_("ISO") },
    { "agree", 0, 0, G_OPTION_ARG_STRING, &agree,
      N_("Say yes to the time your neighbour’s message proposes"), N_("MESSAGE_ID") },
    { NULL }
  };
  BnMessageDraft draft = { 0 };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc == 3 && g_str_equal (argv[1], "delete"))
    {
      if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
        return 1;
      return delete_message (home, argv[2]);
    }
  if (bn_cli_expect_args (self, argc, 2))
    return 1;
  if (propose != NULL && agree != NULL)
    return bn_cli_fail (_("Either propose a time (--propose) or say yes to one (--agree), not both"));
  if (text == NULL && propose == NULL && agree == NULL)
    return bn_cli_fail (_("Say what you write with --text"));
  if (expires_days < 0)
    return bn_cli_fail (_("--expires-in is a number of days, 1 or more"));
  if (propose != NULL && !parse_proposal (propose, &draft.proposes_ms, &error))
    return bn_cli_fail_error (error);
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if ((peer_id = resolve_peer (home, argv[1], &error)) == NULL)
    return bn_cli_fail_error (error);
  if (about != NULL)
    about_id = bn_store_complete_id (bn_home_get_store (home), about);
  if (agree != NULL)
    agree_id = bn_store_complete_id (bn_home_get_store (home), agree);
  draft.to = peer_id;
  draft.about = about_id ? about_id : about;
  draft.expires_in_days = (guint) expires_days;
  draft.agrees = agree_id ? agree_id : agree;
  if (text == NULL)
    sent_text = default_text (home, draft.proposes_ms, draft.agrees);
  draft.text = text ? text : sent_text;
  entry = bn_home_send_message_draft (home, &draft, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  {
    g_autofree char *id = bn_entry_dup_id_hex (entry);
    g_print ("%s\n", id);
  }
  return 0;
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static void
print_conversations (GPtrArray *conversations)
{
  if (conversations->len == 0)
    g_print ("%s\n", _("No messages yet. Write to a neighbour with “buurtnet-cli message PEER_ID --text …”."));
  for (guint i = 0; i < conversations->len; i++)
    {
      const BnConversation *c = g_ptr_array_index (conversations, i);
      g_autofree char *when = format_time (c->last_ms);

      /* Translators: a conversation: name, short ID, how many messages, how many
       * unread, when the last was written and what it said. */
      g_print (_("%s (%.8s)  messages: %u, unread: %u  %s  %s\n"),
               c->name ? c->name : _("a neighbour"), c->peer_id, c->n_messages, c->n_unread,
               when, c->last_text ? c->last_text : "");
    }
}

static void
print_messages (GPtrArray *messages)
{
  if (messages->len == 0)
    g_print ("%s\n", _("No messages with this neighbour yet."));
  for (guint i = 0; i < messages->len; i++)
    {
      const BnMessage *m = g_ptr_array_index (messages, i);
      g_autofree char *when = format_time (m->created_ms);
      g_autofree char *moment = NULL, *note = NULL;

      g_print ("%.12s  %s  %s%s: %s\n", m->id, when,
               m->mine ? _("You") : (m->author_name ? m->author_name : _("a neighbour")),
               m->unread ? _(" (new)") : "", m->text);
      if (m->proposes_ms > 0)
        {
          moment = format_brussels (m->proposes_ms);
          /* Translators: under a message that proposes a time; %s is "2026-10-24 10:00" */
          note = g_strdup_printf (m->answered ? _("proposes %s — agreed") : _("proposes %s"),
                                  moment);
        }
      else if (m->agreed_ms > 0)
        {
          moment = format_brussels (m->agreed_ms);
          /* Translators: under a message that says yes to a proposed time */
          note = g_strdup_printf (_("agrees to %s"), moment);
        }
      if (note != NULL)
        g_print ("              %s\n", note);
    }
}

static void
print_json_list (GPtrArray *items, JsonNode *(*to_json) (gconstpointer))
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  json_node_take_array (root, array);
  bn_cli_print_json (root);
}

/* messages [PEER_ID] [--json]: the conversations, or one (which marks it read) */
int
bn_cli_cmd_messages (BnCliContext       *ctx,
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
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_id = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc > 2)
    return bn_cli_expect_args (self, argc, 2);
  if (argc == 1)
    {
      /* Only reading: works on a full disk too. */
      if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
        return 1;
      list = bn_store_list_conversations (bn_home_get_store (home),
                                          bn_home_get_identity (home)->public_key);
      if (json)
        print_json_list (list, (JsonNode *(*) (gconstpointer)) bn_conversation_to_json);
      else
        print_conversations (list);
      return 0;
    }
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if ((peer_id = resolve_peer (home, argv[1], &error)) == NULL
      || (list = bn_home_read_conversation (home, peer_id, TRUE, &error)) == NULL)
    return bn_cli_fail_error (error);
  if (json)
    print_json_list (list, (JsonNode *(*) (gconstpointer)) bn_message_to_json);
  else
    print_messages (list);
  return 0;
}
