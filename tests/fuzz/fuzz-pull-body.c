/* fuzz-pull-body.c — the plain body of a pull response (flags, then frames), or of
 * a push, into a real store as the sync session stores it: batch by batch, folded.
 * The store must still pass `verify` and keep every honest entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-wire.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  BnStore *store;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  BnInsertResult result = { 0 };
  guint refused = 0;

  if (size < 1)
    return 0;
  store = bn_fuzz_store_open ();
  entries = bn_wire_decode_frames (data + 1, size - 1, &refused, NULL);
  if (!bn_store_insert_entries (store, entries, &result, &error))
    g_error ("a database error on a healthy disk: %s", error->message);
  if (result.added + result.known + result.refused < entries->len)
    g_error ("%u entries went in, but only %u were counted", entries->len,
             result.added + result.known + result.refused);
  bn_insert_result_clear (&result);
  bn_fuzz_store_close (store);
  return 0;
}
