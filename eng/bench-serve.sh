#!/usr/bin/env bash
# Load on `tollgate serve` (the Native AOT binary) with wrk on loopback: the Argo Rollouts analysis route judging the
# replayed spec bench/serve/specs/checkout (a recording, so Prometheus is not what is measured), every verdict recorded
# in the ledger: first SQLite, then PostgreSQL (a throw-away cluster with its default durability: fsync on).
#   eng/bench-serve.sh            DURATION=30s CONNECTIONS=32 THREADS=2 TOLLGATE=path/to/tollgate (default: publish)
#                                 TOLLGATE_BEFORE=path/to/older/tollgate: the same runs with that binary first, in turn
# Prints one line per binary and ledger (requests/s, p50, p99, errors, and the server's CPU time per request: its user +
# system time from /proc/PID/stat over the measured run, divided by the requests; steadier than requests/s on a
# shared machine) and leaves wrk's output in artifacts/bench-serve/.
# Run it on a calm machine (no builds): it is a benchmark, not a test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench-serve"
duration="${DURATION:-30s}" connections="${CONNECTIONS:-32}" threads="${THREADS:-2}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v wrk >/dev/null || { echo "bench-serve: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$out"
TOLLGATE="${TOLLGATE:-${TOLLGATE_BIN:-}}"
bin="${TOLLGATE:-$out/bin/tollgate}"
before="${TOLLGATE_BEFORE:-}"
if [ -z "$TOLLGATE" ]; then
  dotnet publish "$root/src/Tollgate.Cli/Tollgate.Cli.csproj" -c Release -r linux-x64 -o "$out/bin" -nologo -v q -clp:ErrorsOnly
fi

cat > "$out/analysis.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$(tr -d '\n' < "$root/bench/serve/request.json")]]
LUA

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${pg_dir:-}" ] && "$root/eng/postgres-cluster.sh" stop "$pg_dir"; }
trap cleanup EXIT

run() {
  local name="$1" ledger="$2" bin="$3" port=$((20000 + RANDOM % 40000))
  local url="http://127.0.0.1:$port"
  "$bin" serve --urls "$url" --specs "$root/bench/serve/specs" --ledger "$ledger" >"$out/$name.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 1 100); do curl -fsS "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS -X POST -H 'Content-Type: application/json' --data @"$root/bench/serve/request.json" \
    "$url/api/v1/integrations/argo-rollouts/analysis" | grep -q '"verdict":"pass"' || { echo "bench-serve: the replayed spec does not pass" >&2; exit 1; }
  wrk -t"$threads" -c"$connections" -d5s -s "$out/analysis.lua" "$url/api/v1/integrations/argo-rollouts/analysis" >/dev/null
  local cpu0 cpu1; cpu0="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$out/analysis.lua" "$url/api/v1/integrations/argo-rollouts/analysis" >"$out/$name.txt"
  cpu1="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  local passed; passed="$(curl -fsS "$url/metrics" | awk '/^tollgate_verdicts_total\{kind="canary",outcome="pass"\}/ {print $2}')"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  local rps p50 p99 non2xx socket requests cpu
  requests="$(awk '/requests in/ {print $1}' "$out/$name.txt")"
  cpu="$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')"
  rps="$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")"
  p50="$(awk '$1 == "50%" {print $2}' "$out/$name.txt")"
  p99="$(awk '$1 == "99%" {print $2}' "$out/$name.txt")"
  non2xx="$(awk '/Non-2xx/ {print $5}' "$out/$name.txt")"
  socket="$(awk -F'Socket errors: ' '/Socket errors/ {print $2}' "$out/$name.txt")"
  printf '%-16s %10s req/s  p50 %8s  p99 %8s  CPU %4s µs/request  non-2xx %s  socket errors %s  pass verdicts recorded %s\n' \
    "$name" "$rps" "$p50" "$p99" "$cpu" "${non2xx:-0}" "${socket:-none}" "$passed"
}

echo "tollgate serve, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before; wrk -t$threads -c$connections -d$duration"
[ -n "$before" ] && echo "before: $before ($("$before" --version)); after: $bin ($("$bin" --version))"
if [ -n "$before" ]; then rm -f "$out/ledger.db"*; run before-sqlite "$out/ledger.db" "$before"; fi
rm -f "$out/ledger.db"*
run sqlite "$out/ledger.db" "$bin"
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-bench-pg.XXXXXX")"
pg="$(TOLLGATE_PG_DURABLE=1 "$root/eng/postgres-cluster.sh" start "$pg_dir")"
[ -n "$before" ] && run before-postgres "$pg" "$before"
run postgres "$pg" "$bin"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after"
