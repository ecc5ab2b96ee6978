#!/usr/bin/env bash
# Starts a throw-away Redis 7 on 127.0.0.1 for ceilometer-ts tests and CI (persistence off).
#
#   scripts/services/start-redis.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: REDIS_PORT (6380)  REDIS_WAIT (readiness timeout, 10 s)
#              REDIS_PASSWORD (empty: no AUTH; else --requirepass)  REDIS_BIN (/usr/bin/redis-server)
#              REDIS_TLS=1: TLS only on REDIS_PORT, with a CA and a server certificate made here
#                (DATA_DIR/tls/ca.pem; REDIS_URL is then rediss://...?ssl_ca_certs=DATA_DIR/tls/ca.pem)
#              REDIS_SENTINEL_PORT: also a Sentinel on that port watching this server as master
#                `ceilo` (REDIS_SENTINEL_URL=redis://127.0.0.1:PORT?sentinel=ceilo); not with TLS
# Prints KEY=VALUE lines (REDIS_URL=redis://127.0.0.1:6380/0 ...) and writes them to
# DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for stop-service.sh.
# Running it again on the same DATA_DIR and port after stop-service.sh (without --rm) starts the
# same server again: that is how outage tests restart Redis under running agents.
set -euo pipefail

REDIS_PORT=${REDIS_PORT:-6380}
REDIS_WAIT=${REDIS_WAIT:-10}
REDIS_PASSWORD=${REDIS_PASSWORD:-}
REDIS_BIN=${REDIS_BIN:-/usr/bin/redis-server}
REDIS_TLS=${REDIS_TLS:-}
REDIS_SENTINEL_PORT=${REDIS_SENTINEL_PORT:-}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-redis.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
tls_cli=()
[ -z "$REDIS_TLS" ] || tls_cli=(--tls --cacert "$DIR/tls/ca.pem")
ping() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "${tls_cli[@]}" ping 2>/dev/null; }

[ -x "$REDIS_BIN" ] || { echo "$REDIS_BIN not found (apt-get install redis-server)" >&2; exit 1; }
command -v redis-cli > /dev/null || { echo "redis-cli not found (apt-get install redis-tools)" >&2; exit 1; }
if port_open "$REDIS_PORT"; then echo "port $REDIS_PORT is already in use" >&2; exit 1; fi

auth=()
[ -z "$REDIS_PASSWORD" ] || auth=(--requirepass "$REDIS_PASSWORD")
listen=(--port "$REDIS_PORT")
if [ -n "$REDIS_TLS" ]; then
  # a throw-away CA and a server certificate for 127.0.0.1/localhost (kept across restarts of DATA_DIR)
  if [ ! -s "$DIR/tls/server.pem" ]; then
    mkdir -p "$DIR/tls"
    ( cd "$DIR/tls"
      ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
      openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 7 -subj /CN=ceilo-test-ca 2>/dev/null
      openssl req "${ec[@]}" -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 7 -extfile san.ext 2>/dev/null )
  fi
  listen=(--port 0 --tls-port "$REDIS_PORT" --tls-cert-file "$DIR/tls/server.pem" --tls-key-file "$DIR/tls/server.key"
          --tls-ca-cert-file "$DIR/tls/ca.pem" --tls-auth-clients no)
fi
rm -f "$DIR/redis.pid" "$DIR/sentinel.pid"
t0=$(date +%s%N)
# --save '' + --appendonly no: no RDB/AOF, nothing written on shutdown (a restart starts empty, as
# a lost Redis does). --daemonize yes: the server detaches and writes its own PID to --pidfile.
"$REDIS_BIN" "${listen[@]}" --bind 127.0.0.1 \
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

if [ -n "$REDIS_SENTINEL_PORT" ]; then
  if port_open "$REDIS_SENTINEL_PORT"; then echo "port $REDIS_SENTINEL_PORT is already in use" >&2; exit 1; fi
  # Sentinel rewrites its config file: a fresh one at each start
  { echo "port $REDIS_SENTINEL_PORT"; echo "bind 127.0.0.1"; echo "dir $DIR"
    echo "daemonize yes"; echo "pidfile $DIR/sentinel.pid"; echo "logfile $DIR/sentinel.log"
    echo "sentinel monitor ceilo 127.0.0.1 $REDIS_PORT 1"
    [ -z "$REDIS_PASSWORD" ] || echo "sentinel auth-pass ceilo $REDIS_PASSWORD"
  } > "$DIR/sentinel.conf"
  "$REDIS_BIN" "$DIR/sentinel.conf" --sentinel
  echo "$DIR/sentinel.pid TERM" >> "$DIR/stop.list"
  until [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_SENTINEL_PORT" sentinel get-master-addr-by-name ceilo 2>/dev/null | tail -1)" = "$REDIS_PORT" ] \
        && [ -s "$DIR/sentinel.pid" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "sentinel on port $REDIS_SENTINEL_PORT not ready after ${REDIS_WAIT}s" >&2
      tail -20 "$DIR/sentinel.log" >&2
      exit 1
    fi
    sleep 0.02
  done
fi
t1=$(date +%s%N)

userinfo=""
[ -z "$REDIS_PASSWORD" ] || userinfo=":$REDIS_PASSWORD@"
scheme=redis
query=""
[ -z "$REDIS_TLS" ] || { scheme=rediss; query="?ssl_ca_certs=$DIR/tls/ca.pem"; }
cat > "$DIR/service.env" <<ENV
REDIS_URL=$scheme://${userinfo}127.0.0.1:$REDIS_PORT/0$query
${REDIS_SENTINEL_PORT:+REDIS_SENTINEL_URL=redis://${userinfo}127.0.0.1:$REDIS_SENTINEL_PORT/0?sentinel=ceilo}
${REDIS_TLS:+REDIS_CA_FILE=$DIR/tls/ca.pem}
REDIS_DIR=$DIR
REDIS_PORT=$REDIS_PORT
REDIS_PIDFILE=$DIR/redis.pid
REDIS_PID=$(cat "$DIR/redis.pid")
REDIS_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
