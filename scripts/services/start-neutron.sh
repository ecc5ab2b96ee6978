#!/usr/bin/env bash
# Starts a throw-away Neutron server 21 (Debian "neutron-server"), API only, on
# 127.0.0.1:$NEUTRON_PORT for the central pollster tests: ML2 without agents or mechanism drivers +
# the L3 router service plugin, sqlite in DATA_DIR, keystone auth (user "neutron") against a running
# start-keystone.sh, whose network endpoints are pointed at this port (keystone-endpoint.py),
# transport_url = fake:// (no broker, no agents). Networks, subnets, routers and floating IPs exist
# as records (ports stay unbound). Adapted from the measured recipe in /work/shared/services/openstack.
#
#   scripts/services/start-neutron.sh KEYSTONE_DIR [DATA_DIR]      (DATA_DIR default: mktemp -d)
#   env: NEUTRON_PORT (9696)  NEUTRON_WAIT (120 s)
#        CEILO_DB_CACHE_DIR (see db-cache.sh): reuse a cached, freshly created neutron.db
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env); NEUTRON_DB is the sqlite file (the
# seed helper sets floating IPs ACTIVE there: only an L3 agent would).  Stop: stop-service.sh DATA_DIR [--rm]
#
# Pitfalls: "neutron-db-manage upgrade heads" fails on sqlite ("No support for ALTER of constraints
# in SQLite dialect"): the schema is created from the model metadata and the alembic heads stamped,
# as neutron's unit tests do. api_workers = 0: the API runs in the parent process (the rpc and
# periodic workers are still forked, all in the process group setsid gives them).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/db-cache.sh"

KS_DIR=${1:?usage: start-neutron.sh KEYSTONE_DIR [DATA_DIR]}
KS_DIR=$(cd "$KS_DIR" && pwd)
NEUTRON_PORT=${NEUTRON_PORT:-9696}
NEUTRON_WAIT=${NEUTRON_WAIT:-120}
set -a; . "$KS_DIR/service.env"; set +a
KEYSTONE_SERVICE_PASSWORD=${KEYSTONE_SERVICE_PASSWORD:-secret}
DIR=${2:-$(mktemp -d "${TMPDIR:-/tmp}/neutron.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
URL="http://127.0.0.1:$NEUTRON_PORT"

if (exec 3<>"/dev/tcp/127.0.0.1/$NEUTRON_PORT") 2>/dev/null; then
  echo "port $NEUTRON_PORT already in use" >&2; exit 1
fi
t0=$(date +%s.%N)

mkdir -p "$DIR/log" "$DIR/lock" "$DIR/state"
cat > "$DIR/neutron.conf" <<CONF
[DEFAULT]
log_file = $DIR/log/neutron-server.log
state_path = $DIR/state
bind_host = 127.0.0.1
bind_port = $NEUTRON_PORT
api_paste_config = /etc/neutron/api-paste.ini
auth_strategy = keystone
core_plugin = ml2
service_plugins = router
transport_url = fake://
api_workers = 0
rpc_workers = 0
rpc_state_report_workers = 0
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
[database]
connection = sqlite:///$DIR/neutron.db
[oslo_concurrency]
lock_path = $DIR/lock
[oslo_messaging_notifications]
driver = noop
[agent]
root_helper = true
[ml2]
type_drivers = flat,vlan,local
tenant_network_types = local
mechanism_drivers =
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[quotas]
# no quotas: the benchmark seeds hundreds of floating IPs (default 50)
quota_floatingip = -1
quota_network = -1
quota_subnet = -1
quota_port = -1
quota_router = -1
[keystone_authtoken]
www_authenticate_uri = ${KEYSTONE_URL%/v3}
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = neutron
password = $KEYSTONE_SERVICE_PASSWORD
region_name = $OS_REGION_NAME
memcached_servers =
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
CONF

CACHE=$(db_cache_path neutron neutron-server)
CACHED=0; [ -n "$CACHE" ] && [ -s "$CACHE" ] && CACHED=1
if [ "$CACHED" = 1 ]; then
  cp "$CACHE" "$DIR/neutron.db"; t_sync=0
else
  t=$(date +%s.%N)
  /usr/bin/python3 - "sqlite:///$DIR/neutron.db" > "$DIR/log/db_sync.log" 2>&1 <<'PY'
import sys, sqlalchemy
from neutron.db.migration.models import head
head.get_metadata().create_all(sqlalchemy.create_engine(sys.argv[1]))
PY
  neutron-db-manage --config-file "$DIR/neutron.conf" stamp heads >> "$DIR/log/db_sync.log" 2>&1
  t_sync=$(echo "$(date +%s.%N) - $t" | bc)
  /usr/bin/python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$DIR/neutron.db"
  db_cache_save "$DIR/neutron.db" "$CACHE"
fi
t_db=$(date +%s.%N)

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" network neutron "$URL"

setsid neutron-server --config-file "$DIR/neutron.conf" > "$DIR/log/stdout.log" 2>&1 < /dev/null &
echo $! > "$DIR/neutron-server.pid"
echo "$DIR/neutron-server.pid TERM" > "$DIR/stop.list"

deadline=$(( $(date +%s) + NEUTRON_WAIT ))
until curl -fs -o /dev/null "$URL/"; do
  kill -0 "$(cat "$DIR/neutron-server.pid")" 2>/dev/null || { echo "neutron-server died, see $DIR/log" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "neutron not ready after ${NEUTRON_WAIT}s, see $DIR/log" >&2; exit 1; }
  sleep 0.1
done
t_up=$(date +%s.%N)

{
  echo "NEUTRON_URL=$URL"
  echo "NEUTRON_PORT=$NEUTRON_PORT"
  echo "NEUTRON_DIR=$DIR"
  echo "NEUTRON_DB=$DIR/neutron.db"
  echo "NEUTRON_DB_FROM_CACHE=$CACHED"
  echo "NEUTRON_PID=$(cat "$DIR/neutron-server.pid")"
  printf 'NEUTRON_SECONDS_DB_SYNC=%.1f\n' "$t_sync"
  printf 'NEUTRON_SECONDS_DB=%.1f\n' "$(echo "$t_db - $t0" | bc)"
  printf 'NEUTRON_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
} | tee "$DIR/service.env"
