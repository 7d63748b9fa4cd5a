/* bn-cli-log.c — "log export FILE" and "log import FILE"
 *
 * The file is the wire format: an 8-byte magic, then join messages (a
 * newcomer's request, or the welcomes this peer owes), then one frame per entry
 * (flags | header | payload), every author's log in order. Two neighbours with
 * no network in common join and sync this way. See docs/protocol.md §7, §10.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Entries per transaction on import: a crash keeps whole batches only. Each
 * commit writes again every page of the entries' ID index it touched, and the
 * IDs are random: 20,000 per commit write a quarter less than 5,000 did. */
#define IMPORT_BATCH 20000

/* While importing, the WAL is checkpointed when it passes 64 MiB rather than
 * 4 MiB: a checkpoint copies the newest version of each page once, so fewer of
 * them copy the same index pages less often (100k entries: 373 MB read and
 * written in all instead of 505 MB). */
#define IMPORT_AUTOCHECKPOINT_PAGES 16384

typedef struct
{
  FILE   *file;
  guint64 count;
  gboolean failed;
} ExportState;

static gboolean
export_one (BnEntry *entry, gpointer user_data)
{
  ExportState *state = user_data;
  g_autoptr(GByteArray) frame = g_byte_array_sized_new (1 + BN_HEADER_LEN + entry->payload_len);

  bn_entry_write_frame (entry, frame);
  if (fwrite (frame->data, 1, frame->len, state->file) != frame->len)
    {
      state->failed = TRUE;
      return FALSE;
    }
  state->count++;
  return TRUE;
}

/* Welcomes are sent by file for a month after an admission: the newcomer may
 * take a while to come back with a memory stick. */
#define WELCOME_BY_FILE_MS (G_GINT64_CONSTANT (30) * 24 * 3600 * 1000)

static gboolean
write_message (FILE *file, guint8 kind, GBytes *bytes)
{
  gsize len = g_bytes_get_size (bytes);
  guint8 head[3] = { kind, (guint8) (len >> 8), (guint8) len };

  return len <= G_MAXUINT16 && fwrite (head, 1, sizeof head, file) == sizeof head
         && fwrite (g_bytes_get_data (bytes, NULL), 1, len, file) == len;
}

/* A newcomer's request, or the welcomes this member owes. */
static gboolean
write_messages (BnHome *home, FILE *file, guint *n_welcomes)
{
  g_autoptr(GBytes) request = bn_home_get_join_request (home);
  g_autoptr(GPtrArray) welcomes = NULL;

  *n_welcomes = 0;
  if (request != NULL)
    return write_message (file, BN_LOG_MESSAGE_JOIN_REQUEST, request);
  if (bn_home_get_hood (home) == NULL)
    return TRUE;
  welcomes = bn_home_make_my_welcomes (home, g_get_real_time () / 1000 - WELCOME_BY_FILE_MS);
  for (guint i = 0; i < welcomes->len; i++)
    {
      if (!write_message (file, BN_LOG_MESSAGE_WELCOME, g_ptr_array_index (welcomes, i)))
        return FALSE;
      (*n_welcomes)++;
    }
  return TRUE;
}

/* Written to FILE.tmp and renamed, so a full disk never leaves half a file. */
static int
log_export (BnHome *home, const char *path)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) request = bn_home_get_join_request (home);
  ExportState state = { 0 };
  guint n_welcomes = 0;
  int saved;

  state.file = g_fopen (tmp, "wb");
  if (state.file == NULL)
    return bn_cli_fail (_("Could not write %s: %s"), path, g_strerror (errno));
  if (fwrite (BN_LOG_FILE_MAGIC, 1, BN_LOG_FILE_MAGIC_LEN, state.file) != BN_LOG_FILE_MAGIC_LEN
      || !write_messages (home, state.file, &n_welcomes)
      || !bn_store_foreach_entry (bn_home_get_store (home), export_one, &state, &error)
      || state.failed || fflush (state.file) != 0 || fsync (fileno (state.file)) != 0)
    {
      saved = errno;
      fclose (state.file);
      g_unlink (tmp);
      if (error != NULL)
        return bn_cli_fail_error (error);
      return bn_cli_fail (_("Could not write %s: %s"), path, g_strerror (saved));
    }
  if (fclose (state.file) != 0 || g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return bn_cli_fail (_("Could not write %s: %s"), path, g_strerror (saved));
    }
  if (request != NULL)
    g_print (_("Wrote your request to join to %s. Give it to the neighbour who invited you; "
               "import the file they give back with “buurtnet-cli log import FILE”.\n"), path);
  else
    g_print (_("Exported %llu entries to %s\n"), (unsigned long long) state.count, path);
  if (n_welcomes > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "It also holds the welcome of %u neighbour you admitted.\n",
                          "It also holds the welcomes of %u neighbours you admitted.\n",
                          n_welcomes), n_welcomes);
  return 0;
}

/* A join request in a file: a member admits the newcomer (their welcome goes
 * into the next file this member exports). */
static void
take_join_request (BnHome *home, GBytes *request, BnInsertResult *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) welcome = NULL;

  if (bn_home_get_hood (home) == NULL)
    return;
  welcome = bn_home_admit (home, request, NULL, &error);
  if (welcome == NULL)
    {
      g_printerr (_("The request to join in this file admits no one: %s\n"), error->message);
      total->refused++;
      bn_insert_result_add_reason (total, error->message);
      return;
    }
  g_print (_("Welcome a new neighbour: give them a file from “buurtnet-cli log export FILE”.\n"));
}

/* A welcome in a file: the one sealed to this newcomer completes the join;
 * the others (for other newcomers) do not open, and are passed over. */
static void
take_welcome (BnHome *home, GBytes *welcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) request = bn_home_get_join_request (home);

  if (bn_home_get_hood (home) != NULL || request == NULL)
    return;
  if (bn_home_accept_welcome (home, welcome, &error))
    g_print (_("You joined “%s”.\n"), bn_home_get_hood (home)->name);
}

/* Reads one join message at @data; returns its length, or 0 when cut short. */
static gsize
read_message (BnHome *home, const guint8 *data, gsize len, BnInsertResult *total)
{
  gsize body;
  g_autoptr(GBytes) bytes = NULL;

  if (len < 3)
    return 0;
  body = ((gsize) data[1] << 8) | data[2];
  if (len < 3 + body)
    return 0;
  bytes = g_bytes_new (data + 3, body);
  if (data[0] == BN_LOG_MESSAGE_JOIN_REQUEST)
    take_join_request (home, bytes, total);
  else
    take_welcome (home, bytes);
  return 3 + body;
}

static gboolean
flush_batch (BnStore *store, GPtrArray *batch, BnInsertResult *total, GError **error)
{
  BnInsertResult result = { 0 };

  if (batch->len == 0)
    return TRUE;
  if (!bn_store_insert_verified (store, batch, &result, error))
    return FALSE;
  total->added += result.added;
  total->known += result.known;
  total->refused += result.refused;
  total->forks += result.forks;
  for (guint i = 0; result.reasons != NULL && i < result.reasons->len; i++)
    bn_insert_result_add_reason (total, g_ptr_array_index (result.reasons, i));
  bn_insert_result_clear (&result);
  g_ptr_array_set_size (batch, 0);
  return TRUE;
}

static int
report_import (const BnInsertResult *total, const char *path)
{
  g_print (_("%u new, %u known, %u refused\n"), total->added, total->known, total->refused);
  if (total->refused == 0)
    return 0;
  for (guint i = 0; total->reasons != NULL && i < total->reasons->len; i++)
    g_printerr (_("refused: %s\n"), (const char *) g_ptr_array_index (total->reasons, i));
  return bn_cli_fail (g_dngettext (GETTEXT_PACKAGE,
                                   "%u entry from %s was refused; what was stored is intact",
                                   "%u entries from %s were refused; what was stored is intact",
                                   total->refused),
                      total->refused, path);
}

/* Verifies and stores every complete frame; a frame that does not parse is
 * refused and the import goes on after it; a file cut short is refused from
 * where it breaks off. Nothing stored before is touched. */
static int
log_import (BnHome *home, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  BnInsertResult total = { 0 };
  const guint8 *data;
  gsize len, offset;
  int status;

  if (mapped == NULL)
    return bn_cli_fail_error (error);
  bn_cli_tend_roster (home);
  bn_store_set_autocheckpoint (bn_home_get_store (home), IMPORT_AUTOCHECKPOINT_PAGES);
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len < BN_LOG_FILE_MAGIC_LEN
      || (memcmp (data, BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN) != 0
          && memcmp (data, BN_LOG_FILE_MAGIC_V1, BN_LOG_FILE_MAGIC_LEN) != 0))
    return bn_cli_fail (_("%s is not a Buurtnet log file (made with “buurtnet-cli log export”)"), path);

  for (offset = BN_LOG_FILE_MAGIC_LEN; offset < len;)
    {
      gsize consumed = 0;
      g_autoptr(GError) frame_error = NULL;
      BnEntry *entry;

      if (data[offset] == BN_LOG_MESSAGE_JOIN_REQUEST || data[offset] == BN_LOG_MESSAGE_WELCOME)
        {
          consumed = read_message (home, data + offset, len - offset, &total);
          if (consumed == 0)
            {
              bn_insert_result_add_reason (&total, _("the file is cut short"));
              total.refused++;
              break;
            }
          offset += consumed;
          continue;
        }
      if (bn_home_get_hood (home) == NULL)
        break;
      entry = bn_entry_read_frame (data + offset, len - offset, &consumed, &frame_error);

      if (entry == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("byte %zu: %s"), offset, frame_error->message);
          bn_insert_result_add_reason (&total, reason);
          total.refused++;
          /* A bad frame whose length is known costs only itself; a cut-off end
           * is the end. */
          if (consumed == 0)
            break;
        }
      else
        g_ptr_array_add (batch, entry);
      offset += consumed;
      if (batch->len >= IMPORT_BATCH
          && !flush_batch (bn_home_get_store (home), batch, &total, &error))
        break;
    }
  if (bn_home_get_hood (home) == NULL)
    {
      g_autoptr(GBytes) request = bn_home_get_join_request (home);

      bn_insert_result_clear (&total);
      if (request != NULL)
        return bn_cli_fail (_("This file holds no welcome for you yet; give your request to a "
                              "member and import the file they give back"));
      return bn_cli_fail (_("Join or create a neighbourhood before importing its entries"));
    }
  /* Folding once at the end keeps the import fast; a crash before it is caught
   * up by the next open (bn_home_open folds what is pending). */
  if (error == NULL && flush_batch (bn_home_get_store (home), batch, &total, &error)
      && bn_store_fold_pending (bn_home_get_store (home), &error))
    {
      bn_store_set_autocheckpoint (bn_home_get_store (home), BN_STORE_AUTOCHECKPOINT_DEFAULT);
      bn_cli_tend_roster (home);   /* what was imported may call for upkeep: an admission, a new key */
    }
  if (error != NULL)
    {
      g_print (_("%u new, %u known, %u refused\n"), total.added, total.known, total.refused);
      status = bn_cli_fail_error (error);
    }
  else
    status = report_import (&total, path);
  bn_insert_result_clear (&total);
  return status;
}

int
bn_cli_cmd_log (BnCliContext       *ctx,
                const BnCliCommand *self,
                int                 argc,
                char              **argv)
{
  g_autoptr(BnHome) home = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv))
    return 1;
  if (argc != 3 || !(g_str_equal (argv[1], "export") || g_str_equal (argv[1], "import")))
    return bn_cli_fail (_("Use “log export FILE” or “log import FILE”"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if (g_str_equal (argv[1], "export"))
    return log_export (home, argv[2]);
  return log_import (home, argv[2]);
}
