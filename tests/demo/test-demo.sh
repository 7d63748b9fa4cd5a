#!/usr/bin/env bash
# The demo neighbourhood comes alive headless: a newcomer who joins sees
# neighbours, posts and replies, and Marie answers a new request within seconds.
set -u
SRC=${1:?source root}; BUILD=${2:?build root}
CLI="$BUILD/src/cli/buurtnet-cli"
. "$SRC/tests/cli/tap.sh"

export BN_DEMO_DIR
BN_DEMO_DIR=$(mktemp -d)/demo
env -u DISPLAY -u WAYLAND_DISPLAY "$SRC/demo/demo.sh" "$BUILD" >"$BN_DEMO_DIR.out" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null; wait $demo 2>/dev/null; rm -rf "$(dirname "$BN_DEMO_DIR")"' EXIT

# The demo prints its invite code once everything is set up: that is the signal.
for _ in $(seq 1 300); do grep -q "Invite code: " "$BN_DEMO_DIR.out" 2>/dev/null && break; sleep 0.1; done
expect "the demo starts three neighbours and prints its invite code" grep -qE "Invite code: [0-9A-Z]{4}(-[0-9A-Z]{4}){4}" "$BN_DEMO_DIR.out"
read -r port_marie _ _ <"$BN_DEMO_DIR/ports"
you="$CLI --data-dir $BN_DEMO_DIR/you"

$you sync "127.0.0.1:$port_marie" >&2
json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
expect "the newcomer sees the demo posts (six of them)" \
  [ "$($you list --json | json 'len(d)')" -ge 6 ]
expect "the newcomer sees the three neighbours" \
  [ "$($you neighbours --json | json 'len([p for p in d if p["proximity"] != "me"])')" -eq 3 ]
expect "posts in Dutch, French and English" sh -c "$you list | grep -q 'Boormachine' && $you list | grep -q 'médecin' && $you list | grep -q 'Groceries'"
expect "the lift to the doctor is matched, with Jan as helper" \
  [ "$($you list --json | json '[p["helper_name"] for p in d if "médecin" in p["title"]][0]')" = "Jan Peeters" ]

post=$($you post request --category garden --title "Who can water my plants?" | tail -n 1)
answered=no
for _ in $(seq 1 30); do
  $you sync "127.0.0.1:$port_marie" >/dev/null 2>&1
  if [ "$($you show "$post" --json | json 'len(d["reply_list"])')" -ge 1 ]; then answered=yes; break; fi
  sleep 1
done
expect "Marie answers a new request within seconds" [ "$answered" = yes ]
expect "the answer comes from Marie" \
  [ "$($you show "$post" --json | json 'd["reply_list"][0]["author_name"]')" = "Marie Dubois" ]

demo_processes () { pgrep -a -f -- "--data-dir $BN_DEMO_DIR/" | grep -v "^$$ " || true; }
expect "the three serve processes run while the demo does" \
  [ "$(demo_processes | grep -c ' serve ')" -eq 3 ]
kill "$demo"; wait "$demo" 2>/dev/null
expect "the demo removes everything on exit" [ ! -e "$BN_DEMO_DIR" ]
# A serve that outlived the demo would hold its port and keep syncing for ever.
for _ in $(seq 1 50); do [ -z "$(demo_processes)" ] && break; sleep 0.1; done
left=$(demo_processes)
[ -z "$left" ] || echo "$left" | sed 's/^/# left running: /'
expect "no process of the demo is left running" [ -z "$left" ]
finish
