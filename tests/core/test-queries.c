/* test-queries.c — the connector's read models: figures by category, and the
 * requests still waiting for a helper with the neighbours who could help
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#define HOUR G_GINT64_CONSTANT (3600000)
#define DAY  (24 * HOUR)

/* A small street, built as real logs:
 * Ann (Kerkstraat 5, floor 1) asks; Bob lives on her floor, Cas further up her
 * street, Dirk somewhere else. Ann likes errands herself. */
typedef struct
{
  BnStoreFixture  base;
  gint64          now;
  BnTestLog      *ann, *bob, *cas, *dirk;
  char           *ann_errands, *bob_garden;
} Street;

static BnEntry *
append_at (BnTestLog *log, gint64 ts, const char *json)
{
  log->clock_ms = ts;
  return bn_test_log_append_json (log, json);
}

static BnEntry *
append_post_at (BnTestLog *log, gint64 ts, const char *kind, const char *category,
                const char *title, gint64 expiry)
{
  g_autofree char *json = g_strdup_printf (
      "{\"type\":\"post\",\"kind\":\"%s\",\"category\":\"%s\",\"title\":\"%s\","
      "\"visibility\":\"neighbourhood\",\"expiry\":%" G_GINT64_FORMAT "}",
      kind, category, title, expiry);
  return append_at (log, ts, json);
}

static BnEntry *
append_status_at (BnTestLog *log, gint64 ts, const BnEntry *post, const char *status)
{
  g_autofree char *id = bn_entry_dup_id_hex (post);
  g_autofree char *json = g_strdup_printf ("{\"type\":\"status\",\"post\":\"%s\",\"status\":\"%s\"}",
                                           id, status);
  return append_at (log, ts, json);
}

static void
street_setup (Street *s, gconstpointer data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(BnEntry) ann_errands = NULL, bob_garden = NULL, ann_matched = NULL, ann_old = NULL;
  g_autoptr(BnEntry) cas_withdrawn = NULL;
  gint64 now;

  bn_store_fixture_setup (&s->base, data);
  /* Real time: the store erases expired posts by the real clock. */
  now = s->now = g_get_real_time () / 1000;
  s->ann = bn_test_log_new (s->base.hood, now - 60 * DAY);
  s->bob = bn_test_log_new (s->base.hood, now - 60 * DAY);
  s->cas = bn_test_log_new (s->base.hood, now - 60 * DAY);
  s->dirk = bn_test_log_new (s->base.hood, now - 60 * DAY);

  g_ptr_array_add (all, bn_test_log_append_json (s->ann,
      "{\"type\":\"profile\",\"name\":\"Ann\",\"talents\":[\"errands\"],"
      "\"place\":{\"street\":\"Kerkstraat\",\"number\":\"5\",\"floor\":\"1\"}}"));
  g_ptr_array_add (all, bn_test_log_append_json (s->bob,
      "{\"type\":\"profile\",\"name\":\"Bob\",\"talents\":[\"errands\",\"garden\"],"
      "\"place\":{\"street\":\"Kerkstraat\",\"number\":\"5\",\"floor\":\"1\"}}"));
  g_ptr_array_add (all, bn_test_log_append_json (s->cas,
      "{\"type\":\"profile\",\"name\":\"Cas\",\"talents\":[\"errands\",\"errands\"],"
      "\"place\":{\"street\":\"Kerkstraat\",\"number\":\"9\"}}"));
  g_ptr_array_add (all, bn_test_log_append_json (s->dirk,
      "{\"type\":\"profile\",\"name\":\"Dirk\",\"talents\":[\"errands\",\"computer\"]}"));

  /* Ann: one request waiting ten days, one asked yesterday, one matched five
   * days ago, one done long ago; an offer. */
  ann_old = append_post_at (s->ann, now - 45 * DAY, "request", "computer", "Printer", 0);
  g_ptr_array_add (all, bn_entry_ref (ann_old));
  g_ptr_array_add (all, append_status_at (s->ann, now - 40 * DAY, ann_old, "done"));
  ann_errands = append_post_at (s->ann, now - 10 * DAY, "request", "errands", "Groceries", 0);
  g_ptr_array_add (all, bn_entry_ref (ann_errands));
  ann_matched = append_post_at (s->ann, now - 9 * DAY, "request", "errands", "Pharmacy", 0);
  g_ptr_array_add (all, bn_entry_ref (ann_matched));
  g_ptr_array_add (all, append_status_at (s->ann, now - 5 * DAY, ann_matched, "matched"));
  g_ptr_array_add (all, append_post_at (s->ann, now - DAY, "request", "garden", "Hedge", 0));
  g_ptr_array_add (all, append_post_at (s->ann, now - DAY, "offer", "errands", "Market run", 0));

  /* Bob's garden request is the oldest waiting; only he likes gardening. */
  bob_garden = append_post_at (s->bob, now - 12 * DAY, "request", "garden", "Mow", 0);
  g_ptr_array_add (all, bn_entry_ref (bob_garden));

  /* Withdrawn and about-to-expire requests count nowhere. */
  cas_withdrawn = append_post_at (s->cas, now - 8 * DAY, "request", "errands", "Bread", 0);
  g_ptr_array_add (all, bn_entry_ref (cas_withdrawn));
  g_ptr_array_add (all, append_status_at (s->cas, now - 7 * DAY, cas_withdrawn, "withdrawn"));
  g_ptr_array_add (all, append_post_at (s->dirk, now - 6 * DAY, "request", "errands", "Milk",
                                        now + HOUR));

  bn_test_insert_expecting (s->base.store, all, all->len, 0, 0);
  s->ann_errands = bn_entry_dup_id_hex (ann_errands);
  s->bob_garden = bn_entry_dup_id_hex (bob_garden);
}

static void
street_teardown (Street *s, gconstpointer data)
{
  g_clear_pointer (&s->ann, bn_test_log_free);
  g_clear_pointer (&s->bob, bn_test_log_free);
  g_clear_pointer (&s->cas, bn_test_log_free);
  g_clear_pointer (&s->dirk, bn_test_log_free);
  g_clear_pointer (&s->ann_errands, g_free);
  g_clear_pointer (&s->bob_garden, g_free);
  bn_store_fixture_teardown (&s->base, data);
}

static const BnCategoryStats *
stats_for (GPtrArray *stats, const char *category)
{
  for (guint i = 0; i < stats->len; i++)
    {
      const BnCategoryStats *s = g_ptr_array_index (stats, i);
      if (g_str_equal (s->category, category))
        return s;
    }
  g_assert_not_reached ();
}

static void
assert_stats (GPtrArray *stats, const char *category, guint open_requests, guint open_offers,
              guint helped_recently, guint waiting, guint talents)
{
  const BnCategoryStats *s = stats_for (stats, category);

  g_test_message ("category %s", category);
  g_assert_cmpuint (s->open_requests, ==, open_requests);
  g_assert_cmpuint (s->open_offers, ==, open_offers);
  g_assert_cmpuint (s->helped_recently, ==, helped_recently);
  g_assert_cmpuint (s->waiting, ==, waiting);
  g_assert_cmpuint (s->talents, ==, talents);
}

static void
test_category_stats (Street *s, gconstpointer data)
{
  /* Two hours on, Dirk's request has expired but is not erased yet. */
  g_autoptr(GPtrArray) stats = bn_store_list_category_stats (s->base.store, s->now + 2 * HOUR);
  guint n_categories;

  bn_categories (&n_categories);
  g_assert_cmpuint (stats->len, ==, n_categories);
  g_assert_cmpstr (((BnCategoryStats *) g_ptr_array_index (stats, 0))->category, ==,
                   bn_categories (&n_categories)[0].id);
  /*                      category    open req  offers  helped  waiting  talents */
  assert_stats (stats, "errands",     1,        1,      1,      1,       4);
  assert_stats (stats, "garden",      2,        0,      0,      1,       1);
  assert_stats (stats, "computer",    0,        0,      0,      0,       1);
  assert_stats (stats, "paperwork",   0,        0,      0,      0,       0);
}

static void
test_category_stats_in_time (Street *s, gconstpointer data)
{
  g_autoptr(GPtrArray) before = bn_store_list_category_stats (s->base.store, s->now);
  g_autoptr(GPtrArray) later = bn_store_list_category_stats (s->base.store, s->now + 26 * DAY);

  /* Dirk's request still runs now; Ann's hedge is not waiting yet. */
  assert_stats (before, "errands", 2, 1, 1, 2, 4);
  assert_stats (before, "garden", 2, 0, 0, 1, 1);
  /* Weeks on, the hedge has waited too and the pharmacy is no longer recent. */
  assert_stats (later, "errands", 1, 1, 0, 1, 4);
  assert_stats (later, "garden", 2, 0, 0, 2, 1);
}

static void
test_waiting_requests (Street *s, gconstpointer data)
{
  g_autoptr(GPtrArray) waiting = bn_store_list_waiting_requests (s->base.store,
                                                                 bn_test_log_key (s->cas),
                                                                 s->now + 2 * HOUR);
  const BnWaitingRequest *mow, *groceries;
  const char *names[] = { "Bob", "Cas", "Dirk" };
  /* Floors are sealed to whom one is matched with (docs/protocol.md §6.1): a
   * connector's near to far knows street and building. */
  const BnProximity near[] = { BN_PROXIMITY_SAME_STREET, BN_PROXIMITY_SAME_STREET,
                               BN_PROXIMITY_FURTHER };

  /* Oldest first; the hedge is too new, the withdrawn, matched and expired ones are not open. */
  g_assert_cmpuint (waiting->len, ==, 2);
  mow = g_ptr_array_index (waiting, 0);
  groceries = g_ptr_array_index (waiting, 1);
  g_assert_cmpstr (mow->post->id, ==, s->bob_garden);
  g_assert_cmpstr (groceries->post->id, ==, s->ann_errands);
  g_assert_cmpstr (groceries->post->author_name, ==, "Ann");
  /* The post's proximity is the viewer's, as everywhere else. */
  g_assert_cmpint (groceries->post->proximity, ==, BN_PROXIMITY_SAME_STREET);

  /* Bob is the only gardener, and he asked himself. */
  g_assert_cmpuint (mow->helpers->len, ==, 0);
  /* Ann likes errands too, but she is the one asking; near to far from her. */
  g_assert_cmpuint (groceries->helpers->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const BnProfile *helper = g_ptr_array_index (groceries->helpers, i);
      g_assert_cmpstr (helper->name, ==, names[i]);
      g_assert_cmpint (helper->proximity, ==, near[i]);
    }
}

static void
test_waiting_requests_none (BnStoreFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) waiting = bn_store_list_waiting_requests (f->store, NULL, 0);
  g_autoptr(GPtrArray) stats = bn_store_list_category_stats (f->store, 0);

  g_assert_cmpuint (waiting->len, ==, 0);
  for (guint i = 0; i < stats->len; i++)
    {
      const BnCategoryStats *s = g_ptr_array_index (stats, i);
      g_assert_cmpuint (s->open_requests + s->open_offers + s->helped_recently + s->waiting
                        + s->talents, ==, 0);
    }
}

/* The light keys give bn_store_list_posts()'s order, near to far and newest
 * first, whoever looks; the posts read by key are the same posts. */
static void
assert_keys_as_list (BnStore *store, const guint8 *me)
{
  g_autoptr(GPtrArray) listed = bn_store_list_posts (store, me, NULL, NULL);
  g_autoptr(GArray) keys = bn_store_list_post_keys (store, me);
  g_autoptr(GPtrArray) first = NULL, rest = NULL;

  g_assert_cmpuint (keys->len, ==, listed->len);
  /* Read in two pages, as the app does. */
  first = bn_store_get_posts (store, me, (BnPostKey *) keys->data, 3);
  rest = bn_store_get_posts (store, me, &g_array_index (keys, BnPostKey, 3), keys->len - 3);
  g_assert_cmpuint (first->len + rest->len, ==, listed->len);
  for (guint i = 0; i < listed->len; i++)
    {
      const BnPost *want = g_ptr_array_index (listed, i);
      const BnPost *got = i < 3 ? g_ptr_array_index (first, i) : g_ptr_array_index (rest, i - 3);
      const BnPostKey *key = &g_array_index (keys, BnPostKey, i);
      g_autofree char *key_id = bn_hex_encode (key->id, BN_HASH_LEN);

      g_assert_cmpstr (key_id, ==, want->id);
      g_assert_cmpint (key->proximity, ==, want->proximity);
      g_assert_cmpint (key->created_ms, ==, want->created_ms);
      g_assert_cmpstr (got->id, ==, want->id);
      g_assert_cmpstr (got->title, ==, want->title);
      g_assert_cmpstr (got->status, ==, want->status);
      g_assert_cmpint (got->proximity, ==, want->proximity);
      g_assert_cmpuint (got->n_replies, ==, want->n_replies);
    }
}

static void
test_post_keys (Street *s, gconstpointer data)
{
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  /* Posts at the same moment from near and far: the ID decides among equals. */
  g_ptr_array_add (more, append_post_at (s->bob, s->now - DAY, "request", "errands", "Stamps", 0));
  g_ptr_array_add (more, append_post_at (s->cas, s->now - DAY, "offer", "errands", "Soup", 0));
  g_ptr_array_add (more, append_post_at (s->dirk, s->now - DAY, "offer", "garden", "Rake", 0));
  g_ptr_array_add (more, append_post_at (s->dirk, s->now - DAY, "request", "garden", "Ladder", 0));
  bn_test_insert_expecting (s->base.store, more, more->len, 0, 0);

  assert_keys_as_list (s->base.store, s->bob->identity->public_key);
  assert_keys_as_list (s->base.store, s->dirk->identity->public_key);
  assert_keys_as_list (s->base.store, NULL);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/queries/" path, Street, NULL, street_setup, func, street_teardown)
  ADD ("category-stats", test_category_stats);
  ADD ("category-stats-in-time", test_category_stats_in_time);
  ADD ("waiting-requests", test_waiting_requests);
  ADD ("post-keys", test_post_keys);
#undef ADD
  g_test_add ("/buurtnet/core/queries/empty", BnStoreFixture, NULL,
              bn_store_fixture_setup, test_waiting_requests_none, bn_store_fixture_teardown);

  return g_test_run ();
}
