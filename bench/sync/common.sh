# bench/sync/common.sh — shell helpers of bench/sync/run.sh and behind.sh (sourced).
#
# Each script sets T (its temporary directory), CLI and HELP, and defines log ()
# before sourcing.
# A run that fails keeps T and says where it is (KEEP=1), so that the logs of
# what failed can be read afterwards.

# The CLI's sentences are parsed: read them untranslated.
export LC_ALL=C.UTF-8 LANGUAGE=

KEEP=${KEEP:-0}   # KEEP=1: keep it in any case
PIDS=()
cleanup () {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$KEEP" = 1 ]; then log "something failed: its logs are kept in $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

# port_from FILE SED PID WHAT: the port a process writes into FILE once it
# listens. Under load that can take a while: wait up to 60 s, as long as the
# process lives; when it never comes, say why and return 1 (called in $( ),
# it cannot set KEEP: its callers do).
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

# json_get JSON KEY: one member of a JSON object; nothing (and status 1) when
# JSON is empty or lacks KEY, so that callers can tell a failure from a figure.
json_get () {
  python3 -c '
import json, sys
try:
    print(json.loads(sys.argv[1])[sys.argv[2]])
except (ValueError, KeyError):
    sys.exit(1)' "$1" "$2"
}

# cpu_ns PID: the CPU time PID has used so far (user + system, of all its
# threads, those that have ended included), in nanoseconds; /proc/PID/stat counts
# it in clock ticks, so it moves in steps of 10 ms. The difference across a sync
# is what the serving side spent on it. (Summing the live threads' schedstat
# instead misses the serving threads that end with the session.)
CLK_TCK=$(getconf CLK_TCK)
cpu_ns () {
  awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%d\n", ($12 + $13) * 1000000000 / tck }' \
    /proc/"${1:-none}"/stat 2>/dev/null
}
# cpu_s_between NS0 NS1: seconds as JSON, or null when either reading failed
# (a figure that was not measured is never given as 0)
cpu_s_between () {
  if [ -n "$1" ] && [ -n "$2" ]; then echo "$(( $2 - $1 ))e-9"; else echo null; fi
}
# child_of PID: the process PID started (the one `measure` runs)
child_of () {
  local i c
  for i in $(seq 100); do
    c=$(pgrep -P "$1" | head -1)
    [ -n "$c" ] && { echo "$c"; return 0; }
    sleep 0.02
  done
  return 1
}

loadavg () { cut -d' ' -f1-3 /proc/loadavg; }

# A counting forwarder: start_proxy TARGET_PORT [LISTEN_PORT] listens on
# LISTEN_PORT (any free port when 0 or not given) and sets PROXY and PROXY_PORT;
# stop_proxy puts its JSON in PROXY_JSON (empty when it printed none). Both run
# in the calling shell, never in $( ): a subshell cannot wait for the proxy,
# and reading its output before it has written the JSON finds nothing (this lost
# a reader's figures under load).
start_proxy () {
  "$HELP" proxy "${2:-0}" "$1" >"$T/proxy.out" 2>&1 & PROXY=$!
  PIDS+=($PROXY)
  PROXY_PORT=$(port_from "$T/proxy.out" 's/^listening \([0-9]*\)/\1/p' "$PROXY" "the proxy") \
    || { KEEP=1; return 1; }
}
stop_proxy () {
  kill -TERM "$PROXY" 2>/dev/null
  wait "$PROXY" 2>/dev/null
  PROXY_JSON=$(grep '^{' "$T/proxy.out")
}

# proxied_sync READER SERVE_PORT SERVE_PID NAME [LISTEN_PORT]: one `buurtnet-cli
# sync` of $T/READER with the peer on SERVE_PORT, under `measure` and through a
# counting proxy on LISTEN_PORT (any free port when 0 or not given; PROXY_PORT
# keeps the one it took). The sync's output goes to $T/NAME.out, measure's JSON
# to $T/NAME.rusage. Sets SYNC_OUT (the output on one line), SYNC_FIGURES
# (measure's JSON), SERVE_CPU_S (what SERVE_PID spent across the sync, see
# cpu_s_between) and PROXY_JSON. Returns 1, with why in SYNC_WHY, when the proxy
# did not start, the sync failed or a figure is missing; what the output must
# say is the caller's to check. Runs in the calling shell, as start_proxy does.
proxied_sync () {
  local rc s0 s1
  SYNC_OUT="" SYNC_FIGURES="" SERVE_CPU_S=null PROXY_JSON="" SYNC_WHY=""
  rm -f "$T/$4.rusage"
  start_proxy "$2" "${5:-0}" || { SYNC_WHY="the proxy did not start"; return 1; }
  s0=$(cpu_ns "$3")
  "$HELP" measure "$T/$4.rusage" "$CLI" -d "$T/$1" sync "127.0.0.1:$PROXY_PORT" >"$T/$4.out" 2>&1
  rc=$?
  s1=$(cpu_ns "$3")
  stop_proxy
  SYNC_OUT=$(tr '\n' ' ' <"$T/$4.out")
  SYNC_FIGURES=$(cat "$T/$4.rusage" 2>/dev/null)
  SERVE_CPU_S=$(cpu_s_between "$s0" "$s1")
  if [ "$rc" != 0 ]; then SYNC_WHY="sync exited with status $rc: $SYNC_OUT"
  elif [ -z "$SYNC_FIGURES" ]; then SYNC_WHY="measure wrote no figures for the sync"
  elif [ -z "$PROXY_JSON" ]; then SYNC_WHY="the proxy printed no counts: $(cat "$T/proxy.out")"
  fi
  [ -z "$SYNC_WHY" ]
}
