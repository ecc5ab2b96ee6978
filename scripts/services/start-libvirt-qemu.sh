#!/usr/bin/env bash
# A private libvirtd (+ virtlogd) as plain processes and ONE tiny real QEMU
# guest under it, software emulation (TCG, <domain type='qemu'>), so that
# `virsh domstats --raw` returns real cpu.*, vcpu.*, balloon.*, block.* and net.* counters.
#
#   scripts/services/start-libvirt-qemu.sh [DATA_DIR]      (default: mktemp -d)
#   env: GUEST_NAME (ceilo-guest-1)  GUEST_MEM_MB (192)  GUEST_VCPUS (1)
#        GUEST_VIRT (qemu = TCG | kvm; kvm did NOT work on these VMs: /dev/kvm exists, QEMU
#          starts, but the guest printed nothing in 180 s)   GUEST_TAP (ceilotap0)   GUEST_WAIT (180 s)
#        GUEST_IO_PERIOD (5 s: the guest reads 256 KiB + writes 64 KiB on vda and sends one
#          IPv6 link-local multicast ping on eth0 every period)
# Prints KEY=VALUE lines (also written to DATA_DIR/service.env), e.g.
#   LIBVIRT_URI=qemu:///system?socket=DATA_DIR/run/libvirt-sock
# Stop: scripts/services/stop-service.sh DATA_DIR [--rm]   (QEMU first, then libvirtd, then virtlogd)
# Exit status 3: this machine cannot run the guest (no kernel image, no busybox-static, no
# libvirtd, or a privileged libvirtd already runs): callers skip the QEMU tests with the printed
# reason. Any other failure is 1.
#
# Needs root and these Debian packages (install with --no-install-recommends to avoid ~190
# GUI/codec packages): libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
# qemu-system-x86 (qemu-system-data, seabios, ipxe-qemu come as dependencies)
# linux-image-amd64 (only for /boot/vmlinuz-* and its modules; its postinst also builds a
# 35 MB initrd that is NOT used) busybox-static (replaces "busybox"; the guest's userland)
# cpio (comes with initramfs-tools). The guest initramfs built here is ~1.3 MB.
# No image is downloaded: Debian ships no cirros-like guest image.
#
# Network safety: the guest NIC is a tap device libvirt creates in the host namespace with
# no address and no bridge (host ip_forward=0). The guest configures NO IPv4 address and only
# pings ff02::1 (link-local multicast): nothing can be routed off the machine.
set -euo pipefail

GUEST_NAME=${GUEST_NAME:-ceilo-guest-1}
GUEST_MEM_MB=${GUEST_MEM_MB:-192}
GUEST_VCPUS=${GUEST_VCPUS:-1}
GUEST_VIRT=${GUEST_VIRT:-qemu}
GUEST_TAP=${GUEST_TAP:-ceilotap0}
GUEST_WAIT=${GUEST_WAIT:-180}
GUEST_IO_PERIOD=${GUEST_IO_PERIOD:-5}
DIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/libvirt.XXXXXX")}
mkdir -p "$DIR"/{run,log,guest}
DIR=$(cd "$DIR" && pwd)
# QEMU runs as user libvirt-qemu (privileged daemon default) and must reach kernel, initrd,
# disk and the console file: a 0700 mktemp dir -> "Could not open ... Permission denied"
chmod 0755 "$DIR" "$DIR/guest"
URI="qemu:///system?socket=$DIR/run/libvirt-sock"
KERNEL=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)
[ -n "$KERNEL" ] || { echo "no /boot/vmlinuz-*: apt-get install --no-install-recommends linux-image-amd64" >&2; exit 3; }
[ -x /usr/sbin/libvirtd ] && [ -x /usr/bin/qemu-system-x86_64 ] \
  || { echo "no libvirtd or qemu-system-x86_64: apt-get install --no-install-recommends libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86" >&2; exit 3; }
KVER=${KERNEL#/boot/vmlinuz-}
dpkg -s busybox-static > /dev/null 2>&1 \
  || { echo "need a static /bin/busybox: apt-get install busybox-static" >&2; exit 3; }

# privileged libvirtd/virtlogd use fixed paths under /run/libvirt, /var/lib/libvirt,
# /var/log/libvirt, /var/cache/libvirt: only ONE such daemon per machine
if ss -Hxl 2>/dev/null | grep -qE '/run/libvirt/(virtlogd-sock|libvirt-sock)'; then
  echo "a privileged libvirtd/virtlogd already runs (/run/libvirt/*-sock): only one per machine; point tests at its guest with CEILO_TEST_LIBVIRT_URI" >&2; exit 3
fi
t0=$(date +%s.%N)
# The QEMU driver's compiled-in defaults are user AND group "libvirt-qemu". The
# libvirt-daemon-driver-qemu postinst creates the user (primary group kvm) but not the group
# (libvirt-daemon-system would, and pulls systemd-container, polkitd, firewalld|iptables...).
# Without it libvirtd exits at once: "Initialization of QEMU state driver failed: invalid
# argument: Failed to parse group 'libvirt-qemu'". /etc/libvirt/qemu.conf cannot be moved for
# a privileged daemon, so the group is the least intrusive fix.
getent group libvirt-qemu > /dev/null || groupadd --system libvirt-qemu

# ---- 1. guest initramfs: busybox-static + virtio modules + /init (built once per kernel)
INITRD="$DIR/guest/initrd-$KVER.cpio.gz"
if [ ! -s "$INITRD" ]; then
  R=$(mktemp -d); mkdir -p "$R"/{bin,proc,sys,dev,tmp,lib/modules}
  cp /bin/busybox "$R/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$R/bin/$a"; done
  # load order from the kernel's modules.dep (virtio_ring before virtio, failover before
  # net_failover ...): a hand-written order failed with "unknown symbol in module"
  MODS=
  for want in virtio_pci virtio_blk virtio_net virtio_balloon; do
    while read -r _ f _; do
      m=$(basename "$f"); m=${m%%.ko*}
      case " $MODS " in *" $m "*) continue ;; esac
      case $f in *.xz) xz -dc "$f" > "$R/lib/modules/$m.ko" ;; *.zst) zstd -qdc "$f" > "$R/lib/modules/$m.ko" ;; *) cp "$f" "$R/lib/modules/$m.ko" ;; esac
      MODS="$MODS $m"
    done < <(modprobe -S "$KVER" --show-depends "$want" | grep '^insmod ')
  done
  cat > "$R/init" <<INIT
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $MODS; do insmod /lib/modules/\$m.ko; done
ip link set lo up; ip link set eth0 up
echo "CEILO-GUEST-READY uptime=\$(cut -d' ' -f1 /proc/uptime)"
i=0
while :; do
  echo 3 > /proc/sys/vm/drop_caches
  dd if=/dev/vda of=/dev/null bs=4096 count=64 skip=\$(( (i * 64) % 3000 )) 2>/dev/null
  dd if=/dev/zero of=/dev/vda bs=4096 count=16 seek=\$(( 3072 + (i * 16) % 1000 )) conv=fsync 2>/dev/null
  ping -6 -c 1 -W 1 -I eth0 ff02::1 > /dev/null 2>&1
  i=\$((i + 1)); sleep $GUEST_IO_PERIOD
done
INIT
  chmod +x "$R/init"
  (cd "$R" && find . | cpio -o -H newc --quiet | gzip -1 > "$INITRD")
  rm -rf "$R"
fi
[ -s "$DIR/guest/disk.raw" ] || truncate -s 16M "$DIR/guest/disk.raw"
t_img=$(date +%s.%N)

# ---- 2. virtlogd + libvirtd, foreground under setsid (PIDs known), private sockets/logs
cat > "$DIR/libvirtd.conf" <<CONF
unix_sock_dir = "$DIR/run"
unix_sock_group = "root"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "3:file:$DIR/log/libvirtd.log"
CONF
cat > "$DIR/virtlogd.conf" <<CONF
log_outputs = "3:file:$DIR/log/virtlogd.log"
CONF
: > "$DIR/stop.list"
# virtlogd's socket is fixed (/run/libvirt/virtlogd-sock) in privileged mode; QEMU's stdout/
# stderr go through it (qemu.conf stdio_handler = "logd", the default). Without it:
# "Failed to connect socket to '/run/libvirt/virtlogd-sock'" at domain start.
setsid /usr/sbin/virtlogd -f "$DIR/virtlogd.conf" -p "$DIR/run/virtlogd.pid" \
  > "$DIR/log/virtlogd.stdout" 2>&1 < /dev/null &
echo $! > "$DIR/virtlogd.pid"; echo "$DIR/virtlogd.pid TERM" >> "$DIR/stop.list"
setsid /usr/sbin/libvirtd -f "$DIR/libvirtd.conf" -p "$DIR/run/libvirtd.pid" \
  > "$DIR/log/libvirtd.stdout" 2>&1 < /dev/null &
echo $! > "$DIR/libvirtd.pid"; echo "$DIR/libvirtd.pid TERM" >> "$DIR/stop.list"
deadline=$(( $(date +%s) + 60 ))
until virsh -q -c "$URI" version > /dev/null 2>&1; do
  kill -0 "$(cat "$DIR/libvirtd.pid")" 2>/dev/null || { tail -n 20 "$DIR/log/libvirtd.stdout" "$DIR/log/libvirtd.log" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "libvirtd not answering after 60 s" >&2; exit 1; }
  sleep 0.1
done
t_daemon=$(date +%s.%N)

# ---- 3. the guest (transient: gone when destroyed or when libvirtd's state dir is wiped)
UUID=$(cat /proc/sys/kernel/random/uuid)
cat > "$DIR/guest/domain.xml" <<XML
<domain type='$GUEST_VIRT'>
  <name>$GUEST_NAME</name>
  <uuid>$UUID</uuid>
  <metadata>
    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">
      <nova:package version="27.1.0"/>
      <nova:name>qemu-guest-1</nova:name>
      <nova:creationTime>2024-05-01 10:00:00</nova:creationTime>
      <nova:flavor name="m1.nano"><nova:memory>$GUEST_MEM_MB</nova:memory><nova:disk>1</nova:disk><nova:swap>0</nova:swap><nova:ephemeral>0</nova:ephemeral><nova:vcpus>$GUEST_VCPUS</nova:vcpus></nova:flavor>
      <nova:owner><nova:user uuid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1">alice</nova:user><nova:project uuid="bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1">demo</nova:project></nova:owner>
      <nova:root type="image" uuid="cccccccc-cccc-4ccc-8ccc-cccccccccc01"/>
    </nova:instance>
  </metadata>
  <memory unit='MiB'>$GUEST_MEM_MB</memory>
  <vcpu>$GUEST_VCPUS</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$KERNEL</kernel>
    <initrd>$INITRD</initrd>
    <cmdline>console=ttyS0 quiet loglevel=3 panic=-1</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$DIR/guest/disk.raw'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='ethernet'>
      <mac address='fa:16:3e:99:00:01'/>
      <target dev='$GUEST_TAP'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'><source path='$DIR/guest/console.log'/><target port='0'/></serial>
    <console type='file'><source path='$DIR/guest/console.log'/><target type='serial' port='0'/></console>
    <memballoon model='virtio'><stats period='5'/></memballoon>
    <video><model type='none'/></video>
  </devices>
</domain>
XML
rm -f "$DIR/guest/console.log"      # a READY line left from a previous run must not count
virsh -q -c "$URI" create "$DIR/guest/domain.xml" > "$DIR/log/create.out" 2>&1 \
  || { cat "$DIR/log/create.out" >&2; tail -n 20 "$DIR/log/libvirtd.log" >&2; exit 1; }
t_created=$(date +%s.%N)
# libvirtd does NOT stop running guests when it exits: QEMU would outlive it. Stop QEMU
# first (SIGTERM = clean QEMU exit; libvirtd then removes the tap), then libvirtd, virtlogd.
# (`virsh -c $URI destroy NAME` does the same while libvirtd runs.)
QPID=$(cat "/run/libvirt/qemu/$GUEST_NAME.pid" 2>/dev/null || true)
echo "$QPID" > "$DIR/qemu.pid"; echo "$DIR/qemu.pid TERM" >> "$DIR/stop.list"
deadline=$(( $(date +%s) + GUEST_WAIT ))
until grep -q CEILO-GUEST-READY "$DIR/guest/console.log" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "guest not ready after ${GUEST_WAIT}s; console:" >&2; tail -n 20 "$DIR/guest/console.log" >&2; exit 1; }
  sleep 0.2
done
t_ready=$(date +%s.%N)

{
  echo "LIBVIRT_DIR=$DIR"
  echo "LIBVIRT_URI=$URI"
  echo "LIBVIRTD_PIDFILE=$DIR/libvirtd.pid"
  echo "LIBVIRTD_PID=$(cat "$DIR/libvirtd.pid")"
  echo "VIRTLOGD_PID=$(cat "$DIR/virtlogd.pid")"
  echo "GUEST_NAME=$GUEST_NAME"
  echo "GUEST_UUID=$UUID"
  echo "GUEST_QEMU_PID=$QPID"
  echo "GUEST_VIRT=$GUEST_VIRT"
  printf 'LIBVIRT_SECONDS_IMAGE=%.2f\n' "$(echo "$t_img - $t0" | bc)"
  printf 'LIBVIRT_SECONDS_DAEMON=%.2f\n' "$(echo "$t_daemon - $t_img" | bc)"
  printf 'LIBVIRT_SECONDS_CREATE=%.2f\n' "$(echo "$t_created - $t_daemon" | bc)"
  printf 'LIBVIRT_SECONDS_GUEST_BOOT=%.2f\n' "$(echo "$t_ready - $t_created" | bc)"
  printf 'LIBVIRT_SECONDS_TOTAL=%.2f\n' "$(echo "$t_ready - $t0" | bc)"
  echo "GUEST_CONSOLE_READY_LINE=$(grep -m1 CEILO-GUEST-READY "$DIR/guest/console.log" | tr -d '\r')"
} | tee "$DIR/service.env"
