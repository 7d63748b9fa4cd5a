/* bn-home.c — the data directory and the neighbourhood it belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"

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
  guint8 secret[BN_KEY_LEN];

  if (name != NULL && bn_hex_decode (secret_hex, secret, BN_KEY_LEN))
    self->hood = bn_hood_new_from_secret (name, secret);
  sodium_memzero (secret, sizeof secret);
  bn_store_set_keys (self->store, self->hood, self->identity);
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
  self->store = bn_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;
  load_hood (self);
  /* Entries stored but not folded (an import cut off by a crash) show up now. */
  if (self->hood != NULL && bn_store_has_pending (self->store)
      && !bn_store_fold_pending (self->store, error))
    return NULL;
  /* Every peer forgets expired posts on its own; opening is a natural moment. */
  if (self->hood != NULL)
    {
      g_autoptr(GError) expire_error = NULL;
      bn_store_expire (self->store, g_get_real_time () / 1000, &expire_error);
      if (expire_error != NULL)
        g_debug ("Could not erase expired posts yet: %s", expire_error->message);
    }
  return g_steal_pointer (&self);
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

static gboolean
require_hood (BnHome *self, GError **error)
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

static void
set_optional (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

static JsonArray *
strv_to_array (GStrv values)
{
  JsonArray *array = json_array_new ();
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  return array;
}

static gboolean
check_categories (GStrv values, GError **error)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (!bn_category_is_valid (values[i]))
      {
        g_autofree char *ids = bn_category_list_ids (", ");
        g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                     _("“%s” is not a category; use one of: %s"), values[i], ids);
        return FALSE;
      }
  return TRUE;
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
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(BnEntry) entry = NULL;
  JsonObject *place = json_object_new ();

  if (!require_hood (self, error)
      || !check_categories (profile->talents, error)
      || !check_categories (profile->needs, error))
    {
      json_object_unref (place);
      return FALSE;
    }
  if (profile->name == NULL || *profile->name == '\0')
    {
      json_object_unref (place);
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Your profile needs a name; neighbours see it next to your posts"));
      return FALSE;
    }
  json_object_set_string_member (object, "type", "profile");
  json_object_set_string_member (object, "name", profile->name);
  set_optional (object, "about", profile->about);
  json_object_set_array_member (object, "talents", strv_to_array (profile->talents));
  json_object_set_array_member (object, "needs", strv_to_array (profile->needs));
  json_object_set_array_member (object, "languages", strv_to_array (profile->languages));
  set_optional (place, "street", profile->street);
  set_optional (place, "number", profile->number);
  set_optional (place, "building", profile->building);
  set_optional (place, "floor", profile->floor);
  json_object_set_object_member (object, "place", place);
  json_object_set_boolean_member (object, "connector", profile->connector);

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
adopt_hood (BnHome *self, BnHood *hood, GError **error)
{
  g_autofree char *secret_hex = bn_hex_encode (hood->secret, BN_KEY_LEN);
  g_autofree char *my_name = bn_store_get_meta (self->store, META_MY_NAME);

  if (!bn_store_exec (bn_home_get_store (self), "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!bn_store_set_meta (self->store, META_HOOD_NAME, hood->name, error)
      || !bn_store_set_meta (self->store, META_HOOD_SECRET, secret_hex, error)
      || !bn_store_exec (self->store, "COMMIT", error))
    {
      bn_store_exec (self->store, "ROLLBACK", NULL);
      return FALSE;
    }
  self->hood = hood;
  bn_store_set_keys (self->store, self->hood, self->identity);
  /* The name given at init becomes my first profile in the neighbourhood. */
  if (my_name != NULL && bn_home_get_my_profile (self) == NULL)
    return bn_home_set_name (self, my_name, error);
  return TRUE;
}

/* Returns: (transfer full): the invite code of the new neighbourhood */
char *
bn_home_create_hood (BnHome      *self,
                     const char  *name,
                     GError     **error)
{
  BnHood *hood;

  if (!refuse_second_hood (self, error))
    return NULL;
  hood = bn_hood_new_random (name, error);
  if (hood == NULL)
    return NULL;
  if (!adopt_hood (self, hood, error))
    {
      if (self->hood != hood)
        bn_hood_free (hood);
      return NULL;
    }
  return bn_hood_make_invite (self->hood);
}

gboolean
bn_home_join_hood (BnHome      *self,
                   const char  *invite,
                   GError     **error)
{
  BnHood *hood;

  if (!refuse_second_hood (self, error))
    return FALSE;
  hood = bn_hood_parse_invite (invite, error);
  if (hood == NULL)
    return FALSE;
  if (!adopt_hood (self, hood, error))
    {
      if (self->hood != hood)
        bn_hood_free (hood);
      return FALSE;
    }
  return TRUE;
}

char *
bn_home_make_invite (BnHome  *self,
                     GError **error)
{
  if (!require_hood (self, error))
    return NULL;
  return bn_hood_make_invite (self->hood);
}

static gboolean
parse_entry_id (const char *hex, guint8 id[BN_HASH_LEN], GError **error)
{
  if (bn_hex_decode (hex, id, BN_HASH_LEN))
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("“%s” is not an ID; IDs are 64 hexadecimal characters"), hex ? hex : "");
  return FALSE;
}

/* Returns: (transfer full) */
BnPost *
bn_home_get_post (BnHome      *self,
                  const char  *post_id,
                  GError     **error)
{
  guint8 id[BN_HASH_LEN];
  BnPost *post;

  if (!parse_entry_id (post_id, id, error))
    return NULL;
  post = bn_store_get_post (self->store, self->identity->public_key, id);
  if (post == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("No post %.12s… here; it may not have reached you yet, or it was deleted"),
                 post_id);
  return post;
}

static BnPost *
get_my_post (BnHome *self, const char *post_id, GError **error)
{
  g_autoptr(BnPost) post = bn_home_get_post (self, post_id, error);
  g_autofree char *me = bn_home_dup_peer_id (self);

  if (post == NULL)
    return NULL;
  if (g_strcmp0 (post->author, me) != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("Only the neighbour who posted this can change it"));
      return NULL;
    }
  return g_steal_pointer (&post);
}

/* Everyone who may read a private post: the chosen people or the connectors,
 * and always the author. */
static GPtrArray *
recipients_for (BnHome *self, const char *visibility, const char *const *to, GError **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (keys, g_memdup2 (self->identity->public_key, BN_PUBLIC_KEY_LEN));
  if (g_strcmp0 (visibility, "people") == 0)
    {
      for (guint i = 0; to != NULL && to[i] != NULL; i++)
        {
          guint8 key[BN_PUBLIC_KEY_LEN];
          if (!bn_peer_id_to_key (to[i], key))
            {
              g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("“%s” is not a neighbour's ID; see “buurtnet-cli neighbours”"), to[i]);
              return NULL;
            }
          g_ptr_array_add (keys, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
        }
      if (keys->len == 1)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("Choose at least one neighbour who may see this"));
          return NULL;
        }
    }
  else if (g_strcmp0 (visibility, "connectors") == 0)
    {
      g_autoptr(GPtrArray) connectors = bn_store_list_connectors (self->store);
      guint8 key[BN_PUBLIC_KEY_LEN];

      for (guint i = 0; i < connectors->len; i++)
        if (bn_peer_id_to_key (((BnProfile *) g_ptr_array_index (connectors, i))->peer_id, key))
          g_ptr_array_add (keys, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
      if (keys->len == 1)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("This neighbourhood has no connectors yet; choose who may see it instead"));
          return NULL;
        }
    }
  return g_steal_pointer (&keys);
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
validate_draft_fields (const BnPostDraft *draft, gboolean creating, GError **error)
{
  if (creating && !bn_post_kind_is_valid (draft->kind))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A post is a “request” or an “offer”"));
      return FALSE;
    }
  if ((creating || draft->category) && !bn_category_is_valid (draft->category))
    {
      g_autofree char *ids = bn_category_list_ids (", ");
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a category; use one of: %s"),
                   draft->category ? draft->category : "", ids);
      return FALSE;
    }
  if (creating && !has_text (draft->title))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Give your post a short title"));
      return FALSE;
    }
  if (draft->urgency && !bn_urgency_is_valid (draft->urgency))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Urgency is “flexible”, “soon” or “urgent”"));
      return FALSE;
    }
  if (draft->visibility && !bn_visibility_is_valid (draft->visibility))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Visibility is “neighbourhood”, “connectors” or “people”"));
      return FALSE;
    }
  return TRUE;
}

static void
draft_to_json (const BnPostDraft *draft, JsonObject *object)
{
  set_optional (object, "category", draft->category);
  set_optional (object, "title", draft->title);
  set_optional (object, "body", draft->body);
  set_optional (object, "when", draft->when);
  set_optional (object, "urgency", draft->urgency);
  set_optional (object, "on_behalf_of", draft->on_behalf_of);
  if (draft->expiry_ms > 0)
    json_object_set_int_member (object, "expiry", draft->expiry_ms);
}

/* Returns: (transfer full): the post's entry; its ID is the post's ID */
BnEntry *
bn_home_publish_post (BnHome             *self,
                      const BnPostDraft  *draft,
                      GError            **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GPtrArray) recipients = NULL;
  const char *visibility = draft->visibility ? draft->visibility : "neighbourhood";

  if (!require_hood (self, error) || !validate_draft_fields (draft, TRUE, error))
    return NULL;
  if (!g_str_equal (visibility, "neighbourhood"))
    {
      recipients = recipients_for (self, visibility, draft->to, error);
      if (recipients == NULL)
        return NULL;
    }
  json_object_set_string_member (object, "type", "post");
  json_object_set_string_member (object, "kind", draft->kind);
  json_object_set_string_member (object, "visibility", visibility);
  /* Who was chosen, inside the sealed body: recipients_of_post() reads it back
   * to seal every later change of the post to the same people. */
  if (g_str_equal (visibility, "people"))
    json_object_set_array_member (object, "to", strv_to_array ((GStrv) draft->to));
  draft_to_json (draft, object);
  return bn_store_append_local (self->store, object, recipients, error);
}

/* Private posts stay private: a change to one is sealed to the same people. */
static GPtrArray *
recipients_of_post (BnHome *self, const BnPost *post, GError **error)
{
  if (post->visibility == NULL || g_str_equal (post->visibility, "neighbourhood"))
    return NULL;
  {
    guint8 id[BN_HASH_LEN];
    g_autoptr(BnEntry) entry = NULL;
    g_autoptr(JsonObject) base = NULL;
    g_autoptr(GPtrArray) to = g_ptr_array_new ();
    JsonArray *list;

    bn_hex_decode (post->id, id, BN_HASH_LEN);
    entry = bn_store_get_entry (self->store, id);
    base = entry ? bn_payload_decrypt (self->hood, self->identity, entry, NULL, NULL) : NULL;
    list = bn_json_get_array (base, "to");
    for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
      {
        JsonNode *node = json_array_get_element (list, i);
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_string (node))
          g_ptr_array_add (to, (gpointer) json_node_get_string (node));
      }
    g_ptr_array_add (to, NULL);
    return recipients_for (self, post->visibility, (const char *const *) to->pdata, error);
  }
}

static BnEntry *
publish_post_event (BnHome *self, const BnPost *post, JsonObject *object, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) recipients = recipients_of_post (self, post, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  json_object_set_string_member (object, "post", post->id);
  return bn_store_append_local (self->store, object, recipients, error);
}

BnEntry *
bn_home_edit_post (BnHome             *self,
                   const char         *post_id,
                   const BnPostDraft  *changes,
                   GError            **error)
{
  g_autoptr(BnPost) post = get_my_post (self, post_id, error);
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *set = json_object_new ();

  if (post == NULL || !validate_draft_fields (changes, FALSE, error))
    {
      json_object_unref (set);
      return NULL;
    }
  draft_to_json (changes, set);
  json_object_set_string_member (object, "type", "edit");
  json_object_set_object_member (object, "set", set);
  return publish_post_event (self, post, object, error);
}

BnEntry *
bn_home_set_status (BnHome      *self,
                    const char  *post_id,
                    const char  *status,
                    GError     **error)
{
  g_autoptr(BnPost) post = NULL;
  g_autoptr(JsonObject) object = json_object_new ();

  if (!bn_post_status_is_valid (status))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A status is “open”, “matched”, “done” or “withdrawn”"));
      return NULL;
    }
  post = get_my_post (self, post_id, error);
  if (post == NULL)
    return NULL;
  json_object_set_string_member (object, "type", "status");
  json_object_set_string_member (object, "status", status);
  return publish_post_event (self, post, object, error);
}

/* A reply is for the post's author only: sealed to them and to me. */
BnEntry *
bn_home_reply (BnHome      *self,
               const char  *post_id,
               const char  *text,
               GError     **error)
{
  g_autoptr(BnPost) post = bn_home_get_post (self, post_id, error);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *me = bn_home_dup_peer_id (self);
  guint8 author[BN_PUBLIC_KEY_LEN];

  if (post == NULL)
    return NULL;
  if (g_strcmp0 (post->author, me) == 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("This is your own post; wait for a neighbour to answer it"));
      return NULL;
    }
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Write a few words with your reply"));
      return NULL;
    }
  bn_peer_id_to_key (post->author, author);
  g_ptr_array_add (recipients, g_memdup2 (author, BN_PUBLIC_KEY_LEN));
  g_ptr_array_add (recipients, g_memdup2 (self->identity->public_key, BN_PUBLIC_KEY_LEN));
  json_object_set_string_member (object, "type", "reply");
  json_object_set_string_member (object, "post", post->id);
  json_object_set_string_member (object, "text", text);
  return bn_store_append_local (self->store, object, recipients, error);
}

BnEntry *
bn_home_accept (BnHome      *self,
                const char  *post_id,
                const char  *reply_id,
                GError     **error)
{
  g_autoptr(BnPost) post = get_my_post (self, post_id, error);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  const BnNote *reply = NULL;
  guint8 id[BN_HASH_LEN];

  if (post == NULL || !parse_entry_id (reply_id, id, error))
    return NULL;
  bn_hex_decode (post->id, id, BN_HASH_LEN);
  replies = bn_store_list_replies (self->store, id);
  for (guint i = 0; i < replies->len; i++)
    if (g_strcmp0 (((BnNote *) g_ptr_array_index (replies, i))->id, reply_id) == 0)
      reply = g_ptr_array_index (replies, i);
  if (reply == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No reply %.12s… on this post"), reply_id);
      return NULL;
    }
  json_object_set_string_member (object, "type", "accept");
  json_object_set_string_member (object, "reply", reply->id);
  json_object_set_string_member (object, "helper", reply->author);
  return publish_post_event (self, post, object, error);
}

/* Thanks are public: a warm word the whole neighbourhood may see. */
BnEntry *
bn_home_thank (BnHome      *self,
               const char  *post_id,
               const char  *text,
               GError     **error)
{
  g_autoptr(BnPost) post = bn_home_get_post (self, post_id, error);
  g_autoptr(JsonObject) object = json_object_new ();

  if (post == NULL)
    return NULL;
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Write a few words of thanks"));
      return NULL;
    }
  json_object_set_string_member (object, "type", "thanks");
  json_object_set_string_member (object, "post", post->id);
  json_object_set_string_member (object, "text", text);
  return bn_store_append_local (self->store, object, NULL, error);
}

BnEntry *
bn_home_delete (BnHome      *self,
                const char  *id_hex,
                GError     **error)
{
  guint8 id[BN_HASH_LEN];
  g_autoptr(BnEntry) target = NULL;
  g_autoptr(JsonObject) object = json_object_new ();

  if (!require_hood (self, error) || !parse_entry_id (id_hex, id, error))
    return NULL;
  target = bn_store_get_entry (self->store, id);
  if (target == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("Nothing with ID %.12s… is stored here"), id_hex);
      return NULL;
    }
  if (memcmp (target->author, self->identity->public_key, BN_PUBLIC_KEY_LEN) != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("You can only delete what you posted yourself"));
      return NULL;
    }
  json_object_set_string_member (object, "type", "delete");
  json_object_set_string_member (object, "target", id_hex);
  return bn_store_append_local (self->store, object, NULL, error);
}
