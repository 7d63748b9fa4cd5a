#!/usr/bin/env bash
# dev.sh — set up, build, start and test Buurtnet on Debian 12.
#
#   ./dev.sh start   install what is missing, build, and open the app
#   ./dev.sh test    install what is missing, build, and run the whole test suite
#   ./dev.sh demo    the same set-up as start, then a living demo neighbourhood
#
# Installing needs root (or sudo). Everything builds into _build/.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-_build}

# Debian packages: to build (yelp-tools and itstool: the help pages in three languages),
# to run, and to test (real Avahi, a real window headless; nftables and faketime for
# the doctor's firewall and clock tests; clang for the fuzzing and sanitizer build that
# CI adds).
BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libjson-glib-dev libsodium-dev libsqlite3-dev libsoup-3.0-dev
  libavahi-client-dev libavahi-glib-dev libgtk-4-dev libadwaita-1-dev libqrencode-dev
  desktop-file-utils appstream libglib2.0-bin yelp-tools itstool
)
TEST_PACKAGES=(
  xvfb xauth dbus dbus-x11 at-spi2-core python3 python3-gi gir1.2-atspi-2.0 gir1.2-gtk-4.0
  avahi-daemon avahi-utils iproute2 tcpdump util-linux procps
  iputils-ping groff-base libxml2-utils mandoc libxtst6 libx11-6 python3-icalendar
  clang libclang-rt-14-dev nftables faketime poppler-utils
)

say () { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_missing () {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

build () {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    say "Configuring $BUILD_DIR"
    meson setup "$BUILD_DIR"
  fi
  say "Building"
  meson compile -C "$BUILD_DIR"
}

start () {
  install_missing "${BUILD_PACKAGES[@]}"
  build
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$BUILD_DIR/src/app/buurtnet" ]; then
    say "Starting Buurtnet"
    GSETTINGS_SCHEMA_DIR="$BUILD_DIR/data" BN_LOCALEDIR="$BUILD_DIR/po" \
      exec "$BUILD_DIR/src/app/buurtnet" "$@"
  fi
  say "No display here: starting the headless peer (buurtnet-cli serve) instead"
  local cli="$BUILD_DIR/src/cli/buurtnet-cli"
  if ! "$cli" whoami >/dev/null 2>&1; then
    echo "First set up this neighbour:"
    echo "  $cli init --name \"Your name\""
    echo "  $cli hood create \"Your street\"     (or: $cli hood join CODE)"
    exit 1
  fi
  exec "$cli" serve "$@"
}

run_tests () {
  install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  build
  say "Running the test suite"
  meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 2 "$@"
}

demo () {
  install_missing "${BUILD_PACKAGES[@]}"
  build
  exec demo/demo.sh "$BUILD_DIR"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  demo) shift; demo "$@" ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: ./dev.sh start | ./dev.sh test | ./dev.sh demo"; exit 2 ;;
esac
