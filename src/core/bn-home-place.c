/* bn-home-place.c — only what is needed (docs/protocol.md §6.1): a neighbour's
 * house number, box and floor go in a "place" entry sealed to the neighbours
 * they are matched with (and to whom they chose), never in the open profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-home-private.h"
#include "bn-error.h"
#include "bn-json.h"
#include "bn-payload-types.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define META_SEALED_TO "place_sealed_to"
#define META_SHARED_WITH "place_shared_with"

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The peer IDs this computer's place goes to: everyone I am matched with (my
 * helpers, and the askers I help) and those I chose to show it to. Sorted. */
static GPtrArray *
place_recipients (BnHome *self)
{
  BnStore *store = bn_home_get_store (self);
  sqlite3_stmt *stmt = bn_store_prepare (store,
      "SELECT helper FROM posts WHERE author = ?1 AND helper IS NOT NULL AND deleted = 0"
      " UNION SELECT author FROM posts WHERE helper = ?1 AND deleted = 0");
  g_autofree char *shared = bn_store_get_meta (store, META_SHARED_WITH);
  g_auto(GStrv) chosen = shared ? g_strsplit (shared, ",", -1) : NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  sqlite3_bind_blob (stmt, 1, bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN,
                     SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == BN_PUBLIC_KEY_LEN)
      g_ptr_array_add (ids, bn_peer_id_from_key (sqlite3_column_blob (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; chosen != NULL && chosen[i] != NULL; i++)
    if (*chosen[i] && !g_ptr_array_find_with_equal_func (ids, chosen[i], g_str_equal, NULL))
      g_ptr_array_add (ids, g_strdup (chosen[i]));
  g_ptr_array_sort (ids, (GCompareFunc) g_strcmp0);
  return ids;
}

static char *
joined (GPtrArray *ids)
{
  g_ptr_array_add (ids, NULL);
  g_autofree char *text = g_strjoinv (",", (char **) ids->pdata);
  g_ptr_array_remove_index (ids, ids->len - 1);
  return g_steal_pointer (&text);
}

/* My newest place as my own peer reads it. */
static BnPlacePayload *
my_place (BnHome *self)
{
  g_autoptr(BnProfile) mine = bn_home_get_my_profile (self);
  BnPlacePayload *place = g_new0 (BnPlacePayload, 1);

  if (mine != NULL)
    {
      place->number = g_strdup (mine->number);
      place->box = g_strdup (mine->box);
      place->floor = g_strdup (mine->floor);
    }
  return place;
}

static gboolean
write_place (BnHome *self, const BnPlacePayload *place, GError **error)
{
  g_autoptr(GPtrArray) ids = place_recipients (self);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) object = bn_place_payload_encode (place);
  g_autoptr(BnEntry) entry = NULL;
  g_autofree char *sealed_to = joined (ids);

  g_ptr_array_add (keys, g_memdup2 (bn_home_get_identity (self)->public_key, BN_PUBLIC_KEY_LEN));
  for (guint i = 0; i < ids->len; i++)
    {
      guint8 key[BN_PUBLIC_KEY_LEN];
      if (bn_peer_id_to_key (g_ptr_array_index (ids, i), key))
        g_ptr_array_add (keys, g_memdup2 (key, BN_PUBLIC_KEY_LEN));
    }
  entry = bn_store_append_local (bn_home_get_store (self), object, keys, error);
  return entry != NULL
         && bn_store_set_meta (bn_home_get_store (self), META_SEALED_TO, sealed_to, error);
}

static gboolean
same_place (const BnPlacePayload *a, const BnProfile *b)
{
  return g_strcmp0 (is_set (a->number) ? a->number : NULL, is_set (b->number) ? b->number : NULL) == 0
         && g_strcmp0 (is_set (a->box) ? a->box : NULL, is_set (b->box) ? b->box : NULL) == 0
         && g_strcmp0 (is_set (a->floor) ? a->floor : NULL, is_set (b->floor) ? b->floor : NULL) == 0;
}

/* With a profile: when number, box or floor changed, a new sealed place. */
gboolean
_bn_home_publish_place (BnHome           *self,
                        const BnProfile  *profile,
                        GError          **error)
{
  g_autoptr(BnPlacePayload) current = my_place (self);
  g_autoptr(BnPlacePayload) wanted = g_new0 (BnPlacePayload, 1);

  if (same_place (current, profile))
    return TRUE;
  if (is_set (profile->floor))
    {
      char *end = NULL;
      gint64 floor = g_ascii_strtoll (profile->floor, &end, 10);
      if (end == NULL || *end != '\0' || floor <= -10 || floor >= 200)
        {
          g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                       _("A floor is a number: 0 for the ground floor, 1, 2, …"));
          return FALSE;
        }
    }
  wanted->number = g_strdup (profile->number);
  wanted->box = g_strdup (profile->box);
  wanted->floor = g_strdup (profile->floor);
  return write_place (self, wanted, error);
}

/* Upkeep: someone I am newly matched with (or chose) gets my place. */
gboolean
_bn_home_tend_place (BnHome  *self,
                     GError **error)
{
  g_autoptr(BnPlacePayload) place = my_place (self);
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before = NULL;
  g_auto(GStrv) had = NULL;

  if (!is_set (place->number) && !is_set (place->box) && !is_set (place->floor))
    return TRUE;
  ids = place_recipients (self);
  now = joined (ids);
  before = bn_store_get_meta (bn_home_get_store (self), META_SEALED_TO);
  had = before ? g_strsplit (before, ",", -1) : g_new0 (char *, 1);
  for (guint i = 0; i < ids->len; i++)
    if (!g_strv_contains ((const char *const *) had, g_ptr_array_index (ids, i)))
      return write_place (self, place, error);
  return TRUE;
}

/**
 * bn_home_share_place:
 * @peer_id: a neighbour to show this computer's house number, box and floor to
 *
 * For when a person chooses to (the exact place otherwise goes only to whom
 * they are matched with).
 */
gboolean
bn_home_share_place (BnHome      *self,
                     const char  *peer_id,
                     GError     **error)
{
  BnStore *store = bn_home_get_store (self);
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autofree char *shared = NULL;
  g_autofree char *more = NULL;
  g_autoptr(BnPlacePayload) place = NULL;

  if (!_bn_home_require_hood (self, error))
    return FALSE;
  if (!bn_peer_id_to_key (peer_id, key))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a neighbour’s ID; see “buurtnet-cli neighbours”"), peer_id);
      return FALSE;
    }
  shared = bn_store_get_meta (store, META_SHARED_WITH);
  more = shared && *shared ? g_strconcat (shared, ",", peer_id, NULL) : g_strdup (peer_id);
  if (!bn_store_set_meta (store, META_SHARED_WITH, more, error))
    return FALSE;
  place = my_place (self);
  if (!is_set (place->number) && !is_set (place->box) && !is_set (place->floor))
    return TRUE;
  return write_place (self, place, error);
}
