#!/usr/bin/env bash
# test-lan-ipv6.sh — two neighbours on a LAN with IPv6 alone (tests/lan/lan.sh with
# LAN_IPV6=only): no IPv4 address anywhere in their namespaces, not even on
# loopback; each host's only address on the LAN is its interface's link-local
# fe80::N, which means nothing without the interface it is reached through.
#
# They find each other by mDNS (AAAA records), link, and a post written on
# either reaches the other; a packet capture of the bridge shows the sync
# traffic over IPv6 and not one IPv4 packet. Then a sync by hand to a link-local
# address with its interface ("[fe80::1%h2]:7447"), as a user would type it, and
# link-local addresses passed on by a neighbour, called through our interface.
#
# Needs root; prints a TAP skip without it, unless BN_REQUIRE_LAN=1 (CI).
set -u
LAN_TAP=1
LAN_IPV6=only
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$HERE/lan.sh"
lan_require
lan_require_cmd tcpdump tcpdump
. "$HERE/../cli/tap.sh"
: "${BUURTNET_CLI:?set by meson}" "${BN_HOSTILE_PEER:?set by meson}"
CLI=$BUURTNET_CLI

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }
wait_ms () {   # wait_ms LIMIT_MS CMD...: prints the elapsed ms; fails at the limit
  local limit=$1 t0; shift
  t0=$(now_ms)
  until "$@"; do
    [ $(( $(now_ms) - t0 )) -gt "$limit" ] && { echo $(( $(now_ms) - t0 )); return 1; }
    sleep 0.05
  done
  echo $(( $(now_ms) - t0 ))
}

lan_up 2 || bail_out "lan_up 2 failed"
for i in 1 2; do
  lan_exec "$i" ip -4 addr flush dev lo || bail_out "cannot remove 127.0.0.1 from h$i"
done
D=$LAN_DIR/data
cli () { local i=$1; shift; "$CLI" -d "$D/n$i" "$@"; }
# A command on its host, so that it sees that host's network only.
cli_on () { local i=$1; shift; lan_exec "$i" "$CLI" -d "$D/n$i" "$@"; }

no_ipv4 () {
  local i
  for i in 1 2; do
    [ -z "$(lan_exec "$i" ip -4 -o addr show)" ] || return 1
  done
}
expect "the two hosts have no IPv4 address at all" no_ipv4
expect "...and reach each other over IPv6 link-local (ping fe80::2%h1)" \
  lan_exec 1 ping -6 -c 1 -W 2 "$(lan_ip 2)%h1"

# Anna creates the neighbourhood and admits Bert by log file.
cli 1 init --name "Anna" >/dev/null && cli 1 hood create "Kerkstraat" >/dev/null || bail_out "hood"
invite=$(cli 1 hood invite | tail -1)
cli 2 init --name "Bert" >/dev/null && cli 2 hood join "$invite" >/dev/null || bail_out "join"
cli 2 log export "$D/ask2.bnlog" >/dev/null && cli 1 log import "$D/ask2.bnlog" >/dev/null \
  || bail_out "admit"
cli 1 log export "$D/intro1.bnlog" >/dev/null && cli 2 log import "$D/intro1.bnlog" >/dev/null \
  || bail_out "welcome"

lan_capture_start "$LAN_DIR/bridge.pcap" || bail_out "tcpdump on the bridge"
declare -A PID
for i in 1 2; do
  PID[$i]=$(lan_bg "$i" "$LAN_DIR/serve$i.log" "$CLI" -d "$D/n$i" serve)
done

# Each sees the other at the other's link-local address, through its own
# interface: h1 reaches fe80::2 through h1, h2 reaches fe80::1 through h2.
online () {   # online HOST OTHER
  grep -qF "peer online: [$(lan_ip "$2")%h$1]:7447" "$LAN_DIR/serve$1.log"
}
both_online () { online 1 2 && online 2 1; }
ms=$(wait_ms 15000 both_online); r=$?
echo "# the two neighbours found each other over IPv6 and linked in $ms ms"
if [ $r = 0 ]; then
  ok "two neighbours find each other by mDNS over IPv6 alone, at [fe80::N%interface]:7447"
else
  not_ok "two neighbours find each other by mDNS over IPv6 alone, at [fe80::N%interface]:7447"
  for i in 1 2; do sed "s/^/#   serve$i: /" "$LAN_DIR/serve$i.log"; done
fi

has_title () { cli "$1" list --json 2>/dev/null | grep -qF "$2"; }
cli 1 post request --category errands --title "Wie helpt met de boodschappen" >/dev/null
ms=$(wait_ms 10000 has_title 2 "Wie helpt met de boodschappen"); r=$?
echo "# a post on h1 was in h2's store after $ms ms"
[ $r = 0 ] && ok "a post on h1 reaches h2 over IPv6" || not_ok "a post on h1 reaches h2 over IPv6"
cli 2 post offer --category garden --title "Tuinhulp van Bert" >/dev/null
ms=$(wait_ms 10000 has_title 1 "Tuinhulp van Bert"); r=$?
echo "# a post on h2 was in h1's store after $ms ms"
[ $r = 0 ] && ok "a post on h2 reaches h1 over IPv6" || not_ok "a post on h2 reaches h1 over IPv6"

remembered () {   # remembered HOST OTHER: HOST's list of machines has OTHER's address
  cli "$1" peers --json 2>/dev/null | grep -qF "[$(lan_ip "$2")%h$1]:7447"
}
both_remembered () { remembered 1 2 && remembered 2 1; }
expect "each remembers the other's machine at [fe80::N%interface]:7447" wait_ms 5000 both_remembered

# A sync by hand, from h2 to Anna's machine, with the address typed as
# link-local address plus interface.
kill "${PID[2]}"
gone () { ! kill -0 "${PID[2]}" 2>/dev/null || [ "$(awk '{print $3}' "/proc/${PID[2]}/stat" 2>/dev/null)" = Z ]; }
wait_ms 5000 gone >/dev/null
cli 1 post offer --category garden --title "Nog een aanbod van Anna" >/dev/null
if cli_on 2 sync "[$(lan_ip 1)%h2]:7447" >"$LAN_DIR/sync2.txt" 2>&1 \
   && has_title 2 "Nog een aanbod van Anna"; then
  ok "sync [fe80::1%h2]:7447 by hand brings Anna's new post"
else
  not_ok "sync [fe80::1%h2]:7447 by hand brings Anna's new post"
  sed 's/^/#   /' "$LAN_DIR/sync2.txt"
fi

# Bert's identity, from h2, passes on over a live link addresses as neighbours
# it found: link-local ones with its own interface's name, another's, none, and
# two that are on no network of h1's. h1 calls the link-local ones through its
# own interface to h2, and never the others.
lan_exec 2 env BN_HOSTILE_PEERS="[fe80::7%h2]:7447 [fe80::8%eth9]:7447 [fe80::9]:7447 [fd00::5]:7447 [2001:db8::1]:7447" \
  BN_HOSTILE_PORT=7447 "$BN_HOSTILE_PEER" "$D/n2" "[$(lan_ip 1)%h2]:7447" live-peers \
  >"$LAN_DIR/h2-peers.txt" 2>&1
sed 's/^/#   /' "$LAN_DIR/h2-peers.txt"
n_noted () { grep -c "New neighbour address \[fe80::[789]%h1\]:7447 (mdns)" "$LAN_DIR/serve1.log"; }
noted () { [ "$(n_noted)" = 3 ]; }
ms=$(wait_ms 10000 noted); r=$?
echo "# h1 noted $(n_noted) of the 3 link-local addresses passed on"
[ $r = 0 ] && ok "link-local addresses passed on are called through our own interface to the sender" \
  || not_ok "link-local addresses passed on are called through our own interface to the sender"
expect "...never with the sender's interface, and never those on no network of ours" \
  bash -c "! grep -E '%h2|%eth9|fe80::9\]|fd00::5|2001:db8' '$LAN_DIR/serve1.log'"
kill "${PID[1]}"

# A link-local address without its interface cannot be called back: a link
# that came in must be remembered with the interface it came in on, as one
# found by mDNS is, so that the two are one machine and not two.
expect "no machine is known at a link-local address without its interface" \
  bash -c "! grep -h 'peer known:\|peer online:' '$LAN_DIR/serve1.log' '$LAN_DIR/serve2.log' | grep -q 'fe80::[0-9]*\]'"

lan_capture_stop 2>/dev/null
v6=$(tcpdump -r "$LAN_DIR/bridge.pcap" -n 'ip6 and tcp port 7447' 2>/dev/null | wc -l)
v4=$(tcpdump -r "$LAN_DIR/bridge.pcap" -n 'ip or arp' 2>/dev/null | wc -l)
mdns=$(tcpdump -r "$LAN_DIR/bridge.pcap" -n 'ip6 and udp port 5353' 2>/dev/null | wc -l)
echo "# on the bridge: $v6 IPv6 packets of sync, $mdns of mDNS, $v4 of IPv4 or ARP"
expect "the capture holds sync traffic over IPv6" test "$v6" -gt 20
expect "...and mDNS over IPv6" test "$mdns" -gt 0
expect "...and not one IPv4 or ARP packet" test "$v4" = 0
finish
