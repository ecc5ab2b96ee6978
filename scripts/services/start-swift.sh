#!/usr/bin/env bash
# Starts a throw-away Swift 2.30 (Debian swift-proxy/-account/-container/-object) on loopback for
# the storage.* pollster tests: proxy on 127.0.0.1:$SWIFT_PORT with keystone auth (authtoken +
# keystoneauth, user "swift", reseller_admin_role ResellerAdmin) against a running
# start-keystone.sh, whose object-store endpoints are pointed at this port (keystone-endpoint.py);
# one account/container/object server each, 1-replica rings with one device, everything (swift.conf,
# rings, device) in DATA_DIR; swift-container-updater every second. No replicators, auditors,
# object-updater or memcached. Adapted from the measured recipe in /work/shared/services/openstack.
#
#   scripts/services/start-swift.sh KEYSTONE_DIR [DATA_DIR]      (DATA_DIR default: mktemp -d)
#   env: SWIFT_PORT (8080)  SWIFT_OBJECT_PORT (6200)  SWIFT_CONTAINER_PORT (6201)
#        SWIFT_ACCOUNT_PORT (6202)  SWIFT_WAIT (60 s)
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env).  Stop: stop-service.sh DATA_DIR [--rm]
#
# Pitfalls: swift_dir = DATA_DIR, so /etc/swift/swift.conf ("changeme" salts) is never read.
# Daemons drop privileges to "swift" and then cannot read the 0700 mktemp dir: user = root. Logging
# goes to syslog /dev/log, absent here: the servers run with -v into files. HEAD account counts
# (X-Account-Object-Count / Bytes-Used) only move when swift-container-updater runs (default every
# 300 s; here 1 s, and it needs recon_cache_path; account_suppression_time 0, see below): read them a
# second or two after writing. HEAD on
# another project's account needs the ResellerAdmin role (start-keystone.sh gives it to ceilometer).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/openstack-service-lib.sh"

SWIFT_PORT=${SWIFT_PORT:-8080}
SWIFT_WAIT=${SWIFT_WAIT:-60}
SWIFT_OBJECT_PORT=${SWIFT_OBJECT_PORT:-6200}
SWIFT_CONTAINER_PORT=${SWIFT_CONTAINER_PORT:-6201}
SWIFT_ACCOUNT_PORT=${SWIFT_ACCOUNT_PORT:-6202}
openstack_service_begin swift "${1:?usage: start-swift.sh KEYSTONE_DIR [DATA_DIR]}" "${2:-}" \
  "$SWIFT_PORT" "$SWIFT_OBJECT_PORT" "$SWIFT_CONTAINER_PORT" "$SWIFT_ACCOUNT_PORT"

mkdir -p "$DIR/srv/d1" "$DIR/run"
cat > "$DIR/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = $(basename "$DIR")
swift_hash_path_prefix = ceilo
[storage-policy:0]
name = Policy-0
default = yes
CONF

for kind in object container account; do
  port_var="SWIFT_${kind^^}_PORT"
  cat > "$DIR/$kind-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${!port_var}
workers = 0
user = root
devices = $DIR/srv
mount_check = false
swift_dir = $DIR
log_name = $kind-server
[pipeline:main]
pipeline = $kind-server
[app:$kind-server]
use = egg:swift#$kind
[$kind-updater]
interval = 1
recon_cache_path = $DIR/run
# a failed account update (the account DB busy while containers are created) otherwise suppresses
# every update of that account for 60 s: 100 fresh containers took minutes to show their counts
account_suppression_time = 0
CONF
done
# rings in one python process instead of 9 swift-ring-builder calls (~14 s -> ~1 s); the same as
# swift-ring-builder KIND.builder create 3 1 1 / add r1z1-127.0.0.1:PORT/d1 100 / rebalance
# Part power 3 (8 partitions), not 8: swift-container-updater forks one process per partition dir on
# every sweep, and with 100 containers in ~80 partitions a sweep took 40 s here under load.
/usr/bin/python3 - "$DIR" "$SWIFT_OBJECT_PORT" "$SWIFT_CONTAINER_PORT" "$SWIFT_ACCOUNT_PORT" <<'PY'
import os, sys
from swift.common.ring import RingBuilder
d = sys.argv[1]
for kind, port in zip(("object", "container", "account"), sys.argv[2:5]):
    b = RingBuilder(3, 1, 1)
    b.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port),
               "device": "d1", "weight": 100, "meta": ""})
    b.rebalance()
    b.save(os.path.join(d, kind + ".builder"))
    b.get_ring().save(os.path.join(d, kind + ".ring.gz"))
PY
t_rings=$(date +%s.%N)

cat > "$DIR/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $SWIFT_PORT
workers = 0
user = root
swift_dir = $DIR
log_name = proxy-server
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging authtoken keystoneauth proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = ${KEYSTONE_URL%/v3}
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = swift
password = $KEYSTONE_SERVICE_PASSWORD
region_name = $OS_REGION_NAME
delay_auth_decision = true
memcached_servers =
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
CONF

/usr/bin/python3 "$HERE/keystone-endpoint.py" "$KS_DIR/service.env" object-store swift "$URL/v1/AUTH_%(project_id)s"

: > "$DIR/stop.list"
for srv in object container account proxy; do
  setsid "swift-$srv-server" "$DIR/$srv-server.conf" -v > "$DIR/log/$srv.log" 2>&1 < /dev/null &
  echo $! > "$DIR/run/$srv.pid"
  echo "$DIR/run/$srv.pid TERM" >> "$DIR/stop.list"
done
setsid swift-container-updater "$DIR/container-server.conf" -v > "$DIR/log/container-updater.log" 2>&1 < /dev/null &
echo $! > "$DIR/run/container-updater.pid"
echo "$DIR/run/container-updater.pid TERM" >> "$DIR/stop.list"

ready() {
  curl -fs -o /dev/null "$URL/healthcheck" || return 1
  for p in "$SWIFT_OBJECT_PORT" "$SWIFT_CONTAINER_PORT" "$SWIFT_ACCOUNT_PORT"; do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || return 1
  done
}
deadline=$(( $(date +%s) + SWIFT_WAIT ))
until ready; do
  for srv in object container account proxy; do
    kill -0 "$(cat "$DIR/run/$srv.pid")" 2>/dev/null || { echo "swift-$srv-server died, see $DIR/log/$srv.log" >&2; exit 1; }
  done
  [ "$(date +%s)" -lt "$deadline" ] || { echo "swift not ready after ${SWIFT_WAIT}s, see $DIR/log" >&2; exit 1; }
  sleep 0.1
done
t_up=$(date +%s.%N)

{
  echo "SWIFT_URL=$URL"
  echo "SWIFT_PORT=$SWIFT_PORT"
  echo "SWIFT_DIR=$DIR"
  for srv in object container account proxy container-updater; do
    v=${srv^^}; echo "SWIFT_${v//-/_}_PID=$(cat "$DIR/run/$srv.pid")"
  done
  printf 'SWIFT_SECONDS_RINGS=%.1f\n' "$(echo "$t_rings - $t0" | bc)"
  printf 'SWIFT_SECONDS_READY=%.1f\n' "$(echo "$t_up - $t0" | bc)"
} | tee "$DIR/service.env"
