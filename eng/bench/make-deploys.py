#!/usr/bin/env python3
"""Synthetic deploy history for eng/bench-dora.sh: N deploys and N/10 incidents over S services in 2025.

Writes DIR/events.ndjson (CDEvents, what `tollgate events ingest` reads) and DIR/deploys.csv, DIR/changes.csv,
DIR/incidents.csv (the same rows for PostgreSQL's COPY). Seeded: the same arguments give the same files.
"""
import json, random, sys, os
from datetime import datetime, timedelta, timezone

n, services, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(13)
start = datetime(2025, 1, 1, tzinfo=timezone.utc)
span = 365 * 24 * 3600
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
os.makedirs(out, exist_ok=True)
deploys = []
with open(f"{out}/events.ndjson", "w") as ev, open(f"{out}/deploys.csv", "w") as dc, open(f"{out}/changes.csv", "w") as cc:
    for i in range(n):
        svc = f"svc{rng.randrange(services):03d}"
        at = start + timedelta(seconds=rng.randrange(span))
        r = rng.random()
        intent = "planned" if r < 0.95 else ("hotfix" if r < 0.98 else "rollback")
        commit = at - timedelta(minutes=rng.randrange(10, 72 * 60))
        did = f"d{i}"
        changes = [] if intent == "rollback" else [{"id": f"c{i}", "committedAt": iso(commit)}]
        ev.write(json.dumps({"context": {"specversion": "0.5.1", "id": did, "source": "/bench", "type": "dev.cdevents.service.deployed.0.3.0", "timestamp": iso(at)},
                             "subject": {"id": f"service/{svc}", "content": {"environment": {"id": "production"}, "artifactId": f"pkg:oci/{svc}@v{i}"}},
                             "customData": {"intent": intent, "changes": changes}}, separators=(",", ":")) + "\n")
        dc.write(f"{did},{svc},production,v{i},{intent},success,{iso(at)},{iso(at)}\n")
        if changes:
            cc.write(f"{did},c{i},{iso(commit)}\n")
        deploys.append((did, svc, at))
with open(f"{out}/events.ndjson", "a") as ev, open(f"{out}/incidents.csv", "w") as ic:
    for j in range(n // 10):
        did, svc, at = deploys[rng.randrange(n)]
        detected = at + timedelta(minutes=rng.randrange(1, 60))
        resolved = detected + timedelta(minutes=rng.randrange(5, 300))
        ev.write(json.dumps({"context": {"specversion": "0.5.1", "id": f"i{j}", "source": "/bench", "type": "dev.cdevents.incident.detected.0.3.0", "timestamp": iso(detected),
                                         "links": [{"linkType": "RELATION", "linkKind": "CAUSED_BY", "target": {"contextId": did}}]},
                             "subject": {"id": f"incident/{j}", "content": {"environment": {"id": "production"}, "service": {"id": f"service/{svc}"}}}}, separators=(",", ":")) + "\n")
        ev.write(json.dumps({"context": {"specversion": "0.5.1", "id": f"i{j}r", "source": "/bench", "type": "dev.cdevents.incident.resolved.0.3.0", "timestamp": iso(resolved)},
                             "subject": {"id": f"incident/{j}", "content": {"environment": {"id": "production"}}}}, separators=(",", ":")) + "\n")
        ic.write(f"incident/{j},{svc},production,{iso(detected)},{iso(resolved)},{did}\n")
