/* test-json.c — the one reader of payloads (bn-json-fields.c): RFC 8259 and the
 * refusals of docs/protocol.md §5.2, the table of texts there, a second judge
 * (bn-json-check.c) and json-glib's tree agreeing with it on every text, and the
 * same decoded payload from a text and from a front end's tree
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

/* A text the reader must read (and the second judge and json-glib with it). */
static BnJsonFields *
read_ok (const char *text)
{
  BnJsonFields *fields = bn_json_fields_new (text, -1);

  assert_agrees (text, -1);
  if (fields == NULL)
    g_error ("refused %s", text);
  return fields;
}

static void
assert_refused (const char *text, gssize len)
{
  g_autoptr(BnJsonFields) fields = bn_json_fields_new (text, len);
  g_autoptr(JsonObject) object = bn_json_parse_object (text, len);

  assert_agrees (text, len);
  if (fields != NULL || object != NULL)
    g_error ("read %s", text);
}

static void
test_plain (void)
{
  const char *text = "{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Boodschappen \\\"zaterdag\\\"\","
                     "\"body\":\"line\\nline\\t\\\\\",\"expiry\":-12,\"urgent\":true,\"no\":false,"
                     "\"none\":null,\"to\":[\"a\",1,{\"k\":\"v\"},[],\"b\"],\"place\":{\"street\":\"Rue Haute\"},"
                     "\"empty\":{},\"é\":\"ç\"}";
  g_autoptr(BnJsonFields) fields = read_ok (text);
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

/* All of RFC 8259 that a payload can hold. */
static void
test_rfc8259 (void)
{
  g_autoptr(BnJsonFields) escaped = read_ok ("{\"a\":\"caf\\u00e9 \\ud83d\\ude00 \\u00E9\\u001f\\uFFFF\"}");
  g_autoptr(BnJsonFields) fraction = read_ok ("{\"a\":1.5,\"b\":2,\"c\":1.0,\"d\":-0.0}");
  g_autoptr(BnJsonFields) exponent = read_ok ("{\"a\":1e2,\"b\":1E+2,\"c\":-1e-400,\"d\":1.7976931348623157e308}");
  g_autoptr(BnJsonFields) ints = read_ok ("{\"a\":9223372036854775807,\"b\":-9223372036854775808,\"c\":-0}");
  g_autoptr(BnJsonFields) spaces = read_ok (" \r\n\t{\r\n\"a\"\r:\t1 ,\"b\" :[ ]\n}\r\n ");
  g_autoptr(BnJsonFields) names = read_ok ("{\"a\\n\":1,\"an\":2,\"\":3,\"a\\u0062\":4}");
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(BnJsonFields) deep_fields = NULL;
  const BnJsonFields *inner;

  g_assert_cmpstr (bn_json_fields_get_string (escaped, "a"), ==, "café 😀 é\x1f\xef\xbf\xbf");
  g_assert_cmpint (bn_json_value_get_kind (bn_json_fields_get_member (fraction, "a")), ==,
                   BN_JSON_KIND_DOUBLE);
  g_assert_cmpfloat (bn_json_value_get_double (bn_json_fields_get_member (fraction, "a")), ==, 1.5);
  /* An integer member written with a fraction or an exponent counts as absent. */
  g_assert_cmpint (bn_json_fields_get_int (fraction, "a", -1), ==, -1);
  g_assert_cmpint (bn_json_fields_get_int (fraction, "b", -1), ==, 2);
  g_assert_cmpint (bn_json_fields_get_int (fraction, "c", -1), ==, -1);
  g_assert_cmpint (bn_json_fields_get_int (exponent, "a", -1), ==, -1);
  g_assert_cmpfloat (bn_json_value_get_double (bn_json_fields_get_member (exponent, "b")), ==, 100);
  g_assert_cmpfloat (bn_json_value_get_double (bn_json_fields_get_member (exponent, "c")), ==, 0);
  g_assert_cmpint (bn_json_fields_get_int (ints, "a", 0), ==, G_MAXINT64);
  g_assert_cmpint (bn_json_fields_get_int (ints, "b", 0), ==, G_MININT64);
  g_assert_cmpint (bn_json_fields_get_int (ints, "c", -1), ==, 0);
  g_assert_cmpint (bn_json_fields_get_int (spaces, "a", 0), ==, 1);
  g_assert_nonnull (bn_json_fields_get_array (spaces, "b"));
  g_assert_cmpint (bn_json_fields_get_int (names, "a\n", 0), ==, 1);
  g_assert_cmpint (bn_json_fields_get_int (names, "an", 0), ==, 2);
  g_assert_cmpint (bn_json_fields_get_int (names, "", 0), ==, 3);
  g_assert_cmpint (bn_json_fields_get_int (names, "ab", 0), ==, 4);

  /* 32 deep, the object counting as one, and no deeper. */
  for (guint i = 0; i < 31; i++)
    g_string_append (deep, "[");
  g_string_append (deep, "\"bottom\"");
  for (guint i = 0; i < 31; i++)
    g_string_append (deep, "]");
  g_string_append (deep, "}");
  deep_fields = read_ok (deep->str);
  inner = bn_json_fields_get_array (deep_fields, "a");
  for (guint i = 0; i < 30; i++)
    {
      BnJsonIter iter;
      bn_json_iter_init (&iter, inner);
      inner = bn_json_iter_next (&iter);
    }
  {
    BnJsonIter iter;
    bn_json_iter_init (&iter, inner);
    g_assert_cmpstr (bn_json_value_get_string (bn_json_iter_next (&iter)), ==, "bottom");
  }
  g_string_insert_c (deep, 5, '[');
  g_string_insert_c (deep, deep->len - 1, ']');
  assert_refused (deep->str, -1);
}

/* JSON json-glib 1.6 read and the fold folded, which RFC 8259 or §5.2 refuse. */
static void
test_refused_now (void)
{
  const char *texts[] = {
    "{\"a\":\"\\x41\"}", "{\"a\":\"\\'\"}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":.5}",
    "{\"a\":0x10}", "{\"a\":1.}", "{\"a\":1.e3}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":--1}",
    "{\"a\":12345678901234567890}", "{\"a\":9223372036854775808}",
    "{\"a\":-9223372036854775809}", "{\"a\":1E400}", "{\"a\":-1e309}",
    "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":{\"b\":1,\"b\":2}}}", "{\"a\":1,\"\\u0061\":1}",
    "{\"a\":\"x\\u0000y\"}", "{\"\\u0000\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_refused (texts[i], -1);
}

/* A member named twice in a large object, wherever the two are: the reader
 * checks small objects one way and large ones another. */
static void
test_named_twice_large (void)
{
  const guint sizes[] = { 15, 16, 17, 40, 2000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s];
      g_autoptr(GString) unique = g_string_new ("{");
      g_autoptr(BnJsonFields) fields = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append_printf (unique, "%s\"m%u\":%u", i > 0 ? "," : "", i, i);
      g_string_append_c (unique, '}');
      fields = read_ok (unique->str);
      g_assert_cmpuint (bn_json_value_get_size (fields), ==, n);
      /* the last member again under the name of the first, the middle or the last
       * but one */
      for (guint twin = 0; twin < 3; twin++)
        {
          guint other = twin == 0 ? 0 : twin == 1 ? n / 2 : n - 2;
          g_autoptr(GString) text = g_string_new (unique->str);

          g_string_truncate (text, text->len - 1);
          g_string_append_printf (text, ",\"m%u\":0}", other);
          assert_refused (text->str, -1);
        }
    }
}

/* Not one object, or not JSON at all. */
static void
test_refused (void)
{
  const char *texts[] = {
    "", " ", "[1]", "\"x\"", "1", "{", "{\"a\":1", "{\"a\":1} x", "{\"a\":1}{\"b\":2}",
    "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\":\"\\ud83d\\ud83d\"}",
    "{\"a\":\"\\ud83d\\u0041\"}", "{\"a\":\"\\uzzzz\"}", "{\"a\":\"\\u12\"}", "{\"a\" 1}",
    "{\"a\":1,}", "{,}", "{\"a\":[1,]}", "{'a':1}", "{a:1}", "{\"a\":tru}", "{\"a\":truex}",
    "{\"a\":True}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":+1}",
    "{\"a\":1}/*c*/", "{\"a\":/*c*/1}", "{\"a\":1 // c\n}", "var x = {\"a\":1};",
    "/*c*/{\"a\":1}", "{\"a\":1}\n{\"a\":2}", "\"to\"{\"type\":\"post\"}", "1 {\"a\":1}",
    "{\"a\":1}]", "{\"a\":1.5}{}",
    /* control characters as themselves in a string; white space JSON does not have */
    "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":\"\x1f\"}", "{\"a\":\"\r\"}",
    "\f{\"a\":1}", "{\"a\":1}\v", "{\"a\":\302\2401}",
    /* bytes that are not UTF-8, in a string or out of one */
    "{\"a\":\"\xff\"}", "{\"a\":\"\xc3\"}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}",
    "{\"a\":\"\xf4\x90\x80\x80\"}", "{\"\xe9\":1}", "\xef\xbb\xbf{\"a\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_refused (texts[i], -1);
  /* A NUL inside the text, and as the whole of it. */
  assert_refused ("{\"a\":1}\0", 8);
  assert_refused ("{\"a\":\"x\0y\"}", 11);
  assert_refused ("\0", 1);
}

/* The table of docs/protocol.md §5.2: each text, and whether it is a payload. */
static void
test_protocol_table (void)
{
  g_autofree char *doc = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_section = FALSE;
  guint rows = 0, payloads = 0;

  g_assert_true (g_file_get_contents (BN_PROTOCOL_DOC, &doc, NULL, NULL));
  lines = g_strsplit (doc, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *end;
      g_autofree char *text = NULL;
      gboolean payload;
      g_autoptr(BnJsonFields) fields = NULL;

      if (g_str_has_prefix (line, "#"))
        in_section = g_str_has_prefix (line, "### 5.2 ");
      if (!in_section || !g_str_has_prefix (line, "| `"))
        continue;
      end = strstr (line, "` | ");
      g_assert_nonnull (end);
      text = g_strndup (line + 3, end - (line + 3));
      if (g_str_has_prefix (end, "` | payload |"))
        payload = TRUE;
      else if (g_str_has_prefix (end, "` | not a payload |"))
        payload = FALSE;
      else
        g_error ("docs/protocol.md §5.2: no verdict on the row of %s", text);
      fields = bn_json_fields_new (text, -1);
      assert_agrees (text, -1);
      if ((fields != NULL) != payload)
        g_error ("docs/protocol.md §5.2 says %s is %s, the reader %s it", text,
                 payload ? "a payload" : "not a payload", fields ? "reads" : "refuses");
      rows++;
      payloads += payload;
      /* the row of the escaped title */
      if (fields != NULL && strstr (text, "ude00") != NULL)
        g_assert_cmpstr (bn_json_fields_get_string (fields, "title"), ==, "Café 😀");
    }
  g_assert_cmpuint (rows, >=, 25);
  g_assert_cmpuint (payloads, >=, 6);
}

/* Read, but not as json-glib's generator writes it: written back as json-glib
 * writes its tree, and always as JSON that reads back the same. */
static void
test_written_back (void)
{
  const struct { const char *text, *written; } texts[] = {
    { "{\"a\": 1}", "{\"a\":1}" },
    { "{\"a\":1}\r\n", "{\"a\":1}" },
    { "{\"a\":\"x\\/y\"}", "{\"a\":\"x/y\"}" },
    { "{\"a\":\"\x7f\"}", "{\"a\":\"\\u007f\"}" },
    { "{\"a\":\"\\u0041\\u00e9\\u0001\\u000a\"}", "{\"a\":\"A\xc3\xa9\\u0001\\n\"}" },
    { "{\"a\":-0}", "{\"a\":0}" },
    { "{\"a\":[1.5, 1e2, 0.1]}", "{\"a\":[1.5,100.0,0.10000000000000001]}" },
    /* json-glib writes 1e+22.0, which is no JSON */
    { "{\"a\":1e22}", "{\"a\":1e+22}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(BnJsonFields) fields = read_ok (texts[i].text);
      g_autofree char *written = bn_json_fields_to_string (fields);

      g_assert_cmpstr (written, ==, texts[i].written);
    }
}

/* The reader, the second judge and json-glib on texts broken at random around
 * the edge cases (20,000 of them, from a fixed seed). */
static void
test_agree_at_random (void)
{
  static const char *const texts[] = {
    "{}", " { } ", "{\"a\":1}", "{\"a\":-12,\"b\":0,\"c\":123456789012345678}",
    "{\"a\":1234567890123456789}", "{\"a\":9223372036854775807}", "{\"a\":-9223372036854775808}",
    "{\"a\":01}", "{\"a\":-0}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":-0.5E-3}", "{\"a\":1e308}",
    "{\"a\":-}", "{\"a\":0x10}", "{\"a\":1a}",
    ("{\"type\":\"post\",\"kind\":\"request\",\"title\":\"Boodschappen\",\"body\":\"Wie kan me helpen?\\nDank u!\","
     "\"tags\":[\"a\",\"b\"],\"place\":{\"street\":\"Rue Haute\",\"building\":\"12\"},\"n\":null,\"ok\":true,\"no\":false}"),
    "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "{\"s\":\"\\u00e9\\u0000x\"}", "{\"s\":\"\\ud83d\\ude00\"}",
    "{\"s\":\"\\ud83d\"}", "{\"s\":\"caf\xc3\xa9 l\xe2\x80\x99\xc3\xa9t\xc3\xa9\"}", "{\"s\":\"\\x\"}",
    "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":[]}}", "{\"a\":[1,2,]}", "{\"a\":1,}", "{,}",
    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "{\"a\":1}x", "{\"a\":1} ", "{\"a\":1}\r\n", "{\r\"a\":1}", "{\"a\":True}", "{\"a\":nul}",
    "{\"a\":truex}", "[1]", "\"a\"", "1", "", " ", "{\"a\":1}{}", "{'a':1}", "{a:1}",
    "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", "{\"\":\"\"}", "{\"a\":[]}",
    "{\"a\":[{}]}", "{\"a\":/*c*/1}", "{\"a\":1 // c\n}", "{\"a\" : [ 1 , \"x\" , { } ] }",
  };
  static const char pieces[] = "{}[]\":,\\-01e.tfnu \n\r\tax\xc3\xa9\x80";
  GRand *rand = g_rand_new_with_seed (15);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_agrees (texts[i], -1);
  for (guint round = 0; round < 20000; round++)
    {
      const char *seed = texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))];
      g_autoptr(GString) text = g_string_new (seed);
      guint changes = g_rand_int_range (rand, 1, 4);

      for (guint c = 0; c < changes && text->len > 0; c++)
        {
          guint at = g_rand_int_range (rand, 0, text->len);
          char piece = pieces[g_rand_int_range (rand, 0, sizeof pieces - 1)];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0: text->str[at] = piece; break;
            case 1: g_string_insert_c (text, at, piece); break;
            default: g_string_erase (text, at, 1); break;
            }
        }
      assert_agrees (text->str, (gssize) text->len);
    }
  g_rand_free (rand);
}

/* One decoder per type: a post read by either path decodes to the same post. */
static void
test_decoders (void)
{
  g_autoptr(BnJsonFields) plain = read_ok (
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"garden\",\"title\":\"Café\","
      "\"to\":[\"x\",3,\"y\"],\"expiry\":42}");
  g_autoptr(BnJsonFields) odd = read_ok (
      "{\"type\":\"post\",\"kind\":\"request\",\"category\":\"garden\",\"title\":\"Caf\\u00e9\",\r\n"
      "\"to\":[\"x\",3,\"y\"],\"expiry\":42, \"n\":1.5}");
  g_autoptr(BnJsonFields) event = read_ok (
      "{\"type\":\"status\", \"post\":\"" POST_ID "\",\"status\":\"done\"}");
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
  g_test_add_func ("/buurtnet/core/json/rfc8259", test_rfc8259);
  g_test_add_func ("/buurtnet/core/json/refused-now", test_refused_now);
  g_test_add_func ("/buurtnet/core/json/refused", test_refused);
  g_test_add_func ("/buurtnet/core/json/named-twice-large", test_named_twice_large);
  g_test_add_func ("/buurtnet/core/json/protocol-table", test_protocol_table);
  g_test_add_func ("/buurtnet/core/json/written-back", test_written_back);
  g_test_add_func ("/buurtnet/core/json/agree-at-random", test_agree_at_random);
  g_test_add_func ("/buurtnet/core/json/decoders", test_decoders);
  return g_test_run ();
}
