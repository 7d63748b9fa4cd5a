#!/bin/sh
# Runs a command under its own X server (Xvfb) and its own D-Bus session bus,
# as TESTING.md describes: Xvfb first (-noreset: without it a loaded machine
# sometimes loses the display), then the session bus, so synthesized input and
# the accessibility bus both work.
#
#   run-headless.sh COMMAND [ARGS...]
set -u

if ! command -v Xvfb >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "1..0 # SKIP Xvfb or dbus-run-session is not installed (Debian: xvfb, dbus)"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bn-headless.XXXXXX")
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

Xvfb -noreset -nolisten tcp -displayfd 3 -screen 0 1280x1024x24 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb=$!
i=0
while [ ! -s "$tmp/display" ]; do
  i=$((i + 1))
  if [ "$i" -gt 100 ] || ! kill -0 "$xvfb" 2>/dev/null; then
    echo "Bail out! Xvfb did not start: $(cat "$tmp/xvfb.log")"
    exit 1
  fi
  sleep 0.1
done
DISPLAY=":$(head -n1 "$tmp/display")"
export DISPLAY
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GDK_BACKEND=x11
export NO_AT_BRIDGE="${NO_AT_BRIDGE:-0}"

# Services the bus starts (the accessibility registry) inherit its stdout and
# print on it; only the test's own output is TAP, so give them /dev/null.
dbus-run-session -- sh -c 'exec "$@" 1>&3 3>&-' sh "$@" 3>&1 1>/dev/null
