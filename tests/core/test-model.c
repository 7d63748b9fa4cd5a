/* test-model.c — read models: who lives near whom, and the JSON scripts read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

static BnProfile
place (const char *peer_id, const char *street, const char *number,
       const char *building, const char *floor)
{
  BnProfile p = {
    .peer_id = (char *) peer_id, .street = (char *) street, .number = (char *) number,
    .building = (char *) building, .floor = (char *) floor,
  };
  return p;
}

static void
test_proximity (void)
{
  BnProfile me = place ("me", "Kerkstraat", "5", NULL, "2");
  BnProfile same_house_floor = place ("a", " kerkSTRAAT ", "5", NULL, "2");
  BnProfile same_house = place ("b", "Kerkstraat", "5", NULL, "3");
  BnProfile same_street = place ("c", "Kerkstraat", "7", NULL, "2");
  BnProfile elsewhere = place ("d", "Molenstraat", "5", NULL, "2");
  BnProfile nowhere = place ("e", NULL, NULL, NULL, NULL);
  BnProfile floor_only = place ("f", NULL, NULL, NULL, "2");
  BnProfile tower_me = place ("g", NULL, NULL, "Toren B", "11");
  BnProfile tower_same_floor = place ("h", "Anything", NULL, "toren b", "11");
  BnProfile tower_other_floor = place ("i", NULL, NULL, "Toren B", "4");
  BnProfile empty_me = place ("j", "", "", "", "");
  BnProfile empty_other = place ("k", "", "", "", "");

  g_assert_cmpint (bn_proximity_between (&me, &me), ==, BN_PROXIMITY_ME);
  g_assert_cmpint (bn_proximity_between (&me, &same_house_floor), ==, BN_PROXIMITY_SAME_FLOOR);
  g_assert_cmpint (bn_proximity_between (&me, &same_house), ==, BN_PROXIMITY_SAME_BUILDING);
  g_assert_cmpint (bn_proximity_between (&me, &same_street), ==, BN_PROXIMITY_SAME_STREET);
  g_assert_cmpint (bn_proximity_between (&me, &elsewhere), ==, BN_PROXIMITY_FURTHER);
  g_assert_cmpint (bn_proximity_between (&me, &nowhere), ==, BN_PROXIMITY_FURTHER);
  /* The same floor number in another building is not near. */
  g_assert_cmpint (bn_proximity_between (&me, &floor_only), ==, BN_PROXIMITY_FURTHER);
  g_assert_cmpint (bn_proximity_between (&tower_me, &tower_same_floor), ==, BN_PROXIMITY_SAME_FLOOR);
  g_assert_cmpint (bn_proximity_between (&tower_me, &tower_other_floor), ==, BN_PROXIMITY_SAME_BUILDING);
  /* Places left empty never count as near. */
  g_assert_cmpint (bn_proximity_between (&empty_me, &empty_other), ==, BN_PROXIMITY_FURTHER);
  g_assert_cmpint (bn_proximity_between (NULL, &me), ==, BN_PROXIMITY_FURTHER);
  g_assert_cmpint (bn_proximity_between (&me, NULL), ==, BN_PROXIMITY_FURTHER);

  g_assert_cmpstr (bn_proximity_to_string (BN_PROXIMITY_ME), ==, "me");
  g_assert_cmpstr (bn_proximity_to_string (BN_PROXIMITY_SAME_FLOOR), ==, "floor");
  g_assert_cmpstr (bn_proximity_to_string (BN_PROXIMITY_SAME_BUILDING), ==, "building");
  g_assert_cmpstr (bn_proximity_to_string (BN_PROXIMITY_SAME_STREET), ==, "street");
  g_assert_cmpstr (bn_proximity_to_string (BN_PROXIMITY_FURTHER), ==, "further");
}

static JsonObject *
to_object (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  /* Through text and back, the way a script reads buurtnet-cli --json. */
  g_autofree char *text = json_to_string (owned, FALSE);
  JsonObject *object = bn_json_object_from_string (text);

  g_assert_nonnull (object);
  return object;
}

/* What `buurtnet-cli list --json` promises scripts (issue #2): id, kind,
 * category, title, status, author, author_name, replies. */
static void
test_post_json (void)
{
  BnPost post = {
    .id = "ab", .author = "peer", .author_name = "Ann", .kind = "request",
    .category = "garden", .title = "Hedge", .status = "open", .n_replies = 2,
    .n_thanks = 1, .created_ms = 5, .updated_ms = 6, .proximity = BN_PROXIMITY_SAME_STREET,
  };
  g_autoptr(JsonObject) object = to_object (bn_post_to_json (&post));
  const char *keys[] = { "id", "kind", "category", "title", "status", "author", "author_name", "replies" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
  g_assert_cmpstr (bn_json_get_string (object, "title"), ==, "Hedge");
  g_assert_cmpint (bn_json_get_int (object, "replies", -1), ==, 2);
  g_assert_cmpint (bn_json_get_int (object, "thanks", -1), ==, 1);
  g_assert_cmpstr (bn_json_get_string (object, "proximity"), ==, "street");
  /* Absent fields are null, not missing or empty. */
  g_assert_true (json_object_has_member (object, "body"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "body")));
  g_assert_false (json_object_has_member (object, "expiry"));
}

static void
test_profile_and_note_json (void)
{
  char *talents[] = { "garden", "meals", NULL };
  char *empty[] = { NULL };
  BnProfile profile = {
    .peer_id = "peer", .fingerprint = "abcd efgh", .name = "Ann", .talents = talents,
    .needs = empty, .languages = empty, .connector = TRUE,
  };
  BnNote note = { .id = "cd", .post_id = "ab", .author = "peer", .text = "I can", .accepted = TRUE };
  g_autoptr(JsonObject) p = to_object (bn_profile_to_json (&profile));
  g_autoptr(JsonObject) n = to_object (bn_note_to_json (&note));
  JsonArray *array = bn_json_get_array (p, "talents");

  g_assert_cmpstr (bn_json_get_string (p, "fingerprint"), ==, "abcd efgh");
  g_assert_true (bn_json_get_bool (p, "connector"));
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpuint (json_array_get_length (bn_json_get_array (p, "needs")), ==, 0);
  g_assert_cmpstr (bn_json_get_string (n, "post"), ==, "ab");
  g_assert_cmpstr (bn_json_get_string (n, "text"), ==, "I can");
  g_assert_true (bn_json_get_bool (n, "accepted"));
}

/* Payloads come from other people's machines: members of the wrong type read
 * as absent, never as a critical. */
static void
test_json_accessors_defensive (void)
{
  g_autoptr(JsonObject) o = bn_test_json (
      "{\"s\":\"text\",\"i\":7,\"d\":1.5,\"b\":true,\"n\":null,\"a\":[\"x\",1,null,\"y\",{}],"
      "\"o\":{\"k\":\"v\"}}");
  g_autofree char *csv = NULL;

  g_assert_cmpstr (bn_json_get_string (o, "s"), ==, "text");
  g_assert_null (bn_json_get_string (o, "i"));
  g_assert_null (bn_json_get_string (o, "n"));
  g_assert_null (bn_json_get_string (o, "a"));
  g_assert_null (bn_json_get_string (o, "missing"));
  g_assert_null (bn_json_get_string (NULL, "s"));
  g_assert_cmpint (bn_json_get_int (o, "i", -1), ==, 7);
  g_assert_cmpint (bn_json_get_int (o, "d", -1), ==, -1);
  g_assert_cmpint (bn_json_get_int (o, "s", -1), ==, -1);
  g_assert_true (bn_json_get_bool (o, "b"));
  g_assert_false (bn_json_get_bool (o, "i"));
  g_assert_null (bn_json_get_array (o, "o"));
  g_assert_null (bn_json_get_object (o, "a"));
  g_assert_nonnull (bn_json_get_object (o, "o"));
  csv = bn_json_strings_to_csv (bn_json_get_array (o, "a"));
  g_assert_cmpstr (csv, ==, "x,y");
  g_clear_pointer (&csv, g_free);
  csv = bn_json_strings_to_csv (NULL);
  g_assert_cmpstr (csv, ==, "");
  g_assert_null (bn_json_object_from_string ("[1,2]"));
  g_assert_null (bn_json_object_from_string ("{"));
  g_assert_null (bn_json_object_from_string (NULL));
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add_func ("/buurtnet/core/model/proximity", test_proximity);
  g_test_add_func ("/buurtnet/core/model/post-json", test_post_json);
  g_test_add_func ("/buurtnet/core/model/profile-and-note-json", test_profile_and_note_json);
  g_test_add_func ("/buurtnet/core/model/json-accessors-defensive", test_json_accessors_defensive);

  return g_test_run ();
}
