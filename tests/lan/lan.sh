#!/usr/bin/env bash
# tests/lan/lan.sh — several "hosts" with real mDNS (Avahi) on one machine.
#
# Each host is a network namespace with its own /run (bind-mounted from a
# per-host directory), its own D-Bus system bus and its own avahi-daemon. All
# hosts hang off one Linux bridge that lives in an extra namespace. Real
# multicast DNS crosses the veth links; nothing ever leaves these namespaces.
# See shared/notes/TESTING.md for where each detail comes from.
#
# Two ways to use it:
#
#   Sourced by a bash test script (recommended):
#       . "$(dirname "$0")/../lan/lan.sh"   # or wherever it is
#       lan_require                          # skip (77) / fail if we cannot run
#       lan_up 3                             # installs an EXIT trap -> lan_down
#       lan_exec 2 avahi-browse -rtp _buurtnet._tcp
#       pid=$(lan_bg 1 "$LAN_DIR/app1.log" ./buurtnet-cli serve)
#
#   As a command (state kept in $LAN_DIR, no trap: call "down" yourself):
#       eval "$(tests/lan/lan.sh up 3)"      # exports LAN_DIR
#       tests/lan/lan.sh exec 1 ip -br addr
#       tests/lan/lan.sh down
#
# API (function form; command form is "lan.sh NAME-without-lan_ ARGS"):
#   lan_require                 check root / ip netns / tools; otherwise print
#                               "SKIP: ..." and exit 77 (with LAN_TAP=1: print
#                               "1..0 # SKIP ..." and exit 0, because meson's
#                               TAP protocol treats any non-zero exit as an
#                               error). With BN_REQUIRE_LAN=1 it fails (exit 1).
#   lan_require_cmd CMD PKG     same, for one extra command (Debian package PKG)
#   lan_up N [PREFIX]           bridge + N hosts h1..hN, addresses PREFIX.1..N
#                               (default PREFIX 10.213.77), dbus + avahi each,
#                               waits until every avahi GetState == 2
#   lan_add_host                add one more host to a running lab, prints its
#                               number
#   lan_exec HOST CMD...        run CMD in HOST (1, h1 ...): its netns, its /run,
#                               its UTS hostname, DBUS_SYSTEM_BUS_ADDRESS set,
#                               plus LAN_HOST=hN and LAN_HOST_IP
#   lan_bg HOST LOG CMD...      the same in the background (setsid, stdin
#                               /dev/null, stdout+stderr appended to LOG);
#                               prints the PID
#   lan_ip HOST                 prints HOST's IPv4 address (with LAN_IPV6=only:
#                               its IPv6 link-local address, fe80::N)
#   lan_ifname HOST             prints HOST's interface name (hN)
#   lan_hosts                   prints the host numbers, one per line
#   lan_stop_avahi HOST [SIG]   stop HOST's avahi-daemon (default TERM: it sends
#                               goodbyes; KILL simulates a crash)
#   lan_start_avahi HOST        start it again and wait for GetState == 2
#   lan_avahi_state HOST        prints Avahi's server state (2 = running)
#   lan_cut HOST / lan_heal HOST   silently stop / resume forwarding on HOST's
#                               bridge port (carrier stays up, so Avahi on HOST
#                               notices nothing: a dead Wi-Fi link)
#   lan_link_down HOST / lan_link_up HOST   take HOST's bridge-side veth down/up
#                               (HOST sees NO-CARRIER)
#   lan_capture_start FILE [FILTER...]   tcpdump on the bridge into FILE (pcap)
#   lan_capture_stop            stop it (prints tcpdump's counters on stderr)
#   lan_down                    kill every process in the lab's namespaces
#                               (TERM, then KILL), delete them, remove LAN_DIR
#                               (kept when LAN_KEEP=1)
#   lan_gc                      remove labs left behind by dead owners
#
# Environment: BN_REQUIRE_LAN=1 (never skip), LAN_TAP=1 (TAP-style skip),
# LAN_IPV6=only (when lan_up runs: hosts with IPv6 alone, no IPv4 address at
# all; each host's only address on the LAN is the link-local fe80::N/64 of its
# interface hN, without duplicate address detection so that it works at once,
# and Avahi publishes and browses over IPv6 only),
# LAN_KEEP=1 (keep LAN_DIR with the daemons' logs), LAN_TRAP=0 (no EXIT trap),
# LAN_TMP (parent of LAN_DIR, default /tmp), LAN_TIMEOUT (seconds to wait for
# a daemon, default 30), LAN_LOCK (lock file).
#
# Debian packages: iproute2, util-linux, dbus (dbus-daemon), libglib2.0-bin
# (gdbus; dbus-send from dbus-bin also works), avahi-daemon, and for tests
# avahi-utils, iputils-ping, tcpdump.
#
# Must be root (CAP_SYS_ADMIN + CAP_NET_ADMIN). Addresses are used only inside
# the namespaces created here.

# ---------------------------------------------------------------- internals

: "${LAN_TIMEOUT:=30}"
: "${LAN_LOCK:=/run/lock/buurtnet-lan.lock}"
_LAN_NS_RE='^bnlan([0-9]+)x[0-9]+-'

_lan_log() { printf 'lan: %s\n' "$*" >&2; }
_lan_err() { printf 'lan: error: %s\n' "$*" >&2; return 1; }

_lan_now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

# Load state when running as a command (or in a subshell that lost it).
_lan_load() {
    if [ -z "${LAN_ID:-}" ]; then
        [ -n "${LAN_DIR:-}" ] && [ -r "$LAN_DIR/state" ] \
            || { _lan_err "no lab: run lan_up first (or export LAN_DIR)"; return 1; }
        # shellcheck disable=SC1091
        . "$LAN_DIR/state"
    fi
}

# HOST may be "3" or "h3"; prints the number.
_lan_num() {
    local h=${1#h}
    _lan_load || return 1
    case $h in ''|*[!0-9]*) _lan_err "bad host '$1'"; return 1 ;; esac
    # lan_add_host may have run in a subshell: the state file is authoritative.
    if [ "$h" -gt "$LAN_N" ] && [ -r "$LAN_DIR/state" ]; then
        # shellcheck disable=SC1091
        . "$LAN_DIR/state"
    fi
    if [ "$h" -lt 1 ] || [ "$h" -gt "$LAN_N" ]; then
        _lan_err "no host '$1' (lab has h1..h$LAN_N)"; return 1
    fi
    echo "$h"
}

_lan_lock() {
    mkdir -p "$(dirname "$LAN_LOCK")" 2>/dev/null
    exec {_LAN_LOCK_FD}>>"$LAN_LOCK" || return 1
    flock -w 120 "$_LAN_LOCK_FD" || { _lan_err "could not take $LAN_LOCK"; return 1; }
}
_lan_unlock() {
    [ -n "${_LAN_LOCK_FD:-}" ] && exec {_LAN_LOCK_FD}>&-
    _LAN_LOCK_FD=
}

# Runs inside the host's netns (after "ip netns exec" gave us a private mount
# namespace and "unshare --uts" a private hostname): put the host's /run in
# place, hide the machine's static Avahi services, set the hostname.
# shellcheck disable=SC2016
_LAN_INNER='
d=$1; h=$2; shift 2
mount --bind "$d/run" /run || { echo "lan: cannot bind $d/run over /run" >&2; exit 125; }
if [ -d /etc/avahi/services ]; then mount --bind "$d/empty" /etc/avahi/services; fi
echo "$h" > /proc/sys/kernel/hostname
exec "$@"'

# _lan_wrap HOSTNUM CMD... runs CMD inside the host, in the foreground.
_lan_wrap() {
    local i=$1; shift
    DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket \
    LAN_HOST="h$i" LAN_HOST_IP="$(_lan_host_ip "$i")" \
        ip netns exec "$LAN_ID-h$i" unshare --uts -- \
        bash -c "$_LAN_INNER" lan-h"$i" "$LAN_DIR/h$i" "h$i" "$@"
}

# Start "$@" detached (own session, stdin /dev/null, output appended to LOG);
# prints its PID. The intermediate non-interactive bash has no job control, so
# the child is not a process-group leader and setsid(1) does not fork: the PID
# printed is the PID of the final command (ip netns exec, unshare and bash all
# exec in turn).
_lan_spawn() {
    local log=$1; shift
    # shellcheck disable=SC2016
    bash -c 'log=$1; shift; setsid "$@" </dev/null >>"$log" 2>&1 & echo $!' lan-spawn "$log" "$@"
}

_lan_ipv6_only() { [ "${LAN_IPV6:-}" = only ]; }
_lan_host_ip() { if _lan_ipv6_only; then echo "fe80::$1"; else echo "$LAN_PREFIX.$1"; fi; }

_lan_write_configs() {
    local i=$1 d="$LAN_DIR/h$1" v4=yes v6=no
    _lan_ipv6_only && { v4=no; v6=yes; }
    mkdir -p "$d/run/dbus" "$d/run/avahi-daemon" "$d/run/lock" "$d/etc" "$d/empty" || return 1
    cat > "$d/etc/dbus.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- Test-only system bus for one lan.sh host: allow everything. -->
<busconfig>
  <type>system</type>
  <listen>unix:path=/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
EOF
    cat > "$d/etc/avahi-daemon.conf" <<EOF
# Test-only avahi-daemon for lan.sh host h$i
[server]
host-name=h$i
domain-name=local
use-ipv4=$v4
use-ipv6=$v6
allow-interfaces=h$i
enable-dbus=yes
disallow-other-stacks=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000

[wide-area]
enable-wide-area=no

[publish]
publish-addresses=yes
publish-hinfo=no
publish-workstation=no
publish-domain=yes
publish-aaaa-on-ipv4=no
publish-a-on-ipv6=no

[reflector]
enable-reflector=no
EOF
}

# Create the netns of host i and its link into the bridge (call under lock).
_lan_make_host_net() {
    local i=$1
    local ns="$LAN_ID-h$i" br="$LAN_ID-br"
    ip netns add "$ns" || return 1
    if _lan_ipv6_only; then
        # IPv6 on, with no address of the kernel's making (addr_gen_mode 1) and
        # no duplicate address detection: the one address is set below.
        ip netns exec "$ns" sh -c 'c=/proc/sys/net/ipv6/conf; for k in all default; do echo 0 > $c/$k/disable_ipv6 && echo 0 > $c/$k/accept_dad && echo 0 > $c/$k/dad_transmits; done; echo 1 > $c/default/addr_gen_mode' \
            || { _lan_err "cannot turn IPv6 on in $ns"; return 1; }
    else
        # IPv6 off before the veth exists, or link-local v6 leaks into resolves.
        ip netns exec "$ns" sh -c 'for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6; do [ -w $f ] && echo 1 > $f; done; true'
    fi
    ip -n "$br" link add "p$i" type veth peer name "h$i" netns "$ns" || return 1
    ip -n "$br" link set "p$i" master br0 up || return 1
    ip -n "$ns" link set lo up || return 1
    if _lan_ipv6_only; then
        ip -n "$ns" addr add "fe80::$i/64" dev "h$i" nodad || return 1
    else
        ip -n "$ns" addr add "$LAN_PREFIX.$i/24" dev "h$i" || return 1
    fi
    ip -n "$ns" link set "h$i" multicast on up || return 1
}

_lan_start_dbus() {
    local i=$1 d="$LAN_DIR/h$1"
    rm -f "$d/run/dbus/system_bus_socket"
    _lan_wrap_array "$i"
    _lan_spawn "$d/dbus.log" "${_LAN_W[@]}" \
        dbus-daemon --config-file="$d/etc/dbus.conf" --nofork --nopidfile --nosyslog \
        > "$d/dbus.pid"
}

_lan_start_avahi_nowait() {
    local i=$1 d="$LAN_DIR/h$1"
    rm -f "$d/run/avahi-daemon/pid" "$d/run/avahi-daemon/socket"
    _lan_wrap_array "$i"
    _lan_spawn "$d/avahi.log" "${_LAN_W[@]}" \
        avahi-daemon -f "$d/etc/avahi-daemon.conf" --no-drop-root --no-chroot --no-rlimits \
        > "$d/avahi.pid"
}

# Sets _LAN_W to the argv prefix that runs a command inside host i (for
# _lan_spawn, which takes a plain argv, so the environment goes via env(1)).
_lan_wrap_array() {
    local i=$1
    _LAN_W=(env "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket"
        "LAN_HOST=h$i" "LAN_HOST_IP=$(_lan_host_ip "$i")"
        ip netns exec "$LAN_ID-h$i" unshare --uts --
        bash -c "$_LAN_INNER" "lan-h$i" "$LAN_DIR/h$i" "h$i")
}

_lan_wait_dbus() {
    local i=$1 d="$LAN_DIR/h$1" deadline
    deadline=$(( $(_lan_now_ms) + LAN_TIMEOUT * 1000 ))
    until [ -S "$d/run/dbus/system_bus_socket" ]; do
        if ! kill -0 "$(cat "$d/dbus.pid")" 2>/dev/null; then
            _lan_err "dbus-daemon of h$i died:"; tail -n 20 "$d/dbus.log" >&2; return 1
        fi
        [ "$(_lan_now_ms)" -gt "$deadline" ] && { _lan_err "dbus-daemon of h$i: no socket after ${LAN_TIMEOUT}s"; return 1; }
        sleep 0.02
    done
}

lan_avahi_state() {
    local i; _lan_load || return 1; i=$(_lan_num "$1") || return 1
    local out
    if command -v gdbus >/dev/null 2>&1; then
        out=$(_lan_wrap "$i" gdbus call --system --timeout 2 --dest org.freedesktop.Avahi \
            --object-path / --method org.freedesktop.Avahi.Server.GetState 2>/dev/null) || return 1
        out=${out#(}; out=${out%,)}
    else
        out=$(_lan_wrap "$i" dbus-send --system --reply-timeout=2000 --print-reply=literal \
            --dest=org.freedesktop.Avahi / org.freedesktop.Avahi.Server.GetState 2>/dev/null) || return 1
        out=${out##* }
    fi
    echo "$out"
}

_lan_wait_avahi() {
    local i=$1 d="$LAN_DIR/h$1" deadline st
    deadline=$(( $(_lan_now_ms) + LAN_TIMEOUT * 1000 ))
    while :; do
        st=$(lan_avahi_state "$i" 2>/dev/null)
        [ "$st" = 2 ] && return 0
        if ! kill -0 "$(cat "$d/avahi.pid")" 2>/dev/null; then
            _lan_err "avahi-daemon of h$i died:"; tail -n 20 "$d/avahi.log" >&2; return 1
        fi
        [ "$(_lan_now_ms)" -gt "$deadline" ] && { _lan_err "avahi-daemon of h$i: state '$st' after ${LAN_TIMEOUT}s"; tail -n 20 "$d/avahi.log" >&2; return 1; }
        sleep 0.05
    done
}

_lan_write_state() {
    {
        printf 'LAN_DIR=%q\n' "$LAN_DIR"
        printf 'LAN_ID=%q\n' "$LAN_ID"
        printf 'LAN_N=%q\n' "$LAN_N"
        printf 'LAN_PREFIX=%q\n' "$LAN_PREFIX"
        printf 'LAN_IPV6=%q\n' "${LAN_IPV6:-}"
    } > "$LAN_DIR/state"
}

# Kill every process in the given namespaces (TERM, up to 3 s, then KILL).
_lan_kill_ns() {
    local ns pids t
    for t in TERM TERM TERM TERM TERM TERM TERM TERM TERM TERM \
             TERM TERM TERM TERM TERM TERM TERM TERM TERM TERM \
             TERM TERM TERM TERM TERM TERM TERM TERM TERM TERM KILL KILL KILL KILL KILL; do
        pids=
        for ns in "$@"; do
            pids="$pids $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
        done
        [ -z "${pids// /}" ] && return 0
        # shellcheck disable=SC2086
        kill -s "$t" $pids 2>/dev/null
        sleep 0.1
    done
    _lan_err "processes still alive in $*: $pids"
}

# ---------------------------------------------------------------- public API

lan_require_cmd() {
    local cmd=$1 pkg=${2:-$1}
    command -v "$cmd" >/dev/null 2>&1 && return 0
    _lan_skip_or_fail "needs $cmd (Debian package $pkg)"
}

_lan_skip_or_fail() {
    if [ "${BN_REQUIRE_LAN:-0}" = 1 ]; then
        echo "FAIL: $1; BN_REQUIRE_LAN=1 forbids skipping" >&2
        [ "${LAN_TAP:-0}" = 1 ] && echo "Bail out! $1"
        exit 1
    fi
    echo "SKIP: $1" >&2
    if [ "${LAN_TAP:-0}" = 1 ]; then
        echo "1..0 # SKIP $1"
        exit 0
    fi
    exit 77
}

lan_require() {
    local why=
    if [ "$(id -u)" != 0 ]; then
        why="running as uid $(id -u), not root; CAP_SYS_ADMIN and CAP_NET_ADMIN are required"
    elif ! command -v ip >/dev/null 2>&1; then
        why="'ip' not found; install iproute2"
    elif ! ip netns list >/dev/null 2>&1; then
        why="'ip netns' unavailable"
    else
        local probe="bnlanprobe$$"
        local err
        if ! err=$(ip netns add "$probe" 2>&1 && ip netns exec "$probe" unshare --uts true 2>&1); then
            ip netns del "$probe" 2>/dev/null
            why="cannot create a network namespace: ${err//$'\n'/ }"
        else
            ip netns del "$probe" 2>/dev/null
        fi
    fi
    [ -n "$why" ] && _lan_skip_or_fail "needs root for network namespaces ($why)"
    lan_require_cmd unshare util-linux
    lan_require_cmd setsid util-linux
    lan_require_cmd flock util-linux
    lan_require_cmd mount mount
    lan_require_cmd dbus-daemon dbus-daemon
    lan_require_cmd avahi-daemon avahi-daemon
    command -v gdbus >/dev/null 2>&1 || lan_require_cmd dbus-send dbus-bin
    return 0
}

lan_gc() {
    local ns owner
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        [[ $ns =~ $_LAN_NS_RE ]] || continue
        owner=${BASH_REMATCH[1]}
        kill -0 "$owner" 2>/dev/null && continue
        _lan_log "removing stale namespace $ns (owner $owner is gone)"
        _lan_kill_ns "$ns"
        ip netns del "$ns" 2>/dev/null
    done
    local d
    for d in "${LAN_TMP:-/tmp}"/bnlan*x*.*; do
        [ -d "$d" ] && [[ ${d##*/} =~ ^bnlan([0-9]+)x[0-9]+\. ]] || continue
        kill -0 "${BASH_REMATCH[1]}" 2>/dev/null && continue
        [ "${LAN_KEEP:-0}" = 1 ] || rm -rf "$d"
    done
}

lan_up() {
    local n=${1:?usage: lan_up N [PREFIX]} prefix=${2:-10.213.77} i t0
    case $n in ''|*[!0-9]*) _lan_err "lan_up: N must be a number"; return 1 ;; esac
    if [ "$n" -lt 1 ] || [ "$n" -gt 250 ]; then _lan_err "lan_up: 1 <= N <= 250"; return 1; fi
    [[ $prefix =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { _lan_err "lan_up: PREFIX is like 10.213.77"; return 1; }
    [ -n "${LAN_ID:-}" ] && { _lan_err "lan_up: a lab is already up ($LAN_ID)"; return 1; }
    t0=$(_lan_now_ms)

    local owner=${LAN_OWNER:-$$}
    LAN_ID="bnlan${owner}x$RANDOM"
    LAN_N=0
    LAN_PREFIX=$prefix
    LAN_DIR=$(mktemp -d "${LAN_TMP:-/tmp}/$LAN_ID.XXXX") || return 1
    export LAN_DIR
    _lan_write_state
    if [ "${_LAN_CMD_MODE:-0}" != 1 ] && [ "${LAN_TRAP:-1}" != 0 ]; then
        trap 'lan_down' EXIT
        trap 'exit 129' HUP
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi

    # Namespaces and links, serialised with every other lab on the machine
    # (no daemon is started while the lock is held: it would inherit the fd).
    _lan_lock || { lan_down; return 1; }
    lan_gc
    local br="$LAN_ID-br"
    if ! { ip netns add "$br" &&
           ip netns exec "$br" sh -c 'for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6; do [ -w $f ] && echo 1 > $f; done; true' &&
           ip -n "$br" link set lo up &&
           ip -n "$br" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 &&
           ip -n "$br" link set br0 up; }; then
        _lan_unlock; _lan_err "cannot create bridge namespace"; lan_down; return 1
    fi
    LAN_N=$n
    _lan_write_state
    for ((i = 1; i <= n; i++)); do
        _lan_write_configs "$i" && _lan_make_host_net "$i" \
            || { _lan_unlock; _lan_err "cannot create host h$i"; lan_down; return 1; }
    done
    _lan_unlock

    # Daemons: all dbus first, then all avahi, then wait for each.
    for ((i = 1; i <= n; i++)); do _lan_start_dbus "$i"; done
    for ((i = 1; i <= n; i++)); do
        _lan_wait_dbus "$i" && _lan_start_avahi_nowait "$i" || { lan_down; return 1; }
    done
    for ((i = 1; i <= n; i++)); do
        _lan_wait_avahi "$i" || { lan_down; return 1; }
    done
    LAN_UP_MS=$(( $(_lan_now_ms) - t0 ))
    _lan_log "$n hosts up in ${LAN_UP_MS} ms ($LAN_ID, $LAN_PREFIX.0/24, dir $LAN_DIR)"
}

lan_add_host() {
    _lan_load || return 1
    local i=$((LAN_N + 1))
    [ "$i" -gt 250 ] && { _lan_err "lab is full"; return 1; }
    _lan_lock || return 1
    _lan_write_configs "$i" && _lan_make_host_net "$i"
    local rc=$?
    _lan_unlock
    [ $rc = 0 ] || { _lan_err "cannot create host h$i"; return 1; }
    LAN_N=$i
    _lan_write_state
    _lan_start_dbus "$i" && _lan_wait_dbus "$i" && _lan_start_avahi_nowait "$i" && _lan_wait_avahi "$i" || return 1
    echo "$i"
}

lan_exec() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_exec HOST CMD...}") || return 1
    shift
    [ $# -gt 0 ] || { _lan_err "lan_exec: no command"; return 1; }
    _lan_wrap "$i" "$@"
}

lan_bg() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_bg HOST LOG CMD...}") || return 1
    local log=${2:?usage: lan_bg HOST LOG CMD...}
    shift 2
    [ $# -gt 0 ] || { _lan_err "lan_bg: no command"; return 1; }
    _lan_wrap_array "$i"
    _lan_spawn "$log" "${_LAN_W[@]}" "$@"
}

lan_ip() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_ip HOST}") || return 1
    _lan_host_ip "$i"
}

lan_ifname() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_ifname HOST}") || return 1
    echo "h$i"
}

lan_hosts() {
    _lan_load || return 1
    seq 1 "$LAN_N"
}

lan_stop_avahi() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_stop_avahi HOST [SIGNAL]}") || return 1
    local sig=${2:-TERM} d="$LAN_DIR/h$i" pid n
    pid=$(cat "$d/avahi.pid" 2>/dev/null)
    [ -n "$pid" ] || { _lan_err "no avahi-daemon recorded for h$i"; return 1; }
    kill -s "$sig" "$pid" 2>/dev/null
    for ((n = 0; n < 100; n++)); do
        kill -0 "$pid" 2>/dev/null || break
        # a zombie (we are not its parent) counts as gone
        [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
        kill -KILL "$pid" 2>/dev/null; sleep 0.1
    fi
    : > "$d/avahi.pid"
}

lan_start_avahi() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_start_avahi HOST}") || return 1
    _lan_start_avahi_nowait "$i" && _lan_wait_avahi "$i"
}

lan_cut() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_cut HOST}") || return 1
    bridge -n "$LAN_ID-br" link set dev "p$i" state 0 2>/dev/null \
        || ip netns exec "$LAN_ID-br" bridge link set dev "p$i" state 0
}
lan_heal() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_heal HOST}") || return 1
    bridge -n "$LAN_ID-br" link set dev "p$i" state 3 2>/dev/null \
        || ip netns exec "$LAN_ID-br" bridge link set dev "p$i" state 3
}
lan_link_down() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_link_down HOST}") || return 1
    ip -n "$LAN_ID-br" link set "p$i" down
}
lan_link_up() {
    local i; _lan_load || return 1; i=$(_lan_num "${1:?usage: lan_link_up HOST}") || return 1
    ip -n "$LAN_ID-br" link set "p$i" up
}

lan_capture_start() {
    _lan_load || return 1
    local file=${1:?usage: lan_capture_start FILE [FILTER...]} n pid
    shift
    command -v tcpdump >/dev/null 2>&1 || { _lan_err "tcpdump not installed (Debian package tcpdump)"; return 1; }
    [ -s "$LAN_DIR/tcpdump.pid" ] && { _lan_err "a capture is already running"; return 1; }
    : > "$LAN_DIR/tcpdump.log"
    pid=$(_lan_spawn "$LAN_DIR/tcpdump.log" ip netns exec "$LAN_ID-br" \
        tcpdump -i br0 -n -U -Z root -w "$file" "$@") || return 1
    echo "$pid" > "$LAN_DIR/tcpdump.pid"
    for ((n = 0; n < 200; n++)); do
        grep -q 'listening on' "$LAN_DIR/tcpdump.log" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    _lan_err "tcpdump did not start:"; cat "$LAN_DIR/tcpdump.log" >&2
    : > "$LAN_DIR/tcpdump.pid"
    return 1
}

lan_capture_stop() {
    _lan_load || return 1
    local pid n
    pid=$(cat "$LAN_DIR/tcpdump.pid" 2>/dev/null)
    [ -n "$pid" ] || { _lan_err "no capture running"; return 1; }
    kill -INT "$pid" 2>/dev/null
    for ((n = 0; n < 100; n++)); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
        sleep 0.05
    done
    : > "$LAN_DIR/tcpdump.pid"
    grep -E 'packets (captured|received|dropped)' "$LAN_DIR/tcpdump.log" | sed 's/^/lan: tcpdump: /' >&2
    return 0
}

lan_down() {
    [ -n "${LAN_ID:-}" ] || { [ -n "${LAN_DIR:-}" ] && [ -r "$LAN_DIR/state" ] && . "$LAN_DIR/state"; }
    [ -n "${LAN_ID:-}" ] || return 0
    local i ns=()
    for ((i = 1; i <= ${LAN_N:-0}; i++)); do ns+=("$LAN_ID-h$i"); done
    # Some hosts may exist beyond LAN_N if setup failed half-way.
    local x
    for x in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        case $x in "$LAN_ID"-*) [[ " ${ns[*]} " == *" $x "* ]] || ns+=("$x") ;; esac
    done
    _lan_kill_ns "${ns[@]}"
    _lan_lock
    for x in "${ns[@]}"; do ip netns del "$x" 2>/dev/null; done
    _lan_unlock
    if [ -n "${LAN_DIR:-}" ] && [ -d "$LAN_DIR" ]; then
        if [ "${LAN_KEEP:-0}" = 1 ]; then
            _lan_log "kept $LAN_DIR"
        else
            rm -rf "$LAN_DIR"
        fi
    fi
    LAN_ID=''
    LAN_N=0
}

# ---------------------------------------------------------------- command form

_lan_main() {
    local cmd=${1:-}
    shift || true
    _LAN_CMD_MODE=1
    case $cmd in
        up)
            LAN_OWNER=${LAN_OWNER:-$PPID}
            lan_up "$@" >&2 || exit 1
            printf 'export LAN_DIR=%q\n' "$LAN_DIR"
            ;;
        require|require_cmd|down|gc|add_host|exec|bg|ip|ifname|hosts|stop_avahi|start_avahi|avahi_state|cut|heal|link_down|link_up|capture_start|capture_stop)
            "lan_$cmd" "$@"
            ;;
        ''|-h|--help|help)
            sed -n '2,/^# Must be root/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            ;;
        *)
            echo "lan.sh: unknown command '$cmd' (try --help)" >&2; exit 2 ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    _lan_main "$@"
fi
