#!/usr/bin/env bash
# Prints the bin directory of a pinned Node.js, fetching it first if it is not cached yet.
#
#   bash scripts/ensure-node.sh          # the line in $NATSFLUX_NODE, else 24
#   bash scripts/ensure-node.sh 22       # a supported line: 24 (active LTS) or 22 (maintenance LTS)
#
# Node comes from the npm registry (package node-<os>-<arch>@<version>, whose tarball holds bin/node),
# fetched with `npm pack`, so it works where only the npm registry is reachable (no nodejs.org).
# Cache: ~/.cache/natsflux/node/<version> (the root scripts/ensure-nats-server.sh uses). The second
# call only checks the cached binary. Progress goes to stderr; stdout is only the bin directory, so
# callers can do PATH="$(bash scripts/ensure-node.sh):$PATH". Exits non-zero if anything fails.
set -euo pipefail

# The pinned versions; bump them here (CI and `npm run setup` read nothing else).
pinned_24="24.22.3"
pinned_22="22.23.5"

log() { echo "ensure-node: $*" >&2; }
die() { log "$*"; exit 1; }

line="${1:-${NATSFLUX_NODE:-24}}"
case "$line" in
  24) version="$pinned_24" ;;
  22) version="$pinned_22" ;;
  *) die "unsupported Node line '$line' (NATSFLUX_NODE or the argument must be 24 or 22)" ;;
esac

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) die "no Node package for $(uname -s); install Node $version yourself and put it first on PATH" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "no Node package for $(uname -m); install Node $version yourself and put it first on PATH" ;;
esac
package="node-$os-$arch@$version"

cache="${NATSFLUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/natsflux}/node/$version"
bin="$cache/bin"

# Healthy means: it runs and says it is the pinned version (catches a truncated or foreign binary).
healthy() { [[ -x "$bin/node" ]] && [[ "$("$bin/node" --version 2>/dev/null)" == "v$version" ]]; }

if ! healthy; then
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $package from the npm registry"
  log "fetching $package from the npm registry into $cache (about 50 MB, once)"
  mkdir -p "$(dirname "$cache")"
  work="$(mktemp -d "$(dirname "$cache")/.fetch-$version.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # npm pack checks the tarball against the registry's integrity hash.
  tarball="$(cd "$work" && npm pack "$package" --loglevel=error)" || die "npm pack $package failed (see above)"
  mkdir "$work/node"
  tar -xzf "$work/$tarball" -C "$work/node" --strip-components=1 || die "unpacking $tarball failed"
  # Unpacked aside and moved into place, so an interrupted run never leaves a half-unpacked cache.
  rm -rf "$cache"
  mv "$work/node" "$cache"
  healthy || die "$bin/node does not run as v$version (got: $("$bin/node" --version 2>&1 || true))"
fi
log "using node $("$bin/node" --version) at $bin/node"
echo "$bin"
