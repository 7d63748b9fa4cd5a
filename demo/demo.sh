#!/usr/bin/env bash
# demo.sh — a living demo neighbourhood on this machine: three neighbours (Dutch,
# French and English speakers) run as headless peers on loopback with posts,
# profiles and replies; the app opens already joined to their neighbourhood, and
# Marie answers any new request from the app within seconds. Everything lives in
# a temporary directory, removed on exit.
#
#   demo/demo.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-_build}
CLI="$BUILD_DIR/src/cli/buurtnet-cli"
APP="$BUILD_DIR/src/app/buurtnet"
[ -x "$CLI" ] || { echo "Build first: ./dev.sh start (or meson compile -C $BUILD_DIR)"; exit 1; }

# BN_DEMO_DIR lets a test watch the demo from the outside.
work=${BN_DEMO_DIR:-$(mktemp -d -t buurtnet-demo-XXXXXX)}
mkdir -p "$work"
pids=()
# Stops a background job and whatever it runs at that moment: a shell function
# put in the background is a subshell, and killing the subshell alone would leave
# its command running.
stop () {
  local children
  children=$(pgrep -P "$1" || true)
  # shellcheck disable=SC2086 # one PID per word
  kill "$1" $children 2>/dev/null || true
}
cleanup () {
  for pid in "${pids[@]}"; do stop "$pid"; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port () {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

neighbour () { "$CLI" --data-dir "$work/$1" "${@:2}"; }
last_line () { tail -n 1; }

# join_by_file DIR: the newcomer at DIR joins with a code of its own from Marie,
# by file (a request to join, answered with a welcome), as neighbours with no
# network in common do.
join_by_file () {
  local dir=$1 invite
  invite=$(neighbour marie hood invite | last_line)
  "$CLI" --data-dir "$dir" hood join "$invite" >/dev/null
  "$CLI" --data-dir "$dir" log export "$work/ask.bnlog" >/dev/null
  neighbour marie log import "$work/ask.bnlog" >/dev/null
  neighbour marie log export "$work/answer.bnlog" >/dev/null
  "$CLI" --data-dir "$dir" log import "$work/answer.bnlog" >/dev/null
}

echo "Setting up the demo neighbourhood in $work …"
neighbour marie init --name "Marie Dubois" >/dev/null
neighbour marie hood create "Rue Haute 12" >/dev/null
neighbour jan init --name "Jan Peeters" >/dev/null
join_by_file "$work/jan"
neighbour sam init --name "Sam Okafor" >/dev/null
join_by_file "$work/sam"

neighbour marie profile set --about "Retraitée, j'adore les papiers et les plantes." \
  --talent paperwork --talent computer --talent garden --need transport \
  --language fr --language nl --street "Rue Haute" --number 12 --building "Rue Haute 12" --floor 2 >/dev/null
neighbour jan profile set --about "Fietsenmaker, altijd een boormachine bij de hand." \
  --talent repairs --talent transport --talent lending --need computer \
  --language nl --language fr --street "Rue Haute" --number 12 --building "Rue Haute 12" --floor 3 >/dev/null
neighbour sam profile set --about "New in the building, happy to walk and to cook." \
  --talent company --talent meals --talent language --need paperwork \
  --language en --street "Rue Haute" --number 14 --floor 1 >/dev/null

post () { neighbour "$1" post "${@:2}" | last_line; }
groceries=$(post sam request --category errands --title "Groceries on Saturday?" \
  --body "I sprained my ankle. Milk, bread and some fruit from the Delhaize would help a lot.")
doctor=$(post marie request --category transport --title "Qui peut me conduire chez le médecin mardi ?" \
  --body "Rendez-vous à 10 h à la place Flagey. Je peux payer l'essence." --when 2026-12-01)
form=$(post sam request --category paperwork --title "Help with a rent subsidy form" \
  --body "The form is in Dutch and French only; I'd love someone to go through it with me.")
post jan offer --category company --title "Wandeling in het Jubelpark, zondagochtend" \
  --body "Ik loop elke zondag om 10 uur. Wie wil mee? Rustig tempo." >/dev/null
post jan offer --category lending --title "Boormachine te leen" \
  --body "Bosch klopboormachine met boren. Even aanbellen op de derde verdieping." >/dev/null
post marie offer --category computer --title "Je vous aide avec votre smartphone" \
  --body "Installer une appli, faire une photo, appeler en vidéo : je prends le temps." >/dev/null

# Everyone hands everyone their log (as a USB stick would) before answering.
share_logs () {
  for from in marie jan sam; do
    neighbour "$from" log export "$work/$from.bnlog" >/dev/null
    for to in marie jan sam; do
      [ "$from" = "$to" ] || neighbour "$to" log import "$work/$from.bnlog" >/dev/null
    done
  done
}
share_logs
reply=$(neighbour jan reply "$doctor" --text "Ik rij je graag, Marie! Ik sta om 9u30 beneden." | last_line)
neighbour marie reply "$form" --text "Je peux vous aider, Sam ! Passez mercredi au 2e." >/dev/null
neighbour jan reply "$groceries" --text "I'm going on Saturday anyway, happy to bring it up." >/dev/null

# Three peers on loopback, each knowing the next: a chain that relays for everyone.
# Started as commands, not through the neighbour function, so that $! is serve
# itself and stopping it at the end stops the peer.
serve_in_background () {
  "$CLI" --data-dir "$work/$1" serve --no-mdns "${@:2}" >"$work/$1.log" 2>&1 &
  pids+=($!)
}
port_marie=$(free_port); port_jan=$(free_port); port_sam=$(free_port)
serve_in_background marie --port "$port_marie"
serve_in_background jan --port "$port_jan" --peer "127.0.0.1:$port_marie"
serve_in_background sam --port "$port_sam" --peer "127.0.0.1:$port_jan"
echo "$port_marie $port_jan $port_sam" >"$work/ports"
sleep 1
neighbour marie accept "$doctor" "$reply" >/dev/null
neighbour marie thanks "$doctor" --text "Merci Jan, tu es un ange !" >/dev/null

# Marie answers every new request that is not from the demo neighbours, in the
# language of the person running the demo.
case "${LANGUAGE:-${LANG:-en}}" in
  nl*) answer="Ik help je graag! Ik woon op de tweede verdieping, bel gerust aan." ;;
  fr*) answer="Je vous aide volontiers ! J'habite au 2e étage, sonnez quand vous voulez." ;;
  *) answer="I'd be glad to help! I live on the second floor, just ring my bell." ;;
esac
demo_ids=$(for n in marie jan sam; do
  neighbour "$n" whoami --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["peer_id"])'
done)
answer_new_requests () {
  local answered=" "
  while sleep 1; do
    for post in $(neighbour marie list --kind request --json 2>/dev/null | DEMO_IDS="$demo_ids" /usr/bin/python3 -c '
import json, os, sys
demo = os.environ["DEMO_IDS"].split()
for p in json.load(sys.stdin):
    if p["author"] not in demo and p["status"] == "open":
        print(p["id"])'); do
      case "$answered" in *" $post "*) continue ;; esac
      neighbour marie reply "$post" --text "$answer" >/dev/null 2>&1 && answered+="$post "
    done
  done
}
answer_new_requests & pids+=($!)

you="$work/you"
"$CLI" --data-dir "$you" init --name "${USER_NAME:-You}" >/dev/null
# You join through Marie (the others learn of you through her), and here is a
# code for one more neighbour, to try the invite yourself.
join_by_file "$you"
code=$(neighbour marie hood invite | last_line)

echo
echo "The demo neighbourhood “Rue Haute 12” is running: Marie (port $port_marie), Jan ($port_jan), Sam ($port_sam)."
echo "Invite code: $code"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$APP" ]; then
  echo "Opening Buurtnet. Ask for help with something: Marie answers within seconds."
  echo "Close the window to end the demo; everything is removed."
  GSETTINGS_SCHEMA_DIR="$BUILD_DIR/data" BN_LOCALEDIR="$BUILD_DIR/po" "$APP" --data-dir "$you" --no-mdns \
    --peer "127.0.0.1:$port_marie" --peer "127.0.0.1:$port_sam"
else
  echo "No display here, so no window. Try it from the command line:"
  echo "  $CLI --data-dir $you sync 127.0.0.1:$port_marie"
  echo "  $CLI --data-dir $you list"
  echo "Press Ctrl+C to end the demo; everything is removed."
  wait "${pids[0]}"
fi
