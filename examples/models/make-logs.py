#!/usr/bin/env python3
"""Writes the example prediction logs of examples/models (standard library only; run from this directory).

shadow.csv      fraud@2 mirrored beside fraud@1: 4,000 requests, both scores, a label on every third, region.
canary.csv      fraud@1 and fraud@2 in canary: 15,000 requests each; approved 90.0% (fraud@1), 91.0% (fraud@2).
canary-bad.csv  fraud@2 and fraud@3 in canary: 5,000 requests each; approved 91.0% (fraud@2), 86.0% (fraud@3).

The canary logs are built, not sampled: every region gets exactly the stated share, so the example's verdicts do not
hang on a seed. The shadow scores are seeded draws.
"""
import csv
import random

REGIONS = ["eu", "us"]


def shadow(path):
    rng = random.Random(7)
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["request_id", "model_version", "prediction", "label", "region"])
        for i in range(4000):
            fraud = rng.random() < 0.05
            live = min(1.0, max(0.0, rng.gauss(0.75 if fraud else 0.15, 0.12)))
            candidate = min(1.0, max(0.0, live + rng.gauss(0.0, 0.02)))
            label = ("1" if fraud else "0") if i % 3 == 0 else ""
            region = REGIONS[i % len(REGIONS)]
            out.writerow([f"r{i:05d}", "1", f"{live:.4f}", label, region])
            out.writerow([f"r{i:05d}", "2", f"{candidate:.4f}", label, region])


def canary(path, arms):
    """arms: (version, requests, approved per hundred); requests alternate between the regions."""
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["request_id", "model_version", "region", "approved"])
        n = 0
        for version, requests, per_hundred in arms:
            for i in range(requests):
                region = REGIONS[i % len(REGIONS)]
                k = i // len(REGIONS)  # the request's place within its region
                approved = 1 if (k % 100) < per_hundred else 0
                out.writerow([f"c{n:06d}", version, region, approved])
                n += 1


shadow("shadow.csv")
canary("canary.csv", [("1", 15000, 90), ("2", 15000, 91)])
canary("canary-bad.csv", [("2", 5000, 91), ("3", 5000, 86)])
