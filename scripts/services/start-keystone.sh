#!/usr/bin/env bash
# Starts a throw-away Keystone 22 (Debian package "keystone") on 127.0.0.1:$KEYSTONE_PORT for
# ceilometer-ts tests: sqlite database + fernet keys in DATA_DIR, served by uwsgi
# (uwsgi-plugin-python3). Adapted from the measured recipe in /work/shared/services/openstack.
#
#   scripts/services/start-keystone.sh [DATA_DIR]      (default: mktemp -d)
#   env: KEYSTONE_PORT (5000)  KEYSTONE_ADMIN_PASSWORD (secret)  KEYSTONE_REGION (RegionOne)
#        KEYSTONE_PROCESSES (1; >1 only with the memory cache disabled)  KEYSTONE_THREADS (1: sqlite + threads = "SQLite objects created in a thread" + "database is locked")  KEYSTONE_WAIT (60 s)
#        KEYSTONE_SERVICE_PASSWORD (secret): password of the service users created below
#        CEILO_DB_CACHE_DIR ($HOME/.cache/ceilometer-ts/db; empty = off): reuse a cached
#          keystone.db (after bootstrap + catalog) -> see db-cache.sh. Cold start ~10-20 s, from
#          the cache ~5 s (the cache is keyed WITHOUT the ports: the endpoint URLs are rewritten
#          to this run's ports after the copy, so tests on free ports still hit the cache).
#        KEYSTONE_CATALOG (1): register compute/image/volumev3/network/object-store/metric
#          endpoints on 127.0.0.1 ($NOVA_PORT 8774 / $GLANCE_PORT 9292 / $CINDER_PORT 8776 /
#          $NEUTRON_PORT 9696 / $SWIFT_PORT 8080 / $GNOCCHI_PORT 8041) and service users
#          nova/glance/cinder/neutron/swift/ceilometer in project "service" (roles admin +
#          service; ceilometer also ResellerAdmin)
# Measured here: cold 9.0 s (db_sync 2.2 s, ready 6.6 s, users + catalog 9.0 s); with the DB cache
# 3-4 s. RSS 157 MB (uwsgi master + 1 worker).
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env).
# Stop: stop-service.sh DATA_DIR [--rm]
set -euo pipefail
. "$(dirname "$0")/db-cache.sh"

KEYSTONE_PORT=${KEYSTONE_PORT:-5000}
KEYSTONE_ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-secret}
KEYSTONE_SERVICE_PASSWORD=${KEYSTONE_SERVICE_PASSWORD:-secret}
KEYSTONE_REGION=${KEYSTONE_REGION:-RegionOne}
KEYSTONE_PROCESSES=${KEYSTONE_PROCESSES:-1}
KEYSTONE_THREADS=${KEYSTONE_THREADS:-1}
KEYSTONE_WAIT=${KEYSTONE_WAIT:-60}
KEYSTONE_CATALOG=${KEYSTONE_CATALOG:-1}
# 2026-12: the catalog used to hard-code 9292/8776/9696/8080/8041, so a service moved off
# its default port (GLANCE_PORT=... for start-glance.sh) was still advertised on the old one
# and every catalog-driven client (ceilometer, smoke-ceilometer-view.sh) called a dead port.
# Same variable names as the other start scripts. NOT part of the DB cache key (tests run on free
# ports): endpoint URLs are rewritten after a cached DB is copied in (rewrite_endpoints below).
NOVA_PORT=${NOVA_PORT:-8774}
GLANCE_PORT=${GLANCE_PORT:-9292}
CINDER_PORT=${CINDER_PORT:-8776}
NEUTRON_PORT=${NEUTRON_PORT:-9696}
SWIFT_PORT=${SWIFT_PORT:-8080}
GNOCCHI_PORT=${GNOCCHI_PORT:-8041}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/keystone.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
CONF="$DIR/keystone.conf"
URL="http://127.0.0.1:$KEYSTONE_PORT/v3"

if (exec 3<>"/dev/tcp/127.0.0.1/$KEYSTONE_PORT") 2>/dev/null; then
  echo "port $KEYSTONE_PORT already in use" >&2; exit 1
fi
t0=$(date +%s.%N)

mkdir -p "$DIR/fernet-keys" "$DIR/credential-keys" "$DIR/log"
cat > "$CONF" <<CONF
[DEFAULT]
log_dir = $DIR/log
log_file = keystone.log
[database]
connection = sqlite:///$DIR/keystone.db
[token]
provider = fernet
expiration = 86400
[fernet_tokens]
key_repository = $DIR/fernet-keys
[fernet_receipts]
key_repository = $DIR/fernet-keys
[credential]
key_repository = $DIR/credential-keys
[cache]
# without a cache every authenticated request runs ~200 SQL queries, each on a new sqlite
# connection (NullPool): 0.7-1.3 s per request, 2.4 s for token validation. In-process
# memory cache: ~20 ms. Fine for ONE worker process (no cross-process invalidation).
enabled = true
backend = dogpile.cache.memory
[identity]
# bcrypt cost 4 instead of 12: each password check/user create ~0.3 s faster
password_hash_rounds = 4
[catalog]
driver = sql
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
CONF

KM=(keystone-manage --config-file "$CONF")
# keystone-manage prints harmless eventlet "getcurrent" tracebacks at exit -> log
exec 5>&2 2>>"$DIR/log/keystone-manage.stderr"
# fernet_setup / credential_setup only write key files "0" (staged) and "1" (primary);
# each keystone-manage call costs ~4-5 s of imports, so write them directly.
# (equivalent: keystone-manage --config-file $CONF fernet_setup --keystone-user root --keystone-group root)
/usr/bin/python3 - "$DIR/fernet-keys" "$DIR/credential-keys" <<'PY'
import base64, os, sys
for d in sys.argv[1:]:
    os.chmod(d, 0o700)
    for name in ("0", "1"):
        with open(os.path.join(d, name), "wb") as f:
            f.write(base64.urlsafe_b64encode(os.urandom(32)))
        os.chmod(os.path.join(d, name), 0o600)
PY
CACHE=$(db_cache_path keystone keystone "$KEYSTONE_ADMIN_PASSWORD" \
  "$KEYSTONE_SERVICE_PASSWORD" "$KEYSTONE_REGION" "$KEYSTONE_CATALOG")
CACHED=0; [ -n "$CACHE" ] && [ -s "$CACHE" ] && CACHED=1
if [ "$CACHED" = 1 ]; then
  cp "$CACHE" "$DIR/keystone.db"; t_sync=0       # already WAL, bootstrapped, catalog filled
  # The cached catalog points at the ports of the run that filled it: point every endpoint of each
  # service type at this run's port (the ports are not part of the cache key).
  /usr/bin/python3 - "$DIR/keystone.db" <<PY
import sqlite3, sys
urls = {"identity": "$URL", "compute": "http://127.0.0.1:$NOVA_PORT/v2.1",
        "image": "http://127.0.0.1:$GLANCE_PORT", "volumev3": "http://127.0.0.1:$CINDER_PORT/v3/%(project_id)s",
        "network": "http://127.0.0.1:$NEUTRON_PORT", "object-store": "http://127.0.0.1:$SWIFT_PORT/v1/AUTH_%(project_id)s",
        "metric": "http://127.0.0.1:$GNOCCHI_PORT"}
db = sqlite3.connect(sys.argv[1])
for service_type, url in urls.items():
    db.execute("UPDATE endpoint SET url = ? WHERE service_id IN (SELECT id FROM service WHERE type = ?)", (url, service_type))
db.commit()
PY
else
t=$(date +%s.%N); "${KM[@]}" db_sync; t_sync=$(echo "$(date +%s.%N) - $t" | bc)
# WAL: keystone leaks a read connection (SHARED lock) somewhere; in the default rollback
# journal every later write then fails after 5 s with "database is locked" (first seen
# on POST /v3/roles right after POST /v3/projects). WAL readers do not block writers.
/usr/bin/python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$DIR/keystone.db"
"${KM[@]}" bootstrap --bootstrap-password "$KEYSTONE_ADMIN_PASSWORD" \
  --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
  --bootstrap-service-name keystone --bootstrap-region-id "$KEYSTONE_REGION" \
  --bootstrap-admin-url "$URL" --bootstrap-internal-url "$URL" --bootstrap-public-url "$URL"
fi
t_db=$(date +%s.%N)
exec 2>&5 5>&-

# uwsgi: --http-socket (no separate http router process); the python3 plugin is
# uwsgi-plugin-python3. OS_KEYSTONE_CONFIG_FILES makes the WSGI app read our conf
# instead of /etc/keystone/keystone.conf. "Connection: close": --http-socket answers
# HTTP/1.1 without keep-alive support, so python-requests clients (keystonemiddleware in
# glance/cinder) reuse a closed socket -> "Unable to validate token ... RemoteDisconnected"
# -> 401 on the first request. (--http11-socket would be the keep-alive alternative.)
OS_KEYSTONE_CONFIG_FILES="$CONF" uwsgi --plugins python3 \
  --http-socket "127.0.0.1:$KEYSTONE_PORT" --wsgi-file /usr/bin/keystone-wsgi-public \
  --master --processes "$KEYSTONE_PROCESSES" --threads "$KEYSTONE_THREADS" \
  --lazy-apps --die-on-term --buffer-size 65535 --need-app \
  --add-header 'Connection: close' \
  --pidfile "$DIR/uwsgi.pid" --daemonize "$DIR/log/uwsgi.log"
echo "$DIR/uwsgi.pid INT" > "$DIR/stop.list"

deadline=$(( $(date +%s) + KEYSTONE_WAIT ))
until curl -fsS -o /dev/null "$URL"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "keystone not ready after ${KEYSTONE_WAIT}s, see $DIR/log" >&2; exit 1; }
  sleep 0.1
done
t_up=$(date +%s.%N)

token() {  # token <user> <password> <project>
  curl -fsS -i -H 'Content-Type: application/json' "$URL/auth/tokens" -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],
   \"password\":{\"user\":{\"name\":\"$1\",\"domain\":{\"id\":\"default\"},\"password\":\"$2\"}}},
   \"scope\":{\"project\":{\"name\":\"$3\",\"domain\":{\"id\":\"default\"}}}}}" \
   | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
}

if [ "$KEYSTONE_CATALOG" = 1 ] && [ "$CACHED" = 0 ]; then
  T=$(token admin "$KEYSTONE_ADMIN_PASSWORD" admin)
  api() { curl -fsS -H "X-Auth-Token: $T" -H 'Content-Type: application/json' "$@"; }
  jid() { /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(iter(d.values()))["id"])'; }
  SP=$(api "$URL/projects" -d '{"project":{"name":"service","domain_id":"default"}}' | jid)
  SR=$(api "$URL/roles" -d '{"role":{"name":"service"}}' | jid)
  AR=$(api "$URL/roles?name=admin" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["roles"][0]["id"])')
  # ResellerAdmin (swift keystoneauth reseller_admin_role): ceilometer's storage.* pollsters
  # HEAD every project's swift account
  RR=$(api "$URL/roles" -d '{"role":{"name":"ResellerAdmin"}}' | jid)
  for u in nova glance cinder neutron swift ceilometer; do
    uid=$(api "$URL/users" -d "{\"user\":{\"name\":\"$u\",\"domain_id\":\"default\",\"password\":\"$KEYSTONE_SERVICE_PASSWORD\"}}" | jid)
    api -X PUT "$URL/projects/$SP/users/$uid/roles/$AR" -o /dev/null
    api -X PUT "$URL/projects/$SP/users/$uid/roles/$SR" -o /dev/null
    [ "$u" != ceilometer ] || api -X PUT "$URL/projects/$SP/users/$uid/roles/$RR" -o /dev/null
  done
  while read -r name type url; do
    sid=$(api "$URL/services" -d "{\"service\":{\"name\":\"$name\",\"type\":\"$type\"}}" | jid)
    for iface in public internal admin; do
      api "$URL/endpoints" -o /dev/null -d "{\"endpoint\":{\"service_id\":\"$sid\",\"interface\":\"$iface\",\"region_id\":\"$KEYSTONE_REGION\",\"url\":\"$url\"}}"
    done
  done <<EOF
nova compute http://127.0.0.1:$NOVA_PORT/v2.1
glance image http://127.0.0.1:$GLANCE_PORT
cinderv3 volumev3 http://127.0.0.1:$CINDER_PORT/v3/%(project_id)s
neutron network http://127.0.0.1:$NEUTRON_PORT
swift object-store http://127.0.0.1:$SWIFT_PORT/v1/AUTH_%(project_id)s
gnocchi metric http://127.0.0.1:$GNOCCHI_PORT
EOF
fi
[ "$CACHED" = 1 ] || db_cache_save "$DIR/keystone.db" "$CACHE"
t_cat=$(date +%s.%N)

{
  echo "KEYSTONE_URL=$URL"
  echo "OS_AUTH_URL=$URL"
  echo "OS_USERNAME=admin"
  echo "OS_PASSWORD=$KEYSTONE_ADMIN_PASSWORD"
  echo "OS_PROJECT_NAME=admin"
  echo "OS_USER_DOMAIN_ID=default"
  echo "OS_PROJECT_DOMAIN_ID=default"
  echo "OS_REGION_NAME=$KEYSTONE_REGION"
  echo "KEYSTONE_SERVICE_PROJECT=service"
  echo "KEYSTONE_SERVICE_PASSWORD=$KEYSTONE_SERVICE_PASSWORD"
  echo "KEYSTONE_PORT=$KEYSTONE_PORT"
  echo "KEYSTONE_CONF=$CONF"
  echo "KEYSTONE_DIR=$DIR"
  echo "KEYSTONE_DB_FROM_CACHE=$CACHED"
  echo "KEYSTONE_PIDFILE=$DIR/uwsgi.pid"
  echo "KEYSTONE_PID=$(cat "$DIR/uwsgi.pid")"
  printf 'KEYSTONE_SECONDS_DB_SYNC=%.1f\n' "$t_sync"
  printf 'KEYSTONE_SECONDS_DB=%.1f\n' "$(echo "$t_db - $t0" | bc)"
  printf 'KEYSTONE_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
  printf 'KEYSTONE_SECONDS_CATALOG=%.1f\n' "$(echo "$t_cat - $t0" | bc)"
} | tee "$DIR/service.env"
