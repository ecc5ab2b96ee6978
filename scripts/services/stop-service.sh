#!/usr/bin/env bash
# Stops a service started by one of the start-*.sh scripts in this folder.
#
#   scripts/services/stop-service.sh DATA_DIR [--rm]
#
# DATA_DIR/stop.list holds "PIDFILE SIGNAL" lines in start order; each PID is signalled in reverse
# order, waited for up to STOP_TIMEOUT seconds (20) and then KILLed. Only those PIDs are touched,
# never processes found by name. --rm deletes DATA_DIR afterwards.
set -uo pipefail

DIR=${1:?usage: stop-service.sh DATA_DIR [--rm]}
STOP_TIMEOUT=${STOP_TIMEOUT:-20}
LIST="$DIR/stop.list"
[ -f "$LIST" ] || { echo "no $LIST" >&2; exit 1; }

rc=0
mapfile -t lines < "$LIST"
for (( i=${#lines[@]}-1; i>=0; i-- )); do
  read -r pidfile sig <<< "${lines[$i]}"
  [ -n "${pidfile:-}" ] && [ -s "$pidfile" ] || continue
  pid=$(head -n1 "$pidfile" | tr -dc '0-9')
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || continue
  kill -"${sig:-TERM}" "$pid" 2>/dev/null
  # a paused (SIGSTOPped) service, e.g. a BMC simulator in an outage test, acts on the signal
  # only once continued; SIGCONT is a no-op for a running one
  kill -CONT "$pid" 2>/dev/null
  deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break   # reaped later by its parent
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "pid $pid ($pidfile) ignored SIG${sig:-TERM} for ${STOP_TIMEOUT}s: KILL" >&2
      kill -KILL "$pid" 2>/dev/null; rc=1; break
    fi
    sleep 0.05
  done
  echo "stopped pid $pid ($(basename "$pidfile"))"
done
[ "${2:-}" = "--rm" ] && rm -rf -- "$DIR"
exit $rc
