#!/usr/bin/env bash
# Starts a single-node Kafka broker (KRaft) as a background OS process on 127.0.0.1:9092.
#   eval "$(deploy/local/kafka-up.sh DIR)"   # DIR holds config, data, logs and the PID file
# Prints KAFKA_BOOTSTRAP=127.0.0.1:<port> on stdout once the broker serves; progress goes to stderr.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m), JAVA (java),
#      KAFKA_START_TIMEOUT seconds (120). Stop it with deploy/local/kafka-down.sh DIR.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BROKER="$HERE/broker"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
JAVA="${JAVA:-java}"
TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
PIDFILE="$DIR/kafka.pid"
log() { echo "kafka-up: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Already running from this DIR? Then just report it.
if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && port_open "$PORT"; then
  log "already running (pid $(cat "$PIDFILE"))"
  echo "KAFKA_BOOTSTRAP=127.0.0.1:$PORT"
  exit 0
fi
for p in "$PORT" "$CPORT"; do
  if port_open "$p"; then
    log "port 127.0.0.1:$p is already in use; refusing to start (stop the other broker or set KAFKA_PORT/KAFKA_CONTROLLER_PORT)"
    exit 1
  fi
done

# Classpath of kafka_2.13 + log4j2 bridge, resolved once and cached (rebuilt if the pom changed or a jar vanished).
CPFILE="$BROKER/classpath.txt"
classpath_ok() {
  [[ -s "$CPFILE" && "$CPFILE" -nt "$BROKER/pom.xml" && "$CPFILE" -nt "$HERE/../../pom.xml" ]] || return 1
  local IFS=:
  for jar in $(cat "$CPFILE"); do [[ -f "$jar" ]] || return 1; done
}
if ! classpath_ok; then
  log "resolving broker classpath (deploy/local/broker/pom.xml)"
  mvn_cp() { mvn -B -q "$@" -f "$BROKER/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CPFILE" >&2; }
  mvn_cp -o || mvn_cp
fi
CP="$(cat "$CPFILE")"

sed -e "s|@KAFKA_PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CPORT|g" -e "s|@LOG_DIRS@|$DIR/kraft-logs|g" \
  "$BROKER/server.properties" > "$DIR/server.properties"

# Format once per data dir (a restart keeps topics and offsets).
if [[ ! -f "$DIR/kraft-logs/meta.properties" ]]; then
  CID="$("$HERE/kafka-cluster-id.sh")"   # = kafka-storage random-uuid without a JVM; never starts with '-'
  log "formatting $DIR/kraft-logs (cluster id $CID)"
  if ! "$JAVA" -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$BROKER/log4j2.properties" -Dkafka.logs.dir="$DIR" \
      -cp "$CP" kafka.tools.StorageTool format --standalone -t "$CID" -c "$DIR/server.properties" > "$DIR/format.log" 2>&1; then
    log "format failed:"; cat "$DIR/format.log" >&2
    exit 1
  fi
fi

: > "$DIR/server.log"   # an old "Kafka Server started" line must not count as ready
log "starting broker on 127.0.0.1:$PORT (logs in $DIR)"
# C1 only: starts in ~4 s instead of 6-13 s on 2 cores, and is no slower for a broker.
# shellcheck disable=SC2086
nohup "$JAVA" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:TieredStopAtLevel=1 \
  -Dkafka.logs.dir="$DIR" -Dlog4j2.configurationFile="$BROKER/log4j2.properties" \
  -cp "$CP" kafka.Kafka "$DIR/server.properties" > "$DIR/stdout.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$PIDFILE"

start=$SECONDS
until grep -q "Kafka Server started" "$DIR/server.log" 2>/dev/null && port_open "$PORT"; do
  if ! kill -0 "$PID" 2>/dev/null; then
    log "broker exited during start-up; last log lines:"
    tail -n 30 "$DIR/server.log" "$DIR/stdout.log" >&2 || true
    rm -f "$PIDFILE"
    exit 1
  fi
  if (( SECONDS - start > TIMEOUT )); then
    log "not ready after ${TIMEOUT}s; stopping it. Last log lines:"
    tail -n 30 "$DIR/server.log" "$DIR/stdout.log" >&2 || true
    "$HERE/kafka-down.sh" "$DIR" >&2 || true
    exit 1
  fi
  sleep 0.2
done
log "ready in $((SECONDS - start)) s (pid $PID)"
echo "KAFKA_BOOTSTRAP=127.0.0.1:$PORT"
