/* bn-moderation.c — reports, the moderation log and blocking, for the app
 * (docs/protocol.md §6.2)
 *
 * Reads happen on the main thread (they are reads: WAL readers never wait for
 * the writer); writes run on the sync node's writer thread, with its own home,
 * and come back once stored, after the session's models show them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-moderation.h"
#include "bn-session-private.h"

#include <glib/gi18n.h>
#include <string.h>

struct _BnModeration
{
  GObject parent_instance;

  BnSession  *session;   /* not owned: the session owns us */
  GPtrArray  *reports;   /* BnReport, open ones first */
  GPtrArray  *log;       /* BnModerationAct, newest first */
  GHashTable *blocked;   /* peer ID → name (or NULL) */
  char       *digest;    /* what the above said at the last reload */
};

G_DEFINE_FINAL_TYPE (BnModeration, bn_moderation, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
bn_moderation_finalize (GObject *object)
{
  BnModeration *self = BN_MODERATION (object);

  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_clear_pointer (&self->blocked, g_hash_table_unref);
  g_clear_pointer (&self->digest, g_free);
  G_OBJECT_CLASS (bn_moderation_parent_class)->finalize (object);
}

static void
bn_moderation_class_init (BnModerationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_moderation_finalize;

  /**
   * BnModeration::changed:
   *
   * The reports, the log or whom I block changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bn_moderation_init (BnModeration *self)
{
  self->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_report_free);
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_moderation_act_free);
  self->blocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static const char *
or_empty (const char *text)
{
  return text ? text : "";
}

/* Everything a page shows of them, in one string: equal strings, nothing to redraw. */
static char *
describe (GPtrArray *reports, GPtrArray *log, GPtrArray *blocked)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < reports->len; i++)
    {
      const BnReport *r = g_ptr_array_index (reports, i);
      g_string_append_printf (text, "r%s|%s|%s|%s|%s|%s|%s|%s\n", r->id, or_empty (r->handled_by),
                              or_empty (r->author_name), or_empty (r->subject_name), r->reason,
                              or_empty (r->text), or_empty (r->quote),
                              or_empty (r->handled_by_name));
    }
  for (guint i = 0; i < log->len; i++)
    {
      const BnModerationAct *a = g_ptr_array_index (log, i);
      g_string_append_printf (text, "a%s|%d|%d|%s|%s|%s\n", a->id, a->undone, a->erase,
                              or_empty (a->actor_name), or_empty (a->member_name),
                              or_empty (a->reason));
    }
  for (guint i = 0; i < blocked->len; i++)
    g_string_append_printf (text, "b%s\n", ((BnBlocked *) g_ptr_array_index (blocked, i))->peer_id);
  return g_string_free (text, FALSE);
}

/**
 * bn_moderation_reload:
 *
 * Reads the reports, the log and whom I block again; emits ::changed when
 * any of it changed.
 *
 * Returns: whether it changed
 */
gboolean
bn_moderation_reload (BnModeration *self)
{
  BnStore *store = bn_home_get_store (bn_session_get_home (self->session));
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) blocked = NULL;
  g_autofree char *digest = NULL;

  if (bn_session_has_hood (self->session))
    {
      reports = bn_store_list_reports (store);
      log = bn_store_list_moderation (store);
      blocked = bn_store_list_blocked (store);
    }
  else
    {
      reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_report_free);
      log = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_moderation_act_free);
      blocked = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_blocked_free);
    }
  digest = describe (reports, log, blocked);
  if (g_strcmp0 (digest, self->digest) == 0)
    return FALSE;
  g_free (self->digest);
  self->digest = g_steal_pointer (&digest);
  g_ptr_array_unref (self->reports);
  self->reports = g_steal_pointer (&reports);
  g_ptr_array_unref (self->log);
  self->log = g_steal_pointer (&log);
  g_hash_table_remove_all (self->blocked);
  for (guint i = 0; i < blocked->len; i++)
    {
      const BnBlocked *one = g_ptr_array_index (blocked, i);
      g_hash_table_insert (self->blocked, g_strdup (one->peer_id), g_strdup (one->name));
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
on_session_changed (BnModeration *self)
{
  bn_moderation_reload (self);
}

/**
 * bn_moderation_get:
 *
 * Returns: (transfer none): the session's moderation, made on first use
 */
BnModeration *
bn_moderation_get (BnSession *session)
{
  BnModeration *self = g_object_get_data (G_OBJECT (session), "bn-moderation");

  if (self != NULL)
    return self;
  self = g_object_new (BN_TYPE_MODERATION, NULL);
  self->session = session;
  g_object_set_data_full (G_OBJECT (session), "bn-moderation", self, g_object_unref);
  /* After the session's own handler: its models are fresh by then. */
  g_signal_connect_object (session, "changed", G_CALLBACK (on_session_changed), self,
                           G_CONNECT_SWAPPED);
  bn_moderation_reload (self);
  return self;
}

BnSession *
bn_moderation_get_session (BnModeration *self)
{
  return self->session;
}

/* Returns: (transfer none) (element-type BnReport): the reports I may read,
 * open ones first; a connector reads all, others their own */
GPtrArray *
bn_moderation_get_reports (BnModeration *self)
{
  return self->reports;
}

/* Returns: (transfer none) (element-type BnModerationAct): newest first */
GPtrArray *
bn_moderation_get_log (BnModeration *self)
{
  return self->log;
}

/* How many reports wait for a connector. */
guint
bn_moderation_get_n_open (BnModeration *self)
{
  guint n = 0;

  for (guint i = 0; i < self->reports->len; i++)
    if (((BnReport *) g_ptr_array_index (self->reports, i))->handled_by == NULL)
      n++;
  return n;
}

gboolean
bn_moderation_is_blocked (BnModeration *self,
                          const char   *peer_id)
{
  return peer_id != NULL && g_hash_table_contains (self->blocked, peer_id);
}

/**
 * bn_moderation_dup_blocked_author:
 * @entry_id: a post's or a note's ID (64 hex)
 * @name: (out) (optional) (transfer full): the author's name, or %NULL
 *
 * A blocked neighbour's posts are not listed at all; this says who wrote one
 * of them, to tell why it is not shown.
 *
 * Returns: (transfer full) (nullable): the author's peer ID when I block them
 */
char *
bn_moderation_dup_blocked_author (BnModeration *self,
                                  const char   *entry_id,
                                  char        **name)
{
  BnStore *store = bn_home_get_store (bn_session_get_home (self->session));
  guint8 id[BN_HASH_LEN];
  g_autoptr(BnEntry) entry = NULL;
  g_autofree char *author = NULL;
  const char *author_name = NULL;

  if (name != NULL)
    *name = NULL;
  if (entry_id == NULL || g_hash_table_size (self->blocked) == 0
      || strlen (entry_id) != 2 * BN_HASH_LEN || !bn_hex_decode (entry_id, id, BN_HASH_LEN))
    return NULL;
  entry = bn_store_get_entry (store, id);
  if (entry == NULL)
    return NULL;
  author = bn_peer_id_from_key (entry->author);
  if (!g_hash_table_lookup_extended (self->blocked, author, NULL, (gpointer *) &author_name))
    return NULL;
  if (name != NULL)
    *name = g_strdup (author_name);
  return g_steal_pointer (&author);
}

/**
 * bn_moderation_dup_hidden_label:
 *
 * Returns: (transfer full): "Hidden by Connie: spam", what shows in the place
 *   of a hidden post, reply or thanks
 */
char *
bn_moderation_dup_hidden_label (const char *by_name,
                                const char *reason)
{
  const char *by = by_name ? by_name : _("a connector");

  if (reason == NULL || *reason == '\0')
    return g_strdup_printf (_("Hidden by %s"), by);
  /* Translators: in the place of a hidden post or reply: who hid it, and why */
  return g_strdup_printf (_("Hidden by %s: %s"), by, reason);
}

/* "Spam", "Harassment", ... for a report's reason as stored. */
const char *
bn_moderation_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "spam") == 0)
    return C_("report reason", "Spam");
  if (g_strcmp0 (reason, "harassment") == 0)
    return C_("report reason", "Harassment");
  if (g_strcmp0 (reason, "privacy") == 0)
    return C_("report reason", "Private details");
  if (g_strcmp0 (reason, "unsafe") == 0)
    return C_("report reason", "Feels unsafe");
  return C_("report reason", "Something else");
}

/* Writes */

typedef struct
{
  char     *target;
  char     *reason;
  char     *text;
  gboolean  flag;      /* erase, or block */
} Job;

static void
job_free (Job *job)
{
  g_free (job->target);
  g_free (job->reason);
  g_free (job->text);
  g_free (job);
}

static Job *
job_new (const char *target, const char *reason, const char *text, gboolean flag)
{
  Job *job = g_new0 (Job, 1);

  job->target = g_strdup (target);
  job->reason = g_strdup (reason);
  job->text = g_strdup (text);
  job->flag = flag;
  return job;
}

/* An entry stored is all a moderation write gives back. */
static gpointer
stored (BnEntry *entry)
{
  if (entry == NULL)
    return NULL;
  bn_entry_unref (entry);
  return GINT_TO_POINTER (1);
}

static gpointer
report_job (BnHome *home, gpointer data, GError **error)
{
  Job *job = data;

  return stored (bn_home_report (home, job->target, job->reason, job->text, error));
}

static gpointer
handled_job (BnHome *home, gpointer data, GError **error)
{
  return stored (bn_home_mark_report_handled (home, ((Job *) data)->target, error));
}

static gpointer
hide_job (BnHome *home, gpointer data, GError **error)
{
  Job *job = data;

  return stored (bn_home_hide (home, job->target, job->reason, job->flag, error));
}

static gpointer
unhide_job (BnHome *home, gpointer data, GError **error)
{
  return stored (bn_home_unhide (home, ((Job *) data)->target, error));
}

static gpointer
block_job (BnHome *home, gpointer data, GError **error)
{
  Job *job = data;
  gboolean done = job->flag ? bn_home_block (home, job->target, error)
                            : bn_home_unblock (home, job->target, error);

  return done ? GINT_TO_POINTER (1) : NULL;
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnModeration *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (bn_store_worker_run_finish (BN_STORE_WORKER (source), result, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Whoever asked sees it done in the lists and pages when told. */
  _bn_session_mark_stale (self->session);
  bn_session_refresh (self->session);
  bn_moderation_reload (self);
  g_task_return_boolean (task, TRUE);
}

static void
run (BnModeration        *self,
     BnStoreJobFunc       func,
     Job                 *job,
     gpointer             source_tag,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  BnSyncNode *node = bn_session_get_sync_node (self->session);

  g_task_set_source_tag (task, source_tag);
  if (node == NULL)
    {
      job_free (job);
      g_task_return_new_error (task, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, "%s",
                               _("Join or start a neighbourhood first"));
      g_object_unref (task);
      return;
    }
  bn_store_worker_run_async (bn_sync_node_get_writer (node), func, job,
                             (GDestroyNotify) job_free, NULL, NULL, job_done, task);
}

/* Tells the connectors (and only them) about a post, reply, thanks or
 * neighbour: @target is an entry ID or a peer ID. */
void
bn_moderation_report_async (BnModeration        *self,
                            const char          *target,
                            const char          *reason,
                            const char          *text,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run (self, report_job, job_new (target, reason, text, FALSE),
       bn_moderation_report_async, callback, user_data);
}

/* A connector says a report was looked at. */
void
bn_moderation_mark_handled_async (BnModeration        *self,
                                  const char          *report_id,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  run (self, handled_job, job_new (report_id, NULL, NULL, FALSE),
       bn_moderation_mark_handled_async, callback, user_data);
}

/* Hides an item, or all a neighbour posts, for everyone; @erase erases it
 * everywhere too (connectors only). */
void
bn_moderation_hide_async (BnModeration        *self,
                          const char          *target,
                          const char          *reason,
                          gboolean             erase,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  run (self, hide_job, job_new (target, reason, NULL, erase),
       bn_moderation_hide_async, callback, user_data);
}

/* Undoes the hides on @target that I may undo. */
void
bn_moderation_unhide_async (BnModeration        *self,
                            const char          *target,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run (self, unhide_job, job_new (target, NULL, NULL, FALSE),
       bn_moderation_unhide_async, callback, user_data);
}

/* Blocks or unblocks a neighbour on this computer: no entry, nobody is told. */
void
bn_moderation_block_async (BnModeration        *self,
                           const char          *peer_id,
                           gboolean             block,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run (self, block_job, job_new (peer_id, NULL, NULL, block),
       bn_moderation_block_async, callback, user_data);
}

/* Returns: whether it was stored; otherwise @error says why */
gboolean
bn_moderation_write_finish (BnModeration  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
