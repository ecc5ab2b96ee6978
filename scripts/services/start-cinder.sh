#!/usr/bin/env bash
# Starts a throw-away Cinder API 21 (Debian "cinder-api") ONLY on 127.0.0.1:$CINDER_PORT for the
# central pollster tests: sqlite database in DATA_DIR, uwsgi, keystone auth (user "cinder") against a
# running start-keystone.sh, whose volumev3 endpoints are pointed at this port (keystone-endpoint.py).
# No scheduler / volume / backup service and no broker: transport_url = fake:// (oslo.messaging's
# in-memory driver), so the API's RPC casts go nowhere. Adapted from the measured recipe in
# /work/shared/services/openstack.
#
#   scripts/services/start-cinder.sh KEYSTONE_DIR [DATA_DIR]      (DATA_DIR default: mktemp -d)
#   env: CINDER_PORT (8776)  CINDER_WAIT (90 s)
#        CEILO_DB_CACHE_DIR (see db-cache.sh): reuse a cached, synced cinder.db (with the fake
#          service rows below)
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env); CINDER_DB is the sqlite file the
# seed helpers (test-services' CinderService) write host/status into.  Stop: stop-service.sh DATA_DIR [--rm]
#
# What works without a volume service (the seed helpers rely on it):
# - POST /volumes -> 202, stays "creating" with host NULL (no scheduler). os-reset_status (admin)
#   sets a status; POST /snapshots needs volumes.host set ("volume is not assigned to a host"), so
#   the seed helper sets it in sqlite first.
# - POST /backups needs a cinder-backup service that is "up": two FAKE `services` rows (cinder-volume
#   fake@fake and cinder-backup fake, zone nova, updated_at in 2100, current rpc/object versions,
#   else every API worker dies at load with "ServiceTooOld: ... Liberty version"). The backup then
#   stays "creating" (resetting a backup's status is an RPC to cinder-backup) unless set in sqlite.
# - GET /scheduler-stats/get_pools is an RPC *call* to cinder-scheduler: over fake:// nobody answers,
#   so volume_pools / volume.provider.pool.capacity.* cannot be served by this API (it times out
#   after rpc_response_timeout, set to 5 s here so the API is not blocked for 60 s).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/db-cache.sh"
. "$HERE/openstack-service-lib.sh"

CINDER_PORT=${CINDER_PORT:-8776}
CINDER_WAIT=${CINDER_WAIT:-90}
openstack_service_begin cinder "${1:?usage: start-cinder.sh KEYSTONE_DIR [DATA_DIR]}" "${2:-}" "$CINDER_PORT"

mkdir -p "$DIR/lock" "$DIR/state"
cat > "$DIR/cinder.conf" <<CONF
[DEFAULT]
log_file = $DIR/log/cinder-api.log
state_path = $DIR/state
api_paste_config = /etc/cinder/api-paste.ini
auth_strategy = keystone
transport_url = fake://
rpc_response_timeout = 5
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = $CINDER_PORT
osapi_volume_workers = 1
# no real cinder-volume in zone nova: fall back instead of "400 Availability zone 'nova' is invalid"
allow_availability_zone_fallback = true
# no quotas: the benchmark seeds 1,000 volumes (defaults: 10 volumes, 10 snapshots, 1,000 GiB)
quota_volumes = -1
quota_snapshots = -1
quota_backups = -1
quota_gigabytes = -1
quota_backup_gigabytes = -1
[database]
connection = sqlite:///$DIR/cinder.db
[oslo_concurrency]
lock_path = $DIR/lock
[coordination]
backend_url = file://$DIR/lock
[oslo_messaging_notifications]
driver = noop
$(keystone_authtoken_conf cinder)
CONF

# db sync, then the fake service rows (see the header)
cinder_db_sync() {
  cinder-manage --config-file "$DIR/cinder.conf" db sync
  /usr/bin/python3 - "$DIR/cinder.db" <<'PY'
import sqlite3, sys, uuid
from cinder.volume import rpcapi as vol_rpc
from cinder.backup import rpcapi as bak_rpc
from cinder.objects import base
obj = base.OBJ_VERSIONS.get_current()
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA journal_mode=WAL")
for host, binary, rpc in (("fake@fake", "cinder-volume", vol_rpc.VolumeAPI.RPC_API_VERSION),
                          ("fake", "cinder-backup", bak_rpc.BackupAPI.RPC_API_VERSION)):
    c.execute("INSERT INTO services (created_at, updated_at, deleted, host, binary, topic,"
              " report_count, disabled, availability_zone, frozen, uuid, replication_status,"
              " rpc_current_version, object_current_version)"
              " VALUES ('2020-01-01 00:00:00', '2100-01-01 00:00:00', 0, ?, ?, ?, 1, 0, 'nova',"
              " 0, ?, 'disabled', ?, ?)", (host, binary, binary, str(uuid.uuid4()), rpc, obj))
c.commit()
PY
}
sqlite_db_from_cache cinder cinder-api "$DIR/cinder.db" cinder_db_sync

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" volumev3 cinderv3 "$URL/v3/%(project_id)s"

# cinder.wsgi.wsgi parses sys.argv[1:]: the config file goes in --pyargv
uwsgi_serve "$CINDER_PORT" /usr/bin/cinder-wsgi --pyargv "--config-file $DIR/cinder.conf"
wait_http_ready cinder "$URL/" "$CINDER_WAIT" "$DIR/uwsgi.pid"

print_service_env CINDER "$DIR/uwsgi.pid"
