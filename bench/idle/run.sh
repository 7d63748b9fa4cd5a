#!/usr/bin/env bash
# bench/idle/run.sh [BUILD_DIR] [--quick] — how often an idle peer wakes up.
#
# Real `buurtnet-cli serve --no-mdns --port 0` processes on loopback: one with
# no neighbours at all, and one pair linked to each other with nothing to say.
# A wakeup is a voluntary context switch of any of the process's threads
# (/proc/PID/task/*/status): each time a thread slept and was woken. Counted over
# windows of 10 s after the peers settled; the median of REPS windows. Prints one
# JSON object on stdout, progress on stderr. Reports figures; never fails on a
# number. Goals (issue 15): under 2 a second without neighbours, under 1 more per
# linked neighbour (both ends of the link are measured: the side that opened
# it pings, the other answers), under 4 KB a minute per idle link. The bytes are every IP
# packet between the pair (headers included) over all the windows, captured on
# the loopback interface with tcpdump (as root; otherwise null).
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-_build}
[ "${1:-}" = "--quick" ] && BUILD=_build
REPS=5; WINDOW=10
{ [ "${1:-}" = "--quick" ] || [ "${2:-}" = "--quick" ]; } && REPS=1
CLI=$BUILD/src/cli/buurtnet-cli
[ -x "$CLI" ] || { echo "bench/idle: $CLI is missing; build first (meson compile -C $BUILD)" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-bench-idle.XXXXXX")
PIDS=()
cleanup () { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
log () { echo "[idle] $*" >&2; }

# serve NAME [PEER_PORT]: starts serve on NAME's data directory; sets PID, PORT
serve () {
  local i
  "$CLI" -d "$T/$1" serve --no-mdns --port 0 ${2:+--peer "127.0.0.1:$2"} >"$T/$1.log" 2>&1 &
  PID=$!; PIDS+=($PID)
  for i in $(seq 3000); do
    PORT=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$T/$1.log" | head -1)
    [ -n "$PORT" ] && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.02
  done
  log "serve $1 did not start:"; cat "$T/$1.log" >&2; exit 1
}
switches () {
  local f sum=0
  for f in /proc/"$1"/task/*/status; do
    sum=$((sum + $(awk '/^voluntary_ctxt_switches/ { print $2 }' "$f" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
median () { python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" "$@"; }

"$CLI" -d "$T/alone" init --name Alone >/dev/null && "$CLI" -d "$T/alone" hood create Stil >/dev/null
"$CLI" -d "$T/a" init --name A >/dev/null && "$CLI" -d "$T/a" hood create Stil >/dev/null
"$CLI" -d "$T/b" init --name B >/dev/null
"$CLI" -d "$T/b" hood join "$("$CLI" -d "$T/a" hood invite | tail -1)" >/dev/null
"$CLI" -d "$T/b" log export "$T/b.bnlog" >/dev/null && "$CLI" -d "$T/a" log import "$T/b.bnlog" >/dev/null
"$CLI" -d "$T/a" log export "$T/a.bnlog" >/dev/null && "$CLI" -d "$T/b" log import "$T/a.bnlog" >/dev/null

serve alone; ALONE=$PID
serve a; A=$PID; A_PORT=$PORT
serve b "$A_PORT"; B=$PID; B_PORT=$PORT
for i in $(seq 600); do grep -q "peer online" "$T/a.log" && break; sleep 0.05; done
grep -q "peer online" "$T/a.log" || { log "the pair did not link:"; cat "$T/a.log" >&2; exit 1; }
sleep 5   # the first sync and its checkpoint are over
capture=""
if [ "$(id -u)" = 0 ] && command -v tcpdump >/dev/null; then
  tcpdump -i lo -w "$T/link.pcap" -U "tcp port $A_PORT or tcp port $B_PORT" 2>/dev/null &
  capture=$!; PIDS+=($capture); sleep 1
  capture_start=$(date +%s.%N)
fi
alone=(); linked=(); other=()
for rep in $(seq "$REPS"); do
  a0=$(switches "$ALONE"); l0=$(switches "$A"); o0=$(switches "$B")
  sleep "$WINDOW"
  a1=$(switches "$ALONE"); l1=$(switches "$A"); o1=$(switches "$B")
  alone+=("$(python3 -c "print(($a1 - $a0) / $WINDOW)")")
  linked+=("$(python3 -c "print(($l1 - $l0) / $WINDOW)")")
  other+=("$(python3 -c "print(($o1 - $o0) / $WINDOW)")")
  log "  window $rep: ${alone[-1]} wakeups/s alone, ${linked[-1]} and ${other[-1]} for the two ends of an idle link"
done
# bytes_per_min: every IP packet of the pair, both ways, while the windows ran
bytes_per_min=null
if [ -n "$capture" ]; then
  capture_s=$(python3 -c "import time; print(time.time() - $capture_start)")
  kill "$capture" 2>/dev/null; wait "$capture" 2>/dev/null
  bytes_per_min=$(python3 - "$T/link.pcap" "$capture_s" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
total, at = 0, 24                      # pcap header; loopback frames carry 14 bytes of Ethernet
while at + 16 <= len(data):
    incl, orig = struct.unpack_from('<II', data, at + 8)
    total += orig - 14
    at += 16 + incl
print(round(total * 60 / float(sys.argv[2])))
PY
)
  log "  the idle link: $bytes_per_min bytes a minute on the wire, both ways"
fi
printf '{"idle_wakeups_per_s_alone": %s, "idle_wakeups_per_s_one_link": %s, "idle_wakeups_per_s_one_link_other_end": %s, "idle_link_bytes_per_min": %s, "windows": %d, "window_s": %d, "threads_alone": %d, "loadavg": "%s"}\n' \
  "$(median "${alone[@]}")" "$(median "${linked[@]}")" "$(median "${other[@]}")" "$bytes_per_min" "$REPS" "$WINDOW" \
  "$(ls /proc/"$ALONE"/task | wc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
