#!/usr/bin/env bash
# Builds the valuepm-ffi library and generates its Kotlin and Swift sources into
# bindings/uniffi/generated/{kotlin,swift} (build output, not committed).
# Usage: bash bindings/uniffi/generate.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/valuepm/target}"
profile=debug
flags=()
if [ "${1:-}" = "--release" ]; then profile=release; flags=(--release); fi

cargo build --locked "${flags[@]}" -p valuepm-ffi -p valuepm-uniffi-bindgen
lib="$CARGO_TARGET_DIR/$profile/libvaluepm_ffi.so"
[ -f "$lib" ] || lib="$CARGO_TARGET_DIR/$profile/libvaluepm_ffi.dylib"
out=bindings/uniffi/generated
rm -rf "$out"
for language in kotlin swift; do
  "$CARGO_TARGET_DIR/$profile/uniffi-bindgen" generate "$lib" --language "$language" --no-format \
    --out-dir "$out/$language"
done
echo "library: $lib"
echo "generated: $(find "$out" -type f | sort | tr '\n' ' ')"
