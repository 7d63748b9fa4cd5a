#!/usr/bin/env bash
# test-stats.sh — how the neighbourhood is doing, with real processes: a story
# of requests, offers, replies, matches and a referral; three peers fed the same
# entries in different orders write byte-identical `stats --csv`; no cell of the
# CSV, the JSON or the PDF is between 1 and 4, no line of a table leaves a single
# hidden cell next to its total, and no name or word anyone typed appears
# (the PDF's text read with pdftotext); the PDF renders (pdftoppm) with its chart.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

A="$CLI --data-dir $work/anna"
B="$CLI --data-dir $work/bram"
C="$CLI --data-dir $work/cas"
D="$CLI --data-dir $work/dirk"
P1="$CLI --data-dir $work/p1"
P2="$CLI --data-dir $work/p2"
P3="$CLI --data-dir $work/p3"

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
same () { [ "$1" = "$2" ] || { echo "# expected '$2', got '$1'"; return 1; }; }
says () {
  local pattern=$1 out; shift
  out=$("$@" 2>&1) || { echo "# failed: $out"; return 1; }
  printf '%s' "$out" | grep -q -- "$pattern" || { echo "# expected '$pattern' in: $out"; return 1; }
}
fails_saying () {
  local pattern=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 1 ]; then echo "# expected exit 1, got $rc: $err"; return 1; fi
  printf '%s' "$err" | grep -q -- "$pattern" || { echo "# expected '$pattern' in: $err"; return 1; }
}

n_files=0
# snapshot CLI: CLI's log file now, kept for the observers; also given to the others
snapshot () {
  n_files=$((n_files + 1))
  $1 log export "$work/s$n_files.log" >/dev/null || bail_out "log export"
}
give () {
  local from=$1 to; shift
  snapshot "$from"
  for to in "$@"; do $to log import "$work/s$n_files.log" >/dev/null 2>&1; done
}
join_by_file () {
  local code
  code=$($A hood invite | tail -n 1)
  $1 hood join "$code" >/dev/null && $1 log export "$work/ask.log" >/dev/null \
    && $A log import "$work/ask.log" >/dev/null 2>&1
}

$A init --name Annabel >/dev/null && $A hood create "Rue Haute" >/dev/null || bail_out "founder"
for who in B:Brammetje C:Cassandra D:Dirkjan P1:Observer1 P2:Observer2 P3:Observer3; do
  eval "cli=\$${who%%:*}"
  $cli init --name "${who#*:}" >/dev/null && join_by_file "$cli" || bail_out "join ${who#*:}"
done
give "$A" "$B" "$C" "$D"

# --- The story ----------------------------------------------------------------
# Six requests for errands (words nobody else would write), two for paperwork,
# one for company; five garden offers; replies, matches, done, withdrawn.
ids=()
for who in B C D B C D; do
  eval "cli=\$$who"
  ids+=("$($cli post request --category errands --title "Zwartbessenjam halen $who" \
             --body "Quetzalcoatl boodschappen" | tail -n 1)")
done
p1=$($B post request --category paperwork --title "Huurtoelage formulier" | tail -n 1)
p2=$($C post request --category paperwork --title "Belastingbrief Xylofoon" | tail -n 1)
$D post request --category company --title "Wandeling Zeppelinpark" >/dev/null
for who in A A B C D; do
  eval "cli=\$$who"
  $cli post offer --category garden --title "Snoeien Vlinderstruik $who" >/dev/null
done
give "$B" "$A" "$C" "$D"; give "$C" "$A" "$B" "$D"; give "$D" "$A" "$B" "$C"; give "$A" "$B" "$C" "$D"

# Replies and matches: each of the errands gets a reply from a neighbour.
for i in 0 1 2 3 4 5; do
  case $i in 0|3) asker=$B; helper=$C ;; 1|4) asker=$C; helper=$D ;; *) asker=$D; helper=$B ;; esac
  reply=$($helper reply "${ids[$i]}" --text "Ik help graag Mandarijnboom" | tail -n 1)
  snapshot "$helper"; $asker log import "$work/s$n_files.log" >/dev/null 2>&1
  if [ "$i" -lt 5 ]; then $asker accept "${ids[$i]}" "$reply" >/dev/null; fi
  if [ "$i" -lt 2 ]; then $asker status "${ids[$i]}" done >/dev/null; fi
done
$C status "$p2" withdrawn >/dev/null
give "$B" "$A" "$C" "$D"; give "$C" "$A" "$B" "$D"; give "$D" "$A" "$B" "$C"

service=$($A service add --name "Huurdersbond Pelikaan" --category paperwork | tail -n 1)
$A refer "$p1" "$service" --consent phone --note "Schildpad advies" >/dev/null || bail_out "refer"
give "$A" "$B" "$C" "$D"

# --- Three peers, the same entries, three orders -------------------------------
# p1: the snapshots in story order; p2: the last ones first (everything at once,
# then nothing new); p3: every other snapshot, odd ones first.
last=$n_files
for i in $(seq 1 "$last"); do $P1 log import "$work/s$i.log" >/dev/null 2>&1; done
for i in $(seq "$last" -1 1); do $P2 log import "$work/s$i.log" >/dev/null 2>&1; done
for i in $(seq 1 2 "$last") $(seq 2 2 "$last"); do $P3 log import "$work/s$i.log" >/dev/null 2>&1; done

$P1 stats --csv >"$work/p1.csv"; $P2 stats --csv >"$work/p2.csv"; $P3 stats --csv >"$work/p3.csv"
expect "stats --csv is byte-identical on three peers fed the same entries in different orders" \
  bash -c "cmp '$work/p1.csv' '$work/p2.csv' && cmp '$work/p1.csv' '$work/p3.csv'"
expect "...and not empty: 9 requests, 5 offers over the period" \
  same "$(grep "^all,all," "$work/p1.csv" | cut -d, -f3,4)" "9,5"
expect "...with the matched, done and withdrawn counts a connector reads" \
  bash -c "$A stats --csv | grep '^all,all,' | cut -d, -f5-7 | grep -qx '5,<5,<5'"
expect "small counts show as <5 (two requests for paperwork)" \
  same "$(grep '^all,paperwork,' "$work/p1.csv" | cut -d, -f3)" "<5"
expect "a connector's figures count the referral they read; the observers do not read it" \
  same "$($A stats --json | json "next(r['referred'] for r in d['rows'] if r['month'] == 'all' and r['category'] == 'all')") $(grep '^all,all,' "$work/p1.csv" | cut -d, -f9)" "<5 0"

# --- Safe to hand over -----------------------------------------------------------
$A stats --csv >"$work/a.csv"
$A stats --json >"$work/a.json"
check_cells () {
  /usr/bin/python3 - "$1" <<'EOF'
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8'))]
head, data = rows[0], [r for r in rows[1:] if r[0] != 'note']
bad = [(r[0], r[1], head[i], v) for r in data for i, v in enumerate(r) if i >= 2 and v in ('1', '2', '3', '4')]
if bad:
    print('# cells between 1 and 4:', bad[:5]); sys.exit(1)
# Complementary suppression: in every line of every additive table (a month's
# categories and its total; a category's months and its total), never exactly
# one hidden cell, or it could be worked out from the total.
additive = head[2:9]
months = sorted({r[0] for r in data})
cats = sorted({r[1] for r in data})
cell = {(r[0], r[1]): dict(zip(head, r)) for r in data}
for m in additive:
    lines = [[cell[(mo, c)][m] for c in cats] for mo in months] + \
            [[cell[(mo, c)][m] for mo in months] for c in cats]
    for line in lines:
        if sum(v in ('<5', 'x') for v in line) == 1:
            print('# a line with one hidden cell in', m, line); sys.exit(1)
EOF
}
expect "no cell of the CSV is between 1 and 4" check_cells "$work/a.csv"
expect "no line of a table holds a single hidden cell next to its total" check_cells "$work/p1.csv"
expect "the JSON holds no count between 1 and 4 either" \
  same "$(json "sum(1 for r in d['rows'] for k, v in r.items() if v in (1, 2, 3, 4))" <"$work/a.json")" "0"
words="Annabel Brammetje Cassandra Dirkjan Observer Zwartbessenjam Quetzalcoatl Huurtoelage Xylofoon Zeppelinpark Vlinderstruik Mandarijnboom Pelikaan Schildpad"
no_words () {
  local word
  for word in $words; do
    if grep -qi -- "$word" "$1"; then echo "# '$word' is in $1"; return 1; fi
  done
}
expect "no name or word anyone typed is in the CSV" no_words "$work/a.csv"
expect "...nor in the JSON" no_words "$work/a.json"
expect "the footer says what is not counted" says "Not counted: posts their authors deleted" $A stats --csv

# --- The PDF report -------------------------------------------------------------
expect "stats --pdf writes a report" says "Wrote the report" $A stats --pdf "$work/report.pdf"
pdftotext -layout "$work/report.pdf" "$work/report.txt" 2>/dev/null
expect "the report's text names the neighbourhood and the period" \
  bash -c "grep -q 'Rue Haute' '$work/report.txt' && grep -q 'From 20[0-9-]* to 20' '$work/report.txt'"
expect "...holds the tables and the footer" \
  bash -c "grep -q 'By month' '$work/report.txt' && grep -q 'By category' '$work/report.txt' && grep -q 'Not counted' '$work/report.txt'"
expect "...and no name or word anyone typed" no_words "$work/report.txt"
expect "...and no figure between 1 and 4" \
  bash -c "! tr -s ' \n' '\n\n' <'$work/report.txt' | grep -qxE '[1-4]'"
expect "the report renders (pdftoppm)" pdftoppm -r 40 -png -f 1 -l 1 "$work/report.pdf" "$work/page"
pdftoppm -r 40 -f 1 -l 1 "$work/report.pdf" "$work/raw" 2>/dev/null
expect "...with the chart's bars drawn" /usr/bin/python3 - "$work"/raw*.ppm <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
# P6 header: magic, width, height, maxval, then RGB bytes
parts = data.split(b'\n', 3)
pixels = parts[3]
blue = sum(1 for i in range(0, len(pixels) - 2, 3)
           if pixels[i] < 90 and 110 < pixels[i + 1] < 160 and pixels[i + 2] > 200)
print('# blue pixels:', blue)
sys.exit(0 if blue > 20 else 1)
EOF

expect "a bad month is refused in plain words" fails_saying "YYYY-MM" $A stats --from 2026-13
expect "a period that runs backwards is refused" fails_saying "comes after" $A stats --from 2026-05 --to 2026-01
expect "--from and --to choose the months" \
  same "$($A stats --json --from 2025-11 --to 2026-02 | json "d['from'] + ' ' + d['to'] + ' ' + str(len({r['month'] for r in d['rows']}))")" \
  "2025-11 2026-02 5"

finish
