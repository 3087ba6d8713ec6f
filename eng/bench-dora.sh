#!/usr/bin/env bash
# DORA at scale (a benchmark, not a test): 1,000,000 deploys and 100,000 incidents over 200 services in one year.
# Times `tollgate events ingest` (CDEvents NDJSON into a new SQLite ledger) and `tollgate dora --format json`
# (whole command) against PostgreSQL computing the same metrics in one SQL query (eng/bench/dora-peer.sql) over the
# same rows, in the same run. Usage: eng/bench-dora.sh [DEPLOYS] [SERVICES] [DIR]; needs python3, postgresql.
# TOLLGATE_BEFORE=/old/tollgate also times the old binary's ingest in the same run (old, new, old, new) and checks that
# `dora --format json` gives the same figures on both ledgers.
# INGEST_ONLY=1 stops after the ingest; DORA_ONLY=1 skips it (reuses DIR/ledger.db). 833334 deploys make exactly 1,000,000 lines (deploys + 2 per incident).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000000}"; services="${2:-200}"; dir="${3:-/tmp/tollgate-bench-dora}"
tollgate="${TOLLGATE:-$root/src/Tollgate.Cli/bin/Release/net10.0/tollgate}"
[ -f "$dir/events.ndjson" ] || python3 "$root/eng/bench/make-deploys.py" "$n" "$services" "$dir"
t() { /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" "$@"; }

lines="$(wc -l <"$dir/events.ndjson")"
# One ingest into a new ledger: wall and CPU, and events per second of each.
ingest() {
  local bin="$1" db="$2" times
  rm -f "$db"*
  echo "== $bin events ingest ($lines events); load: $(uptime | sed 's/.*load average: //')"
  times="$(mktemp)"
  /usr/bin/time -o "$times" -f "%e %U %S %M" "$bin" events ingest "$dir/events.ndjson" --ledger "$db" \
    $([ "$bin" = "$tollgate" ] && echo --timings)
  read -r wall user sys rss <"$times"; rm -f "$times"
  python3 -c "import sys; n,w,u,s,r=int(sys.argv[1]),*map(float,sys.argv[2:]); print(f'{w:.2f} s wall ({n/w:,.0f} events/s), {u+s:.2f} s CPU ({n/(u+s):,.0f} events per CPU-second), {r/1024:,.0f} MB max RSS')" \
    "$lines" "$wall" "$user" "$sys" "$rss"
}
for _ in $([ "${DORA_ONLY:-0}" = 1 ] || echo 1 2); do
  [ -z "${TOLLGATE_BEFORE:-}" ] || ingest "$TOLLGATE_BEFORE" "$dir/before.db"
  ingest "$tollgate" "$dir/ledger.db"
done
if [ -n "${TOLLGATE_BEFORE:-}" ] && [ "${DORA_ONLY:-0}" != 1 ]; then
  # the same figures from both ledgers: `dora --format json` of each binary on its own ledger, the tool version aside
  for b in before ledger; do
    bin="$([ "$b" = before ] && echo "$TOLLGATE_BEFORE" || echo "$tollgate")"
    "$bin" dora --format json --from 2025-01-01T00:00:00Z --to 2026-01-01T00:00:00Z --ledger "$dir/$b.db" -o "$dir/dora-$b.json"
  done
  python3 - "$dir" <<'PY2'
import json, sys
def load(name):
    d = json.load(open(f"{sys.argv[1]}/dora-{name}.json"))
    d.get("tool", {}).pop("version", None)
    return d
print("== dora figures, old and new ledgers:", "identical" if load("before") == load("ledger") else "DIFFERENT")
PY2
fi
[ "${INGEST_ONLY:-0}" != 1 ] || exit 0
echo "== tollgate dora --format json"
for _ in 1 2 3; do
  t "$tollgate" dora --format json --from 2025-01-01T00:00:00Z --to 2026-01-01T00:00:00Z --ledger "$dir/ledger.db" -o "$dir/dora.json"
done

pg="$(mktemp -d)"
trap '"$root/eng/postgres-cluster.sh" stop "$pg"' EXIT
conn="$("$root/eng/postgres-cluster.sh" start "$pg")"
port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$conn")"
export PGPASSWORD='t0ll:g@te/p%w'
psql=(psql -h 127.0.0.1 -p "$port" -U tollgate -d tollgate -q -v ON_ERROR_STOP=1)
"${psql[@]}" <<SQL
CREATE TABLE deploys (deploy_key text PRIMARY KEY, service text, environment text, version text, intent text, result text, started_at timestamptz, finished_at timestamptz);
CREATE TABLE deploy_changes (deploy_key text, change_id text, committed_at timestamptz);
CREATE TABLE incidents (incident_key text, service text, environment text, detected_at timestamptz, resolved_at timestamptz, caused_by text);
\copy deploys FROM '$dir/deploys.csv' CSV
\copy deploy_changes FROM '$dir/changes.csv' CSV
\copy incidents FROM '$dir/incidents.csv' CSV
CREATE INDEX ON deploy_changes (deploy_key);
CREATE INDEX ON incidents (caused_by);
CREATE INDEX ON deploys (service, environment, finished_at) WHERE intent <> 'planned';
ANALYZE deploys; ANALYZE deploy_changes; ANALYZE incidents;
SQL
echo "== PostgreSQL: eng/bench/dora-peer.sql; load: $(uptime | sed 's/.*load average: //')"
for _ in 1 2 3; do
  t "${psql[@]}" -o "$dir/peer.txt" -A -F, -f "$root/eng/bench/dora-peer.sql"
done
echo "== first service, both"
python3 - "$dir" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/dora.json"))["services"][0]
print("tollgate  ", d["service"], d["deployments"], d["leadTimeForChangesHours"]["median"], d["leadTimeForChangesHours"]["p90"], round(d["changeFailureRate"], 6), d["failedDeploymentRecoveryMinutes"]["median"], round(d["deploymentReworkRate"], 6))
print("postgresql", open(sys.argv[1] + "/peer.txt").read().splitlines()[1])
PY
