#!/usr/bin/python3
"""Known-answer nominal levels of the O'Brien-Fleming-type Lan-DeMets spending plan over K equally spaced looks.

An independent computation of what GroupSequential.NominalLevels must give (test/Tollgate.Domain.Tests/Statistics/
GroupSequentialManyLooksTests.cs): the Armitage-McPherson-Rowe recursion on the score scale with numpy and scipy, a
Simpson grid of sd/10 (sd = 1/sqrt(K), one look's step) from each look's boundary (or 10 sqrt(t)) down to -10 sqrt(t), the Gaussian
step cut at 10 sd, scipy's exact normal tail, and each boundary by brentq to 1e-14 on the crossing probability, so the
boundaries cross by look k with probability alpha(k/K) to the grid's accuracy (about 1e-6 relative).

Usage: /usr/bin/python3 eng/scipy/group_sequential_levels.py
"""
import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm


def spending(t, alpha):
    return alpha if t >= 1 else 2 * norm.sf(norm.isf(alpha / 2) / np.sqrt(t))


def simpson(n):
    w = np.ones(n)
    w[1:-1:2] = 4
    w[2:-1:2] = 2
    return w


def levels(alpha, looks, per_step=10, reach=10.0):
    sd = np.sqrt(1.0 / looks)
    h = sd / per_step
    out = [spending(1.0 / looks, alpha)]
    t1 = 1.0 / looks
    top = min(norm.isf(out[0]), 10) * np.sqrt(t1)

    def grid(top, t):
        n = int(np.ceil((top + 10 * np.sqrt(t)) / h)) + 1
        n += 1 - n % 2
        return top - h * np.arange(n)

    g = grid(top, t1)
    mass = norm.pdf(g, scale=np.sqrt(t1)) * simpson(len(g)) * h / 3
    for k in range(2, looks + 1):
        t = k / looks
        target = spending(t, alpha) - spending((k - 1) / looks, alpha)

        def excess(b):
            return np.sum(mass * norm.sf((b - g) / sd)) - target

        # As the product does: a look whose share underflows (or is below what 40 sqrt(t) crosses) has that bound.
        b = 40 * np.sqrt(t) if target <= 0 or excess(40 * np.sqrt(t)) >= 0 else brentq(excess, g[-1], 40 * np.sqrt(t), xtol=1e-14, rtol=1e-15)
        out.append(norm.sf(b / np.sqrt(t)))
        b = min(b, 10 * np.sqrt(t))
        y = grid(b, t)
        # y_j - g_i = (b - top) + (i - j) h: one kernel per look, a correlation over i - j.
        d = np.arange(int(np.floor((-reach * sd - (b - top)) / h)), int(np.ceil((reach * sd - (b - top)) / h)) + 1)
        kernel = norm.pdf((b - top) + d * h, scale=sd)
        f = np.zeros(len(y))
        for dd, kk in zip(d, kernel):
            j0, j1 = max(0, -dd), min(len(y), len(g) - dd)
            if j1 > j0:
                f[j0:j1] += kk * mass[j0 + dd:j1 + dd]
        g, top = y, b
        mass = f * simpson(len(g)) * h / 3
    return out


if __name__ == "__main__":
    for looks in (50, 100, 240, 1000):
        for alpha in (0.05, 0.01):
            lv = levels(alpha, looks)
            picks = [looks // 4, looks // 2, looks - 1, looks]
            print(f"[InlineData({alpha}, {looks}, new[] {{ {', '.join(str(k) for k in picks)} }}, new[] {{ "
                  + ", ".join(f"{lv[k - 1]:.9e}" for k in picks) + " })]")
