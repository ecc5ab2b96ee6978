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

KS_DIR=${1:?usage: start-cinder.sh KEYSTONE_DIR [DATA_DIR]}
KS_DIR=$(cd "$KS_DIR" && pwd)
CINDER_PORT=${CINDER_PORT:-8776}
CINDER_WAIT=${CINDER_WAIT:-90}
set -a; . "$KS_DIR/service.env"; set +a
KEYSTONE_SERVICE_PASSWORD=${KEYSTONE_SERVICE_PASSWORD:-secret}
DIR=${2:-$(mktemp -d "${TMPDIR:-/tmp}/cinder.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
URL="http://127.0.0.1:$CINDER_PORT"

if (exec 3<>"/dev/tcp/127.0.0.1/$CINDER_PORT") 2>/dev/null; then
  echo "port $CINDER_PORT already in use" >&2; exit 1
fi
t0=$(date +%s.%N)

mkdir -p "$DIR/log" "$DIR/lock" "$DIR/state"
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
[keystone_authtoken]
www_authenticate_uri = ${KEYSTONE_URL%/v3}
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = cinder
password = $KEYSTONE_SERVICE_PASSWORD
region_name = $OS_REGION_NAME
memcached_servers =
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
CONF

CACHE=$(db_cache_path cinder cinder-api)
CACHED=0; [ -n "$CACHE" ] && [ -s "$CACHE" ] && CACHED=1
if [ "$CACHED" = 1 ]; then
  cp "$CACHE" "$DIR/cinder.db"; t_sync=0
else
  t=$(date +%s.%N)
  cinder-manage --config-file "$DIR/cinder.conf" db sync > "$DIR/log/db_sync.log" 2>&1
  t_sync=$(echo "$(date +%s.%N) - $t" | bc)
  /usr/bin/python3 - "$DIR/cinder.db" <<'PY' 2>>"$DIR/log/db_sync.log"
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
  db_cache_save "$DIR/cinder.db" "$CACHE"
fi
t_db=$(date +%s.%N)

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" volumev3 cinderv3 "$URL/v3/%(project_id)s"

# cinder.wsgi.wsgi parses sys.argv[1:]: the config file goes in --pyargv
uwsgi --plugins python3 \
  --http-socket "127.0.0.1:$CINDER_PORT" --wsgi-file /usr/bin/cinder-wsgi \
  --pyargv "--config-file $DIR/cinder.conf" \
  --master --processes 1 --threads 1 --lazy-apps --die-on-term --buffer-size 65535 --need-app \
  --socket-timeout 10 --add-header 'Connection: close' \
  --pidfile "$DIR/uwsgi.pid" --daemonize "$DIR/log/uwsgi.log"
echo "$DIR/uwsgi.pid INT" > "$DIR/stop.list"

deadline=$(( $(date +%s) + CINDER_WAIT ))
until curl -fs -o /dev/null "$URL/"; do
  [ -s "$DIR/uwsgi.pid" ] && { kill -0 "$(cat "$DIR/uwsgi.pid")" 2>/dev/null || { echo "uwsgi died, see $DIR/log" >&2; exit 1; }; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "cinder not ready after ${CINDER_WAIT}s, see $DIR/log" >&2; exit 1; }
  sleep 0.1
done
t_up=$(date +%s.%N)

{
  echo "CINDER_URL=$URL"
  echo "CINDER_PORT=$CINDER_PORT"
  echo "CINDER_DIR=$DIR"
  echo "CINDER_DB=$DIR/cinder.db"
  echo "CINDER_DB_FROM_CACHE=$CACHED"
  echo "CINDER_PID=$(cat "$DIR/uwsgi.pid")"
  printf 'CINDER_SECONDS_DB_SYNC=%.1f\n' "$t_sync"
  printf 'CINDER_SECONDS_DB=%.1f\n' "$(echo "$t_db - $t0" | bc)"
  printf 'CINDER_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
} | tee "$DIR/service.env"
