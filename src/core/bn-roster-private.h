/* bn-roster-private.h — roster entries as typed values, and their evaluation
 * (docs/protocol.md §9)
 *
 * bn-type-roster.c: the payloads (JSON members, decoding, encoding) and their fold
 *   into the roster_ops table.
 * bn-roster-eval.c: the evaluation of a set of roster entries into a roster, a
 *   pure function with no database.
 * bn-roster.c: loading the entries, writing the result (members, invites,
 *   epochs), and what changes with it (held entries, the current key).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-crypto.h"
#include "bn-json-fields.h"
#include "bn-invite.h"
#include "bn-keyring.h"
#include "bn-roster.h"
#include "bn-store.h"

G_BEGIN_DECLS


typedef enum {
  BN_ROSTER_HOOD,
  BN_ROSTER_INVITE,
  BN_ROSTER_REVOKE,
  BN_ROSTER_ADMIT,
  BN_ROSTER_APPOINT,
  BN_ROSTER_DISMISS,
  BN_ROSTER_REMOVE,
  BN_ROSTER_LEAVE,
  BN_ROSTER_REPLACE,
  BN_ROSTER_EPOCH,
  BN_ROSTER_SHARE,
  BN_ROSTER_N_KINDS
} BnRosterKind;

/* One roster entry: what its payload says, and where it stands in its log. */
typedef struct
{
  /* Where it is */
  guint8        id[BN_HASH_LEN];
  guint8        author[BN_PUBLIC_KEY_LEN];
  guint64       seq;
  gint64        timestamp_ms;
  gboolean      author_has_v1;          /* the author wrote a version 1 entry (§9.8) */
  gboolean      was_valid;              /* the last evaluation stored found it valid */

  /* What it says */
  BnRosterKind  kind;
  GArray       *after;                  /* guint8[BN_HASH_LEN] */
  guint8        member[BN_PUBLIC_KEY_LEN];   /* admit, appoint, dismiss, remove, replace (old) */
  guint8        by[BN_PUBLIC_KEY_LEN];       /* replace: the new identity */
  guint64       upto;                        /* remove, replace */
  guint8        invite[BN_INVITE_ID_LEN];    /* invite, revoke, admit */
  guint8        invite_key[BN_PUBLIC_KEY_LEN]; /* invite */
  guint         uses;                        /* invite */
  gint64        expires_ms;                  /* invite */
  guint8        key[BN_KEY_ID_LEN];          /* hood, invite, epoch, share */
  guint8        proof[BN_SIGNATURE_LEN];     /* admit */
  GArray       *keys;                   /* guint8[BN_KEY_ID_LEN]: admit's welcome keys; epoch's parents */
  GHashTable   *seals;                  /* epoch, share: peer ID → base64 sealed key */
  GPtrArray    *legacy_members;         /* hood: guint8[32] each */
  GPtrArray    *legacy_connectors;      /* hood: guint8[32] each */
  char         *name;                   /* hood, admit */
  char         *reason;                 /* remove */
} BnRosterOp;

const char *bn_roster_kind_to_string  (BnRosterKind kind);
BnRosterOp *bn_roster_op_decode       (const BnJsonFields *object,
                                       const char        **why);
void        bn_roster_op_free         (BnRosterOp  *self);
JsonObject *bn_roster_op_encode       (const BnRosterOp *self);
BnRosterOp *bn_roster_op_new          (BnRosterKind kind);
void        bn_roster_op_add_seal     (BnRosterOp   *self,
                                       const guint8  member[BN_PUBLIC_KEY_LEN],
                                       const guint8  secret[BN_KEY_LEN]);
gboolean    bn_roster_op_open_seal    (const BnRosterOp *self,
                                       const BnIdentity *me,
                                       guint8            secret[BN_KEY_LEN]);
gboolean    bn_roster_op_seals_to     (const BnRosterOp *self,
                                       const guint8      member[BN_PUBLIC_KEY_LEN]);
gboolean    bn_roster_is_type         (const char  *type);

/* What an evaluation concludes about one identity. */
typedef struct
{
  guint8          key[BN_PUBLIC_KEY_LEN];
  BnMemberStatus  status;
  gboolean        connector;
  guint64         cut;              /* last valid seq when no longer a member */
  const BnRosterOp *granted;        /* the entry that made them a member (borrowed) */
  const BnRosterOp *ended;          /* the entry that ended it, if any (borrowed) */
  guint8          replaced_by[BN_PUBLIC_KEY_LEN];
  gboolean        has_replaced_by;
} BnRosterMember;

typedef struct
{
  const BnRosterOp *op;             /* the invite entry (borrowed) */
  guint             used;           /* members admitted with it */
  gboolean          revoked;
} BnRosterInvite;

typedef struct
{
  GPtrArray      *ops;              /* BnRosterOp, owned: the chained entries in T order,
                                       then the others ready (n_unchained, T order), then
                                       those waiting (n_pending) */
  GArray         *valid;            /* gboolean per op (T order) */
  GHashTable     *members;          /* BnRosterMember by key (32-byte GBytes) */
  GHashTable     *invites;          /* BnRosterInvite by invite ID (16-byte GBytes) */
  gboolean        has_root;
  gboolean        has_current_key;
  guint8          current_key[BN_KEY_ID_LEN];
  GArray         *epoch_heads;      /* guint8[BN_KEY_ID_LEN] */
  guint           n_pending;        /* entries waiting for what their `after` names */
  guint           n_unchained;      /* ready but not chained: no part of the roster (§9.3) */
  gboolean        graph_bit_sets;   /* the evaluation's graph fell back on bit sets */
  GPtrArray      *stale_valid;      /* (nullable) GBytes: IDs of stored rows marked valid
                                       that no longer read as entries (bn-roster.c) */
  gint            ref_count;        /* a roster is never changed once evaluated: shared */
} BnRoster;

BnRoster   *bn_roster_evaluate        (GPtrArray    *ops,
                                       const guint8  anchor[BN_HASH_LEN],
                                       const guint8 *k0,
                                       const guint8 *founder);
void        bn_roster_free            (BnRoster     *self);
BnRoster   *bn_roster_ref             (BnRoster     *self);
const BnRosterMember *bn_roster_get_member (const BnRoster *self,
                                            const guint8    key[BN_PUBLIC_KEY_LEN]);
BnInviteState bn_roster_invite_state  (const BnRoster *self,
                                       const guint8    invite[BN_INVITE_ID_LEN],
                                       gint64          now_ms,
                                       const BnRosterOp **invite_op);
GArray     *bn_roster_frontier        (const BnRoster *self);

/* bn-roster.c */
BnRoster   *bn_store_load_roster      (BnStore        *store);
BnEntry    *bn_store_append_roster_op (BnStore          *store,
                                       const BnRoster   *roster,
                                       BnRosterOp       *op,
                                       const BnEpochKey *key,
                                       GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnRosterOp, bn_roster_op_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnRoster, bn_roster_free)

G_END_DECLS
