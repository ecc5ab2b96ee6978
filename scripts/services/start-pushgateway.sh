#!/usr/bin/env bash
# Starts a throw-away Prometheus Pushgateway on 127.0.0.1 for ceilometer-ts tests and CI.
#
#   scripts/services/start-pushgateway.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: PUSHGW_PORT (9091)  PUSHGW_WAIT (readiness timeout, 60 s)
#              PUSHGW_BIN (/usr/bin/prometheus-pushgateway)
# Prints KEY=VALUE lines (PUSHGW_URL=http://127.0.0.1:9091 ...) and writes them to
# DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for stop-service.sh.
#
# Debian's build defaults --persistence.file to /var/lib/prometheus/pushgateway.data: it is set
# empty here (in memory only). --web.enable-admin-api allows PUT /api/v1/admin/wipe between tests.
set -euo pipefail

PUSHGW_PORT=${PUSHGW_PORT:-9091}
PUSHGW_WAIT=${PUSHGW_WAIT:-60}
PUSHGW_BIN=${PUSHGW_BIN:-/usr/bin/prometheus-pushgateway}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-pushgw.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ready() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PUSHGW_PORT/-/ready"; }

[ -x "$PUSHGW_BIN" ] || { echo "$PUSHGW_BIN not found (apt-get install prometheus-pushgateway)" >&2; exit 1; }
if port_open "$PUSHGW_PORT"; then echo "port $PUSHGW_PORT is already in use" >&2; exit 1; fi

t0=$(date +%s%N)
setsid "$PUSHGW_BIN" \
  --web.listen-address="127.0.0.1:$PUSHGW_PORT" \
  --persistence.file= \
  --web.enable-admin-api \
  --log.level=warn \
  > "$DIR/pushgateway.log" 2>&1 < /dev/null &
echo $! > "$DIR/pushgateway.pid"
echo "$DIR/pushgateway.pid TERM" > "$DIR/stop.list"

deadline=$(( $(date +%s) + PUSHGW_WAIT ))
until ready; do
  if ! kill -0 "$(cat "$DIR/pushgateway.pid")" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
    echo "pushgateway on port $PUSHGW_PORT not ready after ${PUSHGW_WAIT}s (or exited)" >&2
    tail -30 "$DIR/pushgateway.log" >&2
    exit 1
  fi
  sleep 0.02
done
t1=$(date +%s%N)

cat > "$DIR/service.env" <<ENV
PUSHGW_URL=http://127.0.0.1:$PUSHGW_PORT
PUSHGW_DIR=$DIR
PUSHGW_PORT=$PUSHGW_PORT
PUSHGW_PIDFILE=$DIR/pushgateway.pid
PUSHGW_PID=$(cat "$DIR/pushgateway.pid")
PUSHGW_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
