/* fuzz-log-import.c — a log file (`buurtnet-cli log import`) into a real store in a
 * temporary data directory that already holds honest logs: whatever the file
 * holds, the store must still pass `verify` and keep every honest entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  BnStore *store = bn_fuzz_store_open ();

  bn_fuzz_import_log (store, data, size);
  bn_fuzz_store_close (store);
  return 0;
}
