/* bn-type-profile.c — the "profile" entry: a neighbour's whole profile, the newest
 * in its author's log wins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-payload-types.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_NAME "name"
#define M_ABOUT "about"
#define M_TALENTS "talents"
#define M_NEEDS "needs"
#define M_LANGUAGES "languages"
#define M_PLACE "place"
#define M_STREET "street"
#define M_NUMBER "number"
#define M_BUILDING "building"
#define M_FLOOR "floor"
#define M_CONNECTOR "connector"

void
bn_profile_payload_free (BnProfilePayload *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->about);
  g_strfreev (self->talents);
  g_strfreev (self->needs);
  g_strfreev (self->languages);
  g_free (self->street);
  g_free (self->number);
  g_free (self->building);
  g_free (self->floor);
  g_free (self);
}

/* The string elements of an array; others are dropped. */
static GStrv
strings_of (const BnJsonFields *array)
{
  g_autofree char *csv = bn_json_fields_strings_to_csv (array);
  return *csv ? g_strsplit (csv, ",", -1) : g_new0 (char *, 1);
}

/* Lenient: a profile is never refused; members of the wrong type are absent. */
BnProfilePayload *
bn_profile_payload_decode (const BnJsonFields *object,
                           const char        **why)
{
  BnProfilePayload *self = g_new0 (BnProfilePayload, 1);
  const BnJsonFields *place = bn_json_fields_get_object (object, M_PLACE);

  self->name = g_strdup (bn_json_fields_get_string (object, M_NAME));
  self->about = g_strdup (bn_json_fields_get_string (object, M_ABOUT));
  self->talents = strings_of (bn_json_fields_get_array (object, M_TALENTS));
  self->needs = strings_of (bn_json_fields_get_array (object, M_NEEDS));
  self->languages = strings_of (bn_json_fields_get_array (object, M_LANGUAGES));
  self->street = g_strdup (bn_json_fields_get_string (place, M_STREET));
  self->number = g_strdup (bn_json_fields_get_string (place, M_NUMBER));
  self->building = g_strdup (bn_json_fields_get_string (place, M_BUILDING));
  self->floor = g_strdup (bn_json_fields_get_string (place, M_FLOOR));
  self->connector = bn_json_fields_get_bool (object, M_CONNECTOR);
  return self;
}

static void
set_optional (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

/* Returns: (transfer full) */
JsonObject *
bn_profile_payload_encode (const BnProfilePayload *self)
{
  JsonObject *object = json_object_new ();
  JsonObject *place = json_object_new ();

  json_object_set_string_member (object, "type", "profile");
  json_object_set_string_member (object, M_NAME, self->name);
  set_optional (object, M_ABOUT, self->about);
  json_object_set_array_member (object, M_TALENTS,
                                bn_json_array_from_strv ((const char *const *) self->talents));
  json_object_set_array_member (object, M_NEEDS,
                                bn_json_array_from_strv ((const char *const *) self->needs));
  json_object_set_array_member (object, M_LANGUAGES,
                                bn_json_array_from_strv ((const char *const *) self->languages));
  set_optional (place, M_STREET, self->street);
  set_optional (place, M_NUMBER, self->number);
  set_optional (place, M_BUILDING, self->building);
  set_optional (place, M_FLOOR, self->floor);
  json_object_set_object_member (object, M_PLACE, place);
  json_object_set_boolean_member (object, M_CONNECTOR, self->connector);
  return object;
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

gboolean
bn_profile_payload_check (const BnProfilePayload  *self,
                          GError                 **error)
{
  if (!check_categories (self->talents, error) || !check_categories (self->needs, error))
    return FALSE;
  if (self->name == NULL || *self->name == '\0')
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Your profile needs a name; neighbours see it next to your posts"));
      return FALSE;
    }
  return TRUE;
}

static char *
csv_of (GStrv values)
{
  return values != NULL ? g_strjoinv (",", values) : g_strdup ("");
}

static gboolean refold_latest_profile (BnStore *store, const guint8 *author, GError **error);

/* Copies @from's profile row for @to, unless @to shows one already. */
static gboolean
copy_profile (BnStore *store, const guint8 *from, const guint8 *to, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO profiles (author, entry_id, ts, name, about, talents, needs,"
      "  languages, street, number, building, floor, connector)"
      " SELECT ?2, entry_id, ts, name, about, talents, needs, languages, street, number,"
      "  building, floor, connector FROM profiles WHERE author = ?1");

  sqlite3_bind_blob (stmt, 1, from, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, to, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  return bn_fold_step (store, stmt, _("saving a profile"), error);
}

/*
 * The identity that replaced @author on the roster (a lost laptop) shows
 * @author's profile until it publishes its own (docs/protocol.md §9.7). A
 * carried profile is a copy of the row, recognisable by an entry that is not its
 * row's author's. Called when @author's profile or @author's successor changed:
 * the copies of @author's profile are dropped, whoever had one shows their own
 * again, and each identity along the chain of replacements that has none shows
 * its predecessor's.
 */
static gboolean
carry_profile_over (BnStore *store, const guint8 *author, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT author FROM profiles WHERE author != ?1"
      " AND (SELECT author FROM entries WHERE id = profiles.entry_id) = ?1");
  g_autoptr(GPtrArray) had_copy = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) chain = NULL;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
      g_ptr_array_add (had_copy, g_memdup2 (sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN));
  sqlite3_reset (stmt);

  for (guint i = 0; i < had_copy->len; i++)
    {
      const guint8 *other = g_ptr_array_index (had_copy, i);
      stmt = bn_store_prepare (store, "DELETE FROM profiles WHERE author = ?");
      sqlite3_bind_blob (stmt, 1, other, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
      if (!bn_fold_step (store, stmt, _("saving a profile"), error)
          || !refold_latest_profile (store, other, error))
        return FALSE;
    }
  chain = bn_fold_acting_authors (store, author);
  for (guint i = 1; i < chain->len; i++)
    if (!copy_profile (store, g_ptr_array_index (chain, i - 1), g_ptr_array_index (chain, i), error))
      return FALSE;
  return TRUE;
}

/* @author published a profile: the identities that replaced them and show it
 * (and have none of their own) show the new one. Nobody replaced almost every
 * author, which one indexed look-up tells, so a catch-up pays nothing more. */
static gboolean
carry_new_profile_over (BnStore *store, const guint8 *author, GError **error)
{
  g_autoptr(GPtrArray) chain = bn_fold_acting_authors (store, author);

  return chain->len == 1 || carry_profile_over (store, author, error);
}

static gboolean
apply_profile (BnStore *store, BnEntry *entry, gconstpointer data, GError **error)
{
  const BnProfilePayload *p = data;
  g_autofree char *talents = csv_of (p->talents);
  g_autofree char *needs = csv_of (p->needs);
  g_autofree char *languages = csv_of (p->languages);
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT INTO profiles (author, entry_id, ts, name, about, talents, needs, languages,"
      "  street, number, building, floor, connector)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
      " ON CONFLICT (author) DO UPDATE SET entry_id = excluded.entry_id, ts = excluded.ts,"
      "  name = excluded.name, about = excluded.about, talents = excluded.talents,"
      "  needs = excluded.needs, languages = excluded.languages, street = excluded.street,"
      "  number = excluded.number, building = excluded.building, floor = excluded.floor,"
      "  connector = excluded.connector"
      /* The newest is the latest in its author's log, whatever the clocks said;
       * a profile carried over from a replaced identity gives way to any. */
      " WHERE ?14 > coalesce ((SELECT seq FROM entries"
      "                        WHERE id = profiles.entry_id AND author = ?1), 0)");

  sqlite3_bind_blob (stmt, 1, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->timestamp_ms);
  bn_fold_bind_text (stmt, 4, p->name);
  bn_fold_bind_text (stmt, 5, p->about);
  bn_fold_bind_text (stmt, 6, talents);
  bn_fold_bind_text (stmt, 7, needs);
  bn_fold_bind_text (stmt, 8, languages);
  bn_fold_bind_text (stmt, 9, p->street);
  bn_fold_bind_text (stmt, 11, p->building);
  /* Only a profile written before version 2 said number and floor in the open;
   * since then they are a "place", sealed to whom it concerns (§6.1). */
  if (entry->version < 2)
    {
      bn_fold_bind_text (stmt, 10, p->number);
      bn_fold_bind_text (stmt, 12, p->floor);
    }
  sqlite3_bind_int (stmt, 13, p->connector);
  sqlite3_bind_int64 (stmt, 14, (sqlite3_int64) entry->seq);
  if (!bn_fold_step (store, stmt, _("saving a profile"), error))
    return FALSE;
  return carry_new_profile_over (store, entry->author, error);
}

/* Once the profile shown for @author is erased, the author's previous profile
 * shows again, as a rebuild would find it: the newest entry of theirs still
 * holding a profile. Rare (a deleted profile update), so a scan is fine. */
static gboolean
refold_latest_profile (BnStore *store, const guint8 *author, GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT header, payload FROM entries WHERE author = ? AND payload IS NOT NULL"
      " ORDER BY seq DESC");
  g_autoptr(BnEntry) found = NULL;
  g_autoptr(BnProfilePayload) profile = NULL;

  sqlite3_bind_blob (stmt, 1, author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) payload = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                               sqlite3_column_bytes (stmt, 1));
      g_autoptr(BnEntry) entry = bn_entry_new_from_header (sqlite3_column_blob (stmt, 0),
                                                           sqlite3_column_bytes (stmt, 0),
                                                           payload, NULL);
      g_autoptr(BnJsonFields) object = entry ? bn_fold_open_entry (store, entry) : NULL;

      if (object != NULL && g_strcmp0 (bn_json_fields_get_string (object, "type"), "profile") == 0)
        {
          profile = bn_profile_payload_decode (object, NULL);
          found = g_steal_pointer (&entry);
        }
    }
  sqlite3_reset (stmt);
  return found == NULL || apply_profile (store, found, profile, error);
}

static gboolean
forget_profile (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT author FROM profiles WHERE entry_id = ?");
  guint8 author[BN_PUBLIC_KEY_LEN];
  gboolean had_profile = FALSE;

  sqlite3_bind_blob (stmt, 1, id, BN_HASH_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
    {
      memcpy (author, sqlite3_column_blob (stmt, 0), BN_PUBLIC_KEY_LEN);
      had_profile = TRUE;
    }
  sqlite3_reset (stmt);
  if (!had_profile)
    return TRUE;
  if (!bn_fold_delete_by_id (store, "DELETE FROM profiles WHERE entry_id = ?", id, error))
    return FALSE;
  return refold_latest_profile (store, author, error);
}

static const BnDerivedTable profile_tables[] = { { "profiles" }, { NULL } };

const BnEntryType bn_entry_type_profile = {
  .name = "profile",
  .decode = (BnPayloadDecodeFunc) bn_profile_payload_decode,
  .free = (GDestroyNotify) bn_profile_payload_free,
  .apply = apply_profile,
  .forget = forget_profile,
  .tables = profile_tables,
  .successor_changed = carry_profile_over,
};
