/* bn-session-writes.c — everything a person does that writes: posts, replies,
 * accepting, thanks, status, deleting, the profile, the neighbourhood
 *
 * The roster's writes are here too: appointing and dismissing connectors,
 * removing a neighbour, renewing the key, leaving.
 *
 * Each write runs on the sync node's writer thread, with that thread's own
 * home on the data directory (see bn-store-worker.h), one after the other in
 * the order they were asked for. The main thread never waits for a
 * transaction, its own or the writer's: a click returns at once, and the
 * callback comes when the entry is stored. By then the session's models show
 * it (the session refreshes them before calling back), and the node sends it
 * to the neighbours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-session-private.h"

/* What a write job takes: copies of the caller's strings, owned by the job. */
typedef struct
{
  char        *first;     /* a post ID, a name, a code */
  char        *second;    /* a text, a reply ID, a status */
  BnPostDraft  draft;     /* for posts: its strings are in @strings and @to */
  GPtrArray   *strings;
  GStrv        to;
  BnProfile   *profile;
  BnEventDraft event;     /* for meetups: its strings are in @strings */
  BnMessageDraft message; /* for messages: its strings are in @strings */
  guint        number;    /* days a message is kept, guests coming */
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->first);
  g_free (data->second);
  g_clear_pointer (&data->strings, g_ptr_array_unref);
  g_clear_pointer (&data->to, g_strfreev);
  g_clear_pointer (&data->profile, bn_profile_free);
  g_free (data);
}

static WriteData *
write_data_new (const char *first,
                const char *second)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->first = g_strdup (first);
  data->second = g_strdup (second);
  data->strings = g_ptr_array_new_with_free_func (g_free);
  return data;
}

static const char *
keep (WriteData *data, const char *text)
{
  if (text == NULL)
    return NULL;
  g_ptr_array_add (data->strings, g_strdup (text));
  return g_ptr_array_index (data->strings, data->strings->len - 1);
}

/* A copy of @draft whose strings live as long as the job. */
static void
copy_draft (WriteData *data, const BnPostDraft *draft)
{
  data->draft = *draft;
  data->draft.kind = keep (data, draft->kind);
  data->draft.category = keep (data, draft->category);
  data->draft.title = keep (data, draft->title);
  data->draft.body = keep (data, draft->body);
  data->draft.when = keep (data, draft->when);
  data->draft.urgency = keep (data, draft->urgency);
  data->draft.visibility = keep (data, draft->visibility);
  data->draft.on_behalf_of = keep (data, draft->on_behalf_of);
  data->to = g_strdupv ((char **) draft->to);
  data->draft.to = (const char *const *) data->to;
}

/* Any non-NULL pointer: what a job that gives nothing back returns. */
#define DONE GINT_TO_POINTER (1)

typedef struct
{
  GDestroyNotify result_free;
  gboolean       changes_hood;   /* the session opens the data directory again */
} WriteTask;

static void
give_result (GTask *task, gpointer value)
{
  WriteTask *write = g_task_get_task_data (task);
  BnSession *self = g_task_get_source_object (task);

  /* The caller sees its write in the models as it hears it is done; the
   * others hear of it with the node's next ::store-changed. */
  _bn_session_mark_stale (self);
  bn_session_refresh (self);
  if (value == DONE)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, value, write->result_free);
}

static void
reopened (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_bn_session_reopen_home_finish (BN_SESSION (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  give_result (task, g_object_steal_data (G_OBJECT (task), "bn-value"));
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnSession *self = g_task_get_source_object (task);
  WriteTask *write = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value = bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else if (write->changes_hood)
    {
      /* This thread's home saw no neighbourhood; one opened now does. */
      g_object_set_data_full (G_OBJECT (task), "bn-value", value,
                              value == DONE ? NULL : write->result_free);
      _bn_session_reopen_home_async (self, reopened, g_steal_pointer (&task));
    }
  else
    give_result (task, value);
}

/* Runs @job on the writer; the task's result is the job's (or %NULL for DONE). */
static void
run_write (BnSession           *self,
           BnStoreJobFunc       job,
           WriteData           *data,
           GDestroyNotify       result_free,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  WriteTask *write = g_new0 (WriteTask, 1);

  write->result_free = result_free;
  write->changes_hood = source_tag == bn_session_create_hood_async;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, write, g_free);
  bn_store_worker_run_async (bn_sync_node_get_writer (bn_session_get_sync_node (self)), job, data,
                             (GDestroyNotify) write_data_free, result_free, cancellable,
                             write_done, task);
}

static gpointer
finish (BnSession     *self,
        GAsyncResult  *result,
        gpointer       source_tag,
        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bn_session_write_finish:
 *
 * The end of every write that gives nothing back: replying, accepting,
 * setting a status, thanking, deleting, editing a post, publishing the
 * profile, setting the name, joining a neighbourhood.
 *
 * Returns: whether it was stored; otherwise @error says why, in words for
 *   the person who asked
 */
gboolean
bn_session_write_finish (BnSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  GError *local = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* The entry's post ID, for a job that stored an entry. */
static char *
entry_id (BnEntry *entry)
{
  char *id = bn_hex_encode (entry->id, BN_HASH_LEN);

  bn_entry_unref (entry);
  return id;
}

static gpointer
publish_post_job (BnHome *home, gpointer data, GError **error)
{
  BnEntry *entry = bn_home_publish_post (home, &((WriteData *) data)->draft, error);

  return entry != NULL ? entry_id (entry) : NULL;
}

/**
 * bn_session_publish_post_async:
 * @draft: what the neighbour filled in; copied
 *
 * Asks for help or offers it.
 */
void
bn_session_publish_post_async (BnSession           *self,
                               const BnPostDraft   *draft,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  WriteData *data = write_data_new (NULL, NULL);

  copy_draft (data, draft);
  run_write (self, publish_post_job, data, g_free,
             bn_session_publish_post_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the new post's ID */
char *
bn_session_publish_post_finish (BnSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish (self, result, bn_session_publish_post_async, error);
}

static gpointer
edit_post_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_edit_post (home, write->first, &write->draft, error);

  return entry != NULL ? DONE : NULL;
}

/* @changes: copied; see bn_home_edit_post(). Ends with bn_session_write_finish(). */
void
bn_session_edit_post_async (BnSession           *self,
                            const char          *post_id,
                            const BnPostDraft   *changes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  WriteData *data = write_data_new (post_id, NULL);

  copy_draft (data, changes);
  run_write (self, edit_post_job, data, NULL,
             bn_session_edit_post_async, cancellable, callback, user_data);
}

static gpointer
reply_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_reply (home, write->first, write->second, error);

  return entry != NULL ? DONE : NULL;
}

/* "I can help" on a post. Ends with bn_session_write_finish(). */
void
bn_session_reply_async (BnSession           *self,
                        const char          *post_id,
                        const char          *text,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  run_write (self, reply_job, write_data_new (post_id, text),
             NULL, bn_session_reply_async, cancellable, callback, user_data);
}

static gpointer
accept_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_accept (home, write->first, write->second, error);

  return entry != NULL ? DONE : NULL;
}

/* The author chooses the reply to go ahead with. Ends with bn_session_write_finish(). */
void
bn_session_accept_async (BnSession           *self,
                         const char          *post_id,
                         const char          *reply_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  run_write (self, accept_job, write_data_new (post_id, reply_id),
             NULL, bn_session_accept_async, cancellable, callback, user_data);
}

static gpointer
set_status_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_set_status (home, write->first, write->second, error);

  return entry != NULL ? DONE : NULL;
}

/* @status: "open", "done" or "withdrawn". Ends with bn_session_write_finish(). */
void
bn_session_set_status_async (BnSession           *self,
                             const char          *post_id,
                             const char          *status,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  run_write (self, set_status_job, write_data_new (post_id, status),
             NULL, bn_session_set_status_async, cancellable, callback, user_data);
}

static gpointer
thank_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_thank (home, write->first, write->second, error);

  return entry != NULL ? DONE : NULL;
}

/* Ends with bn_session_write_finish(). */
void
bn_session_thank_async (BnSession           *self,
                        const char          *post_id,
                        const char          *text,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  run_write (self, thank_job, write_data_new (post_id, text),
             NULL, bn_session_thank_async, cancellable, callback, user_data);
}

static gpointer
delete_job (BnHome *home, gpointer data, GError **error)
{
  g_autoptr(BnEntry) entry = bn_home_delete (home, ((WriteData *) data)->first, error);

  return entry != NULL ? DONE : NULL;
}

/* Erases something I posted, here and on the neighbours’ computers as they
 * sync. Ends with bn_session_write_finish(). */
void
bn_session_delete_async (BnSession           *self,
                         const char          *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  run_write (self, delete_job, write_data_new (id, NULL),
             NULL, bn_session_delete_async, cancellable, callback, user_data);
}

static gpointer
publish_profile_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_publish_profile (home, ((WriteData *) data)->profile, error) ? DONE : NULL;
}

/* @profile: copied. Ends with bn_session_write_finish(). */
void
bn_session_publish_profile_async (BnSession           *self,
                                  const BnProfile     *profile,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  WriteData *data = write_data_new (NULL, NULL);

  data->profile = bn_profile_copy (profile);
  run_write (self, publish_profile_job, data, NULL,
             bn_session_publish_profile_async, cancellable, callback, user_data);
}

static gpointer
set_name_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_set_name (home, ((WriteData *) data)->first, error) ? DONE : NULL;
}

/* The name given before there is a neighbourhood (the welcome pages); it
 * becomes the first profile. Ends with bn_session_write_finish(). */
void
bn_session_set_name_async (BnSession           *self,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run_write (self, set_name_job, write_data_new (name, NULL),
             NULL, bn_session_set_name_async, cancellable, callback, user_data);
}

static gpointer
make_invite_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_create_invite (home, BN_INVITE_DEFAULT_USES, BN_INVITE_DEFAULT_MS, error);
}

/* An invite code for a new neighbour, to hand over in person. */
void
bn_session_make_invite_async (BnSession           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  run_write (self, make_invite_job, write_data_new (NULL, NULL),
             g_free, bn_session_make_invite_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the invite code */
char *
bn_session_make_invite_finish (BnSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish (self, result, bn_session_make_invite_async, error);
}

static gpointer
create_hood_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_create_hood (home, ((WriteData *) data)->first, error);
}

/* Starts a neighbourhood, with me as its founder and first connector. */
void
bn_session_create_hood_async (BnSession           *self,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  run_write (self, create_hood_job, write_data_new (name, NULL),
             g_free, bn_session_create_hood_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the first invite code */
char *
bn_session_create_hood_finish (BnSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish (self, result, bn_session_create_hood_async, error);
}

static gpointer
join_hood_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_join_hood (home, ((WriteData *) data)->first, error) ? DONE : NULL;
}

static void
join_prepared (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnSession *self = BN_SESSION (source);
  GError *error = NULL;

  if (!bn_session_write_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The request is stored: the peer asks the neighbours for a welcome. */
  _bn_session_start_joining (self);
  g_task_return_pointer (task, NULL, NULL);
}

/**
 * bn_session_join_hood_async:
 * @code: the invite code a neighbour handed over
 *
 * Prepares joining with @code (a request that proves it) and starts asking
 * the neighbours' peers, found on the local network or added by address, to
 * let us in. Ends with bn_session_write_finish() once the request is made;
 * the session's `has-hood` follows when a neighbour's peer admits us, or
 * ::join-failed says why none will.
 */
void
bn_session_join_hood_async (BnSession           *self,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bn_session_join_hood_async);
  run_write (self, join_hood_job, write_data_new (code, NULL),
             NULL, join_hood_job, cancellable, join_prepared, task);
}

static gpointer
appoint_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_appoint (home, ((WriteData *) data)->first, error) ? DONE : NULL;
}

/* A connector makes @peer_id a connector too. Ends with bn_session_write_finish(). */
void
bn_session_appoint_async (BnSession           *self,
                          const char          *peer_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run_write (self, appoint_job, write_data_new (peer_id, NULL),
             NULL, bn_session_appoint_async, cancellable, callback, user_data);
}

static gpointer
dismiss_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_dismiss (home, ((WriteData *) data)->first, error) ? DONE : NULL;
}

/* A connector dismisses a connector, or steps down (@peer_id is mine). Ends
 * with bn_session_write_finish(). */
void
bn_session_dismiss_async (BnSession           *self,
                          const char          *peer_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run_write (self, dismiss_job, write_data_new (peer_id, NULL),
             NULL, bn_session_dismiss_async, cancellable, callback, user_data);
}

static gpointer
remove_member_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;

  return bn_home_remove_member (home, write->first, write->second, error) ? DONE : NULL;
}

/**
 * bn_session_remove_member_async:
 * @reason: (nullable): left, moved, lost-device or conduct
 *
 * A connector removes a neighbour; a new key is made for everyone else.
 * Ends with bn_session_write_finish().
 */
void
bn_session_remove_member_async (BnSession           *self,
                                const char          *peer_id,
                                const char          *reason,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  run_write (self, remove_member_job, write_data_new (peer_id, reason),
             NULL, bn_session_remove_member_async, cancellable, callback, user_data);
}

static gpointer
renew_key_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_renew_key (home, error) ? DONE : NULL;
}

/* A connector renews the neighbourhood's key (a lost code or laptop): open
 * invite codes stop working. Ends with bn_session_write_finish(). */
void
bn_session_renew_key_async (BnSession           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run_write (self, renew_key_job, write_data_new (NULL, NULL),
             NULL, bn_session_renew_key_async, cancellable, callback, user_data);
}

static gpointer
leave_job (BnHome *home, gpointer data, GError **error)
{
  return bn_home_leave (home, error) ? DONE : NULL;
}

/* I leave the neighbourhood: my last entry says so. Ends with
 * bn_session_write_finish(). */
void
bn_session_leave_async (BnSession           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  run_write (self, leave_job, write_data_new (NULL, NULL),
             NULL, bn_session_leave_async, cancellable, callback, user_data);
}

/* Changing course (docs/protocol.md §6.5) */

static gpointer
withdraw_reply_job (BnHome *home, gpointer data, GError **error)
{
  g_autoptr(BnEntry) entry = bn_home_withdraw_reply (home, ((WriteData *) data)->first, error);

  return entry != NULL ? DONE : NULL;
}

/* The helper's "I can't make it after all": the post is open again.
 * Ends with bn_session_write_finish(). */
void
bn_session_withdraw_reply_async (BnSession           *self,
                                 const char          *post_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run_write (self, withdraw_reply_job, write_data_new (post_id, NULL),
             NULL, bn_session_withdraw_reply_async, cancellable, callback, user_data);
}

static gpointer
unaccept_job (BnHome *home, gpointer data, GError **error)
{
  g_autoptr(BnEntry) entry = bn_home_unaccept (home, ((WriteData *) data)->first, error);

  return entry != NULL ? DONE : NULL;
}

/* The asker's "Choose Someone Else": the post is open again.
 * Ends with bn_session_write_finish(). */
void
bn_session_unaccept_async (BnSession           *self,
                           const char          *post_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run_write (self, unaccept_job, write_data_new (post_id, NULL),
             NULL, bn_session_unaccept_async, cancellable, callback, user_data);
}

/* Conversations (docs/protocol.md §6.5) */

static gpointer
send_message_job (BnHome *home, gpointer data, GError **error)
{
  BnEntry *entry = bn_home_send_message_draft (home, &((WriteData *) data)->message, error);

  return entry != NULL ? entry_id (entry) : NULL;
}

/**
 * bn_session_send_message_draft_async:
 *
 * Sends @draft (a text, and maybe a time it proposes or the proposal it says
 * yes to), sealed to its two parties. Ends with bn_session_send_message_finish().
 */
void
bn_session_send_message_draft_async (BnSession            *self,
                                     const BnMessageDraft *draft,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  WriteData *data = write_data_new (NULL, NULL);

  data->message = *draft;
  data->message.to = keep (data, draft->to);
  data->message.text = keep (data, draft->text);
  data->message.about = keep (data, draft->about);
  data->message.agrees = keep (data, draft->agrees);
  run_write (self, send_message_job, data, g_free,
             bn_session_send_message_async, cancellable, callback, user_data);
}

/**
 * bn_session_send_message_async:
 * @about_post_id: (nullable): the post the conversation is about
 * @expires_in_days: 0 to keep it until deleted
 *
 * Sends @text to @peer_id, sealed to the two of them.
 */
void
bn_session_send_message_async (BnSession           *self,
                               const char          *peer_id,
                               const char          *text,
                               const char          *about_post_id,
                               guint                expires_in_days,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  BnMessageDraft draft = { .to = peer_id, .text = text, .about = about_post_id,
                           .expires_in_days = expires_in_days };

  bn_session_send_message_draft_async (self, &draft, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the message's ID */
char *
bn_session_send_message_finish (BnSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish (self, result, bn_session_send_message_async, error);
}

static gpointer
delete_message_job (BnHome *home, gpointer data, GError **error)
{
  g_autoptr(BnEntry) entry = bn_home_delete_message (home, ((WriteData *) data)->first, error);

  return entry != NULL ? DONE : NULL;
}

/* Erases a message I wrote, on both sides and wherever it is carried.
 * Ends with bn_session_write_finish(). */
void
bn_session_delete_message_async (BnSession           *self,
                                 const char          *message_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run_write (self, delete_message_job, write_data_new (message_id, NULL),
             NULL, bn_session_delete_message_async, cancellable, callback, user_data);
}

static gpointer
mark_read_job (BnHome *home, gpointer data, GError **error)
{
  g_autoptr(GPtrArray) messages = bn_home_read_conversation (home, ((WriteData *) data)->first,
                                                             TRUE, error);

  return messages != NULL ? DONE : NULL;
}

/* What @peer_id wrote has been read here (a local mark, not shared).
 * Ends with bn_session_write_finish(). */
void
bn_session_mark_read_async (BnSession           *self,
                            const char          *peer_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run_write (self, mark_read_job, write_data_new (peer_id, NULL),
             NULL, bn_session_mark_read_async, cancellable, callback, user_data);
}

/* Meetups (docs/protocol.md §6.6) */

static void
copy_event_draft (WriteData *data, const BnEventDraft *draft)
{
  data->event = *draft;
  data->event.title = keep (data, draft->title);
  data->event.details = keep (data, draft->details);
  data->event.start = keep (data, draft->start);
  data->event.end = keep (data, draft->end);
  data->event.place = keep (data, draft->place);
  data->event.category = keep (data, draft->category);
  data->event.repeat = keep (data, draft->repeat);
  data->event.until = keep (data, draft->until);
}

static gpointer
create_event_job (BnHome *home, gpointer data, GError **error)
{
  BnEntry *entry = bn_home_create_event (home, &((WriteData *) data)->event, error);

  return entry != NULL ? entry_id (entry) : NULL;
}

/* @draft: copied. Ends with bn_session_create_event_finish(). */
void
bn_session_create_event_async (BnSession           *self,
                               const BnEventDraft  *draft,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  WriteData *data = write_data_new (NULL, NULL);

  copy_event_draft (data, draft);
  run_write (self, create_event_job, data, g_free,
             bn_session_create_event_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the new meetup's ID */
char *
bn_session_create_event_finish (BnSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish (self, result, bn_session_create_event_async, error);
}

static gpointer
edit_event_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_edit_event (home, write->first, &write->event, error);

  return entry != NULL ? DONE : NULL;
}

/* The organiser's change; @changes: copied. Ends with bn_session_write_finish(). */
void
bn_session_edit_event_async (BnSession           *self,
                             const char          *event_id,
                             const BnEventDraft  *changes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  WriteData *data = write_data_new (event_id, NULL);

  copy_event_draft (data, changes);
  run_write (self, edit_event_job, data, NULL,
             bn_session_edit_event_async, cancellable, callback, user_data);
}

static gpointer
cancel_event_job (BnHome *home, gpointer data, GError **error)
{
  g_autoptr(BnEntry) entry = bn_home_cancel_event (home, ((WriteData *) data)->first, error);

  return entry != NULL ? DONE : NULL;
}

/* Ends with bn_session_write_finish(). */
void
bn_session_cancel_event_async (BnSession           *self,
                               const char          *event_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run_write (self, cancel_event_job, write_data_new (event_id, NULL),
             NULL, bn_session_cancel_event_async, cancellable, callback, user_data);
}

static gpointer
rsvp_job (BnHome *home, gpointer data, GError **error)
{
  WriteData *write = data;
  g_autoptr(BnEntry) entry = bn_home_rsvp_on (home, write->first, write->second, write->number,
                                              write->strings->len > 0
                                                ? g_ptr_array_index (write->strings, 0) : NULL,
                                              error);

  return entry != NULL ? DONE : NULL;
}

/* @answer: "yes", "maybe" or "no"; @date: (nullable): YYYY-MM-DD, to answer
 * for that one date of a repeated meetup. Ends with bn_session_write_finish(). */
void
bn_session_rsvp_on_async (BnSession           *self,
                          const char          *event_id,
                          const char          *answer,
                          guint                guests,
                          const char          *date,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  WriteData *data = write_data_new (event_id, answer);

  data->number = guests;
  keep (data, date);
  run_write (self, rsvp_job, data, NULL,
             bn_session_rsvp_async, cancellable, callback, user_data);
}

/* @answer: "yes", "maybe" or "no", for every date. Ends with bn_session_write_finish(). */
void
bn_session_rsvp_async (BnSession           *self,
                       const char          *event_id,
                       const char          *answer,
                       guint                guests,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  WriteData *data = write_data_new (event_id, answer);

  data->number = guests;
  run_write (self, rsvp_job, data, NULL,
             bn_session_rsvp_async, cancellable, callback, user_data);
}
