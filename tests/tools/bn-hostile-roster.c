/* bn-hostile-roster.c — writes the log of a hostile member for tests and
 * benchmarks: the member whose data directory is given admits a new member (the
 * admission in its own log), whose N roster entries go to the file given, as
 * "buurtnet-cli log export" would write them. With --concurrent (the attack)
 * their `after` lists leave each other out, so that every one is concurrent
 * with every other (docs/protocol.md §9.1); with --chained each names the one
 * before, as an honest peer writes them; with --puppets the member admits N/2
 * identities of their own, each of which writes one invite after its own
 * admission only (all chained, the puppets' entries concurrent).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-testgen.h"

#include <stdlib.h>

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) member = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gboolean chained, puppets;

  if (argc != 5 || (g_strcmp0 (argv[1], "--concurrent") != 0 && g_strcmp0 (argv[1], "--chained") != 0
                    && g_strcmp0 (argv[1], "--puppets") != 0))
    {
      g_printerr ("usage: bn-hostile-roster --concurrent|--chained|--puppets MEMBER_DATA_DIR N OUT_FILE\n");
      return 2;
    }
  chained = g_strcmp0 (argv[1], "--chained") == 0;
  puppets = g_strcmp0 (argv[1], "--puppets") == 0;
  if ((member = bn_home_open (argv[2], FALSE, &error)) == NULL)
    {
      g_printerr ("bn-hostile-roster: %s\n", error->message);
      return 1;
    }
  entries = puppets ? bn_testgen_puppet_roster (member, (guint) atoi (argv[3]) / 2)
                    : bn_testgen_hostile_roster (member, (guint) atoi (argv[3]), chained);
  g_byte_array_append (out, (const guint8 *) BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN);
  for (guint i = 0; i < entries->len; i++)
    bn_entry_write_frame (g_ptr_array_index (entries, i), out);
  if (!g_file_set_contents (argv[4], (const char *) out->data, out->len, &error))
    {
      g_printerr ("bn-hostile-roster: %s\n", error->message);
      return 1;
    }
  return 0;
}
