#!/usr/bin/env bash
# Legacy conversion (.doc/.xls/.ppt, RTF, ODF → OOXML, then disarmed): `lgsec sanitize file --legacy convert`
# of an archive holding the 12 fixtures of tests/e2e/fixtures/legacy, against bare
# `soffice --headless --convert-to` of the same files (one start per target format, a fresh profile,
# as lgsec does). Figures: files/s by wall clock and by CPU time (the whole process tree), and the
# ratio lgsec / bare. usage: bench/convert_bench.sh LGSEC_BIN [ROUNDS]
set -euo pipefail
bin=$1
rounds=${2:-3}
fix=tests/e2e/fixtures/legacy
files=(benign.doc hostile.doc benign.rtf hostile.rtf benign.odt hostile.odt benign.xls hostile.xls benign.ods hostile.ods benign.ppt benign.odp)
if ! command -v soffice >/dev/null; then
  echo "convert: LibreOffice is not installed (scripts/install-deps.sh installs it); skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/bundle.zip" "${files[@]/#/$fix/}" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)
for f in sys.argv[2:]:
    z.write(f, f.split('/')[-1])
z.close()
PY
# "wall user sys" of a command and its children
measure() {
  local TIMEFORMAT='%R %U %S'
  { time "$@" >/dev/null 2>&1; } 2>&1
}
bare() {
  local d=$work/bare.$1
  rm -rf "$d" && mkdir -p "$d"
  (cd "$fix" &&
    soffice --headless -env:UserInstallation=file://$d/profile --convert-to docx --outdir "$d" benign.doc hostile.doc benign.rtf hostile.rtf benign.odt hostile.odt &&
    soffice --headless -env:UserInstallation=file://$d/profile --convert-to xlsx --outdir "$d" benign.xls hostile.xls benign.ods hostile.ods &&
    soffice --headless -env:UserInstallation=file://$d/profile --convert-to pptx --outdir "$d" benign.ppt benign.odp)
}
ours() {
  rm -f "$work/out.zip"
  "$bin" sanitize file --no-malware-scan --legacy convert "$work/bundle.zip" "$work/out.zip"
}
bw=0 bc=0 ow=0 oc=0
for r in $(seq "$rounds"); do
  read -r w u s < <(measure bare "$r")
  bw=$(awk -v a="$bw" -v b="$w" 'BEGIN {print a + b}'); bc=$(awk -v a="$bc" -v b="$u" -v c="$s" 'BEGIN {print a + b + c}')
  read -r w u s < <(measure ours)
  [ -s "$work/out.zip" ] || { echo "convert: lgsec produced no output" >&2; exit 1; }
  ow=$(awk -v a="$ow" -v b="$w" 'BEGIN {print a + b}'); oc=$(awk -v a="$oc" -v b="$u" -v c="$s" 'BEGIN {print a + b + c}')
done
n=$(( ${#files[@]} * rounds ))
awk -v n="$n" -v bw="$bw" -v bc="$bc" -v ow="$ow" -v oc="$oc" 'BEGIN {
  printf "bare soffice --convert-to: %.2f files/s wall, %.2f files per CPU second\n", n / bw, n / bc
  printf "lgsec --legacy convert (confined, disarmed): %.2f files/s wall, %.2f files per CPU second\n", n / ow, n / oc
  printf "ratio lgsec / bare: %.2f by wall clock, %.2f by CPU time (%d files, 12 per round)\n", (n / ow) / (n / bw), (n / oc) / (n / bc), n
}'
