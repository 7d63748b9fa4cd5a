# tap.sh — a few helpers for TAP test scripts in bash; sourced, not run.
#
# ok/not_ok print TAP lines; check CMD... runs a command and reports it;
# finish prints the plan and exits non-zero when anything failed.

tap_count=0
tap_failed=0

ok () { tap_count=$((tap_count + 1)); echo "ok $tap_count - $*"; }
not_ok () { tap_count=$((tap_count + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_count - $*"; }

# expect DESCRIPTION CONDITION-COMMAND...: the command's own output goes to
# stderr, so it never mixes with the TAP stream.
expect () {
  local what=$1; shift
  if "$@" >&2; then ok "$what"; else not_ok "$what"; fi
}

finish () {
  echo "1..$tap_count"
  [ "$tap_failed" -eq 0 ]
}

# bail_out REASON: stop the whole script, as TAP says
bail_out () { echo "Bail out! $*"; exit 1; }
