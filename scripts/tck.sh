#!/usr/bin/env bash
# `pnpm tck`: runs the gomessaging conformance kit (TCK) against the natsflux adapter on a dedicated,
# throwaway nats-server, and exits non-zero unless every NATS scenario passes.
#
#   1. builds the official runner (module github.com/sparetimecoders/messaging/tck) from the Go module
#      proxy in a temp dir outside the repo, cached under ~/.cache/natsflux/tck-runner/<version>;
#   2. builds packages/tck-adapter (tsc -b, which builds the packages it references);
#   3. starts nats-server -js on a random loopback port with its own temp store dir (the runner deletes
#      every stream on the server it is given, so never point it at a shared server);
#   4. runs every scenario of packages/gomessaging/test/fixtures/tck.json (AMQP-only ones count as skipped/pass).
#
# Environment:
#   NATS_SERVER_BIN      nats-server binary (default: the output of scripts/ensure-nats-server.sh)
#   TCK_RUNNER_VERSION   runner module version (default v0.0.1)
#   TCK_FIXTURES         fixture file (default packages/gomessaging/test/fixtures/tck.json)
#   TCK_ADAPTER_LOG_LEVEL adapter's log level (shown with -v)
# Extra arguments go to the runner, e.g. `pnpm tck -v` or `pnpm tck -scenario "fan-out"`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runner_version="${TCK_RUNNER_VERSION:-v0.0.1}"
runner_module="github.com/sparetimecoders/messaging/tck"
cache="${NATSFLUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/natsflux}/tck-runner/$runner_version"
runner="$cache/tck-runner"
fixtures="${TCK_FIXTURES:-$root/packages/gomessaging/test/fixtures/tck.json}"
adapter="$root/packages/tck-adapter/bin/tck-adapter"

log() { echo "tck: $*" >&2; }
die() { log "$*"; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/natsflux-tck.XXXXXX")"
server_pid=""
cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. the runner --------------------------------------------------------------------------------
if [[ ! -x "$runner" ]]; then
  command -v go >/dev/null 2>&1 || die "Go (>= 1.24) is needed to build the TCK runner; install it or put a built runner at $runner"
  log "building $runner_module/cmd/tck-runner@$runner_version (cached afterwards in $cache)"
  mod="$work/runner-module"
  mkdir -p "$mod" "$cache"
  # The tck module's own go.mod has a replace directive, so `go install …@version` refuses it;
  # requiring it from a throwaway module works (replace directives of dependencies are ignored).
  cat >"$mod/go.mod" <<GOMOD
module tckrunner

go 1.24.0

require $runner_module $runner_version

tool $runner_module/cmd/tck-runner
GOMOD
  (
    cd "$mod"
    export GOWORK=off GOFLAGS=-mod=mod
    go mod tidy >&2
    go build -o "$mod/tck-runner" "$runner_module/cmd/tck-runner" >&2
  ) || die "building the runner failed (see above)"
  mv "$mod/tck-runner" "$runner.tmp.$$" && mv "$runner.tmp.$$" "$runner"
fi
log "runner: $runner"

# --- 2. the adapter -------------------------------------------------------------------------------
[[ -f "$fixtures" ]] || die "fixtures not found: $fixtures"
log "building packages/tck-adapter"
(cd "$root" && node_modules/.bin/tsc -b packages/tck-adapter) || die "building the adapter failed"

# --- 3. a dedicated nats-server -------------------------------------------------------------------
server_bin="${NATS_SERVER_BIN:-}"
if [[ -z "$server_bin" ]]; then
  server_bin="$(bash "$root/scripts/ensure-nats-server.sh")"
fi
[[ -x "$server_bin" ]] || die "NATS_SERVER_BIN=$server_bin is not an executable"
server_version="$("$server_bin" --version 2>&1 | head -n1)"

server_log="$work/nats-server.log"
start_server() {
  # -p -1: the server picks a free port itself (no race); it logs the port it listens on.
  "$server_bin" -a 127.0.0.1 -p -1 -js -sd "$work/store" -n "natsflux-tck-$$" -l "$server_log" &
  server_pid=$!
  local port=""
  for _ in $(seq 1 200); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2 2>/dev/null; die "nats-server exited at start"; }
    if grep -q "Server is ready" "$server_log" 2>/dev/null; then
      port="$(sed -n 's/.*Listening for client connections on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$server_log" | head -n1)"
      break
    fi
    sleep 0.1
  done
  [[ -n "$port" ]] || { cat "$server_log" >&2 2>/dev/null; die "nats-server did not become ready within 20 s"; }
  # Never run the TCK against the shared default port: it deletes every stream on the server.
  [[ "$port" != "4222" ]] || die "nats-server picked port 4222; refusing to run the TCK there"
  nats_url="nats://127.0.0.1:$port"
}
start_server
log "server: $server_version at $nats_url (pid $server_pid, store $work/store)"

# --- 4. run ---------------------------------------------------------------------------------------
log "running $(basename "$fixtures") against $adapter"
set +e
# The runner reports on stderr: show it and keep a copy for the summary (its stdout, e.g. a
# `-report-json -`, stays on stdout).
{ NATS_URL="$nats_url" "$runner" -adapter "$adapter" -fixtures "$fixtures" "$@" 2>&1 >&3 3>&- | tee "$work/runner.log" >&2; } 3>&1
status=${PIPESTATUS[0]}
set -e
summary="$(grep -E '^(PASS|FAIL) \([0-9]+/[0-9]+ scenarios\)' "$work/runner.log" | tail -n1 || true)"
log "${summary:-no summary line (runner exit $status)} on $server_version"
exit "$status"
