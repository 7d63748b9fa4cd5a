#!/usr/bin/env bash
# bench/sync/run.sh [BUILD_DIR] [--quick] — the Buurtnet side of the sync benchmark.
#
# Real processes on loopback (buurtnet-cli serve / sync, bn-bench-sync), bytes
# counted by a forwarding proxy between them. Prints one JSON object on stdout,
# progress on stderr. Reports figures; never fails on a number.
# See bench/sync/README.md for what each key means.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-_build}
QUICK=0
[ "${2:-}" = "--quick" ] || [ "${1:-}" = "--quick" ] && QUICK=1
[ "${1:-}" = "--quick" ] && BUILD=_build
CLI=$BUILD/src/cli/buurtnet-cli
HELP=$BUILD/bench/sync/bn-bench-sync
MAKE_LOG=$BUILD/tests/tools/bn-make-log
for f in "$CLI" "$HELP" "$MAKE_LOG"; do
  [ -x "$f" ] || { echo "bench/sync: $f is missing; build first (meson compile -C $BUILD)" >&2; exit 1; }
done

AUTHORS=100; PER_AUTHOR=1000; REPS=5; LIVE=1000
[ $QUICK = 1 ] && { AUTHORS=10; PER_AUTHOR=1000; REPS=1; LIVE=200; }

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-bench-sync.XXXXXX")
PIDS=()
cleanup () { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
log () { echo "[buurtnet] $*" >&2; }

# port_from FILE SED PID WHAT: the port a process writes into FILE once it
# listens. Under load that can take a while: wait up to 60 s, as long as the
# process lives; when it never comes, say why and end the run (figures from a
# setup that did not start would be nonsense): callers write
#   X=$(port_from …) || exit 1
port_from () {
  local i port
  for i in $(seq 3000); do
    # (a newcomer still joining says port 0 first)
    port=$(sed -n "$2" "$1" 2>/dev/null | grep -v '^0$' | head -1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$3" 2>/dev/null || break
    sleep 0.02
  done
  log "$4 did not start listening$(kill -0 "$3" 2>/dev/null && echo ' within 60 s' || echo ': it exited'):"
  cat "$1" >&2
  return 1
}

new_dir () {   # new_dir NAME [INVITE]: an initialised data directory in the hood
  "$CLI" -d "$T/$1" init --name "$1" >/dev/null
  if [ -n "${2:-}" ]; then "$CLI" -d "$T/$1" hood join "$2" >/dev/null
  else "$CLI" -d "$T/$1" hood create "Benchstraat" >/dev/null; fi
}
invite_of () { "$CLI" -d "$T/$1" hood invite | tail -1; }   # a fresh code: each admits one
entries_of () { "$CLI" -d "$T/$1" whoami --json | sed -n 's/.*"entries" : \([0-9]*\).*/\1/p'; }

# start_serve NAME: a serve process under `measure` (its JSON goes to NAME.rusage)
# on any free port, which it puts in SERVE_PORT
declare -A SERVE_PID
start_serve () {
  rm -f "$T/$1.rusage"
  "$HELP" measure "$T/$1.rusage" "$CLI" -d "$T/$1" serve --no-mdns --port 0 >"$T/$1.log" 2>&1 &
  SERVE_PID[$1]=$!
  PIDS+=($!)
  SERVE_PORT=$(port_from "$T/$1.log" 's/.*serving on port \([0-9]*\).*/\1/p' "${SERVE_PID[$1]}" "serve $1") || exit 1
}
stop_serve () {   # stop_serve NAME: SIGTERM to measure, which passes it on; wait for the JSON
  kill -TERM "${SERVE_PID[$1]}"
  wait "${SERVE_PID[$1]}" 2>/dev/null
}
# start_proxy TARGET_PORT [LISTEN_PORT]: a counting forwarder on LISTEN_PORT (any
# free port when not given), which it puts in PROXY_PORT
start_proxy () {
  "$HELP" proxy "${2:-0}" "$1" >"$T/proxy.out" & PROXY=$!
  PIDS+=($PROXY)
  PROXY_PORT=$(port_from "$T/proxy.out" 's/^listening \([0-9]*\)/\1/p' "$PROXY" "the proxy") || exit 1
}
stop_proxy () { kill -TERM "$PROXY"; wait "$PROXY" 2>/dev/null; grep '^{' "$T/proxy.out"; }
json_get () { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
median () { python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" "$@"; }

# ------------------------------------------------------------------ 1. catch-up
log "catch-up: $AUTHORS authors x $PER_AUTHOR entries"
new_dir seeder
"$MAKE_LOG" "$T/seeder" "$AUTHORS" "$PER_AUTHOR" "$T/big.log"
"$CLI" -d "$T/seeder" log import "$T/big.log" >/dev/null
N_LOG=$((AUTHORS * PER_AUTHOR))
# The entries' own size: header + payload, i.e. the log file less its magic and
# the one flag byte per frame.
ENTRY_BYTES=$(( $(stat -c %s "$T/big.log") - 8 - N_LOG ))
start_serve seeder
SEEDER_PORT=$SERVE_PORT
rates=(); vrates=(); ratios=(); up=(); down=(); rcpu=(); rrss=(); rwall=()
for rep in $(seq "$REPS"); do
  new_dir "reader$rep" "$(invite_of seeder)"
  start_proxy "$SEEDER_PORT"
  "$HELP" measure "$T/reader$rep.rusage" "$CLI" -d "$T/reader$rep" sync "127.0.0.1:$PROXY_PORT" \
    >"$T/sync$rep.out" 2>&1
  m=$(cat "$T/reader$rep.rusage")
  p=$(stop_proxy)
  out=$(cat "$T/sync$rep.out")
  secs=$(echo "$out" | sed -n 's/.*all stored after \([0-9.]*\) s.*/\1/p')
  vsecs=$(echo "$out" | sed -n 's/.*in the lists after \([0-9.]*\) s.*/\1/p')
  n=$(echo "$out" | sed -n 's/.*: \([0-9]*\) entries in.*/\1/p')
  log "  rep $rep: $(echo $out)"
  rates+=("$(python3 -c "print($n / $secs)")")
  vrates+=("$(python3 -c "print($n / $vsecs)")")
  b=$(( $(json_get "$p" bytes_up) + $(json_get "$p" bytes_down) ))
  ratios+=("$(python3 -c "print($b / $ENTRY_BYTES)")")
  up+=("$(json_get "$p" bytes_up)"); down+=("$(json_get "$p" bytes_down)")
  rcpu+=("$(json_get "$m" cpu_s)"); rrss+=("$(json_get "$m" rss_peak_mb)"); rwall+=("$(json_get "$m" wall_s)")
done
stop_serve seeder
S=$(cat "$T/seeder.rusage")
CATCHUP_RATE=$(median "${rates[@]}")
log "  catch-up: $CATCHUP_RATE entries/s stored, $(median "${vrates[@]}") entries/s in the lists (medians of $REPS), wire/entries $(median "${ratios[@]}")"

# ------------------------------------------------------------------ 2. in-sync check
insync_json=""
for K in 10 100 1000; do
  [ $QUICK = 1 ] && [ $K = 1000 ] && continue
  log "in-sync check with $K authors"
  new_dir "s$K"; inv=$(invite_of "s$K"); new_dir "r$K" "$inv"
  "$MAKE_LOG" "$T/s$K" "$K" 10 "$T/k$K.log"
  "$CLI" -d "$T/s$K" log import "$T/k$K.log" >/dev/null
  start_serve "s$K"
  # The newcomer joins and takes everything (a newcomer can import nothing before);
  # the serving peer's upkeep after the admission writes a little more: take it too.
  # All through the proxy's one address, as a neighbour syncs with one address.
  start_proxy "$SERVE_PORT"
  "$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT" >/dev/null
  sleep 2
  "$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT" >/dev/null
  stop_proxy >/dev/null
  start_proxy "$SERVE_PORT" "$PROXY_PORT"
  out=$("$CLI" -d "$T/r$K" sync "127.0.0.1:$PROXY_PORT")
  p=$(stop_proxy)
  stop_serve "s$K"
  ms=$(echo "$out" | sed -n 's/.*checked in \([0-9.]*\) ms.*/\1/p')
  log "  $out; $p"
  insync_json+="\"insync_bytes_$K\": $(( $(json_get "$p" bytes_up) + $(json_get "$p" bytes_down) )), "
  insync_json+="\"insync_bytes_up_$K\": $(json_get "$p" bytes_up), \"insync_bytes_down_$K\": $(json_get "$p" bytes_down), "
  insync_json+="\"insync_rtts_$K\": $(json_get "$p" turns), \"insync_ms_$K\": ${ms:-null}, "
done

# ------------------------------------------------------------------ 3. live latency
log "live: $LIVE posts, 2 ms apart, post -> stored on the linked peer"
new_dir poster; new_dir watcher "$(invite_of poster)"
# The watcher joins first (a newcomer listens only once it is a member).
start_serve poster
"$CLI" -d "$T/watcher" sync "127.0.0.1:$SERVE_PORT" >/dev/null
stop_serve poster
"$HELP" watch "$T/watcher" 0 >"$T/watch.out" 2>"$T/watch.log" &
WATCH=$!; PIDS+=($WATCH)
WATCH_PORT=$(port_from "$T/watch.out" 's/^ready \([0-9]*\)/\1/p' "$WATCH" "the watcher") || exit 1
"$HELP" live "$T/poster" 0 "$WATCH_PORT" "$LIVE" 2 >"$T/post.out" 2>"$T/post.log"
sleep 0.5
kill -TERM $WATCH; wait $WATCH 2>/dev/null
LIVE_JSON=$(python3 - "$T/post.out" "$T/watch.out" <<'PY'
import json, sys
posts = {int(l.split()[1]): int(l.split()[2]) for l in open(sys.argv[1]) if l.startswith("post ")}
stored = {}
for l in open(sys.argv[2]):
    if l.startswith("stored "):
        seq, t = int(l.split()[1]), int(l.split()[2])
        stored.setdefault(seq, t)
lat = sorted((stored[s] - t) / 1e6 for s, t in posts.items() if s in stored)
pick = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 3) if lat else None
print(json.dumps({"live_entries": len(posts), "live_missing": len(posts) - len(lat),
                  "live_p50_ms": pick(0.5), "live_p99_ms": pick(0.99), "live_max_ms": pick(1.0)}))
PY
)
log "  $LIVE_JSON"

# ------------------------------------------------------------------ 4. ten peers, ten posts each
log "burst: 10 linked peers each post 10 entries at once"
new_dir b1
for i in $(seq 2 10); do new_dir "b$i" "$(invite_of b1)"; done
declare -A BPORT BPID
for i in $(seq 1 10); do
  args=(); for j in $(seq 1 $((i - 1))); do args+=(--peer "127.0.0.1:${BPORT[$j]}"); done
  "$CLI" -d "$T/b$i" serve --no-mdns --port 0 "${args[@]}" >"$T/b$i.log" 2>&1 &
  BPID[$i]=$!
  PIDS+=($!)
  BPORT[$i]=$(port_from "$T/b$i.log" 's/.*serving on port \([0-9]*\).*/\1/p' "${BPID[$i]}" "peer b$i") || exit 1
done
converged () { local i e0; e0=$(entries_of b1); for i in $(seq 2 10); do [ "$(entries_of "b$i")" = "$e0" ] || return 1; done; [ "$e0" -ge 10 ]; }
for i in $(seq 200); do converged && break; sleep 0.05; done
base=$(entries_of b1)
posters=()
for i in $(seq 1 10); do
  ( for k in $(seq 1 10); do "$CLI" -d "$T/b$i" post request --category errands --title "Burst $i.$k" >/dev/null; done ) &
  posters+=($!)
done
wait "${posters[@]}"
t_last=$(date +%s%N)
all_there () { local i; for i in $(seq 1 10); do [ "$(entries_of "b$i")" -ge $((base + 100)) ] || return 1; done; }
for i in $(seq 400); do all_there && break; sleep 0.01; done
t_poll=$(date +%s%N)
BURST_JSON=$(python3 - "$T" "$t_last" "$base" <<'PY'
import datetime, json, re, sys
T, t_last_ns, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
last = datetime.datetime.fromtimestamp(t_last_ns / 1e9)
worst = 0.0
for i in range(1, 11):
    # Each peer must store the 90 posts of the others; its log timestamps each batch.
    got, when = 0, None
    for line in open(f"{T}/b{i}.log"):
        m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) received \d+ entr\w+ \((\d+) in all\)", line)
        if m:
            h, mi, s, ms, total = map(int, m.groups())
            t = last.replace(hour=h, minute=mi, second=s, microsecond=ms * 1000)
            got = total
            when = t
    # the time the peer's count last rose is when it had everything
    if when is not None:
        worst = max(worst, (when - last).total_seconds())
print(json.dumps({"burst_peers": 10, "burst_entries": 100,
                  "burst_all_stored_after_last_post_s": round(max(worst, 0.0), 3)}))
PY
)
log "  $BURST_JSON (polling saw all of them after $(( (t_poll - t_last) / 1000000 )) ms)"
for i in $(seq 1 10); do kill -TERM "${BPID[$i]}"; done
for i in $(seq 1 10); do wait "${BPID[$i]}" 2>/dev/null; done

# ------------------------------------------------------------------ 5. 25 LAN hosts
LAN_JSON='"lan25_s": null, "lan25_note": "needs root (network namespaces)"'
if [ "$(id -u)" = 0 ] && [ $QUICK = 0 ] && [ -x tests/lan/lan.sh ]; then
  LAN_JSON=$(bash bench/sync/lan25.sh "$CLI" 2>&2 | tail -1) || LAN_JSON='"lan25_s": null'
fi

python3 - "$LIVE_JSON" "$BURST_JSON" "{${insync_json%, }}" "{${LAN_JSON}}" <<PY
import json, sys
out = {
  "catchup_authors": $AUTHORS, "catchup_entries": $N_LOG,
  "catchup_entries_per_s": round($CATCHUP_RATE),
  "catchup_entries_per_s_reps": [round(float(x)) for x in "${rates[*]}".split()],
  "catchup_entries_per_s_best": round(max(float(x) for x in "${rates[*]}".split())),
  "catchup_visible_entries_per_s": round($(median "${vrates[@]}")),
  "catchup_visible_entries_per_s_best": round(max(float(x) for x in "${vrates[*]}".split())),
  "catchup_entry_bytes": $ENTRY_BYTES,
  "catchup_bytes_seeder_to_reader": int($(median "${down[@]}")),
  "catchup_bytes_reader_to_seeder": int($(median "${up[@]}")),
  "catchup_wire_ratio": round($(median "${ratios[@]}"), 4),
  "cpu_s_reader": $(median "${rcpu[@]}"), "rss_peak_mb_reader": $(median "${rrss[@]}"),
  "wall_s_reader_process": $(median "${rwall[@]}"),
  "cpu_s_seeder_all_reps": $(json_get "$S" cpu_s), "rss_peak_mb_seeder": $(json_get "$S" rss_peak_mb),
}
for part in sys.argv[1:]:
    out.update(json.loads(part))
print(json.dumps(out))
PY
