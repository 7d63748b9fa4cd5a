/* bn-home-messages.c — what a neighbour does in a conversation: send a
 * message sealed to the two parties, read it, delete it everywhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-error.h"
#include "bn-messages.h"
#include "bn-payload-types.h"
#include "bn-roster.h"

#include <glib/gi18n-lib.h>

#define DAY_MS (G_GINT64_CONSTANT (24) * 3600 * 1000)

/* Whom a message may go to: a member other than me, not blocked here. */
static gboolean
check_recipient (BnHome *self, const char *peer_id, guint8 key[BN_PUBLIC_KEY_LEN],
                 GError **error)
{
  BnStore *store = bn_home_get_store (self);

  if (!bn_peer_id_to_key (peer_id, key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a neighbour’s ID; see “buurtnet-cli neighbours”"),
                   peer_id ? peer_id : "");
      return FALSE;
    }
  if (bn_same_key (key, bn_home_get_identity (self)->public_key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("That is your own ID; write to a neighbour"));
      return FALSE;
    }
  if (bn_store_get_member_status (store, key, NULL) != BN_MEMBER_ACTIVE)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("%.8s… is not a member of this neighbourhood (yet); see “buurtnet-cli members”"),
                   peer_id);
      return FALSE;
    }
  if (bn_store_is_blocked (store, key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("You blocked %.8s…; unblock them first to write to them"), peer_id);
      return FALSE;
    }
  return TRUE;
}

/* An answer says yes to a proposal @peer wrote me, in this conversation; each
 * other case says what is wrong with the message named (all NOT_FOUND: no
 * proposal of theirs by that ID here). */
static gboolean
check_agrees (BnHome *self, const guint8 peer[BN_PUBLIC_KEY_LEN], const char *proposal_id,
              guint8 id[BN_HASH_LEN], GError **error)
{
  g_autoptr(BnMessage) proposal = NULL;
  guint8 author[BN_PUBLIC_KEY_LEN];
  const char *shown = proposal_id ? proposal_id : "";

  if (bn_hex_decode (proposal_id, id, BN_HASH_LEN))
    proposal = bn_store_get_message (bn_home_get_store (self),
                                     bn_home_get_identity (self)->public_key, id);
  if (proposal == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("No message %.12s… in your conversations; see “buurtnet-cli messages PEER_ID”"),
                 shown);
  else if (proposal->mine)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("Message %.12s… is your own; only your neighbour can say yes to its time"),
                 shown);
  else if (!bn_peer_id_to_key (proposal->author, author) || !bn_same_key (author, peer))
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("Message %.12s… is not in your conversation with this neighbour"), shown);
  else if (proposal->proposes_ms == 0)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("Message %.12s… proposes no time to say yes to"), shown);
  else
    return TRUE;
  return FALSE;
}

/**
 * bn_home_send_message_draft:
 *
 * Sends @draft's text to its neighbour, sealed to the two of us
 * (docs/protocol.md §6.5), with the time it proposes or the proposal it
 * says yes to.
 *
 * Returns: (transfer full): the message's entry; its ID is the message's ID
 */
BnEntry *
bn_home_send_message_draft (BnHome               *self,
                            const BnMessageDraft *draft,
                            GError              **error)
{
  g_autoptr(BnMessagePayload) payload = g_new0 (BnMessagePayload, 1);
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) object = NULL;

  if (!_bn_home_require_hood (self, error) || !check_recipient (self, draft->to, payload->to, error))
    return NULL;
  payload->text = g_strdup (draft->text);
  if (!bn_message_payload_check (payload, error))
    return NULL;
  if (draft->about != NULL)
    {
      g_autoptr(BnPost) post = bn_home_get_post (self, draft->about, error);
      if (post == NULL)
        return NULL;
      payload->has_about = bn_hex_decode (post->id, payload->about, BN_HASH_LEN);
    }
  if (draft->expires_in_days > 0)
    payload->expiry_ms = g_get_real_time () / 1000 + (gint64) draft->expires_in_days * DAY_MS;
  payload->proposes_ms = MAX (draft->proposes_ms, 0);
  if (draft->agrees != NULL)
    {
      if (!check_agrees (self, payload->to, draft->agrees, payload->agrees, error))
        return NULL;
      payload->has_agrees = TRUE;
    }

  g_ptr_array_add (recipients, g_memdup2 (bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN));
  g_ptr_array_add (recipients, g_memdup2 (payload->to, BN_PUBLIC_KEY_LEN));
  object = bn_message_payload_encode (payload);
  return bn_store_append_local (bn_home_get_store (self), object, recipients, error);
}

/**
 * bn_home_send_message:
 * @about_post_id: (nullable): the post the message is about
 * @expires_in_days: 0 to keep it until deleted, else both sides forget it then
 *
 * Sends @text to @peer_id, sealed to the two of us (docs/protocol.md §6.5).
 *
 * Returns: (transfer full): the message's entry; its ID is the message's ID
 */
BnEntry *
bn_home_send_message (BnHome      *self,
                      const char  *peer_id,
                      const char  *text,
                      const char  *about_post_id,
                      guint        expires_in_days,
                      GError     **error)
{
  BnMessageDraft draft = { .to = peer_id, .text = text, .about = about_post_id,
                           .expires_in_days = expires_in_days };

  return bn_home_send_message_draft (self, &draft, error);
}

/**
 * bn_home_read_conversation:
 *
 * Returns: (transfer full) (element-type BnMessage): the conversation with
 *   @peer_id, oldest first, as it stood before this call marked it read here
 *   (when @mark_read)
 */
GPtrArray *
bn_home_read_conversation (BnHome      *self,
                           const char  *peer_id,
                           gboolean     mark_read,
                           GError     **error)
{
  const guint8 *me = bn_home_get_identity (self)->public_key;
  g_autoptr(GPtrArray) messages = NULL;
  guint8 key[BN_PUBLIC_KEY_LEN];

  if (!bn_peer_id_to_key (peer_id, key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a neighbour’s ID; see “buurtnet-cli neighbours”"), peer_id);
      return NULL;
    }
  messages = bn_store_list_messages (bn_home_get_store (self), me, key);
  if (mark_read && !bn_store_mark_messages_read (bn_home_get_store (self), me, key, error))
    return NULL;
  return g_steal_pointer (&messages);
}

/* Erases a message I sent, on every peer (through "delete"). */
BnEntry *
bn_home_delete_message (BnHome      *self,
                        const char  *message_id,
                        GError     **error)
{
  g_autoptr(BnMessage) message = NULL;
  guint8 id[BN_HASH_LEN];

  if (!bn_hex_decode (message_id, id, BN_HASH_LEN))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not an ID; IDs are 64 hexadecimal characters"), message_id);
      return NULL;
    }
  message = bn_store_get_message (bn_home_get_store (self), bn_home_get_identity (self)->public_key, id);
  if (message == NULL)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                   _("No message %.12s… here"), message_id);
      return NULL;
    }
  if (!message->mine)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED,
                   _("Only who wrote a message can delete it"));
      return NULL;
    }
  return bn_home_delete (self, message_id, error);
}
