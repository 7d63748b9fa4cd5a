/* bn-json-fields.h — a JSON object read flat: its members in one array, no tree
 *
 * The fold reads every payload once and throws it away. Building json-glib's tree
 * for that (a hash table per object, a node per value, each key copied) cost more
 * than the rest of decoding; the flat form is one pass over the text into an array
 * of values and one buffer of their unescaped strings, and the accessors answer as
 * bn_json_get_*() answer for the same text (bn-json.h). The text is read by RFC
 * 8259's grammar, with the refusals of docs/protocol.md §5: one reader decides
 * what is a payload, for the fold and for front ends alike. A number is an
 * integer when written without a fraction or an exponent.
 *
 * A BnJsonFields is a JSON value inside the flat form: the object it was read
 * from, a nested object, an array, or one element. Only the one
 * bn_json_fields_new() and its kin return is freed; the others are borrowed from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _BnJsonFields BnJsonFields;

/* Objects and arrays nest this deep at most, the payload object counting as
 * one (docs/protocol.md §5); our own payloads nest three deep. */
#define BN_JSON_MAX_DEPTH 32

typedef enum
{
  BN_JSON_KIND_NULL,
  BN_JSON_KIND_BOOLEAN,
  BN_JSON_KIND_INTEGER,
  BN_JSON_KIND_DOUBLE,
  BN_JSON_KIND_STRING,
  BN_JSON_KIND_ARRAY,
  BN_JSON_KIND_OBJECT,
} BnJsonKind;

/* Walks the elements of an array or the members of an object, in order. */
typedef struct
{
  const BnJsonFields *next;
  guint               left;
} BnJsonIter;

BnJsonFields       *bn_json_fields_new          (const char         *text,
                                                 gssize              len);
BnJsonFields       *bn_json_fields_new_take     (char               *text,
                                                 gsize               len);
BnJsonFields       *bn_json_fields_new_from_object (JsonObject      *object);
void                bn_json_fields_free         (BnJsonFields       *fields);
char               *bn_json_fields_to_string    (const BnJsonFields *fields);
JsonObject         *bn_json_fields_to_object    (const BnJsonFields *fields);
const char         *bn_json_fields_get_text     (const BnJsonFields *fields,
                                                 gsize              *len);

const char         *bn_json_fields_get_string   (const BnJsonFields *object,
                                                 const char         *member);
gint64              bn_json_fields_get_int      (const BnJsonFields *object,
                                                 const char         *member,
                                                 gint64              fallback);
gboolean            bn_json_fields_get_bool     (const BnJsonFields *object,
                                                 const char         *member);
const BnJsonFields *bn_json_fields_get_object   (const BnJsonFields *object,
                                                 const char         *member);
const BnJsonFields *bn_json_fields_get_array    (const BnJsonFields *object,
                                                 const char         *member);
const BnJsonFields *bn_json_fields_get_member   (const BnJsonFields *object,
                                                 const char         *member);
char               *bn_json_fields_strings_to_csv (const BnJsonFields *array);

BnJsonKind          bn_json_value_get_kind      (const BnJsonFields *value);
const char         *bn_json_value_get_name      (const BnJsonFields *value);
const char         *bn_json_value_get_string    (const BnJsonFields *value);
const char         *bn_json_value_get_raw_string (const BnJsonFields *value);
gint64              bn_json_value_get_int       (const BnJsonFields *value);
double              bn_json_value_get_double    (const BnJsonFields *value);
gboolean            bn_json_value_get_bool      (const BnJsonFields *value);
guint               bn_json_value_get_size      (const BnJsonFields *value);

void                bn_json_iter_init           (BnJsonIter         *iter,
                                                 const BnJsonFields *container);
const BnJsonFields *bn_json_iter_next           (BnJsonIter         *iter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnJsonFields, bn_json_fields_free)

G_END_DECLS
