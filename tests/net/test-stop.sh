#!/usr/bin/env bash
# test-stop.sh — serve stops cleanly while it is still calling neighbours who do
# not answer: SIGTERM while connections to 20 addresses are being opened (and
# retried) makes it cancel them, wait until each has ended, and exit 0 within a
# few seconds. Under the sanitizer build (.ci/sanitize) every one of these
# processes is also checked for leaks at its exit.
#
# The addresses are on a network of its own in a private network namespace
# (a veth pair, nobody else on it): each call waits for an ARP answer that never
# comes and fails after ~3 s. Needs root for the namespace; without root it
# skips and says so, and in CI (BN_REQUIRE_LAN=1) that is a failure instead.
set -u
. "$(dirname "$0")/net-lib.sh"

if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
  if [ "${BN_REQUIRE_LAN:-0}" = 1 ]; then
    echo "Bail out! a private network namespace needs root, and CI requires this test"
    exit 1
  fi
  echo "1..0 # SKIP a private network namespace needs root"
  exit 0
fi

net_hood 1
for k in $(seq 10 29); do
  "$CLI" -d "$NET_TMP/n1" peer add "10.99.0.$k:7447" >/dev/null || bail_out "peer add"
done

# stop_after SECONDS RUN: serve in a namespace of its own, SIGTERM after
# SECONDS; prints "STATUS MS" (exit status, ms from the signal to the exit)
stop_after () {
  unshare -n bash -c '
    ip link set lo up
    ip link add v0 type veth peer name v1
    ip addr add 10.99.0.1/24 dev v0
    ip link set v0 up; ip link set v1 up
    "$0" -d "$1" serve --no-mdns --port 0 >"$2" 2>&1 & pid=$!
    for i in $(seq 600); do grep -q "serving on port" "$2" && break; sleep 0.05; done
    sleep "$3"
    kill -TERM $pid; t0=$(date +%s%N); wait $pid; status=$?
    echo "$status $(( ($(date +%s%N) - t0) / 1000000 ))"' \
    "$CLI" "$NET_TMP/n1" "$NET_TMP/stop$2.log" "$1"
}

run=0
for wait_s in 0.5 3.5 1.5 4.5; do
  run=$((run + 1))
  read -r status ms < <(stop_after "$wait_s" "$run")
  echo "# SIGTERM ${wait_s} s after start: exit $status after $ms ms"
  sed -n 's/^.*\(Could not reach\|Stopped without\)/#   \1/p' "$NET_TMP/stop$run.log" | head -3
  expect "stopped ${wait_s} s after start, calls in flight: exit 0" test "$status" = 0
  expect "...within 5 s of the signal ($ms ms)" test "$ms" -lt 5000
  expect "...without giving up on calls that never ended" \
    bash -c "! grep -q 'Stopped without waiting' '$NET_TMP/stop$run.log'"
done
expect "the 20 calls had failed and were being retried in a later run" \
  grep -q "Could not reach 10.99.0" "$NET_TMP/stop2.log"

finish
