/* test-peers.c — the peers table: what the peer manager remembers of neighbours'
 * addresses, and how a second save merges with the first (another process on the
 * same data directory may have saved newer figures in between)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

static void
save (BnStore *store, const BnPeerRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_store_save_peer (store, record, &error));
  g_assert_no_error (error);
}

static void
test_save_and_list (BnStoreFixture *f, gconstpointer data)
{
  BnPeerRecord second = { "10.0.0.2:7447", "mdns", NULL, 0, 0, 0, 0, 0 };
  BnPeerRecord first = { "10.0.0.9:7447", "manual", "abcdefgh", 1000, 2000, 3, 40, 50 };
  g_autoptr(GPtrArray) records = NULL;
  BnPeerRecord *got;

  records = bn_store_list_peers (f->store);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);

  save (f->store, &first);
  save (f->store, &second);
  records = bn_store_list_peers (f->store);
  g_assert_cmpuint (records->len, ==, 2);
  /* In the order they were first remembered, whatever their addresses. */
  got = g_ptr_array_index (records, 0);
  g_assert_cmpstr (got->address, ==, "10.0.0.9:7447");
  g_assert_cmpstr (got->source, ==, "manual");
  g_assert_cmpstr (got->peer_id, ==, "abcdefgh");
  g_assert_cmpint (got->last_seen, ==, 1000);
  g_assert_cmpint (got->last_sync, ==, 2000);
  g_assert_cmpuint (got->failures, ==, 3);
  g_assert_cmpuint (got->entries_in, ==, 40);
  g_assert_cmpuint (got->entries_out, ==, 50);
  got = g_ptr_array_index (records, 1);
  g_assert_cmpstr (got->address, ==, "10.0.0.2:7447");
  g_assert_null (got->peer_id);
}

/* Times and counts only grow, an unknown peer ID keeps the known one, and the
 * failure count is whatever the newest save says. */
static void
test_merge (BnStoreFixture *f, gconstpointer data)
{
  BnPeerRecord newer = { "10.0.0.9:7447", "manual", "abcdefgh", 5000, 6000, 2, 70, 80 };
  BnPeerRecord stale = { "10.0.0.9:7447", "manual", NULL, 0, 0, 0, 10, 10 };
  g_autoptr(GPtrArray) records = NULL;
  BnPeerRecord *got;

  save (f->store, &newer);
  save (f->store, &stale);
  records = bn_store_list_peers (f->store);
  g_assert_cmpuint (records->len, ==, 1);
  got = g_ptr_array_index (records, 0);
  g_assert_cmpstr (got->peer_id, ==, "abcdefgh");
  g_assert_cmpint (got->last_seen, ==, 5000);
  g_assert_cmpint (got->last_sync, ==, 6000);
  g_assert_cmpuint (got->failures, ==, 0);
  g_assert_cmpuint (got->entries_in, ==, 70);
  g_assert_cmpuint (got->entries_out, ==, 80);
}

/* Why the last attempt failed stays with the address, newest first, and a
 * later save of the figures leaves it alone. */
static void
test_failure (BnStoreFixture *f, gconstpointer data)
{
  BnPeerRecord record = { "10.0.0.9:7447", "mdns", "abcdefgh", 1000, 2000, 1, 0, 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  BnPeerRecord *got;

  save (f->store, &record);
  records = bn_store_list_peers (f->store);
  got = g_ptr_array_index (records, 0);
  g_assert_null (got->failure);
  g_assert_cmpint (got->failure_at, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);

  g_assert_true (bn_store_note_peer_failure (f->store, "10.0.0.9:7447", "clock",
                                             "its clock is off", 5000, &error));
  g_assert_no_error (error);
  /* An older one (another process) does not replace it; an unknown address is no error. */
  g_assert_true (bn_store_note_peer_failure (f->store, "10.0.0.9:7447", "refused", NULL, 4000,
                                             &error));
  g_assert_true (bn_store_note_peer_failure (f->store, "10.0.0.1:7447", "refused", NULL, 6000,
                                             &error));
  record.failures = 2;
  save (f->store, &record);
  records = bn_store_list_peers (f->store);
  g_assert_cmpuint (records->len, ==, 1);
  got = g_ptr_array_index (records, 0);
  g_assert_cmpstr (got->failure, ==, "clock");
  g_assert_cmpstr (got->failure_message, ==, "its clock is off");
  g_assert_cmpint (got->failure_at, ==, 5000);
  g_assert_cmpuint (got->failures, ==, 2);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add ("/buurtnet/core/peers/save-and-list", BnStoreFixture, NULL,
              bn_store_fixture_setup, test_save_and_list, bn_store_fixture_teardown);
  g_test_add ("/buurtnet/core/peers/merge", BnStoreFixture, NULL,
              bn_store_fixture_setup, test_merge, bn_store_fixture_teardown);
  g_test_add ("/buurtnet/core/peers/failure", BnStoreFixture, NULL,
              bn_store_fixture_setup, test_failure, bn_store_fixture_teardown);

  return g_test_run ();
}
