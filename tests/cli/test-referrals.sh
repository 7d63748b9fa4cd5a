#!/usr/bin/env bash
# test-referrals.sh — a connector refers a neighbour's request to a service, with
# real processes and real HTTP on loopback: only with the asker's consent, said
# and recorded; sealed to the asker and the connectors; a third member's peer
# stores it and forwards it (the asker syncs only with that third peer) and
# cannot read it, nor holds its words in its database file; either side moves
# the status on; the asker reads it in English, Dutch and French.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
. "$(dirname "$0")/tap.sh"
LOCALEDIR=${BN_LOCALEDIR:-$(cd "$(dirname "$CLI")/../.." && pwd)/po}

work=$(mktemp -d)
pids=()
cleanup () {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

A="$CLI --data-dir $work/anna"    # connector
D="$CLI --data-dir $work/dirk"    # connector
B="$CLI --data-dir $work/bram"    # asks for help
C="$CLI --data-dir $work/cas"     # a third member: stores and forwards

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
peer_id () { $1 whoami --json | json "d['peer_id']"; }
ref_field () { $1 referrals --json | json "next((str(r.get('$3')) for r in d if r['id'] == '$2'), 'absent')"; }
fails_saying () {
  local pattern=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 1 ]; then echo "# expected exit 1, got $rc: $err"; return 1; fi
  if ! printf '%s' "$err" | grep -q -- "$pattern"; then echo "# expected '$pattern' in: $err"; return 1; fi
}
says () {
  local pattern=$1 out; shift
  out=$("$@" 2>&1) || { echo "# failed: $out"; return 1; }
  printf '%s' "$out" | grep -q -- "$pattern" || { echo "# expected '$pattern' in: $out"; return 1; }
}
same () { [ "$1" = "$2" ] || { echo "# expected '$2', got '$1'"; return 1; }; }
# status_on CLI: the status of the referral on CLI's peer
status_on () { ref_field "$1" "$ref" status; }
# relay: the third member's peer pulls from the connector's, and the asker and
# the other connector sync with it
relay () {
  $C sync "127.0.0.1:$port_a" >/dev/null 2>&1
  $B sync "127.0.0.1:$port_c" >/dev/null 2>&1
  $D sync "127.0.0.1:$port_c" >/dev/null 2>&1
}
# settle WANT CLI...: relays until every CLI reads the status WANT (a running
# peer notices what another process wrote to its database within moments)
settle () {
  local want=$1 i cli ok; shift
  for i in $(seq 20); do
    relay
    ok=1
    for cli in "$@"; do [ "$(status_on "$cli")" = "$want" ] || ok=0; done
    [ $ok = 1 ] && return 0
    sleep 0.2
  done
  for cli in "$@"; do echo "# $(status_on "$cli") where $want was expected"; done
  return 1
}

n_files=0
give () {
  local from=$1 to; shift
  n_files=$((n_files + 1))
  $from log export "$work/f$n_files.log" >/dev/null || bail_out "log export"
  for to in "$@"; do $to log import "$work/f$n_files.log" >/dev/null 2>&1; done
}
join_by_file () {
  local code
  code=$($A hood invite | tail -n 1)
  $1 hood join "$code" >/dev/null && $1 log export "$work/ask.log" >/dev/null \
    && $A log import "$work/ask.log" >/dev/null 2>&1
}
serve () {
  local name=$1 log="$work/serve-$1.log" i; shift
  $CLI --data-dir "$work/$name" serve --no-mdns --port 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  for i in $(seq 200); do
    PORT=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$log" | tail -1)
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  bail_out "serve $name did not start: $(cat "$log")"
}

$A init --name Anna >/dev/null && $A hood create "Rue Haute" >/dev/null || bail_out "founder"
$B init --name Bram >/dev/null && join_by_file "$B" || bail_out "bram"
$C init --name Cas >/dev/null && join_by_file "$C" || bail_out "cas"
$D init --name Dirk >/dev/null && join_by_file "$D" || bail_out "dirk"
$A connector appoint "$(peer_id "$D")" >/dev/null || bail_out "appoint"
give "$A" "$B" "$C" "$D"

post=$($B post request --category paperwork --title "Help with my rent subsidy file" | tail -n 1)
offer=$($C post offer --category paperwork --title "I read letters with you" | tail -n 1)
give "$B" "$A" "$C" "$D"
give "$C" "$A" "$D"
service=$($A service add --name "Huurdersbond" --category paperwork --phone "02 522 98 69" \
  --languages nl,fr --access appointment --cost free | tail -n 1)

# --- Consent first ----------------------------------------------------------
expect "a referral without the asker's consent is refused, saying what to do" \
  fails_saying "Ask the neighbour first" $A refer "$post" "$service"
expect "...and an unknown way of consenting too" \
  fails_saying "in-person, phone, message or writing" $A refer "$post" "$service" --consent maybe
expect "a neighbour who is not a connector cannot refer" \
  fails_saying "Only connectors refer" $C refer "$post" "$service" --consent in-person
expect "an offer is not referred" \
  fails_saying "Only a request for help" $A refer "$offer" "$service" --consent in-person
note="They know rent subsidies well and speak Dutch and French"
out=$($A refer "${post:0:12}" "${service:0:12}" --consent in-person --note "$note")
ref=$(tail -n 1 <<<"$out")
expect "a connector refers with consent; the referral's ID is printed last" \
  grep -qE '^[0-9a-f]{64}$' <<<"$ref"
expect "...and the consent is recorded in it" same "$(ref_field "$A" "$ref" consent)" "in-person"

# --- Only the asker and the connectors read it; a third member forwards it ---
serve anna; port_a=$PORT
expect "the third member's peer syncs with the connector's" $C sync "127.0.0.1:$port_a"
serve cas; port_c=$PORT
expect "the asker syncs with the third member's peer only" $B sync "127.0.0.1:$port_c"
expect "...and reads the referral that came through it" \
  same "$(ref_field "$B" "$ref" status) | $(ref_field "$B" "$ref" note)" "suggested | $note"
expect "...with the service's contact details" \
  same "$($B referrals --json | json "d[0]['service']['phone']")" "02 522 98 69"
expect "the third member stores it but cannot read it" same "$($C referrals --json | json 'len(d)')" "0"
expect "...and its words are nowhere in the third member's database files" \
  bash -c "! grep -qaF 'rent subsidies well' $work/cas/buurtnet.db* && grep -qaF 'rent subsidies well' $work/bram/buurtnet.db*"
expect "the other connector reads it too (sync through the third member)" $D sync "127.0.0.1:$port_c"
expect "...as every connector does" same "$(ref_field "$D" "$ref" consent)" "in-person"
expect "the third member cannot change its status" \
  fails_saying "No referral with ID" $C referral status "$ref" closed

# --- Either side moves the status on -----------------------------------------
expect "the asker says they contacted the service" says "Saved" $B referral status "$ref" contacted
expect "...and the connectors read it" settle contacted "$A" "$D"
expect "a connector records the appointment" says "Saved" $D referral status "${ref:0:12}" appointment
expect "an unknown status is refused" fails_saying "suggested, contacted" $A referral status "$ref" lost
expect "the asker and the other connector read it" settle appointment "$B" "$A"
$B referral status "$ref" helped >/dev/null
$A referral status "$ref" not-helped >/dev/null
expect "helped or not: the asker's word counts, on every side" settle helped "$A" "$B" "$D"
$A referral status "$ref" closed >/dev/null
expect "closed is the last step, whoever said helped before" settle closed "$B" "$D"
expect "the status is no secret to the third member's database either" \
  bash -c "! grep -qaF 'not-helped' $work/cas/buurtnet.db*"

# --- The asker reads it in three languages -----------------------------------
expect "in English, a kind line with the service's details" \
  says "Anna thinks this service can help you" $B referrals
expect "...in Dutch" \
  says "Anna denkt dat deze dienst je kan helpen" env LANGUAGE=nl BN_LOCALEDIR="$LOCALEDIR" $B referrals
expect "...and in French" \
  says "Anna pense que ce service peut vous aider" env LANGUAGE=fr BN_LOCALEDIR="$LOCALEDIR" $B referrals
expect "...the status in words, translated" \
  says "Status: closed" $B referrals
expect "...in Dutch too" \
  says "afgesloten" env LANGUAGE=nl BN_LOCALEDIR="$LOCALEDIR" $B referrals

finish
