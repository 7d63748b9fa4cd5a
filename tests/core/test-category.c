/* test-category.c — the help categories: stable wire IDs, labels and icons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-test-helpers.h"

#include <string.h>

/* The IDs are on the wire: peers of every version must agree on them. */
static void
test_stable_ids (void)
{
  const char *expected[] = {
    "errands", "repairs", "garden", "computer", "paperwork", "transport", "meals",
    "company", "listening", "language", "lending", "other",
  };
  guint n = 0;
  const BnCategory *categories = bn_categories (&n);
  g_autofree char *list = bn_category_list_ids (" ");

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected_icon = g_strdup_printf ("bn-category-%s-symbolic", expected[i]);

      g_assert_cmpstr (categories[i].id, ==, expected[i]);
      g_assert_true (bn_category_is_valid (expected[i]));
      g_assert_true (bn_category_lookup (expected[i]) == &categories[i]);
      g_assert_cmpstr (categories[i].icon_name, ==, expected_icon);
      g_assert_cmpuint (strlen (categories[i].label), >, 0);
      g_assert_cmpstr (bn_category_label (expected[i]), !=, "");
    }
  g_assert_cmpstr (list, ==,
                   "errands repairs garden computer paperwork transport meals company "
                   "listening language lending other");
}

static void
test_unknown_ids (void)
{
  const char *unknown[] = { "", "Garden", "garden ", "weapons", "other\n", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (bn_category_is_valid (unknown[i]));
      g_assert_null (bn_category_lookup (unknown[i]));
      /* A category from a newer peer still gets a label: "Other". */
      g_assert_cmpstr (bn_category_label (unknown[i]), ==, bn_category_label ("other"));
    }
}

static void
test_other_vocabularies (void)
{
  g_assert_true (bn_post_kind_is_valid ("request"));
  g_assert_true (bn_post_kind_is_valid ("offer"));
  g_assert_false (bn_post_kind_is_valid ("Request"));
  g_assert_false (bn_post_kind_is_valid (NULL));
  for (const char *const *s = (const char *const[]) { "open", "matched", "done", "withdrawn", NULL }; *s; s++)
    g_assert_true (bn_post_status_is_valid (*s));
  g_assert_false (bn_post_status_is_valid ("closed"));
  g_assert_false (bn_post_status_is_valid (NULL));
  for (const char *const *s = (const char *const[]) { "neighbourhood", "connectors", "people", NULL }; *s; s++)
    g_assert_true (bn_visibility_is_valid (*s));
  g_assert_false (bn_visibility_is_valid ("public"));
  for (const char *const *s = (const char *const[]) { "flexible", "soon", "urgent", NULL }; *s; s++)
    g_assert_true (bn_urgency_is_valid (*s));
  g_assert_false (bn_urgency_is_valid ("now"));
}

int
main (int argc, char *argv[])
{
  bn_test_init (&argc, &argv);

  g_test_add_func ("/buurtnet/core/category/stable-ids", test_stable_ids);
  g_test_add_func ("/buurtnet/core/category/unknown-ids", test_unknown_ids);
  g_test_add_func ("/buurtnet/core/category/other-vocabularies", test_other_vocabularies);

  return g_test_run ();
}
