/* bn-make-log.c — writes a log file of many authors' entries for a neighbourhood,
 * as "buurtnet-cli log export" would; for tests and benchmarks. The member whose
 * data directory is given admits the authors (an invite and the admissions in
 * its own log, not in the file): whoever has that member's log folds the file's
 * posts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-testgen.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) member = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (argc != 5)
    {
      g_printerr ("usage: bn-make-log MEMBER_DATA_DIR AUTHORS ENTRIES_PER_AUTHOR OUT_FILE\n");
      return 2;
    }
  if ((member = bn_home_open (argv[1], FALSE, &error)) == NULL)
    {
      g_printerr ("bn-make-log: %s\n", error->message);
      return 1;
    }
  entries = bn_testgen_make_logs (member, (guint) atoi (argv[2]), (guint) atoi (argv[3]));
  g_byte_array_append (out, (const guint8 *) BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN);
  for (guint i = 0; i < entries->len; i++)
    bn_entry_write_frame (g_ptr_array_index (entries, i), out);
  if (!g_file_set_contents (argv[4], (const char *) out->data, out->len, &error))
    {
      g_printerr ("bn-make-log: %s\n", error->message);
      return 1;
    }
  return 0;
}
