#!/usr/bin/env bash
# Benchmark of `tollgate plan` against jq on generated plans (not a test; see docs/benchmarks.md).
#   eng/bench-plan.sh [RESOURCES]   (default 50000; also runs a 2,000-resource plan for start-up)
#   BASELINE=/path/to/older/tollgate eng/bench-plan.sh   also times an older build in the same hyperfine runs
# Publishes tollgate as a Native AOT binary (and ReadyToRun for comparison), makes a real plan with terraform from examples/terraform/rename, grows it with
# eng/bench/make-plan.py, then times both tools side by side with hyperfine and reads peak RSS with GNU time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-50000}"
out="$root/artifacts/bench/plan"
mkdir -p "$out"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null

dotnet publish "$root/src/Tollgate.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -nologo -v q >/dev/null
dotnet publish "$root/src/Tollgate.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$out/r2r" -nologo -v q >/dev/null
tollgate="$out/aot/tollgate"
r2r="$out/r2r/tollgate"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/terraform/rename/." "$work/"
(cd "$work" && terraform init -input=false >/dev/null && terraform plan -input=false -out=p.tfplan >/dev/null && terraform show -json p.tfplan > real.json)
python3 "$root/eng/bench/make-plan.py" "$work/real.json" "$n" "$out/plan-$n.json"
python3 "$root/eng/bench/make-plan.py" "$work/real.json" 2000 "$out/plan-2000.json"
ls -l "$out/plan-$n.json" "$out/plan-2000.json"

jq_filter='[.resource_changes[] | select(.change.actions[] == "delete")] | length'
baseline=()
baseline2k=()
if [ -n "${BASELINE:-}" ]; then
  # The baseline must run where it was published (Native AOT needs libe_sqlite3.so beside it): exit 3 is an error.
  rc=0; "$BASELINE" plan "$out/plan-2000.json" --format json --ledger "$out/ledger-baseline.db" >/dev/null || rc=$?
  [ "$rc" -ne 3 ] || { echo "BASELINE $BASELINE fails on the 2,000-resource plan (exit 3)" >&2; exit 1; }
  baseline=(-n baseline "$BASELINE plan $out/plan-$n.json --format json --ledger $out/ledger-baseline.db")
  baseline2k=(-n "baseline 2k" "$BASELINE plan $out/plan-2000.json --format json --ledger $out/ledger-baseline.db")
fi
hyperfine --warmup 1 --runs "${RUNS:-5}" -i --export-json "$out/hyperfine-$n.json" \
  -n tollgate "$tollgate plan $out/plan-$n.json --format json --ledger $out/ledger.db" \
  -n jq "jq '$jq_filter' $out/plan-$n.json" \
  -n tollgate-r2r "$r2r plan $out/plan-$n.json --format json --ledger $out/ledger.db" "${baseline[@]}"
hyperfine --warmup 2 --runs 10 -i \
  -n "tollgate 2k" "$tollgate plan $out/plan-2000.json --format json --ledger $out/ledger.db" \
  -n "tollgate-r2r 2k" "$r2r plan $out/plan-2000.json --format json --ledger $out/ledger.db" "${baseline2k[@]}"

rss() { { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null || true; } | tail -1; }
t_rss=$(rss "$tollgate" plan "$out/plan-$n.json" --format json --ledger "$out/ledger.db")
j_rss=$(rss jq "$jq_filter" "$out/plan-$n.json")
echo "peak RSS: tollgate ${t_rss} KB, jq ${j_rss} KB, ratio $(python3 -c "print(round($t_rss/$j_rss, 3))")"
if [ -n "${BASELINE:-}" ]; then
  echo "peak RSS: baseline $(rss "$BASELINE" plan "$out/plan-$n.json" --format json --ledger "$out/ledger-baseline.db") KB"
fi
python3 - "$out/hyperfine-$n.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
t, j = r["tollgate"]["mean"], r["jq"]["mean"]
print(f"wall: tollgate {t:.3f} s, jq {j:.3f} s, ratio {t / j:.3f}")
if "baseline" in r:
    print(f"wall: baseline {r['baseline']['mean']:.3f} s, ratio {r['baseline']['mean'] / j:.3f}")
PY
