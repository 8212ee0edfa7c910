#!/usr/bin/env bash
# Opens an XLSX file in LibreOffice Calc (headless), recalculates every formula and saves it as
# FORMAT into OUTDIR: `bash scripts/xlsx-recalc.sh in.xlsx outdir [xlsx|csvN]`. Used by tests to
# check Kalkyl's XLSX export with a real spreadsheet engine. LibreOffice keeps cached values of
# OOXML files by default, so a throw-away profile sets "recalculate on load: always".
# csvN writes sheet N (1-based) as `<name>.csv`: `;`-separated UTF-8, raw values, decimal point.
set -euo pipefail
in="$1"
outdir="$2"
format="${3:-xlsx}"
case "$format" in
  csv[0-9]*) format="csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,${format#csv}" ;;
esac
command -v soffice >/dev/null || { echo "soffice not found; run scripts/setup.sh" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$profile/user"
cat >"$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
mkdir -p "$outdir"
soffice "-env:UserInstallation=file://$profile" --headless --norestore --nologo \
  --convert-to "$format" --outdir "$outdir" "$in" >/dev/null
