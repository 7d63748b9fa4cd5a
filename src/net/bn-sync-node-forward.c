/* bn-sync-node-forward.c — forwarding new entries over every live link
 *
 * Whatever notices new entries (bn-sync-node-watch.c: this process's posts, the
 * writer's jobs, another process's commits; bn-sync-node-links.c and
 * bn-sync-node-peers.c: entries from neighbours) hands them to
 * _bn_sync_node_forward(). A per-author "announced" sequence number keeps each
 * entry from being forwarded twice, and the neighbour an entry came from gets no
 * copy back.
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
        _bn_sync_node_peers_request_sync (state);   /* too much for a live message */
    }
}

/**
 * _bn_sync_node_forward:
 * @entries: (element-type BnEntry): newly stored entries, ordered by author and seq
 * @source: (nullable): the peer they came from, which needs no copy
 *
 * Sends what has not been forwarded yet to every live link.
 */
void
_bn_sync_node_forward (BnSyncNode  *self,
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

/* Too much for live messages: every linked neighbour runs a session instead. */
static void
sync_with_every_link (BnSyncNode *self)
{
  GHashTableIter iter;
  BnPeerState *state;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    if (state->link != NULL && bn_link_is_ready (state->link))
      _bn_sync_node_peers_request_sync (state);
}

/**
 * _bn_sync_node_forward_new_heads:
 *
 * Forwards what another connection committed since the last look (a CLI post in
 * another process, a `log import`): heads past what we announced.
 */
void
_bn_sync_node_forward_new_heads (BnSyncNode *self)
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
      if (head->seq - *seq > BN_LIMIT_LIVE_ENTRIES
          || fresh->len + (head->seq - *seq) > BN_LIMIT_LIVE_ENTRIES)
        {
          bulk = TRUE;
          break;
        }
      entries = bn_store_get_entries_after (store, head->author, *seq, BN_LIMIT_LIVE_ENTRIES);
      for (guint j = 0; j < entries->len; j++)
        g_ptr_array_add (fresh, bn_entry_ref (g_ptr_array_index (entries, j)));
    }
  if (!bulk)
    {
      _bn_sync_node_forward (self, fresh, NULL);
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
  sync_with_every_link (self);
}

/* At start: what is stored already needs no forwarding; sessions carry it. */
void
_bn_sync_node_mark_all_announced (BnSyncNode *self)
{
  g_autoptr(GArray) heads = bn_store_list_heads (bn_home_get_store (self->home));

  for (guint i = 0; i < heads->len; i++)
    {
      BnHead *head = &g_array_index (heads, BnHead, i);
      *announced_seq (self, head->author) = head->seq;
    }
}
