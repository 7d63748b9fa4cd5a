#!/usr/bin/env python3
"""bench/sync/summary.py TMPDIR REPS LOAD_START LOAD_END — the one JSON object of
bench/sync/run.sh, from the lines its parts wrote in TMPDIR (one per rep).

Figures are medians over the reps that succeeded; every rep that failed is listed
with why under the part's "*_failed" key and counted in "*_reps_ok", so that no
median is taken over fewer reps than were asked without saying so.
"""
import json
import os
import statistics
import sys

T, REPS, LOAD_START, LOAD_END = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def lines(name):
    path = os.path.join(T, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def median(values, digits=None):
    values = [v for v in values if v is not None]
    if not values:
        return None
    m = statistics.median(values)
    return round(m, digits) if digits is not None else m


def split(rows):
    ok = [r for r in rows if "failed" not in r]
    failed = [{"rep": r.get("rep"), "K": r.get("K"), "why": r["failed"], "load": r.get("load")}
              for r in rows if "failed" in r]
    for f in failed:
        if f["K"] is None:
            del f["K"]
    return ok, failed


out = {"reps": REPS, "load_start": LOAD_START, "load_end": LOAD_END}

rows = lines("catchup.jsonl")
if rows is not None:
    setup = json.load(open(os.path.join(T, "catchup.setup")))
    ok, failed = split(rows)
    rates = [r["entries"] / r["stored_s"] for r in ok if r["stored_s"] > 0]
    vrates = [r["entries"] / r["visible_s"] for r in ok if r["visible_s"] > 0]
    wire = [(r["proxy"]["bytes_up"] + r["proxy"]["bytes_down"]) / setup["entry_bytes"] for r in ok]
    out.update({
        "catchup_authors": setup["authors"], "catchup_entries": setup["entries"],
        "catchup_reps_ok": len(ok), "catchup_failed": failed,
        "catchup_entries_per_s": median(rates, 0),
        "catchup_entries_per_s_reps": [round(x) for x in rates],
        "catchup_entries_per_s_best": round(max(rates)) if rates else None,
        "catchup_visible_entries_per_s": median(vrates, 0),
        "catchup_visible_entries_per_s_best": round(max(vrates)) if vrates else None,
        "catchup_entry_bytes": setup["entry_bytes"],
        "catchup_bytes_seeder_to_reader": median([r["proxy"]["bytes_down"] for r in ok]),
        "catchup_bytes_reader_to_seeder": median([r["proxy"]["bytes_up"] for r in ok]),
        "catchup_wire_ratio": median(wire, 4),
        "cpu_s_reader": median([r["reader"]["cpu_s"] for r in ok], 3),
        "cpu_s_reader_reps": [r["reader"]["cpu_s"] for r in ok],
        "catchup_entries_per_reader_cpu_s": median(
            [r["entries"] / r["reader"]["cpu_s"] for r in ok if r["reader"]["cpu_s"] > 0], 0),
        "rss_peak_mb_reader": median([r["reader"]["rss_peak_mb"] for r in ok]),
        "wall_s_reader_process": median([r["reader"]["wall_s"] for r in ok], 3),
        "cpu_s_seeder_per_reader": median([r["seeder_cpu_s"] for r in ok], 3),
        "cpu_s_seeder_per_reader_reps": [r["seeder_cpu_s"] for r in ok],
        "cpu_s_seeder_all_reps": (setup.get("seeder") or {}).get("cpu_s"),
        "rss_peak_mb_seeder": (setup.get("seeder") or {}).get("rss_peak_mb"),
        "catchup_load": [r["load"] for r in rows],
    })

rows = lines("insync.jsonl")
if rows is not None:
    ok, failed = split(rows)
    out["insync_failed"] = failed
    for K in sorted({r["K"] for r in rows}):
        mine = [r for r in ok if r["K"] == K]
        out.update({
            f"insync_reps_ok_{K}": len(mine),
            f"insync_bytes_{K}": median([r["proxy"]["bytes_up"] + r["proxy"]["bytes_down"] for r in mine]),
            f"insync_bytes_up_{K}": median([r["proxy"]["bytes_up"] for r in mine]),
            f"insync_bytes_down_{K}": median([r["proxy"]["bytes_down"] for r in mine]),
            f"insync_rtts_{K}": median([r["proxy"]["turns"] for r in mine]),
            f"insync_ms_{K}": median([r["ms"] for r in mine], 1),
            f"insync_cpu_s_reader_{K}": median([r["reader"]["cpu_s"] for r in mine], 3),
            f"insync_cpu_s_serve_{K}": median([r["serve_cpu_s"] for r in mine], 4),
        })

rows = lines("live.jsonl")
if rows is not None:
    ok, failed = split(rows)
    out.update({
        "live_runs_ok": len(ok), "live_failed": failed,
        "live_entries": median([r["entries"] for r in ok]),
        "live_missing": sum(r["missing"] for r in rows),
        "live_p50_ms": median([r["p50_ms"] for r in ok], 3),
        "live_p99_ms": median([r["p99_ms"] for r in ok], 3),
        "live_max_ms": max((r["max_ms"] for r in ok), default=None),
        "live_p99_ms_runs": [r["p99_ms"] for r in ok],
        "live_load": [r["load"] for r in rows],
    })

rows = lines("burst.jsonl")
if rows is not None:
    ok, failed = split(rows)
    runs = [r["all_stored_after_last_post_s"] for r in ok]
    out.update({
        "burst_peers": 10, "burst_entries": 100, "burst_runs_ok": len(ok), "burst_failed": failed,
        "burst_all_stored_after_last_post_s": median(runs, 3),
        "burst_all_stored_after_last_post_s_runs": runs,
        "burst_load": [r["load"] for r in rows],
    })

lan = os.path.join(T, "lan.json")
if os.path.exists(lan):
    out.update(json.load(open(lan)))

print(json.dumps(out))
