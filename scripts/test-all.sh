#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
#   unit tests (cmocka) in the normal build and again under ASan+UBSan,
#   API, CLI and browser tests (node:test) against a real server, and the API/CLI tests again
#   against the ASan+UBSan build of lgsec,
#   each fuzz harness briefly over its seed corpus.
# usage: test-all.sh BUILD ASAN_BUILD FUZZ_BUILD
set -uo pipefail
build=$1 asan=$2 fuzz=$3
passed=0 failed=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# Adds a suite's counts; prints failing output so CI logs show why.
count() { # name passed failed logfile
  passed=$((passed + $2)); failed=$((failed + $3))
  printf '%-28s %4d passed, %d failed\n' "$1" "$2" "$3"
  if [ "$3" -gt 0 ]; then sed 's/^/    /' "$4" | tail -60; fi
}

cmocka_suite() { # label builddir
  local label=$1 dir=$2 p=0 f=0
  for exe in "$dir"/tests/unit/test_*; do
    [ -f "$exe" ] && [ -x "$exe" ] || continue
    local out="$log_dir/$(basename "$exe").$label.log"
    ( cd "$dir" && CMOCKA_MESSAGE_OUTPUT=stdout "$OLDPWD/$exe" ) >"$out" 2>&1
    local rc=$?
    local ok bad
    ok=$(grep -c '^\[       OK \]' "$out")
    bad=$(grep -c '^\[  FAILED  \] [a-z_]' "$out" || true)
    # A crash or sanitizer report fails the executable even if cmocka counted no failure.
    if [ $rc -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    p=$((p + ok)); f=$((f + bad))
    [ "$bad" -gt 0 ] && cat "$out" >>"$log_dir/$label.failures"
  done
  touch "$log_dir/$label.failures"
  count "$label" $p $f "$log_dir/$label.failures"
}

# Third-party caches that live as long as the process are not leaks of lgsec's (tests/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"

cmocka_suite "unit" "$build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  cmocka_suite "unit (ASan+UBSan)" "$asan"

# node:test suites against a real lgsec binary. usage: node_suite LABEL BINARY FILE...
node_suite() {
  local label=$1 bin=$2 out="$log_dir/node-$RANDOM.log" p f
  shift 2
  LGSEC_BIN="$PWD/$bin" node --test --test-concurrency=1 --test-reporter=tap "$@" >"$out" 2>&1
  p=$(grep -E '^# pass ' "$out" | awk '{print $3}'); f=$(grep -E '^# fail ' "$out" | awk '{print $3}')
  [ -n "$p" ] || { p=0; f=1; }
  count "$label" "$p" "$f" "$out"
}

node_suite "api + cli + browser" "$build/lgsec" tests/e2e/*.test.mjs
# The server and the CLI themselves under ASan+UBSan, driven by the API and CLI tests.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  node_suite "api + cli (ASan+UBSan)" "$asan/lgsec" tests/e2e/api.test.mjs tests/e2e/cli.test.mjs tests/e2e/tls.test.mjs \
  tests/e2e/assets.test.mjs tests/e2e/systems.test.mjs tests/e2e/registers-io.test.mjs tests/e2e/policy.test.mjs \
  tests/e2e/records.test.mjs tests/e2e/requests.test.mjs tests/e2e/sanitize-cli.test.mjs tests/e2e/mailgate.test.mjs \
  tests/e2e/policy-docs.test.mjs tests/e2e/requests-work.test.mjs

if [ -x fuzz/run.sh ] && ls "$fuzz"/fuzz/fuzz_* >/dev/null 2>&1; then
  out="$log_dir/fuzz.log"
  p=0 f=0
  for h in "$fuzz"/fuzz/fuzz_*; do
    [ -f "$h" ] && [ -x "$h" ] || continue
    name=$(basename "$h")
    if bash fuzz/run.sh "$fuzz" 10 "$name" >>"$out" 2>&1; then p=$((p + 1)); else f=$((f + 1)); fi
  done
  count "fuzz (10 s each)" $p $f "$out"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
