#!/usr/bin/env bash
# test-moderation.sh — when a neighbour misbehaves, with real processes and log
# files between them: a report that only the connectors and the reporter read
# (a neighbour who is no connector carries it unread), marked handled; a hide
# only a connector can make, shown as "Hidden by Anna: …" everywhere, in the
# moderation log, and undone; a post's author hiding a reply on their post;
# blocking on one computer (a blocked neighbour's new reply does not show, a
# new private post is not sealed to them); and what the commands say to
# wrong input.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

A="$CLI --data-dir $work/anna"
B="$CLI --data-dir $work/bram"
C="$CLI --data-dir $work/cas"
D="$CLI --data-dir $work/dora"

# fails_saying PATTERN CMD...: exit status 1 and one line on stderr that says PATTERN
fails_saying () {
  local pattern=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 1 ]; then echo "# expected exit 1, got $rc: $err"; return 1; fi
  if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then echo "# expected one line: $err"; return 1; fi
  if ! printf '%s' "$err" | grep -q -- "$pattern"; then echo "# expected '$pattern' in: $err"; return 1; fi
}

# says PATTERN CMD...: the command succeeds and its output holds PATTERN
says () {
  local pattern=$1 out; shift
  out=$("$@" 2>&1) || { echo "# failed: $out"; return 1; }
  printf '%s' "$out" | grep -q -- "$pattern" || { echo "# expected '$pattern' in: $out"; return 1; }
}

# lacks PATTERN CMD...: the command succeeds and its output does not hold PATTERN
lacks () {
  local pattern=$1 out; shift
  out=$("$@" 2>&1) || { echo "# failed: $out"; return 1; }
  ! printf '%s' "$out" | grep -q -- "$pattern" || { echo "# did not expect '$pattern' in: $out"; return 1; }
}

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
peer_id () { $1 whoami --json | json "d['peer_id']"; }
# post_field CLI ID FIELD: a field of the post ID in CLI's list --json
post_field () { $1 list --json | json "next((p.get('$3') for p in d if p['id'] == '$2'), 'absent')"; }

# give FROM_CLI TO_CLI...: FROM's log file imported by each TO
n_files=0
give () {
  local from=$1 to; shift
  n_files=$((n_files + 1))
  $from log export "$work/f$n_files.log" >/dev/null || bail_out "log export"
  for to in "$@"; do $to log import "$work/f$n_files.log" >/dev/null 2>&1; done
}
# everyone: each one's file, in turn, to all the others (each file holds what
# the ones before brought, so one round brings everything everywhere)
everyone () {
  give "$A" "$B" "$C" "$D"; give "$B" "$A" "$C" "$D"
  give "$C" "$A" "$B" "$D"; give "$D" "$A" "$B" "$C"
}

$A init --name Anna >/dev/null || bail_out "init failed"
$A hood create "Rue Haute" >/dev/null || bail_out "hood create failed"
for X in "$B:Bram" "$C:Cas" "$D:Dora"; do
  cli=${X%:*}; name=${X##*:}
  $cli init --name "$name" >/dev/null
  $cli hood join "$($A hood invite | tail -n 1)" >/dev/null || bail_out "join $name"
  $cli log export "$work/ask.log" >/dev/null && $A log import "$work/ask.log" >/dev/null \
    || bail_out "admit $name"
done
everyone
anna=$(peer_id "$A"); bram=$(peer_id "$B"); cas=$(peer_id "$C"); dora=$(peer_id "$D")

watches=$($B post offer --category other --title "Cheap watches" --body "Call 0470 12 34 56" | tail -n 1)
sofa=$($A post request --category repairs --title "Help moving a sofa" | tail -n 1)
everyone

# --- Reports --------------------------------------------------------------
expect "a report needs a reason" fails_saying "reason" $C report "${watches:0:12}"
expect "...one of spam, harassment, privacy, unsafe or other" \
  fails_saying "spam, harassment" $C report "${watches:0:12}" --reason annoying
out=$($C report "${watches:0:12}" --reason spam --text "Every day again")
report=$(tail -n 1 <<<"$out")
expect "Cas reports Bram's post and reads that only the connectors and she can read it" \
  grep -q "only they and you can read it" <<<"$out"
expect "...and sees her own report" says "spam" $C reports
# Cas's file goes to Dora only; Dora's to Anna and Bram.
give "$C" "$D"
give "$D" "$A" "$B"
expect "the report reaches Anna, a connector, through Dora" \
  [ "$($A reports --json | json "[r['reason'] for r in d if r['id'] == '$report']")" = "['spam']" ]
expect "...with Cas's words and what she reported" \
  says "Cheap watches" $A reports
expect "Dora, who carried it, cannot read it" [ "$($D reports --json | json "len(d)")" = 0 ]
expect "Bram, whom it is about, cannot read it" [ "$($B reports --json | json "len(d)")" = 0 ]
expect "a report makes nothing happen by itself" \
  [ "$(post_field "$A" "$watches" hidden_by)" = None ]
expect "a neighbour who is no connector cannot mark it handled" \
  fails_saying "Only connectors" $D report-handled "${report:0:12}"
expect "Anna marks it handled" says "Marked handled" $A report-handled "${report:0:12}"
give "$A" "$D"; give "$D" "$C"
expect "...and Cas reads that it was" \
  [ "$($C reports --json | json "d[0]['state'] + ' ' + d[0]['handled_by_name']")" = "handled Anna" ]
expect "a neighbour can be reported too" says "only they and you" $C report "$bram" --reason harassment

# --- Hides ----------------------------------------------------------------
expect "a neighbour who is no connector cannot hide for everyone" \
  fails_saying "Only a connector" $C hide "${watches:0:12}" --reason "Not help"
expect "...nor hide a neighbour" fails_saying "Only a connector" $C hide "$bram" --reason "Not help"
expect "a hide needs a reason" fails_saying "reason" $A hide "${watches:0:12}"
expect "Anna hides Bram's post for everyone" \
  says "Hidden for everyone" $A hide "${watches:0:12}" --reason "Advertising"
everyone
for X in "$A" "$B" "$C" "$D"; do
  expect "every neighbour's list shows it as hidden by Anna ($(basename "${X##* }"))" \
    says "Hidden by Anna: Advertising" $X list
done
expect "list --json says who hid it and why, without its text" \
  [ "$(post_field "$D" "$watches" hidden_by_name)/$(post_field "$D" "$watches" hidden_reason)/$(post_field "$D" "$watches" title)/$(post_field "$D" "$watches" body)" = "Anna/Advertising//None" ]
expect "show says it too" says "Hidden by Anna: Advertising" $C show "${watches:0:12}"
expect "the moderation log says who hid it, and why" \
  says "Anna hid something Bram posted (${watches:0:12}): Advertising" $D moderation
expect "...as JSON too" \
  [ "$($D moderation --json | json "[(a['action'], a['actor_name'], a['reason']) for a in d if a['action'] == 'hide']")" = "[('hide', 'Anna', 'Advertising')]" ]
expect "a neighbour who is no connector cannot show it again" \
  fails_saying "only connectors undo" $C unhide "${watches:0:12}"
expect "Anna shows it again" says "Shown again" $A unhide "${watches:0:12}"
everyone
expect "...and everyone reads it again" says "Cheap watches" $D list
expect "the log keeps both" says "Anna showed again what Bram posted" $D moderation

# A post's author hides a rude reply on his own post (he is no connector).
rude=$($D reply "${watches:0:12}" --text "Nobody wants your watches" | tail -n 1)
give "$D" "$B"
expect "a post's author may not erase a reply on it: only connectors erase" \
  fails_saying "Only a connector can erase" $B hide "${rude:0:12}" --reason "Unkind" --erase
expect "...but Bram hides Dora's reply on his post" \
  says "Hidden for everyone" $B hide "${rude:0:12}" --reason "Unkind"
give "$B" "$D"
expect "the reply shows as hidden on his post" says "Hidden by Bram: Unkind" $B show "${watches:0:12}"
expect "...to Dora, who wrote it, too" says "Hidden by Bram: Unkind" $D show "${watches:0:12}"

# --- Roles in the log -----------------------------------------------------
expect "Anna appoints Bram" says "connector" $A connector appoint "$bram"
everyone
expect "the log lists the new connector" says "Anna made Bram a connector" $C moderation

# --- Blocking -------------------------------------------------------------
expect "Anna blocks Cas on her computer" says "They are not told" $A block "$cas"
expect "blocked lists her" says "Cas" $A blocked
expect "blocked --json too" [ "$($A blocked --json | json "d[0]['peer_id']")" = "$cas" ]
helpful=$($C reply "${sofa:0:12}" --text "I can help on Sunday" | tail -n 1)
everyone
expect "Cas's new reply does not show on Anna's computer" lacks "I can help on Sunday" $A show "${sofa:0:12}"
expect "...though it reached it" \
  [ "$($A verify >/dev/null && $C whoami --json | json "d['entries']")" = "$($A whoami --json | json "d['entries']")" ]
expect "a post for chosen people that names Cas is refused" \
  fails_saying "unblock them first" $A post request --category other --title "For Cas" --to "$cas"
expect "Dora blocks Bram, a connector" says "They are not told" $D block "${bram:0:10}"
$D post request --category listening --title "Ik voel me eenzaam" --visibility connectors >/dev/null
everyone
expect "Dora's new post for the connectors reaches Anna" says "Ik voel me eenzaam" $A list
expect "...and is not sealed to Bram, whom she blocks" lacks "Ik voel me eenzaam" $B list
expect "Anna unblocks Cas" says "Unblocked" $A unblock "$cas"
expect "...and Cas's reply shows again" says "I can help on Sunday" $A show "${sofa:0:12}"
expect "blocking yourself is refused" fails_saying "yourself" $A block "$anna"

finish
