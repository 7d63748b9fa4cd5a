/* bn-type-service.c — "service" (a version of a service in the directory of
 * where to get help) and "service-remove" (docs/protocol.md §6.3)
 *
 * Every version is folded, whoever wrote it; which count is decided when read,
 * on the roster as it stands (a connector's), like hides: arrival order never
 * matters, and a non-connector's service is ignored by every peer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry-type.h"
#include "bn-service-private.h"
#include "bn-category.h"
#include "bn-crypto.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_SERVICE "service"
#define M_REPLACES "replaces"
#define M_NAME "name"
#define M_ORG "org"
#define M_CATEGORIES "categories"
#define M_WORDS "words"
#define M_FOR "for"
#define M_LANGUAGES "languages"
#define M_AREA "area"
#define M_ADDRESS "address"
#define M_PHONE "phone"
#define M_EMAIL "email"
#define M_URL "url"
#define M_HOURS "hours"
#define M_COST "cost"
#define M_ACCESS "access"
#define M_ACCESSIBILITY "accessibility"
#define M_SOURCE "source"
#define M_CHECKED "checked"

static const char *const costs[] = { "free", "paid", "means-tested", NULL };
static const char *const accesses[] = { "walk-in", "appointment", "referral", NULL };

gboolean
bn_service_cost_is_valid (const char *cost)
{
  return cost != NULL && g_strv_contains (costs, cost);
}

gboolean
bn_service_access_is_valid (const char *access)
{
  return access != NULL && g_strv_contains (accesses, access);
}

/* YYYY-MM-DD, a real day. */
gboolean
bn_service_date_is_valid (const char *date)
{
  int y, m, d;
  char end;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-'
      || sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
    return FALSE;
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* A language code: 2 to 8 lowercase ASCII letters (nl, fr, en, ar, ...). */
static gboolean
language_is_valid (const char *code)
{
  gsize len = code != NULL ? strlen (code) : 0;

  if (len < 2 || len > 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (code[i]))
      return FALSE;
  return TRUE;
}

void
bn_service_clear_fields (BnService *self)
{
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->org, g_free);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->words, g_free);
  g_clear_pointer (&self->audience, g_free);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->area, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->hours, g_free);
  g_clear_pointer (&self->cost, g_free);
  g_clear_pointer (&self->access, g_free);
  g_clear_pointer (&self->accessibility, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->checked, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->author_name, g_free);
}

static void
service_payload_free (BnServicePayload *self)
{
  if (self == NULL)
    return;
  bn_service_clear_fields (&self->service);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnServicePayload, service_payload_free)

/* The strings of @array that @keep accepts, without repeats, or %NULL. */
static char **
filter_strings (const BnJsonFields *array, gboolean (*keep) (const char *))
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  const BnJsonFields *element;
  BnJsonIter iter;

  bn_json_iter_init (&iter, array);
  while ((element = bn_json_iter_next (&iter)) != NULL)
    {
      const char *value = bn_json_value_get_raw_string (element);

      if (value != NULL && keep (value)
          && !g_ptr_array_find_with_equal_func (kept, value, g_str_equal, NULL))
        g_ptr_array_add (kept, g_strdup (value));
    }
  if (kept->len == 0)
    return NULL;
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
}

static char *
dup_text (const BnJsonFields *object, const char *member)
{
  const char *value = bn_json_fields_get_string (object, member);
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/* Lenient: an optional member of the wrong type or outside its set is absent;
 * unknown categories are dropped (none left reads as "other"). The name is
 * required. */
static BnServicePayload *
service_payload_decode (const BnJsonFields *object,
                        const char        **why)
{
  g_autoptr(BnServicePayload) self = g_new0 (BnServicePayload, 1);
  BnService *s = &self->service;
  const char *cost = bn_json_fields_get_string (object, M_COST);
  const char *access = bn_json_fields_get_string (object, M_ACCESS);
  const char *checked = bn_json_fields_get_string (object, M_CHECKED);

  s->name = dup_text (object, M_NAME);
  if (s->name == NULL)
    {
      *why = "a service needs a name";
      return NULL;
    }
  self->has_root = bn_hex_decode (bn_json_fields_get_string (object, M_SERVICE), self->root, BN_HASH_LEN);
  self->has_replaces = self->has_root
                       && bn_hex_decode (bn_json_fields_get_string (object, M_REPLACES), self->replaces,
                                         BN_HASH_LEN);
  s->categories = filter_strings (bn_json_fields_get_array (object, M_CATEGORIES), bn_category_is_valid);
  if (s->categories == NULL)
    s->categories = g_strsplit ("other", ",", -1);
  s->languages = filter_strings (bn_json_fields_get_array (object, M_LANGUAGES), language_is_valid);
  s->org = dup_text (object, M_ORG);
  s->words = dup_text (object, M_WORDS);
  s->audience = dup_text (object, M_FOR);
  s->area = dup_text (object, M_AREA);
  s->address = dup_text (object, M_ADDRESS);
  s->phone = dup_text (object, M_PHONE);
  s->email = dup_text (object, M_EMAIL);
  s->url = dup_text (object, M_URL);
  s->hours = dup_text (object, M_HOURS);
  s->accessibility = dup_text (object, M_ACCESSIBILITY);
  s->source = dup_text (object, M_SOURCE);
  s->cost = bn_service_cost_is_valid (cost) ? g_strdup (cost) : NULL;
  s->access = bn_service_access_is_valid (access) ? g_strdup (access) : NULL;
  s->checked = bn_service_date_is_valid (checked) ? g_strdup (checked) : NULL;
  return g_steal_pointer (&self);
}

static void
set_text (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

static void
set_id (JsonObject *object, const char *member, const guint8 *id)
{
  g_autofree char *hex = NULL;

  if (id == NULL)
    return;
  hex = bn_hex_encode (id, BN_HASH_LEN);
  json_object_set_string_member (object, member, hex);
}

/* Returns: (transfer full): a "service" payload; @root and @replaces are
 * %NULL for a new service */
JsonObject *
bn_service_payload_encode (const BnService *s,
                           const guint8    *root,
                           const guint8    *replaces)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "service");
  set_id (object, M_SERVICE, root);
  set_id (object, M_REPLACES, replaces);
  set_text (object, M_NAME, s->name);
  set_text (object, M_ORG, s->org);
  json_object_set_array_member (object, M_CATEGORIES,
                                bn_json_array_from_strv ((const char *const *) s->categories));
  set_text (object, M_WORDS, s->words);
  set_text (object, M_FOR, s->audience);
  if (s->languages != NULL && s->languages[0] != NULL)
    json_object_set_array_member (object, M_LANGUAGES,
                                  bn_json_array_from_strv ((const char *const *) s->languages));
  set_text (object, M_AREA, s->area);
  set_text (object, M_ADDRESS, s->address);
  set_text (object, M_PHONE, s->phone);
  set_text (object, M_EMAIL, s->email);
  set_text (object, M_URL, s->url);
  set_text (object, M_HOURS, s->hours);
  set_text (object, M_COST, s->cost);
  set_text (object, M_ACCESS, s->access);
  set_text (object, M_ACCESSIBILITY, s->accessibility);
  set_text (object, M_SOURCE, s->source);
  set_text (object, M_CHECKED, s->checked);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_service_remove_encode (const guint8 *root)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "service-remove");
  set_id (object, M_SERVICE, root);
  return object;
}

char *
bn_strv_join_or_null (char **values)
{
  return values != NULL && values[0] != NULL ? g_strjoinv (",", values) : NULL;
}

static gboolean
apply_service (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const BnServicePayload *p = payload;
  const BnService *s = &p->service;
  g_autofree char *categories = bn_strv_join_or_null (s->categories);
  g_autofree char *languages = bn_strv_join_or_null (s->languages);
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO services (id, service, replaces, author, seq, ts, name, org,"
      " categories, words, audience, languages, area, address, phone, email, url, hours,"
      " cost, access, accessibility, source, checked)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
      " ?18, ?19, ?20, ?21, ?22, ?23)");
  const char *texts[] = { s->name, s->org, categories, s->words, s->audience, languages,
                          s->area, s->address, s->phone, s->email, s->url, s->hours,
                          s->cost, s->access, s->accessibility, s->source, s->checked };

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, p->has_root ? p->root : entry->id, BN_HASH_LEN, SQLITE_STATIC);
  if (p->has_replaces)
    sqlite3_bind_blob (stmt, 3, p->replaces, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) entry->seq);
  sqlite3_bind_int64 (stmt, 6, entry->timestamp_ms);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    bn_fold_bind_text (stmt, 7 + (int) i, texts[i]);
  return bn_fold_step (store, stmt, _("saving a service"), error);
}

static gboolean
forget_service (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM services WHERE id = ?", id, error);
}

/* service-remove */

typedef struct
{
  guint8 root[BN_HASH_LEN];
} RemovePayload;

static RemovePayload *
remove_payload_decode (const BnJsonFields *object,
                       const char        **why)
{
  g_autofree RemovePayload *self = g_new0 (RemovePayload, 1);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_SERVICE), self->root, BN_HASH_LEN))
    {
      *why = "it names no service";
      return NULL;
    }
  return g_steal_pointer (&self);
}

static gboolean
apply_remove (BnStore *store, BnEntry *entry, gconstpointer payload, GError **error)
{
  const RemovePayload *p = payload;
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "INSERT OR IGNORE INTO service_removals (id, service, author, ts) VALUES (?, ?, ?, ?)");

  sqlite3_bind_blob (stmt, 1, entry->id, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, p->root, BN_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, entry->author, BN_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->timestamp_ms);
  return bn_fold_step (store, stmt, _("removing a service"), error);
}

static gboolean
forget_remove (BnStore *store, const guint8 id[BN_HASH_LEN], GError **error)
{
  return bn_fold_delete_by_id (store, "DELETE FROM service_removals WHERE id = ?", id, error);
}

static const BnDerivedTable service_tables[] = { { "services" }, { NULL } };
static const BnDerivedTable remove_tables[] = { { "service_removals" }, { NULL } };

const BnEntryType bn_entry_type_service = {
  .name = "service",
  .decode = (BnPayloadDecodeFunc) service_payload_decode,
  .free = (GDestroyNotify) service_payload_free,
  .apply = apply_service,
  .forget = forget_service,
  .tables = service_tables,
};

const BnEntryType bn_entry_type_service_remove = {
  .name = "service-remove",
  .decode = (BnPayloadDecodeFunc) remove_payload_decode,
  .free = g_free,
  .apply = apply_remove,
  .forget = forget_remove,
  .tables = remove_tables,
};
