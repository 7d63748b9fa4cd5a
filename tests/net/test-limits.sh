#!/usr/bin/env bash
# test-limits.sh — a stranger on the network cannot stop a peer, and a member
# gone bad is bounded too (docs/sync-protocol.md §9), with real processes:
#
#   a member syncs while a flood, slow request heads (slowloris), greedy bodies
#   and a member's stalled body run against the same `serve`; afterwards its
#   open files are back to where they started, and its memory after 20,000 more
#   stranger requests too; issue 10's reproduction (64 open files, 70 half-open
#   connections, then answered again) and 1,020 half-open connections at the
#   usual limit of 1,024; the soft limit of open files raised to the hard one
#   at start; a server that always answers "more" and a live link that asks for
#   a sync without end.
#
# Nothing here asserts on how long something took (the machine may be busy):
# it waits for states and counts outcomes.
set -u
. "$(dirname "$0")/net-lib.sh"
: "${BN_STRANGER:?set by meson}" "${BN_HOSTILE_PEER:?set by meson}"
: "${BN_HOSTILE_SERVER:?set by meson}"

rss_kb () { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
n_fds () { ls "/proc/$1/fd" | wc -l; }
outcome () { sed -n "s/^$2: //p" "$NET_TMP/$1.out"; }   # outcome ATTACK KEY

# attack NAME ARGS...: bn-stranger ARGS in the background, until stop_attack NAME
attack () {
  local name=$1
  shift
  "$BN_STRANGER" "$@" >"$NET_TMP/$name.out" 2>&1 &
  NET_PID[$name]=$!
}
stop_attack () { net_stop "$1"; }
member_syncs () {   # member_syncs I ADDRESS: n$I syncs with ADDRESS, and says so
  local out
  out=$("$CLI" -d "$NET_TMP/n$1" sync "$2" 2>&1) || { echo "# $out"; return 1; }
  echo "# $out" | head -1
}
fds_back_to () { [ "$(n_fds "$1")" -le "$2" ]; }

net_hood 3
net_post 2 "Before the attacks"
net_serve 1
pid=${NET_PID[1]}
address="127.0.0.1:$(net_port 1)"
# Caches and pools are made by the first of everything: one round of each first.
member_syncs 2 "$address" >/dev/null || bail_out "the first sync"
"$BN_STRANGER" flood "$address" 2000 >"$NET_TMP/warm.out" 2>&1
fds0=$(n_fds "$pid")
rss0=$(rss_kb "$pid")
echo "# serve before the attacks: $fds0 open files, $rss0 kB resident"

# ---------------------------------------------------------------- attacks at once
attack flood flood "$address" 0
attack slowloris slowloris "$address" 40
attack greedy greedy "$address" 8
"$BN_HOSTILE_PEER" "$NET_TMP/n3" "$address" stalled-body >"$NET_TMP/stalled.out" 2>&1 &
stalled=$!
log="$NET_TMP/serve1.log"
net_wait "the flood meets 429" 60 grep -q "too many requests" "$log"
net_wait "a slow head runs out of time" 60 grep -q "did not arrive in time" "$log"
net_wait "greedy bodies are refused" 60 grep -q "Refused POST /v2/push from 127.7" "$log"

synced=0
for k in 1 2 3; do
  net_post 2 "During the attacks $k"
  member_syncs 2 "$address" && synced=$((synced + 1))
done
expect "a member syncs while a flood, slowloris and greedy bodies run ($synced of 3)" \
  test "$synced" = 3
expect "...and the server has the member's posts" net_all_have "During the attacks 3" 1
if wait "$stalled"; then ok "a member's body that stalls half-way is dropped after the idle timeout"
else not_ok "a member's body that stalls half-way is dropped after the idle timeout"; fi
sed 's/^/#   /' "$NET_TMP/stalled.out"
attack_peak=$(n_fds "$pid")
for a in flood slowloris greedy; do stop_attack "$a"; done
echo "# flood: $(outcome flood status-401) answered 401, $(outcome flood status-429) answered 429," \
     "$(outcome flood no-answer) without answer; slowloris: $(outcome slowloris closed-by-server)" \
     "heads cut off; greedy: $(outcome greedy status-401) refused at the head;" \
     "serve had $attack_peak open files during the attacks"
expect "the server cut slow heads off" test "$(outcome slowloris closed-by-server)" -gt 0
expect "the flood was answered throughout (no connection left unanswered)" \
  test "$(outcome flood no-answer)" = 0
expect "serve is still up after the attacks" kill -0 "$pid"
expect "its open files are back to where they started ($fds0)" \
  net_wait "open files back to $fds0" 60 fds_back_to "$pid" "$fds0"

# 20,000 stranger requests more: with libsoup's own listener each kept ~390
# bytes for good (issue 10: +11 MB per 30,000, so +7.6 MB here). Allow 1 MiB
# for the allocator.
rss_after_attacks=$(rss_kb "$pid")
"$BN_STRANGER" flood "$address" 20000 >"$NET_TMP/stream.out" 2>&1
rss1=$(rss_kb "$pid")
echo "# after 20,000 more stranger requests ($(outcome stream status-401) x 401," \
     "$(outcome stream status-429) x 429): $rss1 kB resident ($rss_after_attacks kB before" \
     "them, $rss0 kB before the attacks)"
# Under AddressSanitizer (.ci/sanitize) freed memory is held back in quarantine
# on purpose, so resident memory says nothing about what serve keeps: there,
# the leak check when serve exits answers the question instead.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  ok "20,000 stranger requests leave its memory as it was # SKIP under AddressSanitizer"
  ok "its memory is back to where it started # SKIP under AddressSanitizer"
else
  expect "20,000 stranger requests leave its memory as it was (within 1 MiB)" \
    test "$rss1" -le $((rss_after_attacks + 1024))
  expect "its memory is back to where it started (within 1 MiB)" test "$rss1" -le $((rss0 + 1024))
fi
expect "...and its open files" net_wait "open files back to $fds0" 60 fds_back_to "$pid" "$fds0"
net_stop 1

# ---------------------------------------------------------------- out of open files
# Issue 10's reproduction: 64 open files at most, 70 half-open connections (each
# with half a request head), closed again; the server keeps answering.
limited_serve () {   # limited_serve NOFILE: n1 serves with that limit; sets pid, address
  prlimit --nofile="$1:$1" "$CLI" -d "$NET_TMP/n1" serve --no-mdns --port 0 \
    >"$NET_TMP/limited$1.log" 2>&1 &
  pid=$!
  NET_PID[limited]=$pid
  net_wait "serve with $1 open files listens" 20 grep -q "serving on port" "$NET_TMP/limited$1.log"
  address="127.0.0.1:$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$NET_TMP/limited$1.log")"
}
half_open () {   # half_open NAME N FIRST_ADDRESS: held until release NAME
  attack "$1" half-open "$address" "$2" "$3"
  net_wait "$2 half-open connections" 60 grep -q '^open' "$NET_TMP/$1.out"
}
release () { stop_attack "$1"; }

for limit in 64 1024; do
  if [ $limit = 64 ]; then n=70; else n=1020; fi
  limited_serve $limit || bail_out "serve with $limit open files"
  base=$(n_fds "$pid")
  half_open "half$limit" "$n" "127.8.$((limit / 256)).1"
  during=$(n_fds "$pid")
  expect "with $limit open files, a member syncs while $n half-open connections are held" \
    member_syncs 2 "$address"
  release "half$limit"
  echo "# $limit open files: $base open files before, $during with $n half-open connections held;" \
       "the server closed $(outcome "half$limit" closed-by-server) of them itself"
  expect "...which never took more than its connection limit ($during open files)" \
    test "$during" -le $((base + (limit / 4 < 256 ? limit / 4 : 256) + 2))
  "$BN_STRANGER" flood "$address" 10 >"$NET_TMP/after$limit.out" 2>&1
  expect "...and once they are closed, later requests are answered" \
    test "$(outcome "after$limit" status-401)" = 10
  expect "...a member syncs again" member_syncs 2 "$address"
  expect "...and its open files are back to $base" \
    net_wait "open files back to $base" 60 fds_back_to "$pid" "$base"
  net_stop limited
done

# A serving peer needs more open files than the usual soft limit of 1,024: it
# raises its soft limit to the hard one as it starts.
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] || [ "$hard" -gt 4096 ] && hard=4096
prlimit --nofile="64:$hard" "$CLI" -d "$NET_TMP/n1" serve --no-mdns --port 0 \
  >"$NET_TMP/raised.log" 2>&1 &
NET_PID[raised]=$!
net_wait "serve with a soft limit of 64 listens" 20 grep -q "serving on port" "$NET_TMP/raised.log"
nofile=$(awk '/^Max open files/ {print $4 ":" $5}' "/proc/${NET_PID[raised]}/limits")
expect "serve raises its soft limit of open files to the hard one (64:$hard, then $nofile)" \
  test "$nofile" = "$hard:$hard"
net_stop raised

# ---------------------------------------------------------------- a member gone bad
# A server that always answers "more", with an entry that does not verify.
"$BN_HOSTILE_SERVER" more "$NET_TMP/n3" >"$NET_TMP/more.out" 2>&1 &
NET_PID[more]=$!
net_wait "the hostile server listens" 20 grep -q '^listening' "$NET_TMP/more.out"
more_port=$(sed -n 's/^listening //p' "$NET_TMP/more.out")
timeout 120 "$CLI" -d "$NET_TMP/n2" sync "127.0.0.1:$more_port" >"$NET_TMP/more-sync.out" 2>&1
pulls=$(grep -c "request POST /v2/pull" "$NET_TMP/more.out")
echo "# a server that announces a million entries and always answers \"more\": $pulls pulls"
expect "a sync with a server that always answers \"more\" stops after a few pulls ($pulls)" \
  test "$pulls" -ge 1 -a "$pulls" -le 8
expect "...and says why" grep -q "Stopped pulling from" "$NET_TMP/more-sync.out"
expect "...and the member's store still verifies" quiet "$CLI" -d "$NET_TMP/n2" verify
net_stop more

# A live link that asks for a sync 500 times a second for 5 s.
"$BN_HOSTILE_SERVER" sync-spam "$NET_TMP/n3" 5 >"$NET_TMP/spam.out" 2>&1 &
NET_PID[spam]=$!
net_wait "the hostile server listens" 20 grep -q '^listening' "$NET_TMP/spam.out"
spam_port=$(sed -n 's/^listening //p' "$NET_TMP/spam.out")
"$CLI" -d "$NET_TMP/n2" serve --no-mdns --port 0 --peer "127.0.0.1:$spam_port" \
  >"$NET_TMP/serve2-spam.log" 2>&1 &
NET_PID[2]=$!
net_wait "the spam is over" 90 grep -q '^spam-done' "$NET_TMP/spam.out"
line=$(grep '^spam-done' "$NET_TMP/spam.out")
sent=$(sed -n 's/.* sent=\([0-9]*\).*/\1/p' <<<"$line")
seconds=$(sed -n 's/.* seconds=\([0-9]*\)\..*/\1/p' <<<"$line")
heads=$(sed -n 's/.* heads-during=\([0-9]*\).*/\1/p' <<<"$line")
echo "# $line"
expect "a link that asks for a sync without end ($sent times in ${seconds} s) gets one a second" \
  test "$sent" -ge 500 -a "$heads" -le $((2 * seconds + 2))
expect "...and the member's serve is still up" kill -0 "${NET_PID[2]}"
net_stop 2
net_stop spam
finish
