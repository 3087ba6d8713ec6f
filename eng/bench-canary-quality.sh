#!/usr/bin/env bash
# Benchmark (not a test): decision quality of the canary judge against Flagger-style and Kayenta-style rules on the
# same seeded Poisson traffic, in process. Prints a Markdown table (the same one on every run with the same arguments:
# each simulated canary has its own generator seeded from the seed, the scenario and its index); results go to
# docs/benchmarks.md by hand.
# Usage: eng/bench-canary-quality.sh [canaries per scenario (default 2000)] [seed] [scenario name filter]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run -c Release "$root/eng/bench/CanaryQuality.cs" -- "$@"
