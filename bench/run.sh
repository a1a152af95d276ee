#!/usr/bin/env bash
# `make bench`: every figure is measured against a baseline in the same run (these machines are
# noisy), and printed with the machine it ran on. Record results in docs/performance.md.
# usage: bench/run.sh BUILD
set -euo pipefail
build=$1
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(lsb_release -ds 2>/dev/null || grep PRETTY /etc/os-release | cut -d= -f2)"
echo
echo "== API: authenticated GET of 50 people vs a minimal libmicrohttpd server (wrk, 32 connections)"
LGSEC_BIN="$PWD/$build/lgsec" BASELINE_BIN="$PWD/$build/bench/baseline_server" node bench/api_bench.mjs
echo
if [ -x "$build/bench/trail_bench" ]; then
  echo "== Trail: append throughput (batched) and verify of 1,000,000 entries"
  "$build/bench/trail_bench" 1000000
fi
echo
echo "== Policy documents: reading the 三笠市 規程"
"$build/bench/policydoc_bench" ../shared/policies/mikasa-kanrikitei.txt 100

echo
echo "== Registers: 1,000,000 assets and 2,000 systems (generation takes a few minutes)"
"$build/bench/register_bench" "${REGISTER_BENCH_ASSETS:-1000000}"

echo
echo "== Requests: approver resolution and the inbox, 10,000 people and 100,000 open requests"
"$build/bench/request_bench" "${REQUEST_BENCH_PEOPLE:-10000}" "${REQUEST_BENCH_REQUESTS:-100000}"
