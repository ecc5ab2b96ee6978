#!/usr/bin/env bash
# Builds the agents' images (containers/Containerfile, targets polling and agent-notification) on a
# machine with no access to a container registry, from Debian packages only:
#   1. base image: `debootstrap --variant=minbase bookworm` from the Debian mirror, imported with
#      podman (the rootfs tarball is cached: about 30 s cold, 2 s warm);
#   2. Node.js image: this machine's Node.js >= 20 binary and npm copied onto the base, laid out as
#      the official node image lays them out (/usr/local/bin/node, /usr/local/lib/node_modules/npm);
#   3. the two agent images, `buildah bud --isolation chroot` with those two as BASE_IMAGE and
#      NODE_IMAGE, installing ceilometer-ts from REGISTRY_URL (the host's network: a registry on
#      127.0.0.1 is reachable).
# Root only (debootstrap; buildah's chroot isolation). Nothing is pulled from any registry.
#
#   scripts/containers/build-images.sh REGISTRY_URL [TAG]
#
# Environment: CEILOMETER_TS_VERSION (latest)  IMAGE_PREFIX (localhost/ceilometer-ts)
#              NPM_USERCONFIG: an npmrc with the registry's token, passed as the build secret npmrc
#                (it never lands in a layer)
#              DEBIAN_MIRROR (http://deb.debian.org/debian)
#              CEILO_IMAGE_CACHE_DIR ($HOME/.cache/ceilometer-ts/images): the rootfs tarball
# Prints KEY=VALUE lines: IMAGE_POLLING, IMAGE_AGENT_NOTIFICATION, BASE_IMAGE, NODE_IMAGE and the
# seconds each step took.
set -euo pipefail
cd "$(dirname "$0")/../.."

registry=${1:?usage: build-images.sh REGISTRY_URL [TAG]}
tag=${2:-latest}
version=${CEILOMETER_TS_VERSION:-latest}
prefix=${IMAGE_PREFIX:-localhost/ceilometer-ts}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${CEILO_IMAGE_CACHE_DIR:-$HOME/.cache/ceilometer-ts/images}

for tool in debootstrap buildah podman node npm; do
  command -v "$tool" >/dev/null || { echo "build-images.sh: $tool not found (Debian packages debootstrap, buildah, podman)" >&2; exit 3; }
done
[ "$(id -u)" = 0 ] || { echo "build-images.sh: run as root (debootstrap, buildah --isolation chroot)" >&2; exit 3; }

image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }
work=$(mktemp -d /tmp/ceilometer-ts-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. Debian bookworm, minbase, from the mirror
start=$SECONDS
base="$prefix/debian:bookworm"
tarball="$cache/debian-bookworm-minbase.tar"
mkdir -p "$cache"
if ! image_exists "$base"; then
  (
    flock 9
    if [ ! -s "$tarball" ]; then
      echo "==> debootstrap --variant=minbase bookworm ($mirror)" >&2
      debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
        || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
      rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
      tar -C "$work/rootfs" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
      rm -rf "$work/rootfs"
    fi
  ) 9> "$cache/debootstrap.lock"
  podman import "$tarball" "$base" >/dev/null 2>&1
fi
base_seconds=$((SECONDS - start))

# 2. Node.js (this machine's, >= 20) and npm on the base
start=$SECONDS
node_bin=$(readlink -f "$(command -v node)")
node_version=$(node -p process.versions.node)
[ "${node_version%%.*}" -ge 20 ] || { echo "build-images.sh: Node.js >= 20 needed, found $node_version" >&2; exit 3; }
node_image="$prefix/node:$node_version-bookworm"
if ! image_exists "$node_image"; then
  mkdir -p "$work/node/usr/local/bin" "$work/node/usr/local/lib/node_modules"
  cp "$node_bin" "$work/node/usr/local/bin/node"
  cp -a "$(npm root -g)/npm" "$work/node/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/node/usr/local/bin/npm"
  printf 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY usr /usr\nRUN ["/usr/local/bin/node", "--version"]\n' > "$work/node/Containerfile"
  buildah bud --quiet --isolation chroot --pull=never --build-arg BASE_IMAGE="$base" \
    -t "$node_image" -f "$work/node/Containerfile" "$work/node" >/dev/null
fi
node_seconds=$((SECONDS - start))

# 3. the agents, ceilometer-ts from the registry
start=$SECONDS
for target in polling agent-notification; do
  echo "==> $prefix/$target:$tag (ceilometer-ts@$version from $registry)" >&2
  buildah bud --quiet --isolation chroot --network host --pull=never --format docker \
    --build-arg BASE_IMAGE="$base" --build-arg NODE_IMAGE="$node_image" \
    --build-arg REGISTRY="$registry" --build-arg CEILOMETER_TS_VERSION="$version" \
    ${NPM_USERCONFIG:+--secret "id=npmrc,src=$NPM_USERCONFIG"} \
    --target "$target" -t "$prefix/$target:$tag" -f containers/Containerfile containers >/dev/null
done
build_seconds=$((SECONDS - start))

echo "BASE_IMAGE=$base"
echo "NODE_IMAGE=$node_image"
echo "IMAGE_POLLING=$prefix/polling:$tag"
echo "IMAGE_AGENT_NOTIFICATION=$prefix/agent-notification:$tag"
echo "BASE_SECONDS=$base_seconds"
echo "NODE_SECONDS=$node_seconds"
echo "BUILD_SECONDS=$build_seconds"
