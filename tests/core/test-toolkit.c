/* test-toolkit.c — the connector's toolkit in core (docs/protocol.md §6.3,
 * §6.4, docs/statistics.md): a referral and its statuses are erased six
 * months after it was closed, and only then; a small count and the one that
 * would give it away are hidden
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

#define DAY_MS (G_GINT64_CONSTANT (24) * 3600 * 1000)

typedef struct
{
  char   *dir;
  BnHome *ann;     /* connector */
  BnHome *bob;     /* asks */
  BnHome *cas;     /* a member */
} ToolkitFixture;

static void
fixture_setup (ToolkitFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *second = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->ann = bn_test_open_home (f->dir, "Ann");
  f->bob = bn_test_open_home (f->dir, "Bob");
  f->cas = bn_test_open_home (f->dir, "Cas");
  code = bn_home_create_hood (f->ann, "Rue Haute", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->ann, f->bob, code);
  second = bn_test_invite (f->ann);
  bn_test_join_home (f->ann, f->cas, second);
  bn_test_sync_homes (f->ann, f->bob);
}

static void
fixture_teardown (ToolkitFixture *f, gconstpointer data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_object (&f->cas);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static char *
add_service (BnHome *home, const char *name, const char *phone)
{
  char *categories[] = { (char *) "paperwork", NULL };
  BnService s = { .name = (char *) name, .categories = categories, .phone = (char *) phone };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = bn_home_add_service (home, &s, &error);

  g_assert_no_error (error);
  return bn_entry_dup_id_hex (entry);
}

static guint
count_referrals (BnHome *home)
{
  g_autoptr(GPtrArray) referrals = bn_store_list_referrals (bn_home_get_store (home));
  return referrals->len;
}

/* Closed, a referral stays 183 days; then its payload and its statuses' are
 * erased on the peers that read it. What stays counts for the statistics. */
static void
test_referral_erased_after_six_months (ToolkitFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *service = add_service (f->ann, "Huurdersbond", "02 1");
  BnPostDraft draft = { .kind = "request", .category = "paperwork", .title = "Huurtoelage" };
  g_autoptr(BnEntry) post = bn_home_publish_post (f->bob, &draft, &error);
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) referral = NULL;
  g_autoptr(BnEntry) closed = NULL;
  g_autofree char *referral_id = NULL;
  BnStore *store = bn_home_get_store (f->bob);
  gint64 closed_at;

  bn_test_sync_homes (f->bob, f->ann);
  referral = bn_home_refer (f->ann, post_id, service, "in-person", "Vriendelijk woord", &error);
  g_assert_no_error (error);
  referral_id = bn_entry_dup_id_hex (referral);
  bn_test_sync_homes (f->ann, f->bob);
  g_assert_cmpuint (count_referrals (f->bob), ==, 1);

  /* Not closed: nothing is erased, however long it waits. */
  bn_store_expire (store, g_get_real_time () / 1000 + 400 * DAY_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_referrals (f->bob), ==, 1);

  closed = bn_home_set_referral_status (f->bob, referral_id, "closed", &error);
  g_assert_no_error (error);
  closed_at = closed->timestamp_ms;
  bn_store_expire (store, closed_at + 182 * DAY_MS, &error);
  g_assert_cmpuint (count_referrals (f->bob), ==, 1);
  bn_store_expire (store, closed_at + 184 * DAY_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_referrals (f->bob), ==, 0);
  g_assert_cmpuint (bn_test_count_rows (store, "SELECT count(*) FROM entries WHERE payload IS NOT NULL"
                                               " AND id IN (SELECT id FROM referrals UNION"
                                               " SELECT id FROM referral_statuses)"), ==, 0);
  g_assert_cmpuint (bn_test_count_rows (store, "SELECT count(*) FROM referral_statuses"), ==, 0);
  /* That the request was referred is kept, without where to or the note. */
  g_assert_cmpuint (bn_test_count_rows (store, "SELECT count(*) FROM referrals WHERE consent = ''"
                                               " AND note IS NULL"), ==, 1);
  g_assert_cmpuint (bn_test_count_rows (store, "SELECT count(*) FROM referrals r WHERE r.service"
                                               " IN (SELECT id FROM services)"), ==, 0);
}

static char *
csv_of (BnHome *home)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnStats) stats = bn_store_compute_stats (bn_home_get_store (home), NULL, NULL,
                                                     g_get_real_time () / 1000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return bn_stats_to_csv (stats);
}

/* One cell of 1 to 4 beside a total is never alone: another is hidden. */
static void
test_stats_suppression (ToolkitFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  const char *categories[] = { "errands", "errands", "errands", "errands", "errands",
                               "errands", "errands", "paperwork" };

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      BnPostDraft draft = { .kind = "request", .category = categories[i], .title = "Vraag" };
      g_autoptr(BnEntry) post = bn_home_publish_post (f->bob, &draft, &error);
      g_assert_no_error (error);
    }
  csv = csv_of (f->bob);
  /* paperwork 1 is "<5"; errands 7 would give it away from the total 8: "x". */
  g_assert_nonnull (strstr (csv, ",errands,x,"));
  g_assert_nonnull (strstr (csv, ",paperwork,<5,"));
  g_assert_nonnull (strstr (csv, "all,all,8,"));
  g_assert_null (strstr (csv, "Vraag"));
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  g_test_add ("/toolkit/referral-erased-after-six-months", ToolkitFixture, NULL, fixture_setup,
              test_referral_erased_after_six_months, fixture_teardown);
  g_test_add ("/toolkit/stats-suppression", ToolkitFixture, NULL, fixture_setup,
              test_stats_suppression, fixture_teardown);
  return g_test_run ();
}
