#!/usr/bin/env bash
# Runs the WASM package in real headless Chromium: every conformance case
# (browser/conformance.browser.test.mjs) and the dashboard test (examples/web).
# Installs what is missing: Debian's chromium (apt) and this folder's npm tools
# (playwright-core, which downloads no browser). Expects pkg-web built (build.sh).
# Usage: bash bindings/wasm/browser-test.sh   (test.sh calls it after the Node runner)
set -euo pipefail
cd "$(dirname "$0")"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  printf '\n==> %s\n' "apt-get install chromium (about 1 min)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q && $sudo apt-get install -y -q chromium
fi
"$chromium" --version
[ -f pkg-web/valuepm_wasm.js ] || { echo "pkg-web is missing: run bash bindings/wasm/build.sh"; exit 1; }
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

printf '\n==> %s\n' "node --test browser/*.test.mjs (conformance in headless Chromium)"
node --test --test-reporter=spec browser/*.test.mjs

printf '\n==> %s\n' "examples/web: build the dashboard, then test it in headless Chromium"
bash ../../examples/web/build.sh --no-wasm-build
node --test --test-reporter=spec ../../examples/web/test/*.test.mjs
