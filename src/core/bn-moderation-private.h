/* bn-moderation-private.h — who a peer listens to about hiding, as SQL the
 * queries share, and the erasures that hides order (docs/protocol.md §6.2)
 *
 * A hide counts when its author is a connector on this peer's roster as it
 * stands, or when it hides a reply or thanks on its author's own post; it is
 * undone by an unhide that names it, written by the same neighbour or, for a
 * connector's hide, by a connector. Everything is decided when read, from the
 * hides and unhides folded so far and the roster as it stands, so arrival order
 * never matters.
 *
 * Core-internal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-store-private.h"

G_BEGIN_DECLS

/* The macros take SQL expressions as string literals ("h.author"). */

#define BN_SQL_HAS_ROSTER \
  "(coalesce ((SELECT value FROM meta WHERE key = 'roster_root'), '0') = '1')"

/* Whether @key is a connector on the roster as it stands (or, before the
 * neighbourhood has a roster, says so in their profile: docs/protocol.md §9.8). */
#define BN_SQL_IS_CONNECTOR(key) \
  "(CASE WHEN " BN_SQL_HAS_ROSTER " THEN EXISTS (SELECT 1 FROM members cm" \
  " WHERE cm.key = " key " AND cm.status = 1 AND cm.connector = 1)" \
  " ELSE EXISTS (SELECT 1 FROM profiles cp WHERE cp.author = " key " AND cp.connector = 1) END)"

/* Whether the hide @h is undone. */
#define BN_SQL_HIDE_UNDONE(h) \
  "EXISTS (SELECT 1 FROM unhides u WHERE u.hide = " h ".id AND (u.author = " h ".author" \
  " OR (" BN_SQL_IS_CONNECTOR ("u.author") " AND " BN_SQL_IS_CONNECTOR (h ".author") ")))"

/* Whether the hide @h hides a reply or thanks on its own author's post. */
#define BN_SQL_HIDE_BY_POST_AUTHOR(h) \
  "(" h ".target IS NOT NULL AND " h ".author IN (SELECT p.author FROM posts p WHERE p.id IN" \
  " (SELECT n.post_id FROM replies n WHERE n.id = " h ".target" \
  "  UNION ALL SELECT n.post_id FROM thanks n WHERE n.id = " h ".target)))"

/* The hide in force on a post (@item an SQL row alias with id and author),
 * if any: the one of the item before one of its author, then the smallest ID. */
#define BN_SQL_POST_HIDE(item) \
  "(SELECT h.id FROM hides h WHERE (h.target = " item ".id OR h.member = " item ".author)" \
  " AND " BN_SQL_IS_CONNECTOR ("h.author") " AND NOT " BN_SQL_HIDE_UNDONE ("h") \
  " ORDER BY h.member IS NOT NULL, h.id LIMIT 1)"

/* The same for a reply or thanks, which its post's author may hide too. */
#define BN_SQL_NOTE_HIDE(item) \
  "(SELECT h.id FROM hides h WHERE (h.target = " item ".id OR h.member = " item ".author)" \
  " AND (" BN_SQL_IS_CONNECTOR ("h.author") " OR (h.target = " item ".id AND h.author =" \
  "  (SELECT p.author FROM posts p WHERE p.id = " item ".post_id)))" \
  " AND NOT " BN_SQL_HIDE_UNDONE ("h") " ORDER BY h.member IS NOT NULL, h.id LIMIT 1)"

/* Whether @key is blocked on this computer. */
#define BN_SQL_NOT_BLOCKED(key) \
  "(" key " NOT IN (SELECT b.key FROM blocked b))"

/* bn-moderation.c: erases what connectors' erasing hides name, inside the
 * caller's transaction; run after every chunk of the fold, as a hide, its
 * target or a change of the roster may each come last. */
gboolean bn_store_apply_erasures_locked (BnStore      *self,
                                         GError      **error);
/* Whether the entry @id is erased on purpose (a deletion, an expiry, a hide). */
gboolean bn_store_was_erased            (BnStore      *self,
                                         const guint8  id[BN_HASH_LEN]);

G_END_DECLS
