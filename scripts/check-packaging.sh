#!/usr/bin/env bash
# Packaging check: what a user of the published packages gets, tried from outside the workspace.
#
#  1. builds the public packages, bundles each entry point's JavaScript into one module (bundle-dist.mjs),
#     and packs them (pnpm pack: workspace:^ becomes a real range)
#  2. inspects the tarballs (no build info, tests or fixtures; source maps resolve; no exact pins), then
#     publint and @arethetypeswrong/cli (--profile esm-only) on each
#  3. in a temp dir outside the workspace (.npmrc engine-strict=true), npm-installs the raw nats.js client
#     and, separately, the facade as a user would (tarballs; npm adds the required peers); fails on any
#     ERESOLVE/EBADENGINE in the logs; measures install size and cold import (budgets: FACADE_MAX_MB,
#     default 8; MAX_IMPORT_RATIO, default 1.5)
#  4. adds every other tarball and the optional peers, type-checks a small strict service under
#     `module: nodenext` and `moduleResolution: bundler`, and type resolution of every entry point under
#     `node10`; runs the service against a nats-server it starts itself (random loopback port, own store)
#  5. compiles the README's quick starts verbatim (strict, nodenext) and runs each against that server: exit 0
# Exits non-zero on the first failure. KEEP_TMP=1 keeps the temp dir for inspection.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/packaging"
cd "$root"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/natsflux-packaging.XXXXXX")"
server_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_TMP:-}" == "1" ]]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
  if [[ $rc -ne 0 ]]; then echo "check-packaging: FAILED (exit $rc)"; fi
}
trap cleanup EXIT

started=$SECONDS
summary=()
step() { printf '\n==== [%3ss] %s\n' "$((SECONDS - started))" "$*"; }
done_() { summary+=("$*"); echo "  -> $*"; }
fail() { echo "check-packaging: $*" >&2; exit 1; }

step "toolchain"
echo "node $(node --version), npm $(npm --version), pnpm $(pnpm --version); temp dir $tmp"

declare -A tarball=()
names=()
filters=()
dirs=()
while read -r dir name version; do
  dirs+=("$dir")
  names+=("$name")
  filters+=("--filter=$name")
  tarball[$name]="$tmp/tarballs/$(echo "${name#@}" | tr / -)-$version.tgz"
done < <(node "$here/public-packages.mjs")

step "build the ${#names[@]} public packages (turbo)"
# From clean dist/ folders: a file left by a source since deleted would otherwise ship.
for dir in "${dirs[@]}"; do rm -rf "$dir/dist"; done
pnpm -s exec turbo run build --force --output-logs=errors-only "${filters[@]}"
node "$here/bundle-dist.mjs"
done_ "built ${#names[@]} public packages; one ES module per entry point (esbuild), declarations from tsc"

step "pack every public package"
mkdir -p "$tmp/tarballs" "$tmp/unpacked"
pnpm -r "${filters[@]}" pack --pack-destination "$tmp/tarballs" >"$tmp/pack.log" 2>&1 || { cat "$tmp/pack.log"; fail "pnpm pack failed"; }
for name in "${names[@]}"; do
  [[ -f "${tarball[$name]}" ]] || { cat "$tmp/pack.log"; fail "pnpm pack did not produce ${tarball[$name]}"; }
  mkdir -p "$tmp/unpacked/${name#@natsflux/}"
  tar -xzf "${tarball[$name]}" -C "$tmp/unpacked/${name#@natsflux/}"
done
ls -l "$tmp/tarballs" | awk 'NR>1 {printf "  %7.1f KB  %s\n", $5/1024, $9}'
done_ "packed ${#names[@]} public packages"

step "tarball contents"
node "$here/inspect-tarballs.mjs" "$tmp"/unpacked/*
done_ "tarball contents ok"

step "publint and arethetypeswrong (esm-only) on every tarball"
lint_one() { # <name>: both linters on one tarball; output in $tmp/lint-<dir>.log
  local log="$tmp/lint-${1#@natsflux/}.log"
  { "$root/node_modules/.bin/publint" run "${tarball[$1]}" --strict &&
    "$root/node_modules/.bin/attw" "${tarball[$1]}" --profile esm-only --format ascii --no-summary; } >"$log" 2>&1
  echo $? >"$log.rc"
}
# Two at a time: attw loads TypeScript for every tarball, which dominates this step.
pids=()
for name in "${names[@]}"; do
  lint_one "$name" &
  pids+=($!)
  if ((${#pids[@]} >= 2)); then wait "${pids[0]}" || true; pids=("${pids[@]:1}"); fi
done
wait || true
for name in "${names[@]}"; do
  log="$tmp/lint-${name#@natsflux/}.log"
  if [[ "$(cat "$log.rc" 2>/dev/null)" != "0" ]] || grep -qE "^(Errors|Warnings|Suggestions)" "$log"; then
    cat "$log"
    fail "publint or arethetypeswrong found problems in $name"
  fi
  echo "  ok   $name"
done
done_ "publint --strict and attw --profile esm-only clean on ${#names[@]} tarballs"

npm_install() { # <app-dir> <log-name> <spec>...: npm install, failing on ERESOLVE/EBADENGINE in the log
  local app="$1" log="$tmp/$2.log"
  shift 2
  if ! (cd "$app" && npm install --no-audit --no-fund --loglevel=warn "$@") >"$log" 2>&1; then
    cat "$log"
    fail "npm install failed in $app"
  fi
  if grep -E "ERESOLVE|EBADENGINE" "$log"; then fail "npm reported a peer/engine problem (log above: $log)"; fi
  grep -i "warn" "$log" | sed 's/^/  npm: /' || true
}

new_app() { # <dir>
  mkdir -p "$1"
  printf '{ "name": "%s", "private": true, "type": "module" }\n' "$(basename "$1")" >"$1/package.json"
  printf 'engine-strict=true\nfund=false\naudit=false\nupdate-notifier=false\n' >"$1/.npmrc"
}

nats_range="$(node -p 'require("./packages/messaging/package.json").peerDependencies["@nats-io/jetstream"]')"

step "scratch apps: raw client, and the facade as a user installs it"
new_app "$tmp/raw"
npm_install "$tmp/raw" npm-raw "@nats-io/transport-node@$nats_range" "@nats-io/jetstream@$nats_range"
facade_closure=(@natsflux/messaging @natsflux/core @natsflux/codec-json @natsflux/otel @natsflux/gomessaging
  @natsflux/transport-nats @natsflux/transport-jetstream)
new_app "$tmp/app"
specs=()
for n in "${facade_closure[@]}"; do specs+=("${tarball[$n]}"); done
npm_install "$tmp/app" npm-facade "${specs[@]}"
for peer in @nats-io/transport-node @nats-io/jetstream @nats-io/nats-core @opentelemetry/api; do
  [[ -f "$tmp/app/node_modules/$peer/package.json" ]] || fail "npm did not install the required peer $peer"
done
for optional in prom-client @bufbuild/protobuf @opentelemetry/semantic-conventions; do
  [[ ! -e "$tmp/app/node_modules/$optional" ]] || fail "$optional was installed with the facade but should be optional"
done
(cd "$tmp/app" && npm ls --all 2>/dev/null | sed 's/^/  /' | grep -v "^  $" | head -40)
done_ "facade installed with npm (engine-strict), required peers added, no ERESOLVE/EBADENGINE"

step "install size and cold import"
node "$here/measure.mjs" size "$tmp/raw" "raw client" | tee "$tmp/size-raw.txt" | grep -v '^SIZE'
node "$here/measure.mjs" size "$tmp/app" "facade + required peers" | tee "$tmp/size-facade.txt" | grep -v '^SIZE'
facade_bytes="$(awk '/^SIZE/ {print $NF}' "$tmp/size-facade.txt")"
raw_bytes="$(awk '/^SIZE/ {print $NF}' "$tmp/size-raw.txt")"
max_mb="${FACADE_MAX_MB:-8}"
(( facade_bytes <= max_mb * 1000000 )) || fail "facade install is $facade_bytes bytes, over the ${max_mb} MB budget"
# Over budget fails the check, but only at the end, so the type checks and the run still report.
import_over=""
node "$here/measure.mjs" import "$tmp/raw" "$tmp/app" "${IMPORT_RUNS:-9}" "${MAX_IMPORT_RATIO:-1.5}" | tee "$tmp/import.txt" | grep -v '^IMPORT' ||
  import_over="cold import of the facade is over ${MAX_IMPORT_RATIO:-1.5}x the raw client's"
read -r _ raw_ms facade_ms ratio raw_wall facade_wall wall_ratio < <(grep '^IMPORT' "$tmp/import.txt")
[[ -z "$import_over" ]] || echo "  !! $import_over (failing at the end)"
done_ "install: facade $(awk "BEGIN {printf \"%.2f\", $facade_bytes/1e6}") MB vs raw $(awk "BEGIN {printf \"%.2f\", $raw_bytes/1e6}") MB (budget ${max_mb} MB); cold import (CPU): facade ${facade_ms} ms vs raw ${raw_ms} ms = ${ratio}x (wall: ${facade_wall} vs ${raw_wall} ms = ${wall_ratio}x)${import_over:+ OVER THE ${MAX_IMPORT_RATIO:-1.5}x BUDGET}"

step "every other tarball, optional peers and TypeScript"
specs=()
for n in "${names[@]}"; do
  [[ " ${facade_closure[*]} " == *" $n "* ]] || specs+=("${tarball[$n]}")
done
ts_version="$(node -p 'require("./package.json").devDependencies.typescript')"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
npm_install "$tmp/app" npm-all "${specs[@]}" prom-client @bufbuild/protobuf @standard-schema/spec \
  "typescript@$ts_version" "@types/node@^$node_major"
cp "$here/app/"*.ts "$here/app/"tsconfig.*.json "$tmp/app/"
done_ "installed ${#specs[@]} more tarballs + prom-client, @bufbuild/protobuf, typescript@$ts_version, @types/node@^$node_major"

step "type-check the service (strict) under module nodenext, moduleResolution bundler; node10 resolution"
for cfg in nodenext bundler node10; do
  (cd "$tmp/app" && ./node_modules/.bin/tsc -p "tsconfig.$cfg.json") || fail "tsc failed with tsconfig.$cfg.json"
  echo "  ok   tsconfig.$cfg.json"
done
done_ "service type-checks under nodenext and bundler; every entry point's types resolve under node10"

step "run the service against a real nats-server"
bin="$(bash "$root/scripts/ensure-nats-server.sh")"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
mkdir -p "$tmp/store"
"$bin" -a 127.0.0.1 -p "$port" -js -sd "$tmp/store" >"$tmp/nats-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/nats-server.log"; fail "nats-server exited"; }
  sleep 0.1 # no state to poll but the port itself
done
echo "  $("$bin" --version) on 127.0.0.1:$port (pid $server_pid)"
(cd "$tmp/app" && NATS_URL="nats://127.0.0.1:$port" timeout 60 node out/service.js) | sed 's/^/  /'
[[ ${PIPESTATUS[0]} -eq 0 ]] || fail "the service failed against nats-server"
done_ "service ran against $("$bin" --version) (compiled with module nodenext)"

step "the README's quick starts, verbatim, against the same server"
mapfile -t quickstarts < <(node "$here/readme-quickstarts.mjs" "$root/README.md" "$tmp/app")
(cd "$tmp/app" && ./node_modules/.bin/tsc -p tsconfig.quickstarts.json) || fail "the README's quick starts do not compile"
for file in "${quickstarts[@]}"; do
  (cd "$tmp/app" && NATS_URL="nats://127.0.0.1:$port" timeout 60 node "out-quickstarts/${file%.ts}.js") | sed 's/^/  /'
  [[ ${PIPESTATUS[0]} -eq 0 ]] || fail "README quick start $file did not exit 0 within 60 s"
  echo "  ok   $file exited 0"
done
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
server_pid=""
done_ "the README's ${#quickstarts[@]} quick starts compiled (strict, nodenext) and exited 0 against the server"

step "summary ($((SECONDS - started)) s)"
for line in "${summary[@]}"; do echo "  ok  $line"; done
[[ -z "$import_over" ]] || fail "$import_over"
