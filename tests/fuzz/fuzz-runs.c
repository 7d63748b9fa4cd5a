/* fuzz-runs.c — runs of one author's entries as the store verifies them (docs/
 * protocol.md §4.2-4.3): the input describes entries, and this target signs them
 * with the real keys of the neighbourhood's authors, so that what the fuzzer
 * varies is what verification is about (numbers, links, forks, gaps, signatures,
 * payloads, batch boundaries) rather than signatures no input could forge.
 *
 * Each entry is described by 4 bytes and its payload:
 *   author (mod 4) | seq: 0 next, 1 again, 2 one skipped, 3 byte given |
 *   link: 0 right, 1 the anchor, 2 the one before, 3 zeros |
 *   flags: 1 payload erased, 2 sealed, 4 spoil the signature, 8 spoil the payload,
 *          16 end the batch here, 32 same timestamp as before, 64 a version 1 header |
 *   payload length byte, then that many bytes of JSON (with @eN@/@aN@ placeholders)
 * The store must still pass `verify` and keep every honest entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"

#include <string.h>

typedef struct
{
  guint64 seq;
  guint8  id[BN_HASH_LEN];
  guint8  before[BN_HASH_LEN];
} AuthorState;

static void
flush (BnStore *store, GPtrArray *batch)
{
  g_autoptr(GError) error = NULL;
  BnInsertResult result = { 0 };

  if (!bn_store_insert_entries (store, batch, &result, &error))
    g_error ("a database error on a healthy disk: %s", error->message);
  bn_insert_result_clear (&result);
  g_ptr_array_set_size (batch, 0);
}

static BnEntry *
spoil (BnEntry *entry, gboolean signature, gboolean payload)
{
  guint8 raw[BN_HEADER_LEN];
  g_autoptr(GBytes) other = NULL;
  BnEntry *spoiled;

  memcpy (raw, entry->raw, BN_HEADER_LEN);
  if (signature)
    raw[BN_HEADER_OFF_SIGNATURE + entry->seq % 64] ^= 0x20;
  if (payload && entry->payload != NULL && g_bytes_get_size (entry->payload) > 0)
    {
      gsize len = 0;
      guint8 *copy = g_memdup2 (g_bytes_get_data (entry->payload, &len), len);
      copy[len / 2] ^= 0x01;
      other = g_bytes_new_take (copy, len);
    }
  spoiled = bn_entry_new_from_header (raw, BN_HEADER_LEN,
                                      other != NULL ? other : entry->payload, NULL);
  bn_entry_unref (entry);
  return spoiled;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  AuthorState authors[BN_FUZZ_AUTHORS];
  gint64 timestamp = BN_FUZZ_EPOCH_MS + 3600 * 1000;
  BnStore *store = bn_fuzz_store_open ();
  gsize off = 0;

  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    {
      authors[a].seq = bn_fuzz_baseline_head (a, authors[a].id);
      memcpy (authors[a].before, world->hood->anchor, BN_HASH_LEN);
    }
  while (off + 5 <= size && batch->len < 64)
    {
      guint a = data[off] % BN_FUZZ_AUTHORS;
      guint8 seq_mode = data[off + 1] & 3, link_mode = data[off + 2] & 3, flags = data[off + 3];
      gsize json_len = MIN (data[off + 4], size - off - 5);
      AuthorState *state = &authors[a];
      guint64 seq = seq_mode == 0 ? state->seq + 1
                    : seq_mode == 1 ? MAX (state->seq, 1)
                    : seq_mode == 2 ? state->seq + 2 : (guint64) (data[off + 1] >> 2);
      const guint8 zeros[BN_HASH_LEN] = { 0 };
      const guint8 *link = link_mode == 0 ? (seq == 1 ? world->hood->anchor : state->id)
                           : link_mode == 1 ? world->hood->anchor
                           : link_mode == 2 ? state->before : zeros;
      gsize expanded_len = 0;
      g_autofree char *json = bn_fuzz_expand_placeholders ((const char *) data + off + 5, json_len,
                                                           &expanded_len);
      g_autoptr(GBytes) payload = bn_fuzz_seal_payload (a, seq, json, expanded_len, flags & 2);
      BnEntry *entry;

      off += 5 + json_len;
      if (!(flags & 32))
        timestamp += 1000;
      entry = bn_fuzz_sign (a, (flags & 64) ? 1 : 2, seq, link, timestamp, payload);
      if (flags & 1)
        {
          BnEntry *erased = bn_entry_without_payload (entry);
          bn_entry_unref (entry);
          entry = erased;
        }
      if (flags & (4 | 8))
        entry = spoil (entry, flags & 4, flags & 8);
      if (entry == NULL)
        continue;
      if (seq == state->seq + 1)
        {
          memcpy (state->before, state->id, BN_HASH_LEN);
          memcpy (state->id, entry->id, BN_HASH_LEN);
          state->seq = seq;
        }
      g_ptr_array_add (batch, entry);
      if (flags & 16)
        flush (store, batch);
    }
  flush (store, batch);
  bn_fuzz_store_close (store);
  return 0;
}
