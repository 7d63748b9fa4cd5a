/* test-payload.c — the neighbourhood envelope and private (sealed) bodies: who can
 * read what, while every peer stores and forwards everything
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-json.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)

/* Four neighbours, each with a data directory of their own, in one neighbourhood
 * joined by invite code: Ann posts, Bob is the one she picks, Carl is a neighbour
 * she did not pick, Dora is a connector. */
typedef struct
{
  char   *dir;
  BnHome *ann, *bob, *carl, *dora;
} PrivateFixture;

static void
fixture_setup (PrivateFixture *f,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *invite = NULL;
  g_autoptr(BnProfile) dora = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->ann = bn_test_open_home (f->dir, "Ann");
  f->bob = bn_test_open_home (f->dir, "Bob");
  f->carl = bn_test_open_home (f->dir, "Carl");
  f->dora = bn_test_open_home (f->dir, "Dora");

  invite = bn_home_create_hood (f->ann, "Rabot", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->ann, f->bob, invite);
  g_clear_pointer (&invite, g_free);
  invite = bn_test_invite (f->ann);
  bn_test_join_home (f->ann, f->carl, invite);
  g_clear_pointer (&invite, g_free);
  invite = bn_test_invite (f->ann);
  bn_test_join_home (f->ann, f->dora, invite);

  /* Connectors are appointed on the roster; Ann founded the neighbourhood. */
  dora = bn_home_get_my_profile (f->dora);
  g_assert_nonnull (dora);
  g_assert_true (bn_home_appoint (f->ann, dora->peer_id, &error));
  g_assert_no_error (error);

  /* Everyone knows everyone's profile. */
  bn_test_sync_homes (f->bob, f->ann);
  bn_test_sync_homes (f->carl, f->ann);
  bn_test_sync_homes (f->dora, f->ann);
  bn_test_sync_homes (f->ann, f->bob);
  bn_test_sync_homes (f->ann, f->carl);
  bn_test_sync_homes (f->ann, f->dora);
}

static void
fixture_teardown (PrivateFixture *f,
                  gconstpointer   data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_object (&f->carl);
  g_clear_object (&f->dora);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static BnPost *
find_post (BnHome *home, const BnEntry *entry)
{
  g_autoptr(GPtrArray) posts = bn_store_list_posts (bn_home_get_store (home),
                                                    bn_home_get_identity (home)->public_key,
                                                    NULL, NULL);
  g_autofree char *id = bn_entry_dup_id_hex (entry);

  for (guint i = 0; i < posts->len; i++)
    {
      BnPost *post = g_ptr_array_index (posts, i);
      if (g_str_equal (post->id, id))
        return g_ptr_array_steal_index (posts, i);
    }
  return NULL;
}

static BnEntry *
publish (BnHome *home, const char *title, const char *visibility, const char *const *to)
{
  BnPostDraft draft = {
    .kind = "request", .category = "paperwork", .title = title,
    .body = "Private details here", .visibility = visibility, .to = to,
  };
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_publish_post (home, &draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static void
test_people_post (PrivateFixture *f,
                  gconstpointer   data)
{
  g_autofree char *bob_id = bn_home_dup_peer_id (f->bob);
  const char *to[] = { bob_id, NULL };
  g_autoptr(BnEntry) post = publish (f->ann, "Help with my tax letter", "people", to);
  g_autoptr(BnPost) for_ann = NULL;
  g_autoptr(BnPost) for_bob = NULL;
  g_autoptr(BnPost) for_carl = NULL;
  g_autoptr(BnPost) for_dora = NULL;
  g_autoptr(BnEntry) at_carl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) opened = NULL;
  gboolean sealed = FALSE;

  bn_test_sync_homes (f->ann, f->bob);
  bn_test_sync_homes (f->ann, f->carl);
  bn_test_sync_homes (f->ann, f->dora);

  for_ann = find_post (f->ann, post);
  for_bob = find_post (f->bob, post);
  for_carl = find_post (f->carl, post);
  for_dora = find_post (f->dora, post);
  g_assert_nonnull (for_ann);
  g_assert_nonnull (for_bob);
  g_assert_cmpstr (for_bob->title, ==, "Help with my tax letter");
  g_assert_cmpstr (for_bob->body, ==, "Private details here");
  g_assert_cmpstr (for_bob->visibility, ==, "people");
  g_assert_null (for_carl);
  g_assert_null (for_dora);
  g_assert_null (bn_store_get_post (bn_home_get_store (f->carl), NULL, post->id));

  /* Carl stores it whole, and cannot open the body with his key... */
  at_carl = bn_store_get_entry (bn_home_get_store (f->carl), post->id);
  g_assert_nonnull (at_carl);
  g_assert_nonnull (at_carl->payload);
  g_assert_true (g_bytes_equal (at_carl->payload, post->payload));
  opened = bn_payload_decrypt ((bn_home_get_hood (f->carl))->keys, bn_home_get_identity (f->carl),
                               at_carl, &sealed, &error);
  g_assert_null (opened);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_SEALED);
  g_assert_true (sealed);
  g_clear_error (&error);

  /* ...nor can anyone with only the neighbourhood key: nothing of the body is
   * in the envelope in the clear. */
  opened = bn_payload_decrypt ((bn_home_get_hood (f->carl))->keys, NULL, at_carl, NULL, &error);
  g_assert_null (opened);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_cmpuint (bn_test_count_rows (bn_home_get_store (f->carl),
                    "SELECT count(*) FROM posts WHERE title LIKE '%tax%' OR body LIKE '%Private%'"), ==, 0);
  bn_test_assert_verifies (bn_home_get_store (f->carl));
}

/* Carl forwards what he cannot read; Bob, who never met Ann's machine, reads it. */
static void
test_forwarded_through_non_recipient (PrivateFixture *f,
                                      gconstpointer   data)
{
  g_autofree char *bob_id = bn_home_dup_peer_id (f->bob);
  const char *to[] = { bob_id, NULL };
  g_autoptr(BnEntry) post = publish (f->ann, "Someone to talk to", "people", to);
  g_autoptr(GPtrArray) forwarded = NULL;
  g_autoptr(BnStore) fresh_bob = NULL;
  g_autoptr(BnPost) seen = NULL;
  BnInsertResult result = { 0 };

  bn_test_sync_homes (f->ann, f->carl);
  forwarded = bn_store_get_entries_after (bn_home_get_store (f->carl),
                                          bn_home_get_identity (f->ann)->public_key, 0, 100);
  {
    BnHead head;
    g_assert_true (bn_store_get_head (bn_home_get_store (f->ann),
                                      bn_home_get_identity (f->ann)->public_key, &head));
    g_assert_cmpuint (forwarded->len, ==, head.seq);
  }

  /* A second device of Bob's, with an empty store: it only ever hears from Carl. */
  fresh_bob = bn_test_store_new (f->dir, "bob-elsewhere.db", bn_home_get_hood (f->bob),
                                 bn_home_get_identity (f->bob));
  bn_test_insert (fresh_bob, forwarded, &result);
  g_assert_cmpuint (result.added, ==, forwarded->len);
  bn_insert_result_clear (&result);
  seen = bn_store_get_post (fresh_bob, NULL, post->id);
  g_assert_nonnull (seen);
  g_assert_cmpstr (seen->title, ==, "Someone to talk to");
}

static void
test_connectors_post (PrivateFixture *f,
                      gconstpointer   data)
{
  g_autoptr(BnEntry) post = publish (f->ann, "Problem with my landlord", "connectors", NULL);
  g_autoptr(BnPost) for_ann = NULL;
  g_autoptr(BnPost) for_bob = NULL;
  g_autoptr(BnPost) for_dora = NULL;

  bn_test_sync_homes (f->ann, f->bob);
  bn_test_sync_homes (f->ann, f->dora);
  for_ann = find_post (f->ann, post);
  for_bob = find_post (f->bob, post);
  for_dora = find_post (f->dora, post);
  g_assert_nonnull (for_ann);
  g_assert_null (for_bob);
  g_assert_nonnull (for_dora);
  g_assert_cmpstr (for_dora->title, ==, "Problem with my landlord");
  g_assert_cmpstr (for_dora->visibility, ==, "connectors");
  bn_test_assert_verifies (bn_home_get_store (f->bob));
}

/* A reply is sealed to the post's author (and its writer): other neighbours
 * store it but see neither its text nor that it counts. */
static void
test_reply_private_to_author (PrivateFixture *f,
                              gconstpointer   data)
{
  g_autoptr(BnEntry) post = publish (f->ann, "Fix my bike", "neighbourhood", NULL);
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) at_ann = NULL;
  g_autoptr(GPtrArray) at_bob = NULL;
  g_autoptr(GPtrArray) at_carl = NULL;

  bn_test_sync_homes (f->ann, f->bob);
  reply = bn_home_reply (f->bob, post_id, "I have a pump", &error);
  g_assert_no_error (error);
  bn_test_sync_homes (f->bob, f->ann);
  bn_test_sync_homes (f->bob, f->carl);

  at_ann = bn_store_list_replies (bn_home_get_store (f->ann), post->id);
  at_bob = bn_store_list_replies (bn_home_get_store (f->bob), post->id);
  at_carl = bn_store_list_replies (bn_home_get_store (f->carl), post->id);
  g_assert_cmpuint (at_ann->len, ==, 1);
  g_assert_cmpstr (((BnNote *) g_ptr_array_index (at_ann, 0))->text, ==, "I have a pump");
  g_assert_cmpuint (at_bob->len, ==, 1);
  g_assert_cmpuint (at_carl->len, ==, 0);
  {
    g_autoptr(BnEntry) stored = bn_store_get_entry (bn_home_get_store (f->carl), reply->id);
    g_assert_nonnull (stored);
    g_assert_nonnull (stored->payload);
  }
}

/* A payload is bound to its author and seq: one neighbour's payload copied
 * under another header (even a properly signed one) does not open. */
static void
test_payload_bound_to_author_and_seq (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnTestLog) ann = bn_test_log_new (hood, T0);
  g_autoptr(BnTestLog) eve = bn_test_log_new (hood, T0);
  g_autoptr(BnEntry) original = bn_test_log_append_json (ann, "{\"type\":\"profile\",\"name\":\"Ann\"}");
  g_autoptr(BnEntry) second = bn_test_log_append_json (ann, "{\"type\":\"profile\",\"name\":\"Ann B\"}");
  g_autoptr(BnEntry) copied = NULL;
  g_autoptr(BnEntry) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *dir = bn_test_make_tmpdir ();
  g_autoptr(BnStore) store = bn_test_store_new (dir, "s.db", hood, ann->identity);
  g_autoptr(GPtrArray) batch = NULL;
  BnInsertResult result = { 0 };

  object = bn_payload_decrypt ((hood)->keys, NULL, original, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bn_json_get_string (object, "name"), ==, "Ann");
  g_clear_pointer (&object, json_object_unref);

  /* Eve signs Ann's payload as her own first entry. */
  copied = bn_entry_new_signed (eve->identity, BN_ENTRY_VERSION, 1, hood->anchor, T0, original->payload);
  object = bn_payload_decrypt ((hood)->keys, NULL, copied, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_FOREIGN);
  g_clear_error (&error);

  /* Ann's own first payload again as her third entry. */
  moved = bn_entry_new_signed (ann->identity, BN_ENTRY_VERSION, 3, second->id, T0 + 5000, original->payload);
  object = bn_payload_decrypt ((hood)->keys, NULL, moved, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_FOREIGN);
  g_clear_error (&error);

  batch = bn_test_entries (original, second, moved, copied, NULL);
  bn_test_insert (store, batch, &result);
  g_assert_cmpuint (result.added, ==, 2);
  g_assert_cmpuint (result.refused, ==, 2);
  bn_insert_result_clear (&result);
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (store, eve->identity->public_key);
    g_assert_null (profile);
  }
  bn_test_remove_tree (dir);
}

static gboolean
bytes_contain (const guint8 *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_envelope_hides_everything (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnHood) other = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnTestLog) ann = bn_test_log_new (hood, T0);
  g_autoptr(BnEntry) entry = bn_test_log_append_json (ann,
      "{\"type\":\"post\",\"kind\":\"request\",\"title\":\"SECRETWORD\"}");
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (entry->payload, &len);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  /* The stranger on the same Wi-Fi sees no text, and cannot open it: they do
   * not hold the key it names. */
  g_assert_false (bytes_contain (data, len, "SECRETWORD"));
  g_assert_false (bytes_contain (data, len, "request"));
  object = bn_payload_decrypt ((other)->keys, NULL, entry, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NO_KEY);
  g_clear_error (&error);
  g_assert_true (bn_payload_check_envelope ((hood)->keys, entry, NULL));

  /* A payload that names this neighbourhood's key but was sealed with another
   * neighbourhood's cannot be opened, and the store's check refuses it. */
  {
    g_autoptr(JsonObject) post = bn_test_json ("{\"type\":\"post\",\"kind\":\"request\",\"title\":\"x\"}");
    g_autoptr(GBytes) theirs = bn_payload_encrypt (bn_keyring_get_legacy (other->keys),
                                                   ann->identity->public_key, 7, post, NULL, NULL);
    gsize theirs_len = 0;
    guint8 *forged = g_memdup2 (g_bytes_get_data (theirs, &theirs_len), g_bytes_get_size (theirs));
    g_autoptr(GBytes) forged_payload = NULL;
    g_autoptr(BnEntry) forged_entry = NULL;

    memcpy (forged, bn_keyring_get_legacy (hood->keys)->id, BN_KEY_ID_LEN);
    forged_payload = g_bytes_new_take (forged, theirs_len);
    forged_entry = bn_entry_new_signed (ann->identity, BN_ENTRY_VERSION, 7, hood->anchor, T0,
                                        forged_payload);
    object = bn_payload_decrypt (hood->keys, NULL, forged_entry, NULL, &error);
    g_assert_null (object);
    g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_FOREIGN);
    g_clear_error (&error);
    g_assert_false (bn_payload_check_envelope (hood->keys, forged_entry, NULL));
  }

  /* Two encryptions of the same object differ (fresh nonce each time). */
  {
    g_autoptr(JsonObject) same = bn_test_json ("{\"type\":\"profile\",\"name\":\"x\"}");
    g_autoptr(GBytes) a = bn_payload_encrypt (bn_keyring_get_legacy ((hood)->keys), ann->identity->public_key, 9, same, NULL, NULL);
    g_autoptr(GBytes) b = bn_payload_encrypt (bn_keyring_get_legacy ((hood)->keys), ann->identity->public_key, 9, same, NULL, NULL);
    g_assert_false (g_bytes_equal (a, b));
  }
}

/* The store's check (the AEAD tag computed without decrypting) agrees with
 * decryption: for titles of every length around the 16-byte blocks, an entry as
 * sealed passes both, and any one byte of its payload changed fails both. */
static void
test_envelope_check_agrees_with_decryption (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnTestLog) ann = bn_test_log_new (hood, T0);

  for (guint title_len = 1; title_len <= 40; title_len++)
    {
      g_autofree char *title = g_strnfill (title_len, 'a' + title_len % 26);
      g_autofree char *json = g_strdup_printf ("{\"type\":\"post\",\"kind\":\"request\","
                                               "\"title\":\"%s\"}", title);
      g_autoptr(BnEntry) entry = bn_test_log_append_json (ann, json);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (entry->payload, &len);
      g_autoptr(JsonObject) object = bn_payload_decrypt (hood->keys, NULL, entry, NULL, NULL);

      g_assert_nonnull (object);
      g_assert_true (bn_payload_check_envelope (hood->keys, entry, NULL));
      for (gsize i = BN_KEY_ID_LEN; i < len; i += 1 + i % 5)
        {
          g_autofree guint8 *spoiled = g_memdup2 (data, len);
          g_autoptr(BnEntry) changed = NULL;
          g_autoptr(JsonObject) opened = NULL;
          g_autoptr(GBytes) payload = NULL;
          g_autoptr(GError) error = NULL;

          spoiled[i] ^= 0x20;
          payload = g_bytes_new_take (g_steal_pointer (&spoiled), len);
          changed = bn_entry_new_signed (ann->identity, BN_ENTRY_VERSION, entry->seq,
                                         entry->backlink, entry->timestamp_ms, payload);
          opened = bn_payload_decrypt (hood->keys, NULL, changed, NULL, NULL);
          g_assert_null (opened);
          g_assert_false (bn_payload_check_envelope (hood->keys, changed, &error));
          g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_FOREIGN);
        }
    }
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/payload/" path, PrivateFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("people-post", test_people_post);
  ADD ("forwarded-through-non-recipient", test_forwarded_through_non_recipient);
  ADD ("connectors-post", test_connectors_post);
  ADD ("reply-private-to-author", test_reply_private_to_author);
#undef ADD
  g_test_add_func ("/buurtnet/core/payload/bound-to-author-and-seq", test_payload_bound_to_author_and_seq);
  g_test_add_func ("/buurtnet/core/payload/envelope-hides-everything", test_envelope_hides_everything);
  g_test_add_func ("/buurtnet/core/payload/envelope-check-agrees-with-decryption",
                   test_envelope_check_agrees_with_decryption);

  return g_test_run ();
}
