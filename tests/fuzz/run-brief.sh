#!/bin/sh
# run-brief.sh FUZZER SEEDS SECONDS CRASH_DIR — one short fuzzing run for the test
# suite. New inputs go to a corpus of their own (the committed seeds stay as they
# are); an input that crashes is kept in CRASH_DIR, and how to replay it is printed.
set -u
fuzzer=$1 seeds=$2 seconds=$3 crashes=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$crashes"
dict=$(dirname "$0")/fuzz.dict

set -- -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/$(basename "$fuzzer")-"
[ -f "$dict" ] && set -- "$@" -dict="$dict"
if "$fuzzer" "$@" "$work/corpus" "$seeds" 2>"$work/log"; then
  grep -E "^(stat::|#[0-9]+.*DONE|Done)" "$work/log" | tail -n 8
  exit 0
fi
tail -n 60 "$work/log"
echo "The input that failed is in $crashes; replay it with: $fuzzer FILE"
exit 1
