#!/usr/bin/env bash
# Starts a throw-away Nova API (Debian "nova-api" 26, Zed) on 127.0.0.1:$NOVA_PORT for the naive
# instance discovery tests: uwsgi + /usr/bin/nova-api-wsgi, its api / cell0 / cell1 databases on a
# private PostgreSQL (started here with start-postgres.sh in DATA_DIR/pg unless PG_PORT points at a
# running one), [keystone_authtoken] against the private Keystone of KEYSTONE_DIR. No scheduler,
# conductor or compute service: instances are written straight through Nova's object layer by
# nova-seed-instances.py (no booting), which is all `GET /servers/detail` reads.
#
#   scripts/services/start-nova-api.sh KEYSTONE_DIR [DATA_DIR]     (DATA_DIR default: mktemp -d)
#   env: NOVA_PORT (8774)  NOVA_WAIT (120 s)  PG_PORT (unset: start a private cluster on a free
#        port)  NOVA_SEED_FILE (unset: a JSON file for nova-seed-instances.py, seeded once ready)
#        CEILO_DB_CACHE_DIR (see db-cache.sh): pg_dump of the three databases after the schema
#        sync and cell mapping, restored on later runs (skips four nova-manage calls, ~20 s).
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env); NOVA_CONF is what
# nova-seed-instances.py needs.  Stop: stop-service.sh DATA_DIR [--rm] (also stops its PostgreSQL).
#
# Measured here (2 cores shared with other jobs): cold 17.3 s (PostgreSQL 0.9 s, the four
# nova-manage calls 11.7 s, uwsgi ready +2.5 s, seeding 2 instances +1.8 s); with the DB cache
# 5.9-7.6 s (restore 0.7-1.5 s). RSS: nova-api uwsgi 166 MB (master + 1 worker), PostgreSQL about
# 150 MB summed over its processes (mostly shared buffers), Neutron stub 18 MB. One
# `servers/detail` of a host: 0.3-0.4 s (first call after start), then 30-80 ms.
#
# Pitfalls (measured here):
# - servers/detail calls Neutron for every listed instance (security groups of the ports,
#   `list_ports(device_id=...)`), and there is no way to switch that off (nova-network is gone).
#   A full neutron-server costs ~500 MB RSS and 15-35 s; instead nova-neutron-stub.py answers
#   Neutron's list calls (ports, security groups, networks, floatingips, ...) with empty lists
#   on NEUTRON_STUB_PORT, and [neutron] endpoint_override points there. Addresses then come
#   from the (empty) instance info cache: `addresses: {}`, as for an instance with no port.
# - Each nova-manage call costs 4-6 s of imports on this machine; cell_v2 map_cell0 and
#   create_cell must come after api_db sync and before db sync (db sync migrates cell0 too).
# - The compute endpoint is registered (or re-pointed) in the Keystone catalog here, through the
#   Keystone API, with this run's port.
# - uwsgi needs --http11-socket or "Connection: close", as for Keystone (python clients reusing
#   a socket the server closed); --lazy-apps so the app is not loaded before fork.
# - An instance created through the object layer without an InstanceInfoCache makes the server
#   view fail with HTTP 500 (TypeError on network_info None): nova-seed-instances.py gives each one
#   an empty NetworkInfo, as an instance without ports has.
# - A soft delete keeps `updated_at`, and `changes-since` filters on it: a deleted instance shows up
#   there only if vm_state DELETED was saved first, as the compute manager does (the seed script
#   does the same).
# - OS-EXT-SRV-ATTR:instance_name is derived from the database id (instance-00000001, ...), not
#   stored: seed first, then name the libvirt domains after what the seed script prints.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/db-cache.sh"

KS_DIR=${1:?usage: start-nova-api.sh KEYSTONE_DIR [DATA_DIR]}
KS_DIR=$(cd "$KS_DIR" && pwd)
# shellcheck disable=SC1091
. "$KS_DIR/service.env"
NOVA_PORT=${NOVA_PORT:-8774}
NOVA_WAIT=${NOVA_WAIT:-120}
DIR=${2:-$(mktemp -d "${TMPDIR:-/tmp}/nova-api.XXXXXX")}
mkdir -p "$DIR/log" "$DIR/lock"
DIR=$(cd "$DIR" && pwd)
CONF="$DIR/nova.conf"
URL="http://127.0.0.1:$NOVA_PORT/v2.1"
: > "$DIR/stop.list"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if (exec 3<>"/dev/tcp/127.0.0.1/$NOVA_PORT") 2>/dev/null; then
  echo "port $NOVA_PORT already in use" >&2; exit 1
fi
t0=$(date +%s.%N)

# --- PostgreSQL ------------------------------------------------------------------------------
if [ -z "${PG_PORT:-}" ]; then
  mkdir -p "$DIR/pg"; chmod 755 "$DIR"
  PG_PORT=$(free_port) bash "$HERE/start-postgres.sh" "$DIR/pg" > "$DIR/log/postgres.out"
  echo "$DIR/pg/postgres.pid INT" >> "$DIR/stop.list"
  # shellcheck disable=SC1091
  . "$DIR/pg/service.env"
fi
PSQL=(psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
DB_PREFIX=nova_$NOVA_PORT
for db in api cell0 cell1; do "${PSQL[@]}" -d postgres -c "CREATE DATABASE ${DB_PREFIX}_$db" > /dev/null; done
pg_url() { echo "postgresql+psycopg2://postgres@127.0.0.1:$PG_PORT/${DB_PREFIX}_$1"; }
t_pg=$(date +%s.%N)

# --- Neutron stub ----------------------------------------------------------------------------
NEUTRON_STUB_PORT=${NEUTRON_STUB_PORT:-$(free_port)}
setsid /usr/bin/python3 "$HERE/nova-neutron-stub.py" "$NEUTRON_STUB_PORT" > "$DIR/log/neutron-stub.log" 2>&1 &
echo $! > "$DIR/neutron-stub.pid"
echo "$DIR/neutron-stub.pid TERM" >> "$DIR/stop.list"

# --- nova.conf -------------------------------------------------------------------------------
auth_block() {
  cat <<EOF
auth_type = password
auth_url = $KEYSTONE_URL
username = $1
password = $KEYSTONE_SERVICE_PASSWORD
project_name = service
user_domain_id = default
project_domain_id = default
region_name = $OS_REGION_NAME
EOF
}
{
  cat <<EOF
[DEFAULT]
log_dir = $DIR/log
log_file = nova.log
state_path = $DIR
# the oslo.messaging in-memory driver: nothing is cast anywhere (no conductor/compute)
transport_url = fake://
my_ip = 127.0.0.1
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[api_database]
connection = $(pg_url api)
[database]
connection = $(pg_url cell1)
[oslo_concurrency]
lock_path = $DIR/lock
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
memcached_servers =
EOF
  auth_block nova
  echo "[neutron]"
  auth_block neutron
  echo "endpoint_override = http://127.0.0.1:$NEUTRON_STUB_PORT"
  echo "[placement]"
  auth_block nova
  echo "[glance]"
  echo "api_servers = http://127.0.0.1:9"
} > "$CONF"

# --- schema: from the DB cache, or nova-manage -----------------------------------------------
CACHE=$(db_cache_path nova-api nova-api)
CACHED=0; [ -n "$CACHE" ] && [ -s "$CACHE" ] && CACHED=1
NM=(nova-manage --config-file "$CONF")
if [ "$CACHED" = 1 ]; then
  # one plain-SQL dump holding the three databases, written with placeholders for the names
  sed "s/@DB_PREFIX@/$DB_PREFIX/g; s/@PG_PORT@/$PG_PORT/g" "$CACHE" | "${PSQL[@]}" -d postgres > "$DIR/log/restore.log"
  t_sync=0
else
  t=$(date +%s.%N)
  "${NM[@]}" api_db sync > "$DIR/log/manage.log" 2>&1
  "${NM[@]}" cell_v2 map_cell0 --database_connection "$(pg_url cell0)" >> "$DIR/log/manage.log" 2>&1
  "${NM[@]}" cell_v2 create_cell --name cell1 --database_connection "$(pg_url cell1)" --transport-url fake:// >> "$DIR/log/manage.log" 2>&1
  "${NM[@]}" db sync >> "$DIR/log/manage.log" 2>&1
  t_sync=$(echo "$(date +%s.%N) - $t" | bc)
  if [ -n "$CACHE" ]; then
    for db in api cell0 cell1; do
      echo "\\connect ${DB_PREFIX}_$db"
      pg_dump -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner "${DB_PREFIX}_$db"
    done | sed "s/$DB_PREFIX/@DB_PREFIX@/g; s/127.0.0.1:$PG_PORT/127.0.0.1:@PG_PORT@/g" > "$CACHE.tmp"
    mv "$CACHE.tmp" "$CACHE"
  fi
fi
t_db=$(date +%s.%N)

# --- compute endpoint in the Keystone catalog (this run's port) -------------------------------
/usr/bin/python3 - "$KEYSTONE_URL" "$OS_PASSWORD" "$URL" "$OS_REGION_NAME" <<'PY'
import json, sys, urllib.request
ks, password, url, region = sys.argv[1:]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(ks + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Content-Type": "application/json", **({"X-Auth-Token": token} if token else {})})
    with urllib.request.urlopen(req) as res:
        return res.headers.get("X-Subject-Token"), json.loads(res.read() or b"{}")
token, _ = call("POST", "/auth/tokens", {"auth": {"identity": {"methods": ["password"], "password": {"user": {
    "name": "admin", "domain": {"id": "default"}, "password": password}}},
    "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
_, services = call("GET", "/services?type=compute", token=token)
if services["services"]:
    sid = services["services"][0]["id"]
else:
    _, created = call("POST", "/services", {"service": {"name": "nova", "type": "compute"}}, token)
    sid = created["service"]["id"]
_, endpoints = call("GET", "/endpoints?service_id=" + sid, token=token)
have = {e["interface"]: e["id"] for e in endpoints["endpoints"]}
for iface in ("public", "internal", "admin"):
    if iface in have:
        call("PATCH", "/endpoints/" + have[iface], {"endpoint": {"url": url}}, token)
    else:
        call("POST", "/endpoints", {"endpoint": {"service_id": sid, "interface": iface, "region_id": region, "url": url}}, token)
PY

# --- uwsgi -----------------------------------------------------------------------------------
uwsgi --plugins python3 --http-socket "127.0.0.1:$NOVA_PORT" --wsgi-file /usr/bin/nova-api-wsgi \
  --pyargv "--config-file $CONF" \
  --master --processes 1 --threads 1 --lazy-apps --die-on-term --buffer-size 65535 --need-app \
  --add-header 'Connection: close' \
  --pidfile "$DIR/uwsgi.pid" --daemonize "$DIR/log/uwsgi.log"
echo "$DIR/uwsgi.pid INT" >> "$DIR/stop.list"

deadline=$(( $(date +%s) + NOVA_WAIT ))
until curl -fsS -o /dev/null "http://127.0.0.1:$NOVA_PORT/"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "nova-api not ready after ${NOVA_WAIT}s, see $DIR/log" >&2; exit 1; }
  sleep 0.2
done
t_up=$(date +%s.%N)

if [ -n "${NOVA_SEED_FILE:-}" ]; then
  /usr/bin/python3 "$HERE/nova-seed-instances.py" "$CONF" < "$NOVA_SEED_FILE" > "$DIR/log/seed.log"
fi
t_seed=$(date +%s.%N)

{
  echo "NOVA_URL=$URL"
  echo "NOVA_PORT=$NOVA_PORT"
  echo "NOVA_CONF=$CONF"
  echo "NOVA_DIR=$DIR"
  echo "NOVA_PG_PORT=$PG_PORT"
  echo "NOVA_NEUTRON_STUB_PORT=$NEUTRON_STUB_PORT"
  echo "NOVA_DB_FROM_CACHE=$CACHED"
  echo "NOVA_PID=$(cat "$DIR/uwsgi.pid")"
  printf 'NOVA_SECONDS_PG=%.1f\n' "$(echo "$t_pg - $t0" | bc)"
  printf 'NOVA_SECONDS_DB_SYNC=%.1f\n' "$t_sync"
  printf 'NOVA_SECONDS_DB=%.1f\n' "$(echo "$t_db - $t0" | bc)"
  printf 'NOVA_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
  printf 'NOVA_SECONDS_SEEDED=%.1f\n' "$(echo "$t_seed - $t0" | bc)"
} | tee "$DIR/service.env"
