#!/usr/bin/python3
"""The sliced drift benchmark's peer: scipy.stats.ks_2samp per region and feature.

Loads DIR/ref.npy and DIR/cur.npy (eng/bench/MakeDriftTables.cs) and gives each row the region eng/bench-drift.sh's
SLICES=1 writes into ref-region.csv and cur-region.csv (row i, from 0: REGIONS[((i + 2) * 7 + floor(f04)) % 8]), then
runs ks_2samp over every feature within every region, SciPy's defaults. The timed loop includes selecting each
region's rows. Prints the load and test times and each window's D on stderr (`region feature D`).
/usr/bin/python3 eng/bench/scipy_ks_2samp_sliced.py DIR
"""
import sys
import time

import numpy as np
import scipy
from scipy import stats

REGIONS = ["eu-west", "eu-north", "us-east", "us-west", "ap-south", "ap-east", "sa-east", "af-south"]

d = sys.argv[1]
w0, c0 = time.perf_counter(), time.process_time()
reference = np.load(f"{d}/ref.npy")
current = np.load(f"{d}/cur.npy")


def regions(table):
    return ((np.arange(table.shape[0]) + 2) * 7 + np.floor(table[:, 4]).astype(np.int64)) % 8


ref_region, cur_region = regions(reference), regions(current)
w1, c1 = time.perf_counter(), time.process_time()
results = []
for r, name in enumerate(REGIONS):
    ref_rows, cur_rows = reference[ref_region == r], current[cur_region == r]
    results += [(name, j, stats.ks_2samp(ref_rows[:, j], cur_rows[:, j])) for j in range(reference.shape[1])]
w2, c2 = time.perf_counter(), time.process_time()
for name, j, r in results:
    print(f"{name} f{j:02} D {r.statistic:.6g}", file=sys.stderr)
print(f"scipy {scipy.__version__} load: {w1 - w0:.3f} s wall, {c1 - c0:.3f} s cpu; "
      f"ks_2samp over {len(REGIONS)} regions x {reference.shape[1]} features: {w2 - w1:.3f} s wall, {c2 - c1:.3f} s cpu")
