#!/usr/bin/python3
"""The peer for eng/bench-canary.sh: a SciPy mannwhitneyu loop over the same samples (DIR/samples.f64)."""
import sys
import time

import numpy as np
from scipy import stats

slices, per_group = 1000, 10_000
data = np.fromfile(sys.argv[1] + "/samples.f64", dtype="<f8").reshape(slices, 2, per_group)
start = time.perf_counter()
worse = 0
for s in range(slices):
    if stats.mannwhitneyu(data[s, 0], data[s, 1] * 1.2, alternative="greater").pvalue < 0.05 / slices:
        worse += 1
elapsed = time.perf_counter() - start
print(f"scipy mannwhitneyu loop: {elapsed:.3f} s for {slices} slices (one run); {worse} slices significant")
