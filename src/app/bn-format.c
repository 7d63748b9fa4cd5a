/* bn-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-format.h"
#include "bn-date-words.h"

#include <glib/gi18n.h>

/* Returns: (transfer none): how near a neighbour lives, as a person says it */
const char *
bn_format_proximity (BnProximity proximity)
{
  switch (proximity)
    {
    case BN_PROXIMITY_ME:
      return _("You");
    case BN_PROXIMITY_SAME_FLOOR:
      return _("On your floor");
    case BN_PROXIMITY_SAME_BUILDING:
      return _("In your building");
    case BN_PROXIMITY_SAME_STREET:
      return _("In your street");
    case BN_PROXIMITY_FURTHER:
    default:
      return _("In the neighbourhood");
    }
}

/* Returns: (transfer none) */
const char *
bn_format_status (const char *status)
{
  if (g_strcmp0 (status, "matched") == 0)
    /* Translators: a post whose author has accepted a neighbour's help */
    return _("Matched");
  if (g_strcmp0 (status, "done") == 0)
    return _("Done");
  if (g_strcmp0 (status, "withdrawn") == 0)
    return _("Withdrawn");
  return _("Open");
}

/* Returns: (transfer none): who may read a post */
const char *
bn_format_visibility (const char *visibility)
{
  if (g_strcmp0 (visibility, "connectors") == 0)
    return _("Only the connectors");
  if (g_strcmp0 (visibility, "people") == 0)
    return _("Neighbours chosen by the author");
  return _("Everyone in the neighbourhood");
}

/* Returns: (transfer full): "just now", "5 minutes ago", "yesterday", "12 March", in the app's language */
char *
bn_format_relative (gint64 then_ms,
                    gint64 now_ms)
{
  gint64 seconds = MAX (0, (now_ms - then_ms) / 1000);
  g_autoptr(GDateTime) then = NULL;

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    {
      int minutes = (int) (seconds / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                           minutes), minutes);
    }
  if (seconds < 24 * 3600)
    {
      int hours = (int) (seconds / 3600);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                           hours), hours);
    }
  if (seconds < 2 * 24 * 3600)
    return g_strdup (_("yesterday"));
  if (seconds < 7 * 24 * 3600)
    {
      int days = (int) (seconds / (24 * 3600));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                           days), days);
    }
  then = g_date_time_new_from_unix_local (then_ms / 1000);
  return bn_date_words_date (then);
}

static GDateTime *
parse_day (const char *text)
{
  int y, m, d;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_local (y, m, d, 12, 0, 0);
}

/* Returns: (transfer full): "Whenever it suits", "Saturday 12 March",
 * "Saturday 12 March at 14:30". With no day chosen, the author reads what
 * they chose; a neighbour reading someone else's post reads it in words of
 * their own (French: "Pas de date précise", not "whenever it suits you"). */
char *
bn_format_when (const char *when,
                gboolean    mine)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *words = NULL;
  int hour, minute;

  if (when == NULL || *when == '\0' || g_str_equal (when, "flexible"))
    {
      if (mine)
        return g_strdup (_("Whenever it suits"));
      /* Translators: no day was chosen for a request or offer, as a neighbour
       * who might help (or be helped) reads it */
      return g_strdup (C_("when, read by a neighbour", "Whenever it suits"));
    }
  day = parse_day (when);
  if (day == NULL)
    return g_strdup (when);
  words = bn_date_words_day (day);
  if (sscanf (when, "%*4d-%*2d-%*2dT%2d:%2d", &hour, &minute) == 2)
    {
      g_autofree char *time = g_strdup_printf ("%d:%02d", hour, minute);
      /* Translators: "Saturday 12 March at 14:30" */
      return g_strdup_printf (C_("a day and a time", "%s at %s"), words, time);
    }
  return g_steal_pointer (&words);
}

/* Who posted: a name, or words that do not name them when the name has not
 * reached us yet; "for someone else" stays visible because it changes who
 * will open the door. */
char *
bn_format_who (const BnPost *post,
               const char   *my_peer_id)
{
  g_autofree char *who = NULL;

  if (g_strcmp0 (post->author, my_peer_id) == 0)
    who = g_strdup (_("You"));
  else if (post->author_name != NULL && *post->author_name != '\0')
    who = g_strdup (post->author_name);
  else if (post->proximity == BN_PROXIMITY_SAME_FLOOR)
    who = g_strdup (_("Someone on your floor"));
  else if (post->proximity == BN_PROXIMITY_SAME_BUILDING)
    who = g_strdup (_("Someone in your building"));
  else
    who = g_strdup (_("A neighbour"));

  if (post->on_behalf_of != NULL && *post->on_behalf_of != '\0')
    /* Translators: "Anna, for Jef" — someone asking on behalf of someone else */
    return g_strdup_printf (_("%s, for %s"), who, post->on_behalf_of);
  return g_steal_pointer (&who);
}

/* Returns: (transfer full) (nullable): "Kerkstraat 12, building B, floor 3" */
char *
bn_format_place (const BnProfile *profile)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (profile == NULL)
    return NULL;
  if (profile->street != NULL && *profile->street)
    g_ptr_array_add (parts, g_strjoin (" ", profile->street,
                                       profile->number ? profile->number : "", NULL));
  if (profile->building != NULL && *profile->building)
    /* Translators: part of an address */
    g_ptr_array_add (parts, g_strdup_printf (_("building %s"), profile->building));
  if (profile->floor != NULL && *profile->floor)
    /* Translators: part of an address */
    g_ptr_array_add (parts, g_strdup_printf (_("floor %s"), profile->floor));
  if (parts->len == 0)
    return NULL;
  for (guint i = 0; i < parts->len; i++)
    g_strchomp (g_ptr_array_index (parts, i));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* "ab3k 9xq2": grouped so two people can read it to each other (whether or
 * not the core grouped it already) */
char *
bn_format_fingerprint (const char *fingerprint)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; fingerprint != NULL && fingerprint[i]; i++)
    {
      if (g_ascii_isspace (fingerprint[i]))
        continue;
      if (n > 0 && n % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, fingerprint[i]);
      n++;
    }
  return g_string_free (out, FALSE);
}

/* Returns: (transfer full): translated labels joined with ", " */
char *
bn_format_categories (const char *const *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (!bn_category_is_valid (ids[i]))
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, bn_category_label (ids[i]));
    }
  return g_string_free (out, FALSE);
}

/* @format: the translated plural form for @n, with one %u */
static void
add_count (GPtrArray *parts, guint n, const char *format)
{
  if (n > 0)
    g_ptr_array_add (parts, g_strdup_printf (format, n));
}

/* Returns: (transfer full) (nullable): a category's figures in words,
 *   "2 open requests, 1 waiting for a helper, 3 neighbours like to help", or
 *   %NULL when there is nothing to say */
char *
bn_format_category_counts (const BnCategoryStats *stats)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n;

  n = stats->open_requests;
  add_count (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u open request", "%u open requests", n));
  n = stats->waiting;
  /* Translators: open requests older than two days for which no helper has been chosen */
  add_count (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u waiting for a helper",
                                    "%u waiting for a helper", n));
  n = stats->open_offers;
  add_count (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u open offer", "%u open offers", n));
  n = stats->helped_recently;
  add_count (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u request helped in the last 30 days",
                                    "%u requests helped in the last 30 days", n));
  n = stats->talents;
  add_count (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u neighbour likes to help",
                                    "%u neighbours like to help", n));
  /* A need no one here can meet: what partners and the municipality should hear. */
  if (stats->talents == 0 && stats->open_requests > 0)
    g_ptr_array_add (parts, g_strdup (_("no neighbour lists it as a talent yet")));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Returns: (transfer full): "Waiting for 3 days" */
char *
bn_format_waiting (gint64 created_ms,
                   gint64 now_ms)
{
  guint days = (guint) (MAX (0, now_ms - created_ms) / (G_GINT64_CONSTANT (24) * 3600 * 1000));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Waiting for %u day", "Waiting for %u days",
                                       days), days);
}

/* @helpers: (element-type BnProfile): who likes to help, nearest first
 *
 * Returns: (transfer full): "Who could help, nearest first: Bram, Chris" */
char *
bn_format_helpers (GPtrArray  *helpers,
                   const char *my_peer_id)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (helpers == NULL || helpers->len == 0)
    return g_strdup (_("No neighbour lists this as a talent yet"));
  for (guint i = 0; i < helpers->len; i++)
    {
      const BnProfile *helper = g_ptr_array_index (helpers, i);
      const char *name = helper->name ? helper->name : _("A neighbour");
      if (g_strcmp0 (helper->peer_id, my_peer_id) == 0)
        g_ptr_array_add (names, g_strdup_printf (_("%s (you)"), name));
      else
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  return g_strdup_printf (_("Who could help, nearest first: %s"), joined);
}

/**
 * bn_format_names:
 * @names: neighbours' names
 *
 * Returns: (transfer full): "Connie", "Connie and Karim", "Anna, Connie and
 *   Karim"; an empty string for none
 */
char *
bn_format_names (const char *const *names)
{
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;
  g_autoptr(GString) all_but_last = g_string_new (NULL);

  if (n == 0)
    return g_strdup ("");
  if (n == 1)
    return g_strdup (names[0]);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (i > 0)
        /* Translators: between names in a list, as in "Anna, Connie and Karim" */
        g_string_append (all_but_last, _(", "));
      g_string_append (all_but_last, names[i]);
    }
  /* Translators: the last two of a list of names, as in "Anna, Connie and Karim" */
  return g_strdup_printf (_("%s and %s"), all_but_last->str, names[n - 1]);
}

/* Returns: (transfer full): "Seen by Connie and Karim", for a discreet post */
char *
bn_format_seen_by (const char *const *names)
{
  g_autofree char *joined = bn_format_names (names);

  /* Translators: who can read a discreet post; %s is "Connie and Karim" */
  return g_strdup_printf (_("Seen by %s"), joined);
}

/**
 * bn_format_invite_validity:
 * @info: an invite, as the roster knows it
 * @now_ms: the time to count from
 *
 * Returns: (transfer full): how long the code works and for how many people,
 *   "Valid for 7 days. 1 neighbour can join with it."
 */
char *
bn_format_invite_validity (const BnInviteInfo *info,
                           gint64              now_ms)
{
  const gint64 hour_ms = G_GINT64_CONSTANT (3600) * 1000;
  gint64 left_ms = MAX (0, info->expires_ms - now_ms);
  guint people = info->uses > info->used ? info->uses - info->used : 0;
  g_autofree char *how_long = NULL;
  g_autofree char *how_many = NULL;

  if (left_ms >= 24 * hour_ms)
    {
      /* A week made a moment ago is still "7 days", not 6 days and 23 hours. */
      guint days = (guint) ((left_ms + hour_ms) / (24 * hour_ms));
      how_long = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Valid for %u day.",
                                               "Valid for %u days.", days), days);
    }
  else
    {
      guint hours = (guint) MAX (1, (left_ms + hour_ms - 1) / hour_ms);
      how_long = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Valid for %u more hour.",
                                               "Valid for %u more hours.", hours), hours);
    }
  how_many = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u neighbour can join with it.",
                                           "%u neighbours can join with it.", people), people);
  return g_strdup_printf ("%s %s", how_long, how_many);
}

/* Returns: (transfer none): a removal's reason, as the removed neighbour reads it */
static const char *
removal_reason (const char *reason)
{
  if (g_strcmp0 (reason, "moved") == 0)
    return _("The reason given: you moved away.");
  if (g_strcmp0 (reason, "left") == 0)
    return _("The reason given: you left the neighbourhood.");
  if (g_strcmp0 (reason, "lost-device") == 0)
    return _("The reason given: this computer was reported lost.");
  if (g_strcmp0 (reason, "conduct") == 0)
    return _("The reason given: how other neighbours were treated.");
  return NULL;
}

/**
 * bn_format_gone:
 * @standing: removed, left or replaced
 * @reason: (nullable): a removal's reason
 * @connectors: (nullable): the connectors' names, whom to ask
 *
 * Returns: (transfer full): what happened and what one can do, for a
 *   neighbour who is no longer part of the neighbourhood
 */
char *
bn_format_gone (BnMemberStatus      standing,
                const char         *reason,
                const char *const  *connectors)
{
  GString *text = g_string_new (NULL);
  const char *why = standing == BN_MEMBER_REMOVED ? removal_reason (reason) : NULL;

  if (standing == BN_MEMBER_LEFT)
    g_string_append (text, _("You left the neighbourhood."));
  else if (standing == BN_MEMBER_REPLACED)
    g_string_append (text, _("A connector gave your place to a new computer of yours, "
                             "so this one no longer takes part."));
  else
    g_string_append (text, _("A connector took you off the list of neighbours."));
  if (why != NULL)
    g_string_append_printf (text, " %s", why);
  g_string_append (text, "\n\n");
  g_string_append (text, _("You no longer see new posts, and this computer no longer reaches "
                           "your neighbours’. Your own posts stay on this computer."));
  g_string_append (text, "\n\n");
  if (connectors != NULL && connectors[0] != NULL)
    {
      g_autofree char *names = bn_format_names (connectors);
      /* Translators: %s is "Anna and Karim" */
      g_string_append_printf (text, _("To take part again, ask a connector for a new invite "
                                      "code: %s."), names);
    }
  else
    g_string_append (text, _("To take part again, ask a connector for a new invite code."));
  return g_string_free (text, FALSE);
}
