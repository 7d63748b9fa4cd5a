/* bn-category.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-category.h"

#include <glib/gi18n-lib.h>

static const BnCategory categories[] = {
  { "errands",   N_("Errands & groceries"),    "bn-category-errands-symbolic" },
  { "repairs",   N_("Small jobs & repairs"),   "bn-category-repairs-symbolic" },
  { "garden",    N_("Garden"),                 "bn-category-garden-symbolic" },
  { "computer",  N_("Computer & phone"),       "bn-category-computer-symbolic" },
  { "paperwork", N_("Paperwork"),              "bn-category-paperwork-symbolic" },
  { "transport", N_("Transport & lifts"),      "bn-category-transport-symbolic" },
  { "meals",     N_("Cooking & meals"),        "bn-category-meals-symbolic" },
  { "company",   N_("Company & walks"),        "bn-category-company-symbolic" },
  { "listening", N_("A listening ear"),        "bn-category-listening-symbolic" },
  { "language",  N_("Language practice"),      "bn-category-language-symbolic" },
  { "lending",   N_("Lending things"),         "bn-category-lending-symbolic" },
  { "other",     N_("Other"),                  "bn-category-other-symbolic" },
};

const BnCategory *
bn_categories (guint *n_categories)
{
  *n_categories = G_N_ELEMENTS (categories);
  return categories;
}

const BnCategory *
bn_category_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (categories); i++)
    if (g_str_equal (categories[i].id, id))
      return &categories[i];
  return NULL;
}

gboolean
bn_category_is_valid (const char *id)
{
  return bn_category_lookup (id) != NULL;
}

/* Returns: (transfer none): the translated label */
const char *
bn_category_label (const char *id)
{
  const BnCategory *category = bn_category_lookup (id);
  return g_dgettext (GETTEXT_PACKAGE, category ? category->label : categories[G_N_ELEMENTS (categories) - 1].label);
}

char *
bn_category_list_ids (const char *separator)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, categories[i].id);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_one_of (const char *value, const char *const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

gboolean
bn_post_kind_is_valid (const char *kind)
{
  static const char *const kinds[] = { "request", "offer", NULL };
  return is_one_of (kind, kinds);
}

gboolean
bn_post_status_is_valid (const char *status)
{
  static const char *const statuses[] = { "open", "matched", "done", "withdrawn", NULL };
  return is_one_of (status, statuses);
}

gboolean
bn_visibility_is_valid (const char *visibility)
{
  static const char *const values[] = { "neighbourhood", "connectors", "people", NULL };
  return is_one_of (visibility, values);
}

gboolean
bn_urgency_is_valid (const char *urgency)
{
  static const char *const values[] = { "flexible", "soon", "urgent", NULL };
  return is_one_of (urgency, values);
}
