#!/usr/bin/env bash
# Benchmark (not a test): `tollgate model trend` on long series of minutes, beside SciPy on the same series.
#   TOLLGATE=path/to/native/tollgate eng/bench-trend.sh
# Series: level 100, noise sd 1, flat for the first half then declining 0.0288 a day (what a minute-level KPI export
# holds), at 10,000, 300,000 and 525,600 points (a year of minutes). hyperfine times the whole command: read, robust
# baseline, charts, hinge fit, Mann-Kendall and Sen's slope with its interval. The peer is SciPy's theilslopes (Sen's
# slope with its interval) plus kendalltau (Mann-Kendall's S) on the same values, which list all n(n-1)/2 slopes: it
# runs at 10,000 points and cannot at 300,000 (4.5 × 10^10 slopes, 360 GB).
set -euo pipefail
: "${TOLLGATE:?set TOLLGATE to a published tollgate binary (eng/publish.sh)}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
for n in 10000 300000 525600; do
  python3 - "$n" "$dir/minutes-$n.csv" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(n)
with open(path, "w") as f:
    f.write("time,value\n")
    for i in range(n):
        decline = 0.0288 / 1440 * (i - n // 2) if i > n // 2 else 0
        f.write(f"{1767225600 + 60 * i},{100 - decline + random.gauss(0, 1):.5f}\n")
PY
done
cat > "$dir/scipy_trend.py" <<'PY'
import sys
import numpy as np
from scipy import stats
x = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, usecols=1)
t = np.arange(len(x))
slope = stats.theilslopes(x, t, 0.95)
tau = stats.kendalltau(t, x)
print(slope.slope * 1440, tau.pvalue)
PY
hyperfine --warmup 1 --runs 5 -N \
  -n "tollgate model trend, 10,000 points" "$TOLLGATE model trend --series $dir/minutes-10000.csv --format json" \
  -n "SciPy theilslopes + kendalltau, 10,000 points" "/usr/bin/python3 $dir/scipy_trend.py $dir/minutes-10000.csv" \
  -n "tollgate model trend, 300,000 points" "$TOLLGATE model trend --series $dir/minutes-300000.csv --format json" \
  -n "tollgate model trend, 525,600 points" "$TOLLGATE model trend --series $dir/minutes-525600.csv --format json" \
  -i
for n in 10000 300000 525600; do
  /usr/bin/time -f "tollgate $n points: peak %M KB" "$TOLLGATE" model trend --series "$dir/minutes-$n.csv" > /dev/null || true
done
/usr/bin/time -f "SciPy 10000 points: peak %M KB" /usr/bin/python3 "$dir/scipy_trend.py" "$dir/minutes-10000.csv" > /dev/null
