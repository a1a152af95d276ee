#!/usr/bin/env bash
# The netcheck engine against the Linux kernel (tests/unit/netcheck_kernel.c): random iptables rulesets
# in a private network namespace, thousands of packets, zero disagreements. A machine that cannot
# create the namespace (no user namespaces, no veth, no iptables) skips with the reason, as exit 0.
# usage: scripts/netcheck-kernel.sh BUILD [ROUNDS PACKETS SEED]
set -uo pipefail
build=${1:?usage: scripts/netcheck-kernel.sh BUILD [ROUNDS PACKETS SEED]}
shift
if ! unshare -rn true 2>/dev/null; then
  echo "SKIP: this machine cannot create a user and network namespace (unshare -rn)"
  exit 0
fi
unshare -rn "$build/tests/unit/netcheck_kernel" "$@"
rc=$?
[ "$rc" -eq 77 ] && exit 0
exit "$rc"
