/* test-hood.c — neighbourhoods: invite codes and discovery tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

static void
assert_same_hood (const BnHood *a, const BnHood *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpmem (a->secret, BN_KEY_LEN, b->secret, BN_KEY_LEN);
  g_assert_cmpmem (a->content_key, BN_KEY_LEN, b->content_key, BN_KEY_LEN);
  g_assert_cmpmem (a->auth_key, BN_KEY_LEN, b->auth_key, BN_KEY_LEN);
  g_assert_cmpmem (a->discovery_key, BN_KEY_LEN, b->discovery_key, BN_KEY_LEN);
  g_assert_cmpmem (a->anchor, BN_HASH_LEN, b->anchor, BN_HASH_LEN);
}

static void
test_round_trip (void)
{
  const char *names[] = { "Rabot", "Sint-Amandsberg Noord", "Brugse Poort — blok C", "x" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnHood) hood = bn_hood_new_random (names[i], &error);
      g_autofree char *code = NULL;
      g_autoptr(BnHood) joined = NULL;

      g_assert_no_error (error);
      code = bn_hood_make_invite (hood);
      g_assert_true (g_str_has_prefix (code, "buurt1-"));
      joined = bn_hood_parse_invite (code, &error);
      g_assert_no_error (error);
      assert_same_hood (hood, joined);
    }
}

static void
test_keys_are_distinct (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnHood) other = bn_hood_new_random ("Rabot", NULL);

  /* Each derived key serves one purpose: none may equal another or the secret. */
  g_assert_true (memcmp (hood->content_key, hood->auth_key, BN_KEY_LEN) != 0);
  g_assert_true (memcmp (hood->content_key, hood->discovery_key, BN_KEY_LEN) != 0);
  g_assert_true (memcmp (hood->auth_key, hood->discovery_key, BN_KEY_LEN) != 0);
  g_assert_true (memcmp (hood->content_key, hood->secret, BN_KEY_LEN) != 0);
  g_assert_true (memcmp (hood->anchor, hood->content_key, BN_HASH_LEN) != 0);
  /* Two neighbourhoods of the same name are still two neighbourhoods. */
  g_assert_true (memcmp (hood->secret, other->secret, BN_KEY_LEN) != 0);
  g_assert_true (memcmp (hood->anchor, other->anchor, BN_HASH_LEN) != 0);
}

/* Every single-character mistake in the code's body is caught: the parse fails
 * with TYPO (or INVALID), or, where the "mistake" is only a change of case, gives
 * the very same neighbourhood. Never a neighbourhood with another secret. */
static void
test_every_substitution_caught (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("De Muide", NULL);
  g_autofree char *code = bn_hood_make_invite (hood);
  const char *body = code + strlen ("buurt1");
  const char *substitutes = "abcdefghijklmnopqrstuvwxyz234567ABCXYZ01890!";
  guint tried = 0, refused = 0;

  for (gsize i = body - code; code[i] != '\0'; i++)
    {
      if (code[i] == '-')
        continue;
      for (const char *s = substitutes; *s; s++)
        {
          g_autofree char *typo = g_strdup (code);
          g_autoptr(GError) error = NULL;
          g_autoptr(BnHood) parsed = NULL;

          if (*s == code[i])
            continue;
          typo[i] = *s;
          tried++;
          parsed = bn_hood_parse_invite (typo, &error);
          if (parsed == NULL)
            {
              g_assert_true (g_error_matches (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO)
                             || g_error_matches (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID));
              g_assert_cmpstr (error->message, !=, "");
              refused++;
              continue;
            }
          /* Accepted: only a change of case may be, and it is the same hood. */
          g_assert_cmpint (g_ascii_tolower (*s), ==, code[i]);
          assert_same_hood (hood, parsed);
        }
    }
  g_assert_cmpuint (tried, >, 60 * 40);
  g_assert_cmpuint (refused, >, tried * 9 / 10);
  g_test_message ("%u substitutions tried, %u refused", tried, refused);
}

static void
test_typo_message (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autofree char *code = bn_hood_make_invite (hood);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHood) parsed = NULL;
  gsize last = strlen (code) - 3;

  code[last] = code[last] == 'q' ? 'r' : 'q';
  parsed = bn_hood_parse_invite (code, &error);
  g_assert_null (parsed);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO);
  g_assert_nonnull (strstr (error->message, "typo"));
}

static void
test_dropped_and_swapped_characters (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Ledeberg", NULL);
  g_autofree char *code = bn_hood_make_invite (hood);
  gsize start = strlen ("buurt1-");

  for (gsize i = start; code[i + 1] != '\0'; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnHood) parsed = NULL;
      g_autofree char *dropped = g_strdup (code);
      g_autofree char *swapped = g_strdup (code);
      char c;

      if (code[i] == '-')
        continue;
      memmove (dropped + i, dropped + i + 1, strlen (dropped + i));
      parsed = bn_hood_parse_invite (dropped, &error);
      g_assert_null (parsed);
      g_assert_nonnull (error);
      g_clear_error (&error);

      if (code[i + 1] == '-' || code[i] == code[i + 1])
        continue;
      c = swapped[i];
      swapped[i] = swapped[i + 1];
      swapped[i + 1] = c;
      parsed = bn_hood_parse_invite (swapped, &error);
      g_assert_null (parsed);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO);
    }
}

static void
test_lenient_about_layout (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autofree char *code = bn_hood_make_invite (hood);
  g_autofree char *upper = g_ascii_strup (code, -1);
  g_auto(GStrv) groups = g_strsplit (code, "-", -1);
  g_autofree char *spaced = g_strjoinv (" ", groups);
  g_autofree char *joined = g_strjoinv ("", groups);
  g_autofree char *lines = g_strjoinv ("\n  ", groups);
  g_autofree char *padded = g_strdup_printf ("  %s \n", code);
  const char *variants[] = { upper, spaced, joined, lines, padded };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnHood) parsed = bn_hood_parse_invite (variants[i], &error);

      g_assert_no_error (error);
      assert_same_hood (hood, parsed);
    }
}

static void
test_not_an_invite (void)
{
  const char *texts[] = {
    "", "hello", "https://buurtnet.be/", "buurt2-abcde-fghij",
    "mzxw6-ytboi-mzxw6-ytboi", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnHood) parsed = bn_hood_parse_invite (texts[i], &error);

      g_assert_null (parsed);
      g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "invite"));
    }

  /* The right prefix with a body too short or not base32: a typo, not a crash. */
  {
    const char *broken[] = { "buurt1-", "buurt1-aaaaa", "buurt1-!!!!!-?????", "buurt1-00000-11111" };
    for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(BnHood) parsed = bn_hood_parse_invite (broken[i], &error);

        g_assert_null (parsed);
        g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TYPO);
      }
  }
}

static void
test_name_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = g_strnfill (BN_HOOD_NAME_MAX, 'a');
  g_autofree char *too_long = g_strnfill (BN_HOOD_NAME_MAX + 1, 'a');
  g_autoptr(BnHood) ok = bn_hood_new_random (longest, &error);
  g_autoptr(BnHood) trimmed = NULL;
  BnHood *hood;

  g_assert_no_error (error);
  g_assert_cmpstr (ok->name, ==, longest);

  hood = bn_hood_new_random (too_long, &error);
  g_assert_null (hood);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);

  {
    const char *empties[] = { "", "   ", "\t\n", NULL };
    for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
      {
        hood = bn_hood_new_random (empties[i], &error);
        g_assert_null (hood);
        g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
        g_clear_error (&error);
      }
  }

  hood = bn_hood_new_random ("\xff\xfe not utf-8", &error);
  g_assert_null (hood);
  g_assert_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID);
  g_clear_error (&error);

  trimmed = bn_hood_new_random ("  Rabot  ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trimmed->name, ==, "Rabot");
}

/* An invite whose name is too long (made by a hand-built code with a valid
 * checksum) is refused rather than giving a neighbourhood nobody could invite to. */
static void
test_invite_with_long_name_refused (void)
{
  guint8 secret[BN_KEY_LEN];
  g_autofree char *name = g_strnfill (BN_HOOD_NAME_MAX + 10, 'b');
  g_autoptr(BnHood) hood = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnHood) parsed = NULL;

  randombytes_buf (secret, sizeof secret);
  hood = bn_hood_new_from_secret (name, secret);
  code = bn_hood_make_invite (hood);
  parsed = bn_hood_parse_invite (code, &error);
  g_assert_null (parsed);
  g_assert_nonnull (error);
}

static void
test_discovery_tag (void)
{
  g_autoptr(BnHood) hood = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnHood) other = bn_hood_new_random ("Rabot", NULL);
  g_autoptr(BnHood) same = bn_hood_new_from_secret ("Rabot", hood->secret);
  g_autoptr(GDateTime) morning = g_date_time_new_utc (2026, 11, 23, 0, 0, 1);
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2026, 11, 23, 23, 59, 59);
  g_autoptr(GDateTime) next_day = g_date_time_new_utc (2026, 11, 24, 0, 0, 0);
  g_autoptr(GTimeZone) brussels = g_time_zone_new_identifier ("+01:00");
  /* 00:30 in Brussels on the 24th is still the 23rd in UTC. */
  g_autoptr(GDateTime) local = g_date_time_new (brussels, 2026, 11, 24, 0, 30, 0);
  g_autofree char *tag = bn_hood_discovery_tag (hood, morning);
  g_autofree char *tag_evening = bn_hood_discovery_tag (hood, evening);
  g_autofree char *tag_next = bn_hood_discovery_tag (hood, next_day);
  g_autofree char *tag_local = bn_hood_discovery_tag (hood, local);
  g_autofree char *tag_other = bn_hood_discovery_tag (other, morning);
  g_autofree char *tag_same = bn_hood_discovery_tag (same, morning);

  g_assert_cmpuint (strlen (tag), ==, BN_DISCOVERY_TAG_LEN * 2);
  g_assert_cmpstr (tag, ==, tag_evening);
  g_assert_cmpstr (tag, ==, tag_local);
  g_assert_cmpstr (tag, ==, tag_same);
  g_assert_cmpstr (tag, !=, tag_next);
  g_assert_cmpstr (tag, !=, tag_other);
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add_func ("/buurtnet/core/hood/round-trip", test_round_trip);
  g_test_add_func ("/buurtnet/core/hood/keys-are-distinct", test_keys_are_distinct);
  g_test_add_func ("/buurtnet/core/hood/every-substitution-caught", test_every_substitution_caught);
  g_test_add_func ("/buurtnet/core/hood/typo-message", test_typo_message);
  g_test_add_func ("/buurtnet/core/hood/dropped-and-swapped-characters", test_dropped_and_swapped_characters);
  g_test_add_func ("/buurtnet/core/hood/lenient-about-layout", test_lenient_about_layout);
  g_test_add_func ("/buurtnet/core/hood/not-an-invite", test_not_an_invite);
  g_test_add_func ("/buurtnet/core/hood/name-rules", test_name_rules);
  g_test_add_func ("/buurtnet/core/hood/invite-with-long-name-refused", test_invite_with_long_name_refused);
  g_test_add_func ("/buurtnet/core/hood/discovery-tag", test_discovery_tag);

  return g_test_run ();
}
