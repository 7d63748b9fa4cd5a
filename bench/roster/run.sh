#!/bin/bash
# bench/roster/run.sh — what a large roster costs every peer: the CPU-seconds
# of the commands that evaluate the roster (docs/protocol.md §9.3) before they
# do anything else, at 50, 500 and 5,000 members.
#
#   bench/roster/run.sh [BUILD_DIR [BASE_BUILD_DIR]]
#
# With BASE_BUILD_DIR (an older build), every run is made with both builds in
# turn on copies of the same data directory, and the ratios are taken pair by
# pair. SIZES (default "50 500 5000") and REPS (default 5) may be set. Prints
# one JSON object; each figure is a median of REPS, with its range, and the
# load average before and after each size.
#
# What is timed, per size K (a member who admitted K neighbours, the admissions
# made by tests/tools/bn-make-log in one go):
# - members: `buurtnet-cli members`, which reads the members table (no evaluation);
# - invite: `hood invite`, which writes a roster entry and tends the roster;
# - sync: `sync 127.0.0.1:9` (nothing listens there): the upkeep before a sync;
# - serve: `serve --no-mdns` from its start to "serving on port";
# - admit: `log import` of a newcomer's request to join (bn_home_admit());
# - export: `log export`, which writes the welcomes of the K newcomers admitted
#   (for BASE_BUILD_DIR only up to EXPORT_BASE_MAX members, default 500: the
#   older builds evaluated the roster once per welcome, hours at 5,000).
# CPU-seconds are user + system of the whole process (/usr/bin/time), for serve
# /proc/PID/stat when it starts listening (10 ms ticks).
#
# The hostile member, per size N in HOSTILE_SIZES (default "1000 5000 20000
# 50000"; empty: none): Anna admits Mallory, whose log of N roster entries
# (tests/tools/bn-hostile-roster --concurrent: `invite`s and stepping down, each
# `after` naming only the frontier Mallory was admitted at, so that all N are
# concurrent) reaches a copy of Anna's data directory; timed on it, with the
# peak resident memory (maximum RSS, MB) of each:
# - arrive: `log import` of Mallory's log (stored, folded, the roster evaluated,
#   as when a sync brings it);
# - sync, invite, serve: as above, once Mallory's entries are held. An `invite`
#   that fails (Anna's `after` would name every one of Mallory's entries: more
#   than an entry's 64 KiB) is counted with its CPU-seconds and "failed".
# HOSTILE_KINDS (default "concurrent chained puppets") says which logs: --chained
# writes the same entries each after the one before, as a peer would (all of
# them count); --puppets has Mallory admit N/2 identities of her own (one invite,
# admissions one after the other), each of which writes one invite after its
# own admission only: N entries, all chained, N/2 of them concurrent. HOSTILE_REPS (default 3) runs each; SIZES="" runs the hostile case only.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
export LC_ALL=C.UTF-8 LANGUAGE=

BUILD=${1:-_build}
BASE=${2:-}
SIZES=${SIZES-50 500 5000}
REPS=${REPS:-5}
HOSTILE_SIZES=${HOSTILE_SIZES-1000 5000 20000 50000}
HOSTILE_REPS=${HOSTILE_REPS:-3}
HOSTILE_KINDS=${HOSTILE_KINDS:-concurrent chained puppets}
EXPORT_BASE_MAX=${EXPORT_BASE_MAX:-500}
MEASURES="members invite sync serve admit export"
for b in "$BUILD" ${BASE:+"$BASE"}; do
  for f in src/cli/buurtnet-cli tests/tools/bn-make-log tests/tools/bn-hostile-roster; do
    [ -x "$b/$f" ] || { echo "bench/roster: $b/$f is missing; build first" >&2; exit 1; }
  done
done

T=$(mktemp -d "${TMPDIR:-/tmp}/bn-bench-roster.XXXXXX")
SPID=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$T"' EXIT
log () { echo "[roster] $*" >&2; }
loadavg () { cut -d' ' -f1-3 /proc/loadavg; }
CLK_TCK=$(getconf CLK_TCK)

# timed BUILD DIR ARGS...: CPU-seconds of one command on DIR (null when it
# fails; a sync to where nothing listens fails as it should when it says so)
timed () {
  local cli=$1/src/cli/buurtnet-cli dir=$2
  shift 2
  if /usr/bin/time -f '%U %S' -o "$T/time" "$cli" -d "$dir" "$@" >"$T/out" 2>&1 ||
     { [ "$1" = sync ] && grep -q 'Could not sync with' "$T/out"; }; then
    awk 'END { printf "%.3f\n", $1 + $2 }' "$T/time"   # after any "Command exited ..." line
  else
    log "$cli $* failed: $(cat "$T/out")"   # counted, as null
    echo null
  fi
}

# serve_cpu BUILD DIR: CPU-seconds of serve until it listens
serve_cpu () {
  local cli=$1/src/cli/buurtnet-cli i cpu=null
  "$cli" -d "$2" serve --no-mdns --port 0 >"$T/serve" 2>&1 &
  SPID=$!
  for i in $(seq 6000); do
    if grep -q 'serving on port' "$T/serve"; then
      cpu=$(awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / tck }' \
            /proc/$SPID/stat 2>/dev/null)
      break
    fi
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.01
  done
  [ "$cpu" = null ] && log "serve did not listen: $(cat "$T/serve")"
  kill -TERM "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; SPID=
  echo "${cpu:-null}"
}

# make_dir K: a member who admitted K neighbours, in $T/k$K, with an invite
# open for one more, whose request to join is in $T/k$K.request
make_dir () {
  local cli=$BUILD/src/cli/buurtnet-cli d=$T/k$1 code
  "$cli" -d "$d" init --name Anna >/dev/null &&
  "$cli" -d "$d" hood create "Benchstraat" >/dev/null &&
  "$BUILD/tests/tools/bn-make-log" "$d" "$1" 1 "$T/k$1.log" &&
  code=$("$cli" -d "$d" hood invite | tail -1) &&
  rm -rf "$T/newcomer" && "$cli" -d "$T/newcomer" init --name Nieuw >/dev/null &&
  "$cli" -d "$T/newcomer" hood join "$code" >/dev/null &&
  "$cli" -d "$T/newcomer" log export "$T/k$1.request" >/dev/null ||
    { log "could not make $1 members"; exit 1; }
}

# one_run BUILD K SIDE: the figures on fresh copies, in the order of MEASURES
one_run () {
  local d=$T/run export=null
  rm -rf "$d"; cp -a "$T/k$2" "$d"
  echo -n "$(timed "$1" "$d" members) $(timed "$1" "$d" hood invite) "
  echo -n "$(timed "$1" "$d" sync 127.0.0.1:9) $(serve_cpu "$1" "$d") "
  echo -n "$(timed "$1" "$d" log import "$T/k$2.request") "
  rm -rf "$d"; cp -a "$T/k$2" "$d"
  [ "$3" = now ] || [ "$2" -le "$EXPORT_BASE_MAX" ] && export=$(timed "$1" "$d" log export "$T/out.log")
  echo "$export"
}

# hostile_timed BUILD DIR ARGS...: "CPU-s MB ok|failed" of one command on DIR
hostile_timed () {
  local cli=$1/src/cli/buurtnet-cli dir=$2 status=ok
  shift 2
  if ! /usr/bin/time -f '%U %S %M' -o "$T/time" "$cli" -d "$dir" "$@" >"$T/out" 2>&1; then
    status=failed
    [ "$1" = sync ] && grep -q 'Could not sync with' "$T/out" && status=ok
    [ "$status" = failed ] && log "  $* failed: $(tail -1 "$T/out")"
  fi
  awk -v s="$status" 'END { printf "%.3f %.1f %s\n", $1 + $2, $3 / 1024, s }' "$T/time"
}

# hostile_serve BUILD DIR: "CPU-s MB" of serve until it listens (RSS high-water mark)
hostile_serve () {
  local cli=$1/src/cli/buurtnet-cli i out="null null"
  "$cli" -d "$2" serve --no-mdns --port 0 >"$T/serve" 2>&1 &
  SPID=$!
  for i in $(seq 60000); do
    if grep -q 'serving on port' "$T/serve"; then
      out="$(awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' \
             /proc/$SPID/stat) $(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' /proc/$SPID/status)"
      break
    fi
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.01
  done
  kill -TERM "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; SPID=
  echo "$out"
}

RESULTS=$T/results.jsonl
HOSTILE=$T/hostile.jsonl
touch "$RESULTS" "$HOSTILE"
for HK in $HOSTILE_KINDS; do
for N in $HOSTILE_SIZES; do
  cli=$BUILD/src/cli/buurtnet-cli
  load0=$(loadavg)
  log "hostile: Mallory's $N $HK roster entries (load $load0)"
  rm -rf "$T/h"
  "$cli" -d "$T/h" init --name Anna >/dev/null &&
  "$cli" -d "$T/h" hood create "Benchstraat" >/dev/null &&
  "$BUILD/tests/tools/bn-hostile-roster" "--$HK" "$T/h" "$N" "$T/h.log" ||
    { log "could not write Mallory's log"; exit 1; }
  for rep in $(seq "$HOSTILE_REPS"); do
    for side in now ${BASE:+base}; do
      b=$BUILD; [ "$side" = base ] && b=$BASE
      d=$T/hrun; rm -rf "$d"; cp -a "$T/h" "$d"
      read -r a_cpu a_mb a_ok <<<"$(hostile_timed "$b" "$d" log import "$T/h.log")"
      read -r s_cpu s_mb s_ok <<<"$(hostile_timed "$b" "$d" sync 127.0.0.1:9)"
      read -r i_cpu i_mb i_ok <<<"$(hostile_timed "$b" "$d" hood invite)"
      read -r v_cpu v_mb <<<"$(hostile_serve "$b" "$d")"
      printf '{"N": %d, "kind": "%s", "side": "%s", "rep": %d, "arrive": [%s, %s, "%s"], "sync": [%s, %s, "%s"], "invite": [%s, %s, "%s"], "serve": [%s, %s], "load": "%s"}\n' \
        "$N" "$HK" "$side" "$rep" "$a_cpu" "$a_mb" "$a_ok" "$s_cpu" "$s_mb" "$s_ok" "$i_cpu" "$i_mb" "$i_ok" \
        "$v_cpu" "$v_mb" "$(loadavg)" >>"$HOSTILE"
      log "  N=$N $HK $side rep $rep: arrive $a_cpu s $a_mb MB $a_ok, sync $s_cpu s $s_mb MB, invite $i_cpu s $i_mb MB $i_ok, serve $v_cpu s $v_mb MB"
    done
  done
  printf '{"N": %d, "kind": "%s", "load_before": "%s", "load_after": "%s"}\n' "$N" "$HK" "$load0" \
    "$(loadavg)" >>"$HOSTILE"
  rm -rf "$T/h" "$T/h.log" "$T/hrun"
done
done

for K in $SIZES; do
  load0=$(loadavg)
  log "making $K members (load $load0)"
  make_dir "$K"
  for rep in $(seq "$REPS"); do
    for side in now ${BASE:+base}; do
      b=$BUILD; [ "$side" = base ] && b=$BASE
      read -r members invite sync serve admit export <<<"$(one_run "$b" "$K" "$side")"
      printf '{"K": %d, "side": "%s", "rep": %d, "members": %s, "invite": %s, "sync": %s, "serve": %s, "admit": %s, "export": %s, "load": "%s"}\n' \
        "$K" "$side" "$rep" "${members:-null}" "${invite:-null}" "${sync:-null}" "${serve:-null}" \
        "${admit:-null}" "${export:-null}" "$(loadavg)" >>"$RESULTS"
      log "  K=$K $side rep $rep: members $members, invite $invite, sync $sync, serve $serve, admit $admit, export $export"
    done
  done
  printf '{"K": %d, "load_before": "%s", "load_after": "%s"}\n' "$K" "$load0" "$(loadavg)" >>"$RESULTS"
  rm -rf "$T/k$K" "$T/k$K.log" "$T/k$K.request"
done

python3 - "$RESULTS" "$HOSTILE" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
out = {"benchmark": "roster", "unit": "CPU-seconds, median of runs (min-max)"}
hostile = [json.loads(l) for l in open(sys.argv[2])]
for HK, N in sorted({(r["kind"], r["N"]) for r in hostile}):
    loads = [r for r in hostile if r["N"] == N and r["kind"] == HK and "load_before" in r]
    out[f"hostile_{HK}_load_{N}"] = [loads[0]["load_before"], loads[0]["load_after"]]
    for side in ("now", "base"):
        runs = [r for r in hostile if r["N"] == N and r["kind"] == HK and r.get("side") == side]
        for what in ("arrive", "sync", "invite", "serve"):
            cpu = [r[what][0] for r in runs if r[what][0] is not None]
            mb = [r[what][1] for r in runs if r[what][1] is not None]
            if cpu:
                fig = {"cpu_s": [round(statistics.median(cpu), 3), min(cpu), max(cpu), len(cpu)],
                       "peak_mb": round(max(mb), 1)}
                failed = sum(1 for r in runs if len(r[what]) > 2 and r[what][2] != "ok")
                if failed:
                    fig["failed"] = failed
                out[f"hostile_{HK}_{what}_{side}_{N}"] = fig
for K in sorted({r["K"] for r in rows}):
    loads = [r for r in rows if r["K"] == K and "load_before" in r]
    out[f"load_{K}"] = [loads[0]["load_before"], loads[0]["load_after"]]
    for side in ("now", "base"):
        runs = [r for r in rows if r["K"] == K and r.get("side") == side]
        for what in ("members", "invite", "sync", "serve", "admit", "export"):
            xs = [r[what] for r in runs if r[what] is not None]
            if xs:
                out[f"{what}_{side}_{K}"] = [round(statistics.median(xs), 3), min(xs), max(xs), len(xs)]
    # Ratios pair by pair: the same data, the same moment, the two builds.
    for what in ("members", "invite", "sync", "serve", "admit", "export"):
        pairs = {}
        for r in rows:
            if r["K"] == K and r.get("side") in ("now", "base") and r[what] is not None:
                pairs.setdefault(r["rep"], {})[r["side"]] = r[what]
        ratios = [p["now"] / p["base"] for p in pairs.values() if "now" in p and p.get("base")]
        if ratios:
            out[f"{what}_ratio_{K}"] = round(statistics.median(ratios), 4)
print(json.dumps(out))
EOF
