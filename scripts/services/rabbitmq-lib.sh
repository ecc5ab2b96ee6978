# Shared helpers for the RabbitMQ service scripts (sourced, not executed).

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# rabbit_launch DIR WAIT_S: starts rabbitmq-server from DIR/env.sh (already sourced) in its own
# session, records its PID in DIR/rabbitmq-server.pid and waits until the AMQP port accepts
# connections. Exits non-zero (with the log tail on stderr) when the node dies or WAIT_S passes.
rabbit_launch() {
  local dir=$1 wait_s=$2 pid deadline
  # rabbitmq-server (a sh wrapper) stays in the foreground, runs beam.smp and forwards TERM to it
  setsid /usr/lib/rabbitmq/bin/rabbitmq-server >> "$dir/log/stdout.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$dir/rabbitmq-server.pid"
  grep -q "^$dir/rabbitmq-server.pid " "$dir/stop.list" 2>/dev/null || echo "$dir/rabbitmq-server.pid TERM" >> "$dir/stop.list"
  # the AMQP listener opens in the last boot step, so a TCP probe is a complete readiness check
  deadline=$(( $(date +%s) + wait_s ))
  until port_open "$RABBITMQ_NODE_PORT"; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "rabbitmq on port $RABBITMQ_NODE_PORT not ready after ${wait_s}s (or exited)" >&2
      tail -30 "$dir/log/stdout.log" >&2
      return 1
    fi
    sleep 0.1
  done
}

# rabbit_stop_node DIR: stops only the broker (not epmd) and waits until it is gone (KILL after 20 s).
rabbit_stop_node() {
  local dir=$1 pid deadline
  [ -s "$dir/rabbitmq-server.pid" ] || return 0
  pid=$(head -n1 "$dir/rabbitmq-server.pid" | tr -dc '0-9')
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  deadline=$(( $(date +%s) + ${STOP_TIMEOUT:-20} ))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null; break; fi
    sleep 0.05
  done
  # the listener must be closed before a restart binds it again
  while port_open "$RABBITMQ_NODE_PORT"; do sleep 0.05; done
}
