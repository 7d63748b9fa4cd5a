/* fuzz-payload.c — payload JSON through the reducer: every chunk of the input
 * (chunks end at a NUL byte) becomes an entry of one of the neighbourhood's
 * authors, properly signed and sealed, on top of honest logs with a roster,
 * profiles, posts, replies, an accept, thanks, an edit and a delete. The fold
 * must take any JSON object of any type, roster entries included; the read
 * models must read the result; expiry and a full rebuild must run over it; and
 * the store must still pass `verify`.
 *
 * A chunk's first byte: the author (bits 0-1; 3 is a newcomer nobody admitted,
 * whose entries are held), sealed to me (bit 2), an hour later than the chunk
 * before (bit 3, else the same second). The rest is JSON with the placeholders
 * of bn-fuzz.h (@eN@ for honest entry N, @aN@ for author N, ...).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"

#include <string.h>

#define MAX_CHUNKS 16

/* Serialised as `--json` prints it, so that every string of the model is read. */
static void
print_json (JsonNode *node)
{
  g_free (json_to_string (node, FALSE));
  json_node_unref (node);
}

static void
read_post (BnStore *store, const guint8 *me, const BnPost *listed)
{
  guint8 id[BN_HASH_LEN];
  GPtrArray *notes;
  BnPost *post;

  print_json (bn_post_to_json (listed));
  if (!bn_hex_decode (listed->id, id, BN_HASH_LEN))
    g_error ("a listed post has the ID “%s”", listed->id);
  if ((post = bn_store_get_post (store, me, id)) == NULL)
    g_error ("a listed post cannot be shown");
  bn_post_free (post);
  notes = bn_store_list_replies (store, id);
  for (guint i = 0; i < notes->len; i++)
    print_json (bn_note_to_json (g_ptr_array_index (notes, i)));
  g_ptr_array_unref (notes);
  g_ptr_array_unref (bn_store_list_thanks (store, id));
}

/* What the front ends show: lists, one post at a time, the connector's figures. */
static void
read_models (BnStore *store, const guint8 *me)
{
  g_autoptr(GPtrArray) posts = bn_store_list_posts (store, me, NULL, NULL);
  g_autoptr(GPtrArray) profiles = bn_store_list_profiles (store, me);

  for (guint i = 0; i < posts->len; i++)
    read_post (store, me, g_ptr_array_index (posts, i));
  for (guint i = 0; i < profiles->len; i++)
    print_json (bn_profile_to_json (g_ptr_array_index (profiles, i)));
  g_ptr_array_unref (bn_store_list_connectors (store));
  g_ptr_array_unref (bn_store_list_category_stats (store, BN_FUZZ_EPOCH_MS));
  g_ptr_array_unref (bn_store_list_waiting_requests (store, me, BN_FUZZ_EPOCH_MS));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GError) error = NULL;
  BnInsertResult result = { 0 };
  guint8 heads[BN_FUZZ_AUTHORS][BN_HASH_LEN];
  guint64 seqs[BN_FUZZ_AUTHORS];
  gint64 timestamp = BN_FUZZ_EPOCH_MS + 3600 * 1000;
  BnStore *store;
  gsize off = 0;

  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    seqs[a] = bn_fuzz_baseline_head (a, heads[a]);
  while (off < size && batch->len < MAX_CHUNKS)
    {
      const guint8 *end = memchr (data + off, 0, size - off);
      gsize chunk_len = (end != NULL ? (gsize) (end - data) : size) - off;
      guint8 control = chunk_len > 0 ? data[off] : 0;
      guint a = (control & 3) % BN_FUZZ_AUTHORS;
      gsize json_len = 0;
      g_autofree char *json = chunk_len > 0
        ? bn_fuzz_expand_placeholders ((const char *) data + off + 1, chunk_len - 1, &json_len)
        : g_strdup ("");
      g_autoptr(GBytes) payload = bn_fuzz_seal_payload (a, seqs[a] + 1, json, json_len,
                                                        control & 4);
      BnEntry *entry;

      off += chunk_len + 1;
      if (g_bytes_get_size (payload) > BN_PAYLOAD_MAX)
        continue;
      if (control & 8)
        timestamp += 3600 * 1000;
      entry = bn_fuzz_sign (a, 2, ++seqs[a], heads[a], timestamp, payload);
      memcpy (heads[a], entry->id, BN_HASH_LEN);
      g_ptr_array_add (batch, entry);
    }

  store = bn_fuzz_store_open ();
  if (!bn_store_insert_entries (store, batch, &result, &error))
    g_error ("a database error on a healthy disk: %s", error->message);
  if (result.added != batch->len)
    g_error ("%u signed entries with hostile payloads, but only %u stored", batch->len,
             result.added);
  bn_insert_result_clear (&result);
  read_models (store, world->authors[BN_FUZZ_ME]->public_key);
  /* Years later: every post with an expiry has expired. */
  bn_store_expire (store, BN_FUZZ_EPOCH_MS + G_GINT64_CONSTANT (100) * 365 * 24 * 3600 * 1000,
                   &error);
  if (error != NULL)
    g_error ("expiry failed: %s", error->message);
  if (!bn_store_rebuild (store, &error))
    g_error ("the rebuild failed: %s", error->message);
  bn_fuzz_store_close (store);
  return 0;
}
