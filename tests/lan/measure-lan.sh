#!/usr/bin/env bash
# Timings of the LAN harness (not a test): bring-up and teardown of N hosts,
# and publish -> resolve between two hosts. Prints one JSON object on stdout.
#   tests/lan/measure-lan.sh [ROUNDS] [N...]      (default: 3 rounds, N = 3 25)
set -u
# shellcheck source=tests/lan/lan.sh
. "$(dirname "$(readlink -f "$0")")/lan.sh"
lan_require
lan_require_cmd avahi-publish avahi-utils
lan_require_cmd avahi-browse avahi-utils

ROUNDS=${1:-3}; shift || true
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(3 25)
# shellcheck disable=SC2034 # read by lan.sh
LAN_TRAP=0
trap 'lan_down' EXIT
now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

json="{"
for n in "${SIZES[@]}"; do
    ups=() downs=() resolves=() fresh=() gone=()
    for ((r = 0; r < ROUNDS; r++)); do
        t0=$(now_ms); lan_up "$n" 2>/dev/null || exit 1; ups+=($(( $(now_ms) - t0 )))
        last=$n
        lan_bg "$last" "$LAN_DIR/browse.log" stdbuf -oL avahi-browse -rp _buurtnet._tcp >/dev/null
        sleep 0.3
        t0=$(now_ms)
        pub=$(lan_bg 1 "$LAN_DIR/pub.log" avahi-publish -s "m$r" _buurtnet._tcp 7447 v=1 tag=abcd)
        until grep -q '^=' "$LAN_DIR/browse.log"; do sleep 0.005; done
        resolves+=($(( $(now_ms) - t0 )))
        # a browser started after the announcement, on host 2 (cold cache);
        # avahi-browse -t would add its own ~1 s "all for now" wait
        t0=$(now_ms)
        b2=$(lan_bg 2 "$LAN_DIR/browse2.log" stdbuf -oL avahi-browse -rp _buurtnet._tcp)
        until grep -q '^=' "$LAN_DIR/browse2.log"; do sleep 0.005; done
        fresh+=($(( $(now_ms) - t0 )))
        kill "$b2"
        t0=$(now_ms); kill "$pub"
        until grep -q '^-' "$LAN_DIR/browse.log"; do sleep 0.005; done
        gone+=($(( $(now_ms) - t0 )))
        t0=$(now_ms); lan_down; downs+=($(( $(now_ms) - t0 )))
        echo "n=$n round $r: up ${ups[-1]} ms, publish->resolve ${resolves[-1]} ms, late browser resolves in ${fresh[-1]} ms, removal ${gone[-1]} ms, down ${downs[-1]} ms" >&2
    done
    arr() { local IFS=,; echo "[$*]"; }
    json+="\"up_ms_$n\":$(arr "${ups[@]}"),\"down_ms_$n\":$(arr "${downs[@]}"),"
    json+="\"publish_resolve_ms_$n\":$(arr "${resolves[@]}"),\"late_browser_ms_$n\":$(arr "${fresh[@]}"),\"removal_ms_$n\":$(arr "${gone[@]}"),"
done
echo "${json%,}}"
