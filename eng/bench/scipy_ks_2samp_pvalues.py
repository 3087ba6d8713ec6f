#!/usr/bin/python3
"""Known-answer vectors for the drift gate's KS p-values (ks_2samp, method 'auto', two-sided) and kstwo.sf.

Each ks_2samp row is a reference i/n (i < n) and a current c + j/m (j < m): the test rebuilds both samples with the
same double operations, so D is the same to the bit, and checks Tollgate's p against SciPy's. Sizes 50 to 100,000,
balanced and unbalanced, D from well inside the null to far out. The kstwo rows check the one-sample tail P(D_n >= d)
that 'auto' uses above 10,000 values (n = round(n·m/(n+m))) across every branch of Simard and L'Ecuyer's selection,
Ruben and Gambino's n·d <= 1 included, and at n 5,001 to 3,000,000 the d of p = 0.05, 0.01 and 1e-6 (kstwo.isf), where
Tollgate's large-n tail takes over from the exact one-sided sum.
Run only to regenerate (Debian python3-scipy): /usr/bin/python3 eng/bench/scipy_ks_2samp_pvalues.py
(writes test/Tollgate.Domain.Tests/Statistics/Drift/ks_2samp_pvalues.json; the test reads the committed file).
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "Tollgate.Domain.Tests", "Statistics", "Drift",
                   "ks_2samp_pvalues.json")

samples = []
pairs = [(50, 50), (50, 400), (200, 200), (1000, 3000), (5000, 5000), (10000, 2000), (10001, 10001), (20000, 500),
         (20000, 20000), (100000, 100000), (100000, 50), (100000, 5000)]
for n, m in pairs:
    en = n * m / (n + m)
    for z in [0.2, 0.5, 0.9, 1.36, 1.8, 2.5, 3.5, 5.0, 8.0]:
        c = round(z / math.sqrt(en), 6)
        if c >= 0.95:
            continue
        ref = np.arange(n) / n
        cur = c + np.arange(m) / m
        r = stats.ks_2samp(ref, cur)
        samples.append({"n": n, "m": m, "c": c, "d": float(r.statistic), "p": float(r.pvalue)})

kstwo = []
for n in [10, 60, 140, 141, 500, 1000, 5000, 5001, 7000, 20000, 50000, 99999, 100001, 400000, 1000000, 1000001,
          3000000]:
    for z in [0.1, 0.15, 0.3, 0.5, 0.8, 1.0, 1.2, 1.36, 1.48, 1.6, 2.0, 3.0, 4.3, 6.0, 10.0, 19.0]:
        d = z / math.sqrt(n)
        if d >= 1:
            continue
        kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    for d in [0.3, 0.5, 0.7, 0.6 / n, 0.75 / n, 0.95 / n]:
        kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    if n > 5000:
        for p in [0.05, 0.01, 1e-6]:
            d = float(stats.kstwo.isf(p, n))
            kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})

with open(OUT, "w") as f:
    json.dump({"scipy": scipy.__version__, "ks_2samp": samples, "kstwo": kstwo}, f, indent=0)
print(len(samples), len(kstwo))
