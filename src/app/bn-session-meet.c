/* bn-session-meet.c — what conversations and meetups show, read from the
 * store when a page draws them
 *
 * Pages read these again on the session's ::changed (one notice per change
 * of the store); the writes are in bn-session-writes.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-session-private.h"

static const guint8 *
my_key (BnSession *self)
{
  return bn_home_get_identity (self->home)->public_key;
}

static gint64
now_ms (BnSession *self)
{
  gint64 now = bn_session_get_now (self);

  return now > 0 ? now : g_get_real_time () / 1000;
}

/* Returns: (transfer full) (element-type BnConversation): newest first; a
 *   blocked neighbour's are left out by the store */
GPtrArray *
bn_session_list_conversations (BnSession *self)
{
  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_conversation_free);
  return bn_store_list_conversations (bn_home_get_store (self->home), my_key (self));
}

/* How many messages written to me are unread here, all conversations together. */
guint
bn_session_count_unread (BnSession *self)
{
  g_autoptr(GPtrArray) conversations = bn_session_list_conversations (self);
  guint n = 0;

  for (guint i = 0; i < conversations->len; i++)
    n += ((BnConversation *) g_ptr_array_index (conversations, i))->n_unread;
  return n;
}

/* Returns: (transfer full) (element-type BnMessage): oldest first, read from
 *   the store now (without marking them read: see bn_session_mark_read_async()) */
GPtrArray *
bn_session_list_messages (BnSession  *self,
                          const char *peer_id)
{
  guint8 key[BN_PUBLIC_KEY_LEN];

  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self) || peer_id == NULL || !bn_peer_id_to_key (peer_id, key))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_message_free);
  return bn_store_list_messages (bn_home_get_store (self->home), my_key (self), key);
}

/* Returns: (transfer full) (element-type BnEvent): the meetups, as the store
 *   orders them */
GPtrArray *
bn_session_list_events (BnSession *self)
{
  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_event_free);
  return bn_store_list_events (bn_home_get_store (self->home), my_key (self), now_ms (self));
}

/* Returns: (transfer full) (nullable): one meetup, with who comes */
BnEvent *
bn_session_get_event (BnSession  *self,
                      const char *event_id)
{
  guint8 id[BN_HASH_LEN];

  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self) || event_id == NULL || !bn_hex_decode (event_id, id, BN_HASH_LEN))
    return NULL;
  return bn_store_get_event (bn_home_get_store (self->home), my_key (self), id, now_ms (self));
}

/**
 * bn_session_get_event_on:
 * @date: (nullable): YYYY-MM-DD, one date of a repeated meetup; %NULL for its next
 *
 * Returns: (transfer full) (nullable): one meetup, with who comes on @date
 */
BnEvent *
bn_session_get_event_on (BnSession  *self,
                         const char *event_id,
                         const char *date)
{
  guint8 id[BN_HASH_LEN];

  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self) || event_id == NULL || !bn_hex_decode (event_id, id, BN_HASH_LEN))
    return NULL;
  return bn_store_get_event_on (bn_home_get_store (self->home), my_key (self), id, now_ms (self),
                                date);
}

/**
 * bn_session_list_event_dates:
 * @max: at most this many
 *
 * Returns: (transfer full) (element-type BnOccurrence): @event's dates that
 *   are not over yet, the soonest first
 */
GArray *
bn_session_list_event_dates (BnSession     *self,
                             const BnEvent *event,
                             guint          max)
{
  GDate until;

  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  g_date_clear (&until, 1);
  if (event->until != NULL)
    bn_event_date_parse (event->until, &until);
  return bn_event_occurrences (event->start_ms, event->end_ms, bn_repeat_from_string (event->repeat),
                               g_date_valid (&until) ? &until : NULL, now_ms (self), max);
}

/* My activity and what is for me: read from the store now. */

static GPtrArray *
no_posts (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_post_free);
}

/* Returns: (transfer full) (element-type BnPost): what I asked and offered */
GPtrArray *
bn_session_list_my_posts (BnSession *self)
{
  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self))
    return no_posts ();
  return bn_store_list_my_posts (bn_home_get_store (self->home), my_key (self));
}

/* Returns: (transfer full) (element-type BnPost): others' posts I help with
 *   or offered to help with */
GPtrArray *
bn_session_list_helping (BnSession *self)
{
  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self))
    return no_posts ();
  return bn_store_list_helping (bn_home_get_store (self->home), my_key (self));
}

/* Returns: (transfer full) (element-type BnPost): open requests in what I
 *   like to help with, that I have not answered yet */
GPtrArray *
bn_session_list_for_you (BnSession *self)
{
  g_return_val_if_fail (BN_IS_SESSION (self), NULL);

  if (!bn_session_has_hood (self))
    return no_posts ();
  return bn_store_list_for_you (bn_home_get_store (self->home), my_key (self), now_ms (self));
}
