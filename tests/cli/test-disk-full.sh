#!/usr/bin/env bash
# A neighbour's disk fills up to the last byte: reading commands still answer,
# every writing command says in one sentence that the disk is full and nothing
# was lost, and once space is freed everything is there and `verify` passes.
# The disk is a real filesystem of 4 MiB (tmpfs), which needs root to mount.
set -u
CLI=${BUURTNET_CLI:?set BUURTNET_CLI}
. "$(dirname "$0")/tap.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "1..0 # SKIP mounting a small filesystem to fill needs root (CI runs this as root)"
  exit 0
fi

FULL="The disk is full; free some space and try again (nothing was lost)"
work=$(mktemp -d)
disk="$work/disk"
serve_pid=
cleanup () {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  umount "$disk" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$disk"
mount -t tmpfs -o size=4m,mode=0700 buurtnet-disk-full "$disk" || bail_out "could not mount a tmpfs"

anna=(--data-dir "$disk/anna")
$CLI "${anna[@]}" init --name Anna >/dev/null || bail_out "init failed"
$CLI "${anna[@]}" hood create "Rue Haute 12" >/dev/null || bail_out "hood create failed"
$CLI "${anna[@]}" profile set --talent errands --building 12 >/dev/null || bail_out "profile failed"
post_id=$($CLI "${anna[@]}" post request --category errands --title "Groceries on Saturday" \
  --body "Milk, bread and apples" | tail -n 1)
[ -n "$post_id" ] || bail_out "post failed"
list_before=$($CLI "${anna[@]}" list --json)

available_kib () { df --output=avail -k "$disk" | tail -n 1 | tr -d ' '; }

# fill_leaving KIB: a file takes all the room but KIB.
fill_leaving () {
  rm -f "$disk/fill"
  local room=$(( $(available_kib) - $1 ))
  dd if=/dev/zero of="$disk/fill" bs=1k count="$room" status=none 2>/dev/null
  # tmpfs counts whole pages: top up what dd left, byte by byte if it must.
  [ "$1" -eq 0 ] && dd if=/dev/zero of="$disk/fill" bs=1 oflag=append conv=notrunc \
    status=none 2>/dev/null
  true
}

# says_disk_full WHAT OUTPUT-FILE: one line, the sentence, nothing else.
says_disk_full () {
  local lines
  lines=$(wc -l <"$2")
  if [ "$lines" -eq 1 ] && grep -qF "$FULL" "$2"; then
    ok "$1 says the disk is full and nothing was lost"
  else
    not_ok "$1 says the disk is full and nothing was lost (said: $(tr '\n' ' ' <"$2"))"
  fi
}

# --- the disk is full to the last byte, no other Buurtnet process running ---
fill_leaving 0
expect "the disk is full (0 KiB free)" [ "$(available_kib)" -eq 0 ]

out=$($CLI "${anna[@]}" list 2>&1)
expect "list works on a full disk" grep -q "Groceries on Saturday" <<<"$out"
out=$($CLI "${anna[@]}" list --json 2>&1)
expect "list --json shows what it showed before" [ "$out" = "$list_before" ]
out=$($CLI "${anna[@]}" whoami 2>&1)
expect "whoami works on a full disk" grep -q "Rue Haute 12" <<<"$out"
out=$($CLI "${anna[@]}" verify 2>&1)
expect "verify works on a full disk ($out)" grep -q "entries verified" <<<"$out"
out=$($CLI "${anna[@]}" neighbours 2>&1)
expect "neighbours works on a full disk" grep -q "Anna" <<<"$out"
out=$($CLI "${anna[@]}" show "$post_id" 2>&1)
expect "show works on a full disk" grep -q "Milk, bread and apples" <<<"$out"
expect "peers works on a full disk" $CLI "${anna[@]}" peers

writes=(
  "post|post request --category garden --title Weeding"
  "profile set|profile set --talent garden"
  "reply|reply $post_id --text Gladly"
  "status|status $post_id done"
  "peer add|peer add 192.0.2.1:7447"
  "hood create|hood create Elsewhere"
  "serve|serve --no-mdns --port 0"
)
for write in "${writes[@]}"; do
  what=${write%%|*}
  # shellcheck disable=SC2086 # the command's words are split on purpose
  timeout 20 $CLI "${anna[@]}" ${write#*|} >/dev/null 2>"$work/err"
  status=$?
  expect "$what fails on a full disk (exit $status)" [ "$status" -eq 1 ]
  says_disk_full "$what" "$work/err"
done
$CLI --data-dir "$disk/bram" init --name Bram >/dev/null 2>"$work/err"
says_disk_full "init of a new neighbour" "$work/err"

# --- a little room left: opening works, the write itself finds no room ---
fill_leaving 48
body=$(head -c 45000 /dev/zero | tr '\0' 'x')
$CLI "${anna[@]}" post request --category errands --title "Long list" --body "$body" \
  >/dev/null 2>"$work/err"
expect "a post larger than the room left fails" [ $? -eq 1 ]
says_disk_full "a post that fills the disk while it is written" "$work/err"

# --- a headless peer keeps the database open while the disk fills ---
fill_leaving 2048
$CLI "${anna[@]}" serve --no-mdns --port 0 >"$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do grep -q "serving on port" "$work/serve.out" && break; sleep 0.1; done
expect "serve started" grep -q "serving on port" "$work/serve.out"
fill_leaving 0
out=$($CLI "${anna[@]}" list 2>&1)
expect "list works on a full disk while serve runs" grep -q "Groceries on Saturday" <<<"$out"
out=$($CLI "${anna[@]}" verify 2>&1)
expect "verify works on a full disk while serve runs ($out)" grep -q "entries verified" <<<"$out"
kill "$serve_pid" && wait "$serve_pid" 2>/dev/null
serve_pid=

# --- space is freed: nothing was lost, and writing works again ---
rm -f "$disk/fill"
out=$($CLI "${anna[@]}" verify 2>&1)
# Anna's root and first invite, her profile, her request: all there.
expect "verify passes once space is freed ($out)" grep -q "All 5 entries verified" <<<"$out"
out=$($CLI "${anna[@]}" list --json 2>&1)
expect "the posts are as before" [ "$out" = "$list_before" ]
expect "posting works again" \
  sh -c "$CLI --data-dir '$disk/anna' post request --category garden --title Weeding >/dev/null"

finish
