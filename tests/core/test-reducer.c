/* test-reducer.c — the same entries give the same state, whatever order they
 * arrive in; only an item's author changes it; unknown types are kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)
#define N_INTERLEAVINGS 24

enum { ALICE, BOB, CAROL, DAVE, EVE, N_AUTHORS };

/* A realistic afternoon in one neighbourhood, built by hand. */
typedef struct
{
  BnHood    *hood;
  BnTestLog *logs[N_AUTHORS];
  GPtrArray *entries[N_AUTHORS];   /* each author's log, in seq order */
  BnEntry   *p1, *p2, *p3, *p4, *p5, *p6;
  BnEntry   *r1, *r2, *carol_reply, *future, *bad_post;
} History;

typedef struct
{
  char    *dir;
  History  h;
} ReducerFixture;

static BnEntry *
add (History *h, guint author, GPtrArray *recipients, const char *format, ...) G_GNUC_PRINTF (4, 5);

static BnEntry *
add (History *h, guint author, GPtrArray *recipients, const char *format, ...)
{
  va_list args;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) object = NULL;
  BnEntry *entry;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  object = bn_test_json (json);
  entry = bn_test_log_append (h->logs[author], object, recipients);
  g_ptr_array_add (h->entries[author], entry);
  return entry;
}

static GPtrArray *
keys (History *h, guint a, guint b)
{
  GPtrArray *recipients = g_ptr_array_new ();

  g_ptr_array_add (recipients, bn_test_log_key (h->logs[a]));
  g_ptr_array_add (recipients, bn_test_log_key (h->logs[b]));
  return recipients;
}

static char *
hex (const BnEntry *entry)
{
  return bn_entry_dup_id_hex (entry);
}

static void
build_history (History *h)
{
  g_autoptr(GPtrArray) alice_bob = NULL;
  g_autoptr(GPtrArray) bob_carol = NULL;
  g_autoptr(GPtrArray) dave_alice = NULL;
  g_autoptr(GPtrArray) dave_bob = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p5 = NULL, *r1 = NULL, *r2 = NULL;
  g_autofree char *bob_id = NULL;

  h->hood = bn_hood_new_random ("Rabot", NULL);
  for (guint i = 0; i < N_AUTHORS; i++)
    {
      /* Clocks interleave across authors, so arrival order and time order differ. */
      h->logs[i] = bn_test_log_new (h->hood, T0 + 137 * i);
      h->entries[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
    }
  alice_bob = keys (h, ALICE, BOB);
  bob_carol = keys (h, BOB, CAROL);
  dave_alice = keys (h, DAVE, ALICE);
  dave_bob = keys (h, DAVE, BOB);
  bob_id = bn_peer_id_from_key (bn_test_log_key (h->logs[BOB]));

  add (h, ALICE, NULL, "{\"type\":\"profile\",\"name\":\"Alice\",\"talents\":[\"garden\"],"
       "\"place\":{\"street\":\"Kerkstraat\",\"number\":\"5\"}}");
  h->p1 = add (h, ALICE, NULL, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"errands\","
               "\"title\":\"Groceries on Friday\",\"body\":\"Milk and bread\",\"urgency\":\"soon\","
               "\"visibility\":\"neighbourhood\"}");
  p1 = hex (h->p1);
  add (h, ALICE, NULL, "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"title\":\"Groceries on Saturday\","
       "\"urgency\":\"urgent\"}}", p1);
  h->p3 = add (h, ALICE, NULL, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"lending\","
               "\"title\":\"Ladder\"}");
  p3 = hex (h->p3);
  add (h, ALICE, NULL, "{\"type\":\"profile\",\"name\":\"Alice B.\",\"about\":\"Retired teacher\","
       "\"talents\":[\"garden\",\"language\"],\"place\":{\"street\":\"Kerkstraat\",\"number\":\"5\"}}");

  add (h, BOB, NULL, "{\"type\":\"profile\",\"name\":\"Bob\",\"place\":{\"street\":\"Kerkstraat\","
       "\"number\":\"9\"}}");
  h->r1 = add (h, BOB, alice_bob, "{\"type\":\"reply\",\"post\":\"%s\",\"text\":\"I can go Saturday\"}", p1);
  h->r2 = add (h, BOB, alice_bob, "{\"type\":\"reply\",\"post\":\"%s\",\"text\":\"Or Sunday\"}", p1);
  r1 = hex (h->r1);
  r2 = hex (h->r2);
  add (h, BOB, NULL, "{\"type\":\"delete\",\"target\":\"%s\"}", r2);
  h->p2 = add (h, BOB, NULL, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"repairs\","
               "\"title\":\"Fix bikes\"}");
  p2 = hex (h->p2);
  add (h, BOB, NULL, "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"body\":\"Saturdays only\"}}", p2);

  /* Alice accepts and closes in the same millisecond: her log's order decides. */
  h->logs[ALICE]->step_ms = 0;
  add (h, ALICE, NULL, "{\"type\":\"accept\",\"post\":\"%s\",\"reply\":\"%s\",\"helper\":\"%s\"}",
       p1, r1, bob_id);
  add (h, ALICE, NULL, "{\"type\":\"status\",\"post\":\"%s\",\"status\":\"done\"}", p1);
  h->logs[ALICE]->step_ms = 1000;
  add (h, ALICE, NULL, "{\"type\":\"thanks\",\"post\":\"%s\",\"text\":\"Thank you Bob!\"}", p1);
  add (h, ALICE, NULL, "{\"type\":\"delete\",\"target\":\"%s\"}", p3);
  add (h, ALICE, NULL, "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"title\":\"Ladder (gone)\"}}", p3);

  /* Carol tries to change what is not hers: kept, never applied. */
  add (h, CAROL, NULL, "{\"type\":\"profile\",\"name\":\"Carol\",\"connector\":true}");
  add (h, CAROL, NULL, "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"title\":\"HACKED\",\"body\":\"x\"}}", p1);
  add (h, CAROL, NULL, "{\"type\":\"status\",\"post\":\"%s\",\"status\":\"withdrawn\"}", p1);
  add (h, CAROL, NULL, "{\"type\":\"accept\",\"post\":\"%s\",\"reply\":\"%s\"}", p2, r1);
  add (h, CAROL, NULL, "{\"type\":\"delete\",\"target\":\"%s\"}", p2);
  h->carol_reply = add (h, CAROL, bob_carol,
                        "{\"type\":\"reply\",\"post\":\"%s\",\"text\":\"Can you fix a puncture?\"}", p2);
  add (h, CAROL, NULL, "{\"type\":\"thanks\",\"post\":\"%s\",\"text\":\"Bob fixed my bike\"}", p2);

  add (h, DAVE, NULL, "{\"type\":\"profile\",\"name\":\"Dave\",\"languages\":[\"nl\",\"fr\"]}");
  h->future = add (h, DAVE, NULL, "{\"type\":\"future-thing\",\"x\":1,\"nested\":{\"y\":[1,2]}}");
  h->p5 = add (h, DAVE, dave_alice, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"company\","
               "\"title\":\"Walk on Sunday\",\"visibility\":\"people\"}");
  p5 = hex (h->p5);
  h->p6 = add (h, DAVE, dave_bob, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"listening\","
               "\"title\":\"Need to talk\",\"visibility\":\"people\"}");
  add (h, DAVE, dave_alice, "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"body\":\"Around the park\"}}", p5);

  /* Eve starts with a profile whose name is no text, then updates it twice in
   * one millisecond. */
  add (h, EVE, NULL, "{\"type\":\"profile\",\"name\":42,\"about\":[\"x\"]}");
  h->logs[EVE]->step_ms = 0;
  add (h, EVE, NULL, "{\"type\":\"profile\",\"name\":\"Eve (old)\"}");
  add (h, EVE, NULL, "{\"type\":\"profile\",\"name\":\"Eve\"}");
  h->logs[EVE]->step_ms = 1000;
  h->p4 = add (h, EVE, NULL, "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"transport\","
               "\"title\":\"Lift to the station\",\"when\":\"2026-12-01\"}");
  h->bad_post = add (h, EVE, NULL, "{\"type\":\"post\",\"kind\":\"request\"}");
}

static void
free_history (History *h)
{
  for (guint i = 0; i < N_AUTHORS; i++)
    {
      g_clear_pointer (&h->entries[i], g_ptr_array_unref);
      g_clear_pointer (&h->logs[i], bn_test_log_free);
    }
  g_clear_pointer (&h->hood, bn_hood_free);
}

static guint
history_size (History *h)
{
  guint n = 0;
  for (guint i = 0; i < N_AUTHORS; i++)
    n += h->entries[i]->len;
  return n;
}

static void
fixture_setup (ReducerFixture *f,
               gconstpointer   data)
{
  f->dir = bn_test_make_tmpdir ();
  build_history (&f->h);
}

static void
fixture_teardown (ReducerFixture *f,
                  gconstpointer   data)
{
  free_history (&f->h);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* The observer is Alice in every store, so sealed bodies read the same. */
static BnStore *
new_store (ReducerFixture *f, const char *name)
{
  return bn_test_store_new (f->dir, name, f->h.hood, f->h.logs[ALICE]->identity);
}

static void
insert_all (BnStore *store, GPtrArray *batch)
{
  BnInsertResult result = { 0 };

  bn_test_insert (store, batch, &result);
  g_assert_cmpuint (result.refused, ==, 0);
  g_assert_cmpuint (result.known, ==, 0);
  bn_insert_result_clear (&result);
}

static void
dump_strv (GString *out, const char *label, GStrv values)
{
  g_autofree char *joined = g_strjoinv (",", values);
  g_string_append_printf (out, " %s=[%s]", label, joined);
}

static void
dump_notes (GString *out, const char *label, GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    {
      BnNote *n = g_ptr_array_index (notes, i);
      g_string_append_printf (out, "  %s %s by %s (%s) at %" G_GINT64_FORMAT " accepted=%d: %s\n",
                              label, n->id, n->author, n->author_name, n->created_ms,
                              n->accepted, n->text);
    }
}

/* Everything @me can see, as text, in an order that depends on the data only;
 * replies and thanks of each of @all_posts, listed or not. */
static char *
dump_store (BnStore *store, const guint8 *me, BnEntry **all_posts, guint n_posts)
{
  g_autoptr(GPtrArray) profiles = bn_store_list_profiles (store, me);
  g_autoptr(GPtrArray) posts = bn_store_list_posts (store, me, NULL, NULL);
  g_autoptr(GPtrArray) connectors = bn_store_list_connectors (store);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "entries %" G_GUINT64_FORMAT "\n", bn_store_count_entries (store));
  for (guint i = 0; i < profiles->len; i++)
    {
      BnProfile *p = g_ptr_array_index (profiles, i);
      g_string_append_printf (out, "profile %s %s name=%s about=%s street=%s number=%s "
                              "building=%s floor=%s connector=%d proximity=%s",
                              p->peer_id, p->fingerprint, p->name, p->about, p->street, p->number,
                              p->building, p->floor, p->connector,
                              bn_proximity_to_string (p->proximity));
      dump_strv (out, "talents", p->talents);
      dump_strv (out, "needs", p->needs);
      dump_strv (out, "languages", p->languages);
      g_string_append_printf (out, " updated=%" G_GINT64_FORMAT "\n", p->updated_ms);
    }
  g_string_append_printf (out, "connectors %u\n", connectors->len);
  for (guint i = 0; i < posts->len; i++)
    {
      BnPost *p = g_ptr_array_index (posts, i);
      g_string_append_printf (out, "post %s by %s (%s) %s/%s \"%s\" body=%s when=%s urgency=%s "
                              "visibility=%s for=%s expiry=%" G_GINT64_FORMAT " status=%s "
                              "accepted=%s helper=%s (%s) created=%" G_GINT64_FORMAT
                              " updated=%" G_GINT64_FORMAT " replies=%u thanks=%u proximity=%s\n",
                              p->id, p->author, p->author_name, p->kind, p->category, p->title,
                              p->body, p->when, p->urgency, p->visibility, p->on_behalf_of,
                              p->expiry_ms, p->status, p->accepted_reply, p->helper,
                              p->helper_name, p->created_ms, p->updated_ms, p->n_replies,
                              p->n_thanks, bn_proximity_to_string (p->proximity));
    }
  for (guint i = 0; i < n_posts; i++)
    {
      g_autoptr(GPtrArray) replies = bn_store_list_replies (store, all_posts[i]->id);
      g_autoptr(GPtrArray) thanks = bn_store_list_thanks (store, all_posts[i]->id);
      g_string_append_printf (out, "notes on post %u\n", i + 1);
      dump_notes (out, "reply", replies);
      dump_notes (out, "thanks", thanks);
    }
  return g_string_free (out, FALSE);
}

static char *
dump_state (ReducerFixture *f, BnStore *store)
{
  BnEntry *all_posts[] = { f->h.p1, f->h.p2, f->h.p3, f->h.p4, f->h.p5, f->h.p6, f->h.bad_post };

  return dump_store (store, bn_test_log_key (f->h.logs[ALICE]), all_posts, G_N_ELEMENTS (all_posts));
}

static void
shuffle (GRand *rand, GPtrArray *array)
{
  for (guint i = array->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      gpointer t = array->pdata[i - 1];
      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = t;
    }
}

/* Delivers the history in batches the way syncing with several peers would: each
 * batch is a few consecutive entries of one author, authors interleaved at
 * random, and sometimes a batch mixes several authors. */
static void
insert_interleaved (ReducerFixture *f, BnStore *store, GRand *rand)
{
  guint next[N_AUTHORS] = { 0 };
  guint left = history_size (&f->h);

  while (left > 0)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      guint authors = (guint) g_rand_int_range (rand, 1, 3);

      for (guint k = 0; k < authors && left > 0; k++)
        {
          guint a, take;

          do
            a = (guint) g_rand_int_range (rand, 0, N_AUTHORS);
          while (next[a] == f->h.entries[a]->len);
          take = (guint) g_rand_int_range (rand, 1, 4);
          for (guint t = 0; t < take && next[a] < f->h.entries[a]->len; t++, left--)
            g_ptr_array_add (batch, bn_entry_ref (g_ptr_array_index (f->h.entries[a], next[a]++)));
        }
      shuffle (rand, batch);
      insert_all (store, batch);
    }
}

static GPtrArray *
whole_history (ReducerFixture *f, gboolean reversed)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);

  for (guint i = 0; i < N_AUTHORS; i++)
    {
      guint a = reversed ? N_AUTHORS - 1 - i : i;
      for (guint j = 0; j < f->h.entries[a]->len; j++)
        g_ptr_array_add (all, bn_entry_ref (g_ptr_array_index (f->h.entries[a], j)));
    }
  return all;
}

static BnPost *
get_post (BnStore *store, const BnEntry *entry)
{
  return bn_store_get_post (store, NULL, entry->id);
}

/* What the history must come to, whatever the order. */
static void
assert_expected_state (ReducerFixture *f, BnStore *store)
{
  History *h = &f->h;
  g_autoptr(BnPost) p1 = get_post (store, h->p1);
  g_autoptr(BnPost) p2 = get_post (store, h->p2);
  g_autoptr(BnPost) p3 = get_post (store, h->p3);
  g_autoptr(BnPost) p4 = get_post (store, h->p4);
  g_autoptr(BnPost) p5 = get_post (store, h->p5);
  g_autoptr(BnPost) p6 = get_post (store, h->p6);
  g_autoptr(GPtrArray) posts = bn_store_list_posts (store, NULL, NULL, NULL);
  g_autoptr(GPtrArray) replies = bn_store_list_replies (store, h->p1->id);
  g_autoptr(BnProfile) alice = bn_store_get_profile (store, bn_test_log_key (h->logs[ALICE]));
  g_autoptr(BnProfile) eve = bn_store_get_profile (store, bn_test_log_key (h->logs[EVE]));
  g_autofree char *r1 = hex (h->r1);
  g_autofree char *bob_id = bn_peer_id_from_key (bn_test_log_key (h->logs[BOB]));

  /* Alice's edits, accept and final status apply; Carol's attempts do not. */
  g_assert_nonnull (p1);
  g_assert_cmpstr (p1->title, ==, "Groceries on Saturday");
  g_assert_cmpstr (p1->body, ==, "Milk and bread");
  g_assert_cmpstr (p1->urgency, ==, "urgent");
  g_assert_cmpstr (p1->status, ==, "done");
  g_assert_cmpstr (p1->accepted_reply, ==, r1);
  g_assert_cmpstr (p1->helper, ==, bob_id);
  g_assert_cmpstr (p1->helper_name, ==, "Bob");
  g_assert_cmpstr (p1->author_name, ==, "Alice B.");
  g_assert_cmpuint (p1->n_replies, ==, 1);
  g_assert_cmpuint (p1->n_thanks, ==, 1);
  g_assert_cmpuint (replies->len, ==, 1);
  g_assert_cmpstr (((BnNote *) g_ptr_array_index (replies, 0))->text, ==, "I can go Saturday");
  g_assert_true (((BnNote *) g_ptr_array_index (replies, 0))->accepted);

  /* Bob's own post: his edit applies, Carol's accept and delete do not. */
  g_assert_nonnull (p2);
  g_assert_cmpstr (p2->body, ==, "Saturdays only");
  g_assert_cmpstr (p2->status, ==, "open");
  g_assert_null (p2->accepted_reply);
  g_assert_cmpuint (p2->n_thanks, ==, 1);
  g_assert_cmpuint (p2->n_replies, ==, 0);   /* Carol's reply is sealed to Bob */

  g_assert_null (p3);                        /* deleted by Alice */
  g_assert_nonnull (p4);
  g_assert_cmpstr (p4->when, ==, "2026-12-01");
  g_assert_nonnull (p5);                     /* sealed to Alice: readable */
  g_assert_cmpstr (p5->body, ==, "Around the park");
  g_assert_null (p6);                        /* sealed to Bob: not for Alice */
  g_assert_cmpuint (posts->len, ==, 4);

  g_assert_cmpstr (alice->name, ==, "Alice B.");
  g_assert_cmpstr (alice->about, ==, "Retired teacher");
  g_assert_cmpstr (eve->name, ==, "Eve");    /* the later of two in one millisecond */

  /* The unknown type is stored with its payload, and the log went on after it. */
  {
    g_autoptr(BnEntry) future = bn_store_get_entry (store, h->future->id);
    BnHead head;
    g_assert_nonnull (future);
    g_assert_nonnull (future->payload);
    g_assert_true (bn_store_get_head (store, bn_test_log_key (h->logs[DAVE]), &head));
    g_assert_cmpuint (head.seq, ==, h->entries[DAVE]->len);
  }
  g_assert_cmpuint (bn_store_count_entries (store), ==, history_size (h));
  bn_test_assert_verifies (store);
}

static void
test_order_independence (ReducerFixture *f,
                         gconstpointer   data)
{
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(BnStore) reference = new_store (f, "reference.db");
  g_autoptr(GPtrArray) all = whole_history (f, FALSE);
  g_autofree char *expected = NULL;

  g_test_message ("interleaving seed: %u (rerun with --seed to repeat a failure)", seed);

  /* Everything in one batch, in log order. */
  {
    BnInsertResult result = { 0 };
    bn_test_insert (reference, all, &result);
    g_assert_cmpuint (result.added, ==, history_size (&f->h));
    bn_insert_result_clear (&result);
  }
  assert_expected_state (f, reference);
  expected = dump_state (f, reference);
  g_test_message ("reference state:\n%s", expected);

  /* The same again changes nothing. */
  {
    BnInsertResult result = { 0 };
    bn_test_insert (reference, all, &result);
    g_assert_cmpuint (result.known, ==, history_size (&f->h));
    bn_insert_result_clear (&result);
    g_autofree char *again = dump_state (f, reference);
    g_assert_cmpstr (again, ==, expected);
  }

  /* Authors in reverse order, one batch per author. */
  {
    g_autoptr(BnStore) store = new_store (f, "reversed.db");
    g_autofree char *state = NULL;
    for (guint a = N_AUTHORS; a > 0; a--)
      insert_all (store, f->h.entries[a - 1]);
    state = dump_state (f, store);
    g_assert_cmpstr (state, ==, expected);
  }

  /* Entry by entry, authors interleaved at random. */
  for (guint i = 0; i < N_INTERLEAVINGS; i++)
    {
      g_autofree char *name = g_strdup_printf ("shuffled-%u.db", i);
      g_autoptr(BnStore) store = new_store (f, name);
      g_autofree char *state = NULL;

      insert_interleaved (f, store, rand);
      state = dump_state (f, store);
      if (g_strcmp0 (state, expected) != 0)
        g_test_message ("interleaving %u differs:\n%s", i, state);
      g_assert_cmpstr (state, ==, expected);
      if (i == 0)
        assert_expected_state (f, store);
    }

  /* Dropped and folded again from the raw entries. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *state = NULL;

    g_assert_true (bn_store_rebuild (reference, &error));
    g_assert_no_error (error);
    state = dump_state (f, reference);
    g_assert_cmpstr (state, ==, expected);
  }
}

/* A post that an edit refers to arrives after the edit (the edit's author is
 * the post's author: a peer can hold a later part of one log only after the
 * earlier part, so this happens across two stores that both relay). */
static void
test_events_before_post (ReducerFixture *f,
                         gconstpointer   data)
{
  g_autoptr(BnStore) store = new_store (f, "events-first.db");
  g_autoptr(GPtrArray) carol_then_rest = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(BnPost) p1 = NULL;

  /* Carol's edit and status of P1 arrive before Alice's log, and must still
   * not apply once P1 is there. */
  insert_all (store, f->h.entries[CAROL]);
  p1 = get_post (store, f->h.p1);
  g_assert_null (p1);
  for (guint a = 0; a < N_AUTHORS; a++)
    if (a != CAROL)
      insert_all (store, f->h.entries[a]);
  assert_expected_state (f, store);
}

static void
test_unknown_type_not_fatal (ReducerFixture *f,
                             gconstpointer   data)
{
  g_autoptr(BnStore) store = new_store (f, "future.db");
  g_autoptr(BnTestLog) log = bn_test_log_new (f->h.hood, T0);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  const char *odd[] = {
    "{\"type\":\"future-thing\",\"data\":[1,2,3]}",
    "{\"type\":\"event\",\"title\":\"Street party\"}",
    "{\"no-type\":true}",
    "{\"type\":17}",
    "{\"type\":\"post\",\"kind\":\"sell\",\"title\":\"Bike\"}",
    "{\"type\":\"edit\",\"post\":\"not-an-id\"}",
    "{\"type\":\"reply\",\"post\":\"0000\",\"text\":\"x\"}",
    "{\"type\":\"delete\",\"target\":42}",
    "{\"type\":\"profile\",\"name\":[\"x\"],\"place\":\"nowhere\",\"talents\":\"garden\"}",
    "{\"type\":\"post\",\"kind\":\"offer\",\"title\":\"Soup\",\"category\":\"weapons\","
    "\"urgency\":\"yesterday\",\"visibility\":\"everyone\",\"expiry\":\"soon\"}",
  };
  BnInsertResult result = { 0 };
  g_autoptr(GPtrArray) posts = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    g_ptr_array_add (batch, bn_test_log_append_json (log, odd[i]));
  g_ptr_array_add (batch, bn_test_log_append_json (log, "{\"type\":\"profile\",\"name\":\"Still here\"}"));

  bn_test_insert (store, batch, &result);
  g_assert_cmpuint (result.added, ==, batch->len);
  g_assert_cmpuint (result.refused, ==, 0);
  bn_insert_result_clear (&result);
  for (guint i = 0; i < batch->len; i++)
    {
      g_autoptr(BnEntry) stored = bn_store_get_entry (store, ((BnEntry *) g_ptr_array_index (batch, i))->id);
      g_assert_nonnull (stored);
      g_assert_nonnull (stored->payload);
    }

  /* What could be understood was, with safe defaults for the rest. */
  posts = bn_store_list_posts (store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Soup");
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->category, ==, "other");
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->urgency, ==, "flexible");
  g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->visibility, ==, "neighbourhood");
  {
    g_autoptr(BnProfile) profile = bn_store_get_profile (store, bn_test_log_key (log));
    g_assert_cmpstr (profile->name, ==, "Still here");
  }
  bn_test_assert_verifies (store);
}

static void
assert_utf8 (const char *what, const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    g_error ("%s is not valid UTF-8 (%zu bytes)", what, strlen (text));
}

static BnEntry *
append_text (BnTestLog *log, const char *text)
{
  return bn_test_log_append_text (log, text, strlen (text));
}

/* Whatever a neighbour's client puts in a payload, what the store hands out is
 * valid UTF-8 (front ends show it as it is, and GLib's UTF-8 functions read past
 * the end of a cut character) and cut at the length limit on a character
 * boundary. JSON's \u escapes can spell lone surrogates, which json-glib 1.6
 * would turn into bytes that are not UTF-8: such a text is not a payload
 * (docs/protocol.md §5), so its entry is stored and never folded. */
static void
test_hostile_text (ReducerFixture *f,
                   gconstpointer   data)
{
  g_autoptr(BnStore) store = new_store (f, "hostile.db");
  g_autoptr(BnTestLog) ann = bn_test_log_new (f->h.hood, T0);
  g_autoptr(BnTestLog) ben = bn_test_log_new (f->h.hood, T0);
  g_autoptr(BnTestLog) cas = bn_test_log_new (f->h.hood, T0);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *post_id = NULL;
  BnEntry *post;
  BnInsertResult result = { 0 };

  /* 3,999 ASCII bytes, then two-byte characters: a cut at 4,000 bytes lands
   * inside the first "é". */
  g_string_append (text, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\",\"title\":\"");
  for (guint i = 0; i < 3999; i++)
    g_string_append_c (text, 'a');
  for (guint i = 0; i < 20; i++)
    g_string_append (text, "\xc3\xa9");
  g_string_append (text, "\",\"body\":\"Soup\",\"on_behalf_of\":17}");
  post = append_text (ann, text->str);
  g_ptr_array_add (batch, post);
  post_id = bn_entry_dup_id_hex (post);
  g_ptr_array_add (batch, append_text (ann, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\","
                                            "\"title\":\"Two\",\"body\":\"x\\ud800y\",\"on_behalf_of\":\"\\udfff!\"}"));

  g_string_assign (text, "{\"type\":\"edit\",\"post\":\"");
  g_string_append_printf (text, "%s\",\"set\":{\"title\":\"\\ud800!\",\"body\":\"Soup\"}}", post_id);
  g_ptr_array_add (batch, append_text (ann, text->str));

  g_string_assign (text, "{\"type\":\"profile\",\"name\":\"Ben\",\"about\":\"Hi\","
                   "\"talents\":[\"garden\",7],\"place\":{\"street\":\"");
  for (guint i = 0; i < 3996; i++)
    g_string_append_c (text, 'b');
  for (guint i = 0; i < 10; i++)
    g_string_append (text, "\xe2\x82\xac");   /* "€", three bytes */
  g_string_append (text, "\"}}");
  g_ptr_array_add (batch, append_text (ben, text->str));
  /* Ben's next profile has lone surrogates: not folded, so the one before stays. */
  g_ptr_array_add (batch, append_text (ben, "{\"type\":\"profile\",\"name\":\"Benny\",\"about\":\"\\udc00?\","
                                            "\"talents\":[\"garden\",\"\\ud800x\"]}"));

  g_ptr_array_add (batch, append_text (cas, "{\"type\":\"profile\",\"name\":\"\\ud83d.\"}"));
  /* Raw bytes that are not UTF-8, and no JSON at all: stored, folded into nothing. */
  g_ptr_array_add (batch, append_text (cas, "{\"type\":\"profile\",\"name\":\"\xff\xfe\"}"));
  g_ptr_array_add (batch, append_text (cas, "not json"));
  g_ptr_array_add (batch, append_text (cas, "[1,2,3]"));
  g_ptr_array_add (batch, append_text (cas, "{\"type\":\"profile\",\"name\":\"Cas\"}"));

  bn_test_insert (store, batch, &result);
  g_assert_cmpuint (result.added, ==, batch->len);
  bn_insert_result_clear (&result);
  bn_test_assert_verifies (store);

  posts = bn_store_list_posts (store, bn_test_log_key (ben), NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  {
    BnPost *p = g_ptr_array_index (posts, 0);
    assert_utf8 ("title", p->title);
    assert_utf8 ("body", p->body);
    assert_utf8 ("on_behalf_of", p->on_behalf_of);
    g_assert_true (g_str_has_prefix (p->title, "aaaa"));
    g_assert_cmpuint (strlen (p->title), >=, 3999);
    g_assert_cmpuint (strlen (p->title), <=, 4000);
    /* A member of the wrong type is absent; the post and the edit with lone
     * surrogates are not folded at all. */
    g_assert_cmpstr (p->body, ==, "Soup");
    g_assert_null (p->on_behalf_of);
  }
  profiles = bn_store_list_profiles (store, bn_test_log_key (ann));
  g_assert_cmpuint (profiles->len, ==, 2);
  for (guint i = 0; i < profiles->len; i++)
    {
      BnProfile *p = g_ptr_array_index (profiles, i);
      assert_utf8 ("name", p->name);
      assert_utf8 ("about", p->about);
      assert_utf8 ("street", p->street);
      for (guint j = 0; p->talents[j] != NULL; j++)
        assert_utf8 ("talent", p->talents[j]);
      if (p->street != NULL)
        {
          g_assert_cmpuint (strlen (p->street), <=, 4000);
          g_assert_true (g_str_has_suffix (p->street, "\xe2\x82\xac"));
        }
    }
  {
    g_autoptr(BnProfile) cas_profile = bn_store_get_profile (store, bn_test_log_key (cas));
    g_autoptr(BnProfile) ben_profile = bn_store_get_profile (store, bn_test_log_key (ben));
    g_assert_cmpstr (cas_profile->name, ==, "Cas");
    g_assert_cmpstr (ben_profile->name, ==, "Ben");
    g_assert_cmpstr (ben_profile->about, ==, "Hi");
    g_assert_cmpstr (ben_profile->talents[0], ==, "garden");
    g_assert_null (ben_profile->talents[1]);
  }
}

/* docs/protocol.md §5.2: what RFC 8259 allows is folded as it says (escapes,
 * doubles where an integer is expected counting as absent); what it or §5.2
 * refuses is stored and synced onward like any entry, and never folded, on
 * this peer or the next. Before, json-glib folded the three posts (the one
 * named twice with its last title, the wrapped-around expiry as a negative
 * one, that is absent, and \x41 as "x41"). */
static void
test_strict_json (ReducerFixture *f,
                  gconstpointer   data)
{
  g_autoptr(BnStore) store = new_store (f, "strict.db");
  g_autoptr(BnStore) next = new_store (f, "strict-next.db");
  g_autoptr(BnTestLog) ann = bn_test_log_new (f->h.hood, T0);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *post_id = NULL;
  BnInsertResult result = { 0 };
  BnEntry *post;

  post = append_text (ann, "{\"type\":\"post\",\"kind\":\"offer\",\"category\":\"meals\","
                           "\"title\":\"Soep \\u00e9\\ud83c\\udf72\",\r\n\"body\":\"1\\/2 liter\"}");
  g_ptr_array_add (batch, post);
  post_id = bn_entry_dup_id_hex (post);
  /* Folded: an integer written as a double counts as absent; the title applies.
   * The edit is kept and read again as its post is recomputed: 1e22 must be
   * written back as JSON (json-glib writes 1e+22.0). */
  g_string_printf (text, "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"title\":\"Soep \\u00e9!\","
                   "\"expiry\":1e22},\"n\":1e22}", post_id);
  g_ptr_array_add (batch, append_text (ann, text->str));
  /* Not payloads: stored, forwarded, never folded. */
  g_ptr_array_add (batch, append_text (ann, "{\"type\":\"post\",\"kind\":\"offer\",\"title\":\"Once\","
                                            "\"title\":\"Twice\"}"));
  g_ptr_array_add (batch, append_text (ann, "{\"type\":\"post\",\"kind\":\"offer\",\"title\":\"Wrapped\","
                                            "\"expiry\":12345678901234567890}"));
  g_ptr_array_add (batch, append_text (ann, "{\"type\":\"post\",\"kind\":\"offer\",\"title\":\"\\x41\"}"));
  g_string_printf (text, "{\"type\":\"status\",\"post\":\"%s\",\"status\":\"done\",\"n\":1E400}", post_id);
  g_ptr_array_add (batch, append_text (ann, text->str));

  bn_test_insert (store, batch, &result);
  g_assert_cmpuint (result.added, ==, batch->len);
  bn_insert_result_clear (&result);
  stored = bn_test_store_entries (store);
  g_assert_cmpuint (stored->len, ==, batch->len);
  bn_test_insert (next, stored, &result);
  g_assert_cmpuint (result.added, ==, batch->len);
  bn_insert_result_clear (&result);

  for (guint i = 0; i < 2; i++)
    {
      BnStore *peer = i == 0 ? store : next;
      g_autoptr(GPtrArray) posts = bn_store_list_posts (peer, NULL, NULL, NULL);
      BnPost *p;

      g_assert_cmpuint (bn_store_count_entries (peer), ==, batch->len);
      g_assert_cmpuint (posts->len, ==, 1);
      p = g_ptr_array_index (posts, 0);
      g_assert_cmpstr (p->id, ==, post_id);
      g_assert_cmpstr (p->title, ==, "Soep \xc3\xa9!");
      g_assert_cmpstr (p->body, ==, "1/2 liter");
      g_assert_cmpint (p->expiry_ms, ==, 0);
      g_assert_cmpstr (p->status, ==, "open");
      bn_test_assert_verifies (peer);
    }
  /* Rebuilt from the entries, the same. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) posts = NULL;

    g_assert_true (bn_store_rebuild (next, &error));
    g_assert_no_error (error);
    posts = bn_store_list_posts (next, NULL, NULL, NULL);
    g_assert_cmpuint (posts->len, ==, 1);
    g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Soep \xc3\xa9!");
  }
}

/* Deleting one's newest profile update brings back the one before, the same
 * whether the delete is folded as it arrives or the state is rebuilt. */
static void
test_delete_newest_profile (ReducerFixture *f,
                            gconstpointer   data)
{
  g_autoptr(BnStore) store = new_store (f, "profiles.db");
  g_autoptr(BnTestLog) ann = bn_test_log_new (f->h.hood, T0);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(BnProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  BnEntry *newest;

  g_ptr_array_add (first, bn_test_log_append_json (ann, "{\"type\":\"profile\",\"name\":\"Ann\"}"));
  g_ptr_array_add (first, bn_test_log_append_json (ann, "{\"type\":\"post\",\"kind\":\"offer\",\"title\":\"Soup\"}"));
  newest = bn_test_log_append_json (ann, "{\"type\":\"profile\",\"name\":\"Ann at number 9\"}");
  g_ptr_array_add (first, newest);
  {
    g_autofree char *id = bn_entry_dup_id_hex (newest);
    g_autofree char *json = g_strdup_printf ("{\"type\":\"delete\",\"target\":\"%s\"}", id);
    g_ptr_array_add (second, bn_test_log_append_json (ann, json));
  }

  insert_all (store, first);
  profile = bn_store_get_profile (store, bn_test_log_key (ann));
  g_assert_cmpstr (profile->name, ==, "Ann at number 9");
  g_clear_pointer (&profile, bn_profile_free);

  insert_all (store, second);
  profile = bn_store_get_profile (store, bn_test_log_key (ann));
  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->name, ==, "Ann");
  g_clear_pointer (&profile, bn_profile_free);

  g_assert_true (bn_store_rebuild (store, &error));
  g_assert_no_error (error);
  profile = bn_store_get_profile (store, bn_test_log_key (ann));
  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->name, ==, "Ann");
}

/* Fails on the first line where two dumps differ, showing that line only (dumps
 * of random histories are long). */
static void
assert_same_dump (const char *what, const char *state, const char *expected)
{
  g_auto(GStrv) a = g_strsplit (state, "\n", -1);
  g_auto(GStrv) b = g_strsplit (expected, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || !g_str_equal (a[i], b[i]))
      g_error ("%s: line %u differs:\n  got      %.300s\n  expected %.300s", what, i + 1,
               a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
}

/* Random histories of plausible and implausible payloads. */
#define EXPIRE_AT G_GINT64_CONSTANT (2000000000000)
typedef struct
{
  GRand     *rand;
  BnHood    *hood;
  BnTestLog *logs[4];
  GPtrArray *entries[4];
  GPtrArray *ids;      /* every entry so far (BnEntry) */
  GPtrArray *posts;    /* entries that are posts */
  GPtrArray *replies;  /* entries that are replies */
  GHashTable *keep;    /* edits that set an expiry: never deleted (see post_fields) */
} Fuzz;

static gboolean
chance (Fuzz *z, double p)
{
  return g_rand_double (z->rand) < p;
}

static BnEntry *
pick (Fuzz *z, GPtrArray *from)
{
  if (from->len == 0)
    return NULL;
  return g_ptr_array_index (from, g_rand_int_range (z->rand, 0, (gint32) from->len));
}

static void
append_id (Fuzz *z, GString *out, GPtrArray *pool)
{
  BnEntry *e = chance (z, 0.85) ? pick (z, pool) : NULL;

  if (e != NULL && g_hash_table_contains (z->keep, e))
    e = NULL;
  g_autofree char *id = e ? bn_entry_dup_id_hex (e) : NULL;

  if (id != NULL)
    g_string_append_printf (out, "\"%s\"", id);
  else if (chance (z, 0.5))
    g_string_append (out, "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"");
  else
    g_string_append (out, chance (z, 0.5) ? "42" : "\"nope\"");
}

static void
append_text_value (Fuzz *z, GString *out, const char *const *plausible)
{
  guint n = g_strv_length ((char **) plausible);

  switch (g_rand_int_range (z->rand, 0, 10))
    {
    case 0: g_string_append (out, "\"\""); break;
    case 1: g_string_append (out, "17"); break;
    case 2: g_string_append (out, "null"); break;
    case 3: g_string_append (out, "[\"garden\"]"); break;
    case 4: g_string_append (out, "\"x\\ud800y\""); break;
    case 5:
      g_string_append_c (out, '"');
      for (guint i = 0; i < 1400; i++)
        g_string_append (out, "\xc3\xa9\xe2\x82\xac");
      g_string_append_c (out, '"');
      break;
    default:
      g_string_append_printf (out, "\"%s\"", plausible[g_rand_int_range (z->rand, 0, (gint32) n)]);
      break;
    }
}

static void
member (Fuzz *z, GString *out, const char *name, const char *const *plausible)
{
  if (!chance (z, 0.8))
    return;
  g_string_append_printf (out, ",\"%s\":", name);
  append_text_value (z, out, plausible);
}

static const char *const categories[] = { "garden", "meals", "repairs", "other", "weapons", NULL };
static const char *const words[] = { "Soup", "Ladder", "Walk", "Help with forms", "é", NULL };
static const char *const kinds[] = { "request", "offer", "sell", NULL };
static const char *const statuses[] = { "open", "matched", "done", "withdrawn", "lost", NULL };
static const char *const urgencies[] = { "flexible", "soon", "urgent", "never", NULL };
static const char *const visibilities[] = { "neighbourhood", "connectors", "people", "all", NULL };

/* In an edit, expiry is only ever set to a time before EXPIRE_AT, and such an
 * edit is never deleted: anything that pushes expiry later does not give one
 * state when peers expire at different moments (a peer that expired the post
 * before the change reached it has erased it for good), which is a known
 * limit of editable expiry, not something this test can assert. */
static void
post_fields (Fuzz *z, GString *out, gboolean in_edit)
{
  member (z, out, "category", categories);
  member (z, out, "title", words);
  member (z, out, "body", words);
  member (z, out, "when", (const char *const[]) { "flexible", "2026-12-01", NULL });
  member (z, out, "urgency", urgencies);
  member (z, out, "on_behalf_of", words);
  if (chance (z, 0.3))
    g_string_append_printf (out, ",\"expiry\":%s",
                            chance (z, 0.5) ? "1900000000000"
                            : chance (z, 0.5) && !in_edit ? "2100000000000" : "\"soon\"");
}

static void
fuzz_one (Fuzz *z)
{
  guint a = (guint) g_rand_int_range (z->rand, 0, 4);
  BnTestLog *log = z->logs[a];
  g_autoptr(GString) out = g_string_new ("{");
  const char *type;
  BnEntry *entry;
  gint steps[] = { 0, 1, 1000, 60000, -5000 };

  switch (g_rand_int_range (z->rand, 0, 10))
    {
    case 0: type = "profile"; break;
    case 1: case 2: type = "post"; break;
    case 3: type = "edit"; break;
    case 4: type = "status"; break;
    case 5: type = "accept"; break;
    case 6: type = "reply"; break;
    case 7: type = "thanks"; break;
    case 8: type = "delete"; break;
    default: type = chance (z, 0.5) ? "future-thing" : NULL; break;
    }
  if (type != NULL)
    g_string_append_printf (out, "\"type\":\"%s\"", type);
  else
    g_string_append (out, "\"type\":[1]");

  if (g_strcmp0 (type, "profile") == 0)
    {
      member (z, out, "name", words);
      member (z, out, "about", words);
      if (chance (z, 0.7))
        g_string_append (out, ",\"talents\":[\"garden\",7,\"meals\",null]");
      if (chance (z, 0.5))
        g_string_append_printf (out, ",\"place\":{\"street\":\"Kerkstraat\",\"number\":\"%d\"}",
                                g_rand_int_range (z->rand, 1, 4));
      if (chance (z, 0.3))
        g_string_append_printf (out, ",\"connector\":%s", chance (z, 0.7) ? "true" : "\"yes\"");
    }
  else if (g_strcmp0 (type, "post") == 0)
    {
      member (z, out, "kind", kinds);
      member (z, out, "visibility", visibilities);
      post_fields (z, out, FALSE);
    }
  else if (g_strcmp0 (type, "edit") == 0)
    {
      g_string_append (out, ",\"post\":");
      append_id (z, out, z->posts);
      g_string_append (out, chance (z, 0.9) ? ",\"set\":{\"x\":0" : ",\"set\":[1");
      post_fields (z, out, TRUE);
      g_string_append (out, chance (z, 0.9) ? "}" : "]");
    }
  else if (g_strcmp0 (type, "status") == 0)
    {
      g_string_append (out, ",\"post\":");
      append_id (z, out, z->posts);
      member (z, out, "status", statuses);
    }
  else if (g_strcmp0 (type, "accept") == 0)
    {
      g_autofree char *helper = bn_peer_id_from_key (bn_test_log_key (z->logs[g_rand_int_range (z->rand, 0, 4)]));
      g_string_append (out, ",\"post\":");
      append_id (z, out, z->posts);
      g_string_append (out, ",\"reply\":");
      append_id (z, out, z->replies);
      if (chance (z, 0.8))
        g_string_append_printf (out, ",\"helper\":\"%s\"", chance (z, 0.9) ? helper : "nobody");
    }
  else if (g_strcmp0 (type, "reply") == 0 || g_strcmp0 (type, "thanks") == 0)
    {
      g_string_append (out, ",\"post\":");
      append_id (z, out, z->posts);
      member (z, out, "text", words);
    }
  else if (g_strcmp0 (type, "delete") == 0)
    {
      /* Mostly one's own entries, sometimes someone else's. */
      g_string_append (out, ",\"target\":");
      append_id (z, out, chance (z, 0.7) && z->entries[a]->len > 0 ? z->entries[a] : z->ids);
    }
  g_string_append_c (out, '}');

  log->step_ms = steps[g_rand_int_range (z->rand, 0, G_N_ELEMENTS (steps))];
  if (chance (z, 0.2) && g_strcmp0 (type, "delete") != 0)
    {
      /* Sealed to the author and one other, who may or may not be the observer. */
      g_autoptr(JsonObject) object = bn_json_object_from_string (out->str);
      g_autoptr(GPtrArray) to = g_ptr_array_new ();

      g_ptr_array_add (to, bn_test_log_key (log));
      g_ptr_array_add (to, bn_test_log_key (z->logs[g_rand_int_range (z->rand, 0, 4)]));
      entry = object != NULL ? bn_test_log_append (log, object, to)
                             : bn_test_log_append_text (log, out->str, out->len);
    }
  else
    entry = bn_test_log_append_text (log, out->str, out->len);

  g_ptr_array_add (z->entries[a], entry);
  g_ptr_array_add (z->ids, bn_entry_ref (entry));
  if (g_strcmp0 (type, "edit") == 0 && strstr (out->str, "\"expiry\":1900000000000") != NULL)
    g_hash_table_add (z->keep, entry);
  if (g_strcmp0 (type, "post") == 0)
    g_ptr_array_add (z->posts, bn_entry_ref (entry));
  else if (g_strcmp0 (type, "reply") == 0)
    g_ptr_array_add (z->replies, bn_entry_ref (entry));
}

static void
insert_fuzz_interleaved (Fuzz *z, BnStore *store, gint64 expire_at)
{
  guint next[4] = { 0 };
  guint left = z->ids->len;

  while (left > 0)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      guint a, take;

      do
        a = (guint) g_rand_int_range (z->rand, 0, 4);
      while (next[a] == z->entries[a]->len);
      take = (guint) g_rand_int_range (z->rand, 1, 12);
      for (guint t = 0; t < take && next[a] < z->entries[a]->len; t++, left--)
        g_ptr_array_add (batch, bn_entry_ref (g_ptr_array_index (z->entries[a], next[a]++)));
      insert_all (store, batch);
      /* Expiry runs now and then while entries still arrive. */
      if (expire_at > 0 && chance (z, 0.1))
        {
          g_autoptr(GError) error = NULL;
          bn_store_expire (store, expire_at, &error);
          g_assert_no_error (error);
        }
    }
}

/* Hundreds of random entries, many of them nonsense: folded in any order or
 * rebuilt, the visible state is the same and valid UTF-8, and nothing warns. */
static void
test_fuzz_payloads (ReducerFixture *f,
                    gconstpointer   data)
{
  const char *forced = g_getenv ("BN_FUZZ_SEED");   /* to replay a failure */
  guint32 seed = forced ? (guint32) g_ascii_strtoull (forced, NULL, 10) : (guint32) g_test_rand_int ();
  Fuzz z = { .rand = g_rand_new_with_seed (seed), .hood = f->h.hood };
  guint n = g_test_slow () ? 2000 : 300;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autofree char *expected = NULL;
  g_autoptr(BnStore) reference = NULL;
  const guint8 *me;

  g_test_message ("fuzz seed: %u (replay with BN_FUZZ_SEED=%u)", seed, seed);
  z.ids = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  z.posts = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  z.replies = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  z.keep = g_hash_table_new (NULL, NULL);
  for (guint a = 0; a < 4; a++)
    {
      z.logs[a] = bn_test_log_new (z.hood, T0 + a);
      z.entries[a] = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
    }
  me = bn_test_log_key (z.logs[0]);
  for (guint i = 0; i < n; i++)
    fuzz_one (&z);
  for (guint a = 0; a < 4; a++)
    for (guint i = 0; i < z.entries[a]->len; i++)
      g_ptr_array_add (all, bn_entry_ref (g_ptr_array_index (z.entries[a], i)));

  reference = bn_test_store_new (f->dir, "fuzz-ref.db", z.hood, z.logs[0]->identity);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *rebuilt = NULL;

    insert_all (reference, all);
    expected = dump_store (reference, me, (BnEntry **) z.posts->pdata, z.posts->len);
    g_assert_true (g_utf8_validate (expected, -1, NULL));
    bn_test_assert_verifies (reference);
    g_assert_true (bn_store_rebuild (reference, &error));
    g_assert_no_error (error);
    rebuilt = dump_store (reference, me, (BnEntry **) z.posts->pdata, z.posts->len);
    assert_same_dump ("rebuilt", rebuilt, expected);
  }
  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *name = g_strdup_printf ("fuzz-%u.db", round);
      g_autoptr(BnStore) store = bn_test_store_new (f->dir, name, z.hood, z.logs[0]->identity);
      g_autofree char *state = NULL;

      insert_fuzz_interleaved (&z, store, 0);
      state = dump_store (store, me, (BnEntry **) z.posts->pdata, z.posts->len);
      assert_same_dump ("interleaved", state, expected);
    }

  /* Expiry gives one state too, whether it ran once at the end (on the
   * reference, rebuilt above) or also while entries were arriving. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BnStore) store = bn_test_store_new (f->dir, "fuzz-expiring.db", z.hood, z.logs[0]->identity);
    g_autofree char *state = NULL;
    g_autofree char *rebuilt = NULL;

    bn_store_expire (reference, EXPIRE_AT, &error);
    g_assert_no_error (error);
    g_free (expected);
    expected = dump_store (reference, me, (BnEntry **) z.posts->pdata, z.posts->len);
    bn_test_assert_verifies (reference);

    insert_fuzz_interleaved (&z, store, EXPIRE_AT);
    bn_store_expire (store, EXPIRE_AT, &error);
    g_assert_no_error (error);
    state = dump_store (store, me, (BnEntry **) z.posts->pdata, z.posts->len);
    assert_same_dump ("expired while arriving", state, expected);

    g_assert_true (bn_store_rebuild (reference, &error));
    g_assert_no_error (error);
    rebuilt = dump_store (reference, me, (BnEntry **) z.posts->pdata, z.posts->len);
    assert_same_dump ("expired and rebuilt", rebuilt, expected);
  }
  g_clear_object (&reference);

  for (guint a = 0; a < 4; a++)
    {
      g_ptr_array_unref (z.entries[a]);
      bn_test_log_free (z.logs[a]);
    }
  g_ptr_array_unref (z.ids);
  g_ptr_array_unref (z.posts);
  g_ptr_array_unref (z.replies);
  g_hash_table_unref (z.keep);
  g_rand_free (z.rand);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/reducer/" path, ReducerFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("order-independence", test_order_independence);
  ADD ("events-before-post", test_events_before_post);
  ADD ("unknown-type-not-fatal", test_unknown_type_not_fatal);
  ADD ("hostile-text", test_hostile_text);
  ADD ("strict-json", test_strict_json);
  ADD ("delete-newest-profile", test_delete_newest_profile);
  ADD ("fuzz-payloads", test_fuzz_payloads);
#undef ADD

  return g_test_run ();
}
