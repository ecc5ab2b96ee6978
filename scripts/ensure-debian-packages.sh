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
)
[ $# -gt 0 ] && packages=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "==> Debian packages present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "==> apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# Debian's postinst scripts try to start services through invoke-rc.d; there is no init here, and we
# start our own private instances, so forbid service starts during the install.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
fi
apt-get install -y -q "${missing[@]}" >/dev/null
[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
true
