/* bn-roster-index.h — what bn_roster_evaluate() works with: the entries
 * indexed by what they concern, the graph, and what is worked out once per
 * entry (bn-roster-index.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-roster-graph.h"

G_BEGIN_DECLS

/* What an entry does to the identity it is listed under. */
typedef enum
{
  BN_ABOUT_GRANTS                 = 1 << 0,  /* makes them a member: root, admit, replace by them */
  BN_ABOUT_ENDS                   = 1 << 1,  /* ends it: a remove or replace of them, their leave */
  BN_ABOUT_REMOVES                = 1 << 2,  /* a remove or replace of them */
  BN_ABOUT_CONNECTOR              = 1 << 3,  /* root, appoint */
  BN_ABOUT_CONNECTOR_IF_INHERITED = 1 << 4,  /* replace by them of a connector */
  BN_ABOUT_DISMISSES              = 1 << 5,
} BnRosterAboutWhat;

#define BN_ABOUT_N_KINDS 6

typedef struct
{
  guint op;      /* position in T */
  guint what;    /* BnRosterAboutWhat */
} BnRosterAbout;

typedef struct
{
  GArray *invites;   /* guint: `invite` entries with this invite ID, T order */
  GArray *revokes;   /* guint: `revoke` entries */
} BnRosterInviteOps;

typedef struct
{
  GPtrArray     *ops;          /* BnRosterOp; the first n in T order (ready ones) */
  guint          n;
  BnRosterGraph *graph;
  gboolean      *valid;
  gboolean      *void_;
  gboolean      *inherits;     /* replace: the old identity was a connector in its past */
  const guint8  *anchor;
  const guint8  *k0;
  gboolean       legacy;       /* the anchor is K0's subkey 4 (an upgraded neighbourhood) */

  /* Indexes */
  GHashTable    *about;        /* public key → BnRosterAboutLists: BnRosterAbout, T order */
  GHashTable    *invites;      /* invite ID → BnRosterInviteOps */
  GHashTable    *epochs_after; /* key ID → GArray of guint: `epoch` entries naming it a parent */
  GArray        *key_ops;      /* guint: the entries that introduce a key (root, epoch), T order */

  /* Worked out once per entry */
  gboolean      *well_formed;  /* invite: its ID is its key's */
  GArray       **seal_keys;    /* epoch, share: the keys sealed to, or NULL if one is no peer ID */
  guint         *proof_of;     /* admit: 1 + the invite entry its proof was checked against */
  gboolean      *proof_ok;
} BnRosterEval;

void                     bn_roster_index_init        (BnRosterEval       *ev,
                                                      GPtrArray          *ops,
                                                      guint               n);
void                     bn_roster_index_clear       (BnRosterEval       *ev);
const GArray            *bn_roster_index_about       (const BnRosterEval *ev,
                                                      const guint8       *key);
const GArray            *bn_roster_index_about_what  (const BnRosterEval *ev,
                                                      const guint8       *key,
                                                      BnRosterAboutWhat   what);
const BnRosterInviteOps *bn_roster_index_invite      (const BnRosterEval *ev,
                                                      const guint8       *invite);
const GArray            *bn_roster_index_epochs_after (const BnRosterEval *ev,
                                                       const guint8       *key_id);

/* Distinct members admitted per invite */
typedef struct _BnRosterUses BnRosterUses;

BnRosterUses *bn_roster_uses_new   (void);
void          bn_roster_uses_free  (BnRosterUses *uses);
void          bn_roster_uses_add   (BnRosterUses *uses,
                                    const guint8 *invite,
                                    const guint8 *member);
gboolean      bn_roster_uses_has   (BnRosterUses *uses,
                                    const guint8 *invite,
                                    const guint8 *member);
guint         bn_roster_uses_count (BnRosterUses *uses,
                                    const guint8 *invite);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnRosterUses, bn_roster_uses_free)

G_END_DECLS
