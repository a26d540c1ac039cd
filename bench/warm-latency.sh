#!/usr/bin/env bash
# Measures the warm runner with `hello`: "warm worker ready" ms after JVM start, and the time from a start message
# written on its stdin to its "Running flow hello" line and to COMPLETED reported, as the median (and range) of RUNS
# messages one after another after WARM_UP not counted (bench/WarmLatency.java; the control plane is a stand-in).
# Usage: [RUNS=20] [WARM_UP=3] bench/warm-latency.sh [JVM option …]. Needs the runner jar (./mvnw -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pick-java.sh
java="$(pick_java_home)/bin/java"
runner_jar=functions/target/runway-runner.jar
[ -f "$runner_jar" ] || { echo "$runner_jar is missing: ./mvnw -DskipTests package" >&2; exit 1; }
"$java" bench/WarmLatency.java "$runner_jar" "${RUNS:-20}" "${WARM_UP:-3}" "$@"
