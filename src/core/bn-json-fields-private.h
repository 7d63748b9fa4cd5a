/* bn-json-fields-private.h — the tape behind a BnJsonFields, for the files that
 * fill it: bn-json-fields.c (from a tree, and everything else) and
 * bn-json-read.c (from a text, the one reader of payloads)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-json-fields.h"

#include <string.h>

G_BEGIN_DECLS

struct _BnJsonFields
{
  guint8      kind;        /* BnJsonKind */
  guint8      utf8;        /* a string: whether it is UTF-8 (else it counts as absent) */
  guint32     span;        /* records this value takes, itself included */
  guint32     size;        /* a container: its elements or members */
  guint32     index;       /* its place on the tape, which finds the tape */
  const char *name;        /* a member: its name; %NULL for elements and the root */
  union
  {
    const char *string;
    gint64      integer;
    double      number;
    gboolean    boolean;
  } v;
};

typedef struct
{
  char       *text;        /* what was read, NUL-terminated; %NULL when from a tree */
  gsize       len;
  char       *strings;     /* the plain pass's unescaped strings and names */
  JsonObject *object;      /* the tree the tape was filled from, which holds its strings */
  gboolean    canonical;   /* the text is what json-glib's generator writes for it */
  guint       n_values;
  guint       capacity;
  BnJsonFields values[];
} BnJsonTape;

void        bn_json_tape_free (BnJsonTape *tape);
BnJsonTape *bn_json_tape_read (char       *text,
                               gsize       len);

static inline BnJsonTape *
bn_json_tape_of (const BnJsonFields *value)
{
  const BnJsonFields *first = value - value->index;
  return (BnJsonTape *) ((char *) first - G_STRUCT_OFFSET (BnJsonTape, values));
}

static inline BnJsonTape *
bn_json_tape_new (guint capacity)
{
  /* Records are cleared as they are appended: only the header needs it. */
  BnJsonTape *tape = g_malloc (sizeof (BnJsonTape) + capacity * sizeof (BnJsonFields));

  memset (tape, 0, sizeof (BnJsonTape));
  tape->capacity = capacity;
  return tape;
}

/* Appends a record; returns its index (the tape may move). */
static inline guint
bn_json_tape_push (BnJsonTape **tape, BnJsonKind kind, const char *name)
{
  BnJsonFields *value;
  guint index = (*tape)->n_values;

  if (index == (*tape)->capacity)
    {
      (*tape)->capacity *= 2;
      *tape = g_realloc (*tape, sizeof (BnJsonTape) + (*tape)->capacity * sizeof (BnJsonFields));
    }
  value = &(*tape)->values[index];
  memset (value, 0, sizeof *value);
  value->kind = kind;
  value->index = index;
  value->span = 1;
  value->name = name;
  (*tape)->n_values++;
  return index;
}

/* Appends a leaf record: valid until the next one is appended. */
static inline BnJsonFields *
bn_json_tape_add (BnJsonTape **tape, BnJsonKind kind, const char *name)
{
  guint index = bn_json_tape_push (tape, kind, name);
  return &(*tape)->values[index];
}

G_END_DECLS
