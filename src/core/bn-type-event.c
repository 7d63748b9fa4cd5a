/* bn-type-event.c — meetups: "event", the organiser's "event-edit" and
 * "event-cancel", and "rsvp" (docs/protocol.md §6.6)
 *
 * Like a post, an event is written once (its ID is its entry ID) and
 * recomputed from its organiser's changes in the organiser's log order, so the
 * result does not depend on arrival order; changes by anyone else are kept and
 * never applied. Every RSVP is kept; who comes, and with a capacity who is
 * confirmed, is worked out when read (bn-queries-events.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-event.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct
{
  const char *title, *details, *place, *category;
  gint64 start_ms, end_ms;
  guint capacity;
  BnRepeat repeat;
  GDate until;
  gboolean cancelled;
  guint changes;
  gint64 updated;
} EventFields;

static void
take_fields (EventFields *f, const BnEventPayload *set)
{
  if (set->title)
    f->title = set->title;
  if (set->details)
    f->details = set->details;
  if (set->place)
    f->place = set->place;
  if (set->category)
    f->category = set->category;
  if (set->start_ms)
    f->start_ms = set->start_ms;
  if (set->end_ms)
    f->end_ms = set->end_ms;
  if (set->has_capacity)
    f->capacity = set->capacity;
  if (set->has_repeat)
    f->repeat = set->repeat;
  if (g_date_valid (&set->until))
    f->until = set->until;
}

static gboolean
write_event (BnStore *store, const guint8 *id, const guint8 *author, gint64 ts,
             const EventFields *f, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT INTO events (id, author, ts, title, details, start_ms, end_ms, place, category,"
      "  capacity, repeat, until, cancelled, changes, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
      " ON CONFLICT (id) DO UPDATE SET title = ?4, details = ?5, start_ms = ?6, end_ms = ?7,"
      "  place = ?8, category = ?9, capacity = ?10, repeat = ?11, until = ?12, cancelled = ?13,"
      "  changes = ?14, updated = ?15 WHERE events.deleted = 0");
  char until[16] = "";

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ts);
  bn_fold_bind_text (stmt, 4, f->title);
  bn_fold_bind_text (stmt, 5, f->details);
  sqlite3_bind_int64 (stmt, 6, f->start_ms);
  sqlite3_bind_int64 (stmt, 7, MAX (f->end_ms, f->start_ms));
  bn_fold_bind_text (stmt, 8, f->place);
  bn_fold_bind_text (stmt, 9, f->category);
  sqlite3_bind_int (stmt, 10, (int) f->capacity);
  sqlite3_bind_text (stmt, 11, bn_repeat_to_string (f->repeat), -1, SQLITE_STATIC);
  if (g_date_valid (&f->until))
    {
      g_date_strftime (until, sizeof until, "%Y-%m-%d", &f->until);
      sqlite3_bind_text (stmt, 12, until, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int (stmt, 13, f->cancelled);
  sqlite3_bind_int (stmt, 14, (int) f->changes);
  sqlite3_bind_int64 (stmt, 15, f->updated);
  return bn_fold_step (store, stmt, _("updating a meetup"), error);
}

/* An event's fields from its own payload and every change by its organiser,
 * in the organiser's log order. */
static gboolean
fold_event (BnStore *store, const guint8 *id, const guint8 *author, gint64 ts,
            const BnEventPayload *base, GError **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_event_change_payload_free);
  EventFields f = { .updated = ts };
  sqlite3_stmt *ev;

  g_date_clear (&f.until, 1);
  take_fields (&f, base);
  ev = bn_store_prepare (store,
      "SELECT c.data, c.ts FROM event_changes c JOIN entries e ON e.id = c.id"
      " WHERE c.event_id = ? AND c.author = ? ORDER BY e.seq");
  sqlite3_bind_blob (ev, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (ev, 2, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (ev) == SQLITE_ROW)
    {
      g_autoptr(BnJsonFields) data = bn_json_fields_new ((const char *) sqlite3_column_text (ev, 0), -1);
      const char *why = NULL;
      BnEventChangePayload *change = data ? bn_event_change_payload_decode (data, &why) : NULL;

      if (change == NULL)
        continue;
      g_ptr_array_add (changes, change);   /* keeps what the fields point into alive */
      if (change->set != NULL)
        take_fields (&f, change->set);
      if (change->type == g_intern_static_string ("event-cancel"))
        f.cancelled = TRUE;
      f.changes++;
      f.updated = MAX (f.updated, sqlite3_column_int64 (ev, 1));
    }
  sqlite3_reset (ev);
  return write_event (store, id, author, ts, &f, error);
}

static gboolean
apply_event (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  return fold_event (store, entry->id, entry->author, entry->timestamp_ms, payload, error);
}

/* Recomputes an event after a change: its base is its own entry, opened again. */
static gboolean
recompute_event (BnStore *store, const guint8 *id, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT author, ts FROM events WHERE id = ? AND deleted = 0");
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnJsonFields) object = NULL;
  g_autoptr(BnEventPayload) base = NULL;
  const char *why = NULL;
  guint8 author[BN_PUBLIC_KEY_LEN];
  gint64 ts;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;   /* not here yet (or deleted): changes wait for it */
    }
  memcpy (author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
  ts = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  entry = bn_store_get_entry (store, id);
  object = entry ? bn_fold_open_entry (store, entry) : NULL;
  base = object ? bn_event_payload_decode (object, &why) : NULL;
  if (base == NULL)
    return TRUE;
  return fold_event (store, id, author, ts, base, error);
}

static gboolean
apply_event_change (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnEventChangePayload *change = payload;
  guint8 organiser[BN_PUBLIC_KEY_LEN];
  sqlite3_stmt *stmt;

  if (bn_fold_entry_author (store, change->event, organiser) && !bn_same_key (organiser, entry->author))
    bn_fold_log_ignored (entry, change->type, "only the meetup’s organiser may change it");

  stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO event_changes (id, event_id, author, ts, type, data)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, change->event, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 5, change->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, change->data, -1, SQLITE_STATIC);
  if (!bn_fold_step (store, stmt, _("saving a change to a meetup"), error))
    return FALSE;
  return recompute_event (store, change->event, error);
}

static gboolean
apply_rsvp (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnRsvpPayload *rsvp = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO rsvps (id, event_id, author, seq, ts, answer, guests, date)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, rsvp->event, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (gint64) entry->seq);
  sqlite3_bind_int64 (stmt, 5, entry->timestamp_ms);
  sqlite3_bind_text (stmt, 6, rsvp->answer, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, (int) rsvp->guests);
  if (rsvp->date != NULL)
    sqlite3_bind_text (stmt, 8, rsvp->date, -1, SQLITE_STATIC);
  return bn_fold_step (store, stmt, _("saving an answer to a meetup"), error);
}

/* An erased event keeps its row, marked deleted and without text, so that
 * its late changes stay without effect; an erased change leaves the event
 * recomputed without it. */
static gboolean
forget_event_or_change (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT event_id FROM event_changes WHERE id = ?");
  guint8 event_id[BN_HASH_LEN];
  gboolean had_change = FALSE;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_HASH_LEN)
    {
      memcpy (event_id, sqlite3_column_blob (stmt, 0), BN_HASH_LEN);
      had_change = TRUE;
    }
  sqlite3_reset (stmt);

  if (!bn_fold_delete_by_id (store,
                             "UPDATE events SET deleted = 1, title = NULL, details = NULL,"
                             " place = NULL WHERE id = ?", id, error))
    return FALSE;
  if (!had_change)
    return TRUE;
  return bn_fold_delete_by_id (store, "DELETE FROM event_changes WHERE id = ?", id, error)
         && recompute_event (store, event_id, error);
}

static gboolean
forget_rsvp (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM rsvps WHERE id = ?", id, error);
}

static const BnDerivedTable event_tables[] = {
  { "events", .keep_on_rebuild = "deleted = 1" },
  { "event_changes" },
  { NULL }
};
static const BnDerivedTable rsvp_tables[] = { { "rsvps" }, { NULL } };

const BnEntryType bn_entry_type_event = {
  .name = "event",
  .decode = (BnPayloadDecodeFunc) bn_event_payload_decode,
  .free = (GDestroyNotify) bn_event_payload_free,
  .apply = apply_event,
  .forget = forget_event_or_change,
  .tables = event_tables,
};

/* The event's row forgets and rebuilds its changes too. */
#define EVENT_CHANGE_TYPE(type_name) {                                \
  .name = type_name,                                                  \
  .decode = (BnPayloadDecodeFunc) bn_event_change_payload_decode,     \
  .free = (GDestroyNotify) bn_event_change_payload_free,              \
  .apply = apply_event_change,                                        \
}

const BnEntryType bn_entry_type_event_edit = EVENT_CHANGE_TYPE ("event-edit");
const BnEntryType bn_entry_type_event_cancel = EVENT_CHANGE_TYPE ("event-cancel");

const BnEntryType bn_entry_type_rsvp = {
  .name = "rsvp",
  .decode = (BnPayloadDecodeFunc) bn_rsvp_payload_decode,
  .free = (GDestroyNotify) bn_rsvp_payload_free,
  .apply = apply_rsvp,
  .forget = forget_rsvp,
  .tables = rsvp_tables,
};
