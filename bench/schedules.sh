#!/usr/bin/env bash
# Measures how promptly schedules' runs are dispatched: 1,000 deployments, each with an every-minute cron, in a whole
# control plane on PostgreSQL, for MINUTES minutes (default 5). Its dispatches are taken by a transport that launches
# nothing here (as Pub/Sub takes them); LAUNCHES=true hands them to the in-process launch handler instead, with a
# launcher that starts nothing. Prints the lag from each run's fire time to its PENDING state being committed (p50, p99,
# max per minute's burst and over all), the same for a lone schedule firing at second 15 of each minute, and the CPU
# time the scheduler's and the dispatcher's threads used per minute. This is SchedulesBenchmark in the control plane's
# tests, which `./mvnw verify` skips. Needs PostgreSQL (RUNWAY_TEST_POSTGRES_URL, default
# jdbc:postgresql://127.0.0.1:5432/test, user postgres).
# Usage: [MINUTES=5] [DEPLOYMENTS=1000] [LAUNCHES=false] bench/schedules.sh [Maven options, e.g. -o].
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${MINUTES:-5}
deployments=${DEPLOYMENTS:-1000}
launches=${LAUNCHES:-false}
report=control-plane/target/schedules-benchmark.txt
rm -f "$report"
./mvnw -B -q "$@" verify -pl control-plane -am -Dtest=SchedulesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Drunway.bench=true -Drunway.bench.minutes="$minutes" -Drunway.bench.deployments="$deployments" \
  -Drunway.bench.launches="$launches"
if [ ! -f "$report" ]; then
  echo "no figures: was the benchmark skipped? see control-plane/target/surefire-reports/*SchedulesBenchmark*" >&2
  exit 1
fi
cat "$report"
