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
# What the tests and the services they start write to temporary folders goes under one folder of this run (TMPDIR),
# removed when test.sh ends, after the services have stopped: a run leaves nothing in /tmp. Readable by all, for the
# PostgreSQL cluster that runs as the postgres user.
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-test-run.XXXXXX")" && chmod 755 "$run_tmp" && export TMPDIR="$run_tmp"
trap 'run_exit_hooks; rm -rf "${run_tmp:?}"' EXIT

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
# A test that runs past 10 minutes (TOLLGATE_TEST_HANG_TIMEOUT; the slowest takes well under one) stops its test
# project, which then names the test that was running ("The test running when the crash occurred"), instead of
# holding CI until its own limit.
hang="${TOLLGATE_TEST_HANG_TIMEOUT:-10m}"
dotnet test Tollgate.slnx -c Release --no-build -nologo -v q \
  --blame-hang-timeout "$hang" --blame-hang-dump-type none \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

# A test project whose host stopped (a test past that limit, or a crash) is aborted: its results, partial, are set
# aside (artifacts/test-results/aborted/) and it runs once more on its own, after the log has named what stopped it;
# stopped again, it counts as a failure.
set_aside_aborted() { local trx; for trx in "$results"/*.trx; do
    [ -f "$trx" ] && grep -q 'The active test run was aborted' "$trx" && mkdir -p "$results/aborted" && mv "$trx" "$results/aborted/"
  done; return 0; }
finished() { grep -ho 'storage="[^"]*"' "$results"/*.trx 2>/dev/null | sed 's#.*/##; s#"$##' | tr 'A-Z' 'a-z' | sort -u; }
unfinished() { local done_list project; done_list=$(finished)
  for project in test/*.Tests/*.Tests.csproj; do
    grep -qxF "$(basename "$project" .csproj | tr 'A-Z' 'a-z').dll" <<<"$done_list" || echo "$project"
  done; }
set_aside_aborted
again=$(unfinished)
if [ -n "$again" ]; then
  status=0
  for project in $again; do
    log "$(basename "$project" .csproj) was aborted (a test hung or its host stopped, named above): running it once more"
    dotnet test "$project" -c Release --no-build -nologo -v q --blame-hang-timeout "$hang" --blame-hang-dump-type none \
      --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?
  done
  set_aside_aborted
fi

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
if [ "$failed" != 0 ] && command -v python3 >/dev/null; then python3 "$root/eng/trx-failures.py" "$results"/*.trx || true; fi
for project in $(unfinished); do failed=$((failed + 1)); log "$(basename "$project" .csproj) was aborted twice"; done
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; log "dotnet test exited $status"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
