#!/usr/bin/env bash
# Builds the Node package (release .node through `napi build`), checks that the
# regenerated loader (index.js) and types (index.d.ts) equal the committed ones, and runs
# `node --test`: every conformance case, export parity, JS-specific tests, and the
# example backend's test when present.
# Usage: bash bindings/node/test.sh   (from anywhere; needs node >= 18, npm and cargo)
# Exits non-zero on any failure. Honours CARGO_TARGET_DIR and XDG_CACHE_HOME.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"
root="$(cd ../.. && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/valuepm"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
export npm_config_cache="${npm_config_cache:-$cache/npm}"
step() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }
command -v node >/dev/null || { echo "node (>= 18) and npm are required"; exit 1; }
node --version

step "npm ci (bindings/node, from the committed package-lock.json)"
npm ci --no-audit --no-fund --loglevel=error

step "napi build --platform --release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp index.js index.d.ts "$work/"
npx napi build --platform --release

step "generated index.js / index.d.ts equal the committed ones"
if ! diff -u "$work/index.js" index.js || ! diff -u "$work/index.d.ts" index.d.ts; then
  echo "The regenerated loader or type definitions differ from the committed ones (diff above):"
  echo "rebuild with 'npx napi build --platform --release' in bindings/node and commit index.js and index.d.ts."
  exit 1
fi
git -C "$root" diff --exit-code -- bindings/node/index.js bindings/node/index.d.ts >/dev/null 2>&1 || true

tests=("$here"/__test__/*.test.mjs)
if [ -f "$root/examples/node/package.json" ]; then
  # After the build: the example depends on this package through a `file:` link.
  step "npm ci (examples/node, from its committed package-lock.json)"
  (cd "$root/examples/node" && npm ci --no-audit --no-fund --loglevel=error)
  tests+=("$root"/examples/node/*.test.mjs)
fi

step "node --test (conformance, parity, JS-specific tests, example backend)"
node --test --test-reporter=spec "${tests[@]}"

step "node: all checks passed"
