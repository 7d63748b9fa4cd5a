/* bn-cli-log.c — "log export FILE" and "log import FILE"
 *
 * The file is the wire format: an 8-byte magic, then one frame per entry
 * (flags | header | payload), every author's log in order. See docs/protocol.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Entries per transaction on import: a crash keeps whole batches only. */
#define IMPORT_BATCH 5000

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

/* Written to FILE.tmp and renamed, so a full disk never leaves half a file. */
static int
log_export (BnHome *home, const char *path)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GError) error = NULL;
  ExportState state = { 0 };
  int saved;

  state.file = g_fopen (tmp, "wb");
  if (state.file == NULL)
    return bn_cli_fail (_("Could not write %s: %s"), path, g_strerror (errno));
  if (fwrite (BN_LOG_FILE_MAGIC, 1, BN_LOG_FILE_MAGIC_LEN, state.file) != BN_LOG_FILE_MAGIC_LEN
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
  g_print (_("Exported %llu entries to %s\n"), (unsigned long long) state.count, path);
  return 0;
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

/* Verifies and stores every complete frame; a damaged or cut-short file is
 * refused from the bad frame on, and nothing stored before it is touched. */
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
  if (bn_home_get_hood (home) == NULL)
    return bn_cli_fail (_("Join or create a neighbourhood before importing its entries"));
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len < BN_LOG_FILE_MAGIC_LEN || memcmp (data, BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN) != 0)
    return bn_cli_fail (_("%s is not a Buurtnet log file (made with “buurtnet-cli log export”)"), path);

  for (offset = BN_LOG_FILE_MAGIC_LEN; offset < len;)
    {
      gsize consumed = 0;
      g_autoptr(GError) frame_error = NULL;
      BnEntry *entry = bn_entry_read_frame (data + offset, len - offset, &consumed, &frame_error);

      if (entry == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("byte %zu: %s"), offset, frame_error->message);
          bn_insert_result_add_reason (&total, reason);
          total.refused++;
          break;
        }
      g_ptr_array_add (batch, entry);
      offset += consumed;
      if (batch->len >= IMPORT_BATCH
          && !flush_batch (bn_home_get_store (home), batch, &total, &error))
        break;
    }
  /* Folding once at the end keeps the import fast; a crash before it is caught
   * up by the next open (bn_home_open folds what is pending). */
  if (error == NULL && flush_batch (bn_home_get_store (home), batch, &total, &error))
    bn_store_fold_pending (bn_home_get_store (home), &error);
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
