#!/usr/bin/python3
# check-main-thread-writes.py — no write a person makes in the app runs SQLite on
# the main thread: they go through BnSession to the sync node's writer thread.
#
#   check-main-thread-writes.py PROBE.so TEST [ARGS...]    TAP on stdout
#
# Runs TEST (a test program that drives the app in-process) with write-probe.c
# preloaded, which records every statement that writes on the main thread with a
# backtrace. Each is put down to the code that asked for it, from the program's
# debug information (addr2line): the tests' own set-up (bn_home_* called from
# tests/), the app opening its data directory when it starts (open_session), or
# the app's code otherwise — and that last one fails.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

probe, program, args = sys.argv[1], sys.argv[2], sys.argv[3:]
name = os.path.basename(program)
print("1..1", flush=True)

with tempfile.NamedTemporaryFile(prefix="bn-write-probe-", suffix=".log") as log:
    env = dict(os.environ, LD_PRELOAD=probe, BN_WRITE_PROBE_LOG=log.name)
    run = subprocess.run([program] + args, env=env, stdout=subprocess.DEVNULL)
    if run.returncode != 0:
        print("not ok 1 - %s failed under the probe (exit %d)" % (name, run.returncode))
        sys.exit(1)
    records = open(log.name).read().split("--\n")

offsets = set()
for record in records:
    offsets.update(re.findall(r"/%s\(\+(0x[0-9a-f]+)\)" % re.escape(name), record))
offsets = sorted(offsets)
# Each frame's function and source file, inlined callers included (-i); a
# return address minus one is the call itself.
output = subprocess.run(["addr2line", "-a", "-f", "-i", "-e", program]
                        + ["0x%x" % (int(o, 16) - 1) for o in offsets],
                        capture_output=True, text=True).stdout
where = {}
chain = None
lines = output.split("\n")
i = 0
while i < len(lines):
    if re.match(r"^0x[0-9a-f]+$", lines[i]):
        chain = where.setdefault("0x%x" % (int(lines[i], 16) + 1), [])
        i += 1
    elif i + 1 < len(lines) and chain is not None:
        chain.append((lines[i], lines[i + 1]))
        i += 2
    else:
        i += 1
if offsets and all(loc.startswith("??") for frames in where.values() for _, loc in frames):
    print("ok 1 # SKIP %s has no debug information to tell who wrote" % name)
    sys.exit(0)

counts = {"set-up": 0, "start-up": 0}
wrong = []
for record in records:
    statement = re.search(r"^WRITE \d+ (.*)$", record, re.M)
    if statement is None:
        continue
    frames = [frame for o in re.findall(r"/%s\(\+(0x[0-9a-f]+)\)" % re.escape(name), record)
              for frame in where.get("0x%x" % int(o, 16), [])]
    app = [function for function, loc in frames if "/src/app/" in loc]
    if not app:
        counts["set-up"] += 1
    elif "open_session" in app:
        counts["start-up"] += 1
    else:
        wrong.append("%s, from %s" % (statement.group(1), " < ".join(app)))

for line in wrong:
    print("# on the main thread: %s" % line)
if wrong:
    print("not ok 1 - %s: %d writes from the app ran on the main thread" % (name, len(wrong)))
    sys.exit(1)
print("ok 1 - %s: no write from the app on the main thread (%d from the tests' own set-up, "
      "%d opening the data directory at start-up)" % (name, counts["set-up"], counts["start-up"]))
