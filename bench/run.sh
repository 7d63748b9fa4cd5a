#!/usr/bin/env bash
# bench/run.sh — every Buurtnet benchmark (core, sync catch-up and in-sync check,
# behind by one, the app's cold start, idle wakeups), with the hypercore/corestore
# comparison measured in the same run. Figures only: nothing here passes or fails
# on a number. Each benchmark reports medians of at least 5 runs; each result line
# carries the load average before and after it. A benchmark that fails is said
# ("failed") and the others still run.
# Results go to stdout as JSON lines and to bench/results/ (one file per run).
# BUILD_DIR (_build) is set up as a release build when it does not exist yet.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-_build}
RUNS=5

[ -f "$BUILD_DIR/build.ninja" ] || meson setup "$BUILD_DIR" -Dbuildtype=release >&2
meson compile -C "$BUILD_DIR" >&2
[ "$(meson introspect --buildoptions "$BUILD_DIR" | python3 -c \
    'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')" \
  = release ] || echo "bench/run.sh: $BUILD_DIR is not a release build; its figures are not comparable" >&2
mkdir -p bench/results
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl"
failed=0

run () {
  local name=$1; shift
  local line status=0 load0 load1
  echo "== $name" >&2
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  line=$("$@") || status=$?
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "$status" != 0 ] || ! python3 -c 'import json,sys; json.loads(sys.argv[1])' "$line" 2>/dev/null; then
    failed=$((failed + 1))
    printf '{"bench": "%s", "failed": "exit status %d%s", "load": ["%s", "%s"]}\n' "$name" "$status" \
      "$([ -z "$line" ] && echo ', no JSON')" "$load0" "$load1" | tee -a "$out"
    return 0
  fi
  printf '{"bench": "%s", "load": ["%s", "%s"], "result": %s}\n' "$name" "$load0" "$load1" "$line" \
    | tee -a "$out"
}

# core_medians: bn-bench-core RUNS times; each figure the median of the runs
core_medians () {
  local i lines=()
  for i in $(seq "$RUNS"); do lines+=("$("$BUILD_DIR/bench/bn-bench-core")") || return 1; done
  python3 - "${lines[@]}" <<'PY'
import json, statistics, sys
runs = [json.loads(a) for a in sys.argv[1:]]
def merge(values):
    if isinstance(values[0], dict):
        return {k: merge([v[k] for v in values]) for k in values[0]}
    if isinstance(values[0], (int, float)) and not isinstance(values[0], bool):
        return statistics.median(values)
    return values[0]
out = merge(runs)
out["runs"] = len(runs)
print(json.dumps(out))
PY
}

run core core_medians
run sync bench/sync/run.sh "$BUILD_DIR"
run behind bench/sync/behind.sh "$BUILD_DIR"
run idle bench/idle/run.sh "$BUILD_DIR"
run app bench/app/run.sh "$BUILD_DIR"
if command -v node >/dev/null && command -v npm >/dev/null; then
  run hypercore bench/hypercore/run.sh --reps "$RUNS"
else
  echo "== hypercore: skipped (node and npm are needed: apt-get install nodejs npm)" >&2
fi
echo "Results in $out$([ $failed = 0 ] || echo "; $failed benchmark(s) failed")" >&2
