/* bn-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-entry.h"
#include "bn-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (BnEntry, bn_entry, bn_entry_ref, bn_entry_unref)

static BnEntry *
entry_alloc (void)
{
  BnEntry *self = g_new0 (BnEntry, 1);
  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

/* @id: (nullable): the header's hash when it is known already */
static void
decode_fields_with_id (BnEntry *self, const guint8 *id)
{
  const guint8 *r = self->raw;

  self->version = r[BN_HEADER_OFF_VERSION];
  memcpy (self->author, r + BN_HEADER_OFF_AUTHOR, BN_PUBLIC_KEY_LEN);
  self->seq = bn_get_u64 (r + BN_HEADER_OFF_SEQ);
  memcpy (self->backlink, r + BN_HEADER_OFF_BACKLINK, BN_HASH_LEN);
  self->timestamp_ms = (gint64) bn_get_u64 (r + BN_HEADER_OFF_TIMESTAMP);
  self->payload_len = bn_get_u32 (r + BN_HEADER_OFF_PAYLOAD_LEN);
  memcpy (self->payload_hash, r + BN_HEADER_OFF_PAYLOAD_HASH, BN_HASH_LEN);
  if (id != NULL)
    memcpy (self->id, id, BN_HASH_LEN);
  else
    bn_hash (self->id, r, BN_HEADER_LEN);
}

static void
decode_fields (BnEntry *self)
{
  decode_fields_with_id (self, NULL);
}

/**
 * bn_entry_new_signed:
 * @payload: (transfer none): the encrypted payload
 *
 * Returns: (transfer full): a new entry whose header is signed by @identity
 */
BnEntry *
bn_entry_new_signed (const BnIdentity *identity,
                     guint8            version,
                     guint64           seq,
                     const guint8      backlink[BN_HASH_LEN],
                     gint64            timestamp_ms,
                     GBytes           *payload)
{
  BnEntry *self = entry_alloc ();
  guint8 *r = self->raw;
  gsize payload_len = 0;
  const guint8 *payload_data = g_bytes_get_data (payload, &payload_len);

  g_return_val_if_fail (payload_len <= BN_PAYLOAD_MAX, NULL);

  r[BN_HEADER_OFF_VERSION] = version;
  memcpy (r + BN_HEADER_OFF_AUTHOR, identity->public_key, BN_PUBLIC_KEY_LEN);
  bn_put_u64 (r + BN_HEADER_OFF_SEQ, seq);
  memcpy (r + BN_HEADER_OFF_BACKLINK, backlink, BN_HASH_LEN);
  bn_put_u64 (r + BN_HEADER_OFF_TIMESTAMP, (guint64) timestamp_ms);
  bn_put_u32 (r + BN_HEADER_OFF_PAYLOAD_LEN, (guint32) payload_len);
  bn_hash (r + BN_HEADER_OFF_PAYLOAD_HASH, payload_data, payload_len);
  crypto_sign_detached (r + BN_HEADER_OFF_SIGNATURE, NULL, r, BN_HEADER_SIGNED_LEN,
                        identity->secret_key);
  decode_fields (self);
  self->payload = g_bytes_ref (payload);
  return self;
}

static BnEntry *
entry_from_header (const guint8  *raw,
                   gsize          len,
                   GBytes        *payload,
                   const guint8  *id,
                   GError       **error)
{
  g_autoptr(BnEntry) self = NULL;

  if (len != BN_HEADER_LEN)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("An entry header is %zu bytes instead of %d"), len, BN_HEADER_LEN);
      return NULL;
    }
  if (raw[BN_HEADER_OFF_VERSION] != BN_ENTRY_VERSION
      && raw[BN_HEADER_OFF_VERSION] != BN_ENTRY_VERSION_LEGACY)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("An entry has format version %u, which this Buurtnet does not know; "
                     "update Buurtnet"), raw[BN_HEADER_OFF_VERSION]);
      return NULL;
    }

  self = entry_alloc ();
  memcpy (self->raw, raw, BN_HEADER_LEN);
  decode_fields_with_id (self, id);

  if (self->seq == 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("An entry has sequence number 0; logs start at 1"));
      return NULL;
    }
  if (self->payload_len > BN_PAYLOAD_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE,
                   _("An entry’s payload is %u bytes, over the limit of %d"),
                   self->payload_len, BN_PAYLOAD_MAX);
      return NULL;
    }
  if (payload != NULL)
    self->payload = g_bytes_ref (payload);
  return g_steal_pointer (&self);
}

/**
 * bn_entry_new_from_header:
 * @payload: (transfer none) (nullable): the payload, or %NULL when erased
 *
 * Decodes a header received from elsewhere. Checks its shape only; the signature,
 * chain and payload are checked by bn_entry_verify_signature(),
 * bn_entry_check_payload() and the store.
 */
BnEntry *
bn_entry_new_from_header (const guint8  *raw,
                          gsize          len,
                          GBytes        *payload,
                          GError       **error)
{
  return entry_from_header (raw, len, payload, NULL, error);
}

/**
 * bn_entry_new_stored:
 * @id: the entry's ID as the store keeps it beside the header
 *
 * bn_entry_new_from_header() for an entry read back from the store, which
 * computed the ID from this header when it stored it (and finds entries by it):
 * taken rather than hashed again.
 */
BnEntry *
bn_entry_new_stored (const guint8  *raw,
                     gsize          len,
                     GBytes        *payload,
                     const guint8   id[BN_HASH_LEN])
{
  return entry_from_header (raw, len, payload, id, NULL);
}

BnEntry *
bn_entry_ref (BnEntry *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bn_entry_unref (BnEntry *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_free (self);
}

/* Returns: (transfer full): the same header with the payload erased */
BnEntry *
bn_entry_without_payload (BnEntry *self)
{
  BnEntry *copy = entry_alloc ();
  memcpy (copy->raw, self->raw, BN_HEADER_LEN);
  decode_fields (copy);
  return copy;
}

gboolean
bn_entry_verify_signature (const BnEntry *self)
{
  if (self->passed & BN_ENTRY_SIGNATURE_HOLDS)
    return TRUE;
  return crypto_sign_verify_detached (self->raw + BN_HEADER_OFF_SIGNATURE, self->raw,
                                      BN_HEADER_SIGNED_LEN, self->author) == 0;
}

/* An erased payload (NULL) passes: the chain stays verifiable without it. */
gboolean
bn_entry_check_payload (const BnEntry  *self,
                        GError        **error)
{
  gsize len = 0;
  const guint8 *data;
  guint8 hash[BN_HASH_LEN];

  if (self->payload == NULL)
    return TRUE;
  data = g_bytes_get_data (self->payload, &len);
  if (len != self->payload_len)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_PAYLOAD,
                   _("An entry’s payload is %zu bytes but its header says %u"),
                   len, self->payload_len);
      return FALSE;
    }
  bn_hash (hash, data, len);
  if (sodium_memcmp (hash, self->payload_hash, BN_HASH_LEN) != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_PAYLOAD,
                   _("An entry’s payload does not match the hash in its signed header"));
      return FALSE;
    }
  return TRUE;
}

char *
bn_entry_dup_id_hex (const BnEntry *self)
{
  return bn_hex_encode (self->id, BN_HASH_LEN);
}

char *
bn_entry_dup_author_id (const BnEntry *self)
{
  return bn_peer_id_from_key (self->author);
}

void
bn_entry_write_frame (const BnEntry *self,
                      GByteArray    *out)
{
  guint8 flags = self->payload != NULL ? BN_FRAME_HAS_PAYLOAD : 0;

  g_byte_array_append (out, &flags, 1);
  g_byte_array_append (out, self->raw, BN_HEADER_LEN);
  if (self->payload != NULL)
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (self->payload, &len);
      g_byte_array_append (out, data, len);
    }
}

/* How long the frame at @data says it is: flags, header, and the payload when
 * bit 0 of the flags is set (whatever the other bits say). 0 when even the
 * header is not all there. */
static gsize
announced_frame_size (const guint8 *data, gsize len)
{
  if (len < 1 + BN_HEADER_LEN)
    return 0;
  if ((data[0] & BN_FRAME_HAS_PAYLOAD) == 0)
    return 1 + BN_HEADER_LEN;
  return 1 + BN_HEADER_LEN + (gsize) bn_get_u32 (data + 1 + BN_HEADER_OFF_PAYLOAD_LEN);
}

/**
 * bn_entry_read_frame:
 * @consumed: (out): how many bytes the frame took
 *
 * Reads one frame from the start of @data. A frame cut short is an error
 * (%BN_CORE_ERROR_INVALID) with *@consumed set to 0: nothing after it can be
 * read. A frame that is all there but does not parse (unknown flag bits, an
 * unknown version, a payload over the limit) is an error too, with *@consumed
 * set to its length, so that a reader can refuse it and go on with the next.
 *
 * Returns: (transfer full) (nullable): the entry
 */
BnEntry *
bn_entry_read_frame (const guint8  *data,
                     gsize          len,
                     gsize         *consumed,
                     GError       **error)
{
  guint8 flags;
  guint32 payload_len;
  g_autoptr(GBytes) payload = NULL;
  gsize need = announced_frame_size (data, len);

  *consumed = 0;
  if (need == 0)
    goto truncated;
  flags = data[0];
  payload_len = bn_get_u32 (data + 1 + BN_HEADER_OFF_PAYLOAD_LEN);
  /* A bad frame is said to be bad even when it is cut short too, but only a
   * frame that is all there can be stepped over. */
  if (len >= need)
    *consumed = need;
  else if ((flags & ~BN_FRAME_HAS_PAYLOAD) == 0 && payload_len <= BN_PAYLOAD_MAX)
    goto truncated;
  if ((flags & ~BN_FRAME_HAS_PAYLOAD) != 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("An entry frame has unknown flags 0x%02x"), flags);
      return NULL;
    }
  if (payload_len > BN_PAYLOAD_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_TOO_LARGE,
                   _("An entry’s payload is %u bytes, over the limit of %d"),
                   payload_len, BN_PAYLOAD_MAX);
      return NULL;
    }
  if (flags & BN_FRAME_HAS_PAYLOAD)
    payload = g_bytes_new (data + 1 + BN_HEADER_LEN, payload_len);
  return bn_entry_new_from_header (data + 1, BN_HEADER_LEN, payload, error);

truncated:
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
               _("The data ends in the middle of an entry; it was cut short"));
  return NULL;
}

/**
 * bn_entry_read_frames:
 * @entries: (element-type BnEntry): where the frames that parse are added
 * @refused: (out): how many frames did not parse (a cut-off end counts as one)
 * @error: (optional): the reason the first bad frame was refused, if any
 *
 * Reads frames back to back. A bad frame does not end the batch: it is counted
 * and reading goes on after it, so one bad entry never costs the good ones
 * behind it (docs/protocol.md §7). Only an end cut short stops reading.
 *
 * Returns: %FALSE when the data ended in the middle of a frame
 */
gboolean
bn_entry_read_frames (const guint8  *data,
                      gsize          len,
                      GPtrArray     *entries,
                      guint         *refused,
                      GError       **error)
{
  gsize off = 0;

  *refused = 0;
  while (off < len)
    {
      g_autoptr(GError) frame_error = NULL;
      gsize consumed = 0;
      BnEntry *entry = bn_entry_read_frame (data + off, len - off, &consumed, &frame_error);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
      else
        {
          (*refused)++;
          if (error != NULL && *error == NULL)
            g_propagate_prefixed_error (error, g_steal_pointer (&frame_error),
                                        _("Entry %u of a batch: "),
                                        entries->len + *refused);
        }
      if (consumed == 0)
        return FALSE;
      off += consumed;
    }
  return TRUE;
}
