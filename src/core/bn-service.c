/* bn-service.c — the directory of where to get help: its read model, what a
 * connector does with it, and CSV in and out (docs/services-csv.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-service-private.h"
#include "bn-home-private.h"
#include "bn-category.h"
#include "bn-crypto.h"
#include "bn-error.h"
#include "bn-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SQL_NAME_OF(key) \
  "coalesce ((SELECT nm.name FROM profiles nm WHERE nm.author = " key ")," \
  " (SELECT nr.name FROM members nr WHERE nr.key = " key "))"

void
bn_service_free (BnService *self)
{
  if (self == NULL)
    return;
  bn_service_clear_fields (self);
  g_free (self);
}

BnService *
bn_service_copy (const BnService *self)
{
  BnService *copy = g_new0 (BnService, 1);

  copy->id = g_strdup (self->id);
  copy->version = g_strdup (self->version);
  copy->name = g_strdup (self->name);
  copy->org = g_strdup (self->org);
  copy->categories = g_strdupv (self->categories);
  copy->words = g_strdup (self->words);
  copy->audience = g_strdup (self->audience);
  copy->languages = g_strdupv (self->languages);
  copy->area = g_strdup (self->area);
  copy->address = g_strdup (self->address);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->url = g_strdup (self->url);
  copy->hours = g_strdup (self->hours);
  copy->cost = g_strdup (self->cost);
  copy->access = g_strdup (self->access);
  copy->accessibility = g_strdup (self->accessibility);
  copy->source = g_strdup (self->source);
  copy->checked = g_strdup (self->checked);
  copy->author = g_strdup (self->author);
  copy->author_name = g_strdup (self->author_name);
  copy->ts = self->ts;
  copy->stale = self->stale;
  return copy;
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strv (JsonBuilder *b, const char *name, char **values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

JsonNode *
bn_service_to_json (const BnService *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "version", self->version);
  add_string (b, "name", self->name);
  add_string (b, "org", self->org);
  add_strv (b, "categories", self->categories);
  add_string (b, "words", self->words);
  add_string (b, "for", self->audience);
  add_strv (b, "languages", self->languages);
  add_string (b, "area", self->area);
  add_string (b, "address", self->address);
  add_string (b, "phone", self->phone);
  add_string (b, "email", self->email);
  add_string (b, "url", self->url);
  add_string (b, "hours", self->hours);
  add_string (b, "cost", self->cost);
  add_string (b, "access", self->access);
  add_string (b, "accessibility", self->accessibility);
  add_string (b, "source", self->source);
  add_string (b, "checked", self->checked);
  json_builder_set_member_name (b, "stale");
  json_builder_add_boolean_value (b, self->stale);
  add_string (b, "author", self->author);
  add_string (b, "author_name", self->author_name);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, self->ts);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
fail_invalid (GError **error, const char *message)
{
  g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, message);
  return FALSE;
}

/**
 * bn_service_check:
 *
 * What a connector's peer checks before writing a service: a name, known
 * categories, cost and access from their sets, a real day as "checked".
 */
gboolean
bn_service_check (const BnService *self,
                  GError         **error)
{
  g_autofree char *name = g_strstrip (g_strdup (self->name != NULL ? self->name : ""));

  if (*name == '\0')
    return fail_invalid (error, _("A service needs a name"));
  if (self->categories == NULL || self->categories[0] == NULL)
    return fail_invalid (error, _("Say what the service helps with: at least one category"));
  for (guint i = 0; self->categories[i] != NULL; i++)
    if (!bn_category_is_valid (self->categories[i]))
      {
        g_autofree char *all = bn_category_list_ids (", ");
        g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                     _("“%s” is not a category; use one of %s"), self->categories[i], all);
        return FALSE;
      }
  for (guint i = 0; self->languages != NULL && self->languages[i] != NULL; i++)
    if (strlen (self->languages[i]) < 2 || strlen (self->languages[i]) > 8
        || strspn (self->languages[i], "abcdefghijklmnopqrstuvwxyz") != strlen (self->languages[i]))
      {
        g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                     _("“%s” is not a language code; write codes such as nl, fr, en"),
                     self->languages[i]);
        return FALSE;
      }
  if (self->cost != NULL && !bn_service_cost_is_valid (self->cost))
    return fail_invalid (error, _("The cost is free, paid or means-tested"));
  if (self->access != NULL && !bn_service_access_is_valid (self->access))
    return fail_invalid (error, _("Access is walk-in, appointment or referral"));
  if (self->checked != NULL && !bn_service_date_is_valid (self->checked))
    return fail_invalid (error, _("Write the day it was checked as YYYY-MM-DD"));
  if (self->email != NULL && strchr (self->email, '@') == NULL)
    return fail_invalid (error, _("The e-mail address has no “@”"));
  return TRUE;
}

/* Reading */

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup (text) : NULL;
}

static char *
column_hex (sqlite3_stmt *stmt, int column)
{
  if (sqlite3_column_bytes (stmt, column) != BN_HASH_LEN)
    return NULL;
  return bn_hex_encode (sqlite3_column_blob (stmt, column), BN_HASH_LEN);
}

static char **
column_list (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL && *text ? g_strsplit (text, ",", -1) : g_new0 (char *, 1);
}

static char *
name_of (BnStore *store, const guint8 *key)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, "SELECT " SQL_NAME_OF ("?1"));
  char *name = NULL;

  sqlite3_bind_blob (stmt, 1, key, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

/* Stale when last checked (or, never said, written) 12 months ago or more. */
static gboolean
is_stale (const char *checked, gint64 ts, gint64 now_ms)
{
  gint64 since = ts;

  if (checked != NULL && bn_service_date_is_valid (checked))
    {
      g_autofree char *iso = g_strdup_printf ("%sT00:00:00Z", checked);
      g_autoptr(GDateTime) day = g_date_time_new_from_iso8601 (iso, NULL);
      if (day != NULL)
        since = g_date_time_to_unix (day) * 1000;
    }
  return now_ms - since >= BN_SERVICE_STALE_MS;
}

/* A row of BN_SQL_SERVICES_SHOWN. */
static BnService *
service_from_row (BnStore *store, sqlite3_stmt *stmt, gint64 now_ms)
{
  BnService *s = g_new0 (BnService, 1);

  s->version = column_hex (stmt, 0);
  s->id = column_hex (stmt, 1);
  if (sqlite3_column_bytes (stmt, 2) == BN_PUBLIC_KEY_LEN)
    {
      s->author = bn_peer_id_from_key (sqlite3_column_blob (stmt, 2));
      s->author_name = name_of (store, sqlite3_column_blob (stmt, 2));
    }
  s->ts = sqlite3_column_int64 (stmt, 3);
  s->name = column_text (stmt, 4);
  s->org = column_text (stmt, 5);
  s->categories = column_list (stmt, 6);
  s->words = column_text (stmt, 7);
  s->audience = column_text (stmt, 8);
  s->languages = column_list (stmt, 9);
  s->area = column_text (stmt, 10);
  s->address = column_text (stmt, 11);
  s->phone = column_text (stmt, 12);
  s->email = column_text (stmt, 13);
  s->url = column_text (stmt, 14);
  s->hours = column_text (stmt, 15);
  s->cost = column_text (stmt, 16);
  s->access = column_text (stmt, 17);
  s->accessibility = column_text (stmt, 18);
  s->source = column_text (stmt, 19);
  s->checked = column_text (stmt, 20);
  s->stale = is_stale (s->checked, s->ts, now_ms);
  return s;
}

static int
compare_by_name (gconstpointer a, gconstpointer b)
{
  const BnService *sa = *(BnService **) a, *sb = *(BnService **) b;
  g_autofree char *ka = g_utf8_collate_key (sa->name, -1);
  g_autofree char *kb = g_utf8_collate_key (sb->name, -1);
  int by_name = strcmp (ka, kb);

  return by_name != 0 ? by_name : g_strcmp0 (sa->id, sb->id);
}

/**
 * bn_store_list_services:
 * @category: (nullable): only services that help with it
 *
 * Returns: (transfer full) (element-type BnService): the services in force,
 *   by name
 */
GPtrArray *
bn_store_list_services (BnStore    *self,
                        const char *category,
                        gint64      now_ms)
{
  sqlite3_stmt *stmt = bn_store_prepare (self, BN_SQL_SERVICES_SHOWN);
  GPtrArray *services = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_service_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BnService *s = service_from_row (self, stmt, now_ms);

      if (category == NULL || g_strv_contains ((const char *const *) s->categories, category))
        g_ptr_array_add (services, s);
      else
        bn_service_free (s);
    }
  sqlite3_reset (stmt);
  g_ptr_array_sort (services, compare_by_name);
  return services;
}

/**
 * bn_store_get_service:
 * @id_or_prefix: a service ID, or its first characters (6 or more)
 *
 * Returns: (transfer full) (nullable): the service in force, or %NULL when
 *   none (or more than one) has that ID
 */
BnService *
bn_store_get_service (BnStore    *self,
                      const char *id_or_prefix,
                      gint64      now_ms)
{
  g_autoptr(GPtrArray) all = bn_store_list_services (self, NULL, now_ms);
  g_autofree char *lower = g_ascii_strdown (id_or_prefix != NULL ? id_or_prefix : "", -1);
  BnService *found = NULL;

  if (strlen (lower) < 6)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      BnService *s = g_ptr_array_index (all, i);
      if (g_str_has_prefix (s->id, lower))
        {
          if (found != NULL)
            return NULL;
          found = s;
        }
    }
  return found != NULL ? bn_service_copy (found) : NULL;
}

/* Writing */

static gboolean
require_connector (BnHome *self, GError **error)
{
  if (!_bn_home_require_hood (self, error))
    return FALSE;
  if (bn_store_is_connector (bn_home_get_store (self), bn_home_get_identity (self)->public_key))
    return TRUE;
  g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("Only connectors keep the list of services; ask a connector "
                         "(see “buurtnet-cli members”)"));
  return FALSE;
}

static BnService *
find_service (BnHome *self, const char *id, GError **error)
{
  BnService *s = bn_store_get_service (bn_home_get_store (self), id, g_get_real_time () / 1000);

  if (s == NULL)
    g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND,
                 _("No service has ID “%s”; see “buurtnet-cli services”"), id != NULL ? id : "");
  return s;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* The service to write: @service, checked today unless it says when. */
static BnService *
with_checked (const BnService *service)
{
  BnService *copy = bn_service_copy (service);

  if (copy->checked == NULL || *copy->checked == '\0')
    {
      g_free (copy->checked);
      copy->checked = today ();
    }
  return copy;
}

static JsonObject *
encode_new (const BnService *service, GError **error)
{
  g_autoptr(BnService) s = with_checked (service);

  if (!bn_service_check (s, error))
    return NULL;
  return bn_service_payload_encode (s, NULL, NULL);
}

static JsonObject *
encode_edit (const BnService *current, const BnService *service, GError **error)
{
  g_autoptr(BnService) s = with_checked (service);
  guint8 root[BN_HASH_LEN], version[BN_HASH_LEN];

  if (!bn_service_check (s, error))
    return NULL;
  bn_hex_decode (current->id, root, BN_HASH_LEN);
  bn_hex_decode (current->version, version, BN_HASH_LEN);
  return bn_service_payload_encode (s, root, version);
}

/**
 * bn_home_add_service:
 *
 * A connector adds a service to the directory, readable by every member.
 *
 * Returns: (transfer full): the entry; its ID is the service's ID
 */
BnEntry *
bn_home_add_service (BnHome          *self,
                     const BnService *service,
                     GError         **error)
{
  g_autoptr(JsonObject) object = NULL;

  if (!require_connector (self, error) || (object = encode_new (service, error)) == NULL)
    return NULL;
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/**
 * bn_home_edit_service:
 *
 * A connector writes a new version of the service @id: the whole of it.
 *
 * Returns: (transfer full): the new version's entry
 */
BnEntry *
bn_home_edit_service (BnHome          *self,
                      const char      *id,
                      const BnService *service,
                      GError         **error)
{
  g_autoptr(BnService) current = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (!require_connector (self, error) || (current = find_service (self, id, error)) == NULL
      || (object = encode_edit (current, service, error)) == NULL)
    return NULL;
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/**
 * bn_home_remove_service:
 *
 * Returns: (transfer full): the removal's entry
 */
BnEntry *
bn_home_remove_service (BnHome      *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(BnService) current = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint8 root[BN_HASH_LEN];

  if (!require_connector (self, error) || (current = find_service (self, id, error)) == NULL)
    return NULL;
  bn_hex_decode (current->id, root, BN_HASH_LEN);
  object = bn_service_remove_encode (root);
  return bn_store_append_local (bn_home_get_store (self), object, NULL, error);
}

/* CSV */

const char *const bn_service_csv_columns[] = {
  "id", "name", "organisation", "categories", "words", "for", "languages", "area",
  "address", "phone", "email", "website", "hours", "cost", "access", "accessibility",
  "source", "checked", NULL
};

enum { COL_ID, COL_NAME, COL_ORG, COL_CATEGORIES, COL_WORDS, COL_FOR, COL_LANGUAGES, COL_AREA,
       COL_ADDRESS, COL_PHONE, COL_EMAIL, COL_WEBSITE, COL_HOURS, COL_COST, COL_ACCESS,
       COL_ACCESSIBILITY, COL_SOURCE, COL_CHECKED, N_COLUMNS };

/* The service's fields in column order; lists joined with commas. */
static char **
service_to_fields (const BnService *s)
{
  char **f = g_new0 (char *, N_COLUMNS + 1);

  f[COL_ID] = g_strdup (s->id);
  f[COL_NAME] = g_strdup (s->name);
  f[COL_ORG] = g_strdup (s->org);
  f[COL_CATEGORIES] = bn_strv_join_or_null (s->categories);
  f[COL_WORDS] = g_strdup (s->words);
  f[COL_FOR] = g_strdup (s->audience);
  f[COL_LANGUAGES] = bn_strv_join_or_null (s->languages);
  f[COL_AREA] = g_strdup (s->area);
  f[COL_ADDRESS] = g_strdup (s->address);
  f[COL_PHONE] = g_strdup (s->phone);
  f[COL_EMAIL] = g_strdup (s->email);
  f[COL_WEBSITE] = g_strdup (s->url);
  f[COL_HOURS] = g_strdup (s->hours);
  f[COL_COST] = g_strdup (s->cost);
  f[COL_ACCESS] = g_strdup (s->access);
  f[COL_ACCESSIBILITY] = g_strdup (s->accessibility);
  f[COL_SOURCE] = g_strdup (s->source);
  f[COL_CHECKED] = g_strdup (s->checked);
  for (guint i = 0; i < N_COLUMNS; i++)
    if (f[i] == NULL)
      f[i] = g_strdup ("");
  return f;
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break. */
static void
append_field (GString *out, const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_record (GString *out, const char *const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

/**
 * bn_services_to_csv:
 * @services: (element-type BnService)
 *
 * Returns: (transfer full): the directory as CSV: a header line with the
 *   columns, then one record per service; lines end with CR LF
 */
char *
bn_services_to_csv (GPtrArray *services)
{
  GString *out = g_string_new (NULL);

  append_record (out, bn_service_csv_columns);
  for (guint i = 0; i < services->len; i++)
    {
      g_auto(GStrv) fields = service_to_fields (g_ptr_array_index (services, i));
      append_record (out, (const char *const *) fields);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GPtrArray *fields;   /* (element-type utf8) */
  guint      line;     /* where the record starts, from 1 */
} CsvRecord;

static void
csv_record_free (CsvRecord *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record);
}

/* Reads RFC 4180 records (CR LF or LF; quoted fields may hold line breaks
 * and "" for a quote). A UTF-8 byte order mark at the start is skipped. */
static GPtrArray *
parse_csv (const char *text, gsize len, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  g_autoptr(GString) field = g_string_new (NULL);
  CsvRecord *record = NULL;
  gsize i = 0;
  guint line = 1;

  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < len)
    {
      gboolean quoted = FALSE;

      if (record == NULL)
        {
          record = g_new0 (CsvRecord, 1);
          record->fields = g_ptr_array_new_with_free_func (g_free);
          record->line = line;
        }
      g_string_truncate (field, 0);
      if (text[i] == '"')
        {
          quoted = TRUE;
          for (i++;; i++)
            {
              if (i >= len)
                {
                  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                               _("Line %u: a quoted field is not closed (a \" is missing)"),
                               record->line);
                  csv_record_free (record);
                  return NULL;
                }
              if (text[i] == '"' && i + 1 < len && text[i + 1] == '"')
                g_string_append_c (field, text[i++]);
              else if (text[i] == '"')
                {
                  i++;
                  break;
                }
              else
                {
                  if (text[i] == '\n')
                    line++;
                  g_string_append_c (field, text[i]);
                }
            }
        }
      while (i < len && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
        {
          if (quoted || text[i] == '"')
            {
              g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("Line %u: put a field that holds a \" between quotes, and write the \" twice"),
                           line);
              csv_record_free (record);
              return NULL;
            }
          g_string_append_c (field, text[i++]);
        }
      g_ptr_array_add (record->fields, g_strdup (field->str));
      if (i < len && text[i] == ',')
        {
          i++;
          if (i == len)
            g_ptr_array_add (record->fields, g_strdup (""));
          continue;
        }
      if (i < len && text[i] == '\r')
        i++;
      if (i < len && text[i] == '\n')
        i++;
      line++;
      /* An empty line is no record. */
      if (!(record->fields->len == 1 && *(char *) g_ptr_array_index (record->fields, 0) == '\0'
            && !quoted))
        g_ptr_array_add (records, record);
      else
        csv_record_free (record);
      record = NULL;
    }
  if (record != NULL)
    g_ptr_array_add (records, record);
  return g_steal_pointer (&records);
}

/* Which column of the file each of ours is in (-1: absent). */
static gboolean
map_columns (CsvRecord *header, int map[N_COLUMNS], GError **error)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    map[c] = -1;
  for (guint i = 0; i < header->fields->len; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (g_ptr_array_index (header->fields, i)));
      g_autofree char *name = g_ascii_strdown (trimmed, -1);
      guint c;

      for (c = 0; c < N_COLUMNS && !g_str_equal (name, bn_service_csv_columns[c]); c++)
        ;
      if (c == N_COLUMNS || map[c] != -1)
        {
          g_autofree char *all = g_strjoinv (", ", (char **) bn_service_csv_columns);
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       c == N_COLUMNS
                       ? _("Line 1: “%s” is not a column of the list of services; the columns are %s")
                       : _("Line 1: the column “%s” is there twice; the columns are %s"),
                       name, all);
          return FALSE;
        }
      map[c] = (int) i;
    }
  if (map[COL_NAME] == -1 || map[COL_CATEGORIES] == -1)
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("Line 1: the first line names the columns, and “name” and "
                             "“categories” are needed"));
      return FALSE;
    }
  return TRUE;
}

/* A list field: comma-separated (spaces and semicolons too), trimmed. */
static char **
split_list (const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", ",; ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (items, g_ascii_strdown (parts[i], -1));
  if (items->len == 0)
    return NULL;
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static char *
field_or_null (CsvRecord *record, const int map[N_COLUMNS], guint column)
{
  const char *value;

  if (map[column] < 0 || (guint) map[column] >= record->fields->len)
    return NULL;
  value = g_ptr_array_index (record->fields, map[column]);
  return *value != '\0' ? g_strstrip (g_strdup (value)) : NULL;
}

static BnService *
service_from_record (CsvRecord *record, const int map[N_COLUMNS])
{
  BnService *s = g_new0 (BnService, 1);
  g_autofree char *categories = field_or_null (record, map, COL_CATEGORIES);
  g_autofree char *languages = field_or_null (record, map, COL_LANGUAGES);

  s->id = field_or_null (record, map, COL_ID);
  s->name = field_or_null (record, map, COL_NAME);
  s->org = field_or_null (record, map, COL_ORG);
  s->categories = split_list (categories);
  s->words = field_or_null (record, map, COL_WORDS);
  s->audience = field_or_null (record, map, COL_FOR);
  s->languages = split_list (languages);
  s->area = field_or_null (record, map, COL_AREA);
  s->address = field_or_null (record, map, COL_ADDRESS);
  s->phone = field_or_null (record, map, COL_PHONE);
  s->email = field_or_null (record, map, COL_EMAIL);
  s->url = field_or_null (record, map, COL_WEBSITE);
  s->hours = field_or_null (record, map, COL_HOURS);
  s->cost = field_or_null (record, map, COL_COST);
  s->access = field_or_null (record, map, COL_ACCESS);
  s->accessibility = field_or_null (record, map, COL_ACCESSIBILITY);
  s->source = field_or_null (record, map, COL_SOURCE);
  s->checked = field_or_null (record, map, COL_CHECKED);
  return s;
}

static gboolean
same_fields (const BnService *a, const BnService *b)
{
  g_auto(GStrv) fa = service_to_fields (a);
  g_auto(GStrv) fb = service_to_fields (b);

  for (guint c = COL_NAME; c < N_COLUMNS; c++)
    if (!g_str_equal (fa[c], fb[c]))
      return FALSE;
  return TRUE;
}

/* Every row, checked: a payload to write, or nothing when it changes nothing. */
static GPtrArray *
payloads_of (BnHome *self, GPtrArray *records, const int map[N_COLUMNS],
             guint *added, guint *changed, guint *unchanged, GError **error)
{
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 now = g_get_real_time () / 1000;

  for (guint r = 1; r < records->len; r++)
    {
      CsvRecord *record = g_ptr_array_index (records, r);
      g_autoptr(BnService) row = NULL;
      g_autoptr(BnService) current = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *object;

      if (record->fields->len != ((CsvRecord *) g_ptr_array_index (records, 0))->fields->len)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("Line %u: %u fields where the first line names %u columns"),
                       record->line, record->fields->len,
                       ((CsvRecord *) g_ptr_array_index (records, 0))->fields->len);
          return NULL;
        }
      row = service_from_record (record, map);
      if (row->id != NULL)
        current = bn_store_get_service (bn_home_get_store (self), row->id, now);
      if (current != NULL && row->checked != NULL && same_fields (current, row))
        {
          (*unchanged)++;
          continue;
        }
      object = current != NULL ? encode_edit (current, row, &local_error)
                               : encode_new (row, &local_error);
      if (object == NULL)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID, _("Line %u: %s"),
                       record->line, local_error->message);
          return NULL;
        }
      g_ptr_array_add (payloads, object);
      (*(current != NULL ? changed : added))++;
    }
  return g_steal_pointer (&payloads);
}

/**
 * bn_home_import_services:
 * @csv: the file's bytes
 *
 * Adds or changes the services of a CSV file (docs/services-csv.md). Every row
 * is read and checked first; an error names the line and nothing is written.
 * A row whose ID is a service in force here writes a new version of it; one
 * without an ID, or with an ID unknown here, adds a service.
 */
gboolean
bn_home_import_services (BnHome      *self,
                         const char  *csv,
                         gsize        len,
                         guint       *added,
                         guint       *changed,
                         guint       *unchanged,
                         GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  int map[N_COLUMNS];

  *added = *changed = *unchanged = 0;
  if (!require_connector (self, error))
    return FALSE;
  if (!g_utf8_validate (csv, (gssize) len, NULL))
    return fail_invalid (error, _("The file is not UTF-8 text; save it as “CSV UTF-8”"));
  if ((records = parse_csv (csv, len, error)) == NULL)
    return FALSE;
  if (records->len == 0)
    return fail_invalid (error, _("The file is empty; its first line names the columns"));
  if (!map_columns (g_ptr_array_index (records, 0), map, error)
      || (payloads = payloads_of (self, records, map, added, changed, unchanged, error)) == NULL)
    return FALSE;
  return bn_store_append_local_batch (bn_home_get_store (self), payloads, error);
}
