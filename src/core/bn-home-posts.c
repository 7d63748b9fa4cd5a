/* bn-home-posts.c — what a neighbour does with posts: ask, offer, edit, answer,
 * accept, mark done, thank, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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
  post = bn_store_get_post (bn_home_get_store (self), bn_home_get_identity (self)->public_key, id);
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

  g_ptr_array_add (keys, g_memdup2 (bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN));
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
      g_autoptr(GPtrArray) connectors = bn_store_list_connectors (bn_home_get_store (self));
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
  _bn_home_set_optional (object, "category", draft->category);
  _bn_home_set_optional (object, "title", draft->title);
  _bn_home_set_optional (object, "body", draft->body);
  _bn_home_set_optional (object, "when", draft->when);
  _bn_home_set_optional (object, "urgency", draft->urgency);
  _bn_home_set_optional (object, "on_behalf_of", draft->on_behalf_of);
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

  if (!_bn_home_require_hood (self, error) || !validate_draft_fields (draft, TRUE, error))
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
    json_object_set_array_member (object, "to", bn_json_array_from_strv ((const char *const *) draft->to));
  draft_to_json (draft, object);
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
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
    entry = bn_store_get_entry (bn_home_get_store (self), id);
    base = entry ? bn_payload_decrypt (bn_home_get_hood (self), bn_home_get_identity (self), entry, NULL, NULL) : NULL;
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
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
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
  g_ptr_array_add (recipients, g_memdup2 (bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN));
  json_object_set_string_member (object, "type", "reply");
  json_object_set_string_member (object, "post", post->id);
  json_object_set_string_member (object, "text", text);
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
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
  replies = bn_store_list_replies (bn_home_get_store (self), id);
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
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

BnEntry *
bn_home_delete (BnHome      *self,
                const char  *id_hex,
                GError     **error)
{
  guint8 id[BN_HASH_LEN];
  g_autoptr(BnEntry) target = NULL;
  g_autoptr(JsonObject) object = json_object_new ();

  if (!_bn_home_require_hood (self, error) || !parse_entry_id (id_hex, id, error))
    return NULL;
  target = bn_store_get_entry (bn_home_get_store (self), id);
  if (target == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("Nothing with ID %.12s… is stored here"), id_hex);
      return NULL;
    }
  if (memcmp (target->author, bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN) != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("You can only delete what you posted yourself"));
      return NULL;
    }
  json_object_set_string_member (object, "type", "delete");
  json_object_set_string_member (object, "target", id_hex);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}
