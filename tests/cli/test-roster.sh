#!/usr/bin/env bash
# test-roster.sh — who may read and who may stay, with real processes: invites
# that admit N and no more, appointing and dismissing connectors, a discreet
# request only connectors read, removing a neighbour (a new key: nothing new
# reads for them, and peers on loopback refuse them), a lost laptop replaced,
# leaving, a withdrawn invite, renewing the key, and an invite's last day in
# Dutch and French words. An invite's expiry is
# tested in core (tests/core/test-roster-invite.c): the smallest --expires-in
# is a day and the CLI has no clock to move.
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

A="$CLI --data-dir $work/anna"
B="$CLI --data-dir $work/bram"
C="$CLI --data-dir $work/cas"
E="$CLI --data-dir $work/eva"

# Runs a command that must fail: exit status 1 and one line on stderr that says $1.
fails_saying () {
  local pattern=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 1 ]; then echo "# expected exit 1, got $rc: $err"; return 1; fi
  if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then echo "# expected one line: $err"; return 1; fi
  if ! printf '%s' "$err" | grep -q -- "$pattern"; then echo "# expected '$pattern' in: $err"; return 1; fi
}

# refuses PATTERN CMD...: a command that talks to a peer must fail, its last line on stderr saying PATTERN (log lines of the network layer
# may come before it)
refuses () {
  local pattern=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 1 ]; then echo "# expected exit 1, got $rc: $err"; return 1; fi
  if ! tail -n 1 <<<"$err" | grep -q -- "$pattern"; then echo "# expected '$pattern' last in: $err"; return 1; fi
}

# says_failing PATTERN CMD...: the command fails and says PATTERN somewhere
says_failing () {
  local pattern=$1 out; shift
  out=$("$@" 2>&1) && { echo "# expected a failure: $out"; return 1; }
  printf '%s' "$out" | grep -q -- "$pattern" || { echo "# expected '$pattern' in: $out"; return 1; }
}

# says PATTERN CMD...: the command succeeds and its output holds PATTERN
says () {
  local pattern=$1 out; shift
  out=$("$@" 2>&1) || { echo "# failed: $out"; return 1; }
  printf '%s' "$out" | grep -q -- "$pattern" || { echo "# expected '$pattern' in: $out"; return 1; }
}

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
peer_id () { $1 whoami --json | json "d['peer_id']"; }
fingerprint () { $1 whoami --json | json "d['fingerprint']"; }
# member_field CLI PEER_ID FIELD: a field of one neighbour in CLI's `members --json`
member_field () {
  $1 members --json | json "next((m.get('$3') for m in d if m['peer_id'] == '$2'), 'absent')"
}
can_read () { $1 list --json | json "any(p['title'] == '''$2''' for p in d)" | grep -q True; }
cannot_read () { ! can_read "$@"; }
# all_read TITLE CLI...: every one of them reads the post
all_read () { local title=$1 cli; shift; for cli in "$@"; do can_read "$cli" "$title" || return 1; done; }
# names_all WORDS TEXT: every name in WORDS (comma-separated) is in TEXT
names_all () {
  local name
  for name in ${1//,/ }; do grep -q -- "$name" <<<"$2" || { echo "# no $name in: $2"; return 1; }; done
}
no_open_invites () { [ "$($A invites --json | json "sum(i['state'] == 'open' for i in d)")" = 0 ]; }

# give FROM_CLI TO_CLI...: FROM's log file imported by each TO
n_files=0
give () {
  local from=$1 to; shift
  n_files=$((n_files + 1))
  $from log export "$work/f$n_files.log" >/dev/null || bail_out "log export"
  for to in "$@"; do $to log import "$work/f$n_files.log" >/dev/null 2>&1; done
}

# ask_by_file CLI CODE ADMITTER: the newcomer's request to join, by file
ask_by_file () {
  $1 hood join "$2" >/dev/null || return 1
  $1 log export "$work/ask.log" >/dev/null && $3 log import "$work/ask.log"
}

# serve NAME: a peer on a free loopback port, without mDNS; sets PORT
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

$A init --name Anna >/dev/null || bail_out "init failed"
$A hood create "Rue Haute" >/dev/null || bail_out "hood create failed"
anna=$(peer_id "$A")

# --- An invite for two neighbours -------------------------------------------
out=$($A hood invite --uses 2 --expires-in 3)
code=$(tail -n 1 <<<"$out")
expect "hood invite prints the code as its last line" \
  grep -qE '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$' <<<"$code"
expect "...and says before it for how many and how long" \
  grep -q "admits 2 neighbours. It is valid for 3 days" <<<"$(head -n 1 <<<"$out")"
expect "an invite for no one is refused" fails_saying "from 1 to" $A hood invite --uses 0

$B init --name Bram >/dev/null
$C init --name Cas >/dev/null
$E init --name Eva >/dev/null
expect "the code admits a first neighbour" says "Welcome a new neighbour" ask_by_file "$B" "$code" "$A"
expect "...and a second" says "Welcome a new neighbour" ask_by_file "$C" "$code" "$A"
expect "...and not a third" says_failing "already been used" ask_by_file "$E" "$code" "$A"
give "$A" "$B" "$C"
bram=$(peer_id "$B"); cas=$(peer_id "$C")

expect "members --json lists the founder as a connector" \
  [ "$(member_field "$A" "$anna" role)" = connector ]
expect "...and the newcomers as members, by name" \
  [ "$(member_field "$B" "$cas" name) $(member_field "$B" "$cas" role) $(member_field "$B" "$cas" status)" = "Cas member member" ]
expect "members says it in words" says "Anna  connector" $B members

# A fourth neighbour whose ID starts like someone else's, so that a short ID
# can fit two members.
for i in $(seq 300); do
  id=$($CLI --data-dir "$work/dirk$i" init --name Dirk | tail -n 1)
  case "${anna:0:1}${bram:0:1}${cas:0:1}" in *"${id:0:1}"*) break ;; esac
done
D="$CLI --data-dir $work/dirk$i"
dirk=$id
out=$($A hood invite)
expect "a default invite admits one neighbour for a week" \
  grep -q "admits 1 neighbour. It is valid for 7 days" <<<"$out"
ask_by_file "$D" "$(tail -n 1 <<<"$out")" "$A" >/dev/null
give "$A" "$B" "$C" "$D"

# --- Connectors -------------------------------------------------------------
expect "a neighbour who is not a connector cannot appoint one, and hears whom to ask" \
  fails_saying "Only a connector can do this; ask Anna" $B connector appoint "$cas"
expect "...nor remove anyone" \
  fails_saying "Only a connector can do this; ask Anna" $B member remove "$cas"
expect "profile set --connector says roles are on the roster now" \
  fails_saying "connector appoint" $B profile set --connector
twins=$($A members --json | json "','.join(m['name'] for m in d if m['peer_id'][0] == '${dirk:0:1}')")
expect "a short ID that fits two members is refused" \
  fails_saying "fits more than one member" $A connector appoint "${dirk:0:1}"
expect "...naming them all ($twins)" \
  names_all "$twins" "$($A connector appoint "${dirk:0:1}" 2>&1)"
expect "a connector appoints a neighbour by the fingerprint they read out" \
  says "Cas is a connector now." $A connector appoint $(fingerprint "$C")
expect "...or by the start of their ID" says "Dirk is a connector now." $A connector appoint "${dirk:0:12}"
expect "...and dismisses one" says "Dirk is no longer a connector." $A connector dismiss "${dirk:0:12}"
give "$A" "$B" "$C" "$D"
expect "the appointed neighbour sees her role" [ "$(member_field "$C" "$cas" role)" = connector ]
expect "a dismissed connector may not appoint anyone" \
  fails_saying "Only a connector can do this; ask Anna, Cas" $D connector appoint "$bram"

# Cas asks the connectors only.
$C post request --category listening --title "Ik voel me eenzaam" --visibility connectors >/dev/null
give "$C" "$A" "$B" "$D"
expect "a request for the connectors reaches a connector" can_read "$A" "Ik voel me eenzaam"
expect "...and not a member who is not one" cannot_read "$B" "Ik voel me eenzaam"
expect "...nor a dismissed connector" cannot_read "$D" "Ik voel me eenzaam"

# --- Removing a neighbour ---------------------------------------------------
expect "a connector removes a neighbour, and a new key is made" \
  says "Removed Bram. A new neighbourhood key was made; Bram reads nothing written from now on." \
  $A member remove "${bram:0:8}" --reason moved
expect "members --json says Bram was removed, and why" \
  [ "$(member_field "$A" "$bram" status) $(member_field "$A" "$bram" reason)" = "removed moved" ]
$A post request --category garden --title "Who has a ladder?" >/dev/null
give "$A" "$B" "$C" "$D"
expect "the members left read what is written after the removal" \
  all_read "Who has a ladder?" "$C" "$D"
expect "the removed neighbour's import of it reads nothing new" cannot_read "$B" "Who has a ladder?"
expect "...and tells him he was removed" says "Anna removed you" $B members
$B post offer --category repairs --title "Bram still here" >/dev/null 2>&1
give "$B" "$A"
expect "what the removed neighbour writes after it is not shown to others" \
  cannot_read "$A" "Bram still here"

# Over the network: two peers on loopback refuse the removed neighbour.
serve anna; port_a=$PORT
serve cas --peer "127.0.0.1:$port_a"; port_c=$PORT
expect "the removed neighbour's sync is refused by one peer" \
  refuses "no longer a member" $B sync "127.0.0.1:$port_a"
expect "...and by the other" refuses "no longer a member" $B sync "127.0.0.1:$port_c"
expect "a member still syncs" says "Synced with\|Already in sync" $D sync "127.0.0.1:$port_a"

# Where nobody listens (a port just had and given back): one line, the address
# once, why in the doctor's words (the computer refused: it is there, Buurtnet is
# not running on it; not "no answer", which would send one looking for a
# computer that is off) and what to try, in English, Dutch and French.
out_of_reach () {
  local address=$1 why=$2 try=$3 err rc; shift 3
  err=$("$@" sync "$address" 2>&1 >/dev/null); rc=$?
  echo "# $err"
  [ "$rc" -eq 1 ] || { echo "# expected exit 1, got $rc"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "# expected one line"; return 1; }
  [ "$(grep -o -F -- "$address" <<<"$err" | wc -l)" -eq 1 ] || { echo "# expected $address once"; return 1; }
  grep -q -F -- "$why" <<<"$err" || { echo "# expected '$why'"; return 1; }
  grep -q -F -- "$try" <<<"$err" || { echo "# expected '$try'"; return 1; }
}
nobody_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nobody="127.0.0.1:$nobody_port"
expect "a sync where nobody listens says the address once, that it refused as the doctor does, and what to try" \
  out_of_reach "$nobody" "The computer at this address refused the connection: Buurtnet is not running" \
  "Run “buurtnet-cli doctor” on both computers" $D
expect "...in Dutch" out_of_reach "$nobody" "De computer op dit adres weigerde de verbinding" \
  "Voer “buurtnet-cli doctor” uit op beide computers" env LANGUAGE=nl BN_LOCALEDIR="$LOCALEDIR" $D
expect "...and in French" out_of_reach "$nobody" "L’ordinateur à cette adresse a refusé la connexion" \
  "Lancez « buurtnet-cli doctor » sur les deux ordinateurs" env LANGUAGE=fr BN_LOCALEDIR="$LOCALEDIR" $D

# A peer that keeps calling there: its log names each address once ("Could not
# reach localhost:N (1 tries): Could not connect to localhost: …" named a host
# name twice), and the doctor, in another process, says it refused.
$CLI --data-dir "$work/lonely" init --name Lou >/dev/null && $CLI --data-dir "$work/lonely" hood create Elders >/dev/null \
  || bail_out "init lonely failed"
serve lonely --peer "$nobody" --peer "localhost:$nobody_port"
lonely_pid=${pids[-1]}
names_once () {
  local host=$1 line i
  for i in $(seq 200); do grep -q "Could not reach $host:" "$work/serve-lonely.log" && break; sleep 0.05; done
  line=$(grep "Could not reach $host:" "$work/serve-lonely.log" | head -1)
  echo "# $line"
  [ -n "$line" ] || { echo "# no line for $host"; return 1; }
  [ "$(grep -o -F -- "$host" <<<"$line" | wc -l)" -eq 1 ] || { echo "# expected $host once"; return 1; }
}
expect "the serve log names an address out of reach once" names_once 127.0.0.1
expect "...and one given by name once" names_once localhost
refused_twice () {
  local out
  out=$($CLI --data-dir "$work/lonely" doctor 2>&1)
  [ "$(grep -c "refused the connection" <<<"$out")" -eq 2 ] || { echo "$out" | sed 's/^/# /'; return 1; }
}
expect "...and the doctor says each refused" refused_twice
kill -TERM "$lonely_pid"; wait "$lonely_pid" 2>/dev/null

# --- A lost laptop ----------------------------------------------------------
$C post request --category errands --title "Bread on Monday" >/dev/null
$A sync "127.0.0.1:$port_c" >/dev/null
kill -TERM "${pids[1]}"; wait "${pids[1]}" 2>/dev/null
C2="$CLI --data-dir $work/cas-new"
$C2 init --name Cas >/dev/null
$C2 hood join "$($A hood invite | tail -n 1)" >/dev/null
expect "Cas's new computer joins over the network with a code" \
  says "You joined “Rue Haute”" $C2 sync "127.0.0.1:$port_a"
cas2=$(peer_id "$C2")
expect "a connector gives the new identity the old one's place" \
  says "takes the place of Cas ($(fingerprint "$C"))" $A member replace "$(fingerprint "$C")" "${cas2:0:10}"
expect "the old identity is listed as replaced" [ "$(member_field "$A" "$cas" status)" = replaced ]
$C2 sync "127.0.0.1:$port_a" >/dev/null
expect "the new identity is a connector, as the old one was" [ "$(member_field "$C2" "$cas2" role)" = connector ]
expect "the old identity's sync is refused" refuses "no longer a member" $C sync "127.0.0.1:$port_a"
bread=$($C2 list --json | json "[p['id'] for p in d if p['title'] == 'Bread on Monday'][0]")
expect "the new identity may withdraw what the old one posted" $C2 status "$bread" withdrawn
$C2 sync "127.0.0.1:$port_a" >/dev/null
expect "...and the others' computers show it withdrawn" \
  [ "$($A show "$bread" --json | json "d['status']")" = withdrawn ]
expect "a neighbour who did not replace them may not" \
  fails_saying "Only the neighbour who posted this" $A status "$bread" done

# --- Leaving ----------------------------------------------------------------
expect "a neighbour leaves" says "You left “Rue Haute”" $D leave
$D sync "127.0.0.1:$port_a" >/dev/null 2>&1
expect "the others' roster says Dirk left" [ "$(member_field "$A" "$dirk" status)" = left ]
expect "after that, their computers no longer answer his" \
  refuses "no longer a member" $D sync "127.0.0.1:$port_a"

# --- Withdrawing an invite, renewing the key --------------------------------
code=$($A hood invite | tail -n 1)
expect "an invite can be withdrawn" says "withdrawn" $A hood revoke-invite "$code"
expect "invites lists it as withdrawn" \
  [ "$($A invites --json | json "d[0]['state']")" = revoked ]
$E hood join "$code" >/dev/null
expect "a withdrawn code admits no one" refuses "withdrawn" $E sync "127.0.0.1:$port_a"

$A hood invite >/dev/null
code=$($A hood invite --uses 5 | tail -n 1)
expect "two codes are open" [ "$($A invites --json | json "sum(i['state'] == 'open' for i in d)")" = 2 ]
expect "hood renew makes a new key" says "A new neighbourhood key was made" $A hood renew
expect "...and closes every open code" no_open_invites
$E hood join "$code" >/dev/null
expect "a code made before the new key admits no one" \
  refuses "key was renewed" $E sync "127.0.0.1:$port_a"
$A post request --category meals --title "Soup on Sunday" >/dev/null
$C2 sync "127.0.0.1:$port_a" >/dev/null
expect "members read what is written with the renewed key" can_read "$C2" "Soup on Sunday"

expect "every store still verifies" sh -c "$A verify >/dev/null && $C2 verify >/dev/null"

# --- The invite's last day in the neighbour's language -------------------------
# Names from our own catalogue: the C library's LC_TIME is C here, and would
# say "Tuesday" in Dutch and French too.
L="$CLI --data-dir $work/lea"
$L init --name Lea >/dev/null && $L hood create "Place Flagey" >/dev/null || bail_out "lea's hood failed"
nl_days=(maandag dinsdag woensdag donderdag vrijdag zaterdag zondag)
nl_months=(januari februari maart april mei juni juli augustus september oktober november december)
fr_days=(lundi mardi mercredi jeudi vendredi samedi dimanche)
fr_months=(janvier février mars avril mai juin juillet août septembre octobre novembre décembre)
# expires_in_words LANG DAYS: the first line of an invite made in LANG for DAYS days
expires_in_words () {
  env LANGUAGE="$1" BN_LOCALEDIR="$LOCALEDIR" $L hood invite --expires-in "$2" | head -n 1
}
# the_day DAYS NAMES MONTHS FIRST: "dinsdag 8 december", as the catalogue says it
the_day () {
  local d m w first=$4
  d=$(date -d "+$1 days" +%-d); m=$(date -d "+$1 days" +%-m); w=$(date -d "+$1 days" +%u)
  local -n names=$2 months=$3
  [ "$d" = 1 ] && d="1$first"
  echo "${names[w - 1]} $d ${months[m - 1]}"
}
nl_want="$(the_day 3 nl_days nl_months ""),"
fr_want="$(the_day 3 fr_days fr_months er) à"
nl_out=$(expires_in_words nl 3)
fr_out=$(expires_in_words fr 3)
expect "an invite in Dutch ends on a day in Dutch ($nl_want)" \
  grep -qF -- "$nl_want" <<<"$nl_out"
expect "...and in French ($fr_want)" grep -qF -- "$fr_want" <<<"$fr_out"
# The first of a month, wherever the next one is: "1er" in French.
first=$(( ($(date -d "$(date +%Y-%m-01) +1 month" +%s) - $(date -d "$(date +%F)" +%s) + 43200) / 86400 ))
fr_first="$(the_day "$first" fr_days fr_months er) à"
expect "...the first of a month as French says it ($fr_first)" \
  grep -qF -- "$fr_first" <<<"$(expires_in_words fr "$first")"

finish
