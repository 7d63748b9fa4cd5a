/* bn-home-posts.c — what a neighbour does with posts: ask, offer, edit, answer,
 * accept, mark done, thank, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-entry-type.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload.h"
#include "bn-payload-types.h"

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

/* Whether this peer's identity is @author or replaced them on the roster (a lost
 * laptop), and so may change what @author posted (docs/protocol.md §9.7). */
static gboolean
acts_for (BnHome *self, const char *author)
{
  guint8 key[BN_PUBLIC_KEY_LEN];

  return bn_peer_id_to_key (author, key)
         && bn_fold_may_act_for (bn_home_get_store (self), key,
                                 bn_home_get_identity (self)->public_key);
}

static BnPost *
get_my_post (BnHome *self, const char *post_id, GError **error)
{
  g_autoptr(BnPost) post = bn_home_get_post (self, post_id, error);

  if (post == NULL)
    return NULL;
  if (!acts_for (self, post->author))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("Only the neighbour who posted this can change it"));
      return NULL;
    }
  return g_steal_pointer (&post);
}

/* Everyone who may read a private post: the chosen people or the connectors,
 * and always the author; never a neighbour this computer blocks. */
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
                           _("“%s” is not a neighbour’s ID; see “buurtnet-cli neighbours”"), to[i]);
              return NULL;
            }
          /* Blocking someone means no longer sharing with them. */
          if (bn_store_is_blocked (bn_home_get_store (self), key))
            {
              g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                           _("You blocked %.8s…; unblock them first, or leave them out"), to[i]);
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
        if (bn_peer_id_to_key (((BnProfile *) g_ptr_array_index (connectors, i))->peer_id, key)
            && !bn_same_key (key, bn_home_get_identity (self)->public_key)
            && !bn_store_is_blocked (bn_home_get_store (self), key))
          g_ptr_array_add (keys, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
      if (keys->len == 1)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("This neighbourhood has no other connectors yet; choose who may see it instead"));
          return NULL;
        }
    }
  return g_steal_pointer (&keys);
}

/* A draft's fields as a post payload (borrowing nothing: the payload owns copies). */
static BnPostPayload *
payload_from_draft (const BnPostDraft *draft)
{
  BnPostPayload *payload = g_new0 (BnPostPayload, 1);

  payload->kind = g_strdup (draft->kind);
  payload->category = g_strdup (draft->category);
  payload->title = g_strdup (draft->title);
  payload->body = g_strdup (draft->body);
  payload->when = g_strdup (draft->when);
  payload->urgency = g_strdup (draft->urgency);
  payload->visibility = g_strdup (draft->visibility);
  payload->to = g_strdupv ((char **) draft->to);
  payload->on_behalf_of = g_strdup (draft->on_behalf_of);
  payload->expiry_ms = draft->expiry_ms;
  return payload;
}

/* Returns: (transfer full): the post's entry; its ID is the post's ID */
BnEntry *
bn_home_publish_post (BnHome             *self,
                      const BnPostDraft  *draft,
                      GError            **error)
{
  g_autoptr(BnPostPayload) payload = payload_from_draft (draft);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) recipients = NULL;

  if (payload->visibility == NULL)
    payload->visibility = g_strdup ("neighbourhood");
  if (!_bn_home_require_hood (self, error) || !bn_post_payload_check (payload, TRUE, error))
    return NULL;
  if (!g_str_equal (payload->visibility, "neighbourhood"))
    {
      recipients = recipients_for (self, payload->visibility, draft->to, error);
      if (recipients == NULL)
        return NULL;
    }
  object = bn_post_payload_encode (payload);
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
}

/* Private posts stay private: a change to one is sealed to the same people,
 * read back from the post's own sealed body. */
static GPtrArray *
recipients_of_post (BnHome *self, const BnPost *post, GError **error)
{
  guint8 id[BN_HASH_LEN];
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(BnJsonFields) object = NULL;
  g_autoptr(BnPostPayload) base = NULL;
  const char *why = NULL;

  if (post->visibility == NULL || g_str_equal (post->visibility, "neighbourhood"))
    return NULL;
  bn_hex_decode (post->id, id, BN_HASH_LEN);
  entry = bn_store_get_entry (bn_home_get_store (self), id);
  object = entry ? bn_payload_decrypt_fields (bn_home_get_hood (self)->keys,
                                              bn_home_get_identity (self), entry, NULL, NULL)
                 : NULL;
  base = object ? bn_post_payload_decode (object, &why) : NULL;
  return recipients_for (self, post->visibility,
                         base ? (const char *const *) base->to : NULL, error);
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
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
}

BnEntry *
bn_home_edit_post (BnHome             *self,
                   const char         *post_id,
                   const BnPostDraft  *changes,
                   GError            **error)
{
  g_autoptr(BnPost) post = get_my_post (self, post_id, error);
  g_autoptr(BnPostPayload) set = payload_from_draft (changes);
  g_autoptr(JsonObject) object = NULL;

  if (post == NULL || !bn_post_payload_check (set, FALSE, error))
    return NULL;
  object = bn_edit_payload_encode (post->id, set);
  return publish_post_event (self, post, object, error);
}

BnEntry *
bn_home_set_status (BnHome      *self,
                    const char  *post_id,
                    const char  *status,
                    GError     **error)
{
  g_autoptr(BnPost) post = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (!bn_post_status_is_valid (status))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A status is “open”, “matched”, “done” or “withdrawn”"));
      return NULL;
    }
  post = get_my_post (self, post_id, error);
  if (post == NULL)
    return NULL;
  object = bn_status_payload_encode (post->id, status);
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
  g_autoptr(JsonObject) object = NULL;
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
  object = bn_note_payload_encode ("reply", post->id, text);
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
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) place_error = NULL;
  BnEntry *entry;
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
  if (reply->withdrawn)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("%s can’t make it after all; choose someone else"),
                   reply->author_name ? reply->author_name : _("This neighbour"));
      return NULL;
    }
  object = bn_accept_payload_encode (post->id, reply->id, reply->author);
  entry = publish_post_event (self, post, object, error);
  /* The helper now sees where I live (docs/protocol.md §6.1); theirs comes to
   * me from their peer's upkeep. A failure here loses nothing: the upkeep
   * tries again. */
  if (entry != NULL && !_bn_home_tend_place (self, &place_error))
    g_message ("Could not show my place to the helper yet: %s", place_error->message);
  return entry;
}

/* Thanks are public: a warm word the whole neighbourhood may see. */
BnEntry *
bn_home_thank (BnHome      *self,
               const char  *post_id,
               const char  *text,
               GError     **error)
{
  g_autoptr(BnPost) post = bn_home_get_post (self, post_id, error);
  g_autoptr(JsonObject) object = NULL;

  if (post == NULL)
    return NULL;
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Write a few words of thanks"));
      return NULL;
    }
  object = bn_note_payload_encode ("thanks", post->id, text);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

BnEntry *
bn_home_delete (BnHome      *self,
                const char  *id_hex,
                GError     **error)
{
  guint8 id[BN_HASH_LEN];
  g_autoptr(BnEntry) target = NULL;
  g_autoptr(JsonObject) object = NULL;

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
  object = bn_delete_payload_encode (id_hex);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/* Who reads a helper's change of course: whoever reads the post (everyone for
 * a neighbourhood post), and always its author. */
static GPtrArray *
recipients_for_helper (BnHome *self, const BnPost *post, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) recipients = recipients_of_post (self, post, &local_error);
  guint8 author[BN_PUBLIC_KEY_LEN];

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (recipients != NULL && bn_peer_id_to_key (post->author, author))
    g_ptr_array_add (recipients, g_memdup2 (author, BN_PUBLIC_KEY_LEN));
  return g_steal_pointer (&recipients);
}

/**
 * bn_home_withdraw_reply:
 *
 * The helper takes back their offer on @post_id ("I can't make it after
 * all"): every reply of mine on it that stands. When the asker had chosen me,
 * the post is open again on every peer.
 *
 * Returns: (transfer full): the last withdrawal's entry
 */
BnEntry *
bn_home_withdraw_reply (BnHome      *self,
                        const char  *post_id,
                        GError     **error)
{
  g_autoptr(BnPost) post = bn_home_get_post (self, post_id, error);
  g_autoptr(GPtrArray) replies = NULL, recipients = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autofree char *me = bn_home_dup_peer_id (self);
  guint8 id[BN_HASH_LEN];

  if (post == NULL)
    return NULL;
  bn_hex_decode (post->id, id, BN_HASH_LEN);
  replies = bn_store_list_replies (bn_home_get_store (self), id);
  recipients = recipients_for_helper (self, post, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; i < replies->len; i++)
    {
      const BnNote *reply = g_ptr_array_index (replies, i);
      g_autoptr(JsonObject) object = NULL;

      if (g_strcmp0 (reply->author, me) != 0 || reply->withdrawn)
        continue;
      object = bn_reply_withdraw_payload_encode (post->id, reply->id);
      g_clear_pointer (&entry, bn_entry_unref);
      entry = bn_store_append_local (bn_home_get_store (self), object, recipients, error);
      if (entry == NULL)
        return NULL;
    }
  if (entry == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("You have not offered to help with this post, so there is nothing to take back"));
  return g_steal_pointer (&entry);
}

/**
 * bn_home_unaccept:
 *
 * The asker takes back their choice of helper: the post is open again and
 * they may choose someone else.
 *
 * Returns: (transfer full): the entry
 */
BnEntry *
bn_home_unaccept (BnHome      *self,
                  const char  *post_id,
                  GError     **error)
{
  g_autoptr(BnPost) post = get_my_post (self, post_id, error);
  g_autoptr(JsonObject) object = NULL;

  if (post == NULL)
    return NULL;
  if (post->accepted_reply == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("No one is chosen for this post, so there is nothing to undo"));
      return NULL;
    }
  object = bn_unaccept_payload_encode (post->id);
  return publish_post_event (self, post, object, error);
}
