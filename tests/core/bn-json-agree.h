/* bn-json-agree.h — whether the flat form of a text and json-glib's tree of it
 * say the same, member by member, and whether a second judge refuses what the
 * reader refuses: for the unit test of the reader and its differential fuzz
 * target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-json.h"
#include "bn-json-fields.h"

G_BEGIN_DECLS

/* %NULL when the reader (bn-json-fields.c) and the second judge
 * (bn-json-check.c) both refuse @text, or both accept it and json-glib reads it
 * to the same members and values, bn_json_parse_object()'s tree too, and the
 * text written back reads back the same; else what differs. */
char *bn_json_agree (const char *text,
                     gssize      len);

G_END_DECLS
