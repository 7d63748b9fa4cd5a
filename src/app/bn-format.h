/* bn-format.h — words for what the core knows: how near, how long ago, what state
 *
 * Pure GLib so the tests can check them without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

const char *bn_format_proximity   (BnProximity  proximity);
const char *bn_format_status      (const char  *status);
const char *bn_format_visibility  (const char  *visibility);
char       *bn_format_relative    (gint64       then_ms,
                                   gint64       now_ms);
char       *bn_format_when        (const char  *when,
                                   gboolean     mine);
char       *bn_format_who         (const BnPost *post,
                                   const char  *my_peer_id);
char       *bn_format_place       (const BnProfile *profile);
char       *bn_format_fingerprint (const char  *fingerprint);
char       *bn_format_categories  (const char *const *ids);
char       *bn_format_category_counts (const BnCategoryStats *stats);
char       *bn_format_waiting     (gint64       created_ms,
                                   gint64       now_ms);
char       *bn_format_helpers     (GPtrArray   *helpers,
                                   const char  *my_peer_id);
char       *bn_format_names       (const char *const *names);
char       *bn_format_seen_by     (const char *const *names);
char       *bn_format_invite_validity (const BnInviteInfo *info,
                                   gint64       now_ms);
char       *bn_format_gone        (BnMemberStatus standing,
                                   const char  *reason,
                                   const char *const *connectors);

G_END_DECLS
