#!/usr/bin/env bash
# Measures the control plane's start (JVM exec → /api/health 200) and how many runs per second 8
# concurrent API clients can create, on the embedded H2 and on the PostgreSQL at 127.0.0.1:5432 (or
# RUNWAY_BENCH_POSTGRES_URL); on PostgreSQL also commits and WAL bytes per created run.
# Usage: bench/run-creation.sh [h2|postgres|both, default both] [clients, default 8] [seconds, default 10]
# Needs the jars (./mvnw -DskipTests package) and, for postgres, psql. Uses port 4298.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pick-java.sh
java_home=$(pick_java_home)
java="$java_home/bin/java"
which=${1:-both}
clients=${2:-8}
seconds=${3:-10}
port=4298
key=rwk_bench
pg_url=${RUNWAY_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/runway_bench}
psql_cmd=(psql -qtA -h 127.0.0.1 -U postgres)

ms() { date +%s%3N; }
pid=

bench() {
  local db=$1 home
  home=$(mktemp -d)
  local args=(--server.port=$port --runway.home="$home" --runway.auth.api-key=$key
              --runway.launcher.runner-jar=functions/target/runway-runner.jar)
  if [ "$db" = postgres ]; then
    "${psql_cmd[@]}" -d test -c "drop database if exists runway_bench" -c "create database runway_bench"
    args+=(--spring.datasource.url="$pg_url" --spring.datasource.username=postgres --spring.datasource.password=)
  fi
  local start
  start=$(ms)
  "$java" -jar control-plane/target/runway-control-plane.jar "${args[@]}" >"$home/server.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  until curl -fs "http://127.0.0.1:$port/api/health" >/dev/null; do
    kill -0 $pid 2>/dev/null || { tail -20 "$home/server.log"; exit 1; }
    sleep 0.05
  done
  echo "$db: control plane exec → healthy in $(( $(ms) - start )) ms (new home, deployments registered)"
  local commits0 wal0
  if [ "$db" = postgres ]; then
    commits0=$("${psql_cmd[@]}" -d runway_bench -c "select xact_commit from pg_stat_database where datname = 'runway_bench'")
    wal0=$("${psql_cmd[@]}" -d runway_bench -c "select pg_current_wal_lsn()")
  fi
  local before after
  before=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/flow-runs?limit=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
  "$java" bench/CreateRuns.java "http://127.0.0.1:$port" $key "$clients" "$seconds" | sed "s/^/$db: /"
  after=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/flow-runs?limit=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
  if [ "$db" = postgres ]; then
    sleep 1 # statistics are reported asynchronously
    "${psql_cmd[@]}" -d runway_bench -c "select format('postgres: %s commits and %s bytes of WAL per created run (%s runs)',
        round((xact_commit - $commits0)::numeric / ($after - $before), 2),
        round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0') / ($after - $before)), $after - $before)
      from pg_stat_database where datname = 'runway_bench'"
  fi
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$home"
}

case $which in
  h2|postgres) bench "$which" ;;
  both) bench h2; bench postgres ;;
  *) echo "usage: $0 [h2|postgres|both] [clients] [seconds]" >&2; exit 2 ;;
esac
