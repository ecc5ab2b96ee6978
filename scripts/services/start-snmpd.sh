#!/usr/bin/env bash
# Starts one or more private net-snmp agents (Debian /usr/sbin/snmpd) on 127.0.0.1 for ceilometer-ts
# tests and benchmarks: own config (snmpd -C -c), own persistent dir (SNMP_PERSISTENT_DIR), own log
# and PID file per agent, so nothing reads /etc/snmp or writes /var/lib/snmp.
#
#   scripts/services/start-snmpd.sh [DATA_DIR]           (DATA_DIR defaults to mktemp -d)
#
# Environment:
#   SNMPD_PORT (16100)   first UDP port; agents listen on SNMPD_PORT .. SNMPD_PORT+SNMPD_COUNT-1
#   SNMPD_PORTS          explicit space-separated port list (overrides SNMPD_PORT/SNMPD_COUNT)
#   SNMPD_COUNT (1)      number of agents (each one snmpd process, ~4 MB private memory)
#   SNMPD_COMMUNITY (public)               v1/v2c read-only community
#   SNMPD_V3_USER (ceilo)  SNMPD_V3_AUTH_PROTO (SHA)  SNMPD_V3_AUTH_PASS (ceilo-auth-pass)
#   SNMPD_V3_PRIV_PROTO (AES)  SNMPD_V3_PRIV_PASS (ceilo-priv-pass)    the authPriv user
#   SNMPD_EXTRA_USERS    more v3 users: "user:AUTH:authpass:PRIV:privpass ..." (PRIV may be - for authNoPriv)
#   SNMPD_MAX_GETBULK_RESPONSES (100)  SNMPD_MAX_GETBULK_REPEATS (0 = no limit)
#                        a small SNMPD_MAX_GETBULK_RESPONSES makes the agent truncate GETBULK answers
#   SNMPD_EXTRA_CONF     a file appended to every agent's snmpd.conf (e.g. `override` lines that rename
#                        interfaces or disks, so a test can serve the names a monitor file expects)
#   SNMPD_WAIT (30 + COUNT/2)  readiness timeout in seconds (for all agents)
# Prints KEY=VALUE lines (SNMPD_URL=snmp://public@127.0.0.1:16100, SNMPD_V3_URL=..., SNMPD_PORTS=...)
# and writes them to DATA_DIR/service.env; DATA_DIR/stop.list lists "PIDFILE SIGNAL" pairs for
# stop-service.sh. `. DATA_DIR/env.sh` sets what net-snmp's CLI tools need to stay private too.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SNMPD_PORT=${SNMPD_PORT:-16100}
SNMPD_COUNT=${SNMPD_COUNT:-1}
SNMPD_COMMUNITY=${SNMPD_COMMUNITY:-public}
SNMPD_V3_USER=${SNMPD_V3_USER:-ceilo}
SNMPD_V3_AUTH_PROTO=${SNMPD_V3_AUTH_PROTO:-SHA}
SNMPD_V3_AUTH_PASS=${SNMPD_V3_AUTH_PASS:-ceilo-auth-pass}
SNMPD_V3_PRIV_PROTO=${SNMPD_V3_PRIV_PROTO:-AES}
SNMPD_V3_PRIV_PASS=${SNMPD_V3_PRIV_PASS:-ceilo-priv-pass}
SNMPD_EXTRA_USERS=${SNMPD_EXTRA_USERS:-}
SNMPD_MAX_GETBULK_RESPONSES=${SNMPD_MAX_GETBULK_RESPONSES:-100}
SNMPD_MAX_GETBULK_REPEATS=${SNMPD_MAX_GETBULK_REPEATS:-0}
SNMPD_WAIT=${SNMPD_WAIT:-}
SNMPD_EXTRA_CONF=${SNMPD_EXTRA_CONF:-}
SNMPD_BIN=${SNMPD_BIN:-/usr/sbin/snmpd}
if [ -n "${SNMPD_PORTS:-}" ]; then
  read -r -a PORTS <<< "$SNMPD_PORTS"
else
  PORTS=()
  for (( i=0; i<SNMPD_COUNT; i++ )); do PORTS+=( $((SNMPD_PORT + i)) ); done
fi
SNMPD_WAIT=${SNMPD_WAIT:-$((30 + ${#PORTS[@]} / 2))}
# no SMUX (it binds TCP 199, once per host) and no AgentX master: plain UDP agents only
SNMPD_ARGS="-I -smux"
[ -x "$SNMPD_BIN" ] || { echo "$SNMPD_BIN not found: apt-get install -y snmpd snmp" >&2; exit 1; }
command -v snmpget > /dev/null || { echo "snmpget not found: apt-get install -y snmp" >&2; exit 1; }

DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-snmpd.XXXXXX")}
mkdir -p "$DIR/cli"
DIR=$(cd "$DIR" && pwd)
touch "$DIR/stop.list"

# net-snmp's CLI tools (readiness probe, tests, benchmarks): no MIB files, no /etc/snmp, no /var/lib/snmp
cat > "$DIR/env.sh" <<ENV
export MIBS=""
export SNMPCONFPATH="$DIR/cli"
export SNMP_PERSISTENT_DIR="$DIR/cli"
ENV
# shellcheck disable=SC1091
. "$DIR/env.sh"

# unbound_ports: how many of PORTS have no UDP socket on 127.0.0.1 (or any address) yet
unbound_ports() {
  ss -Hlun 2>/dev/null | awk -v want="${PORTS[*]}" '
    BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) need[w[i]] = 1 }
    { a = $4; sub(/.*:/, "", a); delete need[a] }
    END { c = 0; for (k in need) c++; print c }'
}
if [ "$(unbound_ports)" -ne "${#PORTS[@]}" ]; then echo "UDP port(s) in ${PORTS[0]}..${PORTS[${#PORTS[@]}-1]} already in use" >&2; exit 1; fi

user_lines() { # user auth authpass priv privpass
  local priv="" level=authnopriv
  if [ "${4:--}" != - ]; then priv=" $4 \"$5\""; level=authpriv; fi
  printf 'createUser %s %s "%s"%s\nrouser %s %s -V ceilo\n' "$1" "$2" "$3" "$priv" "$1" "$level"
}

t0=$(date +%s%N)
for p in "${PORTS[@]}"; do
  a="$DIR/agent-$p"
  mkdir -p "$a/persist"
  sed -e "s/@PORT@/$p/g" -e "s/@COMMUNITY@/$SNMPD_COMMUNITY/g" \
      -e "s/@MAX_GETBULK_RESPONSES@/$SNMPD_MAX_GETBULK_RESPONSES/g" \
      -e "s/@MAX_GETBULK_REPEATS@/$SNMPD_MAX_GETBULK_REPEATS/g" "$HERE/snmpd/snmpd.conf.in" > "$a/snmpd.conf"
  user_lines "$SNMPD_V3_USER" "$SNMPD_V3_AUTH_PROTO" "$SNMPD_V3_AUTH_PASS" "$SNMPD_V3_PRIV_PROTO" "$SNMPD_V3_PRIV_PASS" >> "$a/snmpd.conf"
  for spec in $SNMPD_EXTRA_USERS; do
    IFS=: read -r u ap ak pp pk <<< "$spec"
    user_lines "$u" "$ap" "$ak" "${pp:--}" "${pk:-}" >> "$a/snmpd.conf"
  done
  if [ -n "$SNMPD_EXTRA_CONF" ]; then cat "$SNMPD_EXTRA_CONF" >> "$a/snmpd.conf"; fi
done

if [ "${#PORTS[@]}" -eq 1 ]; then
  a="$DIR/agent-${PORTS[0]}"
  # foreground snmpd in its own session: $! is snmpd itself (setsid execs when not a group leader)
  SNMP_PERSISTENT_DIR="$a/persist" SNMPCONFPATH="$a" \
    setsid "$SNMPD_BIN" -f -C -c "$a/snmpd.conf" -Lf "$a/snmpd.log" $SNMPD_ARGS > /dev/null 2>&1 < /dev/null &
  echo $! > "$a/snmpd.pid"
  echo "$a/snmpd.pid TERM" >> "$DIR/stop.list"
  supervisor=$!
else
  # many agents: one supervisor stops them all with a single signal
  SNMPD_BIN="$SNMPD_BIN" SNMPD_ARGS="$SNMPD_ARGS" setsid "$HERE/snmpd/fleet.sh" "$DIR" "${PORTS[@]}" > "$DIR/fleet.log" 2>&1 < /dev/null &
  echo $! > "$DIR/fleet.pid"
  echo "$DIR/fleet.pid TERM" >> "$DIR/stop.list"
  supervisor=$!
fi

deadline=$(( $(date +%s) + SNMPD_WAIT ))
fail() {
  echo "$1" >&2
  for p in "${PORTS[@]}"; do [ -s "$DIR/agent-$p/snmpd.log" ] && tail -5 "$DIR/agent-$p/snmpd.log" >&2 && break; done
  exit 1
}
# every agent's UDP socket is bound (one ss call per round, not one probe process per agent) ...
while :; do
  [ "$(unbound_ports)" -eq 0 ] && break
  kill -0 "$supervisor" 2>/dev/null || fail "snmpd exited during start"
  [ "$(date +%s)" -lt "$deadline" ] || fail "snmpd agents not listening after ${SNMPD_WAIT}s"
  sleep 0.1
done
# ... and the first and last agents answer a GET
for p in "${PORTS[0]}" "${PORTS[${#PORTS[@]}-1]}"; do
  until snmpget -v2c -c "$SNMPD_COMMUNITY" -r 0 -t 0.2 -On "127.0.0.1:$p" .1.3.6.1.2.1.1.3.0 > /dev/null 2>&1; do
    kill -0 "$supervisor" 2>/dev/null || fail "snmpd on udp 127.0.0.1:$p exited during start"
    [ "$(date +%s)" -lt "$deadline" ] || fail "snmpd on udp 127.0.0.1:$p not ready after ${SNMPD_WAIT}s"
    sleep 0.05
  done
done
t1=$(date +%s%N)

pids=$(for p in "${PORTS[@]}"; do cat "$DIR/agent-$p/snmpd.pid"; done | tr '\n' ' ')
# shellcheck disable=SC2086
rss=$(cd /proc && awk '/^VmRSS:/ {s += $2} END {print s + 0}' $(printf '%s/status ' $pids) 2>/dev/null)
# shellcheck disable=SC2086
pss=$(cd /proc && awk '/^Pss:/ {s += $2} END {print s + 0}' $(printf '%s/smaps_rollup ' $pids) 2>/dev/null)

lower() { tr '[:upper:]' '[:lower:]' <<< "$1" | tr -d -- '-'; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], ""))' "$1" 2>/dev/null || printf '%s' "$1"; }
priv_q=$(lower "$SNMPD_V3_PRIV_PROTO"); [ "$priv_q" = aes ] && priv_q=aes128
[ "$priv_q" = aes256 ] && priv_q=aes256b   # net-snmp's AES-256 is the Blumenthal key extension
[ "$priv_q" = aes256c ] && priv_q=aes256
first=${PORTS[0]}
v3_query="auth_proto=$(lower "$SNMPD_V3_AUTH_PROTO")"
[ "$SNMPD_V3_PRIV_PROTO" != - ] && v3_query="$v3_query&priv_proto=$priv_q&priv_password=$(enc "$SNMPD_V3_PRIV_PASS")"
cat > "$DIR/service.env" <<ENV
SNMPD_URL=snmp://$(enc "$SNMPD_COMMUNITY")@127.0.0.1:$first
SNMPD_V3_URL=snmp://$(enc "$SNMPD_V3_USER"):$(enc "$SNMPD_V3_AUTH_PASS")@127.0.0.1:$first?$v3_query
SNMPD_HOST=127.0.0.1
SNMPD_PORT=$first
SNMPD_PORTS=${PORTS[*]}
SNMPD_COUNT=${#PORTS[@]}
SNMPD_COMMUNITY=$SNMPD_COMMUNITY
SNMPD_V3_USER=$SNMPD_V3_USER
SNMPD_V3_AUTH_PROTO=$SNMPD_V3_AUTH_PROTO
SNMPD_V3_AUTH_PASS=$SNMPD_V3_AUTH_PASS
SNMPD_V3_PRIV_PROTO=$SNMPD_V3_PRIV_PROTO
SNMPD_V3_PRIV_PASS=$SNMPD_V3_PRIV_PASS
SNMPD_MAX_GETBULK_RESPONSES=$SNMPD_MAX_GETBULK_RESPONSES
SNMPD_DIR=$DIR
SNMPD_ENV=$DIR/env.sh
SNMPD_PIDS=${pids% }
SNMPD_RSS_KB=$rss
SNMPD_PSS_KB=$pss
SNMPD_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
