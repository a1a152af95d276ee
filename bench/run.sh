#!/usr/bin/env bash
# `make bench`: every figure is measured against a baseline in the same run (these machines are
# noisy), and printed with the machine it ran on. Record results in docs/performance.md.
# Scratch databases and files go under $TMPDIR (default /tmp; bench_common.h, mktemp, os.tmpdir()).
# usage: bench/run.sh BUILD
set -euo pipefail
build=$1
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(lsb_release -ds 2>/dev/null || grep PRETTY /etc/os-release | cut -d= -f2)"
echo
echo "== API: authenticated GET of 50 people vs a minimal libmicrohttpd server (wrk, 32 connections)"
LGSEC_BIN="$PWD/$build/lgsec" BASELINE_BIN="$PWD/$build/bench/baseline_server" node bench/api_bench.mjs
echo
if [ -x "$build/bench/trail_bench" ]; then
  echo "== Trail: sealed appends vs bare SQLite inserts, verify vs SHA-256 of the leaves (CPU-time ratios)"
  "$build/bench/trail_bench" "${TRAIL_BENCH_ENTRIES:-300000}"
  echo "== Trail: inclusion and consistency proofs at 10,000,000 entries (building the log takes minutes)"
  "$build/bench/trail_bench" --proofs "${TRAIL_BENCH_PROOF_ENTRIES:-10000000}"
fi
echo
echo "== Policy documents: reading the 三笠市 規程 and checking it against the guideline model"
"$build/bench/policydoc_bench" ../shared/policies/mikasa-kanrikitei.txt 100
"$build/bench/policydiff_bench" ../shared/policies/mikasa-kanrikitei.txt 20

echo
echo "== Registers: 1,000,000 assets and 2,000 systems (generation takes a few minutes)"
"$build/bench/register_bench" "${REGISTER_BENCH_ASSETS:-1000000}"

echo
echo "== Mail text conversion: 10,000 generated messages vs Python's email package (one core)"
mail_dir=$(mktemp -d)
taskset -c 0 "$build/bench/mail_bench" "${MAIL_BENCH_MESSAGES:-10000}" "$mail_dir" bench/mail_baseline.py
rm -rf "$mail_dir"

echo
echo "== Mail gateway: lgsec mailgate (sanitize + record + re-inject) vs straight SMTP to the same sink"
LGSEC_BIN="$PWD/$build/lgsec" MAIL_BENCH_BIN="$PWD/$build/bench/mail_bench" node bench/mailgate_bench.mjs "${MAILGATE_BENCH_MESSAGES:-5000}"
if [ -x /usr/sbin/postfix ] && [ "$(id -u)" = 0 ]; then
  echo "== Mail gateway behind a private Postfix: a burst of ${POSTFIX_BURST:-10000} messages, none lost, none unsanitized"
  LGSEC_BIN="$PWD/$build/lgsec" LGSEC_POSTFIX_BURST="${POSTFIX_BURST:-10000}" \
    node --test --test-concurrency=1 --test-name-pattern="burst" tests/e2e/mailgate-postfix.test.mjs | grep -E "burst:|^# (pass|fail)|^not ok"
fi

echo
echo "== File disarm: PDF vs qpdf (library rewrite and the qpdf command), OOXML vs unzip+rezip (libzip)"
"$build/bench/file_bench" 10

echo
echo "== Legacy conversion: .doc/.xls/.ppt/RTF/ODF converted by LibreOffice in its confinement and disarmed,"
echo "   vs bare soffice --convert-to of the same 12 files"
bench/convert_bench.sh "$PWD/$build/lgsec" "${CONVERT_BENCH_ROUNDS:-3}"

echo
echo "== Records: card-reader import of 100,000 rows, one month of the サーバー室入退室管理簿 with flags"
"$build/bench/records_bench" 50000 1000

echo
echo "== Requests: approver resolution and the inbox, 10,000 people and 100,000 open requests"
"$build/bench/request_bench" "${REQUEST_BENCH_PEOPLE:-10000}" "${REQUEST_BENCH_REQUESTS:-100000}"

echo
echo "== netcheck: 20,000 nft rules analysed vs nft -c -f of the same ruleset; shadowed rules among 10,000"
"$build/bench/netcheck_bench" "${NETCHECK_BENCH_RULES:-20000}" "${NETCHECK_BENCH_SHADOW_RULES:-10000}"
echo "== Training: 受講率 per 課室 and who has not attended, 10,000 people (target < 100 ms server time)"
"$build/bench/training_bench" "${TRAINING_BENCH_PEOPLE:-10000}"
echo "== Compliance dashboard: 10,000 assets, 500 systems and 100,000 requests in 200 課室, as the CISO reads it (target"
echo "   < 200 ms; COMPLIANCE_BENCH_ASSETS=1000000 for the issue's scale), then the readiness report of 65 pages (target < 2 s)"
"$build/bench/compliance_bench" "${COMPLIANCE_BENCH_ASSETS:-10000}" "${COMPLIANCE_BENCH_SYSTEMS:-500}" \
  "${COMPLIANCE_BENCH_PEOPLE:-5000}" "${COMPLIANCE_BENCH_REQUESTS:-100000}"
echo "== IDs of every system: 100 systems × 5,000 IDs matched against 10,000 people, vs a bare SELECT of the rows"
"$build/bench/sysaccount_bench" "${SYSACCOUNT_BENCH_SYSTEMS:-100}" "${SYSACCOUNT_BENCH_IDS:-5000}" "${SYSACCOUNT_BENCH_PEOPLE:-10000}"
echo "== 人事異動: a 3,000-row roster applied to 10,000 people (target < 5 s), vs as many bare people_update"
"$build/bench/roster_bench" "${ROSTER_BENCH_ROWS:-3000}" "${ROSTER_BENCH_PEOPLE:-10000}"
echo "== Incidents: 100,000 reports, 2,000,000 timeline events, 200,000 evidence files; the CSIRT board and a 課長's list (target < 50 ms), evidence hashing vs sha256sum (target ≥ 0.8)"
"$build/bench/incident_bench" "${INCIDENT_BENCH_INCIDENTS:-100000}" "${INCIDENT_BENCH_EVENTS:-2000000}" "${INCIDENT_BENCH_FILES:-16}" "${INCIDENT_BENCH_MIB:-16}"
