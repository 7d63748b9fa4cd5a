/* bn-append-entry.c — appends an entry with the payload JSON given to a data
 * directory's own log, sealed with the current key and checked by nothing, the
 * way a modified client would write it; for tests of what peers do with entries
 * the real front ends refuse to write (a hide by a neighbour who is no connector).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-core.h"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) home = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autofree char *id = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: bn-append-entry DATA_DIR JSON\n");
      return 2;
    }
  if ((home = bn_home_open (argv[1], FALSE, &error)) == NULL
      || (object = bn_json_object_from_string (argv[2])) == NULL
      || (entry = bn_store_append_local (bn_home_get_store (home), object, NULL, &error)) == NULL)
    {
      g_printerr ("bn-append-entry: %s\n", error ? error->message : "the JSON is not an object");
      return 1;
    }
  id = bn_entry_dup_id_hex (entry);
  g_print ("%s\n", id);
  return 0;
}
