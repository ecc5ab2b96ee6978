# Shared helpers for the etcd service scripts (sourced, not executed).

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# etcd_launch DIR WAIT_S: starts etcd with the settings in DIR/env.sh (already sourced) in its own
# session, records its PID in DIR/etcd.pid and waits until /health says the member is leader.
# Starting again on the same DIR reuses the member (the --initial-* flags are then ignored), so
# keys and leases survive a restart. Returns non-zero (log tail on stderr) when etcd dies or
# WAIT_S passes.
etcd_launch() {
  local dir=$1 wait_s=$2 pid deadline
  local scheme=http tls=() curl_tls=()
  if [ -n "${ETCD_TLS_DIR:-}" ]; then
    # TLS on the client port only, client certificates required (the peer port stays on loopback)
    scheme=https
    tls=(--cert-file "$ETCD_TLS_DIR/server.pem" --key-file "$ETCD_TLS_DIR/server.key"
         --trusted-ca-file "$ETCD_TLS_DIR/ca.pem" --client-cert-auth)
    curl_tls=(--cacert "$ETCD_TLS_DIR/ca.pem" --cert "$ETCD_TLS_DIR/client.pem" --key "$ETCD_TLS_DIR/client.key")
  fi
  local c="$scheme://127.0.0.1:$ETCD_CLIENT_PORT" p="http://127.0.0.1:$ETCD_PEER_PORT_NUM"
  # etcd reads every ETCD_<FLAG> environment variable as a flag (ETCD_NAME = --name ...) and warns
  # about unknown ones: start it with none of them
  env $(compgen -e | grep '^ETCD_' | sed 's/^/-u /' || true) \
    setsid /usr/bin/etcd --name "$ETCD_MEMBER_NAME" --data-dir "$dir/data" \
      --listen-client-urls "$c" --advertise-client-urls "$c" \
      --listen-peer-urls "$p" --initial-advertise-peer-urls "$p" \
      --initial-cluster "$ETCD_MEMBER_NAME=$p" --initial-cluster-state new \
      --initial-cluster-token "ceilo-$ETCD_CLIENT_PORT" \
      --heartbeat-interval "$ETCD_HEARTBEAT_MS_SET" --election-timeout "$ETCD_ELECTION_MS_SET" \
      "${tls[@]}" \
      --logger zap --log-outputs "$dir/log/etcd.log" \
      >> "$dir/log/stdout.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$dir/etcd.pid"
  grep -q "^$dir/etcd.pid " "$dir/stop.list" 2>/dev/null || echo "$dir/etcd.pid TERM" >> "$dir/stop.list"
  deadline=$(( $(date +%s) + wait_s ))
  # /health is {"health":"true"} only once the member has elected itself leader
  until curl -fs --max-time 2 "${curl_tls[@]}" "$c/health" 2>/dev/null | grep -q '"health":"true"'; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "etcd on port $ETCD_CLIENT_PORT not ready after ${wait_s}s (or exited)" >&2
      tail -20 "$dir/log/etcd.log" "$dir/log/stdout.log" >&2
      return 1
    fi
    sleep 0.02
  done
}

# etcd_make_certs DIR: a throw-away CA, a server certificate for 127.0.0.1/localhost and a client
# certificate, in DIR (kept when they exist, so a restart of the same data dir reuses them).
etcd_make_certs() {
  local dir=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  [ -s "$dir/client.pem" ] && return 0
  mkdir -p "$dir"
  ( cd "$dir"
    openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 7 -subj /CN=ceilo-test-etcd-ca 2>/dev/null
    openssl req "${ec[@]}" -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 7 -extfile server.ext 2>/dev/null
    openssl req "${ec[@]}" -keyout client.key -out client.csr -subj /CN=ceilo-client 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 7 -extfile client.ext 2>/dev/null
    chmod 600 ./*.key )
}

# etcd_stop DIR: stops the member (TERM, KILL after STOP_TIMEOUT=20 s) and waits until its client
# port is closed, so that a restart can bind it again.
etcd_stop() {
  local dir=$1 pid deadline
  [ -s "$dir/etcd.pid" ] || return 0
  pid=$(head -n1 "$dir/etcd.pid" | tr -dc '0-9')
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    deadline=$(( $(date +%s) + ${STOP_TIMEOUT:-20} ))
    while kill -0 "$pid" 2>/dev/null; do
      [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
      if [ "$(date +%s)" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null; break; fi
      sleep 0.02
    done
  fi
  while port_open "$ETCD_CLIENT_PORT" || port_open "$ETCD_PEER_PORT_NUM"; do sleep 0.02; done
}
