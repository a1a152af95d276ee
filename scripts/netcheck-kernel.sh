#!/usr/bin/env bash
# The netcheck engine against the Linux kernel (tests/unit/netcheck_kernel.c): random iptables rulesets
# in a private network namespace, thousands of packets, zero disagreements — once with the engine
# reading the iptables-save text, once reading the kernel's own `nft -j list ruleset` of the same rules,
# once with NAT rules too (the translated packets captured on the veth peer and compared: DNAT, SNAT,
# REDIRECT, MASQUERADE, --ctstate), once with NAT and filter rules written natively for nft (nftnat).
# A machine that cannot create the namespace (no user namespaces, no veth, no iptables/nft) skips with
# the reason, as exit 0.
# usage: scripts/netcheck-kernel.sh BUILD [ROUNDS PACKETS SEED]
set -uo pipefail
build=${1:?usage: scripts/netcheck-kernel.sh BUILD [ROUNDS PACKETS SEED]}
rounds=${2:-40} packets=${3:-150} seed=${4:-2026}
if ! unshare -rn true 2>/dev/null; then
  echo "SKIP: this machine cannot create a user and network namespace (unshare -rn)"
  exit 0
fi
# The modes run side by side, each in its own namespace (the nat mode mostly waits for its captures).
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for mode in iptables nft nat nftnat; do
  ( unshare -rn "$build/tests/unit/netcheck_kernel" "$rounds" "$packets" "$seed" "$mode" >"$out/$mode.log" 2>&1
    echo $? >"$out/$mode.rc" ) &
done
wait
status=0
for mode in iptables nft nat nftnat; do
  cat "$out/$mode.log"
  rc=$(cat "$out/$mode.rc")
  [ "$rc" -eq 77 ] && rc=0
  [ "$rc" -ne 0 ] && status=$rc
done
exit "$status"
