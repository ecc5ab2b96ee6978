#!/usr/bin/env bash
# Stops and/or starts again, in place, the Gnocchi API and metricd that start-gnocchi.sh set up in
# DATA_DIR: same port, config, indexer and storage (its PostgreSQL keeps running). Used by outage
# tests ("stop Gnocchi in the middle of a run: every measure arrives").
#
#   scripts/services/restart-gnocchi.sh DATA_DIR [restart|stop|start]     (default: restart)
#
# Environment: GNOCCHI_WAIT (readiness timeout, 90 s), STOP_TIMEOUT (KILL after, 20 s).
# Prints GNOCCHI_API_PID=<new pid> after a start. Measured here: stop 1.4-2 s, start 2-3 s.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=gnocchi-lib.sh
. "$HERE/gnocchi-lib.sh"

DIR=${1:?usage: restart-gnocchi.sh DATA_DIR [restart|stop|start]}
MODE=${2:-restart}
DIR=$(cd "$DIR" && pwd)
[ -f "$DIR/run.env" ] || { echo "$DIR/run.env missing: not a start-gnocchi.sh data dir" >&2; exit 1; }
# shellcheck disable=SC1091
. "$DIR/run.env"

case $MODE in
  restart|stop)
    gnocchi_stop_pid "$DIR/metricd.pid"
    gnocchi_stop_pid "$DIR/api.pid" ;;
  start) ;;
  *) echo "unknown mode $MODE" >&2; exit 2 ;;
esac
if [ "$MODE" != stop ]; then
  if (exec 3<>"/dev/tcp/127.0.0.1/$GNOCCHI_PORT") 2>/dev/null; then echo "port $GNOCCHI_PORT already in use" >&2; exit 1; fi
  gnocchi_launch_api "$DIR"
  gnocchi_wait_api "$DIR" "${GNOCCHI_WAIT:-90}"
  [ "$GNOCCHI_METRICD" != 1 ] || gnocchi_launch_metricd "$DIR"
  echo "GNOCCHI_API_PID=$(cat "$DIR/api.pid")"
fi
