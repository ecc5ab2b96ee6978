#!/usr/bin/env bash
# Stops and/or starts again, in place, the etcd member that start-etcd.sh set up in DATA_DIR: same
# name, ports and data dir (keys and unexpired leases survive). Used by outage tests.
#
#   scripts/services/restart-etcd.sh DATA_DIR [restart|stop|start]     (default: restart)
#
# Environment: ETCD_WAIT (readiness timeout, 30 s), STOP_TIMEOUT (KILL after, 20 s).
# Prints ETCD_PID=<new pid> after a start.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=etcd-lib.sh
. "$HERE/etcd-lib.sh"

DIR=${1:?usage: restart-etcd.sh DATA_DIR [restart|stop|start]}
MODE=${2:-restart}
DIR=$(cd "$DIR" && pwd)
[ -f "$DIR/env.sh" ] || { echo "$DIR/env.sh missing: not a start-etcd.sh data dir" >&2; exit 1; }
WAIT=${ETCD_WAIT:-30}
# shellcheck disable=SC1091
. "$DIR/env.sh"

case $MODE in
  restart|stop) etcd_stop "$DIR" ;;
  start) ;;
  *) echo "unknown mode $MODE" >&2; exit 2 ;;
esac
if [ "$MODE" != stop ]; then
  if port_open "$ETCD_CLIENT_PORT"; then echo "port $ETCD_CLIENT_PORT already in use" >&2; exit 1; fi
  etcd_launch "$DIR" "$WAIT"
  echo "ETCD_PID=$(cat "$DIR/etcd.pid")"
fi
