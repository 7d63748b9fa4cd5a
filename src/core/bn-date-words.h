/* bn-date-words.h — days and months in the app's and the CLI's own language
 *
 * Pure GLib, so the tests can check them without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *bn_date_words_date        (GDateTime *day);
char       *bn_date_words_day         (GDateTime *day);
char       *bn_date_words_short_day   (GDateTime *day);
const char *bn_date_words_short_month (GDateTime *day);

G_END_DECLS
