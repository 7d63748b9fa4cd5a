/* test-entry.c — headers, signatures and wire frames; every header byte matters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)

typedef struct
{
  char      *dir;
  BnHood    *hood;
  BnTestLog *log;
  BnStore   *store;
} EntryFixture;

static void
fixture_setup (EntryFixture  *f,
               gconstpointer  data)
{
  f->dir = bn_test_make_tmpdir ();
  f->hood = bn_hood_new_random ("Rabot", NULL);
  f->log = bn_test_log_new (f->hood, T0);
  f->store = bn_test_store_new (f->dir, "store.db", f->hood, f->log->identity);
}

static void
fixture_teardown (EntryFixture  *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->log, bn_test_log_free);
  g_clear_pointer (&f->hood, bn_hood_free);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static void
test_sign_verify (EntryFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(BnEntry) first = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"An\"}");
  g_autoptr(BnEntry) second = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"Anna\"}");
  g_autoptr(GError) error = NULL;
  guint8 id[BN_HASH_LEN];

  g_assert_true (bn_entry_verify_signature (first));
  g_assert_true (bn_entry_verify_signature (second));
  g_assert_true (bn_entry_check_payload (first, &error));
  g_assert_no_error (error);

  /* The fields say what the header says, at the documented offsets. */
  g_assert_cmpint (first->raw[BN_HEADER_OFF_VERSION], ==, BN_ENTRY_VERSION);
  g_assert_cmpmem (first->author, BN_PUBLIC_KEY_LEN, f->log->identity->public_key, BN_PUBLIC_KEY_LEN);
  g_assert_cmpmem (first->raw + BN_HEADER_OFF_AUTHOR, BN_PUBLIC_KEY_LEN, first->author, BN_PUBLIC_KEY_LEN);
  g_assert_cmpuint (first->seq, ==, 1);
  g_assert_cmpuint (second->seq, ==, 2);
  g_assert_cmpuint (bn_get_u64 (second->raw + BN_HEADER_OFF_SEQ), ==, 2);
  g_assert_cmpmem (first->backlink, BN_HASH_LEN, f->hood->anchor, BN_HASH_LEN);
  g_assert_cmpmem (second->backlink, BN_HASH_LEN, first->id, BN_HASH_LEN);
  g_assert_cmpint (first->timestamp_ms, ==, T0);
  g_assert_cmpint ((gint64) bn_get_u64 (first->raw + BN_HEADER_OFF_TIMESTAMP), ==, T0);
  g_assert_cmpuint (first->payload_len, ==, g_bytes_get_size (first->payload));

  /* The entry ID is the hash of the whole header. */
  bn_hash (id, first->raw, BN_HEADER_LEN);
  g_assert_cmpmem (id, BN_HASH_LEN, first->id, BN_HASH_LEN);

  /* A signature by someone else does not verify as the author's. */
  {
    g_autoptr(BnIdentity) mallory = bn_identity_new_random ();
    guint8 raw[BN_HEADER_LEN];
    g_autoptr(BnEntry) forged = NULL;

    memcpy (raw, first->raw, BN_HEADER_LEN);
    crypto_sign_detached (raw + BN_HEADER_OFF_SIGNATURE, NULL, raw, BN_HEADER_SIGNED_LEN,
                          mallory->secret_key);
    forged = bn_test_entry_with_header (first, raw);
    g_assert_false (bn_entry_verify_signature (forged));
  }
}

static void
test_decode_refuses_bad_shape (void)
{
  guint8 raw[BN_HEADER_LEN + 1] = { 0 };
  g_autoptr(GError) error = NULL;
  BnEntry *entry;

  raw[BN_HEADER_OFF_VERSION] = BN_ENTRY_VERSION;
  bn_put_u64 (raw + BN_HEADER_OFF_SEQ, 1);
  entry = bn_entry_new_from_header (raw, BN_HEADER_LEN - 1, NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);
  entry = bn_entry_new_from_header (raw, BN_HEADER_LEN + 1, NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);

  raw[BN_HEADER_OFF_VERSION] = BN_ENTRY_VERSION + 1;
  entry = bn_entry_new_from_header (raw, BN_HEADER_LEN, NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "update"));
  g_clear_error (&error);

  raw[BN_HEADER_OFF_VERSION] = BN_ENTRY_VERSION;
  bn_put_u64 (raw + BN_HEADER_OFF_SEQ, 0);
  entry = bn_entry_new_from_header (raw, BN_HEADER_LEN, NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);

  bn_put_u64 (raw + BN_HEADER_OFF_SEQ, 1);
  bn_put_u32 (raw + BN_HEADER_OFF_PAYLOAD_LEN, BN_PAYLOAD_MAX + 1);
  entry = bn_entry_new_from_header (raw, BN_HEADER_LEN, NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  bn_put_u32 (raw + BN_HEADER_OFF_PAYLOAD_LEN, BN_PAYLOAD_MAX);
  entry = bn_entry_new_from_header (raw, BN_HEADER_LEN, NULL, &error);
  g_assert_no_error (error);
  bn_entry_unref (entry);
}

/* Flips @mask into each header byte of @victim in turn and offers the result to
 * the store, which holds @victim's predecessors. Nothing may get in. */
static void
flip_each_byte (EntryFixture *f, BnEntry *victim, guint8 mask)
{
  guint64 before = bn_store_count_entries (f->store);
  guint refused_by_store = 0, refused_by_decoder = 0;

  for (guint i = 0; i < BN_HEADER_LEN; i++)
    {
      guint8 raw[BN_HEADER_LEN];
      g_autoptr(GError) error = NULL;
      g_autoptr(BnEntry) tampered = NULL;
      g_autoptr(GPtrArray) batch = NULL;
      BnInsertResult result = { 0 };

      memcpy (raw, victim->raw, BN_HEADER_LEN);
      raw[i] ^= mask;
      tampered = bn_entry_new_from_header (raw, BN_HEADER_LEN, victim->payload, &error);
      if (tampered == NULL)
        {
          /* Refused before it reaches the store: the version byte, seq 0, or
           * a payload length over the limit. */
          g_assert_true (i == BN_HEADER_OFF_VERSION
                         || (i >= BN_HEADER_OFF_SEQ && i < BN_HEADER_OFF_SEQ + 8)
                         || (i >= BN_HEADER_OFF_PAYLOAD_LEN && i < BN_HEADER_OFF_PAYLOAD_LEN + 4));
          g_assert_nonnull (error);
          refused_by_decoder++;
          continue;
        }
      batch = bn_test_entries (tampered, NULL);
      bn_test_insert (f->store, batch, &result);
      if (result.refused != 1 || result.added != 0)
        g_error ("Header byte %u flipped with 0x%02x: added %u, known %u, refused %u",
                 i, mask, result.added, result.known, result.refused);
      g_assert_nonnull (result.reasons);
      refused_by_store++;
      bn_insert_result_clear (&result);
    }
  g_assert_cmpuint (refused_by_store + refused_by_decoder, ==, BN_HEADER_LEN);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, before);
  bn_test_assert_verifies (f->store);
}

static void
test_flip_each_header_byte (EntryFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(BnEntry) e1 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"An\"}");
  g_autoptr(BnEntry) e2 = bn_test_log_append_json (f->log,
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"garden\",\"title\":\"Hedge\"}");
  g_autoptr(BnEntry) e3 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"Anna\"}");
  g_autoptr(GPtrArray) first = bn_test_entries (e1, e2, NULL);
  g_autoptr(GPtrArray) last = bn_test_entries (e3, NULL);
  BnInsertResult result = { 0 };

  /* seq 1, onto an empty log: the anchor and the signature are what protect it. */
  flip_each_byte (f, e1, 0x01);
  flip_each_byte (f, e1, 0xff);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 0);

  bn_test_insert (f->store, first, &result);
  g_assert_cmpuint (result.added, ==, 2);
  bn_insert_result_clear (&result);

  /* seq 3, onto a log holding 1 and 2: the backlink and the signature. */
  flip_each_byte (f, e3, 0x01);
  flip_each_byte (f, e3, 0x80);
  flip_each_byte (f, e3, 0xff);

  /* The real entry still gets in after all that. */
  bn_test_insert (f->store, last, &result);
  g_assert_cmpuint (result.added, ==, 1);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
  g_assert_cmpuint (bn_store_count_entries (f->store), ==, 3);
  bn_test_assert_verifies (f->store);
}

static void
assert_same_entry (const BnEntry *a, const BnEntry *b)
{
  g_assert_cmpmem (a->raw, BN_HEADER_LEN, b->raw, BN_HEADER_LEN);
  g_assert_cmpmem (a->id, BN_HASH_LEN, b->id, BN_HASH_LEN);
  g_assert_cmpuint (a->seq, ==, b->seq);
  g_assert_cmpint (a->timestamp_ms, ==, b->timestamp_ms);
  g_assert_true ((a->payload == NULL) == (b->payload == NULL));
  if (a->payload != NULL)
    g_assert_true (g_bytes_equal (a->payload, b->payload));
}

static void
test_frame_round_trip (EntryFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(BnEntry) e1 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"An\"}");
  g_autoptr(BnEntry) e2 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"Anna\"}");
  g_autoptr(BnEntry) erased = bn_entry_without_payload (e2);
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  BnEntry *expected[] = { e1, erased, e2 };
  gsize offset = 0;

  g_assert_null (erased->payload);
  g_assert_cmpmem (erased->raw, BN_HEADER_LEN, e2->raw, BN_HEADER_LEN);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    bn_entry_write_frame (expected[i], wire);
  g_assert_cmpuint (wire->len, ==, 3 * (1 + BN_HEADER_LEN) + e1->payload_len + e2->payload_len);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize consumed = 0;
      g_autoptr(BnEntry) read = bn_entry_read_frame (wire->data + offset, wire->len - offset,
                                                     &consumed, &error);
      g_assert_no_error (error);
      assert_same_entry (read, expected[i]);
      g_assert_true (bn_entry_verify_signature (read));
      g_assert_true (bn_entry_check_payload (read, NULL));
      offset += consumed;
    }
  g_assert_cmpuint (offset, ==, wire->len);
}

static void
test_truncated_frames (EntryFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(BnEntry) e1 = bn_test_log_append_json (f->log,
      "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"lending\",\"title\":\"Ladder\"}");
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  bn_entry_write_frame (e1, wire);
  for (gsize len = 0; len < wire->len; len++)
    {
      g_autoptr(GError) error = NULL;
      gsize consumed = 99;
      /* A copy of exactly @len bytes, so reading past it is caught by ASan/valgrind. */
      g_autofree guint8 *cut = g_memdup2 (wire->data, len);
      g_autoptr(BnEntry) read = bn_entry_read_frame (cut, len, &consumed, &error);

      g_assert_null (read);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      g_assert_cmpuint (consumed, ==, 0);
    }
}

static void
test_frame_refuses_bad_flags_and_size (EntryFixture  *f,
                                       gconstpointer  data)
{
  g_autoptr(BnEntry) e1 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"An\"}");
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;
  BnEntry *read;

  bn_entry_write_frame (e1, wire);
  wire->data[0] = 0x03;
  read = bn_entry_read_frame (wire->data, wire->len, &consumed, &error);
  g_assert_null (read);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A header claiming a payload over the limit is refused before anything is
   * read or allocated for it, with or without the payload flag. */
  for (guint8 flags = 0; flags <= 1; flags++)
    {
      wire->data[0] = flags;
      bn_put_u32 (wire->data + 1 + BN_HEADER_OFF_PAYLOAD_LEN, BN_PAYLOAD_MAX + 1);
      read = bn_entry_read_frame (wire->data, wire->len, &consumed, &error);
      g_assert_null (read);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE);
      g_clear_error (&error);
      bn_put_u32 (wire->data + 1 + BN_HEADER_OFF_PAYLOAD_LEN, G_MAXUINT32);
      read = bn_entry_read_frame (wire->data, wire->len, &consumed, &error);
      g_assert_null (read);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE);
      g_clear_error (&error);
    }
}

/* Issue 9 (b): one bad frame costs only itself: [good, bad, good] reads two
 * entries and one refusal; a cut-off end stops reading. */
static void
test_frames_go_on_after_a_bad_one (EntryFixture  *f,
                                   gconstpointer  data)
{
  g_autoptr(BnEntry) e1 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"An\"}");
  g_autoptr(BnEntry) e2 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"Bo\"}");
  g_autoptr(BnEntry) e3 = bn_test_log_append_json (f->log, "{\"type\":\"profile\",\"name\":\"Cy\"}");
  guint8 kinds[] = { 0x03, 0xff, 0x00 /* version */, 0x01 /* payload over the limit */ };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GByteArray) wire = g_byte_array_new ();
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      g_autoptr(GError) error = NULL;
      gsize bad_at;
      guint refused = 0;

      bn_entry_write_frame (e1, wire);
      bad_at = wire->len;
      bn_entry_write_frame (e2, wire);
      if (k == 2)
        wire->data[bad_at + 1 + BN_HEADER_OFF_VERSION] = 9;
      else if (k == 3)
        {
          /* The header announces a payload over the limit and the bytes are
           * there: the frame's length is known, so reading goes on after it. */
          guint32 len = BN_PAYLOAD_MAX + 1;
          gsize old = g_bytes_get_size (e2->payload);
          bn_put_u32 (wire->data + bad_at + 1 + BN_HEADER_OFF_PAYLOAD_LEN, len);
          g_byte_array_set_size (wire, wire->len + len - old);
        }
      else
        wire->data[bad_at] = kinds[k];
      bn_entry_write_frame (e3, wire);
      g_assert_true (bn_entry_read_frames (wire->data, wire->len, entries, &refused, &error));
      g_assert_cmpuint (entries->len, ==, 2);
      g_assert_cmpuint (refused, ==, 1);
      g_assert_nonnull (error);
      g_assert_cmpmem (((BnEntry *) g_ptr_array_index (entries, 1))->id, BN_HASH_LEN, e3->id, BN_HASH_LEN);
    }
  {
    g_autoptr(GByteArray) wire = g_byte_array_new ();
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
    guint refused = 0;

    bn_entry_write_frame (e1, wire);
    bn_entry_write_frame (e2, wire);
    g_assert_false (bn_entry_read_frames (wire->data, wire->len - 5, entries, &refused, NULL));
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_cmpuint (refused, ==, 1);
  }
}

static void
test_payload_too_large (EntryFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) object = bn_test_json ("{\"type\":\"post\",\"kind\":\"offer\",\"title\":\"Long\"}");
  g_autofree char *body = g_strnfill (BN_PAYLOAD_MAX, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *fits = g_strnfill (BN_PAYLOAD_MAX - 200, 'y');

  json_object_set_string_member (object, "body", body);
  payload = bn_payload_encrypt (bn_keyring_get_legacy ((f->hood)->keys), f->log->identity->public_key, 1, object, NULL, &error);
  g_assert_null (payload);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Just under the limit is fine, and the store takes it. */
  json_object_set_string_member (object, "body", fits);
  {
    g_autoptr(BnEntry) big = bn_test_log_append (f->log, object, NULL);
    g_autoptr(GPtrArray) batch = bn_test_entries (big, NULL);
    BnInsertResult result = { 0 };

    g_assert_cmpuint (big->payload_len, <=, BN_PAYLOAD_MAX);
    bn_test_insert (f->store, batch, &result);
    g_assert_cmpuint (result.added, ==, 1);
    bn_insert_result_clear (&result);
  }
}

static gboolean
is_original (GPtrArray *originals, const BnEntry *entry)
{
  for (guint i = 0; i < originals->len; i++)
    {
      const BnEntry *o = g_ptr_array_index (originals, i);
      if (memcmp (o->raw, entry->raw, BN_HEADER_LEN) == 0)
        return entry->payload == NULL || g_bytes_equal (entry->payload, o->payload);
    }
  return FALSE;
}

/* A log file or sync stream damaged at random (bits flipped, bytes cut, added
 * or repeated): reading never crashes or warns, and whatever the store takes is
 * byte for byte an entry that was really written. */
static void
test_fuzz_frames (EntryFixture  *f,
                  gconstpointer  data)
{
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(BnTestLog) other = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(BnStore) store = bn_test_store_new (f->dir, "fuzz.db", f->hood, f->log->identity);
  guint rounds = g_test_slow () ? 20000 : 1500;
  guint total = 0;

  g_test_message ("fuzz seed: %u", seed);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"type\":\"profile\",\"name\":\"N%u\"}", i);
      BnTestLog *log = i % 3 == 0 ? other : f->log;
      BnEntry *e = bn_test_log_append_json (log, json);

      g_ptr_array_add (originals, e);
      if (i == 7)
        {
          g_autoptr(BnEntry) bare = bn_entry_without_payload (e);
          bn_entry_write_frame (bare, wire);
        }
      else
        bn_entry_write_frame (e, wire);
    }

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GByteArray) damaged = g_byte_array_sized_new (wire->len + 64);
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      guint mutations = (guint) g_rand_int_range (rand, 1, 5);
      gsize offset = 0;
      BnInsertResult result = { 0 };

      g_byte_array_append (damaged, wire->data, wire->len);
      for (guint m = 0; m < mutations && damaged->len > 0; m++)
        {
          guint at = (guint) g_rand_int_range (rand, 0, (gint32) damaged->len);
          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              damaged->data[at] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
              break;
            case 1:
              damaged->data[at] = (guint8) g_rand_int_range (rand, 0, 256);
              break;
            case 2:
              g_byte_array_set_size (damaged, at);
              break;
            case 3:
              {
                guint8 junk[7];
                for (guint k = 0; k < sizeof junk; k++)
                  junk[k] = (guint8) g_rand_int_range (rand, 0, 256);
                g_byte_array_remove_range (damaged, at, MIN (sizeof junk, damaged->len - at));
                g_byte_array_append (damaged, junk, (guint) g_rand_int_range (rand, 0, sizeof junk));
              }
              break;
            default:
              {
                guint len = MIN ((guint) g_rand_int_range (rand, 1, 400), damaged->len - at);
                g_autofree guint8 *copy = g_memdup2 (damaged->data + at, len);
                g_byte_array_append (damaged, copy, len);
              }
              break;
            }
        }

      while (offset < damaged->len)
        {
          g_autoptr(GError) error = NULL;
          gsize consumed = 0;
          BnEntry *entry = bn_entry_read_frame (damaged->data + offset, damaged->len - offset,
                                                &consumed, &error);
          if (entry == NULL)
            {
              g_assert_nonnull (error);
              if (consumed == 0)
                break;   /* cut short: nothing more to read */
            }
          else
            g_ptr_array_add (batch, entry);
          offset += consumed;
        }
      if (batch->len > 0)
        {
          bn_test_insert (store, batch, &result);
          bn_insert_result_clear (&result);
        }

      /* Every so often, check and start again from an empty store, so that
       * damaged entries also meet logs they would extend. */
      if (round % 100 == 99 || round == rounds - 1)
        {
          g_autoptr(GPtrArray) stored = bn_test_store_entries (store);
          g_autofree char *name = g_strdup_printf ("fuzz-%u.db", round);

          for (guint i = 0; i < stored->len; i++)
            g_assert_true (is_original (originals, g_ptr_array_index (stored, i)));
          bn_test_assert_verifies (store);
          total += stored->len;
          g_clear_object (&store);
          store = bn_test_store_new (f->dir, name, f->hood, f->log->identity);
        }
    }
  g_test_message ("%u entries got in, over %u stores", total, rounds / 100);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/entry/" path, EntryFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("sign-verify", test_sign_verify);
  ADD ("flip-each-header-byte", test_flip_each_header_byte);
  ADD ("frame-round-trip", test_frame_round_trip);
  ADD ("truncated-frames", test_truncated_frames);
  ADD ("frame-refuses-bad-flags-and-size", test_frame_refuses_bad_flags_and_size);
  ADD ("frames-go-on-after-a-bad-one", test_frames_go_on_after_a_bad_one);
  ADD ("payload-too-large", test_payload_too_large);
  ADD ("fuzz-frames", test_fuzz_frames);
#undef ADD
  g_test_add_func ("/buurtnet/core/entry/decode-refuses-bad-shape", test_decode_refuses_bad_shape);

  return g_test_run ();
}
