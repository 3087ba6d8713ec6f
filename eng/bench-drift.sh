#!/usr/bin/env bash
# Benchmark (not a test): `tollgate model drift` over ROWS rows × 20 numeric features, reference and current, from
# Parquet and from CSV, against SciPy's ks_2samp over the same columns (Debian's python3-scipy), in one run.
#   [TOLLGATE=path/to/native/tollgate] [BEFORE=path/to/older/tollgate] [ROWS=10000000] [SHAPE=rounded|continuous]
#   [SLICES=1] [DIR=keep/data/here] [SETTLE=seconds between processes, 30] eng/bench-drift.sh
# SHAPE rounded (default): values rounded to 4 decimals, every column tie-heavy; continuous: 16 of 20 features with
# almost no ties (see the generator).
# Without TOLLGATE it publishes the Native AOT binary (eng/publish.sh). The data (eng/bench/MakeDriftTables.cs, seeded)
# is made once per DIR and reused. Prints wall, CPU (user + system) and peak RSS of each, and the ratios. With BEFORE,
# that binary runs too, in the same run (before, then after, per format), and its reports must equal the new ones.
# SLICES=1 also writes the CSVs again with a text column `region` (8 values, from the row number and f04) and times
# `--slice-by region` on them against SciPy's ks_2samp per region and feature (eng/bench/scipy_ks_2samp_sliced.py).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${ROWS:-10000000}"
shape="${SHAPE:-rounded}"
if [ -n "${DIR:-}" ]; then dir="$DIR"; mkdir -p "$dir"; else dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT; fi
if [ -z "${TOLLGATE:-}" ]; then
  TOLLGATE_SKIP_FALLBACK=1 "$root/eng/publish.sh" "$dir/release" >/dev/null
  TOLLGATE="$dir/release/linux-x64/tollgate"
fi
if [ ! -f "$dir/cur.npy" ] || [ "$(cat "$dir/rows" 2>/dev/null)" != "$rows $shape" ]; then
  dotnet run -c Release "$root/eng/bench/MakeDriftTables.cs" -- "$dir" "$rows" "$shape"
  echo "$rows $shape" > "$dir/rows"
fi

echo "load before: $(uptime)"
# Each measured process starts SETTLE seconds (default 30) after the one before it. On a VM whose balloon takes freed
# memory back (free page reporting), a process that starts right after another has freed gigabytes finds them still
# backed and pays far less for its own fresh memory: on this project's machines, a continuous CSV run's system time
# went from 5.3 s back to back to 6.5 s after 5 s, 7.7 s after 10 s and 10.9 s after 30 s. Without the pause, whichever
# binary runs second is favoured.
measure() { # name, command...: runs it under GNU time; exit codes 0-2 are verdicts, not failures
  local name="$1"; shift
  sleep "${SETTLE:-30}"
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time-$name" "$@" > "$dir/out-$name" 2> "$dir/err-$name" || [ $? -le 2 ]
}
for format in parquet csv; do
  if [ -n "${BEFORE:-}" ]; then
    rm -f "$dir/ledger.db"*
    measure "before-$format" "$BEFORE" model drift --reference "$dir/ref.$format" --current "$dir/cur.$format" --format json --ledger "$dir/ledger.db"
  fi
  rm -f "$dir/ledger.db"*
  measure "$format" "$TOLLGATE" model drift --reference "$dir/ref.$format" --current "$dir/cur.$format" --format json --ledger "$dir/ledger.db" --timings
done
measure scipy /usr/bin/python3 "$root/eng/bench/scipy_ks_2samp.py" "$dir"
if [ -n "${SLICES:-}" ]; then
  for f in ref cur; do
    if [ ! -f "$dir/$f-region.csv" ] || [ "$dir/$f-region.csv" -ot "$dir/$f.csv" ]; then
      awk -F, 'BEGIN { split("eu-west,eu-north,us-east,us-west,ap-south,ap-east,sa-east,af-south", r, ",") }
        NR == 1 { print $0 ",region"; next } { print $0 "," r[(NR * 7 + int($5)) % 8 + 1] }' "$dir/$f.csv" > "$dir/$f-region.csv"
    fi
  done
  if [ -n "${BEFORE:-}" ]; then
    rm -f "$dir/ledger.db"*
    measure before-sliced "$BEFORE" model drift --reference "$dir/ref-region.csv" --current "$dir/cur-region.csv" --slice-by region --format json --ledger "$dir/ledger.db"
  fi
  rm -f "$dir/ledger.db"*
  measure sliced "$TOLLGATE" model drift --reference "$dir/ref-region.csv" --current "$dir/cur-region.csv" --slice-by region --format json --ledger "$dir/ledger.db" --timings
  measure scipy-sliced /usr/bin/python3 "$root/eng/bench/scipy_ks_2samp_sliced.py" "$dir"
fi
echo "load after: $(uptime)"

/usr/bin/python3 - "$dir" "$rows" "${BEFORE:+1}" "$shape" "${SLICES:+1}" <<'PY'
import json, os, re, sys
d, rows, before, shape, sliced = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4], sys.argv[5] == "1"
print(f"{rows} rows x 20 features, shape {shape}")
values = 2 * rows * 20
def t(name):
    wall, user, system, rss = open(f"{d}/time-{name}").read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024
peer = open(f"{d}/out-scipy").read().strip()
m = re.search(r"load: ([\d.]+) s wall, ([\d.]+) s cpu; ks_2samp over \d+ features: ([\d.]+) s wall, ([\d.]+) s cpu", peer)
load_wall, load_cpu, ks_wall, ks_cpu = map(float, m.groups())
sw, sc, sr = t("scipy")
print(peer)
print(f"scipy process: {sw:.2f} s wall, {sc:.2f} s cpu, {sr:.0f} MB peak RSS")
scipy_d = {l.split()[0]: float(l.split()[2]) for l in open(f"{d}/err-scipy") if l.startswith("f")}
worst = [0.0]
def close(a, b):  # equal, but for the last bits of figures (W1 and σ are summed exactly since 0916436, before in order)
    if isinstance(a, float) and isinstance(b, (int, float)) or isinstance(b, float) and isinstance(a, (int, float)):
        rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
        worst[0] = max(worst[0], rel)
        return rel <= 1e-9
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b
def same(a, b):  # the reports but for the tool's version
    a, b = dict(a), dict(b)
    a.pop("tool", None), b.pop("tool", None)
    return close(a, b)
for fmt in (["before-parquet", "parquet", "before-csv", "csv"] if before else ["parquet", "csv"]):
    w, c, r = t(fmt)
    report = json.load(open(f"{d}/out-{fmt}"))
    report_before = fmt.startswith("before-")
    if report_before:
        assert same(report, json.load(open(f"{d}/out-{fmt[7:]}"))), f"{fmt}: the reports differ"
        print(f"(before; reports equal, largest relative difference of a figure {worst[0]:.1e}) ", end="")
        fmt = fmt[7:]
    for f in report["findings"]:
        assert abs(f["evidence"]["statistic"] - scipy_d[f["address"]]) < 1e-5, (f["address"], f["evidence"]["statistic"], scipy_d[f["address"]])
    print(f"tollgate {fmt}: {w:.2f} s wall, {c:.2f} s cpu, {r:.0f} MB peak RSS; verdict {report['verdict']}, "
          f"{len(report['findings'])} findings (KS D equal to SciPy's); {values / c / 1e6:.0f} M values per CPU-second (reading included); "
          f"wall / SciPy ks_2samp loop {w / ks_wall:.3f}, cpu / its cpu {c / ks_cpu:.3f}, wall / SciPy process {w / sw:.3f}, RSS / SciPy's {r / sr:.2f}")
    if not report_before and (timings := [l.strip() for l in open(f"{d}/err-{fmt}") if l.startswith("timings:")]):
        print(f"  {fmt} {timings[0]}")
if sliced:
    peer = open(f"{d}/out-scipy-sliced").read().strip()
    m = re.search(r"ks_2samp over .*: ([\d.]+) s wall, ([\d.]+) s cpu", peer)
    ks_wall, ks_cpu = map(float, m.groups())
    print(peer)
    scipy_d = {(l.split()[0], l.split()[1]): float(l.split()[3]) for l in open(f"{d}/err-scipy-sliced") if not l.startswith("scipy")}
    for fmt in (["before-sliced", "sliced"] if before else ["sliced"]):
        w, c, r = t(fmt)
        report = json.load(open(f"{d}/out-{fmt}"))
        if fmt == "before-sliced":
            assert same(report, json.load(open(f"{d}/out-sliced"))), "sliced: the reports differ"
            print("(before) ", end="")
        checked = 0
        for f in report["findings"]:
            slice_ = f["evidence"]["slice"]
            if slice_.startswith("region="):
                assert abs(f["evidence"]["statistic"] - scipy_d[(slice_[7:], f["address"])]) < 1e-5, (slice_, f["address"])
                checked += 1
        print(f"tollgate csv --slice-by region: {w:.2f} s wall, {c:.2f} s cpu, {r:.0f} MB peak RSS; verdict {report['verdict']}, "
              f"{len(report['findings'])} findings ({checked} per-region KS D equal to SciPy's); "
              f"wall / SciPy's per-region ks_2samp loop {w / ks_wall:.3f}, RSS / SciPy's {r / t('scipy-sliced')[2]:.2f}")
PY
