#!/bin/sh
# Comparison side of the Buurtnet replication benchmark (hypercore/corestore).
# Installs the pinned packages from package-lock.json on first use, then runs
# bench.mjs; JSON on stdout, progress on stderr. Arguments go to bench.mjs
# (--quick for a short smoke run; --authors/--entries/--reps/--live/--timeout).
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund >&2
fi
exec node bench.mjs "$@"
