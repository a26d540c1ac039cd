#!/usr/bin/env bash
# Measures what a local user waits for: `./runway server start` until ready (cold: a new Runway home, which
# also describes the runner jar's deployments; warm: a restart), and `./runway run hello --watch` until
# COMPLETED, end to end (CLI JVM, dispatch, runner JVM start, flow, result), N times.
# Usage: bench/local-latency.sh [runs, default 10]. Needs no running ./runway server; uses port 4299.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
export RUNWAY_PORT=4299
export RUNWAY_HOME
RUNWAY_HOME=$(mktemp -d)
trap './runway server stop >/dev/null 2>&1 || true; rm -rf "$RUNWAY_HOME"' EXIT

if ./runway server status >/dev/null 2>&1; then
  echo "a ./runway server is running; stop it first (./runway server stop)" >&2
  exit 1
fi
./runway runs ls >/dev/null 2>&1 || true   # builds the jars if needed, outside the measurement

ms() { date +%s%3N; }
stats() { sort -n | awk '{ a[NR] = $1 } END { printf "min %d ms, median %d ms, max %d ms (n=%d)\n", a[1], a[int((NR + 1) / 2)], a[NR], NR }'; }

for kind in cold warm; do
  start=$(ms)
  ./runway server start >/dev/null
  echo "server start → ready ($kind): $(( $(ms) - start )) ms"
  [ "$kind" = cold ] && ./runway server stop >/dev/null
done

for _ in $(seq 1 "$runs"); do
  start=$(ms)
  ./runway run hello -p name=Bench --watch >/dev/null
  echo $(( $(ms) - start ))
done | stats | sed 's/^/runway run hello --watch → COMPLETED: /'
