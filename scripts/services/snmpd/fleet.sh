#!/usr/bin/env bash
# Supervises a fleet of snmpd agents prepared by start-snmpd.sh (one DIR/agent-PORT/ per agent):
# starts them all as its children and, on TERM or INT, signals them all at once and waits, so
# stop-service.sh stops 200 agents with one signal instead of 200 sequential ones.
#
#   fleet.sh DIR PORT...        (run under setsid by start-snmpd.sh; its PID goes in DIR/fleet.pid)
set -uo pipefail
DIR=$1; shift
SNMPD_BIN=${SNMPD_BIN:-/usr/sbin/snmpd}
SNMPD_ARGS=${SNMPD_ARGS:-}
stopping=0
trap 'stopping=1' TERM INT
pids=()
for p in "$@"; do
  [ "$stopping" -eq 1 ] && break
  a="$DIR/agent-$p"
  # shellcheck disable=SC2086
  SNMP_PERSISTENT_DIR="$a/persist" SNMPCONFPATH="$a" \
    "$SNMPD_BIN" -f -C -c "$a/snmpd.conf" -Lf "$a/snmpd.log" $SNMPD_ARGS > /dev/null 2>&1 < /dev/null &
  pids+=($!)
  echo $! > "$a/snmpd.pid"
done
# `wait` returns early when a trapped signal arrives
while [ "$stopping" -eq 0 ] && [ -n "$(jobs -pr)" ]; do wait; done
[ "${#pids[@]}" -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null
wait
