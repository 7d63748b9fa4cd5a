/* bn-entry-types.c — the registry of payload types, and what their fold
 * functions share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#define TEXT_MAX 4000

/* One row per type, defined in its bn-type-*.c file. */
extern const BnEntryType bn_entry_type_profile;
extern const BnEntryType bn_entry_type_place;
extern const BnEntryType bn_entry_type_post;
extern const BnEntryType bn_entry_type_edit;
extern const BnEntryType bn_entry_type_status;
extern const BnEntryType bn_entry_type_accept;
extern const BnEntryType bn_entry_type_reply;
extern const BnEntryType bn_entry_type_thanks;
extern const BnEntryType bn_entry_type_delete;
extern const BnEntryType bn_entry_type_message;
extern const BnEntryType bn_entry_type_reply_withdraw;
extern const BnEntryType bn_entry_type_unaccept;
extern const BnEntryType bn_entry_type_event;
extern const BnEntryType bn_entry_type_event_edit;
extern const BnEntryType bn_entry_type_event_cancel;
extern const BnEntryType bn_entry_type_rsvp;
extern const BnEntryType bn_entry_type_report;
extern const BnEntryType bn_entry_type_report_handled;
extern const BnEntryType bn_entry_type_hide;
extern const BnEntryType bn_entry_type_unhide;
extern const BnEntryType bn_entry_type_hood;
extern const BnEntryType bn_entry_type_invite;
extern const BnEntryType bn_entry_type_revoke;
extern const BnEntryType bn_entry_type_admit;
extern const BnEntryType bn_entry_type_appoint;
extern const BnEntryType bn_entry_type_dismiss;
extern const BnEntryType bn_entry_type_remove;
extern const BnEntryType bn_entry_type_leave;
extern const BnEntryType bn_entry_type_replace;
extern const BnEntryType bn_entry_type_epoch;
extern const BnEntryType bn_entry_type_share;
extern const BnEntryType bn_entry_type_service;
extern const BnEntryType bn_entry_type_service_remove;
extern const BnEntryType bn_entry_type_referral;
extern const BnEntryType bn_entry_type_referral_status;

static const BnEntryType *const entry_types[] = {
  &bn_entry_type_profile,
  &bn_entry_type_place,
  &bn_entry_type_post,
  &bn_entry_type_edit,
  &bn_entry_type_status,
  &bn_entry_type_accept,
  &bn_entry_type_reply,
  &bn_entry_type_thanks,
  &bn_entry_type_delete,
  &bn_entry_type_message,
  &bn_entry_type_reply_withdraw,
  &bn_entry_type_unaccept,
  &bn_entry_type_event,
  &bn_entry_type_event_edit,
  &bn_entry_type_event_cancel,
  &bn_entry_type_rsvp,
  &bn_entry_type_report,
  &bn_entry_type_report_handled,
  &bn_entry_type_hide,
  &bn_entry_type_unhide,
  &bn_entry_type_hood,
  &bn_entry_type_invite,
  &bn_entry_type_revoke,
  &bn_entry_type_admit,
  &bn_entry_type_appoint,
  &bn_entry_type_dismiss,
  &bn_entry_type_remove,
  &bn_entry_type_leave,
  &bn_entry_type_replace,
  &bn_entry_type_epoch,
  &bn_entry_type_share,
  &bn_entry_type_service,
  &bn_entry_type_service_remove,
  &bn_entry_type_referral,
  &bn_entry_type_referral_status,
};

const BnEntryType *const *
bn_entry_types (guint *n_types)
{
  *n_types = G_N_ELEMENTS (entry_types);
  return entry_types;
}

/**
 * bn_entry_types_list_tables:
 *
 * Returns: (transfer container) (element-type utf8): the name of every derived
 *   table, for tests and tools
 */
GPtrArray *
bn_entry_types_list_tables (void)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (entry_types); i++)
    for (const BnDerivedTable *t = entry_types[i]->tables; t != NULL && t->name != NULL; t++)
      g_ptr_array_add (names, (gpointer) t->name);
  return names;
}

/* Returns: (nullable): the type called @name, or %NULL for a type this version
 * does not know (such entries are stored and forwarded, never folded) */
const BnEntryType *
bn_entry_type_find (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (entry_types); i++)
    if (g_str_equal (entry_types[i]->name, name))
      return entry_types[i];
  return NULL;
}

gboolean
bn_fold_step (BnStore       *store,
              sqlite3_stmt  *stmt,
              const char    *what,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bn_store_set_error (store, error, what);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int column, const char *text, sqlite3_destructor_type how)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len == 0)
    {
      sqlite3_bind_null (stmt, column);
      return;
    }
  if (len > TEXT_MAX)
    for (len = TEXT_MAX; len > 0 && (text[len] & 0xc0) == 0x80; len--)
      ;
  sqlite3_bind_text (stmt, column, text, (int) len, how);
}

/* Binds @text, or NULL when empty; long text is cut at a character boundary
 * (half a character is not UTF-8). */
void
bn_fold_bind_text (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  bind_text (stmt, column, text, SQLITE_TRANSIENT);
}

/* bn_fold_bind_text() without a copy: @text must stay as it is until the
 * statement has been stepped and reset (bn_fold_step()). */
void
bn_fold_bind_text_static (sqlite3_stmt *stmt,
                          int           column,
                          const char   *text)
{
  bind_text (stmt, column, text, SQLITE_STATIC);
}

void
bn_fold_log_ignored (const BnEntry *entry,
                     const char    *type,
                     const char    *why)
{
  g_autofree char *author = bn_entry_dup_author_id (entry);
  g_message ("Ignored a “%s” from %.8s… #%" G_GUINT64_FORMAT ": %s",
             type, author, entry->seq, why);
}

/* The author of any stored entry, by ID. */
gboolean
bn_fold_entry_author (BnStore      *store,
                      const guint8  id[BN_HASH_LEN],
                      guint8        author[BN_PUBLIC_KEY_LEN])
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT author FROM entries WHERE id = ?");
  gboolean found = FALSE;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
    {
      memcpy (author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* Runs @sql (a literal with one parameter, the ID) for an erased entry. */
gboolean
bn_fold_delete_by_id (BnStore       *store,
                      const char    *sql,
                      const guint8   id[BN_HASH_LEN],
                      GError       **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, sql);

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  return bn_fold_step (store, stmt, _("erasing an entry"), error);
}

/* Returns: (transfer full) (nullable): a stored entry's payload, opened with
 * this peer's keys and read flat; %NULL when erased, sealed to others or
 * unreadable */
BnJsonFields *
bn_fold_open_entry (BnStore *store,
                    BnEntry *entry)
{
  const BnHood *hood = bn_store_get_hood (store);

  if (hood == NULL || entry->payload == NULL)
    return NULL;
  return bn_payload_decrypt_fields (hood->keys, bn_store_get_identity (store), entry, NULL, NULL);
}

/* A chain of replacements is short (a laptop lost now and then); the bound only
 * guards against a cycle the roster should never make. */
#define MAX_SUCCESSORS 16

/**
 * bn_fold_acting_authors:
 *
 * Who may act as @author on what @author made: @author first, then the identity
 * that replaced it on the roster, the one that replaced that one, and so on
 * (docs/protocol.md §9.7, a replaced member's items).
 *
 * Returns: (transfer full) (element-type guint8[BN_PUBLIC_KEY_LEN]): the keys, in
 *   that order
 */
GPtrArray *
bn_fold_acting_authors (BnStore      *store,
                        const guint8  author[BN_PUBLIC_KEY_LEN])
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT replaced_by FROM members WHERE key = ? AND replaced_by IS NOT NULL");
  const guint8 *current = author;

  g_ptr_array_add (chain, g_memdup2 (author, BN_PUBLIC_KEY_LEN));
  while (chain->len < MAX_SUCCESSORS)
    {
      const guint8 *next = NULL;

      sqlite3_bind_blob (stmt, 1, current, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
        next = g_memdup2 (sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      sqlite3_reset (stmt);
      if (next == NULL)
        break;
      for (guint i = 0; i < chain->len; i++)
        if (memcmp (g_ptr_array_index (chain, i), next, BN_PUBLIC_KEY_LEN) == 0)
          {
            g_free ((gpointer) next);
            return chain;
          }
      g_ptr_array_add (chain, (gpointer) next);
      current = next;
    }
  return chain;
}

/* Whether @actor is @author or an identity that replaced them on the roster. */
gboolean
bn_fold_may_act_for (BnStore      *store,
                     const guint8  author[BN_PUBLIC_KEY_LEN],
                     const guint8  actor[BN_PUBLIC_KEY_LEN])
{
  g_autoptr(GPtrArray) acting = bn_fold_acting_authors (store, author);

  for (guint i = 0; i < acting->len; i++)
    if (memcmp (g_ptr_array_index (acting, i), actor, BN_PUBLIC_KEY_LEN) == 0)
      return TRUE;
  return FALSE;
}
