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

# arm_kill PIDFILE DIR N: start watching DIR's database and kill -9 the process
# whose PID is in PIDFILE the moment
# it holds more than N entries (polled every 2 ms by reading the heads; a batch
# commit is atomic). Returns once the watcher is polling, so that the pull it is
# to interrupt can start only then: started after the pull, the watcher's own
# start-up (a second and more under load) let a whole pull finish first. The
# count it saw goes to $NET_TMP/kill.out once wait_kill returns.
arm_kill () {
  rm -f "$NET_TMP/kill.out" "$NET_TMP/kill.ready"
  python3 - "$1" "$2/buurtnet.db" "$3" "$NET_TMP/kill.ready" >"$NET_TMP/kill.out" <<'PY' &
import os, signal, sqlite3, sys, time
pidfile, path, n, ready = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
deadline = time.time() + 60
armed = False
while time.time() < deadline:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        count = db.execute("SELECT coalesce(sum(seq), 0) FROM heads").fetchone()[0]
        db.close()
    except sqlite3.Error:
        count = 0
    if not armed:
        open(ready, "w").close()
        armed = True
    if count > n:
        with open(pidfile) as f:
            os.kill(int(f.read()), signal.SIGKILL)
        print(count)
        sys.exit(0)
    time.sleep(0.002)
sys.exit(1)
PY
  KILLER=$!
  local i
  for i in $(seq 3000); do
    [ -e "$NET_TMP/kill.ready" ] && return 0
    kill -0 "$KILLER" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}
wait_kill () { wait "$KILLER"; }   # in this shell: $(…) could not wait for it

net_hood 3
"$BN_MAKE_LOG" "$NET_TMP/n1" "$AUTHORS" "$PER_AUTHOR" "$NET_TMP/big.log" || bail_out "bn-make-log"
"$CLI" -d "$NET_TMP/n1" log import "$NET_TMP/big.log" >/dev/null || bail_out "log import"
total=$(net_entries 1)
echo "# n1 holds $total entries from $((AUTHORS + 1)) authors"
net_serve 1

# The puller: a serve peer of n1 (its writer thread stores batch after batch).
# The watcher is armed first and learns the puller's PID from a file.
arm_kill "$NET_TMP/puller.pid" "$NET_TMP/n2" 1000 || bail_out "the watcher did not start"
"$CLI" -d "$NET_TMP/n2" serve --no-mdns --port 0 --peer "127.0.0.1:$(net_port 1)" \
  >"$NET_TMP/serve2.log" 2>&1 &
puller=$!
echo "$puller" >"$NET_TMP/puller.pid"
wait_kill || bail_out "no batch reached n2"
seen=$(cat "$NET_TMP/kill.out")
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
echo "${NET_PID[1]}" >"$NET_TMP/server.pid"
arm_kill "$NET_TMP/server.pid" "$NET_TMP/n3" "$before3" || bail_out "the watcher did not start"
BN_PULL_MAX_BYTES=1 "$CLI" -d "$NET_TMP/n3" sync "127.0.0.1:$(net_port 1)" >"$NET_TMP/sync3.log" 2>&1 &
syncer=$!
wait_kill || bail_out "no batch reached n3"
net_stop 1 KILL
wait "$syncer"; status=$?
sed 's/^/# sync: /' "$NET_TMP/sync3.log"
expect "a sync whose server dies fails cleanly (exit $status)" test "$status" -eq 1
expect "...and says why in one line" grep -q "Could not sync with" "$NET_TMP/sync3.log"
expect "n3's store verifies" quiet "$CLI" -d "$NET_TMP/n3" verify
expect "n1's store verifies after kill -9 while serving" quiet "$CLI" -d "$NET_TMP/n1" verify
net_serve 1
"$CLI" -d "$NET_TMP/n3" sync "127.0.0.1:$(net_port 1)" >/dev/null
expect "after the server's restart n3 completes" test "$(net_entries 3)" -ge "$total"
finish
