/* bn-json-check.h — a second, independent judge of what a payload's JSON is
 * (docs/protocol.md §5), for the unit test of the reader and its fuzz target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The depth limit of docs/protocol.md §5, written down again here. */
#define BN_JSON_CHECK_MAX_DEPTH 32

/* %NULL when @text is one RFC 8259 object that §5 does not refuse; else why
 * it is not a payload. */
const char *bn_json_check (const char *text,
                           gsize       len);

G_END_DECLS
