#!/usr/bin/env bash
# bench/sync/behind.sh [BUILD_DIR] [--quick] — what a sync costs when a reader is
# one entry behind, and when it is in sync, at K authors (BEHIND_SIZES: 10 100
# 1000 5000; --quick: 10 100), REPS times each (5; 2 with --quick), medians.
#
# Real processes on loopback: a `serve` holding K authors × 2 entries (admitted
# by the serving member in one go: tests/tools/bn-make-log), a reader that
# synced with it by hand before (so it knows who answers there). Each rep: one
# post on the serving side, then one `buurtnet-cli sync` through a byte-counting
# proxy (behind by one), then one more (in sync). Last, REPS times: the serving
# peer restarts and posts once more, and one sync (behind by one through a
# sketch). For each sync: bytes both ways (HTTP headers included),
# request/answer turns as the proxy saw them, the reader's CPU-seconds (the
# whole `sync` process, from start to exit) and the serving process's (its
# threads' CPU time across the sync). Prints one JSON object on stdout, progress
# on stderr; never fails on a number. A sync that fails is said, counted in
# "failed" and left out of the medians; the temporary directory is then kept.
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
SIZES=${BEHIND_SIZES:-10 100 1000 5000}; REPS=${REPS:-5}
[ $QUICK = 1 ] && { SIZES="10 100"; REPS=2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-bench-behind.XXXXXX")
log () { echo "[behind] $*" >&2; }
. bench/sync/common.sh
LOAD_START=$(loadavg)

new_dir () {
  "$CLI" -d "$T/$1" init --name "$1" >/dev/null &&
  if [ -n "${2:-}" ]; then "$CLI" -d "$T/$1" hood join "$2" >/dev/null
  else "$CLI" -d "$T/$1" hood create "Benchstraat" >/dev/null; fi
}
# serve_s K [PORT]: starts the serving peer of K authors (SPID, SPORT), its
# output in a new file each time (sK.serve1, sK.serve2, …)
SERVE_N=0
serve_s () {
  SERVE_N=$((SERVE_N + 1))
  "$CLI" -d "$T/s$1" serve --no-mdns --port "${2:-0}" >"$T/s$1.serve$SERVE_N" 2>&1 & SPID=$!
  PIDS+=($SPID)
  SPORT=$(port_from "$T/s$1.serve$SERVE_N" 's/.*serving on port \([0-9]*\).*/\1/p' "$SPID" "serve s$1") \
    || { KEEP=1; exit 1; }
}
stop_s () { kill -TERM "$SPID"; wait "$SPID" 2>/dev/null; }

# one_sync K WHAT REP: one sync of reader rK through a counting proxy on
# PROXY_PORT (the same address every time, once the first one picked it); one
# line in results.jsonl: its figures, or why it failed. Runs in this shell, so
# that it can wait for the proxy's JSON.
PROXY_PORT=0
one_sync () {
  local K=$1 what=$2 rep=$3 why="" load
  load=$(loadavg)
  if ! proxied_sync "r$K" "$SPORT" "$SPID" sync "$PROXY_PORT"; then why=$SYNC_WHY
  elif [ "$what" = insync ] && ! grep -q 'Already in sync' "$T/sync.out"; then why="not in sync: $SYNC_OUT"
  elif [ "$what" != insync ] && ! grep -q ': [1-9][0-9]* entries in' "$T/sync.out"; then
    why="no entry came in: $SYNC_OUT"
  fi
  if [ -n "$why" ]; then
    KEEP=1
    log "  $what $rep FAILED: $why"
    printf '%s\n' "$(python3 -c 'import json,sys; print(json.dumps(dict(K=int(sys.argv[1]), what=sys.argv[2], rep=int(sys.argv[3]), failed=sys.argv[4], load=sys.argv[5])))' "$K" "$what" "$rep" "$why" "$load")" >>"$T/results.jsonl"
    return
  fi
  log "  $what $rep: $SYNC_OUT$PROXY_JSON"
  printf '{"K": %d, "what": "%s", "rep": %d, "proxy": %s, "reader": %s, "serve_cpu_s": %s, "load": "%s"}\n' \
    "$K" "$what" "$rep" "$PROXY_JSON" "$SYNC_FIGURES" "$SERVE_CPU_S" "$load" >>"$T/results.jsonl"
}

for K in $SIZES; do
  log "$K authors"
  new_dir "s$K"; inv=$("$CLI" -d "$T/s$K" hood invite | tail -1); new_dir "r$K" "$inv"
  t0=$(date +%s%N)
  "$MAKE_LOG" "$T/s$K" "$K" 2 "$T/k$K.log" || { KEEP=1; exit 1; }
  t1=$(date +%s%N)
  "$CLI" -d "$T/s$K" log import "$T/k$K.log" >/dev/null || { KEEP=1; exit 1; }
  t2=$(date +%s%N)
  log "  made the $K authors in $(( (t1 - t0) / 1000000 )) ms, imported them in $(( (t2 - t1) / 1000000 )) ms"
  printf '{"K": %d, "what": "setup", "make_log_s": %s, "import_s": %s}\n' "$K" \
    "$(( t1 - t0 ))e-9" "$(( t2 - t1 ))e-9" >>"$T/results.jsonl"
  serve_s "$K"
  # The newcomer joins and takes everything; the serving peer's upkeep after the
  # admission writes a little more: take it too.
  PROXY_PORT=0
  start_proxy "$SPORT" || exit 1
  "$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT" >"$T/join.out" 2>&1 \
    || { KEEP=1; log "the reader could not join: $(cat "$T/join.out")"; exit 1; }
  sleep 2
  "$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT" >/dev/null
  stop_proxy
  for rep in $(seq "$REPS"); do
    "$CLI" -d "$T/s$K" post request --category errands --title "Wie leent me een ladder? ($rep)" >/dev/null
    sleep 0.5   # the serving peer notices the entry its CLI wrote
    one_sync "$K" behind "$rep"
    one_sync "$K" insync "$rep"
  done
  # Behind by one after the serving peer restarted: it no longer knows the
  # reader's heads as earlier ones of its own, so the reader sends a sketch.
  for rep in $(seq "$REPS"); do
    stop_s
    "$CLI" -d "$T/s$K" post offer --category errands --title "Ladder te leen ($rep)" >/dev/null
    serve_s "$K" "$SPORT"
    one_sync "$K" sketch "$rep"
  done
  stop_s
done

python3 - "$T/results.jsonl" "$REPS" "$LOAD_START" "$(loadavg)" <<'PY'
import json, statistics, sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
out = {"reps": int(sys.argv[2]), "load_start": sys.argv[3], "load_end": sys.argv[4],
       "failed": [r for r in rows if "failed" in r]}
names = {"behind": "behind_one", "insync": "insync", "sketch": "behind_one_sketch"}

def median(values, digits):
    if not values:
        return None
    m = round(statistics.median(values), digits)
    return int(m) if digits == 0 else m

for K in sorted({r["K"] for r in rows}):
    for r in rows:
        if r["K"] == K and r["what"] == "setup":
            out[f"make_log_s_{K}"] = round(r["make_log_s"], 2)
            out[f"import_s_{K}"] = round(r["import_s"], 2)
    for what, name in names.items():
        ok = [r for r in rows if r["K"] == K and r["what"] == what and "failed" not in r]
        both = [r["proxy"]["bytes_up"] + r["proxy"]["bytes_down"] for r in ok]
        out.update({
            f"{name}_bytes_{K}": median(both, 0),
            f"{name}_bytes_up_{K}": median([r["proxy"]["bytes_up"] for r in ok], 0),
            f"{name}_bytes_down_{K}": median([r["proxy"]["bytes_down"] for r in ok], 0),
            f"{name}_bytes_range_{K}": [min(both), max(both)] if both else None,
            f"{name}_turns_{K}": median([r["proxy"]["turns"] for r in ok], 0),
            f"{name}_cpu_s_reader_{K}": median([r["reader"]["cpu_s"] for r in ok], 3),
            f"{name}_cpu_s_serve_{K}": median([r["serve_cpu_s"] for r in ok if r["serve_cpu_s"] is not None], 4),
            f"{name}_cpu_s_reader_reps_{K}": [round(r["reader"]["cpu_s"], 3) for r in ok],
            f"{name}_cpu_s_serve_reps_{K}": [r["serve_cpu_s"] if r["serve_cpu_s"] is None else round(r["serve_cpu_s"], 3) for r in ok],
            f"{name}_wall_s_reader_{K}": median([r["reader"]["wall_s"] for r in ok], 3),
            f"{name}_reps_ok_{K}": len(ok),
        })
print(json.dumps(out))
PY
