/* bn-cli-posts.c — requests and offers: post, list, show, and what is done on
 * one post (reply, accept, status, thanks, delete)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void
print_entry_id (BnEntry *entry)
{
  g_autofree char *id = bn_entry_dup_id_hex (entry);
  g_print ("%s\n", id);
}

/* post request|offer --category CAT --title T [...] */
int
bn_cli_cmd_post (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
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

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
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

/* "Hidden by Connie: reason" in the place of what a connector hid. */
static char *
dup_hidden_label (const char *by_name, const char *reason)
{
  const char *by = by_name ? by_name : _("a connector");

  if (reason == NULL)
    return g_strdup_printf (_("Hidden by %s"), by);
  /* Translators: in the place of a hidden post or reply: who hid it, and why */
  return g_strdup_printf (_("Hidden by %s: %s"), by, reason);
}

static char *
dup_title (const BnPost *post)
{
  if (post->hidden_by != NULL)
    return dup_hidden_label (post->hidden_by_name, post->hidden_reason);
  return g_strdup (post->title);
}

/* list [--kind request|offer] [--category CAT] [--json] */
int
bn_cli_cmd_list (BnCliContext       *ctx,
                 const BnCliCommand *self,
                 int                 argc,
                 char              **argv)
{
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

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
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

      g_autofree char *title = dup_title (post);

      g_print ("%.12s  %s  %-9s  %s  %s — %s (%u)\n", post->id, kind_text, post->category,
               status_text,
               title, post->author_name ? post->author_name : _("a neighbour"),
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
int
bn_cli_cmd_show (BnCliContext       *ctx,
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
  g_autoptr(BnPost) post = NULL;
  g_autoptr(GPtrArray) replies = NULL, thanks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *post_id = NULL;
  guint8 id[BN_HASH_LEN];

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 2))
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
  {
    g_autofree char *title = dup_title (post);
    g_print ("%s\n", title);
  }
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
      g_autofree char *text = note->hidden_by ? dup_hidden_label (note->hidden_by_name,
                                                                  note->hidden_reason)
                                              : g_strdup (note->text);

      g_print ("\n%s %s (%.12s)%s\n  %s\n", _("Reply from"),
               note->author_name ? note->author_name : _("a neighbour"), note->id,
               note->accepted ? _(" — accepted")
                              : note->withdrawn ? _(" — taken back: can’t make it after all") : "",
               text);
    }
  for (guint i = 0; i < thanks->len; i++)
    {
      BnNote *note = g_ptr_array_index (thanks, i);
      g_autofree char *text = note->hidden_by ? dup_hidden_label (note->hidden_by_name,
                                                                  note->hidden_reason)
                                              : g_strdup (note->text);

      g_print ("\n%s %s (%.12s)\n  %s\n", _("Thanks from"),
               note->author_name ? note->author_name : _("a neighbour"), note->id, text);
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
run_on_post (BnCliContext *ctx, const BnCliCommand *self, const GOptionEntry *entries,
             char **text, int wanted, int argc, char **argv, PostAction action, const char *done)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *post_id = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, wanted))
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
int
bn_cli_cmd_reply (BnCliContext       *ctx,
                  const BnCliCommand *self,
                  int                 argc,
                  char              **argv)
{
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("What you answer"), N_("TEXT") },
    { NULL }
  };
  return run_on_post (ctx, self, entries, &text, 2, argc, argv, bn_home_reply, NULL);
}

/* accept POST_ID REPLY_ID */
int
bn_cli_cmd_accept (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  return run_on_post (ctx, self, NULL, NULL, 3, argc, argv, bn_home_accept,
                      _("Accepted. You can now see each other’s name and place."));
}

/* status POST_ID open|matched|done|withdrawn */
int
bn_cli_cmd_status (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  return run_on_post (ctx, self, NULL, NULL, 3, argc, argv, bn_home_set_status,
                      _("The post’s status is changed."));
}

/* thanks POST_ID --text T */
int
bn_cli_cmd_thanks (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, N_("Your words of thanks"), N_("TEXT") },
    { NULL }
  };
  return run_on_post (ctx, self, entries, &text, 2, argc, argv, bn_home_thank, NULL);
}

static BnEntry *
delete_entry (BnHome *home, const char *id, const char *unused, GError **error)
{
  return bn_home_delete (home, id, error);
}

/* delete ID */
int
bn_cli_cmd_delete (BnCliContext       *ctx,
                   const BnCliCommand *self,
                   int                 argc,
                   char              **argv)
{
  return run_on_post (ctx, self, NULL, NULL, 2, argc, argv, delete_entry,
                      _("Deleted. Neighbours’ copies are erased as the deletion reaches them."));
}


static BnEntry *
withdraw_reply (BnHome *home, const char *post_id, const char *unused, GError **error)
{
  return bn_home_withdraw_reply (home, post_id, error);
}

/* reply-withdraw POST_ID */
int
bn_cli_cmd_reply_withdraw (BnCliContext       *ctx,
                           const BnCliCommand *self,
                           int                 argc,
                           char              **argv)
{
  return run_on_post (ctx, self, NULL, NULL, 2, argc, argv, withdraw_reply,
                      _("Your offer is taken back. The asker is told and can choose someone else."));
}

static BnEntry *
unaccept (BnHome *home, const char *post_id, const char *unused, GError **error)
{
  return bn_home_unaccept (home, post_id, error);
}

/* unaccept POST_ID */
int
bn_cli_cmd_unaccept (BnCliContext       *ctx,
                     const BnCliCommand *self,
                     int                 argc,
                     char              **argv)
{
  return run_on_post (ctx, self, NULL, NULL, 2, argc, argv, unaccept,
                      _("Your choice is undone; the post is open again and you can choose someone else."));
}
