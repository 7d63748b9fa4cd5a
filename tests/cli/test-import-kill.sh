#!/usr/bin/env bash
# kill -9 in the middle of importing 100,000 entries: the database must pass
# `verify`, hold whole batches only, and a second import must complete it.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI}
MAKE_LOG=${BN_MAKE_LOG:?set BN_MAKE_LOG to the bn-make-log binary}
. "$(dirname "$0")/tap.sh"
# Under AddressSanitizer (.ci/sanitize), unwinding the stack of every allocation of
# 100,000 entries would take many minutes: unwind fast here, leaks are still checked.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=1"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
AUTHORS=100
PER_AUTHOR=1000
TOTAL=$((AUTHORS * PER_AUTHOR))
BATCH=5000   # BN_CLI_IMPORT_BATCH

$CLI --data-dir "$work/a" init --name Anna >/dev/null || bail_out "init failed"
code=$($CLI --data-dir "$work/a" hood create "Rue Haute" | tail -n 1)
$CLI --data-dir "$work/b" init --name Bram >/dev/null
$CLI --data-dir "$work/b" hood join "$code" >/dev/null
$CLI --data-dir "$work/b" log export "$work/ask.log" >/dev/null
$CLI --data-dir "$work/a" log import "$work/ask.log" >/dev/null || bail_out "could not admit Bram"
# Anna admits the 100 authors of the big log; Bram gets her log (the roster) first.
$MAKE_LOG "$work/a" $AUTHORS $PER_AUTHOR "$work/big.log" || bail_out "could not make the log"
$CLI --data-dir "$work/a" log export "$work/roster.log" >/dev/null
$CLI --data-dir "$work/b" log import "$work/roster.log" >/dev/null || bail_out "Bram did not join"

count_entries () {
  /usr/bin/python3 - "$work/b/buurtnet.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=5)
print(db.execute("SELECT count(*) FROM entries").fetchone()[0])
PY
}

# What is there before: Bram's profile and Anna's log.
base=$(count_entries)

$CLI --data-dir "$work/b" log import "$work/big.log" >"$work/import.out" 2>&1 &
pid=$!
# Wait until the import has committed something but is far from done, then kill.
killed_at=0
for _ in $(seq 1 2000); do
  n=$(count_entries 2>/dev/null || echo 0)
  if [ "$n" -gt $((base + BATCH)) ]; then
    kill -9 "$pid"; killed_at=$n; break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.005
done
wait "$pid" 2>/dev/null
echo "# killed after about $((killed_at - base)) entries"

after=$(count_entries)
stored=$((after - base))
expect "the import was really interrupted (stored $stored of $TOTAL)" [ "$stored" -lt "$TOTAL" ]
expect "the database holds whole batches only ($stored is a multiple of $BATCH)" \
  [ $((stored % BATCH)) -eq 0 ]
expect "the interrupted database passes verify" \
  sh -c "$CLI --data-dir '$work/b' verify >/dev/null"

out=$($CLI --data-dir "$work/b" log import "$work/big.log")
expect "importing again completes it ($out)" \
  [ "$out" = "$((TOTAL - stored)) new, $stored known, 0 refused" ]
expect "all $TOTAL entries are there and verify" \
  sh -c "$CLI --data-dir '$work/b' verify | grep -q 'All $((TOTAL + base)) entries verified'"
expect "every post folded into the state" \
  [ "$($CLI --data-dir "$work/b" list --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    -eq $((AUTHORS * (PER_AUTHOR - 1))) ]

finish
