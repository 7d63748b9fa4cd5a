#!/usr/bin/env bash
# bench/sync/behind.sh [BUILD_DIR] [--quick] — what a sync costs when a reader is
# one entry behind, and when it is in sync, at K authors (10, 100, 1,000; --quick:
# 10 and 100; BEHIND_SIZES="10 5000" for others: making 5,000 authors takes long,
# as the serving member admits each one).
#
# Real processes on loopback: a `serve` holding K authors × 2 entries, a reader
# that synced with it by hand before (so it knows who answers there), one post on
# the serving side, then one `buurtnet-cli sync` through a byte-counting proxy;
# then the same again once level (the in-sync check). Bytes both ways, HTTP
# headers included, and request/answer turns as the proxy saw them. Prints one
# JSON object on stdout, progress on stderr; never fails on a number. Last, the
# serving peer restarts and posts once more: behind by one through a sketch.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=_build; QUICK=0
for a in "$@"; do case $a in --quick) QUICK=1 ;; *) BUILD=$a ;; esac; done
CLI=$BUILD/src/cli/buurtnet-cli
HELP=$BUILD/bench/sync/bn-bench-sync
MAKE_LOG=$BUILD/tests/tools/bn-make-log
for f in "$CLI" "$HELP" "$MAKE_LOG"; do
  [ -x "$f" ] || { echo "bench/sync/behind: $f is missing; build first" >&2; exit 1; }
done
SIZES=${BEHIND_SIZES:-10 100 1000}; [ $QUICK = 1 ] && SIZES="10 100"

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-bench-behind.XXXXXX")
PIDS=()
cleanup () { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
log () { echo "[behind] $*" >&2; }
port_from () {   # FILE SED PID WHAT, as in run.sh
  local i port
  for i in $(seq 3000); do
    port=$(sed -n "$2" "$1" 2>/dev/null | grep -v '^0$' | head -1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$3" 2>/dev/null || break
    sleep 0.02
  done
  log "$4 did not start listening:"; cat "$1" >&2; return 1
}
json_get () { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
new_dir () {
  "$CLI" -d "$T/$1" init --name "$1" >/dev/null
  if [ -n "${2:-}" ]; then "$CLI" -d "$T/$1" hood join "$2" >/dev/null
  else "$CLI" -d "$T/$1" hood create "Benchstraat" >/dev/null; fi
}
# through_proxy TARGET_PORT READER: one sync through a counting proxy; prints
# "bytes turns". The proxy listens on the same port every time (PROXY_PORT, once
# the first one picked it), so the reader meets the same address again.
PROXY_PORT=0
through_proxy () {
  local proxy p
  "$HELP" proxy "$PROXY_PORT" "$1" >"$T/proxy.out" & proxy=$!
  PIDS+=($proxy)
  PROXY_PORT=$(port_from "$T/proxy.out" 's/^listening \([0-9]*\)/\1/p' "$proxy" "the proxy") || exit 1
  "$CLI" -d "$T/$2" sync "127.0.0.1:$PROXY_PORT" >"$T/sync.out" 2>&1
  kill -TERM "$proxy"; wait "$proxy" 2>/dev/null
  p=$(grep '^{' "$T/proxy.out")
  log "  $(cat "$T/sync.out" | head -1); $p"
  echo "$(( $(json_get "$p" bytes_up) + $(json_get "$p" bytes_down) )) $(json_get "$p" turns)"
}

out=""
for K in $SIZES; do
  log "$K authors"
  new_dir "s$K"; inv=$("$CLI" -d "$T/s$K" hood invite | tail -1); new_dir "r$K" "$inv"
  "$MAKE_LOG" "$T/s$K" "$K" 2 "$T/k$K.log"
  "$CLI" -d "$T/s$K" log import "$T/k$K.log" >/dev/null
  "$CLI" -d "$T/s$K" serve --no-mdns --port 0 >"$T/s$K.serve" 2>&1 & spid=$!
  PIDS+=($spid)
  sport=$(port_from "$T/s$K.serve" 's/.*serving on port \([0-9]*\).*/\1/p' "$spid" "serve s$K") || exit 1
  # The newcomer joins and takes everything; the serving peer's upkeep after the
  # admission writes a little more: take it too.
  PROXY_PORT=0
  through_proxy "$sport" "r$K" >/dev/null
  sleep 2
  through_proxy "$sport" "r$K" >/dev/null
  "$CLI" -d "$T/s$K" post request --category errands --title "Wie leent me een ladder?" >/dev/null
  sleep 0.5
  read -r b1 t1 <<<"$(through_proxy "$sport" "r$K")"
  read -r b0 t0 <<<"$(through_proxy "$sport" "r$K")"
  # Behind by one after the serving peer restarted: it no longer knows the
  # reader's heads as earlier ones of its own, so the reader sends a sketch.
  kill -TERM "$spid"; wait "$spid" 2>/dev/null
  "$CLI" -d "$T/s$K" post offer --category errands --title "Ladder te leen" >/dev/null
  "$CLI" -d "$T/s$K" serve --no-mdns --port "$sport" >"$T/s$K.serve2" 2>&1 & spid=$!
  PIDS+=($spid)
  port_from "$T/s$K.serve2" 's/.*serving on port \([0-9]*\).*/\1/p' "$spid" "serve s$K again" >/dev/null || exit 1
  read -r b2 t2 <<<"$(through_proxy "$sport" "r$K")"
  kill -TERM "$spid"; wait "$spid" 2>/dev/null
  out+="\"behind_one_bytes_$K\": $b1, \"behind_one_turns_$K\": $t1, "
  out+="\"insync_bytes_$K\": $b0, \"insync_turns_$K\": $t0, "
  out+="\"behind_one_sketch_bytes_$K\": $b2, \"behind_one_sketch_turns_$K\": $t2, "
done
echo "{${out%, }}"
