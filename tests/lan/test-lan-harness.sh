#!/usr/bin/env bash
# Self-test of tests/lan/lan.sh: three hosts with real avahi-daemons on one
# bridge. Prints TAP. Needs root; skips (TAP "1..0 # SKIP") without it, fails
# instead when BN_REQUIRE_LAN=1.
set -u

# shellcheck disable=SC2034 # read by lan.sh
LAN_TAP=1
# shellcheck source=tests/lan/lan.sh
. "$(dirname "$(readlink -f "$0")")/lan.sh"

lan_require
lan_require_cmd avahi-publish avahi-utils
lan_require_cmd avahi-browse avahi-utils
lan_require_cmd ping iputils-ping
lan_require_cmd tcpdump tcpdump

PLAN=15
T=0
FAILED=0
ok() { # ok COND-EXIT-STATUS DESCRIPTION
    T=$((T + 1))
    if [ "$1" = 0 ]; then echo "ok $T - $2"; else echo "not ok $T - $2"; FAILED=$((FAILED + 1)); fi
}
diag() { printf '# %s\n' "$@"; }
now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }
# wait_for TIMEOUT_MS CMD...: poll CMD every 10 ms; prints elapsed ms
wait_for() {
    local limit=$1 t0 t; shift
    t0=$(now_ms)
    while :; do
        "$@" && { echo $(( $(now_ms) - t0 )); return 0; }
        t=$(now_ms)
        [ $((t - t0)) -gt "$limit" ] && { echo $((t - t0)); return 1; }
        sleep 0.01
    done
}
dump_logs() {
    local f
    for f in "$LAN_DIR"/*.log "$LAN_DIR"/h*/*.log; do
        [ -s "$f" ] || continue
        diag "--- $f"
        while IFS= read -r line; do diag "$line"; done < <(tail -n 15 "$f")
    done
}

echo "1..$PLAN"

# 1: bring-up
t0=$(now_ms)
if ! lan_up 3; then
    echo "Bail out! lan_up 3 failed"
    exit 1
fi
ok 0 "3 hosts up, avahi-daemon running (GetState 2) on each"
diag "bring-up of 3 hosts: $(( $(now_ms) - t0 )) ms"

# 2: each host has its own UTS hostname, address, D-Bus and no IPv6
r=0
for h in 1 2 3; do
    [ "$(lan_exec $h cat /proc/sys/kernel/hostname)" = "h$h" ] || { r=1; diag "h$h: wrong hostname"; }
    lan_exec $h ip -4 -o addr show dev "$(lan_ifname $h)" | grep -q " $(lan_ip $h)/24 " \
        || { r=1; diag "h$h: address $(lan_ip $h) missing"; }
    [ -z "$(lan_exec $h ip -6 -o addr 2>/dev/null)" ] || { r=1; diag "h$h: has IPv6 addresses"; }
    [ "$(lan_avahi_state $h)" = 2 ] || { r=1; diag "h$h: avahi not running"; }
done
[ "$(lan_exec 1 readlink /proc/self/ns/net)" != "$(lan_exec 2 readlink /proc/self/ns/net)" ] || r=1
ok $r "hosts have their own netns, hostname, address, avahi; no IPv6"

lan_capture_start "$LAN_DIR/lan.pcap" || diag "capture did not start"

# A browser that keeps running on host 3, to time resolve and removal.
lan_bg 3 "$LAN_DIR/browse3.log" stdbuf -oL avahi-browse -rp _buurtnet._tcp >/dev/null
sleep 0.2

# 3-6: publish on host 1, find it on hosts 2 and 3
t0=$(now_ms)
PUB=$(lan_bg 1 "$LAN_DIR/publish1.log" avahi-publish -s test _buurtnet._tcp 7447 v=1 tag=abcd)
resolved3() { grep -q '^=;h3;IPv4;test;_buurtnet\._tcp;local;' "$LAN_DIR/browse3.log"; }
ms=$(wait_for 10000 resolved3); r=$?
RESOLVE_MS=$(( $(now_ms) - t0 ))
browse2() {
    B2=$(lan_exec 2 avahi-browse -rtp _buurtnet._tcp 2>/dev/null)
    grep -q '^=;h2;IPv4;test;_buurtnet\._tcp;local;' <<<"$B2"
}
wait_for 5000 browse2 >/dev/null
line=$(grep '^=;h2;IPv4;test;_buurtnet\._tcp;local;' <<<"$B2" | head -n 1)
IFS=';' read -r _ _ _ _ _ _ rhost raddr rport rtxt <<<"$line"
[ "$raddr" = "$(lan_ip 1)" ] && [ "$rport" = 7447 ] && [ "$rhost" = h1.local ]
ok $? "host 2 resolves test._buurtnet._tcp at host 1's address $(lan_ip 1):7447 (got '$rhost' '$raddr' '$rport')"
[[ $rtxt == *'"v=1"'* && $rtxt == *'"tag=abcd"'* ]]
ok $? "TXT record carries v=1 and tag=abcd (got $rtxt)"
[ "$(grep -c '^=' <<<"$B2")" = 1 ] && ! grep -q 'IPv6' <<<"$B2"
ok $? "the service appears exactly once, IPv4 only"
ok $r "host 3's running browser resolved it"
diag "publish -> resolved on another host: $RESOLVE_MS ms (browser already running)"

# 7-8: kill the publisher; host 3 must see it go
t0=$(now_ms)
kill -TERM "$PUB"
removed3() { grep -q '^-;h3;IPv4;test;_buurtnet\._tcp;local' "$LAN_DIR/browse3.log"; }
ms=$(wait_for 3000 removed3)
ok $? "host 3 sees the service removed within 3 s of killing the publisher ($ms ms)"
! lan_exec 3 avahi-browse -rtp _buurtnet._tcp 2>/dev/null | grep -q ';test;_buurtnet\._tcp;'
ok $? "a fresh browse on host 3 no longer lists it"

# 9-11: unicast between hosts, and cutting a host off
lan_exec 2 ping -c 1 -W 2 "$(lan_ip 3)" >/dev/null 2>&1
ok $? "ping from host 2 to host 3 ($(lan_ip 3))"
lan_cut 3
! lan_exec 2 ping -c 1 -W 1 "$(lan_ip 3)" >/dev/null 2>&1
ok $? "after lan_cut 3, host 3 is unreachable"
lan_heal 3
lan_exec 2 ping -c 1 -W 2 "$(lan_ip 3)" >/dev/null 2>&1
ok $? "after lan_heal 3, host 3 is reachable again"

# 12: avahi-daemon restart on host 1, then publish again
t0=$(now_ms)
lan_stop_avahi 1 && [ "$(lan_avahi_state 1 2>/dev/null)" != 2 ] && lan_start_avahi 1
r=$?
diag "avahi-daemon restart on host 1: $(( $(now_ms) - t0 )) ms"
PUB=$(lan_bg 1 "$LAN_DIR/publish1b.log" avahi-publish -s test2 _buurtnet._tcp 7448 v=1 tag=ef01)
browse2b() { lan_exec 2 avahi-browse -rtp _buurtnet._tcp 2>/dev/null | grep -q "^=;h2;IPv4;test2;_buurtnet\._tcp;local;h1\.local;$(lan_ip 1);7448;"; }
[ $r = 0 ] && wait_for 8000 browse2b >/dev/null
ok $? "after avahi-daemon restarts on host 1, a new publication is resolved on host 2"
kill -TERM "$PUB" 2>/dev/null

# 13: the capture saw mDNS, and only lab addresses
lan_capture_stop
n=$(tcpdump -nr "$LAN_DIR/lan.pcap" 'udp port 5353' 2>/dev/null | wc -l)
stray=$(tcpdump -nr "$LAN_DIR/lan.pcap" ip 2>/dev/null | awk '{print $3; print $5}' \
    | sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+).*/\1/' \
    | grep -vE "^(${LAN_PREFIX//./\\.}\.[0-9]+|224\.0\.0\.[0-9]+)$" | sort -u | tr '\n' ' ')
[ "$n" -gt 0 ] && [ -z "$stray" ]
ok $? "bridge capture holds $n mDNS packets and no address outside the lab and link-local multicast${stray:+ (stray: $stray)}"

# 14: lan_add_host joins a running lab and sees what is published
t0=$(now_ms)
PUB=$(lan_bg 2 "$LAN_DIR/publish2.log" avahi-publish -s late _buurtnet._tcp 7449 v=1 tag=2222)
h=$(lan_add_host)
browse4() { lan_exec "$h" avahi-browse -rtp _buurtnet._tcp 2>/dev/null | grep -q "^=;h$h;IPv4;late;_buurtnet\._tcp;local;h2\.local;$(lan_ip 2);7449;"; }
[ "$h" = 4 ] && wait_for 8000 browse4 >/dev/null
ok $? "lan_add_host adds h4, which finds a service published on h2"
diag "add a host + resolve there: $(( $(now_ms) - t0 )) ms"

[ $FAILED = 0 ] || dump_logs

# 15: teardown leaves nothing behind
id=$LAN_ID
pids=$(for h in 1 2 3 4; do cat "$LAN_DIR/h$h/dbus.pid" "$LAN_DIR/h$h/avahi.pid"; done 2>/dev/null)
lan_down
r=0
ip netns list | grep -q "^$id-" && { r=1; diag "namespaces left: $(ip netns list | grep "^$id-" | tr '\n' ' ')"; }
for p in $pids; do
    if kill -0 "$p" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ]; then
        r=1; diag "pid $p still alive"
    fi
done
ok $r "lan_down kills the daemons and deletes every namespace"

[ $T = $PLAN ] || diag "ran $T tests, planned $PLAN"
[ $FAILED = 0 ]
