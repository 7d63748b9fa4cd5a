/* bn-category.h — the help categories: stable IDs, icons and translated labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;          /* stable English word, used on the wire */
  const char *label;       /* untranslated; translate with g_dgettext (GETTEXT_PACKAGE, ...) */
  const char *icon_name;   /* symbolic icon */
} BnCategory;

const BnCategory *bn_categories       (guint      *n_categories);
const BnCategory *bn_category_lookup  (const char *id);
gboolean          bn_category_is_valid (const char *id);
const char       *bn_category_label   (const char *id);
char             *bn_category_list_ids (const char *separator);

gboolean          bn_post_kind_is_valid   (const char *kind);
gboolean          bn_post_status_is_valid (const char *status);
gboolean          bn_visibility_is_valid  (const char *visibility);
gboolean          bn_urgency_is_valid     (const char *urgency);

G_END_DECLS
