/* bn-store-schema.h — the SQL of each schema version, applied in order
 *
 * Version 1 holds the source of truth (raw headers and payloads). Later versions add
 * derived tables, which the reducer can drop and rebuild at any time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

static const char *const bn_store_migrations[] = {
  /* 1: raw entries, heads per author, forks kept as proof, settings */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  /* n grows with arrival: folding follows it, and appends stay sequential. */
  "CREATE TABLE entries ("
  "  n INTEGER PRIMARY KEY, author BLOB NOT NULL, seq INTEGER NOT NULL,"
  "  id BLOB NOT NULL UNIQUE, header BLOB NOT NULL, payload BLOB, timestamp INTEGER NOT NULL,"
  "  UNIQUE (author, seq));"
  "CREATE TABLE heads ("
  "  author BLOB PRIMARY KEY, seq INTEGER NOT NULL, id BLOB NOT NULL,"
  "  forked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE TABLE forks ("
  "  author BLOB NOT NULL, seq INTEGER NOT NULL, header BLOB NOT NULL,"
  "  found INTEGER NOT NULL, PRIMARY KEY (author, seq, header));",

  /* 2: derived state (the reducer's tables) */
  "CREATE TABLE profiles ("
  "  author BLOB PRIMARY KEY, entry_id BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  name TEXT, about TEXT, talents TEXT, needs TEXT, languages TEXT,"
  "  street TEXT, number TEXT, building TEXT, floor TEXT, connector INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE posts ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  kind TEXT, category TEXT, title TEXT, body TEXT, when_text TEXT, urgency TEXT,"
  "  visibility TEXT, on_behalf_of TEXT, expiry INTEGER, status TEXT NOT NULL DEFAULT 'open',"
  "  accepted_reply BLOB, helper BLOB, updated INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX posts_kind ON posts (kind, deleted);"
  "CREATE TABLE post_events ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  type TEXT NOT NULL, data TEXT NOT NULL);"
  "CREATE INDEX post_events_post ON post_events (post_id);"
  "CREATE TABLE replies ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX replies_post ON replies (post_id);"
  "CREATE TABLE thanks ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX thanks_post ON thanks (post_id);"
  "CREATE TABLE deletions ("
  "  target BLOB NOT NULL, author BLOB NOT NULL, PRIMARY KEY (target, author)) WITHOUT ROWID;",

  /* 3: neighbours' addresses, for the peer manager */
  "CREATE TABLE peers ("
  "  address TEXT PRIMARY KEY, source TEXT NOT NULL, peer_id TEXT,"
  "  last_seen INTEGER NOT NULL DEFAULT 0, last_sync INTEGER NOT NULL DEFAULT 0,"
  "  failures INTEGER NOT NULL DEFAULT 0, entries_in INTEGER NOT NULL DEFAULT 0,"
  "  entries_out INTEGER NOT NULL DEFAULT 0);",

  /* 4: versions 1 and 2 above were changed in place when folding moved apart
   * from storing (entries gained n; posts lost their stored base), so databases
   * written before that have the old shapes: bring every database to the shapes
   * above. Entries are copied in log order, a valid arrival order; the derived
   * tables are rebuilt afterwards (see migrate()). */
  "CREATE TABLE entries_4 ("
  "  n INTEGER PRIMARY KEY, author BLOB NOT NULL, seq INTEGER NOT NULL,"
  "  id BLOB NOT NULL UNIQUE, header BLOB NOT NULL, payload BLOB, timestamp INTEGER NOT NULL,"
  "  UNIQUE (author, seq));"
  "INSERT INTO entries_4 (author, seq, id, header, payload, timestamp)"
  "  SELECT author, seq, id, header, payload, timestamp FROM entries ORDER BY author, seq;"
  "DROP TABLE entries;"
  "ALTER TABLE entries_4 RENAME TO entries;"
  "DROP TABLE posts;"
  "CREATE TABLE posts ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  kind TEXT, category TEXT, title TEXT, body TEXT, when_text TEXT, urgency TEXT,"
  "  visibility TEXT, on_behalf_of TEXT, expiry INTEGER, status TEXT NOT NULL DEFAULT 'open',"
  "  accepted_reply BLOB, helper BLOB, updated INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX posts_kind ON posts (kind, deleted);",

  /* 5: protocol version 2 — the epoch keys this peer holds (not derived: a key
   * given in a welcome is in no entry), and the roster folded from roster
   * entries; entries held until their author is a member or their key arrives. */
  "CREATE TABLE keys (id BLOB PRIMARY KEY, secret BLOB NOT NULL, added INTEGER NOT NULL)"
  "  WITHOUT ROWID;"
  "CREATE TABLE roster_ops ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,"
  "  type TEXT NOT NULL, data TEXT NOT NULL, valid INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE TABLE members ("
  "  key BLOB PRIMARY KEY, status INTEGER NOT NULL, connector INTEGER NOT NULL,"
  "  cut INTEGER NOT NULL DEFAULT 0, since INTEGER, granted_by BLOB, ended_op BLOB,"
  "  ended_by BLOB, ended_ts INTEGER, reason TEXT, replaced_by BLOB, name TEXT) WITHOUT ROWID;"
  "CREATE TABLE invites ("
  "  id BLOB PRIMARY KEY, op BLOB NOT NULL, inviter BLOB NOT NULL, uses INTEGER NOT NULL,"
  "  used INTEGER NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,"
  "  revoked INTEGER NOT NULL, key BLOB NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE held (n INTEGER PRIMARY KEY, author BLOB, key_id BLOB);"
  "CREATE INDEX held_author ON held (author);"
  "CREATE INDEX held_key ON held (key_id);",

  /* 6: per author, how many entries are held without their payload (sync
   * protocol version 2 lists it in every head, so that a payload a peer lacks
   * is noticed and fetched), and which payloads were erased on purpose (a
   * deletion or an expiry), which a peer never takes back from a neighbour.
   * Payload-less entries stored before this version count as erased. */
  "ALTER TABLE heads ADD COLUMN holes INTEGER NOT NULL DEFAULT 0;"
  "UPDATE heads SET holes ="
  "  (SELECT count(*) FROM entries e WHERE e.author = heads.author AND e.payload IS NULL);"
  "CREATE TABLE erased (id BLOB PRIMARY KEY) WITHOUT ROWID;"
  "INSERT INTO erased (id) SELECT id FROM entries WHERE payload IS NULL;",

  /* 7: moderation (docs/protocol.md §6.2) — reports and their handling, hides
   * and unhides (derived), and the neighbours this computer blocks (not
   * derived: blocking writes no entry). */
  "CREATE TABLE reports ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL, target BLOB, member BLOB,"
  "  reason TEXT NOT NULL, text TEXT, quote TEXT);"
  "CREATE INDEX reports_target ON reports (target);"
  "CREATE TABLE reports_handled ("
  "  id BLOB PRIMARY KEY, report BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL);"
  "CREATE INDEX reports_handled_report ON reports_handled (report);"
  "CREATE TABLE hides ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL, target BLOB, member BLOB,"
  "  reason TEXT, erase INTEGER NOT NULL DEFAULT 0, upto INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX hides_target ON hides (target);"
  "CREATE INDEX hides_member ON hides (member);"
  "CREATE TABLE unhides ("
  "  id BLOB NOT NULL, hide BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  PRIMARY KEY (id, hide)) WITHOUT ROWID;"
  "CREATE INDEX unhides_hide ON unhides (hide);"
  "CREATE TABLE blocked (key BLOB PRIMARY KEY, since INTEGER NOT NULL) WITHOUT ROWID;",

  /* 8: exact places (docs/protocol.md §6.1), folded from the "place" entries
   * this peer can open: its own and those sealed to it. */
  "CREATE TABLE places ("
  "  author BLOB PRIMARY KEY, entry_id BLOB NOT NULL, seq INTEGER NOT NULL,"
  "  number TEXT, box TEXT, floor TEXT) WITHOUT ROWID;",

  /* 9: why the last attempt to reach a neighbour's machine failed, in a word
   * ("no-answer", "refused", "not-member", "removed", "clock", ...), when, and
   * the message, so that `buurtnet-cli doctor` (another process) can say it. */
  "ALTER TABLE peers ADD COLUMN failure TEXT;"
  "ALTER TABLE peers ADD COLUMN failure_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE peers ADD COLUMN failure_message TEXT;",
  /* 10: the connector's toolkit (docs/protocol.md §6.3, §6.4) — every version of
   * a service, removals, and the referrals and their statuses this peer can
   * open; which count is decided when read, on the roster as it stands. */
  "CREATE TABLE services ("
  "  id BLOB PRIMARY KEY, service BLOB NOT NULL, replaces BLOB, author BLOB NOT NULL,"
  "  seq INTEGER NOT NULL, ts INTEGER NOT NULL, name TEXT NOT NULL, org TEXT, categories TEXT,"
  "  words TEXT, audience TEXT, languages TEXT, area TEXT, address TEXT, phone TEXT, email TEXT,"
  "  url TEXT, hours TEXT, cost TEXT, access TEXT, accessibility TEXT, source TEXT, checked TEXT);"
  "CREATE INDEX services_service ON services (service);"
  "CREATE TABLE service_removals ("
  "  id BLOB PRIMARY KEY, service BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL);"
  "CREATE INDEX service_removals_service ON service_removals (service);"
  "CREATE TABLE referrals ("
  "  id BLOB PRIMARY KEY, post BLOB NOT NULL, service BLOB NOT NULL, author BLOB NOT NULL,"
  "  ts INTEGER NOT NULL, consent TEXT NOT NULL, note TEXT);"
  "CREATE INDEX referrals_post ON referrals (post);"
  "CREATE TABLE referral_statuses ("
  "  id BLOB PRIMARY KEY, referral BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,"
  "  ts INTEGER NOT NULL, status TEXT NOT NULL);"
  "CREATE INDEX referral_statuses_referral ON referral_statuses (referral);",


  /* 11: conversations and changing course (docs/protocol.md §6.5) — the
   * messages this peer can open (its own and those sealed to it), which of them
   * were read here (not derived: reading writes no entry), and helpers' replies
   * taken back. Older versions stored such entries without folding them. */
  "CREATE TABLE messages ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, recipient BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL, text TEXT NOT NULL, about BLOB, expiry INTEGER);"
  "CREATE INDEX messages_author ON messages (author);"
  "CREATE INDEX messages_recipient ON messages (recipient);"
  "CREATE TABLE messages_read (id BLOB PRIMARY KEY) WITHOUT ROWID;"
  "CREATE TABLE reply_withdrawals ("
  "  id BLOB PRIMARY KEY, post_id BLOB NOT NULL, reply BLOB NOT NULL, author BLOB NOT NULL,"
  "  ts INTEGER NOT NULL);"
  "CREATE INDEX reply_withdrawals_reply ON reply_withdrawals (reply);",

  /* 12: meetups (docs/protocol.md §6.6) — events with their organiser's changes,
   * and every RSVP (who is confirmed is worked out when read). Older versions
   * stored such entries without folding them. */
  "CREATE TABLE events ("
  "  id BLOB PRIMARY KEY, author BLOB NOT NULL, ts INTEGER NOT NULL, title TEXT, details TEXT,"
  "  start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, place TEXT, category TEXT,"
  "  capacity INTEGER NOT NULL DEFAULT 0, repeat TEXT NOT NULL DEFAULT 'none', until TEXT,"
  "  cancelled INTEGER NOT NULL DEFAULT 0, changes INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE event_changes ("
  "  id BLOB PRIMARY KEY, event_id BLOB NOT NULL, author BLOB NOT NULL, ts INTEGER NOT NULL,"
  "  type TEXT NOT NULL, data TEXT NOT NULL);"
  "CREATE INDEX event_changes_event ON event_changes (event_id);"
  "CREATE TABLE rsvps ("
  "  id BLOB PRIMARY KEY, event_id BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,"
  "  ts INTEGER NOT NULL, answer TEXT NOT NULL, guests INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX rsvps_event ON rsvps (event_id);",

  /* 13: a message may propose a time to meet, or agree to the time another
   * proposed (docs/protocol.md §6.5). Older versions folded such messages
   * without these members: they are folded again, once. */
  "ALTER TABLE messages ADD COLUMN proposes INTEGER;"
  "ALTER TABLE messages ADD COLUMN agrees BLOB;"
  "CREATE INDEX messages_agrees ON messages (agrees);",

  /* 14: an RSVP may answer for one date of a repeated meetup (docs/protocol.md
   * §6.6). Older versions folded such answers as if for every date: they are
   * folded again, once. */
  "ALTER TABLE rsvps ADD COLUMN date TEXT;",

  /* 15: no index on (kind, deleted). There are two kinds, so it never narrowed
   * a query by more than half, and a full scan of 100,000 posts reads as fast
   * (~57 ms either way, cold); but each new post paid about 7,000 instructions
   * to keep it, a tenth of a catch-up's fold (bench/README.md, 5 December). */
  "DROP INDEX IF EXISTS posts_kind;",
};
