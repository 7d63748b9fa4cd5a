/* bn-type-post.c — the "post" entry (a request or an offer) and the events only
 * its author may make on it: "edit", "status" and "accept"
 *
 * A post's base is written once (its ID is its entry ID). Its events are kept in
 * post_events and the post is recomputed from its author's events in the order
 * of the author's log (seq), so the result does not depend on arrival order.
 * Events by anyone else are kept but never applied, but for those of the identity
 * that replaced the author on the roster (a lost laptop), which acts as the author:
 * the author's events come first, then each successor's, each in its log's order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Folding */

/* The fields a post has, as they stand after its base and its events. */
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
take_fields (PostFields *fields, const BnPostPayload *set)
{
  if (set->category)
    fields->category = set->category;
  if (set->title)
    fields->title = set->title;
  if (set->body)
    fields->body = set->body;
  if (set->when)
    fields->when = set->when;
  if (set->urgency)
    fields->urgency = set->urgency;
  if (set->on_behalf_of)
    fields->on_behalf_of = set->on_behalf_of;
  /* An expiry only ever moves earlier: a peer that already forgot the post
   * must not disagree for good with one that was told it lives longer. */
  if (set->expiry_ms > 0 && (fields->expiry <= 0 || set->expiry_ms < fields->expiry))
    fields->expiry = set->expiry_ms;
}

static void
apply_event (PostFields *fields, const BnPostEventPayload *event)
{
  if (event->set != NULL)
    take_fields (fields, event->set);
  if (event->status != NULL)
    fields->status = g_intern_string (event->status);
  if (event->type == g_intern_static_string ("accept") && event->status != NULL)
    {
      fields->accepted_reply = event->reply;
      fields->helper = event->has_helper ? event->helper : NULL;
    }
  /* The author takes back their choice: open again, nobody chosen. */
  if (event->type == g_intern_static_string ("unaccept"))
    {
      fields->accepted_reply = NULL;
      fields->helper = NULL;
      if (g_strcmp0 (fields->status, "matched") == 0)
        fields->status = "open";
    }
}

/* Whether the reply's own author took it back. Their withdrawal comes after
 * the reply in their log, so the reply's header is here whenever it is. */
static gboolean
reply_withdrawn (BnStore *store, const guint8 *post_id, const guint8 *reply_id)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT 1 FROM reply_withdrawals w JOIN entries e ON e.id = w.reply"
      " WHERE w.reply = ? AND w.post_id = ? AND w.author = e.author LIMIT 1");
  gboolean found;

  sqlite3_bind_blob (stmt, 1, reply_id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, post_id, BN_HASH_LEN, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* A helper who withdrew leaves the post open again for the asker to choose
 * someone else (a post already done or withdrawn stays so). */
static void
drop_withdrawn_helper (BnStore *store, const guint8 *post_id, PostFields *fields)
{
  if (fields->accepted_reply == NULL || !reply_withdrawn (store, post_id, fields->accepted_reply))
    return;
  fields->accepted_reply = NULL;
  fields->helper = NULL;
  if (g_strcmp0 (fields->status, "matched") == 0)
    fields->status = "open";
}

static gboolean
write_post_fields (BnStore *store, const guint8 *post_id, const guint8 *author, gint64 ts,
                   const PostFields *f, GError **error)
{
  /* One statement whether the post is new or recomputed; a deleted post stays so. */
  sqlite3_stmt *stmt = bn_store_prepare (store,
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
  /* The fields point into payloads that outlive the step below. */
  bn_fold_bind_text_static (stmt, 2, f->kind);
  bn_fold_bind_text_static (stmt, 3, f->category);
  bn_fold_bind_text_static (stmt, 4, f->title);
  bn_fold_bind_text_static (stmt, 5, f->body);
  bn_fold_bind_text_static (stmt, 6, f->when);
  bn_fold_bind_text_static (stmt, 7, f->urgency);
  bn_fold_bind_text_static (stmt, 8, f->visibility);
  bn_fold_bind_text_static (stmt, 9, f->on_behalf_of);
  if (f->expiry > 0)
    sqlite3_bind_int64 (stmt, 10, f->expiry);
  sqlite3_bind_text (stmt, 11, f->status, -1, SQLITE_STATIC);
  if (f->accepted_reply)
    sqlite3_bind_blob (stmt, 12, f->accepted_reply, BN_HASH_LEN, SQLITE_TRANSIENT);
  if (f->helper)
    sqlite3_bind_blob (stmt, 13, f->helper, BN_PUBLIC_KEY_LEN, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 14, f->updated);
  return bn_fold_step (store, stmt, _("updating a post"), error);
}

/* Writes a post's fields from its own payload, then folds every event by its
 * author over them. */
static gboolean
fold_post (BnStore *store, const guint8 *post_id, const guint8 *author, gint64 ts,
           const BnPostPayload *base, gboolean has_events, GError **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_post_event_payload_free);
  PostFields fields = { .status = "open", .urgency = "flexible", .category = "other", .updated = ts };
  sqlite3_stmt *ev;

  fields.kind = base->kind;
  fields.visibility = base->visibility;
  take_fields (&fields, base);

  if (has_events)
    {
      g_autoptr(GPtrArray) acting = bn_fold_acting_authors (store, author);

      /* Only the post's author's events apply (and then those of whoever
       * replaced them), so their log order (seq) is the order they were made
       * in: timestamps tie within a millisecond and clocks can step back. */
      ev = bn_store_prepare (store,
          "SELECT pe.data, pe.ts FROM post_events pe JOIN entries e ON e.id = pe.id"
          " WHERE pe.post_id = ? AND pe.author = ? ORDER BY e.seq");
      for (guint a = 0; a < acting->len; a++)
        {
          sqlite3_bind_blob (ev, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
          sqlite3_bind_blob (ev, 2, g_ptr_array_index (acting, a), BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
          while (sqlite3_step (ev) == SQLITE_ROW)
            {
              g_autoptr(BnJsonFields) data = bn_json_fields_new ((const char *) sqlite3_column_text (ev, 0), -1);
              const char *why = NULL;
              BnPostEventPayload *event = data ? bn_post_event_payload_decode (data, &why) : NULL;

              if (event == NULL)
                continue;
              g_ptr_array_add (events, event);   /* keeps what the fields point into alive */
              apply_event (&fields, event);
              fields.updated = MAX (fields.updated, sqlite3_column_int64 (ev, 1));
            }
          sqlite3_reset (ev);
        }
      drop_withdrawn_helper (store, post_id, &fields);
    }
  return write_post_fields (store, post_id, author, ts, &fields, error);
}

/* Recomputes a post after an event: its base is its own entry, opened again
 * (rare, so the hot path of new posts never re-reads anything). */
static gboolean
recompute_post (BnStore *store, const guint8 *post_id, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT author, ts FROM posts WHERE id = ? AND deleted = 0");
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnJsonFields) object = NULL;
  g_autoptr(BnPostPayload) base = NULL;
  const char *why = NULL;
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

  entry = bn_store_get_entry (store, post_id);
  object = entry ? bn_fold_open_entry (store, entry) : NULL;
  base = object ? bn_post_payload_decode (object, &why) : NULL;
  if (base == NULL)
    return TRUE;
  return fold_post (store, post_id, author, ts, base, TRUE, error);
}

static gboolean
post_has_events (BnStore *store, const guint8 *post_id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (bn_fold_filter_surely_absent (store, BN_FOLD_FILTER_POST_EVENTS, post_id))
    return FALSE;
  stmt = bn_store_prepare (store, "SELECT 1 FROM post_events WHERE post_id = ? LIMIT 1");

  sqlite3_bind_blob (stmt, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
apply_post (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  return fold_post (store, entry->id, entry->author, entry->timestamp_ms, payload,
                    post_has_events (store, entry->id), error);
}

static gboolean
post_author (BnStore *store, const guint8 *id, guint8 author[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT author FROM posts WHERE id = ?");
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

/* Someone now acts for @author, or no longer: their posts are folded again. */
static gboolean
refold_posts_of (BnStore *store, const guint8 author[BN_PUBLIC_KEY_LEN], GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT id FROM posts WHERE author = ? AND deleted = 0");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      g_ptr_array_add (ids, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
  sqlite3_reset (stmt);
  for (guint i = 0; i < ids->len; i++)
    if (!recompute_post (store, g_ptr_array_index (ids, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
apply_post_event (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnPostEventPayload *event = payload;
  guint8 author[BN_PUBLIC_KEY_LEN];
  sqlite3_stmt *stmt;

  if (post_author (store, event->post, author) && !bn_fold_may_act_for (store, author, entry->author))
    bn_fold_log_ignored (entry, event->type, "only the post’s author may change it");

  stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO post_events (id, post_id, author, ts, type, data) VALUES (?, ?, ?, ?, ?, ?)");
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, event->post, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 5, event->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, event->data, -1, SQLITE_STATIC);
  bn_fold_filter_note (store, BN_FOLD_FILTER_POST_EVENTS, event->post);
  if (!bn_fold_step (store, stmt, _("saving a change to a post"), error))
    return FALSE;
  return recompute_post (store, event->post, error);
}

/* An erased post keeps its row, marked deleted and without text: its expiry
 * still decides that late replies to it are forgotten. An erased event
 * leaves the post recomputed without it. */
/* An erased withdrawal no longer counts: its post is recomputed without it. */
static gboolean
forget_withdrawal (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT post_id FROM reply_withdrawals WHERE id = ?");
  guint8 post_id[BN_HASH_LEN];
  gboolean found = FALSE;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
    {
      memcpy (post_id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found)
    return TRUE;
  return bn_fold_delete_by_id (store, "DELETE FROM reply_withdrawals WHERE id = ?", id, error)
         && recompute_post (store, post_id, error);
}

static gboolean
forget_post_or_event (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT post_id FROM post_events WHERE id = ?");
  guint8 post_id[BN_HASH_LEN];
  gboolean had_event = FALSE;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
    {
      memcpy (post_id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      had_event = TRUE;
    }
  sqlite3_reset (stmt);

  if (!bn_fold_delete_by_id (store,
                             "UPDATE posts SET deleted = 1, title = NULL, body = NULL,"
                             " when_text = NULL, on_behalf_of = NULL WHERE id = ?", id, error))
    return FALSE;
  if (!had_event)
    return TRUE;
  return bn_fold_delete_by_id (store, "DELETE FROM post_events WHERE id = ?", id, error)
         && recompute_post (store, post_id, error);
}

/* Expiry */

static void
collect_hanging (BnStore *store, const guint8 *post_id, GPtrArray *erase)
{
  sqlite3_stmt *related = bn_store_prepare (store,
      "SELECT id FROM post_events WHERE post_id = ?1 UNION"
      " SELECT id FROM replies WHERE post_id = ?1 UNION"
      " SELECT id FROM thanks WHERE post_id = ?1 UNION"
      " SELECT id FROM reply_withdrawals WHERE post_id = ?1");

  sqlite3_bind_blob (related, 1, post_id, BN_HASH_LEN, SQLITE_STATIC);
  while (sqlite3_step (related) == SQLITE_ROW)
    if (sqlite3_column_bytes (related, 0) == BN_HASH_LEN)
      g_ptr_array_add (erase, g_memdup2 (sqlite3_column_blob (related, 0), BN_HASH_LEN));
  sqlite3_reset (related);
}

/* Posts whose expiry has passed go with everything that hangs on them (edits,
 * replies, thanks). The post goes first: erasing an edit recomputes a post
 * still standing, which would drop the expiry that edit set, and with it the
 * expiry of replies arriving later. Posts that expired earlier are looked at
 * again while something hangs on them still: a reply or thanks that reached us
 * afterwards, from a peer that had not expired the post yet. */
static gboolean
expire_posts (BnStore *store, gint64 now_ms, GPtrArray *erase, guint *newly, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT id, deleted FROM posts p WHERE expiry IS NOT NULL AND expiry > 0 AND expiry <= ?"
      " AND (deleted = 0 OR EXISTS (SELECT 1 FROM post_events e WHERE e.post_id = p.id)"
      "  OR EXISTS (SELECT 1 FROM replies r WHERE r.post_id = p.id)"
      "  OR EXISTS (SELECT 1 FROM thanks t WHERE t.post_id = p.id)"
      "  OR EXISTS (SELECT 1 FROM reply_withdrawals w WHERE w.post_id = p.id))");
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_free);

  sqlite3_bind_int64 (stmt, 1, now_ms);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
      {
        g_ptr_array_add (posts, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_HASH_LEN));
        if (sqlite3_column_int (stmt, 1) == 0)
          (*newly)++;
      }
  sqlite3_reset (stmt);

  for (guint i = 0; i < posts->len; i++)
    {
      g_ptr_array_add (erase, g_memdup2 (g_ptr_array_index (posts, i), BN_HASH_LEN));
      collect_hanging (store, g_ptr_array_index (posts, i), erase);
    }
  return TRUE;
}

/* Erased posts keep their rows on a rebuild: their payloads are gone, so
 * folding could not bring back the expiry that still erases late replies. */
static const BnDerivedTable post_tables[] = {
  { "posts", .keep_on_rebuild = "deleted = 1" },
  { "post_events" },
  { NULL }
};

const BnEntryType bn_entry_type_post = {
  .name = "post",
  .decode = (BnPayloadDecodeFunc) bn_post_payload_decode,
  .free = (GDestroyNotify) bn_post_payload_free,
  .apply = apply_post,
  .forget = forget_post_or_event,
  .tables = post_tables,
  .expire = expire_posts,
  .successor_changed = refold_posts_of,
};

/* The post's row forgets and rebuilds its events too. */
#define POST_EVENT_TYPE(type_name) {                                  \
  .name = type_name,                                                  \
  .decode = (BnPayloadDecodeFunc) bn_post_event_payload_decode,       \
  .free = (GDestroyNotify) bn_post_event_payload_free,                \
  .apply = apply_post_event,                                          \
}

const BnEntryType bn_entry_type_edit = POST_EVENT_TYPE ("edit");
const BnEntryType bn_entry_type_status = POST_EVENT_TYPE ("status");
const BnEntryType bn_entry_type_accept = POST_EVENT_TYPE ("accept");
const BnEntryType bn_entry_type_unaccept = POST_EVENT_TYPE ("unaccept");

/* "reply-withdraw": only the reply's author may take it back; anyone else's is
 * kept and never counts (reply_withdrawn() compares the authors). */
static gboolean
apply_reply_withdraw (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnReplyWithdrawPayload *withdraw = payload;
  guint8 author[BN_PUBLIC_KEY_LEN];
  sqlite3_stmt *stmt;

  if (!bn_fold_entry_author (store, withdraw->reply, author) || !bn_same_key (author, entry->author))
    {
      bn_fold_log_ignored (entry, "reply-withdraw", "only a reply’s author may take it back");
      return TRUE;
    }
  stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO reply_withdrawals (id, post_id, reply, author, ts) VALUES (?, ?, ?, ?, ?)");
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, withdraw->post, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, withdraw->reply, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, entry->timestamp_ms);
  if (!bn_fold_step (store, stmt, _("saving a withdrawn reply"), error))
    return FALSE;
  return recompute_post (store, withdraw->post, error);
}

static const BnDerivedTable reply_withdraw_tables[] = { { "reply_withdrawals" }, { NULL } };

const BnEntryType bn_entry_type_reply_withdraw = {
  .name = "reply-withdraw",
  .decode = (BnPayloadDecodeFunc) bn_reply_withdraw_payload_decode,
  .free = g_free,
  .apply = apply_reply_withdraw,
  .forget = forget_withdrawal,
  .tables = reply_withdraw_tables,
};
