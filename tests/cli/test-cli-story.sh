#!/usr/bin/env bash
# Two neighbours in one neighbourhood, joined by invite code and by file (a request
# to join, answered with a welcome), exchanging entries by file (log export / log
# import); and what buurtnet-cli says to wrong input.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
A="$CLI --data-dir $work/anna"
B="$CLI --data-dir $work/bram"

# Runs a command that must fail: exit status 1 and one line on stderr that says $2.
fails_saying () {
  local pattern=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 1 ]; then echo "# expected exit 1, got $rc: $err"; return 1; fi
  if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then echo "# expected one line: $err"; return 1; fi
  if ! printf '%s' "$err" | grep -q -- "$pattern"; then echo "# expected '$pattern' in: $err"; return 1; fi
}

json_field () { /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

$A init --name Anna >/dev/null || bail_out "init failed"
code=$($A hood create "Rue Haute" | tail -n 1)
expect "hood create prints an invite code as its last line" \
  grep -qE '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$' <<<"$code"
expect "whoami --json names the neighbourhood" \
  [ "$($A whoami --json | json_field "['neighbourhood']")" = "Rue Haute" ]
expect "a second hood create in one data directory is refused" \
  fails_saying "already belongs" $A hood create "Elsewhere"

$B init --name Bram >/dev/null
typo="${code:0:6}$( [ "${code:6:1}" = A ] && echo B || echo A )${code:7}"
expect "a mistyped invite code says which group looks wrong" fails_saying "Group 2" $B hood join "$typo"
expect "nonsense is not an invite code" fails_saying "an invite code has 20" $B hood join "hello"
expect "the right code makes a request to join" $B hood join "$code"
expect "B asks by file" $B log export "$work/ask.log"
expect "A admits B from the file" $A log import "$work/ask.log"
$A log export "$work/welcome.log" >/dev/null
out=$($B log import "$work/welcome.log")
expect "B joins with A's answer" grep -q "You joined “Rue Haute”" <<<"$out"
expect "both see one neighbourhood" \
  [ "$($B whoami --json | json_field "['neighbourhood']")" = "Rue Haute" ]
$CLI --data-dir "$work/cas" init --name Cas >/dev/null
$CLI --data-dir "$work/cas" hood join "$code" >/dev/null
$CLI --data-dir "$work/cas" log export "$work/ask-cas.log" >/dev/null
expect "a code used once admits no one else" \
  sh -c "$A log import '$work/ask-cas.log' 2>&1 | grep -q 'already been used'"

$A profile set --talent errands --street "Rue Haute" --building 12 --floor 3 >/dev/null
$B profile set --talent computer --street "Rue Haute" --building 12 --floor 3 >/dev/null
post=$($A post request --category errands --title "Groceries on Saturday" --body "Milk and bread" | tail -n 1)
expect "post prints a 64-character ID" [ ${#post} -eq 64 ]
expect "an unknown category is refused with the list" \
  fails_saying "errands" $A post request --category cats --title "x"

$A log export "$work/a.log" >/dev/null
cp "$work/a.log" "$work/anna-only.log"
out=$($B log import "$work/a.log")
# A's profile, her place (floor 3, sealed to herself alone) and her request.
expect "B imports A's new entries ($out)" [ "$out" = "3 new, 4 known, 0 refused" ]
title=$($B list --json | json_field "[0]['title']")
expect "B sees A's request" [ "$title" = "Groceries on Saturday" ]
# The whole neighbourhood sees street and building; floors go to whom one is
# matched with (docs/protocol.md §6.1).
expect "B sees A in the same building, not her floor" \
  [ "$($B list --json | json_field "[0]['proximity']")" = "building" ]

reply=$($B reply "$post" --text "I can help!" | tail -n 1)
$B log export "$work/b.log" >/dev/null
$A log import "$work/b.log" >/dev/null
expect "A sees B's reply" [ "$($A list --json | json_field "[0]['replies']")" = "1" ]
expect "B cannot accept on A's post" fails_saying "Only the neighbour who posted" $B accept "$post" "$reply"
expect "A accepts B's reply" $A accept "$post" "$reply"
$A thanks "$post" --text "Thank you, Bram!" >/dev/null
$A log export "$work/a.log" >/dev/null
$B log import "$work/a.log" >/dev/null
expect "B sees B as the chosen helper" [ "$($B show "$post" --json | json_field "['helper_name']")" = "Bram" ]
expect "once matched, B sees A on the same floor" \
  [ "$($B list --json | json_field "[0]['proximity']")" = "floor" ]
expect "B sees the status matched" [ "$($B show "$post" --json | json_field "['status']")" = "matched" ]
expect "B sees the thanks" [ "$($B show "$post" --json | json_field "['thanks_list'][0]['text']")" = "Thank you, Bram!" ]

# Bad input: nothing is lost and the store still verifies.
before=$($B whoami --json | json_field "['entries']")
head -c 700 "$work/a.log" > "$work/cut.log"
expect "a cut-short file is refused with a clear message" \
  sh -c "$B log import '$work/cut.log' 2>&1 | grep -q 'cut short'"
expect "a cut-short file exits non-zero" sh -c "! $B log import '$work/cut.log' >/dev/null 2>&1"

/usr/bin/python3 - "$work/anna-only.log" "$work/forged.log" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
data[8 + 1 + 90] ^= 0x01          # a byte of Anna's first header's payload hash
open(sys.argv[2], 'wb').write(data)
PY
rm -rf "$work/carla"
C="$CLI --data-dir $work/carla"
$C init --name Carla >/dev/null
$C hood join "$($A hood invite | tail -n 1)" >/dev/null
$C log export "$work/ask-carla.log" >/dev/null
$A log import "$work/ask-carla.log" >/dev/null
$A log export "$work/welcome-carla.log" >/dev/null
$C log import "$work/welcome-carla.log" >/dev/null
carla_before=$($C whoami --json | json_field "['entries']")
expect "a forged entry is refused" \
  sh -c "$C log import '$work/forged.log' 2>&1 | grep -q 'refused'"
expect "nothing of the forged entry is stored" \
  [ "$($C whoami --json | json_field "['entries']")" = "$carla_before" ]

$CLI --data-dir "$work/stranger" init --name Stranger >/dev/null
$CLI --data-dir "$work/stranger" hood create "Other street" >/dev/null
$CLI --data-dir "$work/stranger" post request --category garden --title "Secret" >/dev/null
$CLI --data-dir "$work/stranger" log export "$work/stranger.log" >/dev/null
err=$($B log import "$work/stranger.log" 2>&1 >/dev/null)
expect "a stranger's entries are refused as another neighbourhood's" \
  sh -c "printf '%s' '$err' | grep -q 'another neighbourhood'"
expect "nothing of the stranger's is stored" \
  [ "$($B whoami --json | json_field "['entries']")" = "$before" ]
expect "the store still verifies after all that" sh -c "$B verify >/dev/null"
expect "a file that is not a log is refused" fails_saying "not a Buurtnet log" $B log import /etc/hostname

expect "every command has --help" sh -c "$CLI post --help | grep -q -- '--category'"
expect "an unknown command says what to do" fails_saying "see “buurtnet-cli --help”" $CLI frobnicate
expect "a command before init says to run init" \
  fails_saying "init --name" $CLI --data-dir "$work/nobody" list

$A delete "$post" >/dev/null
$A log export "$work/a.log" >/dev/null
$B log import "$work/a.log" >/dev/null
expect "a deleted post is gone for B too" [ "$($B list --json | json_field ".__len__()")" = "0" ]
expect "B's store verifies with the erased payload" sh -c "$B verify >/dev/null"

finish
