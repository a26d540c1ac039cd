#!/usr/bin/env bash
# Measures the runner's start on the local lane: for `hello`, from the exec of the runner's JVM to the claim
# answered, the flow started, the flow function returned and COMPLETED reported, as the median (and range) of
# RUNS runs one after another. The control plane runs as it ships (process launcher, the runner jar unpacked with
# its start-up cache, default JVM options) with one difference: runners start through a wrapper that writes the
# time just before it execs java. The other times are the control plane's state timestamps (claim, COMPLETED) and
# the timestamps of the runner's log lines "Running flow hello" and "Flow hello returned", as shipped.
# Usage: [RUNS=20] [WARM_UP=3] bench/runner-startup.sh. Needs the jars (./mvnw -DskipTests package). Uses port 4297.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pick-java.sh
java="$(pick_java_home)/bin/java"
runs=${RUNS:-20}
warm_up=${WARM_UP:-3}
port=4297
key=rwk_bench-startup
server_jar=control-plane/target/runway-control-plane.jar
runner_jar=functions/target/runway-runner.jar
for jar in "$server_jar" "$runner_jar"; do
  [ -f "$jar" ] || { echo "$jar is missing: ./mvnw -DskipTests package" >&2; exit 1; }
done

home=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$home"' EXIT
# Describe runs of the control plane go through it too; they have no run id and are not written down.
cat >"$home/java" <<EOF
#!/bin/sh
[ -n "\${RUNWAY_RUN_ID:-}" ] && echo "\$RUNWAY_RUN_ID \$(date +%s%N)" >>"$home/execs"
exec "$java" "\$@"
EOF
chmod +x "$home/java"
touch "$home/execs"

"$java" -jar "$server_jar" --server.port=$port --runway.home="$home/runway" --runway.auth.api-key=$key \
  --runway.launcher.runner-jar="$runner_jar" --runway.launcher.java="$home/java" >"$home/server.log" 2>&1 &
pid=$!
# Ready once the deployments are registered and the runner's start-up cache, recorded in the background, is there.
ready() {
  curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/deployments/hello" >/dev/null &&
    compgen -G "$home/runway/runner/*/jdk-*.[aj][os][ta]" >/dev/null
}
for _ in $(seq 600); do
  ready && break
  kill -0 "$pid" 2>/dev/null || { tail -20 "$home/server.log"; exit 1; }
  sleep 0.2
done
ready || { echo "no start-up cache after 120 s; see $home/server.log" >&2; tail -20 "$home/server.log"; exit 1; }
"$java" bench/RunnerStartup.java "http://127.0.0.1:$port" "$key" "$home/execs" "$runs" "$warm_up"
