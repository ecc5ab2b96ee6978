#!/usr/bin/env bash
# Starts a throw-away Redis 7 on 127.0.0.1 for ceilometer-ts tests and CI (persistence off).
#
#   scripts/services/start-redis.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: REDIS_PORT (6380)  REDIS_WAIT (readiness timeout, 10 s)
#              REDIS_PASSWORD (empty: no AUTH; else --requirepass)  REDIS_BIN (/usr/bin/redis-server)
# Prints KEY=VALUE lines (REDIS_URL=redis://127.0.0.1:6380/0 ...) and writes them to
# DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for stop-service.sh.
# Running it again on the same DATA_DIR and port after stop-service.sh (without --rm) starts the
# same server again: that is how outage tests restart Redis under running agents.
set -euo pipefail

REDIS_PORT=${REDIS_PORT:-6380}
REDIS_WAIT=${REDIS_WAIT:-10}
REDIS_PASSWORD=${REDIS_PASSWORD:-}
REDIS_BIN=${REDIS_BIN:-/usr/bin/redis-server}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-redis.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ping() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null; }

[ -x "$REDIS_BIN" ] || { echo "$REDIS_BIN not found (apt-get install redis-server)" >&2; exit 1; }
command -v redis-cli > /dev/null || { echo "redis-cli not found (apt-get install redis-tools)" >&2; exit 1; }
if port_open "$REDIS_PORT"; then echo "port $REDIS_PORT is already in use" >&2; exit 1; fi

auth=()
[ -z "$REDIS_PASSWORD" ] || auth=(--requirepass "$REDIS_PASSWORD")
rm -f "$DIR/redis.pid"
t0=$(date +%s%N)
# --save '' + --appendonly no: no RDB/AOF, nothing written on shutdown (a restart starts empty, as
# a lost Redis does). --daemonize yes: the server detaches and writes its own PID to --pidfile.
"$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 \
  --save '' --appendonly no --dir "$DIR" "${auth[@]}" \
  --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --daemonize yes
echo "$DIR/redis.pid TERM" > "$DIR/stop.list"

deadline=$(( $(date +%s) + REDIS_WAIT ))
until [ "$(ping)" = PONG ] && [ -s "$DIR/redis.pid" ]; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "redis on port $REDIS_PORT not ready after ${REDIS_WAIT}s" >&2
    tail -20 "$DIR/redis.log" >&2
    exit 1
  fi
  sleep 0.02
done
t1=$(date +%s%N)

userinfo=""
[ -z "$REDIS_PASSWORD" ] || userinfo=":$REDIS_PASSWORD@"
cat > "$DIR/service.env" <<ENV
REDIS_URL=redis://${userinfo}127.0.0.1:$REDIS_PORT/0
REDIS_DIR=$DIR
REDIS_PORT=$REDIS_PORT
REDIS_PIDFILE=$DIR/redis.pid
REDIS_PID=$(cat "$DIR/redis.pid")
REDIS_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
