#!/usr/bin/env bash
# Three neighbours (Anna, Bram, Cas) exchanging log files: a conversation
# sealed to its two parties that the third carries unread, a message deleted
# while its reader was away, and changing course on a post (a helper who can't
# make it after all, an asker who chooses someone else).
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
A="$CLI --data-dir $work/anna"
B="$CLI --data-dir $work/bram"
C="$CLI --data-dir $work/cas"

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# carry FROM TO: FROM's whole store, by file, into TO
carry () { $1 log export "$work/carry.log" >/dev/null && $2 log import "$work/carry.log" >/dev/null; }
payload_is_erased () {
  /usr/bin/python3 - "$1/buurtnet.db" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT payload IS NULL FROM entries WHERE lower(hex(id)) = ?", (sys.argv[2],)).fetchone()
sys.exit(0 if row is not None and row[0] == 1 else 1)
PY
}

$A init --name Anna >/dev/null || bail_out "init failed"
code=$($A hood create "Rue Haute" | tail -n 1)
join () {   # join DATA_DIR NAME
  local N="$CLI --data-dir $work/$1"
  $N init --name "$2" >/dev/null
  $N hood join "$($A hood invite | tail -n 1)" >/dev/null
  $N log export "$work/ask.log" >/dev/null
  $A log import "$work/ask.log" >/dev/null
  $A log export "$work/welcome.log" >/dev/null
  $N log import "$work/welcome.log" >/dev/null
}
join bram Bram
join cas Cas
carry "$A" "$B"; carry "$A" "$C"
anna=$($A whoami --json | json "d['peer_id']")
bram=$($B whoami --json | json "d['peer_id']")
[ ${#bram} -eq 52 ] || bail_out "no peer ID for Bram"

# A match, then a conversation about it.
post=$($A post request --category errands --title "Groceries on Saturday" | tail -n 1)
carry "$A" "$B"
reply=$($B reply "$post" --text "I can help!" | tail -n 1)
carry "$B" "$A"
$A accept "$post" "$reply" >/dev/null
msg=$($A message "$bram" --text "Would Saturday morning suit you?" --about "$post" | tail -n 1)
expect "message prints the message ID last" [ ${#msg} -eq 64 ]

# Cas carries Anna's log to Bram: he stores and forwards it unread.
carry "$A" "$C"
expect "Cas stores the message" \
  sh -c "$C log export '$work/c.log' >/dev/null && [ \$(/usr/bin/python3 -c \"import sqlite3; print(sqlite3.connect('$work/cas/buurtnet.db').execute(\\\"SELECT count(*) FROM entries WHERE lower(hex(id)) = '$msg'\\\").fetchone()[0])\") = 1 ]"
expect "Cas cannot read it: no conversation" [ "$($C messages --json | json "len(d)")" = "0" ]
$B log import "$work/c.log" >/dev/null
expect "Bram reads it after Cas carried it" \
  [ "$($B messages "$anna" --json | json "d[0]['text']")" = "Would Saturday morning suit you?" ]
expect "Bram sees what it is about" [ "$($B messages "$anna" --json | json "d[0]['about']")" = "$post" ]
expect "reading it marked it read" [ "$($B messages --json | json "d[0]['unread']")" = "0" ]

answer=$($B message "$anna" --text "Saturday at ten is fine" | tail -n 1)
carry "$B" "$C"; carry "$C" "$A"
expect "Anna has one unread message" [ "$($A messages --json | json "d[0]['unread']")" = "1" ]
expect "Anna's list names Bram" [ "$($A messages --json | json "d[0]['name']")" = "Bram" ]
expect "Anna reads the conversation in order" \
  [ "$($A messages "$bram" --json | json "[m['text'] for m in d]")" = "['Would Saturday morning suit you?', 'Saturday at ten is fine']" ]
expect "Cas still reads none of it" [ "$($C messages --json | json "len(d)")" = "0" ]
expect "Cas cannot write to himself" sh -c "! $C message \"\$($C whoami --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[\"peer_id\"])')\" --text hi 2>/dev/null"
expect "only its author deletes a message" sh -c "$A message delete '$answer' 2>&1 | grep -q 'Only who wrote'"

# Agreeing on a time: Bram proposes one (Brussels time, summer: +02:00), Anna says yes.
cas=$($C whoami --json | json "d['peer_id']")
year=$(( $(date +%Y) + 1 ))
when="$year-07-04T10:00"
proposal=$($B message "$anna" --propose "$when" --text "Shall we say the 4th of July at ten?" | tail -n 1)
expect "message --propose prints the message ID last" [ ${#proposal} -eq 64 ]
carry "$B" "$A"
expect "Anna's messages --json show the proposed time, read as Brussels time" \
  [ "$($A messages "$bram" --json | json "[m['proposes'] for m in d if m['id'] == '$proposal'][0]")" = "$when:00+02:00" ]
expect "a proposal not yet answered says so" \
  [ "$($A messages "$bram" --json | json "[m['answered'] for m in d if m['id'] == '$proposal'][0]")" = "False" ]
expect "--propose needs a date and time" \
  sh -c "$A message '$bram' --propose 'saturday morning' 2>&1 | grep -q 'not a date and time'"
expect "--propose refuses a time that has passed" \
  sh -c "$A message '$bram' --propose 2020-01-04T10:00 2>&1 | grep -q 'has passed'"
expect "--propose and --agree together are refused" \
  sh -c "$A message '$bram' --propose '$when' --agree '$proposal' 2>&1 | grep -q 'not both'"
expect "--agree to a message that proposes nothing says so" \
  sh -c "$A message '$bram' --agree '$answer' 2>&1 | grep -q 'proposes no time'"
expect "--agree to one's own message says so" \
  sh -c "$A message '$bram' --agree '$msg' 2>&1 | grep -q 'is your own'"
expect "--agree to a message of another conversation says so" \
  sh -c "$A message '$cas' --agree '$proposal' 2>&1 | grep -q 'not in your conversation'"
expect "--agree to an unknown message says so" \
  sh -c "$A message '$bram' --agree 0123456789ab 2>&1 | grep -q 'No message'"
expect "nothing was sent by the refused commands" \
  [ "$($A messages "$bram" --json | json "len(d)")" = "3" ]
yes_id=$($A message "$bram" --agree "${proposal:0:12}" | tail -n 1)
expect "message --agree (a short ID) prints the message ID last" [ ${#yes_id} -eq 64 ]
expect "without --text, the yes says the time" \
  [ "$($A messages "$bram" --json | json "d[-1]['text']")" = "That suits me: $year-07-04 10:00." ]
carry "$A" "$B"
expect "Bram's messages --json show Anna's answer agreeing to his proposal" \
  [ "$($B messages "$anna" --json | json "(d[-1]['id'], d[-1]['agrees'], d[-1]['agreed'])")" = "('$yes_id', '$proposal', '$when:00+02:00')" ]
expect "Bram's proposal is answered" \
  [ "$($B messages "$anna" --json | json "[m['answered'] for m in d if m['id'] == '$proposal'][0]")" = "True" ]
expect "messages shows the agreed time in words" \
  sh -c "$B messages '$anna' | grep -q 'proposes $year-07-04 10:00 — agreed'"

# A message deleted while Bram is away is erased when he catches up.
oops=$($A message "$bram" --text "My code is 1234" | tail -n 1)
carry "$A" "$B"
expect "Bram has the message before the deletion" \
  sh -c "$B messages '$anna' --json | grep -q 'My code is 1234'"
expect "Anna deletes it" $A message delete "$oops"
expect "Anna no longer has it" sh -c "! $A messages '$bram' --json | grep -q 'My code is 1234'"
carry "$A" "$C"
expect "Cas, who only carried it, erased its payload too" payload_is_erased "$work/cas" "$oops"
carry "$C" "$B"
expect "Bram, away at the deletion, no longer has it" \
  sh -c "! $B messages '$anna' --json | grep -q 'My code is 1234'"
expect "Bram's copy of the payload is erased" payload_is_erased "$work/bram" "$oops"
expect "Bram's store still verifies" sh -c "$B verify >/dev/null"

# Blocking: a blocked neighbour's messages do not show, and nothing goes to them.
$B block "$anna" >/dev/null
expect "Bram, blocking Anna, sees no conversation with her" [ "$($B messages --json | json "len(d)")" = "0" ]
expect "nor her messages" [ "$($B messages "$anna" --json | json "len(d)")" = "0" ]
expect "nor can he write to her" sh -c "$B message '$anna' --text hi 2>&1 | grep -q 'You blocked'"
$B unblock "$anna" >/dev/null
expect "unblocked, the conversation shows again" [ "$($B messages --json | json "len(d)")" = "1" ]

# Changing course: Bram can't make it; Anna chooses Cas, then undoes that.
expect "Bram takes back his offer" $B reply-withdraw "$post"
carry "$B" "$A"; carry "$B" "$C"
expect "the post is open again for Anna" [ "$($A show "$post" --json | json "d['status']")" = "open" ]
expect "the post is open again for Cas" [ "$($C show "$post" --json | json "d['status']")" = "open" ]
expect "Anna sees the reply taken back" \
  [ "$($A show "$post" --json | json "d['reply_list'][0]['withdrawn']")" = "True" ]
expect "a reply taken back cannot be accepted" \
  sh -c "$A accept '$post' '$reply' 2>&1 | grep -q \"can’t make it\""
reply_c=$($C reply "$post" --text "I can go instead" | tail -n 1)
carry "$C" "$A"
$A accept "$post" "$reply_c" >/dev/null
carry "$A" "$B"; carry "$A" "$C"
expect "Cas is the helper on Bram's peer" [ "$($B show "$post" --json | json "d['helper_name']")" = "Cas" ]
expect "Anna undoes her choice" $A unaccept "$post"
carry "$A" "$B"; carry "$A" "$C"
for who in A B C; do
  eval "P=\$$who"
  expect "the post is open with no helper on $who's peer" \
    [ "$($P show "$post" --json | json "(d['status'], d['helper'])")" = "('open', None)" ]
done
expect "unaccept on a post with no helper says so" \
  sh -c "$A unaccept '$post' 2>&1 | grep -q 'nothing to undo'"
expect "only the asker undoes a choice" \
  sh -c "$B unaccept '$post' 2>&1 | grep -q 'Only the neighbour who posted'"
expect "reply-withdraw without a reply says so" \
  sh -c "$B reply-withdraw '$post' 2>&1 | grep -q 'nothing to take back'"

finish
