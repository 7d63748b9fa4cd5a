/* bn-sync-node-forward.c — noticing new entries (our own posts, a CLI post in
 * another process, a neighbour's batch) and forwarding them over every live link,
 * and the WAL checkpoints that keep commits short
 *
 * New entries are found three ways, all funnelled into bn_sync_node_forward():
 * the main store's entries-added (posts made in this process), the writer thread's
 * outcomes (entries from neighbours), and PRAGMA data_version polled every 20 ms
 * (commits by another process on the same data directory, such as a CLI post while
 * `serve` runs). A per-author "announced" sequence number keeps each entry from
 * being forwarded twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-node-private.h"

#include <string.h>

static guint64 *
announced_seq (BnSyncNode *self, const guint8 *author)
{
  g_autoptr(GBytes) key = g_bytes_new (author, BN_PUBLIC_KEY_LEN);
  guint64 *seq = g_hash_table_lookup (self->announced, key);

  if (seq == NULL)
    {
      seq = g_new0 (guint64, 1);
      g_hash_table_insert (self->announced, g_steal_pointer (&key), seq);
    }
  return seq;
}

static void
send_to_links (BnSyncNode *self, GPtrArray *fresh, BnPeerState *source)
{
  GHashTableIter iter;
  BnPeerState *state;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    {
      if (state == source || state->link == NULL || !bn_link_is_ready (state->link))
        continue;
      if (bn_link_send_entries (state->link, fresh))
        bn_peer_add_entries (state->peer, 0, fresh->len);
      else
        bn_node_peers_request_sync (state);   /* too much for a live message */
    }
}

/**
 * bn_sync_node_forward:
 * @entries: (element-type BnEntry): newly stored entries, ordered by author and seq
 * @source: (nullable): the peer they came from, which needs no copy
 *
 * Sends what has not been forwarded yet to every live link.
 */
void
bn_sync_node_forward (BnSyncNode  *self,
                      GPtrArray   *entries,
                      BnPeerState *source)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();

  bn_sync_server_heads_changed (self->server);
  for (guint i = 0; i < entries->len; i++)
    {
      BnEntry *entry = g_ptr_array_index (entries, i);
      guint64 *seq = announced_seq (self, entry->author);

      if (entry->seq <= *seq)
        continue;
      *seq = entry->seq;
      g_ptr_array_add (fresh, entry);
    }
  if (fresh->len > 0)
    send_to_links (self, fresh, source);
}

void
bn_node_forward_local (BnStore *store, GPtrArray *entries, BnSyncNode *self)
{
  bn_sync_node_forward (self, entries, NULL);
}

/* Another process committed (a CLI post, a `peer add`, or our own writer thread):
 * forward what is new since the last look. */
static void
forward_new_heads (BnSyncNode *self)
{
  BnStore *store = bn_home_get_store (self->home);
  g_autoptr(GArray) heads = bn_store_list_heads (store);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  gboolean bulk = FALSE;

  for (guint i = 0; i < heads->len && !bulk; i++)
    {
      BnHead *head = &g_array_index (heads, BnHead, i);
      guint64 *seq = announced_seq (self, head->author);
      g_autoptr(GPtrArray) entries = NULL;

      if (head->seq <= *seq)
        continue;
      if (head->seq - *seq > BN_WIRE_LIVE_MAX_ENTRIES
          || fresh->len + (head->seq - *seq) > BN_WIRE_LIVE_MAX_ENTRIES)
        {
          bulk = TRUE;
          break;
        }
      entries = bn_store_get_entries_after (store, head->author, *seq, BN_WIRE_LIVE_MAX_ENTRIES);
      for (guint j = 0; j < entries->len; j++)
        g_ptr_array_add (fresh, bn_entry_ref (g_ptr_array_index (entries, j)));
    }
  if (!bulk)
    {
      bn_sync_node_forward (self, fresh, NULL);
      return;
    }
  /* Too much for live messages: note it as announced and let sessions carry it. */
  for (guint i = 0; i < heads->len; i++)
    {
      BnHead *head = &g_array_index (heads, BnHead, i);
      guint64 *seq = announced_seq (self, head->author);
      *seq = MAX (*seq, head->seq);
    }
  bn_sync_server_heads_changed (self->server);
  {
    GHashTableIter iter;
    BnPeerState *state;

    g_hash_table_iter_init (&iter, self->states);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
      if (state->link != NULL && bn_link_is_ready (state->link))
        bn_node_peers_request_sync (state);
  }
}

gboolean
bn_node_forward_poll (gpointer user_data)
{
  BnSyncNode *self = user_data;
  guint64 version = bn_store_data_version (bn_home_get_store (self->home));

  if (version != self->data_version)
    {
      self->data_version = version;
      forward_new_heads (self);
      bn_node_peers_load (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
checkpoint_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BnSyncNode) self = user_data;
  g_autoptr(GError) error = NULL;

  self->checkpointing = FALSE;
  if (bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error) == NULL)
    g_debug ("WAL checkpoint: %s", error->message);
}

/* WAL checkpoints (with their fsync) happen here, on the reader thread, instead of
 * inside whichever commit crosses the limit: the writer's and the main loop's
 * connections have automatic checkpoints off while the node runs. */
gboolean
bn_node_forward_checkpoint (gpointer user_data)
{
  BnSyncNode *self = user_data;

  if (!self->checkpointing)
    {
      self->checkpointing = TRUE;
      bn_store_worker_checkpoint_async (self->reader, checkpoint_done, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

void
bn_node_forward_mark_all (BnSyncNode *self)
{
  g_autoptr(GArray) heads = bn_store_list_heads (bn_home_get_store (self->home));

  for (guint i = 0; i < heads->len; i++)
    {
      BnHead *head = &g_array_index (heads, BnHead, i);
      *announced_seq (self, head->author) = head->seq;
    }
}
