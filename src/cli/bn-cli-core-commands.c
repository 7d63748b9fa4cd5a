/* bn-cli-core-commands.c — the commands that need no network: identity,
 * neighbourhood, profile, posts, and moving logs by file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"
#include "bn-cli-log.h"

#include <glib/gi18n-lib.h>

static int
expect_args (const BnCliCommand *command, int argc, int wanted)
{
  if (argc == wanted)
    return 0;
  return bn_cli_fail (argc < wanted
                      ? _("“%s” needs more arguments: %s %s (see --help)")
                      : _("“%s” got too many arguments: %s %s (see --help)"),
                      command->name, command->name, bn_cli_usage (command));
}

static void
print_entry_id (BnEntry *entry)
{
  g_autofree char *id = bn_entry_dup_id_hex (entry);
  g_print ("%s\n", id);
}

/* init --name NAME */
static int
cmd_init (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("init");
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Your name, as neighbours will see it"), N_("NAME") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_id = NULL, *fingerprint = NULL, *existing = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 1))
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
static int
cmd_whoami (BnCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autofree char *peer_id = NULL, *fingerprint = NULL, *name = NULL;
  const BnHood *hood;

  const BnCliCommand *self = bn_cli_find_command ("whoami");

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 1))
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

/* hood create NAME | hood invite | hood join CODE */
static int
cmd_hood (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("hood");
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv))
    return 1;
  if (argc < 2)
    return bn_cli_fail (_("Say what to do: “hood create NAME”, “hood invite” or “hood join CODE”"));
  verb = argv[1];
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;

  if (g_str_equal (verb, "create") && argc == 3)
    {
      g_autofree char *invite = bn_home_create_hood (home, argv[2], &error);
      if (invite == NULL)
        return bn_cli_fail_error (error);
      g_print (_("Created the neighbourhood “%s”. Hand this invite code to neighbours in person:\n"),
               bn_home_get_hood (home)->name);
      g_print ("%s\n", invite);
      return 0;
    }
  if (g_str_equal (verb, "invite") && argc == 2)
    {
      g_autofree char *invite = bn_home_create_invite (home, BN_INVITE_DEFAULT_USES,
                                                       BN_INVITE_DEFAULT_MS, &error);
      if (invite == NULL)
        return bn_cli_fail_error (error);
      g_print ("%s\n", invite);
      return 0;
    }
  if (g_str_equal (verb, "join") && argc >= 3)
    {
      /* A code read aloud may arrive in several words: join them. */
      g_autofree char *code = g_strjoinv ("", argv + 2);
      if (!bn_home_join_hood (home, code, &error))
        return bn_cli_fail_error (error);
      g_print (_("Your code is ready. You join as soon as a neighbour's computer is reached: "
                 "“buurtnet-cli sync ADDRESS”, “buurtnet-cli serve”, or a log file "
                 "(“buurtnet-cli log export FILE”) taken to a neighbour.\n"));
      return 0;
    }
  return bn_cli_fail (_("Say what to do: “hood create NAME”, “hood invite” or “hood join CODE”"));
}

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
static int
cmd_profile (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("profile");
  g_autofree char *name = NULL, *about = NULL, *street = NULL, *number = NULL;
  g_autofree char *building = NULL, *floor = NULL;
  g_auto(GStrv) talents = NULL, needs = NULL, languages = NULL;
  gboolean connector = FALSE, not_connector = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Your name"), N_("NAME") },
    { "about", 0, 0, G_OPTION_ARG_STRING, &about, N_("A few words about you"), N_("TEXT") },
    { "talent", 0, 0, G_OPTION_ARG_STRING_ARRAY, &talents, N_("Something you like to help with (a category; repeat)"), N_("CAT") },
    { "need", 0, 0, G_OPTION_ARG_STRING_ARRAY, &needs, N_("Something that could help you (a category; repeat)"), N_("CAT") },
    { "language", 0, 0, G_OPTION_ARG_STRING_ARRAY, &languages, N_("A language you speak (repeat)"), N_("LANG") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street, N_("Your street"), N_("STREET") },
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("Your house number"), N_("N") },
    { "building", 0, 0, G_OPTION_ARG_STRING, &building, N_("Your building"), N_("B") },
    { "floor", 0, 0, G_OPTION_ARG_STRING, &floor, N_("Your floor"), N_("F") },
    { "connector", 0, 0, G_OPTION_ARG_NONE, &connector, N_("You are a connector for the neighbourhood"), NULL },
    { "not-connector", 0, 0, G_OPTION_ARG_NONE, &not_connector, N_("You are no longer a connector"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv))
    return 1;
  if (argc != 2 || !g_str_equal (argv[1], "set")
      || (!name && !about && !street && !number && !building && !floor && !talents && !needs
          && !languages && !connector && !not_connector))
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
  replace_string (&profile->building, building);
  replace_string (&profile->floor, floor);
  replace_strv (&profile->talents, talents);
  replace_strv (&profile->needs, needs);
  replace_strv (&profile->languages, languages);
  if (connector)
    profile->connector = TRUE;
  if (not_connector)
    profile->connector = FALSE;

  if (!bn_home_publish_profile (home, profile, &error))
    return bn_cli_fail_error (error);
  g_print (_("Your profile is updated.\n"));
  return 0;
}

/* post request|offer --category CAT --title T [...] */
static int
cmd_post (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("post");
  g_autofree char *category = NULL, *title = NULL, *body = NULL, *visibility = NULL;
  g_autofree char *when = NULL, *urgency = NULL, *on_behalf_of = NULL;
  g_auto(GStrv) to = NULL;
  int expires_days = 0;
  const GOptionEntry entries[] = {
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category, N_("What kind of help"), N_("CAT") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("A short title"), N_("TEXT") },
    { "body", 'b', 0, G_OPTION_ARG_STRING, &body, N_("Details"), N_("TEXT") },
    { "when", 0, 0, G_OPTION_ARG_STRING, &when, N_("“flexible”, a day (YYYY-MM-DD) or a range (DAY/DAY)"), N_("WHEN") },
    { "urgency", 0, 0, G_OPTION_ARG_STRING, &urgency, N_("flexible, soon or urgent"), N_("U") },
    { "visibility", 0, 0, G_OPTION_ARG_STRING, &visibility, N_("Who sees it: neighbourhood, connectors or people"), N_("V") },
    { "to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &to, N_("A neighbour who may see it, with --visibility people (repeat)"), N_("PEER_ID") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &on_behalf_of, N_("You ask for someone else (their first name)"), N_("NAME") },
    { "expires-in", 0, 0, G_OPTION_ARG_INT, &expires_days, N_("Forget this post after DAYS days"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  BnPostDraft draft = { 0 };

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 2))
    return 1;
  if (!bn_post_kind_is_valid (argv[1]))
    return bn_cli_fail (_("Say “post request” to ask for help or “post offer” to offer it"));
  if (category == NULL || title == NULL)
    return bn_cli_fail (_("A post needs --category and --title"));
  if (to != NULL && visibility == NULL)
    visibility = g_strdup ("people");
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;

  draft.kind = argv[1];
  draft.category = category;
  draft.title = title;
  draft.body = body;
  draft.when = when;
  draft.urgency = urgency;
  draft.visibility = visibility;
  draft.to = (const char *const *) to;
  draft.on_behalf_of = on_behalf_of;
  if (expires_days > 0)
    draft.expiry_ms = g_get_real_time () / 1000 + (gint64) expires_days * 24 * 3600 * 1000;
  entry = bn_home_publish_post (home, &draft, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  print_entry_id (entry);
  return 0;
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "matched") == 0)
    return _("matched");
  if (g_strcmp0 (status, "done") == 0)
    return _("done");
  if (g_strcmp0 (status, "withdrawn") == 0)
    return _("withdrawn");
  return _("open");
}

/* Pads by characters, not bytes: translated words may hold accents. */
static char *
pad (const char *text, guint width)
{
  guint len = (guint) g_utf8_strlen (text, -1);
  return g_strdup_printf ("%s%*s", text, (int) (width > len ? width - len : 0), "");
}

/* list [--kind request|offer] [--category CAT] [--json] */
static int
cmd_list (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("list");
  g_autofree char *kind = NULL, *category = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind, N_("Only requests or only offers"), N_("KIND") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("CAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  static const char *const statuses[] = { "open", "matched", "done", "withdrawn" };
  guint kind_width, status_width = 0;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 1))
    return 1;
  if (kind != NULL && !bn_post_kind_is_valid (kind))
    return bn_cli_fail (_("--kind is “request” or “offer”"));
  if (category != NULL && !bn_category_is_valid (category))
    return bn_cli_fail (_("“%s” is not a category"), category);
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  posts = bn_store_list_posts (bn_home_get_store (home), bn_home_get_identity (home)->public_key,
                               kind, category);
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < posts->len; i++)
        json_array_add_element (array, bn_post_to_json (g_ptr_array_index (posts, i)));
      json_node_take_array (root, array);
      bn_cli_print_json (root);
      return 0;
    }
  if (posts->len == 0)
    g_print (_("Nothing posted yet. Ask for help with “buurtnet-cli post request”.\n"));
  kind_width = MAX (g_utf8_strlen (_("request"), -1), g_utf8_strlen (_("offer"), -1));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    status_width = MAX (status_width, (guint) g_utf8_strlen (status_label (statuses[i]), -1));
  for (guint i = 0; i < posts->len; i++)
    {
      BnPost *post = g_ptr_array_index (posts, i);
      g_autofree char *kind_text = pad (g_str_equal (post->kind, "request") ? _("request") : _("offer"),
                                   kind_width);
      g_autofree char *status_text = pad (status_label (post->status), status_width);

      g_print ("%.12s  %s  %-9s  %s  %s — %s (%u)\n", post->id, kind_text, post->category,
               status_text,
               post->title, post->author_name ? post->author_name : _("a neighbour"),
               post->n_replies);
    }
  return 0;
}

static JsonNode *
notes_to_json (GPtrArray *notes)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  for (guint i = 0; i < notes->len; i++)
    json_array_add_element (array, bn_note_to_json (g_ptr_array_index (notes, i)));
  json_node_take_array (node, array);
  return node;
}

static char *resolve_post_id (BnHome *home, const char *given);

/* show ID [--json] */
static int
cmd_show (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("show");
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnPost) post = NULL;
  g_autoptr(GPtrArray) replies = NULL, thanks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *post_id = NULL;
  guint8 id[BN_HASH_LEN];

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 2))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  post_id = resolve_post_id (home, argv[1]);
  if ((post = bn_home_get_post (home, post_id, &error)) == NULL)
    return bn_cli_fail_error (error);
  bn_hex_decode (post->id, id, BN_HASH_LEN);
  replies = bn_store_list_replies (bn_home_get_store (home), id);
  thanks = bn_store_list_thanks (bn_home_get_store (home), id);

  if (json)
    {
      g_autoptr(JsonNode) root = bn_post_to_json (post);
      JsonObject *object = json_node_get_object (root);
      json_object_set_member (object, "reply_list", notes_to_json (replies));
      json_object_set_member (object, "thanks_list", notes_to_json (thanks));
      bn_cli_print_json (root);
      return 0;
    }
  g_print ("%s\n", post->title);
  g_print (_("%s by %s · %s · %s\n"),
           g_str_equal (post->kind, "request") ? C_("post kind", "Request")
                                               : C_("post kind", "Offer"),
           post->author_name ? post->author_name : _("a neighbour"),
           bn_category_label (post->category), status_label (post->status));
  if (post->on_behalf_of)
    g_print (_("On behalf of %s\n"), post->on_behalf_of);
  if (post->when)
    g_print (_("When: %s\n"), g_str_equal (post->when, "flexible") ? _("whenever it suits")
                                                                   : post->when);
  if (post->body)
    g_print ("\n%s\n", post->body);
  for (guint i = 0; i < replies->len; i++)
    {
      BnNote *note = g_ptr_array_index (replies, i);
      g_print ("\n%s %s (%.12s)%s\n  %s\n", _("Reply from"),
               note->author_name ? note->author_name : _("a neighbour"), note->id,
               note->accepted ? _(" — accepted") : "", note->text);
    }
  for (guint i = 0; i < thanks->len; i++)
    {
      BnNote *note = g_ptr_array_index (thanks, i);
      g_print ("\n%s %s\n  %s\n", _("Thanks from"),
               note->author_name ? note->author_name : _("a neighbour"), note->text);
    }
  return 0;
}

/* Expands a 12-character prefix (as `list` prints) to the full post ID. */
static char *
resolve_post_id (BnHome *home, const char *given)
{
  g_autoptr(GPtrArray) posts = NULL;
  char *found = NULL;

  if (strlen (given) >= 2 * BN_HASH_LEN)
    return g_strdup (given);
  posts = bn_store_list_posts (bn_home_get_store (home), NULL, NULL, NULL);
  for (guint i = 0; i < posts->len; i++)
    {
      BnPost *post = g_ptr_array_index (posts, i);
      if (strlen (given) >= 6 && g_str_has_prefix (post->id, given))
        {
          if (found != NULL)
            {
              g_free (found);
              return g_strdup (given);   /* ambiguous: let the full-ID check explain */
            }
          found = g_strdup (post->id);
        }
    }
  return found ? found : g_strdup (given);
}

typedef BnEntry *(*PostAction) (BnHome *home, const char *post_id, const char *argument,
                                GError **error);

/* The shape every command on one post shares: parse, open, resolve a short post
 * ID, act, and print either @done or the new entry's ID. The action's argument is
 * the --text option when @text is given, else the command's second argument. */
static int
run_on_post (BnCliContext *ctx, const char *name, const GOptionEntry *entries, char **text,
             int wanted, int argc, char **argv, PostAction action, const char *done)
{
  const BnCliCommand *self = bn_cli_find_command (name);
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *post_id = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, wanted))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  post_id = resolve_post_id (home, argv[1]);
  entry = action (home, post_id, text ? *text : (argc > 2 ? argv[2] : NULL), &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  if (done != NULL)
    g_print ("%s\n", done);
  else
    print_entry_id (entry);
  return 0;
}

/* reply POST_ID --text T */
static int
cmd_reply (BnCliContext *ctx, int argc, char **argv)
{
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("What you answer"), N_("TEXT") },
    { NULL }
  };
  return run_on_post (ctx, "reply", entries, &text, 2, argc, argv, bn_home_reply, NULL);
}

/* accept POST_ID REPLY_ID */
static int
cmd_accept (BnCliContext *ctx, int argc, char **argv)
{
  return run_on_post (ctx, "accept", NULL, NULL, 3, argc, argv, bn_home_accept,
                      _("Accepted. You can now see each other's name and place."));
}

/* status POST_ID open|matched|done|withdrawn */
static int
cmd_status (BnCliContext *ctx, int argc, char **argv)
{
  return run_on_post (ctx, "status", NULL, NULL, 3, argc, argv, bn_home_set_status,
                      _("The post's status is changed."));
}

/* thanks POST_ID --text T */
static int
cmd_thanks (BnCliContext *ctx, int argc, char **argv)
{
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("Your words of thanks"), N_("TEXT") },
    { NULL }
  };
  return run_on_post (ctx, "thanks", entries, &text, 2, argc, argv, bn_home_thank, NULL);
}

static BnEntry *
delete_entry (BnHome *home, const char *id, const char *unused, GError **error)
{
  return bn_home_delete (home, id, error);
}

/* delete ID */
static int
cmd_delete (BnCliContext *ctx, int argc, char **argv)
{
  return run_on_post (ctx, "delete", NULL, NULL, 2, argc, argv, delete_entry,
                      _("Deleted. Neighbours' copies are erased as the deletion reaches them."));
}

/* neighbours [--json] */
static int
cmd_neighbours (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("neighbours");
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GPtrArray) profiles = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || expect_args (self, argc, 1))
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

/* verify */
static int
cmd_verify (BnCliContext *ctx, int argc, char **argv)
{
  const BnCliCommand *self = bn_cli_find_command ("verify");
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  guint64 checked = 0;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || expect_args (self, argc, 1))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  if (!bn_store_verify (bn_home_get_store (home), &checked, &error))
    return bn_cli_fail (_("Verification failed after %llu entries: %s"),
                        (unsigned long long) checked, error->message);
  g_print (_("All %llu entries verified: every log is complete, linked and signed.\n"),
           (unsigned long long) checked);
  return 0;
}

const BnCliCommand bn_cli_core_commands[] = {
  /* Translators: in usage lines like this one, keep command words and --options
   * as they are; translate only the capitalised placeholders (NAME, FILE, …). */
  { "init", N_("--name NAME"), N_("Set up this computer as a neighbour"), cmd_init },
  { "whoami", N_("[--json]"), N_("Show your name, fingerprint and neighbourhood"), cmd_whoami },
  { "hood", N_("create NAME | invite | join CODE"), N_("Create, share or join a neighbourhood"), cmd_hood },
  { "profile", N_("set [--name N] [--talent CAT]…"), N_("Change your profile"), cmd_profile },
  { "post", N_("request|offer --category CAT --title T"), N_("Ask for help or offer it"), cmd_post },
  { "list", N_("[--kind request|offer] [--json]"), N_("List requests and offers, near to far"), cmd_list },
  { "show", N_("ID [--json]"), N_("Show a post with its replies"), cmd_show },
  { "reply", N_("POST_ID --text T"), N_("Answer a post: “I can help” or “I'd like that”"), cmd_reply },
  { "accept", N_("POST_ID REPLY_ID"), N_("Choose who helps with your post"), cmd_accept },
  { "status", N_("POST_ID open|matched|done|withdrawn"), N_("Mark your post done, withdrawn, …"), cmd_status },
  { "thanks", N_("POST_ID --text T"), N_("Say thank you"), cmd_thanks },
  { "delete", N_("ID"), N_("Erase something you posted, everywhere"), cmd_delete },
  { "neighbours", N_("[--json]"), N_("List neighbours, near to far"), cmd_neighbours },
  { "log", N_("export FILE | import FILE"), N_("Move entries by file (a USB stick, e-mail)"), bn_cli_cmd_log },
  { "verify", NULL, N_("Check every stored log from its first entry"), cmd_verify },
};
const guint bn_cli_n_core_commands = G_N_ELEMENTS (bn_cli_core_commands);
