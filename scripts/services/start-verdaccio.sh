#!/usr/bin/env bash
# Starts a private npm registry (Verdaccio) on 127.0.0.1 for ceilometer-ts tests and CI: packages
# of the workspace are published to it and installed from it with plain npm, as an operator would.
#
#   scripts/services/start-verdaccio.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment: VERDACCIO_PORT (4873)  VERDACCIO_WAIT (readiness timeout, 60 s)
#              VERDACCIO_VERSION (6.8.0)  VERDACCIO_UPLINK (https://registry.npmjs.org/; "" = none)
#              CEILO_TOOL_CACHE_DIR ($HOME/.cache/ceilometer-ts/tools): where Verdaccio is installed
# Prints KEY=VALUE lines (VERDACCIO_URL=http://127.0.0.1:4873/ ...) and writes them to
# DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for stop-service.sh.
# DATA_DIR/npmrc is a private npm userconfig for this registry (registry + a dummy token): pass it as
# `npm --userconfig DATA_DIR/npmrc` so nothing touches ~/.npmrc.
#
# What is local and what is proxied (DATA_DIR/config.yaml):
#   @ceilometer-ts/*, ceilometer-ts, ceilometer-ts-*, @example/*  local only: anyone may publish,
#     nothing is asked of the uplink (a name taken on npmjs.org would otherwise refuse the publish
#     with 409, and an install would mix versions)
#   everything else                                       read through from the uplink, cached
#     under DATA_DIR/storage
#
# Pitfalls (measured with Verdaccio 6.8.0 on Node 20):
# - 6.8.x is the last line whose `engines` allow Node 20 (6.9.0 and later want Node >= 22).
# - npm refuses to publish (ENEEDAUTH) without a token for the registry, even when the registry
#   lets `$anonymous` publish: the npmrc holds `//127.0.0.1:PORT/:_authToken=dummy`. Verdaccio
#   treats a token it cannot decode as an anonymous user, so `publish: $anonymous $authenticated`
#   is what lets that token through (`$authenticated` alone answers 401/403).
# - The default max_body_size (10mb) is too small for a tarball plus its base64 copy in the
#   publish body of the bigger packages; it is raised to 100mb.
# - Log level `warn` (the default `http` prints a line per request: hundreds per install).
# - The web UI is turned off (it costs startup time and memory and nothing here needs it).
# - Installing Verdaccio itself takes ~20-40 s cold (about 300 packages from npmjs.org); the tool
#   cache keeps it, so a warm start is well under 2 s. The install is serialised with flock.
set -euo pipefail

VERDACCIO_PORT=${VERDACCIO_PORT:-4873}
VERDACCIO_WAIT=${VERDACCIO_WAIT:-60}
VERDACCIO_VERSION=${VERDACCIO_VERSION:-6.8.0}
VERDACCIO_UPLINK=${VERDACCIO_UPLINK-https://registry.npmjs.org/}
TOOL_CACHE=${CEILO_TOOL_CACHE_DIR:-$HOME/.cache/ceilometer-ts/tools}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-verdaccio.XXXXXX")}
mkdir -p "$DIR/storage"
DIR=$(cd "$DIR" && pwd)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ready() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$VERDACCIO_PORT/-/ping"; }
now_ns() { date +%s%N; }
seconds() { echo "$(( $1 / 1000000000 )).$(printf '%03d' $(( $1 / 1000000 % 1000 )))"; }

command -v node > /dev/null || { echo "node not found" >&2; exit 1; }
command -v npm > /dev/null || { echo "npm not found" >&2; exit 1; }
if port_open "$VERDACCIO_PORT"; then echo "port $VERDACCIO_PORT is already in use" >&2; exit 1; fi

# 1. Verdaccio itself, once per version, in the tool cache (never global, never in the workspace).
install_dir="$TOOL_CACHE/verdaccio-$VERDACCIO_VERSION"
entry="$install_dir/node_modules/verdaccio/bin/verdaccio"
t_install=$(now_ns)
if [ ! -f "$install_dir/.installed" ]; then
  mkdir -p "$TOOL_CACHE"
  exec 9> "$TOOL_CACHE/.verdaccio-$VERDACCIO_VERSION.lock"
  flock 9
  if [ ! -f "$install_dir/.installed" ]; then
    rm -rf "$install_dir"
    mkdir -p "$install_dir"
    echo '{"name":"ceilometer-ts-verdaccio-tool","private":true}' > "$install_dir/package.json"
    # NOTE: the public registry explicitly, and no user npmrc: a developer's ~/.npmrc may point at
    # another verdaccio (or at this one, which is not running yet).
    npm install --prefix "$install_dir" --userconfig /dev/null --registry https://registry.npmjs.org/ \
      --no-audit --no-fund --no-update-notifier --omit=dev --loglevel=error "verdaccio@$VERDACCIO_VERSION" >&2
    touch "$install_dir/.installed"
  fi
  exec 9>&-
fi
[ -f "$entry" ] || { echo "verdaccio entry point not found: $entry" >&2; exit 1; }
install_ns=$(( $(now_ns) - t_install ))

# 2. Its configuration: storage and htpasswd under DATA_DIR.
uplinks=""
proxy_line=""
if [ -n "$VERDACCIO_UPLINK" ]; then
  uplinks="uplinks:
  npmjs:
    url: $VERDACCIO_UPLINK
    timeout: 60s
    maxage: 30m"
  proxy_line="    proxy: npmjs"
fi
cat > "$DIR/config.yaml" <<YAML
storage: $DIR/storage
listen: 127.0.0.1:$VERDACCIO_PORT
max_body_size: 100mb
web:
  enable: false
auth:
  htpasswd:
    file: $DIR/htpasswd
    max_users: -1
$uplinks
packages:
  '@ceilometer-ts/*':
    access: \$all
    publish: \$anonymous \$authenticated
    unpublish: \$anonymous \$authenticated
  'ceilometer-ts':
    access: \$all
    publish: \$anonymous \$authenticated
    unpublish: \$anonymous \$authenticated
  'ceilometer-ts-*':
    access: \$all
    publish: \$anonymous \$authenticated
    unpublish: \$anonymous \$authenticated
  '@example/*':
    access: \$all
    publish: \$anonymous \$authenticated
    unpublish: \$anonymous \$authenticated
  '**':
    access: \$all
    publish: \$anonymous \$authenticated
$proxy_line
log:
  type: stdout
  format: pretty
  level: warn
YAML

url="http://127.0.0.1:$VERDACCIO_PORT/"
cat > "$DIR/npmrc" <<NPMRC
registry=$url
//127.0.0.1:$VERDACCIO_PORT/:_authToken=ceilometer-ts-dummy-token
cache=$DIR/npm-cache
audit=false
fund=false
update-notifier=false
NPMRC

# 3. Start it as a plain process and wait for /-/ping.
t0=$(now_ns)
setsid node "$entry" --config "$DIR/config.yaml" --listen "127.0.0.1:$VERDACCIO_PORT" \
  > "$DIR/verdaccio.log" 2>&1 < /dev/null &
echo $! > "$DIR/verdaccio.pid"
echo "$DIR/verdaccio.pid TERM" > "$DIR/stop.list"

deadline=$(( $(date +%s) + VERDACCIO_WAIT ))
until ready; do
  if ! kill -0 "$(cat "$DIR/verdaccio.pid")" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
    echo "verdaccio on port $VERDACCIO_PORT not ready after ${VERDACCIO_WAIT}s (or exited)" >&2
    tail -30 "$DIR/verdaccio.log" >&2
    exit 1
  fi
  sleep 0.05
done
start_ns=$(( $(now_ns) - t0 ))

cat > "$DIR/service.env" <<ENV
VERDACCIO_URL=$url
VERDACCIO_DIR=$DIR
VERDACCIO_PORT=$VERDACCIO_PORT
VERDACCIO_NPMRC=$DIR/npmrc
VERDACCIO_PIDFILE=$DIR/verdaccio.pid
VERDACCIO_PID=$(cat "$DIR/verdaccio.pid")
VERDACCIO_VERSION=$VERDACCIO_VERSION
VERDACCIO_INSTALL_S=$(seconds "$install_ns")
VERDACCIO_START_S=$(seconds "$start_ns")
ENV
cat "$DIR/service.env"
