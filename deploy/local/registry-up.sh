#!/usr/bin/env bash
# Starts the test-only schema registry (Apicurio Registry 2.4.2.Final, Confluent-compatible API at
# /apis/ccompat/v7) on 127.0.0.1, building the runner from Maven Central first if needed.
#   deploy/local/registry-up.sh DIR      (PID file + log in DIR; env REGISTRY_PORT, default 18081)
# Prints SCHEMA_REGISTRY_URL=http://127.0.0.1:<port>/apis/ccompat/v7 once the API answers.
set -euo pipefail

DIR="${1:?usage: registry-up.sh DIR (pid file and log go there)}"
PORT="${REGISTRY_PORT:-18081}"
HOST=127.0.0.1
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNNER_DIR="$HERE/registry"
JAR="$RUNNER_DIR/target/apicurio-runner-1-runner.jar"
URL="http://$HOST:$PORT/apis/ccompat/v7"
TIMEOUT_S="${REGISTRY_START_TIMEOUT_S:-120}"

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
PID_FILE="$DIR/registry.pid"
LOG="$DIR/registry.log"

if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "registry already running (pid $(cat "$PID_FILE"))" >&2
  echo "SCHEMA_REGISTRY_URL=$URL"
  exit 0
fi

if [[ ! -f "$JAR" || ! -d "$RUNNER_DIR/target/lib" ]]; then
  echo "building the Apicurio runner (first time: ~130 MB from Maven Central)..." >&2
  # offline first (fast when ~/.m2 has everything), online when something is missing
  if ! mvn -B -q -o -f "$RUNNER_DIR/pom.xml" package -DskipTests >"$DIR/registry-build.log" 2>&1; then
    mvn -B -q -f "$RUNNER_DIR/pom.xml" package -DskipTests >"$DIR/registry-build.log" 2>&1 || {
      echo "runner build failed; see $DIR/registry-build.log" >&2; tail -20 "$DIR/registry-build.log" >&2; exit 1; }
  fi
fi

if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
  echo "port $PORT on $HOST is already in use; set REGISTRY_PORT" >&2
  exit 1
fi

# C1 only + small heap: ~5 s start, ~180 MB RSS (notes/schema-registry.md). In-memory H2 storage.
QUARKUS_HTTP_HOST="$HOST" QUARKUS_HTTP_PORT="$PORT" HTTP_PORT="$PORT" \
  nohup java -XX:TieredStopAtLevel=1 -Xmx256m -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
echo "$PID" >"$PID_FILE"

START=$(date +%s)
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/subjects" 2>/dev/null)" == "200" ]]; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "registry exited during startup; last log lines:" >&2; tail -30 "$LOG" >&2; rm -f "$PID_FILE"; exit 1
  fi
  if (( $(date +%s) - START > TIMEOUT_S )); then
    echo "registry not ready after ${TIMEOUT_S}s; stopping it. Log: $LOG" >&2
    kill "$PID" 2>/dev/null || true; rm -f "$PID_FILE"; exit 1
  fi
  sleep 0.5
done
echo "registry ready in $(( $(date +%s) - START ))s (pid $PID, log $LOG)" >&2
echo "SCHEMA_REGISTRY_URL=$URL"
