#!/usr/bin/env python3
"""Writes the field table of one custom resource `tollgate k8s lint` checks, from the project's own
CustomResourceDefinition: src/Tollgate.Kubernetes/Objects/rollout-fields.txt (Argo Rollouts' Rollout) and
canary-fields.txt (Flagger's Canary).

  python3 eng/k8s/crd-fields.py path/to/argo-rollouts/manifests/crds/rollout-crd.yaml Rollout \\
      https://github.com/argoproj/argo-rollouts/blob/COMMIT/manifests/crds/rollout-crd.yaml \\
      spec.template=core.v1.PodTemplateSpec > src/Tollgate.Kubernetes/Objects/rollout-fields.txt
  python3 eng/k8s/crd-fields.py path/to/flagger/artifacts/flagger/crd.yaml Canary \\
      https://github.com/fluxcd/flagger/blob/COMMIT/artifacts/flagger/crd.yaml > src/Tollgate.Kubernetes/Objects/canary-fields.txt

The table has the shape of kube-fields.txt (eng/k8s/kube-fields.py), so one reader walks both: a definition a line,
named by the kind and the path it is found at (`Rollout.spec.strategy.canary.steps` is a step, one item of that
list); `name=Def` is walked as Def (`[]`: a list of them), a bare name is not (a scalar, a map, an int-or-string, a
place where the CRD keeps unknown fields, the object's `status`); `name:integer`, `name:number`, `name:boolean` and
`name:string` hold that type (the value, a list's items or a map's values: the API server refuses a string there, `must
be of type integer`, `must be of type boolean`, and a number or a boolean where a string belongs, `must be of type
string`; an int-or-string, `x-kubernetes-int-or-string`, declares no type and is not marked); `!name` is
a field the definition requires; `enum Def field: a b` lists the only values the CRD takes there (the value, or each
item of a list; `""` is the empty string, taken only when listed). `metadata` is read as
Kubernetes' object metadata, and each PATH=DEFINITION argument reads PATH as that Kubernetes definition (a Rollout's
pod template): the CRD leaves metadata to Kubernetes, and declares a pod template there.
"""
import sys
import yaml

crd_path, kind, source = sys.argv[1], sys.argv[2], sys.argv[3]
delegated = {"metadata": "meta.v1.ObjectMeta"}
delegated.update(arg.split("=", 1) for arg in sys.argv[4:])

crds = [d for d in yaml.safe_load_all(open(crd_path)) if d and d.get("kind") == "CustomResourceDefinition"]
crd = next(d for d in crds if d["spec"]["names"]["kind"] == kind)
served = [v for v in crd["spec"]["versions"] if v.get("served")]
assert len(served) == 1, f"{kind} is served in {[v['name'] for v in served]}: one table per version is not written yet"
version = served[0]
api_version = f"{crd['spec']['group']}/{version['name']}"

definitions = {}
enums = []


def walked(schema):
    """True when a schema is an object with fixed properties the CRD prunes to (not a map, not open)."""
    return bool(schema.get("properties")) and not schema.get("x-kubernetes-preserve-unknown-fields")


def define(name, schema, path):
    required = set(schema.get("required", []))
    fields = []
    for field, property in sorted(schema["properties"].items()):
        mark = "!" if field in required else ""
        at = f"{path}.{field}" if path else field
        listed = property if "enum" in property else property.get("items", {}) if property.get("type") == "array" else {}
        if "enum" in listed:
            values = ['""' if v == "" else str(v) for v in listed["enum"]]
            assert all(" " not in v for v in values), f"{at}: an enum value with a space"
            enums.append(f"enum {name} {field}: {' '.join(values)}")
        if at in delegated:
            fields.append(f"{mark}{field}={delegated[at]}")
            continue
        if not path and field == "status":
            fields.append(mark + field)
            continue
        items = property.get("items", {}) if property.get("type") == "array" else None
        if items is not None:
            assert items.get("type") != "array", f"{at}: a list of lists is not handled"
        inner = items if items is not None else property
        if not walked(inner):
            held = [s for s in (inner, property.get("additionalProperties") or {}) if s.get("type") in ("integer", "number", "boolean", "string")]
            assert not any(s.get("x-kubernetes-int-or-string") for s in held), f"{at}: an int-or-string with a type"
            kind = held[0]["type"] if held else None
            fields.append(mark + field + (f":{kind}" if kind and not (not path and field == "status") else ""))
            continue
        child = f"{name}.{field}"
        fields.append(f"{mark}{field}={child}{'[]' if items is not None else ''}")
        define(child, inner, at)
    definitions[name] = f"{name}: {' '.join(fields)}"


define(kind, version["schema"]["openAPIV3Schema"], "")

print(f"# Field names of {kind} ({api_version}), from its CustomResourceDefinition:")
print(f"# {source}")
print("# Regenerate with eng/k8s/crd-fields.py. As kube-fields.txt: 'name=Def' is walked as Def ('[]': a list of them),")
print("# a bare name is not, 'name:integer', ':number', ':boolean' and ':string' hold that, '!name' is required; 'enum Def field:' lists the")
print("# values the CRD takes (\"\" is empty, taken only when listed).")
print(f"kind {api_version} {kind}: {kind}")
for name in sorted(definitions):
    print(definitions[name])
for line in sorted(enums):
    print(line)
