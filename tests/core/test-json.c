/* test-json.c — the flat reader of payloads (bn-json-fields.c): the same answers
 * as json-glib's tree for every text, the odd ones included, and the same
 * decoded payload whichever path read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"
#include "bn-json-agree.h"
#include "bn-payload-types.h"
#include "bn-payload-event.h"

#include <string.h>

#define POST_ID "3f9c1a2b7d40e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4"

static void
assert_agrees (const char *text, gssize len)
{
  g_autofree char *why = bn_json_agree (text, len);

  if (why != NULL)
    g_error ("%s: %s", text, why);
}

/* Read by the flat reader's own pass (TRUE) or by json-glib (FALSE). */
static BnJsonFields *
read_by (const char *text, gboolean plain)
{
  BnJsonFields *fields = bn_json_fields_new (text, -1);

  assert_agrees (text, -1);
  g_assert_nonnull (fields);
  g_assert_cmpint (bn_json_fields_came_plain (fields), ==, plain);
  return fields;
}

static void
test_plain (void)
{
  const char *text = "{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Boodschappen \\\"zaterdag\\\"\","
                     "\"body\":\"line\\nline\\t\\\\\",\"expiry\":-12,\"urgent\":true,\"no\":false,"
                     "\"none\":null,\"to\":[\"a\",1,{\"k\":\"v\"},[],\"b\"],\"place\":{\"street\":\"Rue Haute\"},"
                     "\"empty\":{},\"é\":\"ç\"}";
  g_autoptr(BnJsonFields) fields = read_by (text, TRUE);
  g_autofree char *csv = bn_json_fields_strings_to_csv (bn_json_fields_get_array (fields, "to"));
  g_autofree char *written = bn_json_fields_to_string (fields);

  g_assert_cmpstr (bn_json_fields_get_string (fields, "title"), ==, "Boodschappen \"zaterdag\"");
  g_assert_cmpstr (bn_json_fields_get_string (fields, "body"), ==, "line\nline\t\\");
  g_assert_cmpint (bn_json_fields_get_int (fields, "expiry", 0), ==, -12);
  g_assert_cmpint (bn_json_fields_get_int (fields, "title", 5), ==, 5);
  g_assert_true (bn_json_fields_get_bool (fields, "urgent"));
  g_assert_false (bn_json_fields_get_bool (fields, "no"));
  g_assert_null (bn_json_fields_get_string (fields, "none"));
  g_assert_cmpstr (csv, ==, "a,b");
  g_assert_cmpstr (bn_json_fields_get_string (bn_json_fields_get_object (fields, "place"), "street"),
                   ==, "Rue Haute");
  g_assert_null (bn_json_fields_get_string (bn_json_fields_get_object (fields, "none"), "street"));
  g_assert_cmpstr (bn_json_fields_get_string (fields, "é"), ==, "ç");
  g_assert_null (bn_json_fields_get_member (fields, "missing"));
  /* What Buurtnet writes is written back as it is, with no tree. */
  g_assert_cmpstr (written, ==, text);
}

/* What the plain pass leaves to json-glib: the same answers all the same. */
static void
test_odd (void)
{
  g_autoptr(BnJsonFields) escaped = read_by ("{\"a\":\"caf\\u00e9 \\ud83d\\ude00\"}", FALSE);
  g_autoptr(BnJsonFields) fraction = read_by ("{\"a\":1.5,\"b\":2}", FALSE);
  g_autoptr(BnJsonFields) exponent = read_by ("{\"a\":1e2}", FALSE);
  g_autoptr(BnJsonFields) twice = read_by ("{\"a\":1,\"b\":2,\"a\":\"again\"}", FALSE);
  g_autoptr(BnJsonFields) long_int = read_by ("{\"a\":12345678901234567890}", FALSE);
  g_autoptr(BnJsonFields) crlf = read_by ("{\"a\":\r\n1}", FALSE);
  g_autoptr(BnJsonFields) nul = read_by ("{\"a\":\"x\\u0000y\"}", FALSE);
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(BnJsonFields) deep_fields = NULL;
  const BnJsonFields *inner;

  g_assert_cmpstr (bn_json_fields_get_string (escaped, "a"), ==, "café 😀");
  g_assert_cmpint (bn_json_fields_get_int (fraction, "a", -1), ==, -1);
  g_assert_cmpint (bn_json_fields_get_int (fraction, "b", -1), ==, 2);
  g_assert_cmpint (bn_json_value_get_kind (bn_json_fields_get_member (exponent, "a")), ==,
                   BN_JSON_KIND_DOUBLE);
  /* A member named twice: the last value, in the first one's place. */
  g_assert_cmpstr (bn_json_fields_get_string (twice, "a"), ==, "again");
  g_assert_cmpuint (bn_json_value_get_size (twice), ==, 2);
  g_assert_cmpint (bn_json_value_get_kind (bn_json_fields_get_member (long_int, "a")), ==,
                   BN_JSON_KIND_INTEGER);
  g_assert_cmpint (bn_json_fields_get_int (crlf, "a", 0), ==, 1);
  g_assert_cmpstr (bn_json_fields_get_string (nul, "a"), ==, "x");

  /* Past a depth of 32, json-glib reads it. */
  for (guint i = 0; i < 33; i++)
    g_string_append (deep, "[");
  g_string_append (deep, "\"bottom\"");
  for (guint i = 0; i < 33; i++)
    g_string_append (deep, "]");
  g_string_append (deep, "}");
  deep_fields = read_by (deep->str, FALSE);
  inner = bn_json_fields_get_array (deep_fields, "a");
  for (guint i = 0; i < 33; i++)
    {
      BnJsonIter iter;
      bn_json_iter_init (&iter, inner);
      inner = bn_json_iter_next (&iter);
    }
  g_assert_cmpstr (bn_json_value_get_string (inner), ==, "bottom");
}

/* Read by the plain pass, but not as json-glib's generator writes it: written
 * back as json-glib writes its tree. */
static void
test_written_back (void)
{
  const char *texts[] = {
    "{\"a\": 1}",
    "{\"a\":1}\n",
    "{\"a\":\"x\\/y\"}",
    "{\"a\":\"\x7f\"}",
    "{\"a\":[1, 2]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(BnJsonFields) fields = read_by (texts[i], TRUE);
      g_autofree char *written = bn_json_fields_to_string (fields);

      g_assert_cmpstr (written, !=, texts[i]);
    }
}

/* Not one object: refused either way. */
static void
test_refused (void)
{
  const char *texts[] = {
    "", "[1]", "\"x\"", "{", "{\"a\":1", "{\"a\":1} x", "{\"a\":1}{\"b\":2}",
    "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\" 1}", "{\"a\":1,}",
    "{'a':1}", "{\"a\":tru}", "{\"a\":1}/*c*/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(BnJsonFields) fields = bn_json_fields_new (texts[i], -1);

      assert_agrees (texts[i], -1);
      if (fields != NULL)
        g_error ("read “%s”", texts[i]);
    }
  /* A NUL inside the text. */
  assert_agrees ("{\"a\":1}\0", 8);
  g_assert_null (bn_json_fields_new ("{\"a\":1}\0", 8));
}

/* Leading white space and a few more that json-glib reads and the plain pass
 * does not: the same answers. */
static void
test_agree_more (void)
{
  const char *texts[] = {
    " {\"a\":1}", "{\"a\":-0}", "{\"a\":1E400}", "{\"a\":0.1,\"b\":[1.0,-2.5e-3]}",
    "{\"\\u0061\":\"\\u0062\",\"a\":[]}", "{\"a\":{\"b\":{\"b\":1,\"b\":2}}}",
    "{\"a\":\"\x1f\"}", "{\"a\":-}", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":\"\xff\"}",
    "{\"a\":\"\t\"}", "{\"a\":[,]}", "{}", "{\"\":\"\"}",
    /* 19 digits: read by json-glib, with no overflow on the way (UBSan). */
    "{\"a\":[9223744073709551614,-9999999999999999999,999999999999999999]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_agrees (texts[i], -1);
}

/* One decoder per type: a post read by either path decodes to the same post. */
static void
test_decoders (void)
{
  g_autoptr(BnJsonFields) plain = read_by (
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"garden\",\"title\":\"Café\","
      "\"to\":[\"x\",3,\"y\"],\"expiry\":42}", TRUE);
  g_autoptr(BnJsonFields) odd = read_by (
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"garden\",\"title\":\"Caf\\u00e9\","
      "\"to\":[\"x\",3,\"y\"],\"expiry\":42,\"kind\":\"request\"}", FALSE);
  g_autoptr(BnJsonFields) event = read_by (
      "{\"type\":\"status\", \"post\":\"" POST_ID "\",\"status\":\"done\"}", TRUE);
  g_autoptr(BnPostPayload) a = NULL, b = NULL;
  g_autoptr(BnPostEventPayload) status = NULL;
  g_autoptr(JsonObject) tree = NULL;
  g_autoptr(BnJsonFields) from_tree = NULL;
  g_autoptr(BnPostPayload) c = NULL;
  const char *why = NULL;

  a = bn_post_payload_decode (plain, &why);
  b = bn_post_payload_decode (odd, &why);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->category, ==, b->category);
  g_assert_cmpint (a->expiry_ms, ==, b->expiry_ms);
  g_assert_cmpstrv (a->to, b->to);
  g_assert_cmpstr (a->to[1], ==, "y");

  /* A front end's tree, read flat for the same decoder. */
  tree = bn_post_payload_encode (a);
  from_tree = bn_json_fields_new_from_object (tree);
  c = bn_post_payload_decode (from_tree, &why);
  g_assert_cmpstr (c->title, ==, "Café");
  g_assert_cmpint (c->expiry_ms, ==, 42);

  /* The event's data is what json-glib writes, whatever the spacing. */
  status = bn_post_event_payload_decode (event, &why);
  g_assert_nonnull (status);
  g_assert_cmpstr (status->status, ==, "done");
  g_assert_cmpstr (status->data, ==,
                   "{\"type\":\"status\",\"post\":\"" POST_ID "\",\"status\":\"done\"}");
}

int
main (int argc, char **argv)
{
  bn_test_init (&argc, &argv);
  g_test_add_func ("/buurtnet/core/json/plain", test_plain);
  g_test_add_func ("/buurtnet/core/json/odd", test_odd);
  g_test_add_func ("/buurtnet/core/json/written-back", test_written_back);
  g_test_add_func ("/buurtnet/core/json/refused", test_refused);
  g_test_add_func ("/buurtnet/core/json/agree-more", test_agree_more);
  g_test_add_func ("/buurtnet/core/json/decoders", test_decoders);
  return g_test_run ();
}
