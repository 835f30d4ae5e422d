#!/usr/bin/env bash
# Prints the path of a nats-server binary the test suites can use, building it first if needed.
#
# Order: $NATS_SERVER_BIN if set; else the pinned release built with `go install` into .cache/ (when Go
# is available); else Debian's `nats-server` (installed with apt when we are root and it is missing).
# Progress goes to stderr; stdout is only the binary path, so callers can do BIN=$(ensure-nats-server.sh).
set -euo pipefail

NATS_SERVER_VERSION="${NATS_SERVER_VERSION:-v2.15.2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${NATSFLUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/natsflux}/nats-server/$NATS_SERVER_VERSION"

log() { echo "ensure-nats-server: $*" >&2; }

if [[ -n "${NATS_SERVER_BIN:-}" ]]; then
  [[ -x "$NATS_SERVER_BIN" ]] || { log "NATS_SERVER_BIN=$NATS_SERVER_BIN is not an executable"; exit 1; }
  log "using NATS_SERVER_BIN: $("$NATS_SERVER_BIN" --version)"
  echo "$NATS_SERVER_BIN"; exit 0
fi

if [[ "${1:-}" != "--apt" ]] && command -v go >/dev/null 2>&1; then
  bin="$cache/bin/nats-server"
  if [[ ! -x "$bin" ]]; then
    log "building nats-server $NATS_SERVER_VERSION with go install (first run takes a minute or two)"
    mkdir -p "$cache/bin"
    GOBIN="$cache/bin" GOFLAGS=-mod=mod go install "github.com/nats-io/nats-server/v2@$NATS_SERVER_VERSION" >&2
  fi
  log "using $("$bin" --version) at $bin"
  echo "$bin"; exit 0
fi

if ! command -v nats-server >/dev/null 2>&1 && [[ ! -x /usr/sbin/nats-server ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's nats-server with apt-get"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >&2
  else
    log "no nats-server found. Install Go (the script then builds $NATS_SERVER_VERSION), or 'apt-get install nats-server', or set NATS_SERVER_BIN."
    exit 1
  fi
fi
bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
log "using $("$bin" --version) at $bin"
echo "$bin"
