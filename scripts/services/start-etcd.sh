#!/usr/bin/env bash
# Starts a throw-away single-member etcd 3.4 (Debian etcd-server) on 127.0.0.1 for ceilometer-ts
# tests (the etcd3 coordination driver).
#
#   scripts/services/start-etcd.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: ETCD_PORT (client, 2379)  ETCD_PEER_PORT (2380)  ETCD_NAME (ceilo-etcd)
#              ETCD_WAIT (readiness timeout, 30 s)
#              ETCD_HEARTBEAT_MS (10)  ETCD_ELECTION_MS (100)
#              ETCD_TLS=1: TLS on the client port with client certificates required, from a CA made
#                here (DATA_DIR/tls/{ca,client}.pem, client.key); ETCD_URL is then
#                etcd3+https://127.0.0.1:PORT?ca_cert=...&cert_key=...&cert_cert=... (tooz's names)
# Prints KEY=VALUE lines (ETCD_URL=etcd3+http://127.0.0.1:PORT ...) and writes them to
# DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for stop-service.sh;
# restart-etcd.sh DATA_DIR [restart|stop|start] restarts it in place (same ports, same data).
#
# The client AND the peer listener are both set: etcd's defaults are localhost:2379 and
# localhost:2380 even for a single member. Raft timing 10/100 ms: on a warm restart (same data
# dir) the member comes back as follower and waits one election timeout before it elects itself;
# with etcd's default 1000 ms that took 1.6-1.7 s here, with 100 ms 0.14-0.18 s (one member on
# loopback has no peers to time out).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=etcd-lib.sh
. "$HERE/etcd-lib.sh"

PORT=${ETCD_PORT:-2379}
PEER_PORT=${ETCD_PEER_PORT:-2380}
NAME=${ETCD_NAME:-ceilo-etcd}
WAIT=${ETCD_WAIT:-30}
HEARTBEAT_MS=${ETCD_HEARTBEAT_MS:-10}
ELECTION_MS=${ETCD_ELECTION_MS:-100}
TLS=${ETCD_TLS:-}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-etcd.XXXXXX")}
mkdir -p "$DIR/log"
DIR=$(cd "$DIR" && pwd)

[ -x /usr/bin/etcd ] || { echo "/usr/bin/etcd not found (apt-get install etcd-server)" >&2; exit 1; }
for p in "$PORT" "$PEER_PORT"; do
  if port_open "$p"; then echo "port $p is already in use" >&2; exit 1; fi
done

# what restart-etcd.sh needs to start the same member again (names that etcd does not read as flags)
cat > "$DIR/env.sh" <<ENV
ETCD_CLIENT_PORT=$PORT
ETCD_PEER_PORT_NUM=$PEER_PORT
ETCD_MEMBER_NAME=$NAME
ETCD_HEARTBEAT_MS_SET=$HEARTBEAT_MS
ETCD_ELECTION_MS_SET=$ELECTION_MS
ETCD_TLS_DIR=${TLS:+$DIR/tls}
ENV
# shellcheck disable=SC1091
. "$DIR/env.sh"

t0=$(date +%s%N)
[ -z "$TLS" ] || etcd_make_certs "$DIR/tls"
etcd_launch "$DIR" "$WAIT"
t1=$(date +%s%N)

url=etcd3+http://127.0.0.1:$PORT endpoint=http://127.0.0.1:$PORT
if [ -n "$TLS" ]; then
  url="etcd3+https://127.0.0.1:$PORT?ca_cert=$DIR/tls/ca.pem&cert_key=$DIR/tls/client.key&cert_cert=$DIR/tls/client.pem"
  endpoint=https://127.0.0.1:$PORT
fi
cat > "$DIR/service.env" <<ENV
ETCD_URL=$url
ETCD_ENDPOINTS=$endpoint
${TLS:+ETCD_TLS_DIR=$DIR/tls}
ETCD_DIR=$DIR
ETCD_PORT=$PORT
ETCD_PEER_PORT=$PEER_PORT
ETCD_PIDFILE=$DIR/etcd.pid
ETCD_PID=$(cat "$DIR/etcd.pid")
ETCD_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
