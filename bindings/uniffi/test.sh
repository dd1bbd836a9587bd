#!/usr/bin/env bash
# Tests the uniffi binding: builds valuepm-ffi, generates the Kotlin and Swift sources,
# checks the export parity of the generated Kotlin and Swift against
# conformance/manifest.json, then compiles tests/ConformanceTest.kt with kotlinc against
# JNA and runs it on the JVM (every conformance case plus Kotlin-specific tests); the last
# line is `N passed, M failed`.
# Installs what it needs if missing: JNA (Debian `libjna-java`) and the Kotlin compiler
# (npm `kotlin-compiler`, under ${XDG_CACHE_HOME:-$HOME/.cache}/valuepm/kotlin).
# Usage: bash bindings/uniffi/test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/valuepm/target}"
KOTLIN_VERSION=2.4.20
cache="${XDG_CACHE_HOME:-$HOME/.cache}/valuepm"

jna=/usr/share/java/jna.jar
if [ ! -f "$jna" ]; then
  echo "installing libjna-java"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q && $sudo apt-get install -y -q libjna-java
fi
command -v java >/dev/null || { echo "a Java runtime (17+) is required, e.g. apt-get install -y openjdk-17-jdk-headless"; exit 1; }
kotlin_home="$cache/kotlin/node_modules/kotlin-compiler"
if [ ! -x "$kotlin_home/bin/kotlinc" ] || ! grep -q "\"version\": \"$KOTLIN_VERSION\"" "$kotlin_home/package.json"; then
  echo "installing kotlin-compiler@$KOTLIN_VERSION with npm"
  mkdir -p "$cache/kotlin"
  npm install --no-audit --no-fund --prefix "$cache/kotlin" "kotlin-compiler@$KOTLIN_VERSION"
fi

bash bindings/uniffi/generate.sh
gen=bindings/uniffi/generated
# Parity first, so the last line is the JVM run's `N passed, M failed`.
python3 bindings/uniffi/tests/parity.py "$gen/kotlin/valuepm/valuepm_ffi.kt" "$gen/swift/ValuePM.swift"
build="$CARGO_TARGET_DIR/uniffi-kotlin-test"
mkdir -p "$build"
echo "compiling the Kotlin test"
"$kotlin_home/bin/kotlinc" -nowarn -cp "$jna" "$gen/kotlin/valuepm/valuepm_ffi.kt" \
  bindings/uniffi/tests/Json.kt bindings/uniffi/tests/ConformanceTest.kt -d "$build/test.jar"
java -Djna.library.path="$CARGO_TARGET_DIR/debug" \
  -cp "$build/test.jar:$jna:$kotlin_home/lib/kotlin-stdlib.jar" valuepm.test.ConformanceTestKt conformance

