#!/usr/bin/python3
"""Known-answer vectors for Tollgate.Domain.Statistics.Drift and .Trend, computed with SciPy.

Run only to regenerate (needs Debian's python3-scipy): /usr/bin/python3 eng/scipy/make_drift_vectors.py
Writes test/Tollgate.Domain.Tests/Statistics/Vectors/{drift,trend}.json; the tests read the committed files.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "Tollgate.Domain.Tests", "Statistics", "Vectors")
rng = np.random.default_rng(20261130)


def write(name, rows):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"scipy": scipy.__version__, "rows": rows}, f, indent=1)


def r(values):
    return [float(v) for v in np.round(values, 6)]


def drift():
    ks = []
    cases = [
        (r(rng.normal(0, 1, 8)), r(rng.normal(0.5, 1, 8))),
        (r(rng.normal(0, 1, 30)), r(rng.normal(0.8, 1, 25))),
        (r(rng.normal(0, 1, 120)), r(rng.normal(0.2, 1.3, 90))),
        (r(rng.exponential(1, 400)), r(rng.exponential(1.2, 333))),
        (r(rng.normal(0, 1, 1000)), r(rng.normal(0.05, 1, 700))),
        ([float(v) for v in range(100)], [float(v) for v in range(10, 110)]),
        ([38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0], [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8]),
    ]
    for ref, cur in cases:
        exact = stats.ks_2samp(ref, cur, method="exact")
        asymp = stats.ks_2samp(ref, cur, method="asymp")
        ks.append({"reference": ref, "current": cur, "d": exact.statistic, "exact": exact.pvalue, "asymp": asymp.pvalue,
                   "w1": stats.wasserstein_distance(ref, cur), "stdRef": float(np.std(ref))})
    kstwo = []
    for n in [1, 2, 4, 10, 37, 100, 140, 500, 3000]:
        for d in [0.05, 0.1, 0.2, 0.35, 0.6]:
            kstwo.append({"n": n, "d": d, "sf": stats.kstwo.sf(d, n)})
    kstwobign = [{"x": x, "sf": stats.kstwobign.sf(x)} for x in [0.3, 0.6, 0.9, 1.0, 1.2, 1.36, 1.63, 2.5]]
    counts = []
    for ref, cur in [([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]),
                     ([50, 30, 20], [40, 35, 25]), ([500, 300, 150, 50], [430, 330, 170, 70]), ([30, 70], [45, 55])]:
        ref_a, cur_a = np.array(ref, float), np.array(cur, float)
        gof = stats.chisquare(cur_a, ref_a * cur_a.sum() / ref_a.sum())
        cont = stats.chi2_contingency(np.array([ref, cur]))
        counts.append({"reference": ref, "current": cur, "gofStat": gof.statistic, "gofP": gof.pvalue,
                       "contStat": cont[0], "contP": cont[1],
                       "js": distance.jensenshannon(ref_a / ref_a.sum(), cur_a / cur_a.sum()),
                       "js2": distance.jensenshannon(ref_a / ref_a.sum(), cur_a / cur_a.sum(), base=2)})
    chi2 = [{"x": x, "df": df, "sf": stats.chi2.sf(x, df)} for x, df in [(3.1746, 5), (0.5, 1), (20, 9), (100, 9), (7.2, 3)]]
    chi2ppf = [{"p": p, "df": df, "x": stats.chi2.ppf(p, df)}
               for p, df in [(0.1, 1), (0.1, 2.5), (0.1, 19), (0.1, 180), (0.5, 7), (0.9, 40), (0.999, 3), (1e-6, 10), (0.1, 2000)]]
    write("drift", {"ks": ks, "kstwo": kstwo, "kstwobign": kstwobign, "counts": counts, "chi2": chi2, "chi2ppf": chi2ppf})


def yue_wang(x):
    # pyMannKendall's yue_wang_modification_test with lag=1, re-derived with NumPy.
    x = np.asarray(x, float)
    n = len(x)
    s = sum(np.sign(x[j] - x[i]) for i in range(n - 1) for j in range(i + 1, n))
    _, counts = np.unique(x, return_counts=True)
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18
    slopes = [(x[j] - x[i]) / (j - i) for i in range(n - 1) for j in range(i + 1, n)]
    detrended = x - np.arange(1, n + 1) * np.median(slopes)
    y = detrended - detrended.mean()
    rho = np.sum(y[:-1] * y[1:]) / np.sum(y * y)
    var_s *= 1 + 2 * (1 - 1 / n) * rho
    z = (s - np.sign(s)) / np.sqrt(var_s) if s != 0 else 0.0
    return {"varS": var_s, "z": z, "p": 2 * stats.norm.sf(abs(z))}


def trend():
    rows = []
    series = [
        [1, 2, 3, 4, 5],
        [5, 3, 3, 2, 4, 1, 1],
        [.812, .809, .815, .801, .806, .798, .803, .795, .799, .790, .793, .786, .789, .781],
        r(0.8 - 0.004 * np.arange(40) + rng.normal(0, 0.024, 40)),
        r(np.cumsum(rng.normal(0, 1, 60))),
    ]
    for x in series:
        x = [float(v) for v in x]
        tau = stats.kendalltau(np.arange(len(x)), x)
        theil = stats.theilslopes(x, np.arange(len(x)))
        row = {"x": x, "senSlope": theil[0], "intercept": theil[1], "low": theil[2], "high": theil[3],
               "kendallTau": tau.statistic}
        yw = yue_wang(x) if len(set(np.diff(x))) > 1 else None  # a straight line has no residual to correlate
        if yw is not None and yw["varS"] > 0:
            row["yueWang"] = yw
        rows.append(row)
    write("trend", rows)


if __name__ == "__main__":
    drift()
    trend()
