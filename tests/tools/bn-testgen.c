/* bn-testgen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-testgen.h"

#include <string.h>

static const char *const titles[] = {
  "Boodschappen doen op zaterdag",
  "Qui peut m'aider avec un formulaire de la commune ?",
  "A lift to the doctor on Tuesday morning",
  "Een wandeling in het park",
  "Je prête ma perceuse",
  "Help with my new phone",
};

static JsonObject *
make_payload (guint author_index, guint64 seq, const char *name)
{
  JsonObject *object = json_object_new ();

  if (seq == 1)
    {
      JsonObject *place = json_object_new ();
      json_object_set_string_member (object, "type", "profile");
      json_object_set_string_member (object, "name", name);
      json_object_set_string_member (place, "street", "Rue Haute");
      json_object_set_string_member (place, "building", author_index % 2 ? "12" : "14");
      json_object_set_object_member (object, "place", place);
      return object;
    }
  json_object_set_string_member (object, "type", "post");
  json_object_set_string_member (object, "kind", seq % 3 ? "request" : "offer");
  json_object_set_string_member (object, "category", seq % 2 ? "errands" : "company");
  json_object_set_string_member (object, "title", titles[seq % G_N_ELEMENTS (titles)]);
  json_object_set_string_member (object, "body",
      "Small things count: a neighbour who has an hour this week would make my day. "
      "Merci, dank je, thank you!");
  json_object_set_string_member (object, "visibility", "neighbourhood");
  return object;
}

GPtrArray *
bn_testgen_make_logs (const BnHood *hood,
                      guint         n_authors,
                      guint         n_entries)
{
  GPtrArray *entries = g_ptr_array_new_full (n_authors * n_entries,
                                             (GDestroyNotify) bn_entry_unref);

  for (guint a = 0; a < n_authors; a++)
    {
      g_autoptr(BnIdentity) author = bn_identity_new_random ();
      g_autofree char *name = g_strdup_printf ("Neighbour %u", a + 1);
      guint8 prev[BN_HASH_LEN];

      memcpy (prev, hood->anchor, BN_HASH_LEN);
      for (guint64 seq = 1; seq <= n_entries; seq++)
        {
          g_autoptr(JsonObject) object = make_payload (a, seq, name);
          g_autoptr(GBytes) payload = bn_payload_encrypt (bn_keyring_get_legacy ((hood)->keys), author->public_key, seq, object,
                                                          NULL, NULL);
          BnEntry *entry = bn_entry_new_signed (author, BN_ENTRY_VERSION, seq, prev,
                                                1795000000000 + (gint64) seq * 1000, payload);
          memcpy (prev, entry->id, BN_HASH_LEN);
          g_ptr_array_add (entries, entry);
        }
    }
  return entries;
}
