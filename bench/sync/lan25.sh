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
cli () { local i=$1; shift; "$CLI" -d "$D/n$i" "$@"; }
# Every host joins the way test-lan.sh does it, by file: a code of its own, its
# request imported by host 1 (who admits it), then host 1's log imported back
# (the welcome with the neighbourhood key). Only then can it post.
cli 1 init --name "Buur 1" >/dev/null && cli 1 hood create "Lange straat" >/dev/null || {
  echo '"lan25_s": null, "lan25_note": "hood create failed"'; exit 0; }
for i in $(seq 2 "$N"); do
  invite=$(cli 1 hood invite | tail -1)
  cli "$i" init --name "Buur $i" >/dev/null && cli "$i" hood join "$invite" >/dev/null &&
    cli "$i" log export "$D/ask$i.bnlog" >/dev/null && cli 1 log import "$D/ask$i.bnlog" >/dev/null || {
      echo "[buurtnet] lan25: host $i could not be admitted" >&2
      echo '"lan25_s": null, "lan25_note": "admission failed"'; exit 0; }
done
cli 1 log export "$D/welcome.bnlog" >/dev/null
for i in $(seq 1 "$N"); do
  [ "$i" = 1 ] || cli "$i" log import "$D/welcome.bnlog" >/dev/null
  cli "$i" post offer --category company --title "Koffie bij nummer $i" >/dev/null || {
    echo "[buurtnet] lan25: host $i could not post" >&2
    echo '"lan25_s": null, "lan25_note": "post failed"'; exit 0; }
done
# In sync means holding every entry any host holds: count that union once, in a
# scratch copy of host 1 that imports every host's log. Each host's serve log
# counts what it received; it is in sync when it received the union less what
# it held at the start.
entries_of () { "$CLI" -d "$1" whoami --json | sed -n 's/.*"entries" : \([0-9]*\).*/\1/p'; }
cp -a "$D/n1" "$D/union"
for i in $(seq 2 "$N"); do
  cli "$i" log export "$D/all$i.bnlog" >/dev/null && "$CLI" -d "$D/union" log import "$D/all$i.bnlog" >/dev/null
done
union=$(entries_of "$D/union")
declare -a own
for i in $(seq 1 "$N"); do own[$i]=$(entries_of "$D/n$i"); done
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
    [ "${got:-0}" -ge $((union - own[i])) ] || { all=0; break; }
  done
  [ $all = 1 ] && { synced=$(( $(now_ms) - t0 )); [ -n "$discovered" ] && break; }
  sleep 0.05
done
echo "[buurtnet] $N LAN hosts: launching took $((t_launched - t0)) ms; all linked after ${discovered:-?} ms, all in sync after ${synced:-?} ms" >&2
printf '"lan_hosts": %s, "lan25_all_linked_s": %s, "lan25_s": %s, "lan25_launch_s": %s\n' "$N" \
  "$(python3 -c "print(${discovered:-0}/1000 if '${discovered}' else 'null')")" \
  "$(python3 -c "print(${synced:-0}/1000 if '${synced}' else 'null')")" \
  "$(python3 -c "print($((t_launched - t0))/1000)")"
