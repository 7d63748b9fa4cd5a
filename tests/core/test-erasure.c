/* test-erasure.c — what is deleted or expired is erased everywhere, payloads
 * and derived rows, while the chains stay verifiable and forwardable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1764000000000)
#define HOUR G_GINT64_CONSTANT (3600000)

static void
test_delete_erases_everywhere (BnStoreFixture *f,
                               gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 500);
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Lift to the hospital", 0);
  g_autoptr(BnEntry) keep = bn_test_append_post (alice, "Borrow a drill", 0);
  g_autoptr(BnEntry) thanks = bn_test_append_on_post (bob, "thanks", keep, "Thanks for the drill");
  g_autoptr(BnEntry) bob_delete = bn_test_append_delete (bob, keep);     /* not his to delete */
  g_autoptr(BnEntry) del = bn_test_append_delete (alice, post);
  g_autoptr(GPtrArray) all = bn_test_entries (post, keep, thanks, bob_delete, del, NULL);
  const char *orders[] = { "separately", "one batch", "bob first" };

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autofree char *name = g_strdup_printf ("delete-%u.db", o);
      g_autoptr(BnStore) store = bn_test_store_new (f->dir, name, f->hood, f->observer);
      g_autoptr(GPtrArray) posts = NULL;
      g_autoptr(GPtrArray) forwarded = NULL;

      g_test_message ("order: %s", orders[o]);
      if (o == 0)
        {
          g_autoptr(GPtrArray) b1 = bn_test_entries (post, keep, NULL);
          g_autoptr(GPtrArray) b2 = bn_test_entries (thanks, bob_delete, NULL);
          g_autoptr(GPtrArray) b3 = bn_test_entries (del, NULL);
          bn_test_insert_expecting (store, b1, 2, 0, 0);
          g_assert_false (bn_test_payload_erased (store, post));
          bn_test_insert_expecting (store, b2, 2, 0, 0);
          bn_test_insert_expecting (store, b3, 1, 0, 0);
        }
      else if (o == 1)
        bn_test_insert_expecting (store, all, 5, 0, 0);
      else
        {
          /* Bob's delete of Alice's post arrives before the post itself. */
          g_autoptr(GPtrArray) b1 = bn_test_entries (thanks, bob_delete, NULL);
          g_autoptr(GPtrArray) b2 = bn_test_entries (post, keep, del, NULL);
          bn_test_insert_expecting (store, b1, 2, 0, 0);
          bn_test_insert_expecting (store, b2, 3, 0, 0);
        }

      g_assert_true (bn_test_payload_erased (store, post));
      g_assert_false (bn_test_payload_erased (store, keep));
      g_assert_false (bn_test_payload_erased (store, del));
      posts = bn_store_list_posts (store, NULL, NULL, NULL);
      g_assert_cmpuint (posts->len, ==, 1);
      g_assert_cmpstr (((BnPost *) g_ptr_array_index (posts, 0))->title, ==, "Borrow a drill");
      g_assert_null (bn_store_get_post (store, NULL, post->id));
      bn_test_assert_verifies (store);

      /* It is forwarded as a bare header; a peer that gets it so stays consistent. */
      forwarded = bn_store_get_entries_after (store, bn_test_log_key (alice), 0, 10);
      g_assert_cmpuint (forwarded->len, ==, 3);
      g_assert_null (((BnEntry *) g_ptr_array_index (forwarded, 0))->payload);
      {
        g_autofree char *next_name = g_strdup_printf ("next-%u.db", o);
        g_autoptr(BnStore) next = bn_test_store_new (f->dir, next_name, f->hood, f->observer);
        bn_test_insert_expecting (next, forwarded, 3, 0, 0);
        g_assert_true (bn_test_payload_erased (next, post));
        bn_test_assert_verifies (next);
      }
    }
}

/* The delete reaches a store that got the post earlier from someone else, in a
 * batch of its own; and a reply is deleted by the neighbour who wrote it. */
static void
test_delete_reply (BnStoreFixture *f,
                   gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 500);
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Walk the dog", 0);
  g_autoptr(BnEntry) reply = bn_test_append_on_post (bob, "reply", post, "I can on Tuesday");
  g_autoptr(BnEntry) reply2 = bn_test_append_on_post (bob, "reply", post, "Or Wednesday");
  g_autoptr(BnEntry) del = bn_test_append_delete (bob, reply);
  g_autoptr(GPtrArray) first = bn_test_entries (post, reply, reply2, NULL);
  g_autoptr(GPtrArray) second = bn_test_entries (del, NULL);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(BnPost) shown = NULL;

  bn_test_insert_expecting (f->store, first, 3, 0, 0);
  replies = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (replies->len, ==, 2);
  g_clear_pointer (&replies, g_ptr_array_unref);

  bn_test_insert_expecting (f->store, second, 1, 0, 0);
  g_assert_true (bn_test_payload_erased (f->store, reply));
  g_assert_false (bn_test_payload_erased (f->store, reply2));
  replies = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (replies->len, ==, 1);
  g_assert_cmpstr (((BnNote *) g_ptr_array_index (replies, 0))->text, ==, "Or Wednesday");
  shown = bn_store_get_post (f->store, NULL, post->id);
  g_assert_cmpuint (shown->n_replies, ==, 1);
  bn_test_assert_verifies (f->store);
}

static void
test_expiry (BnStoreFixture *f,
             gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 100);
  g_autoptr(BnEntry) soon = bn_test_append_post (alice, "Bread today", T0 + HOUR);
  g_autoptr(BnEntry) later = bn_test_append_post (alice, "Bread next week", T0 + 100 * HOUR);
  g_autoptr(BnEntry) never = bn_test_append_post (alice, "Ladder to lend", 0);
  g_autoptr(BnEntry) reply = bn_test_append_on_post (bob, "reply", soon, "I bake tonight");
  g_autoptr(BnEntry) thanks = bn_test_append_on_post (bob, "thanks", soon, "Lovely");
  g_autoptr(BnEntry) other_reply = bn_test_append_on_post (bob, "reply", never, "Yes please");
  g_autoptr(BnEntry) edit = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  guint expired;

  {
    g_autofree char *id = bn_entry_dup_id_hex (soon);
    g_autofree char *json = g_strdup_printf (
        "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"body\":\"Sourdough\"}}", id);
    edit = bn_test_log_append_json (alice, json);
  }
  all = bn_test_entries (soon, later, never, reply, thanks, other_reply, edit, NULL);
  bn_test_insert_expecting (f->store, all, 7, 0, 0);

  /* Nothing has expired an hour before. */
  g_assert_cmpuint (bn_store_expire (f->store, T0, &error), ==, 0);
  g_assert_no_error (error);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 3);
  g_clear_pointer (&posts, g_ptr_array_unref);

  expired = bn_store_expire (f->store, T0 + 2 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expired, ==, 1);

  /* The expired post and everything hanging on it are gone, payloads included. */
  g_assert_true (bn_test_payload_erased (f->store, soon));
  g_assert_true (bn_test_payload_erased (f->store, reply));
  g_assert_true (bn_test_payload_erased (f->store, thanks));
  g_assert_true (bn_test_payload_erased (f->store, edit));
  g_assert_false (bn_test_payload_erased (f->store, later));
  g_assert_false (bn_test_payload_erased (f->store, never));
  g_assert_false (bn_test_payload_erased (f->store, other_reply));
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 2);
  notes = bn_store_list_replies (f->store, soon->id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bn_store_list_thanks (f->store, soon->id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bn_store_list_replies (f->store, never->id);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpuint (bn_test_count_rows (f->store,
      "SELECT count(*) FROM replies WHERE text LIKE '%bake%'"), ==, 0);
  g_assert_cmpuint (bn_test_count_rows (f->store,
      "SELECT count(*) FROM thanks WHERE text = 'Lovely'"), ==, 0);
  bn_test_assert_verifies (f->store);

  /* Expiring again finds nothing new; the chain still verifies. */
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 3 * HOUR, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 200 * HOUR, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&posts, g_ptr_array_unref);
  posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
  bn_test_assert_verifies (f->store);
}

/* A reply or thanks that reaches us after its post expired here (sent by a peer
 * that had not expired it yet) is forgotten by the next expiry too. */
static void
test_expiry_late_arrivals (BnStoreFixture *f,
                           gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 100);
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Bread today", T0 + HOUR);
  g_autoptr(BnEntry) reply = bn_test_append_on_post (bob, "reply", post, "I bake tonight");
  g_autoptr(BnEntry) thanks = bn_test_append_on_post (bob, "thanks", post, "Lovely");
  g_autoptr(GPtrArray) first = bn_test_entries (post, NULL);
  g_autoptr(GPtrArray) late = bn_test_entries (reply, thanks, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  bn_test_insert_expecting (f->store, first, 1, 0, 0);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 2 * HOUR, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (bn_test_payload_erased (f->store, post));

  bn_test_insert_expecting (f->store, late, 2, 0, 0);
  /* Nothing new expired (the count is of posts), but the late notes are gone. */
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 3 * HOUR, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (bn_test_payload_erased (f->store, reply));
  g_assert_true (bn_test_payload_erased (f->store, thanks));
  notes = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = bn_store_list_thanks (f->store, post->id);
  g_assert_cmpuint (notes->len, ==, 0);
  bn_test_assert_verifies (f->store);
}

/* The expiry came from an edit: once expired, a reply arriving afterwards is
 * still forgotten (expiring the edit must not make the post forget its expiry). */
static void
test_expiry_set_by_edit (BnStoreFixture *f,
                         gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 100);
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Bread today", 0);
  g_autoptr(BnEntry) edit = NULL;
  g_autoptr(BnEntry) reply = bn_test_append_on_post (bob, "reply", post, "I bake tonight");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) late = bn_test_entries (reply, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autofree char *id = bn_entry_dup_id_hex (post);
    g_autofree char *json = g_strdup_printf (
        "{\"type\":\"edit\",\"post\":\"%s\",\"set\":{\"expiry\":%" G_GINT64_FORMAT "}}",
        id, T0 + HOUR);
    edit = bn_test_log_append_json (alice, json);
  }
  first = bn_test_entries (post, edit, NULL);
  bn_test_insert_expecting (f->store, first, 2, 0, 0);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 2 * HOUR, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (bn_test_payload_erased (f->store, post));
  g_assert_true (bn_test_payload_erased (f->store, edit));

  bn_test_insert_expecting (f->store, late, 1, 0, 0);
  bn_store_expire (f->store, T0 + 3 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_true (bn_test_payload_erased (f->store, reply));
  notes = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (notes->len, ==, 0);
  bn_test_assert_verifies (f->store);
}

/* A rebuild (after a migration, or to repair) keeps what it cannot fold again:
 * an erased post's expiry, so a reply that arrives after it is still
 * forgotten, as it would be without the rebuild. */
static void
test_expiry_survives_rebuild (BnStoreFixture *f,
                              gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(BnTestLog) bob = bn_test_log_new (f->hood, T0 + 100);
  g_autoptr(BnEntry) post = bn_test_append_post (alice, "Bread today", T0 + HOUR);
  g_autoptr(BnEntry) reply = bn_test_append_on_post (bob, "reply", post, "I bake tonight");
  g_autoptr(GPtrArray) first = bn_test_entries (post, NULL);
  g_autoptr(GPtrArray) late = bn_test_entries (reply, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  bn_test_insert_expecting (f->store, first, 1, 0, 0);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 2 * HOUR, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (bn_store_rebuild (f->store, &error));
  g_assert_no_error (error);

  bn_test_insert_expecting (f->store, late, 1, 0, 0);
  g_assert_cmpuint (bn_store_expire (f->store, T0 + 3 * HOUR, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (bn_test_payload_erased (f->store, reply));
  notes = bn_store_list_replies (f->store, post->id);
  g_assert_cmpuint (notes->len, ==, 0);
  {
    g_autoptr(GPtrArray) posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
    g_assert_cmpuint (posts->len, ==, 0);
  }
  bn_test_assert_verifies (f->store);
}

/* A long fold answers "was it deleted?" mostly from memory (bn-reducer.c's
 * deletion filter, read after the first questions): deletions folded before the
 * filter is read, and after, erase what they name, in one batch and in a
 * rebuild, and nothing else is erased. */
static void
test_deletions_in_a_long_fold (BnStoreFixture *f,
                               gconstpointer   data)
{
  g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  BnEntry *early = NULL, *late = NULL;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *title = g_strdup_printf ("Post %u", i);
      BnEntry *post = bn_test_append_post (alice, title, 0);

      g_ptr_array_add (all, post);
      if (i == 5)
        {
          early = post;
          g_ptr_array_add (all, bn_test_append_delete (alice, early));   /* before the filter is read */
        }
    }
  late = g_ptr_array_index (all, all->len - 1);
  g_ptr_array_add (all, bn_test_append_delete (alice, late));          /* after */

  bn_test_insert_expecting (f->store, all, all->len, 0, 0);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_test_message (pass == 0 ? "one batch" : "rebuilt");
      g_assert_true (bn_test_payload_erased (f->store, early));
      g_assert_true (bn_test_payload_erased (f->store, late));
      g_assert_null (bn_store_get_post (f->store, NULL, early->id));
      g_assert_null (bn_store_get_post (f->store, NULL, late->id));
      posts = bn_store_list_posts (f->store, NULL, NULL, NULL);
      g_assert_cmpuint (posts->len, ==, 298);
      g_clear_pointer (&posts, g_ptr_array_unref);
      bn_test_assert_verifies (f->store);
      g_assert_true (bn_store_rebuild (f->store, &error));
      g_assert_no_error (error);
    }
}

/* A post first held without its payload, deleted, and then given its payload
 * before the deletion was folded: when the fold comes, the deletion erases it
 * and it never shows, whether the fold asks the deletions table (a short fold)
 * or bn-reducer.c's filter (a long one, which must learn of the deletion it
 * just folded). */
static void
test_deleted_while_its_payload_waits (BnStoreFixture *f,
                                      gconstpointer   data)
{
  const guint fillers[] = { 0, 100 };

  for (guint k = 0; k < G_N_ELEMENTS (fillers); k++)
    {
      g_autofree char *name = g_strdup_printf ("waits-%u.db", k);
      g_autoptr(BnStore) store = bn_test_store_new (f->dir, name, f->hood, f->observer);
      g_autoptr(BnTestLog) alice = bn_test_log_new (f->hood, T0);
      g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      g_autoptr(GPtrArray) then = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_entry_unref);
      g_autoptr(GPtrArray) posts = NULL;
      g_autoptr(BnEntry) post = NULL;

      g_test_message ("%u posts before", fillers[k]);
      for (guint i = 0; i < fillers[k]; i++)
        g_ptr_array_add (first, bn_test_append_post (alice, "Borrow a ladder", 0));
      post = bn_test_append_post (alice, "Lift to the hospital", 0);
      g_ptr_array_add (first, bn_entry_without_payload (post));
      g_ptr_array_add (first, bn_test_append_delete (alice, post));
      g_ptr_array_add (then, bn_entry_ref (post));

      bn_test_store_then_fold (store, first, then);

      g_assert_true (bn_test_payload_erased (store, post));
      g_assert_null (bn_store_get_post (store, NULL, post->id));
      posts = bn_store_list_posts (store, NULL, NULL, NULL);
      g_assert_cmpuint (posts->len, ==, fillers[k]);
      bn_test_assert_verifies (store);
    }
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/buurtnet/core/erasure/" path, BnStoreFixture, NULL, \
              bn_store_fixture_setup, func, bn_store_fixture_teardown)
  ADD ("delete-erases-everywhere", test_delete_erases_everywhere);
  ADD ("delete-reply", test_delete_reply);
  ADD ("deletions-in-a-long-fold", test_deletions_in_a_long_fold);
  ADD ("deleted-while-its-payload-waits", test_deleted_while_its_payload_waits);
  ADD ("expiry", test_expiry);
  ADD ("expiry-late-arrivals", test_expiry_late_arrivals);
  ADD ("expiry-set-by-edit", test_expiry_set_by_edit);
  ADD ("expiry-survives-rebuild", test_expiry_survives_rebuild);
#undef ADD

  return g_test_run ();
}
