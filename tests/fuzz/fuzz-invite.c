/* fuzz-invite.c — what people type or paste: invite codes (version 1 and 2), the
 * join request a newcomer sends, peer IDs, base32 and hex
 *
 * Oracles: a peer ID that decodes re-encodes to exactly the text given (one key,
 * one spelling: docs/protocol.md §1); an invite code that parses, formatted and
 * parsed again, names the same neighbourhood or invite key; a join request that
 * decodes re-encodes to the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-fuzz.h"
#include "bn-invite.h"
#include "bn-join-request.h"

#include <string.h>

static void
peer_id (const char *text)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autofree char *again = NULL;

  if (!bn_peer_id_to_key (text, key))
    return;
  again = bn_peer_id_from_key (key);
  if (strcmp (again, text) != 0)
    g_error ("the peer ID “%s” decodes, but its key is spelt “%s”", text, again);
}

static void
hex (const char *text)
{
  guint8 id[BN_HASH_LEN], back[BN_HASH_LEN];
  g_autofree char *again = NULL;

  if (!bn_hex_decode (text, id, BN_HASH_LEN))
    return;
  again = bn_hex_encode (id, BN_HASH_LEN);
  if (!bn_hex_decode (again, back, BN_HASH_LEN) || memcmp (id, back, BN_HASH_LEN) != 0)
    g_error ("an ID does not survive hex encoding");
}

static void
invite_v1 (const char *text)
{
  g_autoptr(BnHood) hood = bn_hood_parse_invite (text, NULL);
  g_autofree char *code = NULL;
  g_autoptr(BnHood) again = NULL;

  if (hood == NULL)
    return;
  code = bn_hood_make_invite (hood);
  again = bn_hood_parse_invite (code, NULL);
  if (again == NULL || strcmp (again->name, hood->name) != 0
      || memcmp (again->secret, hood->secret, BN_KEY_LEN) != 0)
    g_error ("the invite code “%s” does not read back as the same neighbourhood", code);
}

static void
invite_v2 (const char *text)
{
  g_autoptr(BnInviteCode) code = bn_invite_code_parse (text, NULL);
  g_autofree char *formatted = NULL;
  g_autoptr(BnInviteCode) again = NULL;

  if (code == NULL)
    return;
  formatted = bn_invite_code_format (code);
  again = bn_invite_code_parse (formatted, NULL);
  if (again == NULL || memcmp (again->invite_pk, code->invite_pk, BN_PUBLIC_KEY_LEN) != 0
      || memcmp (again->invite_id, code->invite_id, BN_INVITE_ID_LEN) != 0)
    g_error ("the invite code “%s” does not read back as the same invite", formatted);
}

static void
join_request (const guint8 *data, gsize size)
{
  static BnInviteCode *invite;
  g_autoptr(BnJoinRequest) request = bn_join_request_decode (data, size, NULL);
  g_autoptr(GBytes) again = NULL;

  if (invite == NULL)
    invite = bn_invite_code_new_from_data (BN_FUZZ_INVITE_DATA);
  if (request == NULL)
    return;
  again = bn_join_request_encode (request);
  if (g_bytes_get_size (again) != size || memcmp (g_bytes_get_data (again, NULL), data, size) != 0)
    g_error ("a join request does not re-encode to the bytes it was read from");
  bn_join_request_verify (request, invite->invite_pk, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  bn_fuzz_init ();
  peer_id (text);
  hex (text);
  invite_v1 (text);
  invite_v2 (text);
  join_request (data, size);
  return 0;
}
