#!/usr/bin/env python3
"""Generates a large Terraform plan JSON from a real one, for benchmarks.

Usage: make-plan.py REAL_PLAN.json N OUT.json [deletes]

The real plan (made by `terraform show -json` on a terraform_data configuration) supplies the shape of every
section: each of its resource_changes entries, prior_state resources and planned_values resources is used as a
template and repeated with new addresses until there are N resources. About 1% are destroyed, 1% replaced,
2% updated, 1% created; the rest are no-ops, as in a real large state. Values are padded to ~1.5 KB per object so
the file has the ~4 KB per resource that real plans show. With `deletes`, every resource is destroyed and values
are small (~0.6 KB per resource in resource_changes and prior_state): the shape of a plan that tears down a
large estate.
"""
import json
import sys

real, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
all_deletes = len(sys.argv) > 4 and sys.argv[4] == "deletes"
plan = json.load(open(real))
templates = [rc for rc in plan["resource_changes"] if rc.get("mode") == "managed"]
template = templates[0]
pad = "x" * 300


def obj(i):
    if all_deletes:
        return {"id": f"{i:08x}-0000-0000-0000-000000000000", "input": f"r{i}"}
    return {"id": f"{i:08x}-0000-0000-0000-000000000000", "input": {"name": f"r{i}", "owner": f"team-{i % 17}", "blob": pad},
            "output": {"name": f"r{i}", "owner": f"team-{i % 17}", "blob": pad}, "triggers_replace": None}


def action(i):
    if all_deletes:
        return ["delete"], "delete_because_no_resource_config"
    k = i % 100
    if k == 0:
        return ["delete"], "delete_because_no_resource_config"
    if k == 1:
        return ["delete", "create"], "replace_because_cannot_update"
    if k in (2, 3):
        return ["update"], None
    if k == 4:
        return ["create"], None
    return ["no-op"], None


changes, prior, planned = [], [], []
for i in range(n):
    addr = f"terraform_data.r{i}"
    acts, reason = action(i)
    before = None if acts == ["create"] else obj(i)
    after = None if acts == ["delete"] else obj(i)
    if acts == ["update"]:
        after["input"]["owner"] = "changed"
    rc = {"address": addr, "mode": "managed", "type": "terraform_data", "name": f"r{i}",
          "provider_name": template["provider_name"],
          "change": {"actions": acts, "before": before, "after": after,
                     "after_unknown": {} if acts == ["no-op"] else {"output": True},
                     "before_sensitive": {} if before else False, "after_sensitive": {} if after else False}}
    if acts == ["delete", "create"]:
        rc["change"]["replace_paths"] = [["triggers_replace"]]
    if reason:
        rc["action_reason"] = reason
    changes.append(rc)
    if before:
        prior.append({"address": addr, "mode": "managed", "type": "terraform_data", "name": f"r{i}",
                      "provider_name": template["provider_name"], "schema_version": 0, "values": before,
                      "sensitive_values": {}, "depends_on": [f"terraform_data.r{i - 1}"] if i else []})
    if after:
        planned.append({"address": addr, "mode": "managed", "type": "terraform_data", "name": f"r{i}",
                        "provider_name": template["provider_name"], "schema_version": 0, "values": after,
                        "sensitive_values": {}})

doc = {
    "format_version": plan["format_version"], "terraform_version": plan["terraform_version"],
    "planned_values": {"root_module": {"resources": planned}},
    "resource_changes": changes,
    "prior_state": {"format_version": "1.0", "terraform_version": plan["terraform_version"],
                    "values": {"root_module": {"resources": prior}}},
    "configuration": plan["configuration"],
    "timestamp": plan.get("timestamp", ""), "applyable": True, "complete": True, "errored": False,
}
with open(out, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
