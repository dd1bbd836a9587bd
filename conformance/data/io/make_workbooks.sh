#!/usr/bin/env bash
# Saves the flat ODS sources written by conformance/tools/make_io_cases.py as .xlsx, .ods
# and .xls with LibreOffice (headless). The outputs are committed: LibreOffice stamps
# each file with the time it was saved, so they are made once, not in CI.
# Usage: bash conformance/data/io/make_workbooks.sh
set -euo pipefail
cd "$(dirname "$0")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
convert() { soffice -env:UserInstallation="file://$profile" --headless --convert-to "$1" "$2" >/dev/null; }
soffice --version
convert 'xlsx:Calc MS Excel 2007 XML' workbook.fods
convert ods workbook.fods
convert 'xls:MS Excel 97' workbook.fods
convert 'xlsx:Calc MS Excel 2007 XML' measurements_bad.fods
