/* bn-join-request.c — what a newcomer sends to be admitted (docs/protocol.md §3.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-join-request.h"
#include "bn-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* UTF-8 without NUL or control characters: a name is shown in lists and terminals. */
static gboolean
is_displayable_text (const char *text,
                     gsize       len)
{
  const char *end;

  if (!g_utf8_validate (text, (gssize) len, &end) || end != text + len)
    return FALSE;
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * bn_join_request_new:
 * @code: the invite code the newcomer was given
 * @member_pk: the newcomer's identity
 * @name: the newcomer's name, 1 to %BN_JOIN_NAME_MAX bytes of UTF-8
 *
 * Returns: (transfer full) (nullable): the request with its proof, or %NULL with
 *   %BN_CORE_ERROR_INVALID when @name cannot be sent
 */
BnJoinRequest *
bn_join_request_new (const BnInviteCode  *code,
                     const guint8         member_pk[BN_PUBLIC_KEY_LEN],
                     const char          *name,
                     GError             **error)
{
  BnJoinRequest *self;
  gsize name_len = name != NULL ? strlen (name) : 0;

  if (name_len == 0)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Give your name, so the neighbours know who is joining"));
      return NULL;
    }
  if (name_len > BN_JOIN_NAME_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Your name is too long to send with the invite code; use a shorter one"));
      return NULL;
    }
  if (!is_displayable_text (name, name_len))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Your name holds a character that cannot be sent, such as a line "
                     "break; remove it"));
      return NULL;
    }

  self = g_new0 (BnJoinRequest, 1);
  memcpy (self->invite_id, code->invite_id, BN_INVITE_ID_LEN);
  memcpy (self->member_pk, member_pk, BN_PUBLIC_KEY_LEN);
  bn_invite_code_make_proof (code, member_pk, self->proof);
  self->name = g_strdup (name);
  return self;
}

void
bn_join_request_free (BnJoinRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

/**
 * bn_join_request_encode:
 *
 * Returns: (transfer full): invite_id 16 | member_pk 32 | proof 64 | name_len u8 | name
 */
GBytes *
bn_join_request_encode (const BnJoinRequest *self)
{
  gsize name_len = strlen (self->name);
  gsize len = BN_JOIN_REQUEST_FIXED_LEN + name_len;
  guint8 *raw;
  guint8 *p;

  g_return_val_if_fail (name_len >= 1 && name_len <= BN_JOIN_NAME_MAX, NULL);

  p = raw = g_malloc (len);
  memcpy (p, self->invite_id, BN_INVITE_ID_LEN);
  p += BN_INVITE_ID_LEN;
  memcpy (p, self->member_pk, BN_PUBLIC_KEY_LEN);
  p += BN_PUBLIC_KEY_LEN;
  memcpy (p, self->proof, BN_INVITE_PROOF_LEN);
  p += BN_INVITE_PROOF_LEN;
  *p++ = (guint8) name_len;
  memcpy (p, self->name, name_len);
  return g_bytes_new_take (raw, len);
}

/**
 * bn_join_request_decode:
 * @data: (array length=len): bytes from the network or a log file
 *
 * Decodes exactly one join request; every length is checked before it is read, and
 * trailing bytes are refused. The proof is not checked here: see
 * bn_join_request_verify().
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with
 *   %BN_CORE_ERROR_INVALID set
 */
BnJoinRequest *
bn_join_request_decode (const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  BnJoinRequest *self;
  const guint8 *p = data;
  gsize name_len;

  if (len < BN_JOIN_REQUEST_FIXED_LEN + 1)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A join request of %zu bytes is cut short; the shortest has %d"),
                   len, BN_JOIN_REQUEST_FIXED_LEN + 1);
      return NULL;
    }
  name_len = data[BN_JOIN_REQUEST_FIXED_LEN - 1];
  if (name_len == 0 || name_len > BN_JOIN_NAME_MAX)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A join request gives a name of %zu bytes; a name has 1 to %d"),
                   name_len, BN_JOIN_NAME_MAX);
      return NULL;
    }
  if (len != BN_JOIN_REQUEST_FIXED_LEN + name_len)
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A join request is %zu bytes where its name’s length says %zu"),
                   len, BN_JOIN_REQUEST_FIXED_LEN + name_len);
      return NULL;
    }
  if (!is_displayable_text ((const char *) data + BN_JOIN_REQUEST_FIXED_LEN, name_len))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A join request’s name is not valid UTF-8 text, or holds control "
                     "characters"));
      return NULL;
    }

  self = g_new0 (BnJoinRequest, 1);
  memcpy (self->invite_id, p, BN_INVITE_ID_LEN);
  p += BN_INVITE_ID_LEN;
  memcpy (self->member_pk, p, BN_PUBLIC_KEY_LEN);
  p += BN_PUBLIC_KEY_LEN;
  memcpy (self->proof, p, BN_INVITE_PROOF_LEN);
  p += BN_INVITE_PROOF_LEN + 1;
  self->name = g_strndup ((const char *) p, name_len);
  return self;
}

/**
 * bn_join_request_verify:
 * @invite_pk: the public key of the invite that @self names, from its roster entry
 *
 * Checks that @self->invite_id belongs to @invite_pk and that the proof is the
 * invite key's signature over @self->member_pk. It does not check the invite
 * itself (uses left, expiry, revocation): that is the roster's to say.
 *
 * Returns: %TRUE when the proof holds, else %FALSE with %BN_CORE_ERROR_SIGNATURE
 */
gboolean
bn_join_request_verify (const BnJoinRequest  *self,
                        const guint8          invite_pk[BN_PUBLIC_KEY_LEN],
                        GError              **error)
{
  if (bn_invite_verify_proof (invite_pk, self->invite_id, self->member_pk, self->proof))
    return TRUE;
  g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_SIGNATURE,
               _("A join request’s proof does not match its invite; whoever sent it does "
                 "not hold the invite code"));
  return FALSE;
}
