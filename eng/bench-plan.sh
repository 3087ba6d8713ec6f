#!/usr/bin/env bash
# Benchmark of `tollgate plan` against jq on generated plans (not a test; see docs/benchmarks.md).
#   eng/bench-plan.sh [RESOURCES]   (default 50000; also a 2,000-resource plan for start-up, a module-heavy plan of
#                                    RESOURCES across 500 module copies, and a plan of 200,000 deletes)
#   BASELINE=/path/to/older/tollgate eng/bench-plan.sh   also times an older build in the same hyperfine runs
#   TOLLGATE=/path/to/published/tollgate eng/bench-plan.sh   times that binary instead of publishing one (no R2R run)
#   SHAPES="flat modules deletes scaling"   which shapes to run (default all; scaling: 50,000, 100,000 and
#                                    200,000 deletes, one run each, CPU time and peak RSS of each tool)
# Publishes tollgate as a Native AOT binary (and ReadyToRun for comparison), makes real plans with terraform from
# examples/terraform/rename and eng/bench/module-plan, grows them with eng/bench/make-plan.py and
# eng/bench/make-module-plan.py, then times both tools side by side with hyperfine and reads peak RSS with GNU time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-50000}"
shapes="${SHAPES:-flat modules deletes scaling}"
out="$root/artifacts/bench/plan"
mkdir -p "$out"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null

tollgate="${TOLLGATE:-}"
r2r=""
if [ -z "$tollgate" ]; then
  dotnet publish "$root/src/Tollgate.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -nologo -v q >/dev/null
  dotnet publish "$root/src/Tollgate.Cli" -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true \
    -o "$out/r2r" -nologo -v q >/dev/null
  tollgate="$out/aot/tollgate"
  r2r="$out/r2r/tollgate"
fi
uptime

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
real_plan() { # DIR-WITH-CONFIG OUT.json [sed expression applied to svc/main.tf after the first apply]
  (cd "$1" && terraform init -input=false >/dev/null && terraform apply -auto-approve -input=false >/dev/null \
    && { [ -z "${3:-}" ] || sed -i "$3" svc/main.tf; } \
    && terraform plan -input=false -out=p.tfplan >/dev/null && terraform show -json p.tfplan > "$2")
}
jq_filter='[.resource_changes[] | select(.change.actions[] == "delete")] | length'
rss() { { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null || true; } | tail -1; }

# compare NAME PLAN.json RUNS: hyperfine of tollgate (AOT), jq and optionally the baseline; peak RSS; ratios.
compare() {
  local name="$1" plan="$2" runs="$3" baseline=()
  ls -l "$plan"
  if [ -n "${BASELINE:-}" ]; then
    baseline=(-n baseline "$BASELINE plan $plan --format json --ledger $out/ledger-baseline.db")
  fi
  hyperfine --warmup 1 --runs "$runs" -i --export-json "$out/hyperfine-$name.json" \
    -n tollgate "$tollgate plan $plan --format json --ledger $out/ledger.db" \
    -n jq "jq '$jq_filter' $plan" "${baseline[@]}"
  local t_rss j_rss
  t_rss=$(rss "$tollgate" plan "$plan" --format json --ledger "$out/ledger.db")
  j_rss=$(rss jq "$jq_filter" "$plan")
  echo "$name peak RSS: tollgate ${t_rss} KB, jq ${j_rss} KB, ratio $(python3 -c "print(round($t_rss/$j_rss, 3))")"
  if [ -n "${BASELINE:-}" ]; then
    local b_rss
    b_rss=$(rss "$BASELINE" plan "$plan" --format json --ledger "$out/ledger-baseline.db")
    echo "$name peak RSS: baseline ${b_rss} KB, ratio $(python3 -c "print(round($b_rss/$j_rss, 3))")"
  fi
  python3 - "$out/hyperfine-$name.json" "$name" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
t, j = r["tollgate"], r["jq"]
cpu = lambda x: x["user"] + x["system"]
print(f"{sys.argv[2]} wall: tollgate {t['mean']:.3f} s, jq {j['mean']:.3f} s, ratio {t['mean'] / j['mean']:.3f}; "
      f"CPU: tollgate {cpu(t):.3f} s, jq {cpu(j):.3f} s, ratio {cpu(t) / cpu(j):.3f}")
if "baseline" in r:
    b = r["baseline"]
    print(f"{sys.argv[2]} wall: baseline {b['mean']:.3f} s, ratio {b['mean'] / j['mean']:.3f}; "
          f"CPU: baseline {cpu(b):.3f} s, ratio {cpu(b) / cpu(j):.3f}")
PY
}

if [[ " $shapes " == *" flat "* || " $shapes " == *" deletes "* || " $shapes " == *" scaling "* ]]; then
  mkdir -p "$work/flat" && cp -r "$root/examples/terraform/rename/." "$work/flat/"
  (cd "$work/flat" && terraform init -input=false >/dev/null && terraform plan -input=false -out=p.tfplan >/dev/null \
    && terraform show -json p.tfplan > real.json)
fi

if [[ " $shapes " == *" flat "* ]]; then
  python3 "$root/eng/bench/make-plan.py" "$work/flat/real.json" "$n" "$out/plan-$n.json"
  python3 "$root/eng/bench/make-plan.py" "$work/flat/real.json" 2000 "$out/plan-2000.json"
  compare flat "$out/plan-$n.json" "${RUNS:-5}"
  if [ -n "$r2r" ]; then
    hyperfine --warmup 2 --runs 10 -i \
      -n "tollgate 2k" "$tollgate plan $out/plan-2000.json --format json --ledger $out/ledger.db" \
      -n "tollgate-r2r 2k" "$r2r plan $out/plan-2000.json --format json --ledger $out/ledger.db"
  fi
fi

if [[ " $shapes " == *" modules "* ]]; then
  mkdir -p "$work/modules" && cp -r "$root/eng/bench/module-plan/." "$work/modules/"
  real_plan "$work/modules" "$work/modules/real.json" 's/default = false/default = true/'
  python3 "$root/eng/bench/make-module-plan.py" "$work/modules/real.json" "$n" "$out/plan-modules-$n.json" 500
  compare modules "$out/plan-modules-$n.json" "${RUNS:-5}"
fi

if [[ " $shapes " == *" deletes "* ]]; then
  python3 "$root/eng/bench/make-plan.py" "$work/flat/real.json" 200000 "$out/plan-deletes-200000.json" deletes
  compare deletes "$out/plan-deletes-200000.json" "${RUNS_DELETES:-3}"
fi

# How time and memory grow with the number of destroys: one run of each tool per size (GNU time: wall, user, system, peak RSS).
if [[ " $shapes " == *" scaling "* ]]; then
  for k in 50000 100000 200000; do
    plan="$out/plan-deletes-$k.json"
    [ -s "$plan" ] || python3 "$root/eng/bench/make-plan.py" "$work/flat/real.json" "$k" "$plan" deletes
    run() { { /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB" "$@" 2>&1 >/dev/null || true; } | tail -1; }
    echo "scaling $k deletes: tollgate $(run "$tollgate" plan "$plan" --format json --ledger "$out/ledger.db")"
    [ -z "${BASELINE:-}" ] || echo "scaling $k deletes: baseline $(run "$BASELINE" plan "$plan" --format json --ledger "$out/ledger-baseline.db")"
    echo "scaling $k deletes: jq $(run jq "$jq_filter" "$plan")"
  done
fi
