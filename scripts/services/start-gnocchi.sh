#!/usr/bin/env bash
# Starts a throw-away Gnocchi 4.4 (Debian gnocchi-api, gnocchi-metricd, python3-gnocchi) on
# 127.0.0.1:$GNOCCHI_PORT for ceilometer-ts tests: indexer on PostgreSQL (a running cluster given by
# PG_PORT, or a private one started here in DATA_DIR/pg), storage and incoming drivers "file" in
# DATA_DIR, the REST API under uwsgi and gnocchi-metricd. Adapted from the measured recipe in
# /work/shared/services (services.md §5).
#
#   scripts/services/start-gnocchi.sh [DATA_DIR]      (default: mktemp -d)
#   env: GNOCCHI_PORT (8041)  GNOCCHI_WAIT (90 s)
#        PG_PORT (unset: start a private PostgreSQL on a free port in DATA_DIR/pg; set: use that
#          running cluster, superuser "postgres", trust auth)  GNOCCHI_DB (gnocchi_$GNOCCHI_PORT)
#        GNOCCHI_AUTH_MODE (basic | keystone)
#          basic: "Authorization: Basic base64(USER:)", the password is ignored, the user becomes the
#            creator; only user "admin" has the admin role (archive policies, rules, resource types).
#          keystone: keystonemiddleware against the Keystone of KEYSTONE_DIR (start-keystone.sh's data
#            dir): a "gnocchi" service user (project service, role admin) and the "metric" service
#            with public/internal/admin endpoints on this port are created or re-pointed in its catalog.
#        GNOCCHI_PROCESSING_DELAY (1 s: metricd's metric_processing_delay; readers that cannot wait
#          use ?refresh=true)  GNOCCHI_METRICD (1; 0 = no metricd)  GNOCCHI_SACKS (8)
#        GNOCCHI_API_PROCESSES (2)  GNOCCHI_API_THREADS (4)
#        GNOCCHI_DEFAULT_POLICIES (1; 0 = gnocchi-upgrade --skip-archive-policies-creation: no
#          low/medium/high/bool policies and no "default" rule "*" -> low)
#        CEILO_DB_CACHE_DIR (see db-cache.sh): a pg_dump of the indexer and the storage/incoming
#          layout right after gnocchi-upgrade, restored on later runs (skips gnocchi-upgrade's imports).
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env).
# Stop: stop-service.sh DATA_DIR [--rm]  (metricd, then the API, then a PostgreSQL started here).
#
# Measured here (2 cores shared with other jobs, load 2-3), basic mode: cold (private PostgreSQL,
# no DB cache) 4.5-7.9 s (PostgreSQL 0.7-1.4 s, gnocchi-upgrade 1.7-3.3 s, API ready +2.1-3.2 s);
# warm (DB cache) 3.2-3.3 s; on an already running PostgreSQL with the DB cache 1.8 s. Keystone mode
# (catalog and user through the Keystone API) 4.4 s warm. Stop 1.1-1.4 s; restart-gnocchi.sh start
# 2.1-2.9 s. RSS: API (uwsgi master + 2 workers x 4 threads) 346 MB, metricd 380 MB (master 115,
# processing 134, janitor 132), a private PostgreSQL about 40 MB PSS. A measure is readable about 1 s
# after its 202 (metricd polls every GNOCCHI_PROCESSING_DELAY s), at once with ?refresh=true.
#
# Pitfalls (services.md §5, seen again here):
# - The indexer takes PostgreSQL or MySQL only; gnocchi-upgrade retries forever on a bad URL: it
#   runs under `timeout`.
# - oslo.config allows no inline "# comment" after a value.
# - The file incoming driver needs <basepath>/tmp before gnocchi-upgrade.
# - Debian's uwsgi has no built-in http router: uwsgi serves HTTP itself, with --http11-socket
#   (keep-alive; --http-socket closes connections it announced as persistent: ECONNRESET in Node).
# - Keystone mode: Gnocchi's api-paste.ini loads keystonemiddleware with
#   oslo_config_project=gnocchi, which reads /etc/gnocchi/gnocchi.conf, not ours. A copy of the
#   paste file names our config (oslo_config_file).
# - DELETE with "Accept: application/json" answers 406 even on success; non-UUID resource ids are
#   uuid5(id + creator): use one user (admin) per test.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/db-cache.sh"
# shellcheck source=gnocchi-lib.sh
. "$HERE/gnocchi-lib.sh"

GNOCCHI_PORT=${GNOCCHI_PORT:-8041}
GNOCCHI_WAIT=${GNOCCHI_WAIT:-90}
GNOCCHI_DB=${GNOCCHI_DB:-gnocchi_$GNOCCHI_PORT}
GNOCCHI_AUTH_MODE=${GNOCCHI_AUTH_MODE:-basic}
GNOCCHI_PROCESSING_DELAY=${GNOCCHI_PROCESSING_DELAY:-1}
GNOCCHI_METRICD=${GNOCCHI_METRICD:-1}
GNOCCHI_SACKS=${GNOCCHI_SACKS:-8}
GNOCCHI_API_PROCESSES=${GNOCCHI_API_PROCESSES:-2}
GNOCCHI_API_THREADS=${GNOCCHI_API_THREADS:-4}
GNOCCHI_DEFAULT_POLICIES=${GNOCCHI_DEFAULT_POLICIES:-1}
PKG=/usr/lib/python3/dist-packages/gnocchi
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/gnocchi.XXXXXX")}
mkdir -p "$DIR/log"
DIR=$(cd "$DIR" && pwd)
CONF="$DIR/gnocchi.conf"
URL="http://127.0.0.1:$GNOCCHI_PORT"
: > "$DIR/stop.list"

case "$GNOCCHI_AUTH_MODE" in
  basic) ;;
  keystone)
    KS_DIR=${KEYSTONE_DIR:?GNOCCHI_AUTH_MODE=keystone needs KEYSTONE_DIR (start-keystone.sh data dir)}
    # shellcheck disable=SC1091
    . "$KS_DIR/service.env" ;;
  *) echo "GNOCCHI_AUTH_MODE must be basic or keystone" >&2; exit 1 ;;
esac
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if (exec 3<>"/dev/tcp/127.0.0.1/$GNOCCHI_PORT") 2>/dev/null; then
  echo "port $GNOCCHI_PORT already in use" >&2; exit 1
fi
t0=$(date +%s.%N)

# --- PostgreSQL: the given cluster, or a private one --------------------------------------------
OWN_PG=0
if [ -z "${PG_PORT:-}" ]; then
  OWN_PG=1
  mkdir -p "$DIR/pg"; chmod 755 "$DIR"      # the postgres user must reach DIR/pg
  PG_PORT=$(free_port) bash "$HERE/start-postgres.sh" "$DIR/pg" > "$DIR/log/postgres.out"
  echo "$DIR/pg/postgres.pid INT" >> "$DIR/stop.list"
  # shellcheck disable=SC1091
  . "$DIR/pg/service.env"
fi
PSQL=(psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$GNOCCHI_DB\"" > /dev/null
t_pg=$(date +%s.%N)

# --- config ----------------------------------------------------------------------------------
mkdir -p "$DIR/storage" "$DIR/incoming/tmp"
PASTE=$PKG/rest/api-paste.ini
if [ "$GNOCCHI_AUTH_MODE" = keystone ]; then
  PASTE=$DIR/api-paste.ini
  sed "s|^oslo_config_project = gnocchi\$|&\noslo_config_file = $CONF|" "$PKG/rest/api-paste.ini" > "$PASTE"
fi
{
  cat <<CONF
[DEFAULT]
debug = false
[indexer]
url = postgresql://postgres@127.0.0.1:$PG_PORT/$GNOCCHI_DB
[storage]
driver = file
file_basepath = $DIR/storage
[incoming]
driver = file
file_basepath = $DIR/incoming
[metricd]
workers = 1
metric_processing_delay = $GNOCCHI_PROCESSING_DELAY
metric_reporting_delay = -1
metric_cleanup_delay = 10
[api]
auth_mode = $GNOCCHI_AUTH_MODE
host = 127.0.0.1
port = $GNOCCHI_PORT
uwsgi_mode = http-socket
paste_config = $PASTE
max_limit = 1000
[oslo_policy]
policy_file = $PKG/rest/policy.yaml
CONF
  if [ "$GNOCCHI_AUTH_MODE" = keystone ]; then
    cat <<CONF
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = gnocchi
password = $KEYSTONE_SERVICE_PASSWORD
region_name = $OS_REGION_NAME
memcached_servers =
CONF
  fi
} > "$CONF"

# --- indexer + storage layout: from the DB cache, or gnocchi-upgrade ----------------------------
CACHE=$(db_cache_path gnocchi python3-gnocchi "$GNOCCHI_SACKS" "$GNOCCHI_DEFAULT_POLICIES")
[ -z "$CACHE" ] || CACHE=${CACHE%.db}.tar
CACHED=0; [ -n "$CACHE" ] && [ -s "$CACHE" ] && CACHED=1
if [ "$CACHED" = 1 ]; then
  # gnocchi.sql (plain pg_dump of the indexer) + the storage/ and incoming/ trees gnocchi-upgrade made
  tar -C "$DIR" -xf "$CACHE"
  "${PSQL[@]}" -d "$GNOCCHI_DB" -f "$DIR/gnocchi.sql" > "$DIR/log/restore.log"
  rm -f "$DIR/gnocchi.sql"
else
  UPGRADE_ARGS=(--config-file "$CONF" --sacks-number "$GNOCCHI_SACKS")
  [ "$GNOCCHI_DEFAULT_POLICIES" = 1 ] || UPGRADE_ARGS+=(--skip-archive-policies-creation)
  timeout "$GNOCCHI_WAIT" /usr/bin/gnocchi-upgrade "${UPGRADE_ARGS[@]}" > "$DIR/log/upgrade.log" 2>&1 \
    || { grep -v DEBUG "$DIR/log/upgrade.log" | tail -30 >&2; exit 1; }
  if [ -n "$CACHE" ]; then
    pg_dump -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner --no-acl "$GNOCCHI_DB" > "$DIR/gnocchi.sql"
    # a tmp name of this process: two cold starts at once must not write into one file
    tar -C "$DIR" -cf "$CACHE.$$.tmp" gnocchi.sql storage incoming && mv "$CACHE.$$.tmp" "$CACHE"
    rm -f "$DIR/gnocchi.sql"
  fi
fi
t_db=$(date +%s.%N)

# --- keystone mode: service user and the metric endpoints of this port -------------------------
if [ "$GNOCCHI_AUTH_MODE" = keystone ]; then
  /usr/bin/python3 - "$KEYSTONE_URL" "$OS_PASSWORD" "$URL" "$OS_REGION_NAME" "$KEYSTONE_SERVICE_PASSWORD" <<'PY'
import json, sys, urllib.parse, urllib.request
ks, password, url, region, service_password = sys.argv[1:]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(ks + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Content-Type": "application/json", **({"X-Auth-Token": token} if token else {})})
    with urllib.request.urlopen(req) as res:
        return res.headers.get("X-Subject-Token"), json.loads(res.read() or b"{}")
token, _ = call("POST", "/auth/tokens", {"auth": {"identity": {"methods": ["password"], "password": {"user": {
    "name": "admin", "domain": {"id": "default"}, "password": password}}},
    "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
def one(path, key):
    return (call("GET", path, token=token)[1][key] or [None])[0]
project = one("/projects?name=service", "projects")
if project is None:
    project = call("POST", "/projects", {"project": {"name": "service", "domain_id": "default"}}, token)[1]["project"]
admin_role = one("/roles?name=admin", "roles")
user = one("/users?name=gnocchi", "users")
if user is None:
    user = call("POST", "/users", {"user": {"name": "gnocchi", "domain_id": "default", "password": service_password}}, token)[1]["user"]
call("PUT", "/projects/%s/users/%s/roles/%s" % (project["id"], user["id"], admin_role["id"]), token=token)
service = one("/services?type=metric", "services")
if service is None:
    service = call("POST", "/services", {"service": {"name": "gnocchi", "type": "metric"}}, token)[1]["service"]
have = {e["interface"]: e["id"] for e in call("GET", "/endpoints?service_id=" + service["id"], token=token)[1]["endpoints"]}
for iface in ("public", "internal", "admin"):
    if iface in have:
        call("PATCH", "/endpoints/" + have[iface], {"endpoint": {"url": url, "region_id": region}}, token)
    else:
        call("POST", "/endpoints", {"endpoint": {"service_id": service["id"], "interface": iface, "region_id": region, "url": url}}, token)
PY
fi

# --- API (before metricd: both are CPU-bound Python imports, and the API is what callers wait for)
{
  echo "GNOCCHI_PORT=$GNOCCHI_PORT"
  echo "GNOCCHI_API_PROCESSES=$GNOCCHI_API_PROCESSES"
  echo "GNOCCHI_API_THREADS=$GNOCCHI_API_THREADS"
  echo "GNOCCHI_METRICD=$GNOCCHI_METRICD"
  echo "GNOCCHI_AUTH_MODE=$GNOCCHI_AUTH_MODE"
  if [ "$GNOCCHI_AUTH_MODE" = keystone ]; then echo "KEYSTONE_URL=$KEYSTONE_URL"; echo "OS_PASSWORD=$OS_PASSWORD"; fi
} > "$DIR/run.env"
gnocchi_launch_api "$DIR"
echo "$DIR/api.pid TERM" >> "$DIR/stop.list"
gnocchi_wait_api "$DIR" "$GNOCCHI_WAIT"
t_up=$(date +%s.%N)

# --- metricd: not waited for (measures posted before it is up are processed once it is)
if [ "$GNOCCHI_METRICD" = 1 ]; then
  gnocchi_launch_metricd "$DIR"
  echo "$DIR/metricd.pid TERM" >> "$DIR/stop.list"
fi

{
  echo "GNOCCHI_URL=$URL"
  echo "GNOCCHI_PORT=$GNOCCHI_PORT"
  echo "GNOCCHI_DIR=$DIR"
  echo "GNOCCHI_CONF=$CONF"
  echo "GNOCCHI_AUTH_MODE=$GNOCCHI_AUTH_MODE"
  [ "$GNOCCHI_AUTH_MODE" = basic ] && echo "GNOCCHI_BASIC_USER=admin"   # sourced by test-all.sh: no spaces in values
  [ "$GNOCCHI_AUTH_MODE" = keystone ] && echo "GNOCCHI_KEYSTONE_DIR=$KS_DIR"
  echo "GNOCCHI_PG_PORT=$PG_PORT"
  echo "GNOCCHI_PG_OWN=$OWN_PG"
  echo "GNOCCHI_DB=$GNOCCHI_DB"
  echo "GNOCCHI_DB_FROM_CACHE=$CACHED"
  echo "GNOCCHI_API_PIDFILE=$DIR/api.pid"
  echo "GNOCCHI_API_PID=$(cat "$DIR/api.pid")"
  [ "$GNOCCHI_METRICD" = 1 ] && echo "GNOCCHI_METRICD_PIDFILE=$DIR/metricd.pid"
  printf 'GNOCCHI_SECONDS_PG=%.1f\n' "$(echo "$t_pg - $t0" | bc)"
  printf 'GNOCCHI_SECONDS_DB=%.1f\n' "$(echo "$t_db - $t0" | bc)"
  printf 'GNOCCHI_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
} | tee "$DIR/service.env"
