#!/usr/bin/env bash
# Runs libFuzzer harnesses for a while each: fuzz/run.sh BUILD SECONDS [HARNESS]
#   BUILD    a build directory configured with -Dfuzz=true (CC=clang)
#   SECONDS  how long to fuzz each harness
#   HARNESS  one harness (e.g. fuzz_pack); default: every fuzz_* executable in BUILD/fuzz
# Each harness fuzz_NAME starts from a copy of fuzz/corpus/NAME (in fuzz/corpus-run/NAME, so the seeds
# in git are never modified). Crashes are written to fuzz/corpus-run/NAME/crashes/. Exits non-zero
# when any harness crashes, leaks or times out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: fuzz/run.sh BUILD SECONDS [HARNESS]}
seconds=${2:?usage: fuzz/run.sh BUILD SECONDS [HARNESS]}
only=${3:-}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "SECONDS must be a number" >&2; exit 2; }

harnesses=()
if [[ -n $only ]]; then
  harnesses=("$build/fuzz/$only")
else
  for h in "$build"/fuzz/fuzz_*; do
    [[ -x $h && -f $h ]] && harnesses+=("$h")
  done
fi
[[ ${#harnesses[@]} -gt 0 ]] || { echo "no harnesses in $build/fuzz (configure with -Dfuzz=true)" >&2; exit 2; }

failed=0
for h in "${harnesses[@]}"; do
  [[ -x $h ]] || { echo "missing harness: $h" >&2; failed=1; continue; }
  name=$(basename "$h")
  corpus_name=${name#fuzz_}
  seeds="$here/corpus/$corpus_name"
  work="$here/corpus-run/$corpus_name"
  mkdir -p "$work/corpus" "$work/crashes"
  [[ -d $seeds ]] && cp -n "$seeds"/* "$work/corpus/" 2>/dev/null || true
  echo "== $name: ${seconds}s from $(ls "$work/corpus" | wc -l) inputs"
  if ! "$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
         -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/corpus" >"$work/log.txt" 2>&1; then
    echo "!! $name failed; see $work/log.txt and $work/crashes/" >&2
    tail -n 40 "$work/log.txt" >&2
    failed=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$work/log.txt" | sed 's/^/   /' || true
  fi
done
exit $failed
