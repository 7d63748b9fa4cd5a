/* bn-bench-core.c — how fast the core appends and imports, against the limit
 * that verifying every signature would set on this machine
 *
 * Prints one JSON object on stdout and a readable table on stderr. It reports
 * figures; it never fails on a number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-testgen.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#define IMPORT_AUTHORS 100
#define IMPORT_PER_AUTHOR 1000
#define IMPORT_BATCH 1000
#define LOCAL_APPENDS 5000

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
cpu_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *
make_home (const char *root, const char *name, BnHome *member, BnHome **home)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_build_filename (root, name, NULL);

  *home = bn_home_open (dir, TRUE, &error);
  g_assert_no_error (error);
  bn_home_set_name (*home, name, &error);
  g_assert_no_error (error);
  if (member == NULL)
    g_free (bn_home_create_hood (*home, "Bench street", &error));
  else
    {
      /* Joined the way peers do it: a request, an admission, a welcome. */
      g_autofree char *invite = bn_home_create_invite (member, 1, BN_INVITE_DEFAULT_MS, &error);
      g_autoptr(GBytes) request = NULL;
      g_autoptr(GBytes) welcome = NULL;

      g_assert_no_error (error);
      bn_home_join_hood (*home, invite, &error);
      g_assert_no_error (error);
      request = bn_home_get_join_request (*home);
      welcome = bn_home_admit (member, request, NULL, &error);
      g_assert_no_error (error);
      bn_home_accept_welcome (*home, welcome, &error);
    }
  g_assert_no_error (error);
  return dir;
}

/* One entry per transaction, as a person posting does. */
static double
bench_local_appends (BnHome *home)
{
  BnPostDraft draft = { .kind = "request", .category = "errands",
                        .title = "Boodschappen voor zaterdag", .body = "Melk, brood en koffie." };
  double start = now_s ();

  for (guint i = 0; i < LOCAL_APPENDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) entry = bn_home_publish_post (home, &draft, &error);
      g_assert_no_error (error);
    }
  return LOCAL_APPENDS / (now_s () - start);
}

/* The limit if every header's signature were checked: Ed25519 verifies per second. */
static double
bench_signature_limit (GPtrArray *entries)
{
  guint n = MIN (entries->len, 20000);
  double start = now_s ();

  for (guint i = 0; i < n; i++)
    g_assert_true (bn_entry_verify_signature (g_ptr_array_index (entries, i)));
  return n / (now_s () - start);
}

typedef struct
{
  double verify_wall, verify_cpu;   /* verify and store, as sync does per batch */
  double fold_wall, fold_cpu;       /* fold into posts, profiles, ... */
} ImportFigures;

static void
bench_import (BnHome *home, GPtrArray *entries, guint batch_size, ImportFigures *f)
{
  BnStore *store = bn_home_get_store (home);
  double start = now_s (), cpu_start = cpu_s ();
  guint added = 0;
  g_autoptr(GError) error = NULL;

  for (guint offset = 0; offset < entries->len; offset += batch_size)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      BnInsertResult result;

      for (guint i = offset; i < MIN (offset + batch_size, entries->len); i++)
        g_ptr_array_add (batch, g_ptr_array_index (entries, i));
      bn_store_insert_verified (store, batch, &result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result.refused, ==, 0);
      added += result.added;
      bn_insert_result_clear (&result);
    }
  g_assert_cmpuint (added, ==, entries->len);
  f->verify_wall = now_s () - start;
  f->verify_cpu = cpu_s () - cpu_start;

  start = now_s ();
  cpu_start = cpu_s ();
  bn_store_fold_pending (store, &error);
  g_assert_no_error (error);
  f->fold_wall = now_s () - start;
  f->fold_cpu = cpu_s () - cpu_start;
}

static void
print_row (const char *what, double value, const char *unit)
{
  g_printerr ("%-58s %10.0f %s\n", what, value, unit);
}

int
main (int argc, char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("buurtnet-bench-XXXXXX", NULL);
  g_autoptr(BnHome) anna = NULL;
  g_autofree char *anna_dir = NULL, *rm = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const guint batch_sizes[] = { 1000, 5000 };
  g_autoptr(GString) json = g_string_new ("{");
  double appends, limit;

  anna_dir = make_home (root, "anna", NULL, &anna);
  appends = bench_local_appends (anna);
  entries = bn_testgen_make_logs (anna, IMPORT_AUTHORS, IMPORT_PER_AUTHOR);
  limit = bench_signature_limit (entries);

  g_printerr ("%-58s %10s\n", "measure", "figure");
  print_row ("local appends (one transaction each)", appends, "/s");
  print_row ("Ed25519 verifies, one core (one per entry: the limit)", limit, "/s");
  g_string_append_printf (json, "\"local_appends_per_s\": %.0f, \"verify_limit_per_s\": %.0f",
                          appends, limit);

  for (guint b = 0; b < G_N_ELEMENTS (batch_sizes); b++)
    {
      g_autofree char *name = g_strdup_printf ("importer-%u", batch_sizes[b]);
      g_autoptr(BnHome) importer = NULL;
      g_autofree char *dir = make_home (root, name, anna, &importer);
      ImportFigures f;
      double verified, folded, total;
      g_autofree char *label = NULL;

      /* The roster first (Anna's log, with the admissions), as a sync brings it. */
      {
        g_autoptr(GArray) heads = NULL;
        g_autoptr(GPtrArray) roster = bn_store_get_entries_after (bn_home_get_store (anna),
            bn_home_get_identity (anna)->public_key, 0, G_MAXUINT);
        BnInsertResult r = { 0 };
        bn_store_insert_entries (bn_home_get_store (importer), roster, &r, NULL);
        bn_insert_result_clear (&r);
      }

      bench_import (importer, entries, batch_sizes[b], &f);
      verified = entries->len / f.verify_wall;
      folded = entries->len / f.fold_wall;
      total = entries->len / (f.verify_wall + f.fold_wall);
      g_printerr ("100k entries from 100 authors, %u per transaction:\n", batch_sizes[b]);
      print_row ("  verified and stored", verified, "/s");
      print_row ("  verified and stored, per CPU-second", entries->len / f.verify_cpu, "/s");
      g_printerr ("%-58s %9.1fx\n", "  vs one signature per entry", verified / limit);
      print_row ("  folded into posts and profiles", folded, "/s");
      print_row ("  end to end (stored and folded)", total, "/s");
      g_string_append_printf (json, ", \"batch_%u\": {\"verified_per_s\": %.0f, "
                              "\"verified_per_cpu_s\": %.0f, \"vs_limit\": %.2f, "
                              "\"folded_per_s\": %.0f, \"end_to_end_per_s\": %.0f}",
                              batch_sizes[b], verified, entries->len / f.verify_cpu,
                              verified / limit, folded, total);
    }
  g_string_append (json, "}");
  g_print ("%s\n", json->str);

  g_clear_object (&anna);
  rm = g_strdup_printf ("rm -rf '%s'", root);
  return system (rm) == 0 ? 0 : 1;
}
