/* bn-sync-server-endpoints.c — what the sync server answers, once the gate
 * admitted a request and libsoup read its body: GET /v2/heads, POST /v2/pull,
 * POST /v2/push and POST /v2/join (docs/sync-protocol.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-server-private.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Our heads, as the list the protocol sends (cached until they change). */
static GBytes *
my_heads (BnSyncServer *self)
{
  if (self->heads == NULL)
    {
      g_autoptr(GArray) heads = bn_store_list_heads (bn_home_get_store (self->home));
      self->heads = bn_wire_encode_heads (heads);
    }
  return self->heads;
}

/* The ETag of our heads for this pair (cached until they change). */
static const char *
my_etag (BnSyncServer *self, BnRequestAuth *auth, const BnPairKeys *keys)
{
  char *etag = g_hash_table_lookup (self->etags, auth->peer_id);

  if (etag == NULL)
    {
      if (g_hash_table_size (self->etags) >= BN_LIMIT_PAIR_KEYS)
        g_hash_table_remove_all (self->etags);
      etag = bn_wire_heads_etag (keys, my_heads (self));
      g_hash_table_insert (self->etags, g_strdup (auth->peer_id), etag);
    }
  return etag;
}

void
_bn_sync_server_handle_heads (BnSyncServer      *self,
                              SoupServerMessage *msg,
                              BnRequestAuth     *auth)
{
  const char *if_none_match = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "If-None-Match");
  GBytes *heads = my_heads (self);
  const BnPairKeys *keys = _bn_sync_server_pair_keys (self, auth);
  const char *etag;

  if (keys == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  etag = my_etag (self, auth, keys);
  /* Only a client that named us can have computed the ETag of our pair. */
  if (auth->has_to && g_strcmp0 (if_none_match, etag) == 0)
    _bn_sync_server_respond (self, msg, SOUP_STATUS_NOT_MODIFIED, NULL, etag);
  else
    _bn_sync_server_respond (self, msg, SOUP_STATUS_OK, heads, etag);
}

void
bn_pull_request_free (BnPullRequest *request)
{
  g_clear_pointer (&request->wants, g_array_unref);
  g_free (request);
}

gpointer
bn_sync_read_batch_job (BnHome   *home,
                        gpointer  data,
                        GError  **error)
{
  BnPullRequest *request = data;
  BnStore *store = bn_home_get_store (home);
  GByteArray *out = g_byte_array_sized_new (MIN (request->cap, 1 << 20));
  guint8 flags = 0;
  guint count = 0;

  g_byte_array_append (out, &flags, 1);
  for (guint i = 0; i < request->wants->len && flags == 0; i++)
    {
      const BnHead *want = &g_array_index (request->wants, BnHead, i);
      guint64 after = want->seq;

      for (;;)
        {
          g_autoptr(GPtrArray) entries = bn_store_get_entries_after (store, want->author,
                                                                     after, 512);
          for (guint j = 0; j < entries->len && flags == 0; j++)
            {
              BnEntry *entry = g_ptr_array_index (entries, j);

              if (count > 0 && (out->len + bn_wire_frame_size (entry) > request->cap
                                || count >= request->max_entries))
                flags = BN_WIRE_PULL_MORE;
              else
                {
                  bn_entry_write_frame (entry, out);
                  after = entry->seq;
                  count++;
                }
            }
          if (entries->len < 512 || flags != 0)
            break;
        }
    }
  out->data[0] = flags;
  return g_byte_array_free_to_bytes (out);
}

/* A neighbour may hang up while its answer is being read or stored on a worker
 * thread: libsoup then drops the message's I/O, and unpausing it afterwards is
 * a critical in libsoup 3.2. It says so with "finished" or, when the
 * connection goes first, only with "disconnected" (seen in test-node under
 * load). Messages are paused with pause_for_worker() and resumed with
 * resume_from_worker(), which skips a message that either signal reached. */
static void
note_finished (SoupServerMessage *msg, gpointer unused)
{
  g_object_set_data (G_OBJECT (msg), "bn-finished", GINT_TO_POINTER (1));
}

static void
pause_for_worker (SoupServerMessage *msg)
{
  g_signal_connect (msg, "finished", G_CALLBACK (note_finished), NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (note_finished), NULL);
  soup_server_message_pause (msg);
}

static void
resume_from_worker (SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "bn-finished") == NULL)
    soup_server_message_unpause (msg);
}

static void
pull_read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  BnSyncServer *self = g_object_get_data (G_OBJECT (msg), "bn-server");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) batch = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error);

  if (batch == NULL)
    {
      g_warning ("Could not read entries for a neighbour: %s", error->message);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
  else
    _bn_sync_server_respond (self, msg, SOUP_STATUS_OK, batch, NULL);
  resume_from_worker (msg);
}

void
_bn_sync_server_handle_pull (BnSyncServer      *self,
                             SoupServerMessage *msg)
{
  g_autoptr(GBytes) plain = _bn_sync_server_open_request (self, msg);
  g_autoptr(GError) error = NULL;
  BnPullRequest *request;
  GArray *wants;
  guint32 max_bytes = 0;

  if (plain == NULL)
    return;
  wants = bn_wire_decode_wants (plain, &max_bytes, &error);
  if (wants == NULL)
    {
      _bn_sync_server_refuse (self, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  request = g_new0 (BnPullRequest, 1);
  request->wants = wants;
  /* The client may ask for smaller batches, so that its writer starts early. */
  request->cap = max_bytes == 0 ? BN_LIMIT_BATCH_BYTES
                 : CLAMP (max_bytes, BN_LIMIT_BATCH_MIN_BYTES, BN_LIMIT_BATCH_BYTES);
  /* (bn_sync_read_batch_job always sends a first entry, even one over the cap.) */
  request->max_entries = BN_LIMIT_BATCH_ENTRIES;
  g_object_set_data_full (G_OBJECT (msg), "bn-server", g_object_ref (self), g_object_unref);
  pause_for_worker (msg);
  bn_store_worker_run_async (self->reader, bn_sync_read_batch_job, request,
                             (GDestroyNotify) bn_pull_request_free,
                             (GDestroyNotify) g_bytes_unref, NULL, pull_read_done,
                             g_object_ref (msg));
}

static void
sketch_read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  BnSyncServer *self = g_object_get_data (G_OBJECT (msg), "bn-server");
  GByteArray *answer = g_object_get_data (G_OBJECT (msg), "bn-sketch-answer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) batch = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error);

  if (batch == NULL)
    {
      g_warning ("Could not read entries for a neighbour: %s", error->message);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
  else
    {
      g_autoptr(GBytes) body = NULL;

      g_byte_array_append (answer, g_bytes_get_data (batch, NULL), g_bytes_get_size (batch));
      body = g_bytes_new (answer->data, answer->len);
      _bn_sync_server_respond (self, msg, SOUP_STATUS_OK, body, NULL);
    }
  resume_from_worker (msg);
}

static gint
compare_heads_by_author (gconstpointer a, gconstpointer b)
{
  return memcmp (((const BnHead *) a)->author, ((const BnHead *) b)->author, BN_PUBLIC_KEY_LEN);
}

static guint
element_hash (gconstpointer key)
{
  guint h;

  memcpy (&h, key, sizeof h);   /* elements are hashes already */
  return h;
}

static gboolean
element_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, BN_SKETCH_ELEMENT_LEN) == 0;
}

static gboolean
author_tag_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, BN_SKETCH_AUTHOR_TAG_LEN) == 0;
}

/* Our heads behind the elements only we have; NULL when one is not ours (a
 * false peel: the client then asks for the whole list). */
static GArray *
heads_of_elements (GHashTable *by_element, GArray *elements)
{
  g_autoptr(GArray) heads = g_array_sized_new (FALSE, TRUE, sizeof (BnHead), elements->len);

  for (guint i = 0; i < elements->len; i++)
    {
      const BnHead *head = g_hash_table_lookup (by_element, elements->data
                                                + (gsize) i * BN_SKETCH_ELEMENT_LEN);
      if (head == NULL)
        return NULL;
      g_array_append_vals (heads, head, 1);
    }
  return g_steal_pointer (&heads);
}

/* The entries to send along: for each of our heads that differ, past the seq the
 * client's element for that author says it holds, or from the start when it has
 * none for that author. */
static GArray *
wants_ahead (const BnPairKeys *keys, GArray *server_only, GArray *client_only)
{
  g_autoptr(GHashTable) client_seqs = g_hash_table_new (element_hash, author_tag_equal);
  GArray *wants = g_array_new (FALSE, TRUE, sizeof (BnHead));

  for (guint i = 0; i < client_only->len; i++)
    {
      const guint8 *e = (const guint8 *) client_only->data + (gsize) i * BN_SKETCH_ELEMENT_LEN;
      g_hash_table_insert (client_seqs, (gpointer) e, (gpointer) e);
    }
  for (guint i = 0; i < server_only->len; i++)
    {
      const BnHead *head = &g_array_index (server_only, BnHead, i);
      guint8 x[BN_SKETCH_AUTHOR_TAG_LEN];
      const guint8 *e;
      BnHead want = { 0 };

      bn_sketch_author_tag (keys, head->author, x);
      e = g_hash_table_lookup (client_seqs, x);
      memcpy (want.author, head->author, BN_PUBLIC_KEY_LEN);
      want.seq = e != NULL ? bn_get_u32 (e + BN_SKETCH_AUTHOR_TAG_LEN) : 0;
      if (want.seq < head->seq)
        g_array_append_val (wants, want);
    }
  return wants;
}

/* The answer to a sketch or a delta: the differences, then the entries of
 * @wants (taken), read on the reader thread. */
static void
answer_differences (BnSyncServer *self, SoupServerMessage *msg, GArray *server_only,
                    GArray *client_only, GArray *wants, guint32 max_bytes)
{
  BnPullRequest *request = g_new0 (BnPullRequest, 1);

  request->wants = wants;
  request->cap = max_bytes == 0 ? BN_DELTA_AHEAD_BYTES
                 : CLAMP (max_bytes, BN_LIMIT_BATCH_MIN_BYTES, BN_LIMIT_BATCH_BYTES);
  request->max_entries = BN_LIMIT_BATCH_ENTRIES;
  g_object_set_data_full (G_OBJECT (msg), "bn-sketch-answer",
                          bn_wire_encode_sketch_answer (server_only, client_only),
                          (GDestroyNotify) g_byte_array_unref);
  g_object_set_data_full (G_OBJECT (msg), "bn-server", g_object_ref (self), g_object_unref);
  pause_for_worker (msg);
  bn_store_worker_run_async (self->reader, bn_sync_read_batch_job, request,
                             (GDestroyNotify) bn_pull_request_free,
                             (GDestroyNotify) g_bytes_unref, NULL, sketch_read_done,
                             g_object_ref (msg));
}

/* POST /v2/sketch (§4.7): our heads that differ from the client's, found from
 * its sketch and ours, with the entries it lacks sent along. */
void
_bn_sync_server_handle_sketch (BnSyncServer      *self,
                               SoupServerMessage *msg,
                               BnRequestAuth     *auth)
{
  const char *if_none_match = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "If-None-Match");
  g_autoptr(GBytes) plain = _bn_sync_server_open_request (self, msg);
  const BnPairKeys *keys = _bn_sync_server_pair_keys (self, auth);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) theirs = NULL;
  g_autoptr(GBytes) ours = NULL;
  g_autoptr(GArray) heads = NULL;
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GArray) client_only = NULL;
  g_autoptr(GArray) server_only_elements = NULL;
  g_autoptr(GArray) server_only = NULL;
  g_autoptr(GHashTable) by_element = NULL;
  const char *etag;
  guint32 max_bytes = 0, n_heads = 0;

  if (plain == NULL)
    return;
  if (keys == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  if (!bn_wire_decode_sketch_request (plain, &max_bytes, &n_heads, &theirs, &error))
    {
      _bn_sync_server_refuse (self, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  etag = my_etag (self, auth, keys);
  if (g_strcmp0 (if_none_match, etag) == 0)
    {
      _bn_sync_server_respond (self, msg, SOUP_STATUS_NOT_MODIFIED, NULL, etag);
      return;
    }
  heads = bn_wire_decode_heads (my_heads (self), NULL);
  elements = bn_sketch_elements (keys, heads);
  ours = bn_sketch_table (elements, (guint) (g_bytes_get_size (theirs) / BN_SKETCH_CELL_LEN));
  by_element = g_hash_table_new (element_hash, element_equal);
  for (guint i = 0; i < elements->len; i++)
    g_hash_table_insert (by_element, elements->data + (gsize) i * BN_SKETCH_ELEMENT_LEN,
                         &g_array_index (heads, BnHead, i));
  if (bn_sketch_peel (theirs, ours, &client_only, &server_only_elements))
    server_only = heads_of_elements (by_element, server_only_elements);
  if (server_only == NULL)
    {
      static const guint8 too_different = BN_SKETCH_TOO_DIFFERENT;
      g_autoptr(GBytes) body = g_bytes_new_static (&too_different, 1);

      _bn_sync_server_respond (self, msg, SOUP_STATUS_OK, body, NULL);
      return;
    }
  g_array_sort (server_only, compare_heads_by_author);
  answer_differences (self, msg, server_only, client_only,
                      wants_ahead (keys, server_only, client_only), max_bytes);
}

/* Our heads of @version_bytes, when they are a version we had before whose ETag
 * for this pair is @etag. */
static GArray *
earlier_version (BnSyncServer *self, const BnPairKeys *keys, const char *etag)
{
  for (guint i = 0; etag != NULL && i < self->earlier_heads->len; i++)
    {
      GBytes *version = g_ptr_array_index (self->earlier_heads, i);
      g_autofree char *its_etag = bn_wire_heads_etag (keys, version);

      if (strcmp (its_etag, etag) == 0)
        return bn_wire_decode_heads (version, NULL);
    }
  return NULL;
}

/* GET /v2/delta (§4.7): the client's ETag names heads we had before; what
 * changed since, with the entries it lacks sent along. */
void
_bn_sync_server_handle_delta (BnSyncServer      *self,
                              SoupServerMessage *msg,
                              BnRequestAuth     *auth)
{
  const char *if_none_match = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "If-None-Match");
  const BnPairKeys *keys = _bn_sync_server_pair_keys (self, auth);
  g_autoptr(GArray) now = NULL;
  g_autoptr(GArray) then = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) client_only = NULL;
  GArray *wants;
  const char *etag;
  guint j = 0;

  if (keys == NULL || !auth->has_to)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  etag = my_etag (self, auth, keys);
  if (g_strcmp0 (if_none_match, etag) == 0)
    {
      _bn_sync_server_respond (self, msg, SOUP_STATUS_NOT_MODIFIED, NULL, etag);
      return;
    }
  then = earlier_version (self, keys, if_none_match);
  if (then == NULL)
    {
      static const guint8 unknown = BN_SKETCH_TOO_DIFFERENT;
      g_autoptr(GBytes) body = g_bytes_new_static (&unknown, 1);

      _bn_sync_server_respond (self, msg, SOUP_STATUS_OK, body, NULL);
      return;
    }
  /* Both lists are sorted by author, and an author never leaves them. */
  now = bn_wire_decode_heads (my_heads (self), NULL);
  changed = g_array_new (FALSE, TRUE, sizeof (BnHead));
  wants = g_array_new (FALSE, TRUE, sizeof (BnHead));
  for (guint i = 0; i < now->len; i++)
    {
      const BnHead *head = &g_array_index (now, BnHead, i);
      const BnHead *before = NULL;
      BnHead want = { 0 };

      while (j < then->len && memcmp (g_array_index (then, BnHead, j).author, head->author,
                                      BN_PUBLIC_KEY_LEN) < 0)
        j++;
      if (j < then->len && memcmp (g_array_index (then, BnHead, j).author, head->author,
                                   BN_PUBLIC_KEY_LEN) == 0)
        before = &g_array_index (then, BnHead, j);
      if (before != NULL && before->seq == head->seq && before->holes == head->holes
          && memcmp (before->id, head->id, BN_HASH_LEN) == 0)
        continue;
      g_array_append_vals (changed, head, 1);
      memcpy (want.author, head->author, BN_PUBLIC_KEY_LEN);
      want.seq = before != NULL ? before->seq : 0;
      if (want.seq < head->seq)
        g_array_append_val (wants, want);
    }
  client_only = g_array_new (FALSE, FALSE, BN_SKETCH_ELEMENT_LEN);
  answer_differences (self, msg, changed, client_only, wants, 0);
}

static void
push_insert_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  BnSyncServer *self = g_object_get_data (G_OBJECT (msg), "bn-server");
  g_autoptr(GError) error = NULL;
  g_autoptr(BnInsertOutcome) outcome = bn_store_worker_insert_finish (BN_STORE_WORKER (source),
                                                                      result, &error);
  guint8 counts[12];

  if (outcome == NULL)
    {
      g_warning ("%s", error->message);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      resume_from_worker (msg);
      return;
    }
  for (guint i = 0; outcome->counts.reasons != NULL && i < outcome->counts.reasons->len; i++)
    g_message ("Refused entries pushed by %s: %s", soup_server_message_get_remote_host (msg),
               (char *) g_ptr_array_index (outcome->counts.reasons, i));
  bn_put_u32 (counts, outcome->counts.added);
  bn_put_u32 (counts + 4, outcome->counts.known);
  bn_put_u32 (counts + 8, outcome->counts.refused
              + GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "bn-refused-frames")));
  {
    g_autoptr(GBytes) body = g_bytes_new (counts, sizeof counts);
    _bn_sync_server_respond (self, msg, SOUP_STATUS_OK, body, NULL);
  }
  {
    /* Written as the live links write theirs, to find the pusher's. */
    g_autofree char *host = bn_sync_remote_host (soup_server_message_get_remote_address (msg));

    resume_from_worker (msg);
    _bn_sync_server_emit_stored (self, outcome, host);
  }
}

void
_bn_sync_server_handle_push (BnSyncServer      *self,
                             SoupServerMessage *msg)
{
  g_autoptr(GBytes) plain = _bn_sync_server_open_request (self, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gsize len = 0;
  const guint8 *data;
  guint refused = 0;

  if (plain == NULL)
    return;
  data = g_bytes_get_data (plain, &len);
  entries = bn_wire_decode_frames (data, len, &refused, &error);
  if (error != NULL)
    g_message ("Refused %u entr%s of a batch pushed by %s: %s", refused, refused == 1 ? "y" : "ies",
               soup_server_message_get_remote_host (msg), error->message);
  g_object_set_data (G_OBJECT (msg), "bn-refused-frames", GUINT_TO_POINTER (refused));
  g_object_set_data_full (G_OBJECT (msg), "bn-server", g_object_ref (self), g_object_unref);
  pause_for_worker (msg);
  /* Small pushes (a neighbour's new posts) are folded at once; big ones (a
   * catch-up pushed to us) when the writer is idle. */
  bn_store_worker_insert_async (self->writer, entries, entries->len <= BN_LIMIT_LIVE_ENTRIES
                                ? BN_FOLD_NOW : BN_FOLD_WHEN_IDLE,
                                NULL, push_insert_done, g_object_ref (msg));
}

void
_bn_sync_server_handle_join (BnSyncServer      *self,
                             SoupServerMessage *msg)
{
  g_autoptr(GBytes) request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GBytes) welcome = NULL;
  BnJoinAnswer answer = bn_home_answer_join (self->home, request, &welcome);
  guint8 reason = (guint8) answer;

  switch (answer)
    {
    case BN_JOIN_WELCOME:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      if (welcome != NULL)
        soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                          g_bytes_get_data (welcome, NULL),
                                          g_bytes_get_size (welcome));
      break;
    case BN_JOIN_UNKNOWN_INVITE:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      break;
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_GONE, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        (const char *) &reason, 1);
    }
}
