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
. "$HERE/openstack-service-lib.sh"

GLANCE_PORT=${GLANCE_PORT:-9292}
GLANCE_WAIT=${GLANCE_WAIT:-90}
GLANCE_TEST_IMAGE=${GLANCE_TEST_IMAGE:-0}
openstack_service_begin glance "${1:?usage: start-glance.sh KEYSTONE_DIR [DATA_DIR]}" "${2:-}" "$GLANCE_PORT"

mkdir -p "$DIR/images" "$DIR/staging" "$DIR/lock"
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
$(keystone_authtoken_conf glance)
CONF

sqlite_db_from_cache glance glance-api "$DIR/glance.db" glance-manage --config-file "$DIR/glance-api.conf" db_sync

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" image glance "$URL"

OS_GLANCE_CONFIG_DIR="$DIR" uwsgi_serve "$GLANCE_PORT" /usr/bin/glance-wsgi-api
wait_http_ready glance "$URL/versions" "$GLANCE_WAIT" "$DIR/uwsgi.pid"

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

print_service_env GLANCE "$DIR/uwsgi.pid" "TEST_IMAGE_ID=$IMAGE_ID" "SECONDS_IMAGE=$(printf '%.1f' "$(echo "$t_img - $t0" | bc)")"
