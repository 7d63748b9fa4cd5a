#!/usr/bin/env bash
# test-services.sh — where to get help, with real processes: a connector adds,
# edits and removes services that every neighbour reads (over a real sync on
# loopback and by log file); a service written by someone who is not a
# connector is ignored by every peer (it is written with bn-append-entry, as a
# modified peer would); stale information is marked; CSV export and import
# round-trip with RFC 4180 quoting, and a bad row imports nothing.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
APPEND=${BN_APPEND_ENTRY:?set BN_APPEND_ENTRY to the bn-append-entry binary}
. "$(dirname "$0")/tap.sh"

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
D="$CLI --data-dir $work/dina"

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
peer_id () { $1 whoami --json | json "d['peer_id']"; }
# names CLI: the names of the services CLI lists, sorted, on one line
names () { $1 services --json | json "' | '.join(sorted(s['name'] for s in d))"; }
field () { $1 services --json | json "next((s.get('$3') for s in d if s['id'] == '$2'), 'absent')"; }

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
for who in B C; do
  eval "cli=\$$who"
  $cli init --name "$who" >/dev/null || bail_out "init"
  join_by_file "$cli" || bail_out "join"
done
give "$A" "$B" "$C"
bram=$(peer_id "$B")

# --- A connector adds a service; every neighbour reads it --------------------
out=$($A service add --name "CPAS Saint-Gilles" --category paperwork --category errands,company \
  --org "CPAS" --phone "02 600 00 00" --email "info@cpas.example" --url "https://cpas.example" \
  --address "Rue Fernand Bernier 40" --hours "Mon–Fri 9:00–12:00" --languages nl,fr,en \
  --access walk-in --cost free)
cpas=$(tail -n 1 <<<"$out")
expect "service add prints the service's ID last" grep -qE '^[0-9a-f]{64}$' <<<"$cpas"
expect "a neighbour who is not a connector cannot add one, and hears who can" \
  fails_saying "Only connectors keep the list" $B service add --name X --category other
expect "a service needs a name and a category" fails_saying "needs --name" $A service add --name X
expect "an unknown category is refused, naming the good ones" \
  fails_saying "is not a category" $A service add --name X --category cooking
expect "an unknown cost is refused" \
  fails_saying "free, paid or means-tested" $A service add --name X --category other --cost cheap

serve anna; port_a=$PORT
expect "a neighbour syncs with the connector's peer over loopback" $B sync "127.0.0.1:$port_a"
expect "...and reads the service with its details" \
  same "$(field "$B" "$cpas" phone) $(field "$B" "$cpas" access) $(field "$B" "$cpas" languages)" \
  "02 600 00 00 walk-in ['nl', 'fr', 'en']"
expect "services lists it in words for everyone" says "How: walk in, free" $B services
expect "services --category finds it by any of its categories" \
  same "$($B services --category company --json | json 'len(d)') $($B services --category garden --json | json 'len(d)')" "1 0"

# --- A service by someone who is not a connector is ignored everywhere -------
fake=$($APPEND "$work/bram" '{"type":"service","name":"Bram Fixes Everything","categories":["repairs"],"phone":"0470 00 00 00"}')
expect "a modified peer can still write a service entry" grep -qE '^[0-9a-f]{64}$' <<<"$fake"
fake_edit=$($APPEND "$work/bram" "{\"type\":\"service\",\"service\":\"$cpas\",\"replaces\":\"$cpas\",\"name\":\"CPAS (call Bram instead)\",\"categories\":[\"paperwork\"]}")
fake_remove=$($APPEND "$work/bram" "{\"type\":\"service-remove\",\"service\":\"$cpas\"}")
$B sync "127.0.0.1:$port_a" >/dev/null 2>&1
give "$B" "$C"
for who in A B C; do
  eval "cli=\$$who"
  expect "peer $who ignores a non-connector's service, edit and removal" \
    same "$(names "$cli")" "CPAS Saint-Gilles"
done

# Made a connector, Bram's services count from then on; dismissed, they stop.
$A connector appoint "$bram" >/dev/null
give "$A" "$B" "$C"
kill -TERM "${pids[0]}"; wait "${pids[0]}" 2>/dev/null; pids=()
expect "once Bram is a connector, what he wrote counts on every peer (the roster as it stands)" \
  same "$(names "$C") / $(names "$A")" "Bram Fixes Everything / Bram Fixes Everything"
$A connector dismiss "$bram" >/dev/null
give "$A" "$B" "$C"
expect "dismissed, his entries stop counting again" \
  same "$(names "$C")" "CPAS Saint-Gilles"

# --- Edit and remove ----------------------------------------------------------
out=$($A service edit "${cpas:0:10}" --phone "02 600 11 11" --hours "Mon–Thu 9:00–12:00")
expect "service edit keeps the service's ID" same "$(tail -n 1 <<<"$out")" "$cpas"
give "$A" "$B" "$C"
expect "every neighbour reads the new version, the rest unchanged" \
  same "$(field "$C" "$cpas" phone) | $(field "$C" "$cpas" hours) | $(field "$C" "$cpas" email)" \
  "02 600 11 11 | Mon–Thu 9:00–12:00 | info@cpas.example"
walk=$($A service add --name "Wijkgezondheidscentrum" --category listening --checked 2024-03-01 | tail -n 1)
give "$A" "$C"
expect "information last checked over a year ago is marked stale" \
  same "$(field "$C" "$walk" stale) $(field "$C" "$cpas" stale)" "True False"
expect "...and says so in words" says "over a year ago" $C services --category listening
$A service edit "$walk" --checked "$(date -u +%F)" >/dev/null
expect "checked again, it is no longer stale" same "$(field "$A" "$walk" stale)" "False"
expect "a connector removes a service" says "Removed" $A service remove "$walk"
give "$A" "$B" "$C"
expect "...and it is gone for every neighbour" same "$(names "$B") / $(names "$C")" \
  "CPAS Saint-Gilles / CPAS Saint-Gilles"

# --- CSV: export, import, round trip -----------------------------------------
printf '%s\r\n' \
  'name,organisation,categories,words,languages,phone,hours,cost,access,checked' \
  '"Buurthuis ""De Linde""",VZW De Linde,"company,meals","Soup on Thursdays, a chat, the paper",nl,02 511 00 00,"Tue, Thu 14:00–17:00",free,walk-in,2026-10-01' \
  'Infor-Jeunes,,paperwork,"Questions about school,' \
  'work and housing",fr,,,free,appointment,' \
  'Repair Café,,repairs,,"nl,fr,en",,last Saturday,free,walk-in,2026-11-15' \
  > "$work/in.csv"
expect "service import reads RFC 4180 quoting (quotes, commas, a line break in a field)" \
  says "3 added, 0 changed, 0 unchanged" $A service import "$work/in.csv"
expect "...and keeps each field as written" \
  same "$($A services --json | json "next(s['name'] + ' / ' + s['words'] for s in d if s['org'] == 'VZW De Linde')")" \
  'Buurthuis "De Linde" / Soup on Thursdays, a chat, the paper'
expect "...a line break inside quotes too" \
  same "$($A services --json | json "next(repr(s['words']) for s in d if s['name'] == 'Infor-Jeunes')")" \
  "'Questions about school,\\r\\nwork and housing'"
expect "service export writes every service" says "Wrote 4 services" $A service export "$work/out.csv"
expect "...as CSV with the documented header line and CR LF line ends" \
  same "$(head -n 1 "$work/out.csv")" \
  $'id,name,organisation,categories,words,for,languages,area,address,phone,email,website,hours,cost,access,accessibility,source,checked\r'
expect "importing the export again changes nothing" \
  says "0 added, 0 changed, 4 unchanged" $A service import "$work/out.csv"

# Into another neighbourhood: the same services, new IDs.
$D init --name Dina >/dev/null && $D hood create "Rue Blanche" >/dev/null
expect "another neighbourhood's connector imports the export" says "4 added" $D service import "$work/out.csv"
$D service export "$work/out2.csv" >/dev/null
expect "...and exports exactly the same list but for the IDs (a round trip)" \
  same "$(cut -d, -f2- "$work/out2.csv" | md5sum)" "$(cut -d, -f2- "$work/out.csv" | md5sum)"

# A bad row: a clear error naming its line, and nothing half-imported.
before=$($A services --json | json 'len(d)')
printf '%s\n' 'name,categories,cost' 'Good one,other,free' 'Another good one,meals,' \
  'Bad one,gardening,free' > "$work/bad.csv"
expect "a bad row is refused, naming its line and what to change" \
  fails_saying "Line 4: “gardening” is not a category" $A service import "$work/bad.csv"
expect "...and nothing of the file was imported" same "$($A services --json | json 'len(d)')" "$before"
printf '%s\n' 'name,categories,phone' 'Good one,other,1' '"Unclosed,other,2' > "$work/bad2.csv"
expect "an unclosed quote names the line it starts on" \
  fails_saying "Line 3: a quoted field is not closed" $A service import "$work/bad2.csv"
printf '%s\n' 'name,categories,telephone' 'One,other,1' > "$work/bad3.csv"
expect "an unknown column is named, with the columns there are" \
  fails_saying "“telephone” is not a column" $A service import "$work/bad3.csv"
printf '%s\n' 'name,categories' 'One,other,extra' > "$work/bad4.csv"
expect "a row with too many fields names its line" \
  fails_saying "Line 2: 3 fields where the first line names 2 columns" $A service import "$work/bad4.csv"
expect "a neighbour who is not a connector cannot import" \
  fails_saying "Only connectors" $C service import "$work/out.csv"
expect "still nothing added by the refused files" same "$($A services --json | json 'len(d)')" "$before"

finish
