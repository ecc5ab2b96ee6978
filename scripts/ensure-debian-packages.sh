#!/usr/bin/env bash
# Installs the Debian packages the tests run against (real services and upstream Python Ceilometer
# for compatibility tests). Runs apt-get only for what is missing.
#
#   scripts/ensure-debian-packages.sh               the tests' packages (below)
#   scripts/ensure-debian-packages.sh PKG...        only these (benchmarks install their anchors so)
set -euo pipefail
packages=(
  rabbitmq-server            # AMQP broker for the messaging and agent integration tests
  python3-ceilometer         # upstream 19.0: signature and wire-format compatibility tests
  python3-stevedore          # the registry benchmark's anchor
  python3-oslo.config python3-oslo.messaging
  ceilometer-agent-notification  # upstream agent consuming our polling agent's messages
  snmpd snmp                 # real SNMP agents for the hardware inspector tests
  prometheus-pushgateway     # the prometheus:// publisher's integration test
  redis-server redis-tools   # the redis:// coordination driver (start-redis.sh uses redis-cli)
  systemd                    # systemd-analyze verify, systemd-sysusers, systemd-tmpfiles: the shipped units
  debootstrap buildah podman # the agents' container images, built from Debian packages (containers/)
  curl util-linux            # start-*.sh readiness probes; flock serialises the Verdaccio install (registry tests)
  bsdutils                   # logger(1): how use_syslog reaches /dev/log (its test listens with python3)
  etcd-server etcd-client    # etcd 3.4 for the etcd3 coordination driver's tests (etcdctl in the helper's test)
  python3-tooz python3-etcd3 # upstream's tooz etcd3:// driver: the membership interop test
  openipmi ipmitool          # ipmi_sim BMC simulators (start-ipmi-sim.sh) and the ipmitool the IPMI pollsters run
  sudo                       # upstream 19.0 starts its privsep daemon with sudo privsep-helper (IPMI compat test, bench/ipmi)
)
# Installed without their recommends: python3-libvirt alone would otherwise pull in every libvirt
# driver, OVMF, swtpm, gstreamer and mesa (189 packages).
lean_packages=(
  libvirt-clients python3-libvirt       # virsh (our libvirt inspector's transport) and upstream's binding
  libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86  # a private libvirtd with a TCG guest
  linux-image-amd64 busybox-static      # the guest's kernel and initramfs
  ceilometer-polling                    # upstream 19.0 polling agent: compute compatibility and bench
  postgresql keystone uwsgi-core uwsgi-plugin-python3  # Keystone for the OpenStack client tests
  nova-api python3-psycopg2             # Nova's API for the naive instance discovery
  gnocchi-api gnocchi-metricd python3-gnocchi python3-gnocchiclient  # a real Gnocchi for the gnocchi publisher
  glance-api cinder-api neutron-server  # the central pollsters' APIs (start-{glance,cinder,neutron}.sh)
  swift-proxy swift-account swift-container swift-object  # storage.* pollsters (start-swift.sh)
)
if [ $# -gt 0 ]; then packages=("$@"); lean_packages=(); fi
missing=()
lean_missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
for p in "${lean_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || lean_missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ ${#lean_missing[@]} -eq 0 ]; then
  echo "==> Debian packages present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "==> apt-get install ${missing[*]} ${lean_missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# Debian's postinst scripts try to start services through invoke-rc.d; there is no init here, and we
# start our own private instances, so forbid service starts during the install.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
fi
[ ${#missing[@]} -eq 0 ] || apt-get install -y -q "${missing[@]}" >/dev/null
[ ${#lean_missing[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${lean_missing[@]}" >/dev/null
[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
true
