#!/usr/bin/env bash
# Runs the transport and facade suites against the lowest and/or the newest @nats-io/* versions the
# published peer ranges allow (CI: `bash scripts/packaging/test-nats-range.sh lowest newest`).
#
# The range is read from packages/transport-jetstream's peerDependencies; the versions it allows come
# from the registry (`npm view`, one look-up per package). Each bound is applied as a temporary pnpm
# override + install; pnpm-workspace.yaml and pnpm-lock.yaml are restored afterwards (also on failure
# or Ctrl-C), followed by a reinstall from the restored lockfile.
# The three packages are type-checked (tsc) against each bound before the tests run.
# Extra vitest arguments can follow `--`, e.g. `... lowest -- --project transport-nats`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bounds=()
while [[ $# -gt 0 && "$1" != "--" ]]; do bounds+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
[[ ${#bounds[@]} -eq 0 ]] && bounds=(lowest newest)
projects=("$@")
[[ ${#projects[@]} -eq 0 ]] && projects=(--project transport-nats --project transport-jetstream --project messaging)

pkgs=(@nats-io/nats-core @nats-io/jetstream @nats-io/transport-node)
# NATS_RANGE overrides the range, to try a candidate before widening or narrowing the published one.
range="${NATS_RANGE:-$(node -p 'require("./packages/transport-jetstream/package.json").peerDependencies["@nats-io/jetstream"]')}"

# Prints the lowest or newest published version of $1 that satisfies $range (stable releases only).
pick() {
  npm view "$1@$range" version --json 2>/dev/null | node -e '
    const v = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
    const list = (Array.isArray(v) ? v : [v]).filter((x) => !x.includes("-"));
    const key = (s) => s.split(".").map(Number);
    list.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    if (list.length === 0) process.exit(1);
    console.log(process.argv[1] === "lowest" ? list[0] : list[list.length - 1]);
  ' "$2"
}

backup="$(mktemp -d)"
cp pnpm-workspace.yaml pnpm-lock.yaml "$backup/"
restore() {
  cp "$backup/pnpm-workspace.yaml" "$backup/pnpm-lock.yaml" .
  echo "test-nats-range: restored pnpm-workspace.yaml and pnpm-lock.yaml; reinstalling"
  pnpm install --frozen-lockfile --prefer-offline >/dev/null 2>&1 || pnpm install --frozen-lockfile
  rm -rf "$backup"
}
trap restore EXIT

declare -A seen=()
status=0
for bound in "${bounds[@]}"; do
  overrides=""
  label=""
  for p in "${pkgs[@]}"; do
    v="$(pick "$p" "$bound")" || { echo "test-nats-range: no published $p matches $range"; exit 1; }
    overrides+="  \"$p\": \"$v\""$'\n'
    label+="$p@$v "
  done
  if [[ -n "${seen[$label]:-}" ]]; then
    echo "test-nats-range: $bound is the same set as ${seen[$label]} ($label): nothing more to run"
    continue
  fi
  seen[$label]="$bound"
  echo "==== test-nats-range: $bound of $range: $label"
  cp "$backup/pnpm-workspace.yaml" pnpm-workspace.yaml
  printf 'overrides:\n%s' "$overrides" >> pnpm-workspace.yaml
  pnpm install --no-frozen-lockfile --prefer-offline >/dev/null
  for p in "${pkgs[@]}"; do
    echo "  installed $(node -p "require('./packages/transport-jetstream/node_modules/$p/package.json').version" 2>/dev/null || \
      node -p "require('./packages/messaging/node_modules/$p/package.json').version") of $p"
  done
  # The published .d.ts files must compile against this version too (tests run from source, untyped).
  for p in transport-nats transport-jetstream messaging; do
    if ! pnpm exec tsc -p "packages/$p/tsconfig.test.json" --noEmit; then
      echo "test-nats-range: $p does not type-check against $label"
      status=1
    fi
  done
  if ! pnpm test "${projects[@]}"; then
    echo "test-nats-range: FAILED against $label"
    status=1
  fi
done
exit "$status"
