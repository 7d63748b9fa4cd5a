/* bn-reducer.c — folds entries into the derived tables
 *
 * Every rule is commutative, so the same entries give the same state whatever
 * order they arrive in: a post's base is written once (its ID is its entry ID);
 * edits, status changes and accepts are kept as events and the post is recomputed
 * from its author's events in the order of the author's log (seq); the profile
 * latest in its author's log wins; deletions are sticky and may arrive before what
 * they delete. Only an item's author may change it: other events are kept but
 * never applied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-store-private.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define TEXT_MAX 4000

static gboolean
step_done (BnStore *self, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int column, const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len == 0)
    {
      sqlite3_bind_null (stmt, column);
      return;
    }
  /* Cut long text at a character boundary: half a character is not UTF-8. */
  if (len > TEXT_MAX)
    for (len = TEXT_MAX; len > 0 && (text[len] & 0xc0) == 0x80; len--)
      ;
  sqlite3_bind_text (stmt, column, text, (int) len, SQLITE_TRANSIENT);
}

static gboolean
parse_id (const char *hex, guint8 id[BN_HASH_LEN])
{
  return bn_hex_decode (hex, id, BN_HASH_LEN);
}

static void
log_ignored (const BnEntry *entry, const char *type, const char *why)
{
  g_autofree char *author = bn_entry_dup_author_id (entry);
  g_message ("Ignored a “%s” from %.8s… #%" G_GUINT64_FORMAT ": %s",
             type, author, entry->seq, why);
}

static gboolean
apply_profile (BnStore *self, BnEntry *entry, JsonObject *object, GError **error)
{
  JsonObject *place = bn_json_get_object (object, "place");
  g_autofree char *talents = bn_json_strings_to_csv (bn_json_get_array (object, "talents"));
  g_autofree char *needs = bn_json_strings_to_csv (bn_json_get_array (object, "needs"));
  g_autofree char *languages = bn_json_strings_to_csv (bn_json_get_array (object, "languages"));
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO profiles (author, entry_id, ts, name, about, talents, needs, languages,"
      "  street, number, building, floor, connector)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
      " ON CONFLICT (author) DO UPDATE SET entry_id = excluded.entry_id, ts = excluded.ts,"
      "  name = excluded.name, about = excluded.about, talents = excluded.talents,"
      "  needs = excluded.needs, languages = excluded.languages, street = excluded.street,"
      "  number = excluded.number, building = excluded.building, floor = excluded.floor,"
      "  connector = excluded.connector"
      /* The newest is the latest in its author's log, whatever the clocks said. */
      " WHERE ?14 > coalesce ((SELECT seq FROM entries WHERE id = profiles.entry_id), 0)");

  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->timestamp_ms);
  bind_text_or_null (stmt, 4, bn_json_get_string (object, "name"));
  bind_text_or_null (stmt, 5, bn_json_get_string (object, "about"));
  bind_text_or_null (stmt, 6, talents);
  bind_text_or_null (stmt, 7, needs);
  bind_text_or_null (stmt, 8, languages);
  bind_text_or_null (stmt, 9, bn_json_get_string (place, "street"));
  bind_text_or_null (stmt, 10, bn_json_get_string (place, "number"));
  bind_text_or_null (stmt, 11, bn_json_get_string (place, "building"));
  bind_text_or_null (stmt, 12, bn_json_get_string (place, "floor"));
  sqlite3_bind_int (stmt, 13, bn_json_get_bool (object, "connector"));
  sqlite3_bind_int64 (stmt, 14, (sqlite3_int64) entry->seq);
  return step_done (self, stmt, _("saving a profile"), error);
}

/* The fields a post has, as they stand after its base and its edits. */
typedef struct
{
  const char *kind, *category, *title, *body, *when, *urgency, *visibility, *on_behalf_of;
  gint64 expiry;
  const char *status;
  const guint8 *accepted_reply;
  const guint8 *helper;
  gint64 updated;
} PostFields;

static void
take_fields (PostFields *fields, JsonObject *object)
{
  const char *value;

  if ((value = bn_json_get_string (object, "category")) && bn_category_is_valid (value))
    fields->category = value;
  if ((value = bn_json_get_string (object, "title")) && *value)
    fields->title = value;
  if ((value = bn_json_get_string (object, "body")))
    fields->body = value;
  if ((value = bn_json_get_string (object, "when")))
    fields->when = value;
  if ((value = bn_json_get_string (object, "urgency")) && bn_urgency_is_valid (value))
    fields->urgency = value;
  if ((value = bn_json_get_string (object, "on_behalf_of")))
    fields->on_behalf_of = value;
  {
    /* An expiry only ever moves earlier: a peer that already forgot the post
     * must not disagree for good with one that was told it lives longer. */
    gint64 expiry = bn_json_get_int (object, "expiry", 0);
    if (expiry > 0 && (fields->expiry <= 0 || expiry < fields->expiry))
      fields->expiry = expiry;
  }
}

static gboolean
write_post_fields (BnStore *self, const guint8 *post_id, const guint8 *author, gint64 ts,
                   const PostFields *f, GError **error)
{
  /* One statement whether the post is new or recomputed; a deleted post stays so. */
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "INSERT INTO posts (id, kind, category, title, body, when_text, urgency, visibility,"
      "  on_behalf_of, expiry, status, accepted_reply, helper, updated, author, ts)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
      " ON CONFLICT (id) DO UPDATE SET kind = ?2, category = ?3, title = ?4, body = ?5,"
      "  when_text = ?6, urgency = ?7, visibility = ?8, on_behalf_of = ?9, expiry = ?10,"
      "  status = ?11, accepted_reply = ?12, helper = ?13, updated = ?14"
      " WHERE posts.deleted = 0");

  sqlite3_bind_blob (stmt, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 15, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 16, ts);
  bind_text_or_null (stmt, 2, f->kind);
  bind_text_or_null (stmt, 3, f->category);
  bind_text_or_null (stmt, 4, f->title);
  bind_text_or_null (stmt, 5, f->body);
  bind_text_or_null (stmt, 6, f->when);
  bind_text_or_null (stmt, 7, f->urgency);
  bind_text_or_null (stmt, 8, f->visibility);
  bind_text_or_null (stmt, 9, f->on_behalf_of);
  if (f->expiry > 0)
    sqlite3_bind_int64 (stmt, 10, f->expiry);
  sqlite3_bind_text (stmt, 11, f->status, -1, SQLITE_STATIC);
  if (f->accepted_reply)
    sqlite3_bind_blob (stmt, 12, f->accepted_reply, BN_HASH_LEN, SQLITE_TRANSIENT);
  if (f->helper)
    sqlite3_bind_blob (stmt, 13, f->helper, BN_PUBLIC_KEY_LEN, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 14, f->updated);
  return step_done (self, stmt, _("updating a post"), error);
}

static void
apply_event (PostFields *fields, const char *type, JsonObject *data,
             guint8 accepted[BN_HASH_LEN], guint8 helper[BN_PUBLIC_KEY_LEN])
{
  if (g_str_equal (type, "edit"))
    {
      JsonObject *set = bn_json_get_object (data, "set");
      if (set != NULL)
        take_fields (fields, set);
    }
  else if (g_str_equal (type, "status"))
    {
      const char *status = bn_json_get_string (data, "status");
      if (bn_post_status_is_valid (status))
        fields->status = g_intern_string (status);
    }
  else if (g_str_equal (type, "accept"))
    {
      if (parse_id (bn_json_get_string (data, "reply"), accepted))
        {
          fields->accepted_reply = accepted;
          fields->status = "matched";
          if (bn_peer_id_to_key (bn_json_get_string (data, "helper"), helper))
            fields->helper = helper;
        }
    }
}

/* Writes a post's fields from its own payload, then folds every event by its
 * author over them in (timestamp, entry ID) order. */
static gboolean
fold_post (BnStore *self, const guint8 *post_id, const guint8 *author, gint64 ts,
           JsonObject *base, gboolean has_events, GError **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint8 accepted[BN_HASH_LEN], helper[BN_PUBLIC_KEY_LEN];
  PostFields fields = { .status = "open", .urgency = "flexible", .category = "other", .updated = ts };
  sqlite3_stmt *ev;

  fields.kind = bn_json_get_string (base, "kind");
  fields.visibility = bn_json_get_string (base, "visibility");
  if (!bn_visibility_is_valid (fields.visibility))
    fields.visibility = "neighbourhood";
  take_fields (&fields, base);

  if (has_events)
    {
      /* Only the post's author's events apply, so their log order (seq) is the
       * order they were made in: timestamps tie within a millisecond and
       * clocks can step back. */
      ev = bn_store_prepare (self,
          "SELECT pe.type, pe.data, pe.ts FROM post_events pe JOIN entries e ON e.id = pe.id"
          " WHERE pe.post_id = ? AND pe.author = ? ORDER BY e.seq");
      sqlite3_bind_blob (ev, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (ev, 2, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      while (sqlite3_step (ev) == SQLITE_ROW)
        {
          const char *type = g_intern_string ((const char *) sqlite3_column_text (ev, 0));
          JsonObject *data = bn_json_object_from_string ((const char *) sqlite3_column_text (ev, 1));
          if (data == NULL)
            continue;
          g_ptr_array_add (events, data);   /* keeps the strings apply_event points into alive */
          apply_event (&fields, type, data, accepted, helper);
          fields.updated = MAX (fields.updated, sqlite3_column_int64 (ev, 2));
        }
      sqlite3_reset (ev);
    }
  return write_post_fields (self, post_id, author, ts, &fields, error);
}

/* Recomputes a post after an event: its base is its own entry, opened again
 * (rare, so the hot path of new posts never re-reads anything). */
static gboolean
recompute_post (BnStore *self, const guint8 *post_id, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT author, ts FROM posts WHERE id = ? AND deleted = 0");
  const BnHood *hood = bn_store_get_hood (self);
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(JsonObject) base = NULL;
  guint8 author[BN_PUBLIC_KEY_LEN];
  gint64 ts;

  sqlite3_bind_blob (stmt, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;   /* not here yet (or deleted): events wait for it */
    }
  memcpy (author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
  ts = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  entry = bn_store_get_entry (self, post_id);
  if (entry == NULL || hood == NULL)
    return TRUE;
  base = bn_payload_decrypt (hood, bn_store_get_identity (self), entry, NULL, NULL);
  if (base == NULL)
    return TRUE;
  return fold_post (self, post_id, author, ts, base, TRUE, error);
}

static gboolean
post_has_events (BnStore *self, const guint8 *post_id)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT 1 FROM post_events WHERE post_id = ? LIMIT 1");
  gboolean found;

  sqlite3_bind_blob (stmt, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
apply_post (BnStore *self, BnEntry *entry, JsonObject *object, GError **error)
{
  const char *kind = bn_json_get_string (object, "kind");
  const char *title = bn_json_get_string (object, "title");

  if (!bn_post_kind_is_valid (kind) || title == NULL || *title == '\0')
    {
      log_ignored (entry, "post", "it has no valid kind or title");
      return TRUE;
    }
  return fold_post (self, entry->id, entry->author, entry->timestamp_ms, object,
                    post_has_events (self, entry->id), error);
}

/* The author of a post (@sql on posts) or of any entry (@sql on entries), by ID. */
static gboolean
lookup_author (BnStore *self, const char *sql, const guint8 *id, guint8 author[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (self, sql);
  gboolean found = FALSE;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
    {
      memcpy (author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

#define post_author(self, id, author) \
  lookup_author (self, "SELECT author FROM posts WHERE id = ?", id, author)
#define entry_author(self, id, author) \
  lookup_author (self, "SELECT author FROM entries WHERE id = ?", id, author)

static gboolean
apply_post_event (BnStore *self, BnEntry *entry, const char *type, JsonObject *object,
                  GError **error)
{
  guint8 post_id[BN_HASH_LEN], author[BN_PUBLIC_KEY_LEN];
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;

  if (!parse_id (bn_json_get_string (object, "post"), post_id))
    {
      log_ignored (entry, type, "it names no post");
      return TRUE;
    }
  if (post_author (self, post_id, author) && memcmp (author, entry->author, BN_PUBLIC_KEY_LEN) != 0)
    log_ignored (entry, type, "only the post's author may change it");

  data = bn_json_object_to_string (object);
  stmt = bn_store_prepare (self,
      "INSERT OR IGNORE INTO post_events (id, post_id, author, ts, type, data) VALUES (?, ?, ?, ?, ?, ?)");
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, post_id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 5, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, data, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, _("saving a change to a post"), error))
    return FALSE;
  return recompute_post (self, post_id, error);
}

/* Replies and thanks: anyone may write them; each is its author's own item. */
static gboolean
apply_message_on_post (BnStore *self, BnEntry *entry, const char *table, JsonObject *object,
                       GError **error)
{
  guint8 post_id[BN_HASH_LEN];
  const char *text = bn_json_get_string (object, "text");
  g_autofree char *sql = g_strdup_printf (
      "INSERT OR IGNORE INTO %s (id, post_id, author, ts, text) VALUES (?, ?, ?, ?, ?)", table);
  sqlite3_stmt *stmt;

  if (!parse_id (bn_json_get_string (object, "post"), post_id) || text == NULL)
    {
      log_ignored (entry, table, "it names no post or has no text");
      return TRUE;
    }
  /* Two constant strings only, so the statement cache stays bounded. */
  stmt = bn_store_prepare (self, g_intern_string (sql));
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, post_id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  bind_text_or_null (stmt, 5, text);
  return step_done (self, stmt, _("saving a reply"), error);
}

static gboolean
apply_delete (BnStore *self, BnEntry *entry, JsonObject *object, GError **error)
{
  guint8 target[BN_HASH_LEN], author[BN_PUBLIC_KEY_LEN];
  sqlite3_stmt *stmt;

  if (!parse_id (bn_json_get_string (object, "target"), target))
    {
      log_ignored (entry, "delete", "it names no entry");
      return TRUE;
    }
  stmt = bn_store_prepare (self, "INSERT OR IGNORE INTO deletions (target, author) VALUES (?, ?)");
  sqlite3_bind_blob (stmt, 1, target, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (!step_done (self, stmt, _("recording a deletion"), error))
    return FALSE;

  if (!entry_author (self, target, author))
    return TRUE;   /* it will be erased when it arrives */
  if (memcmp (author, entry->author, BN_PUBLIC_KEY_LEN) != 0)
    {
      log_ignored (entry, "delete", "only an entry's author may delete it");
      return TRUE;
    }
  return bn_store_erase_payload (self, target, error);
}

gboolean
bn_reducer_is_deleted (BnStore       *self,
                       const BnEntry *entry)
{
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT 1 FROM deletions WHERE target = ? AND author = ?");
  gboolean deleted;

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  deleted = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return deleted;
}

/* Once the profile shown for @author is erased, the author's previous profile
 * shows again, as a rebuild would find it: the newest entry of theirs still
 * holding a profile. Rare (a deleted profile update), so a scan is fine. */
static gboolean
refold_latest_profile (BnStore *self, const guint8 *author, GError **error)
{
  const BnHood *hood = bn_store_get_hood (self);
  sqlite3_stmt *stmt = bn_store_prepare (self,
      "SELECT header, payload FROM entries WHERE author = ? AND payload IS NOT NULL"
      " ORDER BY seq DESC");
  g_autoptr(BnEntry) found = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (hood == NULL)
    return TRUE;
  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) payload = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                               sqlite3_column_bytes (stmt, 1));
      g_autoptr(BnEntry) entry = bn_entry_new_from_header (sqlite3_column_blob (stmt, 0),
                                                           sqlite3_column_bytes (stmt, 0),
                                                           payload, NULL);

      if (entry != NULL)
        object = bn_payload_decrypt (hood, bn_store_get_identity (self), entry, NULL, NULL);
      if (object != NULL && g_strcmp0 (bn_json_get_string (object, "type"), "profile") == 0)
        found = g_steal_pointer (&entry);
      else
        g_clear_pointer (&object, json_object_unref);
    }
  sqlite3_reset (stmt);
  return found == NULL || apply_profile (self, found, object, error);
}

/* Removes what an erased entry contributed to the derived state. */
gboolean
bn_reducer_forget (BnStore       *self,
                   const guint8   id[BN_HASH_LEN],
                   GError       **error)
{
  static const char *const statements[] = {
    "UPDATE posts SET deleted = 1, title = NULL, body = NULL, when_text = NULL,"
    " on_behalf_of = NULL WHERE id = ?",
    "DELETE FROM replies WHERE id = ?",
    "DELETE FROM thanks WHERE id = ?",
    "DELETE FROM profiles WHERE entry_id = ?",
  };
  guint8 post_id[BN_HASH_LEN], profile_author[BN_PUBLIC_KEY_LEN];
  gboolean had_event = FALSE, had_profile = FALSE;
  sqlite3_stmt *stmt = bn_store_prepare (self, "SELECT post_id FROM post_events WHERE id = ?");

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      memcpy (post_id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      had_event = TRUE;
    }
  sqlite3_reset (stmt);
  stmt = bn_store_prepare (self, "SELECT author FROM profiles WHERE entry_id = ?");
  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
    {
      memcpy (profile_author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      had_profile = TRUE;
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      stmt = bn_store_prepare (self, statements[i]);
      sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
      if (!step_done (self, stmt, _("erasing an entry"), error))
        return FALSE;
    }
  if (had_profile && !refold_latest_profile (self, profile_author, error))
    return FALSE;
  if (had_event)
    {
      stmt = bn_store_prepare (self, "DELETE FROM post_events WHERE id = ?");
      sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
      if (!step_done (self, stmt, _("erasing an entry"), error))
        return FALSE;
      return recompute_post (self, post_id, error);
    }
  return TRUE;
}

gboolean
bn_reducer_apply (BnStore     *self,
                  BnEntry     *entry,
                  JsonObject  *object,
                  GError     **error)
{
  const char *type;

  if (object == NULL)
    return TRUE;   /* erased, or sealed to other neighbours: stored and forwarded only */
  type = bn_json_get_string (object, "type");
  if (type == NULL)
    {
      log_ignored (entry, "?", "it has no type");
      return TRUE;
    }
  if (g_str_equal (type, "profile"))
    return apply_profile (self, entry, object, error);
  if (g_str_equal (type, "post"))
    return apply_post (self, entry, object, error);
  if (g_str_equal (type, "edit") || g_str_equal (type, "status") || g_str_equal (type, "accept"))
    return apply_post_event (self, entry, type, object, error);
  if (g_str_equal (type, "reply"))
    return apply_message_on_post (self, entry, "replies", object, error);
  if (g_str_equal (type, "thanks"))
    return apply_message_on_post (self, entry, "thanks", object, error);
  if (g_str_equal (type, "delete"))
    return apply_delete (self, entry, object, error);

  g_debug ("Stored an entry of a type this version does not fold: %s", type);
  return TRUE;
}
