#!/usr/bin/python3
"""Known-answer vectors for Tollgate.Domain.Statistics, computed with SciPy.

Run only to regenerate (needs Debian's python3-scipy): /usr/bin/python3 eng/scipy/make_vectors.py
Writes test/Tollgate.Domain.Tests/Statistics/Vectors/*.json; the tests read the committed files.
"""
import json
import os

import numpy as np
from scipy import special, stats

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "Tollgate.Domain.Tests", "Statistics", "Vectors")
rng = np.random.default_rng(20261126)


def write(name, rows):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"scipy": __import__("scipy").__version__, "rows": rows}, f, indent=1)


def special_functions():
    rows = []
    for a, b, x in [(0.5, 0.5, 0.3), (1, 1, 0.7), (2, 3, 0.4), (10, 20, 0.2), (100, 200, 0.35), (3, 1000, 0.001),
                    (0.1, 5, 0.01), (50, 50, 0.5), (1500, 30, 0.98), (7, 2, 0.999)]:
        rows.append({"fn": "betainc", "a": a, "b": b, "x": x, "expected": special.betainc(a, b, x)})
        rows.append({"fn": "betaincinv", "a": a, "b": b, "x": x, "expected": special.betaincinv(a, b, x)})
    for x in [0.1, 0.5, 1, 2.5, 10, 100, 1e4]:
        rows.append({"fn": "gammaln", "x": x, "expected": special.gammaln(x)})
    for z in [-6, -3, -1.96, -0.5, 0, 0.3, 1.645, 2.5, 5, 8]:
        rows.append({"fn": "norm.cdf", "x": z, "expected": stats.norm.cdf(z)})
        rows.append({"fn": "norm.sf", "x": z, "expected": stats.norm.sf(z)})
    for p in [1e-6, 0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999]:
        rows.append({"fn": "norm.ppf", "x": p, "expected": stats.norm.ppf(p)})
    write("special", rows)


def binomial():
    rows = []
    for k, n, p in [(0, 10, 0.1), (3, 10, 0.1), (5, 20, 0.5), (12, 1000, 0.005), (40, 10000, 0.002), (700, 800, 0.9),
                    (1, 2, 0.5), (250, 100000, 0.002), (0, 1, 0.3)]:
        t = stats.binomtest(k, n, p, alternative="greater")
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
        rows.append({"k": k, "n": n, "p": p, "cdf": stats.binom.cdf(k, n, p), "greater": t.pvalue,
                     "ciLow": ci.low, "ciHigh": ci.high})
    ppf = []
    for q, n, p in [(0.025, 1000, 0.99), (0.975, 1000, 0.99), (0.025, 200, 0.5), (0.5, 37, 0.3), (0.975, 50000, 0.999)]:
        ppf.append({"q": q, "n": n, "p": p, "expected": int(stats.binom.ppf(q, n, p))})
    write("binomial", {"tests": rows, "ppf": ppf})


def rate_ratio():
    rows = []
    for x1, n1, x2, n2, r0 in [(31, 5000, 10, 5000, 2.0), (3, 400, 1, 420, 1.0), (62, 10000, 20, 10000, 2.0),
                               (5, 1000, 10, 2000, 1.0), (0, 800, 4, 900, 1.0), (120, 20000, 45, 21000, 1.5)]:
        m = x1 + x2
        share = n1 * r0 / (n1 * r0 + n2)
        p = stats.binomtest(x1, m, share, alternative="greater").pvalue
        ci = stats.binomtest(x1, m).proportion_ci(confidence_level=0.95, method="exact")
        low = ci.low / (1 - ci.low) * n2 / n1
        high = ci.high / (1 - ci.high) * n2 / n1 if ci.high < 1 else float("inf")
        rows.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "r0": r0, "greater": p, "ciLow": low,
                     "ciHigh": high if high != float("inf") else "Infinity"})
    write("rate_ratio", rows)


def mann_whitney():
    rows = []
    cases = [
        ("exact-small", rng.normal(1.0, 1, 6).round(4), rng.normal(0, 1, 7).round(4)),
        ("exact-8x8", rng.normal(0.2, 1, 8).round(4), rng.normal(0, 1, 8).round(4)),
        ("asymptotic", rng.lognormal(0.1, 0.5, 200).round(4), rng.lognormal(0, 0.5, 180).round(4)),
        ("ties", rng.integers(0, 6, 60).astype(float), rng.integers(0, 5, 70).astype(float)),
        ("no-shift", rng.normal(0, 1, 300).round(4), rng.normal(0, 1, 300).round(4)),
    ]
    for name, x, y in cases:
        r = stats.mannwhitneyu(x, y, alternative="greater")
        d = np.sort(np.subtract.outer(x, y).ravel())
        n1, n2 = len(x), len(y)
        z = stats.norm.ppf(0.975)
        c = int(np.floor(n1 * n2 / 2 - z * np.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)))
        c = min(max(c, 1), len(d))
        rows.append({"name": name, "x": x.tolist(), "y": y.tolist(), "u": float(r.statistic), "p": float(r.pvalue),
                     "hl": float(np.median(d)), "hlLow": float(d[c - 1]), "hlHigh": float(d[len(d) - c])})
    write("mann_whitney", rows)


def multiple_testing():
    rows = []
    for p in [[0.01, 0.04, 0.03, 0.005, 0.5], [0.001] + [0.3] * 19, list(rng.uniform(0, 0.2, 12))]:
        p = np.asarray(p)
        m = len(p)
        order = np.argsort(p, kind="stable")
        holm = np.empty(m)
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (m - rank) * p[i]))
            holm[i] = running
        # SciPy 1.10 (Debian 12) has no false_discovery_control yet: the BH step-up by its definition.
        ranked = p[order] * m / np.arange(1, m + 1)
        bh = np.empty(m)
        bh[order] = np.minimum(1, np.minimum.accumulate(ranked[::-1])[::-1])
        rows.append({"p": p.tolist(), "holm": holm.tolist(), "bh": bh.tolist()})
    write("multiple_testing", rows)


def group_sequential():
    """Lan-DeMets O'Brien-Fleming-type boundaries for equally spaced looks, solved on SciPy's multivariate normal
    (Genz) CDF: P(no crossing through look k) = 1 - alpha(t_k), Corr(Z_i, Z_j) = sqrt(t_i / t_j)."""
    from scipy import optimize
    rows = []
    for alpha, looks in [(0.025, 5), (0.0025, 5), (0.0005, 4)]:
        t = np.arange(1, looks + 1) / looks
        spend = 2 * stats.norm.sf(stats.norm.isf(alpha / 2) / np.sqrt(t))
        bounds = []
        for k in range(looks):
            cov = np.sqrt(np.minimum.outer(t[:k + 1], t[:k + 1]) / np.maximum.outer(t[:k + 1], t[:k + 1]))

            def gap(c):
                x = np.array(bounds + [c])
                if k == 0:
                    return stats.norm.cdf(c) - (1 - spend[0])
                return stats.multivariate_normal.cdf(x, mean=np.zeros(k + 1), cov=cov, abseps=1e-12, releps=1e-10,
                                                     maxpts=2_000_000) - (1 - spend[k])
            bounds.append(optimize.brentq(gap, 0.5, 12, xtol=1e-10))
        rows.append({"alpha": alpha, "looks": looks, "z": bounds, "nominal": [float(stats.norm.sf(b)) for b in bounds]})
    write("group_sequential", rows)


def gamma_poisson():
    """Negative-binomial predictive tails (the canary's count against a Gamma posterior of the baseline rate), the
    same with the rate capped at an SLO (numerical integration), and Pearson's dispersion test across slices."""
    from scipy import integrate
    rows = []
    for x, n1, a, b, cap in [(30, 8000, 17.0, 8000.0, 0.01), (40, 8000, 80.5, 40000.0, 0.01), (5, 1000, 3.0, 900.0, 0.004),
                             (90, 8000, 90.0, 8000.0, 0.01), (0, 500, 2.0, 400.0, 0.01), (12, 800, 20.0, 1500.0, 0.012)]:
        p = b / (b + n1)
        tail = float(stats.nbinom.sf(x - 1, a, p)) if x > 0 else 1.0
        inner, _ = integrate.quad(lambda lam: stats.poisson.sf(x - 1, n1 * lam) * stats.gamma.pdf(lam, a, scale=1 / b),
                                  0, cap, epsabs=1e-14, epsrel=1e-10, limit=500)
        capped = inner + stats.gamma.sf(cap, a, scale=1 / b) * stats.poisson.sf(x - 1, n1 * cap) if x > 0 else 1.0
        rows.append({"x": x, "n1": n1, "shape": a, "rate": b, "cap": cap, "tail": tail, "capped": float(capped)})
    homogeneity = []
    for events, requests in [([16, 14, 19, 22, 11, 17], [8000] * 6), ([4, 9, 16, 30, 41], [8000, 8100, 7900, 8000, 8050])]:
        events, requests = np.asarray(events, float), np.asarray(requests, float)
        mean = events.sum() / requests.sum()
        chi2 = float(np.sum((events - requests * mean) ** 2 / (requests * mean)))
        homogeneity.append({"events": events.tolist(), "requests": requests.tolist(),
                            "p": float(stats.chi2.sf(chi2, len(events) - 1))})
    write("gamma_poisson", {"tails": rows, "homogeneity": homogeneity})


def ratio_interval():
    """The rate ratio's interval: with nothing borrowed, Clopper-Pearson on the conditional binomial (binomtest's exact
    interval, each end one-sided at nu) mapped to R = pi/(1 - pi) * n2/n1; with a borrowed Gamma(a, b) baseline, each
    end solved on the negative binomial's tails: P(X >= x) = nu with shape a + x2 + 1, P(X <= x) = nu with shape a + x2
    (unbounded when that is 0)."""
    from scipy import optimize
    rows = []
    for x1, n1, x2, n2, nu in [(37, 3056, 53, 12171, 0.0021), (7, 3688, 43, 14371, 0.0021), (4, 373, 17, 1377, 0.0021),
                               (25, 4866, 87, 19137, 0.0021), (12, 6000, 0, 6000, 0.025), (0, 500, 3, 500, 0.05),
                               (2, 500, 1, 500, 0.05), (150, 8000, 140, 8000, 1e-4), (1, 300, 9, 2000, 0.01)]:
        ci = stats.binomtest(x1, x1 + x2, 0.5).proportion_ci(confidence_level=1 - 2 * nu, method="exact") if x1 + x2 > 0 else None
        to_ratio = lambda share: "Infinity" if share >= 1 else share / (1 - share) * n2 / n1
        rows.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "shape": 0.0, "rate": 0.0, "nu": nu,
                     "lower": to_ratio(ci.low) if x1 > 0 else 0.0, "upper": to_ratio(ci.high)})
    for x1, n1, x2, n2, a, b, nu in [(30, 8000, 16, 8000, 17.0, 8000.0, 0.01), (12, 3000, 0, 3000, 2.4, 30000.0, 0.0021),
                                     (5, 1000, 2, 900, 0.6, 1500.0, 0.05), (60, 9000, 9, 4000, 40.0, 60000.0, 1e-3)]:
        shape, rate = a + x2 + 1, b + n2
        share_to_ratio = lambda share: share / (1 - share) * rate / n1
        tail_ge = lambda r: stats.nbinom.sf(x1 - 1, shape, rate / (rate + n1 * r))
        tail_le = lambda r: stats.nbinom.cdf(x1, shape - 1, rate / (rate + n1 * r))
        lower = optimize.brentq(lambda r: tail_ge(r) - nu, 1e-9, 1e6, xtol=1e-14, rtol=1e-13) if x1 > 0 else 0.0
        upper = optimize.brentq(lambda r: tail_le(r) - nu, 1e-9, 1e6, xtol=1e-14, rtol=1e-13)
        beta_upper = share_to_ratio(stats.beta.ppf(1 - nu, x1 + 1, shape - 1))
        assert abs(upper - beta_upper) < 1e-8 * upper, (upper, beta_upper)
        rows.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "shape": a, "rate": b, "nu": nu, "lower": lower, "upper": upper})
    write("ratio_interval", rows)


if __name__ == "__main__":
    special_functions()
    binomial()
    rate_ratio()
    mann_whitney()
    multiple_testing()
    group_sequential()
    gamma_poisson()
    ratio_interval()
