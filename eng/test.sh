#!/usr/bin/env bash
# The one test entry point: installs what the tests need when it is missing, builds, runs every test project,
# and ends with "N passed, N failed". Used by .ci/run and named in the README.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[test.sh] %s\n' "$*" >&2; }

apt_updated=0
need_apt() { # need_apt COMMAND PACKAGE...
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  [ -x "/usr/bin/$cmd" ] && return 0
  if [ "$(id -u)" != 0 ]; then log "missing $cmd and not root: install $* by hand"; return 1; fi
  if [ $apt_updated = 0 ]; then log "apt-get update"; DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || log "could not install $*"
}

exit_hooks=()
at_exit() { # at_exit COMMAND ARGS...: run when test.sh ends (stop services started by eng/test.d)
  exit_hooks+=("$(printf '%q ' "$@")")
}
run_exit_hooks() { local hook; for hook in "${exit_hooks[@]}"; do eval "$hook" || true; done; }
trap run_exit_hooks EXIT

command -v terraform >/dev/null 2>&1 || log "terraform is not on PATH: the Terraform tests will fail"
for extra in eng/test.d/*.sh; do
  [ -f "$extra" ] && . "$extra"
done

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building"
if ! dotnet build Tollgate.slnx -c Release -nologo -v q -clp:ErrorsOnly; then
  log "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
# A test that runs past 10 minutes (the slowest takes well under one) stops its test project, which then names the
# test that was running ("The test running when the crash occurred"), instead of holding CI until its own limit.
dotnet test Tollgate.slnx -c Release --no-build -nologo -v q \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if [ "$total" = 0 ]; then failed=$((failed + 1)); log "no test results found"; fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; log "dotnet test exited $status"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
