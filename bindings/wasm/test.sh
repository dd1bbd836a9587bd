#!/usr/bin/env bash
# Builds the WASM package (build.sh: release .wasm, pkg-node and pkg-web), runs the Node
# tests against pkg-node (every conformance case, export parity, errors and panics), then
# browser-test.sh: every conformance case in headless Chromium against pkg-web, and the
# dashboard (examples/web) test. Installs Chromium (apt) and playwright-core (npm) if
# missing.
# Usage: bash bindings/wasm/test.sh   (from anywhere; needs node >= 18 and cargo)
# Exits non-zero on any failure. Honours CARGO_TARGET_DIR and XDG_CACHE_HOME.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "node (>= 18) is required"; exit 1; }
node --version

bash ./build.sh

printf '\n==> %s\n' "node --test (conformance against pkg-node, errors, panics)"
node --test --test-reporter=spec __test__/*.test.mjs

bash ./browser-test.sh

printf '\n==> %s\n' "wasm: all checks passed"
