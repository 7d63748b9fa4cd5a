#!/usr/bin/env bash
# Meetups between four neighbours exchanging log files: with a capacity, the same
# people are confirmed and waitlisted on every peer whatever order the RSVPs
# arrive in; only the organiser cancels; repetition across the changes to and
# from summer time; and the .ics file, read by a real iCalendar parser.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI to the buurtnet-cli binary}
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
A="$CLI --data-dir $work/anna"
B="$CLI --data-dir $work/bram"
C="$CLI --data-dir $work/cas"
D="$CLI --data-dir $work/dina"

json () { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export_log () { $1 log export "$work/$2.log" >/dev/null; }
import_log () { $1 log import "$work/$2.log" >/dev/null; }
# Who is confirmed and who waits, as one peer sees the meetup.
queue () { $1 event show "$2" --json | json "[(r['name'], r['state']) for r in d['rsvps'] if r['answer'] == 'yes']"; }

$A init --name Anna >/dev/null || bail_out "init failed"
$A hood create "Rue Haute" >/dev/null
join () {   # join DATA_DIR NAME
  local N="$CLI --data-dir $work/$1"
  $N init --name "$2" >/dev/null
  $N hood join "$($A hood invite | tail -n 1)" >/dev/null
  $N log export "$work/ask.log" >/dev/null
  $A log import "$work/ask.log" >/dev/null
  $A log export "$work/welcome.log" >/dev/null
  $N log import "$work/welcome.log" >/dev/null
}
join bram Bram
join cas Cas
join dina Dina

event=$($A event create --title "Coffee in the courtyard" --start 2030-06-01T10:00 \
  --end 2030-06-01T12:00 --place "the courtyard" --category coffee --capacity 3 | tail -n 1)
expect "event create prints the event ID last" [ ${#event} -eq 64 ]
export_log "$A" a
for P in "$B" "$C" "$D"; do import_log "$P" a; done
expect "Bram sees the meetup" [ "$($B events --json | json "d[0]['title']")" = "Coffee in the courtyard" ]
expect "its place and kind" [ "$($B event show "$event" --json | json "(d['place'], d['category'], d['capacity'])")" = "('the courtyard', 'coffee', 3)" ]

# Bram (with a guest) answers first, then Cas, then Dina: three places.
$B rsvp "$event" yes --guests 1 >/dev/null; sleep 0.05
$C rsvp "$event" yes >/dev/null; sleep 0.05
$D rsvp "$event" yes >/dev/null
$A rsvp "$event" maybe >/dev/null
export_log "$B" b; export_log "$C" c; export_log "$D" d
export_log "$A" a

# Three peers, fed in three different orders.
import_log "$A" b; import_log "$A" c; import_log "$A" d
import_log "$C" d; import_log "$C" a; import_log "$C" b
import_log "$D" c; import_log "$D" b; import_log "$D" a
expected="[('Bram', 'confirmed'), ('Cas', 'confirmed'), ('Dina', 'waitlisted')]"
for P in A C D; do
  eval "N=\$$P"
  expect "on $P's peer Bram and his guest and Cas are confirmed, Dina waits" [ "$(queue "$N" "$event")" = "$expected" ]
done
expect "Anna's maybe is listed, not counted" \
  [ "$($A event show "$event" --json | json "(d['going'], d['waiting'], d['maybe'])")" = "(3, 1, 1)" ]
expect "Dina's peer shows her own answer" \
  [ "$($D event show "$event" --json | json "d['my_answer']")" = "yes" ]

# Bram can't come after all: Dina moves up everywhere.
$B rsvp "$event" no >/dev/null
export_log "$B" b
import_log "$D" b; import_log "$C" b; import_log "$A" b
for P in A C D; do
  eval "N=\$$P"
  expect "after Bram's no, Cas and Dina are confirmed on $P's peer" \
    [ "$(queue "$N" "$event")" = "[('Cas', 'confirmed'), ('Dina', 'confirmed')]" ]
done

expect "a guest count above the limit is refused" sh -c "$C rsvp '$event' yes --guests 50 2>&1 | grep -q 'up to 20'"
expect "only the organiser cancels" sh -c "$B event cancel '$event' 2>&1 | grep -q 'Only the neighbour who organises'"
expect "the organiser cancels" $A event cancel "$event"
export_log "$A" a; import_log "$B" a
expect "Bram sees it cancelled" [ "$($B event show "$event" --json | json "d['cancelled']")" = "True" ]
expect "nobody answers a cancelled meetup" sh -c "$B rsvp '$event' yes 2>&1 | grep -q 'cancelled'"

expect "repetition stops within a year" \
  sh -c "$A event create --title x --start 2030-01-01T10:00 --end 2030-01-01T11:00 --place here --repeat weekly --until 2031-06-01 2>&1 | grep -q 'at most a year'"
expect "an end before the start is refused" \
  sh -c "$A event create --title x --start 2030-01-01T10:00 --end 2030-01-01T09:00 --place here 2>&1 | grep -q 'ends after it starts'"
expect "an unknown kind of meetup is refused with the list" \
  sh -c "$A event create --title x --start 2030-01-01T10:00 --end 2030-01-01T11:00 --place here --category rave 2>&1 | grep -q 'coffee, walk'"

# Repetition keeps the Brussels wall-clock time across the autumn and spring changes.
autumn=$($A event create --title "Repair café" --start 2026-10-21T19:00 --end 2026-10-21T21:00 \
  --place "Zaaltje Karreveld" --category repair --repeat weekly --until 2026-11-04 | tail -n 1)
spring=$($A event create --title "Walk" --start 2027-03-24T19:00 --end 2027-03-24T20:00 \
  --place "the park gate" --category walk --repeat weekly --until 2027-04-07 | tail -n 1)
nth=$($A event create --title "Info session" --start 2026-11-10T14:00 --end 2026-11-10T15:00 \
  --place "the library" --category info --repeat monthly-nth --until 2027-02-28 | tail -n 1)
expect "weekly across the October change: 19:00 every time" \
  [ "$($A event show "$autumn" --json | json "[o['start'] for o in d['occurrences']]")" = \
    "['2026-10-21T19:00:00+02:00', '2026-10-28T19:00:00+01:00', '2026-11-04T19:00:00+01:00']" ]
expect "weekly across the March change: 19:00 every time" \
  [ "$($A event show "$spring" --json | json "[o['start'] for o in d['occurrences']]")" = \
    "['2027-03-24T19:00:00+01:00', '2027-03-31T19:00:00+02:00', '2027-04-07T19:00:00+02:00']" ]
expect "monthly on the second Tuesday" \
  [ "$($A event show "$nth" --json | json "[o['start'][:10] for o in d['occurrences']]")" = \
    "['2026-11-10', '2026-12-08', '2027-01-12', '2027-02-09']" ]

# The .ics files, read by Python's icalendar; times checked in UTC.
if ! /usr/bin/python3 -c 'import icalendar, dateutil' 2>/dev/null; then
  ok "# SKIP python3-icalendar is not installed (./dev.sh installs it)"
else
  $A event ics "$autumn" "$work/autumn.ics" >/dev/null
  $A event ics "$spring" "$work/spring.ics" >/dev/null
  $A event ics "$event" "$work/cancelled.ics" >/dev/null
  expect "event ics writes files" [ -s "$work/autumn.ics" ]
  check_ics () {   # check_ics FILE EXPECTED-UTC-STARTS
    /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, datetime
from zoneinfo import ZoneInfo
import icalendar
from dateutil.rrule import rrulestr

data = open(sys.argv[1], 'rb').read()
assert b'\r\n' in data, 'lines end in CRLF'
assert all(len(line) <= 75 for line in data.split(b'\r\n')), 'lines are folded at 75 octets'
cal = icalendar.Calendar.from_ical(data)
tz = [c for c in cal.walk('VTIMEZONE')]
assert tz and str(tz[0]['TZID']) == 'Europe/Brussels', 'a VTIMEZONE for Europe/Brussels'
ev = cal.walk('VEVENT')[0]
start = ev['DTSTART']
assert start.params['TZID'] == 'Europe/Brussels', start.params
alarms = [str(a['TRIGGER'].dt) for a in ev.walk('VALARM')]
assert alarms == ['-1 day, 0:00:00', '-1 day, 23:00:00'], alarms
brussels = ZoneInfo('Europe/Brussels')
local = start.dt.replace(tzinfo=None)
rule = ev['RRULE'].to_ical().decode()
until = ev['RRULE']['UNTIL'][0].astimezone(brussels).replace(tzinfo=None)
rule = ';'.join(p for p in rule.split(';') if not p.startswith('UNTIL'))
starts = [d.replace(tzinfo=brussels).astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')
          for d in rrulestr(rule, dtstart=local).between(local, until, inc=True)]
# icalendar's own reading of DTSTART must agree with the first one.
first = start.dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')
assert first == starts[0], (first, starts)
assert starts == sys.argv[2].split(), starts
PY
  }
  expect "the autumn .ics parses, with 17:00Z then 18:00Z after the change" \
    check_ics "$work/autumn.ics" "2026-10-21T17:00Z 2026-10-28T18:00Z 2026-11-04T18:00Z"
  expect "the spring .ics parses, with 18:00Z then 17:00Z after the change" \
    check_ics "$work/spring.ics" "2027-03-24T18:00Z 2027-03-31T17:00Z 2027-04-07T17:00Z"
  expect "a cancelled meetup's .ics says so" grep -q "STATUS:CANCELLED" "$work/cancelled.ics"
  expect "the .ics carries the title, place and a unique ID" \
    [ "$(/usr/bin/python3 -c "import icalendar,sys; e=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()).walk('VEVENT')[0]; print(str(e['SUMMARY']), str(e['LOCATION']), str(e['UID']))" "$work/autumn.ics")" = \
      "Repair café Zaaltje Karreveld $autumn@buurtnet" ]
fi

finish
