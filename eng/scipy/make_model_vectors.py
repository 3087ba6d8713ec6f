#!/usr/bin/python3
"""Known-answer vectors for the statistics the model gates decide with, computed with SciPy and NumPy.

Run only to regenerate (needs Debian's python3-scipy): /usr/bin/python3 eng/scipy/make_model_vectors.py
Writes test/Tollgate.Domain.Tests/Statistics/Vectors/models.json; the tests read the committed file.

- "binned": `tollgate model drift`'s numeric comparison on samples large enough for the radix-sorted path and the
  asymptotic KS (ks_2samp, method auto), with PSI on reference deciles (numpy.quantile, method inverted_cdf; empty
  bins filled as Evidently does), its no-drift p-value chi2.sf(PSI / (1/N + 1/M), B - 1), Jensen-Shannon distance
  (scipy.spatial.distance.jensenshannon) with its p-value chi2.sf(8 JS^2 / (1/N + 1/M), B - 1), and W1 / std_ref
  (scipy.stats.wasserstein_distance over numpy.std, ddof 0).
- "msprt": the KPI canary's always-valid p-value, re-derived from the normal-mixture mSPRT (Johari, Pekelis and
  Walsh 2022): per-arm means and sample variances (ddof 1), Welch's V = s_c^2/n_c + s_l^2/n_l, tau = the allowed loss,
  Lambda = sqrt(V/(V+tau^2)) exp(tau^2 (d + delta)^2 / (2 V (V+tau^2))), p = min(1, 1/Lambda), both one-sided forms.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "Tollgate.Domain.Tests", "Statistics", "Vectors")
rng = np.random.default_rng(20261201)


def evidently_fill(shares):
    smallest = shares[shares > 0].min()
    fill = smallest / 1e6 if smallest <= 1e-4 else 1e-4
    return np.where(shares == 0, fill, shares)


def binned(ref, cur, bins=10):
    ref, cur = np.asarray(ref, float), np.asarray(cur, float)
    edges = []
    for b in range(1, bins):
        edge = float(np.quantile(ref, b / bins, method="inverted_cdf"))
        if not edges or edge > edges[-1]:
            edges.append(edge)
    if edges and edges[-1] >= ref.max():
        edges.pop()
    r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1)
    c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1)
    rs, cs = evidently_fill(r / r.sum()), evidently_fill(c / c.sum())
    psi = float(np.sum((rs - cs) * np.log(rs / cs)))
    scale = 1 / len(ref) + 1 / len(cur)
    js = float(distance.jensenshannon(r / r.sum(), c / c.sum()))
    ks = stats.ks_2samp(ref, cur)
    return {"edges": edges, "referenceCounts": r.tolist(), "currentCounts": c.tolist(), "psi": psi,
            "psiP": float(stats.chi2.sf(psi / scale, len(r) - 1)), "js": js,
            "jsP": float(stats.chi2.sf(8 * js * js / scale, len(r) - 1)),
            "w1": float(stats.wasserstein_distance(ref, cur)), "stdRef": float(np.std(ref)),
            "d": float(ks.statistic), "ksP": float(ks.pvalue)}


def samples():
    r4 = lambda x: [float(v) for v in np.round(x, 4)]
    cases = [
        ("normal, 0.05 sd shift", r4(rng.normal(0, 1, 20_000)), r4(rng.normal(0.05, 1, 15_000))),
        ("log-normal, same law", r4(rng.lognormal(0, 0.5, 12_000)), r4(rng.lognormal(0, 0.5, 30_000))),
        ("counts with ties", [float(v) for v in rng.poisson(4, 25_000)], [float(v) for v in rng.poisson(4.3, 18_000)]),
        ("negative and positive, wider", r4(rng.normal(-1, 2, 16_000)), r4(rng.normal(-1, 2.4, 16_000))),
        ("small windows", r4(rng.exponential(1, 150)), r4(rng.exponential(1.1, 120))),
    ]
    rows = []
    for name, ref, cur in cases:
        row = {"name": name, "reference": ref, "current": cur}
        row.update(binned(ref, cur))
        rows.append(row)
    return rows


def msprt_p(d, v, null, tau2):
    e = d - null
    log_lambda = 0.5 * np.log(v / (v + tau2)) + tau2 * e * e / (2 * v * (v + tau2))
    return 1.0 if log_lambda <= 0 else float(np.exp(-log_lambda))


def msprt():
    rows = []
    arms = [
        ("conversion, equal", rng.binomial(1, 0.10, 20_000), rng.binomial(1, 0.10, 20_000), 0.01),
        ("conversion, candidate 2 points worse", rng.binomial(1, 0.08, 30_000), rng.binomial(1, 0.10, 30_000), 0.01),
        ("conversion, tiny", rng.binomial(1, 0.10, 300), rng.binomial(1, 0.10, 250), 0.01),
        ("revenue, better", rng.lognormal(1.05, 1, 8_000), rng.lognormal(1, 1, 9_000), 0.1 * float(np.exp(1.5))),
        ("revenue, much worse", rng.lognormal(0.5, 1, 50_000), rng.lognormal(1, 1, 50_000), 0.05 * float(np.exp(1.5))),
    ]
    for name, candidate, live, allowed in arms:
        mc, ml = float(np.mean(candidate)), float(np.mean(live))
        vc, vl = float(np.var(candidate, ddof=1)), float(np.var(live, ddof=1))
        d, v = mc - ml, vc / len(candidate) + vl / len(live)
        rows.append({"name": name, "candidate": {"count": len(candidate), "mean": mc, "variance": vc},
                     "live": {"count": len(live), "mean": ml, "variance": vl}, "allowed": allowed,
                     "difference": d, "welchVariance": v,
                     "regressionP": msprt_p(d, v, -allowed, allowed ** 2) if d < -allowed else 1.0,
                     "nonInferiorityP": msprt_p(d, v, -allowed, allowed ** 2) if d > -allowed else 1.0})
    return rows


if __name__ == "__main__":
    with open(os.path.join(OUT, "models.json"), "w") as f:
        json.dump({"scipy": scipy.__version__, "numpy": np.__version__, "rows": {"binned": samples(), "msprt": msprt()}}, f, indent=None)
