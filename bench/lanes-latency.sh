#!/usr/bin/env bash
# Measures how long a `hello` run takes from its trigger (the POST that creates it) to RUNNING, to its flow
# starting (the runner's "Running flow" log line) and to COMPLETED on each lane, cold and warm: local
# (in-process dispatch; a runner process per run, or a process-warm pool's runner) and gcp on one machine
# (Google's Pub/Sub emulator; the Cloud Run fake starting the runner jar per execution, or as the instance of a
# cloud-run-worker-pool; results through the GCS adapter to a fake). Runs go one after another (latency, not
# throughput), after 5 per lane that are not counted; prints median, p99 and max in ms. This is
# LanesLatencyBenchmark in the control plane's tests, which `./mvnw verify` skips.
# Usage: [RUNS=100] bench/lanes-latency.sh [Maven options, e.g. -o]. Needs the Pub/Sub emulator
# (RUNWAY_PUBSUB_EMULATOR, or where the Google Cloud CLI package installs it). Builds what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-100}
report=control-plane/target/lanes-latency.txt
rm -f "$report"
./mvnw -B -q "$@" verify -pl functions,control-plane -am -Dtest=LanesLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Drunway.bench=true -Drunway.bench.runs="$runs"
if [ ! -f "$report" ]; then
  echo "no figures: was the benchmark skipped? see control-plane/target/surefire-reports/*LanesLatencyBenchmark*" >&2
  exit 1
fi
cat "$report"
