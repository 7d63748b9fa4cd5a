/* test-identity.c — the key pair file: private, stable, and loud when damaged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static void
test_created_private (BnTmpFixture  *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "identity.key", NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnIdentity) identity = NULL;
  GStatBuf st;

  /* umask must not be what keeps the key private. */
  mode_t old_mask = umask (0);
  identity = bn_identity_load_or_create (path, TRUE, &error);
  umask (old_mask);

  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
}

static void
test_reload_same_key (BnTmpFixture  *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "identity.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnIdentity) first = bn_identity_load_or_create (path, TRUE, &error);
  g_autoptr(BnIdentity) again = NULL;
  g_autoptr(BnIdentity) without_create = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;

  g_assert_no_error (error);
  again = bn_identity_load_or_create (path, TRUE, &error);
  g_assert_no_error (error);
  without_create = bn_identity_load_or_create (path, FALSE, &error);
  g_assert_no_error (error);

  g_assert_cmpmem (first->public_key, BN_PUBLIC_KEY_LEN, again->public_key, BN_PUBLIC_KEY_LEN);
  g_assert_cmpmem (first->secret_key, BN_SECRET_KEY_LEN, again->secret_key, BN_SECRET_KEY_LEN);
  g_assert_cmpmem (first->public_key, BN_PUBLIC_KEY_LEN, without_create->public_key, BN_PUBLIC_KEY_LEN);
  id1 = bn_identity_get_peer_id (first);
  id2 = bn_identity_get_peer_id (again);
  g_assert_cmpstr (id1, ==, id2);

  /* The reloaded key signs, and its signatures verify under the public key. */
  {
    guint8 sig[crypto_sign_BYTES];
    crypto_sign_detached (sig, NULL, (const guint8 *) "buurt", 5, again->secret_key);
    g_assert_cmpint (crypto_sign_verify_detached (sig, (const guint8 *) "buurt", 5, first->public_key), ==, 0);
  }
}

static void
test_missing_without_create (BnTmpFixture  *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "identity.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnIdentity) identity = bn_identity_load_or_create (path, FALSE, &error);

  g_assert_null (identity);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "init"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_damaged_file (BnTmpFixture  *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "identity.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnIdentity) original = bn_identity_load_or_create (path, TRUE, &error);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 6 + BN_SECRET_KEY_LEN);

  /* Cut short at every length, one byte too many, a wrong magic, empty. */
  for (gsize cut = 0; cut <= len + 1; cut++)
    {
      g_autoptr(BnIdentity) loaded = NULL;
      g_autofree char *damaged = g_malloc0 (len + 1);

      if (cut == len)
        continue;
      memcpy (damaged, contents, MIN (cut, len));
      g_assert_true (g_file_set_contents (path, damaged, (gssize) cut, NULL));
      loaded = bn_identity_load_or_create (path, TRUE, &error);
      g_assert_null (loaded);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "damaged"));
      g_assert_nonnull (strstr (error->message, path));
      g_clear_error (&error);
    }
  {
    g_autofree char *wrong_magic = g_memdup2 (contents, len);
    g_autoptr(BnIdentity) loaded = NULL;

    wrong_magic[0] = 'X';
    g_assert_true (g_file_set_contents (path, wrong_magic, (gssize) len, NULL));
    loaded = bn_identity_load_or_create (path, TRUE, &error);
    g_assert_null (loaded);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* A damaged key is never silently replaced by a new one: the file is kept as
   * it was, so the person can restore it. Putting the original back works. */
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
  {
    g_autoptr(BnIdentity) loaded = bn_identity_load_or_create (path, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (loaded->public_key, BN_PUBLIC_KEY_LEN, original->public_key, BN_PUBLIC_KEY_LEN);
  }
}

/* One byte of the key itself damaged (a bad sector, a bad copy): the file has
 * the right length and magic, but the key would sign entries nobody accepts.
 * It must be reported, not loaded. */
static void
test_damaged_key_bytes (BnTmpFixture  *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "identity.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnIdentity) original = bn_identity_load_or_create (path, TRUE, &error);
  g_autofree char *contents = NULL;
  gsize len = 0;
  const gsize magic = 6;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (gsize i = magic; i < len; i++)
    {
      g_autofree char *damaged = g_memdup2 (contents, len);
      g_autoptr(BnIdentity) loaded = NULL;

      damaged[i] ^= 0x10;
      g_assert_true (g_file_set_contents (path, damaged, (gssize) len, NULL));
      loaded = bn_identity_load_or_create (path, TRUE, &error);
      if (loaded != NULL)
        {
          guint8 sig[crypto_sign_BYTES];
          crypto_sign_detached (sig, NULL, (const guint8 *) "x", 1, loaded->secret_key);
          g_error ("A key damaged at byte %zu was loaded; its signatures %s",
                   i, crypto_sign_verify_detached (sig, (const guint8 *) "x", 1,
                                                   loaded->public_key) == 0
                   ? "verify" : "do not even verify");
        }
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "damaged"));
      g_clear_error (&error);
    }
}

static void
test_unreadable_directory (BnTmpFixture  *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "no", "such", "dir", "identity.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnIdentity) identity = bn_identity_load_or_create (path, TRUE, &error);

  g_assert_null (identity);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_peer_ids_differ (void)
{
  g_autoptr(BnIdentity) a = bn_identity_new_random ();
  g_autoptr(BnIdentity) b = bn_identity_new_random ();
  g_autofree char *ida = bn_identity_get_peer_id (a);
  g_autofree char *idb = bn_identity_get_peer_id (b);

  g_assert_cmpstr (ida, !=, idb);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/identity/" path, BnTmpFixture, NULL, \
              bn_tmp_fixture_setup, func, bn_tmp_fixture_teardown)
  ADD ("created-private", test_created_private);
  ADD ("reload-same-key", test_reload_same_key);
  ADD ("missing-without-create", test_missing_without_create);
  ADD ("damaged-file", test_damaged_file);
  ADD ("damaged-key-bytes", test_damaged_key_bytes);
  ADD ("unwritable-path", test_unreadable_directory);
#undef ADD
  g_test_add_func ("/buurtnet/core/identity/peer-ids-differ", test_peer_ids_differ);

  return g_test_run ();
}
