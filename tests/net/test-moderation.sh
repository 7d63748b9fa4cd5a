#!/usr/bin/env bash
# test-moderation.sh — hides across real `serve` peers on loopback (no mDNS):
# n1 is the connector, n2 and n3 neighbours, in a chain n1 - n2 - n3. A hide
# written by a neighbour who is no connector (as a modified client would) reaches
# every peer and is ignored by every one; a connector's hide and erasing hide
# reach a peer that was offline when they were made, through a peer that is no
# connector; and what was erased leaves no plaintext in any peer's database
# files (the bytes of buurtnet.db and its WAL are read, running and stopped).
set -u
. "$(dirname "$0")/net-lib.sh"
: "${BN_APPEND_ENTRY:?set by meson (tests/meson.build)}"

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
peer_of () { "$CLI" -d "$NET_TMP/n$1" whoami --json | json "d['peer_id']"; }
# post_field I ID FIELD: a field of post ID in n$I's list (None when absent, 'gone' when not listed)
post_field () {
  "$CLI" -d "$NET_TMP/n$1" list --json 2>/dev/null \
    | json "next((p.get('$3') for p in d if p['id'] == '$2'), 'gone')"
}
field_is () { [ "$(post_field "$1" "$2" "$3")" = "$4" ]; }
all_field_is () {
  local id=$1 field=$2 want=$3 i; shift 3
  for i in "$@"; do field_is "$i" "$id" "$field" "$want" || return 1; done
}
same_entries () { local want; want=$(net_entries "$1"); shift; for i in "$@"; do [ "$(net_entries "$i")" = "$want" ] || return 1; done; }

# holds_text I TEXT: n$I's database file or its WAL holds TEXT (UTF-8 bytes)
holds_text () {
  /usr/bin/python3 - "$NET_TMP/n$1/buurtnet.db" "$2" <<'PY'
import os, sys
db, text = sys.argv[1], sys.argv[2].encode()
found = False
for path in (db, db + "-wal"):
    if os.path.exists(path):
        with open(path, "rb") as f:
            if text in f.read():
                print("# %s holds %r" % (path, text))
                found = True
sys.exit(0 if found else 1)
PY
}
holds_none () { local text=$1 i; shift; for i in "$@"; do ! holds_text "$i" "$text" || return 1; done; }
# hides_logged N I...: each peer's moderation log lists N hides
hides_logged () {
  local n=$1 i; shift
  for i in "$@"; do
    [ "$("$CLI" -d "$NET_TMP/n$i" moderation --json | json "sum(a['action'] == 'hide' for a in d)")" = "$n" ] \
      || return 1
  done
}
all_verify () { local i; for i in "$@"; do quiet "$CLI" -d "$NET_TMP/n$i" verify || return 1; done; }

net_hood 3
net_serve 1
net_serve 2 1
net_serve 3 2
n2=$(peer_of 2)

"$CLI" -d "$NET_TMP/n2" post offer --category other --title "Cheap watches" >/dev/null
watches=$("$CLI" -d "$NET_TMP/n2" list --json | json "[p['id'] for p in d if p['title'] == 'Cheap watches'][0]")
"$CLI" -d "$NET_TMP/n2" post offer --category other --title "Watches again" \
  --body "Marie's phone is 0470 98 76 54" >/dev/null
again=$("$CLI" -d "$NET_TMP/n2" list --json | json "[p['id'] for p in d if p['title'] == 'Watches again'][0]")
expect "both posts reach every peer" \
  net_wait "all have both posts" 15 net_all_have "Watches again" 1 2 3

# --- A hide by a neighbour who is no connector -------------------------------
expect "n3's own CLI refuses to hide for everyone" \
  bash -c "! '$CLI' -d '$NET_TMP/n3' hide '$watches' --reason 'I say so' 2>/dev/null"
forged=$("$BN_APPEND_ENTRY" "$NET_TMP/n3" \
  "{\"type\":\"hide\",\"target\":\"$watches\",\"reason\":\"I say so\",\"erase\":true}")
"$BN_APPEND_ENTRY" "$NET_TMP/n3" "{\"type\":\"hide\",\"member\":\"$n2\",\"reason\":\"I say so\"}" >/dev/null
expect "a hide written by hand by n3 (no connector) reaches every peer" \
  net_wait "all peers hold n3's entries" 15 same_entries 1 2 3
expect "...and every peer ignores it: nothing is hidden" \
  all_field_is "$watches" hidden_by None 1 2 3
expect "...nothing is erased" all_field_is "$watches" title "Cheap watches" 1 2 3
expect "...and it is in no moderation log" hides_logged 0 1 2 3
[ -n "$forged" ] || not_ok "the forged hide was written"

# --- A connector's hides reach a peer that was away --------------------------
net_stop 3
expect "n1, the connector, hides one post" \
  quiet "$CLI" -d "$NET_TMP/n1" hide "$watches" --reason "Advertising"
expect "...and hides and erases the other, which holds private details" \
  quiet "$CLI" -d "$NET_TMP/n1" hide "$again" --reason "Private details" --erase
expect "n2 shows the first as hidden by n1" \
  net_wait "n2 has the hide" 15 field_is 2 "$watches" hidden_by_name "Neighbour 1"
expect "...and erased the second" net_wait "n2 erased it" 15 field_is 2 "$again" title gone
expect "n3 still shows both while it is away" field_is 3 "$again" title "Watches again"
net_serve 3 2
expect "n3, back and linked to n2 only, shows the first as hidden by n1, with the reason" \
  net_wait "n3 has the hide" 15 field_is 3 "$watches" hidden_reason "Advertising"
expect "...and has erased the second" net_wait "n3 erased it" 15 field_is 3 "$again" title gone
expect "every peer's moderation log lists both hides" hides_logged 2 1 2 3
expect "every peer's log still verifies (headers kept, chains whole)" all_verify 1 2 3

# --- No plaintext left --------------------------------------------------------
# The erasing commit is followed by a checkpoint that empties the WAL, and
# erased rows are zeroed in the file (secure_delete): while the peers run...
expect "while the peers run, no database file or WAL holds the erased details" \
  net_wait "the erased text is gone from the files" 10 holds_none "0470 98 76 54" 1 2 3
expect "...nor the erased title" holds_none "Watches again" 1 2 3
expect "(the hidden, not erased, post is still there to show again)" \
  holds_text 1 "Cheap watches"
# ...and after they stop.
for i in 1 2 3; do net_stop "$i"; done
expect "once stopped, no database file holds the erased details" holds_none "0470 98 76 54" 1 2 3
expect "...nor the erased title" holds_none "Watches again" 1 2 3
expect "unhide shows the first post again" quiet "$CLI" -d "$NET_TMP/n1" unhide "$watches"
expect "...on n1 at once" field_is 1 "$watches" title "Cheap watches"

finish
