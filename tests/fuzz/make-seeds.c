/* make-seeds.c — writes the seed corpora of the fuzz targets (corpus/<target>/)
 *
 *   make-seeds DIR
 *
 * The seeds are made with the same fixed keys as the targets (bn-fuzz.c), so the
 * entries in them are validly signed for the neighbourhood the targets use and
 * take the fuzzer straight to the code behind the signature checks. Run it again
 * when the entry or payload format changes, and commit what it writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-invite.h"
#include "bn-join-request.h"
#include "bn-wire.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *out_dir;

static void
write_seed (const char *target, const char *name, const void *data, gsize len)
{
  g_autofree char *dir = g_build_filename (out_dir, target, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
}

static void
write_text (const char *target, const char *name, const char *text)
{
  write_seed (target, name, text, strlen (text));
}

static GByteArray *
frames_of (GPtrArray *entries)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < entries->len; i++)
    bn_entry_write_frame (g_ptr_array_index (entries, i), out);
  return out;
}

/* Honest entries that continue the baseline: one more for each author. */
static GPtrArray *
continuations (void)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  const char *json = "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"garden\","
                     "\"title\":\"Weeding\",\"visibility\":\"neighbourhood\"}";

  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    {
      guint8 head[BN_HASH_LEN];
      guint64 seq = bn_fuzz_baseline_head (a, head);
      g_autoptr(GBytes) payload = bn_fuzz_seal_payload (a, seq + 1, json, strlen (json), FALSE);

      g_ptr_array_add (entries, bn_fuzz_sign (a, 2, seq + 1, head,
                                              BN_FUZZ_EPOCH_MS + 3600 * 1000 + a, payload));
    }
  return entries;
}

/* A second, different entry 2 of author 1: the proof of a fork. */
static BnEntry *
fork_of_author_1 (void)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  const char *json = "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"other\","
                     "\"title\":\"Another entry 2\",\"visibility\":\"neighbourhood\"}";
  g_autoptr(GBytes) payload = bn_fuzz_seal_payload (1, 2, json, strlen (json), FALSE);

  for (guint i = 0; i < world->baseline->len; i++)
    {
      BnEntry *entry = g_ptr_array_index (world->baseline, i);

      if (memcmp (entry->author, world->authors[1]->public_key, BN_PUBLIC_KEY_LEN) == 0
          && entry->seq == 1)
        return bn_fuzz_sign (1, 2, 2, entry->id, BN_FUZZ_EPOCH_MS + 999, payload);
    }
  g_assert_not_reached ();
}

static void
entry_seeds (void)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autoptr(GPtrArray) more = continuations ();
  g_autoptr(GByteArray) all = frames_of (world->baseline);
  g_autoptr(GByteArray) next = frames_of (more);
  g_autoptr(BnEntry) fork = fork_of_author_1 ();
  g_autoptr(BnEntry) erased = bn_entry_without_payload (g_ptr_array_index (world->baseline, 2));
  g_autoptr(GByteArray) one = g_byte_array_new ();
  g_autoptr(GByteArray) log = g_byte_array_new ();

  write_seed ("frames", "baseline", all->data, all->len);
  write_seed ("frames", "continuations", next->data, next->len);
  bn_entry_write_frame (erased, one);
  bn_entry_write_frame (fork, one);
  write_seed ("frames", "erased-and-fork", one->data, one->len);
  write_seed ("frames", "cut-short", all->data, 1 + BN_HEADER_LEN + 10);

  g_byte_array_append (log, (const guint8 *) BN_LOG_FILE_MAGIC, BN_LOG_FILE_MAGIC_LEN);
  g_byte_array_append (log, next->data, next->len);
  write_seed ("log-import", "continuations", log->data, log->len);
  g_byte_array_append (log, all->data, all->len);
  write_seed ("log-import", "continuations-and-known", log->data, log->len);
  g_byte_array_set_size (log, BN_LOG_FILE_MAGIC_LEN);
  g_byte_array_append (log, one->data, one->len);
  write_seed ("log-import", "erased-and-fork", log->data, log->len);

  for (guint i = 0; i < 3; i++)
    {
      GByteArray *body = i == 0 ? next : i == 1 ? all : one;
      g_autoptr(GByteArray) pull = g_byte_array_new ();
      guint8 flags = i == 1 ? BN_WIRE_PULL_MORE : 0;
      g_autofree char *name = g_strdup_printf ("body-%u", i);

      g_byte_array_append (pull, &flags, 1);
      g_byte_array_append (pull, body->data, body->len);
      write_seed ("pull-body", name, pull->data, pull->len);
    }
}

/* fuzz-runs: author | seq mode | link mode | flags | length | JSON */
static void
add_run_entry (GByteArray *out, guint8 author, guint8 seq, guint8 link, guint8 flags,
               const char *json)
{
  guint8 head[5] = { author, seq, link, flags, (guint8) strlen (json) };

  g_byte_array_append (out, head, sizeof head);
  g_byte_array_append (out, (const guint8 *) json, strlen (json));
}

static void
run_seeds (void)
{
  const char *post = "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"errands\","
                     "\"title\":\"Bread\",\"visibility\":\"neighbourhood\"}";
  const char *reply = "{\"type\":\"reply\",\"post\":\"@e7@\",\"text\":\"Me too\"}";
  const char *status = "{\"type\":\"status\",\"post\":\"@e7@\",\"status\":\"open\"}";
  struct { const char *name; guint8 rows[6][4]; const char *json[6]; } seeds[] = {
    { "three-authors", { { 0, 0, 0, 0 }, { 1, 0, 0, 0 }, { 2, 0, 0, 0 } }, { post, reply, post } },
    { "a-run-of-three", { { 1, 0, 0, 0 }, { 1, 0, 0, 0 }, { 1, 0, 0, 0 } }, { post, post, reply } },
    { "fork", { { 1, 0, 0, 0 }, { 1, 1, 2, 0 }, { 1, 0, 0, 0 } }, { post, status, post } },
    { "gap", { { 2, 0, 0, 0 }, { 2, 2, 0, 0 }, { 2, 0, 0, 0 } }, { post, post, post } },
    { "bad-signature-mid-run", { { 0, 0, 0, 0 }, { 0, 0, 0, 4 }, { 0, 0, 0, 0 } }, { post, post, post } },
    { "spoiled-payload", { { 0, 0, 0, 8 }, { 1, 0, 0, 0 } }, { post, reply } },
    { "broken-link", { { 1, 0, 3, 0 }, { 2, 0, 1, 0 } }, { post, post } },
    { "erased-and-sealed", { { 0, 0, 0, 1 }, { 1, 0, 0, 2 }, { 2, 0, 0, 18 } }, { post, reply, reply } },
    { "two-batches", { { 0, 0, 0, 16 }, { 0, 0, 0, 16 }, { 0, 1, 2, 0 } }, { post, status, post } },
  };

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();

      for (guint r = 0; r < 6 && seeds[s].json[r] != NULL; r++)
        add_run_entry (out, seeds[s].rows[r][0], seeds[s].rows[r][1], seeds[s].rows[r][2],
                       seeds[s].rows[r][3], seeds[s].json[r]);
      write_seed ("runs", seeds[s].name, out->data, out->len);
    }
}

/* Payloads of every type, with the author and sealing of fuzz-payload's control byte. */
static const struct { const char *name; guint8 control; const char *json; } chunks[] = {
  { "profile", 1, "{\"type\":\"profile\",\"name\":\"Bram B.\",\"about\":\"Fietsenmaker\","
                  "\"talents\":[\"repairs\",\"transport\"],\"needs\":[\"computer\"],"
                  "\"languages\":[\"nl\",\"fr\"],\"place\":{\"street\":\"Rue Haute\","
                  "\"number\":\"14\",\"building\":\"14\",\"floor\":\"0\"},\"connector\":true}" },
  { "place-sealed", 5, "{\"type\":\"place\",\"number\":\"14\",\"box\":\"b3\",\"floor\":2}" },
  { "place-wrong-types", 2, "{\"type\":\"place\",\"number\":14,\"box\":[\"b\"],\"floor\":99999}" },
  { "post-request", 2, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"transport\","
                       "\"title\":\"A lift to the doctor\",\"body\":\"Tuesday 10:00\","
                       "\"when\":\"2026-03-03\",\"urgency\":\"urgent\","
                       "\"visibility\":\"neighbourhood\",\"on_behalf_of\":\"Marc\","
                       "\"expiry\":1767312000000}" },
  { "post-private", 6, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"listening\","
                       "\"title\":\"Someone to talk to\",\"visibility\":\"people\","
                       "\"to\":[\"@a0@\",\"@a1@\"]}" },
  { "post-connectors", 1, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"language\","
                          "\"title\":\"Nederlands oefenen\",\"visibility\":\"connectors\","
                          "\"when\":\"2026-01-05/2026-01-30\",\"urgency\":\"flexible\"}" },
  { "edit", 9, "{\"type\":\"edit\",\"post\":\"@e8@\",\"set\":{\"title\":\"Drill\","
               "\"category\":\"lending\",\"body\":\"Bosch\",\"when\":\"flexible\","
               "\"urgency\":\"soon\",\"on_behalf_of\":\"\",\"expiry\":1767312000000}}" },
  { "status", 8, "{\"type\":\"status\",\"post\":\"@e7@\",\"status\":\"withdrawn\"}" },
  { "reply-sealed", 6, "{\"type\":\"reply\",\"post\":\"@e10@\",\"text\":\"Je peux vous aider\"}" },
  { "accept", 2, "{\"type\":\"accept\",\"post\":\"@e10@\",\"reply\":\"@e9@\",\"helper\":\"@a0@\"}" },
  { "thanks", 1, "{\"type\":\"thanks\",\"post\":\"@e7@\",\"text\":\"Dank je!\"}" },
  { "delete", 0, "{\"type\":\"delete\",\"target\":\"@e7@\"}" },
  { "delete-others", 1, "{\"type\":\"delete\",\"target\":\"@e7@\"}" },
  { "admit-newcomer", 1, "{\"type\":\"admit\",\"member\":\"@a3@\",\"invite\":\"@i0@\","
                         "\"proof\":\"@p3@\",\"name\":\"Zoë\",\"keys\":[\"@k0@\"],"
                         "\"after\":[\"@e3@\"]}" },
  { "remove", 8, "{\"type\":\"remove\",\"member\":\"@a2@\",\"upto\":5,\"reason\":\"moved\","
                 "\"after\":[\"@e3@\"]}" },
  { "appoint", 0, "{\"type\":\"appoint\",\"member\":\"@a1@\",\"after\":[\"@e3@\"]}" },
  { "dismiss-self", 0, "{\"type\":\"dismiss\",\"member\":\"@a0@\",\"after\":[\"@e3@\"]}" },
  { "leave", 2, "{\"type\":\"leave\",\"after\":[\"@e3@\"]}" },
  { "revoke", 0, "{\"type\":\"revoke\",\"invite\":\"@i0@\",\"after\":[\"@e3@\"]}" },
  { "replace", 0, "{\"type\":\"replace\",\"member\":\"@a2@\",\"by\":\"@a3@\",\"upto\":4,"
                  "\"after\":[\"@e3@\"]}" },
  { "epoch", 0, "{\"type\":\"epoch\",\"key\":\"0011223344556677\",\"parents\":[\"@k0@\"],"
                "\"seals\":{\"@a1@\":\"AAAA\"},\"after\":[\"@e3@\"]}" },
  { "share", 1, "{\"type\":\"share\",\"key\":\"@k0@\",\"seals\":{\"@a3@\":\"AAAA\"},"
                "\"after\":[\"@e3@\"]}" },
  { "second-root", 1, "{\"type\":\"hood\",\"name\":\"Elsewhere\",\"key\":\"@k0@\",\"after\":[]}" },
  { "newcomer-post", 3, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\","
                        "\"title\":\"Cake\",\"visibility\":\"neighbourhood\"}" },
  { "report-sealed", 5, "{\"type\":\"report\",\"target\":\"@e10@\",\"reason\":\"spam\","
                        "\"text\":\"Selling things\",\"quote\":\"A form in Dutch\"}" },
  { "report-member", 1, "{\"type\":\"report\",\"member\":\"@a2@\",\"reason\":\"harassment\"}" },
  { "report-handled", 4, "{\"type\":\"report-handled\",\"report\":\"@e9@\"}" },
  { "hide-erase", 0, "{\"type\":\"hide\",\"target\":\"@e8@\",\"reason\":\"unsafe\",\"erase\":true}" },
  { "hide-member", 0, "{\"type\":\"hide\",\"member\":\"@a2@\",\"erase\":true,\"upto\":3}" },
  { "hide-own-post-reply", 0, "{\"type\":\"hide\",\"target\":\"@e9@\"}" },
  { "unhide", 0, "{\"type\":\"unhide\",\"hides\":[\"@e9@\",\"nonsense\"]}" },
  { "unknown-type", 2, "{\"type\":\"event\",\"title\":\"Buurtfeest\",\"when\":\"2026-06-21\"}" },
  { "sealed-envelope-garbage", 0, "{\"type\":\"sealed\",\"keys\":[\"AAAA\",3,null],\"box\":\"!!\"}" },
  { "not-an-object", 0, "[\"type\",\"post\"]" },
  { "wrong-member-types", 1, "{\"type\":\"post\",\"kind\":7,\"category\":[],\"title\":{},"
                             "\"visibility\":true,\"expiry\":\"soon\",\"to\":\"@a0@\"}" },
  { "deep", 2, "{\"type\":\"profile\",\"name\":\"N\",\"place\":{\"street\":{\"a\":[[[[[[]]]]]]}}}" },
};

/* fuzz-payload: chunks "control byte + JSON", ended by NUL */
static void
payload_seeds (void)
{
  GByteArray *all = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GByteArray) one = g_byte_array_new ();
      guint8 nul = 0;

      g_byte_array_append (one, &chunks[i].control, 1);
      g_byte_array_append (one, (const guint8 *) chunks[i].json, strlen (chunks[i].json));
      write_seed ("payload", chunks[i].name, one->data, one->len);
      g_byte_array_append (all, one->data, one->len);
      g_byte_array_append (all, &nul, 1);
    }
  write_seed ("payload", "all-types-in-one", all->data, all->len);
  g_byte_array_unref (all);
}

/* fuzz-json: the payloads above as they are, and texts only json-glib reads */
static void
json_seeds (void)
{
  static const struct { const char *name; const char *json; } odd[] = {
    { "odd-escapes", "{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Caf\\u00e9 \\ud83d\\ude00\\/\\x\"}" },
    { "odd-numbers", "{\"type\":\"event\",\"capacity\":1.5,\"expiry\":1e3,\"n\":12345678901234567890,\"z\":-0,\"h\":0x10}" },
    { "odd-19-digits", "{\"a\":[9223744073709551614,-9999999999999999999,999999999999999999]}" },
    { "odd-twice", "{\"type\":\"post\",\"title\":\"a\",\"title\":\"b\",\"kind\":\"offer\"}" },
    { "odd-space", " {\"type\" :\r\n\"status\", \"post\":\"@e7@\"}\t" },
    { "odd-deep", "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}" },
    { "odd-after", "{\"type\":\"delete\"}{\"type\":\"delete\"}" },
    { "odd-control", "{\"type\":\"reply\",\"text\":\"\t\x1f\x7f\",\"post\":\"@e7@\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    write_seed ("json", chunks[i].name, chunks[i].json, strlen (chunks[i].json));
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    write_seed ("json", odd[i].name, odd[i].json, strlen (odd[i].json));
}

static void
invite_seeds (void)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autofree char *v1 = bn_hood_make_invite (world->hood);
  g_autoptr(BnInviteCode) code = bn_invite_code_new_from_data (BN_FUZZ_INVITE_DATA);
  g_autofree char *v2 = bn_invite_code_format (code);
  g_autofree char *v2_typed = g_ascii_strdown (v2, -1);
  g_autofree char *peer = bn_identity_get_peer_id (world->authors[1]);
  g_autofree char *id = g_strdup (g_ptr_array_index (world->baseline_ids, 3));
  g_autoptr(BnJoinRequest) request = bn_join_request_new (code, world->authors[2]->public_key,
                                                          "Zoë", NULL);
  g_autoptr(GBytes) encoded = bn_join_request_encode (request);

  g_strdelimit (v2_typed, "-", ' ');
  write_text ("invite", "v1", v1);
  write_text ("invite", "v2", v2);
  write_text ("invite", "v2-typed", v2_typed);
  write_text ("invite", "peer-id", peer);
  write_text ("invite", "entry-id", id);
  write_seed ("invite", "join-request", g_bytes_get_data (encoded, NULL),
              g_bytes_get_size (encoded));
}

static void
wire_seed (const char *name, guint8 kind, const void *data, gsize len)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_byte_array_append (out, &kind, 1);
  g_byte_array_append (out, data, len);
  write_seed ("wire", name, out->data, out->len);
}

static void
wire_seeds (void)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autoptr(GArray) heads = g_array_new (FALSE, TRUE, sizeof (BnHead));
  g_autoptr(GBytes) heads_bytes = NULL;
  g_autoptr(GBytes) wants_bytes = NULL;
  g_autofree char *time = g_strdup_printf ("%" G_GINT64_FORMAT, BN_FUZZ_EPOCH_MS + 5000);

  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    {
      BnHead head = { 0 };

      memcpy (head.author, world->authors[a]->public_key, BN_PUBLIC_KEY_LEN);
      head.seq = bn_fuzz_baseline_head (a, head.id);
      g_array_append_val (heads, head);
    }
  heads_bytes = bn_wire_encode_heads (heads);
  wants_bytes = bn_wire_encode_wants (heads, 256 * 1024);
  wire_seed ("heads", 0, g_bytes_get_data (heads_bytes, NULL), g_bytes_get_size (heads_bytes));
  wire_seed ("wants", 1, g_bytes_get_data (wants_bytes, NULL), g_bytes_get_size (wants_bytes));
  wire_seed ("nonce", 2, "000102030405060708090a0b0c0d0e0f1011121314151617", 48);
  wire_seed ("time", 2, time, strlen (time));
  wire_seed ("address", 2, "192.168.1.20:7447", 17);
  wire_seed ("address-v6", 2, "[fe80::1%eth0]:7447", 19);
  wire_seed ("link", 3, "\0\0\0\0\0\0\0\0\x04", 9);
  wire_seed ("signature", 2, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
                             "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 128);
  {
    g_autofree char *peer = bn_identity_get_peer_id (world->authors[2]);
    wire_seed ("peer-id", 2, peer, strlen (peer));
  }
  wire_seed ("body", 4, "{\"sealed\": false}", 17);
}

static void
sketch_seed (const char *name, guint8 kind, const void *data, gsize len)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_byte_array_append (out, &kind, 1);
  g_byte_array_append (out, data, len);
  write_seed ("sketch", name, out->data, out->len);
}

/* fuzz-sketch: requests of the client's heads (the server's as fuzz-sketch
 * makes them, the same or one log further on), and answers. */
static void
sketch_seeds (void)
{
  const BnFuzzWorld *world = bn_fuzz_world ();
  g_autoptr(GArray) heads = g_array_new (FALSE, TRUE, sizeof (BnHead));
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GBytes) table = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GByteArray) answer = NULL;
  static const guint8 too_different = BN_SKETCH_TOO_DIFFERENT;
  guint8 flags = 0;
  BnPairKeys keys;

  if (!bn_wire_pair_keys (&keys, world->authors[1], world->authors[BN_FUZZ_ME]->public_key, TRUE))
    g_error ("no pair keys");
  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    {
      BnHead head = { 0 };

      memcpy (head.author, world->authors[a]->public_key, BN_PUBLIC_KEY_LEN);
      head.seq = a + 1;
      memset (head.id, a, sizeof head.id);
      g_array_append_val (heads, head);
    }
  elements = bn_sketch_elements (&keys, heads);
  table = bn_sketch_table (elements, 12);
  body = bn_wire_encode_sketch_request (256 * 1024, heads->len, table);
  sketch_seed ("request-same", 0, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_array_index (heads, BnHead, 2).seq++;
  g_clear_pointer (&elements, g_array_unref);
  g_clear_pointer (&table, g_bytes_unref);
  g_clear_pointer (&body, g_bytes_unref);
  elements = bn_sketch_elements (&keys, heads);
  table = bn_sketch_table (elements, 12);
  body = bn_wire_encode_sketch_request (0, heads->len, table);
  sketch_seed ("request-one-ahead", 0, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_array_set_size (heads, 1);
  g_array_set_size (elements, 1);
  answer = bn_wire_encode_sketch_answer (heads, elements);
  g_byte_array_append (answer, &flags, 1);
  sketch_seed ("answer", 1, answer->data, answer->len);
  sketch_seed ("answer-too-different", 1, &too_different, 1);
  sodium_memzero (&keys, sizeof keys);
}

/* fuzz-link: length u16 (top bit: raw) | type | data */
static void
add_link_message (GByteArray *out, guint8 type, const void *data, gsize len)
{
  guint8 head[3] = { (guint8) ((len + 1) >> 8), (guint8) ((len + 1) & 0xff), type };

  g_byte_array_append (out, head, sizeof head);
  if (len > 0)
    g_byte_array_append (out, data, len);
}

static void
link_seeds (void)
{
  g_autoptr(GPtrArray) more = continuations ();
  g_autoptr(GByteArray) frames = frames_of (more);
  guint8 hello[2] = { 0x1d, 0x17 };   /* listening on 7447 */
  const char *peers = "192.168.1.21:7447\n[fe80::2]:7447\nnot an address\n10.0.0.3:80";
  g_autoptr(GByteArray) greeted = g_byte_array_new ();
  g_autoptr(GByteArray) everything = g_byte_array_new ();
  g_autoptr(GByteArray) ungreeted = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();

  add_link_message (greeted, BN_LINK_MSG_HELLO, hello, sizeof hello);
  write_seed ("link", "hello", greeted->data, greeted->len);

  g_byte_array_append (everything, greeted->data, greeted->len);
  add_link_message (everything, BN_LINK_MSG_ENTRIES, frames->data, frames->len);
  add_link_message (everything, BN_LINK_MSG_SYNC, NULL, 0);
  add_link_message (everything, BN_LINK_MSG_PING, NULL, 0);
  add_link_message (everything, BN_LINK_MSG_PEERS, peers, strlen (peers));
  add_link_message (everything, BN_LINK_MSG_SYNCED, NULL, 0);
  add_link_message (everything, 42, "?", 1);
  write_seed ("link", "every-type", everything->data, everything->len);

  add_link_message (ungreeted, BN_LINK_MSG_ENTRIES, frames->data, frames->len);
  write_seed ("link", "entries-before-hello", ungreeted->data, ungreeted->len);

  g_byte_array_append (raw, greeted->data, greeted->len);
  g_byte_array_append (raw, (const guint8 *) "\x80\x0c" "garbage!1234", 14);
  write_seed ("link", "raw-after-hello", raw->data, raw->len);
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      g_printerr ("usage: make-seeds DIR\n");
      return 2;
    }
  out_dir = argv[1];
  bn_fuzz_world ();
  entry_seeds ();
  run_seeds ();
  payload_seeds ();
  json_seeds ();
  invite_seeds ();
  wire_seeds ();
  sketch_seeds ();
  link_seeds ();
  return 0;
}
