# Sourced by start-gnocchi.sh and restart-gnocchi.sh: launch, readiness and stop of the Gnocchi API
# (uwsgi) and gnocchi-metricd of one data dir. Settings come from DIR/run.env, which start-gnocchi.sh
# writes (GNOCCHI_PORT, GNOCCHI_API_PROCESSES, GNOCCHI_API_THREADS, GNOCCHI_AUTH_MODE and, in keystone
# mode, KEYSTONE_URL and OS_PASSWORD).

# gnocchi_launch_api DIR: uwsgi master in the background (Debian's uwsgi has no built-in http router,
# so it serves HTTP itself); its PID in DIR/api.pid. --http11-socket, not --http-socket: the latter
# answers HTTP/1.1 without "Connection: close" and then closes the socket, so keep-alive clients
# (Node's fetch, the gnocchi publisher) reusing it got ECONNRESET / "other side closed" (2 in 300
# sequential requests here); --http11-socket keeps connections open: 0 errors in 300, idle gaps of
# 1-11 s included, and 25-45 % faster. --worker-reload-mercy 5: on TERM the master waits
# at most 5 s for its workers (default 60; a worker still importing the app at TERM made a stop take
# 20 s, and a KILLed master leaves workers holding the port).
gnocchi_launch_api() {
  local dir=$1
  # shellcheck disable=SC1091
  . "$dir/run.env"
  setsid /usr/bin/uwsgi --plugin python3 --http11-socket "127.0.0.1:$GNOCCHI_PORT" \
    --master --die-on-term --hook-master-start "unix_signal:15 gracefully_kill_them_all" \
    --processes "$GNOCCHI_API_PROCESSES" --threads "$GNOCCHI_API_THREADS" \
    --enable-threads --thunder-lock --lazy-apps --buffer-size 65535 --worker-reload-mercy 5 \
    --chdir / --wsgi gnocchi.rest.wsgi --pyargv "--config-file $dir/gnocchi.conf" \
    --disable-logging --logto "$dir/log/api.log" < /dev/null > /dev/null 2>&1 &
  echo $! > "$dir/api.pid"
}

# gnocchi_wait_api DIR TIMEOUT_S: /healthcheck (no auth), then one authenticated call that reaches the
# indexer (admin: in basic mode, an admin token in keystone mode).
gnocchi_wait_api() {
  local dir=$1 wait=$2 url auth deadline token
  # shellcheck disable=SC1091
  . "$dir/run.env"
  url="http://127.0.0.1:$GNOCCHI_PORT"
  auth=(-u admin:)
  if [ "$GNOCCHI_AUTH_MODE" = keystone ]; then
    token=$(curl -fsS -i -H 'Content-Type: application/json' "$KEYSTONE_URL/auth/tokens" -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],
      \"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$OS_PASSWORD\"}}},
      \"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" \
      | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
    auth=(-H "X-Auth-Token: $token")
  fi
  deadline=$(( $(date +%s) + wait ))
  until curl -sf -o /dev/null "$url/healthcheck" && curl -sf -o /dev/null "${auth[@]}" "$url/v1/archive_policy"; do
    if ! kill -0 "$(cat "$dir/api.pid")" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "gnocchi-api not ready after ${wait}s (or exited):" >&2
      grep -v DEBUG "$dir/log/api.log" | tail -30 >&2
      return 1
    fi
    sleep 0.1
  done
}

# gnocchi_launch_metricd DIR: cotyledon master in the background (TERM stops its workers); PID in
# DIR/metricd.pid.
gnocchi_launch_metricd() {
  local dir=$1
  setsid /usr/bin/gnocchi-metricd --config-file "$dir/gnocchi.conf" >> "$dir/log/metricd.log" 2>&1 < /dev/null &
  echo $! > "$dir/metricd.pid"
}

# gnocchi_stop_pid PIDFILE: TERM, wait; after STOP_TIMEOUT (20 s) KILL its process group (setsid made
# it the leader, so the group is exactly what we started: uwsgi workers, metricd workers).
gnocchi_stop_pid() {
  local pidfile=$1 pid deadline
  [ -s "$pidfile" ] || return 0
  pid=$(tr -dc '0-9' < "$pidfile")
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$(( $(date +%s) + ${STOP_TIMEOUT:-20} ))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then kill -KILL -- "-$pid" 2>/dev/null; break; fi
    sleep 0.05
  done
}
