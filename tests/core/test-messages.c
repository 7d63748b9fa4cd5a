/* test-messages.c — conversations (docs/protocol.md §6.3) on real data
 * directories: sealed to their two parties, hidden when blocked, forgotten at
 * their expiry, the same whatever the arrival order; a helper's withdrawal
 * counts only from the reply's author
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-payload-types.h"

#include <string.h>

typedef struct
{
  char   *dir;
  BnHome *ann;
  BnHome *bob;
  BnHome *cas;
} MessageFixture;

static void
carry (BnHome *from, BnHome *to)
{
  g_autoptr(GPtrArray) entries = bn_test_store_entries (bn_home_get_store (from));
  BnInsertResult result = { 0 };

  bn_test_insert (bn_home_get_store (to), entries, &result);
  bn_insert_result_clear (&result);
}

static void
fixture_setup (MessageFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL, *second = NULL;

  f->dir = bn_test_make_tmpdir ();
  f->ann = bn_test_open_home (f->dir, "Ann");
  f->bob = bn_test_open_home (f->dir, "Bob");
  f->cas = bn_test_open_home (f->dir, "Cas");
  code = bn_home_create_hood (f->ann, "Rue Haute", &error);
  g_assert_no_error (error);
  bn_test_join_home (f->ann, f->bob, code);
  second = bn_test_invite (f->ann);
  bn_test_join_home (f->ann, f->cas, second);
  carry (f->ann, f->bob);
  carry (f->ann, f->cas);
}

static void
fixture_teardown (MessageFixture *f, gconstpointer data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_object (&f->cas);
  bn_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static BnEntry *
send (BnHome *from, BnHome *to, const char *text, guint days)
{
  g_autofree char *peer = bn_home_dup_peer_id (to);
  g_autoptr(GError) error = NULL;
  BnEntry *entry = bn_home_send_message (from, peer, text, NULL, days, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static guint
count_with (BnHome *viewer, BnHome *other)
{
  g_autofree char *peer = bn_home_dup_peer_id (other);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = bn_home_read_conversation (viewer, peer, FALSE, &error);

  g_assert_no_error (error);
  return messages->len;
}

static void
test_sealed_to_two (MessageFixture *f, gconstpointer data)
{
  g_autoptr(BnEntry) entry = send (f->ann, f->bob, "Saturday at ten?", 0);
  g_autoptr(GPtrArray) conversations = NULL;

  carry (f->ann, f->cas);
  carry (f->cas, f->bob);
  g_assert_cmpuint (count_with (f->bob, f->ann), ==, 1);
  g_assert_cmpuint (count_with (f->ann, f->bob), ==, 1);
  g_assert_cmpuint (bn_test_count_rows (bn_home_get_store (f->cas), "SELECT count(*) FROM messages"), ==, 0);
  conversations = bn_store_list_conversations (bn_home_get_store (f->cas),
                                               bn_home_get_identity (f->cas)->public_key);
  g_assert_cmpuint (conversations->len, ==, 0);
}

static void
test_blocked_do_not_show (MessageFixture *f, gconstpointer data)
{
  g_autoptr(BnEntry) entry = send (f->ann, f->bob, "Hello", 0);
  g_autofree char *ann = bn_home_dup_peer_id (f->ann);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(BnEntry) refused = NULL;

  carry (f->ann, f->bob);
  g_assert_true (bn_home_block (f->bob, ann, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_with (f->bob, f->ann), ==, 0);
  conversations = bn_store_list_conversations (bn_home_get_store (f->bob),
                                               bn_home_get_identity (f->bob)->public_key);
  g_assert_cmpuint (conversations->len, ==, 0);
  refused = bn_home_send_message (f->bob, ann, "Hi", NULL, 0, &error);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_ALLOWED);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_true (bn_home_unblock (f->bob, ann, &error));
  g_assert_cmpuint (count_with (f->bob, f->ann), ==, 1);
}

static void
test_expiry (MessageFixture *f, gconstpointer data)
{
  g_autoptr(BnEntry) brief = send (f->ann, f->bob, "Gone in a day", 1);
  g_autoptr(BnEntry) kept = send (f->ann, f->bob, "Kept", 0);
  gint64 later = g_get_real_time () / 1000 + 2 * 24 * 3600 * 1000;
  g_autoptr(GError) error = NULL;

  carry (f->ann, f->bob);
  g_assert_cmpuint (count_with (f->bob, f->ann), ==, 2);
  g_assert_cmpuint (bn_store_expire (bn_home_get_store (f->bob), later, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (bn_test_payload_erased (bn_home_get_store (f->bob), brief));
  g_assert_false (bn_test_payload_erased (bn_home_get_store (f->bob), kept));
  bn_store_expire (bn_home_get_store (f->ann), later, &error);
  g_assert_true (bn_test_payload_erased (bn_home_get_store (f->ann), brief));
  /* Bob never takes the erased payload back from a peer that still has it. */
  carry (f->cas, f->bob);
  g_assert_true (bn_test_payload_erased (bn_home_get_store (f->bob), brief));
}

static void
test_read_marks (MessageFixture *f, gconstpointer data)
{
  g_autoptr(BnEntry) one = send (f->ann, f->bob, "One", 0);
  g_autoptr(BnEntry) two = send (f->ann, f->bob, "Two", 0);
  g_autofree char *ann = bn_home_dup_peer_id (f->ann);
  g_autoptr(GPtrArray) before = NULL, read = NULL, after = NULL;
  g_autoptr(GError) error = NULL;

  carry (f->ann, f->bob);
  before = bn_store_list_conversations (bn_home_get_store (f->bob),
                                        bn_home_get_identity (f->bob)->public_key);
  g_assert_cmpuint (((BnConversation *) before->pdata[0])->n_unread, ==, 2);
  read = bn_home_read_conversation (f->bob, ann, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (((BnMessage *) read->pdata[0])->unread);
  g_assert_true (bn_store_rebuild (bn_home_get_store (f->bob), &error));
  after = bn_store_list_conversations (bn_home_get_store (f->bob),
                                       bn_home_get_identity (f->bob)->public_key);
  g_assert_cmpuint (((BnConversation *) after->pdata[0])->n_unread, ==, 0);
}

/* Cas cannot take back Bob's reply: only the reply's author can. */
static void
test_withdraw_by_author_only (MessageFixture *f, gconstpointer data)
{
  BnPostDraft draft = { .kind = "request", .category = "errands", .title = "Soup" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) post = bn_home_publish_post (f->ann, &draft, &error);
  g_autofree char *post_id = bn_entry_dup_id_hex (post);
  g_autoptr(BnEntry) reply = NULL, accept = NULL, forged = NULL, withdraw = NULL;
  g_autofree char *reply_id = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnPost) seen = NULL;

  carry (f->ann, f->bob);
  reply = bn_home_reply (f->bob, post_id, "I can", &error);
  reply_id = bn_entry_dup_id_hex (reply);
  carry (f->bob, f->ann);
  accept = bn_home_accept (f->ann, post_id, reply_id, &error);
  g_assert_no_error (error);
  carry (f->ann, f->cas);
  carry (f->bob, f->cas);
  object = bn_reply_withdraw_payload_encode (post_id, reply_id);
  forged = bn_store_append_local (bn_home_get_store (f->cas), object, NULL, &error);
  g_assert_no_error (error);
  carry (f->cas, f->ann);
  seen = bn_home_get_post (f->ann, post_id, &error);
  g_assert_cmpstr (seen->status, ==, "matched");
  g_clear_pointer (&seen, bn_post_free);

  withdraw = bn_home_withdraw_reply (f->bob, post_id, &error);
  g_assert_no_error (error);
  carry (f->bob, f->ann);
  seen = bn_home_get_post (f->ann, post_id, &error);
  g_assert_cmpstr (seen->status, ==, "open");
  g_assert_null (seen->helper);
  /* The same after folding everything again, in arrival order. */
  g_clear_pointer (&seen, bn_post_free);
  g_assert_true (bn_store_rebuild (bn_home_get_store (f->ann), &error));
  seen = bn_home_get_post (f->ann, post_id, &error);
  g_assert_cmpstr (seen->status, ==, "open");
}

/* The message in @messages with @id. */
static BnMessage *
find_message (GPtrArray *messages, const char *id)
{
  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (((BnMessage *) messages->pdata[i])->id, id) == 0)
      return messages->pdata[i];
  g_error ("No message %s", id);
}

/* Ann proposes Saturday 10:00 (Brussels), Bob says yes: both read the same
 * agreed time. A yes that names the wrong message agrees to nothing; the
 * writer refuses to send one; a time without its offset is no time. */
static void
test_agree_on_a_time (MessageFixture *f, gconstpointer data)
{
  g_autofree char *ann = bn_home_dup_peer_id (f->ann);
  g_autofree char *bob = bn_home_dup_peer_id (f->bob);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) proposal = NULL, answer = NULL, own = NULL, forged = NULL, refused = NULL;
  g_autofree char *proposal_id = NULL, *answer_id = NULL, *own_id = NULL, *forged_id = NULL;
  g_autoptr(GPtrArray) by_ann = NULL, by_bob = NULL;
  g_autoptr(JsonObject) object = NULL;
  gint64 saturday = 0;
  BnMessageDraft ask = { .to = bob, .text = "Would Saturday at 10:00 suit you?" };
  BnMessageDraft yes = { .to = ann, .text = "That suits me." };
  BnMessageDraft self_yes = { .to = ann, .text = "Me too." };

  g_assert_true (bn_event_time_parse ("2026-12-05T10:00:00+01:00", &saturday));
  ask.proposes_ms = saturday;
  proposal = bn_home_send_message_draft (f->ann, &ask, &error);
  g_assert_no_error (error);
  proposal_id = bn_entry_dup_id_hex (proposal);
  carry (f->ann, f->bob);

  /* Bob cannot say yes to a proposal of his own, nor to one that is not there. */
  own = bn_home_send_message_draft (f->bob, &(BnMessageDraft) { .to = ann, .text = "Or Sunday?",
                                                                .proposes_ms = saturday + 86400000 },
                                    &error);
  g_assert_no_error (error);
  own_id = bn_entry_dup_id_hex (own);
  self_yes.agrees = own_id;
  refused = bn_home_send_message_draft (f->bob, &self_yes, &error);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_NOT_FOUND);
  g_assert_null (refused);
  g_clear_error (&error);

  yes.agrees = proposal_id;
  answer = bn_home_send_message_draft (f->bob, &yes, &error);
  g_assert_no_error (error);
  answer_id = bn_entry_dup_id_hex (answer);
  /* Forged by hand: a yes to his own proposal, which names nothing. */
  {
    BnMessagePayload payload = { .text = "Yes to myself", .has_agrees = TRUE };
    g_autoptr(GPtrArray) to = g_ptr_array_new_with_free_func (g_free);

    memcpy (payload.to, bn_home_get_identity (f->ann)->public_key, BN_PUBLIC_KEY_LEN);
    g_assert_true (bn_hex_decode (own_id, payload.agrees, BN_HASH_LEN));
    object = bn_message_payload_encode (&payload);
    g_ptr_array_add (to, g_memdup2 (bn_home_get_identity (f->ann)->public_key, BN_PUBLIC_KEY_LEN));
    g_ptr_array_add (to, g_memdup2 (bn_home_get_identity (f->bob)->public_key, BN_PUBLIC_KEY_LEN));
    forged = bn_store_append_local (bn_home_get_store (f->bob), object, to, &error);
    g_assert_no_error (error);
    forged_id = bn_entry_dup_id_hex (forged);
  }
  carry (f->bob, f->ann);

  by_ann = bn_home_read_conversation (f->ann, bob, FALSE, &error);
  g_assert_true (bn_store_rebuild (bn_home_get_store (f->bob), &error));
  by_bob = bn_home_read_conversation (f->bob, ann, FALSE, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 2; k++)
    {
      GPtrArray *messages = k == 0 ? by_ann : by_bob;

      g_assert_cmpuint (messages->len, ==, 4);
      g_assert_cmpint (find_message (messages, proposal_id)->proposes_ms, ==, saturday);
      g_assert_true (find_message (messages, proposal_id)->answered);
      g_assert_cmpstr (find_message (messages, answer_id)->agrees, ==, proposal_id);
      g_assert_cmpint (find_message (messages, answer_id)->agreed_ms, ==, saturday);
      g_assert_false (find_message (messages, own_id)->answered);
      g_assert_cmpint (find_message (messages, forged_id)->agreed_ms, ==, 0);
    }

  /* On the wire the time says its offset; without one it reads as absent. */
  {
    g_autoptr(JsonObject) bare = json_object_new ();
    const char *why = NULL;
    g_autoptr(BnMessagePayload) read = NULL;
    g_autoptr(BnJsonFields) fields = NULL;

    json_object_set_string_member (bare, "to", ann);
    json_object_set_string_member (bare, "text", "Saturday?");
    json_object_set_string_member (bare, "proposes", "2026-12-05T10:00:00");
    fields = bn_json_fields_new_from_object (bare);
    read = bn_message_payload_decode (fields, &why);
    g_assert_nonnull (read);
    g_assert_cmpint (read->proposes_ms, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add ("/buurtnet/core/messages/" path, MessageFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("sealed-to-two", test_sealed_to_two);
  ADD ("blocked-do-not-show", test_blocked_do_not_show);
  ADD ("expiry", test_expiry);
  ADD ("read-marks", test_read_marks);
  ADD ("withdraw-by-author-only", test_withdraw_by_author_only);
  ADD ("agree-on-a-time", test_agree_on_a_time);
  return g_test_run ();
}
