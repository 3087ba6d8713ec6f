#!/usr/bin/env bash
# Benchmark (not a test): decision quality of the deploy watch window (before/after, the service against itself) beside
# an Argo Rollouts-style threshold and Keptn-style relative criteria, on the same seeded traffic, in process. Prints a
# Markdown table (the same one on every run with the same arguments: each simulated deploy has its own generator seeded
# from the seed, the scenario and its index); results go to docs/benchmarks.md by hand.
# Usage: eng/bench-deploy-quality.sh [deploys per scenario (default 2000)] [seed] [scenario name filter; "!text": names without it]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run -c Release "$root/eng/bench/DeployWatchQuality.cs" -- "$@"
