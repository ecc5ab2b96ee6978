#!/usr/bin/env bash
# Starts a throw-away Glance API 25 (Debian "glance-api") on 127.0.0.1:$GLANCE_PORT for the central
# pollster tests: sqlite database + "file" image store in DATA_DIR, served by uwsgi (python3 plugin),
# keystone auth (keystonemiddleware, user "glance") against a running start-keystone.sh, whose
# catalog is pointed at this port (keystone-endpoint.py). Adapted from the measured recipe in
# /work/shared/services/openstack.
#
#   scripts/services/start-glance.sh KEYSTONE_DIR [DATA_DIR]      (DATA_DIR default: mktemp -d)
#   env: GLANCE_PORT (9292)  GLANCE_WAIT (90 s)
#        GLANCE_TEST_IMAGE (0): 1 = upload a 1 MiB raw public image "ceilo-test" as admin
#        CEILO_DB_CACHE_DIR (see db-cache.sh): reuse a cached, freshly synced glance.db
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env); GLANCE_DB is the sqlite file
# (the bench seeds many images straight into it).  Stop: stop-service.sh DATA_DIR [--rm]
#
# Pitfalls: /etc/glance/glance-api-uwsgi.ini also sets http-auto-chunked, http-chunked-input,
# http-raw-body, wsgi-manage-chunked-input, which uwsgi-core 2.0.21 rejects with --http-socket
# ("unrecognized option"); uploads work without them. The WSGI app reads
# $OS_GLANCE_CONFIG_DIR/{glance-api-paste.ini,glance-api.conf}. "Connection: close" as for Keystone.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/db-cache.sh"

KS_DIR=${1:?usage: start-glance.sh KEYSTONE_DIR [DATA_DIR]}
KS_DIR=$(cd "$KS_DIR" && pwd)
GLANCE_PORT=${GLANCE_PORT:-9292}
GLANCE_WAIT=${GLANCE_WAIT:-90}
GLANCE_TEST_IMAGE=${GLANCE_TEST_IMAGE:-0}
set -a; . "$KS_DIR/service.env"; set +a
KEYSTONE_SERVICE_PASSWORD=${KEYSTONE_SERVICE_PASSWORD:-secret}
DIR=${2:-$(mktemp -d "${TMPDIR:-/tmp}/glance.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
URL="http://127.0.0.1:$GLANCE_PORT"

if (exec 3<>"/dev/tcp/127.0.0.1/$GLANCE_PORT") 2>/dev/null; then
  echo "port $GLANCE_PORT already in use" >&2; exit 1
fi
t0=$(date +%s.%N)

mkdir -p "$DIR/images" "$DIR/staging" "$DIR/log" "$DIR/lock"
cp /etc/glance/glance-api-paste.ini "$DIR/"
cat > "$DIR/glance-api.conf" <<CONF
[DEFAULT]
log_file = $DIR/log/glance-api.log
bind_host = 127.0.0.1
bind_port = $GLANCE_PORT
workers = 1
enabled_import_methods = [glance-direct,web-download]
node_staging_uri = file://$DIR/staging
show_image_direct_url = false
[database]
connection = sqlite:///$DIR/glance.db
[glance_store]
stores = file,http
default_store = file
filesystem_store_datadir = $DIR/images
[os_glance_staging_store]
filesystem_store_datadir = $DIR/staging
[os_glance_tasks_store]
filesystem_store_datadir = $DIR/staging
[oslo_concurrency]
lock_path = $DIR/lock
[paste_deploy]
flavor = keystone
[keystone_authtoken]
www_authenticate_uri = ${KEYSTONE_URL%/v3}
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = glance
password = $KEYSTONE_SERVICE_PASSWORD
region_name = $OS_REGION_NAME
memcached_servers =
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
CONF

CACHE=$(db_cache_path glance glance-api)
CACHED=0; [ -n "$CACHE" ] && [ -s "$CACHE" ] && CACHED=1
if [ "$CACHED" = 1 ]; then
  cp "$CACHE" "$DIR/glance.db"; t_sync=0
else
  t=$(date +%s.%N)
  glance-manage --config-file "$DIR/glance-api.conf" db_sync > "$DIR/log/db_sync.log" 2>&1
  t_sync=$(echo "$(date +%s.%N) - $t" | bc)
  # WAL: see start-keystone.sh (a leaked reader otherwise makes writes fail with "database is locked")
  /usr/bin/python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$DIR/glance.db"
  db_cache_save "$DIR/glance.db" "$CACHE"
fi
t_db=$(date +%s.%N)

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" image glance "$URL"

OS_GLANCE_CONFIG_DIR="$DIR" uwsgi --plugins python3 \
  --http-socket "127.0.0.1:$GLANCE_PORT" --wsgi-file /usr/bin/glance-wsgi-api \
  --master --processes 1 --threads 1 --lazy-apps --die-on-term --buffer-size 65535 --need-app \
  --socket-timeout 10 --add-header 'Connection: close' \
  --pidfile "$DIR/uwsgi.pid" --daemonize "$DIR/log/uwsgi.log"
echo "$DIR/uwsgi.pid INT" > "$DIR/stop.list"

deadline=$(( $(date +%s) + GLANCE_WAIT ))
until curl -fsS -o /dev/null "$URL/versions" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "glance not ready after ${GLANCE_WAIT}s, see $DIR/log" >&2; exit 1; }
  sleep 0.1
done
t_up=$(date +%s.%N)

IMAGE_ID=
if [ "$GLANCE_TEST_IMAGE" = 1 ]; then
  T=$(curl -fsS -i -H 'Content-Type: application/json' "$KEYSTONE_URL/auth/tokens" -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],
   \"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$OS_PASSWORD\"}}},
   \"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" \
   | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
  IMAGE_ID=$(curl -fsS -H "X-Auth-Token: $T" -H 'Content-Type: application/json' "$URL/v2/images" \
    -d '{"name":"ceilo-test","disk_format":"raw","container_format":"bare","visibility":"public"}' \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  head -c 1048576 /dev/urandom | curl -fsS -X PUT -H "X-Auth-Token: $T" -H 'Content-Type: application/octet-stream' \
    --data-binary @- "$URL/v2/images/$IMAGE_ID/file"
fi
t_img=$(date +%s.%N)

{
  echo "GLANCE_URL=$URL"
  echo "GLANCE_PORT=$GLANCE_PORT"
  echo "GLANCE_DIR=$DIR"
  echo "GLANCE_DB=$DIR/glance.db"
  echo "GLANCE_DB_FROM_CACHE=$CACHED"
  echo "GLANCE_PID=$(cat "$DIR/uwsgi.pid")"
  echo "GLANCE_TEST_IMAGE_ID=$IMAGE_ID"
  printf 'GLANCE_SECONDS_DB_SYNC=%.1f\n' "$t_sync"
  printf 'GLANCE_SECONDS_DB=%.1f\n' "$(echo "$t_db - $t0" | bc)"
  printf 'GLANCE_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
  printf 'GLANCE_SECONDS_IMAGE=%.1f\n' "$(echo "$t_img - $t0" | bc)"
} | tee "$DIR/service.env"
