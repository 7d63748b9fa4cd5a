#!/usr/bin/env bash
# run-long.sh — a long fuzzing run of every target (or those named), one after the
# other, each for MINUTES, under ASan and UBSan; then, when llvm-cov is there, the
# source coverage the corpora reach, replayed in a build made for measuring it.
#
#   tests/fuzz/run-long.sh [-m MINUTES] [TARGET...]     (default: 30 minutes, every target)
#
# Corpora grow in $BUILD_DIR/fuzz-corpus/TARGET (started from the committed seeds)
# and are kept, so a second run goes on where the first stopped. Crashes land in
# $BUILD_DIR/fuzz-crashes. The table printed at the end is what tests/fuzz/README.md
# records. Runs at the lowest CPU priority: it only takes what the machine spares
# (hence the generous timeout: libFuzzer's clock is the wall clock).
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=30
while getopts m: option; do
  case $option in
    m) minutes=$OPTARG ;;
    *) echo "usage: $0 [-m MINUTES] [TARGET...]"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frames log-import pull-body runs payload invite wire link)

BUILD_DIR=${BUILD_DIR:-_build-fuzz}
COVERAGE_DIR=${COVERAGE_DIR:-_build-fuzz-coverage}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang meson setup "$BUILD_DIR" -Db_sanitize=address,undefined -Dapp=disabled -Dfuzzing=enabled
fi
meson compile -C "$BUILD_DIR" >/dev/null

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for target in "${targets[@]}"; do
  corpus="$BUILD_DIR/fuzz-corpus/$target"
  crashes="$BUILD_DIR/fuzz-crashes"
  log="$BUILD_DIR/fuzz-$target.log"
  mkdir -p "$corpus" "$crashes"
  echo "==> $target: $minutes min (log: $log)"
  status=0
  nice -n 19 "$BUILD_DIR/tests/fuzz/fuzz-$target" -max_total_time=$((minutes * 60)) \
    -timeout=120 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict=tests/fuzz/fuzz.dict -artifact_prefix="$crashes/$target-" \
    "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(find "$corpus" -type f | wc -l)
  verdict=$([ "$status" -eq 0 ] && echo "none" || echo "CRASH (see $log)")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$minutes" "$execs" "$speed" \
    "${cov:-?}" "${ft:-?}" "$units" "$verdict" | tee -a "$results"
done

echo
echo "| target | minutes | executions | exec/s | edges (cov) | features (ft) | corpus | crashes |"
echo "|---|---|---|---|---|---|---|---|"
cat "$results"

# Source coverage: every corpus input once, in a build that counts lines.
if ! command -v llvm-profdata >/dev/null || ! command -v llvm-cov >/dev/null; then
  echo "(no llvm-profdata/llvm-cov: install llvm to see the source coverage)"
  exit 0
fi
if [ ! -f "$COVERAGE_DIR/build.ninja" ]; then
  LLVM_PROFILE_FILE=/dev/null CC=clang meson setup "$COVERAGE_DIR" -Dapp=disabled -Dfuzzing=enabled \
    -Dc_args='-fprofile-instr-generate -fcoverage-mapping' \
    -Dc_link_args='-fprofile-instr-generate' >/dev/null
fi
meson compile -C "$COVERAGE_DIR" >/dev/null
profiles=()
objects=()
for target in "${targets[@]}"; do
  LLVM_PROFILE_FILE="$COVERAGE_DIR/$target.profraw" \
    "$COVERAGE_DIR/tests/fuzz/fuzz-$target" -runs=0 "$BUILD_DIR/fuzz-corpus/$target" \
    >/dev/null 2>&1 || true
  profiles+=("$COVERAGE_DIR/$target.profraw")
  objects+=(-object "$COVERAGE_DIR/tests/fuzz/fuzz-$target")
done
llvm-profdata merge -sparse "${profiles[@]}" -o "$COVERAGE_DIR/fuzz.profdata"
echo
echo "Source coverage of src/core and src/net by all corpora together (llvm-cov):"
echo
echo "| file | lines | lines run | functions run | branches run |"
echo "|---|---|---|---|---|"
llvm-cov report "${objects[@]:1}" -instr-profile="$COVERAGE_DIR/fuzz.profdata" \
  -ignore-filename-regex='(^/usr/|/tests/|/src/(app|cli)/|\.h$)' \
  | awk -v root="$(pwd)/" '$10 ~ /%$/ { sub(root, "", $1); printf "| %s | %s | %s | %s | %s |\n", $1, $8, $10, $7, $13 }'
