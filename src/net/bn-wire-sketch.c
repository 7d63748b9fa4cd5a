/* bn-wire-sketch.c — "what differs between our heads?" in bytes that grow with
 * the difference, not with the number of authors (docs/sync-protocol.md §4.7)
 *
 * Each side turns its heads list into a set of 16-byte elements (one per author,
 * keyed with the pair's ETag key) and sums them into an invertible Bloom lookup
 * table of m cells: every element goes into three distinct cells, each cell
 * holding how many went in (mod 2^16), the XOR of the elements and the XOR of
 * their checks. The server subtracts its table from the client's; what is left
 * holds only the elements one side has and the other has not, and peels them one
 * by one from cells that hold exactly one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-wire.h"
#include "bn-sync-node.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define AUTHOR_LABEL "buurtnet/2 sketch author"
#define HEAD_LABEL "buurtnet/2 sketch head"

/* The first 8 bytes of BLAKE2b-16 keyed with the ETag key of the label and author. */
void
bn_sketch_author_tag (const BnPairKeys *keys,
                      const guint8      author[BN_PUBLIC_KEY_LEN],
                      guint8            x[BN_SKETCH_AUTHOR_TAG_LEN])
{
  crypto_generichash_state state;
  guint8 digest[16];

  crypto_generichash_init (&state, keys->etag, BN_KEY_LEN, sizeof digest);
  crypto_generichash_update (&state, (const guint8 *) AUTHOR_LABEL, strlen (AUTHOR_LABEL));
  crypto_generichash_update (&state, author, BN_PUBLIC_KEY_LEN);
  crypto_generichash_final (&state, digest, sizeof digest);
  memcpy (x, digest, BN_SKETCH_AUTHOR_TAG_LEN);
}

/* x (8) | seq mod 2^32 (4) | the first 4 bytes of BLAKE2b-16 keyed with the ETag
 * key of the label, entry ID and holes (4). */
void
bn_sketch_element (const BnPairKeys *keys,
                   const BnHead     *head,
                   guint8            e[BN_SKETCH_ELEMENT_LEN])
{
  crypto_generichash_state state;
  guint8 digest[16], holes[4];

  bn_sketch_author_tag (keys, head->author, e);
  bn_put_u32 (e + 8, (guint32) head->seq);
  bn_put_u32 (holes, head->holes);
  crypto_generichash_init (&state, keys->etag, BN_KEY_LEN, sizeof digest);
  crypto_generichash_update (&state, (const guint8 *) HEAD_LABEL, strlen (HEAD_LABEL));
  crypto_generichash_update (&state, head->id, BN_HASH_LEN);
  crypto_generichash_update (&state, holes, sizeof holes);
  crypto_generichash_final (&state, digest, sizeof digest);
  memcpy (e + 12, digest, 4);
}

/* An element's three distinct cells among @m (m ≥ 3) and its check, from the
 * unkeyed BLAKE2b-16 of the element. */
static void
element_cells (const guint8 e[BN_SKETCH_ELEMENT_LEN], guint m, guint cells[3], guint8 check[4])
{
  guint8 g[16];
  guint lo, hi;

  crypto_generichash (g, sizeof g, e, BN_SKETCH_ELEMENT_LEN, NULL, 0);
  cells[0] = bn_get_u32 (g) % m;
  cells[1] = bn_get_u32 (g + 4) % (m - 1);
  if (cells[1] >= cells[0])
    cells[1]++;
  lo = MIN (cells[0], cells[1]);
  hi = MAX (cells[0], cells[1]);
  cells[2] = bn_get_u32 (g + 8) % (m - 2);
  if (cells[2] >= lo)
    cells[2]++;
  if (cells[2] >= hi)
    cells[2]++;
  memcpy (check, g + 12, 4);
}

/* Adds (+1) or takes away (-1) one element in its three cells. */
static void
toggle (guint8 *table, guint m, const guint8 e[BN_SKETCH_ELEMENT_LEN], int sign)
{
  guint cells[3];
  guint8 check[4];

  element_cells (e, m, cells, check);
  for (guint k = 0; k < 3; k++)
    {
      guint8 *cell = table + (gsize) cells[k] * BN_SKETCH_CELL_LEN;
      guint16 count = (guint16) ((cell[0] << 8) | cell[1]);

      count = (guint16) (count + sign);
      cell[0] = count >> 8;
      cell[1] = count & 0xff;
      for (guint i = 0; i < BN_SKETCH_ELEMENT_LEN; i++)
        cell[2 + i] ^= e[i];
      for (guint i = 0; i < 4; i++)
        cell[2 + BN_SKETCH_ELEMENT_LEN + i] ^= check[i];
    }
}

/**
 * bn_sketch_elements:
 * @heads: (element-type BnHead): one side's heads
 *
 * Returns: (element-type guint8[16]): the element of each head, in the same order
 */
GArray *
bn_sketch_elements (const BnPairKeys *keys,
                    GArray           *heads)
{
  GArray *elements = g_array_sized_new (FALSE, FALSE, BN_SKETCH_ELEMENT_LEN, heads->len);

  g_array_set_size (elements, heads->len);
  for (guint i = 0; i < heads->len; i++)
    bn_sketch_element (keys, &g_array_index (heads, BnHead, i),
                       (guint8 *) elements->data + (gsize) i * BN_SKETCH_ELEMENT_LEN);
  return elements;
}

/**
 * bn_sketch_table:
 * @elements: one side's elements (bn_sketch_elements())
 * @m: the number of cells, BN_SKETCH_MIN_CELLS … BN_LIMIT_SKETCH_CELLS
 *
 * Returns: the m cells (count u16 | XOR of elements 16 | XOR of checks 4)
 */
GBytes *
bn_sketch_table (GArray *elements,
                 guint   m)
{
  guint8 *table;

  g_return_val_if_fail (m >= BN_SKETCH_MIN_CELLS && m <= BN_LIMIT_SKETCH_CELLS, NULL);
  table = g_malloc0 ((gsize) m * BN_SKETCH_CELL_LEN);
  for (guint i = 0; i < elements->len; i++)
    toggle (table, m, (const guint8 *) elements->data + (gsize) i * BN_SKETCH_ELEMENT_LEN, +1);
  return g_bytes_new_take (table, (gsize) m * BN_SKETCH_CELL_LEN);
}

static gboolean
cell_is_pure (const guint8 *table, guint m, guint index, int *sign)
{
  const guint8 *cell = table + (gsize) index * BN_SKETCH_CELL_LEN;
  guint16 count = (guint16) ((cell[0] << 8) | cell[1]);
  guint cells[3];
  guint8 check[4];

  if (count != 1 && count != 0xffff)
    return FALSE;
  element_cells (cell + 2, m, cells, check);
  if (memcmp (check, cell + 2 + BN_SKETCH_ELEMENT_LEN, 4) != 0
      || (cells[0] != index && cells[1] != index && cells[2] != index))
    return FALSE;
  *sign = count == 1 ? +1 : -1;
  return TRUE;
}

/**
 * bn_sketch_peel:
 * @client: the client's m cells
 * @server: the server's m cells (bn_sketch_table() of the same m)
 * @client_only: (out): elements the client has and the server has not
 * @server_only: (out): elements the server has and the client has not
 *
 * Returns: whether the difference came apart completely; %FALSE when it is too
 *   large for m cells (then nothing is returned in the arrays)
 */
gboolean
bn_sketch_peel (GBytes  *client,
                GBytes  *server,
                GArray **client_only,
                GArray **server_only)
{
  gsize len = g_bytes_get_size (client);
  guint m = (guint) (len / BN_SKETCH_CELL_LEN);
  g_autofree guint8 *diff = g_memdup2 (g_bytes_get_data (client, NULL), len);
  const guint8 *theirs = g_bytes_get_data (server, NULL);
  g_autoptr(GArray) mine_only = g_array_new (FALSE, FALSE, BN_SKETCH_ELEMENT_LEN);
  g_autoptr(GArray) other_only = g_array_new (FALSE, FALSE, BN_SKETCH_ELEMENT_LEN);
  gboolean peeled = TRUE;

  g_return_val_if_fail (g_bytes_get_size (server) == len && m >= BN_SKETCH_MIN_CELLS, FALSE);
  for (guint c = 0; c < m; c++)
    {
      guint8 *cell = diff + (gsize) c * BN_SKETCH_CELL_LEN;
      const guint8 *sub = theirs + (gsize) c * BN_SKETCH_CELL_LEN;
      guint16 count = (guint16) (((cell[0] << 8) | cell[1]) - ((sub[0] << 8) | sub[1]));

      cell[0] = count >> 8;
      cell[1] = count & 0xff;
      for (guint i = 2; i < BN_SKETCH_CELL_LEN; i++)
        cell[i] ^= sub[i];
    }
  /* Every peel empties one cell for good or the table is not what it claims:
   * at most m elements come out of m cells. */
  while (peeled && mine_only->len + other_only->len <= m)
    {
      peeled = FALSE;
      for (guint c = 0; c < m && mine_only->len + other_only->len <= m; c++)
        {
          guint8 e[BN_SKETCH_ELEMENT_LEN];
          int sign = 0;

          if (!cell_is_pure (diff, m, c, &sign))
            continue;
          memcpy (e, diff + (gsize) c * BN_SKETCH_CELL_LEN + 2, sizeof e);
          g_array_append_vals (sign > 0 ? mine_only : other_only, e, 1);
          toggle (diff, m, e, -sign);
          peeled = TRUE;
        }
    }
  for (gsize i = 0; i < len; i++)
    if (diff[i] != 0)
      return FALSE;
  *client_only = g_steal_pointer (&mine_only);
  *server_only = g_steal_pointer (&other_only);
  return TRUE;
}

/* Request: max_bytes u32 | n u32 | m u16 | m cells. */
GBytes *
bn_wire_encode_sketch_request (guint32  max_bytes,
                               guint32  n_heads,
                               GBytes  *table)
{
  gsize len = g_bytes_get_size (table);
  GByteArray *out = g_byte_array_sized_new (BN_SKETCH_REQUEST_HEAD_LEN + len);
  guint8 head[BN_SKETCH_REQUEST_HEAD_LEN];

  bn_put_u32 (head, max_bytes);
  bn_put_u32 (head + 4, n_heads);
  head[8] = (len / BN_SKETCH_CELL_LEN) >> 8;
  head[9] = (len / BN_SKETCH_CELL_LEN) & 0xff;
  g_byte_array_append (out, head, sizeof head);
  g_byte_array_append (out, g_bytes_get_data (table, NULL), len);
  return g_byte_array_free_to_bytes (out);
}

/**
 * bn_wire_decode_sketch_request:
 * @table: (out): the client's cells
 *
 * Returns: whether @bytes is a sketch request: 3 ≤ m ≤ BN_LIMIT_SKETCH_CELLS and
 *   exactly 10 + 22·m bytes
 */
gboolean
bn_wire_decode_sketch_request (GBytes   *bytes,
                               guint32  *max_bytes,
                               guint32  *n_heads,
                               GBytes  **table,
                               GError  **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint m;

  if (len < BN_SKETCH_REQUEST_HEAD_LEN)
    {
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL, _("A cut-off sketch request"));
      return FALSE;
    }
  m = (guint) ((data[8] << 8) | data[9]);
  if (m < BN_SKETCH_MIN_CELLS || m > BN_LIMIT_SKETCH_CELLS
      || len != BN_SKETCH_REQUEST_HEAD_LEN + (gsize) m * BN_SKETCH_CELL_LEN)
    {
      g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
                   _("A sketch request of %u cells in %zu bytes"), m, len);
      return FALSE;
    }
  *max_bytes = bn_get_u32 (data);
  *n_heads = bn_get_u32 (data + 4);
  *table = g_bytes_new_from_bytes (bytes, BN_SKETCH_REQUEST_HEAD_LEN,
                                   (gsize) m * BN_SKETCH_CELL_LEN);
  return TRUE;
}

/* Answer: 0 | n_s u32 | n_s heads 76 | n_c u32 | n_c elements 16 | flags u8 | frames,
 * or the one byte 1: "too different, ask GET /v2/heads". */
GByteArray *
bn_wire_encode_sketch_answer (GArray *server_heads,
                              GArray *client_elements)
{
  g_autoptr(GBytes) heads = bn_wire_encode_heads (server_heads);
  GByteArray *out = g_byte_array_new ();
  guint8 status = BN_SKETCH_DECODED, n[4];

  g_byte_array_append (out, &status, 1);
  bn_put_u32 (n, server_heads->len);
  g_byte_array_append (out, n, 4);
  g_byte_array_append (out, g_bytes_get_data (heads, NULL), g_bytes_get_size (heads));
  bn_put_u32 (n, client_elements->len);
  g_byte_array_append (out, n, 4);
  g_byte_array_append (out, (const guint8 *) client_elements->data,
                       client_elements->len * BN_SKETCH_ELEMENT_LEN);
  return out;
}

/**
 * bn_wire_decode_sketch_answer:
 * @status: (out): BN_SKETCH_DECODED or BN_SKETCH_TOO_DIFFERENT
 * @server_heads: (out) (optional): the server's heads that differ, sorted by author
 * @client_elements: (out) (optional): the client's elements the server lacks
 * @batch_offset: (out): where "flags u8 | frames" start in @bytes
 *
 * Returns: whether @bytes is a sketch answer
 */
gboolean
bn_wire_decode_sketch_answer (GBytes   *bytes,
                              guint    *status,
                              GArray  **server_heads,
                              GArray  **client_elements,
                              gsize    *batch_offset,
                              GError  **error)
{
  gsize len = 0, off = 5;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint32 n_s, n_c;
  g_autoptr(GBytes) heads = NULL;
  GArray *elements;

  if (len == 1 && data[0] == BN_SKETCH_TOO_DIFFERENT)
    {
      *status = BN_SKETCH_TOO_DIFFERENT;
      return TRUE;
    }
  if (len < 5 || data[0] != BN_SKETCH_DECODED)
    goto torn;
  n_s = bn_get_u32 (data + 1);
  if (n_s > BN_LIMIT_SKETCH_CELLS || len - off < (gsize) n_s * BN_WIRE_HEAD_LEN + 4)
    goto torn;
  heads = g_bytes_new (data + off, (gsize) n_s * BN_WIRE_HEAD_LEN);
  off += (gsize) n_s * BN_WIRE_HEAD_LEN;
  n_c = bn_get_u32 (data + off);
  off += 4;
  if (n_c > BN_LIMIT_SKETCH_CELLS || len - off < (gsize) n_c * BN_SKETCH_ELEMENT_LEN + 1)
    goto torn;
  elements = g_array_sized_new (FALSE, FALSE, BN_SKETCH_ELEMENT_LEN, n_c);
  g_array_append_vals (elements, data + off, n_c);
  off += (gsize) n_c * BN_SKETCH_ELEMENT_LEN;
  *status = BN_SKETCH_DECODED;
  if (server_heads != NULL)
    *server_heads = bn_wire_decode_heads (heads, NULL);
  if (client_elements != NULL)
    *client_elements = elements;
  else
    g_array_unref (elements);
  *batch_offset = off;
  return TRUE;

torn:
  g_set_error (error, BN_NET_ERROR, BN_NET_ERROR_PROTOCOL,
               _("A torn answer to a sketch (%zu bytes)"), len);
  return FALSE;
}
