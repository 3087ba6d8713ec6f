#!/usr/bin/env bash
# Benchmark (not a test): decision quality of the canary judge against Flagger-style and Kayenta-style rules on the
# same seeded Poisson traffic, in process. Prints a Markdown table; results go to docs/benchmarks.md by hand.
# Usage: eng/bench-canary-quality.sh [canaries per scenario (default 2000)] [seed]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run -c Release "$root/eng/bench/CanaryQuality.cs" -- "$@"
