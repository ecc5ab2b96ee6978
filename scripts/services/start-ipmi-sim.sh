#!/usr/bin/env bash
# Starts one or more throw-away IPMI BMC simulators (OpenIPMI's ipmi_sim, Debian "openipmi") on
# 127.0.0.1 for ceilometer-ts tests and benchmarks. Each simulator is one ipmi_sim process (~6 MB)
# serving one BMC (MC 0x20) over IPMI 1.5 "lan" and 2.0 "lanplus" on its UDP port, with a
# telnet-style command console (ipmi_sim_cmd(5)) on a TCP port, and its own state dir, so nothing
# is read from /etc/ipmi or written to /var/ipmi_sim. Query one with ipmitool (Debian "ipmitool"):
#   ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $IPMI_PORT -U $IPMI_USER -P $IPMI_PASSWORD sdr -v
# or with the wrapper DATA_DIR/bmc-0/bin/ipmitool, which adds those options: put its folder first
# on PATH and plain in-band `ipmitool sdr -v ...` (what upstream Ceilometer runs) reaches the BMC.
#
#   scripts/services/start-ipmi-sim.sh [DATA_DIR]        (DATA_DIR defaults to mktemp -d)
#
# Environment:
#   IPMI_PORT (9001)          UDP port of the first BMC; BMC i listens on IPMI_PORT+i
#   IPMI_CONSOLE_PORT         TCP console port of the first BMC (default IPMI_PORT+IPMI_COUNT);
#                             BMC i: IPMI_CONSOLE_PORT+i
#   IPMI_PORTS, IPMI_CONSOLE_PORTS  explicit space-separated port lists (override the two above)
#   IPMI_COUNT (1)            number of simulators (ignored with IPMI_PORTS)
#   IPMI_USER (admin)  IPMI_PASSWORD (password)   the administrator account of every BMC
#   IPMI_SENSORS_FILE         the sensor table (default ipmi-sim/sensors.tsv beside this script:
#                             two temperatures, a voltage, a current, a fan, 'Pwr Consumption' as
#                             a Current sensor in Watts, a discrete processor sensor and a kPa one)
#   IPMI_WAIT (20 + COUNT/5)  readiness timeout in seconds (for all simulators)
# Console commands while a simulator runs (raw byte; reading = M * raw * 10^R per the table):
#   exec 3<>/dev/tcp/127.0.0.1/$IPMI_CONSOLE_PORT; echo 'sensor_set_value 0x20 0 1 0x1e 0' >&3; exec 3>&-
#   "sensor_set_event_support 0x20 0 N enable false per-state 0..0 (x4)" stops scanning sensor N:
#   ipmitool then prints "Sensor Reading : Disabled" (sdr -v) / "ns" (sdr elist) for it.
# A paused simulator (kill -STOP) does not answer: ipmitool fails after ~2 s with -N 1 -R 1 and
# after ~20 s with its defaults ("Unable to establish IPMI v2 / RMCP+ session").
# Prints KEY=VALUE lines (IPMI_PORT=..., IPMI_WRAPPER_PATH=... of the first BMC; IPMI_PORTS,
# IPMI_CONSOLE_PORTS, IPMI_PIDS of all) and writes them to DATA_DIR/service.env; DATA_DIR/bmcs.tsv
# lists "index udp-port console-port wrapper-dir pid" per BMC; DATA_DIR/stop.list lists
# "PIDFILE SIGNAL" pairs for stop-service.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

IPMI_PORT=${IPMI_PORT:-9001}
IPMI_COUNT=${IPMI_COUNT:-1}
IPMI_USER=${IPMI_USER:-admin}
IPMI_PASSWORD=${IPMI_PASSWORD:-password}
IPMI_SENSORS_FILE=${IPMI_SENSORS_FILE:-$HERE/ipmi-sim/sensors.tsv}
IPMI_SIM_BIN=${IPMI_SIM_BIN:-/usr/bin/ipmi_sim}
IPMITOOL_BIN=${IPMITOOL_BIN:-/usr/bin/ipmitool}
[ -x "$IPMI_SIM_BIN" ] || { echo "$IPMI_SIM_BIN not found: apt-get install -y openipmi" >&2; exit 1; }
[ -x "$IPMITOOL_BIN" ] || { echo "$IPMITOOL_BIN not found: apt-get install -y ipmitool" >&2; exit 1; }
[ -r "$IPMI_SENSORS_FILE" ] || { echo "sensor table $IPMI_SENSORS_FILE not readable" >&2; exit 1; }
# lan.conf quotes these and the wrapper single-quotes them
case "$IPMI_USER$IPMI_PASSWORD" in *[\"\'\\]*) echo "IPMI_USER/IPMI_PASSWORD must not contain quotes or backslashes" >&2; exit 1;; esac

if [ -n "${IPMI_PORTS:-}" ]; then
  read -r -a PORTS <<< "$IPMI_PORTS"
else
  PORTS=()
  for (( i=0; i<IPMI_COUNT; i++ )); do PORTS+=( $((IPMI_PORT + i)) ); done
fi
if [ -n "${IPMI_CONSOLE_PORTS:-}" ]; then
  read -r -a CONSOLES <<< "$IPMI_CONSOLE_PORTS"
else
  first_console=${IPMI_CONSOLE_PORT:-$(( PORTS[0] + ${#PORTS[@]} ))}
  CONSOLES=()
  for (( i=0; i<${#PORTS[@]}; i++ )); do CONSOLES+=( $((first_console + i)) ); done
fi
[ "${#CONSOLES[@]}" -eq "${#PORTS[@]}" ] || { echo "IPMI_CONSOLE_PORTS must name one port per BMC" >&2; exit 1; }
IPMI_WAIT=${IPMI_WAIT:-$((20 + ${#PORTS[@]} / 5))}

DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ceilo-ipmisim.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
touch "$DIR/stop.list"

# unbound PROTO PORT...: how many of the ports have no socket yet (one ss call for all of them)
unbound() {
  local proto=$1; shift
  ss -Hln"$proto" 2>/dev/null | awk -v want="$*" '
    BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) need[w[i]] = 1 }
    { a = $4; sub(/.*:/, "", a); delete need[a] }
    END { c = 0; for (k in need) c++; print c }'
}
if [ "$(unbound u "${PORTS[@]}")" -ne "${#PORTS[@]}" ]; then echo "UDP port(s) in ${PORTS[*]} already in use" >&2; exit 1; fi
if [ "$(unbound t "${CONSOLES[@]}")" -ne "${#CONSOLES[@]}" ]; then echo "TCP console port(s) in ${CONSOLES[*]} already in use" >&2; exit 1; fi

t0=$(date +%s%N)
# one emu file for the whole fleet: generating it is the only costly step (a Python start)
/usr/bin/python3 "$HERE/ipmi-sim/make-emu.py" "$IPMI_SENSORS_FILE" "$DIR/ipmi.emu"

: > "$DIR/bmcs.tsv"
for i in "${!PORTS[@]}"; do
  b="$DIR/bmc-$i"
  mkdir -p "$b/state" "$b/bin"
  cat > "$b/lan.conf" <<CONF
name "ceilobmc$i"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 ${PORTS[$i]}
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789ab$(printf '%04x' "$i")
  endlan
# command console without authentication: loopback only
console 127.0.0.1 ${CONSOLES[$i]}
# user <num> <enabled> <name> <password> <max priv> <max sessions> <auth types>
user 1 true  ""             "test"           user  10 none md2 md5 straight
user 2 true  "$IPMI_USER"   "$IPMI_PASSWORD" admin 10 none md2 md5 straight
CONF
  # -C 3: ipmi_sim does not implement "Get Channel Cipher Suites"; without it ipmitool 1.8.19
  # first asks for that list ("Unable to Get Channel Cipher Suites" on stderr), then falls back
  cat > "$b/bin/ipmitool" <<SH
#!/bin/sh
exec $IPMITOOL_BIN -I lanplus -C 3 -H 127.0.0.1 -p ${PORTS[$i]} -U '$IPMI_USER' -P '$IPMI_PASSWORD' "\$@"
SH
  chmod +x "$b/bin/ipmitool"
  # -n: no console on stdin (it would wait for commands on the tty); -s: private state dir
  # (default /var/ipmi_sim/<name>: persisted SDRs would survive between runs). setsid execs
  # ipmi_sim (not a group leader here), so $! is the simulator itself.
  setsid "$IPMI_SIM_BIN" -n -c "$b/lan.conf" -f "$DIR/ipmi.emu" -s "$b/state" \
    > "$b/ipmi_sim.log" 2>&1 < /dev/null &
  echo $! > "$b/ipmi_sim.pid"
  echo "$b/ipmi_sim.pid TERM" >> "$DIR/stop.list"
  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "${PORTS[$i]}" "${CONSOLES[$i]}" "$b/bin" "$!" >> "$DIR/bmcs.tsv"
done

deadline=$(( $(date +%s) + IPMI_WAIT ))
fail() {
  echo "$1" >&2
  for i in "${!PORTS[@]}"; do [ -s "$DIR/bmc-$i/ipmi_sim.log" ] && tail -5 "$DIR/bmc-$i/ipmi_sim.log" >&2 && break; done
  exit 1
}
alive() {
  local i
  for i in "${!PORTS[@]}"; do kill -0 "$(cat "$DIR/bmc-$i/ipmi_sim.pid")" 2>/dev/null || return 1; done
}
# every simulator's UDP and console sockets are bound ...
until [ "$(unbound u "${PORTS[@]}")" -eq 0 ] && [ "$(unbound t "${CONSOLES[@]}")" -eq 0 ]; do
  alive || fail "ipmi_sim exited during start, see $DIR/bmc-*/ipmi_sim.log"
  [ "$(date +%s)" -lt "$deadline" ] || fail "ipmi_sim not listening after ${IPMI_WAIT}s"
  sleep 0.05
done
# ... and the first and the last answer an RMCP+ session
last=$(( ${#PORTS[@]} - 1 ))
for i in 0 "$last"; do
  until "$DIR/bmc-$i/bin/ipmitool" -N 1 -R 1 mc info > /dev/null 2>&1; do
    alive || fail "ipmi_sim exited during start, see $DIR/bmc-*/ipmi_sim.log"
    [ "$(date +%s)" -lt "$deadline" ] || fail "ipmi_sim on udp 127.0.0.1:${PORTS[$i]} not answering after ${IPMI_WAIT}s"
    sleep 0.05
  done
done
t1=$(date +%s%N)

pids=$(cut -f5 "$DIR/bmcs.tsv" | tr '\n' ' ')
# shellcheck disable=SC2086
rss=$(cd /proc && awk '/^VmRSS:/ {s += $2} END {print s + 0}' $(printf '%s/status ' $pids) 2>/dev/null)
cat > "$DIR/service.env" <<ENV
IPMI_HOST=127.0.0.1
IPMI_PORT=${PORTS[0]}
IPMI_CONSOLE_PORT=${CONSOLES[0]}
IPMI_USER=$IPMI_USER
IPMI_PASSWORD=$IPMI_PASSWORD
IPMI_DIR=$DIR
IPMI_WRAPPER_PATH=$DIR/bmc-0/bin
IPMI_PID=$(cat "$DIR/bmc-0/ipmi_sim.pid")
IPMI_COUNT=${#PORTS[@]}
IPMI_PORTS=${PORTS[*]}
IPMI_CONSOLE_PORTS=${CONSOLES[*]}
IPMI_PIDS=${pids% }
IPMI_BMCS_FILE=$DIR/bmcs.tsv
IPMI_SENSORS_FILE=$IPMI_SENSORS_FILE
IPMI_RSS_KB=$rss
IPMI_START_S=$(( (t1 - t0) / 1000000000 )).$(printf '%03d' $(( (t1 - t0) / 1000000 % 1000 )))
ENV
cat "$DIR/service.env"
