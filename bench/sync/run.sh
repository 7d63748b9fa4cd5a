#!/usr/bin/env bash
# bench/sync/run.sh [BUILD_DIR] [--quick] — the Buurtnet side of the sync benchmark.
#
# Real processes on loopback (buurtnet-cli serve / sync, bn-bench-sync), bytes
# counted by a forwarding proxy between them. Prints one JSON object on stdout,
# progress on stderr. Reports figures; never fails on a number.
# See bench/sync/README.md for what each key means.
#
# REPS (5; 1 with --quick): readers in the catch-up, checks in the in-sync part,
# runs of the live and burst parts; the figures are their medians. PARTS (all:
# "catchup insync live burst lan") runs only some parts. A rep that fails is
# counted and said in the JSON ("*_failed"), never left out of it silently, and
# the temporary directory with its logs is kept.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=_build; QUICK=0
for a in "$@"; do case $a in --quick) QUICK=1 ;; *) BUILD=$a ;; esac; done
CLI=$BUILD/src/cli/buurtnet-cli
HELP=$BUILD/bench/sync/bn-bench-sync
MAKE_LOG=$BUILD/tests/tools/bn-make-log
for f in "$CLI" "$HELP" "$MAKE_LOG"; do
  [ -x "$f" ] || { echo "bench/sync: $f is missing; build first (meson compile -C $BUILD)" >&2; exit 1; }
done

AUTHORS=100; PER_AUTHOR=1000; LIVE=1000
[ $QUICK = 1 ] && { AUTHORS=10; PER_AUTHOR=1000; LIVE=200; }
REPS=${REPS:-$([ $QUICK = 1 ] && echo 1 || echo 5)}
PARTS=${PARTS:-catchup insync live burst lan}
want () { [[ " $PARTS " == *" $1 "* ]]; }

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-bench-sync.XXXXXX")
log () { echo "[buurtnet] $*" >&2; }
. bench/sync/common.sh
LOAD_START=$(loadavg)

new_dir () {   # new_dir NAME [INVITE]: an initialised data directory in the hood
  "$CLI" -d "$T/$1" init --name "$1" >/dev/null &&
  if [ -n "${2:-}" ]; then "$CLI" -d "$T/$1" hood join "$2" >/dev/null
  else "$CLI" -d "$T/$1" hood create "Benchstraat" >/dev/null; fi
}
invite_of () { "$CLI" -d "$T/$1" hood invite | tail -1; }   # a fresh code: each admits one
entries_of () { "$CLI" -d "$T/$1" whoami --json | sed -n 's/.*"entries" : \([0-9]*\).*/\1/p'; }

# start_serve NAME: a serve process under `measure` (its JSON goes to NAME.rusage)
# on any free port, which it puts in SERVE_PORT; the serve process itself (the
# child of measure) in SERVE_CHILD
declare -A SERVE_PID
start_serve () {
  rm -f "$T/$1.rusage"
  "$HELP" measure "$T/$1.rusage" "$CLI" -d "$T/$1" serve --no-mdns --port 0 >"$T/$1.log" 2>&1 &
  SERVE_PID[$1]=$!
  PIDS+=($!)
  SERVE_PORT=$(port_from "$T/$1.log" 's/.*serving on port \([0-9]*\).*/\1/p' "${SERVE_PID[$1]}" "serve $1") \
    || { KEEP=1; exit 1; }
  SERVE_CHILD=$(child_of "${SERVE_PID[$1]}") || log "serve $1: its process was not found; its CPU is not counted"
}
stop_serve () {   # stop_serve NAME: SIGTERM to measure, which passes it on; wait for the JSON
  kill -TERM "${SERVE_PID[$1]}"
  wait "${SERVE_PID[$1]}" 2>/dev/null
}
# json_line KEY=VALUE…: one JSON object of numbers and strings (VALUE as JSON if it parses)
json_line () {
  python3 -c '
import json, sys
out = {}
for arg in sys.argv[1:]:
    k, _, v = arg.partition("=")
    try:
        out[k] = json.loads(v)
    except ValueError:
        out[k] = v
print(json.dumps(out))' "$@"
}

# ------------------------------------------------------------------ 1. catch-up
# catchup_rep REP: a fresh reader joins and takes everything through the proxy;
# one line in catchup.jsonl: its figures, or why it failed.
catchup_rep () {
  local rep=$1 why="" n secs vsecs load
  load=$(loadavg)
  if ! new_dir "reader$rep" "$(invite_of seeder)"; then
    why="the reader's data directory could not be made"
  elif ! proxied_sync "reader$rep" "$SEEDER_PORT" "$SEEDER_CHILD" "sync$rep"; then
    why=$SYNC_WHY
  else
    secs=$(sed -n 's/.*all stored after \([0-9.]*\) s.*/\1/p' "$T/sync$rep.out")
    vsecs=$(sed -n 's/.*in the lists after \([0-9.]*\) s.*/\1/p' "$T/sync$rep.out")
    n=$(sed -n 's/.*: \([0-9]*\) entries in.*/\1/p' "$T/sync$rep.out")
    if [ -z "$n" ] || [ -z "$secs" ] || [ -z "$vsecs" ]; then why="no figures in the sync's output: $SYNC_OUT"
    elif [ "$n" -lt "$N_LOG" ]; then why="only $n of $N_LOG entries came in: $SYNC_OUT"
    fi
  fi
  if [ -n "$why" ]; then
    KEEP=1
    log "  rep $rep FAILED: $why"
    json_line rep="$rep" failed="$why" load="$load" >>"$T/catchup.jsonl"
    return
  fi
  log "  rep $rep: $SYNC_OUT"
  json_line rep="$rep" entries="$n" stored_s="$secs" visible_s="$vsecs" proxy="$PROXY_JSON" \
    reader="$SYNC_FIGURES" seeder_cpu_s="$SERVE_CPU_S" load="$load" >>"$T/catchup.jsonl"
}

if want catchup; then
  log "catch-up: $AUTHORS authors x $PER_AUTHOR entries, $REPS readers"
  new_dir seeder
  "$MAKE_LOG" "$T/seeder" "$AUTHORS" "$PER_AUTHOR" "$T/big.log" || { KEEP=1; exit 1; }
  "$CLI" -d "$T/seeder" log import "$T/big.log" >/dev/null || { KEEP=1; exit 1; }
  N_LOG=$((AUTHORS * PER_AUTHOR))
  # The entries' own size: header + payload, i.e. the log file less its magic and
  # the one flag byte per frame.
  ENTRY_BYTES=$(( $(stat -c %s "$T/big.log") - 8 - N_LOG ))
  start_serve seeder
  SEEDER_PORT=$SERVE_PORT SEEDER_CHILD=$SERVE_CHILD
  log "  the seeder's serve process: $SEEDER_CHILD"
  for rep in $(seq "$REPS"); do catchup_rep "$rep"; done
  stop_serve seeder
  json_line authors="$AUTHORS" entries="$N_LOG" entry_bytes="$ENTRY_BYTES" \
    seeder="$(cat "$T/seeder.rusage" 2>/dev/null)" >"$T/catchup.setup"
fi

# ------------------------------------------------------------------ 2. in-sync check
# insync_rep K REP: one sync of reader rK, level with sK, through the proxy on
# its usual address; one line in insync.jsonl
insync_rep () {
  local K=$1 rep=$2 why="" ms load
  load=$(loadavg)
  if ! proxied_sync "r$K" "$SERVE_PORT" "$SERVE_CHILD" "r$K" "$PROXY_PORT"; then
    why=$SYNC_WHY
  else
    ms=$(sed -n 's/.*checked in \([0-9.]*\) ms.*/\1/p' "$T/r$K.out")
    [ -n "$ms" ] || why="not in sync: $SYNC_OUT"
  fi
  if [ -n "$why" ]; then
    KEEP=1
    log "  $K authors, check $rep FAILED: $why"
    json_line K="$K" rep="$rep" failed="$why" load="$load" >>"$T/insync.jsonl"
    return
  fi
  log "  $SYNC_OUT $PROXY_JSON"
  json_line K="$K" rep="$rep" ms="$ms" proxy="$PROXY_JSON" reader="$SYNC_FIGURES" \
    serve_cpu_s="$SERVE_CPU_S" load="$load" >>"$T/insync.jsonl"
}

if want insync; then
  for K in 10 100 1000; do
    [ $QUICK = 1 ] && [ $K = 1000 ] && continue
    log "in-sync check with $K authors"
    new_dir "s$K"; inv=$(invite_of "s$K"); new_dir "r$K" "$inv"
    "$MAKE_LOG" "$T/s$K" "$K" 10 "$T/k$K.log" || { KEEP=1; exit 1; }
    "$CLI" -d "$T/s$K" log import "$T/k$K.log" >/dev/null || { KEEP=1; exit 1; }
    start_serve "s$K"
    # The newcomer joins and takes everything (a newcomer can import nothing before);
    # the serving peer's upkeep after the admission writes a little more: take it too.
    # All through the proxy's one address, as a neighbour syncs with one address.
    start_proxy "$SERVE_PORT" || exit 1
    "$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT" >/dev/null
    sleep 2
    "$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT" >/dev/null
    stop_proxy
    for rep in $(seq "$REPS"); do insync_rep "$K" "$rep"; done
    stop_serve "s$K"
  done
fi

# ------------------------------------------------------------------ 3. live latency
# live_rep REP: the poster posts LIVE entries 2 ms apart; one line in live.jsonl
live_rep () {
  local rep=$1 load watch watch_port
  load=$(loadavg)
  "$HELP" watch "$T/watcher" 0 >"$T/watch.out" 2>"$T/watch.log" &
  watch=$!; PIDS+=($watch)
  watch_port=$(port_from "$T/watch.out" 's/^ready \([0-9]*\)/\1/p' "$watch" "the watcher") || {
    KEEP=1; json_line rep="$rep" failed="the watcher did not start" load="$load" >>"$T/live.jsonl"; return; }
  "$HELP" live "$T/poster" 0 "$watch_port" "$LIVE" 2 >"$T/post.out" 2>"$T/post.log"
  sleep 0.5
  kill -TERM $watch; wait $watch 2>/dev/null
  python3 - "$T/post.out" "$T/watch.out" "$rep" "$load" "$LIVE" >>"$T/live.jsonl" <<'PY'
import json, sys
posts = {int(l.split()[1]): int(l.split()[2]) for l in open(sys.argv[1]) if l.startswith("post ")}
stored = {}
for l in open(sys.argv[2]):
    if l.startswith("stored "):
        seq, t = int(l.split()[1]), int(l.split()[2])
        stored.setdefault(seq, t)
lat = sorted((stored[s] - t) / 1e6 for s, t in posts.items() if s in stored)
pick = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 3) if lat else None
out = {"rep": int(sys.argv[3]), "load": sys.argv[4], "entries": len(posts),
       "missing": len(posts) - len(lat), "p50_ms": pick(0.5), "p99_ms": pick(0.99),
       "max_ms": pick(1.0)}
if len(posts) < int(sys.argv[5]) or not lat:
    out["failed"] = f"{len(posts)} of {sys.argv[5]} posted, {len(lat)} of them stored"
print(json.dumps(out))
PY
  log "  $(tail -1 "$T/live.jsonl")"
}

if want live; then
  log "live: $LIVE posts, 2 ms apart, post -> stored on the linked peer, $REPS runs"
  new_dir poster; new_dir watcher "$(invite_of poster)"
  # The watcher joins first (a newcomer listens only once it is a member).
  start_serve poster
  "$CLI" -d "$T/watcher" sync "127.0.0.1:$SERVE_PORT" >/dev/null
  stop_serve poster
  for rep in $(seq "$REPS"); do live_rep "$rep"; done
fi

# ------------------------------------------------------------------ 4. ten peers, ten posts each
# burst_rep REP: each of the 10 linked peers posts 10 entries at once; one line
# in burst.jsonl
converged () { local i e0; e0=$(entries_of b1); for i in $(seq 2 10); do [ "$(entries_of "b$i")" = "$e0" ] || return 1; done; [ "$e0" -ge 10 ]; }
burst_rep () {
  local rep=$1 load base posters=() i t_last t_poll
  load=$(loadavg)
  for i in $(seq 200); do converged && break; sleep 0.05; done
  base=$(entries_of b1)
  for i in $(seq 1 10); do
    ( for k in $(seq 1 10); do "$CLI" -d "$T/b$i" post request --category errands --title "Burst $rep.$i.$k" >/dev/null; done ) &
    posters+=($!)
  done
  wait "${posters[@]}"
  t_last=$(date +%s%N)
  all_there () { local i; for i in $(seq 1 10); do [ "$(entries_of "b$i")" -ge $((base + 100)) ] || return 1; done; }
  for i in $(seq 400); do all_there && break; sleep 0.01; done
  t_poll=$(date +%s%N)
  python3 - "$T" "$t_last" "$rep" "$load" "$(all_there && echo 1 || echo 0)" >>"$T/burst.jsonl" <<'PY'
import datetime, json, re, sys
T, t_last_ns = sys.argv[1], int(sys.argv[2])
last = datetime.datetime.fromtimestamp(t_last_ns / 1e9)
worst = 0.0
for i in range(1, 11):
    # Each peer must store the 90 posts of the others; its log timestamps each batch.
    when = None
    for line in open(f"{T}/b{i}.log"):
        m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) received \d+ entr\w+ \((\d+) in all\)", line)
        if m:
            h, mi, s, ms, total = map(int, m.groups())
            when = last.replace(hour=h, minute=mi, second=s, microsecond=ms * 1000)
    # the time the peer's count last rose is when it had everything
    if when is not None:
        worst = max(worst, (when - last).total_seconds())
out = {"rep": int(sys.argv[3]), "load": sys.argv[4], "all_stored_after_last_post_s": round(max(worst, 0.0), 3)}
if sys.argv[5] != "1":
    out["failed"] = "not every peer had all 100 entries 4 s after the last post"
print(json.dumps(out))
PY
  log "  $(tail -1 "$T/burst.jsonl") (polling saw all of them after $(( (t_poll - t_last) / 1000000 )) ms)"
}

if want burst; then
  log "burst: 10 linked peers each post 10 entries at once, $REPS runs"
  new_dir b1
  for i in $(seq 2 10); do new_dir "b$i" "$(invite_of b1)"; done
  declare -A BPORT BPID
  for i in $(seq 1 10); do
    args=(); for j in $(seq 1 $((i - 1))); do args+=(--peer "127.0.0.1:${BPORT[$j]}"); done
    "$CLI" -d "$T/b$i" serve --no-mdns --port 0 "${args[@]}" >"$T/b$i.log" 2>&1 &
    BPID[$i]=$!
    PIDS+=($!)
    BPORT[$i]=$(port_from "$T/b$i.log" 's/.*serving on port \([0-9]*\).*/\1/p' "${BPID[$i]}" "peer b$i") \
      || { KEEP=1; exit 1; }
  done
  for rep in $(seq "$REPS"); do burst_rep "$rep"; done
  for i in $(seq 1 10); do kill -TERM "${BPID[$i]}"; done
  for i in $(seq 1 10); do wait "${BPID[$i]}" 2>/dev/null; done
fi

# ------------------------------------------------------------------ 5. 25 LAN hosts
LAN_JSON='"lan25_s": null, "lan25_note": "needs root (network namespaces)"'
if want lan && [ "$(id -u)" = 0 ] && [ $QUICK = 0 ] && [ -x tests/lan/lan.sh ]; then
  LAN_JSON=$(bash bench/sync/lan25.sh "$CLI" | tail -1) || LAN_JSON='"lan25_s": null'
fi
want lan || LAN_JSON='"lan25_s": null, "lan25_note": "not run (PARTS)"'
echo "{${LAN_JSON}}" >"$T/lan.json"

python3 bench/sync/summary.py "$T" "$REPS" "$LOAD_START" "$(loadavg)"
