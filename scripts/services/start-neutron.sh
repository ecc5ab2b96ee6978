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
. "$HERE/openstack-service-lib.sh"

NEUTRON_PORT=${NEUTRON_PORT:-9696}
NEUTRON_WAIT=${NEUTRON_WAIT:-120}
openstack_service_begin neutron "${1:?usage: start-neutron.sh KEYSTONE_DIR [DATA_DIR]}" "${2:-}" "$NEUTRON_PORT"

mkdir -p "$DIR/lock" "$DIR/state"
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
$(keystone_authtoken_conf neutron)
CONF

# the schema straight from the models, then stamped (faster than running every migration)
neutron_db_sync() {
  /usr/bin/python3 - "sqlite:///$DIR/neutron.db" <<'PY'
import sys, sqlalchemy
from neutron.db.migration.models import head
head.get_metadata().create_all(sqlalchemy.create_engine(sys.argv[1]))
PY
  neutron-db-manage --config-file "$DIR/neutron.conf" stamp heads
}
sqlite_db_from_cache neutron neutron-server "$DIR/neutron.db" neutron_db_sync

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" network neutron "$URL"

setsid neutron-server --config-file "$DIR/neutron.conf" > "$DIR/log/stdout.log" 2>&1 < /dev/null &
echo $! > "$DIR/neutron-server.pid"
echo "$DIR/neutron-server.pid TERM" > "$DIR/stop.list"

wait_http_ready neutron-server "$URL/" "$NEUTRON_WAIT" "$DIR/neutron-server.pid"

print_service_env NEUTRON "$DIR/neutron-server.pid"
