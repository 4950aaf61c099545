#!/usr/bin/env bash
# Stops the broker started by deploy/local/kafka-up.sh DIR: SIGTERM (controlled shutdown, 2-3 s), kill -9 after
# KAFKA_STOP_TIMEOUT seconds (30). Keeps DIR (a later kafka-up.sh DIR restarts with the same data).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
PIDFILE="$1/kafka.pid"
TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
log() { echo "kafka-down: $*" >&2; }

if [[ ! -f "$PIDFILE" ]]; then
  log "no PID file in $1; nothing to stop"
  exit 0
fi
PID="$(cat "$PIDFILE")"
# Only signal our broker: the PID may have been reused since.
if ! kill -0 "$PID" 2>/dev/null || ! tr '\0' ' ' < "/proc/$PID/cmdline" 2>/dev/null | grep -q "kafka.Kafka"; then
  log "broker (pid $PID) is not running"
  rm -f "$PIDFILE"
  exit 0
fi
kill -TERM "$PID"
start=$SECONDS
while kill -0 "$PID" 2>/dev/null; do
  if (( SECONDS - start >= TIMEOUT )); then
    log "still running after ${TIMEOUT}s; kill -9"
    kill -KILL "$PID" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$PIDFILE"
log "stopped (pid $PID) in $((SECONDS - start)) s"
