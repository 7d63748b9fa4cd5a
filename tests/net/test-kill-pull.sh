#!/usr/bin/env bash
# test-kill-pull.sh — kill -9 in the middle of a large pull. Whatever was committed
# stays (whole batches only, every log verifies), and the next sync resumes from
# there and completes. Then the same with the serving side killed mid-pull.
set -u
. "$(dirname "$0")/net-lib.sh"
: "${BN_MAKE_LOG:?set by meson}"
# Under AddressSanitizer (.ci/sanitize), 40,000 entries through serve would spend ten
# minutes unwinding the stack of every allocation: unwind fast here, leaks are
# still checked.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=1"

AUTHORS=${BN_KILL_AUTHORS:-40}
PER_AUTHOR=${BN_KILL_PER_AUTHOR:-1000}

# kill_when_stored PID DIR N: kill -9 PID the moment DIR's database holds more than
# N entries (polled every 2 ms by reading the heads; a batch commit is atomic).
kill_when_stored () {
  python3 - "$1" "$2/buurtnet.db" "$3" <<'PY'
import os, signal, sqlite3, sys, time
pid, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
deadline = time.time() + 30
while time.time() < deadline:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        count = db.execute("SELECT coalesce(sum(seq), 0) FROM heads").fetchone()[0]
        db.close()
    except sqlite3.Error:
        count = 0
    if count > n:
        os.kill(pid, signal.SIGKILL)
        print(count)
        sys.exit(0)
    time.sleep(0.002)
sys.exit(1)
PY
}

net_hood 3
"$BN_MAKE_LOG" "$NET_TMP/n1" "$AUTHORS" "$PER_AUTHOR" "$NET_TMP/big.log" || bail_out "bn-make-log"
"$CLI" -d "$NET_TMP/n1" log import "$NET_TMP/big.log" >/dev/null || bail_out "log import"
total=$(net_entries 1)
echo "# n1 holds $total entries from $((AUTHORS + 1)) authors"
net_serve 1

# The puller: a serve peer of n1 (its writer thread stores batch after batch).
"$CLI" -d "$NET_TMP/n2" serve --no-mdns --port 0 --peer "127.0.0.1:$(net_port 1)" \
  >"$NET_TMP/serve2.log" 2>&1 &
puller=$!
seen=$(kill_when_stored "$puller" "$NET_TMP/n2" 1000) || bail_out "no batch reached n2"
wait "$puller" 2>/dev/null
after_kill=$(net_entries 2)
echo "# n2 had $seen committed when killed, $after_kill after"
expect "the kill came in the middle of the pull" test "$after_kill" -lt "$total"
expect "nothing committed before the kill is lost" test "$after_kill" -ge "$seen"
expect "n2's store verifies after kill -9" quiet "$CLI" -d "$NET_TMP/n2" verify

out=$("$CLI" -d "$NET_TMP/n2" sync "127.0.0.1:$(net_port 1)")
echo "$out" | sed "s/^/# /"
expect "the next sync resumes and pulls only the rest" \
  test "$(echo "$out" | sed -n 's/.*: \([0-9]*\) entries in.*/\1/p')" -le $((total - after_kill + 1))
expect "n2 now has every entry" test "$(net_entries 2)" -ge "$total"
expect "n2's store verifies" quiet "$CLI" -d "$NET_TMP/n2" verify

# Now kill the serving side in the middle of n3's pull: at n3's first commit,
# while the server still has batches to send. Pulls in small batches
# (BN_PULL_MAX_BYTES) last long enough for that on a fast machine; with the
# usual doubling the whole log would be in flight before the first commit.
before3=$(net_entries 3)
BN_PULL_MAX_BYTES=1 "$CLI" -d "$NET_TMP/n3" sync "127.0.0.1:$(net_port 1)" >"$NET_TMP/sync3.log" 2>&1 &
syncer=$!
kill_when_stored "${NET_PID[1]}" "$NET_TMP/n3" "$before3" >/dev/null || bail_out "no batch reached n3"
net_stop 1 KILL
wait "$syncer"; status=$?
expect "a sync whose server dies fails cleanly (exit $status)" test "$status" -eq 1
expect "...and says why in one line" grep -q "Could not sync with" "$NET_TMP/sync3.log"
expect "n3's store verifies" quiet "$CLI" -d "$NET_TMP/n3" verify
expect "n1's store verifies after kill -9 while serving" quiet "$CLI" -d "$NET_TMP/n1" verify
net_serve 1
"$CLI" -d "$NET_TMP/n3" sync "127.0.0.1:$(net_port 1)" >/dev/null
expect "after the server's restart n3 completes" test "$(net_entries 3)" -ge "$total"
finish
