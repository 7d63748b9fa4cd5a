#!/usr/bin/env bash
# test-idle.sh — an idle peer sleeps, and still notices at once what another
# process writes next to it: real `serve` processes on loopback.
#
# A serving peer with nothing to do wakes up only on a clock of a second or
# more: counted as the voluntary context switches of all its threads
# (/proc/PID/task/*/status), which is every time a thread slept and woke. Writes
# by other processes on its data directory (the CLI while `serve` runs) are seen
# from the database's WAL file, not by polling, and reach a linked neighbour.
# No assertion here is about speed: waits are generous, and the wakeup bounds
# are several times what an idle peer needs.
set -u
. "$(dirname "$0")/net-lib.sh"

# wakeups PID SECONDS: voluntary context switches of all of PID's threads in
# SECONDS, per second (rounded up)
wakeups () {
  local before after
  switches () {
    local f sum=0
    for f in /proc/"$1"/task/*/status; do
      sum=$((sum + $(awk '/^voluntary_ctxt_switches/ { print $2 }' "$f" 2>/dev/null || echo 0)))
    done
    echo "$sum"
  }
  before=$(switches "$1")
  sleep "$2"
  after=$(switches "$1")
  echo $(( (after - before + $2 - 1) / $2 ))
}

net_hood 2

# --port 0 means any free port, without a word about the default one.
net_serve 1
expect "serve --port 0 listens on a free port" test "$(net_port 1)" -gt 0
expect "...and does not say the default port was taken" \
  bash -c "! grep -q 'is taken' '$NET_TMP/serve1.log'"

# No neighbours: nothing to do, so (almost) no wakeups. Before the WAL file was
# watched, a 20 ms poll woke such a peer about 50 times a second.
sleep 2   # the first checkpoint after start is done
idle=$(wakeups "${NET_PID[1]}" 5)
echo "# idle serve, no neighbours: $idle wakeups a second ($(ls /proc/"${NET_PID[1]}"/task | wc -l) threads)"
expect "an idle peer without neighbours wakes up fewer than 5 times a second" test "$idle" -lt 5

# A CLI write next to the idle serve: the first commit after a long sleep is
# noticed and the serving peer is still well.
expect "peer add next to an idle serve" quiet "$CLI" -d "$NET_TMP/n1" peer add "127.0.0.1:9"
expect "...and the serve takes the new address (it calls it)" \
  net_wait "n1 calls the new address" 20 \
  grep -q "New neighbour address 127.0.0.1:9 " "$NET_TMP/serve1.log"

# One neighbour, linked and idle: pings every 2 s each way.
net_serve 2 1
expect "n2 links with n1" \
  net_wait "n1 sees n2 online" 20 grep -q "peer online" "$NET_TMP/serve1.log"
sleep 3
linked=$(wakeups "${NET_PID[1]}" 5)
echo "# idle serve, one linked neighbour: $linked wakeups a second"
expect "an idle peer with one linked neighbour wakes up fewer than 10 times a second" \
  test "$linked" -lt 10

# CLI posts on n1 while its serve runs: each commit is seen from the WAL file and
# pushed over the live link. One alone after a quiet spell, then five in a row.
net_post 1 "After a quiet spell"
expect "a CLI post next to an idle serve reaches the linked neighbour" \
  net_wait "n2 has the post" 20 net_has_title 2 "After a quiet spell"
for k in 1 2 3 4 5; do net_post 1 "In a row $k"; done
all_rows () { local k; for k in 1 2 3 4 5; do net_has_title 2 "In a row $k" || return 1; done; }
expect "five CLI posts in a row next to serve all reach the linked neighbour" \
  net_wait "n2 has the five posts" 20 all_rows
expect "...sent live, not left for the next sync" \
  grep -q "received" "$NET_TMP/serve2.log"

# And the other way: a post on n2 is stored by n1's serve, whose own WAL changes
# do not keep it awake afterwards.
net_post 2 "From the neighbour"
expect "a neighbour's post reaches the idle peer" \
  net_wait "n1 has the post" 20 net_has_title 1 "From the neighbour"
sleep 3
after=$(wakeups "${NET_PID[1]}" 5)
echo "# idle serve after the writes, one linked neighbour: $after wakeups a second"
expect "after the writes the peer is idle again" test "$after" -lt 10

# A newcomer's serve with --port 0: it joins through n1, then listens on a free
# port and says which (not 0).
net_join 3 "$(net_invite 1)"
net_serve 3 1
expect "a newcomer's serve --port 0 joins" grep -q "joined" "$NET_TMP/serve3.log"
expect "...and then says the free port it listens on" test "$(net_port 3)" -gt 0
expect "...where its neighbours reach it" \
  net_wait "n3 is online for n1" 20 grep -q "peer online: 127.0.0.1:$(net_port 3)" "$NET_TMP/serve1.log"

alive=1; for i in 1 2 3; do kill -0 "${NET_PID[$i]}" 2>/dev/null || alive=0; done
expect "no serve process crashed" test "$alive" = 1
finish
