#!/usr/bin/env bash
# Builds the Python wheel (release, abi3) from ./bindings/python with pip (maturin is the
# PEP 517 backend), installs it into a cached virtualenv, and runs pytest (every
# conformance case, parity, Python-specific tests), mypy.stubtest, the examples, and
# quick runs of the side-by-side benchmarks (which check their results agree: finance
# against pyxirr and numpy-financial, Holt against statsmodels, Monte Carlo against numpy,
# selection against OR-Tools CP-SAT and PuLP/CBC).
# Usage: bash bindings/python/test.sh   (from anywhere; needs python3 and cargo)
# Exits non-zero on any failure. Honours CARGO_TARGET_DIR and XDG_CACHE_HOME.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/valuepm"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
venv="${VALUEPM_PYTHON_VENV:-$cache/venv-python}"
python="${PYTHON:-python3}"
step() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }
command -v "$python" >/dev/null || { echo "$python is required"; exit 1; }

# Major versions pinned; bump deliberately.
requirements=(
  "maturin>=1.16,<2"
  "pytest>=9,<10"
  "numpy>=2,<3"
  "pandas>=2,<3"
  "mypy>=1.10,<2"
  "matplotlib>=3.8,<4"
  "pyxirr>=0.10,<0.11"
  "numpy-financial>=1,<2"
  "statsmodels>=0.15,<0.16"
  "ortools>=9.12,<10"
  "pulp>=3,<4"
)

step "python virtualenv ($venv)"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
py="$venv/bin/python"
# The maturin build backend runs the venv's `maturin` executable.
export PATH="$venv/bin:$PATH"
stamp="$venv/.valuepm-requirements"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${requirements[*]}" ]; then
  "$py" -m pip install --quiet --upgrade pip
  "$py" -m pip install --quiet "${requirements[@]}"
  printf '%s' "${requirements[*]}" > "$stamp"
fi
"$py" --version

step "pip install ./bindings/python (release wheel through maturin)"
# No build isolation: the pinned maturin of the venv builds, with the shared target dir.
"$py" -m pip install --quiet --no-build-isolation --no-deps --force-reinstall ./bindings/python
"$py" -c "import valuepm, sys; print('valuepm', valuepm.__version__, 'from', valuepm.__file__)"

step "pytest"
"$py" -m pytest bindings/python/tests -q -p no:cacheprovider

step "mypy.stubtest valuepm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$py" -m mypy.stubtest valuepm)

step "examples"
(cd "$work" && "$py" "$root/examples/python/quickstart.py")
MPLBACKEND=Agg "$py" examples/python/portfolio.py "$work/portfolio.png"
"$py" examples/python/value_at_risk.py
"$py" examples/python/selection.py
test -s "$work/portfolio.png"

step "benchmark smoke run (results checked equal to pyxirr and numpy-financial)"
"$py" -W ignore::RuntimeWarning benches/python/compare.py --quick

step "benchmark smoke run (Holt: SSE within 1% of statsmodels')"
"$py" benches/python/holt_compare.py --quick

step "benchmark smoke run (Monte Carlo: statistics agree with numpy within Monte Carlo error)"
"$py" benches/python/monte_carlo_compare.py --quick

step "benchmark smoke run (selection: optima equal to CP-SAT's and CBC's)"
"$py" benches/python/portfolio_compare.py --quick

step "python: all checks passed"
