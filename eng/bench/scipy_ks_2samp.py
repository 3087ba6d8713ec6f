#!/usr/bin/python3
"""The drift benchmark's peer: scipy.stats.ks_2samp over the same columns tollgate judges.

Loads DIR/ref.npy and DIR/cur.npy (written by eng/bench/MakeDriftTables.cs: column-major float64, the same values as
the CSV and Parquet files) and runs ks_2samp(reference[:, j], current[:, j]) for every feature, SciPy's defaults
(two-sided, method auto: asymptotic above 10,000 values). Prints the load and test times (wall and CPU) and each
feature's D and p on stderr. Debian's python3-scipy: /usr/bin/python3 eng/bench/scipy_ks_2samp.py DIR
"""
import sys
import time

import numpy as np
import scipy
from scipy import stats

d = sys.argv[1]
w0, c0 = time.perf_counter(), time.process_time()
reference = np.load(f"{d}/ref.npy")
current = np.load(f"{d}/cur.npy")
w1, c1 = time.perf_counter(), time.process_time()
results = [stats.ks_2samp(reference[:, j], current[:, j]) for j in range(reference.shape[1])]
w2, c2 = time.perf_counter(), time.process_time()
for j, r in enumerate(results):
    print(f"f{j:02} D {r.statistic:.6g} p {r.pvalue:.6g}", file=sys.stderr)
print(f"scipy {scipy.__version__} load: {w1 - w0:.3f} s wall, {c1 - c0:.3f} s cpu; "
      f"ks_2samp over {reference.shape[1]} features: {w2 - w1:.3f} s wall, {c2 - c1:.3f} s cpu")
