#!/usr/bin/env bash
# test-ipv6.sh — a peer listens on IPv6 as well as IPv4, with real processes on
# the IPv6 loopback address ::1: a member syncs with [::1]:PORT, a serve that
# knows the other only as [::1]:PORT links with it and gets its posts live, a
# stranger over IPv6 gets 401, and the limit of connections per address holds
# for an IPv6 address as it does for an IPv4 one.
#
# A machine without IPv6 skips it and says so; in CI (BN_REQUIRE_LAN=1) that is
# a failure instead, so that CI never passes without having run it.
set -u
. "$(dirname "$0")/net-lib.sh"

if ! python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
  if [ "${BN_REQUIRE_LAN:-0}" = 1 ]; then
    echo "Bail out! this machine has no IPv6 loopback address (::1), and CI requires it"
    exit 1
  fi
  echo "1..0 # SKIP this machine has no IPv6 loopback address (::1)"
  exit 0
fi

# listening FILE PORT ADDRESS: /proc/net/FILE has a listening socket (state 0A) on
# ADDRESS (hex, as the kernel writes it) and PORT
listening () {
  local port
  port=$(printf '%04X' "$2")
  awk -v want="$3:$port" '$2 == want && $4 == "0A" { found = 1 } END { exit !found }' \
    "/proc/net/$1"
}

# stranger_v6 PORT N: N connections from ::1 at once, each sending half a request
# head and then waiting; prints how many the server answered 503 ("too many
# connections from this address") and how many it closed once their head was
# late. Every connection ends one way or the other (the head's deadline is 10 s),
# so nothing here depends on how fast the machine is.
stranger_v6 () {
  python3 - "$1" "$2" <<'PY'
import select, socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for _ in range(n):
    s = socket.create_connection(("::1", port), timeout=30)
    s.sendall(b"GET /v2/heads HTTP/1.1\r\nHost: neighbour\r\n")
    conns.append(s)
refused, closed, waiting = 0, 0, set(conns)
deadline = time.monotonic() + 90
while waiting and time.monotonic() < deadline:
    ready, _, _ = select.select(list(waiting), [], [], 1)
    for s in ready:
        try:
            data = s.recv(64)
        except OSError:
            data = b""
        if data.startswith(b"HTTP/1.1 503"):
            refused += 1
        else:
            closed += 1
        waiting.discard(s)
print(f"refused={refused} closed-late={closed} unanswered={len(waiting)}")
for s in conns:
    s.close()
PY
}

net_hood 3
net_post 1 "Asked over IPv6"
net_serve 1
port=$(net_port 1)
address="[::1]:$port"

expect "serve listens on IPv4 (0.0.0.0:$port)" listening tcp "$port" 00000000
expect "...and on IPv6 ([::]:$port), on the same port" \
  listening tcp6 "$port" 00000000000000000000000000000000

out=$("$CLI" -d "$NET_TMP/n2" sync "$address" 2>&1); status=$?
echo "# n2 sync $address: $out" | head -1
expect "a member syncs with $address" test "$status" = 0
expect "...and has the post" net_has_title 2 "Asked over IPv6"

"$CLI" -d "$NET_TMP/n3" serve --no-mdns --port 0 --peer "$address" >"$NET_TMP/serve3.log" 2>&1 &
NET_PID[3]=$!
expect "a serve that knows its neighbour as $address links with it" \
  net_wait "n3 links with n1" 30 grep -q "peer online: \[::1\]:$port" "$NET_TMP/serve3.log"
net_wait "n3 listens" 30 grep -q "serving on port" "$NET_TMP/serve3.log"
port3=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$NET_TMP/serve3.log" | tail -1)
expect "...and n1 remembers it at an address it can call back ([::1]:$port3)" \
  net_wait "n1 sees n3 online" 30 grep -q "peer online: \[::1\]:$port3 " "$NET_TMP/serve1.log"
net_post 1 "Live over IPv6"
expect "...and a post made afterwards reaches it" \
  net_wait "n3 has the live post" 30 net_has_title 3 "Live over IPv6"

status=$(python3 - "$port" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("::1", int(sys.argv[1]), timeout=30)
c.request("GET", "/v2/heads")
print(c.getresponse().status)
PY
)
expect "a stranger's request over IPv6 gets 401 ($status)" test "$status" = 401
expect "...and the log names its IPv6 address" \
  net_wait "the refusal is logged" 10 grep -q "Refused GET /v2/heads from ::1" "$NET_TMP/serve1.log"

# 24 connections from ::1, which already holds n3's live link: 16 per address.
result=$(stranger_v6 "$port" 24)
refused=$(sed -n 's/.*refused=\([0-9]*\).*/\1/p' <<<"$result")
echo "# 24 half-open connections from ::1: $result"
expect "the limit of connections per address holds for ::1 ($refused of 24 refused at once)" \
  test "${refused:-0}" -ge 8
expect "...and the others were closed when their head was late" grep -q "unanswered=0" <<<"$result"
expect "...and says so" grep -q "from ::1: too many connections from this address" \
  "$NET_TMP/serve1.log"
net_post 1 "After the stranger"
expect "a member syncs over IPv6 again once they are gone" \
  net_wait "n2 syncs again" 30 quiet "$CLI" -d "$NET_TMP/n2" sync "$address"
expect "...and has the newest post" net_has_title 2 "After the stranger"
expect "both serve processes are still up" kill -0 "${NET_PID[1]}" "${NET_PID[3]}"
finish
