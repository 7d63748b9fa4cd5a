/* bn-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-identity.h"
#include "bn-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define IDENTITY_FILE_MAGIC "BNID1\n"

BnIdentity *
bn_identity_new_random (void)
{
  BnIdentity *self = g_new0 (BnIdentity, 1);
  crypto_sign_keypair (self->public_key, self->secret_key);
  return self;
}

void
bn_identity_free (BnIdentity *self)
{
  if (self == NULL)
    return;
  sodium_memzero (self, sizeof *self);
  g_free (self);
}

/* A full disk in the same words as the store's (bn_store_set_error()). */
static void
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
                 _("The disk is full; free some space and try again (nothing was lost)"));
  else
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("Could not write %s: %s"), path, g_strerror (saved_errno));
}

/* Writes @data to @path with mode 0600 through a temporary file and rename, so a
 * crash never leaves half a key and the key is never readable by others, not even
 * for a moment. */
gboolean
bn_write_private_file (const char  *path,
                       const void  *data,
                       gsize        len,
                       GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  int fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const guint8 *p = data;
  gsize left = len;

  if (fd < 0)
    {
      int saved = errno;
      set_write_error (error, path, saved);
      return FALSE;
    }
  while (left > 0)
    {
      ssize_t n = write (fd, p, left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          close (fd);
          g_unlink (tmp);
          set_write_error (error, path, saved);
          return FALSE;
        }
      p += n;
      left -= (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      set_write_error (error, path, saved);
      return FALSE;
    }
  return TRUE;
}

/* The secret key is seed | public key: the pair derived from the seed must be
 * the one stored, or a byte of the file is damaged (and the key would sign
 * entries nobody accepts). */
static gboolean
key_is_intact (const guint8 *secret_key)
{
  guint8 seed[crypto_sign_SEEDBYTES], pk[BN_PUBLIC_KEY_LEN], sk[BN_SECRET_KEY_LEN];
  gboolean intact;

  crypto_sign_ed25519_sk_to_seed (seed, secret_key);
  crypto_sign_seed_keypair (pk, sk, seed);
  intact = sodium_memcmp (sk, secret_key, BN_SECRET_KEY_LEN) == 0;
  sodium_memzero (seed, sizeof seed);
  sodium_memzero (sk, sizeof sk);
  return intact;
}

BnIdentity *
bn_identity_load_or_create (const char  *path,
                            gboolean     create,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;
  gsize magic_len = strlen (IDENTITY_FILE_MAGIC);

  if (g_file_get_contents (path, &contents, &len, &local_error))
    {
      BnIdentity *self;

      if (len != magic_len + BN_SECRET_KEY_LEN || memcmp (contents, IDENTITY_FILE_MAGIC, magic_len) != 0
          || !key_is_intact ((const guint8 *) contents + magic_len))
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("The identity file %s is damaged; restore it from a backup"), path);
          return NULL;
        }
      self = g_new0 (BnIdentity, 1);
      memcpy (self->secret_key, contents + magic_len, BN_SECRET_KEY_LEN);
      crypto_sign_ed25519_sk_to_pk (self->public_key, self->secret_key);
      sodium_memzero (contents, len);
      return self;
    }

  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) || !create)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                     _("No identity yet; run “buurtnet-cli init --name NAME” first"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  {
    g_autoptr(BnIdentity) self = bn_identity_new_random ();
    guint8 buffer[sizeof IDENTITY_FILE_MAGIC - 1 + BN_SECRET_KEY_LEN];

    memcpy (buffer, IDENTITY_FILE_MAGIC, magic_len);
    memcpy (buffer + magic_len, self->secret_key, BN_SECRET_KEY_LEN);
    if (!bn_write_private_file (path, buffer, sizeof buffer, error))
      {
        sodium_memzero (buffer, sizeof buffer);
        return NULL;
      }
    sodium_memzero (buffer, sizeof buffer);
    return g_steal_pointer (&self);
  }
}

char *
bn_peer_id_from_key (const guint8 public_key[BN_PUBLIC_KEY_LEN])
{
  return bn_base32_encode (public_key, BN_PUBLIC_KEY_LEN);
}

gboolean
bn_peer_id_to_key (const char *peer_id,
                   guint8      public_key[BN_PUBLIC_KEY_LEN])
{
  return bn_base32_decode (peer_id, public_key, BN_PUBLIC_KEY_LEN);
}

/* The first 8 characters of the peer ID in two groups of four ("abcd efgh"): short
 * enough to read aloud, long enough that a look-alike key is out of reach in person. */
char *
bn_fingerprint_from_key (const guint8 public_key[BN_PUBLIC_KEY_LEN])
{
  g_autofree char *id = bn_peer_id_from_key (public_key);
  return g_strdup_printf ("%.4s %.4s", id, id + 4);
}

char *
bn_identity_get_peer_id (const BnIdentity *self)
{
  return bn_peer_id_from_key (self->public_key);
}

char *
bn_identity_get_fingerprint (const BnIdentity *self)
{
  return bn_fingerprint_from_key (self->public_key);
}
