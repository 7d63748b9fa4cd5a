/* test-roster-invite.c — an invite's time (docs/protocol.md §9.3, §9.4): a code
 * admits while it is valid, and no one once its time is up, however many of its
 * places are left; the roster lists it as expired.
 *
 * The command line's smallest --expires-in is a day and it has no clock to move,
 * so tests/cli/test-roster.sh leaves expiry to this test, which gives codes a
 * lifetime in milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-invite.h"

#include <string.h>

typedef struct
{
  char   *dir;
  BnHome *anna;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first_code = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->anna = bn_test_open_home (f->dir, "Anna");
  first_code = bn_home_create_hood (f->anna, "Rue Haute", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->anna);
  bn_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* @name asks to join with @code; returns their join request. */
static GBytes *
ask_to_join (Fixture *f, BnHome **home, const char *name, const char *code)
{
  g_autoptr(GError) error = NULL;

  *home = bn_test_open_home (f->dir, name);
  g_assert_true (bn_home_join_hood (*home, code, &error));
  g_assert_no_error (error);
  return bn_home_get_join_request (*home);
}

/* The invite of @code, as Anna's roster lists it now. */
static BnInviteInfo *
invite_of (Fixture *f, const char *code)
{
  g_autoptr(GPtrArray) invites = bn_store_list_invites (bn_home_get_store (f->anna),
                                                        g_get_real_time () / 1000);
  g_autoptr(BnInviteCode) parsed = bn_invite_code_parse (code, NULL);
  g_autofree char *id = NULL;

  g_assert_nonnull (parsed);
  id = bn_hex_encode (parsed->invite_id, BN_INVITE_ID_LEN);
  for (guint i = 0; i < invites->len; i++)
    if (g_str_equal (((BnInviteInfo *) g_ptr_array_index (invites, i))->id, id))
      return g_ptr_array_steal_index (invites, i);
  g_assert_not_reached ();
}

static BnMemberStatus
status_on_annas_roster (Fixture *f, BnHome *home)
{
  return bn_store_get_member_status (bn_home_get_store (f->anna),
                                     bn_home_get_identity (home)->public_key, NULL);
}

static void
test_expired_code_admits_no_one (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) bram = NULL;
  g_autoptr(GBytes) request = NULL, welcome = NULL;
  g_autoptr(BnInviteInfo) info = NULL;
  g_autofree char *code = bn_home_create_invite (f->anna, 1, 50, &error);
  BnInviteState state = BN_INVITE_OPEN;

  g_assert_no_error (error);
  request = ask_to_join (f, &bram, "Bram", code);
  g_usleep (150 * 1000);

  welcome = bn_home_admit (f->anna, request, &state, &error);
  g_assert_null (welcome);
  g_assert_cmpint (state, ==, BN_INVITE_EXPIRED);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_assert_cmpint (status_on_annas_roster (f, bram), ==, BN_MEMBER_UNKNOWN);

  info = invite_of (f, code);
  g_assert_cmpstr (info->state, ==, "expired");
  g_assert_cmpuint (info->used, ==, 0);
}

/* Two places, one taken in time; the second comes too late. The code is good
 * for 6 s: two neighbours set up and one admitted take over 1.5 s on a busy
 * machine under AddressSanitizer. */
static void
test_places_left_expire_too (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) bram = NULL, cas = NULL;
  g_autoptr(GBytes) bram_request = NULL, cas_request = NULL, welcome = NULL, late = NULL;
  g_autoptr(BnInviteInfo) info = NULL;
  g_autofree char *code = bn_home_create_invite (f->anna, 2, 6000, &error);
  BnInviteState state = BN_INVITE_OPEN;

  g_assert_no_error (error);
  bram_request = ask_to_join (f, &bram, "Bram", code);
  cas_request = ask_to_join (f, &cas, "Cas", code);

  welcome = bn_home_admit (f->anna, bram_request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (welcome);
  g_assert_cmpint (status_on_annas_roster (f, bram), ==, BN_MEMBER_ACTIVE);
  info = invite_of (f, code);
  g_assert_cmpstr (info->state, ==, "open");
  g_assert_cmpuint (info->used, ==, 1);
  g_clear_pointer (&info, bn_invite_info_free);

  g_usleep (6100 * 1000);
  late = bn_home_admit (f->anna, cas_request, &state, &error);
  g_assert_null (late);
  g_assert_cmpint (state, ==, BN_INVITE_EXPIRED);
  g_clear_error (&error);
  g_assert_cmpint (status_on_annas_roster (f, cas), ==, BN_MEMBER_UNKNOWN);
  info = invite_of (f, code);
  g_assert_cmpstr (info->state, ==, "expired");
  g_assert_cmpuint (info->used, ==, 1);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/roster-invite/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)
  ADD ("expired-code-admits-no-one", test_expired_code_admits_no_one);
  ADD ("places-left-expire-too", test_places_left_expire_too);
#undef ADD

  return g_test_run ();
}
