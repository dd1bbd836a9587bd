#!/usr/bin/env bash
# Builds the dashboard: the WASM package (bindings/wasm/build.sh, pkg-web), Chart.js from
# npm (package-lock.json), both copied into this folder (pkg/, vendor/; not committed).
# Then any static server on this folder serves a page that works offline, e.g.
#   node bindings/wasm/browser/serve.mjs examples/web 8080   → http://127.0.0.1:8080/
#   python3 -m http.server --bind 127.0.0.1 --directory examples/web 8080
# Usage: bash examples/web/build.sh [--no-wasm-build]   (from anywhere; needs cargo, node
# and npm; --no-wasm-build reuses bindings/wasm/pkg-web as it is)
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" != "--no-wasm-build" ]; then
  bash ../../bindings/wasm/build.sh
fi
[ -f ../../bindings/wasm/pkg-web/valuepm_wasm.js ] || { echo "bindings/wasm/pkg-web is missing: run bash bindings/wasm/build.sh"; exit 1; }
if [ ! -f node_modules/chart.js/dist/chart.umd.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
rm -rf pkg vendor
mkdir -p pkg vendor
cp -R ../../bindings/wasm/pkg-web/. pkg/
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md vendor/
printf '\n==> %s\n' "dashboard built in $(pwd); serve it with: node bindings/wasm/browser/serve.mjs examples/web 8080"
