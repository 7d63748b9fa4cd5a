/* test-place.c — only what is needed (docs/protocol.md §6.1): the neighbourhood
 * sees street and building; house number, box and floor reach the neighbour one
 * is matched with, and whom one chooses, and no one else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

typedef struct
{
  char   *dir;
  BnHome *ann;
  BnHome *bob;
  BnHome *cas;
} PlaceFixture;

static void
set_place (BnHome *home, const char *name, const char *number, const char *box, const char *floor)
{
  BnProfile profile = { .name = (char *) name, .street = (char *) "Rue Haute",
                        .building = (char *) "12", .number = (char *) number,
                        .box = (char *) box, .floor = (char *) floor };
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_home_publish_profile (home, &profile, &error));
  g_assert_no_error (error);
}

static void
sync_all (PlaceFixture *f)
{
  BnHome *homes[] = { f->ann, f->bob, f->cas };

  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (homes); j++)
      if (i != j)
        {
          g_autoptr(GPtrArray) entries = bn_test_store_entries (bn_home_get_store (homes[i]));
          BnInsertResult result = { 0 };
          bn_test_insert (bn_home_get_store (homes[j]), entries, &result);
          bn_insert_result_clear (&result);
        }
}

static void
fixture_setup (PlaceFixture *f, gconstpointer data)
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
  set_place (f->ann, "Ann", "12", "B", "3");
  set_place (f->bob, "Bob", "12", NULL, "1");
  set_place (f->cas, "Cas", "12", NULL, "3");
  sync_all (f);
}

static void
fixture_teardown (PlaceFixture *f, gconstpointer data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_object (&f->cas);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static BnProfile *
seen_by (BnHome *viewer, BnHome *who)
{
  BnProfile *profile = bn_store_get_profile (bn_home_get_store (viewer),
                                             bn_home_get_identity (who)->public_key);
  g_assert_nonnull (profile);
  return profile;
}

/* Stored text of a neighbour's database holds no floor of another in the open. */
static void
test_only_street_and_building (PlaceFixture *f, gconstpointer data)
{
  g_autoptr(BnProfile) ann_for_cas = seen_by (f->cas, f->ann);
  g_autoptr(BnProfile) ann_for_ann = seen_by (f->ann, f->ann);

  g_assert_cmpstr (ann_for_cas->street, ==, "Rue Haute");
  g_assert_cmpstr (ann_for_cas->building, ==, "12");
  g_assert_null (ann_for_cas->number);
  g_assert_null (ann_for_cas->box);
  g_assert_null (ann_for_cas->floor);
  /* Ann sees her own. */
  g_assert_cmpstr (ann_for_ann->box, ==, "B");
  g_assert_cmpstr (ann_for_ann->floor, ==, "3");
}

/* Ann accepts Bob's help: each sees the other's place; Cas still does not. */
static void
test_matched_pair_sees_each_other (PlaceFixture *f, gconstpointer data)
{
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Boodschappen" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) post = bn_home_publish_post (f->ann, &draft, &error);
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) reply = NULL;
  g_autoptr(BnEntry) accept = NULL;
  g_autofree char *reply_id = NULL;
  g_autoptr(BnProfile) ann_for_bob = NULL;
  g_autoptr(BnProfile) bob_for_ann = NULL;
  g_autoptr(BnProfile) ann_for_cas = NULL;

  sync_all (f);
  reply = bn_home_reply (f->bob, post_id, "Ik help graag", &error);
  g_assert_no_error (error);
  reply_id = bn_entry_dup_id_hex (reply);
  sync_all (f);
  accept = bn_home_accept (f->ann, post_id, reply_id, &error);
  g_assert_no_error (error);
  sync_all (f);
  /* Bob's peer learns of the match and sends his place (its upkeep). */
  g_assert_true (bn_home_tend_roster (f->bob, &error));
  g_assert_no_error (error);
  sync_all (f);

  ann_for_bob = seen_by (f->bob, f->ann);
  g_assert_cmpstr (ann_for_bob->number, ==, "12");
  g_assert_cmpstr (ann_for_bob->box, ==, "B");
  g_assert_cmpstr (ann_for_bob->floor, ==, "3");
  bob_for_ann = seen_by (f->ann, f->bob);
  g_assert_cmpstr (bob_for_ann->floor, ==, "1");
  ann_for_cas = seen_by (f->cas, f->ann);
  g_assert_null (ann_for_cas->floor);
  g_assert_null (ann_for_cas->box);
}

/* Ann chooses to show Cas where she lives. */
static void
test_shared_by_choice (PlaceFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cas_id = bn_home_dup_peer_id (f->cas);
  g_autoptr(BnProfile) ann_for_cas = NULL;
  g_autoptr(BnProfile) ann_for_bob = NULL;
  g_autoptr(BnProfile) cas_for_cas = NULL;

  g_assert_true (bn_home_share_place (f->ann, cas_id, &error));
  g_assert_no_error (error);
  sync_all (f);
  ann_for_cas = seen_by (f->cas, f->ann);
  g_assert_cmpstr (ann_for_cas->floor, ==, "3");
  cas_for_cas = seen_by (f->cas, f->cas);
  g_assert_cmpint (bn_proximity_between (cas_for_cas, ann_for_cas), ==, BN_PROXIMITY_SAME_FLOOR);
  ann_for_bob = seen_by (f->bob, f->ann);
  g_assert_null (ann_for_bob->floor);
}

static void
test_floor_is_a_number (PlaceFixture *f, gconstpointer data)
{
  BnProfile profile = { .name = (char *) "Ann", .floor = (char *) "third" };
  g_autoptr(GError) error = NULL;

  g_assert_false (bn_home_publish_profile (f->ann, &profile, &error));
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add ("/buurtnet/core/place/" path, PlaceFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("only-street-and-building", test_only_street_and_building);
  ADD ("matched-pair-sees-each-other", test_matched_pair_sees_each_other);
  ADD ("shared-by-choice", test_shared_by_choice);
  ADD ("floor-is-a-number", test_floor_is_a_number);
  return g_test_run ();
}
