#!/usr/bin/env bash
# bench/app/run.sh [BUILD_DIR] [--quick] — the app opening a big neighbourhood
# and a small one, under Xvfb (tests/app/run-headless.sh).
#
# Builds two data directories once (kept in BUILD_DIR/bench/app/hoods, made
# again only when missing): "big", 500 neighbours with 40 posts and 160 edits
# each plus 40 posts of one's own (about 100,000 entries, 20,040 posts), and
# "small", 2 neighbours with 4 posts and an edit each plus the same 40 own
# posts (about 60 entries). Each is opened RUNS times (5; 1 with --quick) by
# bench/app/drive.py, on a fresh copy. Prints one JSON object: each side's
# medians and runs, the ratios and differences the goal speaks of, and the load.
# Reports figures; never fails on a number.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-_build}
RUNS=5
[ "${2:-}" = "--quick" ] || [ "${1:-}" = "--quick" ] && RUNS=1
[ "${1:-}" = "--quick" ] && BUILD=_build
CLI=$BUILD/src/cli/buurtnet-cli
APP=$BUILD/src/app/buurtnet
MAKE_HOOD=$BUILD/bench/app/bn-make-hood
for f in "$CLI" "$APP" "$MAKE_HOOD"; do
  [ -x "$f" ] || { echo "bench/app: $f is missing; build first (meson compile -C $BUILD)" >&2; exit 1; }
done
HOODS=$BUILD/bench/app/hoods
log () { echo "[bench/app] $*" >&2; }

# make_hood NAME AUTHORS POSTS EDITS OWN_POSTS
make_hood () {
  local dir=$HOODS/$1
  [ -f "$dir/ready" ] && return 0
  log "making the $1 neighbourhood ($2 neighbours x ($3 posts + $4 edits), $5 own posts)"
  rm -rf "$dir" && mkdir -p "$dir"
  "$CLI" -d "$dir/home" init --name Anna >/dev/null &&
    "$CLI" -d "$dir/home" hood create Kerkstraat >/dev/null &&
    "$CLI" -d "$dir/home" profile set --talent errands >/dev/null &&
    "$MAKE_HOOD" "$dir/home" "$2" "$3" "$4" "$dir/hood.log" &&
    "$CLI" -d "$dir/home" log import "$dir/hood.log" >/dev/null || exit 1
  for i in $(seq "$5"); do
    "$CLI" -d "$dir/home" post request --category errands --title "My request $i" >/dev/null || exit 1
  done
  rm -f "$dir/hood.log"
  "$CLI" -d "$dir/home" whoami --json | sed -n 's/.*"entries" : \([0-9]*\).*/\1/p' >"$dir/entries"
  touch "$dir/ready"
}

make_hood small 2 4 1 40
make_hood big 500 40 160 40

load_before=$(cut -d' ' -f1 /proc/loadavg)
small=$(tests/app/run-headless.sh python3 bench/app/drive.py "$APP" "$HOODS/small/home" "$RUNS" \
        2> >(grep '^bench/app' >&2)) || exit 1
big=$(tests/app/run-headless.sh python3 bench/app/drive.py "$APP" "$HOODS/big/home" "$RUNS" \
      2> >(grep '^bench/app' >&2)) || exit 1
load_after=$(cut -d' ' -f1 /proc/loadavg)

python3 - "$small" "$big" "$(cat "$HOODS/small/entries")" "$(cat "$HOODS/big/entries")" \
        "$load_before" "$load_after" <<'EOF'
import json, sys
small, big = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
    "small": dict(small, entries=int(sys.argv[3])),
    "big": dict(big, entries=int(sys.argv[4])),
    "first_frame_ratio": round(big["first_frame_ms"] / small["first_frame_ms"], 2),
    "first_frame_cpu_ratio": round(big["first_frame_cpu_ms"] / small["first_frame_cpu_ms"], 2),
    "first_frame_ratio_goal": 1.3,
    "rss_first_diff_mb": round(big["rss_first_mb"] - small["rss_first_mb"], 1),
    "rss_peak_diff_mb": round(big["rss_peak_mb"] - small["rss_peak_mb"], 1),
    "rss_diff_goal_mb": 60,
    "open_ms_goal": 150, "end_ms_goal": 150,
    "load": [float(sys.argv[5]), float(sys.argv[6])],
}))
EOF
