#!/usr/bin/env bash
# bench/sync/lan25.sh CLI [HOSTS] — HOSTS (25) LAN hosts in network namespaces, each
# with its own avahi-daemon and one neighbour who has posted once, all start
# `buurtnet-cli serve` at once. Measures until every host has linked with every
# other (mDNS, no addresses given) and until every host holds every entry.
# Needs root. Last line on stdout: JSON members for bench/sync/run.sh.
set -u
CLI=$(readlink -f "$1")
N=${2:-25}
LAN_TAP=0
. "$(dirname "$(readlink -f "$0")")/../../tests/lan/lan.sh"
lan_require >&2
lan_up "$N" >&2 || { echo '"lan25_s": null, "lan25_note": "lan_up failed"'; exit 0; }
D=$LAN_DIR/data
"$CLI" -d "$D/n1" init --name "Buur 1" >/dev/null
"$CLI" -d "$D/n1" hood create "Lange straat" >/dev/null
invite=$("$CLI" -d "$D/n1" hood invite | grep -o 'buurt1-[a-z0-9-]*' | head -1)
total=0
declare -a own
for i in $(seq 1 "$N"); do
  [ "$i" = 1 ] || { "$CLI" -d "$D/n$i" init --name "Buur $i" >/dev/null; "$CLI" -d "$D/n$i" hood join "$invite" >/dev/null; }
  "$CLI" -d "$D/n$i" post offer --category company --title "Koffie bij nummer $i" >/dev/null
  own[$i]=$("$CLI" -d "$D/n$i" whoami --json | sed -n 's/.*"entries" : \([0-9]*\).*/\1/p')
  total=$((total + own[i]))
done
now_ms () { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(now_ms)
for i in $(seq 1 "$N"); do lan_bg "$i" "$LAN_DIR/serve$i.log" "$CLI" -d "$D/n$i" serve >/dev/null; done
t_launched=$(now_ms)
discovered=""; synced=""
while [ $(( $(now_ms) - t0 )) -lt 30000 ]; do
  if [ -z "$discovered" ]; then
    all=1
    for i in $(seq 1 "$N"); do
      [ "$(grep -c 'peer online' "$LAN_DIR/serve$i.log" 2>/dev/null)" -ge $((N - 1)) ] || { all=0; break; }
    done
    [ $all = 1 ] && discovered=$(( $(now_ms) - t0 ))
  fi
  all=1
  for i in $(seq 1 "$N"); do
    got=$(grep -o '([0-9]* in all)' "$LAN_DIR/serve$i.log" 2>/dev/null | tail -1 | tr -dc 0-9)
    [ "${got:-0}" -ge $((total - own[i])) ] || { all=0; break; }
  done
  [ $all = 1 ] && { synced=$(( $(now_ms) - t0 )); [ -n "$discovered" ] && break; }
  sleep 0.05
done
echo "[buurtnet] $N LAN hosts: launching took $((t_launched - t0)) ms; all linked after ${discovered:-?} ms, all in sync after ${synced:-?} ms" >&2
printf '"lan_hosts": %s, "lan25_all_linked_s": %s, "lan25_s": %s, "lan25_launch_s": %s\n' "$N" \
  "$(python3 -c "print(${discovered:-0}/1000 if '${discovered}' else 'null')")" \
  "$(python3 -c "print(${synced:-0}/1000 if '${synced}' else 'null')")" \
  "$(python3 -c "print($((t_launched - t0))/1000)")"
