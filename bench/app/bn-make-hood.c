/* bn-make-hood.c — a busy neighbourhood's log file, for the app's cold-start
 * benchmark: AUTHORS neighbours, each with a profile, POSTS open requests and
 * offers, and EDITS edits of them (titles and details changed, as people do),
 * written as "buurtnet-cli log export" would. The member whose data directory
 * is given admits the authors first (tests/tools/bn-testgen.c: all in one go),
 * so that directory folds every post.
 *
 *   bn-make-hood MEMBER_DATA_DIR AUTHORS POSTS EDITS OUT_FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-testgen.h"

#include <stdlib.h>
#include <string.h>

static const char *const things[] = {
  "Groceries on Saturday", "A lift to the doctor", "Help with a form from the commune",
  "Boodschappen doen", "Een wandeling in het park", "Je prête ma perceuse",
  "Someone to water the plants", "Soup for a neighbour in bed", "Setting up a new phone",
  "Dutch conversation over coffee", "Fixing a bicycle tyre", "Carrying a sofa upstairs",
};

typedef struct
{
  BnIdentity       *author;
  const BnEpochKey *key;
  guint64           seq;
  guint8            prev[BN_HASH_LEN];
  gint64            time_ms;
  GPtrArray        *out;
} Log;

/* Appends one entry to the author's log; returns its ID (owned by the entry). */
static const guint8 *
append (Log *log, JsonObject *object)
{
  g_autoptr(GBytes) payload = NULL;
  BnEntry *entry;

  log->seq++;
  payload = bn_payload_encrypt (log->key, log->author->public_key, log->seq, object, NULL, NULL);
  entry = bn_entry_new_signed (log->author, BN_ENTRY_VERSION, log->seq, log->prev,
                               log->time_ms, payload);
  memcpy (log->prev, entry->id, BN_HASH_LEN);
  log->time_ms += 1000;
  g_ptr_array_add (log->out, entry);
  return entry->id;
}

static void
append_profile (Log *log, guint a)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *place = json_object_new ();
  g_autofree char *name = g_strdup_printf ("Neighbour %u", a + 1);
  g_autofree char *building = g_strdup_printf ("%u", 1 + a % 60);

  json_object_set_string_member (object, "type", "profile");
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (place, "street", a % 3 ? "Rue Haute" : "Kerkstraat");
  json_object_set_string_member (place, "building", building);
  json_object_set_object_member (object, "place", place);
  append (log, object);
}

static char *
append_post (Log *log, guint a, guint p)
{
  g_autoptr(JsonObject) object = json_object_new ();
  guint n = 0;
  const BnCategory *categories = bn_categories (&n);
  g_autofree char *title = g_strdup_printf ("%s (%u.%u)", things[(a + p) % G_N_ELEMENTS (things)],
                                            a + 1, p + 1);

  json_object_set_string_member (object, "type", "post");
  json_object_set_string_member (object, "kind", (a + p) % 3 ? "request" : "offer");
  json_object_set_string_member (object, "category", categories[(a * 7 + p) % n].id);
  json_object_set_string_member (object, "title", title);
  json_object_set_string_member (object, "body",
      "Small things count: a neighbour who has an hour this week would make my day. "
      "Merci, dank je, thank you!");
  json_object_set_string_member (object, "visibility", "neighbourhood");
  return bn_hex_encode (append (log, object), BN_HASH_LEN);
}

static void
append_edit (Log *log, const char *post_id, guint k)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *set = json_object_new ();
  g_autofree char *body = g_strdup_printf ("Still looking (update %u). Any evening suits me.", k);

  json_object_set_string_member (object, "type", "edit");
  json_object_set_string_member (object, "post", post_id);
  json_object_set_string_member (set, "body", body);
  json_object_set_object_member (object, "set", set);
  append (log, object);
}

static const BnEpochKey *
current_key (BnHome *member)
{
  g_autofree char *hex = bn_store_get_meta (bn_home_get_store (member), "current_key");
  guint8 id[BN_KEY_ID_LEN];
  const BnEpochKey *key = NULL;

  if (hex != NULL && bn_hex_decode (hex, id, BN_KEY_ID_LEN))
    key = bn_keyring_lookup (bn_home_get_hood (member)->keys, id);
  return key != NULL ? key : bn_keyring_get_legacy (bn_home_get_hood (member)->keys);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHome) member = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GPtrArray) authors = NULL;
  guint n_authors, n_posts, n_edits;
  gint64 start_ms;

  if (argc != 6)
    {
      g_printerr ("usage: bn-make-hood MEMBER_DATA_DIR AUTHORS POSTS EDITS OUT_FILE\n");
      return 2;
    }
  n_authors = (guint) atoi (argv[2]);
  n_posts = (guint) atoi (argv[3]);
  n_edits = (guint) atoi (argv[4]);
  if ((member = bn_home_open (argv[1], FALSE, &error)) == NULL)
    {
      g_printerr ("bn-make-hood: %s\n", error->message);
      return 1;
    }
  authors = bn_testgen_admit (member, n_authors);
  /* Written over the last days, so nothing has expired or aged out of the lists. */
  start_ms = g_get_real_time () / 1000 - (gint64) (1 + n_posts + n_edits) * 1000 * 60;
  for (guint a = 0; a < n_authors; a++)
    {
      BnIdentity *author = g_ptr_array_index (authors, a);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      Log log = { .author = author, .key = current_key (member), .out = entries,
                  .time_ms = start_ms + a * 7 };

      memcpy (log.prev, bn_home_get_hood (member)->anchor, BN_HASH_LEN);
      append_profile (&log, a);
      for (guint p = 0; p < n_posts; p++)
        g_ptr_array_add (ids, append_post (&log, a, p));
      for (guint k = 0; k < n_edits && ids->len > 0; k++)
        append_edit (&log, g_ptr_array_index (ids, k % ids->len), k);
    }
  g_byte_array_append (out, (const guint8 *) BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN);
  for (guint i = 0; i < entries->len; i++)
    bn_entry_write_frame (g_ptr_array_index (entries, i), out);
  if (!g_file_set_contents (argv[5], (const char *) out->data, out->len, &error))
    {
      g_printerr ("bn-make-hood: %s\n", error->message);
      return 1;
    }
  return 0;
}
