/* bn-queries.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-queries.h"
#include "bn-store-private.h"
#include "bn-moderation-private.h"
#include "bn-identity.h"
#include "bn-category.h"

#include <string.h>

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? g_strdup ((const char *) text) : NULL;
}

static char *
column_hex (sqlite3_stmt *stmt, int column, gsize len)
{
  if (sqlite3_column_bytes (stmt, column) != (int) len)
    return NULL;
  return bn_hex_encode (sqlite3_column_blob (stmt, column), len);
}

static char *
column_peer_id (sqlite3_stmt *stmt, int column)
{
  if (sqlite3_column_bytes (stmt, column) != BN_PUBLIC_KEY_LEN)
    return NULL;
  return bn_peer_id_from_key (sqlite3_column_blob (stmt, column));
}

static GStrv
column_csv (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, ",", -1);
}

/* Roles are on the roster (docs/protocol.md §9.5); the connector flag of a
 * profile counts only in a neighbourhood that has no roster yet (§9.8). */
#define HAS_ROSTER "coalesce ((SELECT value FROM meta WHERE key = 'roster_root'), '0') = '1'"
#define CONNECTOR_OF(author) \
  "CASE WHEN " HAS_ROSTER " THEN coalesce ((SELECT m.connector FROM members m" \
  " WHERE m.key = " author " AND m.status = 1), 0) ELSE profiles.connector END"

/* Number, box and floor from the newest "place" this peer can open (its own, or
 * sealed to it: docs/protocol.md §6.1), else what a profile written before
 * version 2 said in the open. */
#define PLACE_OF(column, author, legacy) \
  "coalesce ((SELECT pl." column " FROM places pl WHERE pl.author = " author "), " legacy ")"

#define PROFILE_COLUMNS \
  "author, name, about, talents, needs, languages, street, " \
  PLACE_OF ("number", "profiles.author", "number") ", building, " \
  PLACE_OF ("floor", "profiles.author", "floor") ", " \
  CONNECTOR_OF ("profiles.author") ", ts, " PLACE_OF ("box", "profiles.author", "NULL")

static BnProfile *
profile_from_row (sqlite3_stmt *stmt)
{
  BnProfile *p = g_new0 (BnProfile, 1);

  p->peer_id = column_peer_id (stmt, 0);
  p->fingerprint = bn_fingerprint_from_key (sqlite3_column_blob (stmt, 0));
  p->name = column_text (stmt, 1);
  p->about = column_text (stmt, 2);
  p->talents = column_csv (stmt, 3);
  p->needs = column_csv (stmt, 4);
  p->languages = column_csv (stmt, 5);
  p->street = column_text (stmt, 6);
  p->number = column_text (stmt, 7);
  p->building = column_text (stmt, 8);
  p->floor = column_text (stmt, 9);
  p->connector = sqlite3_column_int (stmt, 10) != 0;
  p->updated_ms = sqlite3_column_int64 (stmt, 11);
  p->box = column_text (stmt, 12);
  p->proximity = BN_PROXIMITY_FURTHER;
  return p;
}

/* Returns: (transfer full) (nullable) */
BnProfile *
bn_store_get_profile (BnStore      *self,
                      const guint8  author[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT " PROFILE_COLUMNS " FROM profiles WHERE author = ?");
  BnProfile *profile = NULL;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
    profile = profile_from_row (stmt);
  sqlite3_reset (stmt);
  return profile;
}

static int
compare_profiles (gconstpointer a, gconstpointer b)
{
  const BnProfile *x = *(BnProfile **) a, *y = *(BnProfile **) b;
  int by_name;

  if (x->proximity != y->proximity)
    return (int) x->proximity - (int) y->proximity;
  by_name = g_utf8_collate (x->name ? x->name : "", y->name ? y->name : "");
  /* Two neighbours of one name: the same order on every device, whatever the
   * order their profiles arrived in. */
  return by_name != 0 ? by_name : g_strcmp0 (x->peer_id, y->peer_id);
}

/**
 * bn_store_list_profiles:
 *
 * Returns: (transfer full) (element-type BnProfile): every neighbour's profile,
 *   near to far from @me, then by name
 */
GPtrArray *
bn_store_list_profiles (BnStore      *self,
                        const guint8  me[BN_PUBLIC_KEY_LEN])
{
  g_autoptr(BnProfile) mine = me ? bn_store_get_profile (self, me) : NULL;
  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_profile_free);
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT " PROFILE_COLUMNS " FROM profiles");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
      g_ptr_array_add (profiles, profile_from_row (stmt));
  sqlite3_reset (stmt);

  for (guint i = 0; i < profiles->len; i++)
    {
      BnProfile *p = g_ptr_array_index (profiles, i);
      p->proximity = bn_proximity_between (mine, p);
    }
  g_ptr_array_sort (profiles, compare_profiles);
  return profiles;
}

/**
 * bn_store_list_connectors:
 *
 * The neighbourhood's connectors as the roster says, with their profile when
 * they have one (else their name and peer ID only).
 *
 * Returns: (transfer full) (element-type BnProfile)
 */
GPtrArray *
bn_store_list_connectors (BnStore *self)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT m.key, coalesce (p.name, m.name), p.about, p.talents, p.needs, p.languages,"
      " p.street, " PLACE_OF ("number", "m.key", "p.number") ", p.building, "
      PLACE_OF ("floor", "m.key", "p.floor") ", 1, coalesce (p.ts, m.since, 0), "
      PLACE_OF ("box", "m.key", "NULL")
      " FROM members m LEFT JOIN profiles p ON p.author = m.key"
      " WHERE " HAS_ROSTER " AND m.status = 1 AND m.connector = 1"
      " UNION ALL SELECT " PROFILE_COLUMNS " FROM profiles"
      " WHERE NOT " HAS_ROSTER " AND profiles.connector = 1");
  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_profile_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
      g_ptr_array_add (profiles, profile_from_row (stmt));
  sqlite3_reset (stmt);
  g_ptr_array_sort (profiles, compare_profiles);
  return profiles;
}

/* Who hid an item (the hide @alias), by name: their profile's, else the name
 * they joined with. */
#define HIDDEN_COLUMNS(alias) \
  alias ".author, coalesce ((SELECT hn.name FROM profiles hn WHERE hn.author = " alias ".author)," \
  " (SELECT hm.name FROM members hm WHERE hm.key = " alias ".author)), " alias ".reason"

/* Replies and thanks of blocked neighbours are not counted: they do not show. */
#define POST_SELECT \
  "SELECT p.id, p.author, pr.name, p.kind, p.category, p.title, p.body, p.when_text," \
  " p.urgency, p.visibility, p.on_behalf_of, p.expiry, p.status, p.accepted_reply," \
  " p.helper, hp.name, p.ts, p.updated," \
  " (SELECT count(*) FROM replies r WHERE r.post_id = p.id AND " BN_SQL_NOT_BLOCKED ("r.author") ")," \
  " (SELECT count(*) FROM thanks t WHERE t.post_id = p.id AND " BN_SQL_NOT_BLOCKED ("t.author") ")," \
  " pr.street, " PLACE_OF ("number", "p.author", "pr.number") ", pr.building, " \
  PLACE_OF ("floor", "p.author", "pr.floor") ", " HIDDEN_COLUMNS ("hh") \
  " FROM posts p LEFT JOIN profiles pr ON pr.author = p.author" \
  " LEFT JOIN profiles hp ON hp.author = p.helper" \
  " LEFT JOIN hides hh ON hh.id = " BN_SQL_POST_HIDE ("p")

static BnPost *
post_from_row (sqlite3_stmt *stmt, const BnProfile *mine)
{
  BnPost *p = g_new0 (BnPost, 1);
  BnProfile author_place = { 0 };

  p->id = column_hex (stmt, 0, BN_HASH_LEN);
  p->author = column_peer_id (stmt, 1);
  p->author_name = column_text (stmt, 2);
  p->kind = column_text (stmt, 3);
  p->category = column_text (stmt, 4);
  p->title = column_text (stmt, 5);
  p->body = column_text (stmt, 6);
  p->when = column_text (stmt, 7);
  p->urgency = column_text (stmt, 8);
  p->visibility = column_text (stmt, 9);
  p->on_behalf_of = column_text (stmt, 10);
  p->expiry_ms = sqlite3_column_int64 (stmt, 11);
  p->status = column_text (stmt, 12);
  p->accepted_reply = column_hex (stmt, 13, BN_HASH_LEN);
  p->helper = column_peer_id (stmt, 14);
  p->helper_name = column_text (stmt, 15);
  p->created_ms = sqlite3_column_int64 (stmt, 16);
  p->updated_ms = sqlite3_column_int64 (stmt, 17);
  p->n_replies = (guint) sqlite3_column_int (stmt, 18);
  p->n_thanks = (guint) sqlite3_column_int (stmt, 19);

  author_place.peer_id = p->author;
  author_place.street = (char *) sqlite3_column_text (stmt, 20);
  author_place.number = (char *) sqlite3_column_text (stmt, 21);
  author_place.building = (char *) sqlite3_column_text (stmt, 22);
  author_place.floor = (char *) sqlite3_column_text (stmt, 23);
  p->proximity = bn_proximity_between (mine, &author_place);

  /* What is hidden for everyone shows as hidden, whoever asks. */
  p->hidden_by = column_peer_id (stmt, 24);
  if (p->hidden_by != NULL)
    {
      p->hidden_by_name = column_text (stmt, 25);
      p->hidden_reason = column_text (stmt, 26);
      g_free (p->title);
      p->title = g_strdup ("");
      g_clear_pointer (&p->body, g_free);
      g_clear_pointer (&p->when, g_free);
      g_clear_pointer (&p->on_behalf_of, g_free);
    }
  return p;
}

static int
compare_posts (gconstpointer a, gconstpointer b)
{
  const BnPost *x = *(BnPost **) a, *y = *(BnPost **) b;
  if (x->proximity != y->proximity)
    return (int) x->proximity - (int) y->proximity;
  if (x->created_ms != y->created_ms)
    return x->created_ms > y->created_ms ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/**
 * bn_store_list_posts:
 * @kind: (nullable): "request" or "offer", or %NULL for both
 * @category: (nullable): a category ID, or %NULL for all
 *
 * Returns: (transfer full) (element-type BnPost): the posts this neighbour can
 *   read, near to far from @me, newest first; none of a neighbour blocked here
 */
GPtrArray *
bn_store_list_posts (BnStore      *self,
                     const guint8  me[BN_PUBLIC_KEY_LEN],
                     const char   *kind,
                     const char   *category)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      POST_SELECT " WHERE p.deleted = 0 AND " BN_SQL_NOT_BLOCKED ("p.author")
      " AND (?1 IS NULL OR p.kind = ?1)"
      " AND (?2 IS NULL OR p.category = ?2)");
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_post_free);
  g_autoptr(BnProfile) mine = me ? bn_store_get_profile (self, me) : NULL;

  if (kind)
    sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  if (category)
    sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (posts, post_from_row (stmt, mine));
  sqlite3_reset (stmt);
  g_ptr_array_sort (posts, compare_posts);
  return posts;
}

/* Returns: (transfer full) (nullable) */
BnPost *
bn_store_get_post (BnStore      *self,
                   const guint8  me[BN_PUBLIC_KEY_LEN],
                   const guint8  id[BN_HASH_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, POST_SELECT " WHERE p.id = ? AND p.deleted = 0");
  g_autoptr(BnProfile) mine = me ? bn_store_get_profile (self, me) : NULL;
  BnPost *post = NULL;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    post = post_from_row (stmt, mine);
  sqlite3_reset (stmt);
  return post;
}

/* Where @author lives seen from @mine, exactly as post_from_row() works it out. */
static BnProximity
author_proximity (BnStore         *self,
                  const BnProfile *mine,
                  const guint8    *author)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT pr.street, " PLACE_OF ("number", "?1", "pr.number") ", pr.building, "
      PLACE_OF ("floor", "?1", "pr.floor")
      " FROM (SELECT 1) LEFT JOIN profiles pr ON pr.author = ?1");
  g_autofree char *peer_id = bn_peer_id_from_key (author);
  BnProfile place = { .peer_id = peer_id };
  BnProximity proximity;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      place.street = (char *) sqlite3_column_text (stmt, 0);
      place.number = (char *) sqlite3_column_text (stmt, 1);
      place.building = (char *) sqlite3_column_text (stmt, 2);
      place.floor = (char *) sqlite3_column_text (stmt, 3);
    }
  proximity = bn_proximity_between (mine, &place);
  sqlite3_reset (stmt);
  return proximity;
}

/* Public keys are random: their first bytes hash well enough. */
static guint
author_hash (gconstpointer key)
{
  guint hash;

  memcpy (&hash, key, sizeof hash);
  return hash;
}

static gboolean
author_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, BN_PUBLIC_KEY_LEN) == 0;
}

static int
compare_post_keys (gconstpointer a, gconstpointer b)
{
  const BnPostKey *x = a, *y = b;

  if (x->proximity != y->proximity)
    return (int) x->proximity - (int) y->proximity;
  if (x->created_ms != y->created_ms)
    return x->created_ms > y->created_ms ? -1 : 1;
  /* The same order as compare_posts()'s: hex keeps the bytes' order. */
  return memcmp (x->id, y->id, BN_HASH_LEN);
}

/**
 * bn_store_list_post_keys:
 *
 * The posts bn_store_list_posts() lists, in the same order, with only what
 * orders them: one light pass over the posts, then where each author lives
 * once per author, not once per post.
 *
 * Returns: (transfer full) (element-type BnPostKey)
 */
GArray *
bn_store_list_post_keys (BnStore      *self,
                         const guint8  me[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT p.id, p.author, p.ts FROM posts p"
      " WHERE p.deleted = 0 AND " BN_SQL_NOT_BLOCKED ("p.author"));
  g_autoptr(BnProfile) mine = me ? bn_store_get_profile (self, me) : NULL;
  g_autoptr(GHashTable) places = g_hash_table_new_full (author_hash, author_equal, g_free, NULL);
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (BnPostKey));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnPostKey key = { .created_ms = sqlite3_column_int64 (stmt, 2) };
      const guint8 *author = sqlite3_column_blob (stmt, 1);
      gpointer proximity;

      if (sqlite3_column_bytes (stmt, 0) != BN_HASH_LEN
          || sqlite3_column_bytes (stmt, 1) != BN_PUBLIC_KEY_LEN)
        continue;
      memcpy (key.id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      if (!g_hash_table_lookup_extended (places, author, NULL, &proximity))
        {
          proximity = GINT_TO_POINTER (author_proximity (self, mine, author));
          g_hash_table_insert (places, g_memdup2 (author, BN_PUBLIC_KEY_LEN), proximity);
        }
      key.proximity = GPOINTER_TO_INT (proximity);
      g_array_append_val (keys, key);
    }
  sqlite3_reset (stmt);
  g_array_sort (keys, compare_post_keys);
  return keys;
}

/**
 * bn_store_get_posts:
 * @keys: (array length=n_keys): from bn_store_list_post_keys()
 *
 * Returns: (transfer full) (element-type BnPost): those posts, in the keys'
 *   order, as bn_store_list_posts() gives them; one deleted or blocked since
 *   the keys were read is left out
 */
GPtrArray *
bn_store_get_posts (BnStore         *self,
                    const guint8     me[BN_PUBLIC_KEY_LEN],
                    const BnPostKey *keys,
                    guint            n_keys)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      POST_SELECT " WHERE p.id = ?1 AND p.deleted = 0 AND " BN_SQL_NOT_BLOCKED ("p.author"));
  g_autoptr(BnProfile) mine = me ? bn_store_get_profile (self, me) : NULL;
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_post_free);

  /* One read transaction for them all, not one per post (a quarter of the time). */
  bn_store_exec (self, "SAVEPOINT get_posts", NULL);
  for (guint i = 0; i < n_keys; i++)
    {
      sqlite3_bind_blob (stmt, 1, keys[i].id, BN_HASH_LEN, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (posts, post_from_row (stmt, mine));
      sqlite3_reset (stmt);
    }
  bn_store_exec (self, "RELEASE get_posts", NULL);
  return posts;
}

static GPtrArray *
list_notes (BnStore *self, const char *sql, const guint8 post_id[BN_HASH_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, sql);
  GPtrArray *notes = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_note_free);

  sqlite3_bind_blob (stmt, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnNote *note = g_new0 (BnNote, 1);
      note->id = column_hex (stmt, 0, BN_HASH_LEN);
      note->post_id = column_hex (stmt, 1, BN_HASH_LEN);
      note->author = column_peer_id (stmt, 2);
      note->author_name = column_text (stmt, 3);
      note->text = column_text (stmt, 4);
      note->created_ms = sqlite3_column_int64 (stmt, 5);
      note->accepted = sqlite3_column_int (stmt, 6) != 0;
      note->withdrawn = sqlite3_column_int (stmt, 10) != 0;
      note->hidden_by = column_peer_id (stmt, 7);
      if (note->hidden_by != NULL)
        {
          note->hidden_by_name = column_text (stmt, 8);
          note->hidden_reason = column_text (stmt, 9);
          g_free (note->text);
          note->text = g_strdup ("");
        }
      g_ptr_array_add (notes, note);
    }
  sqlite3_reset (stmt);
  return notes;
}

/* Returns: (transfer full) (element-type BnNote): replies, oldest first; none
 *   of a neighbour blocked here */
GPtrArray *
bn_store_list_replies (BnStore      *self,
                       const guint8  post_id[BN_HASH_LEN])
{
  return list_notes (self,
      "SELECT r.id, r.post_id, r.author, pr.name, r.text, r.ts,"
      " (SELECT count(*) FROM posts p WHERE p.id = r.post_id AND p.accepted_reply = r.id), "
      HIDDEN_COLUMNS ("hh") ","
      " EXISTS (SELECT 1 FROM reply_withdrawals w WHERE w.reply = r.id AND w.author = r.author)"
      " FROM replies r LEFT JOIN profiles pr ON pr.author = r.author"
      " LEFT JOIN hides hh ON hh.id = " BN_SQL_NOTE_HIDE ("r")
      " WHERE r.post_id = ? AND " BN_SQL_NOT_BLOCKED ("r.author") " ORDER BY r.ts, r.id", post_id);
}

/* Returns: (transfer full) (element-type BnNote): thank-you notes, oldest
 *   first; none of a neighbour blocked here */
GPtrArray *
bn_store_list_thanks (BnStore      *self,
                      const guint8  post_id[BN_HASH_LEN])
{
  return list_notes (self,
      "SELECT t.id, t.post_id, t.author, pr.name, t.text, t.ts, 0, " HIDDEN_COLUMNS ("hh") ", 0"
      " FROM thanks t LEFT JOIN profiles pr ON pr.author = t.author"
      " LEFT JOIN hides hh ON hh.id = " BN_SQL_NOTE_HIDE ("t")
      " WHERE t.post_id = ? AND " BN_SQL_NOT_BLOCKED ("t.author") " ORDER BY t.ts, t.id", post_id);
}

/* The connector's dashboard. */

/* An expired post is still in the table until the next tidy-up erases it;
 * nobody can answer it any more, so it is not counted as open. */
#define STILL_OPEN "p.status = 'open' AND (p.expiry IS NULL OR p.expiry <= 0 OR p.expiry > ?1)"

static BnCategoryStats *
find_stats (GPtrArray *stats, const char *category)
{
  for (guint i = 0; i < stats->len; i++)
    {
      BnCategoryStats *s = g_ptr_array_index (stats, i);
      if (g_strcmp0 (s->category, category) == 0)
        return s;
    }
  /* Categories the reducer let through but this version does not know. */
  return find_stats (stats, "other");
}

static void
count_talents (BnStore *self, GPtrArray *stats)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT talents FROM profiles");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_auto(GStrv) talents = column_csv (stmt, 0);
      for (guint i = 0; talents[i] != NULL; i++)
        /* A talent listed twice is still one neighbour. */
        if (!g_strv_contains ((const char *const *) talents + i + 1, talents[i]))
          find_stats (stats, talents[i])->talents++;
    }
  sqlite3_reset (stmt);
}

/**
 * bn_store_list_category_stats:
 * @now_ms: the time to count ages and "recently" from
 *
 * Returns: (transfer full) (element-type BnCategoryStats): one per category, in
 *   the categories' order, zeros included
 */
GPtrArray *
bn_store_list_category_stats (BnStore *self,
                              gint64   now_ms)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT p.category,"
      " sum(p.kind = 'request' AND " STILL_OPEN "),"
      " sum(p.kind = 'offer' AND " STILL_OPEN "),"
      " sum(p.kind = 'request' AND p.status IN ('matched', 'done') AND p.updated >= ?2),"
      " sum(p.kind = 'request' AND " STILL_OPEN " AND p.ts <= ?3)"
      " FROM posts p WHERE p.deleted = 0 GROUP BY p.category");
  GPtrArray *stats = g_ptr_array_new_with_free_func (g_free);
  const BnCategory *categories;
  guint n_categories;

  categories = bn_categories (&n_categories);
  for (guint i = 0; i < n_categories; i++)
    {
      BnCategoryStats *s = g_new0 (BnCategoryStats, 1);
      s->category = categories[i].id;
      g_ptr_array_add (stats, s);
    }

  sqlite3_bind_int64 (stmt, 1, now_ms);
  sqlite3_bind_int64 (stmt, 2, now_ms - BN_RECENT_MS);
  sqlite3_bind_int64 (stmt, 3, now_ms - BN_WAITING_AFTER_MS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnCategoryStats *s = find_stats (stats, (const char *) sqlite3_column_text (stmt, 0));
      s->open_requests += (guint) sqlite3_column_int (stmt, 1);
      s->open_offers += (guint) sqlite3_column_int (stmt, 2);
      s->helped_recently += (guint) sqlite3_column_int (stmt, 3);
      s->waiting += (guint) sqlite3_column_int (stmt, 4);
    }
  sqlite3_reset (stmt);
  count_talents (self, stats);
  return stats;
}

void
bn_waiting_request_free (BnWaitingRequest *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->post, bn_post_free);
  g_clear_pointer (&self->helpers, g_ptr_array_unref);
  g_free (self);
}

/* Neighbours who list @post's category as a talent, near to far from the asker
 * (help close by lasts); not the asker. */
static GPtrArray *
find_helpers (GPtrArray *profiles, const BnPost *post)
{
  GPtrArray *helpers = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_profile_free);
  const BnProfile *asker = NULL;

  for (guint i = 0; i < profiles->len && asker == NULL; i++)
    {
      const BnProfile *p = g_ptr_array_index (profiles, i);
      if (g_strcmp0 (p->peer_id, post->author) == 0)
        asker = p;
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      const BnProfile *p = g_ptr_array_index (profiles, i);
      BnProfile *helper;

      if (g_strcmp0 (p->peer_id, post->author) == 0
          || !g_strv_contains ((const char *const *) p->talents, post->category))
        continue;
      helper = bn_profile_copy (p);
      helper->proximity = bn_proximity_between (asker, helper);
      g_ptr_array_add (helpers, helper);
    }
  g_ptr_array_sort (helpers, compare_profiles);
  return helpers;
}

/**
 * bn_store_list_waiting_requests:
 * @me: (nullable): whose view (for each post's proximity)
 * @now_ms: the time to count ages from
 *
 * Open requests that have waited longer than %BN_WAITING_AFTER_MS with no
 * helper chosen, oldest first, each with the neighbours whose talents match.
 *
 * Returns: (transfer full) (element-type BnWaitingRequest)
 */
GPtrArray *
bn_store_list_waiting_requests (BnStore      *self,
                                const guint8  me[BN_PUBLIC_KEY_LEN],
                                gint64        now_ms)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      POST_SELECT " WHERE p.deleted = 0 AND p.kind = 'request' AND " STILL_OPEN
      " AND " BN_SQL_NOT_BLOCKED ("p.author")
      " AND p.ts <= ?2 ORDER BY p.ts, p.id");
  GPtrArray *waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_waiting_request_free);
  g_autoptr(BnProfile) mine = me ? bn_store_get_profile (self, me) : NULL;
  g_autoptr(GPtrArray) profiles = bn_store_list_profiles (self, NULL);

  sqlite3_bind_int64 (stmt, 1, now_ms);
  sqlite3_bind_int64 (stmt, 2, now_ms - BN_WAITING_AFTER_MS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnWaitingRequest *request = g_new0 (BnWaitingRequest, 1);
      request->post = post_from_row (stmt, mine);
      g_ptr_array_add (waiting, request);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < waiting->len; i++)
    {
      BnWaitingRequest *request = g_ptr_array_index (waiting, i);
      request->helpers = find_helpers (profiles, request->post);
    }
  return waiting;
}

/* My activity (docs/protocol.md §6.5: "what I help with" is read from the
 * replies this peer can open, which include its own). */

/* A reply of mine on the post, not taken back since. */
#define MY_LIVE_REPLY(post) \
  "EXISTS (SELECT 1 FROM replies r WHERE r.post_id = " post " AND r.author = ?1" \
  " AND NOT EXISTS (SELECT 1 FROM reply_withdrawals w WHERE w.reply = r.id AND w.author = r.author))"

static GPtrArray *
list_posts_where (BnStore *self, const guint8 me[BN_PUBLIC_KEY_LEN], sqlite3_stmt *stmt)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_post_free);
  g_autoptr(BnProfile) mine = bn_store_get_profile (self, me);

  sqlite3_bind_blob (stmt, 1, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (posts, post_from_row (stmt, mine));
  sqlite3_reset (stmt);
  return posts;
}

/**
 * bn_store_list_my_posts:
 *
 * Returns: (transfer full) (element-type BnPost): what @me asked and offered,
 *   whatever its status, the newest first
 */
GPtrArray *
bn_store_list_my_posts (BnStore      *self,
                        const guint8  me[BN_PUBLIC_KEY_LEN])
{
  return list_posts_where (self, me, bn_store_prepare (self,
      POST_SELECT " WHERE p.deleted = 0 AND p.author = ?1 ORDER BY p.ts DESC, p.id"));
}

/**
 * bn_store_list_helping:
 *
 * Returns: (transfer full) (element-type BnPost): others' posts @me helps
 *   with (chosen as the helper) or offered to help with (a reply not taken
 *   back), the newest first; none of a neighbour blocked here
 */
GPtrArray *
bn_store_list_helping (BnStore      *self,
                       const guint8  me[BN_PUBLIC_KEY_LEN])
{
  return list_posts_where (self, me, bn_store_prepare (self,
      POST_SELECT " WHERE p.deleted = 0 AND p.author <> ?1 AND " BN_SQL_NOT_BLOCKED ("p.author")
      " AND (p.helper = ?1 OR " MY_LIVE_REPLY ("p.id") ") ORDER BY p.ts DESC, p.id"));
}

/**
 * bn_store_list_for_you:
 * @now_ms: what counts as expired
 *
 * Returns: (transfer full) (element-type BnPost): open requests of others in
 *   the categories @me likes to help with (the profile's talents) that @me has
 *   not offered to help with yet, near to far, newest first; none hidden, none
 *   of a neighbour blocked here
 */
GPtrArray *
bn_store_list_for_you (BnStore      *self,
                       const guint8  me[BN_PUBLIC_KEY_LEN],
                       gint64        now_ms)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      POST_SELECT " WHERE p.deleted = 0 AND p.kind = 'request' AND p.category = ?2"
      " AND p.author <> ?1 AND " BN_SQL_NOT_BLOCKED ("p.author")
      " AND p.status = 'open' AND (p.expiry IS NULL OR p.expiry <= 0 OR p.expiry > ?3)"
      " AND NOT " MY_LIVE_REPLY ("p.id"));
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_post_free);
  g_autoptr(BnProfile) mine = bn_store_get_profile (self, me);

  for (guint i = 0; mine != NULL && mine->talents != NULL && mine->talents[i] != NULL; i++)
    {
      sqlite3_bind_blob (stmt, 1, me, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, mine->talents[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, now_ms);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          BnPost *post = post_from_row (stmt, mine);

          if (post->hidden_by == NULL)
            g_ptr_array_add (posts, post);
          else
            bn_post_free (post);
        }
      sqlite3_reset (stmt);
    }
  g_ptr_array_sort (posts, compare_posts);
  return posts;
}
