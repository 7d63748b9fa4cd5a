/* bn-store-peers.h — the neighbours’ machines a data directory remembers
 *
 * The peers table belongs to the store like every other table: the peer manager
 * (src/net) saves what it learns about an address here, and `buurtnet-cli peers`
 * lists it from another process while a `serve` runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-store.h"

G_BEGIN_DECLS

/**
 * BnPeerRecord:
 * @address: "host:port"
 * @source: how we learnt the address: "manual", "mdns", "incoming" or "stored"
 * @peer_id: (nullable): the neighbour's peer ID, once it greeted us
 * @last_seen: when a link to it was last up, in ms since the epoch; 0: never
 * @last_sync: when we were last level with it, in ms since the epoch; 0: never
 * @failures: failed attempts since the last success
 * @entries_in: entries it gave us, over all runs
 * @entries_out: entries we gave it, over all runs
 * @failure: (nullable): why the last failed attempt failed, in a word:
 *   "no-answer", "refused", "not-member", "removed", "clock", "busy" or "other"
 *   (see bn_store_note_peer_failure())
 * @failure_at: when that was, in ms since the epoch; 0: never failed
 * @failure_message: (nullable): the error as the peer manager saw it
 *
 * One row of the peers table, as a plain value.
 */
typedef struct
{
  char    *address;
  char    *source;
  char    *peer_id;
  gint64   last_seen;
  gint64   last_sync;
  guint    failures;
  guint64  entries_in;
  guint64  entries_out;
  char    *failure;
  gint64   failure_at;
  char    *failure_message;
} BnPeerRecord;

void       bn_peer_record_free (BnPeerRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnPeerRecord, bn_peer_record_free)

gboolean   bn_store_save_peer  (BnStore            *self,
                                const BnPeerRecord *record,
                                GError            **error);
GPtrArray *bn_store_list_peers (BnStore            *self);
gboolean   bn_store_note_peer_failure (BnStore    *self,
                                       const char *address,
                                       const char *failure,
                                       const char *message,
                                       gint64      when_ms,
                                       GError    **error);

G_END_DECLS
