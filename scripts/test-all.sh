#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
#   checks that hold the shape: the UI's TypeScript (tsc --noEmit) and docs/openapi.yaml (OpenAPI 3.1),
#   and the tests of the test tools themselves (tests/tools/),
#   unit tests (cmocka) in the sanitizer build (clang, ASan+UBSan), two executables at a time: once, in
#   the stricter build (the gcc build's code is what the browser, package and Postfix suites drive, and
#   CI runs the API suites against it at two other dates); in the gcc build only the confinement's
#   tests ($SHIPPED_UNIT_TESTS, set by the Makefile: resource limits that ASan cannot show),
#   API and CLI tests (node:test, scripts/test-node.sh) against a real server of the sanitizer build,
#   and the browser, package and Postfix tests against the gcc build that ships, in one queue of three
#   workers,
#   each fuzz harness (of the same sanitizer build) briefly over its seed corpus.
# With LGSEC_TEST_DATES="DATE …" (ISO 8601, e.g. 2027-03-31T23:57:00+09:00; .ci/run sets it) the API
# and CLI suites run again against the gcc build with the clock moved to each date
# (LGSEC_TEST_CLOCK_OFFSET): tests must pass on any day, across a 年度 boundary too.
# usage: test-all.sh BUILD SAN_BUILD
set -uo pipefail
build=$1 asan=$2 fuzz=$2
passed=0 failed=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# Adds a suite's counts; prints failing output so CI logs show why.
count() { # name passed failed logfile
  passed=$((passed + $2)); failed=$((failed + $3))
  printf '%-28s %4d passed, %d failed\n' "$1" "$2" "$3"
  if [ "$3" -gt 0 ]; then sed 's/^/    /' "$4" | tail -60; fi
}

# One check that passes or fails as a whole (counted as one test); its output is shown when it fails.
# usage: step LABEL COMMAND [ARG...]
step() {
  local label=$1 out
  out=$(mktemp -p "$log_dir" step.XXXXXX)
  shift
  if "$@" >"$out" 2>&1; then count "$label" 1 0 "$out"; else count "$label" 0 1 "$out"; fi
}

# A script that ends with its own line "N passed, N failed" (scripts/test-node.sh): adds those counts
# and shows what it printed above that line, failures first. usage: tally LABEL COMMAND [ARG...]
tally() {
  local label=$1 out last p f
  out=$(mktemp -p "$log_dir" tally.XXXXXX)
  shift
  "$@" >"$out" 2>&1
  last=$(tail -1 "$out")
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
  else
    p=0 f=1 # it died before its summary: the whole output is the evidence
    echo "(no closing 'N passed, N failed' line)" >>"$out"
  fi
  passed=$((passed + p)); failed=$((failed + f))
  printf '%-28s %4d passed, %d failed\n' "$label" "$p" "$f"
  if [ "$f" -gt 0 ]; then sed '$d' "$out" | sed 's/^/    /'; else sed -n '1p' "$out" | sed 's/^/    /'; fi
}

# The checks that hold the shape and the Debian package need one core and build nothing the unit tests
# use, so they run as one chain beside the netcheck differential and the unit tests; wait_background adds
# their counts. Inside the chain the order matters: check-layers.sh puts a violation into src/ for one
# ninja run, so the package's ninja runs after it. The chain is disowned so that the unit tests' job
# pool (jobs, wait) does not count it.
(
  passed=0 failed=0
  step "tsc --noEmit (web/)" web/node_modules/.bin/tsc --noEmit -p web
  # The build refuses an include or a call across a boundary the layers table does not allow.
  step "layers (dependency rules)" bash scripts/check-layers.sh "$build"
  step "openapi.yaml (OpenAPI 3.1)" node scripts/check-openapi.mjs
  # The test tools prove themselves (scripts/test-node.sh, scripts/check-openapi.mjs).
  tally "test tools" bash scripts/test-node.sh "test tools" "$build/lgsec" tests/tools/*.test.mjs
  # The Debian package, built once; tests/e2e/package.test.mjs installs it (LGSEC_DEB). It packs the
  # binary of the test build: what the test proves is the packaging (files, dependencies, service,
  # upgrade), and a separate release compile cost a minute of `make test`. `make deb` packs a release build.
  if command -v dpkg-deb >/dev/null; then
    step "deb build" bash -c 'set -o pipefail; bash scripts/build-deb.sh "$1" "$2/deb" | tail -1 >"$2/deb.path"' _ "$build" "$log_dir"
  fi
  echo "$passed $failed" >"$log_dir/background.counts"
) >"$log_dir/background.out" 2>&1 &
background_pid=$!
disown "$background_pid"
wait_background() { # prints the chain's lines and adds its counts (once)
  [ -n "${background_pid:-}" ] || return 0
  while kill -0 "$background_pid" 2>/dev/null; do sleep 0.5; done
  cat "$log_dir/background.out"
  local p=0 f=1
  if [ -s "$log_dir/background.counts" ]; then read -r p f <"$log_dir/background.counts"; else
    echo "the checks' chain ended before its counts"; fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ -s "$log_dir/deb.path" ]; then LGSEC_DEB=$(cat "$log_dir/deb.path"); export LGSEC_DEB; fi
  background_pid=
}

# The cmocka executables of one build, LGSEC_TEST_JOBS (default 2, one per core) at a time, the largest
# test source first so that the long ones (test_faults' shards, test_trail …) do not start last.
jobs=${LGSEC_TEST_JOBS:-2}
unit_one() { # builddir exe logfile: the exe's output, then its exit status in logfile.rc
  ( cd "$1" && CMOCKA_MESSAGE_OUTPUT=stdout "$2" ) >"$3" 2>&1
  echo $? >"$3.rc"
}
cmocka_suite() { # label builddir [NAME...]: the named executables of tests/unit, or all of them
  local label=$1 dir=$2 p=0 f=0 exe src
  shift 2
  local -a exes=() pattern=("$dir"/tests/unit/test_*)
  [ $# -gt 0 ] && pattern=("${@/#/$dir/tests/unit/}")
  mapfile -t exes < <(for exe in "${pattern[@]}"; do
    [ -f "$exe" ] && [ -x "$exe" ] || continue
    src=tests/unit/$(basename "$exe" | sed -E 's/_[0-9]+of[0-9]+$//').c
    printf '%09d %s\n' "$(wc -c <"$src" 2>/dev/null || echo 0)" "$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")"
  done | sort -rn | cut -d' ' -f2-)
  for exe in "${exes[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    unit_one "$dir" "$exe" "$log_dir/$(basename "$exe").$label.log" &
  done
  wait
  for exe in "${exes[@]}"; do
    local out="$log_dir/$(basename "$exe").$label.log"
    local rc ok bad
    rc=$(cat "$out.rc")
    ok=$(grep -c '^\[       OK \]' "$out")
    bad=$(grep -c '^\[  FAILED  \] [a-z_]' "$out" || true)
    # A crash or sanitizer report fails the executable even if cmocka counted no failure.
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    p=$((p + ok)); f=$((f + bad))
    [ "$bad" -gt 0 ] && cat "$out" >>"$log_dir/$label.failures"
  done
  touch "$log_dir/$label.failures"
  count "$label" $p $f "$log_dir/$label.failures"
}

# Third-party caches that live as long as the process are not leaks of lgsec's (tests/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"

# The sandbox's and the converter's resource limits in the build that ships: under ASan an address-space
# limit bounds nothing (ASan reserves its shadow memory up front), so those cases are proved here.
# shellcheck disable=SC2086 # (unset: every unit test the gcc build has)
cmocka_suite "unit (gcc: confinement)" "$build" ${SHIPPED_UNIT_TESTS:-}
# netcheck against the kernel itself: generated rulesets in a private network namespace (docs/netcheck.md)
step "netcheck vs the kernel" bash scripts/netcheck-kernel.sh "$build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  cmocka_suite "unit (ASan+UBSan)" "$asan"

# node:test suites against a real lgsec binary (scripts/test-node.sh), each suite once in `make test`,
# all in one queue of LGSEC_NODE_JOBS workers (default 3: the suites wait on servers and Chromium for
# part of their time, so a third worker keeps both cores busy). The API and CLI suites drive the
# sanitizer build of lgsec (ASan+UBSan: a memory error or undefined behaviour fails the test that
# caused it, and the behaviour tested is the same source's); running them against both builds cost a
# third of make test. The browser suites, the package test and the Postfix suites (whose lgsec runs
# under Postfix's environment, out of reach of the sanitizer options) drive the gcc build that ships.
# CI also runs the API and CLI suites against the gcc build, at two other dates (.ci/run, below).
# sanitize-convert starts LibreOffice a dozen times (3-6 CPU s each): once, against the shipped build
# (the conversion code runs under ASan in tests/unit/test_convert).
shipped_suites=$(ls tests/e2e/*.test.mjs | grep -e '/browser' -e '/package\.' -e 'postfix\.test\.mjs$' -e '/sanitize-convert\.')
api_suites=$(ls tests/e2e/*.test.mjs | grep -v -e '/browser' -e '/package\.' -e 'postfix\.test\.mjs$' -e '/sanitize-convert\.')
node_jobs=${LGSEC_NODE_JOBS:-3}
wait_background # the Debian package (LGSEC_DEB) is needed now
# shellcheck disable=SC2086
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 LGSEC_TEST_JOBS=$node_jobs \
  tally "node: api + cli (ASan+UBSan), browser + package + postfix" \
  bash scripts/test-node.sh "node suites" "$asan/lgsec" $api_suites --bin="$build/lgsec" $shipped_suites

# The API and CLI suites on other days, against the gcc build: the servers' and the tests' clock moved
# together.
for at in ${LGSEC_TEST_DATES:-}; do
  offset=$(( $(date -d "$at" +%s) - $(date +%s) ))
  # shellcheck disable=SC2086
  LGSEC_TEST_CLOCK_OFFSET=$offset LGSEC_TEST_JOBS=$node_jobs tally "api + cli at $at" bash scripts/test-node.sh "api + cli at $at" "$build/lgsec" $api_suites
done

# Each harness fuzzes in its own corpus-run directory, so two run at a time (one per core). The smoke
# run has a fixed budget of about 25 s of wall time shared by all harnesses (at least 2 s each, its seed
# corpus always run whole), so `make test` does not grow with every parser: it proves that each harness
# builds, that every seed (every input a past run found) still passes, and explores a little; `make fuzz`
# fuzzes for long.
fuzz_one() { # harness name
  bash fuzz/run.sh "$fuzz" "$fuzz_seconds" "$1" >"$log_dir/fuzz.$1.log" 2>&1
  echo $? >"$log_dir/fuzz.$1.rc"
}
if [ -x fuzz/run.sh ] && ls "$fuzz"/fuzz/fuzz_* >/dev/null 2>&1; then
  harness_count=$(find "$fuzz/fuzz" -maxdepth 1 -name 'fuzz_*' -type f -executable | wc -l)
  fuzz_seconds=$(( 50 / harness_count > 2 ? 50 / harness_count : 2 ))
  names=()
  for h in "$fuzz"/fuzz/fuzz_*; do
    [ -f "$h" ] && [ -x "$h" ] || continue
    names+=("$(basename "$h")")
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
    fuzz_one "${names[-1]}" &
  done
  wait
  p=0 f=0
  touch "$log_dir/fuzz.failures"
  for name in "${names[@]}"; do
    if [ "$(cat "$log_dir/fuzz.$name.rc")" = 0 ]; then p=$((p + 1)); else
      f=$((f + 1)); cat "$log_dir/fuzz.$name.log" >>"$log_dir/fuzz.failures"
    fi
  done
  count "fuzz (${fuzz_seconds} s each)" $p $f "$log_dir/fuzz.failures"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
