#!/usr/bin/env bash
# Runs the test suite N times in a row (default 10), each in shuffled order with a fresh seed,
# while two CPU-bound busy loops run beside it, and prints one line per run: seed, wall time,
# result. Stops at the first failure (its seed replays it: KRAKENKIT_TEST_SEED=<seed> npx vitest run).
# This is how the suite is shown to be independent of order and of machine load; it is not part
# of .ci/run (it takes N full runs).
#   .ci/stress-suite.sh [runs] [log-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
logs="${2:-$(mktemp -d)}"
mkdir -p "$logs"
export CI=true
busy=()
cleanup() { for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
for _ in 1 2; do
  node -e 'for (;;) {}' &
  busy+=("$!")
done
echo "two busy loops: ${busy[*]}; logs in $logs; $(nproc) cores"
for i in $(seq 1 "$runs"); do
  seed=$(( (RANDOM << 15 | RANDOM) ))
  start=$(date +%s)
  status=0
  KRAKENKIT_TEST_SEED="$seed" npx vitest run >"$logs/run-$i.log" 2>&1 || status=$?
  secs=$(( $(date +%s) - start ))
  tests=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/run-$i.log" | grep -Eo 'Tests +[0-9]+ (passed|failed)[^(]*\([0-9]+\)' | tail -1 || true)
  echo "run $i/$runs seed $seed: $([ "$status" -eq 0 ] && echo pass || echo FAIL) in ${secs}s ($tests) load $(cut -d' ' -f1-3 /proc/loadavg)"
  [ "$status" -eq 0 ] || exit "$status"
done
