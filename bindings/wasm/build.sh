#!/usr/bin/env bash
# Builds the WASM package: the .wasm with the size-optimised `wasm-release` profile (root
# Cargo.toml), then wasm-bindgen's JS glue for Node (pkg-node/, CommonJS) and for the web
# (pkg-web/, an ES module with an async `init`). Prints the .wasm size raw and gzipped.
# wasm-opt is not run (see below).
# Installs what is missing: the wasm32-unknown-unknown target and wasm-bindgen-cli of
# exactly the locked wasm-bindgen version (a cached binary is reused). Nothing is
# downloaded except from rustup and crates.io.
# Usage: bash bindings/wasm/build.sh   (from anywhere). Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"
root="$(cd ../.. && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/valuepm"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
step() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }

# The wasm-bindgen version in Cargo.lock: wasm-bindgen-cli must be the same.
version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
[ -n "$version" ] || { echo "wasm-bindgen is not in Cargo.lock"; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  step "cargo install wasm-bindgen-cli --version $version (about 9 min the first time)"
  # Not --locked: its lockfile pins a webpki-roots the reachable index lacks.
  cargo install wasm-bindgen-cli --version "$version"
fi
wasm-bindgen --version

step "cargo build -p valuepm-wasm --target wasm32-unknown-unknown --profile wasm-release"
start=$SECONDS
cargo build -p valuepm-wasm --target wasm32-unknown-unknown --profile wasm-release --locked
echo "cargo build: $((SECONDS - start)) s"
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/valuepm_wasm.wasm"

step "wasm-bindgen --target nodejs → pkg-node, --target web → pkg-web"
rm -rf pkg-node pkg-web
wasm-bindgen --target nodejs --remove-name-section --remove-producers-section --out-dir pkg-node "$wasm"
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir pkg-web "$wasm"

# No wasm-opt: binaryen's -Oz (version 108 from apt and 132 from npm, measured on this
# module) cuts the raw size by 9% but grows the gzipped size by 14% (406,271 → about
# 463,000 bytes), and without --enable-reference-types it breaks wasm-bindgen's externref
# table in browsers. The size comes from the wasm-release profile alone.

raw=$(wc -c < pkg-web/valuepm_wasm_bg.wasm)
gz=$(gzip -9 -c pkg-web/valuepm_wasm_bg.wasm | wc -c)
step "size of valuepm_wasm_bg.wasm: $raw bytes raw ($((raw / 1024)) KiB), $gz bytes gzipped -9 ($((gz / 1024)) KiB)"
echo "packages: $here/pkg-node (require), $here/pkg-web (ES module)"
