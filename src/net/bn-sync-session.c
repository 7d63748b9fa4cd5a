/* bn-sync-session.c — one sync with one neighbour
 *
 *   GET /v2/heads (If-None-Match: our heads' ETag for this pair) → 304: in sync
 *   → 200: their heads; what they have past ours is pulled (and payloads we lack
 *     where they have fewer holes), what we have past theirs is pushed
 *   POST /v2/pull (wants) → a capped batch; stored on the writer thread while the
 *     next batch is already on its way (at most two batches wait for the writer)
 *   POST /v2/push (frames) → their counts
 *
 * Every answer is signed by the identity at the address, which must be a member
 * on our roster; when we do not know who that is yet, the first answer says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-session.h"
#include "bn-sync-request.h"
#include "bn-sync-server.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_INSERTS_WAITING 3
/* The first pull of a lane asks for small batches, so that storing starts while
 * the rest is on its way; each next one asks for twice as much. */
#define FIRST_BATCH_BYTES (256 * 1024)
/* Pulls in flight at once, each for its own share of the authors: while the server
 * reads and seals one batch, the other is on the wire or being stored. */
#define MAX_LANES 2
/* Cells of the first sketch (§4.7): 12 × 22 bytes, so that the in-sync check
 * stays under 1 KiB, and one or two changed logs come apart almost always. */
#define SKETCH_CELLS 12

typedef struct
{
  GArray   *wants;      /* BnHead: this lane's authors, the seq we asked past */
  GArray   *targets;    /* guint64 per want: the seq their heads announced */
  guint32   cap;        /* bytes asked for in the last pull */
  gboolean  pulling;
  gboolean  done;
  gboolean  fruitless;  /* a batch stored nothing and was refused: pull no more */
} Lane;

typedef struct
{
  BnSessionContext  context;
  char             *address;
  guint8            server[BN_PUBLIC_KEY_LEN];  /* the identity at the address */
  gboolean          knows_server;
  gboolean          named_from_memory;  /* knows_server from an earlier meeting */
  gboolean          asked_unnamed;      /* asked again without naming them */
  GArray           *mine;       /* BnHead: our heads when the sketch was made */
  GArray           *mine_elements;      /* their sketch elements, in the same order */
  GArray           *theirs_differ;      /* BnHead: their heads that differ from ours */
  GHashTable       *differ;     /* authors (32 bytes) whose heads differ */
  GArray           *targets;    /* guint64 per want: the seq their heads announced */
  GArray           *wants;      /* BnHead: author, the seq we hold (and asked past) */
  GArray           *gives;      /* BnHead: author, the seq they hold */
  Lane              lanes[MAX_LANES];
  guint             n_lanes;
  guint             inserts_waiting;
  gboolean          pulling;    /* a push, a read for one or the fold is on its way */
  gboolean          more;       /* the last push read said there is more */
  BnSyncStats       stats;
  gint64            started;    /* monotonic µs */
  gboolean          folded;     /* the pulled entries were folded (or there were none) */
  GError           *error;      /* the first failure; reported when all is settled */
} Session;

/* The largest batch a pull asks for. BN_PULL_MAX_BYTES lowers it (never under
 * the protocol's smallest cap): the kill-while-pulling tests use it so that a
 * pull lasts long enough to be interrupted on a fast machine. */
static guint32
largest_cap (void)
{
  static gsize cap = 0;

  if (g_once_init_enter (&cap))
    {
      const char *env = g_getenv ("BN_PULL_MAX_BYTES");
      guint64 wanted = env ? g_ascii_strtoull (env, NULL, 10) : 0;
      g_once_init_leave (&cap, wanted > 0 ? CLAMP (wanted, FIRST_BATCH_BYTES, BN_LIMIT_BATCH_BYTES)
                                          : BN_LIMIT_BATCH_BYTES);
    }
  return (guint32) cap;
}

static void
session_free (Session *session)
{
  g_clear_object (&session->context.http);
  g_clear_object (&session->context.home);
  g_clear_object (&session->context.writer);
  g_clear_object (&session->context.reader);
  g_clear_pointer (&session->address, g_free);
  g_clear_pointer (&session->wants, g_array_unref);
  g_clear_pointer (&session->targets, g_array_unref);
  g_clear_pointer (&session->gives, g_array_unref);
  g_clear_pointer (&session->mine, g_array_unref);
  g_clear_pointer (&session->mine_elements, g_array_unref);
  g_clear_pointer (&session->theirs_differ, g_array_unref);
  g_clear_pointer (&session->differ, g_hash_table_unref);
  for (guint i = 0; i < session->n_lanes; i++)
    {
      g_clear_pointer (&session->lanes[i].wants, g_array_unref);
      g_clear_pointer (&session->lanes[i].targets, g_array_unref);
    }
  g_clear_error (&session->error);
  g_free (session);
}

static void pull_next (GTask *task);
static void pull_lane (GTask *task, guint index);
static void push_next (GTask *task);

static void
send_request (GTask *task, SoupMessage *msg, GAsyncReadyCallback callback)
{
  Session *session = g_task_get_task_data (task);

  soup_session_send_and_read_async (session->context.http, msg, G_PRIORITY_DEFAULT,
                                    bn_sync_request_limit (msg, g_task_get_cancellable (task),
                                                           BN_LIMIT_ANSWER_BYTES),
                                    callback, task);
}

/* Reads a finished request: the opened body, or NULL with the task failed. */
static GBytes *
finish_request (GTask *task, GObject *source, GAsyncResult *result)
{
  Session *session = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                &error);
  GBytes *plain = NULL;

  if (bn_sync_request_was_too_large (msg))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                           _("An answer over the size limit"));
    }
  else if (sealed != NULL && g_bytes_get_size (sealed) > BN_LIMIT_ANSWER_BYTES)
    g_set_error (&error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL, _("An answer over the size limit"));
  else if (sealed != NULL)
    {
      guint8 server[BN_PUBLIC_KEY_LEN];

      plain = bn_sync_response_open (bn_home_get_identity (session->context.home),
                                     bn_home_get_store (session->context.home), msg, sealed,
                                     server, &error);
      if (plain != NULL && !session->knows_server)
        {
          memcpy (session->server, server, BN_PUBLIC_KEY_LEN);
          session->knows_server = TRUE;
        }
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Refused or no answer, the reason alone: the caller names the address. */
      GError *wrapped = bn_sync_connect_error (error, session->address);

      g_clear_error (&error);
      error = wrapped;
    }
  if (plain == NULL && session->error == NULL)
    session->error = g_steal_pointer (&error);
  return plain;
}

static void
fold_anyway_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gpointer folded = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, NULL);
  (void) folded;
}

static void
finish_when_settled (GTask *task)
{
  Session *session = g_task_get_task_data (task);

  if (session->inserts_waiting > 0 || session->pulling)
    return;
  for (guint i = 0; i < session->n_lanes; i++)
    if (session->lanes[i].pulling)
      return;
  /* A session that fails half-way still shows what it stored. */
  if (!session->folded && session->stats.pulled > 0)
    bn_store_worker_fold_async (session->context.writer, NULL, fold_anyway_done, NULL);
  if (session->error != NULL)
    g_task_return_error (task, g_steal_pointer (&session->error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
want (Session *session, const guint8 *author, guint64 after, guint64 target)
{
  BnHead item = { 0 };

  memcpy (item.author, author, BN_PUBLIC_KEY_LEN);
  item.seq = after;
  g_array_append_val (session->wants, item);
  g_array_append_val (session->targets, target);
}

/* Walks both sorted head lists at once. Where they hold an author's log as far
 * as we do but with fewer payloads missing, we ask again from our first entry
 * without one, so that a header pushed alone is healed. */
static void
compare_heads (Session *session, GArray *mine, GArray *theirs)
{
  BnStore *store = bn_home_get_store (session->context.home);
  guint i = 0, j = 0;

  while (i < mine->len || j < theirs->len)
    {
      BnHead *a = i < mine->len ? &g_array_index (mine, BnHead, i) : NULL;
      BnHead *b = j < theirs->len ? &g_array_index (theirs, BnHead, j) : NULL;
      int c = a == NULL ? 1 : b == NULL ? -1 : memcmp (a->author, b->author, BN_PUBLIC_KEY_LEN);
      BnHead item = { 0 };

      if (c < 0)       /* only we have this author */
        {
          memcpy (item.author, a->author, BN_PUBLIC_KEY_LEN);
          g_array_append_val (session->gives, item);
          i++;
        }
      else if (c > 0)  /* only they have it */
        {
          want (session, b->author, 0, b->seq);
          j++;
        }
      else
        {
          guint64 after = a->seq;

          if (b->holes < a->holes && !a->forked)
            {
              guint64 first = bn_store_first_missing_payload (store, a->author);
              if (first > 0 && first <= b->seq)
                after = MIN (after, first - 1);
            }
          if ((b->seq > a->seq || after < a->seq) && !a->forked)
            want (session, a->author, after, b->seq);
          else if (a->seq > b->seq)
            {
              item = *a;
              item.seq = b->seq;
              g_array_append_val (session->gives, item);
            }
          i++, j++;
        }
    }
}

static void ask_heads (GTask *task);
static void ask_sketch (GTask *task);

static void
heads_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Session *session = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) plain = finish_request (task, source, result);
  g_autoptr(GArray) theirs = NULL;
  g_autoptr(GArray) mine = NULL;

  /* Someone else may answer at this address now: ask once without naming
   * whom we met there before. */
  if (plain == NULL && soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED
      && session->named_from_memory && !session->asked_unnamed
      && !g_error_matches (session->error, BN_NET_ERROR, BN_NET_ERROR_REMOVED))
    {
      g_clear_error (&session->error);
      session->asked_unnamed = TRUE;
      session->knows_server = FALSE;
      ask_heads (task);
      return;
    }
  if (plain == NULL)
    {
      finish_when_settled (task);
      return;
    }
  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    {
      session->stats.in_sync = TRUE;
      finish_when_settled (task);
      return;
    }
  theirs = bn_wire_decode_heads (plain, &session->error);
  if (theirs == NULL)
    {
      finish_when_settled (task);
      return;
    }
  mine = bn_store_list_heads (bn_home_get_store (session->context.home));
  compare_heads (session, mine, theirs);
  g_debug ("Sync with %s: %u logs to pull, %u to push", session->address,
           session->wants->len, session->gives->len);
  pull_next (task);
}

/* Our heads for the authors that differ, in order; then what to pull and push
 * for them, as after a whole heads list. */
static void
plan_differences (GTask *task)
{
  Session *session = g_task_get_task_data (task);
  g_autoptr(GArray) all = bn_store_list_heads (bn_home_get_store (session->context.home));
  g_autoptr(GArray) mine = g_array_new (FALSE, TRUE, sizeof (BnHead));

  for (guint i = 0; i < all->len; i++)
    if (g_hash_table_contains (session->differ, g_array_index (all, BnHead, i).author))
      g_array_append_vals (mine, &g_array_index (all, BnHead, i), 1);
  compare_heads (session, mine, session->theirs_differ);
  g_debug ("Sync with %s: %u heads differ; %u logs to pull, %u to push", session->address,
           g_hash_table_size (session->differ), session->wants->len, session->gives->len);
  pull_next (task);
}

/* The checks of a batch that need no database, here on the main thread while
 * the writer stores the batch before; the writer does not do them again. */
static void
check_ahead (Session *session, GPtrArray *entries)
{
  const BnHood *hood = bn_home_get_hood (session->context.home);

  bn_store_check_ahead (hood != NULL ? hood->keys : NULL, entries);
}

static void
count_outcome (Session *session, BnInsertOutcome *outcome)
{
  session->stats.pulled += outcome->counts.added;
  session->stats.refused += outcome->counts.refused;
  for (guint i = 0; outcome->counts.reasons && i < outcome->counts.reasons->len; i++)
    g_message ("Refused entries from %s: %s", session->address,
               (char *) g_ptr_array_index (outcome->counts.reasons, i));
  if (session->context.on_batch != NULL)
    session->context.on_batch (outcome, session->context.on_batch_data);
}

static void
ahead_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Session *session = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInsertOutcome) outcome = bn_store_worker_insert_finish (BN_STORE_WORKER (source),
                                                                      result, &error);

  session->inserts_waiting--;
  if (outcome == NULL)
    {
      if (session->error == NULL)
        session->error = g_steal_pointer (&error);
      finish_when_settled (task);
      return;
    }
  count_outcome (session, outcome);
  plan_differences (task);
}

/* Which of our authors the server's list of our elements it lacks names; FALSE
 * when one names none of ours or their heads are not in order. */
static gboolean
note_differences (Session *session, GArray *theirs, GArray *elements)
{
  g_autoptr(GHashTable) by_tag = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  session->differ = g_hash_table_new (bn_key_hash, (GEqualFunc) bn_same_key);
  for (guint i = 0; i < theirs->len; i++)
    {
      const BnHead *head = &g_array_index (theirs, BnHead, i);

      if (i > 0 && memcmp (g_array_index (theirs, BnHead, i - 1).author, head->author,
                           BN_PUBLIC_KEY_LEN) >= 0)
        return FALSE;
      g_hash_table_add (session->differ, (gpointer) head->author);
    }
  for (guint i = 0; elements->len > 0 && i < session->mine_elements->len; i++)
    {
      GBytes *tag = g_bytes_new_static (session->mine_elements->data
                                        + (gsize) i * BN_SKETCH_ELEMENT_LEN,
                                        BN_SKETCH_ELEMENT_LEN);
      g_ptr_array_add (tags, tag);
      g_hash_table_insert (by_tag, tag, &g_array_index (session->mine, BnHead, i));
    }
  for (guint i = 0; i < elements->len; i++)
    {
      g_autoptr(GBytes) tag = g_bytes_new_static (elements->data + (gsize) i * BN_SKETCH_ELEMENT_LEN,
                                                  BN_SKETCH_ELEMENT_LEN);
      BnHead *mine = g_hash_table_lookup (by_tag, tag);

      if (mine == NULL)
        return FALSE;
      g_hash_table_add (session->differ, mine->author);
    }
  return TRUE;
}

static void
sketch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Session *session = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) plain = finish_request (task, source, result);
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const guint8 *data;
  gsize len = 0, offset = 0;
  guint status = 0, refused = 0;
  guint http_status = soup_message_get_status (msg);

  /* A peer from before deltas and sketches (401: no such path), or one that
   * does not know us or refuses them: the heads say, and say why. */
  if (plain == NULL && http_status >= 400 && http_status != BN_HTTP_TOO_MANY_REQUESTS
      && http_status != SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_clear_error (&session->error);
      ask_heads (task);
      return;
    }
  if (plain == NULL)
    {
      finish_when_settled (task);
      return;
    }
  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    {
      session->stats.in_sync = TRUE;
      finish_when_settled (task);
      return;
    }
  if (!bn_wire_decode_sketch_answer (plain, &status, &session->theirs_differ, &elements, &offset,
                                     &session->error))
    {
      finish_when_settled (task);
      return;
    }
  if (status == BN_SKETCH_TOO_DIFFERENT && session->mine_elements == NULL)
    {
      g_debug ("Sync with %s: no delta from our heads; a sketch of them", session->address);
      ask_sketch (task);
      return;
    }
  if (status == BN_SKETCH_TOO_DIFFERENT
      || !note_differences (session, session->theirs_differ, elements))
    {
      g_debug ("Sync with %s: too many differences for a sketch", session->address);
      ask_heads (task);
      return;
    }
  data = g_bytes_get_data (plain, &len);
  entries = bn_wire_decode_frames (data + offset + 1, len - offset - 1, &refused, NULL);
  session->stats.refused += refused;
  if (entries->len == 0)
    {
      plan_differences (task);
      return;
    }
  session->inserts_waiting++;
  check_ahead (session, entries);
  bn_store_worker_insert_async (session->context.writer, entries, BN_FOLD_LATER,
                                g_task_get_cancellable (task), ahead_stored, task);
}

/* Knowing who answers there: "has anything changed since these heads?", with
 * the ETag of our heads for this pair. 304 when nothing did; when the server
 * had these heads before, what changed since and the entries we lack (§4.7). */
static void
ask_delta (GTask *task)
{
  Session *session = g_task_get_task_data (task);
  const BnIdentity *me = bn_home_get_identity (session->context.home);
  g_autoptr(GArray) mine = NULL;
  g_autoptr(GBytes) heads = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *etag = NULL;
  BnPairKeys keys;

  if (!bn_wire_pair_keys (&keys, me, session->server, TRUE))
    {
      ask_heads (task);
      return;
    }
  mine = bn_store_list_heads (bn_home_get_store (session->context.home));
  heads = bn_wire_encode_heads (mine);
  etag = bn_wire_heads_etag (&keys, heads);
  sodium_memzero (&keys, sizeof keys);
  msg = bn_sync_request_new (me, session->address, SOUP_METHOD_GET, "/v2/delta",
                             session->server, NULL, etag);
  send_request (task, msg, sketch_done);
}

/* The heads the server does not know as its own earlier ones: a sketch of ours,
 * so that the answer grows with what differs (§4.7). */
static void
ask_sketch (GTask *task)
{
  Session *session = g_task_get_task_data (task);
  const BnIdentity *me = bn_home_get_identity (session->context.home);
  g_autoptr(GBytes) heads = NULL;
  g_autoptr(GBytes) table = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *etag = NULL;
  BnPairKeys keys;

  if (!bn_wire_pair_keys (&keys, me, session->server, TRUE))
    {
      ask_heads (task);
      return;
    }
  session->mine = bn_store_list_heads (bn_home_get_store (session->context.home));
  heads = bn_wire_encode_heads (session->mine);
  etag = bn_wire_heads_etag (&keys, heads);
  session->mine_elements = bn_sketch_elements (&keys, session->mine);
  sodium_memzero (&keys, sizeof keys);
  table = bn_sketch_table (session->mine_elements, SKETCH_CELLS);
  body = bn_wire_encode_sketch_request (FIRST_BATCH_BYTES, session->mine->len, table);
  msg = bn_sync_request_new (me, session->address, SOUP_METHOD_POST, "/v2/sketch",
                             session->server, body, etag);
  send_request (task, msg, sketch_done);
}

/* Moves the wants past what a batch brought, never past the seq their heads
 * announced (a server that sends more than it announced gets no further with
 * it). Returns whether any want moved: a batch that moves none ends the lane, so
 * a server that always answers "more" cannot keep us pulling. */
static gboolean
advance (GArray *positions, GArray *targets, GPtrArray *entries)
{
  gboolean moved = FALSE;
  guint k = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      BnEntry *entry = g_ptr_array_index (entries, i);
      BnHead *position;

      while (k < positions->len
             && memcmp (g_array_index (positions, BnHead, k).author, entry->author,
                        BN_PUBLIC_KEY_LEN) < 0)
        k++;
      if (k >= positions->len)
        break;
      position = &g_array_index (positions, BnHead, k);
      if (memcmp (position->author, entry->author, BN_PUBLIC_KEY_LEN) != 0
          || entry->seq <= position->seq)
        continue;
      if (targets != NULL && entry->seq > g_array_index (targets, guint64, k))
        continue;
      position->seq = entry->seq;
      moved = TRUE;
    }
  return moved;
}

static gboolean
pulls_finished (Session *session)
{
  for (guint i = 0; i < session->n_lanes; i++)
    if (session->lanes[i].pulling || !session->lanes[i].done)
      return FALSE;
  return session->inserts_waiting == 0;
}

/* Starts the pulls that may start, or the push phase once everything is stored. */
static void
pull_more (GTask *task)
{
  Session *session = g_task_get_task_data (task);

  if (session->error != NULL)
    {
      finish_when_settled (task);
      return;
    }
  if (pulls_finished (session))
    {
      push_next (task);
      return;
    }
  for (guint i = 0; i < session->n_lanes; i++)
    {
      Lane *lane = &session->lanes[i];

      if (!lane->pulling && !lane->done && session->inserts_waiting < MAX_INSERTS_WAITING)
        pull_lane (task, i);
    }
}

typedef struct
{
  GTask *task;
  guint  lane;
} LaneCall;

static LaneCall *
lane_call_new (GTask *task, guint lane)
{
  LaneCall *call = g_new0 (LaneCall, 1);

  call->task = task;
  call->lane = lane;
  return call;
}

/* A batch that stored nothing and was refused in part ends its lane: entries
 * that do not verify do move the wants on (their seq is all we can read
 * before the writer checks them), so a server that answers "more" with such
 * entries up to a far-off announced seq would otherwise keep us pulling. At
 * most the batches already asked for follow. */
static void
stop_fruitless_lane (Session *session, Lane *lane, BnInsertOutcome *outcome)
{
  if (outcome->counts.added > 0 || outcome->counts.refused == 0 || lane->fruitless)
    return;
  lane->fruitless = TRUE;
  lane->done = TRUE;
  g_message ("Stopped pulling from %s: a batch of %u entries stored none", session->address,
             outcome->counts.refused + outcome->counts.known);
}

static void
insert_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree LaneCall *call = user_data;
  GTask *task = call->task;
  Session *session = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInsertOutcome) outcome = bn_store_worker_insert_finish (BN_STORE_WORKER (source),
                                                                      result, &error);

  session->inserts_waiting--;
  g_debug ("Sync with %s: batch stored at %.1f ms", session->address,
           (g_get_monotonic_time () - session->started) / 1e3);
  if (outcome == NULL)
    {
      if (session->error == NULL)
        session->error = g_steal_pointer (&error);
    }
  else
    {
      count_outcome (session, outcome);
      stop_fruitless_lane (session, &session->lanes[call->lane], outcome);
    }
  pull_more (task);
}

static void
pull_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LaneCall *call = user_data;
  GTask *task = call->task;
  Session *session = g_task_get_task_data (task);
  guint index = call->lane;
  Lane *lane = &session->lanes[index];
  g_autoptr(GBytes) plain = finish_request (task, source, result);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len = 0;
  guint refused = 0;

  g_free (call);
  lane->pulling = FALSE;
  lane->done = TRUE;
  if (plain == NULL || g_bytes_get_size (plain) == 0)
    {
      if (session->error == NULL)
        session->error = g_error_new (BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                                      _("An empty answer to a pull"));
      finish_when_settled (task);
      return;
    }
  data = g_bytes_get_data (plain, &len);
  entries = bn_wire_decode_frames (data + 1, len - 1, &refused, &error);
  if (error != NULL)
    {
      g_message ("Refused %u entr%s of a batch from %s: %s", refused, refused == 1 ? "y" : "ies",
                 session->address, error->message);
      session->stats.refused += refused;
    }
  g_debug ("Sync with %s: %u entries (%zu bytes) arrived at %.1f ms", session->address,
           entries->len, len, (g_get_monotonic_time () - session->started) / 1e3);
  lane->done = lane->fruitless || (data[0] & BN_WIRE_PULL_MORE) == 0
               || !advance (lane->wants, lane->targets, entries);
  if (entries->len > 0)
    {
      session->inserts_waiting++;
      pull_more (task);
      check_ahead (session, entries);
      bn_store_worker_insert_async (session->context.writer, entries, BN_FOLD_LATER,
                                    g_task_get_cancellable (task), insert_done,
                                    lane_call_new (task, index));
      return;
    }
  pull_more (task);
}

static void
pull_lane (GTask *task, guint index)
{
  Session *session = g_task_get_task_data (task);
  Lane *lane = &session->lanes[index];
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  /* Small batches first, so that storing starts while the rest is on its way. */
  lane->cap = lane->cap == 0 ? FIRST_BATCH_BYTES : MIN (2 * lane->cap, largest_cap ());
  body = bn_wire_encode_wants (lane->wants, lane->cap);
  msg = bn_sync_request_new (bn_home_get_identity (session->context.home), session->address,
                             SOUP_METHOD_POST, "/v2/pull", session->server, body, NULL);
  lane->pulling = TRUE;
  soup_session_send_and_read_async (session->context.http, msg, G_PRIORITY_DEFAULT,
                                    bn_sync_request_limit (msg, g_task_get_cancellable (task),
                                                           BN_LIMIT_ANSWER_BYTES),
                                    pull_done, lane_call_new (task, index));
}

/* Splits the wants into lanes of neighbouring authors, as even as they come. */
static void
pull_next (GTask *task)
{
  Session *session = g_task_get_task_data (task);
  guint n = session->wants->len;

  session->n_lanes = MIN (MAX_LANES, n);
  for (guint i = 0; i < session->n_lanes; i++)
    {
      guint from = i * n / session->n_lanes, to = (i + 1) * n / session->n_lanes;

      session->lanes[i].wants = g_array_sized_new (FALSE, TRUE, sizeof (BnHead), to - from);
      g_array_append_vals (session->lanes[i].wants,
                           &g_array_index (session->wants, BnHead, from), to - from);
      session->lanes[i].targets = g_array_sized_new (FALSE, TRUE, sizeof (guint64), to - from);
      g_array_append_vals (session->lanes[i].targets,
                           &g_array_index (session->targets, guint64, from), to - from);
    }
  pull_more (task);
}

static void
push_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Session *session = g_task_get_task_data (task);
  g_autoptr(GBytes) plain = finish_request (task, source, result);
  const guint8 *counts;

  session->pulling = FALSE;
  if (plain == NULL || g_bytes_get_size (plain) != 12)
    {
      if (session->error == NULL)
        session->error = g_error_new (BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                                      _("A malformed answer to a push"));
      finish_when_settled (task);
      return;
    }
  counts = g_bytes_get_data (plain, NULL);
  session->stats.pushed += bn_get_u32 (counts);
  session->stats.refused += bn_get_u32 (counts + 8);
  if (session->more && bn_get_u32 (counts) > 0)
    push_next (task);
  else
    finish_when_settled (task);
}

static void
push_read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Session *session = g_task_get_task_data (task);
  g_autoptr(GBytes) batch = bn_store_worker_run_finish (BN_STORE_WORKER (source), result,
                                                        &session->error);
  g_autoptr(GBytes) frames = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  const guint8 *data;
  gsize len = 0;

  session->pulling = FALSE;
  if (batch == NULL)
    {
      finish_when_settled (task);
      return;
    }
  data = g_bytes_get_data (batch, &len);
  session->more = (data[0] & BN_WIRE_PULL_MORE) != 0;
  if (len <= 1)
    {
      finish_when_settled (task);
      return;
    }
  entries = bn_wire_decode_frames (data + 1, len - 1, NULL, NULL);
  advance (session->gives, NULL, entries);
  frames = g_bytes_new_from_bytes (batch, 1, len - 1);
  msg = bn_sync_request_new (bn_home_get_identity (session->context.home), session->address,
                             SOUP_METHOD_POST, "/v2/push", session->server, frames, NULL);
  session->pulling = TRUE;
  send_request (task, msg, push_sent);
}

static void
fold_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Session *session = g_task_get_task_data (task);

  session->pulling = FALSE;
  if (bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &session->error) != NULL)
    session->stats.visible_usec = g_get_monotonic_time () - session->started;
  push_next (task);
}

/* Pulled batches are stored unfolded; fold them before anything else, so that the
 * session's end means "in the lists". */
static gboolean
fold_first (GTask *task)
{
  Session *session = g_task_get_task_data (task);

  if (session->folded)
    return FALSE;
  session->folded = TRUE;
  if (session->stats.pulled == 0 || session->error != NULL)
    return FALSE;
  session->stats.stored_usec = g_get_monotonic_time () - session->started;
  session->pulling = TRUE;
  bn_store_worker_fold_async (session->context.writer, g_task_get_cancellable (task),
                              fold_done, task);
  return TRUE;
}

static void
push_next (GTask *task)
{
  Session *session = g_task_get_task_data (task);
  BnPullRequest *request;

  if (fold_first (task))
    return;
  if (session->gives->len == 0 || session->error != NULL)
    {
      finish_when_settled (task);
      return;
    }
  request = g_new0 (BnPullRequest, 1);
  request->wants = g_array_copy (session->gives);
  request->cap = BN_LIMIT_PUSH_BYTES;
  request->max_entries = BN_LIMIT_BATCH_ENTRIES;
  session->pulling = TRUE;
  bn_store_worker_run_async (session->context.reader, bn_sync_read_batch_job, request,
                             (GDestroyNotify) bn_pull_request_free,
                             (GDestroyNotify) g_bytes_unref, g_task_get_cancellable (task),
                             push_read_done, task);
}

/**
 * bn_sync_session_run_async:
 * @address: "host:port"
 *
 * Brings us and the neighbour at @address level: both end up with every entry
 * either had when the session started.
 */
void
bn_sync_session_run_async (const BnSessionContext *context,
                           const char             *address,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Session *session = g_new0 (Session, 1);

  g_task_set_source_tag (task, bn_sync_session_run_async);
  session->context = *context;
  session->context.peer_id = NULL;
  g_object_ref (session->context.http);
  g_object_ref (session->context.home);
  g_object_ref (session->context.writer);
  g_object_ref (session->context.reader);
  session->address = g_strdup (address);
  session->wants = g_array_new (FALSE, TRUE, sizeof (BnHead));
  session->targets = g_array_new (FALSE, TRUE, sizeof (guint64));
  session->gives = g_array_new (FALSE, TRUE, sizeof (BnHead));
  session->started = g_get_monotonic_time ();
  session->knows_server = bn_sync_peer_key_from_id (context->peer_id, session->server);
  session->named_from_memory = session->knows_server;
  g_task_set_task_data (task, session, (GDestroyNotify) session_free);

  if (!bn_sync_parse_address (address, NULL, NULL, NULL))
    {
      g_task_return_new_error (task, BN_NET_ERROR, BN_NET_ERROR_ADDRESS,
                               _("“%s” is not a neighbour’s address"), address);
      g_object_unref (task);
      return;
    }
  if (session->knows_server)
    ask_delta (task);
  else
    ask_heads (task);
}

/* GET /v2/heads: the whole list. With the server named, If-None-Match carries
 * the ETag of our heads for this pair: one round trip when in sync. */
static void
ask_heads (GTask *task)
{
  Session *session = g_task_get_task_data (task);
  const BnIdentity *me = bn_home_get_identity (session->context.home);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *etag = NULL;
  BnPairKeys keys;

  if (session->knows_server && bn_wire_pair_keys (&keys, me, session->server, TRUE))
    {
      g_autoptr(GArray) mine = bn_store_list_heads (bn_home_get_store (session->context.home));
      g_autoptr(GBytes) heads = bn_wire_encode_heads (mine);

      etag = bn_wire_heads_etag (&keys, heads);
      sodium_memzero (&keys, sizeof keys);
    }
  msg = bn_sync_request_new (me, session->address, SOUP_METHOD_GET, "/v2/heads",
                             session->knows_server ? session->server : NULL, NULL, etag);
  send_request (task, msg, heads_done);
}

/**
 * bn_sync_session_run_finish:
 * @peer_id: (out) (optional) (nullable): who answered at the address, once known
 */
gboolean
bn_sync_session_run_finish (GAsyncResult  *result,
                            BnSyncStats   *stats,
                            char         **peer_id,
                            GError       **error)
{
  Session *session = g_task_get_task_data (G_TASK (result));

  if (stats != NULL)
    *stats = session->stats;
  if (peer_id != NULL)
    *peer_id = session->knows_server ? bn_peer_id_from_key (session->server) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}
