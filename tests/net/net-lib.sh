# net-lib.sh — helpers for the net suite's TAP scripts; sourced, not run.
#
# Neighbours are data directories under $NET_TMP (n1, n2, ...) that all joined one
# neighbourhood; peers are real `buurtnet-cli serve` processes on loopback ports.
# Every wait says what it waits for and gives up after a deadline.

: "${BUURTNET_CLI:?set by meson (tests/meson.build)}"
CLI=$BUURTNET_CLI
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../cli/tap.sh"

NET_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bn-net.XXXXXX")
declare -A NET_PID

net_cleanup () {
  local pid
  for pid in "${NET_PID[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${NET_PID[@]}"; do wait "$pid" 2>/dev/null; done
  if [ "${NET_KEEP:-0}" = 1 ]; then echo "# kept $NET_TMP"; else rm -rf "$NET_TMP"; fi
}
trap net_cleanup EXIT

# Each serve asks for any free port the first time (so that nothing else on the
# machine, tests running in parallel included, can be in the way) and for the same
# one again when restarted; net_port I tells which port n$I got.
declare -A NET_PORT
net_port () { echo "${NET_PORT[$1]:?n$1 has not served yet}"; }

# net_hood N [NAME]: neighbours n1..nN in one neighbourhood (n1 created it and
# admitted the others, each with a code of their own, by log file)
net_hood () {
  local n=$1 name=${2:-Teststraat} i
  "$CLI" -d "$NET_TMP/n1" init --name "Neighbour 1" >/dev/null || bail_out "init n1"
  "$CLI" -d "$NET_TMP/n1" hood create "$name" >/dev/null || bail_out "hood create"
  for i in $(seq 2 "$n"); do
    net_join "$i" "$(net_invite 1)"
    "$CLI" -d "$NET_TMP/n$i" log export "$NET_TMP/ask$i.bnlog" >/dev/null || bail_out "ask n$i"
    "$CLI" -d "$NET_TMP/n1" log import "$NET_TMP/ask$i.bnlog" >/dev/null || bail_out "admit n$i"
  done
  net_introduce "$n"
}

# net_invite I: a fresh invite code from n$I (the last line of "hood invite")
net_invite () {
  local code
  code=$("$CLI" -d "$NET_TMP/n$1" hood invite | tail -1)
  [ -n "$code" ] || bail_out "no invite code from n$1"
  NET_INVITE=$code
  echo "$code"
}

# net_introduce N: n1's log (with the admissions and the welcomes) goes to
# n2..nN, and theirs back to n1, so that everyone starts with everyone's profile
net_introduce () {
  local n=$1 i
  "$CLI" -d "$NET_TMP/n1" log export "$NET_TMP/intro1.bnlog" >/dev/null || bail_out "export n1"
  for i in $(seq 2 "$n"); do
    "$CLI" -d "$NET_TMP/n$i" log import "$NET_TMP/intro1.bnlog" >/dev/null || bail_out "import n1 into n$i"
    "$CLI" -d "$NET_TMP/n$i" log export "$NET_TMP/intro$i.bnlog" >/dev/null || bail_out "export n$i"
    "$CLI" -d "$NET_TMP/n1" log import "$NET_TMP/intro$i.bnlog" >/dev/null || bail_out "import n$i"
  done
}

net_join () {
  "$CLI" -d "$NET_TMP/n$1" init --name "Neighbour $1" >/dev/null || bail_out "init n$1"
  "$CLI" -d "$NET_TMP/n$1" hood join "$2" >/dev/null || bail_out "join n$1"
}

served_more () { [ "$(grep -c "serving on port" "$1" 2>/dev/null)" -gt "$2" ]; }

# net_serve I [PEER_INDEX...]: start n$I's serve on its port, with manual peers
net_serve () {
  local i=$1 args=() p
  shift
  for p in "$@"; do args+=(--peer "127.0.0.1:$(net_port "$p")"); done
  local before
  before=$(grep -c "serving on port" "$NET_TMP/serve$i.log" 2>/dev/null)
  "$CLI" -d "$NET_TMP/n$i" serve --no-mdns --port "${NET_PORT[$i]:-0}" "${args[@]}" \
    >>"$NET_TMP/serve$i.log" 2>&1 &
  NET_PID[$i]=$!
  net_wait "n$i listens" 10 served_more "$NET_TMP/serve$i.log" "${before:-0}" || return 1
  NET_PORT[$i]=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$NET_TMP/serve$i.log" | tail -1)
}

net_stop () {
  local sig=${2:-TERM}
  [ -n "${NET_PID[$1]:-}" ] || return 0
  kill -"$sig" "${NET_PID[$1]}" 2>/dev/null
  wait "${NET_PID[$1]}" 2>/dev/null
  unset "NET_PID[$1]"
}

# net_post I TITLE: a request by n$I
net_post () {
  "$CLI" -d "$NET_TMP/n$1" post request --category errands --title "$2" >/dev/null
}

net_has_title () { "$CLI" -d "$NET_TMP/n$1" list --json 2>/dev/null | grep -qF "\"title\" : \"$2\""; }
net_entries () { "$CLI" -d "$NET_TMP/n$1" whoami --json | sed -n 's/.*"entries" : \([0-9]*\).*/\1/p'; }

# net_wait WHAT SECONDS CMD...: poll CMD every 50 ms until it succeeds
net_wait () {
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$(( $(date +%s%N) + seconds * 1000000000 ))
  until "$@"; do
    if [ "$(date +%s%N)" -gt "$deadline" ]; then
      echo "# gave up after ${seconds}s waiting for: $what"
      return 1
    fi
    sleep 0.05
  done
}

# net_all_have TITLE I...: every listed neighbour has the post
net_all_have () {
  local title=$1 i
  shift
  for i in "$@"; do net_has_title "$i" "$title" || return 1; done
}

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }

# quiet CMD...: run CMD with its output out of the TAP stream
quiet () { "$@" >/dev/null 2>&1; }
