#!/usr/bin/env bash
# Benchmark (not a test): the canary judgement on raw samples against a SciPy mannwhitneyu loop over the same data.
# Needs python3-scipy (Debian). Prints both timings and the ratio; results go to docs/benchmarks.md by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
ours=$(dotnet run -c Release "$root/eng/bench/CanaryBench.cs" -- "$dir" | tail -1)
peer=$(/usr/bin/python3 "$root/eng/bench/scipy_mannwhitneyu.py" "$dir")
echo "$ours"
echo "$peer"
a=$(sed -n 's/^tollgate judgement: \([0-9.]*\) s.*/\1/p' <<<"$ours")
b=$(sed -n 's/^scipy mannwhitneyu loop: \([0-9.]*\) s.*/\1/p' <<<"$peer")
/usr/bin/python3 -c "print(f'ratio tollgate/scipy: {$a/$b:.3f}')"
