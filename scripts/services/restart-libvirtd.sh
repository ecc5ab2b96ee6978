#!/usr/bin/env bash
# Restarts the libvirtd of a start-libvirt-qemu.sh data dir in place (same config, sockets and
# pidfile), leaving QEMU and virtlogd running: libvirtd reattaches to the running guest. For outage
# measurements (a polling loop across a libvirtd restart).
#
#   scripts/services/restart-libvirtd.sh DATA_DIR [DOWN_SECONDS]   (DOWN_SECONDS: 0; kept down that long)
# Prints LIBVIRTD_PID=... and LIBVIRT_SECONDS_RESTART=... (from the kill to the first answer).
set -euo pipefail
DIR=$(cd "${1:?usage: restart-libvirtd.sh DATA_DIR [DOWN_SECONDS]}" && pwd)
DOWN=${2:-0}
URI="qemu:///system?socket=$DIR/run/libvirt-sock"
pid=$(head -n1 "$DIR/libvirtd.pid" | tr -dc '0-9')
t0=$(date +%s.%N)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
fi
sleep "$DOWN"
setsid /usr/sbin/libvirtd -f "$DIR/libvirtd.conf" -p "$DIR/run/libvirtd.pid" \
  >> "$DIR/log/libvirtd.stdout" 2>&1 < /dev/null &
echo $! > "$DIR/libvirtd.pid"
deadline=$(( $(date +%s) + 60 ))
until virsh -q -c "$URI" version > /dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "libvirtd not answering after 60 s" >&2; exit 1; }
  sleep 0.1
done
echo "LIBVIRTD_PID=$(cat "$DIR/libvirtd.pid")"
printf 'LIBVIRT_SECONDS_RESTART=%.2f\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
