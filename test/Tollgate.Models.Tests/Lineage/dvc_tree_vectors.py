#!/usr/bin/env python3
"""Known answers for DvcTreeTests: a directory's address from its files list, computed as dvc-data computes it
(Tree.as_bytes: json.dumps of the sorted [{KEY: value, "relpath": path}] list with sort_keys=True; md5 of it; ".dir").
Run: python3 dvc_tree_vectors.py"""
import hashlib
import json


def tree(files, key):
    entries = sorted(({key: value, "relpath": relpath} for relpath, value in files), key=lambda e: e["relpath"])
    return hashlib.md5(json.dumps(entries, sort_keys=True).encode("utf-8")).hexdigest() + ".dir"


VECTORS = {
    "two files by md5": ([("train.csv", "3863d0e317dee0a55c4e59d2ec0eef33"),
                          ("labels/part-0.csv", "a304afb96060aad90176268345e10355")], "md5"),
    "escapes and code-point order": ([("données/été.csv", "22a1a2931c8370d3aeedd7183606fd7f"),
                                      ('quote"d\\name.csv', "153aad06d376b6595932470e459ef42a"),
                                      ("tab\tx.csv", "f35d4cc2c552ac959ae602162b8543f3"),
                                      ("\U0001F600.csv", "a304afb96060aad90176268345e10355"),
                                      ("\ufb01le.csv", "3863d0e317dee0a55c4e59d2ec0eef33")], "md5"),
    "version ids (relpath sorts first)": ([("part-0.parquet", "Xo5V2cTXh4y.3mdWpLnR0ZsQe8k1JbAq"),
                                           ("part-1.parquet", "p9Gm1xQ7rL0sT.4uVwYz2aBcDeFgHiJk")], "version_id"),
}

for name, (files, key) in VECTORS.items():
    print(f"{name}: {tree(files, key)}")
