/* bn-json.h — defensive accessors for JSON that arrived from the network
 *
 * json-glib's getters emit criticals on a member of the wrong type; payloads come
 * from other people's machines, so every read goes through these instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *bn_json_get_string  (JsonObject *object, const char *member);
gint64      bn_json_get_int     (JsonObject *object, const char *member, gint64 fallback);
gboolean    bn_json_get_bool    (JsonObject *object, const char *member);
JsonArray  *bn_json_get_array   (JsonObject *object, const char *member);
JsonObject *bn_json_get_object  (JsonObject *object, const char *member);
char       *bn_json_strings_to_csv (JsonArray *array);
JsonArray  *bn_json_array_from_strv (const char *const *values);
char       *bn_json_object_to_string (JsonObject *object);
JsonObject *bn_json_object_from_string (const char *text);
JsonObject *bn_json_parse_object (const char *text, gssize len);

G_END_DECLS
