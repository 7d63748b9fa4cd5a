#!/usr/bin/env bash
# test-loopback.sh — real `serve` peers on loopback with manual peers (no mDNS):
# a chain and a star; every post reaches every peer; A and C exchange through B
# without ever connecting; a stopped peer catches up when it comes back; a post
# made with the CLI while serve runs on that data directory reaches the others.
set -u
. "$(dirname "$0")/net-lib.sh"

# Chain n1 - n2 - n3 - n4 - n5: each only knows its left neighbour.
net_hood 10
net_serve 1
for i in 2 3 4 5; do net_serve "$i" $((i - 1)); done

net_post 1 "Chain from the first"
expect "a post on n1 reaches n5 through n2, n3 and n4" \
  net_wait "n5 has the post" 15 net_all_have "Chain from the first" 2 3 4 5
net_post 5 "Chain from the last"
expect "a post on n5 reaches n1 back along the chain" \
  net_wait "n1 has the post" 15 net_all_have "Chain from the last" 1 2 3 4

# n1 and n3 never connect: neither has the other as a peer.
expect "n1 never linked with n3 (the relay is n2)" \
  bash -c "! grep -q '127.0.0.1:$(net_port 3)' '$NET_TMP/serve1.log'"

# Star: n6..n10 all know only n1.
for i in 6 7 8 9 10; do net_serve "$i" 1; done
net_post 8 "Star from a spoke"
expect "a post on a spoke reaches the hub, the other spokes and the chain" \
  net_wait "all have the post" 20 net_all_have "Star from a spoke" 1 2 3 4 5 6 7 9 10

# Every peer posts at once; all ten converge on the same number of entries.
posters=()
for i in $(seq 1 10); do net_post "$i" "Burst from $i" & posters+=($!); done
wait "${posters[@]}"
converged () {
  local want got i
  want=$(net_entries 1)
  for i in $(seq 2 10); do got=$(net_entries "$i"); [ "$got" = "$want" ] || return 1; done
  for i in $(seq 1 10); do net_has_title "$i" "Burst from $((11 - i))" || return 1; done
}
expect "ten peers posting at once converge on the same entries" \
  net_wait "all ten converge" 20 converged

# A post made with the CLI while serve runs on the same data directory: serve
# notices the other process's commit (its WAL file changes; PRAGMA data_version) and
# pushes it over the live link. From the moment the posting CLI exits to the line
# in n2's log that says it stored it.
last_received_ms () {   # the wall-clock ms of n$1's last "received" log line
  python3 - "$NET_TMP/serve$1.log" <<'PY'
import datetime, re, sys
line = [l for l in open(sys.argv[1]) if " received " in l][-1]
h, m, s = line[:12].split(":")
now = datetime.datetime.now()
t = now.replace(hour=int(h), minute=int(m), second=int(float(s)), microsecond=int(round(float(s) % 1 * 1e6)))
print(int(t.timestamp() * 1000))
PY
}
t0=$(now_ms)
net_post 3 "Quick one"
t1=$(now_ms)
# Without the file monitor the post would wait for the link's safety-net session
# (every 300 s): arriving within 5 s is the mechanism at work. How fast it is
# belongs to the benchmarks (bench/sync: post -> stored on a linked peer), not to
# an assertion on a shared machine: a 100 ms bound here failed at load 8-10.
expect "a CLI post next to serve reaches a linked neighbour at once, not at the next 300 s session" \
  net_wait "n2 has the quick post" 5 net_has_title 2 "Quick one"
t2=$(last_received_ms 2)
echo "# CLI post on n3: the CLI ran $((t1 - t0)) ms; n2 stored it $((t2 - t1)) ms after it exited"

# Restart: n4 stops, the others post, n4 comes back and catches up.
net_stop 4
net_post 3 "While n4 was away"
net_post 5 "Also while n4 was away"
net_serve 4 3
expect "a restarted peer catches up with what it missed" \
  net_wait "n4 caught up" 15 net_all_have "While n4 was away" 4
expect "...from both sides of the chain" \
  net_wait "n4 has n5's post" 15 net_all_have "Also while n4 was away" 4
expect "peers log neighbours coming online" grep -q "peer online" "$NET_TMP/serve4.log"
# `peer add` while serve runs: serve sees the new row and calls the neighbour.
expect "peer add takes a neighbour's address" quiet "$CLI" -d "$NET_TMP/n2" peer add "127.0.0.1:$(net_port 9)"
expect "...and the running serve links with it" \
  net_wait "n2 links with n9" 10 grep -q "peer online: 127.0.0.1:$(net_port 9)" "$NET_TMP/serve2.log"
peers_json=$("$CLI" -d "$NET_TMP/n2" peers --json)
expect "peers --json lists it as a manual, online peer" python3 -c "
import json, sys
peers = {p['address']: p for p in json.loads(sys.argv[1])}
p = peers['127.0.0.1:$(net_port 9)']
assert p['source'] == 'manual' and p['online'] and p['peer_id'], p
" "$peers_json"
expect "peers (text) shows a table" bash -c "'$CLI' -d '$NET_TMP/n2' peers | grep -q '^ADDRESS'"
out=$("$CLI" -d "$NET_TMP/n2" peer add nonsense 2>&1); status=$?
echo "# peer add nonsense: $out"
expect "peer add refuses what is not host:port, in one line, with status 1" \
  test "$status" = 1 -a "$(echo "$out" | wc -l)" = 1
expect "...saying how to write it" grep -q "host:port" <<<"$out"
# (a data directory of its own, with no peer running: nothing is called)
"$CLI" -d "$NET_TMP/typed" init --name Typist >/dev/null
out=$("$CLI" -d "$NET_TMP/typed" peer add 127.0.0.2)
expect "peer add takes an IP address without its port, as 7447" grep -q "Added 127.0.0.2:7447" <<<"$out"
expect "...and keeps it so" bash -c "'$CLI' -d '$NET_TMP/typed' peers --json | grep -q '127.0.0.2:7447'"

# A long-running peer does not collect open connections: twenty syncs against
# n1 leave its count of open files where it was.
open_files () { ls "/proc/${NET_PID[1]}/fd" | wc -l; }
before=$(open_files)
for k in $(seq 20); do "$CLI" -d "$NET_TMP/n7" sync "127.0.0.1:$(net_port 1)" >/dev/null; done
sleep 0.5
after=$(open_files)
echo "# n1's open files: $before before twenty syncs, $after after"
expect "syncs leave no connections behind on the serving side" test "$after" -le $((before + 2))

alive=1; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "${NET_PID[$i]}" 2>/dev/null || alive=0; done
expect "no serve process crashed" test "$alive" = 1
finish
