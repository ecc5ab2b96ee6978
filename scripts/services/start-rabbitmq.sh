#!/usr/bin/env bash
# Starts a private RabbitMQ node on 127.0.0.1 for ceilometer-ts tests and CI: its own node name,
# HOME (Erlang cookie), mnesia, logs, config files and epmd, so it never touches the system broker,
# the default ports or /etc/rabbitmq.
#
#   scripts/services/start-rabbitmq.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: RABBIT_PORT (5674)  RABBIT_DIST_PORT (25674)  RABBIT_EPMD_PORT (4374)
#              RABBIT_NODENAME (ceilo-rabbit-$RABBIT_PORT@localhost)
#              RABBIT_USER / RABBIT_PASS (guest / guest)  RABBIT_WAIT (readiness timeout, 120 s)
# Prints KEY=VALUE lines (RABBIT_URL=rabbit://guest:guest@127.0.0.1:5674/ ...) and writes them to
# DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for stop-service.sh.
# DATA_DIR/env.sh holds what /usr/lib/rabbitmq/bin/rabbitmqctl needs (`. DATA_DIR/env.sh`).
# Restart in place (same node, same mnesia): restart-rabbitmq.sh DATA_DIR.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=rabbitmq-lib.sh
. "$HERE/rabbitmq-lib.sh"

RABBIT_PORT=${RABBIT_PORT:-5674}
RABBIT_DIST_PORT=${RABBIT_DIST_PORT:-$((RABBIT_PORT + 20000))}
RABBIT_EPMD_PORT=${RABBIT_EPMD_PORT:-4374}
RABBIT_NODENAME=${RABBIT_NODENAME:-ceilo-rabbit-$RABBIT_PORT@localhost}
RABBIT_USER=${RABBIT_USER:-guest}
RABBIT_PASS=${RABBIT_PASS:-guest}
RABBIT_WAIT=${RABBIT_WAIT:-120}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-rabbitmq.XXXXXX")}
mkdir -p "$DIR/log"
DIR=$(cd "$DIR" && pwd)

for p in "$RABBIT_PORT" "$RABBIT_DIST_PORT"; do
  if port_open "$p"; then echo "port $p is already in use" >&2; exit 1; fi
done

# NOTE: /usr/lib/rabbitmq/bin/* are called directly: the /usr/sbin wrappers switch to the rabbitmq
# user, its HOME (shared cookie) and /var/log/rabbitmq.
cat > "$DIR/env.sh" <<ENV
export HOME="$DIR"
export RABBITMQ_NODENAME="$RABBIT_NODENAME"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$RABBIT_PORT
export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/advanced.config"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$DIR/mnesia"
export RABBITMQ_LOG_BASE="$DIR/log"
export RABBITMQ_LOGS="$DIR/log/rabbit.log"
export RABBITMQ_PID_FILE="$DIR/beam.pid"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_PORT=$RABBIT_EPMD_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
ENV
: > "$DIR/rabbitmq-env.conf"
[ -f "$DIR/enabled_plugins" ] || echo '[].' > "$DIR/enabled_plugins"
cat > "$DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
default_user = $RABBIT_USER
default_pass = $RABBIT_PASS
default_vhost = /
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
CONF
# shellcheck disable=SC1091
. "$DIR/env.sh"
: > "$DIR/stop.list"

t0=$(date +%s%N)
if ! port_open "$RABBIT_EPMD_PORT"; then
  # foreground epmd in its own session: its PID is known, unlike `epmd -daemon`
  setsid /usr/bin/epmd -port "$RABBIT_EPMD_PORT" -address 127.0.0.1 > "$DIR/log/epmd.log" 2>&1 < /dev/null &
  echo $! > "$DIR/epmd.pid"
  echo "$DIR/epmd.pid TERM" >> "$DIR/stop.list"
  until port_open "$RABBIT_EPMD_PORT"; do sleep 0.02; done
fi
rabbit_launch "$DIR" "$RABBIT_WAIT"
t1=$(date +%s%N)

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], ""))' "$1" 2>/dev/null || printf '%s' "$1"; }
cat > "$DIR/service.env" <<ENV
RABBIT_URL=rabbit://$(enc "$RABBIT_USER"):$(enc "$RABBIT_PASS")@127.0.0.1:$RABBIT_PORT/
RABBIT_AMQP_URL=amqp://$(enc "$RABBIT_USER"):$(enc "$RABBIT_PASS")@127.0.0.1:$RABBIT_PORT/%2F
RABBIT_DIR=$DIR
RABBIT_PORT=$RABBIT_PORT
RABBIT_DIST_PORT=$RABBIT_DIST_PORT
RABBIT_EPMD_PORT=$RABBIT_EPMD_PORT
RABBIT_NODENAME=$RABBIT_NODENAME
RABBIT_PIDFILE=$DIR/rabbitmq-server.pid
RABBIT_PID=$(cat "$DIR/rabbitmq-server.pid")
RABBIT_ENV=$DIR/env.sh
RABBIT_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
