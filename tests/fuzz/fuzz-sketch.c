/* fuzz-sketch.c — the sketches of §4.7 (src/net/bn-wire-sketch.c): a sketch
 * request as a server reads it and peels it against the heads of its own store,
 * and the differences a client reads in the answer
 *
 * The first byte picks which, the rest is the input. Oracles: a request that
 * decodes re-encodes to the same bytes, and peeling it takes at most m + 1
 * elements out of m cells; an answer that decodes re-encodes to the bytes it was
 * read from, up to where its frames start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-wire.h"

#include <string.h>

/* The pair (author 0 as the server, author 1 as its client) and the server's
 * heads: one record per author of the fuzz world. */
static void
server_side (BnPairKeys *keys, GArray **heads)
{
  const BnFuzzWorld *world = bn_fuzz_world ();

  if (!bn_wire_pair_keys (keys, world->authors[BN_FUZZ_ME], world->authors[1]->public_key, FALSE))
    g_error ("no pair keys for two good identities");
  *heads = g_array_new (FALSE, TRUE, sizeof (BnHead));
  for (guint a = 0; a < BN_FUZZ_AUTHORS; a++)
    {
      BnHead head = { 0 };

      memcpy (head.author, world->authors[a]->public_key, BN_PUBLIC_KEY_LEN);
      head.seq = a + 1;
      memset (head.id, a, sizeof head.id);
      g_array_append_val (*heads, head);
    }
}

static void
request (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GBytes) table = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GArray) heads = NULL;
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GBytes) ours = NULL;
  g_autoptr(GArray) client_only = NULL;
  g_autoptr(GArray) server_only = NULL;
  guint32 max_bytes = 0, n = 0;
  BnPairKeys keys;
  guint m;

  if (!bn_wire_decode_sketch_request (bytes, &max_bytes, &n, &table, NULL))
    return;
  again = bn_wire_encode_sketch_request (max_bytes, n, table);
  if (!g_bytes_equal (again, bytes))
    g_error ("a sketch request does not re-encode to the bytes it was read from");
  m = (guint) (g_bytes_get_size (table) / BN_SKETCH_CELL_LEN);
  server_side (&keys, &heads);
  elements = bn_sketch_elements (&keys, heads);
  ours = bn_sketch_table (elements, m);
  if (bn_sketch_peel (table, ours, &client_only, &server_only)
      && client_only->len + server_only->len > m + 1)
    g_error ("%u elements peeled out of %u cells", client_only->len + server_only->len, m);
}

static void
answer (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GArray) heads = NULL;
  g_autoptr(GArray) elements = NULL;
  g_autoptr(GByteArray) again = NULL;
  guint status = 0;
  gsize offset = 0;

  if (!bn_wire_decode_sketch_answer (bytes, &status, &heads, &elements, &offset, NULL)
      || status != BN_SKETCH_DECODED)
    return;
  if (offset >= size)
    g_error ("a sketch answer's frames start past its end");
  again = bn_wire_encode_sketch_answer (heads, elements);
  if (again->len != offset || memcmp (again->data, data, offset) != 0)
    g_error ("a sketch answer does not re-encode to the bytes it was read from");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  bn_fuzz_init ();
  if (size < 1)
    return 0;
  if (data[0] % 2 == 0)
    request (data + 1, size - 1);
  else
    answer (data + 1, size - 1);
  return 0;
}
