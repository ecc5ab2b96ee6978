#!/usr/bin/env bash
# Command one of the README: installs what it needs (pnpm, dependencies, build) and runs the polling
# agent on the embedded default: this machine's host meters, published in-process to stdout, no broker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh >&2
echo "==> ceilometer-polling --config-file etc/ceilometer/embedded/ceilometer.conf --poll-once --publish" >&2
exec node bin/ceilometer-polling --config-file etc/ceilometer/embedded/ceilometer.conf --poll-once --publish "$@"
