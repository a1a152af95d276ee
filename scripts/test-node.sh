#!/usr/bin/env bash
# Runs node:test suites against one lgsec binary and ends with one line "N passed, N failed".
#   Each suite file runs in its own node process, LGSEC_TEST_JOBS of them at a time (default 2, one per
#   core of the test machine). Suites are independent: every server they start listens on a port the
#   kernel picks (--listen 127.0.0.1:0) and works on its own temporary directory and database
#   (tests/e2e/lib/server.mjs, tests/e2e/lib/smtp.mjs), so parallel suites cannot collide.
#   It prints first every failing test, each with its name and assertion message
#   (tests/e2e/lib/reporter.mjs), then the tail of each failing suite's TAP log.
#   The environment reaches the suites and the servers they start: LGSEC_TEST_CLOCK_OFFSET=<seconds>
#   runs them on another day, ASAN_OPTIONS/UBSAN_OPTIONS tune a sanitizer build.
#   LGSEC_TEST_TIMES=1 adds one line per suite with its counts, wall time and CPU time (the suite's node
#   and what it started: servers, Chromium); LGSEC_TEST_TMPDIR sets
#   where the suites' temporary files go (default /dev/shm).
#   `--bin=OTHER` among the suites switches the binary for the suites after it, so that one run (one
#   queue of workers) can drive two builds: `make test` runs the API suites against the sanitizer build
#   and the browser suites against the shipped build side by side.
# usage: test-node.sh LABEL BINARY SUITE... [--bin=OTHER SUITE...]
set -uo pipefail
[ $# -ge 3 ] || { echo "usage: test-node.sh LABEL BINARY SUITE... [--bin=OTHER SUITE...]" >&2; exit 2; }
label=$1 bin=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
workers=${LGSEC_TEST_JOBS:-2}
[[ $workers =~ ^[1-9][0-9]*$ ]] || { echo "LGSEC_TEST_JOBS must be a positive number" >&2; exit 2; }
absolute() { # an executable's absolute path, or exit 2
  [ -x "$1" ] || { echo "test-node.sh: no executable $1" >&2; exit 2; }
  echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}
LGSEC_BIN=$(absolute "$bin") || exit 2
export LGSEC_BIN
# Each suite with the binary it drives (suite_bin[file]).
declare -A suite_bin
suites=()
current=$LGSEC_BIN
for arg in "$@"; do
  case $arg in
    --bin=*) current=$(absolute "${arg#--bin=}") || exit 2 ;;
    *) suites+=("$arg"); suite_bin[$arg]=$current ;;
  esac
done
logs=$(mktemp -d)
# The suites' temporary directories (databases, keys, Chromium profiles: node's os.tmpdir()) go to
# memory when the machine has /dev/shm: SQLite's syncs on the disk made the suites ~35 % slower.
# LGSEC_TEST_TMPDIR chooses another place. Whatever a suite leaves behind goes with this directory.
tmp_parent=${LGSEC_TEST_TMPDIR:-}
[ -z "$tmp_parent" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && tmp_parent=/dev/shm
scratch=$(mktemp -d -p "${tmp_parent:-${TMPDIR:-/tmp}}" lgsec-tests.XXXXXX)
# Traversable like /tmp: Postfix's unprivileged daemons (mailgate-postfix.test.mjs) open files below it.
chmod 0711 "$scratch"
export TMPDIR=$scratch
trap 'rm -rf "$logs" "$scratch"' EXIT
# Stopped from outside (CI's time limit, ^C): stop the suites this script started, then clean up.
trap 'cat "$logs"/*.pid 2>/dev/null | xargs -r kill 2>/dev/null; exit 130' INT TERM

# One demo database for the whole run, which the suites' initDemo (tests/e2e/lib/server.mjs) copies
# instead of running `lgsec init --demo` again (about a second each, five under ASan, ~50 suites) as
# long as the JST date on the servers' clock is still the one it was made on. Made with the first
# binary and the same environment (clock offset, sanitizer options) as the suites' own servers; the
# database is the same whichever build of the same source makes it.
tpl=$scratch/demo-template
mkdir -p "$tpl"
TZ=Asia/Tokyo date -d "@$(( $(date +%s) + ${LGSEC_TEST_CLOCK_OFFSET:-0} ))" +%F >"$tpl/made-on.next"
if LANG=en_US.UTF-8 LGSEC_TEST_FAST_PASSWORD_HASH=1 "$LGSEC_BIN" init --demo --db "$tpl/lgsec.db" \
  >"$tpl/init.out" 2>"$tpl/init.err"; then
  mv "$tpl/made-on.next" "$tpl/made-on"
  export LGSEC_TEST_DEMO_TEMPLATE=$tpl
fi

# Longest first, so the last suites to start are short and the workers finish together: larger files
# take longer. The browser suites (a Chromium each, the slowest) alternate with the others, so that the
# workers are not all driving a Chromium at once.
by_size() { for f in "$@"; do printf '%09d %s\n' "$(wc -c <"$f")" "$f"; done | sort -rn | cut -d' ' -f2-; }
mapfile -t browser < <(by_size $(printf '%s\n' "${suites[@]}" | grep '/browser[^/]*$'))
mapfile -t others < <(by_size $(printf '%s\n' "${suites[@]}" | grep -v '/browser[^/]*$'))
ordered=()
for ((k = 0; k < ${#browser[@]} || k < ${#others[@]}; k++)); do
  [ "$k" -lt "${#browser[@]}" ] && ordered+=("${browser[k]}")
  [ "$k" -lt "${#others[@]}" ] && ordered+=("${others[k]}")
done

run_suite() { # index file
  local start=$SECONDS
  LGSEC_BIN=${suite_bin[$2]} node --test --test-concurrency=1 \
    --test-reporter=tap --test-reporter-destination=stdout \
    --test-reporter="$root/tests/e2e/lib/reporter.mjs" --test-reporter-destination="$logs/$1.failures" \
    "$2" >"$logs/$1.log" 2>&1 &
  echo $! >"$logs/$1.pid"
  wait $!
  rm -f "$logs/$1.pid"
  echo $((SECONDS - start)) 2>/dev/null >"$logs/$1.time"
  # CPU seconds of the suite: node and everything it started and reaped (servers, Chromium)
  # (`times` in a pipeline would run in a new subshell that has reaped nothing: through a file)
  times >"$logs/$1.times"
  awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] + 0.5 }' \
    "$logs/$1.times" >"$logs/$1.cpu"
}

started=$SECONDS
i=0
files=()
for f in "${ordered[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$workers" ]; do wait -n; done
  files[i]=$f
  run_suite "$i" "$f" &
  i=$((i + 1))
done
wait
elapsed=$((SECONDS - started))

tap_count() { # key logfile: the number on the TAP summary line "# key N", empty when absent
  awk -v k="$1" '$1 == "#" && $2 == k { n = $3 } END { if (n != "") print n }' "$2"
}

printf '%s: %d suites, %d workers, %dm%02ds%s\n' "$label" "$i" "$workers" $((elapsed / 60)) $((elapsed % 60)) \
  "${LGSEC_TEST_CLOCK_OFFSET:+, clock moved by ${LGSEC_TEST_CLOCK_OFFSET} s}"
passed=0 failed=0
report="" tails=""
for ((j = 0; j < i; j++)); do
  f=${files[j]} log="$logs/$j.log"
  p=$(tap_count pass "$log") fl=$(tap_count fail "$log") c=$(tap_count cancelled "$log")
  if [ -z "$p" ]; then
    # No summary: node itself failed (bad flag, crash of the runner). Count the suite as one failure.
    p=0 fl=1 c=0
    echo "  the run ended without a TAP summary" >>"$logs/$j.failures"
  fi
  f_all=$((fl + ${c:-0}))
  passed=$((passed + p)); failed=$((failed + f_all))
  [ "${LGSEC_TEST_TIMES:-}" = 1 ] &&
    printf '  %-38s %4d passed, %d failed %5d s, %4d s CPU\n' "${f#"$root"/}" "$p" "$f_all" "$(cat "$logs/$j.time")" "$(cat "$logs/$j.cpu")"
  if [ "$f_all" -gt 0 ]; then
    report+="FAILED ${f#"$root"/}: $p passed, $f_all failed"$'\n'
    report+="$(cat "$logs/$j.failures" 2>/dev/null)"$'\n'
    tails+="--- last 40 lines of the log of ${f#"$root"/} ---"$'\n'
    tails+="$(tail -40 "$log" | sed 's/^/  | /')"$'\n'
  fi
done

# Every failing test with its assertion first, then the logs' tails (server output, crashes).
printf '%s%s' "$report" "$tails"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
