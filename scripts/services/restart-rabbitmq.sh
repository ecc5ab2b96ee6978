#!/usr/bin/env bash
# Stops and/or starts again, in place, the RabbitMQ node that start-rabbitmq.sh set up in DATA_DIR:
# same node name, ports and mnesia (durable queues and persistent messages survive). epmd keeps
# running. Used by outage tests.
#
#   scripts/services/restart-rabbitmq.sh DATA_DIR [restart|stop|start]     (default: restart)
#
# Environment: RABBIT_WAIT (readiness timeout, 120 s), STOP_TIMEOUT (KILL after, 20 s).
# Prints RABBIT_PID=<new pid> after a start.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=rabbitmq-lib.sh
. "$HERE/rabbitmq-lib.sh"

DIR=${1:?usage: restart-rabbitmq.sh DATA_DIR [restart|stop|start]}
MODE=${2:-restart}
DIR=$(cd "$DIR" && pwd)
[ -f "$DIR/env.sh" ] || { echo "$DIR/env.sh missing: not a start-rabbitmq.sh data dir" >&2; exit 1; }
# shellcheck disable=SC1091
. "$DIR/env.sh"

case $MODE in
  restart|stop) rabbit_stop_node "$DIR" ;;
  start) ;;
  *) echo "unknown mode $MODE" >&2; exit 2 ;;
esac
if [ "$MODE" != stop ]; then
  if port_open "$RABBITMQ_NODE_PORT"; then echo "port $RABBITMQ_NODE_PORT already in use" >&2; exit 1; fi
  rabbit_launch "$DIR" "${RABBIT_WAIT:-120}"
  echo "RABBIT_PID=$(cat "$DIR/rabbitmq-server.pid")"
fi
