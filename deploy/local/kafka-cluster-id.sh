#!/usr/bin/env bash
# Prints a new KRaft cluster id without a JVM: 16 random bytes in base64url without padding, the format of
# `kafka-storage.sh random-uuid`. Like Kafka's own Uuid.randomUuid() it never starts with '-', which the storage
# tool would read as an option (`format -t -Xy...` failed about one start in 64): the first byte's top bit is
# cleared, so the first character is one of A-Z a-f.
#   deploy/local/kafka-cluster-id.sh [RANDOM_SOURCE]   # default /dev/urandom
set -euo pipefail

SOURCE="${1:-/dev/urandom}"
hex="$(od -An -v -N16 -tx1 "$SOURCE" | tr -d ' \n')"
if [[ ${#hex} -ne 32 ]]; then
  echo "kafka-cluster-id: fewer than 16 bytes in $SOURCE" >&2
  exit 1
fi
hex="$(printf '%02x' $((0x${hex:0:2} & 0x7f)))${hex:2}"
# shellcheck disable=SC2059 # the format is the bytes as \xNN escapes
printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64 | tr '+/' '-_' | tr -d '='
