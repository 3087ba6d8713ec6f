#!/usr/bin/env bash
# Benchmark (not a test): registry queries on a SQLite ledger holding 100,000 model versions.
#   TOLLGATE=path/to/native/tollgate [MODELS=100] [VERSIONS=1000] eng/bench-lineage.sh
# The ledger is made by tollgate itself (one `model register`, which applies the migrations), then filled with
# sqlite3 in one transaction: MODELS × VERSIONS versions, each trained on three datasets (one shared by every version
# of its model, one by each run of ten versions, one of its own), a shadow stage event per version and a
# production event every tenth. Then hyperfine times whole processes: lineage of one version, lineage of every version
# of a model, which on a digest shared by ten versions and on one shared by a whole model, live at a time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${MODELS:-100}" versions="${VERSIONS:-1000}"
: "${TOLLGATE:?set TOLLGATE to a published tollgate binary (eng/publish.sh)}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
ledger="$dir/ledger.db"
echo seed > "$dir/data.csv"; echo model > "$dir/model.bin"
"$TOLLGATE" model register seed --version 1 --artifact "$dir/model.bin" --dataset "$dir/data.csv" --ledger "$ledger" >/dev/null
sqlite3 "$ledger" <<SQL
BEGIN;
WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i + 1 < $models),
               v(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM v WHERE j < $versions)
INSERT INTO model_versions (name, version, artifact_digest, artifact_path, code_commit, source, registered_at)
SELECT printf('m%04d', i), printf('%d', j), printf('sha256:%064x', i * 1000000 + j), printf('models/m%04d/%d.onnx', i, j),
       printf('%040x', j), 'cli', 1767225600000 + (i * $versions + j) * 60000
FROM m, v;
INSERT INTO model_datasets (model_version_id, digest, path, kind, bytes, files)
SELECT id, printf('sha256:ba5e%060d', substr(name, 2) + 0), 'data/base.parquet', 'file', 1000000, 1 FROM model_versions WHERE name <> 'seed'
UNION ALL
SELECT id, printf('sha256:a1%04d%058d', substr(name, 2) + 0, (version - 1) / 10), 'data/run.parquet', 'file', 100000, 1 FROM model_versions WHERE name <> 'seed'
UNION ALL
SELECT id, printf('sha256:c0%062d', id), 'data/own.parquet', 'file', 1000, 1 FROM model_versions WHERE name <> 'seed';
INSERT INTO model_stages (name, version, stage, at, actor, reason)
SELECT name, version, 'shadow', registered_at + 1000, 'bench', 'shadow' FROM model_versions WHERE name <> 'seed'
UNION ALL
SELECT name, version, 'production', registered_at + 2000, 'bench', 'promoted' FROM model_versions WHERE name <> 'seed' AND version % 10 = 0;
COMMIT;
ANALYZE;
SQL
count="$(sqlite3 "$ledger" "SELECT count(*) FROM model_versions")"
echo "ledger: $count versions, $(sqlite3 "$ledger" "SELECT count(*) FROM model_datasets") dataset links, $(sqlite3 "$ledger" "SELECT count(*) FROM model_stages") stage events, $(du -h "$ledger" | cut -f1)"
model=m0042 run="sha256:a10042$(printf '%058d' 49)" base="sha256:ba5e$(printf '%060d' 42)"
at="$(date -u -d @$(( (1767225600000 + (42 * versions + 777) * 60000) / 1000 )) +%Y-%m-%dT%H:%M:%SZ)"
"$TOLLGATE" model lineage "$model@500" --ledger "$ledger" | head -5
"$TOLLGATE" model which --digest "$run" --ledger "$ledger" | head -3
echo "load: $(uptime)"
hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-json "$dir/lineage.json" \
  -n "lineage NAME@V" "$TOLLGATE model lineage $model@500 --ledger $ledger" \
  -n "lineage NAME (1,000 versions, json)" "$TOLLGATE model lineage $model --format json --ledger $ledger" \
  -n "which --digest (10 versions)" "$TOLLGATE model which --digest $run --ledger $ledger" \
  -n "which --digest (1,000 versions)" "$TOLLGATE model which --digest $base --ledger $ledger" \
  -n "live --at" "$TOLLGATE model live $model --at $at --ledger $ledger" \
  -n "tollgate --version (process start)" "$TOLLGATE --version"
/usr/bin/python3 - "$dir/lineage.json" <<'PY'
import json, sys
print("| query | wall mean ± σ | wall min | CPU (user + system) mean |")
print("|---|---|---|---|")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| {r['command']} | {r['mean'] * 1e3:.1f} ms ± {r['stddev'] * 1e3:.1f} | {r['min'] * 1e3:.1f} ms | {(r['user'] + r['system']) * 1e3:.1f} ms |")
PY
echo "query plans:"
sqlite3 "$ledger" "EXPLAIN QUERY PLAN SELECT model_version_id FROM model_datasets WHERE digest = '$run'"
sqlite3 "$ledger" "EXPLAIN QUERY PLAN SELECT * FROM model_versions v WHERE v.name = '$model' AND v.version = '500'"
sqlite3 "$ledger" "EXPLAIN QUERY PLAN SELECT name, version, stage, at FROM model_stages WHERE name = '$model' ORDER BY at, id"
