/* bn-home.c — the data directory and the neighbourhood it belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-payload-types.h"
#include "bn-roster-private.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

struct _BnHome
{
  GObject parent_instance;

  char       *data_dir;
  BnIdentity *identity;
  BnHood     *hood;        /* NULL until created or joined */
  BnStore    *store;
};

G_DEFINE_FINAL_TYPE (BnHome, bn_home, G_TYPE_OBJECT)

#define META_HOOD_NAME "hood_name"
#define META_HOOD_SECRET "hood_secret"
#define META_HOOD_FOUNDER "hood_founder"
#define META_MY_NAME "my_name"

static void
bn_home_finalize (GObject *object)
{
  BnHome *self = BN_HOME (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->hood, bn_hood_free);
  g_clear_pointer (&self->identity, bn_identity_free);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (bn_home_parent_class)->finalize (object);
}

static void
bn_home_class_init (BnHomeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_home_finalize;
}

static void
bn_home_init (BnHome *self)
{
}

/* Returns: (transfer full): $XDG_DATA_HOME/buurtnet */
char *
bn_home_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "buurtnet", NULL);
}

static void
load_hood (BnHome *self)
{
  g_autofree char *name = bn_store_get_meta (self->store, META_HOOD_NAME);
  g_autofree char *secret_hex = bn_store_get_meta (self->store, META_HOOD_SECRET);
  g_autofree char *founder_id = bn_store_get_meta (self->store, META_HOOD_FOUNDER);
  guint8 secret[BN_KEY_LEN], founder[BN_PUBLIC_KEY_LEN];

  if (name != NULL && bn_hex_decode (secret_hex, secret, BN_KEY_LEN))
    self->hood = bn_peer_id_to_key (founder_id, founder)
                 ? bn_hood_new_with_founder (name, secret, founder)
                 : bn_hood_new_from_secret (name, secret);
  sodium_memzero (secret, sizeof secret);
  bn_store_set_keys (self->store, self->hood, self->identity);
}

static BnHome *
open_home (const char  *data_dir,
           gboolean     create,
           gboolean     for_reading,
           gboolean     tidy,
           GError     **error)
{
  g_autoptr(BnHome) self = g_object_new (BN_TYPE_HOME, NULL);
  g_autofree char *identity_path = g_build_filename (data_dir, BN_IDENTITY_FILE, NULL);
  g_autofree char *db_path = g_build_filename (data_dir, BN_DATABASE_FILE, NULL);

  if (!bn_crypto_init ())
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, _("Could not start libsodium"));
      return NULL;
    }
  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      if (!create)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                       _("No Buurtnet data in %s yet; run “buurtnet-cli init --name NAME” first"),
                       data_dir);
          return NULL;
        }
      if (g_mkdir_with_parents (data_dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not create %s: %s"), data_dir, g_strerror (saved));
          return NULL;
        }
    }

  self->data_dir = g_strdup (data_dir);
  self->identity = bn_identity_load_or_create (identity_path, create, error);
  if (self->identity == NULL)
    return NULL;
  self->store = for_reading ? bn_store_open_for_reading (db_path, error)
                            : bn_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;
  load_hood (self);
  /* Entries stored but not folded (an import cut off by a crash) show up now;
   * a reader on a full disk shows what was folded before. */
  if (self->hood != NULL && bn_store_has_pending (self->store)
      && !bn_store_fold_pending (self->store, error))
    {
      if (!for_reading)
        return NULL;
      g_clear_error (error);
    }
  /* Every peer forgets expired posts on its own; opening is a natural moment.
   * (Readers need not: queries leave expired posts out already.) */
  if (self->hood != NULL && !for_reading && tidy)
    {
      g_autoptr(GError) expire_error = NULL;
      bn_store_expire (self->store, g_get_real_time () / 1000, &expire_error);
      if (expire_error != NULL)
        g_debug ("Could not erase expired posts yet: %s", expire_error->message);
    }
  return g_steal_pointer (&self);
}

/**
 * bn_home_open:
 * @create: create the directory and the identity if missing
 *
 * Returns: (transfer full): the data directory, opened
 */
BnHome *
bn_home_open (const char  *data_dir,
              gboolean     create,
              GError     **error)
{
  return open_home (data_dir, create, FALSE, TRUE, error);
}

/**
 * bn_home_open_untidied:
 * @create: create the directory and the identity if missing
 *
 * Opens the data directory as bn_home_open() does, but leaves erasing the
 * posts that expired to another home on the same directory: the app's window
 * waits for this one, while the peer's threads open theirs with
 * bn_home_open() beside it, and erase them there; the store's change then
 * reaches the lists as any other does.
 *
 * Returns: (transfer full): the data directory, opened
 */
BnHome *
bn_home_open_untidied (const char  *data_dir,
                       gboolean     create,
                       GError     **error)
{
  return open_home (data_dir, create, FALSE, FALSE, error);
}

/**
 * bn_home_open_for_reading:
 *
 * Opens the data directory for a command that only reads and then ends: it
 * needs to write nothing, so it works on a full disk (see
 * bn_store_open_for_reading()). Posts that expired are erased by the next
 * bn_home_open(); entries whose folding was cut off are folded if there is room.
 *
 * Returns: (transfer full): the data directory, opened
 */
BnHome *
bn_home_open_for_reading (const char  *data_dir,
                          GError     **error)
{
  return open_home (data_dir, FALSE, TRUE, FALSE, error);
}

const char *
bn_home_get_data_dir (BnHome *self)
{
  return self->data_dir;
}

BnStore *
bn_home_get_store (BnHome *self)
{
  return self->store;
}

const BnIdentity *
bn_home_get_identity (BnHome *self)
{
  return self->identity;
}

/* Returns: (nullable): the neighbourhood, or %NULL before create or join */
const BnHood *
bn_home_get_hood (BnHome *self)
{
  return self->hood;
}

char *
bn_home_dup_peer_id (BnHome *self)
{
  return bn_identity_get_peer_id (self->identity);
}

/* The name in my newest profile, or the one given at init before any profile. */
char *
bn_home_dup_name (BnHome *self)
{
  g_autoptr(BnProfile) profile = bn_home_get_my_profile (self);

  if (profile != NULL && profile->name != NULL)
    return g_strdup (profile->name);
  return bn_store_get_meta (self->store, META_MY_NAME);
}

gboolean
_bn_home_require_hood (BnHome *self, GError **error)
{
  if (self->hood != NULL)
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_HOOD,
               _("This data directory has no neighbourhood yet; create one with "
                 "“hood create NAME” or join with “hood join CODE”"));
  return FALSE;
}

/* Returns: (transfer full) (nullable) */
BnProfile *
bn_home_get_my_profile (BnHome *self)
{
  return bn_store_get_profile (self->store, self->identity->public_key);
}

/* The fields of #BnProfile a person fills in, as a payload. */
static BnProfilePayload *
profile_payload_from (const BnProfile *profile)
{
  BnProfilePayload *payload = g_new0 (BnProfilePayload, 1);

  payload->name = g_strdup (profile->name);
  payload->about = g_strdup (profile->about);
  payload->talents = profile->talents ? g_strdupv (profile->talents) : g_new0 (char *, 1);
  payload->needs = profile->needs ? g_strdupv (profile->needs) : g_new0 (char *, 1);
  payload->languages = profile->languages ? g_strdupv (profile->languages) : g_new0 (char *, 1);
  payload->street = g_strdup (profile->street);
  payload->building = g_strdup (profile->building);
  /* Number, box and floor are a "place" of their own (bn-home-place.c). */
  payload->connector = profile->connector;
  return payload;
}

/**
 * bn_home_publish_profile:
 *
 * Publishes @profile as my newest profile (the whole profile; it replaces the
 * previous one). Only the fields of #BnProfile a person fills in are used.
 */
gboolean
bn_home_publish_profile (BnHome           *self,
                         const BnProfile  *profile,
                         GError          **error)
{
  g_autoptr(BnProfilePayload) payload = profile_payload_from (profile);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnEntry) entry = NULL;

  if (!_bn_home_require_hood (self, error) || !bn_profile_payload_check (payload, error))
    return FALSE;
  if (!_bn_home_publish_place (self, profile, error))
    return FALSE;
  object = bn_profile_payload_encode (payload);
  entry = bn_store_append_local (self->store, object, NULL, error);
  return entry != NULL;
}

gboolean
bn_home_set_name (BnHome      *self,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(BnProfile) profile = NULL;
  BnProfile fresh = { 0 };

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Give your name; neighbours see it next to your posts"));
      return FALSE;
    }
  if (!bn_store_set_meta (self->store, META_MY_NAME, name, error))
    return FALSE;
  if (self->hood == NULL)
    return TRUE;

  profile = bn_home_get_my_profile (self);
  if (profile == NULL)
    {
      fresh.name = (char *) name;
      return bn_home_publish_profile (self, &fresh, error);
    }
  g_free (profile->name);
  profile->name = g_strdup (name);
  return bn_home_publish_profile (self, profile, error);
}

static gboolean
refuse_second_hood (BnHome *self, GError **error)
{
  if (self->hood == NULL)
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_EXISTS,
               _("This data directory already belongs to the neighbourhood “%s”; "
                 "use another data directory for a second neighbourhood"), self->hood->name);
  return FALSE;
}

static gboolean
store_keys (BnHome *self, BnHood *hood, GPtrArray *keys, const guint8 *current, GError **error)
{
  g_autofree char *secret_hex = bn_hex_encode (hood->secret, BN_KEY_LEN);
  g_autofree char *founder = hood->has_founder ? bn_peer_id_from_key (hood->founder) : NULL;
  g_autofree char *current_hex = current ? bn_hex_encode (current, BN_KEY_ID_LEN) : NULL;

  if (!bn_store_set_meta (self->store, META_HOOD_NAME, hood->name, error)
      || !bn_store_set_meta (self->store, META_HOOD_SECRET, secret_hex, error)
      || (founder != NULL && !bn_store_set_meta (self->store, META_HOOD_FOUNDER, founder, error))
      || (current_hex != NULL && !bn_store_set_meta (self->store, "current_key", current_hex, error)))
    return FALSE;
  /* The keyring learns them now; the keys table keeps them for later runs. */
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    if (!bn_store_add_key_locked (self->store, g_ptr_array_index (keys, i), error))
      return FALSE;
  return bn_store_add_key_locked (self->store, hood->secret, error);
}

/**
 * _bn_home_adopt_hood:
 * @hood: (transfer full): the neighbourhood to belong to
 * @keys: (nullable) (element-type guint8[32]): its epoch keys, from a welcome
 * @current: (nullable): the current key's ID, from a welcome
 *
 * Makes this data directory a member's of @hood, in one transaction.
 */
gboolean
_bn_home_adopt_hood (BnHome        *self,
                     BnHood        *hood,
                     GPtrArray     *keys,
                     const guint8  *current,
                     GError       **error)
{
  g_autofree char *my_name = bn_store_get_meta (self->store, META_MY_NAME);

  bn_store_set_keys (self->store, hood, self->identity);
  if (!bn_store_exec (self->store, "BEGIN IMMEDIATE", error))
    {
      bn_store_set_keys (self->store, NULL, self->identity);
      bn_hood_free (hood);
      return FALSE;
    }
  if (!store_keys (self, hood, keys, current, error)
      || !bn_store_exec (self->store, "COMMIT", error))
    {
      bn_store_exec (self->store, "ROLLBACK", NULL);
      bn_store_set_keys (self->store, NULL, self->identity);
      bn_hood_free (hood);
      return FALSE;
    }
  self->hood = hood;
  bn_store_set_keys (self->store, self->hood, self->identity);
  /* The name given at init becomes my first profile in the neighbourhood. */
  if (my_name != NULL && bn_home_get_my_profile (self) == NULL)
    return bn_home_set_name (self, my_name, error);
  return TRUE;
}

/**
 * bn_home_list_discovery_keys:
 *
 * The discovery keys this peer holds, newest first: the current epoch's makes
 * the mDNS tag it publishes, every one makes a tag it recognises
 * (docs/sync-protocol.md §7), so a member who missed a renewal is still found.
 *
 * Returns: (transfer full) (element-type GBytes): 32-byte keys; empty without a
 *   neighbourhood
 */
GPtrArray *
bn_home_list_discovery_keys (BnHome *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) held = NULL;
  g_autofree char *current_hex = NULL;
  guint8 current[BN_KEY_ID_LEN];
  gboolean has_current;

  if (self->hood == NULL)
    return keys;
  bn_store_load_keys (self->store);
  held = bn_keyring_list (self->hood->keys);
  current_hex = bn_store_get_meta (self->store, "current_key");
  has_current = current_hex != NULL && bn_hex_decode (current_hex, current, BN_KEY_ID_LEN);
  for (guint i = held->len; i > 0; i--)
    {
      const BnEpochKey *key = g_ptr_array_index (held, i - 1);
      GBytes *bytes = g_bytes_new (key->discovery_key, BN_KEY_LEN);

      if (has_current && memcmp (key->id, current, BN_KEY_ID_LEN) == 0)
        g_ptr_array_insert (keys, 0, bytes);
      else
        g_ptr_array_add (keys, bytes);
    }
  return keys;
}

/* The founder's first roster entry (docs/protocol.md §9.2). */
static gboolean
write_root (BnHome *self, GError **error)
{
  g_autoptr(BnRosterOp) op = bn_roster_op_new (BN_ROSTER_HOOD);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnEntry) entry = NULL;

  op->name = g_strdup (self->hood->name);
  memcpy (op->key, bn_keyring_get_legacy (self->hood->keys)->id, BN_KEY_ID_LEN);
  object = bn_roster_op_encode (op);
  entry = bn_store_append_local (self->store, object, NULL, error);
  return entry != NULL;
}

/**
 * bn_home_create_hood:
 *
 * Founds a neighbourhood: this identity is its founder and first connector.
 *
 * Returns: (transfer full): an invite code for one neighbour, valid 7 days
 */
char *
bn_home_create_hood (BnHome      *self,
                     const char  *name,
                     GError     **error)
{
  BnHood *hood;

  if (!refuse_second_hood (self, error))
    return NULL;
  hood = bn_hood_new_founded (name, self->identity->public_key, error);
  if (hood == NULL || !_bn_home_adopt_hood (self, hood, NULL, NULL, error)
      || !write_root (self, error))
    return NULL;
  return bn_home_create_invite (self, BN_INVITE_DEFAULT_USES, BN_INVITE_DEFAULT_MS, error);
}
