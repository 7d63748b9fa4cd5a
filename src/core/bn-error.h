/* bn-error.h — error domains of the core layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BN_CORE_ERROR (bn_core_error_quark ())

/**
 * BnCoreError:
 * @BN_CORE_ERROR_INVALID: input is malformed (bad encoding, wrong length, bad JSON)
 * @BN_CORE_ERROR_TYPO: an invite code whose checksum does not match (a mistyped code)
 * @BN_CORE_ERROR_SIGNATURE: a signature does not verify
 * @BN_CORE_ERROR_CHAIN: a backlink does not match the previous header, or seq is not contiguous
 * @BN_CORE_ERROR_FORK: two different headers for one (author, seq)
 * @BN_CORE_ERROR_FOREIGN: the entry belongs to another neighbourhood
 * @BN_CORE_ERROR_TOO_LARGE: a payload or frame over the size limit
 * @BN_CORE_ERROR_PAYLOAD: the payload does not match its hash, or cannot be decrypted
 * @BN_CORE_ERROR_NOT_FOUND: no such item
 * @BN_CORE_ERROR_EXISTS: the thing to create exists already
 * @BN_CORE_ERROR_NO_HOOD: the data directory has not joined a neighbourhood yet
 * @BN_CORE_ERROR_NOT_ALLOWED: only the author of an item may change it
 * @BN_CORE_ERROR_STORE: the database failed (disk full, locked, corrupt)
 * @BN_CORE_ERROR_SEALED: the payload is sealed to other recipients
 * @BN_CORE_ERROR_NO_KEY: the payload is sealed with an epoch key this peer does not hold (yet)
 */
typedef enum {
  BN_CORE_ERROR_INVALID,
  BN_CORE_ERROR_TYPO,
  BN_CORE_ERROR_SIGNATURE,
  BN_CORE_ERROR_CHAIN,
  BN_CORE_ERROR_FORK,
  BN_CORE_ERROR_FOREIGN,
  BN_CORE_ERROR_TOO_LARGE,
  BN_CORE_ERROR_PAYLOAD,
  BN_CORE_ERROR_NOT_FOUND,
  BN_CORE_ERROR_EXISTS,
  BN_CORE_ERROR_NO_HOOD,
  BN_CORE_ERROR_NOT_ALLOWED,
  BN_CORE_ERROR_STORE,
  BN_CORE_ERROR_SEALED,
  BN_CORE_ERROR_NO_KEY,
} BnCoreError;

GQuark bn_core_error_quark (void);

G_END_DECLS
