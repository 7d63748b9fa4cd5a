#!/usr/bin/env bash
# bench/sync/catchup.sh [options] BUILD_A [BUILD_B] — a fresh reader's catch-up, the
# reader's CPU taken apart from its wall clock, and two builds side by side.
#
#   -n REPS          readers per build (default 5), A and B in turn: A B A B …
#   --authors N      authors on the serving side (default 100)
#   --per-author N   entries each (default 1000)
#   --wrap 'CMD'     run each reader's `sync` under CMD (split as the shell
#                    splits words), e.g. 'perf stat -e instructions:u -x, -o F'
#                    or 'valgrind --tool=callgrind --callgrind-out-file=F';
#                    %b in CMD is the build's letter, %r the rep
#   --check          after the first reader of each build: `buurtnet-cli verify`,
#                    and its tables against a rebuild of the same data by
#                    BUILD_B's fold (BUILD_A's when there is no B)
#   --keep DIR       keep the data directories in DIR
#
# One `serve` (BUILD_B's, or A's when alone) holds the log the way bench/sync/run.sh
# makes it; each reader is a new member who joins with an invite and runs
# `buurtnet-cli sync` straight to the serving port (no proxy: the bytes are
# bench/sync/run.sh's business). Per reader: entries, "all stored after" and "in
# the lists after" as the CLI says, and the process's user and system CPU-seconds
# and peak memory as the kernel counts them (wait4). Prints one JSON object per
# reader, then a summary: medians of each build, and A/B pair by pair.
# Reports only; never fails on a number.
set -uo pipefail
cd "$(dirname "$0")/../.."
REPS=5; AUTHORS=100; PER=1000; WRAP=""; CHECK=0; KEEP=""
BUILDS=()
while [ $# -gt 0 ]; do
  case $1 in
    -n) REPS=$2; shift ;;
    --authors) AUTHORS=$2; shift ;;
    --per-author) PER=$2; shift ;;
    --wrap) WRAP=$2; shift ;;
    --check) CHECK=1 ;;
    --keep) KEEP=$2; shift ;;
    *) BUILDS+=("$1") ;;
  esac
  shift
done
[ ${#BUILDS[@]} -ge 1 ] || { sed -n 2,24p "$0" >&2; exit 2; }
SEED_BUILD=${BUILDS[-1]}
for b in "${BUILDS[@]}"; do
  for f in src/cli/buurtnet-cli tests/tools/bn-make-log; do
    [ -x "$b/$f" ] || { echo "catchup: $b/$f is missing; build first" >&2; exit 1; }
  done
done

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-catchup.XXXXXX")
SERVE=""
cleanup () { [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null; wait 2>/dev/null
             if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp -a "$T"/. "$KEEP"/; fi; rm -rf "$T"; }
trap cleanup EXIT
log () { echo "[catchup] $*" >&2; }
cli () { local b=$1; shift; "$b/src/cli/buurtnet-cli" "$@"; }

log "seeder: $AUTHORS authors x $PER entries (build $SEED_BUILD)"
cli "$SEED_BUILD" -d "$T/seeder" init --name seeder >/dev/null
cli "$SEED_BUILD" -d "$T/seeder" hood create Benchstraat >/dev/null
"$SEED_BUILD/tests/tools/bn-make-log" "$T/seeder" "$AUTHORS" "$PER" "$T/big.log"
cli "$SEED_BUILD" -d "$T/seeder" log import "$T/big.log" >/dev/null
# not through cli(): a function in the background is a subshell, and $! would be its PID
"$SEED_BUILD/src/cli/buurtnet-cli" -d "$T/seeder" serve --no-mdns --port 0 >"$T/seeder.log" 2>&1 &
SERVE=$!
PORT=""
for i in $(seq 3000); do
  PORT=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$T/seeder.log" | grep -v '^0$' | head -1)
  [ -n "$PORT" ] && break
  kill -0 $SERVE 2>/dev/null || break
  sleep 0.02
done
[ -n "$PORT" ] || { log "serve did not start:"; cat "$T/seeder.log" >&2; exit 1; }

# check_tables DIR BUILD: verify, then every table of DIR against a rebuild of a
# copy by BUILD's fold (the rebuild a schema upgrade does when it opens).
check_tables () {
  local dir=$1 ref=$2
  cli "$ref" -d "$dir" verify >"$T/verify.out" 2>&1 || { log "  verify FAILED:"; cat "$T/verify.out" >&2; }
  log "  verify: $(tail -1 "$T/verify.out")"
  rm -rf "$dir.rebuilt"; cp -a "$dir" "$dir.rebuilt"
  python3 - "$dir.rebuilt" <<'PY'
import glob, sqlite3, sys
db = sqlite3.connect(glob.glob(sys.argv[1] + "/*.db")[0])
db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('rebuild_pending', '1')")
db.commit()
PY
  cli "$ref" -d "$dir.rebuilt" whoami >/dev/null
  python3 - "$dir" "$dir.rebuilt" <<'PY' >&2
import glob, sqlite3, sys
def tables(path):
    db = sqlite3.connect(glob.glob(path + "/*.db")[0])
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                      " AND name NOT IN ('meta', 'peers')")]
    return {n: sorted(map(repr, db.execute(f"SELECT * FROM {n}"))) for n in names}
a, b = tables(sys.argv[1]), tables(sys.argv[2])
same = [n for n in a if a[n] == b.get(n)]
differ = [n for n in a if a[n] != b.get(n)]
rows = sum(len(a[n]) for n in a)
print(f"[catchup]   tables after the sync vs a rebuild: {len(same)} equal, {len(differ)} differ"
      f" {differ or ''} ({rows} rows)")
PY
}

run_reader () {   # run_reader LETTER BUILD REP
  local letter=$1 b=$2 rep=$3 dir="$T/reader-$1$3" code wrap=()
  cli "$b" -d "$dir" init --name "reader$1$3" >/dev/null
  code=$(cli "$SEED_BUILD" -d "$T/seeder" hood invite | tail -1)
  cli "$b" -d "$dir" hood join "$code" >/dev/null
  if [ -n "$WRAP" ]; then
    read -r -a wrap <<<"${WRAP//%b/$letter}"; wrap=("${wrap[@]//%r/$rep}")
  fi
  /usr/bin/time -o "$T/time.out" -f '%U %S %M %e' "${wrap[@]}" \
    "$b/src/cli/buurtnet-cli" -d "$dir" sync "127.0.0.1:$PORT" >"$T/sync.out" 2>&1
  python3 - "$letter" "$rep" "$T/sync.out" "$T/time.out" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, re, sys
letter, rep, out, tm, load = sys.argv[1:]
text = open(out).read()
u, s, m, e = open(tm).read().split()[-4:]
g = lambda p: (lambda x: float(x.group(1)) if x else None)(re.search(p, text))
n = g(r": (\d+) entries in")
print(json.dumps({"build": letter, "rep": int(rep), "entries": n,
  "stored_s": g(r"all stored after ([\d.]+) s"), "lists_s": g(r"in the lists after ([\d.]+) s"),
  "user_s": float(u), "sys_s": float(s), "cpu_s": round(float(u) + float(s), 3),
  "rss_mb": round(int(m) / 1024, 1), "wall_s": float(e), "load": load}))
PY
  grep -q "entries in" "$T/sync.out" || { log "  sync failed:"; cat "$T/sync.out" >&2; }
  if [ $CHECK = 1 ] && [ "$rep" = 1 ]; then check_tables "$dir" "$SEED_BUILD"; fi
  [ -n "$KEEP" ] || rm -rf "$dir" "$dir.rebuilt"
}

LETTERS=(A B)
: >"$T/runs.jsonl"
for rep in $(seq "$REPS"); do
  for i in "${!BUILDS[@]}"; do
    line=$(run_reader "${LETTERS[$i]}" "${BUILDS[$i]}" "$rep")
    echo "$line" | tee -a "$T/runs.jsonl"
  done
done
python3 - "$T/runs.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
out = {}
for letter in "AB":
    rs = [r for r in runs if r["build"] == letter]
    if not rs:
        continue
    med = lambda k: statistics.median(r[k] for r in rs if r[k] is not None)
    rng = lambda k: [min(r[k] for r in rs), max(r[k] for r in rs)]
    n = rs[0]["entries"] or 0
    out[letter] = {k: med(k) for k in ("stored_s", "lists_s", "cpu_s", "user_s", "sys_s", "rss_mb")}
    out[letter]["cpu_s_range"] = rng("cpu_s")
    out[letter]["stored_per_s"] = round(n / out[letter]["stored_s"]) if n else None
    out[letter]["lists_per_s"] = round(n / out[letter]["lists_s"]) if n else None
    out[letter]["per_cpu_s"] = round(n / out[letter]["cpu_s"]) if n else None
if "B" in out:
    pairs = [(a, b) for a in runs if a["build"] == "A" for b in runs
             if b["build"] == "B" and b["rep"] == a["rep"]]
    for k in ("cpu_s", "stored_s", "lists_s"):
        rs = [a[k] / b[k] for a, b in pairs if a[k] and b[k]]
        out[f"A/B {k}"] = [round(statistics.median(rs), 3), round(min(rs), 3), round(max(rs), 3)]
print(json.dumps(out))
PY
