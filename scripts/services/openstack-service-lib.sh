# Sourced by start-{glance,cinder,neutron,swift}.sh: what every OpenStack API service started
# against our start-keystone.sh has in common. Functions set globals the scripts use afterwards.

# openstack_service_begin NAME KEYSTONE_DIR DATA_DIR PORT...
#   KS_DIR (absolute), Keystone's service.env exported (KEYSTONE_URL, OS_REGION_NAME, ...),
#   KEYSTONE_SERVICE_PASSWORD, DIR (DATA_DIR, or a new mktemp dir named after NAME; absolute, with
#   log/), URL (http://127.0.0.1:<first PORT>) and t0. Exits 1 when a PORT is already in use.
openstack_service_begin() {
  local name=$1 ks_dir=$2 data_dir=$3; shift 3
  KS_DIR=$(cd "$ks_dir" && pwd)
  set -a; . "$KS_DIR/service.env"; set +a
  KEYSTONE_SERVICE_PASSWORD=${KEYSTONE_SERVICE_PASSWORD:-secret}
  DIR=${data_dir:-$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")}
  mkdir -p "$DIR/log"
  DIR=$(cd "$DIR" && pwd)
  URL="http://127.0.0.1:$1"
  local p
  for p in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p already in use" >&2; exit 1; fi
  done
  t0=$(date +%s.%N)
}

# keystone_authtoken_conf USER: the [keystone_authtoken] and [oslo_policy] sections of an API
# service authenticating as USER (project "service") against that Keystone.
keystone_authtoken_conf() {
  cat <<CONF
[keystone_authtoken]
www_authenticate_uri = ${KEYSTONE_URL%/v3}
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = $1
password = $KEYSTONE_SERVICE_PASSWORD
region_name = $OS_REGION_NAME
memcached_servers =
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
CONF
}

# sqlite_db_from_cache NAME PACKAGE DB_FILE SYNC_COMMAND...
#   DB_FILE from the cache of db-cache.sh when there, else SYNC_COMMAND (output to
#   DIR/log/db_sync.log), then WAL (see start-keystone.sh: a leaked reader otherwise makes writes
#   fail with "database is locked") and into the cache. Sets CACHED (0/1), t_sync and t_db.
sqlite_db_from_cache() {
  local name=$1 pkg=$2 db=$3; shift 3
  local cache t
  cache=$(db_cache_path "$name" "$pkg")
  CACHED=0; [ -n "$cache" ] && [ -s "$cache" ] && CACHED=1
  if [ "$CACHED" = 1 ]; then
    cp "$cache" "$db"; t_sync=0
  else
    t=$(date +%s.%N)
    "$@" >> "$DIR/log/db_sync.log" 2>&1
    t_sync=$(echo "$(date +%s.%N) - $t" | bc)
    /usr/bin/python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$db"
    db_cache_save "$db" "$cache"
  fi
  t_db=$(date +%s.%N)
}

# wait_http_ready NAME READY_URL SECONDS PIDFILE: polls READY_URL until it answers 2xx; exits 1
# when the process of PIDFILE dies (once the file exists) or after SECONDS. Sets t_up.
wait_http_ready() {
  local name=$1 ready=$2 wait=$3 pidfile=$4
  local deadline=$(( $(date +%s) + wait ))
  until curl -fs -o /dev/null "$ready"; do
    if [ -s "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name died, see $DIR/log" >&2; exit 1; fi
    [ "$(date +%s)" -lt "$deadline" ] || { echo "$name not ready after ${wait}s, see $DIR/log" >&2; exit 1; }
    sleep 0.1
  done
  t_up=$(date +%s.%N)
}

# uwsgi_serve PORT WSGI_FILE [UWSGI ARGS...]: the WSGI app on 127.0.0.1:PORT as every service here
# runs it (one process, one thread: Keystone's pitfalls; "Connection: close" for keystonemiddleware),
# daemonised with DIR/uwsgi.pid, which stop.list names.
uwsgi_serve() {
  local port=$1 wsgi=$2; shift 2
  uwsgi --plugins python3 \
    --http-socket "127.0.0.1:$port" --wsgi-file "$wsgi" "$@" \
    --master --processes 1 --threads 1 --lazy-apps --die-on-term --buffer-size 65535 --need-app \
    --socket-timeout 10 --add-header 'Connection: close' \
    --pidfile "$DIR/uwsgi.pid" --daemonize "$DIR/log/uwsgi.log"
  echo "$DIR/uwsgi.pid INT" > "$DIR/stop.list"
}

# print_service_env PREFIX PIDFILE [KEY=VALUE...]: the KEY=VALUE lines every script prints (and
# writes to DIR/service.env): URL, PORT, DIR, DB, DB_FROM_CACHE, PID, the extra pairs, and the
# seconds to the database and to ready. Needs PORT in ${PREFIX}_PORT and a DB at DIR/<prefix>.db
# when CACHED is set.
print_service_env() {
  local prefix=$1 pidfile=$2; shift 2
  local port_var="${prefix}_PORT" lower=${prefix,,}
  {
    echo "${prefix}_URL=$URL"
    echo "${prefix}_PORT=${!port_var}"
    echo "${prefix}_DIR=$DIR"
    if [ -n "${CACHED:-}" ]; then
      echo "${prefix}_DB=$DIR/$lower.db"
      echo "${prefix}_DB_FROM_CACHE=$CACHED"
    fi
    echo "${prefix}_PID=$(cat "$pidfile")"
    local kv
    for kv in "$@"; do echo "${prefix}_$kv"; done
    if [ -n "${CACHED:-}" ]; then
      printf '%s_SECONDS_DB_SYNC=%.1f\n' "$prefix" "$t_sync"
      printf '%s_SECONDS_DB=%.1f\n' "$prefix" "$(echo "$t_db - $t0" | bc)"
    fi
    printf '%s_SECONDS_READY=%.1f\n' "$prefix" "$(echo "$t_up - $t0" | bc)"
  } | tee "$DIR/service.env"
}
