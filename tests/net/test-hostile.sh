#!/usr/bin/env bash
# test-hostile.sh — a neighbour gone bad and a stranger against a real `serve`:
# truncated frames, forged signatures, broken chains, forks, swapped payloads,
# another neighbourhood's entries, oversized frames and requests, floods, wrong or
# missing keys, replays, garbage on the live link. Each is refused with a log line;
# the server stays up; the honest data stays whole and verifies.
set -u
. "$(dirname "$0")/net-lib.sh"
: "${BN_HOSTILE_PEER:?set by meson}"

net_hood 3
net_post 1 "Honest request before the attack"
net_post 2 "Honest request from the second neighbour"
net_serve 2
"$CLI" -d "$NET_TMP/n1" sync "127.0.0.1:$(net_port 2)" >/dev/null || bail_out "honest sync"
net_serve 1 2
before=$(net_entries 1)
address="127.0.0.1:$(net_port 1)"

hostile () {
  local scenario=$1 what=$2
  # n3 is the member gone bad (or lends its data directory to a stranger).
  if "$BN_HOSTILE_PEER" "$NET_TMP/n3" "$address" "$scenario" >"$NET_TMP/hostile-$scenario.txt" 2>&1; then
    ok "$what"
  else
    not_ok "$what"
    sed 's/^/#   /' "$NET_TMP/hostile-$scenario.txt"
  fi
  expect "serve is still up after: $scenario" kill -0 "${NET_PID[1]}"
}

hostile honest "the test client's key works: three honest entries are stored"
hostile truncated "a frame cut short is refused"
hostile bad-signature "a forged signature is refused (the honest entries before it are kept)"
hostile broken-chain "a broken backlink chain is refused from the break on"
hostile fork "a fork is refused and freezes that log"
hostile bad-payload "a payload that does not match its signed hash is refused"
hostile foreign "another neighbourhood's entries are refused"
hostile oversized "an oversized frame and an oversized request are refused"
hostile not-member "a request signed by an identity that is not a member gets a bare 401 everywhere"
hostile no-auth "no signature at all gets a bare 401"
hostile replay "a replayed request gets 401"
hostile bad-aead "a body that does not open with the key of the pair gets 401"
hostile wrong-to "a request addressed (Bn-To) to another neighbour gets 401"
hostile header-only "a header pushed alone, then the whole entry: the payload is filled in"
expect "...and that post shows" net_has_title 1 "Filled in after a bare header"
hostile bad-frame "[good, bad, good] in one push: 2 added, 1 refused"
hostile bad-pull "a malformed pull request is refused"
hostile live-garbage "garbage on the live link makes the server hang up"
# From an address of its own (127.0.0.42), so it spends no other scenario's budget.
hostile flood "a flood gets 429 once past its burst, while a neighbour elsewhere is served"

# The other way round: a bad server. The client stops at the headers of an
# oversized answer, and drops a well-signed answer from an identity that is not a
# member of its neighbourhood.
for how in huge stranger; do
  "$BN_HOSTILE_PEER" "serve-$how" 0 >"$NET_TMP/bad-$how.log" 2>&1 &
  NET_PID[bad]=$!
  net_wait "the bad server listens" 10 grep -q listening "$NET_TMP/bad-$how.log"
  port=$(sed -n 's/^listening \([0-9]*\)/\1/p' "$NET_TMP/bad-$how.log")
  out=$(timeout 20 "$CLI" -d "$NET_TMP/n2" sync "127.0.0.1:$port" 2>&1); status=$?
  echo "# sync with a server that answers $how:"
  echo "$out" | sed 's/^/#   /'
  case $how in
    huge) expect "a sync stops at an answer announced over the size limit" \
            bash -c "[ $status = 1 ] && grep -q 'over the size limit' <<<'$out'" ;;
    stranger) expect "a sync drops an answer signed by an identity that is not a member" \
              bash -c "[ $status = 1 ] && grep -q 'not a member of this neighbourhood' <<<'$out'" ;;
  esac
  net_stop bad
done

log="$NET_TMP/serve1.log"
for reason in "bad signature" "link to the previous entry is broken" "a fork" \
              "does not match the hash" "another neighbourhood" "cut short" "over the limit" \
              "too many requests" "a replayed request" "Live link from" "not a member of this neighbourhood" \
              "a bad signature\|addressed to another neighbour" "does not open with the key of the pair" \
              "unknown version\|format version"; do
  expect "the refusal is logged: $reason" grep -q "$reason" "$log"
done

# Honest entries kept: what was there plus 3 (honest) + 2 (before the forgery)
# + 1 (before the break) + 2 (before the fork) + 1 (header, then filled in)
# + 2 (n3's invite and admission of the newcomer who wrote that post)
# + 2 (around the bad frame).
after=$(net_entries 1)
expect "exactly the honest entries were added ($before + 13 = $after)" test "$after" -eq $((before + 13))
net_stop 1
expect "the store verifies from the first entry of every log" \
  quiet "$CLI" -d "$NET_TMP/n1" verify
expect "the honest posts are all still there" \
  net_all_have "Honest request before the attack" 1
expect "...including the other neighbour's" \
  net_all_have "Honest request from the second neighbour" 1
expect "no forged title got in" bash -c "! '$CLI' -d '$NET_TMP/n1' list --json | grep -q 'The other number two\|After the fork\|Chain broken\|Payload swapped'"
finish
