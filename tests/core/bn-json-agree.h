/* bn-json-agree.h — whether the flat form of a text and json-glib's tree of it
 * say the same, member by member: for the unit test of the flat reader and its
 * differential fuzz target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-json.h"
#include "bn-json-fields.h"

G_BEGIN_DECLS

/* %NULL when @text reads the same both ways (both refuse it, or both read it and
 * every member, accessor and the text written back agree); else what differs. */
char *bn_json_agree (const char *text,
                     gssize      len);

G_END_DECLS
