#!/usr/bin/env bash
# bench/run.sh — every Buurtnet benchmark (core, sync catch-up and in-sync check,
# behind by one, the app's cold start, idle wakeups), with
# the hypercore/corestore comparison measured in the same run. Figures only: nothing here passes or fails on a number.
# Results go to stdout as JSON lines and to bench/results/ (one file per run).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-_build}

[ -f "$BUILD_DIR/build.ninja" ] || meson setup "$BUILD_DIR" -Dbuildtype=release >&2
meson compile -C "$BUILD_DIR" >&2
mkdir -p bench/results
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl"

run () {
  local name=$1; shift
  echo "== $name" >&2
  local line
  line=$("$@")
  printf '{"bench": "%s", "result": %s}\n' "$name" "$line" | tee -a "$out"
}

run core "$BUILD_DIR/bench/bn-bench-core"
if [ -x bench/sync/run.sh ]; then
  run sync bench/sync/run.sh "$BUILD_DIR"
fi
run behind bench/sync/behind.sh "$BUILD_DIR"
run idle bench/idle/run.sh "$BUILD_DIR"
run app bench/app/run.sh "$BUILD_DIR"
if command -v node >/dev/null && command -v npm >/dev/null; then
  run hypercore bench/hypercore/run.sh
else
  echo "== hypercore: skipped (node and npm are needed: apt-get install nodejs npm)" >&2
fi
echo "Results in $out" >&2
