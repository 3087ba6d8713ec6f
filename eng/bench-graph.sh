#!/usr/bin/env bash
# Benchmark (not a test): tollgate graph on a generated graph of 100,000 nodes and 300,000 edges, against graphviz
# `dot -Tsvg` on the same graph (stopped at 60 s) and `terraform graph` on the generating configuration.
# Usage: [TOLLGATE=native-binary] [BEFORE=older-native-binary] eng/bench-graph.sh [NODES] [CHANGED]
# Results: docs/benchmarks.md, section "Graph". BEFORE adds an older binary to the HCL-directory comparison (same run).
# tollgate is published as a Native AOT binary (as the README recommends for CI use) and timed with hyperfine;
# TERRAFORM_LIMIT (seconds, default 600) stops `terraform graph`, which needs minutes on 100,000 resources.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nodes="${1:-100000}"; changed="${2:-1000}"
work="$(mktemp -d /tmp/tollgate-bench-graph-XXXX)"; trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
if [ -n "${TOLLGATE:-}" ]; then # a Native AOT binary published already (e.g. by eng/publish.sh or eng/bench-plan.sh)
  tollgate="$TOLLGATE"
else
  dotnet publish "$root/src/Tollgate.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" -nologo -v q -clp:ErrorsOnly >/dev/null
  tollgate="$work/aot/tollgate"
fi

# Seeded generator: node i references 3 distinct earlier nodes (a DAG, so terraform accepts it), in 100 modules' worth
# of name prefixes; the same edges go to graph.dot (terraform's simplified dialect) and config/main.tf.
python3 - "$work" "$nodes" "$changed" <<'PY'
import random, sys, os
work, n, changed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261126)
os.makedirs(f"{work}/config", exist_ok=True)
name = lambda i: f"terraform_data.r{i:06d}"
edges = 0
with open(f"{work}/graph.dot", "w") as dot, open(f"{work}/config/main.tf", "w") as tf:
    dot.write('digraph G {\n  rankdir = "RL";\n  node [shape = rect, fontname = "sans-serif"];\n')
    for i in range(n):
        dot.write(f'  "{name(i)}" [label="{name(i)}"];\n')
    for i in range(n):
        deps = rng.sample(range(i), min(3, i)) if i else []
        # a few hubs: every 50th node also reads node 0..9
        if i > 10 and i % 50 == 0:
            hub = rng.randrange(10)
            if hub not in deps: deps.append(hub)
        for d in deps:
            dot.write(f'  "{name(i)}" -> "{name(d)}";\n')
        edges += len(deps)
        refs = ", ".join(f"{name(d)}.id" for d in deps)
        tf.write(f'resource "terraform_data" "r{i:06d}" {{\n  input = [{refs}]\n}}\n\n')
    dot.write("}\n")
with open(f"{work}/changed.txt", "w") as f:
    for i in rng.sample(range(n), changed):
        f.write(name(i) + "\n")
print(f"generated {n} nodes, {edges} edges, {changed} changed")
PY

ms() { python3 -c 'import time; print(int(time.time()*1000))'; }
run() { # run LABEL TIMEOUT COMMAND...: prints seconds or "stopped at Ns"
  local label="$1" limit="$2"; shift 2
  local start end code=0
  start=$(ms)
  timeout --kill-after=5 "$limit" "$@" >"$work/out.txt" 2>"$work/err.txt" || code=$?
  end=$(ms)
  if [ "$code" = 124 ] || [ "$code" = 137 ]; then printf '%-44s stopped at %ss\n' "$label" "$limit"; else printf '%-44s %6.2f s (exit %s)\n' "$label" "$(echo "($end-$start)/1000" | bc -l)" "$code"; fi
}

cd "$work"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg); $(terraform version | head -1); $(dot -V 2>&1)"
hyperfine --warmup 1 --runs 10 --export-json "$work/hyperfine.json" \
  -n "tollgate graph graph.dot --changed (1,000)" \
  "$tollgate graph graph.dot --changed changed.txt --format json --output report.json --ledger $work/l.db"
/usr/bin/time -f "tollgate peak RSS %M KB, %U s user, %S s system" \
  "$tollgate" graph graph.dot --changed changed.txt --format json --output report.json --ledger "$work/l.db" >/dev/null
# The same graph from the 100,000 blocks of config/main.tf through the HCL reader (PATH without terraform).
hcl=(-n "tollgate graph config/ (HCL)" "env PATH=/nonexistent $tollgate graph config --changed changed.txt --format json --output report2.json --ledger $work/l.db")
if [ -n "${BEFORE:-}" ]; then
  hcl+=(-n "before: $BEFORE graph config/ (HCL)" "env PATH=/nonexistent $BEFORE graph config --changed changed.txt --format json --output report3.json --ledger $work/l.db")
fi
hyperfine --warmup 1 --runs 10 "${hcl[@]}"
/usr/bin/time -f "tollgate graph config/ peak RSS %M KB, %U s user, %S s system" \
  env PATH=/nonexistent "$tollgate" graph config --changed changed.txt --format json --output report2.json --ledger "$work/l.db" >/dev/null
if [ -n "${BEFORE:-}" ]; then
  /usr/bin/time -f "before: peak RSS %M KB, %U s user, %S s system" \
    env PATH=/nonexistent "$BEFORE" graph config --changed changed.txt --format json --output report3.json --ledger "$work/l.db" >/dev/null
  python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); [r.pop("tool") for r in (a,b)]; print("HCL reports of both binaries (tool version aside):", "identical" if a==b else "DIFFERENT")' report2.json report3.json
fi
run "dot -Tsvg graph.dot" 60 dot -Tsvg graph.dot -o graph.svg
(cd config && terraform init -input=false -no-color >/dev/null 2>&1 || true)
run "terraform graph (config/)" "${TERRAFORM_LIMIT:-600}" terraform -chdir=config graph
python3 - <<'PY'
import json
r = json.load(open("report.json"))
print("tollgate report:", r["verdict"], r["summary"])
PY
