#!/usr/bin/env bash
# Stops the registry started by registry-up.sh DIR (reads DIR/registry.pid).
set -euo pipefail
DIR="${1:?usage: registry-down.sh DIR}"
PID_FILE="$DIR/registry.pid"
if [[ ! -f "$PID_FILE" ]]; then
  echo "no registry pid file in $DIR" >&2
  exit 0
fi
PID="$(cat "$PID_FILE")"
if kill -0 "$PID" 2>/dev/null; then
  kill "$PID"
  for _ in $(seq 1 40); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$PID" 2>/dev/null; then
    echo "registry (pid $PID) did not stop in 10 s; killing it" >&2
    kill -9 "$PID" 2>/dev/null || true
  fi
  echo "registry (pid $PID) stopped" >&2
fi
rm -f "$PID_FILE"
