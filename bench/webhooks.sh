#!/usr/bin/env bash
# Measures webhook ingest against PostgreSQL: signed deliveries accepted per second (202 once the run and the record
# of its delivery are committed) from CLIENTS (8) concurrent HTTP clients, each delivery with its own X-GitHub-Delivery,
# and a plain INSERT loop on the same database with as many threads, the same connection pool size (10) and rows as
# wide as the runs made; prints both with p50/p99 latency and their ratio. Runs are created, not launched (background
# loops off). This is WebhookIngestBenchmark in the control plane's tests, which `./mvnw verify` skips.
# Usage: [CLIENTS=8] [DURATION=15] bench/webhooks.sh [Maven options, e.g. -o]. Needs the PostgreSQL of
# RUNWAY_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/test, user postgres); works in a schema of its
# own and drops it.
set -euo pipefail
cd "$(dirname "$0")/.."
report=control-plane/target/webhook-ingest.txt
rm -f "$report"
./mvnw -B -q "$@" verify -pl control-plane -am -Dtest=WebhookIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Drunway.bench=true -Drunway.bench.clients="${CLIENTS:-8}" -Drunway.bench.seconds="${DURATION:-15}"
if [ ! -f "$report" ]; then
  echo "no figures: was the benchmark skipped? see control-plane/target/surefire-reports/*WebhookIngestBenchmark*" >&2
  exit 1
fi
cat "$report"
