#!/usr/bin/env bash
# test-lan.sh — neighbours on a real (virtual) LAN: hosts in network namespaces,
# each with its own avahi-daemon, all on one bridge (tests/lan/lan.sh).
#
#   h1 h2 h3  one neighbourhood: find each other with no addresses, converge
#   h4        another neighbourhood on the same LAN: sees nothing, is seen by nobody
#   h5        no invite at all: 401 everywhere; also runs without Avahi
#
# Then: a peer killed with -9 is shown offline within 10 s, a member's list of
# neighbours is taken only for addresses on our network, the title posted never
# appears in a packet capture of the bridge, and a removal changes the mDNS tag
# at once on running peers. Needs root; prints a TAP skip
# without it, unless BN_REQUIRE_LAN=1 (CI), which makes it fail instead.
set -u
LAN_TAP=1
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$HERE/../lan/lan.sh"
lan_require
lan_require_cmd tcpdump tcpdump
lan_require_cmd avahi-browse avahi-utils
. "$HERE/../cli/tap.sh"
: "${BUURTNET_CLI:?set by meson}" "${BN_HOSTILE_PEER:?set by meson}"
CLI=$BUURTNET_CLI
TITLE="Geheime titel 7Q2XK: wie helpt met de boodschappen"

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }
wait_ms () {   # wait_ms LIMIT_MS CMD...: prints the elapsed ms; fails at the limit
  local limit=$1 t0; shift
  t0=$(now_ms)
  until "$@"; do
    [ $(( $(now_ms) - t0 )) -gt "$limit" ] && { echo $(( $(now_ms) - t0 )); return 1; }
    sleep 0.02
  done
  echo $(( $(now_ms) - t0 ))
}

lan_up 5 || bail_out "lan_up 5 failed"
D=$LAN_DIR/data
cli () { local i=$1; shift; "$CLI" -d "$D/n$i" "$@"; }

cli 1 init --name "Anna" >/dev/null && cli 1 hood create "Kerkstraat" >/dev/null || bail_out "hood"
# Anna admits the two others by log file (each with a code of their own), and
# the three meet once that way, with each other's profiles.
for i in 2 3; do
  invite=$(cli 1 hood invite | tail -1)
  cli $i init --name "Buur $i" >/dev/null && cli $i hood join "$invite" >/dev/null || bail_out "join $i"
  cli $i log export "$D/ask$i.bnlog" >/dev/null && cli 1 log import "$D/ask$i.bnlog" >/dev/null || bail_out "admit $i"
done
cli 1 log export "$D/intro1.bnlog" >/dev/null || bail_out "export 1"
for i in 2 3; do
  cli $i log import "$D/intro1.bnlog" >/dev/null || bail_out "welcome $i"
  cli $i log export "$D/intro$i.bnlog" >/dev/null && cli 1 log import "$D/intro$i.bnlog" >/dev/null || bail_out "introduce $i"
done
cli 4 init --name "Elders" >/dev/null && cli 4 hood create "Andere buurt" >/dev/null || bail_out "hood 4"
cli 5 init --name "Vreemde" >/dev/null && cli 5 hood create "Niemandsland" >/dev/null || bail_out "hood 5"

lan_capture_start "$LAN_DIR/bridge.pcap" || bail_out "tcpdump on the bridge"
declare -A PID
serve () {   # serve HOST: buurtnet-cli serve with mDNS on the default port
  PID[$1]=$(lan_bg "$1" "$LAN_DIR/serve$1.log" "$CLI" -d "$D/n$1" serve)
}
# h5 holds the name h4 will ask for, so h4 meets a collision and must rename.
lan_bg 5 "$LAN_DIR/publish5.log" avahi-publish -s buurtnet-collide _buurtnet._tcp 9 v=2 \
  tag=000000000000 >/dev/null
sleep 1.2   # past Avahi's probing, so the name is h5's
t0=$(now_ms)
for i in 1 2 3; do serve $i; done
PID[4]=$(lan_bg 4 "$LAN_DIR/serve4.log" env BUURTNET_MDNS_NAME=buurtnet-collide "$CLI" -d "$D/n4" serve)

online () {   # online HOST OTHER: HOST's log shows OTHER online
  grep -q "peer online: $(lan_ip "$2"):7447" "$LAN_DIR/serve$1.log"
}
all_found () {
  local a b
  for a in 1 2 3; do for b in 1 2 3; do
    [ "$a" = "$b" ] || online "$a" "$b" || return 1
  done; done
}
ms=$(wait_ms 15000 all_found); r=$?
echo "# three neighbours found each other by mDNS and linked in $ms ms"
[ $r = 0 ] && ok "three neighbours find each other with no addresses given" \
  || not_ok "three neighbours find each other with no addresses given"

t0=$(now_ms)
cli 1 post request --category errands --title "$TITLE" >/dev/null
has_title () { cli "$1" list --json 2>/dev/null | grep -qF "$TITLE"; }
both () { has_title 2 && has_title 3; }
ms=$(wait_ms 10000 both); r=$?
echo "# a post on h1 was in h2's and h3's stores after $ms ms (CLI start included)"
[ $r = 0 ] && ok "a post reaches both other neighbours" || not_ok "a post reaches both other neighbours"
cli 3 post offer --category garden --title "Tuinhulp van drie" >/dev/null
converged () { [ "$(cli 1 whoami --json | grep entries)" = "$(cli 3 whoami --json | grep entries)" ] \
               && [ "$(cli 2 whoami --json | grep entries)" = "$(cli 3 whoami --json | grep entries)" ]; }
expect "the three converge on the same entries" wait_ms 10000 converged

sleep 1   # give h4 every chance to (wrongly) see something
h4_ip=$(lan_ip 4)
expect "the other neighbourhood's host linked with nobody" \
  bash -c "! grep -q 'peer online' '$LAN_DIR/serve4.log'"
expect "...and nobody linked with it or even noted its address" \
  bash -c "! grep -q '$h4_ip' '$LAN_DIR/serve1.log' '$LAN_DIR/serve2.log' '$LAN_DIR/serve3.log'"
expect "...and it has none of their posts" bash -c "! '$CLI' -d '$D/n4' list --json | grep -qF '$TITLE'"

# What anyone on the LAN sees in mDNS: a random service name, v=2 and a tag.
lan_exec 4 avahi-browse -rtp _buurtnet._tcp >"$LAN_DIR/browse4.txt" 2>/dev/null
txt_ok () {
  grep '^=' "$LAN_DIR/browse4.txt" | grep -q . || return 1
  # (the two buurtnet-collide services are the collision test's, below)
  ! grep '^=' "$LAN_DIR/browse4.txt" | grep -v ';buurtnet-[0-9a-f]\{12\};' | grep -v ';buurtnet-collide' \
    | grep -q . || return 1
  ! grep '^=' "$LAN_DIR/browse4.txt" | awk -F';' '{print $10}' | grep -v '^"tag=[0-9a-f]*" "v=2"$' \
    | grep -q .
}
expect "mDNS records carry a random name, v=2 and a tag only (no names, no peer IDs)" txt_ok
renamed () { grep -q "buurtnet-collide #2" "$LAN_DIR/serve4.log" \
             && lan_exec 1 avahi-browse -rtp _buurtnet._tcp 2>/dev/null | grep -q '^=.*;buurtnet-collide.*2;_buurtnet'; }
expect "a peer whose mDNS name is taken renames itself and stays visible" wait_ms 5000 renamed

# A host without the invite (a member of another neighbourhood), speaking our
# protocol with its own identity, and with no signature at all.
if lan_exec 5 "$BN_HOSTILE_PEER" "$D/n5" "$(lan_ip 1):7447" no-auth >"$LAN_DIR/h5-noauth.txt" 2>&1 \
   && lan_exec 5 "$BN_HOSTILE_PEER" "$D/n5" "$(lan_ip 1):7447" not-member \
        >"$LAN_DIR/h5-wrongkey.txt" 2>&1; then
  ok "a host without the invite gets a bare 401 on every endpoint"
else
  not_ok "a host without the invite gets a bare 401 on every endpoint"
  sed 's/^/#   /' "$LAN_DIR"/h5-*.txt
fi

# No Avahi on h5: say so once, in plain words, and keep going.
lan_stop_avahi 5
serve 5
said () { grep -q "Avahi (mDNS) is not running" "$LAN_DIR/serve5.log"; }
expect "without avahi-daemon the peer says so in plain words" wait_ms 5000 said
expect "...once" test "$(grep -c 'Avahi (mDNS) is not running' "$LAN_DIR/serve5.log")" = 1
expect "...and keeps serving" kill -0 "${PID[5]}"

# kill -9: the others show it offline within 10 s.
h3_ip=$(lan_ip 3)
kill -9 "${PID[3]}"
offline () { grep -q "peer offline: $h3_ip:7447" "$LAN_DIR/serve1.log" \
             && grep -q "peer offline: $h3_ip:7447" "$LAN_DIR/serve2.log"; }
ms=$(wait_ms 10000 offline); r=$?
echo "# h3 killed with -9: shown offline on h1 and h2 after $ms ms"
[ $r = 0 ] && ok "a peer killed with -9 is shown offline within 10 s" \
  || not_ok "a peer killed with -9 is shown offline within 10 s"

# A peer whose link dies silently (its bridge port stops forwarding).
lan_cut 2
offline2 () { grep -q "peer offline: $(lan_ip 2):7447" "$LAN_DIR/serve1.log"; }
ms=$(wait_ms 10000 offline2); r=$?
echo "# h2 cut off silently: shown offline on h1 after $ms ms"
[ $r = 0 ] && ok "a peer whose network silently died is shown offline within 10 s" \
  || not_ok "a peer whose network silently died is shown offline within 10 s"
lan_heal 2

# Avahi restarts on h1: the peer notices and finds its neighbours again.
lan_stop_avahi 1
lan_start_avahi 1
again () { grep -q "Avahi is running again" "$LAN_DIR/serve1.log"; }
expect "after avahi-daemon restarts the peer picks it up again" wait_ms 10000 again

# A member gone bad (n3's identity, from h3, whose serve was killed) passes on 60
# addresses over its live link as neighbours it found: 40 on the Internet and 20
# on this LAN where nobody answers. h1 takes only those on a network it is on.
prefix=$(lan_ip 1); prefix=${prefix%.*}
outside=$(for k in $(seq 1 40); do printf '198.51.100.%d:7447 ' "$k"; done)
inside=$(for k in $(seq 200 219); do printf '%s.%d:7447 ' "$prefix" "$k"; done)
lan_exec 3 env BN_HOSTILE_PEERS="$outside$inside" BN_HOSTILE_PORT=7447 \
  "$BN_HOSTILE_PEER" "$D/n3" "$(lan_ip 1):7447" live-peers >"$LAN_DIR/h3-peers.txt" 2>&1
sed 's/^/#   /' "$LAN_DIR/h3-peers.txt"
n_noted () { grep -c "New neighbour address $prefix\.2[01][0-9]:7447 (mdns)" "$LAN_DIR/serve1.log"; }
noted () { [ "$(n_noted)" = 20 ]; }
ms=$(wait_ms 10000 noted); r=$?
echo "# h1 noted $(n_noted) of the 20 addresses on the LAN a member passed on"
[ $r = 0 ] && ok "addresses a member passes on are taken when they are on our network" \
  || not_ok "addresses a member passes on are taken when they are on our network"
expect "...and never when they are not (40 on the Internet)" \
  bash -c "! grep -q '198\.51\.100\.' '$LAN_DIR/serve1.log'"

# A removal starts a new key epoch, and the mDNS tag follows it at once: the
# connector's running peer announces the new tag, a member's peer that learns the
# new key announces the same one, and the removed neighbour's peer (which holds
# only the old keys) no longer recognises them.
tag_of () {   # tag_of HOST: the tag HOST announces, as its own avahi-daemon has it
  lan_exec "$1" avahi-browse -rtp _buurtnet._tcp 2>/dev/null \
    | awk -F';' -v ip="$(lan_ip "$1")" '$1 == "=" && $8 == ip && $10 ~ /tag=/ { print $10; exit }' \
    | grep -o 'tag=[0-9a-f]*'
}
old_tag=$(tag_of 1)
expect "before the removal h1 and h2 announce the same tag ($old_tag)" \
  test -n "$old_tag" -a "$old_tag" = "$(tag_of 2)"
h3_id=$(cli 3 whoami --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["peer_id"])')
cli 1 member remove "$h3_id" --reason moved >/dev/null || bail_out "remove h3"
h1_new () { local tag; tag=$(tag_of 1); [ -n "$tag" ] && [ "$tag" != "$old_tag" ]; }
ms=$(wait_ms 10000 h1_new); r=$?
new_tag=$(tag_of 1)   # (wait_ms runs in a subshell)
echo "# h1 announced the new epoch's tag $ms ms after the removal"
[ $r = 0 ] && ok "after a removal the connector's running peer announces a new tag" \
  || not_ok "after a removal the connector's running peer announces a new tag"
h2_same () { [ "$(tag_of 2)" = "$new_tag" ]; }
ms=$(wait_ms 30000 h2_same); r=$?
echo "# h2 announced the same tag $ms ms after the removal"
[ $r = 0 ] && ok "a member's peer that learns the new key announces the same tag" \
  || not_ok "a member's peer that learns the new key announces the same tag"
PID[3]=$(lan_bg 3 "$LAN_DIR/serve3-removed.log" "$CLI" -d "$D/n3" serve)
sleep 5   # give the removed neighbour's peer every chance to (wrongly) recognise them
expect "the removed neighbour's peer no longer recognises the members on the network" \
  bash -c "! grep -q 'Found a neighbour on the local network at $(lan_ip 1)\|Found a neighbour on the local network at $(lan_ip 2)' '$LAN_DIR/serve3-removed.log'"

lan_capture_stop 2>/dev/null
packets=$(tcpdump -r "$LAN_DIR/bridge.pcap" 2>/dev/null | wc -l)
echo "# $packets packets captured on the bridge"
expect "the capture holds the sync traffic" test "$packets" -gt 50
expect "the plaintext title never appears on the wire" \
  bash -c "! grep -aqF '7Q2XK' '$LAN_DIR/bridge.pcap'"
expect "no neighbour's name appears on the wire either" \
  bash -c "! grep -aqF 'Buur 2' '$LAN_DIR/bridge.pcap' && ! grep -aqF 'Kerkstraat' '$LAN_DIR/bridge.pcap'"
finish
