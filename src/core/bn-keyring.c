/* bn-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-keyring.h"

#include <string.h>

#define KDF_CONTEXT "buurtnet"
#define KDF_ID_CONTENT 1
#define KDF_ID_DISCOVERY 3
#define KEY_ID_LABEL "buurtnet/2 key id"

struct _BnKeyring
{
  gatomicrefcount ref_count;
  GMutex          lock;
  GPtrArray      *keys;     /* BnEpochKey, in the order they were added; never removed */
  const BnEpochKey *legacy; /* K0 of a neighbourhood: opens version 1 payloads */
};

/* The first 8 bytes of BLAKE2b-256 keyed with the secret of "buurtnet/2 key id". */
void
bn_epoch_key_derive_id (const guint8 secret[BN_KEY_LEN],
                        guint8       id[BN_KEY_ID_LEN])
{
  guint8 hash[BN_HASH_LEN];

  bn_keyed_hash (hash, sizeof hash, (const guint8 *) KEY_ID_LABEL, strlen (KEY_ID_LABEL), secret);
  memcpy (id, hash, BN_KEY_ID_LEN);
}

void
bn_epoch_key_derive (const guint8  secret[BN_KEY_LEN],
                     BnEpochKey   *key)
{
  memcpy (key->secret, secret, BN_KEY_LEN);
  bn_epoch_key_derive_id (secret, key->id);
  crypto_kdf_derive_from_key (key->content_key, BN_KEY_LEN, KDF_ID_CONTENT, KDF_CONTEXT, secret);
  crypto_kdf_derive_from_key (key->discovery_key, BN_KEY_LEN, KDF_ID_DISCOVERY, KDF_CONTEXT, secret);
}

static void
epoch_key_free (gpointer data)
{
  sodium_memzero (data, sizeof (BnEpochKey));
  g_free (data);
}

BnKeyring *
bn_keyring_new (void)
{
  BnKeyring *self = g_new0 (BnKeyring, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->keys = g_ptr_array_new_with_free_func (epoch_key_free);
  return self;
}

BnKeyring *
bn_keyring_ref (BnKeyring *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bn_keyring_unref (BnKeyring *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->keys);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static const BnEpochKey *
find_locked (BnKeyring *self, const guint8 id[BN_KEY_ID_LEN])
{
  for (guint i = 0; i < self->keys->len; i++)
    {
      const BnEpochKey *key = g_ptr_array_index (self->keys, i);
      if (memcmp (key->id, id, BN_KEY_ID_LEN) == 0)
        return key;
    }
  return NULL;
}

/* Returns: (transfer none): the key, added unless it was there already */
const BnEpochKey *
bn_keyring_add (BnKeyring    *self,
                const guint8  secret[BN_KEY_LEN])
{
  BnEpochKey *key = g_new0 (BnEpochKey, 1);
  const BnEpochKey *found;

  bn_epoch_key_derive (secret, key);
  g_mutex_lock (&self->lock);
  found = find_locked (self, key->id);
  if (found == NULL)
    {
      g_ptr_array_add (self->keys, key);
      found = key;
      key = NULL;
    }
  g_mutex_unlock (&self->lock);
  if (key != NULL)
    epoch_key_free (key);
  return found;
}

/* Returns: (transfer none) (nullable) */
const BnEpochKey *
bn_keyring_lookup (BnKeyring    *self,
                   const guint8  id[BN_KEY_ID_LEN])
{
  const BnEpochKey *found;

  g_mutex_lock (&self->lock);
  found = find_locked (self, id);
  g_mutex_unlock (&self->lock);
  return found;
}

/* K0, whose content key opens version 1 payloads (docs/protocol.md §5). */
void
bn_keyring_set_legacy (BnKeyring    *self,
                       const guint8  secret[BN_KEY_LEN])
{
  const BnEpochKey *key = bn_keyring_add (self, secret);

  g_mutex_lock (&self->lock);
  self->legacy = key;
  g_mutex_unlock (&self->lock);
}

/* Returns: (transfer none) (nullable) */
const BnEpochKey *
bn_keyring_get_legacy (BnKeyring *self)
{
  const BnEpochKey *key;

  g_mutex_lock (&self->lock);
  key = self->legacy;
  g_mutex_unlock (&self->lock);
  return key;
}

guint
bn_keyring_get_size (BnKeyring *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->keys->len;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Returns: (transfer container) (element-type BnEpochKey): the keys, in the
 * order they were added */
GPtrArray *
bn_keyring_list (BnKeyring *self)
{
  GPtrArray *list;

  /* Not g_ptr_array_copy(): the copy would free the keys with it. */
  g_mutex_lock (&self->lock);
  list = g_ptr_array_sized_new (self->keys->len);
  for (guint i = 0; i < self->keys->len; i++)
    g_ptr_array_add (list, g_ptr_array_index (self->keys, i));
  g_mutex_unlock (&self->lock);
  return list;
}
