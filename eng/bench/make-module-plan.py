#!/usr/bin/env python3
"""Scales a real plan of eng/bench/module-plan (one module called for_each) to many module copies, for benchmarks.

Usage: make-module-plan.py REAL_PLAN.json N OUT.json [COPIES]

The real plan (terraform plan of module-plan with two copies, after `retired` turned true) supplies every entry's
shape: each copy of module.svc holds terraform_data.config, terraform_data.gone[0] (destroyed: one destroy per
module copy) and terraform_data.node[i]. The copies are repeated with new keys until there are N resources across
COPIES (default 500) child modules, in resource_changes, prior_state and planned_values alike. Values are padded to
~1.5 KB per object, as in make-plan.py.
"""
import copy
import json
import sys

real, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
copies = int(sys.argv[4]) if len(sys.argv) > 4 else 500
plan = json.load(open(real))
first = 'module.svc["c0"]'
per_copy = max(3, n // copies)
pad = "x" * 300


def template(section, name):
    return next(x for x in section if x["address"] == f"{first}.{name}")


def retarget(entry, key, name, index):
    e = copy.deepcopy(entry)
    module = f'module.svc["{key}"]'
    e["address"] = f"{module}.{name}" if index is None else f"{module}.{name}[{index}]"
    if "module_address" in e:
        e["module_address"] = module
    if index is not None:
        e["index"] = index
    return e


def values(key, i):
    return {"id": f"{key}-{i:06d}-0000-0000-000000000000", "input": {"name": f"{key}-{i}", "owner": f"team-{i % 17}", "blob": pad},
            "output": {"name": f"{key}-{i}", "owner": f"team-{i % 17}", "blob": pad}, "triggers_replace": None}


changes_t = {"config": template(plan["resource_changes"], "terraform_data.config"),
             "gone": template(plan["resource_changes"], "terraform_data.gone[0]"),
             "node": template(plan["resource_changes"], "terraform_data.node[0]")}
prior_module = next(m for m in plan["prior_state"]["values"]["root_module"]["child_modules"] if m["address"] == first)
prior_t = {r["name"]: r for r in prior_module["resources"]}
planned_module = next(m for m in plan["planned_values"]["root_module"]["child_modules"] if m["address"] == first)
planned_t = {r["name"]: r for r in planned_module["resources"]}

changes, prior_modules, planned_modules = [], [], []
for c in range(copies):
    key = f"c{c}"
    members = [("config", "terraform_data.config", None), ("gone", "terraform_data.gone", 0)]
    members += [("node", "terraform_data.node", i) for i in range(per_copy - 2)]
    prior, planned = [], []
    for kind, name, index in members:
        v = values(key, len(prior))
        rc = retarget(changes_t[kind], key, name, index)
        rc["change"]["before"] = v
        if rc["change"]["actions"] != ["delete"]:
            rc["change"]["after"] = v
        changes.append(rc)
        p = retarget(prior_t[name.split(".")[1]], key, name, index)
        p["values"] = v
        prior.append(p)
        if kind != "gone":
            q = retarget(planned_t[name.split(".")[1]], key, name, index)
            q["values"] = v
            planned.append(q)
    prior_modules.append({"address": f'module.svc["{key}"]', "resources": prior})
    planned_modules.append({"address": f'module.svc["{key}"]', "resources": planned})

doc = dict(plan)
doc["resource_changes"] = changes
doc["planned_values"] = {"root_module": {"child_modules": planned_modules}}
doc["prior_state"] = dict(plan["prior_state"])
doc["prior_state"]["values"] = {"root_module": {"child_modules": prior_modules}}
doc.pop("relevant_attributes", None)
with open(out, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
