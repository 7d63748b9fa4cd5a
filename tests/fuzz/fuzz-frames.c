/* fuzz-frames.c — entry frames and headers as they arrive in a pull, a push, a
 * live batch or a log file, and the checks each entry then gets: its signature,
 * its payload against the signed hash, the neighbourhood envelope, the payload
 * JSON (a private body sealed to us included)
 *
 * Oracles besides the sanitizers: a frame that decodes re-encodes to exactly the
 * bytes it was read from, and an entry's ID is the hash of its header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-payload.h"
#include "bn-wire.h"

#include <string.h>

static void
check_entry (const BnFuzzWorld *world, BnEntry *entry)
{
  guint8 id[BN_HASH_LEN];
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnEntry) again = NULL;
  g_autoptr(BnEntry) bare = NULL;

  bn_hash (id, entry->raw, BN_HEADER_LEN);
  if (memcmp (id, entry->id, BN_HASH_LEN) != 0)
    g_error ("an entry's ID is not the hash of its header");
  again = bn_entry_new_from_header (entry->raw, BN_HEADER_LEN, entry->payload, NULL);
  if (again == NULL || memcmp (again->id, entry->id, BN_HASH_LEN) != 0
      || again->seq != entry->seq || again->payload_len != entry->payload_len)
    g_error ("a header that was read once does not read the same again");
  bare = bn_entry_without_payload (entry);
  bn_entry_verify_signature (entry);
  if (bn_entry_check_payload (entry, NULL) && bn_payload_check_envelope (world->hood->keys, entry, NULL))
    object = bn_payload_decrypt (world->hood->keys, world->authors[BN_FUZZ_ME], entry, NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  BnEntry *header = bn_entry_new_from_header (data, size, NULL, NULL);
  gsize offset = 0;

  /* Frame by frame, as a log file is read: each one must re-encode to its bytes. */
  while (offset < size)
    {
      gsize consumed = 0;
      g_autoptr(BnEntry) entry = bn_entry_read_frame (data + offset, size - offset, &consumed, NULL);
      g_autoptr(GByteArray) again = g_byte_array_new ();

      if (entry == NULL)
        break;
      if (consumed == 0 || consumed > size - offset)
        g_error ("a frame said it used %zu of %zu bytes", consumed, size - offset);
      bn_entry_write_frame (entry, again);
      if (again->len != consumed || memcmp (again->data, data + offset, consumed) != 0)
        g_error ("a frame does not re-encode to the bytes it was read from");
      if (bn_wire_frame_size (entry) != consumed)
        g_error ("bn_wire_frame_size disagrees with the frame read");
      check_entry (world, entry);
      offset += consumed;
    }

  /* A whole batch, as a pull or push body is read, and a bare header, as the
   * store hands it to bn_entry_new_from_header. */
  {
    guint refused = 0;
    g_ptr_array_unref (bn_wire_decode_frames (data, size, &refused, NULL));
  }
  g_clear_pointer (&header, bn_entry_unref);
  return 0;
}
