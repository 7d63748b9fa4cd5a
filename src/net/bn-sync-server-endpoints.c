/* bn-sync-server-endpoints.c — what the sync server answers, once the gate
 * admitted a request and libsoup read its body: GET /v2/heads, POST /v2/pull,
 * POST /v2/push and POST /v2/join (docs/sync-protocol.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-server-private.h"
#include "bn-sync-node.h"

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

void
_bn_sync_server_handle_heads (BnSyncServer      *self,
                              SoupServerMessage *msg,
                              BnRequestAuth     *auth)
{
  const char *if_none_match = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "If-None-Match");
  GBytes *heads = my_heads (self);
  const BnPairKeys *keys = _bn_sync_server_pair_keys (self, auth);
  char *etag;

  if (keys == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }
  etag = g_hash_table_lookup (self->etags, auth->peer_id);
  if (etag == NULL)
    {
      if (g_hash_table_size (self->etags) >= BN_LIMIT_PAIR_KEYS)
        g_hash_table_remove_all (self->etags);
      etag = bn_wire_heads_etag (keys, heads);
      g_hash_table_insert (self->etags, g_strdup (auth->peer_id), etag);
    }
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
  soup_server_message_unpause (msg);
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
  soup_server_message_pause (msg);
  bn_store_worker_run_async (self->reader, bn_sync_read_batch_job, request,
                             (GDestroyNotify) bn_pull_request_free,
                             (GDestroyNotify) g_bytes_unref, NULL, pull_read_done,
                             g_object_ref (msg));
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
      soup_server_message_unpause (msg);
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
  soup_server_message_unpause (msg);
  _bn_sync_server_emit_stored (self, outcome, soup_server_message_get_remote_host (msg));
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
  soup_server_message_pause (msg);
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
