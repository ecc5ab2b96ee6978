#!/usr/bin/env bash
# Starts a throw-away single-member etcd 3.4 (Debian etcd-server) on 127.0.0.1 for ceilometer-ts
# tests (the etcd3 coordination driver).
#
#   scripts/services/start-etcd.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: ETCD_PORT (client, 2379)  ETCD_PEER_PORT (2380)  ETCD_NAME (ceilo-etcd)
#              ETCD_WAIT (readiness timeout, 30 s)
#              ETCD_HEARTBEAT_MS (10)  ETCD_ELECTION_MS (100)
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
ENV
# shellcheck disable=SC1091
. "$DIR/env.sh"

t0=$(date +%s%N)
etcd_launch "$DIR" "$WAIT"
t1=$(date +%s%N)

cat > "$DIR/service.env" <<ENV
ETCD_URL=etcd3+http://127.0.0.1:$PORT
ETCD_ENDPOINTS=http://127.0.0.1:$PORT
ETCD_DIR=$DIR
ETCD_PORT=$PORT
ETCD_PEER_PORT=$PEER_PORT
ETCD_PIDFILE=$DIR/etcd.pid
ETCD_PID=$(cat "$DIR/etcd.pid")
ETCD_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
