#!/usr/bin/env bash
# Installs what the workspace needs to build: pnpm 9 (corepack cannot download it here), the locked
# dependencies, and the TypeScript build. Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^9\.'; then
  echo "==> installing pnpm 9 (npm install -g pnpm@9)"
  npm install -g pnpm@9 >/dev/null
fi
echo "==> pnpm install (frozen lockfile)"
pnpm install --frozen-lockfile --reporter=silent
echo "==> building (tsc -b)"
pnpm -s build
